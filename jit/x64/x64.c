/* x64.c — x86-64 instruction encoding: REX, ModRM/SIB and the instruction forms the
 * translator uses. Appends never write past the buffer; overflow is flagged instead. */
#include "x64.h"

#include <string.h>

void x64_byte(x64_buf *b, uint8_t v) {
    if (b->len < b->cap)
        b->p[b->len++] = v;
    else
        b->overflow = true;
}

void x64_u32(x64_buf *b, uint32_t v) {
    for (int i = 0; i < 4; i++) x64_byte(b, (uint8_t)(v >> (8 * i)));
}

void x64_u64(x64_buf *b, uint64_t v) {
    for (int i = 0; i < 8; i++) x64_byte(b, (uint8_t)(v >> (8 * i)));
}

static void op_bytes(x64_buf *b, uint32_t op, int oplen) {
    for (int i = oplen - 1; i >= 0; i--) x64_byte(b, (uint8_t)(op >> (8 * i)));
}

/* Encoding flags for the internal emitters. */
enum { ENC_REX8 = 1, ENC_OPSZ16 = 2 };

static void rex(x64_buf *b, int w, int reg, int index, int base, int enc, int reg8) {
    uint8_t r = (uint8_t)(0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) | ((index > 0 && (index & 8)) ? 2 : 0) |
                          ((base > 0 && (base & 8)) ? 1 : 0));
    bool need = r != 0x40 || ((enc & ENC_REX8) && reg8);
    if (need) x64_byte(b, r);
}

static void modrm_mem(x64_buf *b, int reg, x64_mem m) {
    int r = reg & 7;
    if (m.base == X64_NOREG) { /* [index*scale + disp32] or [disp32] */
        int ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
        x64_byte(b, (uint8_t)(0x04 | (r << 3)));
        x64_byte(b, (uint8_t)((ss << 6) | (((m.index == X64_NOREG) ? 4 : (m.index & 7)) << 3) | 5));
        x64_u32(b, (uint32_t)m.disp);
        return;
    }
    int mod = (m.disp == 0 && (m.base & 7) != 5) ? 0 : (m.disp >= -128 && m.disp <= 127) ? 1 : 2;
    bool sib = m.index != X64_NOREG || (m.base & 7) == 4;
    x64_byte(b, (uint8_t)((mod << 6) | (r << 3) | (sib ? 4 : (m.base & 7))));
    if (sib) {
        int ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
        int idx = m.index == X64_NOREG ? 4 : (m.index & 7);
        x64_byte(b, (uint8_t)((ss << 6) | (idx << 3) | (m.base & 7)));
    }
    if (mod == 1)
        x64_byte(b, (uint8_t)(int8_t)m.disp);
    else if (mod == 2)
        x64_u32(b, (uint32_t)m.disp);
}

static void enc_rm(x64_buf *b, int enc, int w, uint32_t op, int oplen, int reg, x64_mem m) {
    if (enc & ENC_OPSZ16) x64_byte(b, 0x66);
    rex(b, w, reg, m.index, m.base, enc, reg >= 4 && reg < 8);
    op_bytes(b, op, oplen);
    modrm_mem(b, reg, m);
}

static void enc_rr(x64_buf *b, int enc, int w, uint32_t op, int oplen, int reg, int rm) {
    if (enc & ENC_OPSZ16) x64_byte(b, 0x66);
    rex(b, w, reg, -1, rm, enc, (reg >= 4 && reg < 8) || (rm >= 4 && rm < 8));
    op_bytes(b, op, oplen);
    x64_byte(b, (uint8_t)(0xC0 | ((reg & 7) << 3) | (rm & 7)));
}

void x64_op_rm(x64_buf *b, int w, uint32_t op, int oplen, int reg, x64_mem m) {
    enc_rm(b, 0, w, op, oplen, reg, m);
}

void x64_op_rr(x64_buf *b, int w, uint32_t op, int oplen, int reg, int rm) {
    enc_rr(b, 0, w, op, oplen, reg, rm);
}

