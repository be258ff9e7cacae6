/* warm.c — warm sets: per image identity, the deduplicated (offset, key) list of blocks
 * executed in it, appended in batches and read back with the records in one transaction. */
#include "internal.h"
#include "le.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void warm_entry_pack(uint8_t *e, const cache_warm_entry *we) {
    be64_put(e, we->offset); /* big-endian: duplicates sort by offset */
    memcpy(e + 8, we->key.b, 16);
}

static void warm_entry_unpack(const uint8_t *e, cache_warm_entry *we) {
    we->offset = be64_get(e);
    memcpy(we->key.b, e + 8, 16);
}

typedef struct warm_add_args {
    const cache_image_id *image;
    const cache_warm_entry *entries;
    size_t n;
    size_t added;
} warm_add_args;

static int warm_count(MDB_txn *txn, MDB_dbi db, const cache_image_id *image, size_t *out) {
    MDB_cursor *cur;
    int rc = mdb_cursor_open(txn, db, &cur);
    if (rc) return cache_map_err(rc);
    MDB_val k = {16, (void *)image->b}, v;
    *out = 0;
    rc = mdb_cursor_get(cur, &k, &v, MDB_SET);
    if (rc == 0) rc = mdb_cursor_count(cur, out);
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND ? 0 : cache_map_err(rc);
}

static int warm_add_fn(cache_wtxn *w, void *arg) {
    warm_add_args *a = arg;
    cache_t *c = w->c;
    size_t count;
    int rc = warm_count(w->txn, c->db_warm, a->image, &count);
    a->added = 0;
    for (size_t i = 0; i < a->n && !rc && count < CACHE_WARM_MAX; i++) {
        MDB_val bk = {16, (void *)a->entries[i].key.b}, bv;
        rc = mdb_get(w->txn, c->db_blocks, &bk, &bv);
        if (rc == MDB_NOTFOUND) {
            rc = 0;
            continue;
        }
        if (rc) break;
        uint8_t e[WARM_ENTRY_LEN];
        warm_entry_pack(e, &a->entries[i]);
        MDB_val k = {16, (void *)a->image->b}, v = {WARM_ENTRY_LEN, e};
        rc = mdb_put(w->txn, c->db_warm, &k, &v, MDB_NODUPDATA);
        if (rc == MDB_KEYEXIST) {
            rc = 0;
            continue;
        }
        if (rc == 0) {
            a->added++;
            count++;
        }
    }
    return cache_map_err(rc);
}

int cache_warm_add(cache_t *c, const cache_image_id *image, const cache_warm_entry *entries,
                   size_t n, size_t *added) {
    if (!c || !image || (n && !entries)) return -EINVAL;
    warm_add_args a = {image, entries, n, 0};
    int rc = n ? cache_write(c, warm_add_fn, &a) : 0;
    if (rc == 0 && added) *added = a.added;
    return rc;
}

/* ---- reading ---- */

typedef struct warm_found {
    cache_warm_entry e;
    MDB_val rec;
} warm_found;

typedef struct warm_scan {
    cache_t *c;
    MDB_txn *txn;
    const cache_image_id *image;
    uint64_t abi_id;
    size_t max_bytes;
    warm_found *found;
    size_t nfound, bytes, skipped;
    bool truncated;
} warm_scan;

/* Decide for one stored entry: keep (with its record), skip, or stop at the byte cap. */
static int warm_scan_one(warm_scan *s, const MDB_val *v) {
    if (v->mv_size != WARM_ENTRY_LEN) {
        s->skipped++;
        return 0;
    }
    warm_found f;
    warm_entry_unpack(v->mv_data, &f.e);
    MDB_val bk = {16, f.e.key.b};
    int rc = mdb_get(s->txn, s->c->db_blocks, &bk, &f.rec);
    cache_record r;
    if (rc == MDB_NOTFOUND) {
        pending_prune(s->c, s->image, v->mv_data);
        s->skipped++;
        return 0;
    }
    if (rc) return cache_map_err(rc);
    if (cache_record_decode_keyed(f.rec.mv_data, f.rec.mv_size, &f.e.key, &r) != 0) {
        pending_drop(s->c, &f.e.key);
        s->skipped++;
        return 0;
    }
    if (s->abi_id && r.ctx.abi_id != s->abi_id) {
        s->skipped++;
        return 0;
    }
    if (s->max_bytes && s->bytes + f.rec.mv_size > s->max_bytes) {
        s->truncated = true;
        return 1;
    }
    s->bytes += f.rec.mv_size;
    s->found[s->nfound++] = f;
    return 0;
}

