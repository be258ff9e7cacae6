// tests/diff/progs/fp_printf.c: formatting and parsing of floating point: printf %f %e %g %a at
// many precisions and widths, strtod/strtof round trips, and long double (IEEE quad on arm64).
#include <math.h>
#include <stdlib.h>
#include "diff.h"

static const double vals[] = {
    0.0, -0.0, 1.0, -1.5, 0.1, 2.0 / 3.0, 1e-7, 123456.789, 1e21, 1e22, 5e-324, 1.7976931348623157e308,
    3.141592653589793, 2.718281828459045, 0.5, 0.25, 0.125, 999999.5, 1e15 + 0.3, -8.5e-12,
    INFINITY, -INFINITY, NAN, 100.0, 1024.0, 0.0009765625,
};
#define NV (int)(sizeof vals / sizeof vals[0])

int main(void) {
  for (int i = 0; i < NV; i++) {
    double v = vals[i];
    out("%f|%e|%g|%a|%.0f|%.3e|%.12g|%#g|%+.2f|%12.4f|%-12.3g|%010.3f|%.20e|%A\n", v, v, v, v, v, v,
        v, v, v, v, v, v, v, v);
    out("  float %a %g %.9g\n", (double)(float)v, (double)(float)v, (double)(float)v);
  }
  for (int p = 0; p <= 25; p++) out("pi %.*f %.*e %.*g\n", p, M_PI, p, M_PI, p, M_PI);
  // Round trips: the shortest %.17g form must parse back to the same bits.
  uint64_t bad = 0;
  for (int i = 0; i < 3000; i++) {
    uint64_t bits = rnd();
    double d;
    memcpy(&d, &bits, 8);
    if (!isfinite(d)) continue;
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", d);
    double back = strtod(buf, NULL);
    if (memcmp(&back, &d, 8)) bad++;
    if (i % 50 == 0) out("rt %s %a\n", buf, back);
    float f = (float)d;
    snprintf(buf, sizeof buf, "%.9g", (double)f);
    float fb = strtof(buf, NULL);
    if (memcmp(&fb, &f, 4)) bad++;
  }
  out("round trip failures %llu\n", (unsigned long long)bad);
  const char *inputs[] = {"1e-400", "1e400", "0x1.8p3", "-0", "inf", "nan", "  42.5xyz", "1.7976931348623159e308",
                          "2.4703282292062327e-324", "0.000001", "123456789012345678901234567890"};
  for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    char *end;
    double d = strtod(inputs[i], &end);
    out("strtod '%s' = %a rest='%s'\n", inputs[i], d, end);
  }
  // long double is 128-bit IEEE on arm64, computed in software by libgcc.
  long double x = 1.0L;
  for (int i = 1; i < 40; i++) {
    x = x * 3.0L / 7.0L + 1.0L / i;
    if (i % 5 == 0) out("ld %.30Lg %La\n", x, x);
  }
  long double third = 1.0L / 3.0L;
  out("ld third %.36Lf sqrtl2 %.34Lg\n", third, sqrtl(2.0L));
  return diff_status();
}
