#!/bin/sh
# run.sh — one round of the native-emitter differential test: the FP (fq) or SIMD (qd) case
# generator writes cases, its arm64 runner executes them under qemu-aarch64, and vq runs the
# same cases through the translator.
# usage: run.sh fq|qd|qd-space GENERATOR VQ COUNT SEED [PATTERN_NAME]
set -e
KIND=$1
GEN=$2
VQ=$3
N=${4:-20}
SEED=${5:-1}
NAME=$6
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=$(mktemp -d /tmp/vq.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
case $KIND in
fq)
    "$GEN" gen "$DIR" "$N" "$SEED" $NAME
    aarch64-linux-gnu-gcc -static -O1 -I"$ROOT/tests/fp/qdiff" -o "$DIR/runner" \
        "$ROOT/tests/fp/qdiff/runner.c"
    qemu-aarch64-static "$DIR/runner" "$DIR/cases.bin" "$DIR/results.bin"
    "$VQ" fq "$DIR" "${VQ_PRINT:-30}"
    ;;
qd | qd-space)
    MODE=gen
    [ "$KIND" = qd-space ] && MODE=space
    "$GEN" "$MODE" "$DIR" "$N" "$SEED" $NAME
    aarch64-linux-gnu-gcc -static -O1 -I"$ROOT/tests/simd/qdiff" -o "$DIR/runner" \
        "$ROOT/tests/simd/qdiff/runner.c" "$DIR/cases.S"
    qemu-aarch64-static "$DIR/runner" "$DIR/cases.bin" "$DIR/results.bin"
    "$VQ" qd "$DIR" "${VQ_PRINT:-30}"
    ;;
*)
    echo "usage: run.sh fq|qd|qd-space GENERATOR VQ COUNT SEED [PATTERN_NAME]" >&2
    exit 2
    ;;
esac