void x64_mov_rr(x64_buf *b, int w, int dst, int src) { enc_rr(b, 0, w, 0x89, 1, src, dst); }
void x64_load(x64_buf *b, int w, int dst, x64_mem m) { enc_rm(b, 0, w, 0x8B, 1, dst, m); }
void x64_store(x64_buf *b, int w, x64_mem m, int src) { enc_rm(b, 0, w, 0x89, 1, src, m); }
void x64_store8(x64_buf *b, x64_mem m, int src) { enc_rm(b, ENC_REX8, 0, 0x88, 1, src, m); }
void x64_store16(x64_buf *b, x64_mem m, int src) { enc_rm(b, ENC_OPSZ16, 0, 0x89, 1, src, m); }

void x64_load_zx(x64_buf *b, int dst, x64_mem m, int bytes) {
    switch (bytes) {
    case 1: enc_rm(b, 0, 0, 0x0FB6, 2, dst, m); break;
    case 2: enc_rm(b, 0, 0, 0x0FB7, 2, dst, m); break;
    case 4: enc_rm(b, 0, 0, 0x8B, 1, dst, m); break;
    default: enc_rm(b, 0, 1, 0x8B, 1, dst, m); break;
    }
}

void x64_load_sx(x64_buf *b, int w, int dst, x64_mem m, int bytes) {
    switch (bytes) {
    case 1: enc_rm(b, 0, w, 0x0FBE, 2, dst, m); break;
    case 2: enc_rm(b, 0, w, 0x0FBF, 2, dst, m); break;
    case 4: enc_rm(b, 0, 1, 0x63, 1, dst, m); break;
    default: enc_rm(b, 0, 1, 0x8B, 1, dst, m); break;
    }
}

/* Never xor for zero: callers rely on moves leaving the host flags alone. */
void x64_mov_imm(x64_buf *b, int dst, uint64_t imm) {
    if (imm <= 0xFFFFFFFFu) {
        rex(b, 0, 0, -1, dst, 0, 0);
        x64_byte(b, (uint8_t)(0xB8 + (dst & 7)));
        x64_u32(b, (uint32_t)imm);
    } else if ((int64_t)imm >= INT32_MIN && (int64_t)imm <= INT32_MAX) {
        rex(b, 1, 0, -1, dst, 0, 0);
        x64_byte(b, 0xC7);
        x64_byte(b, (uint8_t)(0xC0 | (dst & 7)));
        x64_u32(b, (uint32_t)imm);
    } else {
        x64_mov_imm64(b, dst, imm);
    }
}

size_t x64_mov_imm64(x64_buf *b, int dst, uint64_t imm) {
    rex(b, 1, 0, -1, dst, 0, 0);
    x64_byte(b, (uint8_t)(0xB8 + (dst & 7)));
    size_t at = b->len;
    x64_u64(b, imm);
    return at;
}

void x64_store_imm32(x64_buf *b, int w, x64_mem m, int32_t imm) {
    enc_rm(b, 0, w, 0xC7, 1, 0, m);
    x64_u32(b, (uint32_t)imm);
}

void x64_lea(x64_buf *b, int w, int dst, x64_mem m) { enc_rm(b, 0, w, 0x8D, 1, dst, m); }

void x64_alu_rr(x64_buf *b, int w, enum x64_alu op, int dst, int src) {
    enc_rr(b, 0, w, (uint32_t)(op * 8 + 1), 1, src, dst);
}

void x64_alu_rm(x64_buf *b, int w, enum x64_alu op, int dst, x64_mem m) {
    enc_rm(b, 0, w, (uint32_t)(op * 8 + 3), 1, dst, m);
}

void x64_alu_ri(x64_buf *b, int w, enum x64_alu op, int dst, int32_t imm) {
    if (imm >= -128 && imm <= 127) {
        enc_rr(b, 0, w, 0x83, 1, op, dst);
        x64_byte(b, (uint8_t)(int8_t)imm);
    } else {
        enc_rr(b, 0, w, 0x81, 1, op, dst);
        x64_u32(b, (uint32_t)imm);
    }
}

void x64_alu_mi(x64_buf *b, int w, enum x64_alu op, x64_mem m, int32_t imm) {
    if (imm >= -128 && imm <= 127) {
        enc_rm(b, 0, w, 0x83, 1, op, m);
        x64_byte(b, (uint8_t)(int8_t)imm);
    } else {
        enc_rm(b, 0, w, 0x81, 1, op, m);
        x64_u32(b, (uint32_t)imm);
    }
}

