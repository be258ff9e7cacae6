// tests/diff/progs/varargs.c: variadic calls: va_arg over ints, longs, doubles, pointers and long
// doubles mixed, more arguments than argument registers (stack spill), va_copy, vsnprintf chains.
#include <stdarg.h>
#include "diff.h"

// Format letters: i=int, l=int64, d=double, s=string, L=long double, c=char (promoted to int).
static uint64_t consume(const char *fmt, ...) {
  va_list ap, copy;
  va_start(ap, fmt);
  va_copy(copy, ap);
  uint64_t h = 0;
  for (const char *p = fmt; *p; p++) {
    switch (*p) {
    case 'i': h = h * 31 + (uint64_t)(int64_t)va_arg(ap, int); break;
    case 'l': h = h * 31 + (uint64_t)va_arg(ap, int64_t); break;
    case 'd': {
      double d = va_arg(ap, double);
      uint64_t u;
      memcpy(&u, &d, 8);
      h = h * 31 + u;
      break;
    }
    case 's': {
      const char *s = va_arg(ap, const char *);
      while (*s) h = h * 31 + (uint8_t)*s++;
      break;
    }
    case 'L': {
      long double ld = va_arg(ap, long double);
      h = h * 31 + (uint64_t)(ld * 1000.0L);
      break;
    }
    case 'c': h = h * 31 + (uint64_t)va_arg(ap, int); break;
    }
  }
  va_end(ap);
  // Reading the copy again must see the same first argument.
  uint64_t first = 0;
  if (fmt[0] == 'i') first = (uint64_t)va_arg(copy, int);
  else if (fmt[0] == 'd') first = (uint64_t)va_arg(copy, double);
  va_end(copy);
  return h ^ (first << 1);
}

static int sum_ints(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int s = 0;
  for (int i = 0; i < n; i++) s += va_arg(ap, int) * (i + 1);
  va_end(ap);
  return s;
}

static double sum_doubles(int n, ...) {
  va_list ap;
  va_start(ap, n);
  double s = 0;
  for (int i = 0; i < n; i++) s = s * 1.5 + va_arg(ap, double);
  va_end(ap);
  return s;
}

static void logf_chain(char *buf, size_t len, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(buf, len, fmt, ap);
  char tmp[256];
  vsnprintf(tmp, sizeof tmp, fmt, ap2);
  va_end(ap2);
  out("chain n=%d same=%d '%s'\n", n, strcmp(buf, tmp) == 0, buf);
}
static void logf_(const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  logf_chain(buf, sizeof buf, fmt, ap);
  va_end(ap);
}

int main(void) {
  for (int i = 0; i < 50; i++) {
    int64_t x = (int64_t)val(i);
    double d = (double)x / 7.0;
    out("c1 %016llx\n", (unsigned long long)consume("ildsi", (int)x, x, d, "str", -(int)x));
    out("c2 %016llx\n", (unsigned long long)consume("dddddddddddi", d, d + 1, d + 2, d + 3, d + 4, d + 5, d + 6,
                                                    d + 7, d + 8, d + 9, d + 10, (int)i));
    out("c3 %016llx\n", (unsigned long long)consume("iiiiiiiiiiiilL", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, i, x,
                                                    (long double)d));
    out("c4 %016llx\n", (unsigned long long)consume("cLdLsl", 'q', (long double)i / 3, d, 2.5L, "zz", x));
  }
  out("sum_ints %d %d %d\n", sum_ints(0), sum_ints(3, 1, 2, 3), sum_ints(12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
  out("sum_doubles %a %a\n", sum_doubles(2, 0.5, 0.25),
      sum_doubles(11, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0));
  logf_("%d %s %5.2f %llx %c %Lg", 42, "forty-two", 3.14159, 0xfeedull, 'Z', 1.0L / 7);
  logf_("%10d|%-8s|%e", -5, "x", 1e-20);
  return diff_status();
}
