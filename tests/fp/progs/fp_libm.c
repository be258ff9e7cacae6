/* fp_libm.c — C-level floating point as programs use it: libm functions (float and double),
 * <fenv.h> rounding modes and exception flags, casts, printf of floats, and flush-to-zero
 * as -ffast-math's startup code sets it. */
#include "fpx.h"

#include <fenv.h>
#include <math.h>
#include <stdlib.h>

typedef double (*fn1)(double);
typedef float (*fn1f)(float);
static const struct {
    const char *name;
    fn1 d;
    fn1f f;
} funcs[] = {
    {"sin", sin, sinf},          {"cos", cos, cosf},
    {"tan", tan, tanf},          {"exp", exp, expf},
    {"log", log, logf},          {"log2", log2, log2f},
    {"log1p", log1p, log1pf},    {"expm1", expm1, expm1f},
    {"cbrt", cbrt, cbrtf},       {"atan", atan, atanf},
    {"asinh", asinh, asinhf},    {"erf", erf, erff},
    {"tgamma", tgamma, tgammaf}, {"sqrt", sqrt, sqrtf},
    {"rint", rint, rintf},       {"nearbyint", nearbyint, nearbyintf},
    {"floor", floor, floorf},    {"ceil", ceil, ceilf},
    {"trunc", trunc, truncf},    {"round", round, roundf},
};

static volatile double grid[] = {0.0, -0.0,      0.5,   -0.5,   1.0,   1.5,   2.5,    -2.5,
                                 3.0, 10.0,      1e-5,  -7.25,  100.5, 1e300, 1e-310, -1e-320,
                                 0.1, 2.0 / 3.0, 710.0, -745.0, 88.5,  1e10};
#define NGRID (int)(sizeof grid / sizeof grid[0])

static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};

static unsigned excepts(void) {
    int e = fetestexcept(FE_ALL_EXCEPT);
    return (e & FE_INVALID ? 1 : 0) | (e & FE_DIVBYZERO ? 2 : 0) | (e & FE_OVERFLOW ? 4 : 0) |
           (e & FE_UNDERFLOW ? 8 : 0) | (e & FE_INEXACT ? 16 : 0);
}

static void functions(void) {
    for (unsigned k = 0; k < sizeof funcs / sizeof funcs[0]; k++) {
        printf("%s:", funcs[k].name);
        for (int i = 0; i < NGRID; i++) {
            feclearexcept(FE_ALL_EXCEPT);
            double r = funcs[k].d(grid[i]);
            float rf = funcs[k].f((float)grid[i]);
            printf(" %016llx,%08x/%02x", (unsigned long long)bits_d(r), bits_s(rf), excepts());
        }
        printf("\n");
    }
    for (int i = 0; i < NGRID; i++) {
        double x = grid[i], y = grid[(i + 3) % NGRID];
        feclearexcept(FE_ALL_EXCEPT);
        printf("pow/atan2/hypot/fmod/remainder %a %a: %a %a %a %a %a /%02x\n", x, y, pow(x, y),
               atan2(x, y), hypot(x, y), fmod(x, y), remainder(x, y), excepts());
    }
}

static void rounding(void) {
    for (unsigned m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        fesetround(modes[m]);
        printf("mode %d:", fegetround() == modes[m]);
        for (int i = 0; i < NGRID; i++) {
            volatile double x = grid[i], y = grid[(i + 5) % NGRID];
            feclearexcept(FE_ALL_EXCEPT);
            double q = x / 3.0, s = x + y * 1e-17, p = x * y;
            float f = (float)x;
            long l = lrint(x);
            long long ll = llrint(x * 1e6);
            printf(" %016llx %016llx %016llx %08x %ld %lld %a/%02x", (unsigned long long)bits_d(q),
                   (unsigned long long)bits_d(s), (unsigned long long)bits_d(p), bits_s(f), l, ll,
                   rint(x), excepts());
        }
        printf("\n");
    }
    fesetround(FE_TONEAREST);
}

/* Casts the compiler emits as FCVTZS/FCVTZU/SCVTF/UCVTF, within the ranges C defines. */
static void casts(void) {
    unsigned long long sum = 0;
    for (int i = -300; i < 300; i++) {
        double d = i * 1.37 + 0.5;
        float f = (float)d;
        int a = (int)d;
        unsigned b = (unsigned)(d < 0 ? -d : d);
        long long c = (long long)(f * 1e9f);
        unsigned long long e = (unsigned long long)(d * d * 1e12);
        double g = (double)(i * 123456789LL) + (double)(unsigned)i;
        float h = (float)(unsigned long long)(i * 0x10000000001ull);
        sum = sum * 31 + (unsigned)a + b + (unsigned long long)c + e + bits_d(g) + bits_s(h);
    }
    printf("casts %016llx\n", sum);
}

static void flush_to_zero(void) {
    volatile float tiny = 1e-39f, small = 1e-20f;
    volatile double dtiny = 1e-310;
    uint64_t fpcr = fpcr_read();
    for (int fz = 0; fz < 2; fz++) {
        fpcr_write(fz ? fpcr | (1u << 24) : fpcr);
        feclearexcept(FE_ALL_EXCEPT);
        fpsr_clear();
        float a = tiny * 2.0f, b = small * small, c = tiny + 0.0f;
        double d = dtiny * 3.0, e = dtiny + dtiny;
        printf("fz=%d %08x %08x %08x %016llx %016llx fpsr=%02x\n", fz, bits_s(a), bits_s(b),
               bits_s(c), (unsigned long long)bits_d(d), (unsigned long long)bits_d(e),
               fpsr_read());
    }
    fpcr_write(fpcr);
}

static void printing(void) {
    double v[] = {0.1, 1.0 / 3.0, 2.5, 1e21, 123456.789, 6.02214076e23, 1e-7, 0.0, -0.0};
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
        printf("%.17g %g %e %f %a %.3f\n", v[i], v[i], v[i], v[i], v[i], (float)v[i]);
    printf("%f %f %f\n", strtod("3.14159", NULL), strtod("1e-400", NULL), atof("-2.5e10"));
}

int main(void) {
    functions();
    rounding();
    casts();
    flush_to_zero();
    printing();
    return 0;
}
