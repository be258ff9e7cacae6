/* store.c — opening and closing the LMDB environment, its named databases and format
 * check, error texts, "meta" counters and the statistics getters. */
#include "internal.h"
#include "le.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MIB (1024ull * 1024)

const char *cache_strerror(int err) {
    switch (err) {
    case 0: return "success";
    case CACHE_ENOTFOUND: return "cache: not found";
    case CACHE_EMAGIC: return "cache: not a block record (bad magic)";
    case CACHE_EVERSION: return "cache: unsupported format version";
    case CACHE_ELENGTH: return "cache: record lengths out of bounds or inconsistent";
    case CACHE_ECHECKSUM: return "cache: record checksum mismatch";
    case CACHE_EFIELD: return "cache: record field out of range";
    case CACHE_EKEY: return "cache: record does not match its key";
    case CACHE_EFULL: return "cache: map full after eviction";
    case CACHE_ERDONLY: return "cache: opened read-only";
    }
    if (err <= MDB_KEYEXIST && err >= MDB_LAST_ERRCODE) return mdb_strerror(err);
    if (err < 0 && err > -4096) return strerror(-err);
    return "cache: unknown error";
}

bool cache_err_is_corrupt(int err) {
    return err == CACHE_EMAGIC || err == CACHE_EVERSION || err == CACHE_ELENGTH ||
           err == CACHE_ECHECKSUM || err == CACHE_EFIELD || err == CACHE_EKEY;
}

int cache_map_err(int rc) {
    if (rc == 0) return 0;
    if (rc == MDB_NOTFOUND) return CACHE_ENOTFOUND;
    if (rc == MDB_MAP_FULL) return CACHE_EFULL;
    return rc > 0 ? -rc : rc; /* LMDB reports system errors as positive errno */
}

int meta_get(MDB_txn *txn, MDB_dbi db, const char *name, uint64_t *out) {
    MDB_val k = {strlen(name), (void *)name}, v;
    int rc = mdb_get(txn, db, &k, &v);
    if (rc == MDB_NOTFOUND) {
        *out = 0;
        return 0;
    }
    if (rc) return cache_map_err(rc);
    if (v.mv_size != 8) return CACHE_ELENGTH;
    *out = le64_get(v.mv_data);
    return 0;
}

int meta_put(MDB_txn *txn, MDB_dbi db, const char *name, uint64_t val) {
    uint8_t buf[8];
    le64_put(buf, val);
    MDB_val k = {strlen(name), (void *)name}, v = {8, buf};
    return cache_map_err(mdb_put(txn, db, &k, &v, 0));
}

int meta_add(MDB_txn *txn, MDB_dbi db, const char *name, uint64_t delta) {
    if (delta == 0) return 0;
    uint64_t v;
    int rc = meta_get(txn, db, name, &v);
    return rc ? rc : meta_put(txn, db, name, v + delta);
}

static int store_open_dbs(cache_t *c, MDB_txn *txn, unsigned create) {
    int rc = mdb_dbi_open(txn, "blocks", create, &c->db_blocks);
    if (!rc) rc = mdb_dbi_open(txn, "warm", create | MDB_DUPSORT | MDB_DUPFIXED, &c->db_warm);
    if (!rc) rc = mdb_dbi_open(txn, "meta", create, &c->db_meta);
    if (!rc) rc = mdb_dbi_open(txn, "lru", create | MDB_DUPSORT | MDB_DUPFIXED, &c->db_lru);
    if (!rc) rc = mdb_dbi_open(txn, "stamps", create, &c->db_stamps);
    return rc == MDB_NOTFOUND ? -ENOENT : cache_map_err(rc);
}

/* A store of another format: refuse, or empty it when the caller allows. */
static int store_check_format(cache_t *c, MDB_txn *txn) {
    uint64_t fmt;
    int rc = meta_get(txn, c->db_meta, "format", &fmt);
    if (rc || fmt == CACHE_FORMAT_VERSION) return rc;
    if (fmt != 0 && !(c->flags & CACHE_OPEN_RESET)) return CACHE_EVERSION;
    if (c->flags & CACHE_OPEN_RDONLY) return fmt == 0 ? 0 : CACHE_EVERSION;
    MDB_dbi all[] = {c->db_blocks, c->db_warm, c->db_meta, c->db_lru, c->db_stamps};
    for (size_t i = 0; i < sizeof all / sizeof all[0] && fmt != 0; i++)
        if ((rc = mdb_drop(txn, all[i], 0))) return cache_map_err(rc);
    return meta_put(txn, c->db_meta, "format", CACHE_FORMAT_VERSION);
}

static int store_init(cache_t *c, const char *dir, unsigned max_readers) {
    int rc = mdb_env_create(&c->env);
    if (rc) return cache_map_err(rc);
    mdb_env_set_maxdbs(c->env, 8);
    mdb_env_set_mapsize(c->env, c->map_size);
    /* With MDB_NOTLS a slot is taken per live read transaction, not per thread. */
    if (max_readers) mdb_env_set_maxreaders(c->env, max_readers);
    unsigned envflags = MDB_NOTLS;
    if (c->flags & CACHE_OPEN_RDONLY) envflags |= MDB_RDONLY;
    if (c->flags & CACHE_OPEN_NOSYNC) envflags |= MDB_NOSYNC;
    if ((rc = mdb_env_open(c->env, dir, envflags, 0600))) return cache_map_err(rc);
    int dead;
    mdb_reader_check(c->env, &dead); /* slots of killed processes */
    MDB_envinfo info;
    if (mdb_env_info(c->env, &info) == 0)
        c->map_size = info.me_mapsize; /* an existing larger map wins */

    bool rdonly = c->flags & CACHE_OPEN_RDONLY;
    MDB_txn *txn;
    if ((rc = mdb_txn_begin(c->env, NULL, rdonly ? MDB_RDONLY : 0, &txn))) return cache_map_err(rc);
    rc = store_open_dbs(c, txn, rdonly ? 0 : MDB_CREATE);
    if (!rc) rc = store_check_format(c, txn);
    if (rc) {
        mdb_txn_abort(txn);
        return rc;
    }
    /* Commit even a read-only txn: aborting it would close the dbi handles it opened. */
    return cache_map_err(mdb_txn_commit(txn));
}

