/* vnative_perm.c — native Advanced SIMD permutes and copies: UZP1/2, ZIP1/2, TRN1/2, EXT,
 * TBL/TBX, DUP (element, general), INS (element, general), UMOV, SMOV. */
#include "vnative.h"

static void put(a64_tctx *t, int rd, int x, bool q) {
    if (!q) vx2(&t->b, VX_MOVQ_LD, x, x);
    vn_def(t, rd, x, q ? 16 : 8);
    t_keep_flags(t);
}

static const x64_vop op_punpckl[4] = {VX_PUNPCKLBW, VX_PUNPCKLWD, VX_PUNPCKLDQ, VX_PUNPCKLQDQ};
static const x64_vop op_punpckh[4] = {VX_PUNPCKHBW, VX_PUNPCKHWD, VX_PUNPCKHDQ, VX_PUNPCKHQDQ};
static const uint64_t uzp_lo[3] = {0x0e0c0a0806040200ull, 0x0d0c090805040100ull,
                                   0x0b0a090803020100ull};
static const uint64_t uzp_hi[3] = {0x0f0d0b0907050301ull, 0x0f0e0b0a07060302ull,
                                   0x0f0e0d0c07060504ull};

static void emit_uzp(a64_tctx *t, int size, bool two, int n, int m, int x, bool q) {
    x64_buf *b = &t->b;
    if (!q) { /* n and m halves side by side, evens then odds */
        vx3(b, VX_PUNPCKLQDQ, VN_T0, n, m);
        vn_rip_op(t, VX_PSHUFB, x, VN_T0, uzp_lo[size], uzp_hi[size], 0);
        if (two) vx_shift(b, VX_SHIFT_Q, VSH_SRLDQ, x, x, 8);
        return;
    }
    int tn = n, tm = m;
    if (size < 3) {
        vn_rip_op(t, VX_PSHUFB, VN_T0, n, uzp_lo[size], uzp_hi[size], 0);
        vn_rip_op(t, VX_PSHUFB, VN_T1, m, uzp_lo[size], uzp_hi[size], 0);
        tn = VN_T0, tm = VN_T1;
    }
    vx3(b, two ? VX_PUNPCKHQDQ : VX_PUNPCKLQDQ, x, tn, tm);
}

/* TRN1: n's even elements with m's even ones moved up one; TRN2: n's odd ones moved down with
 * m's odd ones. Elements move within their pair by a shift of the pair. */
static void emit_trn(a64_tctx *t, int size, bool two, int n, int m, int x) {
    x64_buf *b = &t->b;
    static const uint8_t pair_grp[3] = {VX_SHIFT_W, VX_SHIFT_D, VX_SHIFT_Q};
    if (size == 3) {
        vx3(b, two ? VX_PUNPCKHQDQ : VX_PUNPCKLQDQ, x, n, m);
        return;
    }
    uint8_t bits = (uint8_t)(8 << size);
    if (!two)
        vx_shift(b, pair_grp[size], VSH_SLL, VN_T0, m, bits);
    else
        vx_shift(b, pair_grp[size], VSH_SRL, VN_T0, n, bits);
    int keep = two ? m : n; /* supplies the lanes the shift did not fill */
    if (size == 0) {
        uint64_t mask = two ? 0xff00ff00ff00ff00ull : 0x00ff00ff00ff00ffull;
        vn_rip_op(t, VX_PAND, VN_T1, keep, mask, mask, 0);
        vx3(b, VX_POR, x, VN_T0, VN_T1);
        return;
    }
    static const uint8_t even_words[3] = {0, 0x55, 0x33}; /* h: even words, s: even dwords */
    uint8_t sel = two ? (uint8_t)~even_words[size] : even_words[size];
    vx3i(b, VX_PBLENDW, x, VN_T0, keep, sel);
}

