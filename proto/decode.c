/* decode.c — the strict decoder: header checks, one body decoder per message type, every
 * length and count bounded by the bytes left and the PROTO_MAX_* limits, no trailing bytes. */
#include "wire.h"

#include <errno.h>
#include <string.h>

static const proto_hash zero_hash;

int proto_header_decode(const void *buf, size_t len, proto_header *out) {
    if (!buf || !out) return -EINVAL;
    if (len < PROTO_HEADER_LEN) return PROTO_ETRUNC;
    rd r = {.p = buf, .left = PROTO_HEADER_LEN};
    proto_header h = {.magic = rd_u32(&r),
                      .version = rd_u16(&r),
                      .type = rd_u16(&r),
                      .length = rd_u32(&r),
                      .request_id = rd_u32(&r)};
    if (h.magic != PROTO_MAGIC) return PROTO_EMAGIC;
    if (h.version != PROTO_VERSION && h.type != PROTO_ERROR) return PROTO_EVERSION;
    if (h.type < 1 || h.type > PROTO_TYPE_MAX) return PROTO_ETYPE;
    if (h.length > PROTO_MAX_PAYLOAD) return PROTO_ELIMIT;
    *out = h;
    return 0;
}

static void dec_hello(rd *r, proto_hello *m) {
    m->pid = rd_u32(r);
    m->flags = rd_u32(r);
    if (m->flags) rd_fail(r, PROTO_EVALUE);
    m->abi_id = rd_u64(r);
    m->jail = rd_str(r);
    m->exe = rd_str_required(r);
}

static void dec_welcome(rd *r, proto_welcome *m) {
    m->guest_id = rd_u64(r);
    m->server_abi_id = rd_u64(r);
    m->flags = rd_u32(r);
    if (m->flags & ~PROTO_WELCOME_SHARED) rd_fail(r, PROTO_EVALUE);
    rd_zero32(r);
}

static void dec_detach(rd *r, proto_detach *m) {
    m->guest_id = rd_u64(r);
    m->exit_status = (int32_t)rd_u32(r);
    rd_zero32(r);
    m->warm_blocks = rd_u64(r);
    m->cold_blocks = rd_u64(r);
}

static void dec_ok(rd *r, proto_ok *m) {
    m->value = rd_u64(r);
}

static void dec_error(rd *r, proto_error *m) {
    m->code = (int32_t)rd_u32(r);
    m->text = rd_str(r);
}

static void dec_warm_get(rd *r, proto_warm_get *m) {
    m->guest_id = rd_u64(r);
    rd_hash(r, &m->image);
    m->abi_id = rd_u64(r);
    m->max_bytes = rd_u32(r);
    rd_zero32(r);
    m->path = rd_str(r);
}

static void dec_warm_reply(rd *r, proto_warm_reply *m) {
    rd_hash(r, &m->image);
    m->abi_id = rd_u64(r);
    m->flags = rd_u32(r);
    if (m->flags & ~PROTO_WARM_TRUNCATED) rd_fail(r, PROTO_EVALUE);
    m->count = rd_count(r, PROTO_MAX_ITEMS, 8 + 4 + 1);
    proto_warm_item *items = rd_array(r, m->count, sizeof *items);
    for (uint32_t i = 0; i < m->count && !r->err; i++) {
        items[i].offset = rd_u64(r);
        items[i].record_len = rd_u32(r);
        if (!r->err && (items[i].record_len == 0 || items[i].record_len > PROTO_MAX_RECORD))
            rd_fail(r, PROTO_ELIMIT);
        items[i].record = rd_bytes(r, items[i].record_len);
    }
    m->items = items;
}

