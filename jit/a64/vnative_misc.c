/* vnative_misc.c — native integer Advanced SIMD with one source: two-register misc (compares
 * with zero, ABS, NEG, NOT, CNT, XTN, [SU]ADDLP, [SU]ADALP, REV16/32/64) and across lanes
 * (ADDV, [SU]MAXV, [SU]MINV), plus the scalar ADDP Dd, Vn.2D. */
#include "vnative.h"

static const x64_vop op_sub[4] = {VX_PSUBB, VX_PSUBW, VX_PSUBD, VX_PSUBQ};
static const x64_vop op_eq[4] = {VX_PCMPEQB, VX_PCMPEQW, VX_PCMPEQD, VX_PCMPEQQ};
static const x64_vop op_gt[4] = {VX_PCMPGTB, VX_PCMPGTW, VX_PCMPGTD, VX_PCMPGTQ};

static void put(a64_tctx *t, int rd, int x, bool q) {
    if (!q) vx2(&t->b, VX_MOVQ_LD, x, x);
    vn_def(t, rd, x, q ? 16 : 8);
    t_keep_flags(t);
}

/* pshufb controls of the REV forms: REV64 by element size b/h/s, REV32 b/h, REV16 b. */
static const uint64_t rev64[3][2] = {{0x0001020304050607ull, 0x08090a0b0c0d0e0full},
                                     {0x0100030205040706ull, 0x09080b0a0d0c0f0eull},
                                     {0x0302010007060504ull, 0x0b0a09080f0e0d0cull}};
static const uint64_t rev32[2][2] = {{0x0405060700010203ull, 0x0c0d0e0f08090a0bull},
                                     {0x0504070601000302ull, 0x0d0c0f0e09080b0aull}};
static const uint64_t rev16[2] = {0x0607040502030001ull, 0x0e0f0c0d0a0b0809ull};
/* XTN: the low half of each element, gathered into the low 8 bytes (by destination size). */
static const uint64_t xtn_lo[3] = {0x0e0c0a0806040200ull, 0x0d0c090805040100ull,
                                   0x0b0a090803020100ull};

/* Narrow n into the low 8 bytes of x (by destination size b, h, s); the upper half is zero
 * (pshufb controls with bit 7 set give zero bytes). */
static void narrow(a64_tctx *t, int size, int x, int n) {
    vn_rip_op(t, VX_PSHUFB, x, n, xtn_lo[size], 0x8080808080808080ull, 0);
}

/* Pairwise long add of n into x (element size of the source: b, h, s). */
static void addlp(a64_tctx *t, int size, bool u, int n, int x) {
    x64_buf *b = &t->b;
    switch (size) {
    case 0: /* pmaddubsw: unsigned bytes of src1 times signed bytes of src2, pairs summed */
        if (u) {
            vn_rip_op(t, VX_PMADDUBSW, x, n, 0x0101010101010101ull, 0x0101010101010101ull, 0);
        } else {
            vn_ld_const(t, VN_T1, 0x0101010101010101ull, 0x0101010101010101ull);
            vx3(b, VX_PMADDUBSW, x, VN_T1, n);
        }
        break;
    case 1:
        if (u) { /* low and high halves of each word pair, zero-extended */
            vn_rip_op(t, VX_PAND, VN_T0, n, 0x0000ffff0000ffffull, 0x0000ffff0000ffffull, 0);
            vx_shift(b, VX_SHIFT_D, VSH_SRL, VN_T1, n, 16);
            vx3(b, VX_PADDD, x, VN_T0, VN_T1);
        } else {
            vn_rip_op(t, VX_PMADDWD, x, n, 0x0001000100010001ull, 0x0001000100010001ull, 0);
        }
        break;
    default:
        if (u) {
            vn_rip_op(t, VX_PAND, VN_T0, n, 0xffffffffull, 0xffffffffull, 0);
            vx_shift(b, VX_SHIFT_Q, VSH_SRL, VN_T1, n, 32);
        } else { /* even and odd lanes, sign-extended */
            vx2i(b, VX_PSHUFD, VN_T0, n, 0x08);
            vx2(b, VX_PMOVSXDQ, VN_T0, VN_T0);
            vx2i(b, VX_PSHUFD, VN_T1, n, 0x0d);
            vx2(b, VX_PMOVSXDQ, VN_T1, VN_T1);
        }
        vx3(b, VX_PADDQ, x, VN_T0, VN_T1);
        break;
    }
}

