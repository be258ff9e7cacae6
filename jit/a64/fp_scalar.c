/* fp_scalar.c — helpers for scalar floating-point data processing: arithmetic, fused
 * multiply-add, compares, conditional select, moves and immediates, rounding to integral. */
#include "fp_core.h"
#include "fp_hlp.h"

#define RN(i) (c->v[A64_RN(i)])
#define RM(i) (c->v[A64_RM(i)])
#define RA(i) (c->v[A64_RA(i)])

/* The slow paths redo the whole instruction from its encoding (see fp_tmpl.h); they are
 * called in tail position so the helpers' fast paths need no stack frame. */
__attribute__((noinline)) static void fp_dp2_slow(emu_cpu *c, uint32_t i) {
    static const int8_t op[9] = {FOP_MUL, FOP_DIV,   FOP_ADD,   FOP_SUB, FOP_MAX,
                                 FOP_MIN, FOP_MAXNM, FOP_MINNM, FOP_MUL};
    int opc = (int)a64_bits(i, 15, 12);
    if (a64_bit(i, 22)) {
        double r = f64_op2_slow(c, op[opc], RN(i).df[0], RM(i).df[0]);
        fp_set_d(c, A64_RD(i), f64_bits(opc == 8 ? -r : r));
    } else {
        float r = f32_op2_slow(c, op[opc], RN(i).f[0], RM(i).f[0]);
        fp_set_s(c, A64_RD(i), f32_bits(opc == 8 ? -r : r));
    }
}

#define FP_DP2(name, try, neg)                                                                     \
    void hlp_##name##_s(emu_cpu *c, uint32_t i) {                                                  \
        float r;                                                                                   \
        if (fp_likely(f32_try_##try(c, RN(i).f[0], RM(i).f[0], &r))) {                             \
            fp_set_s(c, A64_RD(i), f32_bits(neg r));                                               \
            return;                                                                                \
        }                                                                                          \
        fp_dp2_slow(c, i);                                                                         \
    }                                                                                              \
    void hlp_##name##_d(emu_cpu *c, uint32_t i) {                                                  \
        double r;                                                                                  \
        if (fp_likely(f64_try_##try(c, RN(i).df[0], RM(i).df[0], &r))) {                           \
            fp_set_d(c, A64_RD(i), f64_bits(neg r));                                               \
            return;                                                                                \
        }                                                                                          \
        fp_dp2_slow(c, i);                                                                         \
    }
FP_DP2(fadd, add, )
FP_DP2(fsub, sub, )
FP_DP2(fmul, mul, )
FP_DP2(fdiv, div, )
FP_DP2(fnmul, mul, -) /* FNMUL negates FPMul's result, NaN included */
FP_DP2(fmax, max, )
FP_DP2(fmin, min, )
FP_DP2(fmaxnm, max, )
FP_DP2(fminnm, min, )
#undef FP_DP2

/* FMADD family: the ARM ARM negates operands before FPMulAdd, so a negated NaN operand comes
 * out with its sign flipped. o1 (21) negates the addend, o1 != o0 (15) negates n. */
__attribute__((noinline)) static void fp_dp3_slow(emu_cpu *c, uint32_t i) {
    bool nega = a64_bit(i, 21), negn = a64_bit(i, 21) != a64_bit(i, 15);
    if (a64_bit(i, 22)) {
        double a = RA(i).df[0], n = RN(i).df[0];
        fp_set_d(c, A64_RD(i),
                 f64_bits(f64_muladd_slow(c, nega ? -a : a, negn ? -n : n, RM(i).df[0])));
    } else {
        float a = RA(i).f[0], n = RN(i).f[0];
        fp_set_s(c, A64_RD(i),
                 f32_bits(f32_muladd_slow(c, nega ? -a : a, negn ? -n : n, RM(i).f[0])));
    }
}
#define FP_DP3(name, nega, negn)                                                                   \
    void hlp_##name##_s(emu_cpu *c, uint32_t i) {                                                  \
        float r;                                                                                   \
        if (fp_likely(f32_try_muladd(c, nega RA(i).f[0], negn RN(i).f[0], RM(i).f[0], &r))) {      \
            fp_set_s(c, A64_RD(i), f32_bits(r));                                                   \
            return;                                                                                \
        }                                                                                          \
        fp_dp3_slow(c, i);                                                                         \
    }                                                                                              \
    void hlp_##name##_d(emu_cpu *c, uint32_t i) {                                                  \
        double r;                                                                                  \
        if (fp_likely(f64_try_muladd(c, nega RA(i).df[0], negn RN(i).df[0], RM(i).df[0], &r))) {   \
            fp_set_d(c, A64_RD(i), f64_bits(r));                                                   \
            return;                                                                                \
        }                                                                                          \
        fp_dp3_slow(c, i);                                                                         \
    }
FP_DP3(fmadd, , )
FP_DP3(fmsub, , -)
FP_DP3(fnmadd, -, -)
FP_DP3(fnmsub, -, )
#undef FP_DP3

