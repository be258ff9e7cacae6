#!/usr/bin/env python3
# tests/jail/jailrun.py: runs one case in an arm64 Debian root (the tools/mksysroot sysroot or a
# tools/mkjail jail) under qemu-aarch64-static and under the emulator being tested; compares.
"""Usage:
  jailrun.py --oracle QEMU --emu EMU --root ROOT [--prefer JAIL] [--overlay] case FILE.sh
                                                        (a script run inside ROOT by chroot)
  jailrun.py --oracle QEMU --emu EMU --root ROOT direct NAME    (a line of direct.txt, run with -L ROOT)

'case': the script runs chrooted into ROOT, in a private user, mount and pid namespace whose own
binfmt_misc instance sends every arm64 program to the emulator being run (flags F and P: the
kernel opens it before the chroot), so each program the script starts runs under the same
emulator: qemu for the oracle, emu-exec for the test. ROOT's /work is a fresh copy of the
fixtures, /tmp a fresh tmpfs, /proc the namespace's own, /dev the host's; with --overlay, ROOT
itself is a throw-away overlay, so a case may install packages and both runs start alike.
'direct': one program, started as EMULATOR -L ROOT ROOT/PROGRAM ARGS, with no exec.
The case's first lines may say '# shell: bash|sh|perl' (default sh), '# timeout: S', and
'# status: N', the exit status the oracle must give (else the comparison would prove nothing),
'# needs: PROG,PROG', programs that must be in ROOT's /usr/bin or /bin.
Exit status 0 when stdout, stderr, status and the files left in /work agree, 1 when not, 2 when
the harness cannot run (no root, no sysroot, no binfmt_misc namespace support).
"""
import argparse
import ctypes
import os
import re
import shlex
import shutil
import signal
import struct
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "diff"))
sys.path.insert(0, os.path.join(HERE, "..", "busybox"))
import diffrun  # noqa: E402
import bbrun  # noqa: E402  (fixtures and the listing of what a case leaves behind)

GUEST_ENV = {"PATH": "/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LANG": "C",
             "LC_ALL": "C", "TZ": "UTC", "TERM": "dumb"}
SHELLS = {"sh": ["/bin/sh"], "bash": ["/bin/bash"], "perl": ["/usr/bin/perl"]}
BINFMT = "/proc/sys/fs/binfmt_misc"
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID = 0x00020000, 0x10000000, 0x20000000
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
ID_RANGE = 65536  # uids and gids 0..65535 keep their numbers inside (apt's _apt, dpkg's chowns)

libc = ctypes.CDLL(None, use_errno=True)


def sys_mount(src, target, fstype, flags, data=None):
    if libc.mount(src.encode(), target.encode(), fstype.encode() if fstype else None, flags,
                  data.encode() if data else None):
        e = ctypes.get_errno()
        raise OSError(e, "mount %s on %s: %s" % (fstype or src, target, os.strerror(e)))


def case_header(path, key, default):
    with open(path) as f:
        for line in f:
            if not line.startswith("#"):
                break
            m = re.match(r"#\s*%s:\s*(\S+)" % key, line)
            if m:
                return m.group(1)
    return default


# --- inside: namespaces, mounts, chroot ---------------------------------------------------------
def inner(emulator, root, work, overlay, argv):
    """Runs argv chrooted into root under emulator; mirrors its wait status. Needs host root."""
    if overlay != "-":
        # Mounted by host root in a private mount namespace, before the user namespace: only
        # then may overlayfs rename directories (redirect_dir), which dpkg does.
        if libc.unshare(CLONE_NEWNS):
            sys.stderr.write("HARNESS: cannot create a mount namespace\n")
            sys.exit(125)
        sys_mount("none", "/", None, MS_REC | MS_PRIVATE)
        root = mount_overlay(root, overlay)
    to_parent_r, to_parent_w = os.pipe()
    to_child_r, to_child_w = os.pipe()
    status_r, status_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID):
            os.write(to_parent_w, b"E")
            os._exit(125)
        os.write(to_parent_w, b"k")
        os.read(to_child_r, 1)  # the parent has written the id maps
        pid1 = os.fork()  # the first child in the new pid namespace
        if pid1 == 0:
            try:
                enter_root(emulator, root, work)
                # Python ignores SIGPIPE; the guest must start with the default, as from a shell
                signal.signal(signal.SIGPIPE, signal.SIG_DFL)
                os.execve(argv[0], argv, dict(GUEST_ENV, **emulator_env()))
            except OSError as e:
                sys.stderr.write("HARNESS: %s\n" % e)
                os._exit(125)
        _, st = os.waitpid(pid1, 0)
        os.write(status_w, struct.pack("i", st))
        os._exit(0)
    if os.read(to_parent_r, 1) != b"k":
        sys.stderr.write("HARNESS: cannot create a user namespace\n")
        sys.exit(125)
    for name in ("uid_map", "gid_map"):
        with open("/proc/%d/%s" % (pid, name), "w") as f:
            f.write("0 0 %d\n" % ID_RANGE)
    os.write(to_child_w, b"g")
    os.waitpid(pid, 0)
    os.close(status_w)
    raw = os.read(status_r, 4)
    if len(raw) != 4:
        sys.exit(125)
    st = struct.unpack("i", raw)[0]
    if os.WIFSIGNALED(st):
        signal.signal(os.WTERMSIG(st), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(st))
    sys.exit(os.WEXITSTATUS(st))