static void dec_submit(rd *r, proto_submit *m) {
    m->guest_id = rd_u64(r);
    rd_hash(r, &m->image);
    m->abi_id = rd_u64(r);
    m->count = rd_count(r, PROTO_MAX_ITEMS, 8 + 4 + 4 + 4 + 4);
    rd_zero32(r);
    proto_submit_block *blocks = rd_array(r, m->count, sizeof *blocks);
    for (uint32_t i = 0; i < m->count && !r->err; i++) {
        proto_submit_block *b = &blocks[i];
        b->offset = rd_u64(r);
        b->pc_bits = rd_u32(r);
        b->flags = rd_u32(r);
        b->guest_len = rd_u32(r);
        if (!r->err && b->guest_len > PROTO_MAX_GUEST_BYTES) rd_fail(r, PROTO_ELIMIT);
        if (!r->err && (b->guest_len < 4 || b->guest_len % 4)) rd_fail(r, PROTO_EVALUE);
        b->guest = rd_bytes(r, b->guest_len);
    }
    m->blocks = blocks;
}

static void dec_stats_get(rd *r, proto_stats_get *m) {
    m->sections = rd_u32(r);
    if (m->sections & ~PROTO_STATS_ALL) rd_fail(r, PROTO_EVALUE);
}

static void dec_section(rd *r, proto_stats_section *s) {
    s->kind = rd_u16(r);
    if (!r->err && (s->kind < PROTO_SECTION_SERVER || s->kind > PROTO_SECTION_JAIL))
        rd_fail(r, PROTO_EVALUE);
    rd_zero16(r);
    rd_hash(r, &s->id);
    s->name = rd_str(r);
    s->count = rd_count(r, PROTO_MAX_COUNTERS, 2 + 8);
    proto_counter *c = rd_array(r, s->count, sizeof *c);
    for (uint32_t i = 0; i < s->count && !r->err; i++) {
        c[i].name = rd_str_required(r);
        c[i].value = rd_u64(r);
    }
    s->counters = c;
}

static void dec_stats_reply(rd *r, proto_stats_reply *m) {
    m->count = rd_count(r, PROTO_MAX_SECTIONS, 2 + 2 + 16 + 2 + 4);
    proto_stats_section *s = rd_array(r, m->count, sizeof *s);
    for (uint32_t i = 0; i < m->count && !r->err; i++)
        dec_section(r, &s[i]);
    m->sections = s;
}

static void dec_ps_get(rd *r, proto_ps_get *m) {
    m->flags = rd_u32(r);
    if (m->flags) rd_fail(r, PROTO_EVALUE);
    m->jail = rd_str(r);
}

static void dec_guest(rd *r, proto_guest *g) {
    g->guest_id = rd_u64(r);
    g->pid = rd_u32(r);
    g->uid = rd_u32(r);
    g->start_time_ns = rd_u64(r);
    g->warm_blocks = rd_u64(r);
    g->cold_blocks = rd_u64(r);
    g->jail = rd_str(r);
    g->exe = rd_str(r);
    g->nimages = rd_count(r, PROTO_MAX_IMAGES, 16 + 2);
    proto_image_ref *im = rd_array(r, g->nimages, sizeof *im);
    for (uint32_t i = 0; i < g->nimages && !r->err; i++) {
        rd_hash(r, &im[i].id);
        im[i].path = rd_str(r);
    }
    g->images = im;
}

static void dec_ps_reply(rd *r, proto_ps_reply *m) {
    m->count = rd_count(r, PROTO_MAX_GUESTS, 8 + 4 + 4 + 8 * 3 + 2 + 2 + 4);
    proto_guest *g = rd_array(r, m->count, sizeof *g);
    for (uint32_t i = 0; i < m->count && !r->err; i++)
        dec_guest(r, &g[i]);
    m->guests = g;
}

static void dec_flush(rd *r, proto_flush *m) {
    m->scope = rd_u16(r);
    rd_zero16(r);
    rd_hash(r, &m->image);
    m->jail = rd_str(r);
    if (r->err) return;
    bool has_image = memcmp(m->image.b, zero_hash.b, 16) != 0;
    bool ok = (m->scope == PROTO_FLUSH_ALL && !has_image && !m->jail) ||
              (m->scope == PROTO_FLUSH_IMAGE && !m->jail) ||
              (m->scope == PROTO_FLUSH_JAIL && !has_image && m->jail);
    if (!ok) rd_fail(r, PROTO_EVALUE);
}

/* A jail root: required and absolute. */
static const char *rd_root(rd *r) {
    const char *s = rd_str_required(r);
    if (!r->err && s[0] != '/') rd_fail(r, PROTO_EVALUE);
    return s;
}

