/* emucache.h — the public contract of libemucache: block keys, the versioned block record,
 * and the persistent LMDB translation cache (blocks, warm sets, LRU eviction, maintenance).
 *
 * @par Errors
 * Every function that can fail returns 0 or a negative code and writes results through
 * out-parameters. Codes are negative errno values (-ENOMEM, -EINVAL, -EIO, ...), the CACHE_E*
 * codes below, or an LMDB MDB_* code passed through unchanged (they are negative too).
 * cache_strerror() describes any of them. On error, out-parameters are left untouched unless
 * a function says otherwise.
 *
 * @par Threading
 * A cache_t may be used from any number of threads at once: every call is thread-safe.
 * Writes are serialised (LMDB allows one write transaction at a time); reads never block
 * writes. The environment is opened with MDB_NOTLS, so a cache_rtxn is not tied to the thread
 * that began it and may be handed to a worker pool — but one cache_rtxn must be used by one
 * thread at a time. Several processes may open the same directory (LMDB locking); the
 * intended deployment is one writer process (emud), and maintenance tools.
 *
 * @par Record functions without a store
 * cache_key_compute, cache_image_hash and the cache_record_* functions touch no LMDB state:
 * a static client (emu-exec) links them to verify blocks that arrive over the socket.
 */
#ifndef EMUCACHE_H
#define EMUCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------------------------------- */
/* Error codes (besides -errno and MDB_*).                                                  */

#define CACHE_ENOTFOUND (-4101) /* no such block / image: a miss */
#define CACHE_EMAGIC    (-4102) /* record: not a block record (bad magic) */
#define CACHE_EVERSION  (-4103) /* record or store: format version not supported */
#define CACHE_ELENGTH   (-4104) /* record: lengths out of bounds or not adding up */
#define CACHE_ECHECKSUM (-4105) /* record: checksum mismatch */
#define CACHE_EFIELD    (-4106) /* record: reserved field set, relocation outside host code */
#define CACHE_EKEY      (-4107) /* record: does not hash to the key it was found under */
#define CACHE_EFULL     (-4108) /* store: map full even after evicting */
#define CACHE_ERDONLY   (-4109) /* store: opened read-only */

/* Text for any code this module returns (static storage, never NULL). */
const char *cache_strerror(int err);

/* True for the codes that mean "this record is damaged" (drop it, translate again). */
bool cache_err_is_corrupt(int err);

/* ---------------------------------------------------------------------------------------- */
/* Keys.                                                                                    */

/* 16-byte XXH3-128 digests, stored in canonical (big-endian) byte order. */
typedef struct cache_key {
    uint8_t b[16];
} cache_key;
typedef struct cache_image_id {
    uint8_t b[16];
} cache_image_id;

/* Everything besides the guest bytes that a translation depends on. Part of the key, and
 * stored in the record so that a receiver can recompute the key from the record alone. */
typedef struct cache_key_ctx {
    uint64_t abi_id;  /* translator ABI id (jit_abi_id()) */
    uint32_t pc_bits; /* guest-PC bits the code bakes in (e.g. pc & 0xfff), 0 if none */
    uint32_t flags;   /* translator flags that change the code, and a cache namespace */
} cache_key_ctx;

/* cache_key_ctx.flags: bits 0..7 are the translator's; bits 8..31 name the cache namespace emud
 * stored the block in (an isolated jail's; 0 = the shared one), which changes the key only. */
#define CACHE_KEY_XLAT_FLAGS 0xffu
#define CACHE_KEY_NS_SHIFT   8

/* key = XXH3-128(guest bytes || serialised ctx). Never fails for len <= CACHE_MAX_GUEST_LEN;
 * returns -EINVAL for NULL pointers or a bad length. */
int cache_key_compute(const void *guest, size_t len, const cache_key_ctx *ctx, cache_key *out);

/* Image identity: XXH3-128 of a mapped file's whole contents (domain-separated from keys). */
int cache_image_hash(const void *data, size_t len, cache_image_id *out);

