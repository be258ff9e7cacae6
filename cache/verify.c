/* verify.c — cache_verify: every record decoded and checked against its key, the LRU index
 * ("stamps" <-> "lru"), warm entries and the "bytes" total; optionally repaired in place. */
#include "internal.h"
#include "le.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct verify_ctx {
    cache_t *c;
    MDB_txn *txn;
    cache_wtxn *w; /* NULL: read-only check */
    cache_verify_result r;
    uint64_t good_bytes;
    cache_key *bad; /* keys of bad records, deleted after the scan */
    size_t nbad, capbad;
} verify_ctx;

static int verify_note_bad(verify_ctx *v, const cache_key *key) {
    if (!v->w) return 0;
    if (v->nbad == v->capbad) {
        size_t cap = v->capbad ? 2 * v->capbad : 64;
        cache_key *n = realloc(v->bad, cap * sizeof *n);
        if (!n) return -ENOMEM;
        v->bad = n;
        v->capbad = cap;
    }
    v->bad[v->nbad++] = *key;
    return 0;
}

/* A good block must have a stamp and sit under that stamp in "lru". */
static int verify_block_index(verify_ctx *v, MDB_cursor *lru, const cache_key *key) {
    MDB_val k = {16, (void *)key->b}, s;
    int rc = mdb_get(v->txn, v->c->db_stamps, &k, &s);
    if (rc && rc != MDB_NOTFOUND) return cache_map_err(rc);
    bool ok = rc == 0 && s.mv_size == 8;
    if (ok) {
        uint8_t sb[8];
        be64_put(sb, le64_get(s.mv_data));
        MDB_val lk = {8, sb}, lv = {16, (void *)key->b};
        rc = mdb_cursor_get(lru, &lk, &lv, MDB_GET_BOTH);
        if (rc && rc != MDB_NOTFOUND) return cache_map_err(rc);
        ok = rc == 0;
    }
    if (ok) return 0;
    v->r.index_errors++;
    if (!v->w) return 0;
    if ((rc = mdb_del(v->txn, v->c->db_stamps, &k, NULL)) && rc != MDB_NOTFOUND)
        return cache_map_err(rc);
    return blk_set_stamp(v->w, key, v->w->stamp);
}

static int verify_one_block(verify_ctx *v, MDB_cursor *cur, MDB_cursor *lru, MDB_val *k,
                            MDB_val *val) {
    v->r.bytes_actual += val->mv_size;
    if (k->mv_size != 16) {
        v->r.bad++;
        return v->w ? cache_map_err(mdb_cursor_del(cur, 0)) : 0;
    }
    cache_key key;
    memcpy(key.b, k->mv_data, 16);
    cache_record rec;
    if (cache_record_decode_keyed(val->mv_data, val->mv_size, &key, &rec) != 0) {
        v->r.bad++;
        return verify_note_bad(v, &key);
    }
    v->r.good++;
    v->good_bytes += val->mv_size;
    return verify_block_index(v, lru, &key);
}

static int verify_blocks(verify_ctx *v) {
    MDB_cursor *cur, *lru;
    int rc = mdb_cursor_open(v->txn, v->c->db_blocks, &cur);
    if (rc) return cache_map_err(rc);
    if ((rc = mdb_cursor_open(v->txn, v->c->db_lru, &lru))) {
        mdb_cursor_close(cur);
        return cache_map_err(rc);
    }
    MDB_val k, val;
    /* After mdb_cursor_del, MDB_NEXT yields the record that followed the deleted one. */
    for (rc = mdb_cursor_get(cur, &k, &val, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &val, MDB_NEXT))
        if ((rc = verify_one_block(v, cur, lru, &k, &val))) break;
    mdb_cursor_close(lru);
    mdb_cursor_close(cur);
    if (rc != 0 && rc != MDB_NOTFOUND) return cache_map_err(rc);
    for (size_t i = 0; i < v->nbad; i++) {
        bool found;
        if ((rc = blk_delete(v->w, &v->bad[i], &found))) return rc;
        v->w->corrupt += found;
    }
    return 0;
}

/* "stamps" entries without a block, and "lru" entries that "stamps" does not point at. */
static bool verify_stamp_ok(verify_ctx *v, const MDB_val *k, const MDB_val *s) {
    MDB_val b;
    return k->mv_size == 16 && s->mv_size == 8 &&
           mdb_get(v->txn, v->c->db_blocks, (MDB_val *)k, &b) == 0;
}

static bool verify_lru_ok(verify_ctx *v, const MDB_val *k, const MDB_val *key) {
    MDB_val s;
    if (k->mv_size != 8 || key->mv_size != 16 ||
        mdb_get(v->txn, v->c->db_stamps, (MDB_val *)key, &s) != 0 || s.mv_size != 8)
        return false;
    return le64_get(s.mv_data) == be64_get(k->mv_data);
}

static bool verify_warm_ok(verify_ctx *v, const MDB_val *k, const MDB_val *e) {
    MDB_val bk = {16, (uint8_t *)e->mv_data + 8}, b;
    (void)k;
    return e->mv_size == WARM_ENTRY_LEN && mdb_get(v->txn, v->c->db_blocks, &bk, &b) == 0;
}

typedef bool (*verify_entry_fn)(verify_ctx *v, const MDB_val *k, const MDB_val *val);

/* Walk every entry (duplicates included) of db; count failures; delete them when repairing. */
static int verify_walk(verify_ctx *v, MDB_dbi db, verify_entry_fn ok, uint64_t *errors) {
    MDB_cursor *cur;
    int rc = mdb_cursor_open(v->txn, db, &cur);
    if (rc) return cache_map_err(rc);
    MDB_val k, val;
    for (rc = mdb_cursor_get(cur, &k, &val, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &val, MDB_NEXT)) {
        if (ok(v, &k, &val)) continue;
        (*errors)++;
        if (v->w && (rc = mdb_cursor_del(cur, 0))) break;
    }
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND ? 0 : cache_map_err(rc);
}

static int verify_all(verify_ctx *v, uint64_t bytes_recorded) {
    v->r.bytes_recorded = bytes_recorded;
    int rc = verify_blocks(v);
    if (!rc) rc = verify_walk(v, v->c->db_stamps, verify_stamp_ok, &v->r.index_errors);
    if (!rc) rc = verify_walk(v, v->c->db_lru, verify_lru_ok, &v->r.index_errors);
    if (!rc) rc = verify_walk(v, v->c->db_warm, verify_warm_ok, &v->r.warm_dangling);
    if (!rc && v->w) v->w->bytes = v->good_bytes;
    return rc;
}

static int verify_fn(cache_wtxn *w, void *arg) {
    verify_ctx *v = arg;
    free(v->bad);
    *v = (verify_ctx){.c = w->c, .txn = w->txn, .w = w};
    return verify_all(v, w->bytes);
}

int cache_verify(cache_t *c, unsigned flags, cache_verify_result *out) {
    if (!c || !out) return -EINVAL;
    verify_ctx v = {.c = c};
    int rc;
    if (flags & CACHE_VERIFY_REPAIR) {
        rc = cache_write(c, verify_fn, &v);
    } else {
        rc = cache_map_err(mdb_txn_begin(c->env, NULL, MDB_RDONLY, &v.txn));
        uint64_t bytes = 0;
        if (!rc && !(rc = meta_get(v.txn, c->db_meta, "bytes", &bytes))) rc = verify_all(&v, bytes);
        if (v.txn) mdb_txn_abort(v.txn);
    }
    free(v.bad);
    if (rc == 0) *out = v.r;
    return rc;
}
