/* packfd.c — pack files by descriptor (packfd.h). One uv_poll per listening socket and per
 * connection; a request is answered at once (an open and a sendmsg), so a connection never
 * holds more than one. A malformed request or a failed send closes that connection only. */
#include "packfd.h"
#include "log.h"
#include "packs.h"

#include <emuproto.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define PACKFD_MAX_CONNS 4096

typedef struct conn {
    uv_poll_t poll; /* first: the handle's address is the connection's */
    srv_packfd *owner;
    int fd;
    uint32_t ns;  /* the peer's cache namespace (0 = shared: packs are only of that one) */
    int refused;  /* 0, or why this peer gets no packs (-EACCES, -ENOMEM) */
    char *jail;   /* where the peer runs, for the per-jail statistics */
    bool counted; /* the peer got a pack: counted once as a guest of its jail */
    struct conn *prev, *next;
} conn;

struct srv_packfd {
    uv_poll_t poll;
    srv *s;
    int fd;
    conn *conns;
    size_t nconns;
    bool stopping;
};

static void conn_closed(uv_handle_t *h) {
    conn *c = (conn *)h;
    close(c->fd);
    free(c->jail);
    free(c);
}

static void conn_close(conn *c) {
    srv_packfd *p = c->owner;
    if (c->prev)
        c->prev->next = c->next;
    else
        p->conns = c->next;
    if (c->next) c->next->prev = c->prev;
    p->nconns--;
    uv_poll_stop(&c->poll);
    uv_close((uv_handle_t *)&c->poll, conn_closed);
}

/* The reply: status, and the descriptor when there is one. */
static bool reply(int sock, int32_t status, int fd) {
    uint8_t rep[PROTO_PACKFD_REP_LEN];
    proto_packfd_rep_encode(rep, status);
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(sizeof(int))];
    } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct iovec iov = {rep, sizeof rep};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    if (fd >= 0) {
        m.msg_control = ctl.buf;
        m.msg_controllen = sizeof ctl.buf;
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &fd, sizeof fd);
    }
    return sendmsg(sock, &m, MSG_NOSIGNAL | MSG_DONTWAIT) == (ssize_t)sizeof rep;
}

/* The pack for one decoded request, or -errno. */
static int32_t open_pack(conn *c, const proto_hash *image, uint64_t abi_id, int *fd) {
    srv *s = c->owner->s;
    if (c->refused || c->ns) { /* an isolated jail's blocks are in no pack */
        s->cnt.packfd_refused++;
        return c->refused ? c->refused : -EACCES;
    }
    cache_image_id id;
    memcpy(id.b, image->b, sizeof id.b);
    *fd = packs_open_fd(s->packs, &id, abi_id);
    if (*fd >= 0) {
        s->cnt.packfd_served++;
        if (c->jail) guests_jail_pack(s, c->jail, image, !c->counted);
        c->counted = true;
        return 0;
    }
    s->cnt.packfd_missing++;
    return *fd;
}

static void on_conn(uv_poll_t *h, int status, int events) {
    conn *c = (conn *)h;
    srv *s = c->owner->s;
    if (status < 0 || !(events & UV_READABLE)) {
        conn_close(c);
        return;
    }
    uint8_t req[PROTO_PACKFD_REQ_LEN + 1];
    ssize_t n = recv(c->fd, req, sizeof req, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    proto_hash image;
    uint64_t abi_id;
    if (n <= 0 || proto_packfd_req_decode(req, (size_t)n, &image, &abi_id) != 0) {
        if (n > 0) s->cnt.packfd_malformed++;
        conn_close(c); /* the peer left, or spoke nonsense */
        return;
    }
    int fd = -1;
    int32_t st = open_pack(c, &image, abi_id, &fd);
    bool sent = reply(c->fd, st, fd);
    if (fd >= 0) close(fd);
    if (!sent) conn_close(c);
}

static void on_listen(uv_poll_t *h, int status, int events) {
    srv_packfd *p = (srv_packfd *)h;
    if (status < 0 || !(events & UV_READABLE) || p->stopping) return;
    int fd = accept4(p->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    struct ucred cr;
    socklen_t len = sizeof cr;
    conn *c = p->nconns < PACKFD_MAX_CONNS ? calloc(1, sizeof *c) : NULL;
    if (!c || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) ||
        uv_poll_init(h->loop, &c->poll, fd)) {
        free(c);
        close(fd);
        return;
    }
    c->owner = p;
    c->fd = fd;
    c->refused = guests_peer_place(p->s, (uint32_t)cr.pid, &c->ns, &c->jail);
    c->next = p->conns;
    if (p->conns) p->conns->prev = c;
    p->conns = c;
    p->nconns++;
    uv_poll_start(&c->poll, UV_READABLE | UV_DISCONNECT, on_conn);
}

static int listen_abstract(const char *name) {
    struct sockaddr_un a;
    size_t alen;
    int r = proto_packfd_addr(name, &a, &alen);
    if (r) return r;
    int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    if (bind(fd, (struct sockaddr *)&a, (socklen_t)alen) || listen(fd, 128)) {
        int e = -errno;
        close(fd);
        return e;
    }
    return fd;
}

int packfd_start(srv_packfd **out, srv *s, uv_loop_t *loop, const char *name) {
    *out = NULL;
    if (!name || !s->packs) return 0;
    srv_packfd *p = calloc(1, sizeof *p);
    if (!p) return -ENOMEM;
    p->s = s;
    p->fd = listen_abstract(name);
    if (p->fd < 0) {
        /* not fatal: those guests ask over nng, as without this */
        srv_log(LOG_WARNING, "pack descriptors off: cannot listen on @%s%s: %s", name,
                PROTO_PACKFD_SUFFIX, strerror(-p->fd));
        free(p);
        return 0;
    }
    if (uv_poll_init(loop, &p->poll, p->fd) || uv_poll_start(&p->poll, UV_READABLE, on_listen)) {
        close(p->fd);
        free(p);
        return -EIO;
    }
    *out = p;
    return 0;
}

void packfd_stop(srv_packfd *p) {
    if (!p || p->stopping) return;
    p->stopping = true;
    while (p->conns)
        conn_close(p->conns);
    uv_poll_stop(&p->poll);
    uv_close((uv_handle_t *)&p->poll, NULL);
}

void packfd_free(srv_packfd *p) {
    if (!p) return;
    close(p->fd);
    free(p);
}