/* ---------------------------------------------------------------------------------------- */
/* Block records: the value format.
 *
 * Little-endian, no padding:
 *   header (CACHE_RECORD_HEADER_LEN = 48 bytes)
 *     u32 magic "EMUB"   u16 version   u16 header length (48)
 *     u64 translator abi id
 *     u32 guest length   u32 host code length   u32 relocation count
 *     u32 pc_bits        u32 key flags          u32 reserved (0)
 *     u64 checksum = XXH3-64 of every byte after the header
 *   host code bytes
 *   relocations, 16 bytes each: u32 offset in host code, u16 kind, u16 pad (0), i64 addend
 *   guest instruction bytes
 * A record is valid only if its total length is exactly the sum of these parts. The meaning
 * of relocation kinds belongs to the translator; the cache only checks offset < host length. */

#define CACHE_RECORD_MAGIC      0x42554d45u /* "EMUB" */
#define CACHE_RECORD_VERSION    1
#define CACHE_RECORD_HEADER_LEN 48
#define CACHE_RELOC_LEN         16
#define CACHE_MAX_GUEST_LEN     65536u
#define CACHE_MAX_HOST_LEN      (1u << 20)
#define CACHE_MAX_RELOCS        65536u

typedef struct cache_reloc {
    uint32_t offset; /* in host code */
    uint16_t kind;   /* translator-defined */
    uint16_t pad;    /* must be 0 */
    int64_t addend;
} cache_reloc;

/* A block to store. All pointers are borrowed for the duration of the call. */
typedef struct cache_block {
    cache_key_ctx ctx;
    const void *guest;
    uint32_t guest_len;
    const void *host;
    uint32_t host_len;
    const cache_reloc *relocs;
    uint32_t nrelocs;
} cache_block;

/* A decoded record: a view into the bytes it was decoded from (no copy, no allocation);
 * valid as long as those bytes are. Relocations are read with cache_record_reloc(). */
typedef struct cache_record {
    cache_key_ctx ctx;
    const uint8_t *host;
    uint32_t host_len;
    const uint8_t *relocs_raw; /* nrelocs * CACHE_RELOC_LEN little-endian bytes, unaligned */
    uint32_t nrelocs;
    const uint8_t *guest;
    uint32_t guest_len;
    const uint8_t *raw; /* the whole record */
    size_t raw_len;
} cache_record;

/* Encoded size of b, or CACHE_ELENGTH / -EINVAL. */
int cache_record_size(const cache_block *b, size_t *out);

/* Encode b into buf[0..cap). Writes the length used to *out_len. -ENOBUFS if cap is short. */
int cache_record_encode(const cache_block *b, void *buf, size_t cap, size_t *out_len);

/* Strictly decode buf[0..len): magic, version, header length, every length against the limits
 * and against len, checksum, reserved/pad fields, relocation offsets. Never reads outside
 * buf. Returns 0 or one of the record error codes (cache_err_is_corrupt() is true for all). */
int cache_record_decode(const void *buf, size_t len, cache_record *out);

/* Decode and also check that the record hashes to key (CACHE_EKEY otherwise). This is the
 * check a client makes before running a block it received. */
int cache_record_decode_keyed(const void *buf, size_t len, const cache_key *key, cache_record *out);

/* Relocation i of a decoded record (i < nrelocs, else -EINVAL). */
int cache_record_reloc(const cache_record *r, uint32_t i, cache_reloc *out);

