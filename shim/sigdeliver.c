/* sigdeliver.c — what the kernel does on the way back to user mode: take the guest thread's
 * deliverable signals one by one (synchronous faults first), run the default action or push a
 * handler frame, and decide whether an interrupted system call restarts (SA_RESTART) or
 * fails with EINTR, as Linux's ERESTARTSYS / ERESTARTNOHAND / ERESTART_RESTARTBLOCK do. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "hostsys.h"
#include "shim.h"
#include "sigstate.h"
#include "syscall/syscall.h"

/* arm64 syscalls that Linux never restarts once a handler ran (ERESTARTNOHAND,
 * ERESTART_RESTARTBLOCK, or a plain -EINTR); every other interrupted call is ERESTARTSYS. */
static bool restarts_with_sa_restart(unsigned nr) {
    switch (nr) {
    case 22:  /* epoll_pwait */
    case 72:  /* pselect6 */
    case 73:  /* ppoll */
    case 101: /* nanosleep */
    case 115: /* clock_nanosleep */
    case 133: /* rt_sigsuspend */
    case 137: /* rt_sigtimedwait */
    case 4:   /* io_getevents */
    case 192: /* semtimedop */
    case 188: /* msgrcv */
    case 189: /* msgsnd */
    case 193: /* semop */
    case 441: /* epoll_pwait2 */ return false;
    default: return true;
    }
}

/* The interrupted syscall, if any, before the first signal is acted on: a = the handler that
 * will run (NULL when the signal is ignored, which always restarts). */
static void maybe_restart(emu_cpu *cpu, const arm64_sigaction *a) {
    sig_thread *t = &sig_self;
    if (!t->intr) return;
    t->intr = false;
    if (a && !((a->flags & SA_RESTART) && restarts_with_sa_restart(t->intr_nr))) return;
    cpu->pc -= 4;
    cpu->x[0] = t->intr_x0;
}

static bool is_handler(uint64_t h) {
    return h != (uint64_t)(uintptr_t)SIG_DFL && h != (uint64_t)(uintptr_t)SIG_IGN;
}

/* The default action of a signal nobody handles. */
static void default_action(emu_cpu *cpu, int sig) {
    switch (sig) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
    case SIGCONT: maybe_restart(cpu, NULL); return;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
        hsys2(SYS_kill, hsys0(SYS_getpid), SIGSTOP);
        maybe_restart(cpu, NULL);
        return;
    default: fault_die(cpu, sig);
    }
}

/* One signal for this thread (sig_lock held). */
static void deliver_one(emu_cpu *cpu, int sig, const siginfo_t *info) {
    sig_thread *t = &sig_self;
    arm64_sigaction a = sig_actions[sig];
    if (a.handler == (uint64_t)(uintptr_t)SIG_IGN) {
        maybe_restart(cpu, NULL);
        return;
    }
    if (a.handler == (uint64_t)(uintptr_t)SIG_DFL) {
        default_action(cpu, sig);
        return;
    }
    maybe_restart(cpu, &a);
    /* the frame keeps the mask to return to (the one before sigsuspend & co); the handler
     * runs with the current one plus its sa_mask */
    uint64_t saved = t->restore_mask ? t->saved_mask : t->mask;
    t->restore_mask = false;
    if (shim.strace) strace_signal(sig, info->si_code, (uint64_t)(uintptr_t)info->si_addr);
    if (sigframe_setup(cpu, sig, info, &a, saved)) {
        cpu->sig_code = SI_KERNEL;
        cpu->sig_addr = 0;
        fault_die(cpu, SIGSEGV); /* the kernel's force_sigsegv: no stack for the frame */
    }
    uint64_t m = t->mask | a.mask;
    if (!(a.flags & SA_NODEFER)) m |= sig_bit(sig);
    sig_set_mask_locked(m);
    if (a.flags & SA_RESETHAND) {
        sig_actions[sig].handler = (uint64_t)(uintptr_t)SIG_DFL;
        sig_host_apply(sig, &sig_actions[sig]);
    }
}

