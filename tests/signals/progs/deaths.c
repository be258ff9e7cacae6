// Default actions: children killed by SIGTERM, SIGUSR1, SIGALRM, SIGKILL, SIGQUIT, SIGABRT,
// SIGSEGV (a fault with no handler, and one whose handler is blocked), SIGILL, SIGTRAP, SIGBUS
// and SIGFPE (sent), a stack overflow with no room for the handler's frame, a SA_RESETHAND handler
// that runs once; ignored and default-ignored signals do nothing; the parent sees the signal in the
// wait status.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int *volatile bad = (volatile int *)8;

static void on_once(int sig) {
    printf("  once %d\n", sig);
    fflush(stdout);
}

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(int n) {
    volatile char pad[512];
    pad[0] = (char)n;
    return recurse(n + 1) + pad[0];
}

static void child(int how) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    switch (how) {
    case 0: raise(SIGTERM); break;
    case 1: raise(SIGUSR1); break;
    case 2:
        alarm(1);
        for (;;)
            pause();
        break;
    case 3: raise(SIGKILL); break;
    case 4: raise(SIGQUIT); break;
    case 5: abort(); break;
    case 6: *bad = 1; break;
    case 7: {
        sa.sa_handler = on_once;
        sigaction(SIGSEGV, &sa, NULL);
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGSEGV);
        sigprocmask(SIG_BLOCK, &s, NULL);
        *bad = 1;
        break;
    }
    case 8: __asm__ volatile(".inst 0x00000000"); break;
    case 9: __asm__ volatile("brk #1"); break;
    case 10: raise(SIGBUS); break;
    case 11: raise(SIGFPE); break;
    case 12:
        sa.sa_handler = on_once;
        sa.sa_flags = SA_RESETHAND;
        sigaction(SIGUSR2, &sa, NULL);
        raise(SIGUSR2);
        raise(SIGUSR2);
        break;
    case 13:
        signal(SIGTERM, SIG_IGN);
        raise(SIGTERM);
        raise(SIGCHLD);
        raise(SIGWINCH);
        raise(SIGURG);
        printf("  still here\n");
        fflush(stdout);
        exit(5);
    case 14: {
        sa.sa_handler = on_once;
        sigaction(SIGTRAP, &sa, NULL);
        signal(SIGTRAP, SIG_IGN);
        __asm__ volatile("brk #2"); /* an ignored fault still kills */
        break;
    }
    case 15: /* stack overflow with a handler but no alternate stack: no room for a frame */
        sa.sa_handler = on_once;
        sigaction(SIGSEGV, &sa, NULL);
        recurse(0);
        break;
    }
    printf("  survived %d\n", how);
    fflush(stdout);
    exit(0);
}

int main(void) {
    for (int how = 0; how <= 15; how++) {
        fflush(stdout);
        pid_t p = fork();
        if (p == 0) child(how);
        int st;
        waitpid(p, &st, 0);
        if (WIFSIGNALED(st))
            printf("case %d: killed by %d\n", how, WTERMSIG(st));
        else
            printf("case %d: exit %d\n", how, WEXITSTATUS(st));
    }
    return 0;
}
