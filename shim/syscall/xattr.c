/* xattr.c — extended attributes (get/set/list/remove, by path, by link, by fd): the names
 * and values are bytes, the same on both ABIs, so only the guest buffers are checked. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>

#include "../mm.h"
#include "syscall.h"

#define XATTR_NAME_MAX_GUEST 255

/* An attribute name argument: a NUL-terminated guest string the kernel would accept. */
static long check_name(uint64_t addr) {
    long n = guest_strnlen(addr, XATTR_NAME_MAX_GUEST + 1);
    if (n == -ENAMETOOLONG) return -ERANGE; /* the kernel's answer for a long name */
    return n < 0 ? n : 0;
}

/* A value/list buffer of size bytes the kernel writes (size 0 asks for the length only). */
static long check_out(uint64_t buf, uint64_t size) {
    if (size && !guest_access_ok(buf, size, GPROT_WRITE)) return -EFAULT;
    return 0;
}

static long xattr_get(sys_call *c, long nr, long target) {
    long r = check_name(c->a[1]);
    if (!r) r = check_out(c->a[2], c->a[3]);
    return r ? r : hsys4(nr, target, c->a[1], c->a[2], c->a[3]);
}

static long xattr_set(sys_call *c, long nr, long target) {
    long r = check_name(c->a[1]);
    if (r) return r;
    if (c->a[3]) GUEST_CHECK(c->a[2], c->a[3], GPROT_READ);
    return hsys5(nr, target, c->a[1], c->a[2], c->a[3], c->a[4]);
}

static long xattr_list(sys_call *c, long nr, long target) {
    long r = check_out(c->a[1], c->a[2]);
    return r ? r : hsys3(nr, target, c->a[1], c->a[2]);
}

static long xattr_remove(sys_call *c, long nr, long target) {
    long r = check_name(c->a[1]);
    return r ? r : hsys2(nr, target, c->a[1]);
}

SYS(getxattr) {
    HOST_PATH(p, c->a[0]);
    return xattr_get(c, SYS_getxattr, (long)p);
}
SYS(lgetxattr) {
    HOST_PATH(p, c->a[0]);
    return xattr_get(c, SYS_lgetxattr, (long)p);
}
SYS(fgetxattr) {
    return xattr_get(c, SYS_fgetxattr, (long)c->a[0]);
}
SYS(setxattr) {
    HOST_PATH(p, c->a[0]);
    return xattr_set(c, SYS_setxattr, (long)p);
}
SYS(lsetxattr) {
    HOST_PATH(p, c->a[0]);
    return xattr_set(c, SYS_lsetxattr, (long)p);
}
SYS(fsetxattr) {
    return xattr_set(c, SYS_fsetxattr, (long)c->a[0]);
}
SYS(listxattr) {
    HOST_PATH(p, c->a[0]);
    return xattr_list(c, SYS_listxattr, (long)p);
}
SYS(llistxattr) {
    HOST_PATH(p, c->a[0]);
    return xattr_list(c, SYS_llistxattr, (long)p);
}
SYS(flistxattr) {
    return xattr_list(c, SYS_flistxattr, (long)c->a[0]);
}
SYS(removexattr) {
    HOST_PATH(p, c->a[0]);
    return xattr_remove(c, SYS_removexattr, (long)p);
}
SYS(lremovexattr) {
    HOST_PATH(p, c->a[0]);
    return xattr_remove(c, SYS_lremovexattr, (long)p);
}
SYS(fremovexattr) {
    return xattr_remove(c, SYS_fremovexattr, (long)c->a[0]);
}
