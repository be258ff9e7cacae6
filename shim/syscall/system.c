/* system.c — system information and per-process settings: uname (an aarch64 machine),
 * sysinfo, getrandom, resource limits and usage, scheduling, prctl. */
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>

#include "../mm.h"
#include "syscall.h"

SYS(uname) {
    struct utsname u;
    GUEST_CHECK(c->a[0], sizeof u, GPROT_WRITE);
    long r = hsys1(SYS_uname, &u);
    if (r) return r;
    memset(u.machine, 0, sizeof u.machine);
    strcpy(u.machine, "aarch64");
    return guest_write(c->a[0], &u, sizeof u);
}

SYS(sysinfo) {
    GUEST_CHECK(c->a[0], 112, GPROT_WRITE); /* struct sysinfo: same on both */
    return hsys1(SYS_sysinfo, c->a[0]);
}

SYS(getrandom) {
    uint64_t n = c->a[1];
    if (n) {
        n = guest_extent(c->a[0], n, GPROT_WRITE);
        if (!n) return -EFAULT;
    }
    return hsys3(SYS_getrandom, c->a[0], n, c->a[2]);
}

SYS(sethostname) {
    GUEST_CHECK(c->a[0], c->a[1], GPROT_READ);
    return hsys2(SYS_sethostname, c->a[0], c->a[1]);
}

SYS(setdomainname) {
    GUEST_CHECK(c->a[0], c->a[1], GPROT_READ);
    return hsys2(SYS_setdomainname, c->a[0], c->a[1]);
}

SYS(getrlimit) {
    GUEST_CHECK(c->a[1], 16, GPROT_WRITE);
    return hsys2(SYS_getrlimit, c->a[0], c->a[1]);
}

SYS(setrlimit) {
    GUEST_CHECK(c->a[1], 16, GPROT_READ);
    return hsys2(SYS_setrlimit, c->a[0], c->a[1]);
}

SYS(prlimit64) {
    if (c->a[2]) GUEST_CHECK(c->a[2], 16, GPROT_READ);
    if (c->a[3]) GUEST_CHECK(c->a[3], 16, GPROT_WRITE);
    return hsys4(SYS_prlimit64, c->a[0], c->a[1], c->a[2], c->a[3]);
}

SYS(getrusage) {
    GUEST_CHECK(c->a[1], 144, GPROT_WRITE);
    return hsys2(SYS_getrusage, c->a[0], c->a[1]);
}

SYS(getpriority) {
    return hsys2(SYS_getpriority, c->a[0], c->a[1]);
}
SYS(setpriority) {
    return hsys3(SYS_setpriority, c->a[0], c->a[1], c->a[2]);
}
SYS(personality) {
    return hsys1(SYS_personality, c->a[0]);
}
SYS(sched_yield) {
    return hsys0(SYS_sched_yield);
}
SYS(sched_getscheduler) {
    return hsys1(SYS_sched_getscheduler, c->a[0]);
}
SYS(sched_get_priority_max) {
    return hsys1(SYS_sched_get_priority_max, c->a[0]);
}
SYS(sched_get_priority_min) {
    return hsys1(SYS_sched_get_priority_min, c->a[0]);
}

SYS(sched_getparam) {
    GUEST_CHECK(c->a[1], 4, GPROT_WRITE);
    return hsys2(SYS_sched_getparam, c->a[0], c->a[1]);
}

SYS(sched_setparam) {
    GUEST_CHECK(c->a[1], 4, GPROT_READ);
    return hsys2(SYS_sched_setparam, c->a[0], c->a[1]);
}

SYS(sched_setscheduler) {
    GUEST_CHECK(c->a[2], 4, GPROT_READ);
    return hsys3(SYS_sched_setscheduler, c->a[0], c->a[1], c->a[2]);
}

SYS(sched_rr_get_interval) {
    GUEST_CHECK(c->a[1], 16, GPROT_WRITE);
    return hsys2(SYS_sched_rr_get_interval, c->a[0], c->a[1]);
}

SYS(sched_getaffinity) {
    uint64_t n = c->a[1];
    GUEST_CHECK(c->a[2], n, GPROT_WRITE);
    return hsys3(SYS_sched_getaffinity, c->a[0], n, c->a[2]);
}

SYS(sched_setaffinity) {
    GUEST_CHECK(c->a[2], c->a[1], GPROT_READ);
    return hsys3(SYS_sched_setaffinity, c->a[0], c->a[1], c->a[2]);
}

