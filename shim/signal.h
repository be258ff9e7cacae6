/* signal.h — the guest's signals as the rest of the shim sees them: per-thread guest mask,
 * thread start-up. shim/ is on the include path, so this header stands in front of the C
 * library's <signal.h>: it includes that one first, then adds the shim's declarations. */
#include_next <signal.h>

#ifndef SHIM_SIGNAL_H
#define SHIM_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

/* The calling guest thread's blocked-signal mask (bit sig-1 = signal sig), as the guest set
 * it with rt_sigprocmask. Pass it to signal_thread_start on a thread this one creates. */
uint64_t signal_thread_mask(void);

/* First thing on a new guest thread (a host pthread): its guest mask becomes guest_mask (the
 * host mask follows, minus the emulator's own fault signals), no alternate signal stack, no
 * pending signal. */
void signal_thread_start(uint64_t guest_mask);

/* Around a fork: no host signal is taken while the process is copied, and the child starts
 * with none queued (Linux's child has no pending signals; the parent keeps its own). */
void signal_before_fork(void);
void signal_after_fork(bool child);

/* The guest thread's run loop calls these (see shim_run in run.c):
 * signal_deliver before entering guest code (delivers pending signals, cheap when none);
 * signal_syscall for JIT_EXIT_SVC (dispatches it and notes an -EINTR for restarting);
 * signal_fault for JIT_EXIT_SIGNAL (the guest's handler, or death as the kernel deals it). */
struct emu_cpu;
void signal_deliver(struct emu_cpu *cpu);
void signal_syscall(struct emu_cpu *cpu);
void signal_fault(struct emu_cpu *cpu);

/* A host system call made for the guest that may block: returns -EINTR instead of sleeping
 * when a guest signal is pending or arrives before the kernel is entered (no lost wake-up),
 * so the signal is delivered and the call restarted or failed as Linux would. */
long safe_sys6(long nr, long a, long b, long c, long d, long e, long f);
#define ssys1(n, a)          safe_sys6((n), (long)(a), 0, 0, 0, 0, 0)
#define ssys2(n, a, b)       safe_sys6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define ssys3(n, a, b, c)    safe_sys6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define ssys4(n, a, b, c, d) safe_sys6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define ssys5(n, a, b, c, d, e)                                                                    \
    safe_sys6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* ppoll, pselect6, epoll_pwait with a signal mask: the guest mask at guest_set (8 bytes, or no
 * change for 0) holds while the call sleeps; *host_set receives the host mask to pass to the
 * host call. 0 or -EFAULT/-EINVAL. signal_tmpmask_end(r) after the call returns r (with
 * -EINTR the mask is restored after the handler is set up, as Linux does). */
long signal_tmpmask_begin(uint64_t guest_set, uint64_t size, uint64_t *host_set);
long signal_tmpmask_end(long r);

#endif
