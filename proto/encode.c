/* encode.c — one encoder per message, the incremental list builders for WARM_REPLY and SUBMIT,
 * and proto_encode dispatching on the type. Encoders refuse what the decoder would refuse. */
#include "wire.h"

#include <errno.h>
#include <string.h>

static const proto_hash zero_hash;

int proto_encode_hello(proto_buf *out, uint32_t req, const proto_hello *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_HELLO, req);
    if (m->flags) wr_fail(&w, -EINVAL);
    wr_u32(&w, m->pid);
    wr_u32(&w, m->flags);
    wr_u64(&w, m->abi_id);
    wr_str(&w, m->jail);
    wr_str_required(&w, m->exe);
    return wr_end(&w);
}

int proto_encode_welcome(proto_buf *out, uint32_t req, const proto_welcome *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_WELCOME, req);
    if (m->flags & ~PROTO_WELCOME_SHARED) wr_fail(&w, -EINVAL);
    wr_u64(&w, m->guest_id);
    wr_u64(&w, m->server_abi_id);
    wr_u32(&w, m->flags);
    wr_u32(&w, 0);
    return wr_end(&w);
}

int proto_encode_detach(proto_buf *out, uint32_t req, const proto_detach *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_DETACH, req);
    wr_u64(&w, m->guest_id);
    wr_u32(&w, (uint32_t)m->exit_status);
    wr_u32(&w, 0);
    wr_u64(&w, m->warm_blocks);
    wr_u64(&w, m->cold_blocks);
    return wr_end(&w);
}

int proto_encode_ok(proto_buf *out, uint32_t req, const proto_ok *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_OK, req);
    wr_u64(&w, m->value);
    return wr_end(&w);
}

int proto_encode_error(proto_buf *out, uint32_t req, const proto_error *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_ERROR, req);
    wr_u32(&w, (uint32_t)m->code);
    wr_str(&w, m->text);
    return wr_end(&w);
}

int proto_encode_warm_get(proto_buf *out, uint32_t req, const proto_warm_get *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_WARM_GET, req);
    wr_u64(&w, m->guest_id);
    wr_hash(&w, &m->image);
    wr_u64(&w, m->abi_id);
    wr_u32(&w, m->max_bytes);
    wr_u32(&w, 0);
    wr_str(&w, m->path);
    return wr_end(&w);
}

int proto_encode_stats_get(proto_buf *out, uint32_t req, const proto_stats_get *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_STATS_GET, req);
    if (m->sections & ~PROTO_STATS_ALL) wr_fail(&w, -EINVAL);
    wr_u32(&w, m->sections);
    return wr_end(&w);
}

static void wr_section(wr *w, const proto_stats_section *s) {
    if (s->kind < PROTO_SECTION_SERVER || s->kind > PROTO_SECTION_JAIL ||
        s->count > PROTO_MAX_COUNTERS || (s->count && !s->counters))
        wr_fail(w, s->count > PROTO_MAX_COUNTERS ? PROTO_ELIMIT : -EINVAL);
    wr_u16(w, s->kind);
    wr_u16(w, 0);
    wr_hash(w, &s->id);
    wr_str(w, s->name);
    wr_u32(w, s->count);
    for (uint32_t i = 0; i < s->count && !w->err; i++) {
        wr_str_required(w, s->counters[i].name);
        wr_u64(w, s->counters[i].value);
    }
}

int proto_encode_stats_reply(proto_buf *out, uint32_t req, const proto_stats_reply *m) {
    if (!out || !m || (m->count && !m->sections)) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_STATS_REPLY, req);
    if (m->count > PROTO_MAX_SECTIONS) wr_fail(&w, PROTO_ELIMIT);
    wr_u32(&w, m->count);
    for (uint32_t i = 0; i < m->count && !w.err; i++)
        wr_section(&w, &m->sections[i]);
    return wr_end(&w);
}

int proto_encode_ps_get(proto_buf *out, uint32_t req, const proto_ps_get *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_PS_GET, req);
    if (m->flags) wr_fail(&w, -EINVAL);
    wr_u32(&w, m->flags);
    wr_str(&w, m->jail);
    return wr_end(&w);
}

