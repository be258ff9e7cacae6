/* packs.c — emud's warm packs (see packs.h). One table of the images with a pack, guarded by a
 * mutex: packs are written by the worker that served a WARM_GET or by the periodic refresh. */
#include "packs.h"

#include "log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define PACKS_MAX     4096
#define MIN_GROWTH    8             /* new blocks before a pack is rewritten */
#define GROWTH_SHIFT  4             /* and, while busy, a 16th of the pack's blocks */
#define REWRITE_EVERY 1000000000ull /* ns: at most one rewrite of a pack per second */
#define COST_BUSY     10            /* while busy, a pack's rewrites take at most 1/10 ... */
#define COST_IDLE     2             /* ... and once idle 1/2 of emud's time */

typedef struct pack_ent {
    cache_image_id image;
    size_t count; /* warm entries when the pack was written */
    uint64_t written_ns;
    uint64_t cost_ns; /* what its last write took: a large program's pack is 100 MB */
} pack_ent;

struct srv_packs {
    char *dir;
    cache_t *cache;
    uint64_t abi_id;
    pthread_mutex_t mu;
    pack_ent *ents;
    size_t n;
    uint64_t written, bytes;
};

static uint64_t mono_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static pack_ent *find(srv_packs *p, const cache_image_id *image) {
    for (size_t i = 0; i < p->n; i++)
        if (!memcmp(&p->ents[i].image, image, sizeof *image)) return &p->ents[i];
    return NULL;
}

static pack_ent *track(srv_packs *p, const cache_image_id *image) {
    pack_ent *e = find(p, image);
    if (e || p->n == PACKS_MAX) return e;
    e = &p->ents[p->n++];
    *e = (pack_ent){.image = *image};
    return e;
}

/* "<32 hex>-<16 hex>.pack" -> image and ABI */
static bool parse_name(const char *name, cache_image_id *image, uint64_t *abi) {
    unsigned long long a;
    if (strlen(name) != CACHE_PACK_NAME_LEN - 1 || name[32] != '-' || strcmp(name + 49, ".pack") ||
        sscanf(name + 33, "%16llx", &a) != 1)
        return false;
    for (int i = 0; i < 16; i++) {
        unsigned v;
        if (sscanf(name + 2 * i, "%2x", &v) != 1) return false;
        image->b[i] = (uint8_t)v;
    }
    *abi = a;
    return true;
}

/* Packs left by an earlier emud: keep ours (tracked, so they are refreshed), drop the rest. */
static void adopt_existing(srv_packs *p) {
    DIR *d = opendir(p->dir);
    if (!d) return;
    for (struct dirent *de; (de = readdir(d));) {
        cache_image_id img;
        uint64_t abi;
        if (de->d_name[0] == '.' && strstr(de->d_name, ".pack.")) {
            unlinkat(dirfd(d), de->d_name, 0); /* a temporary file of an interrupted write */
            continue;
        }
        if (!parse_name(de->d_name, &img, &abi)) continue;
        cache_pack *pk;
        if (abi != p->abi_id || cache_pack_open(p->dir, &img, abi, &pk)) {
            unlinkat(dirfd(d), de->d_name, 0);
            continue;
        }
        pack_ent *e = track(p, &img);
        if (e) e->count = cache_pack_count(pk);
        cache_pack_close(pk);
    }
    closedir(d);
}

/* Guests map packs and read the records of the blocks they reach, scattered over a file of up
 * to 100 MB (cc1's). Under shadow paging (the virtual machines builds run in) each 4 KiB page
 * a process touches first costs it 5-8 us, which made reading records the largest part of a
 * warm cc1's start-up; on a tmpfs with huge=within_size the pack's pages are 2 MiB folios and a
 * guest maps each with one entry. Left mounted at exit: a restarted emud keeps using it (it is
 * a mount point then), as packs on /run's tmpfs outlive emud too. */
static void packs_mount(const char *dir) {
    char parent[4096];
    snprintf(parent, sizeof parent, "%s/..", dir);
    struct stat d, p;
    if (stat(dir, &d) || stat(parent, &p) || d.st_dev != p.st_dev) return; /* mounted already */
    if (mount("emud-packs", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              "mode=0755,huge=within_size"))
        srv_log(LOG_WARNING, "packs stay on %s's file system: cannot mount a tmpfs there: %s", dir,
                strerror(errno));
    else
        srv_log(LOG_INFO, "packs on a tmpfs with huge pages mounted at %s", dir);
}

