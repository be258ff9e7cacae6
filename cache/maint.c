/* maint.c — whole-store operations: compacting export, merging import of another store,
 * flushing everything or one image's blocks. */
#include "internal.h"
#include "le.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define IMPORT_BATCH 256

int cache_export(cache_t *c, const char *path) {
    if (!c || !path) return -EINVAL;
    int rc = (c->flags & CACHE_OPEN_RDONLY) ? 0 : cache_commit_pending(c);
    if (rc) return rc;
    if (mkdir(path, 0700) != 0 && errno != EEXIST) return -errno;
    char data[4096];
    struct stat st;
    if (snprintf(data, sizeof data, "%s/data.mdb", path) >= (int)sizeof data) return -ENAMETOOLONG;
    if (stat(data, &st) == 0) return -EEXIST;
    return cache_map_err(mdb_env_copy2(c->env, path, MDB_CP_COMPACT));
}

/* ---- import ---- */

typedef struct import_src {
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi blocks, warm, meta;
} import_src;

typedef struct import_batch {
    cache_key keys[IMPORT_BATCH];
    MDB_val recs[IMPORT_BATCH]; /* point into the source map (its read txn stays open) */
    uint64_t abis[IMPORT_BATCH];
    size_t n;
    uint64_t imported, present;
} import_batch;

static bool same_file(const char *a, const char *b) {
    struct stat sa, sb;
    char pa[4096], pb[4096];
    snprintf(pa, sizeof pa, "%s/data.mdb", a);
    snprintf(pb, sizeof pb, "%s/data.mdb", b);
    return stat(pa, &sa) == 0 && stat(pb, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

static int import_open(import_src *s, const char *path) {
    int rc = mdb_env_create(&s->env);
    if (rc) return cache_map_err(rc);
    mdb_env_set_maxdbs(s->env, 8);
    rc = mdb_env_open(s->env, path, MDB_RDONLY | MDB_NOTLS, 0600);
    if (rc == EACCES || rc == EROFS || rc == ENOENT) {
        /* An exported copy has no lock file and may sit in a read-only place. */
        mdb_env_close(s->env);
        if ((rc = mdb_env_create(&s->env))) return cache_map_err(rc);
        mdb_env_set_maxdbs(s->env, 8);
        rc = mdb_env_open(s->env, path, MDB_RDONLY | MDB_NOTLS | MDB_NOLOCK, 0600);
    }
    if (!rc) rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &s->txn);
    if (!rc) rc = mdb_dbi_open(s->txn, "blocks", 0, &s->blocks);
    if (!rc) rc = mdb_dbi_open(s->txn, "warm", MDB_DUPSORT | MDB_DUPFIXED, &s->warm);
    if (!rc) rc = mdb_dbi_open(s->txn, "meta", 0, &s->meta);
    uint64_t fmt = 0;
    if (!rc && !(rc = meta_get(s->txn, s->meta, "format", &fmt)) && fmt != CACHE_FORMAT_VERSION)
        rc = CACHE_EVERSION;
    return rc == MDB_NOTFOUND ? -ENOENT : cache_map_err(rc);
}

static void import_close(import_src *s) {
    if (s->txn) mdb_txn_abort(s->txn);
    if (s->env) mdb_env_close(s->env);
}

static int import_batch_fn(cache_wtxn *w, void *arg) {
    import_batch *b = arg;
    b->imported = b->present = 0;
    for (size_t i = 0; i < b->n; i++) {
        bool inserted;
        int rc = blk_put_record(w, &b->keys[i], b->recs[i].mv_data, b->recs[i].mv_size, b->abis[i],
                                &inserted);
        if (rc) return rc;
        b->imported += inserted;
        b->present += !inserted;
    }
    return 0;
}

static int import_flush(cache_t *c, import_batch *b, cache_import_result *r) {
    if (b->n == 0) return 0;
    int rc = cache_write(c, import_batch_fn, b);
    r->imported += b->imported;
    r->present += b->present;
    b->n = 0;
    return rc;
}

static int import_blocks(cache_t *c, import_src *s, cache_import_result *r) {
    MDB_cursor *cur;
    int rc = mdb_cursor_open(s->txn, s->blocks, &cur);
    if (rc) return cache_map_err(rc);
    import_batch *b = calloc(1, sizeof *b);
    if (!b) {
        mdb_cursor_close(cur);
        return -ENOMEM;
    }
    MDB_val k, v;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        cache_record rec;
        if (k.mv_size != 16 || cache_record_decode_keyed(v.mv_data, v.mv_size,
                                                         (const cache_key *)k.mv_data, &rec) != 0) {
            r->bad++;
            continue;
        }
        memcpy(b->keys[b->n].b, k.mv_data, 16);
        b->recs[b->n] = v;
        b->abis[b->n++] = rec.ctx.abi_id;
        if (b->n == IMPORT_BATCH && (rc = import_flush(c, b, r))) break;
    }
    if (rc == MDB_NOTFOUND) rc = import_flush(c, b, r);
    free(b);
    mdb_cursor_close(cur);
    return cache_map_err(rc);
}

