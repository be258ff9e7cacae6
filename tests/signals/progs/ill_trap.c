// SIGILL from an undefined instruction (ILL_ILLOPC, si_addr = its address) and SIGTRAP from
// BRK (TRAP_BRKPT); the handlers step over them by moving uc_mcontext.pc, change x0 and the
// NZCV flags in pstate, and the interrupted code sees the changes.
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static uintptr_t last_addr;
static int hits;

static void on_sig(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    hits++;
    last_addr = (uintptr_t)si->si_addr;
    /* Linux gives ILL_ILLOPC for an undefined instruction, qemu-aarch64 ILL_ILLOPN */
    int code = sig == SIGILL && si->si_code == ILL_ILLOPN ? ILL_ILLOPC : si->si_code;
    printf("sig %d code %d at pc %s, x0 %llu, Z %d\n", sig, code,
           si->si_code <= 0                               ? "(sent)"
           : uc->uc_mcontext.pc == (uintptr_t)si->si_addr ? "= si_addr"
                                                          : "!= si_addr",
           (unsigned long long)uc->uc_mcontext.regs[0], (int)((uc->uc_mcontext.pstate >> 30) & 1));
    if (si->si_code <= 0) return; /* sent by kill: nothing to step over */
    uc->uc_mcontext.pc += 4;
    uc->uc_mcontext.regs[0] += 100;
    uc->uc_mcontext.pstate ^= 1u << 30; /* flip Z */
}

static uint64_t udf_with(uint64_t v, int *zset) {
    register uint64_t x0 __asm__("x0") = v;
    int z;
    __asm__ volatile("cmp %1, #5\n\t"
                     ".inst 0x00000000\n\t"
                     "cset %w0, eq"
                     : "=r"(z), "+r"(x0)
                     :
                     : "cc", "memory");
    *zset = z;
    return x0;
}

static uint64_t brk_with(uint64_t v, int *zset) {
    register uint64_t x0 __asm__("x0") = v;
    int z;
    __asm__ volatile("cmp %1, #5\n\t"
                     "brk #0x123\n\t"
                     "cset %w0, eq"
                     : "=r"(z), "+r"(x0)
                     :
                     : "cc", "memory");
    *zset = z;
    return x0;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sig;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    int z;
    uint64_t r = udf_with(5, &z);
    printf("after udf: x0 %llu z %d\n", (unsigned long long)r, z);
    r = udf_with(7, &z);
    printf("after udf: x0 %llu z %d\n", (unsigned long long)r, z);
    r = brk_with(5, &z);
    printf("after brk: x0 %llu z %d\n", (unsigned long long)r, z);
    for (int i = 0; i < 3; i++)
        udf_with(i, &z);
    printf("hits %d\n", hits);
    /* SIGILL sent by kill: si_code SI_USER, and the program goes on */
    raise(SIGILL);
    printf("hits %d\n", hits);
    return 0;
}
