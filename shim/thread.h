/* thread.h — guest threads: every guest thread (clone with CLONE_THREAD) is a host pthread
 * with its own emu_cpu, all sharing the process's jit and running shim_run; thread exit, and
 * the end of the process when its last guest thread exits. */
#ifndef SHIM_THREAD_H
#define SHIM_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include <emujit.h>

/* clone/clone3 with CLONE_THREAD: start a host thread that runs a copy of cpu (x0 = 0, SP =
 * stack if non-zero, TPIDR_EL0 = tls with CLONE_SETTLS) after writing its tid where
 * CLONE_PARENT_SETTID / CLONE_CHILD_SETTID ask. Returns the new thread's tid (a host tid, as
 * gettid reports) or a negative errno. Arguments as the guest passed them. */
long thread_clone(emu_cpu *cpu, uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t tls,
                  uint64_t child_tid);

/* The guest's clear_child_tid for the calling thread (set_tid_address, CLONE_CHILD_CLEARTID):
 * zeroed and futex-woken when the thread exits. */
void thread_set_clear_tid(uint64_t addr);

/* In a fork child: the only guest thread left is the caller. */
void thread_after_fork(void);

/* SYS_exit: end the calling guest thread; the last one ends the process with status. */
_Noreturn void thread_exit(int status);

#endif