/* ---- one source ---- */
void hlp_fmov_s(emu_cpu *c, uint32_t i) {
    fp_set_s(c, A64_RD(i), RN(i).s[0]);
}
void hlp_fmov_d(emu_cpu *c, uint32_t i) {
    fp_set_d(c, A64_RD(i), RN(i).d[0]);
}
void hlp_fabs_s(emu_cpu *c, uint32_t i) {
    fp_set_s(c, A64_RD(i), RN(i).s[0] & 0x7fffffffu);
}
void hlp_fabs_d(emu_cpu *c, uint32_t i) {
    fp_set_d(c, A64_RD(i), RN(i).d[0] & ~(1ull << 63));
}
void hlp_fneg_s(emu_cpu *c, uint32_t i) {
    fp_set_s(c, A64_RD(i), RN(i).s[0] ^ 0x80000000u);
}
void hlp_fneg_d(emu_cpu *c, uint32_t i) {
    fp_set_d(c, A64_RD(i), RN(i).d[0] ^ (1ull << 63));
}
__attribute__((noinline)) static void fp_sqrt_slow(emu_cpu *c, uint32_t i) {
    if (a64_bit(i, 22))
        fp_set_d(c, A64_RD(i), f64_bits(f64_sqrt_slow(c, RN(i).df[0])));
    else
        fp_set_s(c, A64_RD(i), f32_bits(f32_sqrt_slow(c, RN(i).f[0])));
}
void hlp_fsqrt_s(emu_cpu *c, uint32_t i) {
    float r;
    if (fp_likely(f32_try_sqrt(c, RN(i).f[0], &r))) {
        fp_set_s(c, A64_RD(i), f32_bits(r));
        return;
    }
    fp_sqrt_slow(c, i);
}
void hlp_fsqrt_d(emu_cpu *c, uint32_t i) {
    double r;
    if (fp_likely(f64_try_sqrt(c, RN(i).df[0], &r))) {
        fp_set_d(c, A64_RD(i), f64_bits(r));
        return;
    }
    fp_sqrt_slow(c, i);
}

/* FRINT<mode> in bits 17:15 (scalar) or U:o1:o2 (vector): N P M Z A - X I. Returns the rounding
 * mode and whether IXC is raised (FRINTX). */
int fp_frint_mode(emu_cpu *c, int sel, bool *exact) {
    static const int8_t mode[8] = {FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF, FPR_ZERO,
                                   FPR_TIEAWAY, -1,         -1,         -1};
    *exact = sel == 6;
    return mode[sel] >= 0 ? mode[sel] : fp_rmode(c);
}
void hlp_frint_s(emu_cpu *c, uint32_t i) {
    bool exact;
    int rm = fp_frint_mode(c, (int)a64_bits(i, 17, 15), &exact);
    fp_set_s(c, A64_RD(i), f32_bits(f32_round_int(c, RN(i).f[0], rm, exact)));
}
void hlp_frint_d(emu_cpu *c, uint32_t i) {
    bool exact;
    int rm = fp_frint_mode(c, (int)a64_bits(i, 17, 15), &exact);
    fp_set_d(c, A64_RD(i), f64_bits(f64_round_int(c, RN(i).df[0], rm, exact)));
}

/* FCVT between precisions: type (23:22) is the source, opc (16:15) the destination. */
void hlp_fcvt(emu_cpu *c, uint32_t i) {
    int d = A64_RD(i), rm = fp_rmode(c);
    const emu_vreg *n = &RN(i);
    switch (a64_bits(i, 23, 22) << 2 | a64_bits(i, 16, 15)) {
    case 0 << 2 | 1: fp_set_d(c, d, f64_bits(fp_f32_to_f64(c, n->f[0]))); break;
    case 0 << 2 | 3: fp_set_h(c, d, fp16_from_f32(c, n->f[0], rm)); break;
    case 1 << 2 | 0: fp_set_s(c, d, f32_bits(fp_f64_to_f32(c, n->df[0]))); break;
    case 1 << 2 | 3: fp_set_h(c, d, fp16_from_f64(c, n->df[0], rm)); break;
    /* From half the result is exact, NaN included. */
    case 3 << 2 | 0: fp_set_s(c, d, f32_bits((float)fp16_to_f64(c, n->h[0]))); break;
    case 3 << 2 | 1: fp_set_d(c, d, f64_bits(fp16_to_f64(c, n->h[0]))); break;
    default: a64_undefined(c); /* the decode table lets only the six conversions through */
    }
}

/* The two conversions compilers emit for (float)d and (double)f, with the general helper above
 * as the slow path. A single is exact as a double; a double becomes a single that may be tiny
 * (see fp_tmpl.h), which the exponent check below leaves to the slow path. */
