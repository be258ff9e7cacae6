/* vnative_shift.c — native integer Advanced SIMD shifts by immediate (SSHR, USHR, SSRA, USRA,
 * SHL, SSHLL, USHLL, SHRN), modified immediates (MOVI, MVNI, ORR, BIC, FMOV vector), and the
 * widening three-different forms ([SU]ADDL/W, [SU]SUBL/W, [SU]MULL, [SU]MLAL, [SU]MLSL). */
#include "vnative.h"
#include "fp_hlp.h"

static const x64_vop op_add[4] = {VX_PADDB, VX_PADDW, VX_PADDD, VX_PADDQ};
static const x64_vop op_sub[4] = {VX_PSUBB, VX_PSUBW, VX_PSUBD, VX_PSUBQ};
static const uint8_t sh_grp[4] = {0, VX_SHIFT_W, VX_SHIFT_D, VX_SHIFT_Q};

static void put(a64_tctx *t, int rd, int x, bool q) {
    if (!q) vx2(&t->b, VX_MOVQ_LD, x, x);
    vn_def(t, rd, x, q ? 16 : 8);
    t_keep_flags(t);
}

static uint64_t rep8(uint8_t v) {
    return v * 0x0101010101010101ull;
}

/* x = s >> sh per element (logical or arithmetic), 1 <= sh <= element bits. */
static void shift_right(a64_tctx *t, int size, bool arith, int x, int s, int sh) {
    x64_buf *b = &t->b;
    if (size == 0 && !arith) { /* words, then clear what crossed from the byte above */
        vx_shift(b, VX_SHIFT_W, VSH_SRL, x, s, (uint8_t)sh);
        uint64_t keep = rep8((uint8_t)(0xff >> sh));
        vn_rip_op(t, VX_PAND, x, x, keep, keep, 0);
    } else if (size == 0) { /* high bytes shifted in place, low bytes moved up and back */
        vx_shift(b, VX_SHIFT_W, VSH_SLL, VN_T0, s, 8);
        vx_shift(b, VX_SHIFT_W, VSH_SRA, VN_T0, VN_T0, (uint8_t)sh);
        vx_shift(b, VX_SHIFT_W, VSH_SRL, VN_T0, VN_T0, 8);
        vx_shift(b, VX_SHIFT_W, VSH_SRA, x, s, (uint8_t)sh);
        vn_rip_op(t, VX_PAND, x, x, 0xff00ff00ff00ff00ull, 0xff00ff00ff00ff00ull, 0);
        vx3(b, VX_POR, x, x, VN_T0);
    } else if (size == 3 && arith) { /* no 64-bit arithmetic shift: or in the sign */
        vx_zero(b, VN_T0);
        vx3(b, VX_PCMPGTQ, VN_T0, VN_T0, s);
        vx_shift(b, VX_SHIFT_Q, VSH_SLL, VN_T0, VN_T0, (uint8_t)(64 - sh));
        vx_shift(b, VX_SHIFT_Q, VSH_SRL, x, s, (uint8_t)sh);
        vx3(b, VX_POR, x, x, VN_T0);
    } else {
        vx_shift(b, sh_grp[size], arith ? VSH_SRA : VSH_SRL, x, s, (uint8_t)sh);
    }
}

/* x = s << sh per element, 0 <= sh < element bits. */
static void shift_left(a64_tctx *t, int size, int x, int s, int sh) {
    if (size == 0) {
        vx_shift(&t->b, VX_SHIFT_W, VSH_SLL, x, s, (uint8_t)sh);
        uint64_t keep = rep8((uint8_t)(0xff << sh));
        vn_rip_op(t, VX_PAND, x, x, keep, keep, 0);
        return;
    }
    vx_shift(&t->b, sh_grp[size], VSH_SLL, x, s, (uint8_t)sh);
}

