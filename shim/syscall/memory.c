/* memory.c — the memory system calls as the guest sees them; the address-space logic
 * lives in mm_sys.c, this file only adapts arguments and passes the simple ones on. */
#include <errno.h>

#include "../mm.h"
#include "syscall.h"

SYS(brk) {
    return (long)guest_brk(c->a[0]);
}
SYS(mmap) {
    return guest_mmap(c->a[0], c->a[1], (int)c->a[2], (int)c->a[3], (int)c->a[4], c->a[5]);
}
SYS(munmap) {
    return guest_munmap(c->a[0], c->a[1]);
}
SYS(mprotect) {
    return guest_mprotect(c->a[0], c->a[1], (int)c->a[2]);
}
SYS(mremap) {
    return guest_mremap(c->a[0], c->a[1], c->a[2], (int)c->a[3], c->a[4]);
}
SYS(madvise) {
    return guest_madvise(c->a[0], c->a[1], (int)c->a[2]);
}

/* The range calls below act only on guest memory: the kernel answers ENOMEM for a range
 * that is not mapped, which emulator memory is for the guest. */
#define RANGE_OK(addr, len)                                                                        \
    do {                                                                                           \
        if (!guest_access_ok(GUEST_PAGE_DOWN(addr),                                                \
                             GUEST_PAGE_UP((addr) + (len)) - GUEST_PAGE_DOWN(addr), 0))            \
            return -ENOMEM;                                                                        \
    } while (0)

SYS(msync) {
    if (c->a[0] & (GUEST_PAGE - 1)) return -EINVAL;
    RANGE_OK(c->a[0], c->a[1]);
    return hsys3(SYS_msync, c->a[0], c->a[1], c->a[2]);
}

SYS(mlock) {
    RANGE_OK(c->a[0], c->a[1]);
    return hsys2(SYS_mlock, c->a[0], c->a[1]);
}

SYS(mlock2) {
    RANGE_OK(c->a[0], c->a[1]);
    return hsys3(SYS_mlock2, c->a[0], c->a[1], c->a[2]);
}

SYS(munlock) {
    RANGE_OK(c->a[0], c->a[1]);
    return hsys2(SYS_munlock, c->a[0], c->a[1]);
}

SYS(mlockall) {
    return hsys1(SYS_mlockall, c->a[0]);
}
SYS(munlockall) {
    return hsys0(SYS_munlockall);
}

SYS(mincore) {
    if (c->a[0] & (GUEST_PAGE - 1)) return -EINVAL;
    RANGE_OK(c->a[0], c->a[1]);
    GUEST_CHECK(c->a[2], GUEST_PAGE_UP(c->a[1]) / GUEST_PAGE, GPROT_WRITE);
    return hsys3(SYS_mincore, c->a[0], c->a[1], c->a[2]);
}
