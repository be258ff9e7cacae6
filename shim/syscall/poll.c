/* poll.c — waiting on many descriptors and the descriptor kinds made for it: ppoll,
 * pselect6, epoll (whose event struct is padded on arm64), eventfd, signalfd, inotify,
 * memfd. */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>

#include "../abi/arm64.h"
#include "../mm.h"
#include "syscall.h"

#define SIGSET_SIZE      8
#define EPOLL_MAX_EVENTS 4096 /* per call; the kernel caps at INT_MAX / sizeof(event) */

SYS(ppoll) {
    GUEST_CHECK(c->a[0], c->a[1] * 8, GPROT_READ | GPROT_WRITE); /* struct pollfd */
    if (c->a[2]) GUEST_CHECK(c->a[2], 16, GPROT_READ | GPROT_WRITE);
    uint64_t hm;
    long r = signal_tmpmask_begin(c->a[3], c->a[4], &hm);
    if (r) return r;
    r = ssys5(SYS_ppoll, c->a[0], c->a[1], c->a[2], c->a[3] ? &hm : NULL, SIGSET_SIZE);
    return signal_tmpmask_end(r);
}

SYS(pselect6) {
    int n = (int)c->a[0];
    if (n < 0) return -EINVAL;
    uint64_t setsz = ((uint64_t)n + 63) / 64 * 8;
    for (int i = 1; i <= 3; i++)
        if (c->a[i]) GUEST_CHECK(c->a[i], setsz, GPROT_READ | GPROT_WRITE);
    if (c->a[4]) GUEST_CHECK(c->a[4], 16, GPROT_READ | GPROT_WRITE);
    uint64_t sig[2] = {0, 0}; /* { const sigset_t *ss; size_t ss_len; } */
    if (c->a[5] && guest_read(sig, c->a[5], sizeof sig)) return -EFAULT;
    uint64_t hm;
    long r = signal_tmpmask_begin(sig[0], sig[1], &hm);
    if (r) return r;
    uint64_t hsig[2] = {(uint64_t)(uintptr_t)&hm, SIGSET_SIZE};
    r = safe_sys6(SYS_pselect6, n, c->a[1], c->a[2], c->a[3], c->a[4], sig[0] ? (long)hsig : 0);
    return signal_tmpmask_end(r);
}

SYS(epoll_create1) {
    return hsys1(SYS_epoll_create1, abi_oflags_from_arm64(c->a[0]));
}

SYS(epoll_ctl) {
    struct epoll_event he = {0};
    if (c->a[3]) {
        arm64_epoll_event ge;
        if (guest_read(&ge, c->a[3], sizeof ge)) return -EFAULT;
        he.events = ge.events;
        he.data.u64 = ge.data;
    }
    return hsys4(SYS_epoll_ctl, c->a[0], c->a[1], c->a[2], c->a[3] ? &he : NULL);
}

/* Wait into a host array, then widen each event into the guest's 16-byte layout. */
static long epoll_wait_common(sys_call *c, bool pwait2) {
    int max = (int)c->a[2];
    if (max <= 0) return -EINVAL;
    if (max > EPOLL_MAX_EVENTS) max = EPOLL_MAX_EVENTS;
    GUEST_CHECK(c->a[1], (uint64_t)max * sizeof(arm64_epoll_event), GPROT_WRITE);
    if (pwait2 && c->a[3]) GUEST_CHECK(c->a[3], 16, GPROT_READ);
    struct epoll_event *he = malloc(max * sizeof *he);
    if (!he) return -ENOMEM;
    uint64_t hm;
    long n = signal_tmpmask_begin(c->a[4], c->a[5], &hm);
    if (n) {
        free(he);
        return n;
    }
    n = safe_sys6(pwait2 ? SYS_epoll_pwait2 : SYS_epoll_pwait, c->a[0], (long)he, max, c->a[3],
                  c->a[4] ? (long)&hm : 0, SIGSET_SIZE);
    n = signal_tmpmask_end(n);
    for (long i = 0; i < n; i++) {
        arm64_epoll_event ge = {he[i].events, 0, he[i].data.u64};
        if (guest_write(c->a[1] + i * sizeof ge, &ge, sizeof ge)) {
            n = -EFAULT;
            break;
        }
    }
    free(he);
    return n;
}

SYS(epoll_pwait) {
    return epoll_wait_common(c, false);
}
SYS(epoll_pwait2) {
    return epoll_wait_common(c, true);
}

SYS(eventfd2) {
    return hsys2(SYS_eventfd2, c->a[0], abi_oflags_from_arm64(c->a[1]));
}

SYS(signalfd4) {
    GUEST_CHECK(c->a[1], SIGSET_SIZE, GPROT_READ);
    return hsys4(SYS_signalfd4, c->a[0], c->a[1], c->a[2], abi_oflags_from_arm64(c->a[3]));
}

SYS(inotify_init1) {
    return hsys1(SYS_inotify_init1, abi_oflags_from_arm64(c->a[0]));
}

SYS(inotify_add_watch) {
    GUEST_PATH(p, c->a[1]);
    return hsys3(SYS_inotify_add_watch, c->a[0], p, c->a[2]);
}

SYS(inotify_rm_watch) {
    return hsys2(SYS_inotify_rm_watch, c->a[0], c->a[1]);
}

SYS(memfd_create) {
    GUEST_PATH(name, c->a[0]);
    return hsys2(SYS_memfd_create, name, c->a[1]);
}
