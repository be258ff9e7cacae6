/* packfd.c — pack files by descriptor from emud (emuproto.h, "pack descriptors"), for a guest
 * that reaches emud through the abstract socket and so cannot see the pack directory: a
 * chroot nobody recorded with `emuctl jail add --bind`. Without them such a guest asked for
 * whole warm sets over nng (libc's is 17,000 blocks, 100-200 ms a process), which cost more
 * than translating what it runs. One connection per process, made on the first image, kept
 * above the guest's descriptors, and made again in a fork child (a shared one would mix two
 * processes' replies). */
#include "internal.h"

#include <emuproto.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define PACKFD_TIMEOUT_MS 2000

static struct {
    pthread_mutex_t mu;
    int fd;
    dev_t dev;   /* what fd was when it was made: the guest may close any descriptor, and the */
    ino_t ino;   /* number may then be another's (nng's): never used or closed as ours then */
    pid_t pid;   /* the process the connection belongs to */
    bool failed; /* connecting failed in this process: not again for every image */
} P = {PTHREAD_MUTEX_INITIALIZER, -1, 0, 0, 0, false};

static bool still_ours(void) {
    struct stat st;
    return P.fd >= 0 && !fstat(P.fd, &st) && st.st_dev == P.dev && st.st_ino == P.ino;
}

/* The abstract name to ask: that of $EMUD_SOCKET when it is abstract, the default abstract
 * name when it is unset; none for a path socket (its directory holds the packs) or when
 * $EMUD_PACKS is "" (no packs). */
static int packfd_addr(struct sockaddr_un *a, socklen_t *len) {
    const char *env = getenv(EMUCLIENT_SOCKET_ENV), *packs = getenv(EMUCLIENT_PACKS_ENV);
    const char *url = env && *env ? env : EMUCLIENT_SOCKET_ABSTRACT;
    if (strncmp(url, "abstract://", 11) || (packs && !*packs)) return -ENOTCONN;
    size_t n;
    int r = proto_packfd_addr(url + 11, a, &n);
    *len = (socklen_t)n;
    return r;
}

/* fd moved to fd_floor or above (close-on-exec), the original closed. */
static int lift(int fd, int fd_floor) {
    if (fd < 0 || fd >= fd_floor) return fd;
    int hi = fcntl(fd, F_DUPFD_CLOEXEC, fd_floor);
    close(fd);
    return hi < 0 ? -errno : hi;
}

/* Anyone may bind an abstract name: only a server running as root or as this user is asked
 * (a pack is further checked for owner and mode, then record by record). */
static int packfd_connect(int fd_floor) {
    struct sockaddr_un a;
    socklen_t alen;
    int r = packfd_addr(&a, &alen);
    if (r) return r;
    int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    struct timeval tv = {PACKFD_TIMEOUT_MS / 1000, (PACKFD_TIMEOUT_MS % 1000) * 1000};
    struct ucred cr;
    socklen_t crlen = sizeof cr;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) ||
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) ||
        connect(fd, (struct sockaddr *)&a, alen) ||
        getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &crlen))
        r = -errno;
    else if (cr.uid != 0 && cr.uid != geteuid())
        r = -EPERM;
    if (r) {
        close(fd);
        return r;
    }
    return lift(fd, fd_floor);
}

/* One request and its reply on the connection: the pack's descriptor or -errno. */
static int packfd_ask(int sock, const uint8_t *image, uint64_t abi_id) {
    uint8_t req[PROTO_PACKFD_REQ_LEN], rep[PROTO_PACKFD_REP_LEN + 1];
    proto_hash h;
    memcpy(h.b, image, sizeof h.b);
    proto_packfd_req_encode(req, &h, abi_id);
    if (send(sock, req, sizeof req, MSG_NOSIGNAL) != (ssize_t)sizeof req) return -EPIPE;
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(sizeof(int))];
    } ctl;
    struct iovec iov = {rep, sizeof rep};
    struct msghdr m = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
    ssize_t n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
    int fd = -1;
    struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&m) : NULL;
    if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
        c->cmsg_len == CMSG_LEN(sizeof(int)))
        memcpy(&fd, CMSG_DATA(c), sizeof fd);
    int32_t st;
    if (n <= 0 || (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
        proto_packfd_rep_decode(rep, (size_t)n, &st) != 0) {
        if (fd >= 0) close(fd);
        return -EPROTO; /* the connection is dropped */
    }
    if (st == 0 && fd >= 0) return fd;
    if (fd >= 0) close(fd);
    return st ? st : -EPROTO;
}

/* A new connection, its identity noted: the descriptor or -errno. */
static int packfd_open(int fd_floor) {
    int fd = packfd_connect(fd_floor);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st)) {
        int e = -errno;
        close(fd);
        return e;
    }
    if (fd >= 0) {
        P.dev = st.st_dev;
        P.ino = st.st_ino;
    }
    return fd;
}

int ec_packfd_get(const uint8_t *image, uint64_t abi_id, int fd_floor) {
    pthread_mutex_lock(&P.mu);
    pid_t me = getpid();
    if (P.fd >= 0 && !still_ours()) P.fd = -1; /* closed by the guest: not ours to close */
    if (P.pid != me) { /* a fork child: the parent's connection is not its own */
        if (P.fd >= 0) close(P.fd);
        P.fd = -1;
        P.failed = false;
        P.pid = me;
    }
    int r = -ENOTCONN;
    if (P.fd < 0 && !P.failed && (P.fd = packfd_open(fd_floor)) < 0) {
        r = P.fd;
        P.failed = true;
    }
    if (P.fd >= 0) {
        r = packfd_ask(P.fd, image, abi_id);
        if (r == -EPROTO || r == -EPIPE) { /* a broken exchange: no more asking */
            close(P.fd);
            P.fd = -1;
            P.failed = true;
        }
    }
    pthread_mutex_unlock(&P.mu);
    return r;
}