static int warm_scan_run(warm_scan *s) {
    MDB_cursor *cur;
    int rc = mdb_cursor_open(s->txn, s->c->db_warm, &cur);
    if (rc) return cache_map_err(rc);
    MDB_val k = {16, (void *)s->image->b}, v;
    size_t count = 0;
    rc = mdb_cursor_get(cur, &k, &v, MDB_SET);
    if (rc == 0) rc = mdb_cursor_count(cur, &count);
    if (rc == 0 && count > 0 && !(s->found = malloc(count * sizeof *s->found))) rc = -ENOMEM;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        if ((rc = mdb_cursor_get(cur, &k, &v, i ? MDB_NEXT_DUP : MDB_GET_CURRENT))) break;
        rc = warm_scan_one(s, &v);
    }
    mdb_cursor_close(cur);
    if (rc == 1 || rc == MDB_NOTFOUND) rc = 0;
    return cache_map_err(rc);
}

static int warm_set_build(warm_scan *s, cache_warm_set *set) {
    set->items = calloc(s->nfound ? s->nfound : 1, sizeof *set->items);
    uint8_t *store = malloc(s->bytes ? s->bytes : 1);
    if (!set->items || !store) {
        free(set->items);
        free(store);
        return -ENOMEM;
    }
    size_t off = 0;
    for (size_t i = 0; i < s->nfound; i++) {
        cache_warm_item *it = &set->items[i];
        it->offset = s->found[i].e.offset;
        it->key = s->found[i].e.key;
        it->record = store + off;
        it->record_len = s->found[i].rec.mv_size;
        memcpy(store + off, s->found[i].rec.mv_data, it->record_len);
        off += it->record_len;
        pending_touch(s->c, &it->key);
    }
    set->count = s->nfound;
    set->skipped = s->skipped;
    set->truncated = s->truncated;
    set->storage_ = store;
    return 0;
}

int cache_warm_get(cache_t *c, const cache_image_id *image, uint64_t abi_id, size_t max_bytes,
                   cache_warm_set **out) {
    if (!c || !image || !out) return -EINVAL;
    cache_warm_set *set = calloc(1, sizeof *set);
    if (!set) return -ENOMEM;
    warm_scan s = {.c = c, .image = image, .abi_id = abi_id, .max_bytes = max_bytes};
    int rc = cache_map_err(mdb_txn_begin(c->env, NULL, MDB_RDONLY, &s.txn));
    if (rc == 0) {
        rc = warm_scan_run(&s);
        if (rc == 0) rc = warm_set_build(&s, set); /* copies out of the map before the txn ends */
        mdb_txn_abort(s.txn);
    }
    free(s.found);
    if (rc) {
        free(set);
        return rc;
    }
    atomic_fetch_add(&c->d_hits, set->count);
    *out = set;
    return 0;
}

void cache_warm_set_free(cache_warm_set *s) {
    if (!s) return;
    free(s->items);
    free(s->storage_);
    free(s);
}

/* A read transaction and a cursor on the warm sets (both to be closed by the caller). */
static int warm_cursor(cache_t *c, MDB_txn **txn, MDB_cursor **cur) {
    int rc = mdb_txn_begin(c->env, NULL, MDB_RDONLY, txn);
    if (rc) return cache_map_err(rc);
    if ((rc = mdb_cursor_open(*txn, c->db_warm, cur))) {
        mdb_txn_abort(*txn);
        return cache_map_err(rc);
    }
    return 0;
}

int cache_warm_list(cache_t *c, const cache_image_id *image, cache_warm_entry **out, size_t *n) {
    if (!c || !image || !out || !n) return -EINVAL;
    MDB_txn *txn;
    MDB_cursor *cur;
    int rc = warm_cursor(c, &txn, &cur);
    if (rc) return rc;
    MDB_val k = {16, (void *)image->b}, v;
    size_t count = 0, got = 0;
    cache_warm_entry *list = NULL;
    rc = mdb_cursor_get(cur, &k, &v, MDB_SET);
    if (rc == 0) rc = mdb_cursor_count(cur, &count);
    if (rc == 0 && !(list = malloc((count ? count : 1) * sizeof *list))) rc = -ENOMEM;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        rc = mdb_cursor_get(cur, &k, &v, i ? MDB_NEXT_DUP : MDB_GET_CURRENT);
        if (rc == 0 && v.mv_size == WARM_ENTRY_LEN) warm_entry_unpack(v.mv_data, &list[got++]);
    }
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    if (rc == MDB_NOTFOUND) rc = 0;
    if (rc) {
        free(list);
        return cache_map_err(rc);
    }
    *out = list;
    *n = got;
    return 0;
}

int cache_warm_images(cache_t *c, cache_image_fn fn, void *arg) {
    if (!c || !fn) return -EINVAL;
    MDB_txn *txn;
    MDB_cursor *cur;
    int rc = warm_cursor(c, &txn, &cur);
    if (rc) return rc;
    MDB_val k, v;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP)) {
        size_t n = 0;
        cache_image_id img;
        if (k.mv_size != sizeof img.b || mdb_cursor_count(cur, &n)) continue;
        memcpy(img.b, k.mv_data, sizeof img.b);
        if (fn(arg, &img, n)) break;
    }
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    return rc == 0 || rc == MDB_NOTFOUND ? 0 : cache_map_err(rc);
}
