# jail case: a spawn-heavy loop — 200 short programs (sed, grep, expr, basename), as configure does.
# shell: sh
# needs: sed,grep,expr,basename
# timeout: 600
i=0 acc=""
while [ $i -lt 50 ]; do
  a=$(echo "file$i.c" | sed 's/\.c$/.o/')
  b=$(basename "/src/dir/$a" .o)
  c=$(expr $i \* 3 + 1)
  if echo "$b" | grep -q '5'; then acc="$acc $b:$c"; fi
  i=$((i + 1))
done
echo "$acc"
