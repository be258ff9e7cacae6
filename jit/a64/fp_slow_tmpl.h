/* fp_slow_tmpl.h — private to fp_slow.c, included once per format: the ARM pseudocode paths
 * (FPProcessNaNs, flush-to-zero, FPRound special cases) that the inline fast paths hand off. */
#include "fp_type.h"

static inline FT FN(quiet)(emu_cpu *c, UT u) {
    if (!(u & F_QUIET)) fp_raise(c, FPSR_IOC);
    if (c->fpcr & FPCR_DN) return FN(val)(F_DNAN);
    return FN(val)(u | F_QUIET);
}

/* FPProcessNaN: a is a NaN. */
FT FN(process_nan)(emu_cpu *c, FT a) {
    return FN(quiet)(c, FN(bits)(a));
}

/* FPProcessNaNs: at least one of a, b is a NaN. */
static FT FN(pick_nan2)(emu_cpu *c, FT a, FT b) {
    UT ua = FN(bits)(a), ub = FN(bits)(b);
    if (FN(is_snan_bits)(ua)) return FN(quiet)(c, ua);
    if (FN(is_snan_bits)(ub)) return FN(quiet)(c, ub);
    return FN(quiet)(c, FN(is_nan_bits)(ua) ? ua : ub);
}

/* FPProcessNaNs3 in the order addend, n, m. */
static FT FN(pick_nan3)(emu_cpu *c, FT a, FT n, FT m) {
    UT ua = FN(bits)(a), un = FN(bits)(n), um = FN(bits)(m);
    if (FN(is_snan_bits)(ua)) return FN(quiet)(c, ua);
    if (FN(is_snan_bits)(un)) return FN(quiet)(c, un);
    if (FN(is_snan_bits)(um)) return FN(quiet)(c, um);
    if (FN(is_nan_bits)(ua)) return FN(quiet)(c, ua);
    return FN(quiet)(c, FN(is_nan_bits)(un) ? un : um);
}

static bool FN(inf_times_zero)(FT a, FT b) {
    UT ua = FN(bits)(a), ub = FN(bits)(b);
    return (FN(is_inf_bits)(ua) && FN(is_zero_bits)(ub)) ||
           (FN(is_zero_bits)(ua) && FN(is_inf_bits)(ub));
}

/* (3 - a*b) / 2 rounded once: the halving goes on an operand where it is exact. The caller
 * has already negated a. */
static FT FN(rsqrt_step)(FT a, FT b) {
    UT ea = FN(bits)(a) & F_EXPM, eb = FN(bits)(b) & F_EXPM;
    if (ea > F_MINNORM) return FN(fma_host)(a * F_C(0.5), b, F_C(1.5));
    if (eb > F_MINNORM) return FN(fma_host)(a, b * F_C(0.5), F_C(1.5));
    return FN(fma_host)(a, b, F_C(3.0)) *
           F_C(0.5); /* both tiny: the sum is near 3, halving is exact */
}

/* The operation on non-NaN operands, with host arithmetic; an invalid operation gives NaN. */
static FT FN(compute2)(int op, FT a, FT b) {
    switch (op) {
    case FOP_ADD: return a + b;
    case FOP_SUB: return a - b;
    case FOP_MUL: return a * b;
    case FOP_DIV: return a / b;
    case FOP_ABD: return FN(val)(FN(bits)(a - b) & ~F_SIGN);
    case FOP_MAX:
    case FOP_MAXNM:
        if (a != b) return a > b ? a : b;
        return FN(val)(FN(bits)(a) & FN(bits)(b));
    case FOP_MIN:
    case FOP_MINNM:
        if (a != b) return a < b ? a : b;
        return FN(val)(FN(bits)(a) | FN(bits)(b));
    case FOP_MULX:
        if (FN(inf_times_zero)(a, b))
            return FN(val)(FN(bits)(F_C(2.0)) | ((FN(bits)(a) ^ FN(bits)(b)) & F_SIGN));
        return a * b;
    case FOP_RECPS:
        if (FN(inf_times_zero)(a, b)) return F_C(2.0);
        return FN(fma_host)(a, b, F_C(2.0));
    case FOP_RSQRTS:
        if (FN(inf_times_zero)(a, b)) return F_C(1.5);
        if (FN(is_inf_bits)(FN(bits)(a)) || FN(is_inf_bits)(FN(bits)(b))) return a * b;
        return FN(rsqrt_step)(a, b);
    }
    return a;
}

