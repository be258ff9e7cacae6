/* conn.c — reaching emud: dialing the first URL with a listener (nng then redials by itself),
 * following the pipe, one request/reply with a deadline, and adoption (HELLO). */
#include "internal.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

struct timespec ec_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t;
}

struct timespec ec_after(struct timespec t, unsigned ms) {
    t.tv_sec += ms / 1000;
    t.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

long long ec_ms_until(struct timespec t) {
    struct timespec n = ec_now();
    return (long long)(t.tv_sec - n.tv_sec) * 1000 + (t.tv_nsec - n.tv_nsec) / 1000000;
}

int ec_nng_err(int rv) {
    switch (rv) {
    case 0: return 0;
    case NNG_ETIMEDOUT: return -ETIMEDOUT;
    case NNG_ECLOSED:
    case NNG_ECANCELED:
    case NNG_ESTATE: return -ENOTCONN;
    case NNG_ECONNREFUSED: return -ECONNREFUSED;
    case NNG_ECONNRESET:
    case NNG_ECONNSHUT: return -ECONNRESET;
    case NNG_ENOENT: return -ENOENT;
    case NNG_ENOMEM: return -ENOMEM;
    case NNG_EINVAL:
    case NNG_EADDRINVAL: return -EINVAL;
    case NNG_EPERM: return -EPERM;
    case NNG_EMSGSIZE: return -EMSGSIZE;
    default: return -EIO;
    }
}

/* A path socket that does not exist (inside a jail, or emud never ran here) is skipped without
 * a dial. */
static bool path_absent(const char *url) {
    struct stat st;
    if (strncmp(url, "ipc://", 6)) return false;
    return stat(url + 6, &st) || !S_ISSOCK(st.st_mode);
}

void ec_pipe_event(nng_pipe p, nng_pipe_ev ev, void *arg) {
    (void)p;
    emuclient *c = arg;
    pthread_mutex_lock(&c->mu);
    c->pipe_up = ev == NNG_PIPE_EV_ADD_POST;
    c->pipe_gen++;
    atomic_store(&c->adopted, false);
    if (ev == NNG_PIPE_EV_ADD_POST) atomic_fetch_add(&c->n_connects, 1);
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

int ec_connect(emuclient *c) {
    int rv = NNG_ENOENT;
    for (int i = 0; i < c->nurls; i++) {
        atomic_store(&c->url_idx, i);
        if (path_absent(c->urls[i])) continue;
        /* Synchronous: a stale socket is refused at once; the dialer then stays and redials
           by itself after emud restarts. A listener that never completes the handshake
           holds this call (nng gives up after 10 s), which is why guests dial from the
           background thread. */
        rv = nng_dial(c->sock, c->urls[i], NULL, 0);
        if (rv == 0) {
            c->dialed = true;
            return 0;
        }
    }
    return ec_nng_err(rv);
}

int ec_request(emuclient *c, nng_ctx ctx, const proto_buf *req, uint32_t req_id,
               unsigned timeout_ms, nng_msg **msg, proto_msg *out) {
    (void)c;
    struct timespec deadline = ec_after(ec_now(), timeout_ms);
    nng_aio *aio;
    nng_msg *m;
    int rv = nng_aio_alloc(&aio, NULL, NULL);
    if (rv) return ec_nng_err(rv);
    if ((rv = nng_msg_alloc(&m, 0)) || (rv = nng_msg_append(m, req->data, req->len))) {
        if (!rv) nng_msg_free(m);
        nng_aio_free(aio);
        return ec_nng_err(rv);
    }
    nng_aio_set_msg(aio, m);
    nng_aio_set_timeout(aio, (nng_duration)timeout_ms);
    nng_ctx_send(ctx, aio);
    nng_aio_wait(aio);
    if ((rv = nng_aio_result(aio)) != 0) {
        nng_msg_free(m); /* a failed send leaves the message with us */
        nng_aio_free(aio);
        return ec_nng_err(rv);
    }
    long long left = ec_ms_until(deadline);
    nng_aio_set_timeout(aio, (nng_duration)(left > 0 ? left : 1));
    nng_ctx_recv(ctx, aio);
    nng_aio_wait(aio);
    rv = nng_aio_result(aio);
    m = rv ? NULL : nng_aio_get_msg(aio);
    nng_aio_free(aio);
    if (rv) return ec_nng_err(rv);
    int r = proto_decode(nng_msg_body(m), nng_msg_len(m), out);
    if (r == 0 && out->request_id != req_id) {
        proto_msg_release(out);
        r = -EPROTO;
    }
    if (r) {
        nng_msg_free(m);
        return r < 0 ? r : -EPROTO;
    }
    *msg = m;
    return 0;
}

int ec_adopt(emuclient *c, nng_ctx ctx, unsigned timeout_ms) {
    pthread_mutex_lock(&c->mu);
    uint64_t gen = c->pipe_gen;
    bool up = c->pipe_up;
    pthread_mutex_unlock(&c->mu);
    if (!up) return -ENOTCONN;

    proto_buf b;
    proto_buf_init(&b);
    uint32_t req = atomic_fetch_add(&c->next_req, 1);
    proto_hello h = {.pid = c->pid, .abi_id = c->abi_id, .jail = c->jail, .exe = c->exe};
    int r = proto_encode_hello(&b, req, &h);
    nng_msg *m = NULL;
    proto_msg rep;
    if (r == 0) r = ec_request(c, ctx, &b, req, timeout_ms, &m, &rep);
    proto_buf_free(&b);
    if (r) return r;
    if (rep.type == PROTO_WELCOME) {
        pthread_mutex_lock(&c->mu);
        if (gen == c->pipe_gen && c->pipe_up) {
            atomic_store(&c->guest_id, rep.u.welcome.guest_id);
            atomic_store(&c->shared, (rep.u.welcome.flags & PROTO_WELCOME_SHARED) &&
                                         rep.u.welcome.server_abi_id == c->abi_id);
            atomic_store(&c->adopted, true);
            atomic_fetch_add(&c->n_adoptions, 1);
        } else {
            r = -ENOTCONN; /* the pipe changed under us: adopt again on the new one */
        }
        pthread_mutex_unlock(&c->mu);
    } else if (rep.type == PROTO_ERROR) {
        r = rep.u.error.code < 0 ? rep.u.error.code : -EPROTO;
    } else {
        r = -EPROTO;
    }
    proto_msg_release(&rep);
    nng_msg_free(m);
    return r;
}