/* ---------------------------------------------------------------------------------------- */
/* The store.
 *
 * On disk: one LMDB environment in a directory (data.mdb, lock.mdb) with named databases:
 *   "blocks"  cache_key -> block record
 *   "warm"    cache_image_id -> sorted duplicates of 24 bytes: u64 offset (big-endian) + key
 *   "meta"    text name -> u64 little-endian: "format", "clock", "bytes", "hits", "misses",
 *             "inserts", "evictions", "corrupt_dropped", and "abi/<16 hex>" (blocks inserted
 *             by that translator ABI)
 *   "lru"     u64 stamp (big-endian) -> sorted duplicates of cache_key
 *   "stamps"  cache_key -> u64 stamp: where the key sits in "lru"
 *
 * @par Size bound and eviction
 * "bytes" is the sum of the stored record lengths. Each write transaction takes a new stamp
 * from "clock"; blocks it inserts get that stamp. Hits (cache_get, cache_rtxn_get,
 * cache_warm_get) happen in read transactions, which cannot write, so the touched keys are
 * queued in memory (bounded: past CACHE_PENDING_MAX the extra touches are dropped, making the
 * order approximate, never wrong) and moved to a new stamp by the next write transaction
 * (any put/add, or cache_commit_pending, which a server calls on a timer). When a write
 * transaction leaves "bytes" above the limit it deletes blocks from the lowest stamps up until
 * "bytes" is at most 7/8 of the limit, in the same transaction, so the bound and the indexes
 * can never disagree after a crash. The file itself (B-tree pages, partly filled pages,
 * copy-on-write) is bounded by the map size: LMDB cannot even delete in a full map, so when a
 * write transaction leaves more than 5/8 of the map in live pages, LRU blocks are evicted in
 * small transactions of their own (a big delete needs as many free pages as it frees) until
 * it is below; the fraction drops, down to 2/8, each time the map fills anyway. With the
 * default map that only happens when records are small and many. Long-lived read transactions pin
 * freed pages; keep them short. Warm entries whose block is gone are skipped by readers and pruned
 * lazily (queued, removed by the next write transaction). If LMDB still reports the map full, the
 * batch is aborted, room is made that way and the batch retried, up to 4 times; then CACHE_EFULL.
 *
 * @par Corrupt records
 * A read that finds a record failing cache_record_decode_keyed reports a miss
 * (CACHE_ENOTFOUND), counts "corrupt_dropped" and queues the key for deletion.
 *
 * @par Durability
 * Every write is one LMDB transaction: a crash (process or host) loses at most the batch in
 * flight, never corrupts. Counters (hits, misses) and touches live in memory until the next
 * write transaction; cache_close commits them. CACHE_OPEN_NOSYNC trades host-crash
 * durability of the last transactions for speed (process crashes stay safe). */

typedef struct cache cache_t;
typedef struct cache_rtxn cache_rtxn;

#define CACHE_FORMAT_VERSION 1
#define CACHE_PENDING_MAX    65536  /* queued touches / drops / prunes per handle */
#define CACHE_WARM_MAX       262144 /* entries kept per image; further adds are ignored */

enum cache_open_flags {
    CACHE_OPEN_RDONLY = 1 << 0, /* no writes; pending queues are discarded */
    CACHE_OPEN_NOSYNC = 1 << 1, /* MDB_NOSYNC */
    CACHE_OPEN_RESET = 1 << 2,  /* a store of another format version is emptied, not refused */
};

typedef struct cache_options {
    uint64_t size_limit;  /* bytes of records before eviction; 0 = no limit */
    uint64_t map_size;    /* LMDB map size = most disk used; 0 = 3 * size_limit + 64 MiB
                             (4 GiB without a limit) */
    unsigned max_readers; /* concurrent read transactions; 0 = 126 */
    unsigned flags;       /* cache_open_flags */
} cache_options;

/* Open (creating dir with mode 0700 and the store if needed). opt may be NULL for defaults.
 * A store written with another format version gives CACHE_EVERSION unless CACHE_OPEN_RESET.
 * The handle is owned by the caller: close it with cache_close. */
int cache_open(cache_t **out, const char *dir, const cache_options *opt);

/* Commit pending counters, touches, drops (best effort), close, free. NULL is a no-op.
 * No cache_rtxn of this handle may be alive. */
void cache_close(cache_t *c);

/* Write the in-memory pending state (counters, LRU touches, corrupt drops, warm prunes) in
 * one write transaction; also evicts if over the limit. */
int cache_commit_pending(cache_t *c);

/* Store n blocks in one transaction (n == 0 is a no-op). Each block's key is computed here
 * from its guest bytes and ctx, so a record can never sit under a key it does not hash to;
 * keys_out (may be NULL) receives them. A key already present with a valid record is kept and
 * only touched. Nothing is stored if any block is invalid (-EINVAL / CACHE_ELENGTH). */
