// tests/diff/progs/fp_arith.c: float and double arithmetic on ordinary and special values (zeros,
// subnormals, infinities, NaNs, extremes): + - * / sqrt, fused forms, compares, min/max, abs/neg.
#include <math.h>
#include "diff.h"

static const double dvals[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 3.0, -7.25, 1e-300, -1e-310, 4.9e-324, 2.2250738585072014e-308,
    1.7976931348623157e308, -1.7976931348623157e308, 1e300, 3.141592653589793, 1.0 / 3.0,
    INFINITY, -INFINITY, NAN, -NAN, 123456789.123, 9007199254740993.0, 0.1, -2.5e-5,
};
static const float fvals[] = {
    0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 3.0f, -7.25f, 1e-38f, -1e-40f, 1.4e-45f, 1.17549435e-38f,
    3.40282347e38f, -3.40282347e38f, 1e30f, 3.14159265f, 1.0f / 3.0f,
    INFINITY, -INFINITY, NAN, -NAN, 16777217.0f, 0.1f, -2.5e-5f, 65504.0f,
};
#define ND (int)(sizeof dvals / sizeof dvals[0])
#define NF (int)(sizeof fvals / sizeof fvals[0])

static uint64_t dbits(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}
static uint32_t fbits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

// The NaN payload and sign after arithmetic are part of A64's semantics (default NaN off), so
// results are printed as bits, not only as text.
static void doubles(void) {
  for (int i = 0; i < ND; i++)
    for (int j = 0; j < ND; j++) {
      volatile double a = dvals[i], b = dvals[j];
      double s = a + b, d = a - b, m = a * b, q = a / b;
      out("d %a %a: %016llx %016llx %016llx %016llx %a c=%d%d%d%d%d%d u=%d mn=%a mx=%a\n", a, b,
          (unsigned long long)dbits(s), (unsigned long long)dbits(d), (unsigned long long)dbits(m),
          (unsigned long long)dbits(q), q, a < b, a <= b, a > b, a >= b, a == b, a != b,
          isunordered(a, b), fmin(a, b), fmax(a, b));
    }
}

static void floats(void) {
  for (int i = 0; i < NF; i++)
    for (int j = 0; j < NF; j++) {
      volatile float a = fvals[i], b = fvals[j];
      float s = a + b, d = a - b, m = a * b, q = a / b;
      out("f %a %a: %08x %08x %08x %08x %a c=%d%d%d u=%d mn=%a mx=%a\n", (double)a, (double)b,
          fbits(s), fbits(d), fbits(m), fbits(q), (double)q, a < b, a == b, a > b,
          isunordered(a, b), (double)fminf(a, b), (double)fmaxf(a, b));
    }
}

static void unary(void) {
  for (int i = 0; i < ND; i++) {
    volatile double a = dvals[i];
    out("u %a: sqrt=%016llx neg=%016llx abs=%016llx fma=%a cls=%d sb=%d fin=%d nan=%d inf=%d\n", a,
        (unsigned long long)dbits(sqrt(a)), (unsigned long long)dbits(-a),
        (unsigned long long)dbits(fabs(a)), fma(a, a, -1.0), fpclassify(a), signbit(a) != 0,
        isfinite(a), isnan(a), isinf(a) != 0);
  }
  for (int i = 0; i < NF; i++) {
    volatile float a = fvals[i];
    out("uf %a: sqrt=%08x neg=%08x abs=%08x fma=%a\n", (double)a, fbits(sqrtf(a)), fbits(-a),
        fbits(fabsf(a)), (double)fmaf(a, 3.0f, 0.25f));
  }
}

// Accumulation loops where rounding order matters: the emulator must round each step.
static void accumulate(void) {
  double s = 0, k = 0;
  float sf = 0;
  for (int i = 1; i <= 100000; i++) {
    double y = 1.0 / i - k, t = s + y;
    k = (t - s) - y;
    s = t;
    sf += 1.0f / (float)i;
  }
  out("harmonic kahan=%.17g float=%.9g\n", s, (double)sf);
  double p = 1.0;
  for (int i = 0; i < 2000; i++) p = p * 1.0001 - 1e-7 * p * p;
  out("recurrence %.17g %a\n", p, p);
  // Subnormal arithmetic: flush-to-zero is off in Linux user space.
  double tiny = 4.9e-324;
  out("subnormal %a %a %a\n", tiny * 3, 2.2250738585072014e-308 / 7, tiny / 2);
}

int main(void) {
  doubles();
  floats();
  unary();
  accumulate();
  return diff_status();
}
