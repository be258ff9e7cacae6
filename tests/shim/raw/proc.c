/* proc.c — the guest's own /proc/self files: exe names the program, cmdline holds its
 * argument strings, auxv its auxiliary vector (not emu-exec's). Expected: proc.expected. */
#include "raw.h"

static char buf[4096];

static long slurp(const char *path) {
    long fd = sc(56, -100, (long)path, 0, 0, 0), n = 0, r;
    if (fd < 0) return fd;
    while ((r = sc(63, fd, (long)buf + n, sizeof buf - n, 0, 0)) > 0)
        n += r;
    sc(57, fd, 0, 0, 0, 0);
    return n;
}

void cstart(long *sp) {
    long n = slurp("/proc/self/cmdline"), a0 = 0;
    const char *argv0 = (const char *)sp[1];
    while (argv0[a0] && buf[a0] == argv0[a0])
        a0++;
    say("cmdline starts with argv[0]", !argv0[a0] && !buf[a0]);
    out("then:");
    for (long i = a0 + 1; i < n; i++)
        buf[i] = buf[i] ? buf[i] : '|';
    buf[n] = 0;
    out(buf + a0 + 1);
    out("\n");
    /* the vector on our stack, after argv and envp */
    long argc = sp[0], *p = sp + 1 + argc + 1;
    while (*p)
        p++;
    long *aux = p + 1, naux = 0;
    while (aux[2 * naux])
        naux++;
    n = slurp("/proc/self/auxv");
    long same = n == (naux + 1) * 16;
    for (long i = 0; same && i < n / 8; i++)
        same = ((long *)buf)[i] == aux[i];
    say("auxv matches the stack's", same);
    for (long i = 0; i < naux; i++)
        if (aux[2 * i] == 6) say("AT_PAGESZ", aux[2 * i + 1]);
    n = sc(78, -100, (long)"/proc/self/exe", (long)buf, sizeof buf, 0);
    buf[n > 0 ? n : 0] = 0;
    long k = n;
    while (k > 0 && buf[k - 1] != '/')
        k--;
    out("exe: ");
    out(buf + k);
    out("\n");
    say("write open", sc(56, -100, (long)"/proc/self/cmdline", 1, 0, 0));
    sc(94, 0, 0, 0, 0, 0);
}
