/* process.c — process life: exit, wait, clone and clone3 (threads, fork, vfork), thread-id
 * and robust-list registration (guest addresses are host addresses, so they pass on). */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include "../emud_link.h"
#include "../mm.h"
#include "../shim.h"
#include "../thread.h"
#include "syscall.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ull
#endif

SYS(exit_group) {
    emud_link_stop((int)c->a[0]);
    hsys1(SYS_exit_group, c->a[0]);
    __builtin_unreachable();
}

SYS(exit) {
    thread_exit((int)c->a[0]);
}

/* Kept by the shim, not the host kernel: the host thread's own address belongs to its C
 * library (pthread stacks are reused once the kernel clears it). */
SYS(set_tid_address) {
    thread_set_clear_tid(c->a[0]);
    return hsys0(SYS_gettid);
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

/* A plain fork (what fork() and system() ask) goes through the C library's fork, which holds
 * every malloc arena lock across the copy: another host thread (a guest thread in a syscall,
 * the emud client's) may be inside malloc right now, and a raw clone would give the child
 * that lock held forever. The tid writes the kernel would do are then the caller's (after
 * the child has fresh locks). A vfork (CLONE_VFORK, otherwise plain: what vfork() and
 * posix_spawn ask) is such a fork too, and its wait is kept by a pipe (vfork_pipe). Anything
 * else (other exit signals, namespaces) is a raw clone. */
static bool plain_fork(uint64_t hflags) {
    const uint64_t plain =
        CSIGNAL | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_VFORK;
    return (hflags & CSIGNAL) == SIGCHLD && !(hflags & ~plain);
}

/* The vfork wait: the child holds the write end of a close-on-exec pipe, which the kernel
 * closes when it execs or exits, and the parent reads until then. Both ends sit near the top
 * of the descriptor range, where the guest's own numbering (and a shell's fds >= 10) does not
 * reach. Without a pipe (no descriptors left) the parent does not wait, as under
 * qemu-aarch64. */
static void vfork_pipe(int p[2]) {
    int floor = shim_fd_floor(80); /* below emud_link's (shim_fd_floor(64)) */
    if (pipe2(p, O_CLOEXEC) != 0) {
        p[0] = p[1] = -1;
        return;
    }
    for (int i = 0; i < 2 && floor > 0; i++) {
        int fd = fcntl(p[i], F_DUPFD_CLOEXEC, floor);
        if (fd < 0) continue;
        close(p[i]);
        p[i] = fd;
    }
}

static void vfork_wait(int rfd) {
    char b;
    while (read(rfd, &b, 1) != 0 && errno == EINTR) {
    }
    close(rfd);
}

/* The host side of a fork-like clone; *wait_fd is what the parent must wait on (vfork_wait)
 * once its locks are released, or -1. */
static long host_fork(uint64_t hflags, uint64_t ptid, uint64_t ctid, int *wait_fd) {
    *wait_fd = -1;
    if (!plain_fork(hflags)) return hsys5(SYS_clone, hflags, 0, ptid, ctid, 0);
    int p[2] = {-1, -1};
    if (hflags & CLONE_VFORK) vfork_pipe(p);
    long r = fork();
    int e = errno;
    if (r != 0 && p[1] >= 0) close(p[1]); /* the parent's copy of the write end */
    if (r == 0 && p[0] >= 0) close(p[0]);
    if (r > 0) *wait_fd = p[0];
    if (r < 0 && p[0] >= 0) close(p[0]);
    return r < 0 ? -e : r;
}

/* clone with CLONE_THREAD: a host thread (thread.c). clone without CLONE_VM is fork: the
 * host process is duplicated with all of guest memory and the JIT. With CLONE_VM but not
 * CLONE_THREAD (vfork, posix_spawn) the child gets a copy instead of shared memory, as under
 * qemu-aarch64; CLONE_VFORK is kept, so the parent waits for the child's exec or exit. sp is
 * the child's initial stack pointer (0 = the parent's). */
static long do_clone(sys_call *c, uint64_t flags, uint64_t sp, uint64_t ptid, uint64_t tls,
                     uint64_t ctid) {
    const uint64_t thread_ok = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                               CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
                               CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | CLONE_DETACHED |
                               CLONE_IO;
    if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) return -EINVAL;
    if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)) return -EINVAL;
    if ((flags & CLONE_FS) && (flags & (CLONE_NEWNS | CLONE_NEWUSER))) return -EINVAL;
    if (flags & CLONE_PARENT_SETTID) GUEST_CHECK(ptid, 4, GPROT_WRITE);
    if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) GUEST_CHECK(ctid, 4, GPROT_WRITE);
    if (flags & CLONE_THREAD) {
        if (flags & ~(thread_ok | CSIGNAL)) return -EINVAL; /* nothing a host thread can be */
        return thread_clone(c->cpu, flags, sp, ptid, tls, ctid);
    }
    if (flags & (CLONE_SIGHAND | CLONE_PIDFD)) return -EINVAL;
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK)) return -EINVAL; /* shared memory, no thread */
    uint64_t hflags = flags & ~(uint64_t)(CLONE_VM | CLONE_SETTLS);
    signal_before_fork();
    mm_lock(); /* the child's copies of the address-space list and the jit are consistent */
    emud_link_before_fork();
    jit_before_fork(shim.jit);
    int wait_fd;
    long r = host_fork(hflags, ptid, ctid, &wait_fd);
    jit_after_fork(shim.jit, c->cpu, r == 0);
    emud_link_after_fork(r == 0);
    signal_after_fork(r == 0);
    if (r == 0)
        mm_after_fork();
    else
        mm_unlock();
    if (r >= 0 && plain_fork(hflags)) { /* what the kernel writes for a raw clone */
        int id = r ? (int)r : (int)hsys0(SYS_gettid);
        if (r && (hflags & CLONE_PARENT_SETTID)) guest_write(ptid, &id, sizeof id);
        if (!r && (hflags & CLONE_CHILD_SETTID)) guest_write(ctid, &id, sizeof id);
    }
    if (r == 0) {
        thread_after_fork();
        if (sp) c->cpu->x[31] = sp;
        if (flags & CLONE_SETTLS) c->cpu->tpidr = tls;
        thread_set_clear_tid((flags & CLONE_CHILD_CLEARTID) ? ctid : 0);
    }
    if (wait_fd >= 0) vfork_wait(wait_fd);
    return r;
}

