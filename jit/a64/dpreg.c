/* dpreg.c — data processing (register): logical and add/sub (shifted, extended), ADC/SBC,
 * CCMP/CCMN, conditional select, 1- and 2-source (DIV, variable shifts, CLZ, REV, CRC32),
 * 3-source multiplies. Native emitters; C helpers where x86 has no short equivalent. */
#include "a64.h"
#include "translate.h"

/* The host register holding Rm shifted by imm6 as the shifted-register forms specify. */
static int shifted_rm(a64_tctx *t, int sf, uint32_t insn) {
    static const enum x64_shift sh[4] = {SH_SHL, SH_SHR, SH_SAR, SH_ROR};
    unsigned amount = a64_bits(insn, 15, 10);
    if (!amount) return t_src(t, A64_RM(insn));
    t_get_sf(t, sf, RDX, A64_RM(insn));
    x64_shift_ri(&t->b, sf, sh[a64_bits(insn, 23, 22)], RDX, (uint8_t)amount);
    return RDX;
}

static bool e_logic_reg(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31);
    unsigned opc = a64_bits(insn, 30, 29);
    if (!sf && a64_bit(insn, 15)) return false;
    static const enum x64_alu ops[4] = {ALU_AND, ALU_OR, ALU_XOR, ALU_AND};
    if (opc == 1 && A64_RN(insn) == 31 && !a64_bit(insn, 21) && !a64_bits(insn, 15, 10)) {
        t_get_sf(t, sf, RCX, A64_RM(insn)); /* MOV */
        t_set_sf(t, sf, A64_RD(insn), RCX);
        t_keep_flags(t);
        return true;
    }
    int m = shifted_rm(t, sf, insn);
    if (a64_bit(insn, 21)) {
        if (m != RDX) x64_mov_rr(&t->b, 1, RDX, m);
        x64_not(&t->b, sf, RDX);
        m = RDX;
    }
    t_get_sf(t, sf, RCX, A64_RN(insn));
    x64_alu_rr(&t->b, sf, ops[opc], RCX, m);
    if (opc == 3) {
        x64_stc(&t->b);
        t_flags_save(t);
    }
    t_set_sf(t, sf, A64_RD(insn), RCX);
    return true;
}

static bool e_addsub_reg(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31), sub = (int)a64_bit(insn, 30), s = (int)a64_bit(insn, 29);
    if (a64_bits(insn, 23, 22) == 3 || (!sf && a64_bit(insn, 15))) return false;
    int m = shifted_rm(t, sf, insn);
    if (s && sub && A64_RD(insn) == 31) { /* CMP */
        x64_alu_rr(&t->b, sf, ALU_CMP, t_src(t, A64_RN(insn)), m);
        t_flags_save(t);
        return true;
    }
    t_get_sf(t, sf, RCX, A64_RN(insn));
    x64_alu_rr(&t->b, sf, sub ? ALU_SUB : ALU_ADD, RCX, m);
    if (s) {
        if (!sub) x64_cmc(&t->b);
        t_flags_save(t);
    }
    t_set_sf(t, sf, A64_RD(insn), RCX);
    return true;
}

static bool e_addsub_ext(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31), sub = (int)a64_bit(insn, 30), s = (int)a64_bit(insn, 29);
    unsigned option = a64_bits(insn, 15, 13), sh = a64_bits(insn, 12, 10);
    if (sh > 4 || a64_bits(insn, 23, 22)) return false;
    t_get_x(t, RDX, A64_RM(insn));
    switch (option) {
    case 0: x64_movzx8(&t->b, RDX, RDX); break;
    case 1: x64_movzx16(&t->b, RDX, RDX); break;
    case 2: x64_mov_rr(&t->b, 0, RDX, RDX); break;
    case 4: x64_movsx(&t->b, 1, RDX, RDX, 1); break;
    case 5: x64_movsx(&t->b, 1, RDX, RDX, 2); break;
    case 6: x64_movsx(&t->b, 1, RDX, RDX, 4); break;
    default: break;
    }
    if (sh) x64_shift_ri(&t->b, 1, SH_SHL, RDX, (uint8_t)sh);
    if (sf) /* Rn 31 is SP */
        t_get_xsp(t, RCX, A64_RN(insn));
    else
        t_get_wsp(t, RCX, A64_RN(insn));
    x64_alu_rr(&t->b, sf, sub ? ALU_SUB : ALU_ADD, RCX, RDX);
    if (s) {
        if (!sub) x64_cmc(&t->b);
        t_flags_save(t);
        t_set_sf(t, sf, A64_RD(insn), RCX);
    } else {
        t_set_xsp(t, A64_RD(insn), RCX);
    }
    return true;
}

