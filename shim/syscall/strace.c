/* strace.c — --strace output in qemu's -strace format: "PID name(args) = result", one
 * line per call (the call part is written first, so a blocking call shows while blocked). */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../abi/arm64.h"
#include "../mm.h"
#include "syscall.h"

typedef struct sbuf {
    char b[1024];
    size_t n;
} sbuf;

static void put(sbuf *s, const char *fmt, ...) {
    if (s->n >= sizeof s->b) return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(s->b + s->n, sizeof s->b - s->n, fmt, ap);
    va_end(ap);
    if (k > 0) s->n = s->n + k < sizeof s->b ? s->n + k : sizeof s->b - 1;
}

static void flush(sbuf *s) {
    for (size_t off = 0; off < s->n;) {
        ssize_t w = write(2, s->b + off, s->n - off);
        if (w <= 0) break;
        off += w;
    }
    s->n = 0;
}

typedef struct flag_name {
    uint64_t bit;
    const char *name;
} flag_name;

static void put_flags(sbuf *s, uint64_t v, const flag_name *f, size_t n, bool any) {
    for (size_t i = 0; i < n; i++) {
        if ((v & f[i].bit) != f[i].bit || !f[i].bit) continue;
        put(s, "%s%s", any ? "|" : "", f[i].name);
        v &= ~f[i].bit;
        any = true;
    }
    if (v || !any) put(s, "%s0x%llx", any ? "|" : "", (unsigned long long)v);
}
#define FLAGS(s, v, tab, any) put_flags(s, v, tab, sizeof tab / sizeof *tab, any)

/* arm64 values */
static const flag_name oflags[] = {
    {020200000, "O_TMPFILE"}, {04010000, "O_SYNC"},     {0100, "O_CREAT"},
    {0200, "O_EXCL"},         {0400, "O_NOCTTY"},       {01000, "O_TRUNC"},
    {02000, "O_APPEND"},      {04000, "O_NONBLOCK"},    {010000, "O_DSYNC"},
    {020000, "O_ASYNC"},      {040000, "O_DIRECTORY"},  {0100000, "O_NOFOLLOW"},
    {0200000, "O_DIRECT"},    {0400000, "O_LARGEFILE"}, {01000000, "O_NOATIME"},
    {02000000, "O_CLOEXEC"},  {010000000, "O_PATH"},
};
static const flag_name prot_names[] = {
    {1, "PROT_READ"},
    {2, "PROT_WRITE"},
    {4, "PROT_EXEC"},
    {0x10, "PROT_BTI"},
    {0x01000000, "PROT_GROWSDOWN"},
    {0x02000000, "PROT_GROWSUP"},
};
static const flag_name map_names[] = {
    {0x10, "MAP_FIXED"},
    {0x20, "MAP_ANONYMOUS"},
    {0x100, "MAP_GROWSDOWN"},
    {0x800, "MAP_DENYWRITE"},
    {0x1000, "MAP_EXECUTABLE"},
    {0x2000, "MAP_LOCKED"},
    {0x4000, "MAP_NORESERVE"},
    {0x8000, "MAP_POPULATE"},
    {0x10000, "MAP_NONBLOCK"},
    {0x20000, "MAP_STACK"},
    {0x40000, "MAP_HUGETLB"},
    {0x80000, "MAP_SYNC"},
    {0x100000, "MAP_FIXED_NOREPLACE"},
};
static const flag_name at_names[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"},  {0x200, "AT_REMOVEDIR"},   {0x400, "AT_SYMLINK_FOLLOW"},
    {0x800, "AT_NO_AUTOMOUNT"},      {0x1000, "AT_EMPTY_PATH"}, {0x6000, "AT_STATX_DONT_SYNC"},
    {0x2000, "AT_STATX_FORCE_SYNC"},
};
static const char *const clock_names[] = {
    "CLOCK_REALTIME",
    "CLOCK_MONOTONIC",
    "CLOCK_PROCESS_CPUTIME_ID",
    "CLOCK_THREAD_CPUTIME_ID",
    "CLOCK_MONOTONIC_RAW",
    "CLOCK_REALTIME_COARSE",
    "CLOCK_MONOTONIC_COARSE",
    "CLOCK_BOOTTIME",
    "CLOCK_REALTIME_ALARM",
    "CLOCK_BOOTTIME_ALARM",
    NULL,
    "CLOCK_TAI",
};

const char *strace_signame(int sig) {
    static const char *const n[] = {
        NULL,        "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",   "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE",    "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",  "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",  "SIGTTIN", "SIGTTOU", "SIGURG",
        "SIGXCPU",   "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",   "SIGPWR",  "SIGSYS",
    };
    return sig > 0 && sig < (int)(sizeof n / sizeof *n) ? n[sig] : NULL;
}

