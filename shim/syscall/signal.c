/* signal.c — the guest's signal dispositions, mask and alternate stack. Guest handlers
 * are recorded (delivery comes with signal frames); SIG_IGN and SIG_DFL are applied to
 * the host so ignored signals stay ignored across exec and kill the process when default. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "../abi/arm64.h"
#include "../mm.h"
#include "../shim.h"
#include "syscall.h"

#define NSIG_GUEST          64
#define SIGSET_SIZE         8
#define ARM64_SS_AUTODISARM ((int32_t)(1u << 31)) /* not in glibc headers */

static arm64_sigaction guest_act[NSIG_GUEST + 1];
static __thread uint64_t guest_mask;
static __thread struct {
    uint64_t sp;
    int32_t flags, pad;
    uint64_t size;
} guest_altstack = {0, SS_DISABLE, 0, 0};

static uint64_t sig_bit(int sig) {
    return 1ull << (sig - 1);
}

static uint64_t host_mask_of(uint64_t m) {
    static const int keep[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGKILL, SIGSTOP};
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
        m &= ~sig_bit(keep[i]);
    return m;
}

/* A new guest inherits what exec keeps: the blocked mask and the ignored signals. The host
 * never keeps the emulator's own signals blocked (a blocked fault kills the process). */
void signal_init(void) {
    uint64_t m = 0;
    hsys4(SYS_rt_sigprocmask, SIG_SETMASK, 0, &m, SIGSET_SIZE);
    guest_mask = m & ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
    uint64_t hm = host_mask_of(guest_mask);
    hsys4(SYS_rt_sigprocmask, SIG_SETMASK, &hm, 0, SIGSET_SIZE);
    for (int sig = 1; sig <= NSIG_GUEST; sig++) {
        struct {
            uint64_t handler, flags, restorer, mask;
        } k;
        if (hsys4(SYS_rt_sigaction, sig, 0, &k, SIGSET_SIZE) == 0 &&
            k.handler == (uint64_t)(uintptr_t)SIG_IGN)
            guest_act[sig].handler = k.handler;
    }
}

uint64_t signal_thread_mask(void) {
    return guest_mask;
}

void signal_thread_start(uint64_t mask) {
    guest_mask = mask & ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
    uint64_t hm = host_mask_of(guest_mask);
    hsys4(SYS_rt_sigprocmask, SIG_SETMASK, &hm, 0, SIGSET_SIZE);
    guest_altstack.sp = 0;
    guest_altstack.flags = SS_DISABLE;
    guest_altstack.size = 0;
}

const struct arm64_sigaction *signal_guest_action(int sig) {
    return sig >= 1 && sig <= NSIG_GUEST ? &guest_act[sig] : NULL;
}

/* Mirror SIG_IGN / SIG_DFL (and SIGCHLD's reaping flags) on the host. A guest handler
 * leaves the host at the default action until signal delivery exists. */
static long host_apply(int sig, const arm64_sigaction *a) {
    if (sig == SIGSEGV || sig == SIGBUS) return 0;
    if (fault_is_core_signal(sig) && a->handler != (uint64_t)(uintptr_t)SIG_IGN) {
        fault_set_default(sig);
        return 0;
    }
    struct {
        uint64_t handler, flags, restorer, mask;
    } k = {a->handler == (uint64_t)(uintptr_t)SIG_IGN ? (uint64_t)(uintptr_t)SIG_IGN
                                                      : (uint64_t)(uintptr_t)SIG_DFL,
           a->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT), 0, 0};
    return hsys4(SYS_rt_sigaction, sig, &k, 0, SIGSET_SIZE);
}

SYS(rt_sigaction) {
    int sig = (int)c->a[0];
    if (c->a[3] != SIGSET_SIZE || sig < 1 || sig > NSIG_GUEST) return -EINVAL;
    arm64_sigaction nact;
    if (c->a[1] && guest_read(&nact, c->a[1], sizeof nact)) return -EFAULT;
    if (c->a[2]) GUEST_CHECK(c->a[2], sizeof nact, GPROT_WRITE);
    if (c->a[1] && (sig == SIGKILL || sig == SIGSTOP)) return -EINVAL;
    if (c->a[2] && guest_write(c->a[2], &guest_act[sig], sizeof nact)) return -EFAULT;
    if (!c->a[1]) return 0;
    nact.mask &= ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
    long r = host_apply(sig, &nact);
    if (r) return r;
    guest_act[sig] = nact;
    return 0;
}