/* UZP1/2, TRN1/2, ZIP1/2: opcode (14:12) 1, 2, 3, 5, 6, 7. */
bool vn_e_perm(a64_tctx *t, uint32_t insn) {
    int size = (int)a64_bits(insn, 23, 22);
    unsigned op = a64_bits(insn, 14, 12);
    bool q = a64_bit(insn, 30), two = op >= 4;
    if ((size == 3 && !q) || (op & 3) == 0 || !vn_host_ok(t) || !vn_cold_room()) return false;
    x64_buf *b = &t->b;
    int rd = A64_RD(insn), n = vn_src(t, A64_RN(insn)), m = vn_src(t, A64_RM(insn));
    int x = vn_dst(t, rd);
    switch (op & 3) {
    case 1: emit_uzp(t, size, two, n, m, x, q); break;
    case 2: emit_trn(t, size, two, n, m, x); break;
    default: /* ZIP: interleave the low (ZIP1) or high (ZIP2) halves of the used part */
        if (q) {
            vx3(b, two ? op_punpckh[size] : op_punpckl[size], x, n, m);
        } else {
            vx3(b, op_punpckl[size], x, n, m);
            if (two) vx_shift(b, VX_SHIFT_Q, VSH_SRLDQ, x, x, 8);
        }
        break;
    }
    put(t, rd, x, q);
    return true;
}

/* EXT: bytes imm4.. of n:m (the 8-byte halves when Q=0). */
bool vn_e_ext(a64_tctx *t, uint32_t insn) {
    unsigned pos = a64_bits(insn, 14, 11);
    bool q = a64_bit(insn, 30);
    if ((!q && pos >= 8) || !vn_host_ok(t)) return false;
    x64_buf *b = &t->b;
    int rd = A64_RD(insn), n = vn_src(t, A64_RN(insn)), m = vn_src(t, A64_RM(insn));
    int x = vn_dst(t, rd);
    if (q) {
        vx3i(b, VX_PALIGNR, x, m, n, (uint8_t)pos);
    } else {
        vx3(b, VX_PUNPCKLQDQ, x, n, m);
        if (pos) vx_shift(b, VX_SHIFT_Q, VSH_SRLDQ, x, x, (uint8_t)pos);
    }
    put(t, rd, x, q);
    return true;
}

/* TBL/TBX with 1-4 table registers: each table register r sees the indices less 16r, pushed
 * to >= 0x80 (a zero from pshufb) by a saturating +0x70 when out of its 16 bytes. TBX keeps
 * Vd's byte where the index is past the whole table. */
bool vn_e_tbl(a64_tctx *t, uint32_t insn) {
    int len = (int)a64_bits(insn, 14, 13) + 1, rn = A64_RN(insn), rd = A64_RD(insn);
    bool q = a64_bit(insn, 30), tbx = a64_bit(insn, 12);
    if (!vn_host_ok(t) || !vn_cold_room()) return false;
    x64_buf *b = &t->b;
    int idx = vn_src(t, A64_RM(insn)), d = tbx ? vn_src(t, rd) : -1;
    int tab[4];
    for (int r = 0; r < len; r++)
        tab[r] = vn_src(t, (rn + r) & 31);
    int x = vn_dst(t, rd);
    const uint64_t k70 = 0x7070707070707070ull;
    for (int r = 0; r < len; r++) {
        uint64_t base = 0x1010101010101010ull * (uint64_t)r;
        int i = idx;
        if (r) {
            vn_rip_op(t, VX_PSUBB, VN_T0, idx, base, base, 0);
            i = VN_T0;
        }
        vn_rip_op(t, VX_PADDUSB, VN_T0, i, k70, k70, 0);
        vx3(b, VX_PSHUFB, r ? VN_T1 : VN_T2, tab[r], VN_T0);
        if (r) vx3(b, VX_POR, VN_T2, VN_T2, VN_T1);
    }
    if (tbx) { /* index >= 16 * len (unsigned): max(index, limit) == index */
        uint64_t lim = 0x1010101010101010ull * (uint64_t)len;
        vn_rip_op(t, VX_PMAXUB, VN_T0, idx, lim, lim, 0);
        vx3(b, VX_PCMPEQB, VN_T0, VN_T0, idx);
        vx3(b, VX_PAND, VN_T0, VN_T0, d);
        vx3(b, VX_POR, VN_T2, VN_T2, VN_T0);
    }
    vx2(b, VX_MOVAPS, x, VN_T2);
    put(t, rd, x, q);
    return true;
}

/* ---- the copy group: op (29), imm5 (20:16), imm4 (14:11) ---- */