/* FZ output: ARM flushes a result that was tiny before rounding, raising only UFC. r was
 * computed with the watch open; recompute(ctx) redoes it (for the round-toward-zero check). */
static FT FN(flush_out)(emu_cpu *c, fp_watch *w, FT r, FT (*recompute)(const void *),
                        const void *ctx) {
    uint32_t raised = fp_mxcsr_get() & MXCSR_FLAGS;
    UT u = FN(bits)(r), mag = u & ~F_SIGN;
    bool tiny = FN(is_denormal_bits)(u) || (mag == 0 && (raised & MXCSR_UE));
    if (!tiny && mag == F_MINNORM && (raised & MXCSR_PE)) {
        /* Rounded up to the smallest normal: tiny iff the value rounded toward zero is not. */
        uint32_t cur = fp_mxcsr_get();
        fp_mxcsr_set(cur | MXCSR_RC_MASK);
        FT rz = recompute(ctx);
        fp_mxcsr_set(cur);
        tiny = (FN(bits)(rz) & ~F_SIGN) < F_MINNORM;
    }
    if (!tiny) {
        fp_watch_end(w, 0);
        return r;
    }
    fp_watch_end(w, MXCSR_UE | MXCSR_PE);
    fp_raise(c, FPSR_UFC);
    return FN(val)(u & F_SIGN);
}

/* Not FZ: a result of exactly the smallest normal that was tiny before rounding sets UFC
 * (x86 judges tininess after rounding). Round toward zero tells: below the smallest normal
 * means the exact value was, and then it was inexact too. */
static void FN(ufc_before_rounding)(emu_cpu *c, FT r, FT (*recompute)(const void *),
                                    const void *ctx) {
    if ((FN(bits)(r) & ~F_SIGN) != F_MINNORM) return;
    uint32_t saved = fp_mxcsr_get();
    fp_mxcsr_set(saved | MXCSR_RC_MASK);
    FT rz = recompute(ctx);
    fp_mxcsr_set(saved);
    if ((FN(bits)(rz) & ~F_SIGN) < F_MINNORM) fp_raise(c, FPSR_UFC);
}

typedef struct FN(args) {
    int op;
    FT a, b, m;
} FN(args);
static FT FN(recompute2)(const void *p) {
    const FN(args) *x = p;
    return FN(compute2)(x->op, x->a, x->b);
}
static FT FN(recompute3)(const void *p) {
    const FN(args) *x = p;
    return FN(fma_host)(x->b, x->m, x->a);
}

/* FZ: whether a result from these flushed, non-NaN operands can be tiny, so that it must be
 * computed under the MXCSR watch (see flush_out). Exponent fields bound it: a product of
 * normals is at least 2^(ea+eb), a quotient more than 2^(ea-eb-1); a zero operand makes an exact
 * zero. A sum or difference of normals that comes out tiny is exact (no host flags), so it is
 * flushed after the fact (fz_sum). FRECPS/FRSQRTS only cancel against a product near 2 or 3,
 * whose granularity keeps any nonzero result far above the denormals. */
static FT FN(fz_sum)(emu_cpu *c, int op, FT r) {
    UT u = FN(bits)(r), m = u & ~F_SIGN;
    if ((op == FOP_ADD || op == FOP_SUB || op == FOP_ABD) && m != 0 && m < F_MINNORM) {
        fp_raise(c, FPSR_UFC);
        return FN(val)(u & F_SIGN);
    }
    return r;
}

