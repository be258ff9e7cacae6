// tests/diff/progs/fp_math.c: libm over many inputs: trig, exp/log, pow, sqrt, fma, rounding
// functions, fmod/remainder, hypot/atan2/cbrt, frexp/ldexp/modf, in double and float.
#include <math.h>
#include "diff.h"

static const double special[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 1e-310, 1e300,
                                 -1e300, 710.0, -745.5, M_PI, M_PI / 2, 1e22, INFINITY, -INFINITY, NAN};
#define NS (int)(sizeof special / sizeof special[0])

static double input(int i) {
  if (i < NS) return special[i];
  uint64_t r = rnd();
  double mag = ldexp((double)(r >> 11), -53) * 2 - 1;  // [-1, 1)
  int scale = (int)((r >> 3) & 7);
  static const double scales[] = {1, 10, 100, 1e5, 1e-3, 0.5, 3, 1e12};
  return mag * scales[scale];
}

int main(void) {
  for (int i = 0; i < 220; i++) {
    double x = input(i), y = input((i * 17 + 3) % 220);
    out("x=%a y=%a\n", x, y);
    out(" trig %.17g %.17g %.17g %.17g %.17g %.17g\n", sin(x), cos(x), tan(x), asin(x / 1e3),
        acos(fmod(x, 1.0)), atan(x));
    out(" exp %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", exp(x), exp2(x), expm1(x), log(fabs(x)),
        log2(fabs(x)), log10(fabs(x)), log1p(fabs(x)));
    out(" pow %.17g %.17g %.17g %.17g %.17g\n", pow(x, y), pow(fabs(x), 0.5), pow(x, 3.0), sqrt(x), cbrt(x));
    out(" fma %.17g %.17g %.17g\n", fma(x, y, 1.0), fma(x, x, -y), hypot(x, y));
    out(" round %g %g %g %g %g %g %ld %lld\n", floor(x), ceil(x), round(x), trunc(x), rint(x),
        nearbyint(x), isfinite(x) && fabs(x) < 9e18 ? lround(x) : 0L,
        isfinite(x) && fabs(x) < 9e18 ? llrint(x) : 0LL);
    out(" mod %.17g %.17g %.17g %.17g\n", fmod(x, y), remainder(x, y), atan2(x, y), copysign(x, y));
    int e;
    double ip, m = frexp(x, &e), fr = modf(x, &ip);
    out(" frexp %a %d ldexp %a modf %a %a sinh %.17g tanh %.17g\n", m, isfinite(x) ? e : 0,
        ldexp(x, 7), fr, ip, sinh(x / 100), tanh(x));
    float xf = (float)x, yf = (float)y;
    out(" f %.9g %.9g %.9g %.9g %.9g %.9g %.9g %.9g\n", (double)sinf(xf), (double)cosf(xf),
        (double)expf(xf), (double)logf(fabsf(xf)), (double)powf(xf, yf), (double)sqrtf(xf),
        (double)fmaf(xf, yf, 0.5f), (double)roundf(xf));
  }
  double acc = 0;
  for (int i = 0; i < 20000; i++) acc += sin(i * 0.001) * exp(-i * 1e-4) + log1p(i);
  out("acc %.17g\n", acc);
  return diff_status();
}
