/* bg.c — the background thread of a client: dials when emud was absent, adopts again after a
 * restart, batches queued blocks into SUBMITs (one per image), and at close flushes and DETACHes.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SUBMIT_MAX_PAYLOAD (1u << 20) /* per SUBMIT: keeps one slow request short */
#define RETRY_MIN_MS       100
#define RETRY_MAX_MS       2000

static int cmp_image(const void *a, const void *b) {
    const cq_item *x = a, *y = b;
    int r = memcmp(x->image, y->image, sizeof x->image);
    if (r) return r;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Send one SUBMIT already built in b; counts blocks as sent or lost. */
static void send_submit(emuclient *c, proto_buf *b, uint32_t req, uint32_t nblocks,
                        unsigned timeout_ms) {
    nng_msg *m = NULL;
    proto_msg rep;
    int r = timeout_ms ? ec_request(c, c->bg_ctx, b, req, timeout_ms, &m, &rep) : -ETIMEDOUT;
    if (r == 0) {
        if (rep.type == PROTO_OK) {
            atomic_fetch_add(&c->n_sent_blocks, nblocks);
            atomic_fetch_add(&c->n_sent_batches, 1);
        } else {
            atomic_fetch_add(&c->n_drop_send, nblocks);
        }
        proto_msg_release(&rep);
        nng_msg_free(m);
    } else {
        atomic_fetch_add(&c->n_drop_send, nblocks);
    }
    proto_buf_reset(b);
}

static unsigned timeout_within(emuclient *c, const struct timespec *deadline) {
    if (!deadline) return c->opt.submit_timeout_ms;
    long long left = ec_ms_until(*deadline);
    if (left <= 0) return 0;
    return left < c->opt.submit_timeout_ms ? (unsigned)left : c->opt.submit_timeout_ms;
}

/* Send items[0..n) grouped by image, then free their bytes. deadline may be NULL. */
static void send_items(emuclient *c, cq_item *items, uint32_t n, const struct timespec *deadline) {
    qsort(items, n, sizeof *items, cmp_image);
    proto_buf b;
    proto_buf_init(&b);
    uint64_t gid = atomic_load(&c->guest_id);
    uint32_t i = 0;
    while (i < n) {
        proto_list l;
        proto_hash img;
        memcpy(img.b, items[i].image, sizeof img.b);
        uint32_t req = atomic_fetch_add(&c->next_req, 1);
        if (proto_submit_begin(&l, &b, req, gid, &img, c->abi_id, SUBMIT_MAX_PAYLOAD)) break;
        uint32_t in_msg = 0;
        for (; i < n && !memcmp(items[i].image, img.b, sizeof img.b); i++) {
            proto_submit_block blk = {.offset = items[i].offset,
                                      .pc_bits = items[i].pc_bits,
                                      .guest = items[i].guest,
                                      .guest_len = items[i].guest_len};
            int r = proto_submit_add(&l, &blk);
            if (r == PROTO_ETOOBIG && in_msg) break; /* full: send, then go on with i */
            if (r) {
                atomic_fetch_add(&c->n_drop_send, 1);
                continue;
            }
            in_msg++;
        }
        if (!in_msg || proto_list_end(&l)) {
            proto_list_abort(&l);
            proto_buf_reset(&b);
            continue;
        }
        send_submit(c, &b, req, in_msg, timeout_within(c, deadline));
    }
    atomic_fetch_add(&c->n_drop_send, n - i); /* only if encoding failed outright */
    proto_buf_free(&b);
    for (uint32_t k = 0; k < n; k++)
        free(items[k].guest);
}

static void send_detach(emuclient *c, const struct timespec *deadline) {
    long long left = ec_ms_until(*deadline);
    if (left <= 0) return;
    proto_buf b;
    proto_buf_init(&b);
    uint32_t req = atomic_fetch_add(&c->next_req, 1);
    proto_detach d = {.guest_id = atomic_load(&c->guest_id),
                      .exit_status = c->exit_status,
                      .warm_blocks = atomic_load(&c->n_warm_inst),
                      .cold_blocks = atomic_load(&c->n_cold)};
    nng_msg *m = NULL;
    proto_msg rep;
    if (proto_encode_detach(&b, req, &d) == 0 &&
        ec_request(c, c->bg_ctx, &b, req, (unsigned)left, &m, &rep) == 0) {
        proto_msg_release(&rep);
        nng_msg_free(m);
    }
    proto_buf_free(&b);
}

static unsigned backoff(unsigned ms) {
    return ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : ms * 2;
}

static bool ts_before(struct timespec a, struct timespec b) {
    return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

/* At close: what is queued goes out while the deadline allows, the rest is dropped. */
static void bg_finish(emuclient *c, cq_item *batch) {
    struct timespec deadline = c->close_deadline;
    while (c->q.count && atomic_load(&c->adopted) && ec_ms_until(deadline) > 0) {
        uint32_t n = cq_take(&c->q, batch, EC_BATCH_MAX);
        pthread_mutex_unlock(&c->mu);
        send_items(c, batch, n, &deadline);
        pthread_mutex_lock(&c->mu);
    }
    atomic_fetch_add(&c->n_drop_send, c->q.count);
    bool adopted = atomic_load(&c->adopted);
    pthread_mutex_unlock(&c->mu);
    if (adopted) send_detach(c, &deadline);
    pthread_mutex_lock(&c->mu);
}

static void first_round_over(emuclient *c) {
    if (c->first_round) return;
    c->first_round = true;
    pthread_cond_broadcast(&c->cv);
}

void *ec_bg_main(void *arg) {
    emuclient *c = arg;
    cq_item *batch = malloc(sizeof *batch * EC_BATCH_MAX);
    unsigned dial_ms = RETRY_MIN_MS, hello_ms = RETRY_MIN_MS;
    struct timespec next_dial = ec_now(), next_hello = ec_now();
    uint64_t failed_gen = UINT64_MAX; /* the pipe a HELLO last failed on */

    pthread_mutex_lock(&c->mu);
    while (!c->closing && batch) {
        struct timespec now = ec_now(), wake = ec_after(now, 60000);
        if (!c->dialed) {
            if (!ts_before(now, next_dial)) {
                pthread_mutex_unlock(&c->mu);
                int r = ec_connect(c);
                pthread_mutex_lock(&c->mu);
                if (r) {
                    first_round_over(c);
                    next_dial = ec_after(ec_now(), dial_ms);
                    dial_ms = backoff(dial_ms);
                }
                continue;
            }
            wake = next_dial;
        } else if (c->pipe_up && !atomic_load(&c->adopted)) {
            if (failed_gen != c->pipe_gen) { /* a new pipe: adopt at once */
                hello_ms = RETRY_MIN_MS;
                next_hello = now;
            }
            if (!ts_before(now, next_hello)) {
                uint64_t gen = c->pipe_gen;
                pthread_mutex_unlock(&c->mu);
                int r = ec_adopt(c, c->bg_ctx, c->opt.connect_timeout_ms);
                pthread_mutex_lock(&c->mu);
                first_round_over(c);
                if (r) {
                    failed_gen = gen;
                    next_hello = ec_after(ec_now(), hello_ms);
                    hello_ms = backoff(hello_ms);
                }
                continue;
            }
            wake = next_hello;
        }
        if (c->q.count && atomic_load(&c->adopted)) {
            struct timespec due = ec_after(c->oldest, c->opt.batch_delay_ms);
            if (c->q.count >= c->opt.batch_blocks || !ts_before(now, due)) {
                uint32_t n = cq_take(&c->q, batch, EC_BATCH_MAX);
                c->oldest = ec_now(); /* what is left waits afresh; it is the overflow */
                pthread_mutex_unlock(&c->mu);
                send_items(c, batch, n, NULL);
                pthread_mutex_lock(&c->mu);
                continue;
            }
            if (ts_before(due, wake)) wake = due;
        }
        pthread_cond_timedwait(&c->cv, &c->mu, &wake);
    }
    if (batch) bg_finish(c, batch);
    first_round_over(c);
    c->bg_done = true;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    free(batch);
    return NULL;
}
