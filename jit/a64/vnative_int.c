/* vnative_int.c — native integer Advanced SIMD: three same (add, sub, compares, min/max,
 * multiply(-accumulate), logic and bitwise selects, pairwise), two-register misc (compares with
 * zero, abs, neg, not, cnt, xtn, pairwise long adds, rev) and across lanes (addv, min/max).
 * Integer lanes have no flags and no FPCR: the host instructions give the ARM result exactly.
 * A 64-bit (Q=0) operation runs on whole registers and zeroes the upper half of the result. */
#include "vnative.h"

/* Per element size b, h, s, d (an op of 0 is "no such host instruction"). */
static const x64_vop op_add[4] = {VX_PADDB, VX_PADDW, VX_PADDD, VX_PADDQ};
static const x64_vop op_sub[4] = {VX_PSUBB, VX_PSUBW, VX_PSUBD, VX_PSUBQ};
static const x64_vop op_eq[4] = {VX_PCMPEQB, VX_PCMPEQW, VX_PCMPEQD, VX_PCMPEQQ};
static const x64_vop op_gt[4] = {VX_PCMPGTB, VX_PCMPGTW, VX_PCMPGTD, VX_PCMPGTQ};
static const x64_vop op_maxs[3] = {VX_PMAXSB, VX_PMAXSW, VX_PMAXSD};
static const x64_vop op_mins[3] = {VX_PMINSB, VX_PMINSW, VX_PMINSD};
static const x64_vop op_maxu[3] = {VX_PMAXUB, VX_PMAXUW, VX_PMAXUD};
static const x64_vop op_minu[3] = {VX_PMINUB, VX_PMINUW, VX_PMINUD};

/* Shuffle that gathers the even elements of a register into its low 8 bytes and the odd ones
 * into its high 8 bytes, by element size (b, h, s; d needs none). */
static const uint64_t uzp_lo[3] = {0x0e0c0a0806040200ull, 0x0d0c090805040100ull,
                                   0x0b0a090803020100ull};
static const uint64_t uzp_hi[3] = {0x0f0d0b0907050301ull, 0x0f0e0b0a07060302ull,
                                   0x0f0e0d0c07060504ull};

/* x = ~s (VN_T3 holds all ones afterwards). */
static void emit_not(x64_buf *b, int x, int s) {
    vx_ones(b, VN_T3);
    vx3(b, VX_PXOR, x, s, VN_T3);
}

/* Writes the result (upper half zeroed for Q=0); integer SIMD leaves host flags alone. */
static void put(a64_tctx *t, int rd, int x, bool q) {
    if (!q) vx2(&t->b, VX_MOVQ_LD, x, x);
    vn_def(t, rd, x, q ? 16 : 8);
    t_keep_flags(t);
}

/* The even (lo) and odd (hi) elements of n:m, as UZP1/UZP2 see them: into e and o. */
static void unzip(a64_tctx *t, int size, int n, int m, bool q, int e, int o) {
    x64_buf *b = &t->b;
    if (!q) { /* both halves in one register, then split it */
        vx3(b, VX_PUNPCKLQDQ, e, n, m);
        if (size < 3) vn_rip_op(t, VX_PSHUFB, e, e, uzp_lo[size], uzp_hi[size], 0);
        vx_shift(b, VX_SHIFT_Q, VSH_SRLDQ, o, e, 8);
        return;
    }
    int tn = n, tm = m;
    if (size < 3) {
        vn_rip_op(t, VX_PSHUFB, o, n, uzp_lo[size], uzp_hi[size], 0);
        vn_rip_op(t, VX_PSHUFB, VN_T3, m, uzp_lo[size], uzp_hi[size], 0);
        tn = o, tm = VN_T3;
    }
    vx3(b, VX_PUNPCKLQDQ, e, tn, tm);
    vx3(b, VX_PUNPCKHQDQ, o, tn, tm);
}

