# jail case: bash features — arrays, associative arrays, [[ ]], regex matches, process substitution,
# mapfile, printf -v, brace expansion, pattern substitution, arithmetic, functions with locals.
# shell: bash
# needs: bash,diff
set -euo pipefail
declare -A freq
mapfile -t words < data/words.txt
for w in "${words[@]}"; do freq[$w]=$(( ${freq[$w]:-0} + 1 )); done
for k in $(printf '%s\n' "${!freq[@]}" | sort); do printf '%s=%d ' "$k" "${freq[$k]}"; done; echo
arr=({a..e}{1..3}); echo "${#arr[@]} ${arr[*]:2:5} ${arr[-1]}"
s="The quick brown fox"; echo "${s//o/0} ${s^^} ${s,,} ${s:4:5} ${s/#The/A}"
if [[ $s =~ q(u+)ick\ ([a-z]+) ]]; then echo "match: ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"; fi
printf -v padded '%08.3f' 3.14159; echo "$padded"
fib() { local a=0 b=1 i; for ((i = 0; i < $1; i++)); do local t=$((a + b)); a=$b; b=$t; done; echo $a; }
echo "fib: $(fib 10) $(fib 50) $(fib 90)"
diff <(sort data/old.txt) <(sort data/new.txt) | head -20 || true
while IFS=, read -r name num val; do
  (( num > 900 )) && echo "$name $num $val"
done < data/table.csv
echo $(( 2**62 + (2**62 - 1) )) $(( -7 / 2 )) $(( -7 % 3 )) $(( 0x7f ^ 0x0f ))
shopt -s extglob nullglob
files=(data/*.@(txt|csv)); echo "${#files[@]} text files"
read -ra parts <<< "one two  three"; echo "${#parts[@]}: ${parts[2]}"
coproc CAT { cat; }; echo "through a coprocess" >&"${CAT[1]}"; exec {CAT[1]}>&-; read -r back <&"${CAT[0]}"; echo "$back"; wait
echo "exit trap next"; trap 'echo "bye from $BASH_VERSINFO"' EXIT
