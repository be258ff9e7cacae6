/* pack.c — warm packs: one image's warm set as an immutable file that emud writes and clients
 * map read-only. A process that finds its image's pack needs no round trip to emud and copies
 * nothing: it reads only the records of the blocks it reaches. */
#include "emucache.h"
#include "le.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PACK_MAGIC   "EMUPACK1"
#define PACK_HDR     64u
#define PACK_ENTRY   16u /* u64 offset, u32 record offset, u32 record length */
#define PACK_ALIGN   16u
#define PACK_MAX_LEN (1ull << 31)

struct cache_pack {
    const uint8_t *map;
    size_t len;
    uint64_t recs; /* where the records begin */
    uint32_t count;
};

void cache_pack_name(const cache_image_id *image, uint64_t abi_id, char out[CACHE_PACK_NAME_LEN]) {
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", image->b[i]);
    snprintf(out + 32, CACHE_PACK_NAME_LEN - 32, "-%016llx.pack", (unsigned long long)abi_id);
}

/* The key flags of a record (header byte 32), or an impossible value for a short one. */
static uint32_t record_key_flags(const uint8_t *rec, size_t len) {
    return len >= CACHE_RECORD_HEADER_LEN ? le32_get(rec + 32) : UINT32_MAX;
}

static size_t align16(size_t n) {
    return (n + PACK_ALIGN - 1) & ~(size_t)(PACK_ALIGN - 1);
}

/* The whole file in memory: header, index (sorted by offset, as the set is), records. */
static uint8_t *pack_build(const cache_image_id *image, uint64_t abi_id, const cache_warm_set *set,
                           uint32_t key_flags, size_t *len) {
    size_t n = 0, rec_bytes = 0;
    for (size_t i = 0; i < set->count; i++)
        if (record_key_flags(set->items[i].record, set->items[i].record_len) == key_flags) {
            n++;
            rec_bytes += align16(set->items[i].record_len);
        }
    if (n == 0) return NULL; /* *len == 0: nothing to publish */
    size_t recs = align16(PACK_HDR + n * PACK_ENTRY);
    *len = recs + rec_bytes;
    if (*len > PACK_MAX_LEN) return NULL;
    uint8_t *p = calloc(1, *len);
    if (!p) return NULL;
    memcpy(p, PACK_MAGIC, 8);
    le32_put(p + 8, 1);
    le32_put(p + 12, (uint32_t)n);
    le64_put(p + 16, abi_id);
    memcpy(p + 24, image->b, 16);
    le64_put(p + 40, recs);
    le64_put(p + 48, *len);
    uint8_t *e = p + PACK_HDR;
    size_t at = recs;
    for (size_t i = 0; i < set->count; i++) {
        const cache_warm_item *it = &set->items[i];
        if (record_key_flags(it->record, it->record_len) != key_flags) continue;
        le64_put(e, it->offset);
        le32_put(e + 8, (uint32_t)at);
        le32_put(e + 12, (uint32_t)it->record_len);
        memcpy(p + at, it->record, it->record_len);
        at += align16(it->record_len);
        e += PACK_ENTRY;
    }
    return p;
}

int cache_pack_write(const char *dir, const cache_image_id *image, uint64_t abi_id,
                     const cache_warm_set *set, uint32_t key_flags, size_t *written) {
    if (!dir || !image || !set) return -EINVAL;
    size_t len = 0;
    uint8_t *p = pack_build(image, abi_id, set, key_flags, &len);
    if (!p && len == 0) { /* no record of that namespace: no pack (and none left behind) */
        cache_pack_remove(dir, image, abi_id);
        return -ENODATA;
    }
    if (!p) return -ENOMEM;
    char name[CACHE_PACK_NAME_LEN], path[4096], tmp[4096];
    cache_pack_name(image, abi_id, name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, name);
    int fd = mkstemp(tmp), r = 0;
    if (fd < 0) r = -errno;
    for (size_t off = 0; !r && off < len;) {
        ssize_t w = write(fd, p + off, len - off);
        if (w < 0 && errno != EINTR) r = -errno;
        if (w > 0) off += (size_t)w;
    }
    /* readable by every guest, writable by nobody: clients refuse anything else */
    if (!r && fchmod(fd, 0444)) r = -errno;
    if (fd >= 0) close(fd);
    if (!r && rename(tmp, path)) r = -errno;
    if (r && fd >= 0) unlink(tmp);
    free(p);
    if (!r && written) *written = len;
    return r;
}

