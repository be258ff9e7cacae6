/* fp_cvt.c — helpers for scalar conversions between floating point and general registers:
 * FCVT<mode>S/U, SCVTF/UCVTF (integer and fixed point) and FMOV to and from X/W registers. */
#include "fp_core.h"
#include "fp_hlp.h"

#define RN(i) (c->v[A64_RN(i)])

/* Round-toward-zero conversions, the common case (C casts); anything unusual goes to the
 * general helper below, which handles rmode 11 (toward zero) too. */
#define FP_CVTZ(name, ty, lane, kind, setreg)                                                      \
    void hlp_##name(emu_cpu *c, uint32_t i) {                                                      \
        uint64_t r;                                                                                \
        if (fp_likely(ty##_try_cvtz_##kind(c, RN(i).lane[0], &r))) {                               \
            setreg(c, A64_RD(i), r);                                                               \
            return;                                                                                \
        }                                                                                          \
        hlp_fcvt_int(c, i);                                                                        \
    }
FP_CVTZ(fcvtzs_ws, f32, f, s32, a64_set_xreg)
FP_CVTZ(fcvtzs_wd, f64, df, s32, a64_set_xreg)
FP_CVTZ(fcvtzs_xs, f32, f, s64, a64_set_xreg)
FP_CVTZ(fcvtzs_xd, f64, df, s64, a64_set_xreg)
FP_CVTZ(fcvtzu_ws, f32, f, u32, a64_set_xreg)
FP_CVTZ(fcvtzu_wd, f64, df, u32, a64_set_xreg)
FP_CVTZ(fcvtzu_xs, f32, f, u64, a64_set_xreg)
FP_CVTZ(fcvtzu_xd, f64, df, u64, a64_set_xreg)
#undef FP_CVTZ

/* FCVT{N,P,M,Z,A}{S,U} to W or X: rmode (20:19) numbers N P M Z as FPR_*, opcode 10x is A. */
void hlp_fcvt_int(emu_cpu *c, uint32_t i) {
    int rm = a64_bit(i, 18) ? FPR_TIEAWAY : (int)a64_bits(i, 20, 19);
    bool is_unsigned = a64_bit(i, 16), sf = a64_bit(i, 31);
    int bits = sf ? 64 : 32;
    uint64_t r = a64_bit(i, 22) ? f64_to_fixed(c, RN(i).df[0], 0, rm, is_unsigned, bits)
                                : f32_to_fixed(c, RN(i).f[0], 0, rm, is_unsigned, bits);
    if (sf)
        a64_set_xreg(c, A64_RD(i), r);
    else
        a64_set_wreg(c, A64_RD(i), (uint32_t)r);
}

/* FCVTZS/FCVTZU (fixed point): fbits = 64 - scale. */
void hlp_fcvt_fixed(emu_cpu *c, uint32_t i) {
    int fbits = 64 - (int)a64_bits(i, 15, 10);
    bool is_unsigned = a64_bit(i, 16), sf = a64_bit(i, 31);
    int bits = sf ? 64 : 32;
    uint64_t r = a64_bit(i, 22) ? f64_to_fixed(c, RN(i).df[0], fbits, FPR_ZERO, is_unsigned, bits)
                                : f32_to_fixed(c, RN(i).f[0], fbits, FPR_ZERO, is_unsigned, bits);
    if (sf)
        a64_set_xreg(c, A64_RD(i), r);
    else
        a64_set_wreg(c, A64_RD(i), (uint32_t)r);
}

/* SCVTF/UCVTF from W or X, integer (bit 21 set) or fixed point (fbits = 64 - scale). */
static void fp_cvtf(emu_cpu *c, uint32_t i, int fbits) {
    uint64_t x = a64_xreg(c, A64_RN(i));
    bool sf = a64_bit(i, 31), is_unsigned = a64_bit(i, 16);
    if (!sf) x = is_unsigned ? (uint32_t)x : (uint64_t)(int64_t)(int32_t)x;
    if (a64_bit(i, 22))
        fp_set_d(c, A64_RD(i),
                 f64_bits(is_unsigned ? f64_from_u64(x, fbits) : f64_from_s64((int64_t)x, fbits)));
    else
        fp_set_s(c, A64_RD(i),
                 f32_bits(is_unsigned ? f32_from_u64(x, fbits) : f32_from_s64((int64_t)x, fbits)));
}
void hlp_cvtf_int(emu_cpu *c, uint32_t i) {
    fp_cvtf(c, i, 0);
}
void hlp_cvtf_fixed(emu_cpu *c, uint32_t i) {
    fp_cvtf(c, i, 64 - (int)a64_bits(i, 15, 10));
}

/* SCVTF Dd, Xn and SCVTF Sd, Wn are what compilers emit most; keep them branch-free. */
void hlp_scvtf_dx(emu_cpu *c, uint32_t i) {
    fp_set_d(c, A64_RD(i), f64_bits((double)(int64_t)a64_xreg(c, A64_RN(i))));
}
void hlp_scvtf_dw(emu_cpu *c, uint32_t i) {
    fp_set_d(c, A64_RD(i), f64_bits((double)(int32_t)a64_xreg(c, A64_RN(i))));
}
void hlp_scvtf_sw(emu_cpu *c, uint32_t i) {
    fp_set_s(c, A64_RD(i), f32_bits((float)(int32_t)a64_xreg(c, A64_RN(i))));
}

/* ---- FMOV between general and SIMD&FP registers ---- */
void hlp_fmov_ws(emu_cpu *c, uint32_t i) {
    a64_set_wreg(c, A64_RD(i), RN(i).s[0]);
}
void hlp_fmov_sw(emu_cpu *c, uint32_t i) {
    fp_set_s(c, A64_RD(i), (uint32_t)a64_xreg(c, A64_RN(i)));
}
void hlp_fmov_xd(emu_cpu *c, uint32_t i) {
    a64_set_xreg(c, A64_RD(i), RN(i).d[0]);
}
void hlp_fmov_dx(emu_cpu *c, uint32_t i) {
    fp_set_d(c, A64_RD(i), a64_xreg(c, A64_RN(i)));
}
void hlp_fmov_x_d1(emu_cpu *c, uint32_t i) {
    a64_set_xreg(c, A64_RD(i), RN(i).d[1]);
}
/* Writes only the top half: the low 64 bits are kept. */
void hlp_fmov_d1_x(emu_cpu *c, uint32_t i) {
    c->v[A64_RD(i)].d[1] = a64_xreg(c, A64_RN(i));
}
