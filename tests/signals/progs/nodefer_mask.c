// SA_NODEFER lets a handler be re-entered by its own signal; without it the second one waits
// until the handler returns; sa_mask blocks others during the handler; a signal raised in a
// handler and blocked there runs right after it; sigprocmask inside a handler is undone by the
// return; SIG_IGN drops a pending signal.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile int depth, maxdepth, order[64], norder;

static void on_usr1(int sig) {
    depth++;
    if (depth > maxdepth) maxdepth = depth;
    order[norder++] = sig * 10 + depth;
    if (depth < 3 && norder < 8) raise(SIGUSR1);
    depth--;
}

static void on_usr2(int sig) {
    order[norder++] = sig * 10;
    raise(SIGHUP); /* blocked by sa_mask: runs after this handler */
    order[norder++] = sig * 10 + 1;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigprocmask(SIG_BLOCK, &s, NULL);
}

static void on_hup(int sig) {
    order[norder++] = sig * 10;
}

static void show(const char *what) {
    printf("%s: maxdepth %d order", what, maxdepth);
    for (int i = 0; i < norder; i++)
        printf(" %d", order[i]);
    printf("\n");
    norder = maxdepth = 0;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    show("nodefer");
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    show("deferred");

    sa.sa_handler = on_usr2;
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGUSR2, &sa, NULL);
    sa.sa_handler = on_hup;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
    raise(SIGUSR2);
    show("masked");
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("int blocked after return: %d\n", sigismember(&cur, SIGINT));

    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGHUP);
    sigprocmask(SIG_BLOCK, &s, NULL);
    raise(SIGHUP);
    signal(SIGHUP, SIG_IGN);
    sigset_t pend;
    sigpending(&pend);
    printf("hup pending after SIG_IGN: %d\n", sigismember(&pend, SIGHUP));
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    show("ignored");
    return 0;
}
