/* x64_sse.h — private to jit/: VEX-encoded (AVX, 128-bit) instructions for the native FP and
 * SIMD emitters. Three operands in Intel order (destination, first source, second source). */
#ifndef JIT_X64_SSE_H
#define JIT_X64_SSE_H

#include "x64.h"

/* One VEX instruction: mandatory prefix (pp), opcode map, VEX.W and the opcode byte. */
typedef struct x64_vop {
    uint8_t pp, map, w, op;
} x64_vop;

enum { VPP_NONE, VPP_66, VPP_F3, VPP_F2 };
enum { VMAP_0F = 1, VMAP_0F38 = 2, VMAP_0F3A = 3 };

#define X64_VOP(pp, map, w, op) ((x64_vop){(pp), (map), (w), (op)})
#define VOP_0F(pp, op)          X64_VOP(VPP_##pp, VMAP_0F, 0, op)
#define VOP_38(pp, op)          X64_VOP(VPP_##pp, VMAP_0F38, 0, op)
#define VOP_3A(pp, op)          X64_VOP(VPP_##pp, VMAP_0F3A, 0, op)
#define VOP_W1(o)               X64_VOP((o).pp, (o).map, 1, (o).op)

/* reg: ModRM.reg (a register or an opcode extension), vvvv: VEX.vvvv (0 when unused), rm: the
 * ModRM.rm register or a memory operand. An imm8, if any, is appended by the caller. */
void x64_v_rr(x64_buf *b, x64_vop o, int reg, int vvvv, int rm);
void x64_v_rm(x64_buf *b, x64_vop o, int reg, int vvvv, x64_mem m);
/* [rip + disp32] operand; returns the offset of disp32 for x64_v_rip_patch. */
size_t x64_v_rip(x64_buf *b, x64_vop o, int reg, int vvvv);
/* Points the disp32 at `at` to buffer offset target; imm_len bytes follow disp32. */
void x64_v_rip_patch(x64_buf *b, size_t at, size_t target, int imm_len);

/* test dword [m], imm32 (the x64 assembler has no test with memory). */
void x64_test_mi32(x64_buf *b, x64_mem m, uint32_t imm);
void x64_push(x64_buf *b, int r);
void x64_pop(x64_buf *b, int r);

/* ---- moves ---- */
#define VX_MOVUPS_LD   VOP_0F(NONE, 0x10)
#define VX_MOVUPS_ST   VOP_0F(NONE, 0x11)
#define VX_MOVAPS      VOP_0F(NONE, 0x28)
#define VX_MOVSS_LD    VOP_0F(F3, 0x10) /* from memory: zeroes bits 127:32 */
#define VX_MOVSS_ST    VOP_0F(F3, 0x11)
#define VX_MOVSD_LD    VOP_0F(F2, 0x10) /* from memory: zeroes bits 127:64 */
#define VX_MOVSD_ST    VOP_0F(F2, 0x11)
#define VX_MOVQ_LD     VOP_0F(F3, 0x7E) /* xmm <- xmm/m64, zeroes bits 127:64 */
#define VX_MOVQ_ST     VOP_0F(66, 0xD6) /* m64 <- xmm */
#define VX_MOVD_TOX    VOP_0F(66, 0x6E) /* xmm <- r/m32 (W1: r/m64) */
#define VX_MOVD_FROMX  VOP_0F(66, 0x7E) /* r/m32 <- xmm (W1: r/m64); xmm is ModRM.reg */
#define VX_MOVDDUP     VOP_0F(F2, 0x12)
#define VX_BROADCASTSS VOP_38(66, 0x18) /* from m32 only in AVX1 */
#define VX_MOVMSKPS    VOP_0F(NONE, 0x50)
#define VX_MOVMSKPD    VOP_0F(66, 0x50)
#define VX_PMOVMSKB    VOP_0F(66, 0xD7)
#define VX_PINSRB      VOP_3A(66, 0x20)
#define VX_PINSRD      VOP_3A(66, 0x22)
#define VX_PINSRQ      X64_VOP(VPP_66, VMAP_0F3A, 1, 0x22)
#define VX_PINSRW      VOP_0F(66, 0xC4)
#define VX_PEXTRB      VOP_3A(66, 0x14)
#define VX_PEXTRW      VOP_3A(66, 0x15)
#define VX_PEXTRD      VOP_3A(66, 0x16)
#define VX_PEXTRQ      X64_VOP(VPP_66, VMAP_0F3A, 1, 0x16)

