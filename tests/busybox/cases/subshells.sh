# busybox case: command substitution, subshells and pipelines between builtins (fork, no exec).
# group: fork
a=$(echo hello; echo world)
echo "subst: $a"
b=$( (echo nested; echo "$((6 * 7))") )
echo "nested: $b"
( x=inside; echo "subshell $x"; exit 3 ); echo "subshell status $?"
echo "x still ${x-unset}"
count=$(printf '%s\n' a b c d e | while read -r l; do echo "$l"; done | { n=0; while read -r _; do n=$((n + 1)); done; echo $n; })
echo "pipeline count $count"
echo abc | { read -r v; echo "read from pipe: $v"; }
for i in 1 2 3; do echo "item $i"; done | while read -r w n; do echo "$n-$w"; done
f() { echo "in f $1"; return 5; }
r=$(f arg); echo "captured '$r' status $?"
true | false; echo "pipeline status $?"
! false; echo "negated $?"
set -o pipefail 2>/dev/null && { false | true; echo "pipefail status $?"; }
