/* sigstate.h — private to the shim's signal files: the process-wide guest actions, each guest
 * thread's signal state (mask, alternate stack, signals taken from the host and not yet
 * delivered), and the pieces that queue, deliver and frame guest signals. */
#ifndef SHIM_SIGSTATE_H
#define SHIM_SIGSTATE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include <emujit.h>

#include "abi/arm64.h"

#define GSIG_MAX              64
#define GSIGSET_SIZE          8
#define SIGQ_MAX              64 /* queued signals per thread (the host handler blocks all until delivery) */
#define ARM64_SS_AUTODISARM   ((int32_t)(1u << 31))
#define ARM64_NR_RT_SIGRETURN 139
#define ARM64_SA_RESTORER     0x04000000

static inline uint64_t sig_bit(int sig) {
    return 1ull << (sig - 1);
}
#define SIG_UNBLOCKABLE (sig_bit(SIGKILL) | sig_bit(SIGSTOP))

typedef struct sig_queued {
    int sig;
    siginfo_t info;
} sig_queued;

typedef struct sig_thread {
    bool active;          /* a guest thread (signal_thread_start / signal_init ran) */
    volatile int pending; /* something for signal_deliver; safe_syscall checks it */
    emu_cpu *cpu;         /* its cpu->pending mirrors pending for generated code */
    uint64_t mask;        /* the guest's blocked set */
    uint64_t saved_mask;  /* mask to restore after a temporary one (sigsuspend, ppoll) */
    bool restore_mask;    /* saved_mask is valid */
    arm64_stack altstack; /* sigaltstack; flags as the guest set them */
    int nq;               /* queued: taken from the host, not yet delivered */
    sig_queued q[SIGQ_MAX];
    bool intr; /* the last syscall returned -EINTR: may be restarted */
    unsigned intr_nr;
    uint64_t intr_x0;
    siginfo_t forced; /* a synchronous signal to deliver at the next chance */
    bool has_forced;
} sig_thread;

extern __thread sig_thread sig_self;
extern arm64_sigaction sig_actions[GSIG_MAX + 1];

/* sigqueue.c: host signals blocked (except the emulator's fault signals) / back to the mask
 * that mirrors the guest's. */
void sig_lock(void);
void sig_unlock(void);
/* Set the calling thread's guest mask (host mask follows); with the lock held it only records
 * it (sig_unlock applies it). Marks pending when a queued signal became deliverable. */
void sig_set_mask(uint64_t mask);
void sig_set_mask_locked(uint64_t mask);
void sig_mark_pending(void);
/* Queue handling, with sig_lock held. */
int sig_dequeue(uint64_t allowed, siginfo_t *info);
uint64_t sig_queued_set(void);
/* Make the host act on sig as the guest's action a asks (handler, SIG_IGN, SIG_DFL). */
long sig_host_apply(int sig, const arm64_sigaction *a);
uint64_t sig_host_mask_of(uint64_t guest_mask);

/* sigframe.c: push a frame for sig with handler a (mask = the uc_sigmask to save); sets the
 * registers for the handler. 0, or -EFAULT when the stack cannot take it. */
int sigframe_setup(emu_cpu *cpu, int sig, const siginfo_t *info, const arm64_sigaction *a,
                   uint64_t mask);
/* rt_sigreturn: restore from the frame at SP. 0, or -EFAULT for a bad frame. */
int sigframe_restore(emu_cpu *cpu);
/* The SS_ONSTACK / SS_DISABLE / 0 answer for a stack pointer (the kernel's sas_ss_flags). */
int sig_altstack_flags(uint64_t sp);

/* sigdeliver.c */
void sig_force(int sig, int code, uint64_t addr);

#endif
