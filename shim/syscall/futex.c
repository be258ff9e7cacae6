/* futex.c — futex and futex_waitv. Guest addresses are host addresses and every structure
 * involved (timespec, futex_waitv, the robust list the kernel walks) has the same layout on
 * arm64 and x86-64, so each operation goes to the host kernel on the same words; the shim
 * only checks the guest pointers the operation will touch, as the kernel would. */
#include <errno.h>
#include <linux/futex.h>
#include <signal.h> /* the shim's: safe_sys6 */

#include "../mm.h"
#include "syscall.h"

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

/* What each operation reads: a timeout in arg 4 (else arg 4 is a count, val2), a second
 * futex word in arg 5. */
static bool op_has_timeout(int op) {
    return op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET || op == FUTEX_LOCK_PI ||
           op == FUTEX_LOCK_PI2 || op == FUTEX_WAIT_REQUEUE_PI;
}

static bool op_has_uaddr2(int op) {
    return op == FUTEX_REQUEUE || op == FUTEX_CMP_REQUEUE || op == FUTEX_WAKE_OP ||
           op == FUTEX_CMP_REQUEUE_PI || op == FUTEX_WAIT_REQUEUE_PI;
}

static bool op_known(int op) {
    switch (op) {
    case FUTEX_WAIT:
    case FUTEX_WAKE:
    case FUTEX_FD: /* gone from Linux: the host says ENOSYS */
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP:
    case FUTEX_LOCK_PI:
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI:
    case FUTEX_WAIT_BITSET:
    case FUTEX_WAKE_BITSET:
    case FUTEX_WAIT_REQUEUE_PI:
    case FUTEX_CMP_REQUEUE_PI:
    case FUTEX_LOCK_PI2: return true;
    default: return false;
    }
}

SYS(futex) {
    int op = (int)c->a[1] & FUTEX_CMD_MASK;
    if (!op_known(op)) return -ENOSYS;
    GUEST_CHECK(c->a[0], 4, GPROT_READ);
    if (op_has_timeout(op) && c->a[3]) GUEST_CHECK(c->a[3], 16, GPROT_READ);
    if (op_has_uaddr2(op)) GUEST_CHECK(c->a[4], 4, GPROT_READ);
    /* blocking operations may be interrupted by a guest signal (EINTR / restart) */
    return safe_sys6(SYS_futex, (long)c->a[0], (long)c->a[1], (long)c->a[2], (long)c->a[3],
                     (long)c->a[4], (long)c->a[5]);
}

/* struct futex_waitv { u64 val; u64 uaddr; u32 flags; u32 __reserved; }: 24 bytes on both. */
SYS(futex_waitv) {
    uint64_t n = c->a[1];
    if (n == 0 || n > 128) return -EINVAL; /* FUTEX_WAITV_MAX */
    GUEST_CHECK(c->a[0], n * 24, GPROT_READ);
    for (uint64_t i = 0; i < n; i++) {
        struct {
            uint64_t val, uaddr;
            uint32_t flags, reserved;
        } w;
        if (guest_read(&w, c->a[0] + 24 * i, sizeof w)) return -EFAULT;
        GUEST_CHECK(w.uaddr, (w.flags & 3) == 3 ? 8 : 4, GPROT_READ);
    }
    if (c->a[3]) GUEST_CHECK(c->a[3], 16, GPROT_READ);
    return safe_sys6(SYS_futex_waitv, (long)c->a[0], (long)n, (long)c->a[2], (long)c->a[3],
                     (long)c->a[4], 0);
}
