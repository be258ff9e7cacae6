/* xlat.c — the translation pool: worker threads take batches of submitted blocks, translate
 * them at a PC with the submitted low 12 bits, and store each batch in one transaction. */
#include "xlat.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XLAT_BATCH 64
#define XLAT_BASE  0x10000000ull /* any page-aligned PC: only the low 12 bits are baked in */

struct xlat_pool {
    cache_t *cache;
    jit_t *jit;
    uint64_t abi_id;
    pthread_mutex_t mu;
    pthread_cond_t cv, idle;
    xlat_job *head, *tail;
    size_t njobs, max_jobs;
    size_t bytes, max_bytes; /* guest bytes waiting: a job may hold 64 KiB */
    unsigned busy;
    bool stop;
    pthread_t *thr;
    unsigned nthr;
    _Atomic uint64_t accepted, dropped_full, dropped_stop, translated, failed, store_errors,
        batches, warm_added, translate_ns, known;
};

xlat_job *xlat_job_new(const cache_image_id *image, uint64_t offset, uint32_t pc_bits,
                       const void *guest, uint32_t guest_len) {
    xlat_job *j = malloc(sizeof *j + guest_len);
    if (!j) return NULL;
    j->next = NULL;
    j->image = *image;
    j->offset = offset;
    j->pc_bits = pc_bits;
    j->key_flags = 0;
    j->guest_len = guest_len;
    memcpy(j->guest, guest, guest_len);
    return j;
}

static uint64_t mono_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

typedef struct warm_pending {
    cache_image_id image;
    cache_warm_entry e;
} warm_pending;

static int cmp_warm(const void *a, const void *b) {
    return memcmp(&((const warm_pending *)a)->image, &((const warm_pending *)b)->image,
                  sizeof(cache_image_id));
}

/* Warm entries go in after their blocks, one transaction per image. */
static void add_warm(xlat_pool *p, warm_pending *w, size_t n) {
    qsort(w, n, sizeof *w, cmp_warm);
    cache_warm_entry e[XLAT_BATCH];
    for (size_t i = 0; i < n;) {
        size_t m = 0, j = i;
        for (; j < n && !memcmp(&w[j].image, &w[i].image, sizeof w[i].image); j++)
            e[m++] = w[j].e;
        size_t added = 0;
        if (cache_warm_add(p->cache, &w[i].image, e, m, &added) == 0)
            atomic_fetch_add(&p->warm_added, added);
        else
            atomic_fetch_add(&p->store_errors, m);
        i = j;
    }
}

/* Blocks the cache already holds (many processes submit the same blocks when their warm sets
 * lagged or were cut short) are not translated again: only their warm entries are new. The
 * jobs left to translate are moved to the front; returns how many. */
static size_t drop_known(xlat_pool *p, xlat_job **jobs, size_t n) {
    cache_rtxn *t;
    if (cache_rtxn_begin(p->cache, &t)) return n;
    warm_pending known[XLAT_BATCH];
    size_t left = 0, nk = 0;
    for (size_t i = 0; i < n; i++) {
        xlat_job *j = jobs[i];
        cache_key_ctx kctx = {.abi_id = p->abi_id, .pc_bits = j->pc_bits, .flags = j->key_flags};
        cache_record rec;
        warm_pending *w = &known[nk];
        if (cache_key_compute(j->guest, j->guest_len, &kctx, &w->e.key) == 0 &&
            cache_rtxn_get(t, &w->e.key, &rec) == 0) {
            w->image = j->image;
            w->e.offset = j->offset;
            nk++;
            free(j);
        } else {
            jobs[left++] = j;
        }
    }
    cache_rtxn_end(t);
    if (nk) {
        atomic_fetch_add(&p->known, nk);
        add_warm(p, known, nk);
    }
    return left;
}

