/* fp_vmisc.c — helpers for Advanced SIMD floating point with one register operand: two-reg misc
 * (vector and scalar), fixed-point shifts by immediate, widening/narrowing FCVT, FMOV immediate. */
#include "fp_core.h"
#include "fp_hlp.h"

#define RN(i) (c->v[A64_RN(i)])

static inline int fp_lanes(uint32_t i) {
    return a64_bit(i, 22) ? 2 : (a64_bit(i, 30) ? 4 : 2);
}

/* Runs a per-lane expression on Vn: x is the input lane value, the expression's result lands
 * in lane k of the output as bits (s/d) or value (f/df). */
#define FP_VLOOP(s_lane, expr_s, d_lane, expr_d)                                                   \
    do {                                                                                           \
        const emu_vreg *n_ = &RN(i);                                                               \
        emu_vreg r_;                                                                               \
        r_.d[1] = 0;                                                                               \
        if (a64_bit(i, 22)) {                                                                      \
            for (int k = 0; k < 2; k++) {                                                          \
                double x = n_->df[k];                                                              \
                r_.d_lane[k] = expr_d;                                                             \
            }                                                                                      \
        } else {                                                                                   \
            for (int k = 0, e_ = fp_lanes(i); k < e_; k++) {                                       \
                float x = n_->f[k];                                                                \
                r_.s_lane[k] = expr_s;                                                             \
            }                                                                                      \
        }                                                                                          \
        c->v[A64_RD(i)] = r_;                                                                      \
    } while (0)
/* The same for the scalar forms: one lane, the rest of Vd zeroed. */
#define FP_SLOOP(s_lane, expr_s, d_lane, expr_d)                                                   \
    do {                                                                                           \
        emu_vreg r_ = {0};                                                                         \
        const int k = 0;                                                                           \
        (void)k;                                                                                   \
        if (a64_bit(i, 22)) {                                                                      \
            double x = RN(i).df[0];                                                                \
            r_.d_lane[0] = expr_d;                                                                 \
        } else {                                                                                   \
            float x = RN(i).f[0];                                                                  \
            r_.s_lane[0] = expr_s;                                                                 \
        }                                                                                          \
        c->v[A64_RD(i)] = r_;                                                                      \
    } while (0)

/* ---- sign manipulation and square root ---- */
void hlp_vfabs(emu_cpu *c, uint32_t i) {
    FP_VLOOP(s, f32_bits(x) & 0x7fffffffu, d, f64_bits(x) & ~(1ull << 63));
}
void hlp_vfneg(emu_cpu *c, uint32_t i) {
    FP_VLOOP(s, f32_bits(x) ^ 0x80000000u, d, f64_bits(x) ^ (1ull << 63));
}
void hlp_vfsqrt(emu_cpu *c, uint32_t i) {
    FP_VLOOP(f, f32_sqrt(c, x), df, f64_sqrt(c, x));
}

