// Asynchronous signals reach a guest spinning in translated code: SIGALRM from alarm() and
// setitimer() interrupting tight loops (a self-loop and a loop over several blocks), raise()
// and kill() handled before they return, and SIGALRM with SA_RESTART while in a loop.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static volatile sig_atomic_t ticks;

static void on_alarm(int sig) {
    (void)sig;
    got = 1;
}

static void on_tick(int sig) {
    (void)sig;
    ticks++;
}

static void on_usr(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    printf("handler %d code %d from self %d\n", sig, si->si_code, si->si_pid == getpid());
}

__attribute__((noinline)) static unsigned long spin(void) {
    unsigned long n = 0;
    while (!got)
        n++;
    return n;
}

__attribute__((noinline)) static unsigned long spin_calls(void) {
    unsigned long n = 0;
    while (ticks < 5) {
        n += (n & 7) ? 1 : 3;
        if (n % 1000 == 999) n ^= 1;
    }
    return n;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
    printf("spun %s\n", spin() > 0 ? "some" : "none");

    sa.sa_handler = on_tick;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 20000}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    spin_calls();
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    printf("ticks >= 5: %d\n", ticks >= 5);

    sa.sa_sigaction = on_usr;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    printf("raise\n");
    raise(SIGUSR1);
    printf("kill\n");
    kill(getpid(), SIGUSR2);
    printf("after\n");
    /* blocked, then unblocked: delivered during sigprocmask, lowest first */
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, NULL);
    kill(getpid(), SIGUSR2);
    raise(SIGUSR1);
    printf("blocked, both pending\n");
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    printf("unblocked\n");
    return 0;
}