def emulator_env():
    """EMU_* settings of the caller (EMU_STRACE, EMU_EMUD=0, ...) reach every emulator process."""
    return {k: v for k, v in os.environ.items() if k.startswith("EMU_")}


def enter_root(emulator, root, work):
    sys_mount("none", "/", None, MS_REC | MS_PRIVATE)
    try:
        sys_mount("binfmt_misc", BINFMT, "binfmt_misc", 0)
    except OSError as e:
        raise OSError(e.errno, "a private binfmt_misc needs Linux 6.7+ (%s)" % e.strerror)
    rule = ":jailrun-aarch64:M::%s:%s:%s:FP" % (bbrun.ARM64_MAGIC[0], bbrun.ARM64_MAGIC[1], emulator)
    with open(os.path.join(BINFMT, "register"), "w") as f:
        f.write(rule)
    for d in ("proc", "dev", "tmp", "work"):
        p = os.path.join(root, d)
        if os.path.islink(p):
            raise OSError(0, "%s is a symbolic link" % p)
        os.makedirs(p, exist_ok=True)
    sys_mount(work, os.path.join(root, "work"), None, MS_BIND)
    sys_mount("/dev", os.path.join(root, "dev"), None, MS_BIND | MS_REC)
    sys_mount("proc", os.path.join(root, "proc"), "proc", 0)
    sys_mount("tmpfs", os.path.join(root, "tmp"), "tmpfs", 0, "mode=1777")
    os.chroot(root)
    os.chdir("/work")


def mount_overlay(root, top):
    """A writable copy of root whose changes vanish with the run: apt-get may install."""
    dirs = [os.path.join(top, d) for d in ("upper", "work", "root")]
    for d in dirs:
        os.makedirs(d, exist_ok=True)
    sys_mount("overlay", dirs[2], "overlay", 0, "lowerdir=%s,upperdir=%s,workdir=%s,redirect_dir=on" % (root, dirs[0], dirs[1]))
    if os.path.exists("/etc/resolv.conf"):
        with open("/etc/resolv.conf", "rb") as src:
            conf = src.read()
        path = os.path.join(dirs[2], "etc/resolv.conf")
        if os.path.lexists(path):
            os.unlink(path)
        with open(path, "wb") as dst:
            dst.write(conf)
    return dirs[2]


# --- outside: the two runs and the comparison ----------------------------------------------------
def run_case(emulator, root, what, work, timeout):
    script, overlay = what
    shell = SHELLS[case_header(script, "shell", "sh")]
    for prog in case_header(script, "needs", "").split(","):
        if prog and not any(os.path.exists(os.path.join(root, d, prog)) for d in ("usr/bin", "bin")):
            # the same 'not found' from both emulators would compare equal and prove nothing
            return diffrun.Result(b"", b"HARNESS: %s has no %s\n" % (root.encode(), prog.encode()), 125)
    shutil.copy(script, os.path.join(work, "case"))
    if overlay:
        overlay = os.path.join(os.path.dirname(work), "overlay")
        shutil.rmtree(overlay, ignore_errors=True)
    cmd = [sys.executable, os.path.abspath(__file__), "--inner", emulator, root, work, overlay or "-",
           "--"] + shell + ["/work/case"]
    return diffrun.run_guest(cmd, None, timeout, cwd=work,
                             env=dict(GUEST_ENV, PATH=bbrun.HOST_PATH, **emulator_env()))