int cache_put_blocks(cache_t *c, const cache_block *blocks, size_t n, cache_key *keys_out);

/* Look a key up and return a malloc'ed copy of its record (free() it). CACHE_ENOTFOUND on a
 * miss, including a record dropped as corrupt. The copy has been verified against key. */
int cache_get(cache_t *c, const cache_key *key, void **rec_out, size_t *len_out);

/* Read transactions for workers that look up many keys with no copying. */
int cache_rtxn_begin(cache_t *c, cache_rtxn **out);
/* rec points into the map: valid until cache_rtxn_reset/cache_rtxn_end. Verified as
 * cache_get does; counts hits/misses. */
int cache_rtxn_get(cache_rtxn *t, const cache_key *key, cache_record *rec);
void cache_rtxn_reset(cache_rtxn *t); /* release the snapshot, keep the slot */
int cache_rtxn_renew(cache_rtxn *t);  /* take a fresh snapshot after a reset */
void cache_rtxn_end(cache_rtxn *t);   /* NULL is a no-op */

/* ---------------------------------------------------------------------------------------- */
/* Warm sets: per image, the blocks earlier processes executed in it.                        */

typedef struct cache_warm_entry {
    uint64_t offset; /* of the block's first instruction in the image */
    cache_key key;
} cache_warm_entry;

/* Append n entries (deduplicated) in one transaction. Entries whose block is not in the
 * store are skipped (so add after cache_put_blocks). *added (may be NULL) = entries new to
 * the set. An image already holding CACHE_WARM_MAX entries takes no more. */
int cache_warm_add(cache_t *c, const cache_image_id *image, const cache_warm_entry *entries,
                   size_t n, size_t *added);

typedef struct cache_warm_item {
    uint64_t offset;
    cache_key key;
    const uint8_t *record; /* verified against key; points into the set's own memory */
    size_t record_len;
} cache_warm_item;

typedef struct cache_warm_set {
    cache_warm_item *items; /* sorted by offset */
    size_t count;
    size_t skipped; /* entries without a (valid) block, or of another ABI */
    bool truncated; /* max_bytes was reached: the remaining entries were left out */
    void *storage_; /* private */
} cache_warm_set;

/* The warm set of image with the records of its blocks, read in one read transaction.
 * abi_id != 0 keeps only records of that translator ABI. Record bytes are capped at
 * max_bytes (0 = no cap). An unknown image gives an empty set (not an error). The set is
 * owned by the caller: free it with cache_warm_set_free. Counts hits; touches the blocks. */
int cache_warm_get(cache_t *c, const cache_image_id *image, uint64_t abi_id, size_t max_bytes,
                   cache_warm_set **out);
void cache_warm_set_free(cache_warm_set *s);

/* The bare (offset, key) list of image: malloc'ed array (free()), *n entries; an unknown
 * image gives *out = NULL, *n = 0. */
int cache_warm_list(cache_t *c, const cache_image_id *image, cache_warm_entry **out, size_t *n);

/* Every image with a warm set and its number of entries, in one read transaction; fn returns
 * non-zero to stop. */
typedef int (*cache_image_fn)(void *arg, const cache_image_id *image, size_t count);
int cache_warm_images(cache_t *c, cache_image_fn fn, void *arg);

/* ---------------------------------------------------------------------------------------- */
/* Warm packs: one image's warm set as an immutable file (header, index sorted by offset,
 * records) that emud writes into a directory its clients can read, and clients map read-only.
 * A client trusts a pack only if it belongs to root (or to itself) and nobody may write it;
 * every record is still checked like one that came over the socket, and every block against
 * the guest's bytes before it runs. No LMDB: emu-exec links these. */

#define CACHE_PACK_NAME_LEN 56 /* 32 hex digits of the image, '-', 16 of the ABI, ".pack" */
typedef struct cache_pack cache_pack;

/* The file name of image's pack for a translator ABI. */
void cache_pack_name(const cache_image_id *image, uint64_t abi_id, char out[CACHE_PACK_NAME_LEN]);

