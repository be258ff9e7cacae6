/* vnative_vfp2.c — more native vector floating point: compares (register and zero forms,
 * absolute), FMAX/FMIN/FMAXNM/FMINNM, FABD, FADDP, FABS, FNEG, FSQRT, FRINT (all but FRINTA),
 * SCVTF and FCVTZS on 32-bit lanes.
 *
 * As in vnative_vfp.c: FPCR.FZ set sends the instruction to its helper, and so does any lane
 * the host would treat differently (NaN for the arithmetic, out of range for conversions).
 * Compares need no slow path: the host predicates raise the invalid flag exactly where ARM
 * does (signalling predicates for GE/GT/LT/LE, quiet for EQ) and give false on NaN. A 2S
 * operation runs on four lanes whose upper two are zero. */
#include "vnative.h"

static x64_vop vop(bool d, uint8_t op) {
    return X64_VOP(d ? VPP_66 : VPP_NONE, VMAP_0F, 0, op);
}

static int lanes(bool d, bool q) {
    return d ? 2 : q ? 4 : 2;
}

static int src_vec(a64_tctx *t, int r, bool q, int tmp) {
    return q ? vn_src(t, r) : vn_src_low(t, r, 8, tmp);
}

static void def_vec(a64_tctx *t, int rd, int x, bool q) {
    if (!q) vx2(&t->b, VX_MOVQ_LD, x, x);
    vn_def(t, rd, x, q ? 16 : 8);
}

/* Any lane of the mask register mk set: branch (clobbers RAX). */
static size_t branch_any(a64_tctx *t, bool d, int mk) {
    vx2(&t->b, d ? VX_MOVMSKPD : VX_MOVMSKPS, RAX, mk);
    x64_test_rr(&t->b, 0, RAX, RAX);
    return x64_jcc32(&t->b, CC_NE);
}

static uint64_t abs_mask(bool d) {
    return d ? 0x7fffffffffffffffull : 0x7fffffff7fffffffull;
}
static uint64_t sign_mask(bool d) {
    return d ? 1ull << 63 : 0x8000000080000000ull;
}

enum { P_EQ_OQ = 0, P_LT_OS = 1, P_LE_OS = 2, P_UNORD = 3, P_NEQ_OQ = 12, P_GE_OS = 13 };
enum { P_GT_OS = 14 };

/* ---- three same ---- */

/* FMAX/FMIN (and the NM forms, identical without NaN): the host returns the second operand for
 * equal ones, where ARM wants +0 from max(+0, -0) and -0 from min: and/or the first in. */
static void emit_maxmin(a64_tctx *t, bool d, bool min, int n, int m, int x) {
    x64_buf *b = &t->b;
    vx3i(b, vop(d, VFP_CMP), VN_T2, n, m, min ? P_EQ_OQ : P_NEQ_OQ);
    vx3(b, vop(d, min ? VFP_MIN : VFP_MAX), VN_T3, n, m);
    if (min) {
        vx3(b, vop(d, VFP_AND), VN_T2, VN_T2, n); /* n where equal, else 0 */
        vx3(b, vop(d, VFP_OR), x, VN_T3, VN_T2);
    } else {
        vx3(b, vop(d, VFP_OR), VN_T2, VN_T2, n); /* ones where different, else n */
        vx3(b, vop(d, VFP_AND), x, VN_T3, VN_T2);
    }
}

/* U:a:opcode of the FP three-same forms done here. */
enum {
    K_FMAXNM = 0x18,
    K_FMAX = 0x1e,
    K_FMINNM = 0x38,
    K_FMIN = 0x3e,
    K_FCMEQ = 0x1c,
    K_FCMGE = 0x5c,
    K_FCMGT = 0x7c,
    K_FACGE = 0x5d,
    K_FACGT = 0x7d,
    K_FADDP = 0x5a,
    K_FABD = 0x7a
};