/* ---- floating point: ps / pd / ss / sd by prefix ---- */
#define VX_FP(pp, op) VOP_0F(pp, op)
enum { VFP_SQRT = 0x51, VFP_ADD = 0x58, VFP_MUL = 0x59, VFP_SUB = 0x5C, VFP_MIN = 0x5D };
enum { VFP_DIV = 0x5E, VFP_MAX = 0x5F, VFP_AND = 0x54, VFP_ANDN = 0x55, VFP_OR = 0x56 };
enum { VFP_XOR = 0x57, VFP_CMP = 0xC2, VFP_UCOMI = 0x2E, VFP_COMI = 0x2F };
#define VX_CVTSS2SD  VOP_0F(F3, 0x5A)
#define VX_CVTSD2SS  VOP_0F(F2, 0x5A)
#define VX_CVTSI2SS  VOP_0F(F3, 0x2A) /* W1: from r64 */
#define VX_CVTSI2SD  VOP_0F(F2, 0x2A)
#define VX_CVTTSS2SI VOP_0F(F3, 0x2C) /* W1: to r64 */
#define VX_CVTTSD2SI VOP_0F(F2, 0x2C)
#define VX_CVTSS2SI  VOP_0F(F3, 0x2D) /* in the current rounding mode */
#define VX_CVTSD2SI  VOP_0F(F2, 0x2D)
#define VX_CVTDQ2PS  VOP_0F(NONE, 0x5B)
#define VX_CVTTPS2DQ VOP_0F(F3, 0x5B)
/* FMA3, 231 forms: dst = +-(src1 * src2) +- dst. Scalar is op+1; W1 = double. */
enum { VFMA_ADD = 0xB8, VFMA_SUB = 0xBA, VFMA_NADD = 0xBC, VFMA_NSUB = 0xBE };

/* ---- integer SIMD (66 0F unless noted) ---- */
#define VX_I(op)      VOP_0F(66, op)
#define VX_I38(op)    VOP_38(66, op)
#define VX_PADDB      VX_I(0xFC)
#define VX_PADDW      VX_I(0xFD)
#define VX_PADDD      VX_I(0xFE)
#define VX_PADDQ      VX_I(0xD4)
#define VX_PSUBB      VX_I(0xF8)
#define VX_PSUBW      VX_I(0xF9)
#define VX_PSUBD      VX_I(0xFA)
#define VX_PSUBQ      VX_I(0xFB)
#define VX_PAND       VX_I(0xDB)
#define VX_PANDN      VX_I(0xDF) /* dst = ~src1 & src2 */
#define VX_POR        VX_I(0xEB)
#define VX_PXOR       VX_I(0xEF)
#define VX_PCMPEQB    VX_I(0x74)
#define VX_PCMPEQW    VX_I(0x75)
#define VX_PCMPEQD    VX_I(0x76)
#define VX_PCMPEQQ    VX_I38(0x29)
#define VX_PCMPGTB    VX_I(0x64)
#define VX_PCMPGTW    VX_I(0x65)
#define VX_PCMPGTD    VX_I(0x66)
#define VX_PCMPGTQ    VX_I38(0x37)
#define VX_PMULLW     VX_I(0xD5)
#define VX_PMULLD     VX_I38(0x40)
#define VX_PMAXUB     VX_I(0xDE)
#define VX_PMAXUW     VX_I38(0x3E)
#define VX_PMAXUD     VX_I38(0x3F)
#define VX_PMINUB     VX_I(0xDA)
#define VX_PMINUW     VX_I38(0x3A)
#define VX_PMINUD     VX_I38(0x3B)
#define VX_PMAXSB     VX_I38(0x3C)
#define VX_PMAXSW     VX_I(0xEE)
#define VX_PMAXSD     VX_I38(0x3D)
#define VX_PMINSB     VX_I38(0x38)
#define VX_PMINSW     VX_I(0xEA)
#define VX_PMINSD     VX_I38(0x39)
#define VX_PABSB      VX_I38(0x1C)
#define VX_PABSW      VX_I38(0x1D)
#define VX_PABSD      VX_I38(0x1E)
#define VX_PSHUFB     VX_I38(0x00)
#define VX_PSHUFD     VX_I(0x70) /* imm8 */
#define VX_PSHUFLW    VOP_0F(F2, 0x70)
#define VX_PALIGNR    VOP_3A(66, 0x0F)   /* imm8 */
#define VX_PBLENDW    VOP_3A(66, 0x0E)   /* imm8 */
#define VX_SHUFPS     VOP_0F(NONE, 0xC6) /* imm8 */
#define VX_INSERTPS   VOP_3A(66, 0x21)   /* imm8: source lane 7:6, destination lane 5:4, zero 3:0 */
#define VX_UNPCKLPD   VOP_0F(66, 0x14)
#define VX_UNPCKHPD   VOP_0F(66, 0x15)
#define VX_PTEST      VX_I38(0x17)
#define VX_PUNPCKLBW  VX_I(0x60)
#define VX_PUNPCKLWD  VX_I(0x61)
#define VX_PUNPCKLDQ  VX_I(0x62)
#define VX_PUNPCKLQDQ VX_I(0x6C)
#define VX_PUNPCKHBW  VX_I(0x68)
#define VX_PUNPCKHWD  VX_I(0x69)
#define VX_PUNPCKHDQ  VX_I(0x6A)
#define VX_PUNPCKHQDQ VX_I(0x6D)
#define VX_PACKSSWB   VX_I(0x63)
#define VX_PACKUSWB   VX_I(0x67)
#define VX_PACKSSDW   VX_I(0x6B)
#define VX_PACKUSDW   VX_I38(0x2B)
#define VX_PMOVSXBW   VX_I38(0x20)
#define VX_PMOVSXWD   VX_I38(0x23)
#define VX_PMOVSXDQ   VX_I38(0x25)
#define VX_PMOVZXBW   VX_I38(0x30)
#define VX_PMOVZXWD   VX_I38(0x33)
#define VX_PMOVZXDQ   VX_I38(0x35)
#define VX_PHADDW     VX_I38(0x01)
#define VX_PHADDD     VX_I38(0x02)
#define VX_PMADDWD    VX_I(0xF5)
#define VX_PMADDUBSW  VX_I38(0x04)
#define VX_PADDUSB    VX_I(0xDC)
#define VX_PMULDQ     VX_I38(0x28)
#define VX_PMULUDQ    VX_I(0xF4)
#define VX_PSADBW     VX_I(0xF6)
/* shift groups by immediate: ModRM.reg = ext, vvvv = destination, rm = source */
#define VX_SHIFT_W 0x71
#define VX_SHIFT_D 0x72
#define VX_SHIFT_Q 0x73
enum { VSH_SRL = 2, VSH_SRLDQ = 3, VSH_SRA = 4, VSH_SLL = 6, VSH_SLLDQ = 7 };