/* Write set's records whose key flags equal key_flags as image's pack in dir (atomically:
 * a temporary file renamed over the old pack; mode 0444). *written = file size (may be NULL).
 * -ENODATA (and no pack of image left in dir) when no record has those key flags. */
int cache_pack_write(const char *dir, const cache_image_id *image, uint64_t abi_id,
                     const cache_warm_set *set, uint32_t key_flags, size_t *written);

/* Remove image's pack from dir; a missing pack is not an error. */
int cache_pack_remove(const char *dir, const cache_image_id *image, uint64_t abi_id);

/* Map image's pack from dir after checking owner, mode, header and index: 0, -ENOENT,
 * -EPERM (wrong owner or writable), CACHE_EMAGIC/EVERSION/EKEY/ELENGTH. */
int cache_pack_open(const char *dir, const cache_image_id *image, uint64_t abi_id,
                    cache_pack **out);
/* The same from an open pack file (emud hands them to guests that cannot see the directory);
 * fd is closed in every case. */
int cache_pack_open_fd(int fd, const cache_image_id *image, uint64_t abi_id, cache_pack **out);

/* Entries in the pack. */
uint32_t cache_pack_count(const cache_pack *pk);

/* The record of the block at image offset (pointing into the mapping): 0, CACHE_ENOTFOUND, or
 * CACHE_ELENGTH for an index entry that points outside the records (a damaged pack). */
int cache_pack_find(const cache_pack *pk, uint64_t offset, const uint8_t **record, size_t *len);

void cache_pack_close(cache_pack *pk);

/* ---------------------------------------------------------------------------------------- */
/* Maintenance and statistics.                                                               */

typedef struct cache_stats {
    /* persisted + pending; hits/misses may lag for the moment a write commits them */
    uint64_t hits, misses, inserts, evictions, corrupt_dropped;
    uint64_t bytes;        /* sum of record lengths */
    uint64_t blocks;       /* records stored */
    uint64_t warm_images;  /* images with a warm set */
    uint64_t warm_entries; /* all warm entries */
    uint64_t size_limit, map_size;
    uint64_t file_bytes; /* pages in use * page size */
    uint32_t format_version;
    uint32_t abi_count; /* distinct translator ABI ids that inserted blocks */
} cache_stats;

int cache_get_stats(cache_t *c, cache_stats *out);

/* Translator ABI ids seen, with their insert counts; up to cap entries, *n = total number. */
int cache_abi_list(cache_t *c, uint64_t *ids, uint64_t *counts, size_t cap, size_t *n);

typedef struct cache_verify_result {
    uint64_t good, bad;      /* records */
    uint64_t warm_dangling;  /* warm entries whose block is missing */
    uint64_t index_errors;   /* blocks without a stamp, stale stamps, lru/stamp mismatch */
    uint64_t bytes_recorded; /* "bytes" in meta */
    uint64_t bytes_actual;   /* sum of all record lengths */
} cache_verify_result;

enum cache_verify_flags {
    CACHE_VERIFY_REPAIR = 1 << 0, /* delete bad records, prune dangling warm entries, rebuild
                                     the LRU index entries and "bytes" where they disagree */
};

/* Check every record (and the indexes) in one transaction. */
int cache_verify(cache_t *c, unsigned flags, cache_verify_result *out);

/* Compacting copy of the whole store into directory path (created; must not hold a
 * data.mdb). Pending state is committed first. */
int cache_export(cache_t *c, const char *path);

typedef struct cache_import_result {
    uint64_t imported, present, bad, warm_added;
} cache_import_result;

/* Merge the valid records and warm entries of the store in directory path into c (batches
 * of transactions; the other store is opened read-only and may be live). Records that fail
 * verification are counted in bad and skipped. out may be NULL. */
int cache_import(cache_t *c, const char *path, cache_import_result *out);

/* Delete every block, warm set and LRU entry (counters are kept; "bytes" becomes 0). */
int cache_flush_all(cache_t *c);

/* Delete image's warm set and the blocks it lists (blocks shared with other images go too:
 * those images' entries are pruned lazily). *removed (may be NULL) = blocks deleted. */
int cache_flush_image(cache_t *c, const cache_image_id *image, uint64_t *removed);

#endif
