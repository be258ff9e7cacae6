/* test_store.c — the LMDB store: put/get, warm sets, eviction under a small limit, corrupt
 * records dropped, verify/repair, export/import, flushes, format checks, read transactions. */
#include "testutil.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <lmdb.h>
#include <pthread.h>

static char *dir;
static cache_t *c;

static void setup(void) {
    dir = tu_mkdtemp();
    cr_assert(dir);
}

static void teardown(void) {
    cache_close(c);
    c = NULL;
    tu_rmtree(dir);
}

TestSuite(store, .init = setup, .fini = teardown);

static void open_cache(uint64_t limit, uint64_t map, unsigned flags) {
    cache_options o = {.size_limit = limit, .map_size = map, .flags = flags};
    cr_assert_eq(cache_open(&c, dir, &o), 0);
}

/* Put blocks seeds [from, from+n) in one batch; returns total record bytes. */
static size_t put_range(uint64_t from, size_t n, uint64_t abi, cache_key *keys) {
    tu_blockbuf *bb = calloc(n, sizeof *bb);
    cache_block *blocks = calloc(n, sizeof *blocks);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        blocks[i] = *tu_block(&bb[i], from + i, abi, 0);
        size_t len;
        cache_record_size(&blocks[i], &len);
        total += len;
    }
    int rc = cache_put_blocks(c, blocks, n, keys);
    cr_assert_eq(rc, 0, "put: %s", cache_strerror(rc));
    free(blocks);
    free(bb);
    return total;
}

static cache_key key_of(uint64_t seed, uint64_t abi) {
    tu_blockbuf bb;
    const cache_block *b = tu_block(&bb, seed, abi, 0);
    cache_key k;
    cache_key_compute(b->guest, b->guest_len, &b->ctx, &k);
    return k;
}

static cache_stats stats(void) {
    cache_stats s;
    cr_assert_eq(cache_get_stats(c, &s), 0);
    return s;
}

static void assert_verifies_clean(void) {
    cache_verify_result v;
    cr_assert_eq(cache_verify(c, 0, &v), 0);
    cr_assert_eq(v.bad, 0);
    cr_assert_eq(v.index_errors, 0);
    cr_assert_eq(v.bytes_recorded, v.bytes_actual);
}

