/* test_record.c — block keys and the block record format: round trips and every class of
 * damaged record the decoder must refuse. */
#include "testutil.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <xxhash.h>

static uint8_t rec[8192];
static size_t reclen;
static tu_blockbuf bb;

static void encode_sample(void) {
    const cache_block *b = tu_block(&bb, 7, 0x1234, 100);
    bb.relocs[0] = (cache_reloc){4, 2, 0, -5};
    bb.b.nrelocs = 1;
    cr_assert_eq(cache_record_encode(b, rec, sizeof rec, &reclen), 0);
}

/* Rewrite the checksum after a deliberate header edit, to reach the checks behind it. */
static void le32_at(size_t off, uint32_t v) {
    for (int i = 0; i < 4; i++)
        rec[off + i] = (uint8_t)(v >> (8 * i));
}

Test(key, deterministic_and_sensitive) {
    uint8_t g[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    cache_key_ctx ctx = {42, 0x10, 0};
    cache_key k1, k2;
    cr_assert_eq(cache_key_compute(g, 8, &ctx, &k1), 0);
    cr_assert_eq(cache_key_compute(g, 8, &ctx, &k2), 0);
    cr_assert_arr_eq(k1.b, k2.b, 16);

    cache_key_ctx variants[] = {{43, 0x10, 0}, {42, 0x14, 0}, {42, 0x10, 1}};
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(cache_key_compute(g, 8, &variants[i], &k2), 0);
        cr_assert_neq(memcmp(k1.b, k2.b, 16), 0, "ctx field %zu not in key", i);
    }
    g[7] ^= 1;
    cr_assert_eq(cache_key_compute(g, 8, &ctx, &k2), 0);
    cr_assert_neq(memcmp(k1.b, k2.b, 16), 0);
    cr_assert_eq(cache_key_compute(g, 4, &ctx, &k2), 0);
    cr_assert_neq(memcmp(k1.b, k2.b, 16), 0, "length not in key");

    cr_assert_eq(cache_key_compute(g, 0, &ctx, &k2), -EINVAL);
    cr_assert_eq(cache_key_compute(NULL, 8, &ctx, &k2), -EINVAL);
    cr_assert_eq(cache_key_compute(g, CACHE_MAX_GUEST_LEN + 1, &ctx, &k2), -EINVAL);
}

Test(key, image_hash_differs_from_key) {
    uint8_t data[64] = {0};
    cache_image_id a, b;
    cr_assert_eq(cache_image_hash(data, sizeof data, &a), 0);
    data[63] = 1;
    cr_assert_eq(cache_image_hash(data, sizeof data, &b), 0);
    cr_assert_neq(memcmp(a.b, b.b, 16), 0);
    cr_assert_eq(cache_image_hash(NULL, 0, &a), 0);
}

Test(record, round_trip) {
    for (uint64_t seed = 1; seed < 200; seed++) {
        const cache_block *b = tu_block(&bb, seed, seed * 3, 0);
        size_t sz, len;
        cr_assert_eq(cache_record_size(b, &sz), 0);
        cr_assert_eq(cache_record_encode(b, rec, sizeof rec, &len), 0);
        cr_assert_eq(sz, len);
        cache_key key;
        cr_assert_eq(cache_key_compute(b->guest, b->guest_len, &b->ctx, &key), 0);
        cache_record r;
        cr_assert_eq(cache_record_decode_keyed(rec, len, &key, &r), 0);
        cr_assert_eq(r.ctx.abi_id, b->ctx.abi_id);
        cr_assert_eq(r.ctx.pc_bits, b->ctx.pc_bits);
        cr_assert_eq(r.guest_len, b->guest_len);
        cr_assert_arr_eq(r.guest, b->guest, b->guest_len);
        cr_assert_eq(r.host_len, b->host_len);
        cr_assert_arr_eq(r.host, b->host, b->host_len);
        cr_assert_eq(r.nrelocs, b->nrelocs);
        for (uint32_t i = 0; i < r.nrelocs; i++) {
            cache_reloc rl;
            cr_assert_eq(cache_record_reloc(&r, i, &rl), 0);
            cr_assert_eq(rl.offset, b->relocs[i].offset);
            cr_assert_eq(rl.kind, b->relocs[i].kind);
            cr_assert_eq(rl.addend, b->relocs[i].addend);
        }
        cache_reloc rl;
        cr_assert_eq(cache_record_reloc(&r, r.nrelocs, &rl), -EINVAL);
    }
}

Test(record, encode_refuses_bad_blocks) {
    const cache_block *b = tu_block(&bb, 3, 1, 64);
    size_t len;
    cr_assert_eq(cache_record_encode(b, rec, 10, &len), -ENOBUFS);
    bb.b.guest_len = 0;
    cr_assert_eq(cache_record_encode(b, rec, sizeof rec, &len), CACHE_ELENGTH);
    tu_block(&bb, 3, 1, 64);
    bb.b.host_len = CACHE_MAX_HOST_LEN + 1;
    cr_assert_eq(cache_record_encode(b, rec, sizeof rec, &len), CACHE_ELENGTH);
    tu_block(&bb, 3, 1, 64);
    bb.relocs[0] = (cache_reloc){64, 0, 0, 0}; /* offset == host_len */
    bb.b.nrelocs = 1;
    cr_assert_eq(cache_record_encode(b, rec, sizeof rec, &len), -EINVAL);
    bb.relocs[0] = (cache_reloc){0, 0, 1, 0}; /* pad set */
    cr_assert_eq(cache_record_encode(b, rec, sizeof rec, &len), -EINVAL);
}