void x64_test_rr(x64_buf *b, int w, int a, int c) { enc_rr(b, 0, w, 0x85, 1, c, a); }

void x64_shift_ri(x64_buf *b, int w, enum x64_shift op, int dst, uint8_t imm) {
    if (imm == 1) {
        enc_rr(b, 0, w, 0xD1, 1, op, dst);
    } else {
        enc_rr(b, 0, w, 0xC1, 1, op, dst);
        x64_byte(b, imm);
    }
}

void x64_shift_rcl(x64_buf *b, int w, enum x64_shift op, int dst) {
    enc_rr(b, 0, w, 0xD3, 1, op, dst);
}

void x64_neg(x64_buf *b, int w, int r) { enc_rr(b, 0, w, 0xF7, 1, 3, r); }
void x64_not(x64_buf *b, int w, int r) { enc_rr(b, 0, w, 0xF7, 1, 2, r); }
void x64_imul_rr(x64_buf *b, int w, int dst, int src) { enc_rr(b, 0, w, 0x0FAF, 2, dst, src); }
void x64_mul1(x64_buf *b, int w, int src) { enc_rr(b, 0, w, 0xF7, 1, 4, src); }
void x64_imul1(x64_buf *b, int w, int src) { enc_rr(b, 0, w, 0xF7, 1, 5, src); }
void x64_div1(x64_buf *b, int w, int src) { enc_rr(b, 0, w, 0xF7, 1, 6, src); }
void x64_idiv1(x64_buf *b, int w, int src) { enc_rr(b, 0, w, 0xF7, 1, 7, src); }

void x64_cqo(x64_buf *b, int w) {
    if (w) x64_byte(b, 0x48);
    x64_byte(b, 0x99);
}

void x64_bswap(x64_buf *b, int w, int r) {
    rex(b, w, 0, -1, r, 0, 0);
    x64_byte(b, 0x0F);
    x64_byte(b, (uint8_t)(0xC8 + (r & 7)));
}

void x64_bsr(x64_buf *b, int w, int dst, int src) { enc_rr(b, 0, w, 0x0FBD, 2, dst, src); }
void x64_bsf(x64_buf *b, int w, int dst, int src) { enc_rr(b, 0, w, 0x0FBC, 2, dst, src); }

void x64_popcnt(x64_buf *b, int w, int dst, int src) {
    x64_byte(b, 0xF3);
    enc_rr(b, 0, w, 0x0FB8, 2, dst, src);
}

void x64_cmov(x64_buf *b, int w, enum x64_cc cc, int dst, int src) {
    enc_rr(b, 0, w, 0x0F40u + cc, 2, dst, src);
}

void x64_setcc(x64_buf *b, enum x64_cc cc, int r8) {
    enc_rr(b, ENC_REX8, 0, 0x0F90u + cc, 2, 0, r8);
}

void x64_movzx8(x64_buf *b, int dst, int src8) { enc_rr(b, ENC_REX8, 0, 0x0FB6, 2, dst, src8); }
void x64_movzx16(x64_buf *b, int dst, int src16) { enc_rr(b, 0, 0, 0x0FB7, 2, dst, src16); }

void x64_movsx(x64_buf *b, int w, int dst, int src, int bytes) {
    if (bytes == 1)
        enc_rr(b, ENC_REX8, w, 0x0FBE, 2, dst, src);
    else if (bytes == 2)
        enc_rr(b, 0, w, 0x0FBF, 2, dst, src);
    else
        enc_rr(b, 0, 1, 0x63, 1, dst, src);
}

void x64_shld_ri(x64_buf *b, int w, int dst, int src, uint8_t imm) {
    enc_rr(b, 0, w, 0x0FA4, 2, src, dst);
    x64_byte(b, imm);
}

void x64_shrd_ri(x64_buf *b, int w, int dst, int src, uint8_t imm) {
    enc_rr(b, 0, w, 0x0FAC, 2, src, dst);
    x64_byte(b, imm);
}

void x64_bt_ri(x64_buf *b, int w, int r, uint8_t bit) {
    enc_rr(b, 0, w, 0x0FBA, 2, 4, r);
    x64_byte(b, bit);
}

