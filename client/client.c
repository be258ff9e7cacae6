/* client.c — the emuclient handle: open and close, fork, warm sets (checked, handed to the
 * caller's installer), the non-blocking submit path, statistics, and tool requests. */
#include "internal.h"

#include "emucache.h"

#ifdef EMU_NNG_FIXUPS
#include "nng_fixups.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <nng/protocol/reqrep0/req.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

struct emuclient_reply {
    nng_msg *nmsg; /* the bytes m points into */
    proto_msg m;
};

static void fill_defaults(emuclient_options *o) {
#define DEF(f, v)                                                                                  \
    if (!o->f) o->f = (v)
    DEF(connect_timeout_ms, 200);
    DEF(warm_timeout_ms, 2000);
    DEF(request_timeout_ms, 5000);
    DEF(submit_timeout_ms, 1000);
    DEF(close_flush_ms, 200);
    DEF(batch_delay_ms, 20);
    DEF(batch_blocks, 64);
    DEF(queue_blocks, 4096);
    DEF(queue_bytes, (size_t)4 << 20);
#undef DEF
}

static int set_urls(emuclient *c, const char *sock) {
    if (!sock || !*sock) sock = getenv(EMUCLIENT_SOCKET_ENV);
    if (sock && *sock) {
        c->urls[c->nurls++] = strdup(sock);
    } else {
        c->urls[c->nurls++] = strdup(EMUCLIENT_SOCKET_PATH);
        c->urls[c->nurls++] = strdup(EMUCLIENT_SOCKET_ABSTRACT);
    }
    for (int i = 0; i < c->nurls; i++)
        if (!c->urls[i]) return -ENOMEM;
    return 0;
}

static void free_client(emuclient *c) {
    for (int i = 0; i < c->nurls; i++)
        free(c->urls[i]);
    free(c->jail);
    free(c->exe);
    free(c->scratch);
    cq_free(&c->q);
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    pthread_mutex_destroy(&c->fg_mu);
    free(c);
}

static int init_sync(emuclient *c) {
    pthread_condattr_t a;
    if (pthread_condattr_init(&a)) return -ENOMEM;
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    int r = pthread_cond_init(&c->cv, &a);
    pthread_condattr_destroy(&a);
    if (r) return -ENOMEM;
    pthread_mutex_init(&c->mu, NULL);
    pthread_mutex_init(&c->fg_mu, NULL);
    return 0;
}

/* A guest process needs few of nng's threads; more would cost every short-lived process (and
 * every one is a host stack mapped in the guest's address space). With Debian's nng 1.5, 2 task
 * threads and 1 expiry thread (instead of 2 and 1 per CPU) before nng starts them. */
static void tune_nng(void) {
#ifdef EMU_NNG_FIXUPS
    if (!emu_nng_cpus) emu_nng_cpus = 1;
#endif
}

/* The req0 socket and its two contexts: the foreground one (warm sets, tool calls) and the
 * background thread's, so a SUBMIT in flight never delays a WARM_GET. */
static int open_socket(emuclient *c) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, tune_nng);
    int rv = nng_req0_open(&c->sock);
    if (rv) return ec_nng_err(rv);
    /* warm replies are big; resends would duplicate SUBMITs to a restarted emud */
    if ((rv = nng_socket_set_size(c->sock, NNG_OPT_RECVMAXSZ,
                                  (size_t)PROTO_HEADER_LEN + PROTO_MAX_PAYLOAD)) ||
        (rv = nng_socket_set_ms(c->sock, NNG_OPT_RECONNMINT, 50)) ||
        (rv = nng_socket_set_ms(c->sock, NNG_OPT_RECONNMAXT, 1000)) ||
        (rv = nng_socket_set_ms(c->sock, NNG_OPT_REQ_RESENDTIME, NNG_DURATION_INFINITE)) ||
        (rv = nng_pipe_notify(c->sock, NNG_PIPE_EV_ADD_POST, ec_pipe_event, c)) ||
        (rv = nng_pipe_notify(c->sock, NNG_PIPE_EV_REM_POST, ec_pipe_event, c)) ||
        (rv = nng_ctx_open(&c->fg_ctx, c->sock)) || (rv = nng_ctx_open(&c->bg_ctx, c->sock))) {
        nng_close(c->sock);
        return ec_nng_err(rv);
    }
    return 0;
}

