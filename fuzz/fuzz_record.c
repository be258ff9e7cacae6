/* fuzz_record.c — libFuzzer target for libemucache's block record decoder: any bytes either
 * decode or are refused; a record that decodes re-encodes byte for byte and matches its key. */
#include "emucache.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_record(const uint8_t *data, size_t size);

/* Random bytes almost never carry a valid checksum: decode them once as they are, and once
 * with the checksum made right, so the checks behind it are reached too. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    check_record(data, size);
    if (size < CACHE_RECORD_HEADER_LEN) return 0;
    uint8_t *fixed = malloc(size);
    if (!fixed) abort();
    memcpy(fixed, data, size);
    uint64_t sum = XXH3_64bits(fixed + CACHE_RECORD_HEADER_LEN, size - CACHE_RECORD_HEADER_LEN);
    for (int i = 0; i < 8; i++)
        fixed[40 + i] = (uint8_t)(sum >> (8 * i));
    check_record(fixed, size);
    free(fixed);
    return 0;
}

static void check_record(const uint8_t *data, size_t size) {
    cache_record r;
    if (cache_record_decode(data, size, &r) != 0) return;

    cache_reloc *relocs = r.nrelocs ? malloc(r.nrelocs * sizeof *relocs) : NULL;
    for (uint32_t i = 0; i < r.nrelocs; i++)
        if (cache_record_reloc(&r, i, &relocs[i]) != 0) abort();
    cache_block b = {.ctx = r.ctx,
                     .guest = r.guest,
                     .guest_len = r.guest_len,
                     .host = r.host,
                     .host_len = r.host_len,
                     .relocs = relocs,
                     .nrelocs = r.nrelocs};
    uint8_t *out = malloc(size);
    size_t len;
    if (!out || cache_record_encode(&b, out, size, &len) != 0) abort();
    if (len != size || memcmp(out, data, size) != 0) abort();

    cache_key key, other;
    if (cache_key_compute(r.guest, r.guest_len, &r.ctx, &key) != 0) abort();
    if (cache_record_decode_keyed(data, size, &key, &r) != 0) abort();
    memcpy(&other, &key, sizeof other);
    other.b[0] ^= 1;
    if (cache_record_decode_keyed(data, size, &other, &r) != CACHE_EKEY) abort();
    free(out);
    free(relocs);
}
