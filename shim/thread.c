/* thread.c — guest threads on host pthreads: clone(CLONE_THREAD) starts a detached pthread
 * running a copy of the parent's emu_cpu; exit ends one thread, the last one the process. */
#include "thread.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "emud_link.h"
#include "shim.h"
#include "signal.h"
#include "syscall/syscall.h"

/* Host stack of a guest thread: the run loop, translation, syscall handlers and host signal
 * handlers (the guest's own stack is guest memory). */
#define HOST_STACK_SIZE (2u << 20)

/* Guest threads alive; the initial one counts. When the last one exits the process ends
 * (the emud client's threads would otherwise keep it alive). */
static int live_threads = 1;

static __thread uint64_t clear_tid;  /* guest address zeroed + woken at thread exit */
static __thread jmp_buf *thread_end; /* where a created thread's exit unwinds to */

/* What the parent hands to the new thread; it waits on done, so this can live on its stack. */
typedef struct clone_req {
    const emu_cpu *parent;
    uint32_t fpcr, fpsr; /* read on the parent's thread: FPSR's sticky bits live in its MXCSR */
    uint64_t flags, stack, ptid, tls, ctid, mask;
    int result; /* the child's tid, or -errno */
    int done;   /* futex word */
} clone_req;

void thread_set_clear_tid(uint64_t addr) {
    clear_tid = addr;
}

static void req_finish(clone_req *rq, int result) {
    rq->result = result;
    __atomic_store_n(&rq->done, 1, __ATOMIC_RELEASE);
    hsys3(SYS_futex, &rq->done, FUTEX_WAKE_PRIVATE, 1);
}

/* The child's registers: the parent's at the SVC, with the clone results applied. */
static void child_state(emu_cpu *cpu, const clone_req *rq) {
    const emu_cpu *p = rq->parent;
    memcpy(cpu->x, p->x, sizeof cpu->x);
    memcpy(cpu->v, p->v, sizeof cpu->v);
    cpu->pc = p->pc;
    cpu->nzcv_host = p->nzcv_host;
    cpu->tpidr = (rq->flags & CLONE_SETTLS) ? rq->tls : p->tpidr;
    cpu->x[0] = 0;
    if (rq->stack) cpu->x[31] = rq->stack;
    jit_fpcr_set(cpu, rq->fpcr); /* this thread's MXCSR becomes the guest's FP environment */
    jit_fpsr_set(cpu, rq->fpsr);
}

static void *thread_main(void *arg) {
    clone_req *rq = arg;
    signal_thread_start(rq->mask);
    int tid = (int)hsys0(SYS_gettid);
    /* a guest thread that shares less than a host thread does gets its own copies */
    long unshare = ~rq->flags & (CLONE_FS | CLONE_FILES | CLONE_SYSVSEM);
    long err = unshare ? hsys1(SYS_unshare, unshare) : 0;
    emu_cpu *cpu = err ? NULL : aligned_alloc(64, (sizeof(emu_cpu) + 63) & ~(size_t)63);
    if (!cpu) {
        req_finish(rq, err ? (int)err : -ENOMEM);
        return NULL;
    }
    jit_cpu_init(shim.jit, cpu);
    child_state(cpu, rq);
    if (rq->flags & CLONE_PARENT_SETTID) guest_write(rq->ptid, &tid, sizeof tid);
    if (rq->flags & CLONE_CHILD_SETTID) guest_write(rq->ctid, &tid, sizeof tid);
    clear_tid = (rq->flags & CLONE_CHILD_CLEARTID) ? rq->ctid : 0;
    req_finish(rq, tid); /* rq is gone from here on */
    jmp_buf end;
    thread_end = &end;
    if (!setjmp(end)) shim_run(cpu);
    jit_cpu_release(cpu);
    free(cpu);
    return NULL;
}

long thread_clone(emu_cpu *cpu, uint64_t flags, uint64_t stack, uint64_t ptid, uint64_t tls,
                  uint64_t ctid) {
    clone_req rq = {.parent = cpu,
                    .fpcr = cpu->fpcr,
                    .fpsr = jit_fpsr_get(cpu),
                    .flags = flags,
                    .stack = stack,
                    .ptid = ptid,
                    .tls = tls,
                    .ctid = ctid,
                    .mask = signal_thread_mask()};
    /* the new thread starts with every signal blocked but the emulator's fault signals, until
     * signal_thread_start gives it the guest's mask */
    sigset_t all;
    sigfillset(&all);
    static const int faults[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
    for (size_t i = 0; i < sizeof faults / sizeof *faults; i++)
        sigdelset(&all, faults[i]);
    pthread_attr_t a;
    pthread_t th;
    if (pthread_attr_init(&a)) return -ENOMEM;
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&a, HOST_STACK_SIZE);
    pthread_attr_setsigmask_np(&a, &all);
    __atomic_fetch_add(&live_threads, 1, __ATOMIC_SEQ_CST);
    int e = pthread_create(&th, &a, thread_main, &rq);
    pthread_attr_destroy(&a);
    if (e) {
        __atomic_fetch_sub(&live_threads, 1, __ATOMIC_SEQ_CST);
        return -EAGAIN;
    }
    while (!__atomic_load_n(&rq.done, __ATOMIC_ACQUIRE))
        hsys4(SYS_futex, &rq.done, FUTEX_WAIT_PRIVATE, 0, NULL);
    if (rq.result < 0) __atomic_fetch_sub(&live_threads, 1, __ATOMIC_SEQ_CST);
    return rq.result;
}

void thread_after_fork(void) {
    __atomic_store_n(&live_threads, 1, __ATOMIC_SEQ_CST);
}

_Noreturn void thread_exit(int status) {
    if (__atomic_sub_fetch(&live_threads, 1, __ATOMIC_SEQ_CST) == 0) {
        emud_link_stop(status);
        hsys1(SYS_exit_group, status);
    }
    if (clear_tid) {
        /* what the kernel does for clear_child_tid: zero, then a shared wake (pthread_join
         * waits on it that way) */
        uint32_t zero = 0;
        if (guest_write(clear_tid, &zero, sizeof zero) == 0)
            hsys6(SYS_futex, clear_tid, FUTEX_WAKE, 1, 0, 0, 0);
    }
    if (thread_end) longjmp(*thread_end, 1);
    for (;;) /* the initial thread: its host stack is never freed, it just stops */
        hsys1(SYS_exit, status);
}
