# busybox case: find with -exec and xargs, which start further applets for the matches.
# group: exec
find data/tree -type f -name '*.c' -exec wc -c {} \; | sort
find data/tree -type f | sort | xargs md5sum
find data/tree -name '*.log' | sort | xargs -n 2 echo pair
ls data/tree | sort
