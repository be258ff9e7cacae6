// No signal is ever lost: parent and child bounce SIGUSR1 thousands of times, each waiting in
// sigsuspend with the signal blocked otherwise (a lost wake-up hangs the test); then a timer
// storm (every 200us) over a loop of system calls and translated code, counting handler runs
// against the timer's own count of expirations; finally SIGCHLD with SA_RESTART over reads.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 3000

static volatile sig_atomic_t got, ticks;

static void on_usr1(int sig) {
    (void)sig;
    got++;
}

static void on_tick(int sig, siginfo_t *si, void *uc) {
    (void)sig;
    (void)uc;
    ticks += 1 + si->si_overrun;
}

static void bounce(pid_t peer, int first) {
    sigset_t empty;
    sigemptyset(&empty);
    for (int i = 0; i < ROUNDS; i++) {
        if (first) kill(peer, SIGUSR1);
        while (got <= i)
            sigsuspend(&empty);
        if (!first) kill(peer, SIGUSR1);
    }
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, NULL);
    pid_t parent = getpid();
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        bounce(parent, 0);
        _exit(got == ROUNDS ? 0 : 1);
    }
    bounce(child, 1);
    int st;
    waitpid(child, &st, 0);
    printf("bounced %d, child status %d\n", (int)got, WEXITSTATUS(st));

    /* timer storm: a POSIX timer counts its overruns, so handler runs + overruns add up to
       every expiration; none may go missing whatever the guest is doing */
    sa.sa_sigaction = on_tick;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    timer_t t;
    struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM};
    timer_create(CLOCK_MONOTONIC, &ev, &t);
    struct itimerspec its = {{0, 200000}, {0, 200000}};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0); /* before arming: every expiration is after it */
    timer_settime(t, 0, &its, NULL);
    int fds[2];
    if (pipe(fds)) return 1;
    unsigned long sum = 0;
    do {
        char c = 'a';
        if (write(fds[1], &c, 1) != 1 || read(fds[0], &c, 1) != 1) printf("io failed\n");
        for (int k = 0; k < 2000; k++)
            sum += (unsigned long)k * c;
        getppid();
        clock_gettime(CLOCK_MONOTONIC, &t1);
    } while ((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) < 300000000L);
    its.it_value.tv_nsec = 0;
    its.it_interval.tv_nsec = 0;
    struct itimerspec left;
    sigset_t a;
    sigemptyset(&a);
    sigaddset(&a, SIGALRM);
    sigprocmask(SIG_BLOCK, &a, NULL);
    timer_settime(t, 0, &its, &left);
    /* every expiration until the timer was disarmed (t2) counted, none invented */
    struct timespec t2;
    clock_gettime(CLOCK_MONOTONIC, &t2);
    long loop_us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
    long armed_us = (t2.tv_sec - t0.tv_sec) * 1000000L + (t2.tv_nsec - t0.tv_nsec) / 1000;
    printf("ticks plausible: %d (sum %s)\n",
           ticks >= loop_us / 200 / 4 && ticks <= armed_us / 200 + 2, sum ? "nonzero" : "zero");

    /* SIGCHLD with SA_RESTART interrupting a blocking read */
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    got = 0;
    child = fork();
    if (child == 0) {
        usleep(100000);
        _exit(0);
    }
    pid_t writer = fork();
    if (writer == 0) {
        usleep(300000);
        if (write(fds[1], "z", 1) != 1) _exit(1);
        _exit(0);
    }
    char c = 0;
    ssize_t n = read(fds[0], &c, 1);
    printf("read %zd '%c' after SIGCHLD (handled %d)\n", n, c, got >= 1);
    while (wait(NULL) > 0) {
    }
    return 0;
}
