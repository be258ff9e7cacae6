#!/usr/bin/env python3
# tests/shim/expect.py: runs a command and compares its stdout and exit status with a file
# of expected output ("exit N" on its last line if the status is not 0). For behaviour
# qemu-aarch64 cannot show without binfmt_misc (execve of arm64 programs).
import subprocess
import sys

expected_path, cmd = sys.argv[1], sys.argv[2:]
want = open(expected_path, "rb").read()
status = 0
lines = want.splitlines(keepends=True)
if lines and lines[-1].startswith(b"exit "):
    status = int(lines[-1].split()[1])
    want = b"".join(lines[:-1])
p = subprocess.run(cmd, stdout=subprocess.PIPE, timeout=60)
if p.stdout != want or p.returncode != status:
    sys.stdout.write("expected (status %d):\n%s\ngot (status %d):\n%s\n" % (
        status, want.decode(errors="replace"), p.returncode, p.stdout.decode(errors="replace")))
    sys.exit(1)
