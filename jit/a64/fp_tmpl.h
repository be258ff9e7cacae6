/* fp_tmpl.h — private to fp_core.h, included once per format (FP_W = 32, 64): ARM FP operations
 * on one format. Fast paths are inline host arithmetic; anything unusual goes to fp_slow.c. */
#include "fp_type.h"

static inline UT FN(bits)(FT x) {
    UT u;
    memcpy(&u, &x, sizeof u);
    return u;
}
static inline FT FN(val)(UT u) {
    FT x;
    memcpy(&x, &u, sizeof x);
    return x;
}
static inline bool FN(is_nan_bits)(UT u) {
    return (u & ~F_SIGN) > F_EXPM;
}
static inline bool FN(is_snan_bits)(UT u) {
    return FN(is_nan_bits)(u) && !(u & F_QUIET);
}
static inline bool FN(is_qnan_bits)(UT u) {
    return FN(is_nan_bits)(u) && (u & F_QUIET);
}
static inline bool FN(is_denormal_bits)(UT u) {
    return (u & F_EXPM) == 0 && (u & F_FRACM) != 0;
}
static inline bool FN(is_inf_bits)(UT u) {
    return (u & ~F_SIGN) == F_EXPM;
}
static inline bool FN(is_zero_bits)(UT u) {
    return (u & ~F_SIGN) == 0;
}

/* FZ: a denormal input counts as a zero of the same sign, and sets IDC. */
static inline FT FN(flush_in)(emu_cpu *c, FT a) {
    UT u = FN(bits)(a);
    if (fp_unlikely(FN(is_denormal_bits)(u))) {
        fp_raise(c, FPSR_IDC);
        return FN(val)(u & F_SIGN);
    }
    return a;
}

/* ---- slow paths (fp_slow_tmpl.h) ---- */
FT FN(process_nan)(emu_cpu *c, FT a);
FT FN(op2_slow)(emu_cpu *c, int op, FT a, FT b);
FT FN(muladd_slow)(emu_cpu *c, FT addend, FT n, FT m);
FT FN(sqrt_slow)(emu_cpu *c, FT a);
uint32_t FN(compare_slow)(emu_cpu *c, FT a, FT b, bool signal);
int FN(cmp_slow)(emu_cpu *c, FT a, FT b, int kind);
FT FN(round_int)(emu_cpu *c, FT a, int rm, bool exact);
uint64_t FN(to_fixed_slow)(emu_cpu *c, FT a, int fbits, int rm, bool is_unsigned, int bits);
FT FN(recpe)(emu_cpu *c, FT a);
FT FN(rsqrte)(emu_cpu *c, FT a);
FT FN(recpx)(emu_cpu *c, FT a);

/* ---- fast paths ---- */
/* A result of exactly the smallest normal may have been tiny before rounding, where ARM sets
 * UFC and x86 (tininess after rounding) does not: such results take the slow path. Sums and
 * differences cannot be inexact when tiny, so they skip the test. */
static inline bool FN(plain)(FT r) {
    return (FN(bits)(r) & ~F_SIGN) != F_MINNORM;
}
#define FP_ARITH(name, op, expr, check)                                                            \
    static inline FT FN(name)(emu_cpu * c, FT a, FT b) {                                           \
        if (fp_likely(!(c->fpcr & FPCR_FZ))) {                                                     \
            FT r = expr;                                                                           \
            if (fp_likely(r == r && check)) return r;                                              \
        }                                                                                          \
        return FN(op2_slow)(c, op, a, b);                                                          \
    }
FP_ARITH(add, FOP_ADD, a + b, true)
FP_ARITH(sub, FOP_SUB, a - b, true)
FP_ARITH(mul, FOP_MUL, a *b, FN(plain)(r))
FP_ARITH(div, FOP_DIV, a / b, FN(plain)(r))
#undef FP_ARITH

static inline FT FN(abd)(emu_cpu *c, FT a, FT b) {
    if (fp_likely(!(c->fpcr & FPCR_FZ))) {
        FT r = a - b;
        if (fp_likely(r == r)) return FN(val)(FN(bits)(r) & ~F_SIGN);
    }
    return FN(op2_slow)(c, FOP_ABD, a, b);
}

/* FMAX/FMIN: +0 beats -0 for max (sign AND), -0 beats +0 for min (sign OR). */
static inline FT FN(max)(emu_cpu *c, FT a, FT b) {
    if (fp_unlikely((c->fpcr & FPCR_FZ) || a != a || b != b)) return FN(op2_slow)(c, FOP_MAX, a, b);
    if (a > b) return a;
    if (b > a) return b;
    return FN(val)(FN(bits)(a) & FN(bits)(b));
}
static inline FT FN(min)(emu_cpu *c, FT a, FT b) {
    if (fp_unlikely((c->fpcr & FPCR_FZ) || a != a || b != b)) return FN(op2_slow)(c, FOP_MIN, a, b);
    if (a < b) return a;
    if (b < a) return b;
    return FN(val)(FN(bits)(a) | FN(bits)(b));
}
static inline FT FN(maxnm)(emu_cpu *c, FT a, FT b) {
    if (fp_unlikely((c->fpcr & FPCR_FZ) || a != a || b != b))
        return FN(op2_slow)(c, FOP_MAXNM, a, b);
    return FN(max)(c, a, b);
}
static inline FT FN(minnm)(emu_cpu *c, FT a, FT b) {
    if (fp_unlikely((c->fpcr & FPCR_FZ) || a != a || b != b))
        return FN(op2_slow)(c, FOP_MINNM, a, b);
    return FN(min)(c, a, b);
}
/* Operations whose special cases (inf * 0) must not raise the host's invalid flag. */
static inline FT FN(mulx)(emu_cpu *c, FT a, FT b) {
    return FN(op2_slow)(c, FOP_MULX, a, b);
}
static inline FT FN(recps)(emu_cpu *c, FT a, FT b) {
    return FN(op2_slow)(c, FOP_RECPS, a, b);
}
static inline FT FN(rsqrts)(emu_cpu *c, FT a, FT b) {
    return FN(op2_slow)(c, FOP_RSQRTS, a, b);
}

