/* fp_env.h — private to jit/: what the runtime needs to keep the guest FP environment (held in
 * the host thread's MXCSR, see fp_env.c) across host signal handlers. */
#ifndef JIT_FP_ENV_H
#define JIT_FP_ENV_H

#include "emujit.h"

#include <stdint.h>

/* Linux runs a host signal handler with a fresh MXCSR (round to nearest, no flags) and restores
 * the interrupted one only on sigreturn. A handler that leaves by longjmp (jit_raise) calls
 * this first, with the interrupted MXCSR from its signal frame
 * (uc->uc_mcontext.fpregs->mxcsr): the sticky flags move into cpu->fpsr and the guest's
 * rounding mode is put back for the code that runs after the longjmp. */
void fp_env_host_signal(emu_cpu *cpu, uint32_t interrupted_mxcsr);

#endif