FT FN(op2_slow)(emu_cpu *c, int op, FT a, FT b) {
    bool fz = c->fpcr & FPCR_FZ;
    if (fz) {
        a = FN(flush_in)(c, a);
        b = FN(flush_in)(c, b);
    }
    if (op == FOP_RECPS || op == FOP_RSQRTS) a = FN(val)(FN(bits)(a) ^ F_SIGN);
    UT ua = FN(bits)(a), ub = FN(bits)(b);
    if (FN(is_nan_bits)(ua) || FN(is_nan_bits)(ub)) {
        if (op == FOP_MAXNM || op == FOP_MINNM) {
            /* FPMaxNum/FPMinNum: a quiet NaN loses against anything but another quiet NaN. */
            if (FN(is_qnan_bits)(ua) && !FN(is_nan_bits)(ub)) return b;
            if (FN(is_qnan_bits)(ub) && !FN(is_nan_bits)(ua)) return a;
            if (FN(is_qnan_bits)(ua) && FN(is_snan_bits)(ub)) return FN(quiet)(c, ub);
            if (FN(is_qnan_bits)(ub) && FN(is_snan_bits)(ua)) return FN(quiet)(c, ua);
        }
        FT r = FN(pick_nan2)(c, a, b);
        return op == FOP_ABD ? FN(val)(FN(bits)(r) & ~F_SIGN) : r;
    }
    FT r;
    FN(args) x = {op, a, b, 0};
    if (!fz) {
        r = FN(compute2)(op, a, b);
        FN(ufc_before_rounding)(c, r, FN(recompute2), &x);
    } else if (!FN(fz_may_flush2)(op, a, b)) {
        r = FN(fz_sum)(c, op, FN(compute2)(op, a, b));
    } else {
        fp_watch w;
        fp_watch_begin(&w);
        r = FN(compute2)(op, a, b);
        r = FN(flush_out)(c, &w, r, FN(recompute2), &x);
    }
    if (r != r) r = FN(val)(F_DNAN);
    return r;
}

FT FN(muladd_slow)(emu_cpu *c, FT addend, FT n, FT m) {
    bool fz = c->fpcr & FPCR_FZ;
    if (fz) {
        addend = FN(flush_in)(c, addend);
        n = FN(flush_in)(c, n);
        m = FN(flush_in)(c, m);
    }
    UT ua = FN(bits)(addend);
    if (FN(is_nan_bits)(ua) || FN(is_nan_bits)(FN(bits)(n)) || FN(is_nan_bits)(FN(bits)(m))) {
        FT r = FN(pick_nan3)(c, addend, n, m);
        if (FN(is_qnan_bits)(ua) && FN(inf_times_zero)(n, m)) {
            fp_raise(c, FPSR_IOC);
            r = FN(val)(F_DNAN);
        }
        return r;
    }
    FT r;
    FN(args) x = {0, addend, n, m};
    if (!fz) {
        r = FN(fma_host)(n, m, addend);
        FN(ufc_before_rounding)(c, r, FN(recompute3), &x);
    } else if (!FN(fz_may_flush3)(addend, n, m)) {
        r = FN(fma_host)(n, m, addend);
    } else {
        fp_watch w;
        fp_watch_begin(&w);
        r = FN(fma_host)(n, m, addend);
        r = FN(flush_out)(c, &w, r, FN(recompute3), &x);
    }
    if (r != r) r = FN(val)(F_DNAN);
    return r;
}

FT FN(sqrt_slow)(emu_cpu *c, FT a) {
    if (c->fpcr & FPCR_FZ) a = FN(flush_in)(c, a);
    UT u = FN(bits)(a);
    if (FN(is_nan_bits)(u)) return FN(process_nan)(c, a);
    if ((u & F_SIGN) && !FN(is_zero_bits)(u)) {
        fp_raise(c, FPSR_IOC);
        return FN(val)(F_DNAN);
    }
#if FP_W == 32
    return _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(a)));
#else
    return _mm_cvtsd_f64(_mm_sqrt_sd(_mm_setzero_pd(), _mm_set_sd(a)));
