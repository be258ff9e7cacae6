/* fs.c — system calls that name files by path: open, stat, access, links, directories,
 * permissions, times, statfs; the -L sysroot; /proc files that name the emulator (procfs.c). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "../abi/arm64.h"
#include "../mm.h"
#include "../procfs.h"
#include "../shim.h"
#include "syscall.h"

/* With a sysroot (-L), an absolute path that exists under it means the sysroot's file,
 * as with qemu's -L: that is how a dynamic program finds its arm64 libraries. */
const char *fs_guest_path(const char *p, char *buf) {
    if (procfs_is_exe(p)) return shim.exe_path;
    if (!shim.ld_prefix || p[0] != '/') return p;
    if (snprintf(buf, PATH_MAX, "%s%s", shim.ld_prefix, p) >= PATH_MAX) return p;
    struct stat st;
    return lstat(buf, &st) == 0 ? buf : p;
}

SYS(openat) {
    HOST_PATH(p, c->a[1]);
    int flags = abi_oflags_from_arm64(c->a[2]);
    long r = procfs_open(p_g, flags);
    return r ? r : ssys4(SYS_openat, c->a[0], p, flags, c->a[3]); /* a FIFO waits */
}

static long put_stat(uint64_t addr, const struct stat *st) {
    arm64_stat g;
    int r = abi_stat_to_arm64(st, &g);
    if (r) return r;
    return guest_write(addr, &g, sizeof g);
}

/* lstat of /proc/self/exe sees the link itself, as on Linux; stat follows it to the program. */
static const char *stat_path(const char *host, const char *guest, uint64_t flags) {
    return (flags & AT_SYMLINK_NOFOLLOW) && host == shim.exe_path ? guest : host;
}

SYS(newfstatat) {
    struct stat st;
    GUEST_CHECK(c->a[2], sizeof(arm64_stat), GPROT_WRITE);
    HOST_PATH(p, c->a[1]);
    long r = hsys4(SYS_newfstatat, c->a[0], stat_path(p, p_g, c->a[3]), &st, c->a[3]);
    return r ? r : put_stat(c->a[2], &st);
}

SYS(fstat) {
    struct stat st;
    GUEST_CHECK(c->a[1], sizeof(arm64_stat), GPROT_WRITE);
    long r = hsys2(SYS_fstat, c->a[0], &st);
    return r ? r : put_stat(c->a[1], &st);
}

SYS(statx) {
    GUEST_CHECK(c->a[4], 256, GPROT_WRITE); /* struct statx is the same on every arch */
    HOST_PATH(p, c->a[1]);
    return hsys5(SYS_statx, c->a[0], stat_path(p, p_g, c->a[2]), c->a[2], c->a[3], c->a[4]);
}

SYS(readlinkat) {
    HOST_PATH(p, c->a[1]);
    if ((int64_t)c->a[3] <= 0) return -EINVAL;
    uint64_t n = guest_extent(c->a[2], c->a[3], GPROT_WRITE);
    if (n == 0) return -EFAULT;
    if (p == shim.exe_path) {
        size_t len = strlen(shim.exe_path);
        if (len > n) len = n;
        return guest_write(c->a[2], shim.exe_path, len) ?: (long)len;
    }
    return hsys4(SYS_readlinkat, c->a[0], p, c->a[2], n);
}

SYS(faccessat) {
    HOST_PATH(p, c->a[1]);
    return hsys3(SYS_faccessat, c->a[0], p, c->a[2]);
}

SYS(faccessat2) {
    HOST_PATH(p, c->a[1]);
    return hsys4(SYS_faccessat2, c->a[0], p, c->a[2], c->a[3]);
}

SYS(getcwd) {
    char buf[PATH_MAX];
    long r = hsys2(SYS_getcwd, buf, sizeof buf);
    if (r < 0) return r;
    if ((uint64_t)r > c->a[1]) return -ERANGE;
    return guest_write(c->a[0], buf, r) ?: r;
}

SYS(chdir) {
    HOST_PATH(p, c->a[0]);
    return hsys1(SYS_chdir, p);
}

SYS(chroot) {
    HOST_PATH(p, c->a[0]);
    return hsys1(SYS_chroot, p);
}

SYS(fchdir) {
    return hsys1(SYS_fchdir, c->a[0]);
}
SYS(fchmod) {
    return hsys2(SYS_fchmod, c->a[0], c->a[1]);
}
SYS(fchown) {
    return hsys3(SYS_fchown, c->a[0], c->a[1], c->a[2]);
}
SYS(umask) {
    return hsys1(SYS_umask, c->a[0]);
}

SYS(mkdirat) {
    HOST_PATH(p, c->a[1]);
    return hsys3(SYS_mkdirat, c->a[0], p, c->a[2]);
}

SYS(mknodat) {
    HOST_PATH(p, c->a[1]);
    return hsys4(SYS_mknodat, c->a[0], p, c->a[2], c->a[3]);
}

SYS(unlinkat) {
    HOST_PATH(p, c->a[1]);
    return hsys3(SYS_unlinkat, c->a[0], p, c->a[2]);
}

SYS(renameat) {
    HOST_PATH(from, c->a[1]);
    HOST_PATH(to, c->a[3]);
    return hsys4(SYS_renameat, c->a[0], from, c->a[2], to);
}

SYS(renameat2) {
    HOST_PATH(from, c->a[1]);
    HOST_PATH(to, c->a[3]);
    return hsys5(SYS_renameat2, c->a[0], from, c->a[2], to, c->a[4]);
}

SYS(linkat) {
    HOST_PATH(from, c->a[1]);
    HOST_PATH(to, c->a[3]);
    return hsys5(SYS_linkat, c->a[0], from, c->a[2], to, c->a[4]);
}

SYS(symlinkat) {
    GUEST_PATH(target, c->a[0]); /* the link's content is stored as the guest wrote it */
    HOST_PATH(p, c->a[2]);
    return hsys3(SYS_symlinkat, target, c->a[1], p);
}

SYS(fchmodat) {
    HOST_PATH(p, c->a[1]);
    return hsys3(SYS_fchmodat, c->a[0], p, c->a[2]);
}

SYS(fchownat) {
    HOST_PATH(p, c->a[1]);
    return hsys5(SYS_fchownat, c->a[0], p, c->a[2], c->a[3], c->a[4]);
}

SYS(utimensat) {
    if (c->a[2]) GUEST_CHECK(c->a[2], 32, GPROT_READ);
    if (!c->a[1]) return hsys4(SYS_utimensat, c->a[0], 0, c->a[2], c->a[3]);
    HOST_PATH(p, c->a[1]);
    return hsys4(SYS_utimensat, c->a[0], p, c->a[2], c->a[3]);
}

SYS(truncate) {
    HOST_PATH(p, c->a[0]);
    return hsys2(SYS_truncate, p, c->a[1]);
}

/* struct statfs is the asm-generic one on both: 120 bytes of longs. */
_Static_assert(sizeof(struct statfs) == 120, "host statfs layout");

SYS(statfs) {
    GUEST_CHECK(c->a[1], sizeof(struct statfs), GPROT_WRITE);
    HOST_PATH(p, c->a[0]);
    return hsys2(SYS_statfs, p, c->a[1]);
}

SYS(fstatfs) {
    GUEST_CHECK(c->a[1], sizeof(struct statfs), GPROT_WRITE);
    return hsys2(SYS_fstatfs, c->a[0], c->a[1]);
}
