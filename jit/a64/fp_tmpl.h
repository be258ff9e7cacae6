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

/* ---- fast paths ----
 * try_*: the host result when it is the ARM result (no NaN, nothing to flush or judge tiny);
 * false sends the caller to the slow path, which redoes the operation from scratch (flags
 * raised twice are the same flags). Helpers call the slow path in tail position, so the fast
 * path needs no stack frame. The plain forms below fall back by themselves. */

/* A result of exactly the smallest normal may have been tiny before rounding, where ARM sets
 * UFC and x86 (tininess after rounding) does not: such results take the slow path. Sums and
 * differences cannot be inexact when tiny, so they skip the test. */
static inline bool FN(plain)(FT r) {
    return (FN(bits)(r) & ~F_SIGN) != F_MINNORM;
}
static inline bool FN(fz)(const emu_cpu *c) {
    return fp_unlikely(c->fpcr & FPCR_FZ);
}
/* Under FZ a fast path still applies when no operand is denormal and the result cannot be
 * flushed; both are checked before computing, so that no host flag comes from an unflushed
 * operand or a result that ARM flushes. A tiny sum of normals is exact (raises nothing), so
 * sums are checked after. */
static inline bool FN(denorm)(FT x) {
    return FN(is_denormal_bits)(FN(bits)(x));
}
static inline int FN(expo)(FT x) {
    return (int)((FN(bits)(x) >> F_FRAC) & ((1u << F_EXPB) - 1));
}
static inline bool FN(fz_may_flush2)(int op, FT a, FT b) {
    int ea = FN(expo)(a), eb = FN(expo)(b), inf = (1 << F_EXPB) - 1;
    if (ea == 0 || eb == 0) return false;
    if (op == FOP_MUL || op == FOP_MULX) return ea + eb < F_BIAS + 2;
    if (op == FOP_DIV) return eb != inf && ea - eb < 3 - F_BIAS;
    return false;
}
/* For a + n*m: exact when n*m is zero; else safe when every nonzero result is a multiple of
 * the smallest normal (both terms' granularity above it). */
static inline bool FN(fz_may_flush3)(FT a, FT n, FT m) {
    int ea = FN(expo)(a), en = FN(expo)(n), em = FN(expo)(m);
    if (en == 0 || em == 0) return false;
    if (ea == 0) return en + em < F_BIAS + 2;
    return ea < 1 + F_FRAC || en + em < F_BIAS + 1 + 2 * F_FRAC;
}
#define FP_TRY(name, op, expr, check, fzpost)                                                      \
    static inline bool FN(try_##name)(const emu_cpu *c, FT a, FT b, FT *out) {                     \
        bool fz = FN(fz)(c);                                                                       \
        if (fz && (FN(denorm)(a) || FN(denorm)(b) || FN(fz_may_flush2)(op, a, b))) return false;   \
        FT r = expr;                                                                               \
        *out = r;                                                                                  \
        if (fp_likely(!fz)) return fp_likely(r == r && check);                                     \
        return r == r && fzpost;                                                                   \
    }
FP_TRY(add, FOP_ADD, a + b, true, !FN(denorm)(r))
FP_TRY(sub, FOP_SUB, a - b, true, !FN(denorm)(r))
FP_TRY(mul, FOP_MUL, a *b, FN(plain)(r), true)
FP_TRY(div, FOP_DIV, a / b, FN(plain)(r), true)
FP_TRY(abd, FOP_ABD, FN(val)(FN(bits)(a - b) & ~F_SIGN), true, !FN(denorm)(r))
#undef FP_TRY

/* FMAX/FMIN: +0 beats -0 for max (sign AND), -0 beats +0 for min (sign OR). Without NaNs,
 * FMAXNM/FMINNM are the same. */
