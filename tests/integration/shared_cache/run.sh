#!/bin/bash
# run.sh — one shared-cache scenario with a real emud (own cache and socket) and real guests.
# Usage: run.sh TEST EMU_EXEC EMUD EMUCTL PROG
set -euo pipefail
test=$1 emu=$2 emud=$3 emuctl=$4 prog=$5
dir=$(mktemp -d /tmp/emu-shared.XXXXXX)
sock="ipc://$dir/emud.sock"
export EMUD_SOCKET=$sock
pid=
cleanup() {
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    if mountpoint -q "$dir/packs" 2>/dev/null; then umount -l "$dir/packs"; fi
    rm -rf "$dir"
}
trap cleanup EXIT

# an abstract name of this test's own (the packs descriptor socket is beside it)
abstract="emu-shared-$$-$RANDOM"
emud_opts=()
start_emud() {
    "$emud" --cache "$dir/cache" --socket "$sock" --socket "abstract://$abstract" --foreground \
        --log "$dir/emud.log" --nosync "${emud_opts[@]}" &
    pid=$!
    for _ in $(seq 100); do "$emuctl" stats >/dev/null 2>&1 && return; sleep 0.05; done
    echo "emud did not come up"; cat "$dir/emud.log"; exit 1
}
stat_of() { "$emuctl" stats | awk -v k="$1" '$1 == k { print $2; exit }'; }
# emud translates submissions in the background: wait until it has caught up
settle() {
    for _ in $(seq 200); do [ "$(stat_of translate_queue)" = 0 ] && sleep 0.2 && return; sleep 0.05; done
}
# run the guest (files tagged $tag, so guests can run at once); print how many blocks it
# translated itself, or "bad" if its output differs from qemu's
tag=0
guest() {
    local out=$dir/out$tag err=$dir/err$tag
    EMU_STATS=1 "$emu" -L /usr/aarch64-linux-gnu "$prog" "$@" >"$out" 2>"$err" || true
    if ! cmp -s "$out" "$dir/expected"; then echo bad; diff "$dir/expected" "$out" >&2; return; fi
    sed -n 's/.*translated locally \([0-9]*\) blocks.*/\1/p' "$err"
}

qemu-aarch64-static -L /usr/aarch64-linux-gnu "$prog" 1 >"$dir/expected"
if [ "$test" = packs_on_tmpfs ]; then
    [ "$(id -u)" = 0 ] || { echo "SKIP: packs_on_tmpfs mounts a tmpfs: needs root"; exit 77; }
    emud_opts=(--packs-tmpfs)
fi
start_emud
case $test in
warm_second_run)
    cold=$(guest 1); settle; warm=$(guest 1)
    echo "cold run translated $cold blocks locally, warm run $warm"
    [ "$cold" -gt 100 ] && [ $((warm * 20)) -le "$cold" ] # at least 95% fewer
    ;;
flush_empties)
    guest 1 >/dev/null; settle
    [ "$(stat_of blocks)" -gt 0 ] || { echo "nothing cached"; exit 1; }
    "$emuctl" flush --all
    [ "$(stat_of blocks)" = 0 ] || { echo "flush left $(stat_of blocks) blocks"; exit 1; }
    again=$(guest 1)
    echo "after flush the guest translated $again blocks itself"
    [ "$again" -gt 100 ]
    ;;
emud_killed_midrun)
    guest 1 >/dev/null; settle
    qemu-aarch64-static -L /usr/aarch64-linux-gnu "$prog" 30 >"$dir/expected"
    EMU_STATS=1 "$emu" -L /usr/aarch64-linux-gnu "$prog" 30 >"$dir/out" 2>"$dir/err" &
    g=$!
    sleep 0.3; kill -9 "$pid"; wait "$pid" 2>/dev/null || true; pid=
    wait "$g"
    cmp "$dir/out" "$dir/expected"
    start_emud # the cache must still open and verify clean
    kill "$pid"; wait "$pid" || true; pid=
    "$emuctl" cache verify --cache "$dir/cache"
    ;;
served_from_packs)
    # emud publishes the warm sets next to its socket; a later guest maps them and asks nothing
    guest 1 >/dev/null; settle
    for _ in $(seq 100); do [ "$(ls "$dir"/packs/*.pack 2>/dev/null | wc -l)" -ge 2 ] && break; sleep 0.1; done
    ls -l "$dir/packs"
    EMU_STATS=1 "$emu" -L /usr/aarch64-linux-gnu "$prog" 1 >"$dir/out" 2>"$dir/err"
    cmp "$dir/out" "$dir/expected"
    grep -q '([2-9] images from packs)' "$dir/err" || { cat "$dir/err"; echo "packs not used"; exit 1; }
    warm=$(sed -n 's/.*translated locally \([0-9]*\) blocks.*/\1/p' "$dir/err")
    [ "$warm" -lt 50 ] || { echo "from packs yet translated $warm blocks"; exit 1; }
    # a pack anyone may write is not emud's: refused, and the guest asks emud instead
    for f in "$dir"/packs/*.pack; do chmod 0666 "$f"; done
    EMU_STATS=1 "$emu" -L /usr/aarch64-linux-gnu "$prog" 1 >"$dir/out" 2>"$dir/err"
    cmp "$dir/out" "$dir/expected"
    grep -q '(0 images from packs)' "$dir/err" || { cat "$dir/err"; echo "writable pack used"; exit 1; }
    warm=$(sed -n 's/.*translated locally \([0-9]*\) blocks.*/\1/p' "$dir/err")
    [ "$warm" -lt 50 ] || { echo "fallback to emud translated $warm blocks"; exit 1; }
    # a flush removes the packs at once
    "$emuctl" flush --all
    [ -z "$(ls "$dir"/packs/*.pack 2>/dev/null)" ] || { ls -l "$dir/packs"; echo "flush left packs"; exit 1; }
    ;;
