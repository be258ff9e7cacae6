/* dpimm.c — data processing (immediate): ADR/ADRP, ADD/SUB(S) immediate, logical immediate,
 * move wide, bitfield (SBFM/BFM/UBFM and their aliases) and EXTR, emitted natively. */
#include "a64.h"
#include "translate.h"

static bool e_adr(a64_tctx *t, uint32_t insn) {
    int64_t imm = a64_sext((a64_bits(insn, 23, 5) << 2) | a64_bits(insn, 30, 29), 21);
    uint64_t v = a64_bit(insn, 31) ? (t->pc & ~(uint64_t)0xfff) + ((uint64_t)imm << 12)
                                   : t->pc + (uint64_t)imm;
    if (A64_RD(insn) == 31) return true;
    t_pc_const(t, RCX, v);
    t_set_x(t, A64_RD(insn), RCX);
    t_keep_flags(t);
    return true;
}

static bool e_addsub_imm(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31), sub = (int)a64_bit(insn, 30), s = (int)a64_bit(insn, 29);
    int32_t imm = (int32_t)(a64_bits(insn, 21, 10) << (a64_bit(insn, 22) ? 12 : 0));
    int rd = A64_RD(insn), rn = A64_RN(insn);
    enum x64_alu op = sub ? ALU_SUB : ALU_ADD;
    if (s && sub && rd == 31) { /* CMP */
        x64_alu_ri(&t->b, sf, ALU_CMP, t_src_sp(t, rn), imm);
        t_flags_save(t);
        return true;
    }
    if (!s && rd == rn && (sf || imm)) { /* in place, e.g. ADD SP, SP, #n */
        x64_alu_ri(&t->b, sf, op, t_rmw_sp(t, rd), imm);
        return true;
    }
    if (sf)
        t_get_xsp(t, RCX, rn);
    else
        t_get_wsp(t, RCX, rn);
    if (!s) {
        if (imm) x64_alu_ri(&t->b, sf, op, RCX, imm);
        t_set_xsp(t, rd, RCX);
        return true;
    }
    x64_alu_ri(&t->b, sf, op, RCX, imm);
    if (!sub) x64_cmc(&t->b);
    t_flags_save(t);
    t_set_sf(t, sf, rd, RCX);
    return true;
}

/* DecodeBitMasks from the ARM ARM; false for reserved encodings. */
static bool decode_bitmask(int sf, unsigned n, unsigned immr, unsigned imms, uint64_t *out) {
    unsigned v = (n << 6) | (~imms & 0x3f);
    if (v == 0) return false;
    int len = 31 - __builtin_clz(v);
    if (len < 1 || (!sf && n)) return false;
    unsigned esize = 1u << len, levels = esize - 1;
    unsigned s = imms & levels, r = immr & levels;
    if (s == levels) return false;
    uint64_t welem = (s + 1 == 64) ? ~0ull : ((1ull << (s + 1)) - 1);
    if (r) welem = ((welem >> r) | (welem << (esize - r))) & (esize == 64 ? ~0ull : ((1ull << esize) - 1));
    uint64_t m = 0;
    for (unsigned i = 0; i < 64; i += esize) m |= welem << i;
    *out = sf ? m : (m & 0xffffffffull);
    return true;
}

static void alu_imm64(a64_tctx *t, int sf, enum x64_alu op, int h, uint64_t imm) {
    if (!sf || (int64_t)imm == (int64_t)(int32_t)imm) {
        x64_alu_ri(&t->b, sf, op, h, (int32_t)imm);
    } else {
        x64_mov_imm(&t->b, RDX, imm);
        x64_alu_rr(&t->b, sf, op, h, RDX);
    }
}

static bool e_logic_imm(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31);
    unsigned opc = a64_bits(insn, 30, 29);
    uint64_t imm;
    if (!decode_bitmask(sf, a64_bit(insn, 22), a64_bits(insn, 21, 16), a64_bits(insn, 15, 10), &imm))
        return false;
    static const enum x64_alu ops[4] = {ALU_AND, ALU_OR, ALU_XOR, ALU_AND};
    t_get_sf(t, sf, RCX, A64_RN(insn));
    alu_imm64(t, sf, ops[opc], RCX, imm);
    if (opc == 3) { /* ANDS: C = V = 0 */
        x64_stc(&t->b);
        t_flags_save(t);
        t_set_sf(t, sf, A64_RD(insn), RCX);
    } else {
        t_set_xsp(t, A64_RD(insn), RCX); /* Rd 31 is SP here */
    }
    return true;
}