int cache_open(cache_t **out, const char *dir, const cache_options *opt) {
    if (!out || !dir) return -EINVAL;
    cache_options o = opt ? *opt : (cache_options){0};
    if (!(o.flags & CACHE_OPEN_RDONLY) && mkdir(dir, 0700) != 0 && errno != EEXIST) return -errno;
    cache_t *c = calloc(1, sizeof *c);
    if (!c) return -ENOMEM;
    c->size_limit = o.size_limit;
    c->map_size = o.map_size ? o.map_size : o.size_limit ? 3 * o.size_limit + 64 * MIB : 4096 * MIB;
    c->flags = o.flags;
    pthread_mutex_init(&c->mu, NULL);
    atomic_init(&c->map_high, 5);
    int rc = store_init(c, dir, o.max_readers);
    if (rc) {
        if (c->env) mdb_env_close(c->env);
        pthread_mutex_destroy(&c->mu);
        free(c);
        return rc;
    }
    *out = c;
    return 0;
}

void cache_close(cache_t *c) {
    if (!c) return;
    if (!(c->flags & CACHE_OPEN_RDONLY))
        cache_commit_pending(c); /* best effort: counters and touches are advisory */
    mdb_env_close(c->env);
    pending_clear(&c->pend);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static int stats_count_images(cache_t *c, MDB_txn *txn, uint64_t *out) {
    MDB_cursor *cur;
    int rc = mdb_cursor_open(txn, c->db_warm, &cur);
    if (rc) return cache_map_err(rc);
    MDB_val k, v;
    uint64_t n = 0;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP))
        n++;
    mdb_cursor_close(cur);
    *out = n;
    return rc == MDB_NOTFOUND ? 0 : cache_map_err(rc);
}

static int stats_read_meta(cache_t *c, MDB_txn *txn, cache_stats *s) {
    struct {
        const char *name;
        uint64_t *dst;
    } f[] = {{"hits", &s->hits},
             {"misses", &s->misses},
             {"inserts", &s->inserts},
             {"evictions", &s->evictions},
             {"corrupt_dropped", &s->corrupt_dropped},
             {"bytes", &s->bytes}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        int rc = meta_get(txn, c->db_meta, f[i].name, f[i].dst);
        if (rc) return rc;
    }
    uint64_t fmt;
    int rc = meta_get(txn, c->db_meta, "format", &fmt);
    s->format_version = (uint32_t)fmt;
    return rc;
}

int cache_get_stats(cache_t *c, cache_stats *out) {
    if (!c || !out) return -EINVAL;
    MDB_txn *txn;
    int rc = mdb_txn_begin(c->env, NULL, MDB_RDONLY, &txn);
    if (rc) return cache_map_err(rc);
    cache_stats s = {0};
    MDB_stat st;
    MDB_envinfo info;
    rc = stats_read_meta(c, txn, &s);
    if (!rc && !(rc = cache_map_err(mdb_stat(txn, c->db_blocks, &st)))) s.blocks = st.ms_entries;
    if (!rc && !(rc = cache_map_err(mdb_stat(txn, c->db_warm, &st))))
        s.warm_entries = st.ms_entries;
    if (!rc) rc = stats_count_images(c, txn, &s.warm_images);
    size_t nabi = 0;
    mdb_txn_abort(txn);
    if (!rc) rc = cache_abi_list(c, NULL, NULL, 0, &nabi);
    if (rc) return rc;
    mdb_env_info(c->env, &info);
    mdb_env_stat(c->env, &st);
    s.hits += atomic_load(&c->d_hits);
    s.misses += atomic_load(&c->d_misses);
    s.size_limit = c->size_limit;
    s.map_size = info.me_mapsize;
    s.file_bytes = (uint64_t)(info.me_last_pgno + 1) * st.ms_psize;
    s.abi_count = (uint32_t)nabi;
    *out = s;
    return 0;
}

int cache_abi_list(cache_t *c, uint64_t *ids, uint64_t *counts, size_t cap, size_t *n) {
    if (!c || !n || (cap && (!ids || !counts))) return -EINVAL;
    MDB_txn *txn;
    MDB_cursor *cur;
    int rc = mdb_txn_begin(c->env, NULL, MDB_RDONLY, &txn);
    if (rc) return cache_map_err(rc);
    if ((rc = mdb_cursor_open(txn, c->db_meta, &cur))) {
        mdb_txn_abort(txn);
        return cache_map_err(rc);
    }
    static const char prefix[] = "abi/";
    MDB_val k = {sizeof prefix - 1, (void *)prefix}, v;
    size_t total = 0;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (k.mv_size != 4 + 16 || memcmp(k.mv_data, prefix, 4) != 0) break;
        char hex[17];
        memcpy(hex, (char *)k.mv_data + 4, 16);
        hex[16] = 0;
        if (total < cap && v.mv_size == 8) {
            ids[total] = strtoull(hex, NULL, 16);
            counts[total] = le64_get(v.mv_data);
        }
        total++;
    }
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    if (rc != 0 && rc != MDB_NOTFOUND) return cache_map_err(rc);
    *n = total;
    return 0;
}