Test(store, put_get_round_trip_and_persistence) {
    open_cache(0, 0, 0);
    cache_key keys[100];
    size_t total = put_range(1, 100, 77, keys);
    for (int i = 0; i < 100; i++) {
        void *rec;
        size_t len;
        cr_assert_eq(cache_get(c, &keys[i], &rec, &len), 0);
        cache_record r;
        cr_assert_eq(cache_record_decode_keyed(rec, len, &keys[i], &r), 0);
        tu_blockbuf bb;
        const cache_block *b = tu_block(&bb, 1 + (uint64_t)i, 77, 0);
        cr_assert_eq(r.guest_len, b->guest_len);
        cr_assert_arr_eq(r.host, b->host, b->host_len);
        free(rec);
    }
    cache_key none = key_of(5000, 77);
    void *rec;
    size_t len;
    cr_assert_eq(cache_get(c, &none, &rec, &len), CACHE_ENOTFOUND);
    cache_stats s = stats();
    cr_assert_eq(s.inserts, 100);
    cr_assert_eq(s.blocks, 100);
    cr_assert_eq(s.bytes, total);
    cr_assert_eq(s.hits, 100);
    cr_assert_eq(s.misses, 1);
    cr_assert_eq(s.format_version, CACHE_FORMAT_VERSION);

    cache_close(c);
    open_cache(0, 0, 0);
    s = stats();
    cr_assert_eq(s.blocks, 100);
    cr_assert_eq(s.hits, 100, "pending counters are committed on close");
    cr_assert_eq(s.misses, 1);
    uint64_t ids[4], counts[4];
    size_t n;
    cr_assert_eq(cache_abi_list(c, ids, counts, 4, &n), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(ids[0], 77);
    cr_assert_eq(counts[0], 100);
    assert_verifies_clean();
}

Test(store, duplicate_put_only_touches) {
    open_cache(0, 0, 0);
    put_range(1, 10, 1, NULL);
    put_range(1, 10, 1, NULL);
    put_range(5, 10, 1, NULL);
    cache_stats s = stats();
    cr_assert_eq(s.inserts, 14);
    cr_assert_eq(s.blocks, 14);
    assert_verifies_clean();
}

Test(store, invalid_batch_stores_nothing) {
    open_cache(0, 0, 0);
    tu_blockbuf bb[3];
    cache_block blocks[3];
    for (int i = 0; i < 3; i++)
        blocks[i] = *tu_block(&bb[i], (uint64_t)i + 1, 1, 0);
    blocks[2].guest_len = 0;
    cr_assert_eq(cache_put_blocks(c, blocks, 3, NULL), CACHE_ELENGTH);
    blocks[2] = *tu_block(&bb[2], 3, 1, 64);
    bb[2].relocs[0] = (cache_reloc){500, 0, 0, 0};
    blocks[2].nrelocs = 1;
    cr_assert_eq(cache_put_blocks(c, blocks, 3, NULL), -EINVAL);
    cr_assert_eq(stats().blocks, 0);
    cr_assert_eq(cache_put_blocks(c, NULL, 0, NULL), 0);
    cr_assert_eq(cache_put_blocks(NULL, blocks, 1, NULL), -EINVAL);
}

Test(store, warm_sets) {
    open_cache(0, 0, 0);
    cache_key keys[40];
    put_range(100, 40, 7, keys);
    put_range(200, 5, 8, NULL); /* another translator ABI */
    cache_image_id img = tu_image(0xaa);
    cache_warm_entry e[50];
    for (int i = 0; i < 40; i++)
        e[i] = (cache_warm_entry){(uint64_t)(40 - i) * 0x40, keys[i]};
    for (int i = 40; i < 45; i++)
        e[i] = (cache_warm_entry){0x10000 + (uint64_t)i, key_of(200 + (uint64_t)i - 40, 8)};
    e[45] = e[3];                                       /* duplicate */
    e[46] = (cache_warm_entry){0x5000, key_of(999, 7)}; /* block not stored: skipped */
    size_t added;
    cr_assert_eq(cache_warm_add(c, &img, e, 47, &added), 0);
    cr_assert_eq(added, 45);
    cr_assert_eq(cache_warm_add(c, &img, e, 45, &added), 0);
    cr_assert_eq(added, 0, "deduplicated");

    cache_warm_set *ws;
    cr_assert_eq(cache_warm_get(c, &img, 7, 0, &ws), 0);
    cr_assert_eq(ws->count, 40);
    cr_assert_eq(ws->skipped, 5, "other ABI left out");
    cr_assert(!ws->truncated);
    for (size_t i = 0; i < ws->count; i++) {
        cache_record r;
        cr_assert_eq(cache_record_decode_keyed(ws->items[i].record, ws->items[i].record_len,
                                               &ws->items[i].key, &r),
                     0);
        cr_assert_eq(ws->items[i].offset, (i + 1) * 0x40, "sorted by offset");
    }
    size_t first = ws->items[0].record_len + ws->items[1].record_len;
    cache_warm_set_free(ws);

    cr_assert_eq(cache_warm_get(c, &img, 0, first, &ws), 0);
    cr_assert_eq(ws->count, 2);
    cr_assert(ws->truncated);
    cache_warm_set_free(ws);

    cache_image_id unknown = tu_image(0xbb);
    cr_assert_eq(cache_warm_get(c, &unknown, 0, 0, &ws), 0);
    cr_assert_eq(ws->count, 0);
    cache_warm_set_free(ws);

    cache_warm_entry *list;
    size_t n;
    cr_assert_eq(cache_warm_list(c, &img, &list, &n), 0);
    cr_assert_eq(n, 45);
    free(list);
    cache_stats s = stats();
    cr_assert_eq(s.warm_images, 1);
    cr_assert_eq(s.warm_entries, 45);
}

Test(store, dangling_warm_entries_skipped_and_pruned) {
    open_cache(0, 0, 0);
    cache_key keys[10];
    put_range(1, 10, 1, keys);
    cache_image_id a = tu_image(1), b = tu_image(2);
    cache_warm_entry ea[10], eb[2];
    for (int i = 0; i < 10; i++)
        ea[i] = (cache_warm_entry){(uint64_t)i * 4, keys[i]};
    eb[0] = ea[0];
    eb[1] = ea[1];
    cr_assert_eq(cache_warm_add(c, &a, ea, 10, NULL), 0);
    cr_assert_eq(cache_warm_add(c, &b, eb, 2, NULL), 0);
    uint64_t removed;
    cr_assert_eq(cache_flush_image(c, &b, &removed), 0);
    cr_assert_eq(removed, 2);

    cache_warm_set *ws;
    cr_assert_eq(cache_warm_get(c, &a, 0, 0, &ws), 0);
    cr_assert_eq(ws->count, 8);
    cr_assert_eq(ws->skipped, 2);
    cache_warm_set_free(ws);
    cache_verify_result v;
    cr_assert_eq(cache_verify(c, 0, &v), 0);
    cr_assert_eq(v.warm_dangling, 2);

    cr_assert_eq(cache_commit_pending(c), 0); /* applies the queued prunes */
    cache_warm_entry *list;
    size_t n;
    cr_assert_eq(cache_warm_list(c, &a, &list, &n), 0);
    cr_assert_eq(n, 8);
    free(list);
    cr_assert_eq(cache_verify(c, 0, &v), 0);
    cr_assert_eq(v.warm_dangling, 0);
}

Test(store, eviction_keeps_bound_and_recently_used) {
    const uint64_t limit = 64 * 1024;
    open_cache(limit, 0, 0);
    cache_key hot;
    put_range(1, 1, 1, &hot);
    for (uint64_t i = 0; i < 100; i++) {
        put_range(1000 + i * 10, 10, 1, NULL);
        void *rec;
        size_t len;
        cr_assert_eq(cache_get(c, &hot, &rec, &len), 0, "hot block evicted at round %lu",
                     (unsigned long)i);
        free(rec);
        cr_assert_leq(stats().bytes, limit);
    }
    cache_stats s = stats();
    cr_assert_gt(s.evictions, 500);
    cr_assert_eq(s.blocks + s.evictions, s.inserts);
    cache_key cold = key_of(1000, 1);
    void *rec;
    size_t len;
    cr_assert_eq(cache_get(c, &cold, &rec, &len), CACHE_ENOTFOUND, "oldest block evicted");
    assert_verifies_clean();
}

Test(store, map_full_evicts_and_retries) {
    open_cache(0, 1024 * 1024, 0); /* no byte limit: only the map bounds the store */
    for (uint64_t i = 0; i < 200; i++)
        put_range(i * 50 + 1, 50, 1, NULL);
    cache_stats s = stats();
    cr_assert_gt(s.evictions, 0);
    cr_assert_eq(s.blocks + s.evictions, s.inserts);
    assert_verifies_clean();
}

/* Damage the record stored under key directly through LMDB, as a disk fault would. */
static void corrupt_record(const cache_key *key, size_t at) {
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    cr_assert_eq(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 8);
    mdb_env_set_mapsize(env, 64ull << 20);
    cr_assert_eq(mdb_env_open(env, dir, 0, 0600), 0);
    cr_assert_eq(mdb_txn_begin(env, NULL, 0, &txn), 0);
    cr_assert_eq(mdb_dbi_open(txn, "blocks", 0, &dbi), 0);
    MDB_val k = {16, (void *)key->b}, v;
    cr_assert_eq(mdb_get(txn, dbi, &k, &v), 0);
    uint8_t buf[4096];
    memcpy(buf, v.mv_data, v.mv_size);
    buf[at % v.mv_size] ^= 0x5a;
    v.mv_data = buf;
    cr_assert_eq(mdb_put(txn, dbi, &k, &v, 0), 0);
    cr_assert_eq(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
}

Test(store, corrupt_record_dropped_on_read) {
    open_cache(0, 0, 0);
    cache_key keys[5];
    put_range(1, 5, 1, keys);
    cache_close(c);
    c = NULL;
    corrupt_record(&keys[2], 100);
    open_cache(0, 0, 0);
    void *rec;
    size_t len;
    cr_assert_eq(cache_get(c, &keys[2], &rec, &len), CACHE_ENOTFOUND);
    cr_assert_eq(cache_get(c, &keys[1], &rec, &len), 0);
    free(rec);
    cr_assert_eq(cache_commit_pending(c), 0);
    cache_stats s = stats();
    cr_assert_eq(s.corrupt_dropped, 1);
    cr_assert_eq(s.blocks, 4);
    cr_assert_eq(s.misses, 1);
    assert_verifies_clean();
    put_range(3, 1, 1, NULL); /* a fresh translation takes its place */
    cr_assert_eq(cache_get(c, &keys[2], &rec, &len), 0);
    free(rec);
}

Test(store, verify_finds_and_repairs) {
    open_cache(0, 0, 0);
    cache_key keys[20];
    put_range(1, 20, 1, keys);
    cache_close(c);
    c = NULL;
    corrupt_record(&keys[0], 0);  /* magic */
    corrupt_record(&keys[7], 20); /* a length */
    corrupt_record(&keys[9], 60); /* payload: checksum */
    open_cache(0, 0, 0);
    cache_verify_result v;
    cr_assert_eq(cache_verify(c, 0, &v), 0);
    cr_assert_eq(v.good, 17);
    cr_assert_eq(v.bad, 3);
    cr_assert_eq(cache_verify(c, CACHE_VERIFY_REPAIR, &v), 0);
    cr_assert_eq(v.bad, 3);
    cr_assert_eq(stats().blocks, 17);
    cr_assert_eq(stats().corrupt_dropped, 3);
    assert_verifies_clean();
}

Test(store, export_import) {
    open_cache(0, 0, 0);
    cache_key keys[60];
    put_range(1, 60, 3, keys);
    cache_image_id img = tu_image(9);
    cache_warm_entry e[60];
    for (int i = 0; i < 60; i++)
        e[i] = (cache_warm_entry){(uint64_t)i * 8, keys[i]};
    cr_assert_eq(cache_warm_add(c, &img, e, 60, NULL), 0);

    char *exp = tu_mkdtemp();
    char path[512];
    snprintf(path, sizeof path, "%s/copy", exp);
    cr_assert_eq(cache_export(c, path), 0);
    cr_assert_eq(cache_export(c, path), -EEXIST);
    cache_close(c);
    c = NULL;
    tu_rmtree(dir);
    dir = tu_mkdtemp();

    open_cache(0, 0, 0);
    put_range(1, 10, 3, NULL); /* overlap: counted as present */
    cache_import_result r;
    cr_assert_eq(cache_import(c, path, &r), 0);
    cr_assert_eq(r.imported, 50);
    cr_assert_eq(r.present, 10);
    cr_assert_eq(r.bad, 0);
    cr_assert_eq(r.warm_added, 60);
    cache_warm_set *ws;
    cr_assert_eq(cache_warm_get(c, &img, 3, 0, &ws), 0);
    cr_assert_eq(ws->count, 60);
    cache_warm_set_free(ws);
    assert_verifies_clean();
    cr_assert_eq(cache_import(c, dir, &r), -EINVAL, "importing itself");
    tu_rmtree(exp);
}

Test(store, import_skips_bad_records) {
    open_cache(0, 0, 0);
    cache_key keys[8];
    put_range(1, 8, 3, keys);
    cache_close(c);
    c = NULL;
    corrupt_record(&keys[4], 70);
    char *other = dir;
    dir = tu_mkdtemp();
    open_cache(0, 0, 0);
    cache_import_result r;
    cr_assert_eq(cache_import(c, other, &r), 0);
    cr_assert_eq(r.imported, 7);
    cr_assert_eq(r.bad, 1);
    assert_verifies_clean();
    tu_rmtree(other);
}

Test(store, flush_all_and_image) {
    open_cache(0, 0, 0);
    cache_key keys[20];
    put_range(1, 20, 1, keys);
    cache_image_id img = tu_image(3);
    cache_warm_entry e[5];
    for (int i = 0; i < 5; i++)
        e[i] = (cache_warm_entry){(uint64_t)i, keys[i]};
    cr_assert_eq(cache_warm_add(c, &img, e, 5, NULL), 0);
    uint64_t removed;
    cr_assert_eq(cache_flush_image(c, &img, &removed), 0);
    cr_assert_eq(removed, 5);
    cache_stats s = stats();
    cr_assert_eq(s.blocks, 15);
    cr_assert_eq(s.warm_entries, 0);
    assert_verifies_clean();
    cr_assert_eq(cache_flush_all(c), 0);
    s = stats();
    cr_assert_eq(s.blocks, 0);
    cr_assert_eq(s.bytes, 0);
    cr_assert_eq(s.inserts, 20, "counters survive a flush");
    assert_verifies_clean();
}

static void set_meta_format(uint64_t fmt) {
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    cr_assert_eq(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 8);
    cr_assert_eq(mdb_env_open(env, dir, 0, 0600), 0);
    cr_assert_eq(mdb_txn_begin(env, NULL, 0, &txn), 0);
    cr_assert_eq(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
    uint8_t v8[8] = {(uint8_t)fmt};
    MDB_val k = {6, "format"}, v = {8, v8};
    cr_assert_eq(mdb_put(txn, dbi, &k, &v, 0), 0);
    cr_assert_eq(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
}

Test(store, other_format_refused_or_reset) {
    open_cache(0, 0, 0);
    put_range(1, 5, 1, NULL);
    cache_close(c);
    c = NULL;
    set_meta_format(99);
    cache_options o = {0};
    cr_assert_eq(cache_open(&c, dir, &o), CACHE_EVERSION);
    c = NULL;
    open_cache(0, 0, CACHE_OPEN_RESET);
    cr_assert_eq(stats().blocks, 0);
    cr_assert_eq(stats().format_version, CACHE_FORMAT_VERSION);
}

Test(store, read_only_handle) {
    open_cache(0, 0, 0);
    cache_key keys[3];
    put_range(1, 3, 1, keys);
    cache_close(c);
    c = NULL;
    open_cache(0, 0, CACHE_OPEN_RDONLY);
    void *rec;
    size_t len;
    cr_assert_eq(cache_get(c, &keys[0], &rec, &len), 0);
    free(rec);
    cr_assert_eq(cache_commit_pending(c), CACHE_ERDONLY);
    tu_blockbuf bb;
    cr_assert_eq(cache_put_blocks(c, tu_block(&bb, 9, 1, 0), 1, NULL), CACHE_ERDONLY);
    cache_close(c);
    c = NULL;
    cache_options o = {.flags = CACHE_OPEN_RDONLY};
    cr_assert_eq(cache_open(&c, "/nonexistent/emucache", &o), -ENOENT);
}

typedef struct reader_arg {
    const cache_key *keys;
    size_t n;
    cache_rtxn *t;
    size_t hits;
} reader_arg;

static void *reader(void *p) {
    reader_arg *a = p;
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < a->n; i++) {
            cache_record r;
            if (cache_rtxn_get(a->t, &a->keys[i], &r) == 0 && r.guest_len > 0) a->hits++;
        }
        cache_rtxn_reset(a->t);
        if (cache_rtxn_renew(a->t) != 0) break;
    }
    return NULL;
}

Test(store, read_transactions_from_a_pool) {
    open_cache(0, 0, 0);
    cache_key keys[200];
    put_range(1, 200, 1, keys);
    pthread_t th[4];
    reader_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (reader_arg){keys, 200, NULL, 0};
        /* Begun here, used there: MDB_NOTLS makes that legal. */
        cr_assert_eq(cache_rtxn_begin(c, &args[i].t), 0);
        pthread_create(&th[i], NULL, reader, &args[i]);
    }
    for (uint64_t i = 0; i < 20; i++)
        put_range(10000 + i * 20, 20, 1, NULL);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        cache_rtxn_end(args[i].t);
        cr_assert_eq(args[i].hits, 200 * 20);
    }
    cr_assert_eq(stats().hits, 4 * 200 * 20);
    cr_assert_eq(stats().blocks, 600);
    assert_verifies_clean();
}