/* DUP (element): Vn[index] in every lane of x. */
static void dup_elem(a64_tctx *t, int size, int index, int n, int x) {
    x64_buf *b = &t->b;
    switch (size) {
    case 0: {
        uint64_t c = 0x0101010101010101ull * (uint64_t)index;
        vn_rip_op(t, VX_PSHUFB, x, n, c, c, 0);
        break;
    }
    case 1: {
        uint64_t c = 0x0001000100010001ull * (uint64_t)((2 * index + 1) << 8 | 2 * index);
        vn_rip_op(t, VX_PSHUFB, x, n, c, c, 0);
        break;
    }
    case 2: vx2i(b, VX_PSHUFD, x, n, (uint8_t)(index * 0x55)); break;
    default: vx3(b, index ? VX_PUNPCKHQDQ : VX_PUNPCKLQDQ, x, n, n); break;
    }
}

/* DUP (general): general register g in every lane of x. */
static void dup_gen(x64_buf *b, int size, int g, int x) {
    x64_v_rr(b, size == 3 ? VOP_W1(VX_MOVD_TOX) : VX_MOVD_TOX, x, 0, g);
    switch (size) {
    case 0:
        vx_zero(b, VN_T0);
        vx3(b, VX_PSHUFB, x, x, VN_T0);
        break;
    case 1:
        vx2i(b, VX_PSHUFLW, x, x, 0);
        vx2i(b, VX_PSHUFD, x, x, 0);
        break;
    case 2: vx2i(b, VX_PSHUFD, x, x, 0); break;
    default: vx3(b, VX_PUNPCKLQDQ, x, x, x); break;
    }
}

static const x64_vop op_pextr[4] = {VX_PEXTRB, VX_PEXTRW, VX_PEXTRD, VX_PEXTRQ};
static const x64_vop op_pinsr[4] = {VX_PINSRB, VX_PINSRW, VX_PINSRD, VX_PINSRQ};

/* Which copy-group forms exist (by op, imm4, size, Q); the table's exact patterns agree. */
static bool copy_ok(bool op, unsigned imm4, int size, bool q) {
    if (op) return q; /* INS (element) */
    switch (imm4) {
    case 0: /* DUP (element), DUP (general): 1D reserved */
    case 1: return size < 3 || q;
    case 3: return q;                                    /* INS (general) */
    case 5: return size < 2 || (size == 2 && q);         /* SMOV */
    case 7: return (size < 3 && !q) || (size == 3 && q); /* UMOV */
    default: return false;
    }
}

bool vn_e_copy(a64_tctx *t, uint32_t insn) {
    unsigned imm5 = a64_bits(insn, 20, 16), imm4 = a64_bits(insn, 14, 11);
    bool q = a64_bit(insn, 30), op = a64_bit(insn, 29);
    if (!(imm5 & 15) || !vn_host_ok(t) || !vn_cold_room()) return false;
    int size = __builtin_ctz(imm5), index = (int)(imm5 >> (size + 1));
    if (!copy_ok(op, imm4, size, q)) return false;
    x64_buf *b = &t->b;
    int rd = A64_RD(insn), rn = A64_RN(insn);
    if (!op && (imm4 == 5 || imm4 == 7)) { /* SMOV, UMOV: to a general register */
        int n = vn_src(t, rn), g = t_dst(t, rd);
        if (imm4 == 7) {
            x64_v_rr(b, op_pextr[size], n, 0, g);
        } else {
            x64_v_rr(b, op_pextr[size], n, 0, RAX);
            x64_byte(b, (uint8_t)index);
            x64_movsx(b, q, g, RAX, 1 << size);
            t_keep_flags(t);
            return true;
        }
        x64_byte(b, (uint8_t)index);
        t_keep_flags(t);
        return true;
    }
    if (op || imm4 == 3) { /* INS: one lane of Vd replaced */
        int d = vn_src(t, rd), src;
        if (op) {
            int n = vn_src(t, rn);
            x64_v_rr(b, op_pextr[size], n, 0, RAX);
            x64_byte(b, (uint8_t)(imm4 >> size));
            src = RAX;
        } else {
            src = t_src(t, rn);
        }
        int x = vn_dst(t, rd);
        x64_v_rr(b, op_pinsr[size], x, d, src);
        x64_byte(b, (uint8_t)index);
        put(t, rd, x, true);
        return true;
    }
    int n = imm4 == 0 ? vn_src(t, rn) : -1, g = imm4 == 1 ? t_src(t, rn) : -1;
    int x = vn_dst(t, rd);
    if (imm4 == 0)
        dup_elem(t, size, index, n, x);
    else
        dup_gen(b, size, g, x);
    put(t, rd, x, q);
    return true;
}
