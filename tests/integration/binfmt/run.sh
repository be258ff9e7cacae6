#!/bin/bash
# run.sh — one binfmt_misc scenario with a real emud and real binfmt_misc entries, named
# emud-test-<pid> and removed at the end. The entries live in a private binfmt_misc instance
# (a user and mount namespace, Linux 6.7+), so that while the test runs no other arm64 exec
# on the machine goes to this build's emu-exec; without one, as root, the host's instance is
# used. Usage: run.sh TEST EMU_EXEC EMUD EMUCTL PROGDIR
#        run.sh --inner TEST ...   (inside the namespace)
set -euo pipefail
inner=0
if [ "$1" = --inner ]; then inner=1; shift; fi
test=$1 emu=$2 emud=$3 emuctl=$4 progs=$5
hello=$progs/hello spawn=$progs/spawn
BINFMT=/proc/sys/fs/binfmt_misc
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

# ---------------------------------------------------------------- inside: the scenarios
# dir, id, EMUD_SOCKET and EMUCTL_STATE_DIR come from the outer part.
stat_of() { # stat_of SECTION-LINE COUNTER: a counter of one section of `emuctl stats`
    "$emuctl" stats | awk -v s="$1" -v k="$2" '$0 == s { on = 1; next } /^[a-z]/ { on = 0 }
        on && $1 == k { print $2; exit }'
}
settle() { # emud translates submissions in the background: wait until it caught up
    for _ in $(seq 200); do
        [ "$(stat_of server translate_queue)" = 0 ] && sleep 0.3 && return
        sleep 0.05
    done
}
mkjail() { # a chroot holding nothing but arm64 programs: F lets the kernel bring emu-exec
    mkdir -p "$dir/$1"
    cp "$hello" "$spawn" "$dir/$1/"
}
# run_in JAIL [PREFIX...]: runs /hello in the jail by plain exec (binfmt picks the emulator);
# prints the blocks it translated itself and the warm blocks it installed, "bad" if its
# output differs from qemu's
run_in() {
    local j=$1 tag=$1.$RANDOM
    shift
    EMU_STATS=1 "$@" chroot "$dir/$j" /hello >"$dir/out.$tag" 2>"$dir/err.$tag" || true
    if ! cmp -s "$dir/out.$tag" "$dir/expected"; then
        echo bad
        cat "$dir/err.$tag" >&2
        return
    fi
    local cold warm
    cold=$(sed -n 's/.*translated locally \([0-9]*\) blocks.*/\1/p' "$dir/err.$tag")
    warm=$(sed -n 's/.*installed \([0-9]*\).*/\1/p' "$dir/err.$tag")
    [ -n "$cold" ] || { echo bad; echo "no EMU_STATS line: $(cat "$dir/err.$tag")" >&2; return; }
    echo "$cold ${warm:-0}"
}
# warm_run VAR_COLD VAR_WARM JAIL [PREFIX...]: run_in, failing the test on a wrong output
warm_run() {
    local -n _c=$1 _w=$2
    local r
    r=$(run_in "${@:3}")
    [ "$r" != bad ] || fail "wrong output in ${3}"
    read -r _c _w <<<"$r"
}
entry_field() { sed -n "s/^$2 //p" "$BINFMT/$1"; }

inner_round_trip() {
    if "$emuctl" binfmt status --name "$id" >"$dir/st"; then fail "status of a missing entry is 0"; fi
    grep -q "$id: not installed" "$dir/st" || fail "status: $(cat "$dir/st")"
    "$emuctl" binfmt install --name "$id" --flags X && fail "bad flags accepted"
    "$emuctl" binfmt install --name "$id" --interpreter "$emu"
    "$emuctl" binfmt status --name "$id" >"$dir/st" || fail "status after install: $(cat "$dir/st")"
    cat "$dir/st"
    grep -q "^$id: enabled, interpreter $emu, flags PF" "$dir/st" || fail "status line"
    [ "$(entry_field "$id" magic)" = 7f454c460201010000000000000000000200b700 ] || fail magic
    [ "$(entry_field "$id" mask)" = ffffffffffffff00fffffffffffffffffeffffff ] || fail mask
    "$emuctl" binfmt install --name "$id" --interpreter "$emu" --flags C # C implies O
    [ "$(entry_field "$id" flags:)" = OC ] || fail "flags C gave '$(entry_field "$id" flags:)'"
    # O and C: the kernel opens the program and hands emu-exec the descriptor (AT_EXECFD).
    # Root reads a mode 0111 file anyway: this checks that path, not the permission itself.
    "$emuctl" binfmt install --name "$id" --interpreter "$emu" --flags FOC
    mkjail jo
    chmod 0111 "$dir/jo/hello"
    EMU_EMUD=0 chroot "$dir/jo" /hello >"$dir/out.o" || fail "flags FOC: the program did not run"
    cmp -s "$dir/out.o" "$dir/expected" || fail "flags FOC: wrong output"
    "$emuctl" binfmt remove --name "$id"
    [ ! -e "$BINFMT/$id" ] || fail "entry left after remove"
    "$emuctl" binfmt remove --name "$id" | grep -q "not installed" || fail "second remove"
    [ "${PRIVATE_BINFMT:-0}" = 1 ] || return 0 # never hide the host's binfmt_misc
    # an unmounted binfmt_misc is mounted by install
    mount -t tmpfs none "$BINFMT"
    "$emuctl" binfmt install --name "$id" --interpreter "$emu" | tee "$dir/inst"
    grep -q "mounted binfmt_misc" "$dir/inst" || fail "install did not mount binfmt_misc"
    [ -e "$BINFMT/$id" ] || fail "entry missing after mounting"
    "$emuctl" binfmt remove --name "$id"
}

