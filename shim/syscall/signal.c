/* signal.c — the guest's signal system calls: actions (mirrored on the host by sigqueue.c),
 * the per-thread mask and alternate stack, rt_sigreturn, waiting for signals, sending them. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "../abi/arm64.h"
#include "../mm.h"
#include "../shim.h"
#include "../sigstate.h"
#include "syscall.h"

const struct arm64_sigaction *signal_guest_action(int sig) {
    return sig >= 1 && sig <= GSIG_MAX ? &sig_actions[sig] : NULL;
}

SYS(rt_sigaction) {
    int sig = (int)c->a[0];
    if (c->a[3] != GSIGSET_SIZE || sig < 1 || sig > GSIG_MAX) return -EINVAL;
    arm64_sigaction nact;
    if (c->a[1] && guest_read(&nact, c->a[1], sizeof nact)) return -EFAULT;
    if (c->a[2]) GUEST_CHECK(c->a[2], sizeof nact, GPROT_WRITE);
    if (c->a[1] && (sig == SIGKILL || sig == SIGSTOP)) return -EINVAL;
    if (c->a[2] && guest_write(c->a[2], &sig_actions[sig], sizeof nact)) return -EFAULT;
    if (!c->a[1]) return 0;
    nact.mask &= ~SIG_UNBLOCKABLE;
    sig_actions[sig] = nact; /* before the host can deliver it */
    return sig_host_apply(sig, &nact);
}

SYS(rt_sigprocmask) {
    int how = (int)c->a[0];
    uint64_t set = 0, old = sig_self.mask;
    if (c->a[3] != GSIGSET_SIZE) return -EINVAL;
    if (c->a[1] && guest_read(&set, c->a[1], 8)) return -EFAULT;
    if (c->a[2]) GUEST_CHECK(c->a[2], 8, GPROT_WRITE);
    if (c->a[1]) {
        switch (how) {
        case SIG_BLOCK: sig_set_mask(old | set); break;
        case SIG_UNBLOCK: sig_set_mask(old & ~set); break;
        case SIG_SETMASK: sig_set_mask(set); break;
        default: return -EINVAL;
        }
    }
    if (c->a[2]) guest_write(c->a[2], &old, 8);
    return 0;
}

/* Pending and blocked: the host's, and those taken from the host but not yet delivered. */
SYS(rt_sigpending) {
    uint64_t set = 0;
    if (c->a[1] > GSIGSET_SIZE) return -EINVAL;
    long r = hsys2(SYS_rt_sigpending, &set, GSIGSET_SIZE);
    if (r) return r;
    sig_lock();
    set = (set | sig_queued_set()) & sig_self.mask;
    sig_unlock();
    return guest_write(c->a[0], &set, c->a[1]);
}

SYS(rt_sigsuspend) {
    uint64_t hm;
    if (c->a[1] != GSIGSET_SIZE) return -EINVAL;
    if (!c->a[0]) return -EFAULT;
    long r = signal_tmpmask_begin(c->a[0], c->a[1], &hm);
    if (r) return r;
    r = ssys2(SYS_rt_sigsuspend, &hm, GSIGSET_SIZE);
    return signal_tmpmask_end(r);
}

/* A waited-for signal may already sit in the queue (taken while a handler was set up). */
SYS(rt_sigtimedwait) {
    uint64_t m;
    if (c->a[3] != GSIGSET_SIZE) return -EINVAL;
    if (guest_read(&m, c->a[0], 8)) return -EFAULT;
    if (c->a[1]) GUEST_CHECK(c->a[1], 128, GPROT_WRITE); /* siginfo_t: same layout */
    if (c->a[2]) GUEST_CHECK(c->a[2], 16, GPROT_READ);
    m &= ~SIG_UNBLOCKABLE;
    siginfo_t info;
    sig_lock();
    int sig = sig_dequeue(m, &info);
    sig_unlock();
    if (sig) {
        if (c->a[1]) guest_write(c->a[1], &info, sizeof info);
        return sig;
    }
    return ssys4(SYS_rt_sigtimedwait, &m, c->a[1], c->a[2], GSIGSET_SIZE);
}

SYS(rt_sigreturn) {
    if (sigframe_restore(c->cpu)) {
        sig_force(SIGSEGV, SEGV_MAPERR, c->cpu->x[31]);
        return (long)c->cpu->x[0];
    }
    return (long)c->cpu->x[0];
}

SYS(sigaltstack) {
    arm64_stack ss, old = sig_self.altstack;
    uint64_t sp = c->cpu->x[31];
    old.flags = sig_altstack_flags(sp) | (old.flags & ARM64_SS_AUTODISARM);
    old.pad = 0;
    if (c->a[0] && guest_read(&ss, c->a[0], sizeof ss)) return -EFAULT;
    if (c->a[1]) GUEST_CHECK(c->a[1], sizeof ss, GPROT_WRITE);
    if (c->a[0]) {
        if (sig_altstack_flags(sp) == SS_ONSTACK) return -EPERM;
        int mode = ss.flags & ~ARM64_SS_AUTODISARM;
        if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK) return -EINVAL;
        if (mode == SS_DISABLE) {
            ss.sp = 0;
            ss.size = 0;
        } else if (ss.size < ARM64_MINSIGSTKSZ) {
            return -ENOMEM;
        }
        ss.pad = 0;
        sig_self.altstack = ss;
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
