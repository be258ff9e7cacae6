// sigaltstack + SA_ONSTACK: a stack overflow by runaway recursion is caught on the alternate
// stack and left with siglongjmp; sigaltstack reports SS_ONSTACK inside the handler and EPERM
// for a change there. (qemu-aarch64 refuses SS_AUTODISARM, so it is not compared here.)
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static sigjmp_buf jb;
static char *alt;
static size_t alt_size = 1 << 16;

static int on_alt(void *p) {
    return (char *)p > alt && (char *)p < alt + alt_size;
}

static void on_segv(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    int local;
    stack_t cur;
    sigaltstack(NULL, &cur);
    stack_t again = {.ss_sp = alt, .ss_size = alt_size};
    int r = sigaltstack(&again, NULL);
    printf("sig %d code %d on altstack %d flags %d change %d/%s\n", sig, si->si_code,
           on_alt(&local), cur.ss_flags, r, r ? (errno == EPERM ? "EPERM" : "?") : "ok");
    siglongjmp(jb, 1);
}

static volatile int depth;
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(int n) {
    volatile char pad[512];
    pad[0] = (char)n;
    depth++;
    return recurse(n + 1) + pad[0];
}

static void on_usr1(int sig) {
    int local;
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("usr1 %d on altstack %d flags %#x size %zu\n", sig, on_alt(&local),
           (unsigned)cur.ss_flags, cur.ss_size);
}

int main(void) {
    struct rlimit rl = {8 << 20, 8 << 20};
    setrlimit(RLIMIT_STACK, &rl);
    alt = malloc(alt_size);
    stack_t ss = {.ss_sp = alt, .ss_size = alt_size, .ss_flags = 0};
    if (sigaltstack(&ss, NULL)) return 1;
    stack_t q;
    sigaltstack(NULL, &q);
    printf("armed flags %d size %zu same %d\n", q.ss_flags, q.ss_size, q.ss_sp == alt);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    if (sigsetjmp(jb, 1) == 0) {
        recurse(0);
    } else {
        printf("recovered after deep recursion: %d\n", depth > 1000);
    }

    /* without SA_ONSTACK: the handler runs on the normal stack */
    sa.sa_handler = on_usr1;
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);

    /* errors */
    stack_t small = {.ss_sp = alt, .ss_size = 1024};
    printf("small: %d %s\n", sigaltstack(&small, NULL), errno == ENOMEM ? "ENOMEM" : "?");
    stack_t bad = {.ss_sp = alt, .ss_size = alt_size, .ss_flags = 77};
    printf("bad flags: %d %s\n", sigaltstack(&bad, NULL), errno == EINVAL ? "EINVAL" : "?");
    stack_t dis = {.ss_flags = SS_DISABLE};
    sigaltstack(&dis, NULL);
    sigaltstack(NULL, &q);
    printf("disabled: flags %d size %zu\n", q.ss_flags, q.ss_size);
    return 0;
}