static bool e_adc(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31), sbc = (int)a64_bit(insn, 30), s = (int)a64_bit(insn, 29);
    t_get_sf(t, sf, RCX, A64_RN(insn));
    t_get_sf(t, sf, RDX, A64_RM(insn));
    t_flags_load(t);
    if (!sbc) x64_cmc(&t->b); /* host CF holds NOT C; ADC wants C */
    x64_alu_rr(&t->b, sf, sbc ? ALU_SBB : ALU_ADC, RCX, RDX);
    if (s) {
        if (!sbc) x64_cmc(&t->b);
        t_flags_save(t);
    }
    t_set_sf(t, sf, A64_RD(insn), RCX);
    return true;
}

static bool e_ccmp(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31), cmp = (int)a64_bit(insn, 30);
    unsigned cond = a64_bits(insn, 15, 12), nzcv = insn & 15;
    t_get_sf(t, sf, RCX, A64_RN(insn));
    if (a64_bit(insn, 11))
        x64_mov_imm(&t->b, RDX, a64_bits(insn, 20, 16));
    else
        t_get_sf(t, sf, RDX, A64_RM(insn));
    size_t skip = 0;
    if (cond < 14) {
        t_flags_load(t);
        skip = x64_jcc32(&t->b, (enum x64_cc)(t_cond(cond) ^ 1));
    }
    x64_alu_rr(&t->b, sf, cmp ? ALU_CMP : ALU_ADD, RCX, RDX);
    if (!cmp) x64_cmc(&t->b);
    t_flags_save(t);
    if (cond < 14) {
        size_t done = x64_jmp32(&t->b);
        x64_patch_rel32(&t->b, skip, t->b.len);
        emu_cpu tmp;
        jit_nzcv_set(&tmp, nzcv << 28);
        x64_store_imm32(&t->b, 0, t_cpumem(OFF_NZCV), (int32_t)tmp.nzcv_host);
        x64_patch_rel32(&t->b, done, t->b.len);
        t->host_flags = t->flags_out = false;
    }
    return true;
}

static bool e_csel(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31);
    unsigned cond = a64_bits(insn, 15, 12), op = a64_bit(insn, 30), o2 = a64_bit(insn, 10);
    t_get_sf(t, sf, RCX, A64_RN(insn));
    t_get_sf(t, sf, RDX, A64_RM(insn));
    if (op) x64_not(&t->b, sf, RDX);                               /* CSINV, CSNEG */
    if (o2) x64_lea(&t->b, sf, RDX, x64_m(RDX, 1));               /* CSINC, CSNEG */
    if (cond < 14) {
        t_flags_load(t);
        x64_cmov(&t->b, sf, (enum x64_cc)(t_cond(cond) ^ 1), RCX, RDX);
    }
    t_set_sf(t, sf, A64_RD(insn), RCX);
    t_keep_flags(t);
    return true;
}

static void emit_div(a64_tctx *t, int sf, bool sign, int rd) {
    x64_test_rr(&t->b, sf, RCX, RCX);
    size_t by_zero = x64_jcc32(&t->b, CC_E);
    size_t plain = 0, ovf_done = 0;
    if (sign) { /* INT_MIN / -1 traps on x86; A64 gives INT_MIN */
        x64_alu_ri(&t->b, sf, ALU_CMP, RCX, -1);
        plain = x64_jcc32(&t->b, CC_NE);
        x64_neg(&t->b, sf, RAX);
        ovf_done = x64_jmp32(&t->b);
        x64_patch_rel32(&t->b, plain, t->b.len);
        x64_cqo(&t->b, sf);
        x64_idiv1(&t->b, sf, RCX);
    } else {
        x64_alu_rr(&t->b, 0, ALU_XOR, RDX, RDX);
        x64_div1(&t->b, sf, RCX);
    }
    size_t done = x64_jmp32(&t->b);
    x64_patch_rel32(&t->b, by_zero, t->b.len);
    x64_alu_rr(&t->b, 0, ALU_XOR, RAX, RAX);
    x64_patch_rel32(&t->b, done, t->b.len);
    if (sign) x64_patch_rel32(&t->b, ovf_done, t->b.len);
    if (!sf) x64_mov_rr(&t->b, 0, RAX, RAX);
    t_set_sf(t, sf, rd, RAX);
}