static void wr_guest(wr *w, const proto_guest *g) {
    if (g->nimages > PROTO_MAX_IMAGES) wr_fail(w, PROTO_ELIMIT);
    if (g->nimages && !g->images) wr_fail(w, -EINVAL);
    wr_u64(w, g->guest_id);
    wr_u32(w, g->pid);
    wr_u32(w, g->uid);
    wr_u64(w, g->start_time_ns);
    wr_u64(w, g->warm_blocks);
    wr_u64(w, g->cold_blocks);
    wr_str(w, g->jail);
    wr_str(w, g->exe);
    wr_u32(w, g->nimages);
    for (uint32_t i = 0; i < g->nimages && !w->err; i++) {
        wr_hash(w, &g->images[i].id);
        wr_str(w, g->images[i].path);
    }
}

int proto_encode_ps_reply(proto_buf *out, uint32_t req, const proto_ps_reply *m) {
    if (!out || !m || (m->count && !m->guests)) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_PS_REPLY, req);
    if (m->count > PROTO_MAX_GUESTS) wr_fail(&w, PROTO_ELIMIT);
    wr_u32(&w, m->count);
    for (uint32_t i = 0; i < m->count && !w.err; i++)
        wr_guest(&w, &m->guests[i]);
    return wr_end(&w);
}

int proto_encode_flush(proto_buf *out, uint32_t req, const proto_flush *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_FLUSH, req);
    bool has_image = memcmp(m->image.b, zero_hash.b, 16) != 0;
    bool ok = (m->scope == PROTO_FLUSH_ALL && !has_image && !m->jail) ||
              (m->scope == PROTO_FLUSH_IMAGE && !m->jail) ||
              (m->scope == PROTO_FLUSH_JAIL && !has_image && m->jail);
    if (!ok) wr_fail(&w, -EINVAL);
    wr_u16(&w, m->scope);
    wr_u16(&w, 0);
    wr_hash(&w, &m->image);
    wr_str(&w, m->jail);
    return wr_end(&w);
}

/* ---- jails ---- */

static void wr_root(wr *w, const char *root) {
    if (!root || root[0] != '/') wr_fail(w, -EINVAL);
    wr_str_required(w, root);
}

int proto_encode_jail_add(proto_buf *out, uint32_t req, const proto_jail_add *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_JAIL_ADD, req);
    if (m->flags & ~PROTO_JAIL_FLAGS) wr_fail(&w, -EINVAL);
    wr_u32(&w, m->flags);
    wr_root(&w, m->root);
    return wr_end(&w);
}

int proto_encode_jail_remove(proto_buf *out, uint32_t req, const proto_jail_remove *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_JAIL_REMOVE, req);
    if (m->flags) wr_fail(&w, -EINVAL);
    wr_u32(&w, m->flags);
    wr_root(&w, m->root);
    return wr_end(&w);
}

int proto_encode_jail_list(proto_buf *out, uint32_t req, const proto_jail_list *m) {
    if (!out || !m) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_JAIL_LIST, req);
    if (m->flags) wr_fail(&w, -EINVAL);
    wr_u32(&w, m->flags);
    return wr_end(&w);
}

int proto_encode_jail_list_reply(proto_buf *out, uint32_t req, const proto_jail_list_reply *m) {
    if (!out || !m || (m->count && !m->jails)) return -EINVAL;
    wr w;
    wr_begin(&w, out, PROTO_JAIL_LIST_REPLY, req);
    if (m->count > PROTO_MAX_JAILS) wr_fail(&w, PROTO_ELIMIT);
    wr_u32(&w, m->count);
    for (uint32_t i = 0; i < m->count && !w.err; i++) {
        const proto_jail_info *j = &m->jails[i];
        if ((j->flags & ~PROTO_JAIL_FLAGS) || !(j->flags & PROTO_JAIL_ISOLATED) != !j->ns)
            wr_fail(&w, -EINVAL);
        wr_u32(&w, j->flags);
        wr_u32(&w, j->ns);
        wr_u64(&w, j->added_ns);
        wr_u64(&w, j->guests);
        wr_root(&w, j->root);
    }
    return wr_end(&w);
}