/* Wait (at most connect_timeout_ms) until the background thread's first dial and adoption are
 * over, successful or not. */
static void wait_first_round(emuclient *c) {
    if (!c->thr_started) return;
    struct timespec deadline = ec_after(ec_now(), c->opt.connect_timeout_ms);
    pthread_mutex_lock(&c->mu);
    while (!c->first_round)
        if (pthread_cond_timedwait(&c->cv, &c->mu, &deadline) == ETIMEDOUT) break;
    pthread_mutex_unlock(&c->mu);
}

/* Whether the first dial and adoption are still under way. */
static bool connecting(emuclient *c) {
    pthread_mutex_lock(&c->mu);
    bool r = c->thr_started && !c->first_round;
    pthread_mutex_unlock(&c->mu);
    return r;
}

int emuclient_open(emuclient **out, const emuclient_options *opt, const emuclient_identity *id) {
    if (!out) return -EINVAL;
    *out = NULL;
    bool tool = opt && (opt->flags & EMUCLIENT_TOOL);
    if (!tool && (!id || !id->exe)) return -EINVAL;
    emuclient *c = calloc(1, sizeof *c);
    if (!c) return -ENOMEM;
    if (opt) c->opt = *opt;
    fill_defaults(&c->opt);
    c->tool = tool;
    int r = init_sync(c);
    if (r) {
        free(c);
        return r;
    }
    if (id) {
        c->pid = id->pid;
        c->abi_id = id->abi_id;
        c->jail = id->jail ? strdup(id->jail) : NULL;
        c->exe = id->exe ? strdup(id->exe) : NULL;
        if ((id->jail && !c->jail) || (id->exe && !c->exe)) r = -ENOMEM;
    }
    if (!r) r = set_urls(c, c->opt.socket);
    c->opt.socket = NULL; /* borrowed: never kept */
    if (!r && !tool) r = cq_init(&c->q, c->opt.queue_blocks, c->opt.queue_bytes);
    /* Threads inherit the signal mask: nng's (started with its first socket) and ours must
       never be where the kernel delivers the guest's signals. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    if (!r) r = open_socket(c);
    if (!r && !tool && pthread_create(&c->thr, NULL, ec_bg_main, c) == 0) c->thr_started = true;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (r) {
        free_client(c);
        return r;
    }

    if (tool) {
        if ((r = ec_connect(c))) {
            nng_close(c->sock);
            free_client(c);
            return r;
        }
        *out = c;
        return 0;
    }
    /* The thread dials and adopts; the guest waits for that at most connect_timeout_ms. */
    if (!(c->opt.flags & EMUCLIENT_NOWAIT)) wait_first_round(c);
    *out = c;
    return 0;
}

int emuclient_set_fd_floor(int fd_floor) {
#ifdef EMU_NNG_FIXUPS
    emu_nng_fd_floor = fd_floor > 0 ? fd_floor : 0;
    return 0;
#else
    (void)fd_floor;
    return -ENOTSUP;
#endif
}

bool emuclient_connected(emuclient *c) {
    return c && !atomic_load(&c->forked) && atomic_load(&c->adopted) && atomic_load(&c->shared);
}

int emuclient_image_hash(const void *data, size_t len, uint8_t out[EMUCLIENT_HASH_LEN]) {
    cache_image_id id;
    int r = cache_image_hash(data, len, &id);
    if (r == 0) memcpy(out, id.b, EMUCLIENT_HASH_LEN);
    return r;
}

void emuclient_after_fork(emuclient *c) {
    if (c) atomic_store(&c->forked, true);
}

/* Ask the background thread to send what is queued and DETACH, and wait for it until the
 * flush deadline: whether it finished. */
static bool flush_and_detach(emuclient *c, int exit_status) {
    pthread_mutex_lock(&c->mu);
    c->exit_status = exit_status;
    c->closing = true;
    c->close_deadline = ec_after(ec_now(), c->opt.close_flush_ms);
    struct timespec limit = ec_after(c->close_deadline, 50);
    pthread_cond_broadcast(&c->cv);
    while (!c->bg_done)
        if (pthread_cond_timedwait(&c->cv, &c->mu, &limit) == ETIMEDOUT) break;
    bool done = c->bg_done;
    pthread_mutex_unlock(&c->mu);
    return done;
}

