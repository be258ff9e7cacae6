/* sigqueue.c — guest signals on the host: the guest's actions mirrored as host actions, the
 * host handler that takes a signal for the guest thread it lands on (queued until the run
 * loop delivers it), per-thread guest masks mirrored on the host mask, and safe_sys6. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "hostsys.h"
#include "shim.h"
#include "sigstate.h"

#define HOST_ALTSTACK_SIZE (64 * 1024)
#define HOST_SA_RESTORER   0x04000000

__thread sig_thread sig_self;
arm64_sigaction sig_actions[GSIG_MAX + 1];

extern char safe_syscall_start[], safe_syscall_insn[];
long safe_syscall_base(volatile int *pending, long nr, long a, long b, long c, long d, long e,
                       long f);
void sig_host_restorer(void);

/* The emulator's own fault signals stay deliverable whatever the guest blocks: a blocked
 * fault would kill the process instead of reaching the guest's handler. */
uint64_t sig_host_mask_of(uint64_t m) {
    return m & ~(sig_bit(SIGSEGV) | sig_bit(SIGBUS) | sig_bit(SIGILL) | sig_bit(SIGFPE) |
                 sig_bit(SIGTRAP) | SIG_UNBLOCKABLE);
}

static void host_setmask(uint64_t m) {
    hsys4(SYS_rt_sigprocmask, SIG_SETMASK, &m, 0, GSIGSET_SIZE);
}

void sig_lock(void) {
    host_setmask(~((1ull << (SIGSEGV - 1)) | (1ull << (SIGBUS - 1))));
}

void sig_unlock(void) {
    host_setmask(sig_host_mask_of(sig_self.mask));
}

void sig_mark_pending(void) {
    sig_self.pending = 1;
    if (sig_self.cpu) sig_self.cpu->pending = 1;
}

uint64_t sig_queued_set(void) {
    uint64_t s = 0;
    for (int i = 0; i < sig_self.nq; i++)
        s |= sig_bit(sig_self.q[i].sig);
    return s;
}

void sig_set_mask_locked(uint64_t mask) {
    sig_self.mask = mask & ~SIG_UNBLOCKABLE;
    if (sig_queued_set() & ~sig_self.mask) sig_mark_pending();
}

void sig_set_mask(uint64_t mask) {
    sig_set_mask_locked(mask);
    sig_unlock();
}

/* Synchronous signals first, then the lowest number; in arrival order for one number. */
int sig_dequeue(uint64_t allowed, siginfo_t *info) {
    static const uint64_t sync = (1ull << (SIGSEGV - 1)) | (1ull << (SIGBUS - 1)) |
                                 (1ull << (SIGILL - 1)) | (1ull << (SIGTRAP - 1)) |
                                 (1ull << (SIGFPE - 1)) | (1ull << (SIGSYS - 1));
    sig_thread *t = &sig_self;
    int best = -1;
    for (int i = 0; i < t->nq; i++) {
        int s = t->q[i].sig;
        if (!(allowed & sig_bit(s))) continue;
        if (best < 0) {
            best = i;
            continue;
        }
        int b = t->q[best].sig;
        bool ssync = sync & sig_bit(s), bsync = sync & sig_bit(b);
        if ((ssync && !bsync) || (ssync == bsync && s < b)) best = i;
    }
    if (best < 0) return 0;
    int sig = t->q[best].sig;
    *info = t->q[best].info;
    memmove(&t->q[best], &t->q[best + 1], sizeof *t->q * (size_t)(t->nq - best - 1));
    t->nq--;
    return sig;
}

static void enqueue(int sig, const siginfo_t *si) {
    sig_thread *t = &sig_self;
    if (sig < 32)
        for (int i = 0; i < t->nq; i++)
            if (t->q[i].sig == sig) return; /* standard signals do not queue */
    if (t->nq == SIGQ_MAX) return;          /* cannot happen: all blocked until delivery */
    t->q[t->nq].sig = sig;
    t->q[t->nq].info = *si;
    t->nq++;
}

/* A handler that interrupted safe_syscall_base between its flag test and its syscall (or the
 * kernel restarting that syscall) sends it back to the test, which now fails. */
static void safe_syscall_rewind(ucontext_t *uc) {
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    if (pc > (uintptr_t)safe_syscall_start && pc <= (uintptr_t)safe_syscall_insn)
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)safe_syscall_start;
}

