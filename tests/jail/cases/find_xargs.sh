# jail case: find with tests and actions, xargs batching, find -exec.
# shell: sh
# needs: find,xargs
find data/tree -type f -name '*.c' | sort
find data/tree -type d | sort
find data -type f -size +10k -printf '%p %s\n' | sort
find data/tree -newer data/words.txt -o -name '*.h' -print | sort | head
find data/tree -type l -printf '%p -> %l\n'
find data/tree -name '*.txt' -exec wc -w {} + | sort -k2
find data/tree -name '*.log' -exec basename {} \; | sort
find data/tree -type f -print0 | sort -z | xargs -0 -n 4 echo | head -4
find data/tree -type f | sort | xargs cat | wc -c
printf '%s\n' 1 2 3 4 5 6 7 | xargs -n 1 expr 10 +
seq 1 10 | xargs -I{} sh -c 'echo item {} $(( {} * {} ))' | tail -3
find data -maxdepth 1 -type f -empty -print; find data -mindepth 3 | wc -l
