# busybox case: redirections to files by builtins, here-documents, read loops over files.
# group: inproc
printf 'alpha\nbeta\ngamma\n' > out1.txt
echo delta >> out1.txt
n=0
while read -r line; do
  n=$((n + 1))
  echo "$n: $line"
done < out1.txt
exec 3> out2.txt
echo "to fd 3" >&3
printf '%s-%d\n' x 1 y 2 >&3
exec 3>&-
while read -r a; do echo "out2: $a"; done < out2.txt
total=0
while read -r num; do total=$((total + num)); done < data/numbers.txt
echo "total of numbers: $total"
echo "to stderr" >&2
{ echo grouped; echo lines; } > out3.txt
while read -r l; do echo "out3 $l"; done < out3.txt
exit 7
