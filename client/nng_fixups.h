/* nng_fixups.h — what a program linked with Debian's nng 1.5 (client/nng.cmake defines
 * EMU_NNG_FIXUPS then) can adjust in it, through client/nng_fixups.c. */
#ifndef EMU_NNG_FIXUPS_H
#define EMU_NNG_FIXUPS_H

/* The CPU count nng's pools are sized by; 0 (the default) = the real one. Only read when the
 * process's first nng socket opens: set it before. */
extern _Atomic int emu_nng_cpus;

/* Descriptors nng makes are moved to this number or above; 0 (the default) = left alone. */
extern _Atomic int emu_nng_fd_floor;

#endif
