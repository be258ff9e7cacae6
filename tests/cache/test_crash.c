/* test_crash.c — crash safety: a child writing batches (puts, warm adds, evictions, flushes)
 * is killed with SIGKILL at random moments; the store must open and verify clean each time. */
#include "testutil.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

/* EMU_CRASH_ROUNDS overrides, for longer runs by hand. */
static int crash_rounds(void) {
    const char *e = getenv("EMU_CRASH_ROUNDS");
    int n = e ? atoi(e) : 0;
    return n > 0 ? n : 8;
}

/* The child: writes until killed; never returns into Criterion. */
static _Noreturn void writer_loop(const char *dir, uint64_t seed) {
    cache_t *c;
    cache_options o = {.size_limit = 256 * 1024};
    if (cache_open(&c, dir, &o) != 0) _exit(2);
    tu_blockbuf bb[32];
    cache_block blocks[32];
    cache_key keys[32];
    cache_warm_entry e[32];
    for (uint64_t round = 0;; round++) {
        size_t n = 1 + (size_t)(tu_rand(&seed) % 32);
        for (size_t i = 0; i < n; i++)
            blocks[i] = *tu_block(&bb[i], tu_rand(&seed) % 100000, 1 + round % 2, 0);
        if (cache_put_blocks(c, blocks, n, keys) != 0) _exit(3);
        for (size_t i = 0; i < n; i++)
            e[i] = (cache_warm_entry){tu_rand(&seed) % 4096 * 4, keys[i]};
        cache_image_id img = tu_image((uint8_t)(round % 7));
        if (cache_warm_add(c, &img, e, n, NULL) != 0) _exit(4);
        cache_warm_set *ws;
        if (cache_warm_get(c, &img, 0, 0, &ws) == 0) cache_warm_set_free(ws);
        if (round % 50 == 49 && cache_flush_image(c, &img, NULL) != 0) _exit(5);
    }
}

Test(crash, sigkill_while_writing_leaves_a_clean_store, .timeout = 600) {
    char *dir = tu_mkdtemp();
    cr_assert(dir);
    uint64_t seed = (uint64_t)time(NULL) | 1;
    uint64_t total_inserts = 0;
    int rounds = crash_rounds();
    for (int r = 0; r < rounds; r++) {
        pid_t pid = fork();
        cr_assert_geq(pid, 0);
        if (pid == 0) writer_loop(dir, seed + (uint64_t)r * 7919);
        struct timespec ts = {0, (long)(30 + tu_rand(&seed) % 400) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFSIGNALED(status), "writer exited by itself: status %d", status);

        cache_t *c;
        cr_assert_eq(cache_open(&c, dir, NULL), 0, "round %d: store does not open", r);
        cache_verify_result v;
        cr_assert_eq(cache_verify(c, 0, &v), 0);
        cr_assert_eq(v.bad, 0, "round %d", r);
        cr_assert_eq(v.index_errors, 0, "round %d", r);
        cr_assert_eq(v.bytes_recorded, v.bytes_actual, "round %d", r);
        cache_stats s;
        cr_assert_eq(cache_get_stats(c, &s), 0);
        cr_assert_leq(s.bytes, 256 * 1024);
        total_inserts = s.inserts;
        cache_close(c);
    }
    cr_log_info("%d kills, %lu blocks inserted in all", rounds, (unsigned long)total_inserts);
    cr_assert_gt(total_inserts, 0);
    tu_rmtree(dir);
}
