# busybox case: shell arithmetic, while/for/until loops and case, with builtins only.
# group: inproc
i=0 sum=0 prod=1
while [ $i -lt 2000 ]; do
  sum=$((sum + i * i - (i % 7) * 3))
  [ $((i % 97)) -eq 0 ] && prod=$(( (prod * (i + 3)) % 1000000007 ))
  i=$((i + 1))
done
echo "sum=$sum prod=$prod"
for n in 0 1 2 3 5 8 13 21 34 55 -1 -128 2147483647 9223372036854775807; do
  printf '%d: %d %d %d %d %d %x %o\n' "$n" $((n << 3)) $((n >> 2)) $((n / 3)) $((n % 5)) $((~n & 0xffff)) $((n & 255)) $((n | 8))
done
n=27 steps=0
until [ $n -eq 1 ]; do
  case $((n % 2)) in
    0) n=$((n / 2)) ;;
    *) n=$((3 * n + 1)) ;;
  esac
  steps=$((steps + 1))
done
echo "collatz 27 takes $steps steps"
x=5; : $((x += 10)) $((x *= 3)) $((x -= 1)) $((x ^= 0x55))
echo "compound $x $(( x > 40 ? 1 : 0 )) $(( (x & 1) || 0 )) $(( 2 ** 40 ))"
