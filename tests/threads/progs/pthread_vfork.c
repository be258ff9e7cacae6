/* pthread_vfork.c — vfork from a multithreaded process while the other threads keep the
 * translator busy: each writes fresh code (mov w0, #n; ret) into its own executable page and
 * calls it, so new blocks are translated (and memory allocated for them) all the time. The
 * vfork child runs code of its own that no one translated before and leaves with _exit; the
 * parent resumes once the child is gone and checks the status. A child that inherited a lock
 * another thread held at the vfork would hang here. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int stop;

typedef int (*gen_fn)(void);

/* mov w0, #imm16 ; ret */
static gen_fn emit(uint32_t *code, unsigned imm) {
    code[0] = 0x52800000u | ((imm & 0xffffu) << 5);
    code[1] = 0xd65f03c0u;
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    return (gen_fn)(uintptr_t)code;
}

static uint32_t *code_page(void) {
    void *p =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void *busy(void *arg) {
    uint32_t *code = arg;
    unsigned n = 0;
    long sum = 0;
    while (!stop) {
        unsigned slot = (n % 256) * 2; /* a new address most of the time, and new bytes */
        sum += emit(code + slot, n & 0xffff)();
        n++;
    }
    return (void *)sum;
}

int main(void) {
    pthread_t t[4];
    uint32_t *pages[5];
    for (int i = 0; i < 5; i++)
        if (!(pages[i] = code_page())) return perror("mmap"), 1;
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, busy, pages[i]);
    long total = 0;
    for (int i = 0; i < 24; i++) {
        pid_t pid = vfork();
        if (pid == 0) _exit(emit(pages[4] + 2 * i, (unsigned)(i * 5 + 1))() % 100);
        if (pid < 0) return perror("vfork"), 1;
        int st = 0;
        waitpid(pid, &st, 0);
        total += WIFEXITED(st) ? WEXITSTATUS(st) : 1000;
    }
    stop = 1;
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("children's statuses: %ld\n", total);
    return 0;
}