/* A synchronous signal (fault, bad sigreturn frame): the guest's handler, or death when it is
 * blocked, ignored or default, as force_sig_fault does. */
static void deliver_forced(emu_cpu *cpu, const siginfo_t *info) {
    int sig = info->si_signo;
    cpu->sig_code = info->si_code;
    cpu->sig_addr = (uint64_t)(uintptr_t)info->si_addr;
    if (!is_handler(sig_actions[sig].handler) || (sig_self.mask & sig_bit(sig)))
        fault_die(cpu, sig);
    deliver_one(cpu, sig, info);
}

void signal_deliver(emu_cpu *cpu) {
    sig_thread *t = &sig_self;
    t->cpu = cpu;
    if (!t->pending && !cpu->pending) return;
    sig_lock();
    t->pending = 0;
    cpu->pending = 0;
    if (t->has_forced) {
        t->has_forced = false;
        deliver_forced(cpu, &t->forced);
    }
    siginfo_t info;
    int sig;
    while ((sig = sig_dequeue(~t->mask, &info)))
        deliver_one(cpu, sig, &info);
    if (t->restore_mask) { /* a temporary mask and no handler ran */
        t->restore_mask = false;
        sig_set_mask_locked(t->saved_mask);
    }
    t->intr = false;
    sig_unlock();
}

void sig_force(int sig, int code, uint64_t addr) {
    sig_thread *t = &sig_self;
    memset(&t->forced, 0, sizeof t->forced);
    t->forced.si_signo = sig;
    t->forced.si_code = code;
    t->forced.si_addr = (void *)(uintptr_t)addr;
    t->has_forced = true;
    sig_mark_pending();
}

void signal_fault(emu_cpu *cpu) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    info.si_signo = cpu->signo;
    info.si_code = cpu->sig_code;
    info.si_addr = (void *)(uintptr_t)cpu->sig_addr;
    sig_lock();
    deliver_forced(cpu, &info);
    sig_unlock();
}

void signal_syscall(emu_cpu *cpu) {
    sig_thread *t = &sig_self;
    unsigned nr = (unsigned)cpu->x[8];
    uint64_t x0 = cpu->x[0];
    t->intr = false;
    sys_dispatch(cpu);
    if (cpu->x[0] == (uint64_t)-EINTR && nr != ARM64_NR_RT_SIGRETURN) {
        t->intr = true;
        t->intr_nr = nr;
        t->intr_x0 = x0;
        sig_mark_pending(); /* signal_deliver decides, even if the signal went elsewhere */
    }
}

long signal_tmpmask_begin(uint64_t guest_set, uint64_t size, uint64_t *host_set) {
    sig_thread *t = &sig_self;
    if (!guest_set) {
        *host_set = sig_host_mask_of(t->mask);
        return 0;
    }
    uint64_t m;
    if (size != GSIGSET_SIZE) return -EINVAL;
    if (guest_read(&m, guest_set, sizeof m)) return -EFAULT;
    sig_lock(); /* until the call (or the handler's frame) is done: see signal_tmpmask_end */
    t->saved_mask = t->mask;
    t->restore_mask = true;
    t->mask = m & ~SIG_UNBLOCKABLE;
    *host_set = sig_host_mask_of(t->mask);
    if (sig_queued_set() & ~t->mask) sig_mark_pending(); /* safe_sys6 will not sleep */
    return 0;
}

long signal_tmpmask_end(long r) {
    sig_thread *t = &sig_self;
    if (!t->restore_mask) return r;
    if (r == -EINTR) { /* the mask comes back when the handler's frame is set up */
        sig_mark_pending();
        return r;
    }
    t->restore_mask = false;
    sig_set_mask(t->saved_mask);
    return r;
}
