/* wire.h — private to proto/: the little-endian writer (into a proto_buf, rolled back on any
 * error) and the bounds-checked reader (sticky error, arena for decoded arrays). */
#ifndef PROTO_WIRE_H
#define PROTO_WIRE_H

#include "emuproto.h"

/* ---- writer ---- */

typedef struct wr {
    proto_buf *b;
    size_t start; /* of the message: rollback point and header position */
    int err;      /* first error; later writes are no-ops */
} wr;

void wr_begin(wr *w, proto_buf *b, uint16_t type, uint32_t req);
int wr_end(wr *w); /* patch the length, enforce PROTO_MAX_PAYLOAD, roll back on error */
void wr_bytes(wr *w, const void *p, size_t n);
void wr_u16(wr *w, uint16_t v);
void wr_u32(wr *w, uint32_t v);
void wr_u64(wr *w, uint64_t v);
void wr_hash(wr *w, const proto_hash *h);
void wr_str(wr *w, const char *s);          /* NULL = absent */
void wr_str_required(wr *w, const char *s); /* NULL -> -EINVAL */
void wr_fail(wr *w, int err);
void wr_patch_u32(proto_buf *b, size_t at, uint32_t v);

/* ---- reader ---- */

typedef struct rd {
    const uint8_t *p;
    size_t left;
    int err;
    proto_msg *m; /* owner of arena allocations */
} rd;

uint16_t rd_u16(rd *r);
uint32_t rd_u32(rd *r);
uint64_t rd_u64(rd *r);
void rd_hash(rd *r, proto_hash *h);
const uint8_t *rd_bytes(rd *r, size_t n);
const char *rd_str(rd *r);
const char *rd_str_required(rd *r);
void rd_zero16(rd *r); /* a reserved u16 that must be 0 */
void rd_zero32(rd *r);
/* A list count: <= max (PROTO_ELIMIT) and count * min_item <= bytes left (PROTO_ETRUNC), so
 * arrays sized by it stay proportional to the input. */
uint32_t rd_count(rd *r, uint32_t max, size_t min_item);
/* Zeroed array of n items owned by r->m; NULL (and r->err) on failure, NULL for n == 0. */
void *rd_array(rd *r, size_t n, size_t size);
void rd_fail(rd *r, int err);

#endif