static bool e_movw(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31);
    unsigned opc = a64_bits(insn, 30, 29), hw = a64_bits(insn, 22, 21);
    if (opc == 1 || (!sf && hw > 1)) return false;
    uint64_t imm = (uint64_t)a64_bits(insn, 20, 5) << (16 * hw);
    int rd = A64_RD(insn);
    if (rd == 31) return true;
    if (opc == 3) { /* MOVK */
        t_get_x(t, RCX, rd);
        alu_imm64(t, 1, ALU_AND, RCX, ~(0xffffull << (16 * hw)) & (sf ? ~0ull : 0xffffffffull));
        if (imm) alu_imm64(t, 1, ALU_OR, RCX, imm);
    } else {
        uint64_t v = opc == 0 ? ~imm : imm;
        if (!sf) v &= 0xffffffffull;
        x64_mov_imm(&t->b, RCX, v);
    }
    t_set_x(t, rd, RCX);
    return true;
}

/* Leaves in RCX the value UBFM/SBFM produce from RCX (datasize 32 or 64). */
static void bitfield_extract(a64_tctx *t, int sf, bool sign, unsigned r, unsigned s) {
    unsigned top = sf ? 63 : 31, ds = top + 1;
    enum x64_shift right = sign ? SH_SAR : SH_SHR;
    if (!sign && s + 1 == r) { /* LSL alias */
        x64_shift_ri(&t->b, sf, SH_SHL, RCX, (uint8_t)(ds - r));
        return;
    }
    if (top - s) x64_shift_ri(&t->b, sf, SH_SHL, RCX, (uint8_t)(top - s));
    if (s >= r) {
        if (top - s + r) x64_shift_ri(&t->b, sf, right, RCX, (uint8_t)(top - s + r));
    } else {
        if (top - s) x64_shift_ri(&t->b, sf, right, RCX, (uint8_t)(top - s));
        x64_shift_ri(&t->b, sf, SH_SHL, RCX, (uint8_t)(ds - r));
    }
}

static bool e_bitfield(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31);
    unsigned opc = a64_bits(insn, 30, 29), n = a64_bit(insn, 22);
    unsigned r = a64_bits(insn, 21, 16), s = a64_bits(insn, 15, 10);
    if (opc == 3 || n != (unsigned)sf || (!sf && (r > 31 || s > 31))) return false;
    int rd = A64_RD(insn);
    t_get_sf(t, sf, RCX, A64_RN(insn));
    if (opc == 1) { /* BFM: UBFM's field merged into Rd */
        unsigned ds = sf ? 64 : 32;
        uint64_t field = s >= r ? ((s - r + 1 == 64) ? ~0ull : ((1ull << (s - r + 1)) - 1))
                                : (((1ull << (s + 1)) - 1) << (ds - r));
        bitfield_extract(t, sf, false, r, s);
        t_get_sf(t, sf, RSI, rd);
        alu_imm64(t, sf, ALU_AND, RSI, ~field & (sf ? ~0ull : 0xffffffffull));
        x64_alu_rr(&t->b, sf, ALU_OR, RCX, RSI);
    } else {
        bitfield_extract(t, sf, opc == 0, r, s);
    }
    t_set_sf(t, sf, rd, RCX);
    return true;
}

static bool e_extr(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31);
    unsigned lsb = a64_bits(insn, 15, 10);
    if (a64_bit(insn, 22) != (unsigned)sf || a64_bits(insn, 30, 29) || a64_bit(insn, 21) ||
        (!sf && lsb > 31))
        return false;
    t_get_sf(t, sf, RCX, A64_RM(insn));
    if (lsb) {
        t_get_sf(t, sf, RDX, A64_RN(insn));
        x64_shrd_ri(&t->b, sf, RCX, RDX, (uint8_t)lsb);
    }
    t_set_sf(t, sf, A64_RD(insn), RCX);
    return true;
}

static void h_undef(emu_cpu *cpu, uint32_t insn) {
    (void)insn;
    a64_undefined(cpu);
}

const a64_pattern a64_tab_dpimm[] = {
    {0x1F000000, 0x10000000, "adr/adrp", e_adr, NULL, 0},
    {0x1F800000, 0x11000000, "add/sub imm", e_addsub_imm, NULL, 0},
    {0x1F800000, 0x12000000, "logic imm", e_logic_imm, h_undef, A64_PC},
    {0x1F800000, 0x12800000, "movw", e_movw, h_undef, A64_PC},
    {0x1F800000, 0x13000000, "bitfield", e_bitfield, h_undef, A64_PC},
    {0x1F800000, 0x13800000, "extr", e_extr, h_undef, A64_PC},
    {0, 0, NULL, NULL, NULL, 0},
};
