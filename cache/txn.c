/* txn.c — the write-transaction frame every store change goes through: pending work from
 * readers (touches, drops, prunes, counters), eviction to the size limit, map-full retry. */
#include "internal.h"
#include "le.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- pending queues ---- */

static bool pending_reserve(void **arr, size_t n, size_t elem) {
    if (n >= CACHE_PENDING_MAX) return false;
    if (!*arr) *arr = malloc(CACHE_PENDING_MAX * elem); /* fixed bound: allocate once */
    return *arr != NULL;
}

void pending_touch(cache_t *c, const cache_key *key) {
    if (c->flags & CACHE_OPEN_RDONLY) return;
    pthread_mutex_lock(&c->mu);
    if (pending_reserve((void **)&c->pend.touch, c->pend.ntouch, sizeof *key))
        c->pend.touch[c->pend.ntouch++] = *key;
    pthread_mutex_unlock(&c->mu);
}

void pending_drop(cache_t *c, const cache_key *key) {
    if (c->flags & CACHE_OPEN_RDONLY) return;
    pthread_mutex_lock(&c->mu);
    if (pending_reserve((void **)&c->pend.drop, c->pend.ndrop, sizeof *key))
        c->pend.drop[c->pend.ndrop++] = *key;
    pthread_mutex_unlock(&c->mu);
}

void pending_prune(cache_t *c, const cache_image_id *image, const uint8_t *entry) {
    if (c->flags & CACHE_OPEN_RDONLY) return;
    pthread_mutex_lock(&c->mu);
    if (pending_reserve((void **)&c->pend.prune, c->pend.nprune, sizeof(warm_prune))) {
        warm_prune *p = &c->pend.prune[c->pend.nprune++];
        p->image = *image;
        memcpy(p->entry, entry, WARM_ENTRY_LEN);
    }
    pthread_mutex_unlock(&c->mu);
}

void pending_clear(cache_pending *p) {
    free(p->touch);
    free(p->drop);
    free(p->prune);
    memset(p, 0, sizeof *p);
}

/* Take the queues out (readers start new ones), so the lock is not held during the txn. */
static cache_pending pending_take(cache_t *c) {
    pthread_mutex_lock(&c->mu);
    cache_pending p = c->pend;
    memset(&c->pend, 0, sizeof c->pend);
    pthread_mutex_unlock(&c->mu);
    return p;
}

/* ---- applying pending work ---- */

static int apply_drops(cache_wtxn *w, const cache_pending *p) {
    for (size_t i = 0; i < p->ndrop; i++) {
        MDB_val k = {16, (void *)p->drop[i].b}, v;
        int rc = mdb_get(w->txn, w->c->db_blocks, &k, &v);
        if (rc == MDB_NOTFOUND) continue;
        if (rc) return cache_map_err(rc);
        cache_record r;
        /* A writer may have replaced the record since the reader saw it damaged. */
        if (cache_record_decode_keyed(v.mv_data, v.mv_size, &p->drop[i], &r) == 0) continue;
        bool found;
        if ((rc = blk_delete(w, &p->drop[i], &found))) return rc;
        w->corrupt += found;
    }
    return 0;
}

static int apply_touches(cache_wtxn *w, const cache_pending *p) {
    for (size_t i = 0; i < p->ntouch; i++) {
        MDB_val k = {16, (void *)p->touch[i].b}, v;
        int rc = mdb_get(w->txn, w->c->db_stamps, &k, &v);
        if (rc == MDB_NOTFOUND) continue; /* evicted or dropped since */
        if (rc) return cache_map_err(rc);
        if ((rc = blk_set_stamp(w, &p->touch[i], w->stamp))) return rc;
    }
    return 0;
}

static int apply_prunes(cache_wtxn *w, const cache_pending *p) {
    for (size_t i = 0; i < p->nprune; i++) {
        MDB_val bk = {16, (void *)(p->prune[i].entry + 8)}, bv;
        int rc = mdb_get(w->txn, w->c->db_blocks, &bk, &bv);
        if (rc == 0) continue; /* the block came back */
        if (rc != MDB_NOTFOUND) return cache_map_err(rc);
        MDB_val k = {16, (void *)p->prune[i].image.b};
        MDB_val v = {WARM_ENTRY_LEN, (void *)p->prune[i].entry};
        rc = mdb_del(w->txn, w->c->db_warm, &k, &v);
        if (rc && rc != MDB_NOTFOUND) return cache_map_err(rc);
    }
    return 0;
}

/* ---- the frame ---- */

typedef struct counter_snap {
    uint64_t hits, misses;
} counter_snap;

/* Pages in use by every database in this transaction. */
static int frame_live_bytes(cache_wtxn *w, uint64_t *out) {
    cache_t *c = w->c;
    MDB_dbi dbs[] = {c->db_blocks, c->db_warm, c->db_meta, c->db_lru, c->db_stamps};
    uint64_t pages = 0, psize = 4096;
    for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++) {
        MDB_stat st;
        int rc = mdb_stat(w->txn, dbs[i], &st);
        if (rc) return cache_map_err(rc);
        pages += st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages;
        psize = st.ms_psize;
    }
    *out = pages * psize;
    return 0;
}

