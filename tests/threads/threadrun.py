#!/usr/bin/env python3
# tests/threads/threadrun.py: runs one multithreaded arm64 program once under the oracle
# (qemu-aarch64-static) and --runs times under the emulator being tested; every run must give
# exactly the oracle's stdout, stderr and status (the programs print totals, never timings).
"""Usage: threadrun.py --oracle QEMU --emu EMU [--runs N] [--env K=V]... [-L DIR] [--native BIN]
                    -- PROGRAM [ARGS...]

-L DIR is passed to both emulators (a dynamic program's sysroot). --env adds a variable to the
emulator's environment only (e.g. EMU_JIT_CODE_SIZE for a code buffer that flushes while
threads run). --native BIN makes the oracle BIN, the same source built for the host, run
directly (for what qemu-aarch64 does not implement, such as robust futex lists).
Exit status 0 when every run agrees, 1 otherwise, 2 on a harness error."""
import argparse
import os
import shlex
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "diff"))
from diffrun import GUEST_ENV, compare, run_guest, status_text  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oracle", required=True)
    ap.add_argument("--emu", required=True)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--env", action="append", default=[])
    ap.add_argument("-L", dest="sysroot")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--native")
    ap.add_argument("program", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    prog = args.program[1:] if args.program[:1] == ["--"] else args.program
    if not prog:
        ap.error("no program")
    for path in (args.oracle, args.emu, prog[0]):
        if not os.access(path, os.X_OK):
            print("HARNESS: %s is missing or not executable" % path)
            return 2
    lopt = ["-L", args.sysroot] if args.sysroot else []
    oracle_cmd = [args.native] + prog[1:] if args.native else [args.oracle] + lopt + prog
    oracle = run_guest(oracle_cmd, timeout=args.timeout)
    if oracle.timed_out or oracle.status != 0:
        print("HARNESS: the oracle failed (%s): %s" % (status_text(oracle.status), oracle.stdout[-500:]))
        return 2
    env = dict(GUEST_ENV)
    for kv in args.env:
        k, _, v = kv.partition("=")
        env[k] = v
    bad = 0
    for i in range(args.runs):
        emu = run_guest([args.emu] + lopt + prog, timeout=args.timeout, env=env)
        if not compare(oracle, emu, "run %d: " % (i + 1)):
            bad += 1
    cmd = shlex.join(["%s" % kv for kv in args.env] + [args.emu] + lopt + prog)
    if bad:
        print("%d of %d runs differ from qemu; command: %s" % (bad, args.runs, cmd))
        return 1
    print("same in all %d runs: stdout %d bytes, %s" % (args.runs, len(oracle.stdout),
                                                       status_text(oracle.status)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
