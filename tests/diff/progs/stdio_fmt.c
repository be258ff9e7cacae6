// tests/diff/progs/stdio_fmt.c: formatted I/O: printf/snprintf conversions, flags, widths and
// precisions for integers, strings and pointers-as-integers; sscanf and strtol/strtoul parsing.
// diff-cflags: -Wno-format-truncation
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <errno.h>
#include "diff.h"

static int errno_get_reset(void) {
  int e = errno;
  errno = 0;
  return e;
}

int main(void) {
  static const long long ints[] = {0, 1, -1, 42, -42, 255, 65535, INT_MAX, INT_MIN, LLONG_MAX, LLONG_MIN, 1000000007};
  for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    long long v = ints[i];
    out("[%d][%5d][%-5d][%05d][%+d][% d][%x][%#x][%X][%o][%#o][%u]\n", (int)v, (int)v, (int)v, (int)v, (int)v,
        (int)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v);
    out("[%lld][%20lld][%-20lld|][%llx][%#llo][%.3lld][%.0lld][%hhd][%hd][%hhu][%hu]\n", v, v, v,
        (unsigned long long)v, (unsigned long long)v, v, v, (signed char)v, (short)v, (unsigned char)v,
        (unsigned short)v);
    out("[%" PRId64 "][%" PRIx32 "][%jd][%zu][%td]\n", (int64_t)v, (uint32_t)v, (intmax_t)v, (size_t)v, (ptrdiff_t)v);
  }
  const char *strs[] = {"", "a", "hello", "hello, world", "tab\there"};
  for (unsigned i = 0; i < sizeof strs / sizeof strs[0]; i++)
    out("[%s][%10s][%-10s][%.3s][%*s][%-*.*s][%c][%%]\n", strs[i], strs[i], strs[i], strs[i], 8, strs[i], 9, 2,
        strs[i], strs[i][0] ? strs[i][0] : '.');
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%s-%d-%s", "truncated output here", 123456789, "more");
  out("snprintf n=%d buf='%s'\n", n, buf);
  n = snprintf(NULL, 0, "%0*d", 40, 7);
  out("size only %d\n", n);

  const char *lines[] = {"12 34 abc 5.5", "-7 0x1f word 1e3", "  99   -100 x -0.0", "1 2", "", "0777 9 z 3"};
  for (unsigned i = 0; i < sizeof lines / sizeof lines[0]; i++) {
    int a = -1, b = -1;
    char w[16] = "-";
    double d = -1;
    int got = sscanf(lines[i], "%d %i %15s %lf", &a, &b, w, &d);
    out("sscanf '%s' -> %d: %d %d %s %g\n", lines[i], got, a, b, w, d);
  }
  unsigned x;
  char name[8];
  int pos = 0;
  int got = sscanf("key=beef;rest", "%7[a-z]=%x;%n", name, &x, &pos);
  out("scanset %d %s %x %d\n", got, name, x, pos);

  const char *nums[] = {"0", "123", "-123", "0x7fffffffffffffff", "0x8000000000000000", "99999999999999999999",
                        "  +42abc", "0777", "z", "-9223372036854775808", "18446744073709551615", "1010"};
  int bases[] = {0, 10, 16, 2, 36, 8};
  for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++)
    for (unsigned j = 0; j < sizeof bases / sizeof bases[0]; j++) {
      char *end;
      long long l = strtoll(nums[i], &end, bases[j]);
      int e1 = errno_get_reset();
      unsigned long long u = strtoull(nums[i], NULL, bases[j]);
      out("strto '%s' base %d: %lld rest='%s' %llu e=%d\n", nums[i], bases[j], l, end, u, e1);
    }
  out("atoi %d atol %ld atof %g\n", atoi("  -17x"), atol("123456789012"), atof("2.5e-3"));
  return diff_status();
}
