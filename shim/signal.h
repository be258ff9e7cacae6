/* signal.h — the guest's signals as the rest of the shim sees them: per-thread guest mask,
 * thread start-up. shim/ is on the include path, so this header stands in front of the C
 * library's <signal.h>: it includes that one first, then adds the shim's declarations. */
#include_next <signal.h>

#ifndef SHIM_SIGNAL_H
#define SHIM_SIGNAL_H

#include <stdint.h>

/* The calling guest thread's blocked-signal mask (bit sig-1 = signal sig), as the guest set
 * it with rt_sigprocmask. Pass it to signal_thread_start on a thread this one creates. */
uint64_t signal_thread_mask(void);

/* First thing on a new guest thread (a host pthread): its guest mask becomes guest_mask (the
 * host mask follows, minus the emulator's own fault signals), no alternate signal stack, no
 * pending signal. */
void signal_thread_start(uint64_t guest_mask);

#endif