#endif
}

uint32_t FN(compare_slow)(emu_cpu *c, FT a, FT b, bool signal) {
    if (c->fpcr & FPCR_FZ) {
        a = FN(flush_in)(c, a);
        b = FN(flush_in)(c, b);
    }
    UT ua = FN(bits)(a), ub = FN(bits)(b);
    if (FN(is_nan_bits)(ua) || FN(is_nan_bits)(ub)) {
        if (signal || FN(is_snan_bits)(ua) || FN(is_snan_bits)(ub)) fp_raise(c, FPSR_IOC);
        return 0x3u << 28;
    }
    if (a == b) return 0x6u << 28;
    return a < b ? 0x8u << 28 : 0x2u << 28;
}

int FN(cmp_slow)(emu_cpu *c, FT a, FT b, int kind) {
    if (c->fpcr & FPCR_FZ) {
        a = FN(flush_in)(c, a);
        b = FN(flush_in)(c, b);
    }
    UT ua = FN(bits)(a), ub = FN(bits)(b);
    if (FN(is_nan_bits)(ua) || FN(is_nan_bits)(ub)) {
        if (kind != FCMP_EQ || FN(is_snan_bits)(ua) || FN(is_snan_bits)(ub)) fp_raise(c, FPSR_IOC);
        return 0;
    }
    switch (kind) {
    case FCMP_EQ: return a == b;
    case FCMP_GE: return a >= b;
    default: return a > b;
    }
}

/* FRINT*: exact=true raises IXC when the value changes (FRINTX). */
FT FN(round_int)(emu_cpu *c, FT a, int rm, bool exact) {
    if (c->fpcr & FPCR_FZ) a = FN(flush_in)(c, a);
    if (FN(is_nan_bits)(FN(bits)(a))) return FN(process_nan)(c, a);
    bool inexact;
    FT r = (FT)fp_round_integral((double)a, rm, &inexact);
    if (exact && inexact) fp_raise(c, FPSR_IXC);
    return r;
}

uint64_t FN(to_fixed_slow)(emu_cpu *c, FT a, int fbits, int rm, bool is_unsigned, int bits) {
    if (c->fpcr & FPCR_FZ) a = FN(flush_in)(c, a);
    UT u = FN(bits)(a);
    if (FN(is_nan_bits)(u)) {
        fp_raise(c, FPSR_IOC);
        return 0;
    }
    bool neg = u & F_SIGN;
    /* Saturation bounds, signed ones sign-extended to 64 bits. */
    uint64_t max = is_unsigned ? ~0ull >> (64 - bits) : ~0ull >> (65 - bits);
    uint64_t min = is_unsigned ? 0 : ~0ull << (bits - 1);
    /* Beyond 2^64 nothing fits, and scaling such a value could overflow the host format. */
    if ((u & ~F_SIGN) >= ((UT)(F_BIAS + 64) << F_FRAC)) {
        fp_raise(c, FPSR_IOC);
        return neg ? min : max;
    }
    double x = (double)a;
    if (fbits) x *= f64_val((uint64_t)(1023 + fbits) << 52); /* exact: |x| < 2^64 */
    bool inexact;
    double r = fp_round_integral(x, rm, &inexact);
    double lo = is_unsigned ? 0.0 : -f64_val((uint64_t)(1023 + bits - 1) << 52);
    double hi = f64_val((uint64_t)(1023 + bits - !is_unsigned) << 52);
    if (r < lo || r >= hi) {
        fp_raise(c, FPSR_IOC);
        return neg ? min : max;
    }
    if (inexact) fp_raise(c, FPSR_IXC);
    return is_unsigned ? (uint64_t)r : (uint64_t)(int64_t)r;
}

