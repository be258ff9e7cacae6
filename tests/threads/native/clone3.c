/* clone3.c — the clone3 system call without the C library's wrappers: threads on their own
 * stacks (CLONE_THREAD, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID), fork-like children
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

/* A thread made by clone3 itself: the child starts on its own stack in the middle of this
 * function, calls fn there and exits with SYS_exit; only the kernel's ABI is involved. */
static long clone3_thread(struct clone_args *a, void (*fn)(void)) {
#if defined(__aarch64__)
    register long x0 __asm__("x0") = (long)a;
    register long x1 __asm__("x1") = sizeof *a;
    register long x2 __asm__("x2") = (long)fn;
    __asm__ volatile("mov x8, #435\n"
                     "svc #0\n"
                     "cbnz x0, 1f\n"
                     "blr x2\n"
                     "mov x0, #0\n"
                     "mov x8, #93\n"
                     "svc #0\n"
                     "1:\n"
                     : "+r"(x0)
                     : "r"(x1), "r"(x2)
                     : "x8", "x30", "memory", "cc");
    return x0;
#else
    long r;
    __asm__ volatile("mov $435, %%eax\n"
                     "syscall\n"
                     "test %%rax, %%rax\n"
                     "jnz 1f\n"
                     "call *%%rdx\n"
                     "mov $60, %%eax\n"
                     "xor %%edi, %%edi\n"
                     "syscall\n"
                     "1:\n"
                     : "=a"(r)
                     : "D"(a), "S"(sizeof *a), "d"(fn)
                     : "rcx", "r11", "memory", "cc");
    return r;
#endif
}

static volatile int thread_ran;
static int thread_tid_slot;

static void thread_fn(void) {
    __atomic_store_n(&thread_ran, 1, __ATOMIC_SEQ_CST);
}

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

    static char stack[65536] __attribute__((aligned(16)));
    for (int round = 0; round < 3; round++) {
        memset(&a, 0, sizeof a);
        a.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                  CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
        a.parent_tid = a.child_tid = (uint64_t)(uintptr_t)&thread_tid_slot;
        a.stack = (uint64_t)(uintptr_t)stack;
        a.stack_size = sizeof stack;
        thread_ran = 0;
        long tid = clone3_thread(&a, thread_fn);
        int ok = tid > 0 && tid != getpid();
        /* CLONE_CHILD_CLEARTID: the slot becomes 0 with a futex wake when the thread ends */
        for (int v; (v = __atomic_load_n(&thread_tid_slot, __ATOMIC_SEQ_CST)) != 0;)
            syscall(SYS_futex, &thread_tid_slot, 0 /* FUTEX_WAIT */, v, NULL, NULL, 0);
        printf("clone3 thread %d: tid %s, ran %d, cleared\n", round, ok ? "ok" : "wrong",
               thread_ran);
    }

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
