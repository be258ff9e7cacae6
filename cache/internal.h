/* internal.h — private state of a cache_t and the helpers shared by the store's files:
 * the write-transaction frame (txn.c), meta counters, block/stamp/LRU index primitives. */
#ifndef CACHE_INTERNAL_H
#define CACHE_INTERNAL_H

#include "emucache.h"

#include <lmdb.h>
#include <pthread.h>
#include <stdatomic.h>

#define WARM_ENTRY_LEN 24 /* u64 offset big-endian + 16-byte key */

typedef struct warm_prune {
    cache_image_id image;
    uint8_t entry[WARM_ENTRY_LEN];
} warm_prune;

/* Work that read transactions found but cannot do themselves (see emucache.h). */
typedef struct cache_pending {
    cache_key *touch;
    size_t ntouch;
    cache_key *drop;
    size_t ndrop;
    warm_prune *prune;
    size_t nprune;
} cache_pending;

struct cache {
    MDB_env *env;
    MDB_dbi db_blocks, db_warm, db_meta, db_lru, db_stamps;
    uint64_t size_limit, map_size;
    unsigned flags;

    pthread_mutex_t mu; /* guards pend */
    cache_pending pend;

    /* Counts not yet written to "meta"; subtracted once a commit has persisted them. */
    _Atomic uint64_t d_hits, d_misses;
    _Atomic unsigned map_high; /* eighths of the map that live pages may fill (txn.c) */
};

struct cache_rtxn {
    cache_t *c;
    MDB_txn *txn;
};

/* One write transaction in progress. Counters are added to "meta" at commit. */
typedef struct cache_wtxn {
    cache_t *c;
    MDB_txn *txn;
    uint64_t stamp; /* LRU stamp of this transaction */
    uint64_t bytes; /* running "bytes" */
    uint64_t inserts, evictions, corrupt;
    uint64_t live; /* bytes of pages in use, measured at the end */
} cache_wtxn;

typedef int (*cache_write_fn)(cache_wtxn *w, void *arg);

/* Run fn inside a write transaction framed by: pending work applied first, eviction to the
 * limit after, meta updated, commit; map-full handled as emucache.h describes. fn may run
 * twice (retry after map-full) and must therefore not keep state between calls in arg
 * except results it overwrites. */
int cache_write(cache_t *c, cache_write_fn fn, void *arg);

/* LMDB result -> this module's code space. */
int cache_map_err(int mdb_rc);

/* "meta" u64 values. A missing name reads as 0. */
int meta_get(MDB_txn *txn, MDB_dbi db, const char *name, uint64_t *out);
int meta_put(MDB_txn *txn, MDB_dbi db, const char *name, uint64_t v);
int meta_add(MDB_txn *txn, MDB_dbi db, const char *name, uint64_t delta);

/* Index primitives inside a write transaction. */
int blk_set_stamp(cache_wtxn *w, const cache_key *key, uint64_t stamp);
/* Delete a block and its index entries; *found = whether it existed. */
int blk_delete(cache_wtxn *w, const cache_key *key, bool *found);
/* Store an already verified record under key (replacing a damaged one); *inserted says
 * whether it was new (a present valid record is only touched). */
int blk_put_record(cache_wtxn *w, const cache_key *key, const void *rec, size_t len,
                   uint64_t abi_id, bool *inserted);
/* Evict LRU blocks until bytes <= target, or max_blocks are gone (0 = no such limit). */
int blk_evict_to(cache_wtxn *w, uint64_t target, uint64_t max_blocks);

/* Queue work for the next write transaction (drops silently once CACHE_PENDING_MAX). */
void pending_touch(cache_t *c, const cache_key *key);
void pending_drop(cache_t *c, const cache_key *key);
void pending_prune(cache_t *c, const cache_image_id *image, const uint8_t *entry);
void pending_clear(cache_pending *p);

/* Look key up in a read (or write) transaction: verified record, or CACHE_ENOTFOUND with the
 * damaged record queued for dropping. Counts hits/misses and queues a touch on a hit. */
int blk_lookup(cache_t *c, MDB_txn *txn, const cache_key *key, cache_record *rec);

#endif