/* FRECPE: 8-bit estimate of 1/a from the ARM table formula. */
FT FN(recpe)(emu_cpu *c, FT a) {
    if (c->fpcr & FPCR_FZ) a = FN(flush_in)(c, a);
    UT u = FN(bits)(a), sign = u & F_SIGN, mag = u & ~F_SIGN;
    if (FN(is_nan_bits)(u)) return FN(process_nan)(c, a);
    if (FN(is_inf_bits)(u)) return FN(val)(sign);
    if (mag == 0) {
        fp_raise(c, FPSR_DZC);
        return FN(val)(sign | F_EXPM);
    }
    if (mag < ((UT)1 << (F_FRAC - 2))) { /* 1/a overflows */
        int rm = fp_rmode(c);
        bool to_inf =
            rm == FPR_TIEEVEN || (rm == FPR_POSINF && !sign) || (rm == FPR_NEGINF && sign);
        fp_raise(c, FPSR_OFC | FPSR_IXC);
        return FN(val)(sign | (to_inf ? F_EXPM : F_EXPM - 1));
    }
    if ((c->fpcr & FPCR_FZ) && mag >= ((UT)(2 * F_BIAS - 1) << F_FRAC)) {
        fp_raise(c, FPSR_UFC);
        return FN(val)(sign);
    }
    uint64_t frac = (uint64_t)(u & F_FRACM) << (52 - F_FRAC);
    int exp = (int)(mag >> F_FRAC);
    if (exp == 0) {
        if (!(frac >> 51 & 1)) {
            exp = -1;
            frac = (frac << 2) & ((1ull << 52) - 1);
        } else {
            frac = (frac << 1) & ((1ull << 52) - 1);
        }
    }
    int rexp = 2 * F_BIAS - 1 - exp;
    uint64_t est = fp_recip_estimate((int)(256 | frac >> 44));
    frac = (est & 0xff) << 44;
    if (rexp == 0) {
        frac = 1ull << 51 | frac >> 1;
    } else if (rexp == -1) {
        frac = 1ull << 50 | frac >> 2;
        rexp = 0;
    }
    return FN(val)(sign | (UT)rexp << F_FRAC | (UT)(frac >> (52 - F_FRAC)));
}

/* FRSQRTE: 8-bit estimate of 1/sqrt(a). */
FT FN(rsqrte)(emu_cpu *c, FT a) {
    if (c->fpcr & FPCR_FZ) a = FN(flush_in)(c, a);
    UT u = FN(bits)(a), sign = u & F_SIGN, mag = u & ~F_SIGN;
    if (FN(is_nan_bits)(u)) return FN(process_nan)(c, a);
    if (mag == 0) {
        fp_raise(c, FPSR_DZC);
        return FN(val)(sign | F_EXPM);
    }
    if (sign) {
        fp_raise(c, FPSR_IOC);
        return FN(val)(F_DNAN);
    }
    if (FN(is_inf_bits)(u)) return FN(val)(0);
    uint64_t frac = (uint64_t)(u & F_FRACM) << (52 - F_FRAC);
    int exp = (int)(mag >> F_FRAC);
    if (exp == 0) {
        while (!(frac >> 51 & 1)) {
            frac <<= 1;
            exp--;
        }
        frac = (frac << 1) & ((1ull << 52) - 1);
    }
    int scaled = (exp & 1) == 0 ? (int)(256 | frac >> 44) : (int)(128 | frac >> 45);
    int rexp = (3 * F_BIAS - 1 - exp) / 2;
    uint64_t est = fp_rsqrt_estimate(scaled);
    return FN(val)((UT)rexp << F_FRAC | (UT)(est & 0xff) << (F_FRAC - 8));
}

/* FRECPX: the exponent inverted, fraction cleared. */
FT FN(recpx)(emu_cpu *c, FT a) {
    if (c->fpcr & FPCR_FZ) a = FN(flush_in)(c, a);
    UT u = FN(bits)(a), sign = u & F_SIGN, exp = u & F_EXPM;
    if (FN(is_nan_bits)(u)) return FN(process_nan)(c, a);
    if (exp == 0) return FN(val)(sign | (F_EXPM - F_MINNORM));
    return FN(val)(sign | (~exp & F_EXPM));
}
