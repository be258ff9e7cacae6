// SIGSEGV and SIGBUS with SA_SIGINFO: si_signo, si_code (SEGV_MAPERR, SEGV_ACCERR, BUS_ADRERR)
// and si_addr of the faulting access, left with siglongjmp; the mask is restored by it.
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf jb;
static volatile uintptr_t expect;

static void on_fault(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    printf("sig %d code %d errno %d addr %s\n", si->si_signo, si->si_code, si->si_errno,
           (uintptr_t)si->si_addr == expect ? "ok" : "WRONG");
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("  in handler: %d blocked %d\n", sig, sigismember(&cur, sig));
    siglongjmp(jb, sig);
}

static void try_read(volatile int *p) {
    expect = (uintptr_t)p;
    int r = sigsetjmp(jb, 1);
    if (r == 0) {
        printf("read %d\n", *p);
    } else {
        sigset_t cur;
        sigprocmask(SIG_BLOCK, NULL, &cur);
        printf("  back: %d blocked %d\n", r, sigismember(&cur, r));
    }
}

static void try_write(volatile int *p) {
    expect = (uintptr_t)p;
    if (sigsetjmp(jb, 1) == 0) {
        *p = 1;
        printf("wrote\n");
    }
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    try_read((volatile int *)16);
    try_read((volatile int *)0x7000);
    int *ro = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    try_read(ro + 1);
    try_write(ro + 3);
    mprotect(ro, 8192, PROT_NONE);
    try_read(ro + 1024 + 5);
    munmap(ro, 8192);
    try_write(ro + 7);
    /* a file mapping beyond the end of the file */
    char path[] = "/tmp/segv_info_XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    if (write(fd, "abcd", 4) != 4) return 1;
    int *fm = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
    try_read(fm);
    try_read(fm + 1024 + 2);
    for (int i = 0; i < 3; i++)
        try_read((volatile int *)(uintptr_t)(8 * i));
    printf("done\n");
    return 0;
}
