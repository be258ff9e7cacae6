/* blocks.c — the "blocks" database with its LRU index ("lru", "stamps"): put, lookup,
 * delete, eviction, and the read transactions that workers use for lookups. */
#include "internal.h"
#include "le.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- index primitives (write transaction) ---- */

int blk_set_stamp(cache_wtxn *w, const cache_key *key, uint64_t stamp) {
    cache_t *c = w->c;
    MDB_val k = {16, (void *)key->b}, v;
    int rc = mdb_get(w->txn, c->db_stamps, &k, &v);
    if (rc == 0 && v.mv_size == 8) {
        uint64_t old = le64_get(v.mv_data);
        if (old == stamp) return 0;
        uint8_t ob[8];
        be64_put(ob, old);
        MDB_val lk = {8, ob}, lv = {16, (void *)key->b};
        rc = mdb_del(w->txn, c->db_lru, &lk, &lv);
        if (rc && rc != MDB_NOTFOUND) return cache_map_err(rc);
    } else if (rc && rc != MDB_NOTFOUND) {
        return cache_map_err(rc);
    }
    uint8_t sb[8], sl[8];
    be64_put(sb, stamp);
    le64_put(sl, stamp);
    MDB_val lk = {8, sb}, lv = {16, (void *)key->b}, sv = {8, sl};
    rc = mdb_put(w->txn, c->db_lru, &lk, &lv, MDB_NODUPDATA);
    if (rc && rc != MDB_KEYEXIST) return cache_map_err(rc);
    return cache_map_err(mdb_put(w->txn, c->db_stamps, &k, &sv, 0));
}

int blk_delete(cache_wtxn *w, const cache_key *key, bool *found) {
    cache_t *c = w->c;
    MDB_val k = {16, (void *)key->b}, v;
    *found = false;
    int rc = mdb_get(w->txn, c->db_blocks, &k, &v);
    if (rc == 0) {
        size_t len = v.mv_size;
        if ((rc = mdb_del(w->txn, c->db_blocks, &k, NULL))) return cache_map_err(rc);
        w->bytes = w->bytes > len ? w->bytes - len : 0;
        *found = true;
    } else if (rc != MDB_NOTFOUND) {
        return cache_map_err(rc);
    }
    rc = mdb_get(w->txn, c->db_stamps, &k, &v);
    if (rc == MDB_NOTFOUND) return 0;
    if (rc) return cache_map_err(rc);
    if (v.mv_size == 8) {
        uint8_t sb[8];
        be64_put(sb, le64_get(v.mv_data));
        MDB_val lk = {8, sb}, lv = {16, (void *)key->b};
        rc = mdb_del(w->txn, c->db_lru, &lk, &lv);
        if (rc && rc != MDB_NOTFOUND) return cache_map_err(rc);
    }
    return cache_map_err(mdb_del(w->txn, c->db_stamps, &k, NULL));
}

int blk_evict_to(cache_wtxn *w, uint64_t target, uint64_t max_blocks) {
    MDB_cursor *cur;
    int rc = mdb_cursor_open(w->txn, w->c->db_lru, &cur);
    if (rc) return cache_map_err(rc);
    uint64_t start = w->evictions;
    while (w->bytes > target && (!max_blocks || w->evictions - start < max_blocks)) {
        MDB_val k, v;
        rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
        if (rc) break; /* nothing left to evict */
        cache_key key;
        if (v.mv_size != 16) {
            rc = mdb_cursor_del(cur, 0); /* malformed index entry: just remove it */
            if (rc) break;
            continue;
        }
        memcpy(key.b, v.mv_data, 16);
        bool found;
        /* blk_delete removes this very lru entry too (the cursor is re-positioned above). */
        if ((rc = blk_delete(w, &key, &found))) {
            mdb_cursor_close(cur);
            return rc;
        }
        w->evictions += found;
        if (!found && (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST)) == 0 && v.mv_size == 16 &&
            memcmp(v.mv_data, key.b, 16) == 0)
            rc = mdb_cursor_del(cur, 0); /* stale entry blk_delete could not reach */
    }
    mdb_cursor_close(cur);
    return (rc == 0 || rc == MDB_NOTFOUND) ? 0 : cache_map_err(rc);
}

static int abi_count_add(cache_wtxn *w, uint64_t abi_id) {
    char name[24];
    snprintf(name, sizeof name, "abi/%016" PRIx64, abi_id);
    return meta_add(w->txn, w->c->db_meta, name, 1);
}

