/* handle.c — what emud does with each request: strict decoding (a bad message closes its pipe
 * only), adoption, warm sets read off the loop, submissions queued for translation, flush. */
#include "server.h"
#include "packs.h"

#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_WARM_MAX (32u << 20)

static uint64_t clock_ns(clockid_t id) {
    struct timespec t;
    clock_gettime(id, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

int srv_init(srv *s, const srv_config *cfg, const srv_transport *tp) {
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    if (!s->cfg.workers) s->cfg.workers = 1;
    if (!s->cfg.xlat_queue) s->cfg.xlat_queue = 65536;
    if (!s->cfg.xlat_queue_bytes) s->cfg.xlat_queue_bytes = (size_t)64 << 20;
    if (!s->cfg.warm_max_bytes || s->cfg.warm_max_bytes > DEFAULT_WARM_MAX)
        s->cfg.warm_max_bytes = DEFAULT_WARM_MAX;
    s->tp = tp;
    s->abi_id = jit_abi_id();
    s->self_uid = getuid();
    s->start_ns = clock_ns(CLOCK_REALTIME);
    s->start_mono_ns = clock_ns(CLOCK_MONOTONIC);
    uint32_t e = 0;
    if (getrandom(&e, sizeof e, GRND_NONBLOCK) != sizeof e) e = (uint32_t)s->start_ns ^ getpid();
    s->epoch = e | 1u; /* never 0: a guest id is never 0 */
    if (cfg->admin_group) {
        struct group *g = getgrnam(cfg->admin_group);
        if (g) {
            s->have_admin_gid = true;
            s->admin_gid = g->gr_gid;
        }
    }
    guests_init(s);
    cache_options co = {.size_limit = cfg->max_bytes,
                        .flags = CACHE_OPEN_RESET | (cfg->nosync ? CACHE_OPEN_NOSYNC : 0)};
    int r = cache_open(&s->cache, cfg->cache_dir, &co);
    if (r) goto fail;
    if ((r = jails_load(s))) goto fail;
    if ((r = jit_create(&s->jit, 1u << 16))) goto fail;
    if ((r = packs_open(&s->packs, cfg->packs_dir, cfg->packs_tmpfs, s->cache, s->abi_id)))
        goto fail;
    if ((r = xlat_start(&s->xlat, s->cache, s->jit, s->cfg.workers, s->cfg.xlat_queue,
                        s->cfg.xlat_queue_bytes)))
        goto fail;
    return 0;
fail:
    srv_fini(s);
    return r;
}

void srv_fini(srv *s) {
    xlat_stop(s->xlat);
    s->xlat = NULL;
    if (s->jit) jit_destroy(s->jit);
    s->jit = NULL;
    packs_close(s->packs);
    s->packs = NULL;
    cache_close(s->cache);
    s->cache = NULL;
    jails_fini(s);
    guests_fini(s);
}

void srv_req_init(srv_req *r, srv *s) {
    memset(r, 0, sizeof *r);
    r->s = s;
    proto_buf_init(&r->out);
}

void srv_req_reset(srv_req *r) {
    if (r->decoded) proto_msg_release(&r->msg);
    r->decoded = false;
    proto_buf_reset(&r->out);
    r->work = NULL;
    r->done = NULL;
    r->err = 0;
    r->n1 = r->n2 = 0;
    free(r->images);
    r->images = NULL;
    r->nimages = 0;
    free(r->save);
    r->save = NULL;
}

void srv_req_free(srv_req *r) {
    srv_req_reset(r);
    proto_buf_free(&r->out);
}

void srv_reply_error(srv_req *r, int code, const char *text) {
    proto_buf_reset(&r->out);
    proto_error e = {.code = code, .text = text};
    if (proto_encode_error(&r->out, r->msg.request_id, &e)) {
        r->s->tp->drop(r, false);
        return;
    }
    r->s->tp->reply(r);
}

void srv_reply_ok(srv_req *r, uint64_t value) {
    proto_buf_reset(&r->out);
    proto_ok ok = {.value = value};
    if (proto_encode_ok(&r->out, r->msg.request_id, &ok)) {
        r->s->tp->drop(r, false);
        return;
    }
    r->s->tp->reply(r);
}

/* ---- HELLO / DETACH ---- */

static void on_hello(srv *s, srv_req *r) {
    const proto_hello *h = &r->msg.u.hello;
    srv_pipe *p = guests_pipe(s, r->pipe);
    srv_guest *g = NULL;
    int e = p ? guests_adopt(s, p, h, &g) : -ENOTCONN;
    if (e) {
        s->cnt.adopt_refused++;
        srv_reply_error(r, e, "not adopted");
        return;
    }
    s->cnt.adopted++;
    if (!g->shared) s->cnt.abi_mismatch++;
    proto_welcome w = {.guest_id = g->id,
                       .server_abi_id = s->abi_id,
                       .flags = g->shared ? PROTO_WELCOME_SHARED : 0};
    if (proto_encode_welcome(&r->out, r->msg.request_id, &w)) {
        s->tp->drop(r, false);
        return;
    }
    s->tp->reply(r);
}

static void on_detach(srv *s, srv_req *r) {
    srv_guest *g = guests_find(s, r->msg.u.detach.guest_id, r->pipe);
    if (!g) {
        srv_reply_error(r, -ESRCH, "no such guest on this connection");
        return;
    }
    guests_detach(s, g, &r->msg.u.detach);
    srv_reply_ok(r, 0);
}

/* ---- WARM_GET: the cache is read off the loop, in one read transaction ---- */

/* The key flags of a verified block record (emucache.h: u32 at byte 32 of the header). */
static uint32_t record_key_flags(const uint8_t *rec) {
    return rec[32] | (uint32_t)rec[33] << 8 | (uint32_t)rec[34] << 16 | (uint32_t)rec[35] << 24;
}

static void warm_work(srv_req *r) {
    srv *s = r->s;
    const proto_warm_get *w = &r->msg.u.warm_get;
    size_t max =
        w->max_bytes && w->max_bytes < s->cfg.warm_max_bytes ? w->max_bytes : s->cfg.warm_max_bytes;
    cache_warm_set *set = NULL;
    r->err = w->abi_id == s->abi_id ? cache_warm_get(s->cache, &r->image, s->abi_id, max, &set) : 0;
    if (r->err) return;
    proto_list l;
    r->err = proto_warm_reply_begin(&l, &r->out, r->msg.request_id, &w->image, w->abi_id,
                                    set && set->truncated ? PROTO_WARM_TRUNCATED : 0, 0);
    for (size_t i = 0; !r->err && set && i < set->count; i++) {
        if (record_key_flags(set->items[i].record) != r->key_flags)
            continue; /* not its namespace */
        proto_warm_item it = {.offset = set->items[i].offset,
                              .record = set->items[i].record,
                              .record_len = (uint32_t)set->items[i].record_len};
        int e = proto_warm_reply_add(&l, &it);
        if (e == PROTO_ETOOBIG) break; /* list_end marks the reply truncated */
        if (e) {
            r->err = e;
            break;
        }
        r->n1++;
        r->n2 += it.record_len;
    }
    if (!r->err) r->err = proto_list_end(&l);
    if (r->err) proto_list_abort(&l);
    cache_warm_set_free(set);
}

static void warm_done(srv_req *r) {
    srv *s = r->s;
    const proto_warm_get *w = &r->msg.u.warm_get;
    if (r->err) {
        s->cnt.warm_failed++;
        srv_reply_error(r, r->err, "warm set unavailable");
        return;
    }
    s->cnt.warm_blocks_served += r->n1;
    s->cnt.warm_bytes_served += r->n2;
    srv_image_stat *im = guests_image(s, &w->image, w->path);
    if (im) {
        im->blocks_served += r->n1;
        im->bytes_served += r->n2;
    }
    srv_guest *g = guests_find(s, w->guest_id, r->pipe);
    if (g) {
        g->warm_served += r->n1;
        srv_jail_stat *j = guests_jail(s, g->jail);
        if (j) j->blocks_served += r->n1;
    }
    s->tp->reply(r);
}

static void on_warm_get(srv *s, srv_req *r) {
    const proto_warm_get *w = &r->msg.u.warm_get;
    s->cnt.warm_gets++;
    srv_image_stat *im = guests_image(s, &w->image, w->path);
    if (im) im->warm_gets++;
    srv_guest *g = guests_find(s, w->guest_id, r->pipe);
    if (g) {
        guests_note_image(s, g, &w->image, w->path);
        srv_jail_stat *j = guests_jail(s, g->jail);
        if (j) j->warm_gets++;
    }
    /* a guest of an isolated jail reads its own namespace's warm set, and only its blocks */
    uint32_t ns = g ? g->ns : 0;
    jails_image_id(&w->image, ns, &r->image);
    r->key_flags = ns << SRV_NS_SHIFT;
    r->work = warm_work;
    r->done = warm_done;
    s->tp->queue_work(r);
}

/* ---- SUBMIT: emud translates the guest bytes itself ---- */

static void on_submit(srv *s, srv_req *r) {
    const proto_submit *m = &r->msg.u.submit;
    s->cnt.submits++;
    uint64_t accepted = 0;
    if (m->abi_id != s->abi_id) { /* another translator: its blocks are no use here */
        s->cnt.abi_mismatch++;
        s->cnt.blocks_refused += m->count;
        srv_reply_ok(r, 0);
        return;
    }
    srv_guest *g = guests_find(s, m->guest_id, r->pipe);
    uint32_t ns = g ? g->ns : 0;
    cache_image_id img;
    jails_image_id(&m->image, ns, &img);
    for (uint32_t i = 0; i < m->count; i++) {
        const proto_submit_block *b = &m->blocks[i];
        if (b->pc_bits > 0xfff || b->flags || !b->guest_len || (b->guest_len & 3) ||
            b->guest_len > CACHE_MAX_GUEST_LEN) {
            s->cnt.blocks_refused++;
            continue;
        }
        xlat_job *j = xlat_job_new(&img, b->offset, b->pc_bits, b->guest, b->guest_len);
        if (j) j->key_flags = ns << SRV_NS_SHIFT;
        if (!j || xlat_submit(s->xlat, j)) {
            free(j);
            s->cnt.blocks_queue_full++;
            continue;
        }
        accepted++;
    }
    s->cnt.blocks_submitted += accepted;
    srv_image_stat *im = guests_image(s, &m->image, NULL);
    if (im) im->blocks_submitted += accepted;
    if (g) {
        g->submitted += accepted;
        guests_note_image(s, g, &m->image, NULL);
        srv_jail_stat *j = guests_jail(s, g->jail);
        if (j) j->blocks_submitted += accepted;
    }
    srv_reply_ok(r, accepted);
}

/* ---- STATS / PS ---- */

static void stats_work(srv_req *r) {
    r->err = cache_get_stats(r->s->cache, &r->cstats);
}

static void stats_done(srv_req *r) {
    if (r->err || srv_encode_stats(r->s, r)) {
        srv_reply_error(r, r->err ? r->err : -ENOMEM, "statistics unavailable");
        return;
    }
    r->s->tp->reply(r);
}

static void on_stats(srv *s, srv_req *r) {
    s->cnt.stats_gets++;
    r->work = stats_work;
    r->done = stats_done;
    s->tp->queue_work(r);
}

static void on_ps(srv *s, srv_req *r) {
    s->cnt.ps_gets++;
    int e = srv_encode_ps(s, r);
    if (e) {
        srv_reply_error(r, e, "ps unavailable");
        return;
    }
    s->tp->reply(r);
}

/* ---- FLUSH ---- */

static void flush_work(srv_req *r) {
    srv *s = r->s;
    const proto_flush *f = &r->msg.u.flush;
    if (f->scope == PROTO_FLUSH_ALL) {
        cache_stats st;
        r->err = cache_get_stats(s->cache, &st);
        if (!r->err) r->err = cache_flush_all(s->cache);
        packs_drop_all(s->packs); /* a flush takes effect at once, packs included */
        if (!r->err) r->n1 = st.blocks;
        return;
    }
    for (size_t i = 0; i < r->nimages && !r->err; i++) {
        uint64_t removed = 0;
        r->err = cache_flush_image(s->cache, &r->images[i], &removed);
        packs_drop(s->packs, &r->images[i]);
        r->n1 += removed;
    }
}

static void flush_done(srv_req *r) {
    srv *s = r->s;
    if (r->err) {
        srv_reply_error(r, r->err, "flush failed");
        return;
    }
    s->cnt.flushes++;
    s->cnt.flushed_blocks += r->n1;
    srv_reply_ok(r, r->n1);
}

static void on_flush(srv *s, srv_req *r) {
    const proto_flush *f = &r->msg.u.flush;
    if (!guests_privileged(s, guests_pipe(s, r->pipe))) {
        s->cnt.denied++;
        srv_reply_error(r, -EPERM, "flush needs root or the emud group");
        return;
    }
    if (f->scope == PROTO_FLUSH_IMAGE) {
        r->images = malloc(sizeof *r->images);
        if (!r->images) {
            srv_reply_error(r, -ENOMEM, NULL);
            return;
        }
        memcpy(r->images[0].b, f->image.b, sizeof f->image.b);
        r->nimages = 1;
    } else if (f->scope == PROTO_FLUSH_JAIL) {
        /* the images guests of that jail used since emud started */
        srv_jail_stat *j = guests_jail(s, f->jail);
        if (j && j->nimages) {
            r->images = malloc(j->nimages * sizeof *r->images);
            if (!r->images) {
                srv_reply_error(r, -ENOMEM, NULL);
                return;
            }
            for (uint32_t i = 0; i < j->nimages; i++)
                memcpy(r->images[i].b, j->images[i].b, sizeof j->images[i].b);
            r->nimages = j->nimages;
        }
    }
    r->work = flush_work;
    r->done = flush_done;
    s->tp->queue_work(r);
}

/* ---- dispatch ---- */

static uint32_t rd_le32(const uint8_t *p) {
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A peer of another protocol version is told which one we speak; anything else that does not
 * decode costs the sender its connection. */
static void on_undecodable(srv *s, srv_req *r, int err) {
    if (err == PROTO_EVERSION && r->len >= PROTO_HEADER_LEN && rd_le32(r->data) == PROTO_MAGIC) {
        s->cnt.version_refused++;
        r->msg.request_id = rd_le32(r->data + 12);
        srv_reply_error(r, PROTO_EVERSION, "protocol version not supported");
        return;
    }
    s->cnt.malformed++;
    s->cnt.pipes_closed_bad++;
    s->tp->drop(r, true);
}

void srv_handle(srv_req *r) {
    srv *s = r->s;
    s->cnt.requests++;
    int e = proto_decode(r->data, r->len, &r->msg);
    if (e) {
        on_undecodable(s, r, e);
        return;
    }
    r->decoded = true;
    switch (r->msg.type) {
    case PROTO_HELLO: on_hello(s, r); break;
    case PROTO_DETACH: on_detach(s, r); break;
    case PROTO_WARM_GET: on_warm_get(s, r); break;
    case PROTO_SUBMIT: on_submit(s, r); break;
    case PROTO_STATS_GET: on_stats(s, r); break;
    case PROTO_PS_GET: on_ps(s, r); break;
    case PROTO_FLUSH: on_flush(s, r); break;
    case PROTO_JAIL_ADD: srv_on_jail_add(s, r); break;
    case PROTO_JAIL_REMOVE: srv_on_jail_remove(s, r); break;
    case PROTO_JAIL_LIST: srv_on_jail_list(s, r); break;
    default: /* a reply sent as a request */
        s->cnt.malformed++;
        s->cnt.pipes_closed_bad++;
        s->tp->drop(r, true);
    }
}