/* dst = op(src1, src2) */
static inline void vx3(x64_buf *b, x64_vop o, int d, int s1, int s2) {
    x64_v_rr(b, o, d, s1, s2);
}
/* dst = op(src1, [m]) */
static inline void vx3m(x64_buf *b, x64_vop o, int d, int s1, x64_mem m) {
    x64_v_rm(b, o, d, s1, m);
}
/* two-operand forms (no vvvv): dst = op(src) */
static inline void vx2(x64_buf *b, x64_vop o, int d, int s) {
    x64_v_rr(b, o, d, 0, s);
}
static inline void vx2m(x64_buf *b, x64_vop o, int d, x64_mem m) {
    x64_v_rm(b, o, d, 0, m);
}
/* with an immediate */
static inline void vx3i(x64_buf *b, x64_vop o, int d, int s1, int s2, uint8_t imm) {
    x64_v_rr(b, o, d, s1, s2);
    x64_byte(b, imm);
}
/* two operands with an immediate: dst = op(src, imm) */
static inline void vx2i(x64_buf *b, x64_vop o, int d, int s, uint8_t imm) {
    x64_v_rr(b, o, d, 0, s);
    x64_byte(b, imm);
}
/* vector shift by immediate: dst = src shifted (group op with extension ext) */
static inline void vx_shift(x64_buf *b, uint8_t op, int ext, int d, int s, uint8_t imm) {
    x64_v_rr(b, VOP_0F(66, op), ext, d, s);
    x64_byte(b, imm);
}
/* loads and stores of a whole xmm register (no alignment needed) */
static inline void vx_ld(x64_buf *b, int x, x64_mem m) {
    x64_v_rm(b, VX_MOVUPS_LD, x, 0, m);
}
static inline void vx_st(x64_buf *b, x64_mem m, int x) {
    x64_v_rm(b, VX_MOVUPS_ST, x, 0, m);
}
/* all ones / all zeros without memory (vpcmpeqd x,x,x / vpxor x,x,x) */
static inline void vx_ones(x64_buf *b, int x) {
    vx3(b, VX_PCMPEQD, x, x, x);
}
static inline void vx_zero(x64_buf *b, int x) {
    vx3(b, VX_PXOR, x, x, x);
}

#endif
