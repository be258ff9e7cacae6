# busybox case: create a gzip-compressed tar archive of a tree, list it, extract it elsewhere, compare.
# group: exec
mkdir -p archive out
tar -czf archive/tree.tar.gz data/tree
tar -tzf archive/tree.tar.gz | sort
cd out && tar -xzf ../archive/tree.tar.gz && cd ..
find out -type f | sort | while read -r f; do md5sum "$f"; done
gzip -c data/text.txt > text.gz
gunzip -c text.gz | md5sum
zcat text.gz | wc -l
diff -r data/tree out/data/tree && echo "trees identical"
