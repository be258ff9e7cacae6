// The temporary signal mask of pselect6, ppoll and epoll_pwait: a signal blocked outside is
// taken while they sleep (the handler runs, they fail with EINTR) and is blocked again after;
// with no signal they time out and the mask is unchanged; a signal already pending when they
// start wakes them at once.
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hits;

static void on_usr1(int sig) {
    (void)sig;
    hits++;
}

static void show(const char *what, int r) {
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("%s: %d %s hits %d usr1 blocked %d\n", what, r,
           r < 0 ? (errno == EINTR ? "EINTR" : "?") : "-", (int)hits, sigismember(&cur, SIGUSR1));
}

static pid_t poke_later(void) {
    pid_t parent = getpid(), p = fork();
    if (p == 0) {
        usleep(100000);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    return p;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART; /* never restarts these */
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, empty;
    sigemptyset(&block);
    sigemptyset(&empty);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);

    struct timespec ts = {5, 0}, short_ts = {0, 20000000};
    pid_t c = poke_later();
    show("pselect", pselect(0, NULL, NULL, NULL, &ts, &empty));
    waitpid(c, NULL, 0);
    show("pselect timeout", pselect(0, NULL, NULL, NULL, &short_ts, &empty));

    c = poke_later();
    show("ppoll", ppoll(NULL, 0, &ts, &empty));
    waitpid(c, NULL, 0);

    int ep = epoll_create1(0);
    struct epoll_event ev;
    c = poke_later();
    show("epoll_pwait", epoll_pwait(ep, &ev, 1, 5000, &empty));
    waitpid(c, NULL, 0);
    show("epoll_pwait timeout", epoll_pwait(ep, &ev, 1, 20, &empty));

    raise(SIGUSR1); /* pending and blocked */
    show("ppoll pending", ppoll(NULL, 0, &ts, &empty));
    show("ppoll no mask", ppoll(NULL, 0, &short_ts, NULL));
    return 0;
}