/* The host handler of every signal the guest handles. */
void sig_host_async(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    sig_thread *t = &sig_self;
    if (!t->active) {
        /* not a guest thread (its mask should have kept it out): hand it to the process */
        sigaddset(&uc->uc_sigmask, sig);
        hsys2(SYS_kill, hsys0(SYS_getpid), sig);
        return;
    }
    safe_syscall_rewind(uc);
    enqueue(sig, si);
    if (!(t->mask & sig_bit(sig))) sig_mark_pending();
    /* nothing more until the run loop has delivered it (bounds the queue) */
    sigfillset(&uc->uc_sigmask);
    sigdelset(&uc->uc_sigmask, SIGSEGV);
    sigdelset(&uc->uc_sigmask, SIGBUS);
}

/* Mirror the guest's action on the host: a handler -> sig_host_async; SIG_IGN stays ignored
 * (also across exec); SIG_DFL -> the host default, or for core-dumping signals the handler
 * that ends the process as qemu does. SIGSEGV/SIGBUS always keep the fault handler. */
long sig_host_apply(int sig, const arm64_sigaction *a) {
    if (sig == SIGSEGV || sig == SIGBUS) return 0;
    bool handler =
        a->handler != (uint64_t)(uintptr_t)SIG_IGN && a->handler != (uint64_t)(uintptr_t)SIG_DFL;
    if (!handler && fault_is_core_signal(sig) && a->handler != (uint64_t)(uintptr_t)SIG_IGN) {
        fault_set_default(sig);
        return 0;
    }
    struct {
        uint64_t handler, flags, restorer, mask;
    } k = {a->handler == (uint64_t)(uintptr_t)SIG_IGN ? (uint64_t)(uintptr_t)SIG_IGN
                                                      : (uint64_t)(uintptr_t)SIG_DFL,
           a->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT), 0, 0};
    if (handler) {
        k.handler = (uint64_t)(uintptr_t)sig_host_async;
        k.flags |= SA_SIGINFO | SA_ONSTACK | SA_RESTART | HOST_SA_RESTORER;
        k.restorer = (uint64_t)(uintptr_t)sig_host_restorer;
        k.mask = ~((1ull << (SIGSEGV - 1)) | (1ull << (SIGBUS - 1)));
    }
    return hsys4(SYS_rt_sigaction, sig, &k, 0, GSIGSET_SIZE);
}

static void altstack_reset(void) {
    sig_self.altstack = (arm64_stack){0, SS_DISABLE, 0, 0};
}

/* A new guest inherits what exec keeps: the blocked mask and the ignored signals. */
void signal_init(void) {
    uint64_t m = 0;
    hsys4(SYS_rt_sigprocmask, SIG_SETMASK, 0, &m, GSIGSET_SIZE);
    sig_self.active = true;
    altstack_reset();
    sig_set_mask(m);
    for (int sig = 1; sig <= GSIG_MAX; sig++) {
        struct {
            uint64_t handler, flags, restorer, mask;
        } k;
        if (hsys4(SYS_rt_sigaction, sig, 0, &k, GSIGSET_SIZE) == 0 &&
            k.handler == (uint64_t)(uintptr_t)SIG_IGN)
            sig_actions[sig].handler = k.handler;
    }
}

uint64_t signal_thread_mask(void) {
    return sig_self.mask;
}

/* A guest thread's host alternate stack goes with the thread. */
static pthread_key_t altstack_key;
static pthread_once_t altstack_once = PTHREAD_ONCE_INIT;

static void altstack_free(void *stk) {
    sig_lock(); /* no handler may run on it any more */
    stack_t off = {.ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
    munmap(stk, HOST_ALTSTACK_SIZE);
}

static void altstack_key_init(void) {
    pthread_key_create(&altstack_key, altstack_free);
}

void signal_thread_start(uint64_t mask) {
    sig_thread *t = &sig_self;
    t->active = true;
    t->nq = 0;
    t->pending = 0;
    t->cpu = NULL;
    t->restore_mask = t->intr = t->has_forced = false;
    altstack_reset();
    /* the host handlers run on their own stack on every guest thread */
    void *stk =
        mmap(NULL, HOST_ALTSTACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (stk != MAP_FAILED) {
        stack_t ss = {.ss_sp = stk, .ss_size = HOST_ALTSTACK_SIZE, .ss_flags = 0};
        sigaltstack(&ss, NULL);
        pthread_once(&altstack_once, altstack_key_init);
        pthread_setspecific(altstack_key, stk);
    }
    sig_set_mask(mask);
}

void signal_before_fork(void) {
    sig_lock();
}

void signal_after_fork(bool child) {
    if (child) {
        sig_self.nq = 0;
        sig_self.pending = 0;
        if (sig_self.cpu) sig_self.cpu->pending = 0;
    }
    sig_unlock();
}

long safe_sys6(long nr, long a, long b, long c, long d, long e, long f) {
    return safe_syscall_base(&sig_self.pending, nr, a, b, c, d, e, f);
}
