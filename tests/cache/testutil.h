/* testutil.h — helpers for the libemucache tests: temporary store directories and
 * deterministic synthetic blocks (random guest bytes, host code and relocations). */
#ifndef CACHE_TESTUTIL_H
#define CACHE_TESTUTIL_H

#include "emucache.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline char *tu_mkdtemp(void) {
    char *d = strdup("/tmp/emucache-test-XXXXXX");
    return d && mkdtemp(d) ? d : NULL;
}

static inline int tu_rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

static inline void tu_rmtree(char *dir) {
    if (dir) nftw(dir, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

static inline uint64_t tu_rand(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Storage for one synthetic block; tu_block() fills it from a seed. */
typedef struct tu_blockbuf {
    uint8_t guest[256];
    uint8_t host[1024];
    cache_reloc relocs[4];
    cache_block b;
} tu_blockbuf;

static inline const cache_block *tu_block(tu_blockbuf *bb, uint64_t seed, uint64_t abi,
                                          uint32_t host_len) {
    uint64_t s = seed * 0x9e3779b97f4a7c15ull + 1;
    uint32_t glen = 4 * (1 + (uint32_t)(tu_rand(&s) % 60));
    for (uint32_t i = 0; i < glen; i++)
        bb->guest[i] = (uint8_t)tu_rand(&s);
    if (host_len == 0 || host_len > sizeof bb->host) host_len = 16 + (uint32_t)(tu_rand(&s) % 200);
    for (uint32_t i = 0; i < host_len; i++)
        bb->host[i] = (uint8_t)tu_rand(&s);
    uint32_t nrel = (uint32_t)(tu_rand(&s) % 5);
    for (uint32_t i = 0; i < nrel; i++)
        bb->relocs[i] = (cache_reloc){(uint32_t)(tu_rand(&s) % host_len),
                                      (uint16_t)(tu_rand(&s) % 8), 0, (int64_t)tu_rand(&s)};
    bb->b = (cache_block){.ctx = {abi, (uint32_t)(seed & 0xfff), 0},
                          .guest = bb->guest,
                          .guest_len = glen,
                          .host = bb->host,
                          .host_len = host_len,
                          .relocs = bb->relocs,
                          .nrelocs = nrel};
    return &bb->b;
}

static inline cache_image_id tu_image(uint8_t tag) {
    cache_image_id id;
    memset(id.b, tag, sizeof id.b);
    return id;
}

#endif
