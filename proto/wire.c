/* wire.c — proto_buf, the little-endian writer and the bounds-checked reader shared by the
 * encoders and the decoder, error texts and type names. */
#include "wire.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *proto_strerror(int err) {
    switch (err) {
    case 0: return "success";
    case PROTO_EMAGIC: return "proto: not a protocol message (bad magic)";
    case PROTO_EVERSION: return "proto: unsupported protocol version";
    case PROTO_ETYPE: return "proto: unknown message type";
    case PROTO_ETRUNC: return "proto: message truncated";
    case PROTO_ELIMIT: return "proto: length or count beyond limits";
    case PROTO_ESTRING: return "proto: malformed string";
    case PROTO_EVALUE: return "proto: reserved field or unknown value";
    case PROTO_ETRAILING: return "proto: trailing bytes after message";
    case PROTO_ETOOBIG: return "proto: message too big";
    case -ENOMEM: return "proto: out of memory";
    case -EINVAL: return "proto: invalid argument";
    }
    return "proto: unknown error";
}

const char *proto_type_name(uint16_t type) {
    static const char *const names[] = {
        [PROTO_HELLO] = "HELLO",
        [PROTO_WELCOME] = "WELCOME",
        [PROTO_DETACH] = "DETACH",
        [PROTO_OK] = "OK",
        [PROTO_ERROR] = "ERROR",
        [PROTO_WARM_GET] = "WARM_GET",
        [PROTO_WARM_REPLY] = "WARM_REPLY",
        [PROTO_SUBMIT] = "SUBMIT",
        [PROTO_STATS_GET] = "STATS_GET",
        [PROTO_STATS_REPLY] = "STATS_REPLY",
        [PROTO_PS_GET] = "PS_GET",
        [PROTO_PS_REPLY] = "PS_REPLY",
        [PROTO_FLUSH] = "FLUSH",
        [PROTO_JAIL_ADD] = "JAIL_ADD",
        [PROTO_JAIL_REMOVE] = "JAIL_REMOVE",
        [PROTO_JAIL_LIST] = "JAIL_LIST",
        [PROTO_JAIL_LIST_REPLY] = "JAIL_LIST_REPLY",
    };
    return type >= 1 && type <= PROTO_TYPE_MAX ? names[type] : "?";
}

/* ---- proto_buf ---- */

void proto_buf_init(proto_buf *b) {
    memset(b, 0, sizeof *b);
}
void proto_buf_reset(proto_buf *b) {
    b->len = 0;
}
void proto_buf_free(proto_buf *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}

static int buf_reserve(proto_buf *b, size_t n) {
    if (n <= b->cap - b->len) return 0;
    if (n > SIZE_MAX / 2 - b->len) return -ENOMEM;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < n)
        cap *= 2;
    uint8_t *d = realloc(b->data, cap);
    if (!d) return -ENOMEM;
    b->data = d;
    b->cap = cap;
    return 0;
}

/* ---- writer ---- */

