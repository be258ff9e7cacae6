/* test_x64.c — the x86-64 encoder against GNU as: every case is assembled by `as` at test
 * time and the bytes must match (a disagreement names the instruction). */
#include "x64.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*emit_fn)(x64_buf *b);
typedef struct {
    const char *text;
    emit_fn emit;
} enc_case;

/* clang-format off */
static void c0(x64_buf *b) { x64_load(b, 1, RBX, x64_m(R15, 8)); }
static void c1(x64_buf *b) { x64_store(b, 1, x64_m(R15, 0x108), R12); }
static void c2(x64_buf *b) { x64_load(b, 0, R13, x64_m(RSP, 0)); }
static void c3(x64_buf *b) { x64_load(b, 1, RAX, x64_m(RBP, 0)); }
static void c4(x64_buf *b) { x64_load(b, 1, RAX, x64_m(R13, -8)); }
static void c5(x64_buf *b) { x64_load_zx(b, R12, x64_mi(RBP, RBX, 1, 0), 1); }
static void c6(x64_buf *b) { x64_load_zx(b, RCX, x64_mi(R14, R12, 4, 0x40), 2); }
static void c7(x64_buf *b) { x64_load_sx(b, 1, RDX, x64_m(R8, 3), 4); }
static void c8(x64_buf *b) { x64_load_sx(b, 0, RSI, x64_m(RDI, 3), 1); }
static void c9(x64_buf *b) { x64_store8(b, x64_m(RDX, 1), RSI); }
static void c10(x64_buf *b) { x64_store16(b, x64_m(R9, 2), R10); }
static void c11(x64_buf *b) { x64_mov_imm(b, RCX, 0x12345678); }
static void c12(x64_buf *b) { x64_mov_imm(b, R9, 0xffffffffffffff80ull); }
static void c13(x64_buf *b) { x64_mov_imm64(b, RAX, 0x1122334455667788ull); }
static void c14(x64_buf *b) { x64_alu_rr(b, 1, ALU_SUB, RCX, RDX); }
static void c15(x64_buf *b) { x64_alu_ri(b, 0, ALU_CMP, R12, 0x1000); }
static void c16(x64_buf *b) { x64_alu_ri(b, 1, ALU_AND, RBX, -2); }
static void c17(x64_buf *b) { x64_alu_rm(b, 1, ALU_CMP, RDX, x64_mi(RAX, RCX, 4, 0)); }
static void c18(x64_buf *b) { x64_alu_mi(b, 1, ALU_CMP, x64_m(R15, 0x300), 8); }
static void c19(x64_buf *b) { x64_shift_ri(b, 1, SH_SAR, R11, 63); }
static void c20(x64_buf *b) { x64_shift_rcl(b, 0, SH_ROR, RDX); }
static void c21(x64_buf *b) { x64_imul_rr(b, 1, RCX, R13); }
static void c22(x64_buf *b) { x64_idiv1(b, 0, RCX); }
static void c23(x64_buf *b) { x64_bswap(b, 1, R10); }
static void c24(x64_buf *b) { x64_bsr(b, 0, RCX, RDX); }
static void c25(x64_buf *b) { x64_cmov(b, 1, CC_LE, RCX, RBX); }
static void c26(x64_buf *b) { x64_setcc(b, CC_O, RSI); }
static void c27(x64_buf *b) { x64_movsx(b, 1, RDX, RDX, 4); }
static void c28(x64_buf *b) { x64_movzx8(b, RDI, RBP); }
static void c29(x64_buf *b) { x64_shrd_ri(b, 1, RCX, RDX, 17); }
static void c30(x64_buf *b) { x64_bt_ri(b, 1, RDX, 40); }
static void c31(x64_buf *b) { x64_lock_cmpxchg(b, 0, x64_m(RDX, 0), RSI, 1); }
static void c32(x64_buf *b) { x64_lock_cmpxchg(b, 1, x64_m(RDX, 0), RCX, 8); }
static void c33(x64_buf *b) { x64_lock_xadd(b, x64_m(RDX, 0), RCX, 2); }
static void c34(x64_buf *b) { x64_xchg_mr(b, x64_m(R12, 0), RBP, 1); }
static void c35(x64_buf *b) { x64_jmp_m(b, x64_m(R15, 0x348)); }
static void c36(x64_buf *b) { x64_call_m(b, x64_m(RAX, 8 * 300)); }
static void c37(x64_buf *b) { x64_lea(b, 1, R14, x64_m(R14, -16)); }
static void c38(x64_buf *b) { x64_store_imm32(b, 1, x64_m(R15, 0x10), -1); }
static void c39(x64_buf *b) { x64_popcnt(b, 1, RAX, R8); }
static void c40(x64_buf *b) { x64_load(b, 1, RAX, x64_mi(X64_NOREG, RCX, 8, 0x1000)); }
static void c41(x64_buf *b) { x64_movzx16(b, R8, RAX); }
static void c42(x64_buf *b) { x64_mov_rr(b, 0, R12, RCX); }
/* clang-format on */