/* The lower (upper when up) half of s, each element widened (from size) into x. */
static void widen(x64_buf *b, int size, bool sign, bool up, int x, int s) {
    static const x64_vop sx[3] = {VX_PMOVSXBW, VX_PMOVSXWD, VX_PMOVSXDQ};
    static const x64_vop zx[3] = {VX_PMOVZXBW, VX_PMOVZXWD, VX_PMOVZXDQ};
    if (up) {
        vx3(b, VX_PUNPCKHQDQ, x, s, s);
        s = x;
    }
    vx2(b, sign ? sx[size] : zx[size], x, s);
}

/* XTN's gather of the low half of each element into the low 8 bytes (by destination size). */
static const uint64_t narrow_lo[3] = {0x0e0c0a0806040200ull, 0x0d0c090805040100ull,
                                      0x0b0a090803020100ull};

/* Shift by immediate: U (29), immh (22:19), opcode (15:11). */
static bool emit_shift(a64_tctx *t, uint32_t insn, int size, int immhb) {
    x64_buf *b = &t->b;
    bool q = a64_bit(insn, 30), u = a64_bit(insn, 29);
    unsigned op = a64_bits(insn, 15, 11);
    int esize = 8 << size, rd = A64_RD(insn);
    int right = 2 * esize - immhb, left = immhb - esize;
    if (size == 3 && !q) return false;
    if ((op == 0x0a && u) || (op == 0x10 && u) || (op == 0x14 && size == 3) ||
        (op == 0x10 && size == 3))
        return false;
    if (op != 0x00 && op != 0x02 && op != 0x0a && op != 0x14 && op != 0x10) return false;
    int n = vn_src(t, A64_RN(insn));
    int d = op == 0x02 || (op == 0x10 && q) ? vn_src(t, rd) : -1, x = vn_dst(t, rd);
    switch (op) {
    case 0x00: shift_right(t, size, !u, x, n, right); break; /* SSHR, USHR */
    case 0x02:                                               /* SSRA, USRA */
        shift_right(t, size, !u, VN_T1, n, right);
        vx3(b, op_add[size], x, d, VN_T1);
        break;
    case 0x0a: shift_left(t, size, x, n, left); break; /* SHL */
    case 0x14:                                         /* SSHLL, USHLL (source size) */
        widen(b, size, !u, q, x, n);
        if (left) shift_left(t, size + 1, x, x, left);
        break;
    default: /* SHRN: the wide elements shifted right, then their low halves */
        shift_right(t, size + 1, false, VN_T1, n, right);
        vn_rip_op(t, VX_PSHUFB, VN_T1, VN_T1, narrow_lo[size], 0x8080808080808080ull, 0);
        if (q)
            vx3(b, VX_PUNPCKLQDQ, x, d, VN_T1);
        else
            vx2(b, VX_MOVAPS, x, VN_T1);
        break;
    }
    put(t, rd, x, q || op == 0x14); /* a widened result fills the register */
    return true;
}

/* AdvSIMDExpandImm (as simd_movi, and VFPExpandImm for FMOV). */
static uint64_t expand_imm(uint32_t op, uint32_t cmode, uint64_t imm8) {
    switch (cmode >> 1) {
    case 0: return imm8 * 0x0000000100000001ull;
    case 1: return (imm8 << 8) * 0x0000000100000001ull;
    case 2: return (imm8 << 16) * 0x0000000100000001ull;
    case 3: return (imm8 << 24) * 0x0000000100000001ull;
    case 4: return imm8 * 0x0001000100010001ull;
    case 5: return (imm8 << 8) * 0x0001000100010001ull;
    case 6:
        if (cmode & 1) return (imm8 << 16 | 0xffff) * 0x0000000100000001ull;
        return (imm8 << 8 | 0xff) * 0x0000000100000001ull;
    default:
        if (cmode == 15)
            return op ? fp_expand_imm_d((uint32_t)imm8)
                      : fp_expand_imm_s((uint32_t)imm8) * 0x0000000100000001ull;
        if (!op) return imm8 * 0x0101010101010101ull;
        uint64_t r = 0;
        for (int i = 0; i < 8; i++)
            if (imm8 >> i & 1) r |= 0xffull << (8 * i);
        return r;
    }
}