static void put_string(sbuf *s, uint64_t addr) {
    long n = guest_strnlen(addr, 4096);
    if (n == -EFAULT) {
        put(s, "0x%llx", (unsigned long long)addr);
        return;
    }
    const unsigned char *p = (const unsigned char *)(uintptr_t)addr;
    long show = n < 0 || n > 256 ? 256 : n;
    put(s, "\"");
    for (long i = 0; i < show; i++) {
        unsigned char ch = p[i];
        if (ch == '"' || ch == '\\')
            put(s, "\\%c", ch);
        else if (ch == '\n')
            put(s, "\\n");
        else if (ch == '\t')
            put(s, "\\t");
        else if (ch < 32 || ch >= 127)
            put(s, "\\%03o", ch);
        else
            put(s, "%c", ch);
    }
    put(s, "\"%s", show < n || n < 0 ? "..." : "");
}

static void put_arg(sbuf *s, int kind, uint64_t v) {
    switch (kind) {
    case SA_INT:
    case SA_FD: put(s, "%d", (int)v); break;
    case SA_LONG: put(s, "%lld", (long long)v); break;
    case SA_UINT: put(s, "%llu", (unsigned long long)v); break;
    case SA_HEX: put(s, "0x%llx", (unsigned long long)v); break;
    case SA_ATFLAGS: v ? FLAGS(s, v, at_names, false) : put(s, "0"); break;
    case SA_PTR: v ? put(s, "0x%016llx", (unsigned long long)v) : put(s, "NULL"); break;
    case SA_DIRFD: (int)v == -100 ? put(s, "AT_FDCWD") : put(s, "%d", (int)v); break;
    case SA_STR: v ? put_string(s, v) : put(s, "NULL"); break;
    case SA_OCT: put(s, "0%llo", (unsigned long long)v); break;
    case SA_OFLAGS: {
        static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
        put(s, "%s", acc[v & 3]);
        if (v & ~3ull) FLAGS(s, v & ~3ull, oflags, true);
        break;
    }
    case SA_PROT: v ? FLAGS(s, v, prot_names, false) : put(s, "PROT_NONE"); break;
    case SA_MFLAGS: {
        static const char *const type[] = {"0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"};
        put(s, "%s", type[v & 3]);
        if (v & ~0xfull) FLAGS(s, v & ~0xfull, map_names, true);
        break;
    }
    case SA_SIG:
        strace_signame((int)v) ? put(s, "%s", strace_signame((int)v)) : put(s, "%d", (int)v);
        break;
    case SA_IOCTL:
        ioctl_name((unsigned int)v) ? put(s, "%s", ioctl_name((unsigned int)v))
                                    : put(s, "0x%llx", (unsigned long long)v);
        break;
    case SA_OMODE: put(s, "0%llo", (unsigned long long)v); break;
    case SA_WHENCE: {
        static const char *const w[] = {"SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA",
                                        "SEEK_HOLE"};
        v < 5 ? put(s, "%s", w[v]) : put(s, "%d", (int)v);
        break;
    }
    case SA_CLOCK:
        v < sizeof clock_names / sizeof *clock_names &&clock_names[v] ? put(s, "%s", clock_names[v])
                                                                      : put(s, "%d", (int)v);
        break;
    }
}

void strace_enter(const sys_call *c, const sys_desc *d) {
    sbuf s = {.n = 0};
    put(&s, "%d ", (int)getpid());
    if (!d) {
        put(&s, "Unknown syscall %u\n", c->nr);
        flush(&s);
        return;
    }
    put(&s, "%s(", d->name);
    int nargs = 6; /* a syscall we do not offer: its raw arguments */
    if (d->fn)
        for (nargs = 0; nargs < 6 && d->arg[nargs];)
            nargs++;
    for (int i = 0; i < nargs; i++) {
        if (d->fn && d->arg[i] == SA_OMODE && !(c->a[i - 1] & (0100 | 020000000))) break;
        if (i) put(&s, ",");
        put_arg(&s, d->fn ? d->arg[i] : SA_HEX, c->a[i]);
    }
    put(&s, ")");
    if (d->ret == SR_NONE) put(&s, "\n");
    flush(&s);
}

void strace_leave(const sys_call *c, const sys_desc *d, long ret) {
    (void)c;
    if (!d || d->ret == SR_NONE) return;
    sbuf s = {.n = 0};
    if (ret < 0 && ret >= -4095)
        put(&s, " = -1 errno=%ld (%s)\n", -ret, strerror((int)-ret));
    else if (d->ret == SR_ADDR)
        put(&s, " = 0x%016llx\n", (unsigned long long)ret);
    else
        put(&s, " = %ld\n", ret);
    flush(&s);
}

void strace_signal(int signo, int code, uint64_t addr) {
    sbuf s = {.n = 0};
    const char *n = strace_signame(signo);
    char num[16];
    if (!n) {
        snprintf(num, sizeof num, "%d", signo);
        n = num;
    }
    put(&s, "--- %s {si_signo=%s, si_code=%d, si_addr=", n, n, code);
    addr ? put(&s, "0x%llx", (unsigned long long)addr) : put(&s, "NULL");
    put(&s, "} ---\n");
    flush(&s);
}
