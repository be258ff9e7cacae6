/* time.c — clocks, sleeps, interval timers and process times (struct timespec, timeval,
 * itimerval and tms have the same 64-bit layouts on arm64 and x86-64). */
#include <errno.h>
#include <time.h>

#include "../mm.h"
#include "syscall.h"

#define TS 16 /* struct timespec / timeval */

SYS(clock_gettime) {
    struct timespec ts;
    GUEST_CHECK(c->a[1], TS, GPROT_WRITE);
    /* through the C library: it uses the vDSO, which is much cheaper than a syscall */
    if (clock_gettime((clockid_t)c->a[0], &ts)) return -errno;
    return guest_write(c->a[1], &ts, sizeof ts);
}

SYS(clock_getres) {
    if (c->a[1]) GUEST_CHECK(c->a[1], TS, GPROT_WRITE);
    return hsys2(SYS_clock_getres, c->a[0], c->a[1]);
}

SYS(clock_settime) {
    GUEST_CHECK(c->a[1], TS, GPROT_READ);
    return hsys2(SYS_clock_settime, c->a[0], c->a[1]);
}

SYS(gettimeofday) {
    if (c->a[0]) GUEST_CHECK(c->a[0], TS, GPROT_WRITE);
    if (c->a[1]) GUEST_CHECK(c->a[1], 8, GPROT_WRITE);
    return hsys2(SYS_gettimeofday, c->a[0], c->a[1]);
}

SYS(settimeofday) {
    if (c->a[0]) GUEST_CHECK(c->a[0], TS, GPROT_READ);
    if (c->a[1]) GUEST_CHECK(c->a[1], 8, GPROT_READ);
    return hsys2(SYS_settimeofday, c->a[0], c->a[1]);
}

SYS(nanosleep) {
    GUEST_CHECK(c->a[0], TS, GPROT_READ);
    if (c->a[1]) GUEST_CHECK(c->a[1], TS, GPROT_WRITE);
    return ssys2(SYS_nanosleep, c->a[0], c->a[1]);
}

SYS(clock_nanosleep) {
    GUEST_CHECK(c->a[2], TS, GPROT_READ);
    if (c->a[3]) GUEST_CHECK(c->a[3], TS, GPROT_WRITE);
    return ssys4(SYS_clock_nanosleep, c->a[0], c->a[1], c->a[2], c->a[3]);
}

SYS(times) {
    if (c->a[0]) GUEST_CHECK(c->a[0], 32, GPROT_WRITE);
    return hsys1(SYS_times, c->a[0]);
}

SYS(getitimer) {
    GUEST_CHECK(c->a[1], 2 * TS, GPROT_WRITE);
    return hsys2(SYS_getitimer, c->a[0], c->a[1]);
}

SYS(setitimer) {
    if (c->a[1]) GUEST_CHECK(c->a[1], 2 * TS, GPROT_READ);
    if (c->a[2]) GUEST_CHECK(c->a[2], 2 * TS, GPROT_WRITE);
    return hsys3(SYS_setitimer, c->a[0], c->a[1], c->a[2]);
}

SYS(adjtimex) {
    GUEST_CHECK(c->a[0], 208, GPROT_READ | GPROT_WRITE); /* struct timex */
    return hsys1(SYS_adjtimex, c->a[0]);
}

SYS(timerfd_create) {
    return hsys2(SYS_timerfd_create, c->a[0], c->a[1]);
}

SYS(timerfd_settime) {
    GUEST_CHECK(c->a[2], 2 * TS, GPROT_READ);
    if (c->a[3]) GUEST_CHECK(c->a[3], 2 * TS, GPROT_WRITE);
    return hsys4(SYS_timerfd_settime, c->a[0], c->a[1], c->a[2], c->a[3]);
}

SYS(timerfd_gettime) {
    GUEST_CHECK(c->a[1], 2 * TS, GPROT_WRITE);
    return hsys2(SYS_timerfd_gettime, c->a[0], c->a[1]);
}