int cache_pack_remove(const char *dir, const cache_image_id *image, uint64_t abi_id) {
    char name[CACHE_PACK_NAME_LEN], path[4096];
    cache_pack_name(image, abi_id, name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return unlink(path) && errno != ENOENT ? -errno : 0;
}

/* Header and index checked once at open; each record's bounds are checked here too, so a
 * find never reads outside the mapping. */
/* The header only: a process opens a dozen packs, some with 250,000 entries, and reaches a
 * few thousand of them; each entry is checked when a lookup lands on it (cache_pack_find). */
static int pack_check(const uint8_t *p, size_t len, const cache_image_id *image, uint64_t abi_id,
                      uint32_t *count, uint64_t *recs_out) {
    if (len < PACK_HDR || memcmp(p, PACK_MAGIC, 8)) return CACHE_EMAGIC;
    if (le32_get(p + 8) != 1) return CACHE_EVERSION;
    uint32_t n = le32_get(p + 12);
    uint64_t recs = le64_get(p + 40);
    if (le64_get(p + 16) != abi_id || memcmp(p + 24, image->b, 16)) return CACHE_EKEY;
    if (le64_get(p + 48) != len || recs > len || recs < PACK_HDR + (uint64_t)n * PACK_ENTRY)
        return CACHE_ELENGTH;
    *count = n;
    *recs_out = recs;
    return 0;
}

int cache_pack_open(const char *dir, const cache_image_id *image, uint64_t abi_id,
                    cache_pack **out) {
    if (!dir || !image || !out) return -EINVAL;
    char name[CACHE_PACK_NAME_LEN], path[4096];
    cache_pack_name(image, abi_id, name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return -errno;
    return cache_pack_open_fd(fd, image, abi_id, out);
}

int cache_pack_open_fd(int fd, const cache_image_id *image, uint64_t abi_id, cache_pack **out) {
    if (fd < 0 || !image || !out) {
        if (fd >= 0) close(fd);
        return -EINVAL;
    }
    struct stat st;
    int r = fstat(fd, &st) ? -errno : 0;
    /* only emud's own files: root's (or this user's, for a private emud), and read-only */
    if (!r &&
        (!S_ISREG(st.st_mode) || (st.st_uid != 0 && st.st_uid != geteuid()) || (st.st_mode & 0222)))
        r = -EPERM;
    if (!r && (st.st_size < (off_t)PACK_HDR || (uint64_t)st.st_size > PACK_MAX_LEN))
        r = CACHE_ELENGTH;
    void *m = MAP_FAILED;
    if (!r && (m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0)) == MAP_FAILED)
        r = -errno;
    close(fd);
    if (r) return r;
    cache_pack *pk = malloc(sizeof *pk);
    uint32_t n = 0;
    uint64_t recs = 0;
    if (!pk || (r = pack_check(m, (size_t)st.st_size, image, abi_id, &n, &recs)) != 0) {
        munmap(m, (size_t)st.st_size);
        free(pk);
        return pk ? r : -ENOMEM;
    }
    *pk = (cache_pack){m, (size_t)st.st_size, recs, n};
    *out = pk;
    return 0;
}

uint32_t cache_pack_count(const cache_pack *pk) {
    return pk ? pk->count : 0;
}

int cache_pack_find(const cache_pack *pk, uint64_t offset, const uint8_t **record, size_t *len) {
    if (!pk || !record || !len) return -EINVAL;
    uint32_t lo = 0, hi = pk->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (le64_get(pk->map + PACK_HDR + (size_t)mid * PACK_ENTRY) < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    const uint8_t *e = pk->map + PACK_HDR + (size_t)lo * PACK_ENTRY;
    if (lo == pk->count || le64_get(e) != offset) return CACHE_ENOTFOUND;
    /* a damaged index may send the search astray (a miss), never outside the file */
    uint64_t at = le32_get(e + 8), rl = le32_get(e + 12);
    if (at < pk->recs || rl == 0 || at + rl > pk->len) return CACHE_ELENGTH;
    *record = pk->map + at;
    *len = (size_t)rl;
    return 0;
}

void cache_pack_close(cache_pack *pk) {
    if (!pk) return;
    munmap((void *)pk->map, pk->len);
    free(pk);
}