typedef struct worker_arg {
    uint64_t base;
    size_t gets;
} worker_arg;

static void *put_then_get(void *p) {
    worker_arg *a = p;
    for (uint64_t batch = 0; batch < 20; batch++) {
        tu_blockbuf bb[10];
        cache_block blocks[10];
        cache_key keys[10];
        for (int i = 0; i < 10; i++)
            blocks[i] = *tu_block(&bb[i], a->base + batch * 10 + (uint64_t)i, 1, 0);
        if (cache_put_blocks(c, blocks, 10, keys) != 0) return NULL;
        for (int i = 0; i < 10; i++) {
            void *rec;
            size_t len;
            if (cache_get(c, &keys[i], &rec, &len) == 0) {
                a->gets++;
                free(rec);
            }
        }
    }
    return NULL;
}

Test(store, concurrent_writers_keep_counters_exact) {
    open_cache(0, 0, 0);
    pthread_t th[3];
    worker_arg args[3];
    for (int i = 0; i < 3; i++) {
        args[i] = (worker_arg){(uint64_t)i * 100000 + 1, 0};
        pthread_create(&th[i], NULL, put_then_get, &args[i]);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(th[i], NULL);
        cr_assert_eq(args[i].gets, 200);
    }
    cr_assert_eq(cache_commit_pending(c), 0);
    cache_stats s = stats();
    cr_assert_eq(s.inserts, 600);
    cr_assert_eq(s.blocks, 600);
    cr_assert_eq(s.hits, 600);
    cr_assert_eq(s.misses, 0);
    assert_verifies_clean();
}
