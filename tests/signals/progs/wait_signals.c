// Waiting for signals: sigsuspend (handler runs with the suspend mask, old mask back after),
// sigwaitinfo and sigtimedwait (EAGAIN on timeout), signalfd reads, sigqueue values through
// SA_SIGINFO and sigwaitinfo, sigpending, pause woken by SIGALRM, and real-time signals
// queued several times and delivered in order.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hits;

static void on_sig(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("handler %d code %d value %d usr1-blocked %d usr2-blocked %d\n", sig, si->si_code,
           si->si_code == SI_QUEUE ? si->si_value.sival_int : -1, sigismember(&cur, SIGUSR1),
           sigismember(&cur, SIGUSR2));
    hits++;
}

static void show_mask(const char *what) {
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("%s: usr1 %d usr2 %d rt %d\n", what, sigismember(&cur, SIGUSR1),
           sigismember(&cur, SIGUSR2), sigismember(&cur, SIGRTMIN + 2));
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sig;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    sigaction(SIGRTMIN + 2, &sa, NULL);

    sigset_t block, empty, waitset;
    sigemptyset(&block);
    sigemptyset(&empty);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, NULL);

    raise(SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("pending usr1 %d usr2 %d\n", sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2));
    int r = sigsuspend(&empty);
    printf("sigsuspend %d %s hits %d\n", r, errno == EINTR ? "EINTR" : "?", hits);
    show_mask("after sigsuspend");

    /* sigwaitinfo: takes a blocked pending signal without running the handler */
    union sigval v = {.sival_int = 42};
    sigqueue(getpid(), SIGUSR2, v);
    sigemptyset(&waitset);
    sigaddset(&waitset, SIGUSR2);
    siginfo_t si;
    r = sigwaitinfo(&waitset, &si);
    printf("sigwaitinfo %d code %d value %d pid-ok %d hits %d\n", r, si.si_code,
           si.si_value.sival_int, si.si_pid == getpid(), hits);

    struct timespec ts = {0, 50 * 1000 * 1000};
    r = sigtimedwait(&waitset, &si, &ts);
    printf("sigtimedwait %d %s\n", r, r < 0 && errno == EAGAIN ? "EAGAIN" : "?");

    /* signalfd */
    int fd = signalfd(-1, &block, SFD_CLOEXEC);
    kill(getpid(), SIGUSR1);
    struct signalfd_siginfo ssi;
    ssize_t n = read(fd, &ssi, sizeof ssi);
    printf("signalfd read %zd signo %u code %d pid-ok %d\n", n, ssi.ssi_signo, ssi.ssi_code,
           ssi.ssi_pid == (unsigned)getpid());
    close(fd);

    /* queued real-time signals, delivered in order when unblocked */
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &rt, NULL);
    for (int i = 1; i <= 3; i++) {
        v.sival_int = 100 + i;
        sigqueue(getpid(), SIGRTMIN + 2, v);
    }
    show_mask("rt blocked");
    sigprocmask(SIG_UNBLOCK, &rt, NULL);
    printf("hits %d\n", hits);

    /* unblocking with both pending: sa_mask of the first does not block the second */
    raise(SIGUSR2);
    raise(SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    printf("hits %d\n", hits);

    /* pause until SIGALRM, sent once this process sleeps ('S' in /proc/PID/stat) */
    pid_t parent = getpid(), poker = fork();
    if (poker == 0) {
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/%d/stat", (int)parent);
        for (;;) {
            FILE *f = fopen(path, "r");
            size_t got = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
            if (f) fclose(f);
            buf[got] = 0;
            char *st = strrchr(buf, ')');
            if (st && st[1] == ' ' && st[2] == 'S') break;
            usleep(2000);
        }
        kill(parent, SIGALRM);
        _exit(0);
    }
    r = pause();
    printf("pause %d %s hits %d\n", r, errno == EINTR ? "EINTR" : "?", hits);
    waitpid(poker, NULL, 0);
    return 0;
}
