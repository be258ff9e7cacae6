/* record.c — the block record: encoding, strict decoding and key verification.
 * Pure functions over byte buffers; no LMDB, so a static client can link this alone. */
#include "emucache.h"
#include "le.h"

#include <errno.h>
#include <xxhash.h>

/* Header field offsets (see emucache.h). */
enum {
    H_MAGIC = 0,
    H_VERSION = 4,
    H_HDRLEN = 6,
    H_ABI = 8,
    H_GUEST_LEN = 16,
    H_HOST_LEN = 20,
    H_NRELOCS = 24,
    H_PC_BITS = 28,
    H_KEY_FLAGS = 32,
    H_RESERVED = 36,
    H_CHECKSUM = 40,
};

static int record_lengths_ok(uint64_t guest_len, uint64_t host_len, uint64_t nrelocs) {
    if (guest_len == 0 || guest_len > CACHE_MAX_GUEST_LEN || host_len > CACHE_MAX_HOST_LEN ||
        nrelocs > CACHE_MAX_RELOCS)
        return CACHE_ELENGTH;
    return 0;
}

int cache_record_size(const cache_block *b, size_t *out) {
    if (!b || !out || !b->guest || (b->host_len && !b->host) || (b->nrelocs && !b->relocs))
        return -EINVAL;
    int rc = record_lengths_ok(b->guest_len, b->host_len, b->nrelocs);
    if (rc) return rc;
    *out = CACHE_RECORD_HEADER_LEN + (size_t)b->host_len + (size_t)b->nrelocs * CACHE_RELOC_LEN +
           b->guest_len;
    return 0;
}

static int reloc_check(const cache_reloc *r, uint32_t host_len) {
    return (r->pad != 0 || r->offset >= host_len) ? CACHE_EFIELD : 0;
}

int cache_record_encode(const cache_block *b, void *buf, size_t cap, size_t *out_len) {
    size_t need;
    int rc = cache_record_size(b, &need);
    if (rc) return rc;
    if (!buf || !out_len) return -EINVAL;
    if (cap < need) return -ENOBUFS;
    for (uint32_t i = 0; i < b->nrelocs; i++)
        if (reloc_check(&b->relocs[i], b->host_len))
            return -EINVAL; /* the encoder refuses what the decoder would refuse */

    uint8_t *p = buf;
    le32_put(p + H_MAGIC, CACHE_RECORD_MAGIC);
    le16_put(p + H_VERSION, CACHE_RECORD_VERSION);
    le16_put(p + H_HDRLEN, CACHE_RECORD_HEADER_LEN);
    le64_put(p + H_ABI, b->ctx.abi_id);
    le32_put(p + H_GUEST_LEN, b->guest_len);
    le32_put(p + H_HOST_LEN, b->host_len);
    le32_put(p + H_NRELOCS, b->nrelocs);
    le32_put(p + H_PC_BITS, b->ctx.pc_bits);
    le32_put(p + H_KEY_FLAGS, b->ctx.flags);
    le32_put(p + H_RESERVED, 0);

    uint8_t *q = p + CACHE_RECORD_HEADER_LEN;
    if (b->host_len) memcpy(q, b->host, b->host_len);
    q += b->host_len;
    for (uint32_t i = 0; i < b->nrelocs; i++, q += CACHE_RELOC_LEN) {
        le32_put(q, b->relocs[i].offset);
        le16_put(q + 4, b->relocs[i].kind);
        le16_put(q + 6, 0);
        le64_put(q + 8, (uint64_t)b->relocs[i].addend);
    }
    memcpy(q, b->guest, b->guest_len);

    le64_put(p + H_CHECKSUM,
             XXH3_64bits(p + CACHE_RECORD_HEADER_LEN, need - CACHE_RECORD_HEADER_LEN));
    *out_len = need;
    return 0;
}

static int record_check_header(const uint8_t *p, size_t len) {
    if (len < CACHE_RECORD_HEADER_LEN) return CACHE_ELENGTH;
    if (le32_get(p + H_MAGIC) != CACHE_RECORD_MAGIC) return CACHE_EMAGIC;
    if (le16_get(p + H_VERSION) != CACHE_RECORD_VERSION) return CACHE_EVERSION;
    if (le16_get(p + H_HDRLEN) != CACHE_RECORD_HEADER_LEN) return CACHE_ELENGTH;
    if (le32_get(p + H_RESERVED) != 0) return CACHE_EFIELD;
    uint64_t guest_len = le32_get(p + H_GUEST_LEN);
    uint64_t host_len = le32_get(p + H_HOST_LEN);
    uint64_t nrelocs = le32_get(p + H_NRELOCS);
    int rc = record_lengths_ok(guest_len, host_len, nrelocs);
    if (rc) return rc;
    /* 64-bit sum of values each below 2^21: cannot wrap. */
    if (CACHE_RECORD_HEADER_LEN + host_len + nrelocs * CACHE_RELOC_LEN + guest_len != len)
        return CACHE_ELENGTH;
    if (XXH3_64bits(p + CACHE_RECORD_HEADER_LEN, len - CACHE_RECORD_HEADER_LEN) !=
        le64_get(p + H_CHECKSUM))
        return CACHE_ECHECKSUM;
    return 0;
}

int cache_record_decode(const void *buf, size_t len, cache_record *out) {
    if (!buf || !out) return -EINVAL;
    const uint8_t *p = buf;
    int rc = record_check_header(p, len);
    if (rc) return rc;

    cache_record r = {
        .ctx = {.abi_id = le64_get(p + H_ABI),
                .pc_bits = le32_get(p + H_PC_BITS),
                .flags = le32_get(p + H_KEY_FLAGS)},
        .host_len = le32_get(p + H_HOST_LEN),
        .nrelocs = le32_get(p + H_NRELOCS),
        .guest_len = le32_get(p + H_GUEST_LEN),
        .raw = p,
        .raw_len = len,
    };
    r.host = p + CACHE_RECORD_HEADER_LEN;
    r.relocs_raw = r.host + r.host_len;
    r.guest = r.relocs_raw + (size_t)r.nrelocs * CACHE_RELOC_LEN;
    for (uint32_t i = 0; i < r.nrelocs; i++) {
        cache_reloc rel;
        cache_record_reloc(&r, i, &rel);
        if (reloc_check(&rel, r.host_len)) return CACHE_EFIELD;
    }
    *out = r;
    return 0;
}

int cache_record_decode_keyed(const void *buf, size_t len, const cache_key *key,
                              cache_record *out) {
    if (!key) return -EINVAL;
    cache_record r;
    int rc = cache_record_decode(buf, len, &r);
    if (rc) return rc;
    cache_key k;
    rc = cache_key_compute(r.guest, r.guest_len, &r.ctx, &k);
    if (rc) return rc;
    if (memcmp(k.b, key->b, sizeof k.b) != 0) return CACHE_EKEY;
    *out = r;
    return 0;
}

int cache_record_reloc(const cache_record *r, uint32_t i, cache_reloc *out) {
    if (!r || !out || i >= r->nrelocs) return -EINVAL;
    const uint8_t *q = r->relocs_raw + (size_t)i * CACHE_RELOC_LEN;
    out->offset = le32_get(q);
    out->kind = le16_get(q + 4);
    out->pad = le16_get(q + 6);
    out->addend = (int64_t)le64_get(q + 8);
    return 0;
}