/* MOVI, MVNI, ORR, BIC (vector, immediate) and FMOV (vector, immediate). */
static bool emit_movi(a64_tctx *t, uint32_t insn) {
    uint32_t op = a64_bit(insn, 29), cmode = a64_bits(insn, 15, 12);
    bool q = a64_bit(insn, 30);
    if (a64_bit(insn, 11) || (cmode == 15 && op && !q)) return false; /* FP16; 1D reserved */
    uint64_t imm = expand_imm(op, cmode, a64_bits(insn, 18, 16) << 5 | a64_bits(insn, 9, 5));
    bool logical = (cmode & 1) && cmode < 12;
    if (!logical && op && cmode < 14) imm = ~imm; /* MVNI */
    if (logical && op) imm = ~imm;                /* BIC: and with the complement */
    int rd = A64_RD(insn), d = logical ? vn_src(t, rd) : -1, x = vn_dst(t, rd);
    x64_buf *b = &t->b;
    if (logical)
        vn_rip_op(t, op ? VX_PAND : VX_POR, x, d, imm, imm, 0);
    else if (imm == 0)
        vx_zero(b, x);
    else if (imm == ~0ull)
        vx_ones(b, x);
    else
        vn_ld_const(t, x, imm, imm);
    put(t, rd, x, q);
    return true;
}

/* The class "shift by immediate" with immh = 0 being "modified immediate". */
bool vn_e_shift_imm(a64_tctx *t, uint32_t insn) {
    unsigned immh = a64_bits(insn, 22, 19);
    if (!vn_host_ok(t) || !vn_cold_room()) return false;
    if (!immh) return emit_movi(t, insn);
    int size = 31 - __builtin_clz(immh);
    return emit_shift(t, insn, size, (int)a64_bits(insn, 22, 16));
}

/* Three different: U (29), size (23:22, the narrow size), opcode (15:12); Q=1 takes the upper
 * halves of the narrow operands (the "2" forms). */
bool vn_e_long3(a64_tctx *t, uint32_t insn) {
    int size = (int)a64_bits(insn, 23, 22);
    unsigned op = a64_bits(insn, 15, 12);
    bool q = a64_bit(insn, 30), sign = !a64_bit(insn, 29);
    if (size == 3 || !vn_host_ok(t)) return false;
    if (op > 3 && op != 8 && op != 10 && op != 12) return false;
    x64_buf *b = &t->b;
    int rd = A64_RD(insn), n = vn_src(t, A64_RN(insn)), m = vn_src(t, A64_RM(insn));
    bool acc = op == 8 || op == 10, wide = op == 1 || op == 3;
    int d = acc ? vn_src(t, rd) : -1, x = vn_dst(t, rd);
    if (!wide) widen(b, size, sign, q, VN_T0, n);
    widen(b, size, sign, q, VN_T1, m);
    int wn = wide ? n : VN_T0, w = size + 1;
    switch (op) {
    case 0:
    case 1: vx3(b, op_add[w], x, wn, VN_T1); break;
    case 2:
    case 3: vx3(b, op_sub[w], x, wn, VN_T1); break;
    default: { /* MULL, MLAL, MLSL */
        static const x64_vop mul_s[3] = {VX_PMULLW, VX_PMULLD, VX_PMULDQ};
        static const x64_vop mul_u[3] = {VX_PMULLW, VX_PMULLD, VX_PMULUDQ};
        int p = acc ? VN_T0 : x;
        vx3(b, sign ? mul_s[size] : mul_u[size], p, VN_T0, VN_T1);
        if (acc) vx3(b, op == 8 ? op_add[w] : op_sub[w], x, d, VN_T0);
        break;
    }
    }
    vn_def(t, rd, x, 16);
    t_keep_flags(t);
    return true;
}
