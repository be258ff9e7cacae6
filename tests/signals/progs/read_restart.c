// A blocking read on a pipe interrupted by SIGALRM: without SA_RESTART it fails with EINTR,
// with SA_RESTART it is restarted and returns the bytes the handler wrote; the same for
// nanosleep (never restarted) and wait for a child (restarted).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static volatile sig_atomic_t hits;

static void on_alarm(int sig) {
    (void)sig;
    hits++;
    if (write(fds[1], "x", 1) != 1) _exit(3);
}

static void arm(int restart) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 100000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void) {
    char buf[8];
    if (pipe(fds)) return 1;
    arm(0);
    ssize_t n = read(fds[0], buf, sizeof buf);
    printf("no SA_RESTART: read %zd errno %s hits %d\n", n, n < 0 && errno == EINTR ? "EINTR" : "-",
           hits);
    n = read(fds[0], buf, sizeof buf); /* the byte the handler wrote */
    printf("then read %zd\n", n);

    arm(1);
    n = read(fds[0], buf, sizeof buf);
    printf("SA_RESTART: read %zd '%c' hits %d\n", n, n > 0 ? buf[0] : '?', hits);

    arm(1);
    struct timespec ts = {5, 0}, rem;
    int r = nanosleep(&ts, &rem);
    printf("nanosleep %d errno %s rem<5 %d\n", r, r < 0 && errno == EINTR ? "EINTR" : "-",
           rem.tv_sec < 5);
    read(fds[0], buf, sizeof buf);

    pid_t child = fork();
    if (child == 0) {
        usleep(300000);
        _exit(7);
    }
    arm(1);
    int st;
    pid_t w = waitpid(child, &st, 0);
    printf("waitpid restarted: %d status %d hits %d\n", w == child, WEXITSTATUS(st), hits);
    read(fds[0], buf, sizeof buf);

    arm(0);
    child = fork();
    if (child == 0) {
        usleep(300000);
        _exit(8);
    }
    w = waitpid(child, &st, 0);
    printf("waitpid no restart: %d errno %s\n", (int)w, w < 0 && errno == EINTR ? "EINTR" : "-");
    w = waitpid(child, &st, 0);
    printf("waitpid again: %d status %d\n", w == child, WEXITSTATUS(st));
    return 0;
}
