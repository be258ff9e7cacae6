/* x64_sse.c — VEX prefixes (two- and three-byte forms) with ModRM/SIB/disp for the AVX-128
 * instructions of x64_sse.h, and the few integer forms the native FP emitters also need. */
#include "x64_sse.h"

#include <string.h>

/* The two-byte form (C5) fits when X, B and W are clear and the map is 0F. */
static void vex(x64_buf *b, x64_vop o, int reg, int vvvv, int index, int base) {
    bool r = reg & 8, x = index > 0 && (index & 8), bb = base > 0 && (base & 8);
    uint8_t tail = (uint8_t)(((~vvvv & 15) << 3) | o.pp); /* L = 0: 128-bit */
    if (!x && !bb && !o.w && o.map == VMAP_0F) {
        x64_byte(b, 0xC5);
        x64_byte(b, (uint8_t)((r ? 0 : 0x80) | tail));
    } else {
        x64_byte(b, 0xC4);
        x64_byte(b, (uint8_t)((r ? 0 : 0x80) | (x ? 0 : 0x40) | (bb ? 0 : 0x20) | o.map));
        x64_byte(b, (uint8_t)((o.w ? 0x80 : 0) | tail));
    }
    x64_byte(b, o.op);
}

/* ModRM (+SIB, disp) for [base + index*scale + disp], as x64.c encodes it. */
static void modrm_mem(x64_buf *b, int reg, x64_mem m) {
    int r = reg & 7, ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
    if (m.base == X64_NOREG) {
        x64_byte(b, (uint8_t)(0x04 | (r << 3)));
        x64_byte(b, (uint8_t)((ss << 6) | (((m.index == X64_NOREG) ? 4 : (m.index & 7)) << 3) | 5));
        x64_u32(b, (uint32_t)m.disp);
        return;
    }
    int mod = (m.disp == 0 && (m.base & 7) != 5) ? 0 : (m.disp >= -128 && m.disp <= 127) ? 1 : 2;
    bool sib = m.index != X64_NOREG || (m.base & 7) == 4;
    x64_byte(b, (uint8_t)((mod << 6) | (r << 3) | (sib ? 4 : (m.base & 7))));
    if (sib)
        x64_byte(b, (uint8_t)((ss << 6) | ((m.index == X64_NOREG ? 4 : (m.index & 7)) << 3) |
                              (m.base & 7)));
    if (mod == 1)
        x64_byte(b, (uint8_t)(int8_t)m.disp);
    else if (mod == 2)
        x64_u32(b, (uint32_t)m.disp);
}

void x64_v_rr(x64_buf *b, x64_vop o, int reg, int vvvv, int rm) {
    vex(b, o, reg, vvvv, -1, rm);
    x64_byte(b, (uint8_t)(0xC0 | ((reg & 7) << 3) | (rm & 7)));
}

void x64_v_rm(x64_buf *b, x64_vop o, int reg, int vvvv, x64_mem m) {
    vex(b, o, reg, vvvv, m.index, m.base);
    modrm_mem(b, reg, m);
}

size_t x64_v_rip(x64_buf *b, x64_vop o, int reg, int vvvv) {
    vex(b, o, reg, vvvv, -1, -1);
    x64_byte(b, (uint8_t)(0x05 | ((reg & 7) << 3)));
    size_t at = b->len;
    x64_u32(b, 0);
    return at;
}

void x64_v_rip_patch(x64_buf *b, size_t at, size_t target, int imm_len) {
    if (b->overflow || at + 4 > b->len) return;
    int32_t rel = (int32_t)((int64_t)target - (int64_t)(at + 4 + (size_t)imm_len));
    memcpy(b->p + at, &rel, 4);
}

void x64_test_mi32(x64_buf *b, x64_mem m, uint32_t imm) {
    x64_op_rm(b, 0, 0xF7, 1, 0, m);
    x64_u32(b, imm);
}

void x64_push(x64_buf *b, int r) {
    if (r & 8) x64_byte(b, 0x41);
    x64_byte(b, (uint8_t)(0x50 + (r & 7)));
}

void x64_pop(x64_buf *b, int r) {
    if (r & 8) x64_byte(b, 0x41);
    x64_byte(b, (uint8_t)(0x58 + (r & 7)));
}
