# jail case: tar with gzip, xz and bzip2 (tar execs the compressor), the compressors on their own.
# shell: bash
# needs: tar,xz,bzip2,gzip
set -e
mkdir -p out
tar -tvzf data/tree.tar.gz | sort -k6
tar -C out -xzf data/tree.tar.gz && find out -type f | sort | xargs md5sum
tar --sort=name --mtime=@1600000000 --owner=0 --group=0 -C out -cJf out/t.tar.xz tree
tar --sort=name --mtime=@1600000000 --owner=0 --group=0 -C out -cjf out/t.tar.bz2 tree
tar --sort=name --mtime=@1600000000 --owner=0 --group=0 -C out -czf out/t.tar.gz tree
for a in out/t.tar.xz out/t.tar.bz2 out/t.tar.gz; do tar -tf "$a" | wc -l; done
xz -T1 -6 -c data/text.txt > out/text.xz && xz -l out/text.xz | tail -1 && xz -dc out/text.xz | cmp - data/text.txt && echo xz ok
gzip -9 -n -c data/blob.bin | md5sum; gzip -n -c data/text.txt | gzip -dc | md5sum
bzip2 -c data/words.txt | bunzip2 | cmp - data/words.txt && echo bzip2 ok
xz -T1 -c data/blob.bin | md5sum; xz -T1 -c data/blob.bin | xz -d | md5sum
zcat data/tree.tar.gz | tar -t | tail -3; rm -rf out