static void put_le(uint8_t *p, uint64_t v, int n) {
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void wr_fail(wr *w, int err) {
    if (!w->err) w->err = err;
}

void wr_bytes(wr *w, const void *p, size_t n) {
    if (w->err || n == 0) return;
    /* Stop growing as soon as the payload cannot fit any more. */
    if (n > PROTO_MAX_PAYLOAD + PROTO_HEADER_LEN - (w->b->len - w->start)) {
        wr_fail(w, PROTO_ETOOBIG);
        return;
    }
    int rc = buf_reserve(w->b, n);
    if (rc) {
        wr_fail(w, rc);
        return;
    }
    memcpy(w->b->data + w->b->len, p, n);
    w->b->len += n;
}

void wr_u16(wr *w, uint16_t v) {
    uint8_t t[2];
    put_le(t, v, 2);
    wr_bytes(w, t, 2);
}
void wr_u32(wr *w, uint32_t v) {
    uint8_t t[4];
    put_le(t, v, 4);
    wr_bytes(w, t, 4);
}
void wr_u64(wr *w, uint64_t v) {
    uint8_t t[8];
    put_le(t, v, 8);
    wr_bytes(w, t, 8);
}
void wr_hash(wr *w, const proto_hash *h) {
    wr_bytes(w, h->b, 16);
}

void wr_str(wr *w, const char *s) {
    if (!s) {
        wr_u16(w, 0);
        return;
    }
    /* An empty string still takes its NUL: n == 0 is reserved for "absent". */
    size_t n = strnlen(s, PROTO_MAX_STR) + 1;
    if (n > PROTO_MAX_STR) {
        wr_fail(w, -EINVAL);
        return;
    }
    wr_u16(w, (uint16_t)n);
    wr_bytes(w, s, n);
}

void wr_str_required(wr *w, const char *s) {
    if (!s)
        wr_fail(w, -EINVAL);
    else
        wr_str(w, s);
}

void wr_patch_u32(proto_buf *b, size_t at, uint32_t v) {
    put_le(b->data + at, v, 4);
}

void wr_begin(wr *w, proto_buf *b, uint16_t type, uint32_t req) {
    w->b = b;
    w->start = b->len;
    w->err = 0;
    wr_u32(w, PROTO_MAGIC);
    wr_u16(w, PROTO_VERSION);
    wr_u16(w, type);
    wr_u32(w, 0); /* length, patched by wr_end */
    wr_u32(w, req);
}

int wr_end(wr *w) {
    if (!w->err && w->b->len - w->start - PROTO_HEADER_LEN > PROTO_MAX_PAYLOAD)
        w->err = PROTO_ETOOBIG;
    if (w->err) {
        w->b->len = w->start;
        return w->err;
    }
    wr_patch_u32(w->b, w->start + 8, (uint32_t)(w->b->len - w->start - PROTO_HEADER_LEN));
    return 0;
}

/* ---- reader ---- */

void rd_fail(rd *r, int err) {
    if (!r->err) r->err = err;
    r->left = 0; /* every later read fails too */
}

const uint8_t *rd_bytes(rd *r, size_t n) {
    if (r->err) return NULL;
    if (n > r->left) {
        rd_fail(r, PROTO_ETRUNC);
        return NULL;
    }
    const uint8_t *p = r->p;
    r->p += n;
    r->left -= n;
    return p;
}

static uint64_t rd_le(rd *r, int n) {
    const uint8_t *p = rd_bytes(r, (size_t)n);
    uint64_t v = 0;
    for (int i = n - 1; p && i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

uint16_t rd_u16(rd *r) {
    return (uint16_t)rd_le(r, 2);
}
uint32_t rd_u32(rd *r) {
    return (uint32_t)rd_le(r, 4);
}
uint64_t rd_u64(rd *r) {
    return rd_le(r, 8);
}

void rd_hash(rd *r, proto_hash *h) {
    const uint8_t *p = rd_bytes(r, 16);
    if (p)
        memcpy(h->b, p, 16);
    else
        memset(h->b, 0, 16);
}

void rd_zero16(rd *r) {
    if (rd_u16(r) != 0) rd_fail(r, PROTO_EVALUE);
}
void rd_zero32(rd *r) {
    if (rd_u32(r) != 0) rd_fail(r, PROTO_EVALUE);
}

const char *rd_str(rd *r) {
    uint16_t n = rd_u16(r);
    if (r->err || n == 0) return NULL;
    if (n > PROTO_MAX_STR) {
        rd_fail(r, PROTO_ELIMIT);
        return NULL;
    }
    const uint8_t *p = rd_bytes(r, n);
    if (!p) return NULL;
    if (p[n - 1] != 0 || memchr(p, 0, n - 1) != NULL) {
        rd_fail(r, PROTO_ESTRING);
        return NULL;
    }
    return (const char *)p;
}

const char *rd_str_required(rd *r) {
    const char *s = rd_str(r);
    if (!s) rd_fail(r, PROTO_EVALUE);
    return s;
}

uint32_t rd_count(rd *r, uint32_t max, size_t min_item) {
    uint32_t n = rd_u32(r);
    if (r->err) return 0;
    if (n > max) {
        rd_fail(r, PROTO_ELIMIT);
        return 0;
    }
    if ((uint64_t)n * min_item > r->left) {
        rd_fail(r, PROTO_ETRUNC);
        return 0;
    }
    return n;
}

/* Decoded arrays live in a chain of blocks hanging off the message. */
typedef struct arena_block {
    struct arena_block *next;
    _Alignas(16) unsigned char data[];
} arena_block;

void *rd_array(rd *r, size_t n, size_t size) {
    if (r->err || n == 0) return NULL;
    arena_block *a = calloc(1, sizeof *a + n * size); /* n*size bounded by rd_count */
    if (!a) {
        rd_fail(r, -ENOMEM);
        return NULL;
    }
    a->next = r->m->arena_;
    r->m->arena_ = a;
    return a->data;
}

void proto_msg_release(proto_msg *m) {
    if (!m) return;
    for (arena_block *a = m->arena_, *next; a; a = next) {
        next = a->next;
        free(a);
    }
    m->arena_ = NULL;
}
