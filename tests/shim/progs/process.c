/* process.c — fork, wait status, exit codes, execve of a host program, signals sent and
 * ignored (SIGPIPE -> EPIPE), death by SIGTERM seen by the parent. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int st;
    pid_t c = fork();
    if (c == 0) _exit(42);
    printf("fork: child>0 %d wait same %d ", c > 0, waitpid(c, &st, 0) == c);
    printf("exited %d code %d\n", WIFEXITED(st), WEXITSTATUS(st));
    c = fork();
    if (c == 0) {
        kill(getpid(), SIGTERM);
        _exit(0);
    }
    waitpid(c, &st, 0);
    printf("signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
    int pp[2];
    pipe(pp);
    c = fork();
    if (c == 0) {
        close(pp[0]);
        dup2(pp[1], 1);
        execl("/bin/echo", "echo", "from", "exec", (char *)NULL);
        _exit(127);
    }
    close(pp[1]);
    char buf[64] = {0};
    ssize_t n = read(pp[0], buf, sizeof buf - 1);
    waitpid(c, &st, 0);
    printf("exec output (%zd): %s", n, buf);
    printf("exec status %d\n", WEXITSTATUS(st));
    signal(SIGPIPE, SIG_IGN);
    pipe(pp);
    close(pp[0]);
    errno = 0;
    printf("write to closed pipe: %zd %s\n", write(pp[1], "x", 1), strerror(errno));
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    printf("sigprocmask: %d\n", sigprocmask(SIG_BLOCK, &set, &old));
    kill(getpid(), SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("USR1 pending: %d\n", sigismember(&pend, SIGUSR1));
    signal(SIGUSR1, SIG_IGN);
    sigpending(&pend);
    printf("USR1 pending after ignore: %d\n", sigismember(&pend, SIGUSR1));
    fflush(stdout);
    return 3;
}
