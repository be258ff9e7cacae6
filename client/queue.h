/* queue.h — the bounded submission queue of libemuclient (private): blocks waiting to be sent
 * to emud, bounded in count and bytes, dropping and counting when full. No locking inside. */
#ifndef EMUCLIENT_QUEUE_H
#define EMUCLIENT_QUEUE_H

#include <stddef.h>
#include <stdint.h>

typedef struct cq_item {
    uint8_t image[16];
    uint64_t offset;
    uint32_t pc_bits;
    uint32_t guest_len;
    uint8_t *guest; /* malloc'ed; owned by whoever holds the item */
} cq_item;

typedef struct client_queue {
    cq_item *ring;
    uint32_t cap, head, count;
    size_t bytes, max_bytes;
    uint64_t accepted, dropped; /* pushes that fitted / did not */
} client_queue;

/* cap items and max_bytes guest bytes at most (both > 0). */
int cq_init(client_queue *q, uint32_t cap, size_t max_bytes);

/* Frees the ring and every item still in it. */
void cq_free(client_queue *q);

/* Append it (the queue takes it->guest) or, when either bound would be passed, count a drop
 * and return -EAGAIN (the caller keeps it->guest). */
int cq_push(client_queue *q, const cq_item *it);

/* Move up to max items, oldest first, into out (the caller then owns their guest bytes).
 * Returns how many. */
uint32_t cq_take(client_queue *q, cq_item *out, uint32_t max);

#endif
