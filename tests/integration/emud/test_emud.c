/* test_emud.c — a real emud process with real arm64 code: warm sets that the JIT installs,
 * emuctl, SIGKILL and restart mid-stream, 16 clients at once, a malformed peer, peers gone
 * mid-handshake, a stopped emud, fork, daemon mode with pidfile, SIGHUP, and refusal of
 * unprivileged flushes. */
#include "harness.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static emud_proc E;
static jit_t *J;
static sample_image IMG;

static void up(void) {
    emud_prepare(&E);
    emud_start(&E, NULL);
    cr_assert(jit_create(&J, 0) == 0);
    sample_load(&IMG, J, 400);
}

static void down(void) {
    sample_free(&IMG);
    jit_destroy(J);
    emud_cleanup(&E);
}

static void sleep_ms(int ms) {
    usleep((useconds_t)ms * 1000);
}

static int install_cb(void *jit, const emuclient_block *b) {
    return jit_install_blob(jit, b->pc, b->guest, b->guest_len, b->blob, b->blob_len);
}

static int count_cb(void *arg, const emuclient_block *b) {
    (void)arg, (void)b;
    return 0;
}

/* The sample mapped once more, elsewhere: another process's load address. */
static uint8_t *map_again(void) {
    int fd = open(SAMPLE_BIN, O_RDONLY | O_CLOEXEC);
    uint8_t *m = mmap(NULL, IMG.size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    cr_assert(m != MAP_FAILED);
    return m;
}

static void hex(const uint8_t *b, char out[33]) {
    for (int i = 0; i < 16; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
}

/* Submit the whole sample from one client and wait for emud to have translated it. */
static void warm_up(const char *url) {
    emuclient *a = client_open(url, "/usr/bin/sample");
    size_t q = sample_submit(a, &IMG, 0, IMG.nblocks);
    cr_expect(q == IMG.nblocks, "queued %zu of %zu", q, IMG.nblocks);
    emuclient_close(a, 0); /* sends what is queued, then DETACH */
    emud_wait_translated(url, IMG.nblocks);
}

static emuclient_warm_result fetch(emuclient *c, jit_t *j, uint8_t *base) {
    emuclient_warm_result res;
    int r =
        emuclient_warm_get(c, IMG.hash, (uint64_t)(uintptr_t)base, SAMPLE_BIN, install_cb, j, &res);
    cr_assert(r == 0, "warm_get: %s", emuclient_strerror(r));
    return res;
}

TestSuite(emud, .init = up, .fini = down, .timeout = 120);

Test(emud, submitted_blocks_come_back_warm_to_another_process) {
    warm_up(E.path_url);
    cr_expect(emud_counter(E.path_url, PROTO_SECTION_SERVER, "translate_failed") == 0);

    /* a second client, through the abstract socket as from inside a chroot, mapped elsewhere */
    emuclient *b = client_open(E.abs_url, "/usr/bin/sample");
    jit_t *j2;
    cr_assert(jit_create(&j2, 0) == 0);
    uint8_t *base = map_again();
    double t0 = now_ms();
    emuclient_warm_result res = fetch(b, j2, base);
    double t_install = now_ms() - t0;
    t0 = now_ms();
    emuclient_warm_result count;
    emuclient_warm_get(b, IMG.hash, (uint64_t)(uintptr_t)base, NULL, count_cb, NULL, &count);
    double t_fetch = now_ms() - t0;
    cr_log_info("%u warm blocks: fetched %.2f ms, fetched and installed %.2f ms; emud spent "
                "%.2f ms translating them",
                res.received, t_fetch, t_install,
                emud_counter(E.path_url, PROTO_SECTION_SERVER, "translate_ns_total") / 1e6);
    cr_expect(res.received == IMG.nblocks, "received %u of %zu", res.received, IMG.nblocks);
    cr_expect(res.installed == IMG.nblocks, "installed %u", res.installed);
    cr_expect(res.rejected == 0);
    cr_expect(!res.truncated);
    /* installed already: the JIT says so, the client counts them as rejected */
    res = fetch(b, j2, base);
    cr_expect(res.installed == 0 && res.rejected == IMG.nblocks);
    cr_expect(count.installed == IMG.nblocks);

    /* at a base whose code differs (a page of zeros), nothing may install */
    jit_t *j3;
    cr_assert(jit_create(&j3, 0) == 0);
    uint8_t *zeros = mmap(NULL, IMG.size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    res = fetch(b, j3, zeros);
    cr_expect(res.installed == 0 && res.rejected == IMG.nblocks);
    munmap(zeros, IMG.size);
    jit_destroy(j3);

    emuclient_stats st;
    emuclient_stats_get(b, &st);
    cr_expect(st.warm_installed == 2 * IMG.nblocks, "installed and counted");
    emuclient_close(b, 0);
    munmap(base, IMG.size);
    jit_destroy(j2);
    cr_expect(emud_counter(E.path_url, PROTO_SECTION_SERVER, "warm_blocks_served") ==
              4 * IMG.nblocks);
    cr_expect(emud_counter(E.path_url, PROTO_SECTION_SERVER, "reported_warm_blocks") ==
              2 * IMG.nblocks);
    cr_expect(emud_counter(E.path_url, PROTO_SECTION_IMAGE, "blocks_served") == 4 * IMG.nblocks);
    cr_expect(emud_counter(E.path_url, PROTO_SECTION_CACHE, "blocks") > 0);
}

Test(emud, emuctl_stats_ps_flush_and_cache) {
    warm_up(E.path_url);
    emuclient *c = client_open(E.path_url, "/usr/bin/sample-ps");
    char *out, h[33], real[PATH_MAX];
    hex(IMG.hash, h);
    cr_assert(realpath(E.cache, real));

    cr_expect(emuctl(&out, E.path_url, "stats", NULL) == 0);
    cr_expect(strstr(out, "server\n") && strstr(out, "translations"), "%s", out);
    char want[PATH_MAX + 16];
    snprintf(want, sizeof want, "cache %s\n", real);
    cr_expect(strstr(out, want), "cache section names %s:\n%s", real, out);
    snprintf(want, sizeof want, "image %s", h);
    cr_expect(strstr(out, want), "image section:\n%s", out);
    free(out);

    cr_expect(emuctl(&out, E.abs_url, "stats", "--json", NULL) == 0);
    cr_expect(!strncmp(out, "{\"server\": {", 12), "%s", out);
    snprintf(want, sizeof want, "\"images\": [{\"id\": \"%s\"", h);
    cr_expect(strstr(out, want), "%s", out);
    int depth = 0;
    for (char *p = out; *p; p++)
        depth += (*p == '{' || *p == '[') - (*p == '}' || *p == ']');
    cr_expect(depth == 0, "balanced JSON");
    free(out);

    cr_expect(emuctl(&out, E.path_url, "ps", NULL) == 0);
    char pid[32];
    snprintf(pid, sizeof pid, " %d ", (int)getpid());
    cr_expect(strstr(out, "/usr/bin/sample-ps") && strstr(out, pid), "%s", out);
    free(out);

    cr_expect(emuctl(&out, E.path_url, "flush", NULL) == 2, "flush needs a scope");
    free(out);
    cr_expect(emuctl(&out, E.path_url, "flush", "--image", "xyz", NULL) == 2);
    free(out);
    cr_expect(emuctl(&out, E.path_url, "flush", "--image", h, NULL) == 0);
    unsigned long long n = 0;
    cr_expect(sscanf(out, "flushed %llu blocks", &n) == 1 && n > 0, "%s", out);
    free(out);
    uint8_t *base = map_again();
    jit_t *j2;
    cr_assert(jit_create(&j2, 0) == 0);
    cr_expect(fetch(c, j2, base).received == 0, "the image's warm set is gone");
    cr_expect(emuctl(&out, E.path_url, "flush", "--jail", "/", NULL) == 0);
    free(out);
    cr_expect(emuctl(&out, E.path_url, "flush", "--all", NULL) == 0);
    free(out);
    emuclient_close(c, 0);

    warm_up(E.path_url);
    cr_expect(emuctl(&out, E.path_url, "cache", "verify", NULL) == 0, "verify the live cache");
    cr_expect(strstr(out, "clean"), "%s", out);
    free(out);
    char exp[256], fresh[256];
    snprintf(exp, sizeof exp, "%s/export", E.dir);
    snprintf(fresh, sizeof fresh, "%s/fresh", E.dir);
    cr_expect(emuctl(&out, E.path_url, "cache", "export", exp, NULL) == 0, "export: %s", out);
    free(out);
    cr_expect(emuctl(&out, E.path_url, "cache", "verify", "--cache", exp, NULL) == 0);
    cr_expect(strstr(out, "clean"), "%s", out);
    free(out);
    cr_expect(emuctl(&out, E.path_url, "cache", "import", exp, NULL) == 1, "not while running");
    cr_expect(strstr(out, "emud is running"), "%s", out);
    free(out);

    cr_expect(emud_stop(&E) == 0);
    cr_expect(emuctl(&out, E.path_url, "stats", NULL) == 3);
    cr_expect(strstr(out, "emud is not running"), "%s", out);
    free(out);
    cr_expect(emuctl(&out, E.path_url, "cache", "import", exp, "--cache", fresh, NULL) == 0,
              "import: %s", out);
    cr_expect(sscanf(out, "imported %llu blocks", &n) == 1 && n > 0, "%s", out);
    free(out);
    cr_expect(emuctl(&out, E.path_url, "cache", "verify", "--cache", fresh, NULL) == 0);
    free(out);

    /* the imported cache serves a restarted emud */
    strcpy(E.cache, fresh);
    emud_start(&E, NULL);
    c = client_open(E.path_url, "/usr/bin/sample");
    jit_t *j3;
    cr_assert(jit_create(&j3, 0) == 0);
    cr_expect(fetch(c, j3, base).installed == IMG.nblocks);
    emuclient_close(c, 0);
    jit_destroy(j3);
    jit_destroy(j2);
    munmap(base, IMG.size);
}

/* ---- emud killed and restarted under a client that keeps submitting ---- */

typedef struct pump {
    emuclient *c;
    atomic_bool stop;
    atomic_ullong calls;
    _Atomic double worst_ms;
} pump;

static void *pump_main(void *arg) {
    pump *p = arg;
    /* an image of its own: the entries it adds do not grow the sample's warm set, which the
     * tests fetch whole meanwhile */
    uint8_t image[sizeof IMG.hash];
    memcpy(image, IMG.hash, sizeof image);
    image[0] ^= 0xff;
    for (uint64_t round = 1; !atomic_load(&p->stop); round++) {
        for (size_t i = 0; i < IMG.nblocks && !atomic_load(&p->stop); i++) {
            const guest_block *b = &IMG.blocks[i];
            double t0 = now_ms();
            /* new offsets each round (same low 12 bits): new warm entries, same keys */
            emuclient_submit(p->c, image, b->offset + round * 0x100000, b->offset & 0xfff,
                             IMG.map + b->offset, b->len);
            double dt = now_ms() - t0;
            if (dt > atomic_load(&p->worst_ms)) atomic_store(&p->worst_ms, dt);
            atomic_fetch_add(&p->calls, 1);
            if (i % 32 == 0) sleep_ms(1);
        }
    }
    return NULL;
}

Test(emud, sigkill_midstream_then_restart) {
    emuclient *c = client_open(E.path_url, "/usr/bin/sample");
    pump p = {.c = c};
    pthread_t t;
    cr_assert(pthread_create(&t, NULL, pump_main, &p) == 0);
    sleep_ms(400);
    emud_kill(&E, SIGKILL);

    /* emud gone: the guest goes on, every call quick */
    double t0 = now_ms();
    while (emuclient_connected(c) && now_ms() - t0 < 1000)
        sleep_ms(1);
    cr_expect(!emuclient_connected(c), "the client notices the dead pipe");
    jit_t *j2;
    cr_assert(jit_create(&j2, 0) == 0);
    uint8_t *base = map_again();
    t0 = now_ms();
    cr_expect(emuclient_warm_get(c, IMG.hash, (uint64_t)(uintptr_t)base, NULL, install_cb, j2,
                                 NULL) == -ENOTCONN);
    cr_expect(now_ms() - t0 < 20, "warm_get without emud took %.1f ms", now_ms() - t0);
    unsigned long long before = atomic_load(&p.calls);
    sleep_ms(300);
    cr_expect(atomic_load(&p.calls) > before + 100, "the guest kept running");

    /* same cache, same sockets (the path socket is stale now) */
    emud_start(&E, NULL);
    t0 = now_ms();
    emuclient_stats st;
    do {
        sleep_ms(10);
        emuclient_stats_get(c, &st);
    } while (st.adoptions < 2 && now_ms() - t0 < 5000);
    cr_expect(st.adoptions == 2, "adopted again after the restart (%llu)",
              (unsigned long long)st.adoptions);
    uint64_t sent = st.sent_blocks;
    sleep_ms(400);
    emuclient_stats_get(c, &st);
    cr_expect(st.sent_blocks > sent, "submissions flow to the new emud");
    atomic_store(&p.stop, true);
    pthread_join(t, NULL);
    cr_expect(atomic_load(&p.worst_ms) < 50, "worst submit took %.1f ms", atomic_load(&p.worst_ms));
    cr_expect(emuclient_warm_get(c, IMG.hash, (uint64_t)(uintptr_t)base, NULL, install_cb, j2,
                                 NULL) == 0);
    emuclient_close(c, 0);
    munmap(base, IMG.size);
    jit_destroy(j2);

    cr_expect(emud_stop(&E) == 0, "SIGTERM: clean exit");
    char *out;
    cr_expect(emuctl(&out, E.path_url, "cache", "verify", "--cache", E.cache, NULL) == 0,
              "verify after kill and restart:\n%s", out);
    cr_expect(strstr(out, "clean"), "%s", out);
    cr_expect(strstr(out, "bad 0\n"), "%s", out);
    free(out);
}

/* ---- many clients ---- */

#define NCLIENTS 16

typedef struct worker {
    int idx;
    pthread_barrier_t *adopted, *checked;
    int installed;
    int err;
} worker;

static void *worker_main(void *arg) {
    worker *w = arg;
    char exe[32];
    snprintf(exe, sizeof exe, "/usr/bin/worker-%d", w->idx);
    emuclient_identity id = {.pid = (uint32_t)getpid(), .abi_id = jit_abi_id(), .exe = exe};
    emuclient_options o = {.socket = w->idx % 2 ? E.abs_url : E.path_url,
                           .connect_timeout_ms = 5000,
                           .warm_timeout_ms = 10000};
    emuclient *c;
    w->err = emuclient_open(&c, &o, &id) || !emuclient_connected(c);
    pthread_barrier_wait(w->adopted);
    pthread_barrier_wait(w->checked);
    size_t per = IMG.nblocks / NCLIENTS;
    sample_submit(c, &IMG, (size_t)w->idx * per, (size_t)(w->idx + 1) * per);
    jit_t *j;
    jit_create(&j, 0);
    uint8_t *base = map_again();
    emuclient_warm_result res;
    if (emuclient_warm_get(c, IMG.hash, (uint64_t)(uintptr_t)base, NULL, install_cb, j, &res))
        w->err = 2;
    w->installed = (int)res.installed;
    emuclient_close(c, 0);
    munmap(base, IMG.size);
    jit_destroy(j);
    return NULL;
}

static uint32_t ps_count(const char *url) {
    emuclient_options o = {.socket = url, .flags = EMUCLIENT_TOOL};
    emuclient *c;
    cr_assert(emuclient_open(&c, &o, NULL) == 0);
    proto_msg m = {.type = PROTO_PS_GET};
    emuclient_reply *r;
    cr_assert(emuclient_call(c, &m, &r) == 0);
    uint32_t n = emuclient_reply_msg(r)->u.ps_reply.count;
    emuclient_reply_free(r);
    emuclient_close(c, 0);
    return n;
}

Test(emud, sixteen_clients_at_once) {
    warm_up(E.path_url);
    pthread_barrier_t adopted, checked;
    pthread_barrier_init(&adopted, NULL, NCLIENTS + 1);
    pthread_barrier_init(&checked, NULL, NCLIENTS + 1);
    worker w[NCLIENTS];
    pthread_t t[NCLIENTS];
    for (int i = 0; i < NCLIENTS; i++) {
        w[i] = (worker){.idx = i, .adopted = &adopted, .checked = &checked};
        cr_assert(pthread_create(&t[i], NULL, worker_main, &w[i]) == 0);
    }
    pthread_barrier_wait(&adopted);
    cr_expect(ps_count(E.path_url) == NCLIENTS, "all adopted at once");
    pthread_barrier_wait(&checked);
    for (int i = 0; i < NCLIENTS; i++) {
        pthread_join(t[i], NULL);
        cr_expect(w[i].err == 0, "client %d: %d", i, w[i].err);
        cr_expect(w[i].installed == (int)IMG.nblocks, "client %d installed %d", i, w[i].installed);
    }
    double t0 = now_ms();
    while (ps_count(E.path_url) && now_ms() - t0 < 3000)
        sleep_ms(10);
    cr_expect(ps_count(E.path_url) == 0, "all detached");
    cr_expect(emud_counter(E.path_url, PROTO_SECTION_SERVER, "guests_detached") == NCLIENTS + 1);
    pthread_barrier_destroy(&adopted);
    pthread_barrier_destroy(&checked);
}

/* ---- a peer that sends garbage loses its own connection, nobody else's ---- */

Test(emud, malformed_message_closes_only_that_pipe) {
    emuclient *good = client_open(E.path_url, "/usr/bin/good");
    nng_socket bad;
    cr_assert(nng_req0_open(&bad) == 0);
    nng_socket_set_ms(bad, NNG_OPT_RECVTIMEO, 300);
    cr_assert(nng_dial(bad, E.path_url, NULL, 0) == 0);
    static const char junk[] = "not a message of any protocol";
    cr_assert(nng_send(bad, (void *)junk, sizeof junk, 0) == 0);
    char *buf;
    size_t sz;
    cr_expect(nng_recv(bad, &buf, &sz, NNG_FLAG_ALLOC) == NNG_ETIMEDOUT, "no reply to junk");
    nng_close(bad);

    cr_expect(emud_counter(E.path_url, PROTO_SECTION_SERVER, "malformed") >= 1);
    cr_expect(emud_counter(E.path_url, PROTO_SECTION_SERVER, "pipes_closed_malformed") >= 1);
    cr_expect(emuclient_connected(good));
    jit_t *j2;
    cr_assert(jit_create(&j2, 0) == 0);
    uint8_t *base = map_again();
    fetch(good, j2, base);
    emuclient_stats st;
    emuclient_stats_get(good, &st);
    cr_expect(st.adoptions == 1 && st.connects == 1, "the good client never reconnected");
    cr_expect(ps_count(E.path_url) == 1);
    emuclient_close(good, 0);
    munmap(base, IMG.size);
    jit_destroy(j2);
}

/* ---- peers that vanish during the SP handshake (nng#1518) ---- */

/* A raw AF_UNIX connection to emud's path socket or abstract name (the nng URL): it sends the
 * first `send` bytes of an SP header (0: nothing) and closes. With Debian's nng 1.5.2 alone,
 * emud's listener then stops accepting for good (client/nng_epipe.c). */
static void vanish(const char *url, size_t send) {
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    socklen_t len;
    if (!strncmp(url, "abstract://", 11)) {
        const char *name = url + 11;
        cr_assert(strlen(name) < sizeof sa.sun_path - 1);
        memcpy(sa.sun_path + 1, name, strlen(name)); /* nng's names: no trailing NUL */
        len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
    } else {
        cr_assert(!strncmp(url, "ipc://", 6) && strlen(url + 6) < sizeof sa.sun_path);
        strcpy(sa.sun_path, url + 6);
        len = sizeof sa;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    cr_assert(fd >= 0);
    cr_assert(connect(fd, (struct sockaddr *)&sa, len) == 0, "connect %s: %s", url,
              strerror(errno));
    static const unsigned char head[8] = {0, 'S', 'P', 0, 0, 0x30, 0, 0}; /* req0 */
    if (send) cr_assert(write(fd, head, send) == (ssize_t)send);
    close(fd);
}

/* A new client on url: adopted, and served a warm set, in bounded time. Returns the ms. */
static double new_client_served(const char *url, const char *exe) {
    double t0 = now_ms();
    emuclient *c = client_open(url, exe);
    jit_t *j;
    cr_assert(jit_create(&j, 0) == 0);
    uint8_t *base = map_again();
    emuclient_warm_result res = fetch(c, j, base);
    double took = now_ms() - t0;
    cr_expect(res.installed == IMG.nblocks, "%s: installed %u", url, res.installed);
    emuclient_close(c, 0);
    munmap(base, IMG.size);
    jit_destroy(j);
    return took;
}

Test(emud, peer_gone_during_handshake_does_not_stall_the_listener) {
    warm_up(E.path_url);
    /* established guests on both sockets, one of them submitting all along */
    emuclient *a = client_open(E.path_url, "/usr/bin/established-path");
    emuclient *b = client_open(E.abs_url, "/usr/bin/established-abstract");
    pump p = {.c = a};
    pthread_t t;
    cr_assert(pthread_create(&t, NULL, pump_main, &p) == 0);
    sleep_ms(100);

    const char *urls[] = {E.path_url, E.abs_url};
    for (int u = 0; u < 2; u++) {
        /* closed at once, and closed mid-header: each has stalled 1.5.2's listener */
        for (int k = 0; k < 10; k++)
            vanish(urls[u], (size_t)(k % 4) * 2); /* 0, 2, 4, 6 bytes of the header */
        double took = new_client_served(urls[u], "/usr/bin/after-vanish");
        cr_log_info("%s: new client adopted and served %.1f ms after 10 vanished peers", urls[u],
                    took);
        cr_expect(took < 1500, "%s: a new client took %.1f ms", urls[u], took);
        /* and the other socket's listener is fine too */
        took = new_client_served(urls[1 - u], "/usr/bin/other-socket");
        cr_expect(took < 1500, "%s: a new client took %.1f ms", urls[1 - u], took);
    }
    /* one more peer that leaves before emud even accepts, right before a dial */
    vanish(E.abs_url, 0);
    vanish(E.path_url, 3);
    cr_expect(new_client_served(E.path_url, "/usr/bin/last") < 1500);
    cr_expect(new_client_served(E.abs_url, "/usr/bin/last") < 1500);

    /* the established guests never noticed */
    emuclient_stats sa, sb;
    emuclient_stats_get(a, &sa);
    uint64_t sent = sa.sent_blocks;
    sleep_ms(200);
    emuclient_stats_get(a, &sa);
    cr_expect(sa.sent_blocks > sent, "the path guest's submissions still flow");
    atomic_store(&p.stop, true);
    pthread_join(t, NULL);
    emuclient_stats_get(a, &sa);
    emuclient_stats_get(b, &sb);
    cr_expect(emuclient_connected(a) && emuclient_connected(b));
    cr_expect(sa.connects == 1 && sa.adoptions == 1, "path guest: %llu connects, %llu adoptions",
              (unsigned long long)sa.connects, (unsigned long long)sa.adoptions);
    cr_expect(sb.connects == 1 && sb.adoptions == 1,
              "abstract guest: %llu connects, %llu adoptions", (unsigned long long)sb.connects,
              (unsigned long long)sb.adoptions);
    jit_t *j;
    cr_assert(jit_create(&j, 0) == 0);
    uint8_t *base = map_again();
    cr_expect(fetch(b, j, base).installed == IMG.nblocks, "the abstract guest is still served");
    cr_expect(ps_count(E.path_url) == 2, "only the two established guests are adopted");
    emuclient_close(a, 0);
    emuclient_close(b, 0);
    munmap(base, IMG.size);
    jit_destroy(j);
}

/* ---- a stopped emud: bounded waits, a bounded queue ---- */

Test(emud, stopped_emud_costs_bounded_time) {
    emuclient_identity id = {.pid = (uint32_t)getpid(), .abi_id = jit_abi_id(), .exe = "/x"};
    emuclient_options o = {.socket = E.path_url,
                           .warm_timeout_ms = 300,
                           .queue_blocks = 16,
                           .connect_timeout_ms = 2000};
    emuclient *c;
    cr_assert(emuclient_open(&c, &o, &id) == 0 && emuclient_connected(c));
    kill(E.pid, SIGSTOP);
    jit_t *j2;
    cr_assert(jit_create(&j2, 0) == 0);
    uint8_t *base = map_again();
    double t0 = now_ms();
    int r = emuclient_warm_get(c, IMG.hash, (uint64_t)(uintptr_t)base, NULL, install_cb, j2, NULL);
    double took = now_ms() - t0;
    cr_expect(r == -ETIMEDOUT, "warm_get: %s", emuclient_strerror(r));
    cr_expect(took >= 250 && took < 1000, "warm_get took %.1f ms", took);
    t0 = now_ms();
    for (int k = 0; k < 5; k++)
        sample_submit(c, &IMG, 0, IMG.nblocks);
    cr_expect(now_ms() - t0 < 100, "2000 submits took %.1f ms", now_ms() - t0);
    emuclient_stats st;
    emuclient_stats_get(c, &st);
    cr_expect(st.dropped_full > 0 && st.queue_len <= 16, "dropped %llu, queued %u",
              (unsigned long long)st.dropped_full, st.queue_len);
    t0 = now_ms();
    emuclient_close(c, 0);
    cr_expect(now_ms() - t0 < 600, "close took %.1f ms", now_ms() - t0);
    kill(E.pid, SIGCONT);
    munmap(base, IMG.size);
    jit_destroy(j2);
    cr_expect(emud_stop(&E) == 0);
}

/* ---- fork: the child goes private, the parent keeps its connection ---- */

Test(emud, fork_child_goes_private_parent_stays) {
    warm_up(E.path_url);
    emuclient *c = client_open(E.path_url, "/usr/bin/forker");
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        emuclient_after_fork(c);
        int bad =
            emuclient_submit(c, IMG.hash, 0, 0, IMG.map + IMG.blocks[0].offset, 4) != -ENOTCONN;
        bad |= emuclient_warm_get(c, IMG.hash, 0, NULL, install_cb, NULL, NULL) != -ENOTCONN;
        emuclient_close(c, 0);
        _exit(bad);
    }
    int status;
    waitpid(pid, &status, 0);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
    jit_t *j2;
    cr_assert(jit_create(&j2, 0) == 0);
    uint8_t *base = map_again();
    cr_expect(fetch(c, j2, base).installed == IMG.nblocks, "the parent still gets warm blocks");
    emuclient_close(c, 0);
    munmap(base, IMG.size);
    jit_destroy(j2);
}

/* ---- privileges ---- */

Test(emud, unprivileged_flush_is_refused) {
    if (getuid() != 0) cr_skip_test("needs root to run emuctl as another user");
    if (access("/usr/bin/setpriv", X_OK)) cr_skip_test("needs setpriv (util-linux)");
    char *out;
    /* nobody, no groups; the abstract socket needs no directory access */
    int rc =
        run_capture(&out, "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    EMUCTL_BIN, "--socket", E.abs_url, "flush", "--all", NULL);
    cr_expect(rc == 1, "exit %d: %s", rc, out);
    cr_expect(strstr(out, "refused"), "%s", out);
    free(out);
    rc = run_capture(&out, "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                     EMUCTL_BIN, "--socket", E.abs_url, "stats", "--server", NULL);
    cr_expect(rc == 0, "stats are for everyone: %s", out);
    free(out);
    cr_expect(emud_counter(E.path_url, PROTO_SECTION_SERVER, "denied") == 1);
}

/* ---- the log ---- */

Test(emud, sighup_reopens_the_log) {
    char old[256];
    snprintf(old, sizeof old, "%s.1", E.log);
    cr_assert(rename(E.log, old) == 0);
    kill(E.pid, SIGHUP);
    double t0 = now_ms();
    char *text = NULL;
    for (;;) {
        FILE *f = fopen(E.log, "r");
        if (f) {
            static char buf[4096];
            size_t n = fread(buf, 1, sizeof buf - 1, f);
            buf[n] = 0;
            fclose(f);
            if (strstr(buf, "log reopened")) {
                text = buf;
                break;
            }
        }
        cr_assert(now_ms() - t0 < 5000, "no new log after SIGHUP");
        sleep_ms(10);
    }
    cr_expect(text != NULL);
}

/* ---- without a running emud ---- */

Test(offline, emuctl_says_emud_is_not_running, .timeout = 30) {
    char *out;
    int rc = run_capture(&out, EMUCTL_BIN, "--socket", "abstract://emud-test-nobody-here", "stats",
                         NULL);
    cr_expect(rc == 3, "exit %d", rc);
    cr_expect(strstr(out, "emud is not running"), "%s", out);
    free(out);
    rc = run_capture(&out, EMUCTL_BIN, "--socket", "abstract://emud-test-nobody-here", "frobnicate",
                     NULL);
    cr_expect(rc == 2);
    free(out);
}

Test(offline, client_started_before_emud_is_adopted_later, .timeout = 60) {
    emud_proc d;
    emud_prepare(&d);
    emuclient_identity id = {.pid = (uint32_t)getpid(), .abi_id = jit_abi_id(), .exe = "/early"};
    emuclient_options o = {.socket = d.path_url};
    emuclient *c;
    double t0 = now_ms();
    cr_assert(emuclient_open(&c, &o, &id) == 0);
    cr_expect(now_ms() - t0 < 50, "open without emud took %.1f ms", now_ms() - t0);
    cr_expect(!emuclient_connected(c));
    emud_start(&d, NULL);
    t0 = now_ms();
    while (!emuclient_connected(c) && now_ms() - t0 < 5000)
        sleep_ms(10);
    cr_expect(emuclient_connected(c), "adopted once emud came up");
    cr_expect(
        emuclient_submit(c, (const uint8_t *)"0123456789abcdef", 0, 0, "\x1f\x20\x03\xd5", 4) == 0);
    emuclient_close(c, 0);
    cr_expect(emud_counter(d.path_url, PROTO_SECTION_SERVER, "blocks_submitted") == 1);
    emud_cleanup(&d);
}

Test(offline, daemon_writes_pidfile_and_stops_on_sigterm, .timeout = 60) {
    emud_proc d;
    emud_prepare(&d);
    char pidfile[256];
    snprintf(pidfile, sizeof pidfile, "%s/run/emud.pid", d.dir);
    char *out;
    int rc = run_capture(&out, EMUD_BIN, "--cache", d.cache, "--socket", d.path_url, "--socket",
                         d.abs_url, "--pidfile", pidfile, "--log", d.log, "--nosync", NULL);
    cr_assert(rc == 0, "daemon start: %d %s", rc, out);
    free(out);
    FILE *f = fopen(pidfile, "r");
    cr_assert(f, "pidfile written");
    int pid = 0;
    cr_assert(fscanf(f, "%d", &pid) == 1 && pid > 0);
    fclose(f);
    cr_expect(pid != getpid() && kill(pid, 0) == 0, "the daemon runs");
    cr_expect(emuctl(&out, d.path_url, "stats", "--server", NULL) == 0,
              "ready when start returned");
    free(out);

    rc = run_capture(&out, EMUD_BIN, "--cache", d.cache, "--socket", d.path_url, "--pidfile",
                     pidfile, "--log", d.log, "--nosync", NULL);
    cr_expect(rc == 1 && strstr(out, "already running"), "second start: %d %s", rc, out);
    free(out);

    kill(pid, SIGTERM);
    double t0 = now_ms();
    while (kill(pid, 0) == 0 && now_ms() - t0 < 15000)
        sleep_ms(10);
    cr_expect(kill(pid, 0) != 0, "stopped on SIGTERM");
    cr_expect(access(pidfile, F_OK) != 0, "pidfile removed");
    emud_cleanup(&d);
}