/* addend + n * m, rounded once. */
static inline FT FN(muladd)(emu_cpu *c, FT addend, FT n, FT m) {
    if (fp_likely(!(c->fpcr & FPCR_FZ))) {
        FT r = F_FMA(n, m, addend);
        if (fp_likely(r == r && FN(plain)(r))) return r;
    }
    return FN(muladd_slow)(c, addend, n, m);
}

static inline FT FN(sqrt)(emu_cpu *c, FT a) {
    if (fp_likely(!(c->fpcr & FPCR_FZ) && __builtin_isgreaterequal(a, F_C(0.0)))) {
#if FP_W == 32
        return _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(a)));
#else
        return _mm_cvtsd_f64(_mm_sqrt_sd(_mm_setzero_pd(), _mm_set_sd(a)));
#endif
    }
    return FN(sqrt_slow)(c, a);
}

/* FCMP/FCMPE: NZCV in bits 31:28. */
static inline uint32_t FN(compare)(emu_cpu *c, FT a, FT b, bool signal) {
    if (fp_unlikely((c->fpcr & FPCR_FZ) || a != a || b != b))
        return FN(compare_slow)(c, a, b, signal);
    if (a == b) return 0x6u << 28;
    return a < b ? 0x8u << 28 : 0x2u << 28;
}

/* Vector compares (FCMP_*): FCMEQ is quiet, FCMGE/FCMGT signal on any NaN. */
static inline bool FN(cmp)(emu_cpu *c, FT a, FT b, int kind) {
    if (fp_unlikely((c->fpcr & FPCR_FZ) || a != a || b != b)) return FN(cmp_slow)(c, a, b, kind);
    switch (kind) {
    case FCMP_EQ: return a == b;
    case FCMP_GE: return a >= b;
    default: return a > b;
    }
}

/* FPToFixed with round-toward-zero (FCVTZS/FCVTZU): the host truncating conversion raises the
 * inexact flag exactly when ARM sets IXC; out-of-range values and NaN go to the slow path.
 * The bounds are literals of the format (a converted constant would raise IXC at run time under
 * -frounding-math); NaN fails them, and its signalling compare raises IOC, as ARM does. */
static inline int64_t FN(cvtz_s64)(emu_cpu *c, FT a) {
    if (fp_likely(!(c->fpcr & FPCR_FZ) && a >= F_C(-0x1p63) && a < F_C(0x1p63))) return (int64_t)a;
    return (int64_t)FN(to_fixed_slow)(c, a, 0, FPR_ZERO, false, 64);
}
static inline int32_t FN(cvtz_s32)(emu_cpu *c, FT a) {
#if FP_W == 32
    bool lo_ok = a >= -0x1p31f; /* truncates to >= INT32_MIN */
#else
    bool lo_ok = a > -0x1.00000002p31;
#endif
    if (fp_likely(!(c->fpcr & FPCR_FZ) && lo_ok && a < F_C(0x1p31))) return (int32_t)a;
    return (int32_t)FN(to_fixed_slow)(c, a, 0, FPR_ZERO, false, 32);
}
static inline uint64_t FN(cvtz_u64)(emu_cpu *c, FT a) {
    if (fp_likely(!(c->fpcr & FPCR_FZ) && a > F_C(-1.0) && a < F_C(0x1p64))) return (uint64_t)a;
    return FN(to_fixed_slow)(c, a, 0, FPR_ZERO, true, 64);
}
static inline uint32_t FN(cvtz_u32)(emu_cpu *c, FT a) {
    if (fp_likely(!(c->fpcr & FPCR_FZ) && a > F_C(-1.0) && a < F_C(0x1p32)))
        return (uint32_t)(int64_t)a;
    return (uint32_t)FN(to_fixed_slow)(c, a, 0, FPR_ZERO, true, 32);
}
/* FPToFixed in any rounding mode, to a `bits`-wide integer with fbits fraction bits. */
static inline uint64_t FN(to_fixed)(emu_cpu *c, FT a, int fbits, int rm, bool is_unsigned,
                                    int bits) {
    if (fbits == 0 && rm == FPR_ZERO) {
        if (bits == 64) return is_unsigned ? FN(cvtz_u64)(c, a) : (uint64_t)FN(cvtz_s64)(c, a);
        return is_unsigned ? FN(cvtz_u32)(c, a) : (uint32_t)FN(cvtz_s32)(c, a);
    }
    return FN(to_fixed_slow)(c, a, fbits, rm, is_unsigned, bits);
}

/* FixedToFP: the host conversion rounds as FPCR says; scaling by 2^-fbits is then exact
 * because no 64-bit integer scaled by at most 2^-64 reaches the denormal range. */
static inline FT FN(from_s64)(int64_t v, int fbits) {
    FT r = (FT)v;
    return fbits ? r * FN(val)((UT)(F_BIAS - fbits) << F_FRAC) : r;
}
static inline FT FN(from_u64)(uint64_t v, int fbits) {
    FT r = (FT)v;
    return fbits ? r * FN(val)((UT)(F_BIAS - fbits) << F_FRAC) : r;
}
