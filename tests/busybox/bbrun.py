#!/usr/bin/env python3
# tests/busybox/bbrun.py: runs one busybox case (an applet invocation or a `busybox sh -c` script)
# under qemu-aarch64-static and under the emulator, in identical fresh fixture folders; compares.
"""Usage:
  bbrun.py --oracle QEMU --emu EMU --busybox BB case  FILE.sh        (a script, run as busybox sh -c)
  bbrun.py --oracle QEMU --emu EMU --busybox BB applet NAME          (a line of applets.txt)
  bbrun.py --oracle QEMU --busybox BB classify                       (checks every case's group)

Groups: 'inproc' cases never fork; 'fork' cases fork but never execve; 'exec' cases run further
arm64 programs (busybox re-executes itself for most applets). Exec cases run inside a private user
and mount namespace whose own binfmt_misc instance maps arm64 ELF files to the emulator being
tested (flags F and P), so the oracle's children run under qemu and emu's under emu.
"""
import argparse
import glob
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "diff"))
import diffrun  # noqa: E402

# The guest's PATH holds only links to the arm64 busybox (tar -z finds gzip there): no host
# program may stand in for an applet, or the comparison would mean nothing.
def guest_env(base):
    return dict(diffrun.GUEST_ENV, PATH=os.path.join(base, "bin"), HOME="/nonexistent-emud-test")


def make_applet_links(base, oracle, busybox):
    res = subprocess.run([oracle, busybox, "--list"], capture_output=True, text=True, env=diffrun.GUEST_ENV)
    bindir = os.path.join(base, "bin")
    os.makedirs(bindir)
    for name in res.stdout.split():
        os.symlink(busybox, os.path.join(bindir, name))

ARM64_MAGIC = (r"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00",
               r"\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff")
BINFMT = "/proc/sys/fs/binfmt_misc"
# Host tools, found on the host's PATH, not the guest's empty one.
HOST_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
UNSHARE = shutil.which("unshare", path=HOST_PATH) or "unshare"
MOUNT = shutil.which("mount", path=HOST_PATH) or "mount"


# --- fixtures: the same files, byte for byte and with the same times, for every run ----------
FIXED_TIME = 1600000000  # 2020-09-13, so ls -l and tar show a stable date

WORDS = ("the quick brown fox jumps over lazy dog arm64 emulator block cache vector register branch "
         "load store shift rotate carry overflow zero sign exponent mantissa").split()


def make_fixtures(root):
    rng = random.Random(20240601)
    data = os.path.join(root, "data")
    os.makedirs(data)
    files = {}
    files["text.txt"] = "".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12))) + "\n"
                                for _ in range(400))
    files["words.txt"] = "".join(rng.choice(WORDS) + "\n" for _ in range(600))
    files["numbers.txt"] = "".join("%d\n" % rng.randint(-100000, 100000) for _ in range(500))
    files["table.csv"] = "".join("%s,%d,%.3f\n" % (rng.choice(WORDS), rng.randint(0, 999), rng.random() * 100)
                                 for _ in range(300))
    files["blob.bin"] = rng.randbytes(70000)
    files["old.txt"] = "".join("line %d %s\n" % (i, rng.choice(WORDS)) for i in range(120))
    new = files["old.txt"].splitlines(True)
    for i in range(0, 120, 17):
        new[i] = "changed %d\n" % i
    files["new.txt"] = "".join(new[:100] + ["appended\n"])
    files["calc.bc"] = "scale = 60\n4 * a(1)\ne(1)\n2 ^ 200\nsqrt(2)\nl(10) / l(2)\n12345678901234567890 % 97\n"
    for name, content in files.items():
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(os.path.join(data, name), mode) as f:
            f.write(content)
    tree = os.path.join(data, "tree")
    for d in ("a", "a/b", "a/b/c", "d", "e/f"):
        os.makedirs(os.path.join(tree, d))
    for i in range(30):
        d = rng.choice(["", "a", "a/b", "a/b/c", "d", "e/f"])
        ext = rng.choice([".txt", ".c", ".h", ".log"])
        with open(os.path.join(tree, d, "file%02d%s" % (i, ext)), "w") as f:
            f.write("".join(rng.choice(WORDS) + " " for _ in range(rng.randint(0, 200))))
    os.symlink("a/b/c", os.path.join(tree, "link-to-c"))
    make_tarball(os.path.join(data, "tree.tar.gz"), tree, "tree")
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        for n in filenames + dirnames:
            os.utime(os.path.join(dirpath, n), (FIXED_TIME, FIXED_TIME), follow_symlinks=False)
    os.utime(root, (FIXED_TIME, FIXED_TIME))


