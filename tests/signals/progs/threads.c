// Signals and threads: pthread_kill reaches the one thread named; a process-directed signal
// goes to the thread that does not block it; a new thread starts with its creator's mask;
// sigwait in a dedicated thread collects signals the others block; a thread waiting in
// sem_wait (a futex) runs its handler and gets EINTR; a handler runs on the thread it
// interrupted; pthread_sigqueue carries a value to one thread.
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int usr1_on[3], usr2_main, usr2_other;
static volatile int stop;
static pthread_t main_thread;
static sem_t sem, ack;
static volatile pid_t sleeper_tid;

static int whoami(void) {
    return pthread_equal(pthread_self(), main_thread) ? 0 : 1;
}

static void on_usr1(int sig) {
    (void)sig;
    usr1_on[whoami()]++;
}

static void on_usr2(int sig) {
    (void)sig;
    if (whoami() == 0)
        usr2_main++;
    else
        usr2_other++;
}

static volatile int queued_value, queued_thread;

static void on_queued(int sig, siginfo_t *si, void *uc) {
    (void)sig;
    (void)uc;
    queued_thread = whoami();
    queued_value = si->si_code == SI_QUEUE ? si->si_value.sival_int : -1;
}

static void *spinner(void *arg) {
    (void)arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s, NULL); /* SIGUSR2 is for the main thread */
    while (!stop) {
    }
    return NULL;
}

static void *inherits(void *arg) {
    (void)arg;
    sigset_t cur;
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    printf("new thread: hup blocked %d, usr1 blocked %d\n", sigismember(&cur, SIGHUP),
           sigismember(&cur, SIGUSR1));
    return NULL;
}

static void *waiter(void *arg) {
    (void)arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGHUP);
    int got = 0, n = 0;
    while (n < 3 && sigwait(&s, &got) == 0) {
        printf("sigwait got %d\n", got);
        n++;
        sem_post(&ack);
    }
    return NULL;
}

static void *sleeper(void *arg) {
    (void)arg;
    sleeper_tid = (pid_t)syscall(SYS_gettid);
    int r = sem_wait(&sem);
    printf("sem_wait %d %s usr1 on it %d\n", r, r ? (errno == EINTR ? "EINTR" : "?") : "ok",
           usr1_on[1]);
    return NULL;
}

/* Until the thread whose id *tid holds sleeps in the kernel ('S' in its stat). */
static void wait_asleep(volatile pid_t *tid) {
    while (!*tid) {
    }
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)*tid);
    for (;;) {
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
        if (f) fclose(f);
        buf[n] = 0;
        char *st = strrchr(buf, ')');
        if (st && st[1] == ' ' && st[2] == 'S') return;
        usleep(2000);
    }
}

int main(void) {
    main_thread = pthread_self();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);

    pthread_t t;
    pthread_create(&t, NULL, spinner, NULL);
    usleep(50000);
    pthread_kill(t, SIGUSR1);
    while (!usr1_on[1]) {
    }
    printf("pthread_kill: spinner %d main %d\n", usr1_on[1], usr1_on[0]);
    for (int i = 0; i < 10; i++)
        kill(getpid(), SIGUSR2);
    usleep(50000);
    printf("process SIGUSR2: main %s, other %d\n", usr2_main > 0 ? "yes" : "no", usr2_other);
    stop = 1;
    pthread_join(t, NULL);

    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    pthread_create(&t, NULL, inherits, NULL);
    pthread_join(t, NULL);

    sem_init(&ack, 0, 0);
    pthread_create(&t, NULL, waiter, NULL);
    for (int i = 0; i < 3; i++) { /* one at a time: a second pending SIGHUP would merge */
        kill(getpid(), SIGHUP);
        sem_wait(&ack);
    }
    pthread_join(t, NULL);

    /* rt_tgsigqueueinfo: a value to one thread */
    sa.sa_sigaction = on_queued;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 1, &sa, NULL);
    stop = 0;
    pthread_create(&t, NULL, spinner, NULL);
    union sigval v = {.sival_int = 77};
    pthread_sigqueue(t, SIGRTMIN + 1, v);
    while (!queued_value) {
    }
    printf("pthread_sigqueue: value %d on the other thread %d\n", queued_value, queued_thread);
    stop = 1;
    pthread_join(t, NULL);

    usr1_on[1] = 0;
    sem_init(&sem, 0, 0);
    pthread_create(&t, NULL, sleeper, NULL);
    wait_asleep(&sleeper_tid);
    pthread_kill(t, SIGUSR1);
    usleep(100000);
    sem_post(&sem);
    pthread_join(t, NULL);
    return 0;
}
