// tests/diff/progs/fp_fenv.c: the floating-point environment: all four rounding modes (FPCR.RMode)
// applied to arithmetic, conversion and rint, and the sticky exception flags in FPSR.
// diff-cflags: -frounding-math
#include <fenv.h>
#include <math.h>
#include "diff.h"

static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
static const char *const mode_names[] = {"nearest", "upward", "downward", "towardzero"};

static void flags(const char *what) {
  int f = fetestexcept(FE_ALL_EXCEPT);
  out("  %s flags:%s%s%s%s%s\n", what, f & FE_INEXACT ? " inexact" : "", f & FE_UNDERFLOW ? " underflow" : "",
      f & FE_OVERFLOW ? " overflow" : "", f & FE_DIVBYZERO ? " divbyzero" : "", f & FE_INVALID ? " invalid" : "");
  feclearexcept(FE_ALL_EXCEPT);
}

int main(void) {
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    out("mode %s getround=%d\n", mode_names[m], fegetround() == modes[m]);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double one = 1.0, three = 3.0, big = 1e308, tiny = 1e-308, zero = 0.0, neg = -1.0;
    volatile float fone = 1.0f, fthree = 3.0f;
    out("  1/3=%a -1/3=%a f=%a\n", one / three, -one / three, (double)(fone / fthree));
    flags("div");
    out("  big*10=%a\n", big * 10);
    flags("overflow");
    out("  tiny/1e10=%a\n", tiny / 1e10);
    flags("underflow");
    out("  1/0=%a\n", one / zero);
    flags("divbyzero");
    out("  sqrt(-1)=%a 0/0=%a\n", sqrt(neg), zero / zero);
    flags("invalid");
    out("  exact 2+2=%a\n", one + one + one + one);
    flags("exact");
    static const double r[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6, 1e300, 0.1};
    for (int i = 0; i < 10; i++) {
      volatile double x = r[i];
      out("  rint(%g)=%g nearbyint=%g lrint=%ld (float)=%a sum=%a\n", x, rint(x), nearbyint(x),
          fabs(x) < 1e18 ? lrint(x) : 0L, (double)(float)(x / 3), x + 1e-17);
    }
    flags("rint");
    double acc = 0;
    for (int i = 1; i < 5000; i++) acc += 1.0 / i;
    float facc = 0;
    for (int i = 1; i < 5000; i++) facc += 1.0f / (float)i;
    out("  harmonic %a %a\n", acc, (double)facc);
    out("  exp(1)=%.17g log(10)=%.17g sin(1)=%.17g\n", exp(1.0), log(10.0), sin(1.0));
    feclearexcept(FE_ALL_EXCEPT);
  }
  fesetround(FE_TONEAREST);
  // fegetenv/fesetenv round trip and feraiseexcept.
  fenv_t env;
  feraiseexcept(FE_OVERFLOW | FE_INEXACT);
  fegetenv(&env);
  feclearexcept(FE_ALL_EXCEPT);
  fesetenv(&env);
  flags("restored");
  return diff_status();
}
