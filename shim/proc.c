/* proc.c — the one guest process this emu-exec runs: its state, shared by the loader,
 * the syscall handlers and the run loop (see shim.h). */
#include "shim.h"

shim_proc shim;
