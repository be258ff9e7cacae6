/* run.c — a guest thread's run loop: translated code until it needs the shim (a syscall, a
 * guest exception, a pending signal), with signals delivered before guest code resumes. */
#include <stdio.h>
#include <stdlib.h>

#include "shim.h"

_Noreturn void shim_run(emu_cpu *cpu) {
    for (;;) {
        signal_deliver(cpu);
        int why = jit_run(cpu);
        if (why == JIT_EXIT_SVC) {
            signal_syscall(cpu);
        } else if (why == JIT_EXIT_SIGNAL) {
            signal_fault(cpu);
        } else if (why != JIT_EXIT_INTERRUPT) {
            fprintf(stderr, SHIM_NAME ": translator stopped (%d) at pc 0x%llx\n", why,
                    (unsigned long long)cpu->pc);
            abort();
        }
    }
}
