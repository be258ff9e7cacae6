# busybox case: parameter expansion and string handling with builtins (no subshells).
# group: inproc
s="The quick brown fox jumps over the lazy dog"
echo "len ${#s}"
echo "prefix ${s#* }"
echo "longest prefix ${s##* }"
echo "suffix ${s% *}"
echo "longest suffix ${s%% *}"
echo "replace ${s/o/0}"
echo "replace all ${s//o/0}"
echo "substring ${s:4:5} ${s:10} ${s: -3}"
unset u
echo "default ${u:-dflt} ${u-dash} alt ${s:+set} ${u:+unset}"
: ${u:=assigned}; echo "assigned $u"
path=/usr/local/lib/libfoo.so.1.2.3
echo "dir ${path%/*} base ${path##*/} ext ${path#*.}"
IFS=: read -r a b c <<END
alpha:beta:gamma:delta
END
echo "read $a|$b|$c"
words="one two  three   four"
for w in $words; do printf '[%s]' "$w"; done; echo
set -f; star="*"; echo "noglob $star"; set +f
