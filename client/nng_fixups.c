/* nng_fixups.c — what nng's objects call instead of sendmsg and sysconf (client/nng.cmake renames
 * them in a copy of Debian's libnng.a 1.5): EPIPE comes back as ECONNRESET (nng#1518); CPU count.
 */
#include "nng_fixups.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * The bug (nanomsg/nng#1518, fixed in nng 1.6.0; Debian bookworm ships 1.5.2). The IPC transport
 * negotiates a new connection by writing its 8-byte SP header, then reading the peer's. When the
 * peer is already gone by the time of that write (it connected and closed at once, or died
 * during the handshake), sendmsg fails with EPIPE, which nng turns into NNG_ECLOSED, and hands to
 * the listener's pending accept. The listener reads NNG_ECLOSED as "I am being closed" and never
 * arms another accept: from then on new connections complete their handshake at the transport
 * level and wait forever for an accept that never comes, so every new client of emud hangs
 * (their HELLO goes unanswered), while established pipes go on working. One `connect(); close();`
 * on /run/emud/emud.sock or @emud by any local user was enough. The same code runs in a client's
 * dialer, which stops redialing for good when its handshake ends in NNG_ECLOSED (emud closing a
 * connection before the client wrote its header).
 *
 * Every other way for the handshake to fail reaches the listener as an error it recovers from:
 * ECONNRESET (accept again at once), ECONNSHUT (the peer closed after the header went out:
 * accept again after 100 ms), a timeout, EPROTO. So nng's sendmsg calls report EPIPE as
 * ECONNRESET here, and the listener accepts again, as the upstream fix does by mapping
 * NNG_ECLOSED to NNG_ECONNSHUT in the negotiation callback. On an established pipe whose peer
 * vanished the failed send is an error either way and closes the pipe, as before.
 *
 * Why prevention rather than a liveness probe that replaces a dead listener: replacing it
 * (nng_listener_close + listen again) closes every pipe that listener accepted, so established
 * guests would lose their connection, adoption and requests in flight; an abstract name cannot
 * be bound again while the old listener holds it, so the dead one has to go first; and new
 * clients would still hang for up to a probe period plus a timeout. Here the faulty path is never
 * taken: no outage, nobody disconnected, nothing to run periodically. The configure step checks
 * that nng's IPC connection still calls sendmsg, and tests/integration reproduces the trigger
 * (emud/peer_gone_during_handshake_does_not_stall_the_listener), so a change in nng that
 * bypassed this would fail the build or the tests rather than pass silently.
 */
ssize_t emu_nng_sendmsg(int fd, const struct msghdr *msg, int flags);
long emu_nng_sysconf(int name);
int emu_nng_socket(int domain, int type, int protocol);
int emu_nng_accept(int fd, struct sockaddr *addr, socklen_t *len);
int emu_nng_epoll_create1(int flags);
int emu_nng_eventfd(unsigned int count, int flags);
int emu_nng_pipe(int fds[2]);

ssize_t emu_nng_sendmsg(int fd, const struct msghdr *msg, int flags) {
    ssize_t n = sendmsg(fd, msg, flags);
    if (n < 0 && errno == EPIPE) errno = ECONNRESET;
    return n;
}

/* nng 1.5 sizes its pools from the CPU count, read once when the first socket opens: 2 task
 * threads and 1 expiry thread per CPU (4 resolver threads, a poller, a reaper and a timer come
 * on top). nng 1.7 and later take these as nng_init_set_parameter; 1.5 only asks sysconf. */
_Atomic int emu_nng_cpus;

long emu_nng_sysconf(int name) {
    int cpus = emu_nng_cpus;
    if (name == _SC_NPROCESSORS_ONLN && cpus > 0) return cpus;
    return sysconf(name);
}

/* A guest process owns the low descriptor numbers: the shell's `exec 3>file` or a dup2 onto
 * 5 must never land on nng's socket, whenever nng opens it (a redial happens at any time). In
 * emu-exec, every descriptor nng makes moves to emu_nng_fd_floor or above (0: left alone, as
 * in emud and the tools). The close-on-exec flag is kept: F_DUPFD_CLOEXEC, as nng asks. */
_Atomic int emu_nng_fd_floor;

static int lift(int fd) {
    int floor = emu_nng_fd_floor;
    if (fd < 0 || floor <= 0 || fd >= floor) return fd;
    int hi = fcntl(fd, F_DUPFD_CLOEXEC, floor);
    if (hi < 0) return fd; /* nothing free up there: keep the low one */
    int e = errno;
    close(fd);
    errno = e;
    return hi;
}

int emu_nng_socket(int domain, int type, int protocol) {
    return lift(socket(domain, type, protocol));
}

int emu_nng_accept(int fd, struct sockaddr *addr, socklen_t *len) {
    return lift(accept(fd, addr, len));
}

int emu_nng_epoll_create1(int flags) {
    return lift(epoll_create1(flags));
}

int emu_nng_eventfd(unsigned int count, int flags) {
    return lift(eventfd(count, flags));
}

int emu_nng_pipe(int fds[2]) {
    int r = pipe(fds);
    if (r == 0) {
        fds[0] = lift(fds[0]);
        fds[1] = lift(fds[1]);
    }
    return r;
}
