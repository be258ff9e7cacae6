/* x64.h — private to jit/: a small x86-64 assembler writing into a byte buffer.
 * Only what the translator needs; every function appends one instruction. */
#ifndef JIT_X64_H
#define JIT_X64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum x64_reg {
    RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15,
    X64_NOREG = -1
};

/* Condition codes (the low nibble of Jcc/SETcc/CMOVcc). */
enum x64_cc {
    CC_O, CC_NO, CC_B, CC_AE, CC_E, CC_NE, CC_BE, CC_A,
    CC_S, CC_NS, CC_P, CC_NP, CC_L, CC_GE, CC_LE, CC_G
};

/* ALU group-1 operations, numbered as the /digit of opcode 0x81. */
enum x64_alu { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };
/* Shift group-2 operations, numbered as the /digit of opcode 0xC1/0xD3. */
enum x64_shift { SH_ROL, SH_ROR, SH_RCL, SH_RCR, SH_SHL, SH_SHR, SH_SAL, SH_SAR };

typedef struct x64_buf {
    uint8_t *p;
    size_t len, cap;
    bool overflow; /* set when an append did not fit; the translation is then retried */
} x64_buf;

/* A memory operand: [base + index*scale + disp]. */
typedef struct x64_mem {
    int base, index, scale;
    int32_t disp;
} x64_mem;

static inline x64_mem x64_m(int base, int32_t disp) { return (x64_mem){base, X64_NOREG, 1, disp}; }
static inline x64_mem x64_mi(int base, int index, int scale, int32_t disp) {
    return (x64_mem){base, index, scale, disp};
}

void x64_byte(x64_buf *b, uint8_t v);
void x64_u32(x64_buf *b, uint32_t v);
void x64_u64(x64_buf *b, uint64_t v);

/* Generic forms. w: 1 = 64-bit operand (REX.W), 0 = 32-bit; op is 1..3 opcode bytes. */
void x64_op_rm(x64_buf *b, int w, uint32_t op, int oplen, int reg, x64_mem m);
void x64_op_rr(x64_buf *b, int w, uint32_t op, int oplen, int reg, int rm);

/* Moves. */
void x64_mov_rr(x64_buf *b, int w, int dst, int src);
void x64_load(x64_buf *b, int w, int dst, x64_mem m);  /* mov dst, [m] (32-bit zero-extends) */
void x64_store(x64_buf *b, int w, x64_mem m, int src); /* mov [m], src */
void x64_store8(x64_buf *b, x64_mem m, int src);
void x64_store16(x64_buf *b, x64_mem m, int src);
void x64_load_zx(x64_buf *b, int dst, x64_mem m, int bytes);        /* movzx, 1/2/4/8 bytes */
void x64_load_sx(x64_buf *b, int w, int dst, x64_mem m, int bytes); /* movsx/movsxd */
void x64_mov_imm(x64_buf *b, int dst, uint64_t imm); /* shortest mov; never changes flags */
size_t x64_mov_imm64(x64_buf *b, int dst, uint64_t imm); /* always 10 bytes; returns imm offset */
void x64_store_imm32(x64_buf *b, int w, x64_mem m, int32_t imm);
void x64_lea(x64_buf *b, int w, int dst, x64_mem m);

/* Arithmetic. */
void x64_alu_rr(x64_buf *b, int w, enum x64_alu op, int dst, int src);
void x64_alu_rm(x64_buf *b, int w, enum x64_alu op, int dst, x64_mem m);
void x64_alu_ri(x64_buf *b, int w, enum x64_alu op, int dst, int32_t imm);
void x64_alu_mi(x64_buf *b, int w, enum x64_alu op, x64_mem m, int32_t imm);
void x64_test_rr(x64_buf *b, int w, int a, int c);
void x64_shift_ri(x64_buf *b, int w, enum x64_shift op, int dst, uint8_t imm);
void x64_shift_rcl(x64_buf *b, int w, enum x64_shift op, int dst); /* by CL */
void x64_neg(x64_buf *b, int w, int r);
void x64_not(x64_buf *b, int w, int r);
void x64_imul_rr(x64_buf *b, int w, int dst, int src);
void x64_mul1(x64_buf *b, int w, int src);  /* rdx:rax = rax * src, unsigned */
void x64_imul1(x64_buf *b, int w, int src); /* signed */
void x64_div1(x64_buf *b, int w, int src);
void x64_idiv1(x64_buf *b, int w, int src);
void x64_cqo(x64_buf *b, int w); /* cdq/cqo */
void x64_bswap(x64_buf *b, int w, int r);
void x64_bsr(x64_buf *b, int w, int dst, int src);
void x64_bsf(x64_buf *b, int w, int dst, int src);
void x64_popcnt(x64_buf *b, int w, int dst, int src);
void x64_cmov(x64_buf *b, int w, enum x64_cc cc, int dst, int src);
void x64_setcc(x64_buf *b, enum x64_cc cc, int r8);
void x64_movzx8(x64_buf *b, int dst, int src8);
void x64_movzx16(x64_buf *b, int dst, int src16);
void x64_movsx(x64_buf *b, int w, int dst, int src, int bytes); /* from 1/2/4 bytes */
void x64_shld_ri(x64_buf *b, int w, int dst, int src, uint8_t imm);
void x64_shrd_ri(x64_buf *b, int w, int dst, int src, uint8_t imm);
void x64_bt_ri(x64_buf *b, int w, int r, uint8_t bit);

/* Flags. */
void x64_lahf(x64_buf *b);
void x64_sahf(x64_buf *b);
void x64_cmc(x64_buf *b);
void x64_stc(x64_buf *b);
void x64_clc(x64_buf *b);

/* Locked read-modify-write (atomics). */
void x64_lock_cmpxchg(x64_buf *b, int w, x64_mem m, int src, int bytes);
void x64_lock_xadd(x64_buf *b, x64_mem m, int src, int bytes);
void x64_xchg_mr(x64_buf *b, x64_mem m, int src, int bytes);
void x64_mfence(x64_buf *b);

/* Control flow. Functions returning size_t give the offset of the rel32 field. */
size_t x64_jmp32(x64_buf *b);
size_t x64_jcc32(x64_buf *b, enum x64_cc cc);
void x64_jmp_m(x64_buf *b, x64_mem m);
void x64_call_m(x64_buf *b, x64_mem m);
void x64_jmp_r(x64_buf *b, int r);
void x64_patch_rel32(x64_buf *b, size_t at, size_t target); /* both offsets in b */
void x64_ret(x64_buf *b);
void x64_ud2(x64_buf *b);

/* SSE / AVX (scalar and packed). pfx: 0, 0x66, 0xF2, 0xF3; op: 0x0F-map opcode byte(s). */
void x64_sse_rm(x64_buf *b, uint8_t pfx, int w, uint32_t op, int oplen, int xreg, x64_mem m);
void x64_sse_rr(x64_buf *b, uint8_t pfx, int w, uint32_t op, int oplen, int xreg, int xrm);

#endif
