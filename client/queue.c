/* queue.c — the bounded submission queue: a ring of blocks with a byte budget, so a guest that
 * translates faster than emud answers costs bounded memory and never waits. */
#include "queue.h"

#include <errno.h>
#include <stdlib.h>

int cq_init(client_queue *q, uint32_t cap, size_t max_bytes) {
    if (!cap || !max_bytes) return -EINVAL;
    *q = (client_queue){.cap = cap, .max_bytes = max_bytes};
    q->ring = calloc(cap, sizeof *q->ring);
    return q->ring ? 0 : -ENOMEM;
}

void cq_free(client_queue *q) {
    for (uint32_t i = 0; i < q->count; i++)
        free(q->ring[(q->head + i) % q->cap].guest);
    free(q->ring);
    q->ring = NULL;
    q->count = 0;
    q->bytes = 0;
}

int cq_push(client_queue *q, const cq_item *it) {
    /* written so that bytes + len cannot overflow */
    if (q->count == q->cap || it->guest_len > q->max_bytes - q->bytes) {
        q->dropped++;
        return -EAGAIN;
    }
    q->ring[(q->head + q->count) % q->cap] = *it;
    q->count++;
    q->bytes += it->guest_len;
    q->accepted++;
    return 0;
}

uint32_t cq_take(client_queue *q, cq_item *out, uint32_t max) {
    uint32_t n = q->count < max ? q->count : max;
    for (uint32_t i = 0; i < n; i++) {
        out[i] = q->ring[q->head];
        q->bytes -= out[i].guest_len;
        q->head = (q->head + 1) % q->cap;
    }
    q->count -= n;
    if (!q->count) q->head = 0;
    return n;
}
