/* runner.c — arm64 side of the FP differential test: executes each case's instruction on the
 * state it gives (under qemu-aarch64, the oracle) and writes the state that results. */
#define _GNU_SOURCE
#include "fq.h"

#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* fq_tramp(state): loads the state, runs the instruction at fq_slot, stores the state back.
 * It is copied once per case into an executable buffer with the case's instruction patched in. */
void fq_tramp(fq_state *s);
extern char fq_tramp_end[], fq_slot[];
__asm__(".text\n"
        ".globl fq_tramp\n"
        "fq_tramp:\n"
        "  stp x29, x30, [sp, #-176]!\n"
        "  stp x19, x20, [sp, #16]\n"
        "  stp x21, x22, [sp, #32]\n"
        "  stp x23, x24, [sp, #48]\n"
        "  stp x25, x26, [sp, #64]\n"
        "  stp x27, x28, [sp, #80]\n"
        "  stp d8, d9, [sp, #96]\n"
        "  stp d10, d11, [sp, #112]\n"
        "  stp d12, d13, [sp, #128]\n"
        "  stp d14, d15, [sp, #144]\n"
        "  mov x28, x0\n"
        "  add x1, x28, #256\n"
        "  ldp q0, q1, [x1, #0]\n"
        "  ldp q2, q3, [x1, #32]\n"
        "  ldp q4, q5, [x1, #64]\n"
        "  ldp q6, q7, [x1, #96]\n"
        "  ldp q8, q9, [x1, #128]\n"
        "  ldp q10, q11, [x1, #160]\n"
        "  ldp q12, q13, [x1, #192]\n"
        "  ldp q14, q15, [x1, #224]\n"
        "  ldp q16, q17, [x1, #256]\n"
        "  ldp q18, q19, [x1, #288]\n"
        "  ldp q20, q21, [x1, #320]\n"
        "  ldp q22, q23, [x1, #352]\n"
        "  ldp q24, q25, [x1, #384]\n"
        "  ldp q26, q27, [x1, #416]\n"
        "  ldp q28, q29, [x1, #448]\n"
        "  ldp q30, q31, [x1, #480]\n"
        "  ldr x1, [x28, #224]\n"
        "  msr nzcv, x1\n"
        "  ldr x1, [x28, #232]\n"
        "  msr fpcr, x1\n"
        "  msr fpsr, xzr\n"
        "  ldp x0, x1, [x28, #0]\n"
        "  ldp x2, x3, [x28, #16]\n"
        "  ldp x4, x5, [x28, #32]\n"
        "  ldp x6, x7, [x28, #48]\n"
        "  ldp x8, x9, [x28, #64]\n"
        "  ldp x10, x11, [x28, #80]\n"
        "  ldp x12, x13, [x28, #96]\n"
        "  ldp x14, x15, [x28, #112]\n"
        "  ldp x16, x17, [x28, #128]\n"
        "  ldp x18, x19, [x28, #144]\n"
        "  ldp x20, x21, [x28, #160]\n"
        "  ldp x22, x23, [x28, #176]\n"
        "  ldp x24, x25, [x28, #192]\n"
        "  ldp x26, x27, [x28, #208]\n"
        ".globl fq_slot\n"
        "fq_slot:\n"
        "  nop\n"
        "  stp x0, x1, [x28, #0]\n"
        "  stp x2, x3, [x28, #16]\n"
        "  stp x4, x5, [x28, #32]\n"
        "  stp x6, x7, [x28, #48]\n"
        "  stp x8, x9, [x28, #64]\n"
        "  stp x10, x11, [x28, #80]\n"
        "  stp x12, x13, [x28, #96]\n"
        "  stp x14, x15, [x28, #112]\n"
        "  stp x16, x17, [x28, #128]\n"
        "  stp x18, x19, [x28, #144]\n"
        "  stp x20, x21, [x28, #160]\n"
        "  stp x22, x23, [x28, #176]\n"
        "  stp x24, x25, [x28, #192]\n"
        "  stp x26, x27, [x28, #208]\n"
        "  mrs x1, nzcv\n"
        "  str x1, [x28, #224]\n"
        "  mrs x1, fpsr\n"
        "  str x1, [x28, #240]\n"
        "  msr fpcr, xzr\n"
        "  add x1, x28, #256\n"
        "  stp q0, q1, [x1, #0]\n"
        "  stp q2, q3, [x1, #32]\n"
        "  stp q4, q5, [x1, #64]\n"
        "  stp q6, q7, [x1, #96]\n"
        "  stp q8, q9, [x1, #128]\n"
        "  stp q10, q11, [x1, #160]\n"
        "  stp q12, q13, [x1, #192]\n"
        "  stp q14, q15, [x1, #224]\n"
        "  stp q16, q17, [x1, #256]\n"
        "  stp q18, q19, [x1, #288]\n"
        "  stp q20, q21, [x1, #320]\n"
        "  stp q22, q23, [x1, #352]\n"
        "  stp q24, q25, [x1, #384]\n"
        "  stp q26, q27, [x1, #416]\n"
        "  stp q28, q29, [x1, #448]\n"
        "  stp q30, q31, [x1, #480]\n"
        "  ldp x19, x20, [sp, #16]\n"
        "  ldp x21, x22, [sp, #32]\n"
        "  ldp x23, x24, [sp, #48]\n"
        "  ldp x25, x26, [sp, #64]\n"
        "  ldp x27, x28, [sp, #80]\n"
        "  ldp d8, d9, [sp, #96]\n"
        "  ldp d10, d11, [sp, #112]\n"
        "  ldp d12, d13, [sp, #128]\n"
        "  ldp d14, d15, [sp, #144]\n"
        "  ldp x29, x30, [sp], #176\n"
        "  ret\n"
        ".globl fq_tramp_end\n"
        "fq_tramp_end:\n");

static sigjmp_buf env;
static volatile int fault;

static void on_signal(int sig) {
    fault = sig;
    siglongjmp(env, 1);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: runner CASES RESULTS\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
    if (!in || !out) {
        perror("runner");
        return 2;
    }
    fseek(in, 0, SEEK_END);
    size_t n = (size_t)ftell(in) / sizeof(fq_case);
    rewind(in);
    fq_case *cases = malloc(n * sizeof *cases);
    if (fread(cases, sizeof *cases, n, in) != n) return 2;

    size_t tsize = (size_t)(fq_tramp_end - (char *)fq_tramp),
           slot = (size_t)(fq_slot - (char *)fq_tramp);
    char *code = mmap(NULL, n * tsize + 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) return 2;
    for (size_t i = 0; i < n; i++) {
        memcpy(code + i * tsize, (char *)fq_tramp, tsize);
        memcpy(code + i * tsize + slot, &cases[i].insn, 4);
    }
    __builtin___clear_cache(code, code + n * tsize);

    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    for (size_t i = 0; i < n; i++) {
        static fq_state s __attribute__((aligned(16)));
        s = cases[i].in;
        fault = 0;
        if (sigsetjmp(env, 1) == 0) ((void (*)(fq_state *))(code + i * tsize))(&s);
        if (fault) {
            __asm__ volatile("msr fpcr, xzr");
            s = cases[i].in;
            s.sig = (uint64_t)fault;
        }
        fwrite(&s, sizeof s, 1, out);
    }
    fclose(out);
    return 0;
}
