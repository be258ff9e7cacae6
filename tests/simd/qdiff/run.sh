#!/bin/sh
# run.sh — one round of the SIMD differential test: qdiff generates cases, the arm64 runner
# executes them under qemu-aarch64, qdiff checks the helpers against qemu's results.
# usage: run.sh QDIFF_BINARY [gen PER_PATTERN SEED [NAME] | space COUNT SEED | words N SEED FILE]
# With EMU_EXEC set, the runner also runs under emu-exec and its results are compared with qemu's
# (the whole translator, not only the helpers).
set -e
QDIFF=$1
MODE=${2:-gen}
N=${3:-20}
SEED=${4:-1}
NAME=$5
SRC=$(cd "$(dirname "$0")" && pwd)
DIR=$(mktemp -d /tmp/qdiff.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
[ -z "$EMU_EXEC" ] || export QDIFF_NOFAULT=1
"$QDIFF" "$MODE" "$DIR" "$N" "$SEED" $NAME
aarch64-linux-gnu-gcc -static -O1 -I"$SRC" -o "$DIR/runner" "$SRC/runner.c" "$DIR/cases.S"
qemu-aarch64-static "$DIR/runner" "$DIR/cases.bin" "$DIR/results.bin"
status=0
"$QDIFF" check "$DIR" "${QDIFF_PRINT:-30}" || status=$?
if [ -n "$EMU_EXEC" ]; then
    "$EMU_EXEC" "$DIR/runner" "$DIR/cases.bin" "$DIR/results_emu.bin"
    "$QDIFF" check2 "$DIR" "${QDIFF_PRINT:-30}" || status=$?
fi
exit $status
