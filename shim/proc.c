/* proc.c — the one guest process this emu-exec runs: its state, shared by the loader,
 * the syscall handlers and the run loop (see shim.h). */
#include "shim.h"

#include <sys/resource.h>

shim_proc shim;

int shim_fd_floor(int margin) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < 256) return 0;
    return (int)(rl.rlim_cur > 4096 ? 4096 : rl.rlim_cur) - margin;
}