/* The operation of two-register misc (U:opcode) on size; false if not done natively. */
static bool misc_ok(unsigned key, int size, bool q) {
    if (size == 3 && !q) return false;
    switch (key) {
    case 0x09:
    case 0x29:
    case 0x08:
    case 0x28:
    case 0x0a:
    case 0x2b: return true;
    case 0x0b: return size < 3; /* ABS */
    case 0x25:
    case 0x05: return size == 0; /* NOT, CNT */
    case 0x12: return size < 3;  /* XTN */
    case 0x02:
    case 0x22:
    case 0x06:
    case 0x26: return size < 3;
    case 0x00: return size < 3;  /* REV64 */
    case 0x20: return size < 2;  /* REV32 */
    case 0x01: return size == 0; /* REV16 */
    default: return false;
    }
}

static void emit_misc(a64_tctx *t, uint32_t insn, unsigned key, int size, bool q) {
    x64_buf *b = &t->b;
    int rd = A64_RD(insn), n = vn_src(t, A64_RN(insn));
    bool acc = key == 0x06 || key == 0x26 || (key == 0x12 && q);
    int d = acc ? vn_src(t, rd) : -1, x = vn_dst(t, rd);
    if (key == 0x09 || key == 0x29 || key == 0x08 || key == 0x28 || key == 0x0a || key == 0x2b)
        vx_zero(b, VN_T2);
    switch (key) {
    case 0x09: vx3(b, op_eq[size], x, n, VN_T2); break; /* CMEQ #0 */
    case 0x08: vx3(b, op_gt[size], x, n, VN_T2); break; /* CMGT #0 */
    case 0x0a: vx3(b, op_gt[size], x, VN_T2, n); break; /* CMLT #0 */
    case 0x29:                                          /* CMLE #0: !(n > 0) */
    case 0x28:                                          /* CMGE #0: !(0 > n) */
        if (key == 0x29)
            vx3(b, op_gt[size], VN_T0, n, VN_T2);
        else
            vx3(b, op_gt[size], VN_T0, VN_T2, n);
        vx_ones(b, VN_T3);
        vx3(b, VX_PXOR, x, VN_T0, VN_T3);
        break;
    case 0x2b: vx3(b, op_sub[size], x, VN_T2, n); break; /* NEG */
    case 0x0b: {                                         /* ABS */
        static const x64_vop abs[3] = {VX_PABSB, VX_PABSW, VX_PABSD};
        vx2(b, abs[size], x, n);
        break;
    }
    case 0x25: /* NOT */
        vx_ones(b, VN_T3);
        vx3(b, VX_PXOR, x, n, VN_T3);
        break;
    case 0x05: /* CNT: a 16-entry table of nibble counts, looked up twice */
        vn_rip_op(t, VX_PAND, VN_T0, n, 0x0f0f0f0f0f0f0f0full, 0x0f0f0f0f0f0f0f0full, 0);
        vx_shift(b, VX_SHIFT_W, VSH_SRL, VN_T1, n, 4);
        vn_rip_op(t, VX_PAND, VN_T1, VN_T1, 0x0f0f0f0f0f0f0f0full, 0x0f0f0f0f0f0f0f0full, 0);
        vn_ld_const(t, VN_T2, 0x0302020102010100ull, 0x0403030203020201ull);
        vx3(b, VX_PSHUFB, VN_T0, VN_T2, VN_T0);
        vx3(b, VX_PSHUFB, VN_T1, VN_T2, VN_T1);
        vx3(b, VX_PADDB, x, VN_T0, VN_T1);
        break;
    case 0x12: /* XTN, XTN2 (into the upper half, the lower kept) */
        if (!q) {
            narrow(t, size, x, n);
            break;
        }
        narrow(t, size, VN_T0, n);
        vx3(b, VX_PUNPCKLQDQ, x, d, VN_T0);
        break;
    case 0x02: addlp(t, size, false, n, x); break; /* SADDLP */
    case 0x22: addlp(t, size, true, n, x); break;  /* UADDLP */
    case 0x06:                                     /* SADALP, UADALP */
    case 0x26: {
        static const x64_vop add[3] = {VX_PADDW, VX_PADDD, VX_PADDQ};
        addlp(t, size, key == 0x26, n, VN_T2);
        vx3(b, add[size], x, d, VN_T2);
        break;
    }
    case 0x00: vn_rip_op(t, VX_PSHUFB, x, n, rev64[size][0], rev64[size][1], 0); break;
    case 0x20: vn_rip_op(t, VX_PSHUFB, x, n, rev32[size][0], rev32[size][1], 0); break;
    default: vn_rip_op(t, VX_PSHUFB, x, n, rev16[0], rev16[1], 0); break; /* REV16 */
    }
    put(t, rd, x, q);
}

