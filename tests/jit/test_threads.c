/* test_threads.c — one jit shared by several host threads: chaining, the inline lookup table
 * and translation racing with each other, with invalidations from another thread, and with a
 * code buffer so small that it is flushed (world stopped) many times per run. Every thread
 * must still count exactly. */
#include "emujit.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define NBLOCKS  400 /* add x0, x0, #1 ; b next — one block each */
#define ITERS    150
#define NTHREADS 4

static jit_t *j;
static uint32_t *code;
static volatile int stop_invalidating;

static void build_code(void) {
    code = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(code != MAP_FAILED);
    int k = 0;
    for (int b = 0; b < NBLOCKS; b++) {
        code[k++] = 0x91000400; /* add x0, x0, #1 */
        code[k++] = 0x14000001; /* b .+4 */
    }
    code[k++] = 0xf1000421; /* subs x1, x1, #1 */
    int32_t back = -k;      /* b.ne code[0] */
    code[k] = 0x54000001u | (((uint32_t)back & 0x7ffff) << 5);
    k++;
    code[k++] = 0xd4000001; /* svc 0 */
}

static void *runner(void *arg) {
    (void)arg;
    emu_cpu *cpu = aligned_alloc(64, (sizeof *cpu + 63) & ~(size_t)63);
    jit_cpu_init(j, cpu);
    cpu->pc = (uint64_t)(uintptr_t)code;
    cpu->x[1] = ITERS;
    int r;
    while ((r = jit_run(cpu)) == JIT_EXIT_INTERRUPT)
        cpu->pending = 0; /* a flush asked this thread out of guest code */
    long result = r == JIT_EXIT_SVC ? (long)cpu->x[0] : -r;
    jit_cpu_release(cpu);
    free(cpu);
    return (void *)result;
}

static void *invalidator(void *arg) {
    (void)arg;
    for (int i = 0; !stop_invalidating; i++) {
        uint64_t at = (uint64_t)(uintptr_t)code + 8u * (uint64_t)(i % NBLOCKS);
        jit_invalidate(j, at, 8);
    }
    return NULL;
}

static void run_threads(size_t code_size, bool invalidate) {
    build_code();
    cr_assert(jit_create(&j, code_size) == 0);
    pthread_t t[NTHREADS], inv;
    stop_invalidating = 0;
    if (invalidate) pthread_create(&inv, NULL, invalidator, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, runner, NULL);
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        cr_expect((long)r == (long)NBLOCKS * ITERS, "thread %d counted %ld", i, (long)r);
    }
    stop_invalidating = 1;
    if (invalidate) pthread_join(inv, NULL);
    jit_stats st;
    jit_get_stats(j, &st);
    if (code_size < (64u << 10)) cr_expect(st.flushes > 0, "the small buffer was never flushed");
    jit_destroy(j);
    munmap(code, 16384);
}

Test(threads, shared_jit_counts_exactly) {
    run_threads(8u << 20, false);
}

Test(threads, invalidation_while_running) {
    run_threads(8u << 20, true);
}

Test(threads, flushes_with_the_world_stopped) {
    run_threads(24u << 10, false);
}

Test(threads, flushes_and_invalidation) {
    run_threads(24u << 10, true);
}