/* Compares: no slow path, no FPCR test unless FZ could matter (a denormal is not zero). */
static void emit_cmp3(a64_tctx *t, uint32_t insn, unsigned key, bool d, bool q) {
    x64_buf *b = &t->b;
    size_t slow =
        vn_fz_guard(t, d ? 8 : 4, A64_RN(insn), lanes(d, q), A64_RM(insn), lanes(d, q), -1, 0);
    int n = src_vec(t, A64_RN(insn), q, VN_T0), m = src_vec(t, A64_RM(insn), q, VN_T1);
    if (key == K_FACGE || key == K_FACGT) {
        vn_rip_op(t, vop(d, VFP_AND), VN_T0, n, abs_mask(d), abs_mask(d), 0);
        vn_rip_op(t, vop(d, VFP_AND), VN_T1, m, abs_mask(d), abs_mask(d), 0);
        n = VN_T0, m = VN_T1;
    }
    int pred = key == K_FCMEQ ? P_EQ_OQ : key == K_FCMGE || key == K_FACGE ? P_GE_OS : P_GT_OS;
    int x = vn_dst(t, A64_RD(insn));
    vx3i(b, vop(d, VFP_CMP), x, n, m, (uint8_t)pred);
    def_vec(t, A64_RD(insn), x, q);
    vn_slow(t, insn, &slow, 1);
}

static void emit_arith3(a64_tctx *t, uint32_t insn, unsigned key, bool d, bool q) {
    x64_buf *b = &t->b;
    size_t slow[2];
    int k = 0;
    slow[k++] =
        vn_fz_guard(t, d ? 8 : 4, A64_RN(insn), lanes(d, q), A64_RM(insn), lanes(d, q), -1, 0);
    int n = src_vec(t, A64_RN(insn), q, VN_T0), m = src_vec(t, A64_RM(insn), q, VN_T1);
    int x = vn_dst(t, A64_RD(insn));
    switch (key) {
    case K_FADDP: /* the sums of adjacent pairs of n then of m */
        if (d) {
            vx3(b, VX_UNPCKLPD, VN_T2, n, m);
            vx3(b, VX_UNPCKHPD, VN_T3, n, m);
        } else {
            int cat = n, cm = m;
            if (!q) { /* n0 n1 m0 m1: the pairs are its halves */
                vx3(b, VX_PUNPCKLQDQ, VN_T2, n, m);
                cat = cm = VN_T2;
            }
            vx3i(b, VX_SHUFPS, VN_T3, cat, cm, 0xdd);
            vx3i(b, VX_SHUFPS, VN_T2, cat, cm, 0x88);
        }
        vx3(b, vop(d, VFP_ADD), x, VN_T2, VN_T3);
        vx3i(b, vop(d, VFP_CMP), VN_T3, x, x, P_UNORD);
        slow[k++] = branch_any(t, d, VN_T3);
        break;
    case K_FABD:
        vx3(b, vop(d, VFP_SUB), x, n, m);
        vx3i(b, vop(d, VFP_CMP), VN_T3, x, x, P_UNORD);
        slow[k++] = branch_any(t, d, VN_T3);
        vn_rip_op(t, vop(d, VFP_AND), x, x, abs_mask(d), abs_mask(d), 0);
        break;
    default: /* max/min: any NaN operand goes to the helper before anything is computed */
        vx3i(b, vop(d, VFP_CMP), VN_T3, n, m, P_UNORD);
        slow[k++] = branch_any(t, d, VN_T3);
        emit_maxmin(t, d, key == K_FMIN || key == K_FMINNM, n, m, x);
        break;
    }
    def_vec(t, A64_RD(insn), x, q);
    vn_slow(t, insn, slow, k);
}

/* FP three same beyond vnative_vfp.c's: U (29), a (23), sz (22), opcode (15:11). */
bool vn_e_vfp3b(a64_tctx *t, uint32_t insn) {
    bool d = a64_bit(insn, 22), q = a64_bit(insn, 30);
    unsigned key = a64_bit(insn, 29) << 6 | a64_bit(insn, 23) << 5 | a64_bits(insn, 15, 11);
    if ((d && !q) || !vn_host_ok(t) || !vn_cold_room()) return false;
    switch (key) {
    case K_FCMEQ:
    case K_FCMGE:
    case K_FCMGT:
    case K_FACGE:
    case K_FACGT: emit_cmp3(t, insn, key, d, q); return true;
    case K_FMAXNM:
    case K_FMAX:
    case K_FMINNM:
    case K_FMIN:
    case K_FADDP:
    case K_FABD: emit_arith3(t, insn, key, d, q); return true;
    default: return false;
    }
}

