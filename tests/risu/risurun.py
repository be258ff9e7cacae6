#!/usr/bin/env python3
# tests/risu/risurun.py: generates batches of random A64 sequences (risugen.py), builds each into an
# arm64 program with risu_main.c, runs it under qemu-aarch64-static and the emulator, compares per sequence.
"""Usage: risurun.py --oracle QEMU --emu EMU --cc CC --workdir DIR
                    [--category int|ldst|fp|simd|mix|a,b] [--seed N|time] [--count N] [--batch N]

On a mismatch it prints the seed, the sequence index, the registers that differ and the
disassembly of the sequence (objdump), plus the commands that rerun exactly that sequence.
Exit status: 0 all sequences agree, 1 some differ, 2 harness error (bad generator or toolchain).
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "diff"))
import diffrun  # noqa: E402  (shared: fixed guest environment, timeouts, signal-message filter)

MAX_REPORTS = 5      # detailed reports per run; the rest are counted
MAX_RESTARTS = 40    # after a crash, the batch resumes at the next sequence this many times


def parse_blocks(text):
    """Maps sequence index -> its dump; also returns whether the run reached 'done'."""
    blocks, current, lines = {}, None, []
    done = False
    for line in text.splitlines():
        if line.startswith("seq "):
            if current is not None:
                blocks[current] = "\n".join(lines)
            current, lines = int(line.split()[1]), []
        elif line.startswith("done "):
            done = True
        elif current is not None:
            lines.append(line)
    if current is not None:
        blocks[current] = "\n".join(lines)
    return blocks, done


EXPECTED_FIELDS = {"x%d" % i for i in range(31)} | {"v%d" % i for i in range(32)} | {"nzcv", "fpsr", "fpcr"}


def fields(block):
    """Field name -> value of one sequence's dump; changed memory runs joined under 'mem'."""
    out = {}
    for line in block.splitlines():
        if line.startswith("mem "):
            out.setdefault("mem", []).append(line[4:])
            continue
        toks = line.split()
        for i in range(0, len(toks) - 1, 2):
            out[toks[i]] = toks[i + 1]
    if "mem" in out:
        out["mem"] = " | ".join(out["mem"])
    return out


def field_diff(want, got):
    """The register fields that differ, side by side."""
    a, b = fields(want), fields(got)
    if not EXPECTED_FIELDS <= set(b):
        # The dump is printed by ordinary compiled C (risu_main.c): when it is garbled, the
        # emulator ran the harness wrong, which says nothing about the sequence itself.
        return ("    emu's dump is malformed (the C harness itself ran wrong under emu); first lines:\n" +
                "\n".join("      " + l[:120] for l in got.splitlines()[:4]))
    rows = []
    for k in list(a) + [k for k in b if k not in a]:
        if a.get(k) != b.get(k):
            rows.append("    %-5s qemu %s\n          emu  %s" % (k, a.get(k, "-"), b.get(k, "-")))
    return "\n".join(rows)


def disassemble(objdump, binary, index):
    syms = {}
    nm = subprocess.run([objdump.replace("objdump", "nm"), binary], capture_output=True, text=True).stdout
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] in ("seqbody_%d" % index, "seqend_%d" % index):
            syms[parts[2]] = int(parts[0], 16)
    if len(syms) != 2:
        return "    (sequence symbols not found)"
    res = subprocess.run([objdump, "-d", "-w",
                          "--start-address=0x%x" % syms["seqbody_%d" % index],
                          "--stop-address=0x%x" % syms["seqend_%d" % index], binary],
                         capture_output=True, text=True)
    lines = [l for l in res.stdout.splitlines() if re.match(r"^\s+[0-9a-f]+:", l)]
    return "\n".join("    " + l.strip() for l in lines) or "    (empty sequence)"


class Batch:
    def __init__(self, args, category, seed, index, count):
        self.args, self.category, self.seed, self.count = args, category, seed, count
        # Each batch has its own generator seed, so batch k of seed S is reproducible alone.
        self.gen_seed = seed * 1000 + index
        name = "%s-%d-%d" % (category.replace(",", "+"), seed, index)
        self.asm = os.path.join(args.workdir, name + ".S")
        self.binary = os.path.join(args.workdir, name)

    def build(self, main_obj):
        subprocess.run([sys.executable, os.path.join(HERE, "risugen.py"), "--seed", str(self.gen_seed),
                        "--count", str(self.count), "--category", self.category, "--length", str(self.args.length),
                        "-o", self.asm], check=True)
        res = subprocess.run([self.args.cc, "-static", "-o", self.binary, main_obj, self.asm],
                             capture_output=True, text=True)
        if res.returncode:
            print(res.stderr[-4000:])
            raise RuntimeError("the generated batch %s did not assemble" % self.asm)

    def run(self, emulator, first):
        return diffrun.run_guest([emulator, self.binary, str(self.gen_seed), str(first)],
                                 timeout=self.args.timeout)

    def repro(self, index):
        return "%s %s %d %d %d" % (shlex.quote(self.args.emu), shlex.quote(self.binary), self.gen_seed, index,
                                   index + 1)


