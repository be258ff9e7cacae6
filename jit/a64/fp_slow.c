/* fp_slow.c — the rare paths of ARM floating point: NaN propagation, flush-to-zero, estimates,
 * saturating conversions, rounding to integral, precision conversions (ARM ARM pseudocode). */
#include "fp_core.h"

/* RecipEstimate: a in [256, 512) is 1.0 <= x < 2.0 in steps of 1/256; so is the result. */
static int fp_recip_estimate(int a) {
    a = a * 2 + 1;
    int b = (1 << 19) / a;
    return (b + 1) / 2;
}

/* RecipSqrtEstimate: a in [128, 512); b is the smallest integer above 512 with
 * a * (b+1)^2 >= 2^28, found by bisection instead of the pseudocode's linear walk. */
static int fp_rsqrt_estimate(int a) {
    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1;
        a = (a + 1) * 2;
    }
    int lo = 513, hi = 1100; /* smallest k in [lo, hi] with a*k*k >= 2^28 */
    while (lo < hi) {
        int k = (lo + hi) / 2;
        if ((int64_t)a * k * k >= (1 << 28))
            hi = k;
        else
            lo = k + 1;
    }
    int b = lo - 1;
    return (b + 1) / 2;
}

double fp_round_integral(double x, int rm, bool *inexact) {
    uint64_t u = f64_bits(x);
    int exp = (int)(u >> 52 & 0x7ff);
    bool neg = u >> 63;
    *inexact = false;
    if (exp >= 1023 + 52) return x; /* already integral, or Inf/NaN */
    if (exp < 1023) {               /* |x| < 1 */
        if ((u << 1) == 0) return x;
        *inexact = true;
        bool one;
        switch (rm) {
        case FPR_TIEEVEN: one = exp == 1022 && (u & ((1ull << 52) - 1)); break;
        case FPR_TIEAWAY: one = exp == 1022; break;
        case FPR_POSINF: one = !neg; break;
        case FPR_NEGINF: one = neg; break;
        default: one = false; break;
        }
        return f64_val((u & (1ull << 63)) | (one ? 0x3ff0000000000000ull : 0));
    }
    int fracbits = 52 - (exp - 1023);
    uint64_t mask = (1ull << fracbits) - 1, frac = u & mask, half = 1ull << (fracbits - 1);
    if (!frac) return x;
    *inexact = true;
    uint64_t t = u & ~mask;
    bool up;
    switch (rm) {
    case FPR_TIEEVEN: up = frac > half || (frac == half && (t >> fracbits & 1)); break;
    case FPR_TIEAWAY: up = frac >= half; break;
    case FPR_POSINF: up = !neg; break;
    case FPR_NEGINF: up = neg; break;
    default: up = false; break;
    }
    if (up) t += 1ull << fracbits; /* a carry into the exponent is the right answer */
    return f64_val(t);
}

#define FP_W 32
#include "fp_slow_tmpl.h"
#undef FP_W
#define FP_W 64
#include "fp_slow_tmpl.h"
#undef FP_W

/* FPConvertNaN: sign and top fraction bits kept, quieted. */
static float fp_nan_to_f32(emu_cpu *c, uint64_t u) {
    if (!(u >> 51 & 1)) fp_raise(c, FPSR_IOC);
    if (c->fpcr & FPCR_DN) return f32_val(0x7fc00000u);
    return f32_val((uint32_t)(u >> 63 << 31) | 0x7fc00000u | (uint32_t)(u >> 29 & 0x3fffff));
}

double fp_f32_to_f64(emu_cpu *c, float x) {
    if (c->fpcr & FPCR_FZ) x = f32_flush_in(c, x);
    uint32_t u = f32_bits(x);
    if (f32_is_nan_bits(u)) {
        if (!(u & 0x400000)) fp_raise(c, FPSR_IOC);
        if (c->fpcr & FPCR_DN) return f64_val(0x7ff8000000000000ull);
        return f64_val((uint64_t)(u >> 31) << 63 | 0x7ff8000000000000ull |
                       (uint64_t)(u & 0x3fffff) << 29);
    }
    return (double)x;
}

static float fp_recompute_f32(const void *p) {
    return (float)*(const double *)p;
}

float fp_f64_to_f32(emu_cpu *c, double x) {
    bool fz = c->fpcr & FPCR_FZ;
    if (fz) x = f64_flush_in(c, x);
    uint64_t u = f64_bits(x);
    if (f64_is_nan_bits(u)) return fp_nan_to_f32(c, u);
    if (!fz) {
        float r = (float)x;
        f32_ufc_before_rounding(c, r, fp_recompute_f32, &x);
        return r;
    }
    /* From 2^-125 up, or zero, the single result cannot flush (see f32_fz_may_flush2). */
    if ((u << 1) == 0 || (int)(u >> 52 & 0x7ff) >= 1023 - 125) return (float)x;
    fp_watch w;
    fp_watch_begin(&w);
    float r = (float)x;
    return f32_flush_out(c, &w, r, fp_recompute_f32, &x);
}

/* FCVTXN: round to odd, so that a later rounding to a narrower format is not a double
 * rounding. Computed as round-toward-zero plus a sticky low bit. */
float fp_f64_to_f32_odd(emu_cpu *c, double x) {
    bool fz = c->fpcr & FPCR_FZ;
    if (fz) x = f64_flush_in(c, x);
    uint64_t u = f64_bits(x);
    if (f64_is_nan_bits(u)) return fp_nan_to_f32(c, u);
    fp_watch w;
    fp_watch_begin(&w);
    fp_mxcsr_set(fp_mxcsr_get() | MXCSR_RC_MASK);
    uint32_t r = f32_bits((float)x);
    uint32_t raised = fp_mxcsr_get() & MXCSR_FLAGS;
    if ((raised & MXCSR_PE) && !f32_is_inf_bits(r)) r |= 1;
    uint32_t mag = r & 0x7fffffffu;
    if (fz && (f32_is_denormal_bits(r) || (mag == 0 && (raised & MXCSR_UE)))) {
        fp_watch_end(&w, MXCSR_UE | MXCSR_PE);
        fp_raise(c, FPSR_UFC);
        return f32_val(r & 0x80000000u);
    }
    fp_watch_end(&w, 0);
    return f32_val(r);
}