void emuclient_close(emuclient *c, int exit_status) {
    if (!c || atomic_load(&c->forked)) return; /* a fork child: the parent's threads are gone */
    bool sock_closed = false;
    if (c->thr_started) {
        if (!flush_and_detach(c, exit_status)) { /* stuck in a request: closing aborts it */
            nng_close(c->sock);
            sock_closed = true;
        }
        pthread_join(c->thr, NULL);
    }
    if (!sock_closed) nng_close(c->sock);
    free_client(c);
}

void emuclient_leave(emuclient *c, int exit_status) {
    if (!c || atomic_load(&c->forked)) return;
    if (c->thr_started && flush_and_detach(c, exit_status)) pthread_join(c->thr, NULL);
}

/* An aligned copy of a blob: blobs are read through aligned views. */
static const void *aligned_blob(uint8_t **scratch, size_t *cap, const void *p, size_t len) {
    if (len > *cap) {
        size_t ncap = (len + 4095) & ~(size_t)4095;
        uint8_t *q = aligned_alloc(64, ncap);
        if (!q) return NULL;
        free(*scratch);
        *scratch = q;
        *cap = ncap;
    }
    memcpy(*scratch, p, len);
    return *scratch;
}

/* Checks one warm item against what this client runs and fills b: the blob in the scratch,
 * or, for an item of a pack (in_place) whose blob is aligned as the translator reads it, where
 * it lies in the pack's mapping. */
static int check_item(uint64_t abi_id, const proto_warm_item *it, uint64_t base, uint8_t **scratch,
                      size_t *cap, bool in_place, emuclient_block *b) {
    cache_record rec;
    uint64_t pc = base + it->offset;
    if (cache_record_decode(it->record, it->record_len, &rec) || rec.ctx.abi_id != abi_id ||
        (rec.ctx.flags & CACHE_KEY_XLAT_FLAGS) || rec.nrelocs || rec.ctx.pc_bits != (pc & 0xfff) ||
        !rec.host_len)
        return -EBADMSG;
    bool stable = in_place && ((uintptr_t)rec.host & 7) == 0;
    const void *blob = stable ? rec.host : aligned_blob(scratch, cap, rec.host, rec.host_len);
    if (!blob) return -ENOMEM;
    *b = (emuclient_block){.pc = pc,
                           .offset = it->offset,
                           .guest = rec.guest,
                           .guest_len = rec.guest_len,
                           .blob = blob,
                           .blob_len = rec.host_len,
                           .stable = stable};
    return 0;
}

static int check_warm_reply(emuclient *c, const proto_msg *rep, const uint8_t *image) {
    if (rep->type == PROTO_ERROR) return rep->u.error.code < 0 ? rep->u.error.code : -EPROTO;
    if (rep->type != PROTO_WARM_REPLY ||
        memcmp(rep->u.warm_reply.image.b, image, EMUCLIENT_HASH_LEN) ||
        rep->u.warm_reply.abi_id != c->abi_id)
        return -EPROTO;
    return 0;
}

/* One WARM_GET on the foreground context; on success *m and *rep hold the checked reply. */
static int warm_request(emuclient *c, const uint8_t *image, const char *path, nng_msg **m,
                        proto_msg *rep) {
    if (!c || atomic_load(&c->forked) || c->tool) return -ENOTCONN;
    if (!image) return -EINVAL;
    if (c->opt.flags & EMUCLIENT_NOWAIT) wait_first_round(c);
    if (!atomic_load(&c->adopted) || !atomic_load(&c->shared)) return -ENOTCONN;
    proto_warm_get w = {.guest_id = atomic_load(&c->guest_id), .abi_id = c->abi_id, .path = path};
    memcpy(w.image.b, image, EMUCLIENT_HASH_LEN);
    if (path && strlen(path) >= PROTO_MAX_STR) w.path = NULL; /* statistics only */
    proto_buf b;
    proto_buf_init(&b);
    uint32_t req = atomic_fetch_add(&c->next_req, 1);
    int r = proto_encode_warm_get(&b, req, &w);
    atomic_fetch_add(&c->n_warm_req, 1);
    if (r == 0) r = ec_request(c, c->fg_ctx, &b, req, c->opt.warm_timeout_ms, m, rep);
    proto_buf_free(&b);
    if (r == 0 && (r = check_warm_reply(c, rep, image)) != 0) {
        proto_msg_release(rep);
        nng_msg_free(*m);
    }
    if (r) atomic_fetch_add(&c->n_warm_fail, 1);
    return r;
}

