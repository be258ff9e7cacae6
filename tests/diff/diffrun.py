#!/usr/bin/env python3
# tests/diff/diffrun.py: runs one arm64 program under the oracle (qemu-aarch64-static) and under the
# emulator being tested, with the same arguments, stdin and environment; compares stdout, stderr, status.
"""Usage: diffrun.py --oracle QEMU --emu EMU [--stdin FILE] [--timeout S] -- PROGRAM [ARGS...]

Exit status 0 when both runs agree byte for byte, 1 when they differ (a diff is printed),
2 on a harness error. Other test folders import run_guest() and compare() from here.
"""
import argparse
import difflib
import os
import re
import resource
import shlex
import subprocess
import sys
import tempfile

# The guest sees the same small environment under both emulators, so nothing from the
# developer's shell (locale, PATH with host-only tools) changes its output.
GUEST_ENV = {
    "PATH": "/usr/bin:/bin",
    "HOME": "/tmp",
    "LANG": "C",
    "LC_ALL": "C",
    "TZ": "UTC",
}

# qemu reports a guest killed by a signal on its own stderr (emu-exec copies the message); it is
# the emulator's voice, not the guest's, so it is dropped from both sides before comparing.
QEMU_NOISE = re.compile(rb"^qemu: uncaught target signal [^\n]*\n?", re.MULTILINE)


class Result:
    def __init__(self, stdout, stderr, status, timed_out=False):
        self.stdout = stdout
        self.stderr = stderr
        self.status = status
        self.timed_out = timed_out


def status_text(status):
    if status is None:
        return "timeout"
    if status < 0:
        return "signal %d" % -status
    return "exit %d" % status


def _no_core_dumps():
    # A guest killed by SIGABRT/SIGSEGV must not leave core files in the test folder.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_guest(argv, stdin_path=None, timeout=120, cwd=None, env=None):
    """Runs argv with a fixed environment; stdin is the file or empty."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    # Files, not pipes: a guest that writes megabytes must not fill a pipe while its
    # sibling stream is being read, and the files make the runs reproducible by hand.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=err,
                                    env=env or GUEST_ENV, cwd=cwd, start_new_session=True,
                                    preexec_fn=_no_core_dumps)
            try:
                status = proc.wait(timeout=timeout)
                timed_out = False
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()
                status, timed_out = None, True
        finally:
            if stdin_path:
                stdin.close()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    stderr = QEMU_NOISE.sub(b"", stderr)
    return Result(stdout, stderr, status, timed_out)


def show_diff(name, want, got, limit=60):
    a = want.decode("utf-8", "replace").splitlines(keepends=True)
    b = got.decode("utf-8", "replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, "qemu " + name, "emu " + name, n=2))
    for line in lines[:limit]:
        line = line.rstrip("\n")
        # A single line can be megabytes (binary output): show its start only.
        print(line if len(line) <= 240 else line[:240] + "... (%d chars)" % len(line))
    if len(lines) > limit:
        print("... %d more diff lines" % (len(lines) - limit))


def compare(oracle, emu, label=""):
    """Prints the differences; returns True when the runs agree."""
    ok = True
    if oracle.timed_out:
        print("%sHARNESS: the oracle timed out" % label)
        return False
    if emu.timed_out:
        print("%semu timed out (qemu: %s)" % (label, status_text(oracle.status)))
        ok = False
    elif emu.status != oracle.status:
        print("%sstatus differs: qemu %s, emu %s" % (label, status_text(oracle.status),
                                                   status_text(emu.status)))
        ok = False
    for name, want, got in (("stdout", oracle.stdout, emu.stdout),
                            ("stderr", oracle.stderr, emu.stderr)):
        if want != got:
            print("%s%s differs (qemu %d bytes, emu %d bytes):" % (label, name, len(want), len(got)))
            show_diff(name, want, got)
            ok = False
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oracle", required=True)
    ap.add_argument("--emu", required=True)
    ap.add_argument("--stdin")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("program", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    prog = args.program[1:] if args.program[:1] == ["--"] else args.program
    if not prog:
        ap.error("no program")
    for path in (args.oracle, args.emu, prog[0]):
        if not os.access(path, os.X_OK):
            print("HARNESS: %s is missing or not executable" % path)
            return 2
    oracle = run_guest([args.oracle] + prog, args.stdin, args.timeout)
    emu = run_guest([args.emu] + prog, args.stdin, args.timeout)
    if compare(oracle, emu):
        print("same: stdout %d bytes, stderr %d bytes, %s" % (len(oracle.stdout), len(oracle.stderr),
                                                              status_text(oracle.status)))
        return 0
    print("command: %s" % shlex.join([args.emu] + prog))
    return 1


if __name__ == "__main__":
    sys.exit(main())
