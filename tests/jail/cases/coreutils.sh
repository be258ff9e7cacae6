# jail case: coreutils on the fixtures — sorting, fields, checksums, encodings, numbers, dates, files.
# shell: sh
# needs: sort,factor,numfmt
sort -t, -k2,2n -k1,1 data/table.csv | head -5
sort -u data/words.txt | wc -l
cut -d, -f1,3 data/table.csv | tail -3
paste -d: data/words.txt data/numbers.txt | head -3
tr -s ' ' '\n' < data/text.txt | grep -v '^$' | sort | uniq -c | sort -k1,1nr -k2 | head
seq 1 3 40 | tr '\n' ' '; echo
factor 1234567890 600851475143 97
md5sum data/blob.bin; sha1sum data/text.txt; sha256sum data/words.txt; sha512sum data/numbers.txt | cut -c1-40
base64 data/blob.bin | head -2; base64 data/text.txt | base64 -d | cmp - data/text.txt && echo base64 ok
od -A x -t x1z -N 64 data/blob.bin
expr 7 \* 6 + 1; expr length "emulator"; expr substr "abcdefgh" 3 4
date -u -d @1600000000 '+%F %T %A %j'
mkdir -p out/a/b && cp -r data/tree out/ && mv out/tree out/moved && ln -s moved out/link
ls -la --time-style=+%s out/moved | tail -n +2 | awk '{print $1, $5, $9}'
touch -d @1600000000 out/stamp && stat -c '%n %s %Y %A' out/stamp data/words.txt
wc data/*.txt
head -c 100 data/blob.bin | wc -c; tail -n 3 data/old.txt; tac data/new.txt | head -3
split -l 100 data/words.txt out/part. && ls out/part.* && cat out/part.* | cmp - data/words.txt && echo split ok
nl -ba data/old.txt | sed -n '10,12p'; fold -w 30 data/text.txt | head -4
sort data/old.txt > o.s; sort data/new.txt > n.s; comm -3 o.s n.s | head -4; comm -12 o.s n.s | wc -l
printf '%s\n' 3 1 2 | sort -r; echo "a:b:c" | cut -d: -f2-; basename /a/b/c.txt .txt; dirname /a/b/c.txt
numfmt --to=iec 1234567 2>/dev/null || true; printf '%x %o %e\n' 255 8 12345.678
rm -rf out; echo done