/* ---- lists ---- */

static int list_begin(proto_list *l, proto_buf *out, uint16_t type, uint32_t req,
                      size_t max_payload, wr *w) {
    memset(l, 0, sizeof *l);
    l->buf = out;
    l->type = type;
    l->max_payload =
        max_payload && max_payload < PROTO_MAX_PAYLOAD ? max_payload : PROTO_MAX_PAYLOAD;
    wr_begin(w, out, type, req);
    l->start = w->start;
    return w->err;
}

/* Append one item with write_item; refuse it whole if it would pass max_payload. */
static int list_add(proto_list *l, void (*write_item)(wr *, const void *), const void *item) {
    wr w = {.b = l->buf, .start = l->start};
    size_t before = l->buf->len;
    if (l->count == PROTO_MAX_ITEMS) return PROTO_ELIMIT;
    write_item(&w, item);
    if (!w.err && l->buf->len - l->start - PROTO_HEADER_LEN > l->max_payload) w.err = PROTO_ETOOBIG;
    if (w.err) {
        l->buf->len = before;
        if (w.err == PROTO_ETOOBIG) l->refused = true;
        return w.err;
    }
    l->count++;
    return 0;
}

int proto_list_end(proto_list *l) {
    if (!l || !l->buf) return -EINVAL;
    proto_buf *b = l->buf;
    wr_patch_u32(b, l->count_at, l->count);
    if (l->type == PROTO_WARM_REPLY && l->refused) {
        const uint8_t *f = b->data + l->count_at - 4; /* flags precede the count */
        uint32_t flags =
            (uint32_t)f[0] | (uint32_t)f[1] << 8 | (uint32_t)f[2] << 16 | (uint32_t)f[3] << 24;
        wr_patch_u32(b, l->count_at - 4, flags | PROTO_WARM_TRUNCATED);
    }
    wr_patch_u32(b, l->start + 8, (uint32_t)(b->len - l->start - PROTO_HEADER_LEN));
    l->buf = NULL;
    return 0;
}

void proto_list_abort(proto_list *l) {
    if (!l || !l->buf) return;
    l->buf->len = l->start;
    l->buf = NULL;
}

static int list_opened(proto_list *l, wr *w) {
    if (w->err) {
        l->buf->len = l->start;
        l->buf = NULL;
        return w->err;
    }
    return 0;
}

int proto_warm_reply_begin(proto_list *l, proto_buf *out, uint32_t req, const proto_hash *image,
                           uint64_t abi_id, uint32_t flags, size_t max_payload) {
    if (!l || !out || !image || (flags & ~PROTO_WARM_TRUNCATED)) return -EINVAL;
    wr w;
    list_begin(l, out, PROTO_WARM_REPLY, req, max_payload, &w);
    wr_hash(&w, image);
    wr_u64(&w, abi_id);
    wr_u32(&w, flags);
    l->count_at = out->len;
    wr_u32(&w, 0);
    return list_opened(l, &w);
}

static void write_warm_item(wr *w, const void *p) {
    const proto_warm_item *it = p;
    if (it->record_len == 0 || !it->record) wr_fail(w, -EINVAL);
    if (it->record_len > PROTO_MAX_RECORD) wr_fail(w, PROTO_ELIMIT);
    wr_u64(w, it->offset);
    wr_u32(w, it->record_len);
    wr_bytes(w, it->record, it->record_len);
}

int proto_warm_reply_add(proto_list *l, const proto_warm_item *item) {
    if (!l || !l->buf || l->type != PROTO_WARM_REPLY || !item) return -EINVAL;
    return list_add(l, write_warm_item, item);
}

int proto_submit_begin(proto_list *l, proto_buf *out, uint32_t req, uint64_t guest_id,
                       const proto_hash *image, uint64_t abi_id, size_t max_payload) {
    if (!l || !out || !image) return -EINVAL;
    wr w;
    list_begin(l, out, PROTO_SUBMIT, req, max_payload, &w);
    wr_u64(&w, guest_id);
    wr_hash(&w, image);
    wr_u64(&w, abi_id);
    l->count_at = out->len;
    wr_u32(&w, 0);
    wr_u32(&w, 0);
    return list_opened(l, &w);
}