/* Two-register misc: Q (30), U (29), size (23:22), opcode (16:12). */
bool vn_e_misc2(a64_tctx *t, uint32_t insn) {
    int size = (int)a64_bits(insn, 23, 22);
    bool q = a64_bit(insn, 30);
    unsigned key = a64_bit(insn, 29) << 5 | a64_bits(insn, 16, 12);
    if (!vn_host_ok(t) || !vn_cold_room() || !misc_ok(key, size, q)) return false;
    emit_misc(t, insn, key, size, q);
    return true;
}

/* ---- across lanes ---- */

/* Folds the lanes of n (element size, 8 or 16 bytes of them) with op into lane 0 of x. */
static void fold(a64_tctx *t, x64_vop op, int size, int n, int x, bool q) {
    x64_buf *b = &t->b;
    int src = n;
    for (int width = q ? 16 : 8; width > (1 << size); width /= 2) {
        vx_shift(b, VX_SHIFT_Q, VSH_SRLDQ, VN_T0, src, (uint8_t)(width / 2));
        vx3(b, op, x, src, VN_T0);
        src = x;
    }
}

/* SADDLV/UADDLV: the lanes summed into a result twice as wide (zero-extended to 128 bits).
 * Bytes: PSADBW sums unsigned bytes (signed ones biased by 0x80, the bias taken off after);
 * halfwords and words: widened pairwise, then folded. */
static bool emit_addlv(a64_tctx *t, uint32_t insn, int size, bool u, bool q) {
    x64_buf *b = &t->b;
    int rd = A64_RD(insn), n = vn_src(t, A64_RN(insn)), x = vn_dst(t, rd), src = n;
    if (!q) { /* only the low half takes part */
        vx2(b, VX_MOVQ_LD, VN_T2, n);
        src = VN_T2;
    }
    static const uint64_t keep[3] = {0xffff, 0xffffffff, ~0ull};
    switch (size) {
    case 0:
        if (!u) {
            vn_rip_op(t, VX_PXOR, VN_T2, src, 0x8080808080808080ull, 0x8080808080808080ull, 0);
            src = VN_T2;
        }
        vx_zero(b, VN_T0);
        vx3(b, VX_PSADBW, VN_T1, src, VN_T0);
        vx3(b, VX_PUNPCKHQDQ, VN_T0, VN_T1, VN_T1);
        vx3(b, VX_PADDQ, x, VN_T1, VN_T0);
        if (!u) vn_rip_op(t, VX_PSUBQ, x, x, 16 * 128, 0, 0);
        break;
    case 1: /* pairs into 32-bit lanes, then the four folded */
        if (u) {
            vn_rip_op(t, VX_PAND, VN_T0, src, 0x0000ffff0000ffffull, 0x0000ffff0000ffffull, 0);
            vx_shift(b, VX_SHIFT_D, VSH_SRL, VN_T1, src, 16);
            vx3(b, VX_PADDD, VN_T1, VN_T0, VN_T1);
        } else {
            vn_rip_op(t, VX_PMADDWD, VN_T1, src, 0x0001000100010001ull, 0x0001000100010001ull, 0);
        }
        vx3(b, VX_PUNPCKHQDQ, VN_T0, VN_T1, VN_T1);
        vx3(b, VX_PADDD, VN_T1, VN_T1, VN_T0);
        vx2i(b, VX_PSHUFD, VN_T0, VN_T1, 1);
        vx3(b, VX_PADDD, x, VN_T1, VN_T0);
        break;
    default: /* four words widened to two pairs of 64-bit lanes */
        vx2(b, u ? VX_PMOVZXDQ : VX_PMOVSXDQ, VN_T0, src);
        vx3(b, VX_PUNPCKHQDQ, VN_T1, src, src);
        vx2(b, u ? VX_PMOVZXDQ : VX_PMOVSXDQ, VN_T1, VN_T1);
        vx3(b, VX_PADDQ, VN_T0, VN_T0, VN_T1);
        vx3(b, VX_PUNPCKHQDQ, VN_T1, VN_T0, VN_T0);
        vx3(b, VX_PADDQ, x, VN_T0, VN_T1);
        break;
    }
    vn_rip_op(t, VX_PAND, x, x, keep[size], 0, 0);
    vn_def(t, rd, x, size == 2 ? 8 : 4);
    t_keep_flags(t);
    return true;
}

