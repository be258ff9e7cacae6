// A blocking read on a pipe interrupted by SIGALRM: without SA_RESTART it fails with EINTR,
// with SA_RESTART it is restarted and returns the byte the handler wrote; nanosleep is never
// restarted; waitpid is restarted, or fails with EINTR without SA_RESTART. The signal comes
// from a helper process once this one sleeps in the kernel, so the outcome never depends on
// the machine's load.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fds[2], go[2];
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
}

/* A child that sends SIGALRM once the parent is asleep ('S' in /proc/PID/stat), and then,
 * if asked, lets the parent's waited-for child go. */
static pid_t poke_when_asleep(int release) {
    pid_t parent = getpid(), p = fork();
    if (p != 0) return p;
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)parent);
    for (;;) {
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
        if (f) fclose(f);
        buf[n] = 0;
        char *st = strrchr(buf, ')');
        if (st && st[1] == ' ' && st[2] == 'S') break;
        usleep(2000);
    }
    usleep(20000);
    kill(parent, SIGALRM);
    usleep(50000);
    if (release && write(go[1], "g", 1) != 1) _exit(1);
    _exit(0);
}

int main(void) {
    char buf[8];
    if (pipe(fds)) return 1;
    arm(0);
    pid_t poker = poke_when_asleep(0);
    ssize_t n = read(fds[0], buf, sizeof buf);
    printf("no SA_RESTART: read %zd errno %s hits %d\n", n, n < 0 && errno == EINTR ? "EINTR" : "-",
           hits);
    waitpid(poker, NULL, 0);
    n = read(fds[0], buf, sizeof buf); /* the byte the handler wrote */
    printf("then read %zd\n", n);

    arm(1);
    poker = poke_when_asleep(0);
    n = read(fds[0], buf, sizeof buf);
    printf("SA_RESTART: read %zd '%c' hits %d\n", n, n > 0 ? buf[0] : '?', hits);
    waitpid(poker, NULL, 0);

    poker = poke_when_asleep(0);
    struct timespec ts = {20, 0}, rem;
    int r = nanosleep(&ts, &rem);
    printf("nanosleep %d errno %s rem<20 %d\n", r, r < 0 && errno == EINTR ? "EINTR" : "-",
           rem.tv_sec < 20);
    waitpid(poker, NULL, 0);
    read(fds[0], buf, sizeof buf);

    if (pipe(go)) return 1;
    for (int restart = 1; restart >= 0; restart--) {
        arm(restart);
        pid_t child = fork();
        if (child == 0) { /* exits when told */
            char c;
            if (read(go[0], &c, 1) != 1) _exit(1);
            _exit(7 + restart);
        }
        poker = poke_when_asleep(restart);
        int st = 0;
        pid_t w = waitpid(child, &st, 0);
        if (restart)
            printf("waitpid restarted: %d hits %d\n", w == child, hits);
        else
            printf("waitpid no restart: %d errno %s\n", (int)w,
                   w < 0 && errno == EINTR ? "EINTR" : "-");
        waitpid(poker, NULL, 0);
        read(fds[0], buf, sizeof buf);
        if (!restart) {
            if (write(go[1], "g", 1) != 1) return 1;
            waitpid(child, &st, 0);
        }
        printf("child status %d\n", WEXITSTATUS(st));
    }
    return 0;
}
