/* spawn.c — the arm64 guest that keeps starting arm64 programs (through binfmt_misc) while
 * emud is restarted: runs PROGRAM short until the file /stop exists, checks every run's exit
 * status and output against the first, and says how many runs there were and how many failed. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(const char *prog, char *out, size_t cap) {
    int p[2];
    if (pipe(p)) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        execl(prog, prog, "short", (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    size_t n = 0;
    ssize_t k;
    while (n + 1 < cap && (k = read(p[0], out + n, cap - 1 - n)) > 0)
        n += (size_t)k;
    out[n] = 0;
    close(p[0]);
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    char first[256] = "", out[256];
    int runs = 0, fails = 0;
    for (;;) {
        bool stop = access("/stop", F_OK) == 0;
        int st = run(argv[1], out, sizeof out);
        if (++runs == 1) memcpy(first, out, sizeof first);
        if (st || strcmp(out, first) || !out[0]) {
            fails++;
            fprintf(stderr, "run %d: status %d, output '%s'\n", runs, st, out);
        }
        if (stop) break;
    }
    printf("runs %d failures %d\n", runs, fails);
    return fails != 0;
}
