/* xlat.h — emud's translation pool: threads that translate submitted guest bytes themselves
 * (a client never places host code in the cache), store the records in batched transactions,
 * and add the blocks to their images' warm sets. */
#ifndef EMUD_XLAT_H
#define EMUD_XLAT_H

#include "emucache.h"
#include "emujit.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* One submitted block. guest[] is word-aligned, as the translator reads it. */
typedef struct xlat_job {
    struct xlat_job *next;
    cache_image_id image;
    uint64_t offset;
    uint32_t pc_bits;
    uint32_t key_flags; /* of the stored record: the cache namespace (server.h SRV_NS_SHIFT) */
    uint32_t guest_len;
    uint32_t guest[];
} xlat_job;

typedef struct xlat_pool xlat_pool;

typedef struct xlat_stats {
    uint64_t accepted, dropped_full, dropped_stop; /* jobs */
    uint64_t translated, failed, store_errors;     /* blocks */
    uint64_t known; /* blocks submitted again: the cache held them, only warm entries added */
    uint64_t batches, warm_added;
    uint64_t translate_ns; /* total time spent in the translator */
    uint64_t queued;       /* waiting now */
} xlat_stats;

/* A job for guest_len bytes (a multiple of 4); NULL without memory. Free with free(). */
xlat_job *xlat_job_new(const cache_image_id *image, uint64_t offset, uint32_t pc_bits,
                       const void *guest, uint32_t guest_len);

/* Start nthreads workers; at most max_jobs jobs and max_bytes guest bytes wait. */
int xlat_start(xlat_pool **out, cache_t *cache, jit_t *jit, unsigned nthreads, size_t max_jobs,
               size_t max_bytes);

/* Queue a job (the pool takes it) or -EAGAIN when full (the caller keeps it). Never blocks
 * for long: the queue lock is only held to link a job. */
int xlat_submit(xlat_pool *p, xlat_job *job);

/* Wait until nothing is queued or being translated (tests, flush ordering). */
void xlat_wait_idle(xlat_pool *p);

/* Workers finish the batch they hold; what is still queued is dropped (counted). Frees p. */
void xlat_stop(xlat_pool *p);

void xlat_get_stats(xlat_pool *p, xlat_stats *out);

#endif
