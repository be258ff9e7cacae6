# busybox case: a text pipeline of applets (sed, grep, awk, sort, uniq, head) that busybox re-executes.
# group: exec
sed 's/[^a-z ]//g' data/text.txt | tr ' ' '\n' | grep -v '^$' | sort | uniq -c | sort -k1,1nr -k2 | head -n 15
grep -c fox data/text.txt
awk -F, '$2 > 500 { print $1 }' data/table.csv | sort | uniq | wc -l
cat data/numbers.txt | awk '{ s += $1 } END { print "sum", s }'
echo "word count: $(wc -w < data/text.txt)"
