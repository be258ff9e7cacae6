/* ns.c — mounts and namespaces (mount, umount2, unshare, setns), process file descriptors
 * (pidfd_open, pidfd_getfd) and I/O priorities: arguments the same on both ABIs, passed on
 * to the host kernel, which checks privileges and flags as it would for the guest. */
#include <errno.h>
#include <sched.h>

#include "../mm.h"
#include "syscall.h"

/* A guest string argument that may be NULL (mount's source, type and data). */
static long opt_string(uint64_t addr) {
    if (!addr) return 0;
    long n = guest_strnlen(addr, 4096);
    return n < 0 ? n : 0;
}

/* mount's target (and a bind mount's source) are paths: under -L they name the sysroot's. */
SYS(mount) {
    long r = opt_string(c->a[0]);
    if (!r) r = opt_string(c->a[2]);
    if (r) return r;
    if (c->a[4]) GUEST_CHECK(c->a[4], 1, GPROT_READ); /* data: a string or a filesystem's blob */
    HOST_PATH(target, c->a[1]);
    char src_buf[PATH_MAX];
    const char *src = c->a[0] ? fs_guest_path((const char *)(uintptr_t)c->a[0], src_buf) : NULL;
    return hsys5(SYS_mount, src, target, c->a[2], c->a[3], c->a[4]);
}

SYS(umount2) {
    HOST_PATH(target, c->a[0]);
    return hsys2(SYS_umount2, target, c->a[1]);
}

/* CLONE_NEWUSER fails (EINVAL) while the emulator runs helper threads, as it does for any
 * multi-threaded process; the kernel says so. */
SYS(unshare) {
    return hsys1(SYS_unshare, c->a[0]);
}

SYS(setns) {
    return hsys2(SYS_setns, c->a[0], c->a[1]);
}

SYS(pidfd_open) {
    return hsys2(SYS_pidfd_open, c->a[0], c->a[1]);
}

SYS(pidfd_getfd) {
    return hsys3(SYS_pidfd_getfd, c->a[0], c->a[1], c->a[2]);
}

SYS(ioprio_set) {
    return hsys3(SYS_ioprio_set, c->a[0], c->a[1], c->a[2]);
}

SYS(ioprio_get) {
    return hsys2(SYS_ioprio_get, c->a[0], c->a[1]);
}