/* Pairwise: op(even elements, odd elements) of n:m (ADDP, [SU]MAXP, [SU]MINP). */
static void emit_pairwise(a64_tctx *t, int size, x64_vop op, int n, int m, int x, bool q) {
    unzip(t, size, n, m, q, VN_T0, VN_T1);
    vx3(&t->b, op, x, VN_T0, VN_T1);
}

/* Bitwise selects: BSL (d picks n over m), BIT (m picks n over d), BIF (m picks d over n). */
static void emit_select(x64_buf *b, int kind, int n, int m, int d, int x) {
    switch (kind) {
    case 1: /* BSL: ((n ^ m) & d) ^ m */
        vx3(b, VX_PXOR, VN_T0, n, m);
        vx3(b, VX_PAND, VN_T0, VN_T0, d);
        vx3(b, VX_PXOR, x, VN_T0, m);
        break;
    case 2: /* BIT: ((n ^ d) & m) ^ d */
        vx3(b, VX_PXOR, VN_T0, n, d);
        vx3(b, VX_PAND, VN_T0, VN_T0, m);
        vx3(b, VX_PXOR, x, VN_T0, d);
        break;
    default: /* BIF: ((n ^ d) & ~m) ^ d */
        vx3(b, VX_PXOR, VN_T0, n, d);
        vx3(b, VX_PANDN, VN_T0, m, VN_T0);
        vx3(b, VX_PXOR, x, VN_T0, d);
        break;
    }
}

/* Unsigned compares: HI (n > m) and HS (n >= m), through max; 64-bit lanes flip the sign bits
 * and compare signed. */
static void emit_cmpu(a64_tctx *t, int size, bool hs, int n, int m, int x) {
    x64_buf *b = &t->b;
    if (size == 3) {
        uint64_t sign = 1ull << 63;
        vn_rip_op(t, VX_PXOR, VN_T0, n, sign, sign, 0);
        vn_rip_op(t, VX_PXOR, VN_T1, m, sign, sign, 0);
        if (!hs) {
            vx3(b, VX_PCMPGTQ, x, VN_T0, VN_T1);
            return;
        }
        vx3(b, VX_PCMPGTQ, VN_T0, VN_T1, VN_T0); /* m > n */
        emit_not(b, x, VN_T0);
        return;
    }
    vx3(b, op_maxu[size], VN_T0, n, m);
    if (hs) {
        vx3(b, op_eq[size], x, VN_T0, n);
        return;
    }
    vx3(b, op_eq[size], VN_T0, VN_T0, m); /* n <= m */
    emit_not(b, x, VN_T0);
}

/* The operation of three same (U:opcode) on element size; false if not done natively. */
static bool three_same_ok(unsigned key, int size, bool q) {
    if (size == 3 && !q && key != 0x03 && key != 0x23) return false; /* 1D is reserved */
    switch (key) {
    case 0x10:
    case 0x30:
    case 0x11:
    case 0x31:
    case 0x06:
    case 0x26:
    case 0x07:
    case 0x27:
    case 0x03:
    case 0x23:
    case 0x17: return true;
    case 0x0c:
    case 0x2c:
    case 0x0d:
    case 0x2d:
    case 0x0e:
    case 0x2e:
    case 0x14:
    case 0x34:
    case 0x15:
    case 0x35: return size < 3;
    case 0x13:
    case 0x12:
    case 0x32: return size == 1 || size == 2;
    case 0x22: return size < 2; /* URHADD: pavgb/pavgw */
    default: return false;
    }
}