served_by_descriptor)
    # a guest that reaches emud through the abstract socket cannot see the pack directory (a
    # chroot nobody bound it into): emud hands it the packs by descriptor, and it asks nothing
    guest 1 >/dev/null; settle
    for _ in $(seq 100); do [ "$(ls "$dir"/packs/*.pack 2>/dev/null | wc -l)" -ge 2 ] && break; sleep 0.1; done
    served0=$("$emuctl" stats --server | awk '$1 == "packfd_served" { print $2 }')
    EMUD_SOCKET="abstract://$abstract" EMU_STATS=1 "$emu" -L /usr/aarch64-linux-gnu "$prog" 1 \
        >"$dir/out" 2>"$dir/err"
    cmp "$dir/out" "$dir/expected"
    grep -q '([2-9] images from packs)' "$dir/err" || { cat "$dir/err"; echo "no packs by descriptor"; exit 1; }
    grep -q 'not connected' "$dir/err" || { cat "$dir/err"; echo "asked emud over nng"; exit 1; }
    warm=$(sed -n 's/.*translated locally \([0-9]*\) blocks.*/\1/p' "$dir/err")
    [ "$warm" -lt 50 ] || { echo "from packs by descriptor yet translated $warm blocks"; exit 1; }
    served=$("$emuctl" stats --server | awk '$1 == "packfd_served" { print $2 }')
    echo "packs handed over by descriptor: $((served - served0))"
    [ $((served - served0)) -ge 2 ]
    # no pack (flushed): the guest asks emud over nng, as without descriptors
    "$emuctl" flush --all
    EMUD_SOCKET="abstract://$abstract" EMU_STATS=1 "$emu" -L /usr/aarch64-linux-gnu "$prog" 1 \
        >"$dir/out" 2>"$dir/err"
    cmp "$dir/out" "$dir/expected"
    grep -q '(0 images from packs)' "$dir/err" || { cat "$dir/err"; echo "a flushed pack used"; exit 1; }
    [ "$(stat_of packfd_missing)" -ge 1 ] || { echo "missing packs not counted"; exit 1; }
    # a malformed request closes that connection only; emud goes on serving
    python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect("\0" + sys.argv[1] + ".packs")
s.send(b"nonsense")
sys.exit(0 if s.recv(16) == b"" else 1)' "$abstract" || { echo "malformed request not refused"; exit 1; }
    [ "$(stat_of packfd_malformed)" -ge 1 ] || { echo "malformed request not counted"; exit 1; }
    "$emuctl" stats >/dev/null
    ;;
packs_on_tmpfs)
    # emud --packs-tmpfs: the packs directory is a tmpfs of its own, with huge pages
    findmnt -n -o FSTYPE,OPTIONS "$dir/packs" | tee "$dir/mnt"
    grep -q '^tmpfs .*huge=within_size' "$dir/mnt" || { echo "no huge tmpfs at $dir/packs"; exit 1; }
    guest 1 >/dev/null; settle
    for _ in $(seq 100); do [ "$(ls "$dir"/packs/*.pack 2>/dev/null | wc -l)" -ge 2 ] && break; sleep 0.1; done
    EMU_STATS=1 "$emu" -L /usr/aarch64-linux-gnu "$prog" 1 >"$dir/out" 2>"$dir/err"
    cmp "$dir/out" "$dir/expected"
    grep -q '([2-9] images from packs)' "$dir/err" || { cat "$dir/err"; echo "packs not used"; exit 1; }
    # a restarted emud keeps the mount (one, not one more over it)
    kill "$pid"; wait "$pid" || true; pid=
    start_emud
    [ "$(findmnt -n "$dir/packs" | wc -l)" = 1 ] || { findmnt "$dir/packs"; echo "mounted twice"; exit 1; }
    ;;
many_guests)
    gs=()
    for i in $(seq 8); do tag=$i guest 1 >"$dir/n$i" & gs+=($!); done
    wait "${gs[@]}" # not emud
    for i in $(seq 8); do
        [ "$(cat "$dir/n$i")" != bad ] || { echo "concurrent guest $i went wrong"; exit 1; }
    done
    settle; warm=$(guest 1)
    echo "after 8 concurrent guests the next one translated $warm blocks itself"
    [ "$warm" -lt 50 ]
    ;;
esac
echo "$test: ok"
