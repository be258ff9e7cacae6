# jail case: a dash script — functions, loops, case, here-documents, traps, subshells, redirections.
# shell: sh
# needs: dash
set -u
count_words() { n=0; for w in $1; do n=$((n + 1)); done; echo $n; }
i=0
while read -r line; do
  i=$((i + 1))
  [ $((i % 50)) -eq 0 ] && echo "line $i has $(count_words "$line") words"
done < data/text.txt
for f in data/*.txt; do
  case $f in
    *words*) kind=list ;;
    *text*|*old*|*new*) kind=prose ;;
    *) kind=other ;;
  esac
  printf '%-20s %s %s\n' "${f#data/}" "$kind" "$(wc -l < "$f")"
done
cat <<END > here.out
user=$(id -un) pwd=$PWD
$(echo nested $(echo substitution))
END
cat here.out
( cd data/tree && echo "subshell in ${PWD##*/}"; exit 3 ); echo "subshell status $?"
trap 'echo trapped EXIT' EXIT
{ echo to-stderr >&2; echo to-stdout; } 2>err.out
echo "err.out: $(cat err.out)"
x=${UNSET:-default} y=${HOME:+set}; echo "$x $y ${#x}"
set -- a "b c" d; echo "$# args: $2"; shift 2; echo "left $*"
exec 3>fd3.out; echo via-fd3 >&3; exec 3>&-; cat fd3.out
false || echo "or-list ran"; true && echo "and-list ran"
echo done
