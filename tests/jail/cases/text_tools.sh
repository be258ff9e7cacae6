# jail case: grep, sed and gawk programs — regular expressions, scripts, arrays, formatting.
# shell: sh
# needs: grep,sed,gawk
grep -c fox data/text.txt; grep -n -E '^(the|lazy) [a-z]+ (fox|dog)' data/text.txt | head -5
grep -o -w 'b[a-z]*' data/text.txt | sort | uniq -c; grep -v -i -e jumps -e quick data/text.txt | wc -l
grep -r -l --include='*.c' carry data/tree | sort; grep -P '\bv\w+r\b' data/text.txt | head -3
grep -F -x -f data/words.txt data/words.txt | wc -l
sed -n '/block/{s/block/BLOCK/g;p}' data/text.txt | head -5
sed -E 's/([a-z]+) ([a-z]+)/\2 \1/; y/aeiou/AEIOU/' data/text.txt | head -4
sed -e '1~40!d' -e 's/^/> /' data/old.txt
sed '=' data/new.txt | sed 'N;s/\n/\t/' | tail -3
printf 'a\nb\nc\n' | sed -n '$!{h;d};x;G;p'
gawk -F, '{ s[$1] += $2; n[$1]++ } END { for (k in s) printf "%-10s %6d %3d %.2f\n", k, s[k], n[k], s[k]/n[k] | "sort"; close("sort") }' data/table.csv
gawk '{ for (i = 1; i <= NF; i++) len[length($i)]++ } END { PROCINFO["sorted_in"] = "@ind_num_asc"; for (l in len) print l, len[l] }' data/text.txt
gawk 'BEGIN { print strftime("%Y-%m-%d %H:%M:%S", 1600000000, 1); print gensub(/(o+)/, "<\\1>", "g", "foo boo zoo"); printf "%d %x %c %s\n", 3.9, 255, 65, substr("emulator", 3, 4); print toupper("x") sprintf("%5.2f", atan2(0, -1)); split("a:b:c", p, ":"); print length(p), p[3] }'
gawk 'function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) } BEGIN { for (i = 1; i <= 20; i += 5) print i, fact(i) }'
gawk 'NR % 100 == 0 { print NR": "$0 }' data/numbers.txt
awk 'BEGIN { x = 2 ^ 53; print x, x + 1, int(-3.7), -7 % 3, log(10), exp(1), sqrt(2) }'
