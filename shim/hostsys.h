/* hostsys.h — raw x86-64 host system calls that return -errno instead of touching errno,
 * so syscall handlers can hand the kernel's answer straight back to the guest. */
#ifndef SHIM_HOSTSYS_H
#define SHIM_HOSTSYS_H

#include <sys/syscall.h>

static inline long hsys6(long nr, long a, long b, long c, long d, long e, long f) {
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

#define hsys0(n)                hsys6((n), 0, 0, 0, 0, 0, 0)
#define hsys1(n, a)             hsys6((n), (long)(a), 0, 0, 0, 0, 0)
#define hsys2(n, a, b)          hsys6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define hsys3(n, a, b, c)       hsys6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define hsys4(n, a, b, c, d)    hsys6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define hsys5(n, a, b, c, d, e) hsys6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* A host syscall result is an error when it lies in [-4095, -1]. */
static inline int hsys_is_err(long r) {
    return (unsigned long)r > -4096ul;
}

#endif