/* ---- two-register misc ---- */

/* U:a:opcode (16:12) of the forms done here. */
enum {
    M_FCMGT0 = 0x2c,
    M_FCMEQ0 = 0x2d,
    M_FCMLT0 = 0x2e,
    M_FCMGE0 = 0x6c,
    M_FCMLE0 = 0x6d,
    M_FABS = 0x2f,
    M_FNEG = 0x6f,
    M_FSQRT = 0x7f,
    M_FRINTN = 0x18,
    M_FRINTM = 0x19,
    M_FRINTP = 0x38,
    M_FRINTZ = 0x39,
    M_FRINTX = 0x59,
    M_FRINTI = 0x79,
    M_FRINTA = 0x58,
    M_FCVTZS = 0x3b,
    M_SCVTF = 0x1d
};

/* ROUNDPS/ROUNDPD immediates: bit 3 suppresses the inexact flag (only FRINTX raises it), bit 2
 * takes the MXCSR (guest FPCR) mode. */
static int round_imm(unsigned key) {
    switch (key) {
    case M_FRINTN: return 8;
    case M_FRINTM: return 9;
    case M_FRINTP: return 10;
    case M_FRINTZ: return 11;
    case M_FRINTX: return 4;
    case M_FRINTI: return 12;
    case M_FRINTA: return 0; /* emit_frinta */
    default: return -1;
    }
}

/* FRINTA: t = trunc(x), then t + copysign(|x - t| >= 0.5, x), every step exact (nothing
 * raised, any rounding mode; the zero of x's sign keeps -0); lanes of 2^52 (2^23) or more
 * were sent to the helper, where x - t could raise invalid. */
static void emit_frinta(a64_tctx *t, bool d, int n, int x) {
    x64_buf *b = &t->b;
    uint64_t one = d ? 0x3ff0000000000000ull : 0x3f8000003f800000ull;
    uint64_t half = d ? 0x3fe0000000000000ull : 0x3f0000003f000000ull;
    vx2i(b, VOP_3A(66, d ? 0x09 : 0x08), VN_T1, n, 11); /* trunc, inexact suppressed */
    vx3(b, vop(d, VFP_SUB), VN_T2, n, VN_T1);
    vn_rip_op(t, vop(d, VFP_AND), VN_T2, VN_T2, abs_mask(d), abs_mask(d), 0);
    vn_rip_op(t, vop(d, VFP_CMP), VN_T2, VN_T2, half, half, 1);
    x64_byte(b, P_GE_OS);
    vn_rip_op(t, vop(d, VFP_AND), VN_T2, VN_T2, one, one, 0);
    vn_rip_op(t, vop(d, VFP_AND), VN_T3, n, sign_mask(d), sign_mask(d), 0);
    vx3(b, vop(d, VFP_OR), VN_T2, VN_T2, VN_T3);
    vx3(b, vop(d, VFP_ADD), x, VN_T1, VN_T2);
}