def make_tarball(path, tree, arcname):
    """A gzip-compressed tar made by Python, so that reading one needs no busybox-made archive."""
    import gzip
    import tarfile

    def fixed(info):
        info.mtime, info.uid, info.gid, info.uname, info.gname = FIXED_TIME, 0, 0, "root", "root"
        return info
    with open(path, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=FIXED_TIME, filename="") as gz:
            with tarfile.open(fileobj=gz, mode="w", format=tarfile.USTAR_FORMAT) as tar:
                tar.add(tree, arcname=arcname, filter=fixed, recursive=False)
                for dirpath, dirnames, filenames in os.walk(tree):
                    dirnames.sort()
                    for n in dirnames + sorted(filenames):
                        p = os.path.join(dirpath, n)
                        tar.add(p, arcname=os.path.join(arcname, os.path.relpath(p, tree)), filter=fixed,
                                recursive=False)


def fresh_workdir(base):
    work = os.path.join(base, "w")
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    make_fixtures(work)
    return work


# --- cases ------------------------------------------------------------------------------------
def case_group(path):
    with open(path) as f:
        for line in f:
            m = re.match(r"#\s*group:\s*(\w+)", line)
            if m:
                return m.group(1)
    raise SystemExit("%s: no '# group:' line" % path)


def read_applets(path):
    """NAME[@GROUP]: ARGS [<STDIN] lines -> {name: (argv, stdin, group)}; the group defaults to inproc."""
    cases = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, cmd = line.partition(":")
            argv = shlex.split(cmd)
            stdin = None
            if argv and argv[-1].startswith("<"):
                stdin = argv.pop()[1:]
            name, _, group = name.strip().partition("@")
            cases[name] = (argv, stdin, group or "inproc")
    return cases


def guest_argv(args, kind, what):
    """The busybox command line and stdin file (relative to the work folder)."""
    if kind == "case":
        with open(what) as f:
            return ["sh", "-c", f.read()], None
    argv, stdin, _ = read_applets(os.path.join(HERE, "applets.txt"))[what]
    return argv, stdin


# --- running ----------------------------------------------------------------------------------
def run_plain(emulator, busybox, argv, stdin, work, timeout):
    stdin_path = os.path.join(work, stdin) if stdin else None
    env = guest_env(os.path.dirname(work))
    return diffrun.run_guest([emulator, busybox] + argv, stdin_path, timeout, cwd=work, env=env)


def run_binfmt(emulator, busybox, argv, stdin, work, timeout):
    """Runs busybox directly (the kernel's binfmt_misc picks the emulator) in a private namespace."""
    inner = [sys.executable, os.path.abspath(__file__), "--inner-binfmt", emulator, busybox] + argv
    cmd = [UNSHARE, "--user", "--map-root-user", "--mount", "--propagation", "private"] + inner
    stdin_path = os.path.join(work, stdin) if stdin else None
    return diffrun.run_guest(cmd, stdin_path, timeout, cwd=work, env=guest_env(os.path.dirname(work)))


def inner_binfmt(emulator, argv):
    """Inside the namespace: mount a private binfmt_misc, register the emulator, exec the guest."""
    r = subprocess.run([MOUNT, "-t", "binfmt_misc", "binfmt_misc", BINFMT], capture_output=True, text=True)
    if r.returncode:
        sys.stderr.write("HARNESS: cannot mount a private binfmt_misc (needs Linux 6.7+): %s" % r.stderr)
        sys.exit(125)
    rule = ":emud-test-aarch64:M::%s:%s:%s:FP" % (ARM64_MAGIC[0], ARM64_MAGIC[1], emulator)
    with open(os.path.join(BINFMT, "register"), "w") as f:
        f.write(rule)
    os.execv(argv[0], argv)