static void count_warm(emuclient *c, const emuclient_warm_result *rr) {
    atomic_fetch_add(&c->n_warm_recv, rr->received);
    atomic_fetch_add(&c->n_warm_inst, rr->installed);
    atomic_fetch_add(&c->n_warm_rej, rr->rejected);
}

int emuclient_warm_get(emuclient *c, const uint8_t *image, uint64_t base, const char *path,
                       emuclient_block_fn fn, void *arg, emuclient_warm_result *res) {
    emuclient_warm_result rr = {0};
    if (res) *res = rr;
    if (c && !fn) return -EINVAL;
    nng_msg *m = NULL;
    proto_msg rep;
    if (c) pthread_mutex_lock(&c->fg_mu);
    int r = warm_request(c, image, path, &m, &rep);
    if (r == 0) {
        const proto_warm_reply *wr = &rep.u.warm_reply;
        rr.received = wr->count;
        rr.truncated = wr->flags & PROTO_WARM_TRUNCATED;
        for (uint32_t i = 0; i < wr->count; i++) {
            emuclient_block blk;
            if (check_item(c->abi_id, &wr->items[i], base, &c->scratch, &c->scratch_cap, false,
                           &blk) == 0 &&
                fn(arg, &blk) == 0)
                rr.installed++;
            else
                rr.rejected++;
        }
        proto_msg_release(&rep);
        nng_msg_free(m);
    }
    if (c) pthread_mutex_unlock(&c->fg_mu);
    if (c) count_warm(c, &rr);
    if (res) *res = rr;
    return r;
}

struct emuclient_warm_set {
    cache_pack *pack; /* a pack emud published: the records are read from its mapping */
    nng_msg *msg;     /* or emud's reply: the records point into it */
    proto_msg rep;    /* its decoded form (owns the item array) */
    uint64_t abi_id;
    uint32_t *order; /* item indices sorted by offset */
    uint32_t count, found, rejected;
    uint8_t *scratch;
    size_t scratch_cap;
};

static const proto_warm_item *sort_items;
static int cmp_offset(const void *a, const void *b) {
    uint64_t x = sort_items[*(const uint32_t *)a].offset;
    uint64_t y = sort_items[*(const uint32_t *)b].offset;
    return x < y ? -1 : x > y;
}

/* The item indices sorted by offset (qsort's comparator reads the items through a static:
 * callers hold fg_mu, so one sort runs at a time). */
static uint32_t *sorted_order(const proto_warm_reply *wr) {
    uint32_t *o = malloc(sizeof *o * (wr->count ? wr->count : 1));
    if (!o) return NULL;
    for (uint32_t i = 0; i < wr->count; i++)
        o[i] = i;
    sort_items = wr->items;
    qsort(o, wr->count, sizeof *o, cmp_offset);
    sort_items = NULL;
    return o;
}

int emuclient_warm_fetch(emuclient *c, const uint8_t *image, const char *path,
                         emuclient_warm_set **out, emuclient_warm_result *res) {
    emuclient_warm_result rr = {0};
    if (res) *res = rr;
    if (!out) return -EINVAL;
    *out = NULL;
    emuclient_warm_set *s = calloc(1, sizeof *s);
    if (!s) return -ENOMEM;
    if (c) pthread_mutex_lock(&c->fg_mu);
    int r = warm_request(c, image, path, &s->msg, &s->rep);
    if (r == 0) {
        const proto_warm_reply *wr = &s->rep.u.warm_reply;
        s->abi_id = c->abi_id;
        s->count = wr->count;
        rr.received = wr->count;
        rr.truncated = wr->flags & PROTO_WARM_TRUNCATED;
        if (!(s->order = sorted_order(wr))) {
            proto_msg_release(&s->rep);
            nng_msg_free(s->msg);
            r = -ENOMEM;
        }
    }
    if (c) pthread_mutex_unlock(&c->fg_mu);
    if (r) {
        free(s);
        return r;
    }
    count_warm(c, &rr);
    if (res) *res = rr;
    *out = s;
    return 0;
}