static int frame_finish(cache_wtxn *w, const counter_snap *cs) {
    cache_t *c = w->c;
    int rc = 0;
    /* The byte bound is kept inside the batch's own transaction: never exceeded on disk. */
    if (c->size_limit && w->bytes > c->size_limit)
        rc = blk_evict_to(w, c->size_limit - c->size_limit / 8, 0);
    MDB_dbi m = c->db_meta;
    if (!rc) rc = meta_put(w->txn, m, "clock", w->stamp);
    if (!rc) rc = meta_put(w->txn, m, "bytes", w->bytes);
    if (!rc) rc = meta_add(w->txn, m, "inserts", w->inserts);
    if (!rc) rc = meta_add(w->txn, m, "evictions", w->evictions);
    if (!rc) rc = meta_add(w->txn, m, "corrupt_dropped", w->corrupt);
    if (!rc) rc = meta_add(w->txn, m, "hits", cs->hits);
    if (!rc) rc = meta_add(w->txn, m, "misses", cs->misses);
    if (!rc) rc = frame_live_bytes(w, &w->live);
    return rc;
}

/* One write transaction; *live (may be NULL) = live bytes of pages after it. */
static int frame_run(cache_t *c, const cache_pending *p, const counter_snap *cs, cache_write_fn fn,
                     void *arg, uint64_t *live) {
    cache_wtxn w = {.c = c};
    int rc = cache_map_err(mdb_txn_begin(c->env, NULL, 0, &w.txn));
    if (rc) return rc;
    uint64_t clock;
    rc = meta_get(w.txn, c->db_meta, "clock", &clock);
    if (!rc) rc = meta_get(w.txn, c->db_meta, "bytes", &w.bytes);
    w.stamp = clock + 1;
    if (!rc) rc = apply_drops(&w, p);
    if (!rc) rc = apply_prunes(&w, p);
    if (!rc) rc = apply_touches(&w, p);
    if (!rc && fn) rc = fn(&w, arg);
    if (!rc) rc = frame_finish(&w, cs);
    if (rc) {
        mdb_txn_abort(w.txn);
        return rc;
    }
    if (live) *live = w.live;
    return cache_map_err(mdb_txn_commit(w.txn));
}

/* LMDB cannot even delete once the map is full: copy-on-write needs free pages, and the pages
 * the previous transaction freed are not reusable yet. So live pages are kept under map_high
 * eighths of the map by evicting in small transactions of their own (RELIEF_BLOCKS each: a
 * big delete dirties as many pages as it frees). map_high drops each time the map fills
 * anyway, as with batches that dirty much of a small map. */
#define RELIEF_BLOCKS 64
#define RELIEF_TXNS   32

typedef struct relief {
    uint64_t step, evicted;
} relief;

static int evict_fn(cache_wtxn *w, void *arg) {
    relief *r = arg;
    int rc = blk_evict_to(w, 0, r->step);
    r->evicted = w->evictions;
    return rc;
}

static int frame_relieve(cache_t *c, uint64_t live, bool force) {
    cache_pending none = {0};
    counter_snap zero = {0, 0};
    uint64_t high = c->map_size / 8 * atomic_load(&c->map_high);
    relief r = {RELIEF_BLOCKS, 0};
    for (int i = 0; i < RELIEF_TXNS && (force || live > high); i++) {
        int rc = frame_run(c, &none, &zero, evict_fn, &r, &live);
        if (rc == CACHE_EFULL && r.step > 1) {
            r.step /= 2; /* smaller deletes dirty fewer pages */
            continue;
        }
        if (rc) return rc;
        if (r.evicted == 0) break;
        force = false;
    }
    return 0;
}

static int frame_after_full(cache_t *c, const cache_pending *p, const counter_snap *cs,
                            cache_write_fn fn, void *arg) {
    int rc = CACHE_EFULL;
    for (int attempt = 0; attempt < 4 && rc == CACHE_EFULL; attempt++) {
        unsigned high = atomic_load(&c->map_high);
        if (high > 2) atomic_compare_exchange_strong(&c->map_high, &high, high - 1);
        int erc = frame_relieve(c, UINT64_MAX, true);
        if (erc) return erc;
        rc = frame_run(c, p, cs, fn, arg, NULL);
    }
    return rc;
}

/* Put back what a failed transaction did not apply (keeping within the bound). */
static void pending_restore(cache_t *c, cache_pending *p) {
    for (size_t i = 0; i < p->ntouch; i++)
        pending_touch(c, &p->touch[i]);
    for (size_t i = 0; i < p->ndrop; i++)
        pending_drop(c, &p->drop[i]);
    for (size_t i = 0; i < p->nprune; i++)
        pending_prune(c, &p->prune[i].image, p->prune[i].entry);
}

int cache_write(cache_t *c, cache_write_fn fn, void *arg) {
    if (c->flags & CACHE_OPEN_RDONLY) return CACHE_ERDONLY;
    cache_pending p = pending_take(c);
    /* Taken, not read: concurrent writers must not persist the same counts twice. */
    counter_snap cs = {atomic_exchange(&c->d_hits, 0), atomic_exchange(&c->d_misses, 0)};
    uint64_t live = 0;
    int rc = frame_run(c, &p, &cs, fn, arg, &live);
    if (rc == CACHE_EFULL) rc = frame_after_full(c, &p, &cs, fn, arg);
    if (rc == 0) {
        frame_relieve(c, live, false); /* best effort: the batch itself is committed */
    } else {
        atomic_fetch_add(&c->d_hits, cs.hits);
        atomic_fetch_add(&c->d_misses, cs.misses);
        pending_restore(c, &p);
    }
    pending_clear(&p);
    return rc;
}

int cache_commit_pending(cache_t *c) {
    if (!c) return -EINVAL;
    return cache_write(c, NULL, NULL);
}
