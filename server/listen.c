/* listen.c — nng contexts as request state objects: each context's aio callback (on nng's
 * threads) queues the received message for the libuv loop, which handles it and sends the reply
 * through the same context. Pipe arrivals and departures travel the same queue, in order. */
#include "listen.h"

#include "log.h"

#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REPLY_KEEP_BYTES (1u << 20) /* reply buffers above this are freed after use */
/* Requests are small (clients send SUBMITs of at most 1 MiB): a bigger one closes its pipe in
 * nng, before it costs memory here. */
#define LISTEN_MAX_REQUEST (8u << 20)

enum { ST_IDLE, ST_RECV, ST_BUSY, ST_SEND };
enum { EV_REQ, EV_PIPE_ADD, EV_PIPE_REM };

typedef struct inbox_node {
    struct inbox_node *next;
    int kind;
    struct nctx *x;
    uint32_t pipe, pid, uid, gid;
} inbox_node;

typedef struct nctx {
    srv_req req; /* first: the transport's callbacks get &req */
    srv_listener *L;
    nng_ctx ctx;
    nng_aio *aio;
    nng_msg *msg; /* the request being handled */
    int state;
    inbox_node node;
    uv_work_t work;
} nctx;

struct srv_listener {
    srv *s;
    uv_loop_t *loop;
    uv_async_t wake;
    bool wake_open;
    nng_socket sock;
    bool sock_open;
    nctx *ctxs;
    unsigned nctx;
    pthread_mutex_t mu; /* the inbox */
    inbox_node *head, *tail;
    _Atomic bool stopping;
};

static void inbox_push(srv_listener *L, inbox_node *n) {
    n->next = NULL;
    pthread_mutex_lock(&L->mu);
    if (L->tail)
        L->tail->next = n;
    else
        L->head = n;
    L->tail = n;
    pthread_mutex_unlock(&L->mu);
    uv_async_send(&L->wake);
}

static void rearm(nctx *x) {
    if (atomic_load(&x->L->stopping)) {
        x->state = ST_IDLE;
        return;
    }
    x->state = ST_RECV;
    nng_ctx_recv(x->ctx, x->aio);
}

/* nng thread: a receive or a send finished. */
static void aio_cb(void *arg) {
    nctx *x = arg;
    int rv = nng_aio_result(x->aio);
    if (x->state == ST_SEND) {
        if (rv) nng_msg_free(nng_aio_get_msg(x->aio));
        rearm(x);
        return;
    }
    if (rv) {
        if (rv == NNG_ECLOSED || rv == NNG_ECANCELED)
            x->state = ST_IDLE;
        else
            rearm(x);
        return;
    }
    x->msg = nng_aio_get_msg(x->aio);
    x->state = ST_BUSY;
    x->node.kind = EV_REQ;
    x->node.x = x;
    inbox_push(x->L, &x->node);
}

static uint32_t pipe_opt(nng_pipe p, const char *opt) {
    uint64_t v;
    return nng_pipe_get_uint64(p, opt, &v) == 0 && v < UINT32_MAX ? (uint32_t)v : UINT32_MAX;
}

/* nng thread. ADD_PRE runs before the pipe can deliver a message, so the loop always learns
 * of a pipe before its first request. */
static void pipe_cb(nng_pipe p, nng_pipe_ev ev, void *arg) {
    srv_listener *L = arg;
    inbox_node *n = calloc(1, sizeof *n);
    if (!n) return;
    n->kind = ev == NNG_PIPE_EV_ADD_PRE ? EV_PIPE_ADD : EV_PIPE_REM;
    n->pipe = (uint32_t)nng_pipe_id(p);
    if (n->kind == EV_PIPE_ADD) {
        n->pid = pipe_opt(p, NNG_OPT_IPC_PEER_PID);
        n->uid = pipe_opt(p, NNG_OPT_IPC_PEER_UID);
        n->gid = pipe_opt(p, NNG_OPT_IPC_PEER_GID);
    }
    inbox_push(L, n);
}

static void drop_req(nctx *x) {
    nng_msg_free(x->msg);
    x->msg = NULL;
    srv_req_reset(&x->req);
    rearm(x);
}