/* arm64 argument order: flags, stack, parent_tid, tls, child_tid. */
SYS(clone) {
    return do_clone(c, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
}

/* struct clone_args: the same on every architecture (u64 fields only). */
typedef struct guest_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
    uint64_t set_tid, set_tid_size, cgroup;
} guest_clone_args;

SYS(clone3) {
    guest_clone_args a = {0};
    uint64_t size = c->a[1];
    if (size < 64) return -EINVAL; /* CLONE_ARGS_SIZE_VER0 */
    if (size > 4096) return -E2BIG;
    size_t known = size < sizeof a ? size : sizeof a;
    if (guest_read(&a, c->a[0], known)) return -EFAULT;
    for (uint64_t off = sizeof a; off < size; off++) { /* unknown tail must be zero */
        uint8_t b;
        if (guest_read(&b, c->a[0] + off, 1)) return -EFAULT;
        if (b) return -E2BIG;
    }
    if ((a.flags & (CSIGNAL | CLONE_DETACHED)) || a.exit_signal > 64) return -EINVAL;
    if (a.set_tid_size || a.set_tid || (a.flags & CLONE_INTO_CGROUP)) return -EINVAL;
    if ((a.stack == 0) != (a.stack_size == 0)) return -EINVAL;
    uint64_t sp = a.stack ? a.stack + a.stack_size : 0;
    return do_clone(c, a.flags | a.exit_signal, sp, a.parent_tid, a.tls, a.child_tid);
}