static void write_submit_block(wr *w, const void *p) {
    const proto_submit_block *b = p;
    if (!b->guest || b->guest_len < 4 || b->guest_len % 4) wr_fail(w, -EINVAL);
    if (b->guest_len > PROTO_MAX_GUEST_BYTES) wr_fail(w, PROTO_ELIMIT);
    wr_u64(w, b->offset);
    wr_u32(w, b->pc_bits);
    wr_u32(w, b->flags);
    wr_u32(w, b->guest_len);
    wr_bytes(w, b->guest, b->guest_len);
}

int proto_submit_add(proto_list *l, const proto_submit_block *block) {
    if (!l || !l->buf || l->type != PROTO_SUBMIT || !block) return -EINVAL;
    return list_add(l, write_submit_block, block);
}

int proto_encode_warm_reply(proto_buf *out, uint32_t req, const proto_warm_reply *m) {
    if (!out || !m || (m->count && !m->items)) return -EINVAL;
    if (m->count > PROTO_MAX_ITEMS) return PROTO_ELIMIT;
    proto_list l;
    int rc = proto_warm_reply_begin(&l, out, req, &m->image, m->abi_id, m->flags, 0);
    for (uint32_t i = 0; i < m->count && !rc; i++)
        rc = proto_warm_reply_add(&l, &m->items[i]);
    if (rc) {
        proto_list_abort(&l);
        return rc;
    }
    return proto_list_end(&l);
}

int proto_encode_submit(proto_buf *out, uint32_t req, const proto_submit *m) {
    if (!out || !m || (m->count && !m->blocks)) return -EINVAL;
    if (m->count > PROTO_MAX_ITEMS) return PROTO_ELIMIT;
    proto_list l;
    int rc = proto_submit_begin(&l, out, req, m->guest_id, &m->image, m->abi_id, 0);
    for (uint32_t i = 0; i < m->count && !rc; i++)
        rc = proto_submit_add(&l, &m->blocks[i]);
    if (rc) {
        proto_list_abort(&l);
        return rc;
    }
    return proto_list_end(&l);
}

int proto_encode(proto_buf *out, const proto_msg *m) {
    if (!out || !m) return -EINVAL;
    uint32_t q = m->request_id;
    switch (m->type) {
    case PROTO_HELLO: return proto_encode_hello(out, q, &m->u.hello);
    case PROTO_WELCOME: return proto_encode_welcome(out, q, &m->u.welcome);
    case PROTO_DETACH: return proto_encode_detach(out, q, &m->u.detach);
    case PROTO_OK: return proto_encode_ok(out, q, &m->u.ok);
    case PROTO_ERROR: return proto_encode_error(out, q, &m->u.error);
    case PROTO_WARM_GET: return proto_encode_warm_get(out, q, &m->u.warm_get);
    case PROTO_WARM_REPLY: return proto_encode_warm_reply(out, q, &m->u.warm_reply);
    case PROTO_SUBMIT: return proto_encode_submit(out, q, &m->u.submit);
    case PROTO_STATS_GET: return proto_encode_stats_get(out, q, &m->u.stats_get);
    case PROTO_STATS_REPLY: return proto_encode_stats_reply(out, q, &m->u.stats_reply);
    case PROTO_PS_GET: return proto_encode_ps_get(out, q, &m->u.ps_get);
    case PROTO_PS_REPLY: return proto_encode_ps_reply(out, q, &m->u.ps_reply);
    case PROTO_FLUSH: return proto_encode_flush(out, q, &m->u.flush);
    case PROTO_JAIL_ADD: return proto_encode_jail_add(out, q, &m->u.jail_add);
    case PROTO_JAIL_REMOVE: return proto_encode_jail_remove(out, q, &m->u.jail_remove);
    case PROTO_JAIL_LIST: return proto_encode_jail_list(out, q, &m->u.jail_list);
    case PROTO_JAIL_LIST_REPLY: return proto_encode_jail_list_reply(out, q, &m->u.jail_list_reply);
    }
    return PROTO_ETYPE;
}