static inline bool FN(try_max)(const emu_cpu *c, FT a, FT b, FT *out) {
    if (a != a || b != b || (FN(fz)(c) && (FN(denorm)(a) || FN(denorm)(b)))) return false;
    *out = a > b ? a : b > a ? b : FN(val)(FN(bits)(a) & FN(bits)(b));
    return true;
}
static inline bool FN(try_min)(const emu_cpu *c, FT a, FT b, FT *out) {
    if (a != a || b != b || (FN(fz)(c) && (FN(denorm)(a) || FN(denorm)(b)))) return false;
    *out = a < b ? a : b < a ? b : FN(val)(FN(bits)(a) | FN(bits)(b));
    return true;
}

/* n * m + a rounded once: the host's FMA instruction when it has one (VEX-encoded scalar ops
 * clear the upper YMM state, so mixing them with SSE code costs nothing), else libm. The fast
 * path only takes the instruction; without it, fused operations go the slow way. */
static inline FT FN(fma_asm)(FT n, FT m, FT a) {
#if FP_W == 32
    __asm__("vfmadd231ss %2, %1, %0" : "+x"(a) : "x"(n), "x"(m));
#else
    __asm__("vfmadd231sd %2, %1, %0" : "+x"(a) : "x"(n), "x"(m));
#endif
    return a;
}
static inline FT FN(fma_host)(FT n, FT m, FT a) {
    return fp_likely(fp_host_fma) ? FN(fma_asm)(n, m, a) : F_FMA(n, m, a);
}
static inline bool FN(try_muladd)(const emu_cpu *c, FT addend, FT n, FT m, FT *out) {
    bool fz = FN(fz)(c);
    if (!fp_likely(fp_host_fma) || (fz && (FN(denorm)(addend) || FN(denorm)(n) || FN(denorm)(m) ||
                                           FN(fz_may_flush3)(addend, n, m))))
        return false;
    FT r = FN(fma_asm)(n, m, addend);
    *out = r;
    return fp_likely(r == r && (fz || FN(plain)(r)));
}

/* A non-negative (or +NaN) operand: the host square root is exact ARM unless NaN came out.
 * A square root is never tiny. */
static inline bool FN(try_sqrt)(const emu_cpu *c, FT a, FT *out) {
    if ((FN(bits)(a) & F_SIGN) || (FN(fz)(c) && FN(denorm)(a))) return false;
#if FP_W == 32
    FT r = _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(a)));
#else
    FT r = _mm_cvtsd_f64(_mm_sqrt_sd(_mm_setzero_pd(), _mm_set_sd(a)));
#endif
    *out = r;
    return fp_likely(r == r);
}