inner_replace_restore() {
    local q=$id-qemu qi=/usr/bin/qemu-aarch64-static
    [ -x $qi ] || qi=$emu
    printf ':%s:M::%s:%s:%s:F' "$q" \
        '\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00' \
        '\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff' \
        "$qi" >"$BINFMT/register"
    "$emuctl" binfmt install --name "$id" --interpreter "$emu" | tee "$dir/inst"
    grep -q "note: $q ($qi) also runs arm64 programs" "$dir/inst" || fail "existing entry not reported"
    [ "$(head -1 "$BINFMT/$q")" = enabled ] || fail "without --replace the other entry is disabled"
    "$emuctl" binfmt install --name "$id" --interpreter "$emu" --replace | tee "$dir/inst"
    grep -q "disabled $q" "$dir/inst" || fail "--replace did not say it disabled $q"
    [ "$(head -1 "$BINFMT/$q")" = disabled ] || fail "--replace left $q enabled"
    "$emuctl" binfmt status --name "$id" | tee "$dir/st"
    grep -q "^$q: disabled.*(disabled by $id)" "$dir/st" || fail "status does not show the replaced entry"
    "$emuctl" binfmt remove --name "$id" --restore | tee "$dir/rm"
    [ "$(head -1 "$BINFMT/$q")" = enabled ] || fail "--restore left $q disabled"
    [ ! -e "$BINFMT/$id" ] || fail "entry left after remove"
    echo -1 >"$BINFMT/$q"
}

