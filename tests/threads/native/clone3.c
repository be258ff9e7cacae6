/* clone3.c — the clone3 system call without the C library's wrappers: fork-like children
 * (exit signal, CLONE_PARENT_SETTID, CLONE_CHILD_SETTID, CLONE_VFORK ordering) and the
 * argument checks (size, unknown tail, flags). struct clone_args is the same on every
 * architecture; the oracle is this program built for the host (qemu-aarch64 7.2 has no
 * clone3). */
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long clone3_raw(struct clone_args *a, size_t size) {
    long r = syscall(SYS_clone3, a, size);
    return r < 0 ? -errno : r;
}

static int child_tid_slot, parent_tid_slot;

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct clone_args a;
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    long pid = clone3_raw(&a, sizeof a);
    if (pid == 0) _exit(5);
    int st = 0;
    waitpid((pid_t)pid, &st, 0);
    printf("fork: exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

    memset(&a, 0, sizeof a);
    a.flags = CLONE_PARENT_SETTID | CLONE_CHILD_SETTID;
    a.exit_signal = SIGCHLD;
    a.parent_tid = (uint64_t)(uintptr_t)&parent_tid_slot;
    a.child_tid = (uint64_t)(uintptr_t)&child_tid_slot;
    pid = clone3_raw(&a, sizeof a);
    if (pid == 0) _exit(child_tid_slot == getpid() ? 1 : 2);
    waitpid((pid_t)pid, &st, 0);
    printf("settid: parent slot %s, child slot %s\n", parent_tid_slot == pid ? "ok" : "wrong",
           WEXITSTATUS(st) == 1 ? "ok" : "wrong");

    memset(&a, 0, sizeof a);
    a.flags = CLONE_VFORK;
    a.exit_signal = SIGCHLD;
    pid = clone3_raw(&a, sizeof a);
    if (pid == 0) {
        usleep(20000);
        printf("vfork child runs first\n");
        _exit(0);
    }
    printf("vfork parent resumes after it\n");
    waitpid((pid_t)pid, &st, 0);

    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    printf("size 32: %ld\n", clone3_raw(&a, 32));
    static unsigned char big[8192];
    printf("size 8192: %ld\n", clone3_raw((struct clone_args *)big, sizeof big));
    big[200] = 1;
    printf("non-zero tail: %ld\n", clone3_raw((struct clone_args *)big, 4096));
    a.flags = SIGCHLD;
    printf("signal in flags: %ld\n", clone3_raw(&a, sizeof a));
    a.flags = CLONE_THREAD | CLONE_VM;
    a.exit_signal = 0;
    printf("thread without sighand: %ld\n", clone3_raw(&a, sizeof a));
    a.flags = 0;
    a.exit_signal = SIGCHLD;
    a.stack = 4096;
    printf("stack without size: %ld\n", clone3_raw(&a, sizeof a));
    return 0;
}
