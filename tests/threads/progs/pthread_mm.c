/* pthread_mm.c — guest threads changing the address space at once: malloc arenas (each
 * thread's first malloc maps one), mmap/mprotect/munmap of private anonymous memory,
 * mremap, and code generated into a fresh mapping and run (the translator must never run a
 * block of an earlier mapping at the same address). Prints totals only. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mremap */
#endif
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NT 8

static void *mapper(void *arg) {
    long id = (long)arg;
    uint64_t sum = 0;
    for (int i = 0; i < 100; i++) {
        size_t len = (size_t)(1 + (i + id) % 16) * 4096;
        unsigned char *p =
            mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return (void *)-1L;
        memset(p, (int)(i & 0xff), len);
        unsigned char *q = mremap(p, len, 2 * len, MREMAP_MAYMOVE);
        if (q == MAP_FAILED) return (void *)-3L;
        q[2 * len - 1] = 3;
        if (mprotect(q, 2 * len, PROT_READ)) return (void *)-2L;
        sum += q[0] + q[len - 1] + q[len] + q[2 * len - 1];
        munmap(q, 2 * len);
        char *m = malloc((size_t)(16 + i * 37 % 5000));
        memset(m, 1, 16);
        sum += (uint64_t)m[15];
        free(m);
    }
    return (void *)(long)sum;
}

/* mov w0, #imm ; ret — written into a fresh executable mapping each time, with a new value */
static void *coder(void *arg) {
    long id = (long)arg;
    long sum = 0;
    for (int i = 0; i < 100; i++) {
        uint32_t *code =
            mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (code == MAP_FAILED) return (void *)-1L;
        unsigned imm = (unsigned)(id * 1000 + i) & 0xffff;
        code[0] = 0x52800000u | (imm << 5); /* movz w0, #imm */
        code[1] = 0xd65f03c0u;              /* ret */
        __builtin___clear_cache((char *)code, (char *)(code + 2));
        if (mprotect(code, 4096, PROT_READ | PROT_EXEC)) return (void *)-2L;
        int (*fn)(void) = (int (*)(void))(uintptr_t)code;
        sum += fn();
        munmap(code, 4096);
    }
    return (void *)sum;
}

int main(void) {
    pthread_t t[2 * NT];
    for (long i = 0; i < NT; i++) {
        pthread_create(&t[i], NULL, mapper, (void *)i);
        pthread_create(&t[NT + i], NULL, coder, (void *)i);
    }
    long msum = 0, csum = 0;
    for (int i = 0; i < 2 * NT; i++) {
        void *r;
        pthread_join(t[i], &r);
        if ((long)r < 0) printf("thread %d failed: %ld\n", i, (long)r);
        if (i < NT)
            msum += (long)r;
        else
            csum += (long)r;
    }
    printf("mapper sum %ld\ncode sum %ld\n", msum, csum);
    return 0;
}