/* One image's entries from the source cursor (positioned on its first duplicate). */
static int import_one_image(cache_t *c, MDB_cursor *cur, MDB_val *k, cache_warm_entry *buf,
                            cache_import_result *r) {
    cache_image_id image;
    memcpy(image.b, k->mv_data, 16);
    size_t count = 0, n = 0;
    int rc = mdb_cursor_count(cur, &count);
    MDB_val v;
    for (size_t i = 0; rc == 0 && i < count && n < CACHE_WARM_MAX; i++) {
        rc = mdb_cursor_get(cur, k, &v, i ? MDB_NEXT_DUP : MDB_GET_CURRENT);
        if (rc == 0 && v.mv_size == WARM_ENTRY_LEN) {
            buf[n].offset = be64_get(v.mv_data);
            memcpy(buf[n++].key.b, (uint8_t *)v.mv_data + 8, 16);
        }
    }
    if (rc) return cache_map_err(rc);
    size_t added = 0;
    rc = cache_warm_add(c, &image, buf, n, &added);
    r->warm_added += added;
    return rc;
}

static int import_warm(cache_t *c, import_src *s, cache_import_result *r) {
    MDB_cursor *cur;
    int rc = mdb_cursor_open(s->txn, s->warm, &cur);
    if (rc) return cache_map_err(rc);
    cache_warm_entry *buf = malloc(CACHE_WARM_MAX * sizeof *buf);
    MDB_val k, v;
    rc = buf ? mdb_cursor_get(cur, &k, &v, MDB_FIRST) : -ENOMEM;
    while (rc == 0) {
        if (k.mv_size == 16 && (rc = import_one_image(c, cur, &k, buf, r))) break;
        rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP);
    }
    free(buf);
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND ? 0 : cache_map_err(rc);
}

int cache_import(cache_t *c, const char *path, cache_import_result *out) {
    if (!c || !path) return -EINVAL;
    if (c->flags & CACHE_OPEN_RDONLY) return CACHE_ERDONLY;
    const char *own;
    /* LMDB forbids opening one environment twice in a process. */
    if (mdb_env_get_path(c->env, &own) == 0 && same_file(own, path)) return -EINVAL;
    import_src s = {0};
    cache_import_result r = {0};
    int rc = import_open(&s, path);
    if (!rc) rc = import_blocks(c, &s, &r);
    if (!rc) rc = import_warm(c, &s, &r);
    import_close(&s);
    if (out) *out = r;
    return rc;
}

/* ---- flush ---- */

static int flush_all_fn(cache_wtxn *w, void *arg) {
    (void)arg;
    cache_t *c = w->c;
    MDB_dbi dbs[] = {c->db_blocks, c->db_warm, c->db_lru, c->db_stamps};
    for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++) {
        int rc = mdb_drop(w->txn, dbs[i], 0);
        if (rc) return cache_map_err(rc);
    }
    w->bytes = 0;
    return 0;
}

int cache_flush_all(cache_t *c) {
    return c ? cache_write(c, flush_all_fn, NULL) : -EINVAL;
}

typedef struct flush_image_args {
    const cache_image_id *image;
    uint64_t removed;
} flush_image_args;

static int flush_image_fn(cache_wtxn *w, void *arg) {
    flush_image_args *a = arg;
    a->removed = 0;
    MDB_cursor *cur;
    int rc = mdb_cursor_open(w->txn, w->c->db_warm, &cur);
    if (rc) return cache_map_err(rc);
    MDB_val k, v;
    /* Re-seek each round: deletes in this txn may move the pages k and v pointed into. */
    for (;;) {
        k = (MDB_val){16, (void *)a->image->b};
        if ((rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY))) break;
        cache_key key;
        bool found = false;
        if (v.mv_size == WARM_ENTRY_LEN) {
            memcpy(key.b, (uint8_t *)v.mv_data + 8, 16);
            if ((rc = blk_delete(w, &key, &found))) break;
        }
        a->removed += found;
        if ((rc = mdb_cursor_del(cur, 0))) break;
    }
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND ? 0 : cache_map_err(rc);
}

int cache_flush_image(cache_t *c, const cache_image_id *image, uint64_t *removed) {
    if (!c || !image) return -EINVAL;
    flush_image_args a = {image, 0};
    int rc = cache_write(c, flush_image_fn, &a);
    if (rc == 0 && removed) *removed = a.removed;
    return rc;
}