def check_batch(batch, stats):
    oracle = batch.run(batch.args.oracle, 0)
    want, done = parse_blocks(oracle.stdout.decode("utf-8", "replace"))
    if oracle.status != 0 or not done or len(want) != batch.count:
        missing = min(set(range(batch.count)) - set(want), default=None)
        print("HARNESS: the oracle failed on batch %s (%s), sequence %s:" %
              (batch.asm, diffrun.status_text(oracle.status), missing))
        if missing is not None:
            print(disassemble(batch.args.objdump, batch.binary, missing))
        print(oracle.stderr.decode("utf-8", "replace")[-2000:])
        return False
    first, restarts = 0, 0
    while first < batch.count:
        emu = batch.run(batch.args.emu, first)
        got, _ = parse_blocks(emu.stdout.decode("utf-8", "replace"))
        garbled = [i for i in sorted(got) if not EXPECTED_FIELDS <= set(fields(got[i]))]
        if garbled:
            # Every later dump would be garbled the same way: one report for the batch.
            report(batch, garbled[0], stats, field_diff(want[garbled[0]], got[garbled[0]]))
            stats["run"] += batch.count - first
            stats["bad"] += batch.count - first - 1
            print("  (the whole batch counts as failed: emu cannot run the harness)")
            break
        stop = None
        for i in range(first, batch.count):
            if i not in got:
                stop = i
                break
            stats["run"] += 1
            if got[i] != want[i]:
                report(batch, i, stats, field_diff(want[i], got[i]))
        if stop is None:
            break
        # The emulator died (or hung) in sequence `stop`: report it and resume after it.
        stats["run"] += 1
        # The crash may also be in the prologue the harness wraps around every sequence
        # (msr nzcv/fpcr/fpsr, ld1/st1 of four registers, ldp/stp): rerun shows which.
        report(batch, stop, stats, "    emu stopped in this sequence or its prologue/epilogue: %s%s" % (
            diffrun.status_text(emu.status),
            ("\n    stderr: " + emu.stderr.decode("utf-8", "replace").strip()[-400:]) if emu.stderr.strip() else ""))
        first = stop + 1
        # A hang costs a whole timeout; crashes are cheap to step over, hangs are not.
        restarts += MAX_RESTARTS // 2 if emu.timed_out else 1
        if restarts > MAX_RESTARTS:
            rest = batch.count - first
            print("  ... giving up on batch %s after %d crashes; %d sequences not run" % (batch.asm, restarts, rest))
            stats["bad"] += rest
            break
    return True


def report(batch, index, stats, detail):
    stats["bad"] += 1
    if stats["bad"] > MAX_REPORTS:
        return
    print("MISMATCH category %s seed %d batch seed %d sequence %d" % (batch.category, batch.args.seed_value,
                                                                      batch.gen_seed, index))
    print(detail)
    print("  disassembly:")
    print(disassemble(batch.args.objdump, batch.binary, index))
    print("  rerun: %s" % batch.repro(index))
    print("  oracle: %s %s %d %d %d" % (batch.args.oracle, batch.binary, batch.gen_seed, index, index + 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oracle", required=True)
    ap.add_argument("--emu", required=True)
    ap.add_argument("--cc", default="aarch64-linux-gnu-gcc")
    ap.add_argument("--objdump", default="aarch64-linux-gnu-objdump")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--category", default="mix")
    ap.add_argument("--seed", default="1", help="an integer, or 'time' for a fresh one (printed)")
    ap.add_argument("--count", type=int, default=1000, help="sequences in total")
    ap.add_argument("--batch", type=int, default=500, help="sequences per arm64 program")
    ap.add_argument("--length", type=int, default=16, help="maximum instructions per sequence")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per run of a batch")
    args = ap.parse_args()
    args.seed_value = int(time.time()) % 1000000 if args.seed == "time" else int(args.seed)
    print("risu: category %s seed %d%s, %d sequences in batches of %d" % (
        args.category, args.seed_value, " (time-based)" if args.seed == "time" else "", args.count, args.batch))
    for tool in (args.oracle, args.emu):
        if not os.access(tool, os.X_OK):
            print("HARNESS: %s is missing or not executable" % tool)
            return 2
    os.makedirs(args.workdir, exist_ok=True)
    main_obj = os.path.join(args.workdir, "risu_main.o")
    subprocess.run([args.cc, "-O2", "-c", "-o", main_obj, os.path.join(HERE, "risu_main.c")], check=True)
    stats = {"run": 0, "bad": 0}
    nbatches = (args.count + args.batch - 1) // args.batch
    for b in range(nbatches):
        batch = Batch(args, args.category, args.seed_value, b, min(args.batch, args.count - b * args.batch))
        try:
            batch.build(main_obj)
        except (RuntimeError, subprocess.CalledProcessError) as e:
            print("HARNESS: %s" % e)
            return 2
        if not check_batch(batch, stats):
            return 2
    if stats["bad"] > MAX_REPORTS:
        print("... %d more mismatching sequences not shown" % (stats["bad"] - MAX_REPORTS))
    print("risu %s seed %d: %d sequences, %d mismatches" % (args.category, args.seed_value, stats["run"], stats["bad"]))
    return 1 if stats["bad"] else 0


if __name__ == "__main__":
    sys.exit(main())