void x64_lahf(x64_buf *b) { x64_byte(b, 0x9F); }
void x64_sahf(x64_buf *b) { x64_byte(b, 0x9E); }
void x64_cmc(x64_buf *b) { x64_byte(b, 0xF5); }
void x64_stc(x64_buf *b) { x64_byte(b, 0xF9); }
void x64_clc(x64_buf *b) { x64_byte(b, 0xF8); }

/* 16-bit forms put the operand-size prefix before LOCK, as GNU as does */
void x64_lock_cmpxchg(x64_buf *b, int w, x64_mem m, int src, int bytes) {
    if (bytes == 2) x64_byte(b, 0x66);
    x64_byte(b, 0xF0);
    if (bytes == 1)
        enc_rm(b, ENC_REX8, 0, 0x0FB0, 2, src, m);
    else if (bytes == 2)
        enc_rm(b, 0, 0, 0x0FB1, 2, src, m);
    else
        enc_rm(b, 0, w || bytes == 8, 0x0FB1, 2, src, m);
}

void x64_lock_xadd(x64_buf *b, x64_mem m, int src, int bytes) {
    if (bytes == 2) x64_byte(b, 0x66);
    x64_byte(b, 0xF0);
    if (bytes == 1)
        enc_rm(b, ENC_REX8, 0, 0x0FC0, 2, src, m);
    else if (bytes == 2)
        enc_rm(b, 0, 0, 0x0FC1, 2, src, m);
    else
        enc_rm(b, 0, bytes == 8, 0x0FC1, 2, src, m);
}

void x64_xchg_mr(x64_buf *b, x64_mem m, int src, int bytes) {
    if (bytes == 1)
        enc_rm(b, ENC_REX8, 0, 0x86, 1, src, m);
    else if (bytes == 2)
        enc_rm(b, ENC_OPSZ16, 0, 0x87, 1, src, m);
    else
        enc_rm(b, 0, bytes == 8, 0x87, 1, src, m);
}

void x64_mfence(x64_buf *b) {
    x64_byte(b, 0x0F);
    x64_byte(b, 0xAE);
    x64_byte(b, 0xF0);
}

size_t x64_jmp32(x64_buf *b) {
    x64_byte(b, 0xE9);
    size_t at = b->len;
    x64_u32(b, 0);
    return at;
}

size_t x64_jcc32(x64_buf *b, enum x64_cc cc) {
    x64_byte(b, 0x0F);
    x64_byte(b, (uint8_t)(0x80 + cc));
    size_t at = b->len;
    x64_u32(b, 0);
    return at;
}

void x64_jmp_m(x64_buf *b, x64_mem m) { enc_rm(b, 0, 0, 0xFF, 1, 4, m); }
void x64_call_m(x64_buf *b, x64_mem m) { enc_rm(b, 0, 0, 0xFF, 1, 2, m); }
void x64_jmp_r(x64_buf *b, int r) { enc_rr(b, 0, 0, 0xFF, 1, 4, r); }

void x64_patch_rel32(x64_buf *b, size_t at, size_t target) {
    if (b->overflow || at + 4 > b->len) return;
    int32_t rel = (int32_t)((int64_t)target - (int64_t)(at + 4));
    memcpy(b->p + at, &rel, 4);
}

void x64_ret(x64_buf *b) { x64_byte(b, 0xC3); }

void x64_ud2(x64_buf *b) {
    x64_byte(b, 0x0F);
    x64_byte(b, 0x0B);
}

void x64_sse_rm(x64_buf *b, uint8_t pfx, int w, uint32_t op, int oplen, int xreg, x64_mem m) {
    if (pfx) x64_byte(b, pfx);
    rex(b, w, xreg, m.index, m.base, 0, 0);
    op_bytes(b, op, oplen);
    modrm_mem(b, xreg, m);
}

void x64_sse_rr(x64_buf *b, uint8_t pfx, int w, uint32_t op, int oplen, int xreg, int xrm) {
    if (pfx) x64_byte(b, pfx);
    rex(b, w, xreg, -1, xrm, 0, 0);
    op_bytes(b, op, oplen);
    x64_byte(b, (uint8_t)(0xC0 | ((xreg & 7) << 3) | (xrm & 7)));
}
