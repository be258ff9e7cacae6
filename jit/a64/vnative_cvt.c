/* vnative_cvt.c — native conversions between floating point and general registers: FMOV to and
 * from W/X (and the top half of a Q register), SCVTF/UCVTF, FCVTZS/FCVTZU (integer). */
#include "vnative.h"

/* FMOV between a general register and S, D or V.D[1] (type 00, 01, 10 with rmode 01). */
static bool emit_fmov(a64_tctx *t, uint32_t insn, unsigned type, bool to_fp, bool sf) {
    int rd = A64_RD(insn), rn = A64_RN(insn);
    x64_buf *b = &t->b;
    bool top = type == 2;
    if (!to_fp) { /* from the xmm copy: no wait for the store to forward */
        int x = vn_src(t, rn), g = t_dst(t, rd);
        if (top) {
            x64_v_rr(b, VX_PEXTRQ, x, 0, g);
            x64_byte(b, 1);
        } else {
            x64_v_rr(b, sf ? VOP_W1(VX_MOVD_FROMX) : VX_MOVD_FROMX, x, 0, g);
        }
    } else if (top) { /* the low half is kept */
        int x = vn_src(t, rd), g = t_src(t, rn);
        x64_v_rr(b, VOP_W1(VX_PINSRD), x, x, g);
        x64_byte(b, 1);
        vn_def(t, rd, x, 16);
    } else {
        int g = t_src(t, rn), x = vn_dst(t, rd);
        x64_v_rr(b, sf ? VOP_W1(VX_MOVD_TOX) : VX_MOVD_TOX, x, 0, g);
        vn_def(t, rd, x, sf ? 8 : 4);
    }
    t_keep_flags(t);
    return true;
}

/* SCVTF/UCVTF from W or X: the host conversion rounds as FPCR says and raises IXC the same way;
 * a W source is extended to 64 bits first (exact). UCVTF from X (no host instruction): helper. */
static bool emit_cvtf(a64_tctx *t, uint32_t insn, bool d, bool sf, bool is_unsigned) {
    if (sf && is_unsigned) return false;
    x64_buf *b = &t->b;
    int src = t_src(t, A64_RN(insn));
    if (!sf) {
        if (is_unsigned)
            x64_mov_rr(b, 0, RAX, src);
        else
            x64_movsx(b, 1, RAX, src, 4);
        src = RAX;
    }
    int x = vn_dst(t, A64_RD(insn));
    vx_zero(b, x); /* bits 127:32 (or 64) of the result */
    x64_v_rr(b, VOP_W1(d ? VX_CVTSI2SD : VX_CVTSI2SS), x, x, src);
    vn_def(t, A64_RD(insn), x, d ? 8 : 4);
    t_keep_flags(t);
    return true;
}

/* FCVTZS/FCVTZU to W or X. Signed: the host truncation raises the invalid flag exactly when ARM
 * saturates (out of range, NaN) and gives INT_MIN then, which sends the case to the helper.
 * Unsigned: the operand is compared with the bounds first (as the helper does), since a host
 * conversion of -1.5 or 2^32 + 0.5 would raise an inexact flag ARM does not; 2^63 and above
 * have no host conversion and take the helper too. */
static bool emit_fcvtz(a64_tctx *t, uint32_t insn, bool d, bool sf, bool is_unsigned) {
    if (!vn_cold_room()) return false;
    x64_buf *b = &t->b;
    int rd = A64_RD(insn), h = t_dst(t, rd); /* allocated before any branch */
    size_t slow[3];
    int k = 0;
    slow[k++] = vn_fz_guard(t, d ? 8 : 4, A64_RN(insn), 1, -1, 0, -1, 0);
    int n = vn_src(t, A64_RN(insn));
    x64_vop cvt = d ? VX_CVTTSD2SI : VX_CVTTSS2SI;
    if (is_unsigned) {
        x64_vop ucomi = X64_VOP(d ? VPP_66 : VPP_NONE, VMAP_0F, 0, VFP_UCOMI);
        vn_rip_op(t, ucomi, n, 0, d ? 0xbff0000000000000ull : 0xbf800000u, 0, 0); /* -1 */
        slow[k++] = x64_jcc32(b, CC_BE);                              /* <= -1 or unordered */
        uint64_t hi = sf ? (d ? 0x43e0000000000000ull : 0x5f000000u)  /* 2^63 */
                         : (d ? 0x41f0000000000000ull : 0x4f800000u); /* 2^32 */
        vn_rip_op(t, ucomi, n, 0, hi, 0, 0);
        slow[k++] = x64_jcc32(b, CC_AE);
        x64_v_rr(b, VOP_W1(cvt), RAX, 0, n);
    } else { /* the indefinite value INT_MIN: only x - 1 overflows */
        x64_v_rr(b, sf ? VOP_W1(cvt) : cvt, RAX, 0, n);
        x64_alu_ri(b, sf, ALU_CMP, RAX, 1);
        slow[k++] = x64_jcc32(b, CC_O);
    }
    x64_mov_rr(b, sf, h, RAX);
    vn_slow_x(t, insn, slow, k, rd, h);
    return true;
}

/* FCVTNS/FCVTPS/FCVTMS/FCVTAS (and the unsigned forms): rounded to integral in the mode, then
 * converted exactly. Only operands the result cannot overflow from take the fast path
 * (|x| < 2^30 for W, 2^62 for X; unsigned ones also not negative), so the invalid flag never
 * comes up and the inexact flag is the rounding's (ROUNDSD, or for ties-away a CVTSD2SI of x,
 * inexact exactly when x is not integral). rm: 0 N, 1 P, 2 M, 4 A. */
