/* fault.c — host signals that concern the guest: faults in guest code become guest
 * SIGSEGV/SIGBUS through jit_raise (delivered by sigdeliver.c), and signals whose default action dumps core end the
 * process the way qemu-aarch64 does (message, then death by the same signal). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <ucontext.h>
#include <unistd.h>

#include "abi/arm64.h"
#include "guestmem.h"
#include "hostsys.h"
#include "shim.h"
#include "syscall/syscall.h"

#define ALTSTACK_SIZE (64 * 1024)

/* The signals whose default action is to dump core (signal(7)). */
static const int core_signals[] = {SIGQUIT, SIGILL,  SIGTRAP, SIGABRT, SIGBUS,
                                   SIGFPE,  SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS};

bool fault_is_core_signal(int sig) {
    for (size_t i = 0; i < sizeof core_signals / sizeof *core_signals; i++)
        if (core_signals[i] == sig) return true;
    return false;
}

/* strsignal() text, without its locale machinery (we may be in a signal handler). */
static const char *sig_text(int sig) {
    switch (sig) {
    case SIGQUIT: return "Quit";
    case SIGILL: return "Illegal instruction";
    case SIGTRAP: return "Trace/breakpoint trap";
    case SIGABRT: return "Aborted";
    case SIGBUS: return "Bus error";
    case SIGFPE: return "Floating point exception";
    case SIGSEGV: return "Segmentation fault";
    case SIGXCPU: return "CPU time limit exceeded";
    case SIGXFSZ: return "File size limit exceeded";
    case SIGSYS: return "Bad system call";
    default: return "Unknown signal";
    }
}

static _Noreturn void die_by(int signo) {
    char msg[128];
    if (fault_is_core_signal(signo)) {
        /* no core file of the emulator: it would describe the host process, not the guest */
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
        int n = snprintf(msg, sizeof msg, "qemu: uncaught target signal %d (%s) - core dumped\n",
                         signo, sig_text(signo));
        if (n > 0 && write(2, msg, n) < 0) n = 0;
    }
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigaction(signo, &dfl, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    hsys3(SYS_tgkill, getpid(), hsys0(SYS_gettid), signo);
    _exit(128 + signo); /* only if the signal could not kill us */
}

_Noreturn void fault_die(emu_cpu *cpu, int signo) {
    if (shim.strace) strace_signal(signo, cpu->sig_code, cpu->sig_addr);
    die_by(signo);
}

static void on_fault(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    if (si->si_code <= 0) { /* sent by kill(): an asynchronous signal for the guest */
        const arm64_sigaction *a = signal_guest_action(sig);
        if (a->handler == (uint64_t)(uintptr_t)SIG_IGN) return;
        if (a->handler != (uint64_t)(uintptr_t)SIG_DFL) {
            sig_host_async(sig, si, ctx);
            return;
        }
        die_by(sig);
    }
    if (guestmem_fault_fixup(uc)) return;
    emu_cpu *c = jit_current_cpu();
    if (!c) { /* an emulator bug: crash loudly where it happened */
        signal(sig, SIG_DFL);
        return;
    }
    jit_fault_recover(c, uc); /* in generated code: PC and cached registers made precise */
    jit_raise(c, sig, si->si_code, (uint64_t)(uintptr_t)si->si_addr);
}

/* A core-dumping signal sent to the process while the guest's action is the default. */
static void on_core_signal(int sig) {
    die_by(sig);
}

/* Called for the guest's SIG_DFL on sig: who acts on the host. */
void fault_set_default(int sig) {
    if (sig == SIGSEGV || sig == SIGBUS) return; /* always on_fault */
    struct sigaction sa = {.sa_handler = fault_is_core_signal(sig) ? on_core_signal : SIG_DFL};
    sigaction(sig, &sa, NULL);
}

int fault_install(void) {
    void *stk =
        mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (stk == MAP_FAILED) return -errno;
    stack_t ss = {.ss_sp = stk, .ss_size = ALTSTACK_SIZE, .ss_flags = 0};
    if (sigaltstack(&ss, NULL)) return -errno;
    struct sigaction sa = {.sa_sigaction = on_fault, .sa_flags = SA_SIGINFO | SA_ONSTACK};
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, NULL) || sigaction(SIGBUS, &sa, NULL)) return -errno;
    for (size_t i = 0; i < sizeof core_signals / sizeof *core_signals; i++) {
        int sig = core_signals[i];
        struct sigaction old;
        /* a signal the parent ignored stays ignored, as across a real exec */
        if (sig == SIGSEGV || sig == SIGBUS || sigaction(sig, NULL, &old)) continue;
        if (old.sa_handler == SIG_DFL) fault_set_default(sig);
    }
    return 0;
}
