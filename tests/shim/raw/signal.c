/* signal.c — what Linux arm64 does with signals where qemu-aarch64 differs, so qemu cannot be
 * the oracle: an undefined instruction is ILL_ILLOPC (qemu: ILL_ILLOPN); with no SVE the
 * FPSIMD record is followed by the null record and is what rt_sigreturn restores (qemu's
 * default CPU has SVE); SS_AUTODISARM (qemu refuses it); a handler without SA_RESTORER
 * returns through the emulator's trampoline. */
#include "raw.h"

#define SA_SIGINFO    4
#define SA_ONSTACK    0x08000000
#define SA_RESTORER   0x04000000
#define SS_AUTODISARM (1u << 31)
#define SIGILL        4
#define SIGUSR1       10

struct ksigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    unsigned long mask;
};
struct kstack {
    void *sp;
    int flags, pad;
    unsigned long size;
};

void restorer(void);
__asm__(".globl restorer\nrestorer:\n mov x8, #139\n svc #0\n");

static char alt[65536] __attribute__((aligned(16)));

/* uc_mcontext at 176 in ucontext: regs at +8, pc at +264, __reserved at +288 */
static unsigned long *uc_pc(char *uc) {
    return (unsigned long *)(uc + 176 + 264);
}
static unsigned *uc_res(char *uc) {
    return (unsigned *)(uc + 176 + 288);
}

static void on_ill(int sig, char *si, char *uc) {
    say("sig", sig);
    say("si_code", *(int *)(si + 8));
    say("si_addr is pc", *(unsigned long *)(si + 16) == *uc_pc(uc));
    unsigned *res = uc_res(uc);
    say("fpsimd magic ok", res[0] == 0x46508001u);
    say("fpsimd size", res[1]);
    say("next record magic", res[res[1] / 4]);
    say("next record size", res[res[1] / 4 + 1]);
    unsigned long *v9 = (unsigned long *)((char *)res + 16 + 9 * 16);
    v9[0] = 0x1111222233334444ul; /* restored into V9 by rt_sigreturn */
    *uc_pc(uc) += 4;
}

static void on_usr1(int sig, char *si, char *uc) {
    (void)si;
    struct kstack cur;
    sc(132, 0, (long)&cur, 0, 0, 0);
    say("usr1", sig);
    say("on alt stack", (char *)&cur > alt && (char *)&cur < alt + sizeof alt);
    say("sigaltstack flags in handler", cur.flags);
    say("sigaltstack size in handler", (long)cur.size);
    struct kstack *saved = (struct kstack *)(uc + 16);
    say("uc_stack flags", (unsigned)saved->flags);
    say("uc_stack size", (long)saved->size);
}

static void usr1(void) {
    long pid = sc(172, 0, 0, 0, 0, 0), tid = sc(178, 0, 0, 0, 0, 0);
    sc(131, pid, tid, SIGUSR1, 0, 0);
}

void cstart(long *sp) {
    (void)sp;
    struct ksigaction ill = {on_ill, SA_SIGINFO | SA_RESTORER, restorer, 0};
    sc(134, SIGILL, (long)&ill, 0, 8, 0);
    unsigned long v9;
    __asm__ volatile("movi v9.16b, #0x5a\n\t.inst 0x00000000\n\tfmov %0, d9" : "=r"(v9) : : "v9");
    say("v9 changed by the handler", v9 == 0x1111222233334444ul);

    struct kstack ss = {alt, (int)SS_AUTODISARM, 0, sizeof alt};
    say("sigaltstack autodisarm", sc(132, (long)&ss, 0, 0, 0, 0));
    struct ksigaction u = {on_usr1, SA_SIGINFO | SA_ONSTACK, 0, 0}; /* no SA_RESTORER */
    sc(134, SIGUSR1, (long)&u, 0, 8, 0);
    usr1();
    say("returned without SA_RESTORER", 1);
    struct kstack cur;
    sc(132, 0, (long)&cur, 0, 0, 0);
    say("sigaltstack flags after", (unsigned)cur.flags);
    say("sigaltstack size after", (long)cur.size);
    sc(93, 0, 0, 0, 0, 0);
}