static void emit_misc(a64_tctx *t, uint32_t insn, unsigned key, bool d, bool q) {
    x64_buf *b = &t->b;
    int rd = A64_RD(insn);
    size_t slow[3];
    int k = 0;
    if (key != M_FABS && key != M_FNEG && key != M_SCVTF) /* bit operations, integers */
        slow[k++] = vn_fz_guard(t, d ? 8 : 4, A64_RN(insn), lanes(d, q), -1, 0, -1, 0);
    int n = src_vec(t, A64_RN(insn), q, VN_T0), x;
    switch (key) {
    case M_FABS:
    case M_FNEG:
        x = vn_dst(t, rd);
        vn_rip_op(t, vop(d, key == M_FABS ? VFP_AND : VFP_XOR), x, n,
                  key == M_FABS ? abs_mask(d) : sign_mask(d),
                  key == M_FABS ? abs_mask(d) : sign_mask(d), 0);
        break;
    case M_FSQRT: /* a negative lane (-0 included) goes to the helper before anything runs */
        slow[k++] = branch_any(t, d, n);
        x = vn_dst(t, rd);
        vx2(b, X64_VOP(d ? VPP_66 : VPP_NONE, VMAP_0F, 0, VFP_SQRT), x, n);
        vx3i(b, vop(d, VFP_CMP), VN_T3, x, x, P_UNORD);
        slow[k++] = branch_any(t, d, VN_T3);
        break;
    case M_SCVTF: /* 32-bit lanes: one host conversion, rounded as FPCR says */
        x = vn_dst(t, rd);
        vx2(b, VX_CVTDQ2PS, x, n);
        break;
    case M_FCVTZS: /* INT_MIN in a lane: out of range or NaN (or INT_MIN itself) */
        x = vn_dst(t, rd);
        vx2(b, VX_CVTTPS2DQ, VN_T1, n);
        vn_rip_op(t, VX_PCMPEQD, VN_T3, VN_T1, 0x8000000080000000ull, 0x8000000080000000ull, 0);
        slow[k++] = branch_any(t, false, VN_T3);
        vx2(b, VX_MOVAPS, x, VN_T1);
        break;
    case M_FCMGT0:
    case M_FCMEQ0:
    case M_FCMLT0:
    case M_FCMGE0:
    case M_FCMLE0: {
        static const uint8_t pred[5] = {P_GT_OS, P_EQ_OQ, P_LT_OS, P_GE_OS, P_LE_OS};
        int p = key == M_FCMGT0   ? 0
                : key == M_FCMEQ0 ? 1
                : key == M_FCMLT0 ? 2
                : key == M_FCMGE0 ? 3
                                  : 4;
        vx_zero(b, VN_T3);
        x = vn_dst(t, rd);
        vx3i(b, vop(d, VFP_CMP), x, n, VN_T3, pred[p]);
        break;
    }
    default: /* FRINT: NaN lanes (ARM's NaN rules) go to the helper */
        vx3i(b, vop(d, VFP_CMP), VN_T3, n, n, P_UNORD);
        slow[k++] = branch_any(t, d, VN_T3);
        if (key == M_FRINTA) { /* and lanes of 2^52 (2^23) or more: see emit_frinta */
            uint64_t big = d ? 0x4330000000000000ull : 0x4b0000004b000000ull;
            vn_rip_op(t, vop(d, VFP_AND), VN_T3, n, abs_mask(d), abs_mask(d), 0);
            vn_rip_op(t, vop(d, VFP_CMP), VN_T3, VN_T3, big, big, 1);
            x64_byte(b, P_GE_OS);
            slow[k++] = branch_any(t, d, VN_T3);
        }
        x = vn_dst(t, rd);
        if (key == M_FRINTA)
            emit_frinta(t, d, n, x);
        else
            vx2i(b, VOP_3A(66, d ? 0x09 : 0x08), x, n, (uint8_t)round_imm(key));
        break;
    }
    def_vec(t, rd, x, q);
    if (k)
        vn_slow(t, insn, slow, k);
    else
        t_keep_flags(t);
}

/* FP two-register misc: U (29), a (23), sz (22), opcode (16:12); 2D needs Q=1. */
bool vn_e_vfp2(a64_tctx *t, uint32_t insn) {
    bool d = a64_bit(insn, 22), q = a64_bit(insn, 30);
    unsigned key = a64_bit(insn, 29) << 6 | a64_bit(insn, 23) << 5 | a64_bits(insn, 16, 12);
    if ((d && !q) || !vn_host_ok(t) || !vn_cold_room()) return false;
    switch (key) {
    case M_SCVTF:
    case M_FCVTZS: /* no 64-bit lane conversion without AVX-512 */
        if (d) return false;
        break;
    case M_FCMGT0:
    case M_FCMEQ0:
    case M_FCMLT0:
    case M_FCMGE0:
    case M_FCMLE0:
    case M_FABS:
    case M_FNEG:
    case M_FSQRT: break;
    default:
        if (round_imm(key) < 0) return false;
        break;
    }
    emit_misc(t, insn, key, d, q);
    return true;
}
