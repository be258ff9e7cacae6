/* process.c — process life: exit, wait, fork-style clone, thread-id and robust-list
 * registration, futexes (guest addresses are host addresses, so they pass straight on). */
#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>

#include "../emud_link.h"
#include "../mm.h"
#include "syscall.h"

SYS(exit_group) {
    emud_link_stop((int)c->a[0]);
    hsys1(SYS_exit_group, c->a[0]);
    __builtin_unreachable();
}

/* One guest thread for now (threads come later): its exit ends the process, with the
 * thread's clear_child_tid handled by the kernel as for any exiting thread. */
SYS(exit) {
    emud_link_stop((int)c->a[0]);
    hsys1(SYS_exit_group, c->a[0]);
    __builtin_unreachable();
}

SYS(set_tid_address) {
    /* the kernel stores the pointer and clears/wakes it when the thread exits; identity
     * mapping makes the guest address valid on the host as it is */
    return hsys1(SYS_set_tid_address, c->a[0]);
}

SYS(set_robust_list) {
    if (c->a[1] != 24) return -EINVAL; /* struct robust_list_head: same on both */
    return hsys2(SYS_set_robust_list, c->a[0], c->a[1]);
}

SYS(get_robust_list) {
    GUEST_CHECK(c->a[1], 8, GPROT_WRITE);
    GUEST_CHECK(c->a[2], 8, GPROT_WRITE);
    return hsys3(SYS_get_robust_list, c->a[0], c->a[1], c->a[2]);
}

SYS(futex) {
    GUEST_CHECK(c->a[0], 4, GPROT_READ);
    int cmd = (int)c->a[1] & FUTEX_CMD_MASK;
    bool has_timeout = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
                       cmd == FUTEX_WAIT_REQUEUE_PI || cmd == FUTEX_LOCK_PI2;
    if (has_timeout && c->a[3]) GUEST_CHECK(c->a[3], 16, GPROT_READ);
    bool has_uaddr2 = cmd == FUTEX_REQUEUE || cmd == FUTEX_CMP_REQUEUE || cmd == FUTEX_WAKE_OP ||
                      cmd == FUTEX_CMP_REQUEUE_PI || cmd == FUTEX_WAIT_REQUEUE_PI;
    if (has_uaddr2) GUEST_CHECK(c->a[4], 4, GPROT_READ);
    return hsys6(SYS_futex, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], c->a[5]);
}

SYS(wait4) {
    if (c->a[1]) GUEST_CHECK(c->a[1], 4, GPROT_WRITE);
    if (c->a[3]) GUEST_CHECK(c->a[3], 144, GPROT_WRITE); /* struct rusage */
    return ssys4(SYS_wait4, c->a[0], c->a[1], c->a[2], c->a[3]);
}

SYS(waitid) {
    if (c->a[2]) GUEST_CHECK(c->a[2], 128, GPROT_WRITE); /* siginfo_t */
    if (c->a[4]) GUEST_CHECK(c->a[4], 144, GPROT_WRITE);
    return ssys5(SYS_waitid, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
}

/* clone without CLONE_VM is fork: the host process is duplicated with all of guest
 * memory and the JIT. CLONE_VFORK is kept, so the parent waits for the child's exec or
 * exit as the guest expects; the child gets a copy instead of shared memory, which
 * vfork users (exec or _exit right away) cannot tell apart. Sharing the address space
 * (threads) needs the thread support that comes later. arm64 argument order:
 * flags, stack, parent_tid, tls, child_tid. */
SYS(clone) {
    uint64_t flags = c->a[0];
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK)) return -ENOSYS;
    if (flags & (CLONE_THREAD | CLONE_SIGHAND)) return -EINVAL;
    if (flags & CLONE_PARENT_SETTID) GUEST_CHECK(c->a[2], 4, GPROT_WRITE);
    if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) GUEST_CHECK(c->a[4], 4, GPROT_WRITE);
    uint64_t hflags = flags & ~(uint64_t)(CLONE_VM | CLONE_SETTLS);
    long r = hsys5(SYS_clone, hflags, 0, c->a[2], c->a[4], 0);
    if (r == 0) {
        emud_link_after_fork();
        if (c->a[1]) c->cpu->x[31] = c->a[1];
        if (flags & CLONE_SETTLS) c->cpu->tpidr = c->a[3];
    }
    return r;
}