inner_two_jails() {
    mkjail j1
    mkjail j2
    # F alone: no P, no /proc, no x86-64 file in the jails
    "$emuctl" binfmt install --name "$id" --interpreter "$emu" --flags F
    "$emuctl" jail add "$dir/j1"
    "$emuctl" jail add "$dir/j2"
    "$emuctl" jail list | tee "$dir/list"
    [ "$(grep -c "^shared .* $dir/j[12]\$" "$dir/list")" = 2 ] || fail "jail list"
    warm_run cold1 warm1 j1
    settle
    warm_run cold2 warm2 j2
    echo "jail 1 (cold): translated $cold1 blocks, $warm1 warm; jail 2: translated $cold2, $warm2 warm"
    [ "$cold1" -gt 100 ] && [ $((cold2 * 20)) -le "$cold1" ] && [ "$warm2" -gt 100 ] ||
        fail "the second jail was not served warm"
    # both jails at once, and one in its own pid and mount namespace
    run_in j1 >"$dir/a" & a=$!
    run_in j2 unshare --mount --pid --fork >"$dir/b" & b=$!
    wait $a $b
    for f in a b; do
        read -r c w <"$dir/$f"
        [ "$c" != bad ] && [ $((c * 20)) -le "$cold1" ] || fail "concurrent run $f: $c $w"
    done
    echo "at once: $(cat "$dir/a") / $(cat "$dir/b") (translated, warm)"
    # a guest counts in its jail whether emud adopted it or only handed it packs (by
    # descriptor: these jails reach emud through the abstract socket)
    guests_of() { echo $(($(stat_of "jail $dir/$1" guests_total) + $(stat_of "jail $dir/$1" packfd_guests))); }
    [ "$(guests_of j1)" = 2 ] || fail "jail j1 guests: $(guests_of j1)"
    [ "$(guests_of j2)" = 2 ] || fail "jail j2 guests: $(guests_of j2) (pid namespace one counted?)"
    [ "$(stat_of "jail $dir/j2" packfd_guests)" -ge 2 ] || fail "j2 guests not served packs by descriptor"
    [ "$(stat_of "jail $dir/j2" registered)" = 1 ] || fail "j2 not registered in stats"
    "$emuctl" jail remove "$dir/j1"
    "$emuctl" jail list | grep -q "$dir/j1\$" && fail "j1 still listed after remove"
    # --bind: the path socket's directory is mounted into the jail, and guests name it
    mkjail j4
    local psock=ipc://$dir/run/emud.sock
    EMUD_SOCKET=$psock "$emuctl" jail add --bind "$dir/j4"
    [ -S "$dir/j4$dir/run/emud.sock" ] || fail "jail add --bind mounted no socket"
    warm_run c4 w4 j4 env EMUD_SOCKET="$psock"
    echo "through the bound path socket: $c4 translated, $w4 warm"
    [ "$w4" -gt 100 ] || fail "the guest in the --bind jail was not served through the path socket"
    EMUD_SOCKET=$psock "$emuctl" jail remove "$dir/j4"
    [ ! -e "$dir/j4$dir/run/emud.sock" ] || fail "jail remove left the socket directory mounted"
    # an isolated jail bound to the path socket does not see the shared warm packs beside it
    settle
    for _ in $(seq 50); do [ -n "$(ls "$dir/run/packs")" ] && break; sleep 0.1; done
    [ -n "$(ls "$dir/run/packs")" ] || fail "emud published no packs in $dir/run/packs"
    # a shared jail gets them read-only where its guests look by default (/run/emud/packs)
    mkjail j6
    EMUD_SOCKET=$psock "$emuctl" jail add "$dir/j6"
    [ "$(ls "$dir/j6/run/emud/packs")" = "$(ls "$dir/run/packs")" ] || fail "packs not bound into j6"
    touch "$dir/j6/run/emud/packs/x" 2>/dev/null && fail "the jail may write emud's packs"
    warm_run c6 w6 j6 env EMUD_PACKS=/run/emud/packs
    echo "shared jail served from the bound packs: $c6 translated, $w6 warm"
    [ "$w6" -gt 100 ] && [ $((c6 * 20)) -le "$cold1" ] || fail "the shared jail did not start warm from packs"
    EMUD_SOCKET=$psock "$emuctl" jail remove "$dir/j6"
    [ -z "$(ls "$dir/j6/run/emud/packs")" ] || fail "jail remove left the packs bound"
    mkjail j5
    EMUD_SOCKET=$psock "$emuctl" jail add --isolated --bind "$dir/j5"
    [ -z "$(ls "$dir/j5$dir/run/packs")" ] || fail "the isolated jail sees the shared packs"
    warm_run c5 w5 j5 env EMUD_SOCKET="$psock"
    echo "isolated jail through the bound path socket: $c5 translated, $w5 warm"
    [ "$w5" = 0 ] && [ "$c5" -gt 100 ] || fail "the isolated --bind jail got shared translations"
    EMUD_SOCKET=$psock "$emuctl" jail remove "$dir/j5"
    "$emuctl" binfmt remove --name "$id"
}

inner_isolated_jail() {
    mkjail j1
    mkjail j3
    "$emuctl" binfmt install --name "$id" --interpreter "$emu"
    "$emuctl" jail add "$dir/j1"
    "$emuctl" jail add --isolated "$dir/j3" | tee "$dir/add"
    grep -q "isolated, cache namespace" "$dir/add" || fail "jail add --isolated"
    warm_run cold1 w j1
    settle
    warm_run c w j1
    [ $((c * 20)) -le "$cold1" ] || fail "j1 not warm on its second run"
    local blocks
    blocks=$("$emuctl" stats --cache | awk '$1 == "blocks" { print $2 }')
    warm_run c3 w3 j3
    echo "shared jail: $cold1 blocks translated cold, then $c; isolated jail after it: $c3 translated, $w3 warm"
    [ "$w3" = 0 ] && [ $((c3 * 2)) -gt "$cold1" ] ||
        fail "the isolated jail got blocks of the shared cache"
    settle
    warm_run c3b w3b j3
    echo "isolated jail again: $c3b translated, $w3b warm"
    [ $((c3b * 20)) -le "$c3" ] && [ "$w3b" -gt 100 ] || fail "the isolated jail's own namespace is not warm"
    local after
    after=$("$emuctl" stats --cache | awk '$1 == "blocks" { print $2 }')
    [ "$after" -gt "$blocks" ] || fail "the isolated jail's blocks were not stored apart"
    [ "$(stat_of "jail $dir/j3" isolated)" = 1 ] || fail "stats do not show j3 isolated"
    warm_run c w j1
    [ $((c * 20)) -le "$cold1" ] || fail "j1 lost its warm set"
    "$emuctl" binfmt remove --name "$id"
}

