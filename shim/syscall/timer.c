/* timer.c — POSIX per-process timers (timer_create & co.): their expirations are signals
 * (SIGEV_SIGNAL, or SIGEV_THREAD_ID to one guest thread, whose ids are host ids), and struct
 * sigevent, itimerspec and timer_t have the same layout on arm64 and x86-64. */
#include <errno.h>
#include <signal.h>

#include "../mm.h"
#include "syscall.h"

#define SIGEVENT_SIZE 64

SYS(timer_create) {
    if (c->a[1]) GUEST_CHECK(c->a[1], SIGEVENT_SIZE, GPROT_READ);
    GUEST_CHECK(c->a[2], sizeof(int), GPROT_WRITE);
    return hsys3(SYS_timer_create, c->a[0], c->a[1], c->a[2]);
}

SYS(timer_settime) {
    GUEST_CHECK(c->a[2], 32, GPROT_READ);
    if (c->a[3]) GUEST_CHECK(c->a[3], 32, GPROT_WRITE);
    return hsys4(SYS_timer_settime, c->a[0], c->a[1], c->a[2], c->a[3]);
}

SYS(timer_gettime) {
    GUEST_CHECK(c->a[1], 32, GPROT_WRITE);
    return hsys2(SYS_timer_gettime, c->a[0], c->a[1]);
}

SYS(timer_getoverrun) {
    return hsys1(SYS_timer_getoverrun, c->a[0]);
}

SYS(timer_delete) {
    return hsys1(SYS_timer_delete, c->a[0]);
}