/* The plain forms, for vector lanes and the slow helpers. */
#define FP_PLAIN2(name, op)                                                                        \
    static inline FT FN(name)(emu_cpu * c, FT a, FT b) {                                           \
        FT r;                                                                                      \
        if (fp_likely(FN(try_##name)(c, a, b, &r))) return r;                                      \
        return FN(op2_slow)(c, op, a, b);                                                          \
    }
FP_PLAIN2(add, FOP_ADD)
FP_PLAIN2(sub, FOP_SUB)
FP_PLAIN2(mul, FOP_MUL)
FP_PLAIN2(div, FOP_DIV)
FP_PLAIN2(abd, FOP_ABD)
FP_PLAIN2(max, FOP_MAX)
FP_PLAIN2(min, FOP_MIN)
#undef FP_PLAIN2
static inline FT FN(maxnm)(emu_cpu *c, FT a, FT b) {
    FT r;
    if (fp_likely(FN(try_max)(c, a, b, &r))) return r;
    return FN(op2_slow)(c, FOP_MAXNM, a, b);
}
static inline FT FN(minnm)(emu_cpu *c, FT a, FT b) {
    FT r;
    if (fp_likely(FN(try_min)(c, a, b, &r))) return r;
    return FN(op2_slow)(c, FOP_MINNM, a, b);
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
static inline FT FN(muladd)(emu_cpu *c, FT addend, FT n, FT m) {
    FT r;
    if (fp_likely(FN(try_muladd)(c, addend, n, m, &r))) return r;
    return FN(muladd_slow)(c, addend, n, m);
}
static inline FT FN(sqrt)(emu_cpu *c, FT a) {
    FT r;
    if (fp_likely(FN(try_sqrt)(c, a, &r))) return r;
    return FN(sqrt_slow)(c, a);
}

/* FCMP/FCMPE: NZCV in bits 31:28. */
static inline uint32_t FN(compare)(emu_cpu *c, FT a, FT b, bool signal) {
    if (fp_unlikely(a != a || b != b || (FN(fz)(c) && (FN(denorm)(a) || FN(denorm)(b)))))
        return FN(compare_slow)(c, a, b, signal);
    if (a == b) return 0x6u << 28;
    return a < b ? 0x8u << 28 : 0x2u << 28;
}

/* Vector compares (FCMP_*): FCMEQ is quiet, FCMGE/FCMGT signal on any NaN. */
static inline bool FN(cmp)(emu_cpu *c, FT a, FT b, int kind) {
    if (fp_unlikely(a != a || b != b || (FN(fz)(c) && (FN(denorm)(a) || FN(denorm)(b)))))
        return FN(cmp_slow)(c, a, b, kind);
    switch (kind) {
    case FCMP_EQ: return a == b;
    case FCMP_GE: return a >= b;
    default: return a > b;
    }
}

/* FPToFixed with round-toward-zero (FCVTZS/FCVTZU): the host truncating conversion raises the
 * inexact flag exactly when ARM sets IXC; out-of-range values and NaN go to the slow path.
 * The bounds are literals of the format (a converted constant would raise IXC at run time under
 * -frounding-math); NaN fails them, and its signalling compare raises IOC, as ARM does.
 * fp_keep stops the compiler from dropping a conversion whose result goes to XZR: its IXC
 * still counts. */
#define fp_keep(v) __asm__ volatile("" : "+r"(v))
static inline bool FN(try_cvtz_s64)(const emu_cpu *c, FT a, uint64_t *out) {
    if ((FN(fz)(c) && FN(denorm)(a)) || !(a >= F_C(-0x1p63) && a < F_C(0x1p63))) return false;
    uint64_t r = (uint64_t)(int64_t)a;
    fp_keep(r);
    *out = r;
    return true;
}
static inline bool FN(try_cvtz_s32)(const emu_cpu *c, FT a, uint64_t *out) {
#if FP_W == 32
    bool lo_ok = a >= -0x1p31f; /* truncates to >= INT32_MIN */
#else
    bool lo_ok = a > -0x1.00000002p31;
#endif
    if ((FN(fz)(c) && FN(denorm)(a)) || !(lo_ok && a < F_C(0x1p31))) return false;
    uint64_t r = (uint32_t)(int32_t)a;
    fp_keep(r);
    *out = r;
    return true;
}
static inline bool FN(try_cvtz_u64)(const emu_cpu *c, FT a, uint64_t *out) {
    if ((FN(fz)(c) && FN(denorm)(a)) || !(a > F_C(-1.0) && a < F_C(0x1p64))) return false;
    uint64_t r = (uint64_t)a;
    fp_keep(r);
    *out = r;
    return true;
}
static inline bool FN(try_cvtz_u32)(const emu_cpu *c, FT a, uint64_t *out) {
    if ((FN(fz)(c) && FN(denorm)(a)) || !(a > F_C(-1.0) && a < F_C(0x1p32))) return false;
    uint64_t r = (uint32_t)(int64_t)a;
    fp_keep(r);
    *out = r;
    return true;
}
/* FPToFixed in any rounding mode, to a `bits`-wide integer with fbits fraction bits. */
static inline uint64_t FN(to_fixed)(emu_cpu *c, FT a, int fbits, int rm, bool is_unsigned,
                                    int bits) {
    uint64_t r;
    if (fbits == 0 && rm == FPR_ZERO) {
        bool ok = bits == 64
                      ? (is_unsigned ? FN(try_cvtz_u64)(c, a, &r) : FN(try_cvtz_s64)(c, a, &r))
                      : (is_unsigned ? FN(try_cvtz_u32)(c, a, &r) : FN(try_cvtz_s32)(c, a, &r));
        if (fp_likely(ok)) return r;
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