inner_emud_restart() {
    mkjail j1
    "$emuctl" binfmt install --name "$id" --interpreter "$emu" # F and P: the guest execs
    "$emuctl" jail add --isolated "$dir/j1" >/dev/null
    chroot "$dir/j1" /spawn /hello >"$dir/spawn.out" 2>"$dir/spawn.err" & s=$!
    touch "$dir/ready"
    for _ in $(seq 600); do [ -e "$dir/restarted" ] && break; sleep 0.1; done
    [ -e "$dir/restarted" ] || fail "emud was not restarted"
    sleep 0.5
    touch "$dir/j1/stop"
    wait $s || fail "guest failures: $(cat "$dir/spawn.out" "$dir/spawn.err")"
    cat "$dir/spawn.out"
    local runs
    runs=$(awk '{ print $2 }' "$dir/spawn.out")
    [ "$runs" -ge 10 ] || fail "only $runs runs"
    "$emuctl" jail list | grep -q "^isolated:.* $dir/j1\$" || fail "jail record lost over the restarts"
    "$emuctl" binfmt remove --name "$id"
}

if [ $inner = 1 ]; then
    "inner_$test"
    exit 0
fi

# ---------------------------------------------------------------- outside: emud, namespaces
[ -x "$hello" ] || fail "missing $hello"
id=emud-test-$$
dir=$(mktemp -d /tmp/emu-binfmt.XXXXXX)
export EMUD_SOCKET=abstract://$id EMUCTL_STATE_DIR=$dir/state id dir
pid=
cleanup() {
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    for e in "$id" "$id-qemu"; do [ -e "$BINFMT/$e" ] && echo -1 >"$BINFMT/$e" 2>/dev/null; done
    rm -rf "$dir"
}
trap cleanup EXIT

start_emud() {
    mkdir -p "$dir/run"
    "$emud" --cache "$dir/cache" --socket "$EMUD_SOCKET" --socket "ipc://$dir/run/emud.sock" \
        --foreground --log "$dir/emud.log" --nosync &
    pid=$!
    for _ in $(seq 100); do "$emuctl" stats >/dev/null 2>&1 && return; sleep 0.05; done
    cat "$dir/emud.log"
    fail "emud did not come up"
}

# Where the entries go: a private binfmt_misc (preferred), else the host's.
NS=(unshare --user --map-root-user --mount --propagation private)
if "${NS[@]}" mount -t binfmt_misc binfmt_misc $BINFMT 2>/dev/null; then
    runner=("${NS[@]}" bash -c 'mount -t binfmt_misc binfmt_misc '$BINFMT' && exec "$@"' inner)
    export PRIVATE_BINFMT=1
    echo "binfmt_misc: a private instance in a user namespace"
elif [ "$(id -u)" = 0 ] && { mountpoint -q $BINFMT || mount -t binfmt_misc binfmt_misc $BINFMT; }; then
    runner=()
    echo "binfmt_misc: the host's instance (no private one here)"
else
    skip "binfmt_misc cannot be mounted here (neither a private instance nor, as root, the host's)"
fi

qemu-aarch64-static "$hello" >"$dir/expected"
start_emud
if [ "$test" = round_trip ] && [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$emuctl" binfmt install --name "$id" 2>&1) &&
        fail "non-root install succeeded"
    echo "$out" | grep -q "needs root" || fail "non-root refusal unclear: $out"
fi

"${runner[@]}" bash "$0" --inner "$test" "$emu" "$emud" "$emuctl" "$progs" & inner_pid=$!
if [ "$test" = emud_restart ]; then
    for _ in $(seq 300); do [ -e "$dir/ready" ] && break; sleep 0.1; done
    sleep 1
    kill "$pid"; wait "$pid" || true # a clean stop
    start_emud
    sleep 1
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true # a crash
    start_emud
    sleep 1
    touch "$dir/restarted"
fi
wait $inner_pid || fail "$test (emud log: $(tail -5 "$dir/emud.log"))"
kill "$pid"; wait "$pid" || true; pid=
"$emuctl" cache verify --cache "$dir/cache" >/dev/null || fail "the cache does not verify"
echo "$test: ok"
