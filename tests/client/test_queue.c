/* test_queue.c — the client's bounded submission queue: FIFO order across wrap-around, the
 * block and byte bounds, drop counting, and ownership of the guest bytes. */
#include "queue.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static cq_item item(uint64_t off, uint32_t len) {
    cq_item it = {.offset = off, .pc_bits = off & 0xfff, .guest_len = len};
    memset(it.image, (int)(off & 0xff), sizeof it.image);
    it.guest = malloc(len);
    memset(it.guest, 0xa5, len);
    return it;
}

Test(queue, rejects_zero_bounds) {
    client_queue q;
    cr_expect(cq_init(&q, 0, 100) == -EINVAL);
    cr_expect(cq_init(&q, 4, 0) == -EINVAL);
}

Test(queue, fifo_and_wraparound) {
    client_queue q;
    cr_assert(cq_init(&q, 4, 1 << 20) == 0);
    uint64_t next_in = 0, next_out = 0;
    for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 3; i++) {
            cq_item it = item(next_in++, 8);
            cr_assert(cq_push(&q, &it) == 0);
        }
        cq_item out[2];
        uint32_t n = cq_take(&q, out, 2);
        cr_assert(n == 2);
        for (uint32_t i = 0; i < n; i++) {
            cr_expect(out[i].offset == next_out, "got %llu want %llu",
                      (unsigned long long)out[i].offset, (unsigned long long)next_out);
            next_out++;
            free(out[i].guest);
        }
        /* keep at most one item over the rounds so the ring wraps without filling */
        n = cq_take(&q, out, 1);
        cr_assert(n == 1 && out[0].offset == next_out++);
        free(out[0].guest);
    }
    cr_expect(q.count == 0 && q.bytes == 0);
    cr_expect(q.accepted == 30 && q.dropped == 0);
    cq_free(&q);
}

Test(queue, block_bound_drops_and_counts) {
    client_queue q;
    cr_assert(cq_init(&q, 8, 1 << 20) == 0);
    for (int i = 0; i < 20; i++) {
        cq_item it = item((uint64_t)i, 4);
        int r = cq_push(&q, &it);
        if (i < 8)
            cr_expect(r == 0);
        else
            cr_expect(r == -EAGAIN);
        if (r) free(it.guest); /* a refused item stays the caller's */
    }
    cr_expect(q.count == 8);
    cr_expect(q.accepted == 8);
    cr_expect(q.dropped == 12);
    cq_free(&q); /* frees the 8 queued items (checked by ASan in the sanitizer build) */
}

Test(queue, byte_bound_drops_and_counts) {
    client_queue q;
    cr_assert(cq_init(&q, 100, 64) == 0);
    cq_item a = item(1, 40), b = item(2, 32), c = item(3, 24);
    cr_expect(cq_push(&q, &a) == 0);
    cr_expect(cq_push(&q, &b) == -EAGAIN); /* 72 > 64 */
    cr_expect(cq_push(&q, &c) == 0);       /* 64 fits exactly */
    free(b.guest);
    cr_expect(q.bytes == 64 && q.count == 2 && q.dropped == 1);
    cq_item out[4];
    cr_assert(cq_take(&q, out, 4) == 2);
    cr_expect(q.bytes == 0);
    free(out[0].guest);
    free(out[1].guest);
    cq_item d = item(4, 64);
    cr_expect(cq_push(&q, &d) == 0, "room comes back after a take");
    cq_free(&q);
}

Test(queue, huge_item_never_overflows_the_byte_count) {
    client_queue q;
    cr_assert(cq_init(&q, 4, 16) == 0);
    cq_item a = item(1, 16);
    cr_expect(cq_push(&q, &a) == 0);
    cq_item big = {.guest_len = UINT32_MAX, .guest = NULL};
    cr_expect(cq_push(&q, &big) == -EAGAIN);
    cr_expect(q.bytes == 16);
    cq_free(&q);
}