static bool emit_fcvt_round(a64_tctx *t, uint32_t insn, bool d, bool sf, bool u, int rm) {
    static const uint8_t mode[3] = {0, 2, 1}; /* N P M as ROUNDSD immediates */
    if (!vn_cold_room()) return false;
    x64_buf *b = &t->b;
    int rd = A64_RD(insn), h = t_dst(t, rd); /* allocated before any branch */
    size_t slow[4];
    int k = 0;
    slow[k++] = vn_fz_guard(t, d ? 8 : 4, A64_RN(insn), 1, -1, 0, -1, 0);
    int n = vn_src(t, A64_RN(insn));
    x64_vop ucomi = X64_VOP(d ? VPP_66 : VPP_NONE, VMAP_0F, 0, VFP_UCOMI);
    x64_vop and = X64_VOP(d ? VPP_66 : VPP_NONE, VMAP_0F, 0, VFP_AND);
    uint64_t abs = d ? 0x7fffffffffffffffull : 0x7fffffffu;
    uint64_t bound = sf ? (d ? 0x43d0000000000000ull : 0x5e800000u)  /* 2^62 */
                        : (d ? 0x41d0000000000000ull : 0x4e800000u); /* 2^30 */
    vn_rip_op(t, and, VN_T2, n, abs, 0, 0);
    vn_ld_const(t, VN_T3, bound, 0);
    x64_v_rr(b, ucomi, VN_T3, 0, VN_T2); /* bound > |x|: else (or NaN) the helper */
    slow[k++] = x64_jcc32(b, CC_BE);
    if (u) { /* negative values saturate or round up to zero: the helper */
        x64_test_mi32(b, vn_vo(A64_RN(insn), d ? 4 : 0), 0x80000000u);
        slow[k++] = x64_jcc32(b, CC_NE);
    }
    x64_vop round = VOP_3A(66, d ? 0x0B : 0x0A);
    if (rm == 4) { /* ties away: trunc, then one away from zero when the rest is >= 1/2 */
        uint64_t one = d ? 0x3ff0000000000000ull : 0x3f800000u;
        uint64_t half = d ? 0x3fe0000000000000ull : 0x3f000000u;
        x64_vop cvt = d ? VX_CVTSD2SI : VX_CVTSS2SI;
        x64_v_rr(b, VOP_W1(cvt), RCX, 0, n); /* only for the inexact flag */
        vx3i(b, round, VN_T0, n, n, 11);
        vx3(b, X64_VOP(d ? VPP_F2 : VPP_F3, VMAP_0F, 0, VFP_SUB), VN_T1, n, VN_T0);
        vn_rip_op(t, and, VN_T1, VN_T1, abs, 0, 0);
        vn_rip_op(t, X64_VOP(d ? VPP_F2 : VPP_F3, VMAP_0F, 0, VFP_CMP), VN_T1, VN_T1, half, 0, 1);
        x64_byte(b, 13); /* GE_OS */
        vn_rip_op(t, and, VN_T1, VN_T1, one, 0, 0);
        vn_rip_op(t, and, VN_T2, n, abs + 1, 0, 0); /* the sign */
        vx3(b, X64_VOP(d ? VPP_66 : VPP_NONE, VMAP_0F, 0, VFP_OR), VN_T1, VN_T1, VN_T2);
        vx3(b, X64_VOP(d ? VPP_F2 : VPP_F3, VMAP_0F, 0, VFP_ADD), VN_T0, VN_T0, VN_T1);
    } else {
        vx3i(b, round, VN_T0, n, n, mode[rm]); /* inexact not suppressed: IXC */
    }
    x64_v_rr(b, VOP_W1(d ? VX_CVTTSD2SI : VX_CVTTSS2SI), RAX, 0, VN_T0); /* exact */
    x64_mov_rr(b, sf, h, RAX);
    vn_slow_x(t, insn, slow, k, rd, h);
    return true;
}

/* The class "conversion between floating point and integer": sf (31), type (23:22), rmode
 * (20:19), opcode (18:16). */
bool vn_e_fpint(a64_tctx *t, uint32_t insn) {
    bool sf = a64_bit(insn, 31);
    unsigned type = a64_bits(insn, 23, 22), rmode = a64_bits(insn, 20, 19);
    unsigned opc = a64_bits(insn, 18, 16);
    if (!vn_host_ok(t)) return false;
    if (opc >= 6) { /* W with S, X with D or D[1]; half precision: helper */
        bool ok = rmode == 0 ? (sf ? type == 1 : type == 0) : (rmode == 1 && sf && type == 2);
        return ok && emit_fmov(t, insn, type, opc == 7, sf);
    }
    if (type > 1) return false;
    if (rmode == 0 && (opc == 2 || opc == 3)) return emit_cvtf(t, insn, type, sf, opc == 3);
    if (rmode == 3 && opc <= 1) return emit_fcvtz(t, insn, type, sf, opc == 1);
    if (opc <= 1) return emit_fcvt_round(t, insn, type, sf, opc == 1, (int)rmode);
    if (rmode == 0 && (opc == 4 || opc == 5))
        return emit_fcvt_round(t, insn, type, sf, opc == 5, 4);
    return false;
}