int blk_put_record(cache_wtxn *w, const cache_key *key, const void *rec, size_t len,
                   uint64_t abi_id, bool *inserted) {
    cache_t *c = w->c;
    MDB_val k = {16, (void *)key->b}, v;
    *inserted = false;
    int rc = mdb_get(w->txn, c->db_blocks, &k, &v);
    if (rc == 0) {
        cache_record r;
        if (cache_record_decode_keyed(v.mv_data, v.mv_size, key, &r) == 0)
            return blk_set_stamp(w, key, w->stamp);
        bool found;
        if ((rc = blk_delete(w, key, &found))) return rc;
        w->corrupt++;
    } else if (rc != MDB_NOTFOUND) {
        return cache_map_err(rc);
    }
    v.mv_size = len;
    if ((rc = mdb_put(w->txn, c->db_blocks, &k, &v, MDB_RESERVE))) return cache_map_err(rc);
    memcpy(v.mv_data, rec, len);
    w->bytes += len;
    w->inserts++;
    *inserted = true;
    if ((rc = blk_set_stamp(w, key, w->stamp))) return rc;
    return abi_count_add(w, abi_id);
}

/* ---- put ---- */

typedef struct put_args {
    const cache_block *blocks;
    size_t n;
    const cache_key *keys;
    uint8_t *scratch; /* max record size */
} put_args;

static int put_fn(cache_wtxn *w, void *arg) {
    put_args *a = arg;
    for (size_t i = 0; i < a->n; i++) {
        size_t len;
        int rc = cache_record_encode(&a->blocks[i], a->scratch, SIZE_MAX, &len);
        if (rc) return rc;
        bool inserted;
        rc = blk_put_record(w, &a->keys[i], a->scratch, len, a->blocks[i].ctx.abi_id, &inserted);
        if (rc) return rc;
    }
    return 0;
}

int cache_put_blocks(cache_t *c, const cache_block *blocks, size_t n, cache_key *keys_out) {
    if (!c || (n && !blocks)) return -EINVAL;
    if (n == 0) return 0;
    cache_key *keys = keys_out ? keys_out : malloc(n * sizeof *keys);
    size_t maxlen = 0;
    int rc = keys ? 0 : -ENOMEM;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t len = 0;
        rc = cache_record_size(&blocks[i], &len);
        if (!rc)
            rc = cache_key_compute(blocks[i].guest, blocks[i].guest_len, &blocks[i].ctx, &keys[i]);
        if (len > maxlen) maxlen = len;
    }
    put_args a = {blocks, n, keys, NULL};
    if (!rc && !(a.scratch = malloc(maxlen))) rc = -ENOMEM;
    if (!rc) rc = cache_write(c, put_fn, &a);
    free(a.scratch);
    if (keys != keys_out) free(keys);
    return rc;
}

/* ---- lookups ---- */

int blk_lookup(cache_t *c, MDB_txn *txn, const cache_key *key, cache_record *rec) {
    MDB_val k = {16, (void *)key->b}, v;
    int rc = mdb_get(txn, c->db_blocks, &k, &v);
    if (rc == 0 && cache_record_decode_keyed(v.mv_data, v.mv_size, key, rec) != 0) {
        pending_drop(c, key);
        rc = MDB_NOTFOUND;
    }
    if (rc == MDB_NOTFOUND) {
        atomic_fetch_add(&c->d_misses, 1);
        return CACHE_ENOTFOUND;
    }
    if (rc) return cache_map_err(rc);
    atomic_fetch_add(&c->d_hits, 1);
    pending_touch(c, key);
    return 0;
}

int cache_get(cache_t *c, const cache_key *key, void **rec_out, size_t *len_out) {
    if (!c || !key || !rec_out || !len_out) return -EINVAL;
    MDB_txn *txn;
    int rc = mdb_txn_begin(c->env, NULL, MDB_RDONLY, &txn);
    if (rc) return cache_map_err(rc);
    cache_record r;
    rc = blk_lookup(c, txn, key, &r);
    void *copy = NULL;
    if (rc == 0 && !(copy = malloc(r.raw_len))) rc = -ENOMEM;
    if (rc == 0) {
        memcpy(copy, r.raw, r.raw_len);
        *rec_out = copy;
        *len_out = r.raw_len;
    }
    mdb_txn_abort(txn);
    return rc;
}

int cache_rtxn_begin(cache_t *c, cache_rtxn **out) {
    if (!c || !out) return -EINVAL;
    cache_rtxn *t = calloc(1, sizeof *t);
    if (!t) return -ENOMEM;
    int rc = mdb_txn_begin(c->env, NULL, MDB_RDONLY, &t->txn);
    if (rc) {
        free(t);
        return cache_map_err(rc);
    }
    t->c = c;
    *out = t;
    return 0;
}

int cache_rtxn_get(cache_rtxn *t, const cache_key *key, cache_record *rec) {
    if (!t || !key || !rec) return -EINVAL;
    return blk_lookup(t->c, t->txn, key, rec);
}

void cache_rtxn_reset(cache_rtxn *t) {
    if (t) mdb_txn_reset(t->txn);
}

int cache_rtxn_renew(cache_rtxn *t) {
    return t ? cache_map_err(mdb_txn_renew(t->txn)) : -EINVAL;
}

void cache_rtxn_end(cache_rtxn *t) {
    if (!t) return;
    mdb_txn_abort(t->txn);
    free(t);
}