def run_direct(emulator, root, line, work, timeout):
    argv, stdin = line
    prog = os.path.join(root, argv[0].lstrip("/"))
    if not os.path.exists(prog):
        return diffrun.Result(b"", b"HARNESS: %s is missing\n" % prog.encode(), 125)
    stdin_path = os.path.join(work, stdin) if stdin else None
    return diffrun.run_guest([emulator, "-L", root, prog] + argv[1:], stdin_path, timeout, cwd=work,
                             env=GUEST_ENV)


def timed(fn, *a):
    t = time.monotonic()
    res = fn(*a)
    return res, time.monotonic() - t


def compare(args, runner, what, timeout):
    base = tempfile.mkdtemp(prefix="emud-jail-")
    try:
        work = bbrun.fresh_workdir(base)
        oracle, t_oracle = timed(runner, args.oracle, args.root, what, work, timeout)
        listing_oracle = bbrun.tree_listing(work)
        work = bbrun.fresh_workdir(base)
        emu, t_emu = timed(runner, args.emu, args.root, what, work, timeout)
        listing_emu = bbrun.tree_listing(work)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    for res in (oracle, emu):
        if res.status == 125 or b"HARNESS:" in res.stderr:
            print(res.stderr.decode("utf-8", "replace"))
            return 2
    want = case_header(what[0], "status", None) if runner is run_case else None
    if want is not None and oracle.status != int(want):
        # a case whose oracle run failed would compare two failures: it proves nothing
        print("HARNESS: the oracle ended with %s, the case expects exit %s:" % (
            diffrun.status_text(oracle.status), want))
        print(oracle.stdout.decode("utf-8", "replace")[-3000:], oracle.stderr.decode("utf-8", "replace")[-3000:])
        return 2
    ok = diffrun.compare(oracle, emu)
    if listing_oracle != listing_emu:
        print("files left behind differ:")
        diffrun.show_diff("files", listing_oracle.encode(), listing_emu.encode())
        ok = False
    print("time: qemu %.2f s, emu %.2f s" % (t_oracle, t_emu))
    if ok:
        print("same: stdout %d bytes, stderr %d bytes, %s, %d files" % (
            len(oracle.stdout), len(oracle.stderr), diffrun.status_text(oracle.status),
            listing_oracle.count("\n")))
        return 0
    return 1


def read_direct(name):
    """NAME: PROGRAM ARGS [<STDIN] lines of direct.txt."""
    with open(os.path.join(HERE, "direct.txt")) as f:
        for line in f:
            n, sep, cmd = line.strip().partition(":")
            if sep and n.strip() == name and not line.startswith("#"):
                argv = shlex.split(cmd)
                stdin = argv.pop()[1:] if argv and argv[-1].startswith("<") else None
                return argv, stdin
    raise SystemExit("HARNESS: no direct case %s" % name)


def main():
    if len(sys.argv) > 6 and sys.argv[1] == "--inner" and sys.argv[6] == "--":
        inner(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[7:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oracle", required=True)
    ap.add_argument("--emu", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--prefer", help="a tools/mkjail jail to use instead of --root once it is complete")
    ap.add_argument("--overlay", action="store_true", help="run cases on a throw-away overlay of the root")
    ap.add_argument("--timeout", type=float, default=0)
    ap.add_argument("mode", choices=["case", "direct"])
    ap.add_argument("what")
    args = ap.parse_args()
    for path in (args.oracle, args.emu):
        if not os.access(path, os.X_OK):
            print("HARNESS: %s is missing or not executable" % path)
            return 2
    if args.prefer and os.path.isfile(os.path.join(args.prefer, "usr/bin/apt-get")) and \
            not os.path.exists(os.path.join(args.prefer, "debootstrap")):
        args.root = args.prefer
    print("root: %s" % args.root)
    if not os.path.exists(os.path.join(args.root, "lib/ld-linux-aarch64.so.1")):
        print("HARNESS: no arm64 root at %s (run tools/mksysroot or tools/mkjail)" % args.root)
        return 2
    if args.mode == "case":
        if os.geteuid() != 0:
            print("HARNESS: chroot cases need root")
            return 2
        timeout = args.timeout or float(case_header(args.what, "timeout", "300"))
        return compare(args, run_case, (args.what, args.overlay), timeout)
    return compare(args, run_direct, read_direct(args.what), args.timeout or 120)


if __name__ == "__main__":
    sys.exit(main())