static bool e_dp2(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31);
    unsigned opc = a64_bits(insn, 15, 10);
    static const enum x64_shift sh[4] = {SH_SHL, SH_SHR, SH_SAR, SH_ROR};
    if (a64_bit(insn, 29)) return false;
    if (opc == 2 || opc == 3) {
        t_get_sf(t, sf, RAX, A64_RN(insn));
        t_get_sf(t, sf, RCX, A64_RM(insn));
        emit_div(t, sf, opc == 3, A64_RD(insn));
        return true;
    }
    if (opc >= 8 && opc <= 11) {
        t_get_sf(t, sf, RCX, A64_RM(insn));
        t_get_sf(t, sf, RDX, A64_RN(insn));
        x64_shift_rcl(&t->b, sf, sh[opc - 8], RDX);
        t_set_sf(t, sf, A64_RD(insn), RDX);
        return true;
    }
    return false;
}

/* CRC32 (polynomial 0x04C11DB7) and CRC32C (0x1EDC6F41), bit-reflected, as A64 defines. */
static uint32_t crc_update(uint32_t crc, uint64_t data, int bytes, uint32_t poly_rev) {
    for (int i = 0; i < bytes; i++) {
        crc ^= (uint8_t)(data >> (8 * i));
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (poly_rev & (0u - (crc & 1)));
    }
    return crc;
}

static void h_crc32(emu_cpu *cpu, uint32_t insn) {
    unsigned sz = a64_bits(insn, 11, 10), c = a64_bit(insn, 12);
    if (a64_bit(insn, 31) != (sz == 3)) a64_undefined(cpu);
    uint32_t crc = (uint32_t)a64_xreg(cpu, A64_RN(insn));
    uint64_t data = a64_xreg(cpu, A64_RM(insn));
    a64_set_wreg(cpu, A64_RD(insn), crc_update(crc, data, 1 << sz, c ? 0x82F63B78u : 0xEDB88320u));
}

static uint64_t rbit64(uint64_t x) {
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 4) & 0x0F0F0F0F0F0F0F0Full) | ((x & 0x0F0F0F0F0F0F0F0Full) << 4);
    return __builtin_bswap64(x);
}

static void h_dp1(emu_cpu *cpu, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31);
    unsigned opc = a64_bits(insn, 15, 10);
    uint64_t x = a64_xreg(cpu, A64_RN(insn)), r;
    if (!sf) x &= 0xffffffffull;
    switch (opc) {
    case 0: r = sf ? rbit64(x) : rbit64(x) >> 32; break;
    case 1:
        r = ((x >> 8) & 0x00FF00FF00FF00FFull) | ((x & 0x00FF00FF00FF00FFull) << 8);
        break;
    case 2:
        r = sf ? ((uint64_t)__builtin_bswap32((uint32_t)(x >> 32)) << 32) |
                     __builtin_bswap32((uint32_t)x)
               : __builtin_bswap32((uint32_t)x);
        break;
    case 3:
        if (!sf) a64_undefined(cpu);
        r = __builtin_bswap64(x);
        break;
    case 5: r = sf ? (uint64_t)__builtin_clrsbll((long long)x) : (uint64_t)__builtin_clrsb((int)x); break;
    default: a64_undefined(cpu);
    }
    if (!sf) r &= 0xffffffffull;
    a64_set_xreg(cpu, A64_RD(insn), r);
}