/* The reply's item at offset, by binary search over the sorted order. */
static const proto_warm_item *reply_item(const emuclient_warm_set *s, uint64_t offset) {
    const proto_warm_item *items = s->rep.u.warm_reply.items;
    uint32_t lo = 0, hi = s->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (items[s->order[mid]].offset < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->count && items[s->order[lo]].offset == offset ? &items[s->order[lo]] : NULL;
}

int emuclient_warm_find(emuclient_warm_set *s, uint64_t base, uint64_t offset, emuclient_block *b) {
    if (!s || !b) return -EINVAL;
    proto_warm_item packed;
    const proto_warm_item *it = NULL;
    if (s->pack) {
        const uint8_t *rec;
        size_t len;
        if (cache_pack_find(s->pack, offset, &rec, &len) == 0) {
            packed =
                (proto_warm_item){.offset = offset, .record = rec, .record_len = (uint32_t)len};
            it = &packed;
        }
    } else {
        it = reply_item(s, offset);
    }
    if (!it) return -ENOENT;
    if (check_item(s->abi_id, it, base, &s->scratch, &s->scratch_cap, s->pack != NULL, b)) {
        s->rejected++;
        return -EBADMSG;
    }
    s->found++;
    return 0;
}

const char *emuclient_packs_dir(char *buf, size_t len) {
    const char *env = getenv(EMUCLIENT_PACKS_ENV);
    if (env) return *env ? env : NULL;
    const char *sock = getenv(EMUCLIENT_SOCKET_ENV);
    if (!sock || !*sock) sock = EMUCLIENT_SOCKET_PATH;
    if (strncmp(sock, "ipc://", 6)) return NULL; /* an abstract socket has no directory */
    const char *path = sock + 6, *slash = strrchr(path, '/');
    if (!slash || (size_t)(slash - path) + sizeof "/packs" > len) return NULL;
    snprintf(buf, len, "%.*s/packs", (int)(slash - path), path);
    return buf;
}

/* A warm set reading the records of an open pack. */
static int set_of_pack(cache_pack *pk, uint64_t abi_id, emuclient_warm_set **out,
                       emuclient_warm_result *res) {
    emuclient_warm_set *s = calloc(1, sizeof *s);
    if (!s) {
        cache_pack_close(pk);
        return -ENOMEM;
    }
    s->pack = pk;
    s->abi_id = abi_id;
    s->count = cache_pack_count(pk);
    if (res) res->received = s->count;
    *out = s;
    return 0;
}

int emuclient_warm_pack(const char *dir, const uint8_t *image, uint64_t abi_id,
                        emuclient_warm_set **out, emuclient_warm_result *res) {
    if (res) *res = (emuclient_warm_result){0};
    if (!dir || !image || !out) return -EINVAL;
    *out = NULL;
    cache_image_id img;
    memcpy(img.b, image, sizeof img.b);
    cache_pack *pk;
    int r = cache_pack_open(dir, &img, abi_id, &pk);
    return r ? r : set_of_pack(pk, abi_id, out, res);
}

int emuclient_warm_pack_remote(const uint8_t *image, uint64_t abi_id, int fd_floor,
                               emuclient_warm_set **out, emuclient_warm_result *res) {
    if (res) *res = (emuclient_warm_result){0};
    if (!image || !out) return -EINVAL;
    *out = NULL;
    int fd = ec_packfd_get(image, abi_id, fd_floor);
    if (fd < 0) return fd;
    cache_image_id img;
    memcpy(img.b, image, sizeof img.b);
    cache_pack *pk;
    int r = cache_pack_open_fd(fd, &img, abi_id, &pk);
    return r ? r : set_of_pack(pk, abi_id, out, res);
}

void emuclient_warm_set_counts(const emuclient_warm_set *s, uint32_t *found, uint32_t *rejected) {
    if (found) *found = s ? s->found : 0;
    if (rejected) *rejected = s ? s->rejected : 0;
}

void emuclient_count_warm(emuclient *c, uint32_t installed, uint32_t rejected) {
    if (!c) return;
    atomic_fetch_add(&c->n_warm_inst, installed);
    atomic_fetch_add(&c->n_warm_rej, rejected);
}

void emuclient_warm_set_free(emuclient_warm_set *s) {
    if (!s) return;
    if (s->pack) {
        cache_pack_close(s->pack);
    } else {
        proto_msg_release(&s->rep);
        nng_msg_free(s->msg);
    }
    free(s->order);
    free(s->scratch);
    free(s);
}

int emuclient_submit(emuclient *c, const uint8_t *image, uint64_t offset, uint32_t pc_low12,
                     const void *guest, uint32_t guest_len) {
    if (!c || atomic_load(&c->forked)) return -ENOTCONN;
    if (c->tool || !guest || !guest_len || (guest_len & 3) || guest_len > PROTO_MAX_GUEST_BYTES ||
        pc_low12 > 0xfff)
        return -EINVAL;
    atomic_fetch_add(&c->n_cold, 1);
    if (!image) return 0;
    if ((!atomic_load(&c->adopted) || !atomic_load(&c->shared)) &&
        !((c->opt.flags & EMUCLIENT_NOWAIT) && connecting(c))) {
        atomic_fetch_add(&c->n_drop_unconn, 1);
        return -ENOTCONN;
    }
    cq_item it = {.offset = offset, .pc_bits = pc_low12, .guest_len = guest_len};
    memcpy(it.image, image, sizeof it.image);
    if (!(it.guest = malloc(guest_len))) return -ENOMEM;
    memcpy(it.guest, guest, guest_len);
    pthread_mutex_lock(&c->mu);
    int r = cq_push(&c->q, &it);
    if (r == 0 && c->q.count == 1) c->oldest = ec_now();
    if (r == 0 && (c->q.count == 1 || c->q.count == c->opt.batch_blocks))
        pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    if (r) free(it.guest);
    return r;
}

int emuclient_stats_get(emuclient *c, emuclient_stats *out) {
    if (!c || !out) return -EINVAL;
    emuclient_stats s = {0};
    s.forked = atomic_load(&c->forked);
    if (!s.forked) { /* the child must not take the parent's lock */
        pthread_mutex_lock(&c->mu);
        s.connected = c->pipe_up;
        s.queued = c->q.accepted;
        s.dropped_full = c->q.dropped;
        s.queue_len = c->q.count;
        pthread_mutex_unlock(&c->mu);
    }
    s.adopted = atomic_load(&c->adopted) && !s.forked;
    s.shared = atomic_load(&c->shared);
    s.guest_id = atomic_load(&c->guest_id);
    s.adoptions = atomic_load(&c->n_adoptions);
    s.connects = atomic_load(&c->n_connects);
    s.warm_requests = atomic_load(&c->n_warm_req);
    s.warm_failures = atomic_load(&c->n_warm_fail);
    s.warm_received = atomic_load(&c->n_warm_recv);
    s.warm_installed = atomic_load(&c->n_warm_inst);
    s.warm_rejected = atomic_load(&c->n_warm_rej);
    s.cold_blocks = atomic_load(&c->n_cold);
    s.dropped_unconnected = atomic_load(&c->n_drop_unconn);
    s.dropped_send = atomic_load(&c->n_drop_send);
    s.sent_blocks = atomic_load(&c->n_sent_blocks);
    s.sent_batches = atomic_load(&c->n_sent_batches);
    *out = s;
    return 0;
}

int emuclient_call(emuclient *c, const proto_msg *req, emuclient_reply **out) {
    if (!c || atomic_load(&c->forked)) return -ENOTCONN;
    if (!req || !out) return -EINVAL;
    *out = NULL;
    emuclient_reply *rep = calloc(1, sizeof *rep);
    if (!rep) return -ENOMEM;
    proto_msg m = *req;
    m.request_id = atomic_fetch_add(&c->next_req, 1);
    proto_buf b;
    proto_buf_init(&b);
    int r = proto_encode(&b, &m);
    if (r == 0) {
        pthread_mutex_lock(&c->fg_mu);
        r = ec_request(c, c->fg_ctx, &b, m.request_id, c->opt.request_timeout_ms, &rep->nmsg,
                       &rep->m);
        pthread_mutex_unlock(&c->fg_mu);
    }
    proto_buf_free(&b);
    if (r) {
        free(rep);
        return r;
    }
    *out = rep;
    return 0;
}

const proto_msg *emuclient_reply_msg(const emuclient_reply *r) {
    return r ? &r->m : NULL;
}

void emuclient_reply_free(emuclient_reply *r) {
    if (!r) return;
    proto_msg_release(&r->m);
    nng_msg_free(r->nmsg);
    free(r);
}

const char *emuclient_url(emuclient *c) {
    return c ? c->urls[atomic_load(&c->url_idx)] : "";
}

const char *emuclient_strerror(int err) {
    if (err == 0) return "success";
    if (err <= -4201 && err >= -4299) return proto_strerror(err);
    if (err < 0 && err > -4096) return strerror(-err);
    return "unknown error";
}