int packs_open(srv_packs **out, const char *dir, bool tmpfs, cache_t *cache, uint64_t abi_id) {
    *out = NULL;
    if (!dir || !*dir) return 0;
    /* the socket's directory may not exist yet (emud listens after opening the cache) */
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = 0;
        mkdir(parent, 0755);
    }
    if (mkdir(dir, 0755) && errno != EEXIST) {
        srv_log(LOG_WARNING, "warm packs off: cannot make %s: %s", dir, strerror(errno));
        return 0;
    }
    if (tmpfs) packs_mount(dir);
    srv_packs *p = calloc(1, sizeof *p);
    if (!p || !(p->dir = strdup(dir)) || !(p->ents = calloc(PACKS_MAX, sizeof *p->ents))) {
        if (p) free(p->dir);
        free(p);
        return -ENOMEM;
    }
    p->cache = cache;
    p->abi_id = abi_id;
    pthread_mutex_init(&p->mu, NULL);
    adopt_existing(p);
    *out = p;
    return 0;
}

int packs_open_fd(srv_packs *p, const cache_image_id *image, uint64_t abi_id) {
    if (!p) return -ENOENT;
    if (abi_id != p->abi_id) return -ENOENT; /* another translator: no pack of it here */
    char name[CACHE_PACK_NAME_LEN], path[4096];
    cache_pack_name(image, abi_id, name);
    snprintf(path, sizeof path, "%s/%s", p->dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    return fd < 0 ? -errno : fd;
}

void packs_close(srv_packs *p) {
    if (!p) return;
    pthread_mutex_destroy(&p->mu);
    free(p->ents);
    free(p->dir);
    free(p);
}

/* Write (caller holds mu); t0: when reading the set began. */
static void write_pack(srv_packs *p, pack_ent *e, const cache_warm_set *set, uint64_t t0) {
    size_t len = 0;
    e->count = set->count + set->skipped;
    if (cache_pack_write(p->dir, &e->image, p->abi_id, set, 0, &len) == 0) {
        p->written++;
        p->bytes += len;
    }
    e->written_ns = mono_ns();
    e->cost_ns = e->written_ns - t0;
}

/* A grown set's pack is rewritten (the whole file: packs are immutable, guests map them) by
 * any amount once emud is idle, so packs catch up as soon as a burst of submissions is
 * translated, and while it is busy by MIN_GROWTH blocks and a 16th of the pack, at most once a
 * second; either way never so often that writing this pack takes more than a set share of
 * emud's time (the cost of reading and writing the set, set aside the build's use of the cache
 * the rewrite pauses). */
static bool worth_rewriting(const pack_ent *e, size_t count, uint64_t now, bool idle) {
    if (count <= e->count) return false;
    uint64_t since = now - e->written_ns;
    if (idle) return since >= COST_IDLE * e->cost_ns;
    size_t need = e->count >> GROWTH_SHIFT;
    return count >= e->count + (need > MIN_GROWTH ? need : MIN_GROWTH) && since >= REWRITE_EVERY &&
           since >= COST_BUSY * e->cost_ns;
}

typedef struct refresh_ctx {
    srv_packs *p;
    uint64_t now;
    bool idle;
} refresh_ctx;

/* One image of the cache (caller holds mu): a pack for a new set, a rewrite for a set that has
 * shrunk (flushed: at once) or grown (worth_rewriting). */
static int refresh_one(void *arg, const cache_image_id *image, size_t count) {
    refresh_ctx *r = arg;
    srv_packs *p = r->p;
    pack_ent *e = find(p, image);
    bool grown = e && worth_rewriting(e, count, r->now, r->idle);
    if (e ? !(count < e->count || grown) : count < MIN_GROWTH) return 0;
    if (!e && !(e = track(p, image))) return 0;
    cache_warm_set *set = NULL;
    uint64_t t0 = mono_ns();
    if (cache_warm_get(p->cache, image, p->abi_id, 0, &set) == 0) write_pack(p, e, set, t0);
    cache_warm_set_free(set);
    return 0;
}

void packs_refresh(srv_packs *p, bool idle) {
    if (!p) return;
    refresh_ctx r = {p, mono_ns(), idle};
    pthread_mutex_lock(&p->mu);
    cache_warm_images(p->cache, refresh_one, &r);
    pthread_mutex_unlock(&p->mu);
}

void packs_drop(srv_packs *p, const cache_image_id *image) {
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    cache_pack_remove(p->dir, image, p->abi_id);
    pack_ent *e = find(p, image);
    if (e) *e = p->ents[--p->n];
    pthread_mutex_unlock(&p->mu);
}

void packs_drop_all(srv_packs *p) {
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    for (size_t i = 0; i < p->n; i++)
        cache_pack_remove(p->dir, &p->ents[i].image, p->abi_id);
    p->n = 0;
    pthread_mutex_unlock(&p->mu);
}

void packs_counts(srv_packs *p, uint64_t *written, uint64_t *bytes, uint64_t *published) {
    *written = *bytes = *published = 0;
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    *written = p->written;
    *bytes = p->bytes;
    *published = p->n;
    pthread_mutex_unlock(&p->mu);
}
