/* runner.c — arm64 side of the SIMD differential test: runs every generated case (cases.S)
 * under qemu-aarch64 and writes the register state, signal and memory changes of each. */
#define _GNU_SOURCE
#include "qdiff.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

extern void *const case_code[];
extern void *const case_insn[];
extern const uint64_t case_count;
void run_case(qd_state *io, void *code);
extern char case_ret[];

uint64_t saved_sp;
static volatile int fault_sig;
static qd_state io[2] __attribute__((aligned(16)));

/* Callee-saved registers are kept on the real stack; the case code may set SP to anything, so
 * it is restored from saved_sp (also after a signal, which resumes at case_ret). */
__asm__(".text\n"
        ".globl run_case\n"
        "run_case:\n"
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
        "  mov x2, sp\n"
        "  adrp x3, saved_sp\n"
        "  str x2, [x3, :lo12:saved_sp]\n"
        "  br x1\n"
        ".globl case_ret\n"
        "case_ret:\n"
        "  adrp x0, saved_sp\n"
        "  ldr x0, [x0, :lo12:saved_sp]\n"
        "  mov sp, x0\n"
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
        "  ret\n");

static void on_fault(int sig, siginfo_t *si, void *ctx) {
    (void)si;
    ucontext_t *uc = ctx;
    fault_sig = sig;
    uc->uc_mcontext.pc = (uint64_t)(uintptr_t)case_ret;
}

static void *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    void *p = malloc(*len ? *len : 1);
    if (p && fread(p, 1, *len, f) != *len) p = NULL;
    fclose(f);
    return p;
}

/* Records the bytes of QD_MEM that differ from the initial content and restores them. */
static uint8_t pristine[QD_MEM_SIZE];
static void collect_changes(qd_result *r) {
    uint8_t *mem = (uint8_t *)QD_MEM_BASE;
    for (uint32_t c = 0; c < QD_MEM_SIZE; c += 4096) {
        if (!memcmp(mem + c, pristine + c, 4096)) continue;
        for (uint32_t off = c; off < c + 4096; off++) {
            if (mem[off] == pristine[off]) continue;
            if (r->nchanges < QD_MAX_CHANGES) r->change[r->nchanges] = off << 8 | mem[off];
            r->nchanges++;
            mem[off] = pristine[off];
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: runner cases.bin results.bin\n");
        return 2;
    }
    size_t len;
    qd_header *h = read_file(argv[1], &len);
    if (!h || h->magic != QD_MAGIC || h->count != case_count) {
        fprintf(stderr, "runner: bad case file\n");
        return 2;
    }
    qd_case *cases = (qd_case *)(h + 1);
    uint8_t *mem = mmap((void *)QD_MEM_BASE, QD_MEM_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (mem == MAP_FAILED) return 2;
    for (uint32_t off = 0; off < QD_MEM_SIZE; off++)
        mem[off] = pristine[off] = qd_mem_init(off);

    static char altstack[65536];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);

    qd_result *res = calloc(h->count, sizeof *res);
    bool trace = getenv("QD_TRACE") != NULL; /* names each case before it runs */
    for (uint32_t k = 0; k < h->count; k++) {
        if (trace) fprintf(stderr, "case %u %08x\n", k, cases[k].insn);
        io[0] = cases[k].in;
        memset(&io[1], 0, sizeof io[1]);
        fault_sig = 0;
        run_case(io, case_code[k]);
        res[k].sig = fault_sig;
        res[k].insn_pc = (uint64_t)(uintptr_t)case_insn[k];
        res[k].out = io[1];
        if (cases[k].mem) collect_changes(&res[k]);
    }
    FILE *f = fopen(argv[2], "wb");
    if (!f || fwrite(res, sizeof *res, h->count, f) != h->count) return 2;
    fclose(f);
    return 0;
}
