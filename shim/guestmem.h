/* guestmem.h — checked access to guest memory from the shim's syscall handlers: every
 * guest pointer is checked against the guest's regions, faults become -EFAULT. */
#ifndef SHIM_GUESTMEM_H
#define SHIM_GUESTMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>

/* Copy from / to guest memory: 0 or -EFAULT. */
int guest_read(void *dst, uint64_t src, size_t n);
int guest_write(uint64_t dst, const void *src, size_t n);

/* Length of the NUL-terminated guest string at addr, or -EFAULT / -ENAMETOOLONG (> max). */
long guest_strnlen(uint64_t addr, size_t max);

/* Validate a NUL-terminated guest path (at most PATH_MAX-1 chars): its length, with *out
 * pointing at it (guest memory is host memory), or -EFAULT / -ENAMETOOLONG. */
long guest_path(uint64_t addr, const char **out);

/* From the host SIGSEGV/SIGBUS handler: if the fault happened inside guest_read/write/
 * strnlen, redirect uc so that call returns -EFAULT, and return true. */
bool guestmem_fault_fixup(ucontext_t *uc);

#endif
