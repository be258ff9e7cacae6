// A SIGSEGV handler that makes the page accessible and returns: the faulting load or store is
// executed again with every register as it was (the state is precise inside translated
// loops that keep values in host registers), as garbage collectors and guest JITs rely on.
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char *region;
static long page;
static int faults;

static void on_segv(int sig, siginfo_t *si, void *uc) {
    (void)sig;
    (void)uc;
    char *p = (char *)((uintptr_t)si->si_addr & ~(uintptr_t)(page - 1));
    faults++;
    if (p < region || p >= region + 16 * page || mprotect(p, page, PROT_READ | PROT_WRITE))
        _exit(9);
}

__attribute__((noinline)) static uint64_t churn(uint64_t *a, long n) {
    uint64_t s1 = 1, s2 = 2, s3 = 3, s4 = 4, s5 = 5, s6 = 6;
    for (long i = 0; i < n; i++) {
        s1 = s1 * 31 + (uint64_t)i;
        s2 ^= s1 >> 3;
        s3 += s2 * 7;
        s4 = (s4 << 1) | (s3 >> 63);
        s5 += s4 ^ s1;
        s6 -= s5 + s2;
        a[i * 64] = s1 ^ s6; /* every 512 bytes: a fault at each new page */
        s3 += a[i * 64 / 2];
    }
    return s1 + s2 + s3 + s4 + s5 + s6;
}

int main(void) {
    page = sysconf(_SC_PAGESIZE);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    region = mmap(NULL, 16 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long n = 16 * page / 512;
    uint64_t r = churn((uint64_t *)region, n);
    printf("result %llx faults %d\n", (unsigned long long)r, faults);
    mprotect(region, 16 * page, PROT_READ);
    r = 0;
    for (long i = 0; i < 16 * page / 8; i += 64)
        r += ((uint64_t *)region)[i];
    printf("sum %llx\n", (unsigned long long)r);
    mprotect(region, 16 * page, PROT_NONE);
    r = churn((uint64_t *)region, n); /* faults again (pages are PROT_NONE again) */
    printf("again %llx faults %d\n", (unsigned long long)r, faults);
    return 0;
}
