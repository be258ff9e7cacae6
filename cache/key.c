/* key.c — block keys (XXH3-128 of guest bytes + translation context) and image identities.
 * Used by emud to index the store and by clients to check a received block before running it. */
#include "emucache.h"
#include "le.h"

#include <errno.h>

#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack: no allocation per key */
#include <xxhash.h>

/* Bumped whenever the serialisation below changes, so old keys can never match new ones. */
#define KEY_FORMAT_TAG 0x314b4d45u /* "EMK1" */
#define IMAGE_SEED     0x4d4947454d554431ull

int cache_key_compute(const void *guest, size_t len, const cache_key_ctx *ctx, cache_key *out) {
    if (!guest || !ctx || !out || len == 0 || len > CACHE_MAX_GUEST_LEN) return -EINVAL;
    /* Fixed-size trailer after the variable part keeps the concatenation unambiguous. */
    uint8_t trailer[20];
    le64_put(trailer, ctx->abi_id);
    le32_put(trailer + 8, ctx->pc_bits);
    le32_put(trailer + 12, ctx->flags);
    le32_put(trailer + 16, KEY_FORMAT_TAG);

    XXH3_state_t st;
    XXH3_INITSTATE(&st);
    if (XXH3_128bits_reset(&st) != XXH_OK || XXH3_128bits_update(&st, guest, len) != XXH_OK ||
        XXH3_128bits_update(&st, trailer, sizeof trailer) != XXH_OK)
        return -EINVAL;
    XXH128_canonical_t canon;
    XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(&st));
    memcpy(out->b, canon.digest, sizeof out->b);
    return 0;
}

int cache_image_hash(const void *data, size_t len, cache_image_id *out) {
    if ((!data && len) || !out) return -EINVAL;
    XXH128_canonical_t canon;
    XXH128_canonicalFromHash(&canon, XXH3_128bits_withSeed(data, len, IMAGE_SEED));
    memcpy(out->b, canon.digest, sizeof out->b);
    return 0;
}