/* ---- compares against zero: bit 12 and U (29) select GT/EQ/LT and GE/LE ---- */
static inline int fp_cmpz_kind(uint32_t i, bool *swap) {
    /* opcode 0110x/01110: U=0: GT, EQ, LT; U=1: GE, LE. LT and LE compare 0 against x. */
    int op = (int)a64_bits(i, 13, 12), u = (int)a64_bit(i, 29);
    *swap = op == 2 || (u && op == 1);
    if (op == 1 && !u) return FCMP_EQ;
    if (u) return FCMP_GE;
    return FCMP_GT;
}
#define FP_CMPZ(ty, x, kind, swap)                                                                 \
    ((swap ? ty##_cmp(c, 0, x, kind) : ty##_cmp(c, x, 0, kind)) ? ~0ull : 0)
void hlp_vfcmpz(emu_cpu *c, uint32_t i) {
    bool swap;
    int kind = fp_cmpz_kind(i, &swap);
    FP_VLOOP(s, (uint32_t)FP_CMPZ(f32, x, kind, swap), d, FP_CMPZ(f64, x, kind, swap));
}
void hlp_sfcmpz(emu_cpu *c, uint32_t i) {
    bool swap;
    int kind = fp_cmpz_kind(i, &swap);
    FP_SLOOP(s, (uint32_t)FP_CMPZ(f32, x, kind, swap), d, FP_CMPZ(f64, x, kind, swap));
}

/* ---- FRINT vector: U (29), o2 (23), o1 (12) select the mode ---- */
void hlp_vfrint(emu_cpu *c, uint32_t i) {
    /* (U, o2, o1) -> scalar FRINT selector: N M P Z A X - I */
    static const int8_t sel[8] = {0, 2, 1, 3, 4, 6, 5, 7};
    bool exact;
    int idx = (int)(a64_bit(i, 29) << 2 | a64_bit(i, 23) << 1 | a64_bit(i, 12));
    int rm = fp_frint_mode(c, sel[idx], &exact);
    FP_VLOOP(f, f32_round_int(c, x, rm, exact), df, f64_round_int(c, x, rm, exact));
}

/* ---- conversions to integer: FCVT{N,M,A}{S,U} (o2=0), FCVT{P,Z}{S,U} (o2=1) ---- */
static inline int fp_cvt_mode(uint32_t i) {
    static const int8_t mode[2][4] = {{FPR_TIEEVEN, FPR_NEGINF, FPR_TIEAWAY, -1},
                                      {FPR_POSINF, FPR_ZERO, -1, -1}};
    return mode[a64_bit(i, 23)][a64_bits(i, 14, 12) - 2];
}
void hlp_vfcvt_int(emu_cpu *c, uint32_t i) {
    int rm = fp_cvt_mode(i);
    bool u = a64_bit(i, 29);
    FP_VLOOP(s, (uint32_t)f32_to_fixed(c, x, 0, rm, u, 32), d, f64_to_fixed(c, x, 0, rm, u, 64));
}
void hlp_sfcvt_int(emu_cpu *c, uint32_t i) {
    int rm = fp_cvt_mode(i);
    bool u = a64_bit(i, 29);
    FP_SLOOP(s, (uint32_t)f32_to_fixed(c, x, 0, rm, u, 32), d, f64_to_fixed(c, x, 0, rm, u, 64));
}
/* SCVTF/UCVTF from lanes of the same size (the input lane's bits are the integer). */
#define FP_CVTF(x, fb) (u ? f32_from_u64(f32_bits(x), fb) : f32_from_s64((int32_t)f32_bits(x), fb))
#define FP_CVTF_D(x, fb)                                                                           \
    (u ? f64_from_u64(f64_bits(x), fb) : f64_from_s64((int64_t)f64_bits(x), fb))
void hlp_vcvtf(emu_cpu *c, uint32_t i) {
    bool u = a64_bit(i, 29);
    FP_VLOOP(f, FP_CVTF(x, 0), df, FP_CVTF_D(x, 0));
}
void hlp_scvtf(emu_cpu *c, uint32_t i) {
    bool u = a64_bit(i, 29);
    FP_SLOOP(f, FP_CVTF(x, 0), df, FP_CVTF_D(x, 0));
}

/* ---- fixed point, shift by immediate: immh:immb = 2*esize - fbits; sz is immh<3> ---- */
static inline int fp_shift_fbits(uint32_t i) {
    int ih = (int)a64_bits(i, 22, 16);
    return a64_bit(i, 22) ? 128 - ih : 64 - ih;
}
void hlp_vcvtf_fixed(emu_cpu *c, uint32_t i) {
    bool u = a64_bit(i, 29);
    int fb = fp_shift_fbits(i);
    FP_VLOOP(f, FP_CVTF(x, fb), df, FP_CVTF_D(x, fb));
}
void hlp_scvtf_fixed(emu_cpu *c, uint32_t i) {
    bool u = a64_bit(i, 29);
    int fb = fp_shift_fbits(i);
    FP_SLOOP(f, FP_CVTF(x, fb), df, FP_CVTF_D(x, fb));
}
void hlp_vfcvtz_fixed(emu_cpu *c, uint32_t i) {
    bool u = a64_bit(i, 29);
    int fb = fp_shift_fbits(i);
    FP_VLOOP(s, (uint32_t)f32_to_fixed(c, x, fb, FPR_ZERO, u, 32), d,
             f64_to_fixed(c, x, fb, FPR_ZERO, u, 64));
}
void hlp_sfcvtz_fixed(emu_cpu *c, uint32_t i) {
    bool u = a64_bit(i, 29);
    int fb = fp_shift_fbits(i);
    FP_SLOOP(s, (uint32_t)f32_to_fixed(c, x, fb, FPR_ZERO, u, 32), d,
             f64_to_fixed(c, x, fb, FPR_ZERO, u, 64));
}
#undef FP_CVTF
#undef FP_CVTF_D

/* ---- estimates ---- */
void hlp_vfrecpe(emu_cpu *c, uint32_t i) {
    FP_VLOOP(f, f32_recpe(c, x), df, f64_recpe(c, x));
}
void hlp_sfrecpe(emu_cpu *c, uint32_t i) {
    FP_SLOOP(f, f32_recpe(c, x), df, f64_recpe(c, x));
}
void hlp_vfrsqrte(emu_cpu *c, uint32_t i) {
    FP_VLOOP(f, f32_rsqrte(c, x), df, f64_rsqrte(c, x));
}
void hlp_sfrsqrte(emu_cpu *c, uint32_t i) {
    FP_SLOOP(f, f32_rsqrte(c, x), df, f64_rsqrte(c, x));
}
void hlp_sfrecpx(emu_cpu *c, uint32_t i) {
    FP_SLOOP(f, f32_recpx(c, x), df, f64_recpx(c, x));
}

/* ---- widening and narrowing: the "2" forms (Q=1) use the upper half ---- */
void hlp_vfcvtl(emu_cpu *c, uint32_t i) {
    const emu_vreg *n = &RN(i);
    int base = a64_bit(i, 30) ? 2 : 0;
    emu_vreg r;
    if (a64_bit(i, 22)) {
        for (int k = 0; k < 2; k++)
            r.df[k] = fp_f32_to_f64(c, n->f[base + k]);
    } else {
        for (int k = 0; k < 4; k++)
            r.f[k] = (float)fp16_to_f64(c, n->h[2 * base + k]);
    }
    c->v[A64_RD(i)] = r;
}
/* FCVTN/FCVTXN: narrow into the low half (upper zeroed) or, for the "2" forms, the high half. */
static void fp_narrow(emu_cpu *c, uint32_t i, bool odd) {
    const emu_vreg *n = &RN(i);
    bool hi = a64_bit(i, 30);
    uint64_t half = 0;
    if (a64_bit(i, 22)) {
        for (int k = 0; k < 2; k++) {
            float f = odd ? fp_f64_to_f32_odd(c, n->df[k]) : fp_f64_to_f32(c, n->df[k]);
            half |= (uint64_t)f32_bits(f) << (32 * k);
        }
    } else {
        for (int k = 0; k < 4; k++)
            half |= (uint64_t)fp16_from_f32(c, n->f[k], fp_rmode(c)) << (16 * k);
    }
    emu_vreg *d = &c->v[A64_RD(i)];
    if (hi) {
        d->d[1] = half;
    } else {
        d->d[0] = half;
        d->d[1] = 0;
    }
}
void hlp_vfcvtn(emu_cpu *c, uint32_t i) {
    fp_narrow(c, i, false);
}
void hlp_vfcvtxn(emu_cpu *c, uint32_t i) {
    fp_narrow(c, i, true);
}
void hlp_sfcvtxn(emu_cpu *c, uint32_t i) {
    fp_set_s(c, A64_RD(i), f32_bits(fp_f64_to_f32_odd(c, RN(i).df[0])));
}

/* ---- FMOV (vector, immediate) ---- */
void hlp_vfmov_imm(emu_cpu *c, uint32_t i) {
    uint32_t imm8 = a64_bits(i, 18, 16) << 5 | a64_bits(i, 9, 5);
    emu_vreg *d = &c->v[A64_RD(i)];
    if (a64_bit(i, 29)) { /* op=1: 2D */
        d->d[0] = d->d[1] = fp_expand_imm_d(imm8);
    } else {
        uint64_t s = fp_expand_imm_s(imm8);
        d->d[0] = s | s << 32;
        d->d[1] = a64_bit(i, 30) ? d->d[0] : 0;
    }
}
