/* test_handle.c — emud's request handling without sockets: adoption and detach, the pipe that
 * owns a guest, malformed and misdirected messages, version refusal, submissions translated
 * by the server itself and served back as warm sets the JIT installs, flush rights, stats, ps. */
#include "server.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- a transport that records what the server did ---- */

static struct {
    proto_buf out;
    int replies, drops;
    bool closed;
} cap;

static void t_reply(srv_req *r) {
    free(cap.out.data);
    cap.out.data = malloc(r->out.len);
    memcpy(cap.out.data, r->out.data, r->out.len);
    cap.out.len = cap.out.cap = r->out.len;
    cap.replies++;
    srv_req_reset(r);
}

static void t_drop(srv_req *r, bool close_pipe) {
    cap.drops++;
    cap.closed = close_pipe;
    srv_req_reset(r);
}

static void t_work(srv_req *r) { /* the loop and the pool are one thread here */
    r->work(r);
    r->done(r);
}

static const srv_transport tp = {t_reply, t_drop, t_work};

static srv s;
static char dir[] = "/tmp/emud-test-handle-XXXXXX";
static proto_msg rep;
static bool have_rep;

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f) {
    (void)st, (void)flag, (void)f;
    return remove(p);
}

static void setup(void) {
    cr_assert(mkdtemp(dir));
    char cache[256];
    snprintf(cache, sizeof cache, "%s/cache", dir);
    srv_config cfg = {.cache_dir = strdup(cache), .workers = 1, .nosync = true};
    cr_assert(srv_init(&s, &cfg, &tp) == 0);
    proto_buf_init(&cap.out);
}