static void process(xlat_pool *p, xlat_job **jobs, size_t n) {
    cache_block blocks[XLAT_BATCH];
    cache_key keys[XLAT_BATCH];
    void *blobs[XLAT_BATCH];
    warm_pending warm[XLAT_BATCH];
    size_t k = 0;
    n = drop_known(p, jobs, n);
    for (size_t i = 0; i < n; i++) {
        xlat_job *j = jobs[i];
        void *blob = NULL;
        size_t blen = 0;
        uint32_t glen = 0;
        uint64_t t0 = mono_ns();
        int r = jit_translate_blob(p->jit, XLAT_BASE | j->pc_bits, j->guest,
                                   (int)(j->guest_len / 4), &blob, &blen, &glen);
        atomic_fetch_add(&p->translate_ns, mono_ns() - t0);
        if (r || !glen || glen > j->guest_len || !blen || blen > CACHE_MAX_HOST_LEN) {
            free(blob);
            atomic_fetch_add(&p->failed, 1);
            continue;
        }
        blobs[k] = blob;
        blocks[k] = (cache_block){
            .ctx = {.abi_id = p->abi_id, .pc_bits = j->pc_bits, .flags = j->key_flags},
            .guest = j->guest,
            .guest_len = glen,
            .host = blob,
            .host_len = (uint32_t)blen};
        warm[k].image = j->image;
        warm[k].e.offset = j->offset;
        k++;
    }
    if (k) {
        if (cache_put_blocks(p->cache, blocks, k, keys) == 0) {
            atomic_fetch_add(&p->translated, k);
            for (size_t i = 0; i < k; i++)
                warm[i].e.key = keys[i];
            add_warm(p, warm, k);
        } else {
            atomic_fetch_add(&p->store_errors, k);
        }
        atomic_fetch_add(&p->batches, 1);
    }
    for (size_t i = 0; i < k; i++)
        free(blobs[i]);
    for (size_t i = 0; i < n; i++)
        free(jobs[i]);
}

static void *worker(void *arg) {
    xlat_pool *p = arg;
    xlat_job *batch[XLAT_BATCH];
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && !p->head)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop) break;
        size_t n = 0;
        while (n < XLAT_BATCH && p->head) {
            batch[n++] = p->head;
            p->head = p->head->next;
        }
        if (!p->head) p->tail = NULL;
        p->njobs -= n;
        for (size_t i = 0; i < n; i++)
            p->bytes -= batch[i]->guest_len;
        p->busy++;
        pthread_mutex_unlock(&p->mu);
        process(p, batch, n);
        pthread_mutex_lock(&p->mu);
        p->busy--;
        if (!p->busy && !p->head) pthread_cond_broadcast(&p->idle);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int xlat_start(xlat_pool **out, cache_t *cache, jit_t *jit, unsigned nthreads, size_t max_jobs,
               size_t max_bytes) {
    if (!nthreads || !max_jobs || !max_bytes) return -EINVAL;
    xlat_pool *p = calloc(1, sizeof *p);
    if (!p) return -ENOMEM;
    p->cache = cache;
    p->jit = jit;
    p->abi_id = jit_abi_id();
    p->max_jobs = max_jobs;
    p->max_bytes = max_bytes;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    pthread_cond_init(&p->idle, NULL);
    p->thr = calloc(nthreads, sizeof *p->thr);
    if (!p->thr) {
        xlat_stop(p);
        return -ENOMEM;
    }
    for (; p->nthr < nthreads; p->nthr++)
        if (pthread_create(&p->thr[p->nthr], NULL, worker, p)) break;
    if (!p->nthr) {
        xlat_stop(p);
        return -EAGAIN;
    }
    *out = p;
    return 0;
}

int xlat_submit(xlat_pool *p, xlat_job *job) {
    pthread_mutex_lock(&p->mu);
    if (p->stop || p->njobs >= p->max_jobs || job->guest_len > p->max_bytes - p->bytes) {
        pthread_mutex_unlock(&p->mu);
        atomic_fetch_add(&p->dropped_full, 1);
        return -EAGAIN;
    }
    job->next = NULL;
    if (p->tail)
        p->tail->next = job;
    else
        p->head = job;
    p->tail = job;
    p->njobs++;
    p->bytes += job->guest_len;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    atomic_fetch_add(&p->accepted, 1);
    return 0;
}

void xlat_wait_idle(xlat_pool *p) {
    pthread_mutex_lock(&p->mu);
    while (p->head || p->busy)
        pthread_cond_wait(&p->idle, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

void xlat_stop(xlat_pool *p) {
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < p->nthr; i++)
        pthread_join(p->thr[i], NULL);
    for (xlat_job *j = p->head, *n; j; j = n) {
        n = j->next;
        free(j);
        atomic_fetch_add(&p->dropped_stop, 1);
    }
    free(p->thr);
    pthread_cond_destroy(&p->idle);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

void xlat_get_stats(xlat_pool *p, xlat_stats *out) {
    pthread_mutex_lock(&p->mu);
    out->queued = p->njobs;
    pthread_mutex_unlock(&p->mu);
    out->accepted = atomic_load(&p->accepted);
    out->dropped_full = atomic_load(&p->dropped_full);
    out->dropped_stop = atomic_load(&p->dropped_stop);
    out->translated = atomic_load(&p->translated);
    out->failed = atomic_load(&p->failed);
    out->store_errors = atomic_load(&p->store_errors);
    out->batches = atomic_load(&p->batches);
    out->warm_added = atomic_load(&p->warm_added);
    out->translate_ns = atomic_load(&p->translate_ns);
    out->known = atomic_load(&p->known);
}