static const enc_case cases[] = {
    {"mov 8(%r15),%rbx", c0},
    {"mov %r12,0x108(%r15)", c1},
    {"mov (%rsp),%r13d", c2},
    {"mov 0(%rbp),%rax", c3},
    {"mov -8(%r13),%rax", c4},
    {"movzbl (%rbp,%rbx,1),%r12d", c5},
    {"movzwl 0x40(%r14,%r12,4),%ecx", c6},
    {"movslq 3(%r8),%rdx", c7},
    {"movsbl 3(%rdi),%esi", c8},
    {"mov %sil,1(%rdx)", c9},
    {"mov %r10w,2(%r9)", c10},
    {"mov $0x12345678,%ecx", c11},
    {"mov $-128,%r9", c12},
    {"movabs $0x1122334455667788,%rax", c13},
    {"sub %rdx,%rcx", c14},
    {"cmp $0x1000,%r12d", c15},
    {"and $-2,%rbx", c16},
    {"cmp (%rax,%rcx,4),%rdx", c17},
    {"cmpq $8,0x300(%r15)", c18},
    {"sar $63,%r11", c19},
    {"ror %cl,%edx", c20},
    {"imul %r13,%rcx", c21},
    {"idiv %ecx", c22},
    {"bswap %r10", c23},
    {"bsr %edx,%ecx", c24},
    {"cmovle %rbx,%rcx", c25},
    {"seto %sil", c26},
    {"movslq %edx,%rdx", c27},
    {"movzbl %bpl,%edi", c28},
    {"shrd $17,%rdx,%rcx", c29},
    {"bt $40,%rdx", c30},
    {"lock cmpxchg %sil,(%rdx)", c31},
    {"lock cmpxchg %rcx,(%rdx)", c32},
    {"lock xadd %cx,(%rdx)", c33},
    {"xchg %bpl,(%r12)", c34},
    {"jmp *0x348(%r15)", c35},
    {"call *2400(%rax)", c36},
    {"lea -16(%r14),%r14", c37},
    {"movq $-1,0x10(%r15)", c38},
    {"popcnt %r8,%rax", c39},
    {"mov 0x1000(,%rcx,8),%rax", c40},
    {"movzwl %ax,%r8d", c41},
    {"mov %ecx,%r12d", c42},
};

/* Assemble one instruction with GNU as and return its bytes. */
static size_t gas(const char *text, uint8_t *out, size_t cap) {
    char src[] = "/tmp/emu-x64-XXXXXX";
    int fd = mkstemp(src);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, ".text\n%s\n", text);
    fclose(f);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "as --64 -o %s.o %s && objcopy -O binary -j .text %s.o %s.bin", src,
             src, src, src);
    cr_assert(system(cmd) == 0, "as failed on %s", text);
    snprintf(cmd, sizeof cmd, "%s.bin", src);
    FILE *bin = fopen(cmd, "rb");
    size_t n = fread(out, 1, cap, bin);
    fclose(bin);
    snprintf(cmd, sizeof cmd, "rm -f %s %s.o %s.bin", src, src, src);
    cr_assert(system(cmd) == 0);
    return n;
}

Test(x64, encodings_match_gnu_as) {
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t mine[32], ref[32];
        x64_buf b = {mine, 0, sizeof mine, false};
        cases[i].emit(&b);
        size_t n = gas(cases[i].text, ref, sizeof ref);
        cr_expect(b.len == n && memcmp(mine, ref, n) == 0, "%s: %zu bytes vs %zu from as",
                  cases[i].text, b.len, n);
    }
}

Test(x64, overflow_is_flagged_not_written) {
    uint8_t small[4] = {0xAA, 0xAA, 0xAA, 0xAA};
    x64_buf b = {small, 0, 3, false};
    x64_mov_imm64(&b, RAX, 1);
    cr_expect(b.overflow);
    cr_expect(b.len == 3);
    cr_expect(small[3] == 0xAA);
}

Test(x64, rel32_patch) {
    uint8_t mem[32];
    x64_buf b = {mem, 0, sizeof mem, false};
    size_t at = x64_jcc32(&b, CC_NE);
    x64_ud2(&b);
    x64_patch_rel32(&b, at, b.len);
    cr_expect(mem[0] == 0x0F && mem[1] == 0x85);
    int32_t rel;
    memcpy(&rel, mem + at, 4);
    cr_expect(rel == 2);
}