static void dec_jail_add(rd *r, proto_jail_add *m) {
    m->flags = rd_u32(r);
    if (m->flags & ~PROTO_JAIL_FLAGS) rd_fail(r, PROTO_EVALUE);
    m->root = rd_root(r);
}

static void dec_jail_remove(rd *r, proto_jail_remove *m) {
    m->flags = rd_u32(r);
    if (m->flags) rd_fail(r, PROTO_EVALUE);
    m->root = rd_root(r);
}

static void dec_jail_list(rd *r, proto_jail_list *m) {
    m->flags = rd_u32(r);
    if (m->flags) rd_fail(r, PROTO_EVALUE);
}

static void dec_jail_list_reply(rd *r, proto_jail_list_reply *m) {
    m->count = rd_count(r, PROTO_MAX_JAILS, 4 + 4 + 8 + 8 + 2);
    proto_jail_info *j = rd_array(r, m->count, sizeof *j);
    for (uint32_t i = 0; i < m->count && !r->err; i++) {
        j[i].flags = rd_u32(r);
        j[i].ns = rd_u32(r);
        if (!r->err &&
            ((j[i].flags & ~PROTO_JAIL_FLAGS) || !(j[i].flags & PROTO_JAIL_ISOLATED) != !j[i].ns))
            rd_fail(r, PROTO_EVALUE);
        j[i].added_ns = rd_u64(r);
        j[i].guests = rd_u64(r);
        j[i].root = rd_root(r);
    }
    m->jails = j;
}

static void dec_body(rd *r, proto_msg *m) {
    switch (m->type) {
    case PROTO_HELLO: dec_hello(r, &m->u.hello); break;
    case PROTO_WELCOME: dec_welcome(r, &m->u.welcome); break;
    case PROTO_DETACH: dec_detach(r, &m->u.detach); break;
    case PROTO_OK: dec_ok(r, &m->u.ok); break;
    case PROTO_ERROR: dec_error(r, &m->u.error); break;
    case PROTO_WARM_GET: dec_warm_get(r, &m->u.warm_get); break;
    case PROTO_WARM_REPLY: dec_warm_reply(r, &m->u.warm_reply); break;
    case PROTO_SUBMIT: dec_submit(r, &m->u.submit); break;
    case PROTO_STATS_GET: dec_stats_get(r, &m->u.stats_get); break;
    case PROTO_STATS_REPLY: dec_stats_reply(r, &m->u.stats_reply); break;
    case PROTO_PS_GET: dec_ps_get(r, &m->u.ps_get); break;
    case PROTO_PS_REPLY: dec_ps_reply(r, &m->u.ps_reply); break;
    case PROTO_FLUSH: dec_flush(r, &m->u.flush); break;
    case PROTO_JAIL_ADD: dec_jail_add(r, &m->u.jail_add); break;
    case PROTO_JAIL_REMOVE: dec_jail_remove(r, &m->u.jail_remove); break;
    case PROTO_JAIL_LIST: dec_jail_list(r, &m->u.jail_list); break;
    case PROTO_JAIL_LIST_REPLY: dec_jail_list_reply(r, &m->u.jail_list_reply); break;
    default: rd_fail(r, PROTO_ETYPE);
    }
}

int proto_decode(const void *buf, size_t len, proto_msg *out) {
    if (!buf || !out) return -EINVAL;
    proto_header h;
    int rc = proto_header_decode(buf, len, &h);
    if (rc) return rc;
    if ((uint64_t)h.length + PROTO_HEADER_LEN > len) return PROTO_ETRUNC;
    if ((uint64_t)h.length + PROTO_HEADER_LEN < len) return PROTO_ETRAILING;

    proto_msg m = {.type = h.type, .version = h.version, .request_id = h.request_id};
    rd r = {.p = (const uint8_t *)buf + PROTO_HEADER_LEN, .left = h.length, .m = &m};
    dec_body(&r, &m);
    if (!r.err && r.left) r.err = PROTO_ETRAILING;
    if (r.err) {
        proto_msg_release(&m);
        return r.err;
    }
    *out = m;
    return 0;
}
