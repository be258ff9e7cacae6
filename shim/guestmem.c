/* guestmem.c — reading and writing guest memory from the shim: the region list says what
 * the guest may name, and a fault-recovery point turns a host fault (a file mapping past
 * its end, a racing munmap) into -EFAULT instead of a crash of the emulator. */
#include "guestmem.h"

#include <errno.h>
#include <setjmp.h>
#include <string.h>

#include "mm.h"

/* volatile: the stores around a copy must stay in place (memcpy cannot "read" them) */
static __thread jmp_buf *volatile copy_recover;

/* Reached from the fault handler through a rewritten RIP: a plain call frame, so a
 * longjmp from here is an ordinary return to the copy that faulted. */
static _Noreturn void copy_fault_landing(void) {
    longjmp(*copy_recover, 1);
}

bool guestmem_fault_fixup(ucontext_t *uc) {
    if (!copy_recover) return false;
    greg_t sp = (uc->uc_mcontext.gregs[REG_RSP] & ~(greg_t)15) - 8 - 128;
    uc->uc_mcontext.gregs[REG_RSP] = sp;
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)copy_fault_landing;
    return true;
}

#define GUARDED(body)                                                                              \
    do {                                                                                           \
        jmp_buf jb;                                                                                \
        if (setjmp(jb)) {                                                                          \
            copy_recover = NULL;                                                                   \
            return -EFAULT;                                                                        \
        }                                                                                          \
        copy_recover = &jb;                                                                        \
        body;                                                                                      \
        copy_recover = NULL;                                                                       \
    } while (0)

int guest_read(void *dst, uint64_t src, size_t n) {
    if (!guest_access_ok(src, n, GPROT_READ)) return -EFAULT;
    GUARDED(memcpy(dst, (const void *)(uintptr_t)src, n));
    return 0;
}

int guest_write(uint64_t dst, const void *src, size_t n) {
    if (!guest_access_ok(dst, n, GPROT_WRITE)) return -EFAULT;
    GUARDED(memcpy((void *)(uintptr_t)dst, src, n));
    return 0;
}

/* memchr that reports a fault: 0 with *hit set (NULL if absent), or -EFAULT. */
static int guarded_memchr(uint64_t p, size_t n, const char **hit) {
    GUARDED(*hit = memchr((const void *)(uintptr_t)p, 0, n));
    return 0;
}

long guest_strnlen(uint64_t addr, size_t max) {
    uint64_t p = addr;
    for (;;) {
        mm_region g;
        if (!mm_region_get(p, &g) || !(g.prot & GPROT_READ)) return -EFAULT;
        uint64_t lim = g.end, stop = addr + max + 1;
        if (stop < addr) stop = UINT64_MAX;
        if (stop < lim) lim = stop;
        const char *hit;
        if (guarded_memchr(p, lim - p, &hit)) return -EFAULT;
        if (hit) return (long)((uint64_t)(uintptr_t)hit - addr);
        if (lim == stop) return -ENAMETOOLONG;
        p = lim;
    }
}

long guest_path(uint64_t addr, const char **out) {
    long n = guest_strnlen(addr, 4095);
    if (n < 0) return n;
    *out = (const char *)(uintptr_t)addr;
    return n;
}
