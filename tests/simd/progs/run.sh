#!/bin/sh
# run.sh — the SIMD test programs end to end: each is built for arm64 at -O0, -O2 and -O3 and run
# under qemu-aarch64 (the oracle) and under emu-exec; stdout and exit status must match.
# A program names extra compiler flags in a line "// simd-cflags: ...".
# usage: run.sh EMU_EXEC [PROGRAM.c ...]   (default: every *.c next to this script)
EMU=$1
shift
SRC=$(cd "$(dirname "$0")" && pwd)
CC=${AARCH64_CC:-aarch64-linux-gnu-gcc}
QEMU=${QEMU_AARCH64:-qemu-aarch64-static}
DIR=$(mktemp -d /tmp/simdprogs.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
[ $# -gt 0 ] || set -- "$SRC"/*.c
fail=0
for src in "$@"; do
    name=$(basename "$src" .c)
    cflags=$(sed -n 's|^// simd-cflags: *||p' "$src")
    for level in O0 O2 O3; do
        bin="$DIR/$name-$level"
        if ! "$CC" -static -$level -Wall -I"$SRC" $cflags -o "$bin" "$src" -lm; then
            echo "FAIL $name -$level: does not build"
            fail=1
            continue
        fi
        "$QEMU" "$bin" > "$DIR/want" 2>&1
        want=$?
        timeout 300 "$EMU" "$bin" > "$DIR/got" 2>&1
        got=$?
        if [ $want -ne $got ] || ! cmp -s "$DIR/want" "$DIR/got"; then
            echo "FAIL $name -$level: exit $got (qemu $want)"
            diff "$DIR/want" "$DIR/got" | head -5 | cut -c1-200
            fail=1
        else
            echo "ok   $name -$level"
        fi
    done
done
exit $fail