static void emit_three_same(a64_tctx *t, uint32_t insn, unsigned key, int size, bool q) {
    x64_buf *b = &t->b;
    int rd = A64_RD(insn), n = vn_src(t, A64_RN(insn)), m = vn_src(t, A64_RM(insn));
    bool acc = key == 0x12 || key == 0x32 || (key == 0x23 && size != 0);
    int d = acc ? vn_src(t, rd) : -1, x = vn_dst(t, rd);
    switch (key) {
    case 0x10: vx3(b, op_add[size], x, n, m); break;
    case 0x30: vx3(b, op_sub[size], x, n, m); break;
    case 0x31: vx3(b, op_eq[size], x, n, m); break; /* CMEQ */
    case 0x11:                                      /* CMTST: (n & m) != 0 */
        vx3(b, VX_PAND, VN_T0, n, m);
        vx_zero(b, VN_T1);
        vx3(b, op_eq[size], VN_T0, VN_T0, VN_T1);
        emit_not(b, x, VN_T0);
        break;
    case 0x06: vx3(b, op_gt[size], x, n, m); break; /* CMGT */
    case 0x07:                                      /* CMGE: !(m > n) */
        vx3(b, op_gt[size], VN_T0, m, n);
        emit_not(b, x, VN_T0);
        break;
    case 0x26: emit_cmpu(t, size, false, n, m, x); break;
    case 0x27: emit_cmpu(t, size, true, n, m, x); break;
    case 0x0c: vx3(b, op_maxs[size], x, n, m); break;
    case 0x2c: vx3(b, op_maxu[size], x, n, m); break;
    case 0x0d: vx3(b, op_mins[size], x, n, m); break;
    case 0x2d: vx3(b, op_minu[size], x, n, m); break;
    case 0x0e: /* SABD, UABD: max - min */
    case 0x2e:
        vx3(b, key == 0x0e ? op_maxs[size] : op_maxu[size], VN_T0, n, m);
        vx3(b, key == 0x0e ? op_mins[size] : op_minu[size], VN_T1, n, m);
        vx3(b, op_sub[size], x, VN_T0, VN_T1);
        break;
    case 0x13: vx3(b, size == 1 ? VX_PMULLW : VX_PMULLD, x, n, m); break;
    case 0x12: /* MLA, MLS */
    case 0x32:
        vx3(b, size == 1 ? VX_PMULLW : VX_PMULLD, VN_T0, n, m);
        vx3(b, key == 0x12 ? op_add[size] : op_sub[size], x, d, VN_T0);
        break;
    case 0x22: vx3(b, size ? VOP_0F(66, 0xE3) : VOP_0F(66, 0xE0), x, n, m); break; /* pavg */
    case 0x17: emit_pairwise(t, size, op_add[size], n, m, x, q); break;
    case 0x14: emit_pairwise(t, size, op_maxs[size], n, m, x, q); break;
    case 0x34: emit_pairwise(t, size, op_maxu[size], n, m, x, q); break;
    case 0x15: emit_pairwise(t, size, op_mins[size], n, m, x, q); break;
    case 0x35: emit_pairwise(t, size, op_minu[size], n, m, x, q); break;
    case 0x03: /* AND, BIC, ORR, ORN by size */
        if (size == 0) vx3(b, VX_PAND, x, n, m);
        if (size == 1) vx3(b, VX_PANDN, x, m, n);
        if (size == 2) vx3(b, VX_POR, x, n, m);
        if (size == 3) {
            emit_not(b, VN_T0, m);
            vx3(b, VX_POR, x, n, VN_T0);
        }
        break;
    default: /* 0x23: EOR, BSL, BIT, BIF by size */
        if (size == 0)
            vx3(b, VX_PXOR, x, n, m);
        else
            emit_select(b, size, n, m, d, x);
        break;
    }
    put(t, rd, x, q);
}

/* Three same: Q (30), U (29), size (23:22), opcode (15:11). */
bool vn_e_int3(a64_tctx *t, uint32_t insn) {
    int size = (int)a64_bits(insn, 23, 22);
    bool q = a64_bit(insn, 30);
    unsigned key = a64_bit(insn, 29) << 5 | a64_bits(insn, 15, 11);
    if (!vn_host_ok(t) || !three_same_ok(key, size, q)) return false;
    emit_three_same(t, insn, key, size, q);
    return true;
}