SYS(rt_sigprocmask) {
    int how = (int)c->a[0];
    uint64_t set = 0, old = guest_mask;
    if (c->a[3] != SIGSET_SIZE) return -EINVAL;
    if (c->a[1] && guest_read(&set, c->a[1], 8)) return -EFAULT;
    if (c->a[2]) GUEST_CHECK(c->a[2], 8, GPROT_WRITE);
    if (c->a[1]) {
        uint64_t m;
        switch (how) {
        case SIG_BLOCK: m = guest_mask | set; break;
        case SIG_UNBLOCK: m = guest_mask & ~set; break;
        case SIG_SETMASK: m = set; break;
        default: return -EINVAL;
        }
        m &= ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
        uint64_t hm = host_mask_of(m);
        long r = hsys4(SYS_rt_sigprocmask, SIG_SETMASK, &hm, 0, SIGSET_SIZE);
        if (r) return r;
        guest_mask = m;
    }
    if (c->a[2]) guest_write(c->a[2], &old, 8);
    return 0;
}

SYS(rt_sigpending) {
    uint64_t set;
    if (c->a[1] > SIGSET_SIZE) return -EINVAL;
    long r = hsys2(SYS_rt_sigpending, &set, SIGSET_SIZE);
    if (r) return r;
    return guest_write(c->a[0], &set, c->a[1]);
}

SYS(rt_sigsuspend) {
    uint64_t m;
    if (c->a[1] != SIGSET_SIZE) return -EINVAL;
    if (guest_read(&m, c->a[0], 8)) return -EFAULT;
    m = host_mask_of(m);
    return hsys2(SYS_rt_sigsuspend, &m, SIGSET_SIZE);
}

SYS(rt_sigtimedwait) {
    uint64_t m;
    if (c->a[3] != SIGSET_SIZE) return -EINVAL;
    if (guest_read(&m, c->a[0], 8)) return -EFAULT;
    if (c->a[1]) GUEST_CHECK(c->a[1], 128, GPROT_WRITE); /* siginfo_t: same layout */
    if (c->a[2]) GUEST_CHECK(c->a[2], 16, GPROT_READ);
    return hsys4(SYS_rt_sigtimedwait, &m, c->a[1], c->a[2], SIGSET_SIZE);
}

SYS(sigaltstack) {
    typeof(guest_altstack) ss, old = guest_altstack;
    if (c->a[0] && guest_read(&ss, c->a[0], sizeof ss)) return -EFAULT;
    if (c->a[1]) GUEST_CHECK(c->a[1], sizeof ss, GPROT_WRITE);
    if (c->a[0]) {
        int mode = ss.flags & ~ARM64_SS_AUTODISARM;
        if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK) return -EINVAL;
        if (mode == SS_DISABLE) {
            ss.sp = 0;
            ss.size = 0;
        } else if (ss.size < ARM64_MINSIGSTKSZ) {
            return -ENOMEM;
        }
        if (mode != SS_DISABLE) ss.flags &= ARM64_SS_AUTODISARM; /* SS_ONSTACK means 0 */
        ss.pad = 0;
        guest_altstack = ss;
    }
    if (c->a[1]) guest_write(c->a[1], &old, sizeof old);
    return 0;
}

SYS(kill) {
    return hsys2(SYS_kill, c->a[0], c->a[1]);
}
SYS(tkill) {
    return hsys2(SYS_tkill, c->a[0], c->a[1]);
}
SYS(tgkill) {
    return hsys3(SYS_tgkill, c->a[0], c->a[1], c->a[2]);
}

SYS(rt_sigqueueinfo) {
    GUEST_CHECK(c->a[2], 128, GPROT_READ);
    return hsys3(SYS_rt_sigqueueinfo, c->a[0], c->a[1], c->a[2]);
}

SYS(rt_tgsigqueueinfo) {
    GUEST_CHECK(c->a[3], 128, GPROT_READ);
    return hsys4(SYS_rt_tgsigqueueinfo, c->a[0], c->a[1], c->a[2], c->a[3]);
}
