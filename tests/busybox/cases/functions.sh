# busybox case: shell functions, recursion, local variables, return statuses, positional parameters.
# group: inproc
fib() {
  local n=$1
  if [ "$n" -lt 2 ]; then
    r=$n
    return 0
  fi
  fib $((n - 1)); local a=$r
  fib $((n - 2))
  r=$((a + r))
}
for k in 0 1 2 5 10 15 18; do fib $k; echo "fib($k)=$r"; done
count_args() { echo "$# args, first=${1-none}, last=${@: -1}"; }
count_args
count_args a "b c" d
set -- one two three four five
shift 2
echo "after shift: $* ($#)"
check() { return $(( $1 % 4 )); }
for v in 1 2 3 4 8 9; do check $v; echo "check $v -> $?"; done
outer() { local x=outer; inner; echo "outer sees $x"; }
inner() { x=changed-by-inner; }
x=global; outer; echo "global x=$x"
