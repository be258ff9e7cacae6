#!/bin/sh
# run.sh — one round of the FP differential test: fq generates cases, the arm64 runner executes
# them under qemu-aarch64, fq checks the helpers against qemu's results.
# usage: run.sh FQ_BINARY PER_PATTERN SEED [PATTERN_NAME]
set -e
FQ=$1
N=${2:-20}
SEED=${3:-1}
NAME=$4
SRC=$(cd "$(dirname "$0")" && pwd)
DIR=$(mktemp -d /tmp/fq.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
"$FQ" gen "$DIR" "$N" "$SEED" $NAME
aarch64-linux-gnu-gcc -static -O1 -I"$SRC" -o "$DIR/runner" "$SRC/runner.c"
qemu-aarch64-static "$DIR/runner" "$DIR/cases.bin" "$DIR/results.bin"
"$FQ" check "$DIR" "${FQ_PRINT:-30}"
