# busybox case: sort inside pipelines; sort runs in the forked child without an exec.
# group: fork
printf '%s\n' pear apple fig banana apple cherry | sort
printf '%d\n' 10 9 100 -3 0 42 | sort -n
printf '%s,%s\n' b 2 a 10 c 1 a 2 | sort -t, -k2,2n -k1,1
sorted=$(sort -r data/words.txt | { n=0; while read -r w; do n=$((n + 1)); [ $n -le 5 ] && echo "$w"; done; })
echo "$sorted"
