/* ids.c — process, thread and group identities and credentials (uid/gid families,
 * sessions and process groups): the host's answers are the guest's. */
#include <errno.h>

#include "../mm.h"
#include "syscall.h"

SYS(getpid) {
    return hsys0(SYS_getpid);
}
SYS(getppid) {
    return hsys0(SYS_getppid);
}
SYS(gettid) {
    return hsys0(SYS_gettid);
}
SYS(getuid) {
    return hsys0(SYS_getuid);
}
SYS(geteuid) {
    return hsys0(SYS_geteuid);
}
SYS(getgid) {
    return hsys0(SYS_getgid);
}
SYS(getegid) {
    return hsys0(SYS_getegid);
}
SYS(setuid) {
    return hsys1(SYS_setuid, c->a[0]);
}
SYS(setgid) {
    return hsys1(SYS_setgid, c->a[0]);
}
SYS(setreuid) {
    return hsys2(SYS_setreuid, c->a[0], c->a[1]);
}
SYS(setregid) {
    return hsys2(SYS_setregid, c->a[0], c->a[1]);
}
SYS(setresuid) {
    return hsys3(SYS_setresuid, c->a[0], c->a[1], c->a[2]);
}
SYS(setresgid) {
    return hsys3(SYS_setresgid, c->a[0], c->a[1], c->a[2]);
}
SYS(setfsuid) {
    return hsys1(SYS_setfsuid, c->a[0]);
}
SYS(setfsgid) {
    return hsys1(SYS_setfsgid, c->a[0]);
}
SYS(getpgid) {
    return hsys1(SYS_getpgid, c->a[0]);
}
SYS(setpgid) {
    return hsys2(SYS_setpgid, c->a[0], c->a[1]);
}
SYS(getsid) {
    return hsys1(SYS_getsid, c->a[0]);
}
SYS(setsid) {
    return hsys0(SYS_setsid);
}

SYS(getresuid) {
    for (int i = 0; i < 3; i++)
        GUEST_CHECK(c->a[i], 4, GPROT_WRITE);
    return hsys3(SYS_getresuid, c->a[0], c->a[1], c->a[2]);
}

SYS(getresgid) {
    for (int i = 0; i < 3; i++)
        GUEST_CHECK(c->a[i], 4, GPROT_WRITE);
    return hsys3(SYS_getresgid, c->a[0], c->a[1], c->a[2]);
}

SYS(getgroups) {
    int n = (int)c->a[0];
    if (n < 0) return -EINVAL;
    if (n > 0) GUEST_CHECK(c->a[1], (uint64_t)n * 4, GPROT_WRITE);
    return hsys2(SYS_getgroups, n, c->a[1]);
}

SYS(setgroups) {
    int n = (int)c->a[0];
    if (n < 0) return -EINVAL;
    if (n > 0) GUEST_CHECK(c->a[1], (uint64_t)n * 4, GPROT_READ);
    return hsys2(SYS_setgroups, n, c->a[1]);
}

SYS(capget) {
    GUEST_CHECK(c->a[0], 8, GPROT_READ | GPROT_WRITE);
    if (c->a[1]) GUEST_CHECK(c->a[1], 24, GPROT_WRITE);
    return hsys2(SYS_capget, c->a[0], c->a[1]);
}

SYS(capset) {
    GUEST_CHECK(c->a[0], 8, GPROT_READ);
    if (c->a[1]) GUEST_CHECK(c->a[1], 24, GPROT_READ);
    return hsys2(SYS_capset, c->a[0], c->a[1]);
}