Test(record, refuses_truncation_at_every_length) {
    encode_sample();
    cache_record r;
    for (size_t n = 0; n < reclen; n++)
        cr_assert(cache_err_is_corrupt(cache_record_decode(rec, n, &r)), "len %zu", n);
    cr_assert_eq(cache_record_decode(rec, reclen, &r), 0);
    rec[reclen] = 0;
    cr_assert_eq(cache_record_decode(rec, reclen + 1, &r), CACHE_ELENGTH);
}

Test(record, refuses_bad_header_fields) {
    cache_record r;
    encode_sample();
    rec[0] ^= 1;
    cr_assert_eq(cache_record_decode(rec, reclen, &r), CACHE_EMAGIC);
    encode_sample();
    rec[4] = 2;
    cr_assert_eq(cache_record_decode(rec, reclen, &r), CACHE_EVERSION);
    encode_sample();
    rec[6] = 40;
    cr_assert_eq(cache_record_decode(rec, reclen, &r), CACHE_ELENGTH);
    encode_sample();
    rec[36] = 1;
    cr_assert_eq(cache_record_decode(rec, reclen, &r), CACHE_EFIELD);
}

Test(record, refuses_lengths_not_adding_up) {
    cache_record r;
    size_t fields[] = {16, 20, 24}; /* guest, host, nrelocs */
    for (size_t i = 0; i < 3; i++) {
        encode_sample();
        rec[fields[i]] += 1;
        cr_assert_eq(cache_record_decode(rec, reclen, &r), CACHE_ELENGTH, "field %zu", i);
        encode_sample();
        le32_at(fields[i], 0xffffffffu);
        cr_assert_eq(cache_record_decode(rec, reclen, &r), CACHE_ELENGTH, "huge field %zu", i);
    }
    encode_sample();
    le32_at(16, 0); /* guest length 0 is never valid */
    cr_assert_eq(cache_record_decode(rec, reclen, &r), CACHE_ELENGTH);
}

Test(record, refuses_checksum_mismatch_anywhere) {
    cache_record r;
    encode_sample();
    for (size_t i = CACHE_RECORD_HEADER_LEN; i < reclen; i++) {
        rec[i] ^= 0x40;
        cr_assert_eq(cache_record_decode(rec, reclen, &r), CACHE_ECHECKSUM, "byte %zu", i);
        rec[i] ^= 0x40;
    }
    rec[40] ^= 1; /* the checksum itself */
    cr_assert_eq(cache_record_decode(rec, reclen, &r), CACHE_ECHECKSUM);
}

Test(record, refuses_bad_relocation_and_wrong_key) {
    cache_record r;
    const cache_block *b = tu_block(&bb, 9, 5, 32);
    bb.relocs[0] = (cache_reloc){31, 1, 0, 0};
    bb.b.nrelocs = 1;
    cr_assert_eq(cache_record_encode(b, rec, sizeof rec, &reclen), 0);
    cr_assert_eq(cache_record_decode(rec, reclen, &r), 0);

    /* Forge an out-of-range relocation with a valid checksum: decode must still refuse. */
    bb.relocs[0].offset = 10;
    cr_assert_eq(cache_record_encode(b, rec, sizeof rec, &reclen), 0);
    size_t roff = CACHE_RECORD_HEADER_LEN + 32;
    le32_at(roff, 32);
    uint64_t sum = XXH3_64bits(rec + CACHE_RECORD_HEADER_LEN, reclen - CACHE_RECORD_HEADER_LEN);
    for (int i = 0; i < 8; i++)
        rec[40 + i] = (uint8_t)(sum >> (8 * i));
    cr_assert_eq(cache_record_decode(rec, reclen, &r), CACHE_EFIELD);

    cr_assert_eq(cache_record_encode(b, rec, sizeof rec, &reclen), 0);
    cache_key other = {{0}};
    cr_assert_eq(cache_record_decode_keyed(rec, reclen, &other, &r), CACHE_EKEY);
    cr_assert(cache_err_is_corrupt(CACHE_EKEY));
    cr_assert(!cache_err_is_corrupt(CACHE_ENOTFOUND));
}

Test(record, strerror_covers_codes) {
    int codes[] = {0,
                   CACHE_ENOTFOUND,
                   CACHE_EMAGIC,
                   CACHE_EVERSION,
                   CACHE_ELENGTH,
                   CACHE_ECHECKSUM,
                   CACHE_EFIELD,
                   CACHE_EKEY,
                   CACHE_EFULL,
                   CACHE_ERDONLY,
                   -ENOMEM,
                   -30792,
                   -99999};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *s = cache_strerror(codes[i]);
        cr_assert(s && *s);
    }
    cr_assert_str_eq(cache_strerror(-99999), "cache: unknown error");
}