/* ADDV, SMAXV, UMAXV, SMINV, UMINV: U (29), size, opcode (16:12); 4S needs Q=1. The result is
 * the low element, zero-extended to 128 bits. */
bool vn_e_across(a64_tctx *t, uint32_t insn) {
    static const x64_vop add[3] = {VX_PADDB, VX_PADDW, VX_PADDD};
    static const x64_vop maxs[3] = {VX_PMAXSB, VX_PMAXSW, VX_PMAXSD};
    static const x64_vop mins[3] = {VX_PMINSB, VX_PMINSW, VX_PMINSD};
    static const x64_vop maxu[3] = {VX_PMAXUB, VX_PMAXUW, VX_PMAXUD};
    static const x64_vop minu[3] = {VX_PMINUB, VX_PMINUW, VX_PMINUD};
    int size = (int)a64_bits(insn, 23, 22);
    bool q = a64_bit(insn, 30), u = a64_bit(insn, 29);
    unsigned op = a64_bits(insn, 16, 12);
    if (size == 3 || (size == 2 && !q) || !vn_host_ok(t) || !vn_cold_room()) return false;
    if (op == 0x03) return emit_addlv(t, insn, size, u, q);
    const x64_vop *ops;
    switch (op) {
    case 0x1b: ops = u ? NULL : add; break;
    case 0x0a: ops = u ? maxu : maxs; break;
    case 0x1a: ops = u ? minu : mins; break;
    default: ops = NULL; break;
    }
    if (!ops) return false;
    int rd = A64_RD(insn), n = vn_src(t, A64_RN(insn)), x = vn_dst(t, rd);
    fold(t, ops[size], size, n, x, q);
    static const uint64_t keep[3] = {0xff, 0xffff, 0xffffffff};
    vn_rip_op(t, VX_PAND, x, x, keep[size], 0, 0);
    vn_def(t, rd, x, 4);
    t_keep_flags(t);
    return true;
}

/* ADDP Dd, Vn.2D. */
bool vn_e_addp_d(a64_tctx *t, uint32_t insn) {
    if (!vn_host_ok(t)) return false;
    int rd = A64_RD(insn), n = vn_src(t, A64_RN(insn)), x = vn_dst(t, rd);
    vx3(&t->b, VX_PUNPCKHQDQ, VN_T0, n, n);
    vx3(&t->b, VX_PADDQ, x, n, VN_T0);
    vx2(&t->b, VX_MOVQ_LD, x, x);
    vn_def(t, rd, x, 8);
    t_keep_flags(t);
    return true;
}