static void wake_cb(uv_async_t *h) {
    srv_listener *L = h->data;
    pthread_mutex_lock(&L->mu);
    inbox_node *n = L->head;
    L->head = L->tail = NULL;
    pthread_mutex_unlock(&L->mu);
    while (n) {
        inbox_node *next = n->next;
        if (n->kind == EV_REQ) {
            nctx *x = n->x;
            if (atomic_load(&L->stopping)) {
                drop_req(x);
            } else {
                x->req.pipe = (uint32_t)nng_pipe_id(nng_msg_get_pipe(x->msg));
                x->req.data = nng_msg_body(x->msg);
                x->req.len = nng_msg_len(x->msg);
                srv_handle(&x->req);
            }
        } else {
            if (n->kind == EV_PIPE_ADD)
                guests_pipe_added(L->s, n->pipe, n->pid, n->uid, n->gid);
            else
                guests_pipe_removed(L->s, n->pipe);
            free(n);
        }
        n = next;
    }
}

/* ---- the transport ---- */

static void tp_reply(srv_req *r) {
    nctx *x = (nctx *)r;
    nng_msg *m = x->msg;
    x->msg = NULL;
    if (atomic_load(&x->L->stopping) || !m) {
        nng_msg_free(m);
        srv_req_reset(r);
        rearm(x);
        return;
    }
    /* the decoded request points into m: release it before m is reused for the reply */
    if (r->decoded) proto_msg_release(&r->msg);
    r->decoded = false;
    nng_msg_clear(m);
    int rv = nng_msg_append(m, r->out.data, r->out.len);
    srv_req_reset(r);
    if (r->out.cap > REPLY_KEEP_BYTES) {
        proto_buf_free(&r->out);
        proto_buf_init(&r->out);
    }
    if (rv) {
        nng_msg_free(m);
        rearm(x);
        return;
    }
    x->state = ST_SEND;
    nng_aio_set_msg(x->aio, m);
    nng_ctx_send(x->ctx, x->aio);
}

static void tp_drop(srv_req *r, bool close_pipe) {
    nctx *x = (nctx *)r;
    if (close_pipe && x->msg && !atomic_load(&x->L->stopping))
        nng_pipe_close(nng_msg_get_pipe(x->msg));
    drop_req(x);
}

static void work_cb(uv_work_t *w) {
    nctx *x = w->data;
    x->req.work(&x->req);
}

static void after_work_cb(uv_work_t *w, int status) {
    nctx *x = w->data;
    if (status || atomic_load(&x->L->stopping))
        drop_req(x);
    else
        x->req.done(&x->req);
}

static void tp_queue_work(srv_req *r) {
    nctx *x = (nctx *)r;
    x->work.data = x;
    if (uv_queue_work(x->L->loop, &x->work, work_cb, after_work_cb)) {
        r->work(r); /* cannot happen with valid arguments; still answer */
        r->done(r);
    }
}

const srv_transport listen_transport = {tp_reply, tp_drop, tp_queue_work};

/* ---- setup ---- */

static int mkdir_p(const char *dir) {
    char *d = strdup(dir);
    if (!d) return -ENOMEM;
    for (char *p = d + 1;; p++) {
        if (*p && *p != '/') continue;
        char c = *p;
        *p = 0;
        if (mkdir(d, 0755) && errno != EEXIST) {
            int e = -errno;
            free(d);
            return e;
        }
        if (!c) break;
        *p = c;
    }
    free(d);
    return 0;
}

/* Any local process may connect to these sockets and hang up at once. Debian's nng 1.5.2 alone
 * would then stop accepting for good (nng#1518); client/nng_fixups.c prevents that at the
 * source, and tests/integration checks it (emud/peer_gone_during_handshake_...). */