static void teardown(void) {
    if (have_rep) proto_msg_release(&rep);
    srv_fini(&s);
    free(cap.out.data);
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Hand raw bytes to the server as if they came on pipe; decode the reply if there is one. */
static const proto_msg *send_raw(uint32_t pipe, const void *data, size_t len) {
    if (have_rep) proto_msg_release(&rep);
    have_rep = false;
    int replies = cap.replies;
    srv_req r;
    srv_req_init(&r, &s);
    r.pipe = pipe;
    r.data = data;
    r.len = len;
    srv_handle(&r);
    srv_req_free(&r);
    if (cap.replies == replies) return NULL;
    cr_assert(proto_decode(cap.out.data, cap.out.len, &rep) == 0, "reply decodes");
    have_rep = true;
    return &rep;
}

static const proto_msg *send_msg(uint32_t pipe, const proto_msg *m) {
    proto_buf b;
    proto_buf_init(&b);
    cr_assert(proto_encode(&b, m) == 0);
    const proto_msg *r = send_raw(pipe, b.data, b.len);
    proto_buf_free(&b);
    return r;
}

static uint64_t hello(uint32_t pipe, uint64_t abi) {
    proto_msg m = {.type = PROTO_HELLO,
                   .request_id = 7,
                   .u.hello = {.pid = 1, .abi_id = abi, .jail = "/", .exe = "/bin/sh"}};
    const proto_msg *r = send_msg(pipe, &m);
    cr_assert(r && r->type == PROTO_WELCOME, "HELLO answered with WELCOME");
    cr_expect(r->request_id == 7);
    cr_expect(r->u.welcome.server_abi_id == jit_abi_id());
    return r->u.welcome.guest_id;
}

static uint64_t counter(const proto_msg *st, uint16_t kind, const char *name) {
    for (uint32_t i = 0; i < st->u.stats_reply.count; i++) {
        const proto_stats_section *x = &st->u.stats_reply.sections[i];
        if (x->kind != kind) continue;
        for (uint32_t k = 0; k < x->count; k++)
            if (!strcmp(x->counters[k].name, name)) return x->counters[k].value;
    }
    cr_assert_fail("no counter %s", name);
    return 0;
}

static uint64_t server_counter(const char *name) {
    proto_msg m = {.type = PROTO_STATS_GET, .u.stats_get.sections = PROTO_STATS_SERVER};
    const proto_msg *r = send_msg(1, &m);
    cr_assert(r && r->type == PROTO_STATS_REPLY);
    return counter(r, PROTO_SECTION_SERVER, name);
}

TestSuite(handle, .init = setup, .fini = teardown, .timeout = 30);

Test(handle, hello_then_detach) {
    guests_pipe_added(&s, 1, (uint32_t)getpid(), (uint32_t)getuid(), (uint32_t)getgid());
    uint64_t id = hello(1, jit_abi_id());
    cr_expect(id != 0);
    cr_expect(rep.u.welcome.flags & PROTO_WELCOME_SHARED);

    proto_msg ps = {.type = PROTO_PS_GET};
    const proto_msg *r = send_msg(1, &ps);
    cr_assert(r && r->type == PROTO_PS_REPLY && r->u.ps_reply.count == 1);
    cr_expect(r->u.ps_reply.guests[0].guest_id == id);
    cr_expect(r->u.ps_reply.guests[0].pid == (uint32_t)getpid(), "pid from the socket");
    cr_expect(strcmp(r->u.ps_reply.guests[0].exe, "/bin/sh") == 0);
    cr_expect(strcmp(r->u.ps_reply.guests[0].jail, "/") == 0, "our /proc root");

    proto_msg d = {.type = PROTO_DETACH,
                   .u.detach = {.guest_id = id, .warm_blocks = 5, .cold_blocks = 15}};
    r = send_msg(1, &d);
    cr_assert(r && r->type == PROTO_OK);
    r = send_msg(1, &d);
    cr_assert(r && r->type == PROTO_ERROR && r->u.error.code == -ESRCH, "second DETACH");
    r = send_msg(1, &ps);
    cr_expect(r->u.ps_reply.count == 0);
    cr_expect(server_counter("reported_warm_blocks") == 5);
    cr_expect(server_counter("warm_ratio_ppm") == 250000);
}

Test(handle, another_pipe_cannot_detach_a_guest) {
    guests_pipe_added(&s, 1, 100, 1000, 1000);
    guests_pipe_added(&s, 2, 200, 1000, 1000);
    uint64_t id = hello(1, jit_abi_id());
    proto_msg d = {.type = PROTO_DETACH, .u.detach = {.guest_id = id}};
    const proto_msg *r = send_msg(2, &d);
    cr_assert(r && r->type == PROTO_ERROR && r->u.error.code == -ESRCH);
    guests_pipe_removed(&s, 1); /* the guest's connection closes: it goes */
    proto_msg ps = {.type = PROTO_PS_GET};
    r = send_msg(2, &ps);
    cr_expect(r->u.ps_reply.count == 0);
    cr_expect(server_counter("guests_vanished") == 1);
}

Test(handle, hello_again_on_a_connection_replaces_its_guest) {
    guests_pipe_added(&s, 1, 100, 0, 0);
    uint64_t first = hello(1, jit_abi_id());
    uint64_t second = hello(1, jit_abi_id());
    cr_expect(first != second);
    proto_msg ps = {.type = PROTO_PS_GET};
    const proto_msg *r = send_msg(1, &ps);
    cr_assert(r->u.ps_reply.count == 1);
    cr_expect(r->u.ps_reply.guests[0].guest_id == second);
}

Test(handle, hello_on_unknown_pipe_is_refused) {
    proto_msg m = {.type = PROTO_HELLO, .u.hello = {.exe = "/bin/sh"}};
    const proto_msg *r = send_msg(9, &m);
    cr_assert(r && r->type == PROTO_ERROR);
}

Test(handle, other_abi_is_adopted_but_not_shared) {
    guests_pipe_added(&s, 1, 100, 0, 0);
    hello(1, jit_abi_id() ^ 1);
    cr_expect(!(rep.u.welcome.flags & PROTO_WELCOME_SHARED));
}

Test(handle, malformed_bytes_close_the_pipe) {
    guests_pipe_added(&s, 1, 100, 0, 0);
    static const uint8_t junk[] = "this is not a message at all";
    cr_expect(send_raw(1, junk, sizeof junk) == NULL);
    cr_expect(cap.drops == 1 && cap.closed);
    /* a truncated valid header */
    proto_buf b;
    proto_buf_init(&b);
    proto_stats_get g = {0};
    proto_encode_stats_get(&b, 1, &g);
    cr_expect(send_raw(1, b.data, b.len - 1) == NULL);
    cr_expect(cap.drops == 2 && cap.closed);
    proto_buf_free(&b);
    cr_expect(server_counter("malformed") == 2);
    cr_expect(server_counter("pipes_closed_malformed") == 2);
}

Test(handle, reply_sent_as_request_closes_the_pipe) {
    proto_msg m = {.type = PROTO_OK, .u.ok.value = 1};
    cr_expect(send_msg(1, &m) == NULL);
    cr_expect(cap.drops == 1 && cap.closed);
}

Test(handle, other_version_is_told_ours) {
    proto_buf b;
    proto_buf_init(&b);
    proto_hello h = {.exe = "/bin/sh"};
    cr_assert(proto_encode_hello(&b, 33, &h) == 0);
    b.data[4] = PROTO_VERSION + 1; /* u16 version after the magic */
    const proto_msg *r = send_raw(1, b.data, b.len);
    cr_assert(r && r->type == PROTO_ERROR, "answered, not dropped");
    cr_expect(r->u.error.code == PROTO_EVERSION);
    cr_expect(r->request_id == 33);
    cr_expect(cap.drops == 0);
    proto_buf_free(&b);
}

/* ---- submissions and warm sets ---- */

static const uint32_t code_a[] = {0xd2800540 /* mov x0,#42 */, 0x91000400 /* add x0,x0,#1 */,
                                  0xd65f03c0 /* ret */};
static const uint32_t code_b[] = {0x90000000 /* adrp x0, . */, 0x91004000 /* add x0,x0,#16 */,
                                  0xd65f03c0 /* ret */};

static void submit(uint32_t pipe, uint64_t gid, const proto_hash *img, uint64_t abi,
                   const proto_submit_block *blocks, uint32_t n, uint64_t want_accepted) {
    proto_msg m = {
        .type = PROTO_SUBMIT,
        .u.submit = {.guest_id = gid, .image = *img, .abi_id = abi, .count = n, .blocks = blocks}};
    const proto_msg *r = send_msg(pipe, &m);
    cr_assert(r && r->type == PROTO_OK);
    cr_expect(r->u.ok.value == want_accepted, "accepted %llu, want %llu",
              (unsigned long long)r->u.ok.value, (unsigned long long)want_accepted);
    xlat_wait_idle(s.xlat);
}

static const proto_msg *warm_get(uint32_t pipe, uint64_t gid, const proto_hash *img) {
    proto_msg m = {
        .type = PROTO_WARM_GET,
        .u.warm_get = {
            .guest_id = gid, .image = *img, .abi_id = jit_abi_id(), .path = "/lib/libtest.so"}};
    const proto_msg *r = send_msg(pipe, &m);
    cr_assert(r && r->type == PROTO_WARM_REPLY);
    return r;
}

Test(handle, a_block_the_cache_holds_is_not_translated_again) {
    guests_pipe_added(&s, 1, 100, 0, 0);
    uint64_t gid = hello(1, jit_abi_id());
    proto_hash img = {{0x11, 0x22}}, other = {{0x33, 0x44}};
    proto_submit_block b = {
        .offset = 0x1234, .pc_bits = 0x234, .guest = (const uint8_t *)code_a, .guest_len = 12};
    submit(1, gid, &img, jit_abi_id(), &b, 1, 1);
    cr_expect(server_counter("translations") == 1);
    /* the same code again, for another image at another offset: a warm entry, no translation */
    b.offset = 0x5234;
    submit(1, gid, &other, jit_abi_id(), &b, 1, 1);
    cr_expect(server_counter("translations") == 1);
    cr_expect(server_counter("translations_skipped_cached") == 1);
    const proto_msg *r = warm_get(1, gid, &other);
    cr_assert(r->u.warm_reply.count == 1, "the other image's warm set has the block");
    cr_expect(r->u.warm_reply.items[0].offset == 0x5234);
    /* other low 12 bits: another key, translated */
    b.pc_bits = 0x238;
    b.offset = 0x6238;
    submit(1, gid, &other, jit_abi_id(), &b, 1, 1);
    cr_expect(server_counter("translations") == 2);
}

Test(handle, submitted_blocks_come_back_warm_and_install) {
    guests_pipe_added(&s, 1, 100, 0, 0);
    uint64_t gid = hello(1, jit_abi_id());
    proto_hash img = {{0x11, 0x22}};
    proto_submit_block blocks[] = {
        {.offset = 0x1234, .pc_bits = 0x234, .guest = (const uint8_t *)code_a, .guest_len = 12},
        {.offset = 0x2ff0, .pc_bits = 0xff0, .guest = (const uint8_t *)code_b, .guest_len = 12},
    };
    submit(1, gid, &img, jit_abi_id(), blocks, 2, 2);
    cr_expect(server_counter("translations") == 2);

    const proto_msg *r = warm_get(1, gid, &img);
    cr_assert(r->u.warm_reply.count == 2);
    cr_expect(r->u.warm_reply.items[0].offset == 0x1234, "sorted by offset");

    jit_t *j;
    cr_assert(jit_create(&j, 1 << 20) == 0);
    uint8_t *page =
        mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(page != MAP_FAILED);
    for (uint32_t i = 0; i < 2; i++) {
        const proto_warm_item *it = &r->u.warm_reply.items[i];
        cache_record rec;
        cr_assert(cache_record_decode(it->record, it->record_len, &rec) == 0);
        cr_expect(rec.ctx.abi_id == jit_abi_id());
        cr_expect(rec.ctx.pc_bits == blocks[i].pc_bits);
        cr_expect(rec.nrelocs == 0);
        cr_expect(rec.guest_len == 12 && !memcmp(rec.guest, blocks[i].guest, 12));
        /* the guest code where a guest would have it: same low 12 bits */
        uint64_t pc = (uint64_t)(uintptr_t)page + it->offset;
        memcpy((void *)(uintptr_t)pc, rec.guest, rec.guest_len);
        void *blob = aligned_alloc(64, (rec.host_len + 63) & ~63u);
        memcpy(blob, rec.host, rec.host_len);
        cr_expect(jit_install_blob(j, pc, rec.guest, rec.guest_len, blob, rec.host_len) == 0,
                  "block %u installs", i);
        free(blob);
    }
    munmap(page, 3 * 4096);
    jit_destroy(j);

    proto_msg ps = {.type = PROTO_PS_GET};
    r = send_msg(1, &ps);
    cr_expect(r->u.ps_reply.guests[0].nimages == 1);
    cr_expect(r->u.ps_reply.guests[0].warm_blocks == 2);
    cr_expect(r->u.ps_reply.guests[0].cold_blocks == 2);
    cr_expect(server_counter("warm_blocks_served") == 2);
}

Test(handle, bad_blocks_are_refused_not_stored) {
    guests_pipe_added(&s, 1, 100, 0, 0);
    proto_hash img = {{0x33}};
    proto_submit_block bad[] = {
        {.offset = 0, .pc_bits = 0x1000, .guest = (const uint8_t *)code_a, .guest_len = 12},
        {.offset = 4, .pc_bits = 4, .flags = 1, .guest = (const uint8_t *)code_a, .guest_len = 12},
    };
    submit(1, 0, &img, jit_abi_id(), bad, 2, 0);
    cr_expect(server_counter("blocks_refused") == 2);
    /* another translator's blocks are of no use to this one */
    submit(1, 0, &img, jit_abi_id() + 1, bad, 1, 0);
    const proto_msg *r = warm_get(1, 0, &img);
    cr_expect(r->u.warm_reply.count == 0);
}

Test(handle, unknown_image_is_an_empty_warm_set) {
    proto_hash img = {{0x44}};
    const proto_msg *r = warm_get(1, 0, &img);
    cr_expect(r->u.warm_reply.count == 0);
    cr_expect(!(r->u.warm_reply.flags & PROTO_WARM_TRUNCATED));
}

/* ---- flush ---- */

static void fill(proto_hash *img) {
    proto_submit_block b = {
        .offset = 0x40, .pc_bits = 0x40, .guest = (const uint8_t *)code_a, .guest_len = 12};
    submit(1, 0, img, jit_abi_id(), &b, 1, 1);
}

Test(handle, flush_needs_privilege) {
    guests_pipe_added(&s, 1, UINT32_MAX, 12345, 12345); /* not root, not us, no group */
    if (getuid() == 12345) cr_skip_test("the test runs as uid 12345");
    proto_hash img = {{0x55}};
    fill(&img);
    proto_msg f = {.type = PROTO_FLUSH, .u.flush.scope = PROTO_FLUSH_ALL};
    const proto_msg *r = send_msg(1, &f);
    cr_assert(r && r->type == PROTO_ERROR && r->u.error.code == -EPERM);
    cr_expect(warm_get(1, 0, &img)->u.warm_reply.count == 1, "nothing flushed");
    cr_expect(server_counter("denied") == 1);
}

Test(handle, flush_image_and_all) {
    guests_pipe_added(&s, 1, (uint32_t)getpid(), (uint32_t)getuid(), (uint32_t)getgid());
    proto_hash a = {{0x66}}, b = {{0x77}};
    fill(&a);
    fill(&b);
    proto_msg f = {.type = PROTO_FLUSH, .u.flush = {.scope = PROTO_FLUSH_IMAGE, .image = a}};
    const proto_msg *r = send_msg(1, &f);
    cr_assert(r && r->type == PROTO_OK);
    cr_expect(r->u.ok.value == 1, "one block removed");
    cr_expect(warm_get(1, 0, &a)->u.warm_reply.count == 0);
    /* b's entry shared the block (same guest bytes, same key): its entry dangles, then is
       skipped; submit b again and flush everything */
    fill(&b);
    f.u.flush = (proto_flush){.scope = PROTO_FLUSH_ALL};
    r = send_msg(1, &f);
    cr_assert(r && r->type == PROTO_OK);
    cr_expect(warm_get(1, 0, &b)->u.warm_reply.count == 0);
}

Test(handle, flush_jail_removes_the_images_its_guests_used) {
    guests_pipe_added(&s, 1, (uint32_t)getpid(), 0, 0);
    uint64_t gid = hello(1, jit_abi_id());
    proto_hash img = {{0x88}};
    proto_submit_block b = {
        .offset = 8, .pc_bits = 8, .guest = (const uint8_t *)code_b, .guest_len = 12};
    submit(1, gid, &img, jit_abi_id(), &b, 1, 1);
    proto_msg f = {.type = PROTO_FLUSH, .u.flush = {.scope = PROTO_FLUSH_JAIL, .jail = "/"}};
    const proto_msg *r = send_msg(1, &f);
    cr_assert(r && r->type == PROTO_OK);
    cr_expect(r->u.ok.value == 1);
    cr_expect(warm_get(1, gid, &img)->u.warm_reply.count == 0);
}

/* ---- statistics ---- */

Test(handle, stats_have_every_section) {
    guests_pipe_added(&s, 1, (uint32_t)getpid(), 0, 0);
    uint64_t gid = hello(1, jit_abi_id());
    proto_hash img = {{0x99}};
    proto_submit_block b = {
        .offset = 0, .pc_bits = 0, .guest = (const uint8_t *)code_a, .guest_len = 12};
    submit(1, gid, &img, jit_abi_id(), &b, 1, 1);
    warm_get(1, gid, &img);
    proto_msg m = {.type = PROTO_STATS_GET};
    const proto_msg *r = send_msg(1, &m);
    cr_assert(r && r->type == PROTO_STATS_REPLY);
    bool kinds[5] = {0};
    for (uint32_t i = 0; i < r->u.stats_reply.count; i++) {
        const proto_stats_section *x = &r->u.stats_reply.sections[i];
        kinds[x->kind] = true;
        if (x->kind == PROTO_SECTION_CACHE) cr_expect(x->name && strstr(x->name, "/cache"));
        if (x->kind == PROTO_SECTION_IMAGE) {
            cr_expect(!memcmp(x->id.b, img.b, 16));
            cr_expect(x->name && !strcmp(x->name, "/lib/libtest.so"));
        }
        if (x->kind == PROTO_SECTION_JAIL) cr_expect(x->name && !strcmp(x->name, "/"));
    }
    for (int k = PROTO_SECTION_SERVER; k <= PROTO_SECTION_JAIL; k++)
        cr_expect(kinds[k], "%d", k);
    cr_expect(counter(r, PROTO_SECTION_CACHE, "blocks") == 1);
    cr_expect(counter(r, PROTO_SECTION_IMAGE, "blocks_served") == 1);
    cr_expect(counter(r, PROTO_SECTION_JAIL, "blocks_submitted") == 1);
    cr_expect(counter(r, PROTO_SECTION_SERVER, "translations") == 1);
    cr_expect(counter(r, PROTO_SECTION_SERVER, "translate_ns_avg") > 0);
    cr_expect(counter(r, PROTO_SECTION_SERVER, "time_saved_ns") > 0);

    m.u.stats_get.sections = PROTO_STATS_CACHE;
    r = send_msg(1, &m);
    cr_expect(r->u.stats_reply.count == 1 &&
              r->u.stats_reply.sections[0].kind == PROTO_SECTION_CACHE);
}

/* ---- the translation pool's bounds ---- */

Test(handle, translation_queue_is_bounded_in_bytes) {
    xlat_pool *p;
    cr_assert(xlat_start(&p, s.cache, s.jit, 1, 100, 8) == 0);
    cache_image_id img = {{1}};
    xlat_job *big = xlat_job_new(&img, 0, 0, code_a, 12);
    cr_expect(xlat_submit(p, big) == -EAGAIN, "12 bytes do not fit in 8");
    free(big);
    xlat_job *small = xlat_job_new(&img, 0, 0, code_a, 8);
    cr_expect(xlat_submit(p, small) == 0);
    xlat_wait_idle(p);
    xlat_stats st;
    xlat_get_stats(p, &st);
    cr_expect(st.dropped_full == 1 && st.accepted == 1 && st.queued == 0);
    xlat_stop(p);
}

/* ---- jails ---- */

static const proto_msg *jail_req(uint32_t pipe, uint16_t type, uint32_t flags, const char *root) {
    proto_msg m = {.type = type};
    if (type == PROTO_JAIL_ADD) m.u.jail_add = (proto_jail_add){flags, root};
    if (type == PROTO_JAIL_REMOVE) m.u.jail_remove = (proto_jail_remove){flags, root};
    const proto_msg *r = send_msg(pipe, &m);
    cr_assert(r, "%s answered", proto_type_name(type));
    return r;
}

Test(handle, jails_are_recorded_by_privileged_peers_and_persist) {
    guests_pipe_added(&s, 1, UINT32_MAX, 12345, 12345); /* not root, not us, no group */
    guests_pipe_added(&s, 2, (uint32_t)getpid(), (uint32_t)getuid(), (uint32_t)getgid());
    const proto_msg *r = jail_req(1, PROTO_JAIL_ADD, 0, "/srv/a");
    cr_expect(r->type == PROTO_ERROR && r->u.error.code == -EPERM);
    r = jail_req(2, PROTO_JAIL_ADD, 0, "/srv/a");
    cr_assert(r->type == PROTO_OK && r->u.ok.value == 0, "a shared jail has namespace 0");
    r = jail_req(2, PROTO_JAIL_ADD, PROTO_JAIL_ISOLATED, "/srv/b");
    cr_assert(r->type == PROTO_OK && r->u.ok.value != 0);
    uint64_t ns = r->u.ok.value;
    r = jail_req(2, PROTO_JAIL_ADD, 0, "/srv/b");
    cr_expect(r->type == PROTO_ERROR && r->u.error.code == -EEXIST, "isolation does not flip");
    r = jail_req(2, PROTO_JAIL_ADD, 0, "/srv/c/");
    cr_expect(r->type == PROTO_ERROR && r->u.error.code == -EINVAL, "trailing slash refused");

    srv_fini(&s); /* emud restarts: the registry comes back from the cache directory */
    char cache[256];
    snprintf(cache, sizeof cache, "%s/cache", dir);
    srv_config cfg = {.cache_dir = strdup(cache), .workers = 1, .nosync = true};
    cr_assert(srv_init(&s, &cfg, &tp) == 0);
    guests_pipe_added(&s, 2, (uint32_t)getpid(), (uint32_t)getuid(), (uint32_t)getgid());
    r = jail_req(2, PROTO_JAIL_LIST, 0, NULL);
    cr_assert(r->type == PROTO_JAIL_LIST_REPLY && r->u.jail_list_reply.count == 2);
    for (uint32_t i = 0; i < 2; i++) {
        const proto_jail_info *j = &r->u.jail_list_reply.jails[i];
        bool b = !strcmp(j->root, "/srv/b");
        cr_expect(b || !strcmp(j->root, "/srv/a"));
        cr_expect(j->ns == (b ? ns : 0), "namespace kept over a restart");
    }
    cr_expect(jail_req(2, PROTO_JAIL_REMOVE, 0, "/srv/a")->type == PROTO_OK);
    r = jail_req(2, PROTO_JAIL_REMOVE, 0, "/srv/a");
    cr_expect(r->type == PROTO_ERROR && r->u.error.code == -ENOENT);
    cr_expect(server_counter("jails_registered") == 1);
}

static uint32_t warm_key_flags(const proto_msg *r, uint32_t i) {
    cache_record rec;
    cr_assert(cache_record_decode(r->u.warm_reply.items[i].record,
                                  r->u.warm_reply.items[i].record_len, &rec) == 0);
    return rec.ctx.flags;
}

/* Our own root is "/": recording "/" as isolated puts this process's guests in a namespace. */
Test(handle, isolated_jail_shares_nothing_either_way) {
    guests_pipe_added(&s, 1, (uint32_t)getpid(), (uint32_t)getuid(), (uint32_t)getgid());
    guests_pipe_added(&s, 2, UINT32_MAX, 0, 0); /* a peer whose root emud cannot see */
    const proto_msg *r = jail_req(1, PROTO_JAIL_ADD, PROTO_JAIL_ISOLATED, "/");
    cr_assert(r->type == PROTO_OK);
    uint32_t ns = (uint32_t)r->u.ok.value;
    proto_msg h = {.type = PROTO_HELLO,
                   .u.hello = {.pid = 1, .abi_id = jit_abi_id(), .jail = "/", .exe = "/x"}};
    r = send_msg(2, &h);
    cr_expect(r->type == PROTO_WELCOME && !(r->u.welcome.flags & PROTO_WELCOME_SHARED),
              "an unknown root is not shared while isolated jails exist");

    uint64_t iso = hello(1, jit_abi_id());
    proto_hash img = {{0x33, 0x44}};
    proto_submit_block blocks[] = {
        {.offset = 0x1234, .pc_bits = 0x234, .guest = (const uint8_t *)code_a, .guest_len = 12}};
    submit(1, iso, &img, jit_abi_id(), blocks, 1, 1);
    r = warm_get(1, iso, &img);
    cr_assert(r->u.warm_reply.count == 1, "the isolated guest's own block is warm for it");
    cr_expect(warm_key_flags(r, 0) == ns << CACHE_KEY_NS_SHIFT);

    cr_assert(jail_req(1, PROTO_JAIL_REMOVE, 0, "/")->type == PROTO_OK);
    uint64_t shared = hello(1, jit_abi_id()); /* a new guest: the shared namespace */
    r = warm_get(1, shared, &img);
    cr_expect(r->u.warm_reply.count == 0, "the shared namespace sees nothing of the isolated one");
    submit(1, shared, &img, jit_abi_id(), blocks, 1, 1);
    r = warm_get(1, shared, &img);
    cr_assert(r->u.warm_reply.count == 1);
    cr_expect(warm_key_flags(r, 0) == 0);
    cr_expect(server_counter("guests_isolated") == 1);
}
