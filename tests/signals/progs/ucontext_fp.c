// The frame a handler sees: uc_sigmask, the FPSIMD record (magic, size, fpcr, V registers)
// after the general registers, and a null record after it; FP/SIMD registers and FPCR are
// preserved across a handler that clobbers them.
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/syscall.h>

struct rec {
    uint32_t magic, size;
};

static volatile double sink;

static void on_usr1(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    (void)si;
    unsigned char *res = (unsigned char *)uc->uc_mcontext.__reserved;
    struct rec r;
    memcpy(&r, res, sizeof r);
    uint32_t fpsr, fpcr;
    memcpy(&fpsr, res + 8, 4);
    memcpy(&fpcr, res + 12, 4);
    uint64_t v8lo, v31hi;
    memcpy(&v8lo, res + 16 + 8 * 16, 8);
    memcpy(&v31hi, res + 16 + 31 * 16 + 8, 8);
    /* other records (SVE state when the CPU has it) may follow: walk to the null one */
    size_t off = 0;
    struct rec end;
    do {
        memcpy(&end, res + off, sizeof end);
        off += end.size;
    } while ((end.magic || end.size) && end.size && off < 4096);
    printf(
        "sig %d magic %#x size %u fpcr %#x v8.lo %#llx v31.hi %#llx end %s mask usr1 %d usr2 %d\n",
        sig, r.magic, r.size, fpcr, (unsigned long long)v8lo, (unsigned long long)v31hi,
        !end.magic && !end.size ? "found" : "missing", sigismember(&uc->uc_sigmask, SIGUSR1),
        sigismember(&uc->uc_sigmask, SIGUSR2));
    /* clobber FP state here */
    double a = 1.5;
    for (int i = 0; i < 50; i++)
        a = a * 1.25 + (double)i / 3.0;
    sink = a;
    __asm__ volatile("movi v8.16b, #0x11\n\tmovi v16.16b, #0x22\n\tmovi v31.16b, #0x33\n\t"
                     "msr fpcr, xzr" ::
                         : "v8", "v16", "v31");
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    uint64_t out[6];
    uint64_t fpcr_before, fpcr_after;
    long pid = getpid(), tid = syscall(SYS_gettid);
    __asm__ volatile(
        "mov x9, #0x00c00000\n\t" /* FPCR.RMode = round toward zero */
        "msr fpcr, x9\n\t"
        "mrs %[fb], fpcr\n\t"
        "movz x9, #0x1234, lsl #48\n\tfmov d8, x9\n\tmov v8.d[1], x9\n\t"
        "movz x9, #0x5678\n\tfmov d9, x9\n\t"
        "movz x9, #0xabcd, lsl #16\n\tfmov d16, x9\n\tmov v16.d[1], x9\n\t"
        "movz x9, #0x4321, lsl #32\n\tfmov d31, x9\n\tmov v31.d[1], x9\n\t"
        "mov x0, %[pid]\n\tmov x1, %[tid]\n\tmov x2, #10\n\tmov x8, #131\n\t"
        "svc #0\n\t" /* tgkill(pid, tid, SIGUSR1): the handler runs right here */
        "fmov %[o0], d8\n\tmov %[o1], v8.d[1]\n\tfmov %[o2], d9\n\t"
        "fmov %[o3], d16\n\tmov %[o4], v31.d[1]\n\tfmov %[o5], d31\n\t"
        "mrs %[fa], fpcr\n\tmsr fpcr, xzr"
        : [o0] "=&r"(out[0]), [o1] "=&r"(out[1]), [o2] "=&r"(out[2]), [o3] "=&r"(out[3]),
          [o4] "=&r"(out[4]), [o5] "=&r"(out[5]), [fb] "=&r"(fpcr_before), [fa] "=&r"(fpcr_after)
        : [pid] "r"(pid), [tid] "r"(tid)
        : "x0", "x1", "x2", "x8", "x9", "v8", "v9", "v16", "v31", "memory");
    for (int i = 0; i < 6; i++)
        printf("out[%d] = %#llx\n", i, (unsigned long long)out[i]);
    printf("fpcr before %#llx after %#llx\n", (unsigned long long)fpcr_before,
           (unsigned long long)fpcr_after);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("after: usr1 %d usr2 %d\n", sigismember(&cur, SIGUSR1), sigismember(&cur, SIGUSR2));
    return 0;
}
