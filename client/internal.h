/* internal.h — private state of an emuclient and the helpers its files share: connecting and
 * adopting (conn.c), one request/reply on an nng context (conn.c), the background thread (bg.c). */
#ifndef EMUCLIENT_INTERNAL_H
#define EMUCLIENT_INTERNAL_H

#include "emuclient.h"
#include "queue.h"

#include <nng/nng.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#define EC_MAX_URLS  2
#define EC_BATCH_MAX 512 /* blocks taken from the queue at once */

struct emuclient {
    emuclient_options opt; /* defaults filled in */
    char *urls[EC_MAX_URLS];
    int nurls;
    _Atomic int url_idx; /* the URL dialed (or last tried) */
    char *jail, *exe;
    uint32_t pid;
    uint64_t abi_id;
    bool tool;

    nng_socket sock;
    nng_ctx fg_ctx, bg_ctx;
    bool dialed; /* a dialer exists and redials by itself; written before the thread starts
                    or by the thread only */

    pthread_mutex_t mu; /* guards the block below */
    pthread_cond_t cv;  /* CLOCK_MONOTONIC; wakes the background thread and emuclient_close */
    bool pipe_up;
    uint64_t pipe_gen; /* bumped by every pipe event: an adoption is for one pipe */
    bool closing, bg_done;
    bool first_round; /* the thread's first dial and adoption are over (open waits for it) */
    struct timespec close_deadline;
    int exit_status;
    client_queue q;
    struct timespec oldest; /* arrival of the oldest queued block */
    pthread_t thr;
    bool thr_started;

    /* read without mu on the fast paths; written under mu */
    _Atomic bool adopted, shared;
    _Atomic uint64_t guest_id;
    _Atomic bool forked;

    pthread_mutex_t fg_mu; /* fg_ctx and the aligned scratch for blobs */
    uint8_t *scratch;
    size_t scratch_cap;

    _Atomic uint32_t next_req;
    _Atomic uint64_t n_adoptions, n_connects, n_warm_req, n_warm_fail, n_warm_recv, n_warm_inst,
        n_warm_rej, n_cold, n_drop_unconn, n_drop_send, n_sent_blocks, n_sent_batches;
};

/* Monotonic time helpers. */
struct timespec ec_now(void);
struct timespec ec_after(struct timespec t, unsigned ms);
long long ec_ms_until(struct timespec t); /* negative when past */

/* nng's error codes -> negative errno. */
int ec_nng_err(int rv);

/* Dial the first URL that answers; the dialer then redials by itself. 0, or the last error
 * (-ENOENT, -ECONNREFUSED, ...) when nobody listens. */
int ec_connect(emuclient *c);

/* Pipe add/remove notifications (nng's threads). */
void ec_pipe_event(nng_pipe p, nng_pipe_ev ev, void *arg);

/* One request on ctx: send req, wait for its reply within timeout_ms; decode it into out
 * (checked to answer this request). *msg owns the bytes out points into. */
int ec_request(emuclient *c, nng_ctx ctx, const proto_buf *req, uint32_t req_id,
               unsigned timeout_ms, nng_msg **msg, proto_msg *out);

/* HELLO on ctx for the current pipe. 0 when adopted. */
int ec_adopt(emuclient *c, nng_ctx ctx, unsigned timeout_ms);

/* The background thread. */
void *ec_bg_main(void *arg);

/* packfd.c: image's pack file from emud by descriptor, or -errno. */
int ec_packfd_get(const uint8_t *image, uint64_t abi_id, int fd_floor);

#endif