SYS(getcpu) {
    if (c->a[0]) GUEST_CHECK(c->a[0], 4, GPROT_WRITE);
    if (c->a[1]) GUEST_CHECK(c->a[1], 4, GPROT_WRITE);
    return hsys3(SYS_getcpu, c->a[0], c->a[1], 0);
}

/* prctl options: what the second argument is. arm64-only options (SVE, SME, pointer
 * authentication, tagged addresses) answer EINVAL, as a kernel without them does. */
enum { PA_INT, PA_OUT_INT, PA_NAME_IN, PA_NAME_OUT, PA_EINVAL };
#define ARM64_PR_SVE_SET_VL           50
#define ARM64_PR_SVE_GET_VL           51
#define ARM64_PR_PAC_RESET_KEYS       54
#define ARM64_PR_SET_TAGGED_ADDR_CTRL 55
#define ARM64_PR_GET_TAGGED_ADDR_CTRL 56
#define ARM64_PR_PAC_SET_ENABLED_KEYS 60
#define ARM64_PR_PAC_GET_ENABLED_KEYS 61
#define ARM64_PR_SME_SET_VL           63
#define ARM64_PR_SME_GET_VL           64

static const struct {
    int option;
    int kind;
} prctl_opts[] = {
    {PR_SET_NAME, PA_NAME_IN},
    {PR_GET_NAME, PA_NAME_OUT},
    {PR_SET_PDEATHSIG, PA_INT},
    {PR_GET_PDEATHSIG, PA_OUT_INT},
    {PR_SET_DUMPABLE, PA_INT},
    {PR_GET_DUMPABLE, PA_INT},
    {PR_SET_KEEPCAPS, PA_INT},
    {PR_GET_KEEPCAPS, PA_INT},
    {PR_SET_NO_NEW_PRIVS, PA_INT},
    {PR_GET_NO_NEW_PRIVS, PA_INT},
    {PR_SET_CHILD_SUBREAPER, PA_INT},
    {PR_GET_CHILD_SUBREAPER, PA_OUT_INT},
    {PR_SET_TIMERSLACK, PA_INT},
    {PR_GET_TIMERSLACK, PA_INT},
    {PR_CAPBSET_READ, PA_INT},
    {PR_GET_SECUREBITS, PA_INT},
    {PR_SET_THP_DISABLE, PA_INT},
    {PR_GET_THP_DISABLE, PA_INT},
    {PR_GET_SECCOMP, PA_INT},
    {PR_SET_VMA, PA_INT},
    {ARM64_PR_SVE_SET_VL, PA_EINVAL},
    {ARM64_PR_SVE_GET_VL, PA_EINVAL},
    {ARM64_PR_PAC_RESET_KEYS, PA_EINVAL},
    {ARM64_PR_SET_TAGGED_ADDR_CTRL, PA_EINVAL},
    {ARM64_PR_GET_TAGGED_ADDR_CTRL, PA_EINVAL},
    {ARM64_PR_PAC_SET_ENABLED_KEYS, PA_EINVAL},
    {ARM64_PR_PAC_GET_ENABLED_KEYS, PA_EINVAL},
    {ARM64_PR_SME_SET_VL, PA_EINVAL},
    {ARM64_PR_SME_GET_VL, PA_EINVAL},
};

SYS(prctl) {
    int opt = (int)c->a[0];
    for (size_t i = 0; i < sizeof prctl_opts / sizeof *prctl_opts; i++) {
        if (prctl_opts[i].option != opt) continue;
        switch (prctl_opts[i].kind) {
        case PA_EINVAL: return -EINVAL;
        case PA_OUT_INT: GUEST_CHECK(c->a[1], 4, GPROT_WRITE); break;
        case PA_NAME_OUT: GUEST_CHECK(c->a[1], 16, GPROT_WRITE); break;
        case PA_NAME_IN:
            if (guest_strnlen(c->a[1], 15) == -EFAULT) return -EFAULT;
            break;
        }
        if (opt == PR_SET_VMA) { /* names a guest anonymous mapping with a guest string */
            if (!guest_access_ok(c->a[2], c->a[3], 0)) return -EINVAL;
            if (c->a[4] && guest_strnlen(c->a[4], 79) == -EFAULT) return -EFAULT;
        }
        return hsys5(SYS_prctl, opt, c->a[1], c->a[2], c->a[3], c->a[4]);
    }
    return -EINVAL;
}