static bool e_dp1(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31);
    unsigned opc = a64_bits(insn, 15, 10);
    if (a64_bits(insn, 20, 16) || a64_bit(insn, 29)) return false;
    if (opc == 4) { /* CLZ: 63 - bsr, with bsr's undefined zero case mapped to the width */
        t_get_sf(t, sf, RDX, A64_RN(insn));
        x64_bsr(&t->b, sf, RCX, RDX);
        x64_mov_imm(&t->b, RDX, sf ? 127 : 63);
        x64_cmov(&t->b, sf, CC_E, RCX, RDX);
        x64_alu_ri(&t->b, sf, ALU_XOR, RCX, sf ? 63 : 31);
        t_set_sf(t, sf, A64_RD(insn), RCX);
        return true;
    }
    if ((opc == 3 && sf) || (opc == 2 && !sf)) { /* REV */
        t_get_sf(t, sf, RCX, A64_RN(insn));
        x64_bswap(&t->b, sf, RCX);
        t_set_sf(t, sf, A64_RD(insn), RCX);
        return true;
    }
    return false;
}

static bool e_dp3(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31);
    unsigned op31 = a64_bits(insn, 23, 21), o0 = a64_bit(insn, 15);
    int rd = A64_RD(insn), rn = A64_RN(insn), rm = A64_RM(insn), ra = A64_RA(insn);
    if (a64_bits(insn, 30, 29) || (!sf && op31)) return false;
    if (op31 == 0) { /* MADD, MSUB */
        t_get_sf(t, sf, RCX, rn);
        t_get_sf(t, sf, RDX, rm);
        x64_imul_rr(&t->b, sf, RCX, RDX);
    } else if (op31 == 1 || op31 == 5) { /* [SU]M{ADD,SUB}L */
        t_get_w(t, RCX, rn);
        t_get_w(t, RDX, rm);
        if (op31 == 1) {
            x64_movsx(&t->b, 1, RCX, RCX, 4);
            x64_movsx(&t->b, 1, RDX, RDX, 4);
        }
        x64_imul_rr(&t->b, 1, RCX, RDX);
    } else if ((op31 == 2 || op31 == 6) && !o0) { /* [SU]MULH */
        t_get_x(t, RAX, rn);
        t_get_x(t, RCX, rm);
        if (op31 == 2)
            x64_imul1(&t->b, 1, RCX);
        else
            x64_mul1(&t->b, 1, RCX);
        t_set_x(t, rd, RDX);
        return true;
    } else {
        return false;
    }
    if (ra != 31) {
        t_get_sf(t, sf, RDX, ra);
        if (o0) {
            x64_alu_rr(&t->b, sf, ALU_SUB, RDX, RCX);
            x64_mov_rr(&t->b, sf, RCX, RDX);
        } else {
            x64_alu_rr(&t->b, sf, ALU_ADD, RCX, RDX);
        }
    } else if (o0) {
        x64_neg(&t->b, sf, RCX);
    }
    t_set_sf(t, sf, rd, RCX);
    return true;
}

static void h_undef(emu_cpu *cpu, uint32_t insn) {
    (void)insn;
    a64_undefined(cpu);
}

const a64_pattern a64_tab_dpreg[] = {
    {0x1F000000, 0x0A000000, "logic reg", e_logic_reg, h_undef, A64_PC},
    {0x1F200000, 0x0B000000, "add/sub shifted", e_addsub_reg, h_undef, A64_PC},
    {0x1F200000, 0x0B200000, "add/sub ext", e_addsub_ext, h_undef, A64_PC},
    {0x1FE0FC00, 0x1A000000, "adc/sbc", e_adc, NULL, 0},
    {0x1FE00410, 0x1A400000, "ccmp/ccmn", e_ccmp, h_undef, A64_PC},
    {0x3FE00800, 0x1A800000, "csel", e_csel, NULL, 0},
    {0x7FE0E000, 0x1AC04000, "crc32", NULL, h_crc32, A64_PC},
    {0x5FE00000, 0x1AC00000, "dp 2-source", e_dp2, h_undef, A64_PC},
    {0x5FFFE000, 0x5AC00000, "dp 1-source", e_dp1, h_dp1, A64_PC},
    {0x1F000000, 0x1B000000, "dp 3-source", e_dp3, h_undef, A64_PC},
    {0, 0, NULL, NULL, NULL, 0},
};
