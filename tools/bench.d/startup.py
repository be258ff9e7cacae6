"""tools/bench startup: start-up of dynamic arm64 programs, qemu against emu-exec without emud,
with a cold cache (first run) and warm (a later run), plus a many-small-programs script.

A private emud (own cache directory and socket, started here, stopped at the end) serves the
emu-exec runs, so the figures never depend on the system's emud or its cache. Every emu run's
output is compared with qemu's; a difference marks the row FAIL and the exit status is 1.

The cache's promise is measured in two ways: how many blocks a process translates itself
(from EMU_STATS: a warm run must translate at least 95% fewer than the cold one), and time.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROGRAMS = ["true", "hello", "wc", "sortlines"]
# Real Debian arm64 programs, used when a sysroot made by tools/mksysroot is present.
SYSROOT_CMDS = [
    ("sed", ["bin/sed", "-n", "s/int/INT/gp", "@INPUT"]),
    ("grep", ["bin/grep", "-c", "include", "@INPUT"]),
    ("expr", ["usr/bin/expr", "6", "*", "7"]),
    ("basename", ["usr/bin/basename", "/usr/lib/libc.so.6", ".so.6"]),
]


def build(out, arm_cc):
    progs = {}
    for name in PROGRAMS:
        src = os.path.join(HERE, "startup", name + ".c")
        exe = os.path.join(out, name)
        if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
            os.makedirs(out, exist_ok=True)
            subprocess.run([arm_cc, "-O2", "-o", exe, src], check=True)
        progs[name] = exe
    return progs


class Emud:
    """A private emud process with its own cache and socket."""

    def __init__(self, emud, emuctl):
        self.dir = tempfile.mkdtemp(prefix="emu-bench.")
        self.sock = "ipc://%s/emud.sock" % self.dir
        self.emuctl = emuctl
        self.env = dict(os.environ, EMUD_SOCKET=self.sock)
        self.proc = subprocess.Popen([emud, "--foreground", "--nosync", "--cache",
                                      os.path.join(self.dir, "cache"), "--socket", self.sock,
                                      "--log", os.path.join(self.dir, "emud.log")])
        for _ in range(200):
            if self.ctl("stats").returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError("emud did not come up; see %s/emud.log" % self.dir)

    def ctl(self, *args):
        return subprocess.run([self.emuctl] + list(args), env=self.env, capture_output=True, text=True)

    def stat(self, key):
        for line in self.ctl("stats").stdout.splitlines():
            f = line.split()
            if len(f) == 2 and f[0] == key:
                return f[1]
        return None

    def settle(self):
        """Wait until emud has translated every submitted block and published the packs
        (rewritten at most once a second each, looked at every 0.3 s)."""
        for _ in range(400):
            if self.stat("translate_queue") == "0":
                break
            time.sleep(0.05)
        time.sleep(1.5)

    def flush(self):
        self.ctl("flush", "--all")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def run(argv, env=None):
    t0 = time.perf_counter()
    r = subprocess.run(argv, capture_output=True, env=env)
    return time.perf_counter() - t0, r


def local_blocks(stderr):
    """Blocks the process translated itself, from the EMU_STATS line."""
    text = stderr.decode("utf-8", "replace")
    mark = "translated locally "
    i = text.rfind(mark)
    return int(text[i + len(mark):].split()[0]) if i >= 0 else None


def best(argv, runs, env=None, before=None):
    t, last = None, None
    for _ in range(runs):
        if before:
            before()
        dt, last = run(argv, env)
        t = dt if t is None or dt < t else t
    return t, last


def measure(name, guest, args, d):
    """One program: qemu, emu without emud, emu cold (flushed before each run), emu warm."""
    emu = [args.emu, "-L", args.sysroot]
    qemu = [args.qemu, "-L", args.sysroot]
    noemud = dict(os.environ, EMU_EMUD="0")
    stats = dict(d.env, EMU_STATS="1")
    t_q, r_q = best(qemu + guest, args.runs)
    t_n, r_n = best(emu + guest, args.runs, noemud)
    d.flush()
    _, r_first = run(emu + guest, stats)
    cold_blocks = local_blocks(r_first.stderr)
    t_c, _ = best(emu + guest, args.runs, d.env, before=lambda: (d.flush(), time.sleep(0.05)))
    _, r_w = run(emu + guest, stats)  # fills the cache with what the flushed runs submitted
    d.settle()
    _, r_w = run(emu + guest, stats)
    warm_blocks = local_blocks(r_w.stderr)
    t_w, r_last = best(emu + guest, args.runs, d.env)
    bad = [what for what, r in (("no emud", r_n), ("cold", r_first), ("warm", r_last))
           if r.stdout != r_q.stdout or r.returncode != r_q.returncode]
    check = "ok" if not bad else "FAIL: output differs from qemu (%s)" % ", ".join(bad)
    fewer = None
    if cold_blocks and warm_blocks is not None:
        fewer = 100.0 * (cold_blocks - warm_blocks) / cold_blocks
        if fewer < 95.0 and check == "ok":
            check = "FAIL: warm run translated only %.0f%% fewer blocks" % fewer
    return [name, t_q, t_n, t_c, t_w, cold_blocks, warm_blocks, fewer, check]


def script_rows(cases, args, d):
    """The many-small-programs script: every case `rounds` times, in one shell script."""
    rows = []
    for _, guest in cases:  # the rows above flushed the cache: warm it for these programs
        run([args.emu, "-L", args.sysroot] + guest, d.env)
    d.settle()
    for label, prefix, env in (("qemu", [args.qemu, "-L", args.sysroot], None),
                               ("emu, no emud", [args.emu, "-L", args.sysroot],
                                dict(os.environ, EMU_EMUD="0")),
                               ("emu, warm", [args.emu, "-L", args.sysroot], d.env)):
        lines = []
        for _ in range(args.rounds):
            for _, guest in cases:
                lines.append(" ".join("'%s'" % a for a in prefix + guest) + " >/dev/null")
        script = "\n".join(lines) + "\n"
        t, _ = best(["sh", "-c", script], max(1, args.runs // 2), env)
        rows.append((label, t))
    return rows


def ms(v):
    return "-" if v is None else "%.1f" % (v * 1000)


def ratio(a, b):
    return "-" if not a or not b else "%.2fx" % (a / b)


def main(argv):
    ap = argparse.ArgumentParser(prog="tools/bench startup", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10, help="best of N runs for each figure")
    ap.add_argument("--rounds", type=int, default=10, help="rounds of the many-programs script")
    ap.add_argument("--emu", default=os.path.join(ROOT, "build", "bin", "emu-exec"))
    ap.add_argument("--emud", default=os.path.join(ROOT, "build", "bin", "emud"))
    ap.add_argument("--emuctl", default=os.path.join(ROOT, "build", "bin", "emuctl"))
    ap.add_argument("--qemu", default=shutil.which("qemu-aarch64-static") or "qemu-aarch64-static")
    ap.add_argument("--sysroot", default="/usr/aarch64-linux-gnu",
                    help="guest root for the dynamic programs (their ld.so and libc)")
    ap.add_argument("--debian-sysroot", default=os.environ.get("EMU_SYSROOT",
                                                                "/var/cache/emud-test/sysroot"),
                    help="a sysroot of Debian arm64 packages: its sed, grep, ... are run too")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench", "startup"))
    ap.add_argument("--arm-cc", default="aarch64-linux-gnu-gcc")
    args = ap.parse_args(argv)

    progs = build(args.out, args.arm_cc)
    data = os.path.join(args.out, "input.txt")
    with open(data, "w") as f:
        for name in sorted(os.listdir(os.path.dirname(HERE) + "/bench.d")):
            if name.endswith(".c"):
                with open(os.path.join(HERE, name)) as src:
                    f.write(src.read())
    cases = [("true", [progs["true"]]), ("hello", [progs["hello"], "x"]),
             ("wc", [progs["wc"], data]), ("sortlines", [progs["sortlines"], data])]
    deb = args.debian_sysroot
    d = Emud(args.emud, args.emuctl)
    failed = False
    try:
        header = "%-10s %8s %8s %8s %8s %10s %10s %7s %7s  %s" % (
            "program", "qemu ms", "no-emud", "cold", "warm", "qemu/warm", "qemu/cold",
            "blk cold", "blk warm", "check")
        print("dynamic programs (-L %s), best of %d runs; blk = blocks translated by the process"
              % (args.sysroot, args.runs))
        print(header)
        print("-" * len(header))
        rows = [measure(n, g, args, d) for n, g in cases]
        if os.path.exists(os.path.join(deb, "bin", "sed")):
            # Debian's programs run with their own sysroot as the guest root.
            saved = args.sysroot
            args.sysroot = deb
            for n, g in SYSROOT_CMDS:
                g = [os.path.join(deb, g[0])] + [data if a == "@INPUT" else a for a in g[1:]]
                rows.append(measure("deb:" + n, g, args, d))
            args.sysroot = saved
        for name, t_q, t_n, t_c, t_w, bc, bw, fewer, check in rows:
            failed |= check != "ok"
            print("%-10s %8s %8s %8s %8s %10s %10s %7s %7s  %s%s" % (
                name, ms(t_q), ms(t_n), ms(t_c), ms(t_w), ratio(t_q, t_w), ratio(t_q, t_c),
                "-" if bc is None else bc, "-" if bw is None else bw, check,
                "" if fewer is None else " (%.1f%% fewer)" % fewer))
        print()
        print("many small programs: %d rounds of the %d programs above, one shell script"
              % (args.rounds, len(cases)))
        srows = script_rows(cases, args, d)
        t_q = srows[0][1]
        for label, t in srows:
            print("  %-14s %8.0f ms   qemu/this %s" % (label, t * 1000, ratio(t_q, t)))
        print("emud: %s blocks served warm, %s translations" % (d.stat("warm_blocks_served"),
                                                                d.stat("translations")))
    finally:
        d.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