def compare_case(args, kind, what, group):
    argv, stdin = guest_argv(args, kind, what)
    base = tempfile.mkdtemp(prefix="emud-bb-")
    try:
        make_applet_links(base, args.oracle, args.busybox)
        runner = run_binfmt if group == "exec" else run_plain
        # Both runs use the same folder path, rebuilt from scratch, so paths in the output match.
        work = fresh_workdir(base)
        oracle = runner(args.oracle, args.busybox, argv, stdin, work, args.timeout)
        listing_oracle = tree_listing(work)
        work = fresh_workdir(base)
        emu = runner(args.emu, args.busybox, argv, stdin, work, args.timeout)
        listing_emu = tree_listing(work)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    if oracle.status == 125 or b"HARNESS:" in oracle.stderr:
        print(oracle.stderr.decode("utf-8", "replace"))
        return 2
    ok = diffrun.compare(oracle, emu)
    # What the script left in its folder (files it created, their sizes and contents' hashes).
    if listing_oracle != listing_emu:
        print("files left behind differ:")
        diffrun.show_diff("files", listing_oracle.encode(), listing_emu.encode())
        ok = False
    if ok:
        print("same: stdout %d bytes, stderr %d bytes, %s, %d files" % (
            len(oracle.stdout), len(oracle.stderr), diffrun.status_text(oracle.status), listing_oracle.count("\n")))
        return 0
    print("busybox command: %s" % shlex.join(argv[:2] + ([argv[2][:200] + "..."] if len(argv) > 2 else [])))
    return 1


def tree_listing(root):
    import hashlib
    rows = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for n in sorted(filenames):
            p = os.path.join(dirpath, n)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                rows.append("%s -> %s" % (rel, os.readlink(p)))
            else:
                with open(p, "rb") as f:
                    rows.append("%s %s" % (rel, hashlib.sha256(f.read()).hexdigest()[:16]))
    return "\n".join(rows) + "\n"


# --- group check: which cases fork or exec, observed with qemu's -strace ---------------------------
def observed_group(args, base, kind, what):
    argv, stdin = guest_argv(args, kind, what)
    work = fresh_workdir(base)
    stdin_path = os.path.join(work, stdin) if stdin else None
    res = diffrun.run_guest([args.oracle, "-strace", args.busybox] + argv, stdin_path, args.timeout,
                            cwd=work, env=guest_env(base))
    log = res.stderr.decode("utf-8", "replace")
    if re.search(r"^\d+ (\d+ )?execve\(", log, re.M):
        return "exec"
    if re.search(r"^\d+ (\d+ )?(clone|vfork|fork)\(", log, re.M):
        return "fork"
    return "inproc"


def classify(args):
    base = tempfile.mkdtemp(prefix="emud-bb-")
    try:
        make_applet_links(base, args.oracle, args.busybox)
        return classify_in(args, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def classify_in(args, base):
    bad = 0
    total = 0
    for path in sorted(glob.glob(os.path.join(HERE, "cases", "*.sh"))):
        want, got = case_group(path), observed_group(args, base, "case", path)
        total += 1
        if want != got:
            bad += 1
            print("%s: declared %s, observed %s" % (os.path.basename(path), want, got))
    for name, (_, _, want) in read_applets(os.path.join(HERE, "applets.txt")).items():
        got = observed_group(args, base, "applet", name)
        total += 1
        if got != want:
            bad += 1
            print("applet %s: declared %s, observed %s" % (name, want, got))
    print("%d passed, %d failed" % (total - bad, bad))
    return 1 if bad else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--inner-binfmt":
        inner_binfmt(sys.argv[2], sys.argv[3:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oracle", required=True)
    ap.add_argument("--emu")
    ap.add_argument("--busybox", required=True)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("mode", choices=["case", "applet", "classify"])
    ap.add_argument("what", nargs="?")
    args = ap.parse_args()
    for path in (args.oracle, args.busybox) + ((args.emu,) if args.mode != "classify" else ()):
        if not path or not os.access(path, os.X_OK):
            print("HARNESS: %s is missing or not executable (tools/setup fetches busybox)" % path)
            return 2
    if args.mode == "classify":
        return classify(args)
    if args.mode == "case":
        group = case_group(args.what)
    else:
        group = read_applets(os.path.join(HERE, "applets.txt"))[args.what][2]
    return compare_case(args, args.mode, args.what, group)


if __name__ == "__main__":
    sys.exit(main())