void hlp_fcvt_ds(emu_cpu *c, uint32_t i) {
    float x = RN(i).f[0];
    if (fp_likely(x == x && !(f32_fz(c) && f32_denorm(x)))) {
        fp_set_d(c, A64_RD(i), f64_bits((double)x));
        return;
    }
    hlp_fcvt(c, i);
}
void hlp_fcvt_sd(emu_cpu *c, uint32_t i) {
    double x = RN(i).df[0];
    int e = (int)(f64_bits(x) >> 52 & 0x7ff);
    if (fp_likely(x == x && e > 1023 - 126)) { /* at least 2^-125: never tiny as a single */
        fp_set_s(c, A64_RD(i), f32_bits((float)x));
        return;
    }
    hlp_fcvt(c, i);
}

/* ---- compares and selects ---- */
/* FCMP/FCMPE (#0.0 when bit 3), and FCCMP/FCCMPE when the condition holds; bit 4 signals. */
__attribute__((noinline)) static void fp_cmp_slow(emu_cpu *c, uint32_t i, bool zero) {
    bool sig = a64_bit(i, 4);
    if (a64_bit(i, 22))
        jit_nzcv_set(c, f64_compare_slow(c, RN(i).df[0], zero ? 0.0 : RM(i).df[0], sig));
    else
        jit_nzcv_set(c, f32_compare_slow(c, RN(i).f[0], zero ? 0.0f : RM(i).f[0], sig));
}
#define FP_NZCV(a, b) ((a) == (b) ? 0x6u << 28 : (a) < (b) ? 0x8u << 28 : 0x2u << 28)
void hlp_fcmp_s(emu_cpu *c, uint32_t i) {
    bool zero = a64_bit(i, 3);
    float a = RN(i).f[0], b = zero ? 0.0f : RM(i).f[0];
    if (fp_unlikely(a != a || b != b || (f32_fz(c) && (f32_denorm(a) || f32_denorm(b)))))
        return fp_cmp_slow(c, i, zero);
    jit_nzcv_set(c, FP_NZCV(a, b));
}
void hlp_fcmp_d(emu_cpu *c, uint32_t i) {
    bool zero = a64_bit(i, 3);
    double a = RN(i).df[0], b = zero ? 0.0 : RM(i).df[0];
    if (fp_unlikely(a != a || b != b || (f64_fz(c) && (f64_denorm(a) || f64_denorm(b)))))
        return fp_cmp_slow(c, i, zero);
    jit_nzcv_set(c, FP_NZCV(a, b));
}
void hlp_fccmp_s(emu_cpu *c, uint32_t i) {
    if (!fp_cond_holds(jit_nzcv_get(c), (int)a64_bits(i, 15, 12)))
        return jit_nzcv_set(c, a64_bits(i, 3, 0) << 28);
    float a = RN(i).f[0], b = RM(i).f[0];
    if (fp_unlikely(a != a || b != b || (f32_fz(c) && (f32_denorm(a) || f32_denorm(b)))))
        return fp_cmp_slow(c, i, false);
    jit_nzcv_set(c, FP_NZCV(a, b));
}
void hlp_fccmp_d(emu_cpu *c, uint32_t i) {
    if (!fp_cond_holds(jit_nzcv_get(c), (int)a64_bits(i, 15, 12)))
        return jit_nzcv_set(c, a64_bits(i, 3, 0) << 28);
    double a = RN(i).df[0], b = RM(i).df[0];
    if (fp_unlikely(a != a || b != b || (f64_fz(c) && (f64_denorm(a) || f64_denorm(b)))))
        return fp_cmp_slow(c, i, false);
    jit_nzcv_set(c, FP_NZCV(a, b));
}
#undef FP_NZCV
void hlp_fcsel_s(emu_cpu *c, uint32_t i) {
    bool t = fp_cond_holds(jit_nzcv_get(c), (int)a64_bits(i, 15, 12));
    fp_set_s(c, A64_RD(i), t ? RN(i).s[0] : RM(i).s[0]);
}
void hlp_fcsel_d(emu_cpu *c, uint32_t i) {
    bool t = fp_cond_holds(jit_nzcv_get(c), (int)a64_bits(i, 15, 12));
    fp_set_d(c, A64_RD(i), t ? RN(i).d[0] : RM(i).d[0]);
}

/* ---- immediates: VFPExpandImm ---- */
uint32_t fp_expand_imm_s(uint32_t imm8) {
    uint32_t b6 = imm8 >> 6 & 1;
    return (imm8 >> 7) << 31 | (b6 ^ 1) << 30 | (b6 ? 0x1fu : 0) << 25 | (imm8 & 0x3f) << 19;
}
uint64_t fp_expand_imm_d(uint32_t imm8) {
    uint64_t b6 = imm8 >> 6 & 1;
    return (uint64_t)(imm8 >> 7) << 63 | (b6 ^ 1) << 62 | (b6 ? 0xffull : 0) << 54 |
           (uint64_t)(imm8 & 0x3f) << 48;
}
void hlp_fmov_imm_s(emu_cpu *c, uint32_t i) {
    fp_set_s(c, A64_RD(i), fp_expand_imm_s(a64_bits(i, 20, 13)));
}
void hlp_fmov_imm_d(emu_cpu *c, uint32_t i) {
    fp_set_d(c, A64_RD(i), fp_expand_imm_d(a64_bits(i, 20, 13)));
}