static int listen_url(srv_listener *L, const char *url, const srv_listen_opts *o) {
    bool path = !strncmp(url, "ipc://", 6);
    if (path) {
        char *copy = strdup(url + 6);
        int e = copy ? mkdir_p(dirname(copy)) : -ENOMEM;
        free(copy);
        if (e) {
            srv_log(LOG_ERR, "cannot create the directory of %s: %s", url, strerror(-e));
            return e;
        }
    }
    nng_listener l;
    int rv = nng_listener_create(&l, L->sock, url);
    if (!rv && path)
        rv = nng_listener_set_int(l, NNG_OPT_IPC_PERMISSIONS,
                                  o->socket_mode >= 0 ? o->socket_mode : 0666);
    if (!rv) rv = nng_listener_start(l, 0);
    if (rv) {
        srv_log(LOG_ERR, "cannot listen on %s: %s", url, nng_strerror(rv));
        return rv == NNG_EADDRINUSE ? -EADDRINUSE : -EIO;
    }
    if (path && o->socket_group) {
        struct group *g = getgrnam(o->socket_group);
        if (g && chown(url + 6, (uid_t)-1, g->gr_gid))
            srv_log(LOG_WARNING, "cannot give %s to group %s: %s", url + 6, o->socket_group,
                    strerror(errno));
    }
    srv_log(LOG_INFO, "listening on %s", url);
    return 0;
}

int listen_start(srv_listener **out, srv *s, uv_loop_t *loop, const srv_listen_opts *o) {
    srv_listener *L = calloc(1, sizeof *L);
    if (!L) return -ENOMEM;
    L->s = s;
    L->loop = loop;
    pthread_mutex_init(&L->mu, NULL);
    L->nctx = o->contexts ? o->contexts : 32;
    L->ctxs = calloc(L->nctx, sizeof *L->ctxs);
    int e = L->ctxs ? 0 : -ENOMEM;
    if (!e && uv_async_init(loop, &L->wake, wake_cb)) e = -EIO;
    if (!e) {
        L->wake_open = true;
        L->wake.data = L;
    }
    int rv = e ? 0 : nng_rep0_open(&L->sock);
    if (!e && rv) e = -EIO;
    if (!e) {
        L->sock_open = true;
        if (nng_socket_set_size(L->sock, NNG_OPT_RECVMAXSZ, LISTEN_MAX_REQUEST) ||
            nng_pipe_notify(L->sock, NNG_PIPE_EV_ADD_PRE, pipe_cb, L) ||
            nng_pipe_notify(L->sock, NNG_PIPE_EV_REM_POST, pipe_cb, L))
            e = -EIO;
    }
    for (unsigned i = 0; !e && i < L->nctx; i++) {
        nctx *x = &L->ctxs[i];
        srv_req_init(&x->req, s);
        x->L = L;
        if (nng_ctx_open(&x->ctx, L->sock) || nng_aio_alloc(&x->aio, aio_cb, x)) e = -ENOMEM;
    }
    for (int i = 0; !e && i < o->nurls; i++)
        e = listen_url(L, o->urls[i], o);
    for (unsigned i = 0; !e && i < L->nctx; i++)
        rearm(&L->ctxs[i]);
    if (e) {
        listen_stop(L);
        /* the loop must run once to finish closing the handle */
        uv_run(loop, UV_RUN_NOWAIT);
        listen_free(L);
        return e;
    }
    *out = L;
    return 0;
}

void listen_stop(srv_listener *L) {
    if (atomic_exchange(&L->stopping, true)) return;
    for (unsigned i = 0; i < L->nctx; i++)
        if (L->ctxs[i].aio) nng_aio_stop(L->ctxs[i].aio);
    if (L->sock_open) nng_close(L->sock); /* waits for the pipe callbacks */
    L->sock_open = false;
    if (L->wake_open) uv_close((uv_handle_t *)&L->wake, NULL);
    L->wake_open = false;
}

void listen_free(srv_listener *L) {
    if (!L) return;
    for (inbox_node *n = L->head, *next; n; n = next) {
        next = n->next;
        if (n->kind != EV_REQ) free(n);
    }
    for (unsigned i = 0; i < L->nctx; i++) {
        nctx *x = &L->ctxs[i];
        if (x->aio) nng_aio_free(x->aio);
        nng_msg_free(x->msg);
        srv_req_free(&x->req);
    }
    free(L->ctxs);
    pthread_mutex_destroy(&L->mu);
    free(L);
}
