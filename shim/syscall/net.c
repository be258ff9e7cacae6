/* net.c — sockets. Addresses, socket options, struct msghdr and control messages have
 * the same layouts on arm64 and x86-64, so the work here is checking guest pointers. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "../mm.h"
#include "syscall.h"

#define IOV_MAX_NET 1024

/* Optional (address, length-in/out) pair, as accept/getsockname/recvfrom take. */
static long check_addr_out(uint64_t addr, uint64_t lenp) {
    if (!addr) return 0;
    uint32_t len;
    if (guest_read(&len, lenp, 4)) return -EFAULT;
    GUEST_CHECK(lenp, 4, GPROT_WRITE);
    if ((int32_t)len < 0) return -EINVAL;
    GUEST_CHECK(addr, len, GPROT_WRITE);
    return 0;
}

SYS(socket) {
    return hsys3(SYS_socket, c->a[0], c->a[1], c->a[2]);
}
SYS(listen) {
    return hsys2(SYS_listen, c->a[0], c->a[1]);
}
SYS(shutdown) {
    return hsys2(SYS_shutdown, c->a[0], c->a[1]);
}

SYS(socketpair) {
    GUEST_CHECK(c->a[3], 8, GPROT_WRITE);
    return hsys4(SYS_socketpair, c->a[0], c->a[1], c->a[2], c->a[3]);
}

SYS(bind) {
    GUEST_CHECK(c->a[1], (uint32_t)c->a[2], GPROT_READ);
    return hsys3(SYS_bind, c->a[0], c->a[1], c->a[2]);
}

SYS(connect) {
    GUEST_CHECK(c->a[1], (uint32_t)c->a[2], GPROT_READ);
    return ssys3(SYS_connect, c->a[0], c->a[1], c->a[2]);
}

SYS(accept) {
    long r = check_addr_out(c->a[1], c->a[2]);
    return r ? r : ssys3(SYS_accept, c->a[0], c->a[1], c->a[2]);
}

SYS(accept4) {
    long r = check_addr_out(c->a[1], c->a[2]);
    return r ? r : ssys4(SYS_accept4, c->a[0], c->a[1], c->a[2], c->a[3]);
}

SYS(getsockname) {
    long r = c->a[1] ? check_addr_out(c->a[1], c->a[2]) : -EFAULT;
    return r ? r : hsys3(SYS_getsockname, c->a[0], c->a[1], c->a[2]);
}

SYS(getpeername) {
    long r = c->a[1] ? check_addr_out(c->a[1], c->a[2]) : -EFAULT;
    return r ? r : hsys3(SYS_getpeername, c->a[0], c->a[1], c->a[2]);
}

SYS(sendto) {
    GUEST_CHECK(c->a[1], c->a[2], GPROT_READ);
    if (c->a[4]) GUEST_CHECK(c->a[4], (uint32_t)c->a[5], GPROT_READ);
    return safe_sys6(SYS_sendto, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], c->a[5]);
}

SYS(recvfrom) {
    GUEST_CHECK(c->a[1], c->a[2], GPROT_WRITE);
    long r = check_addr_out(c->a[4], c->a[5]);
    return r ? r : safe_sys6(SYS_recvfrom, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], c->a[5]);
}

SYS(setsockopt) {
    GUEST_CHECK(c->a[3], (uint32_t)c->a[4], GPROT_READ);
    return hsys5(SYS_setsockopt, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
}

SYS(getsockopt) {
    long r = check_addr_out(c->a[3], c->a[4]);
    if (!c->a[3]) r = -EFAULT;
    return r ? r : hsys5(SYS_getsockopt, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
}

/* Check everything a guest struct msghdr points to; prot is what the kernel does with the
 * data buffers (reads them for send, writes them for receive). */
static long check_msghdr(uint64_t addr, int prot, struct msghdr *m) {
    if (guest_read(m, addr, sizeof *m)) return -EFAULT;
    if (m->msg_name) GUEST_CHECK((uint64_t)m->msg_name, m->msg_namelen, prot);
    if (m->msg_control) GUEST_CHECK((uint64_t)m->msg_control, m->msg_controllen, prot);
    if (m->msg_iovlen > IOV_MAX_NET) return -EMSGSIZE;
    struct iovec iov[IOV_MAX_NET];
    if (guest_read(iov, (uint64_t)m->msg_iov, m->msg_iovlen * sizeof *iov)) return -EFAULT;
    for (size_t i = 0; i < m->msg_iovlen; i++)
        GUEST_CHECK((uint64_t)iov[i].iov_base, iov[i].iov_len, prot);
    if (prot & GPROT_WRITE) GUEST_CHECK(addr, sizeof *m, GPROT_WRITE);
    return 0;
}

SYS(sendmsg) {
    struct msghdr m;
    long r = check_msghdr(c->a[1], GPROT_READ, &m);
    return r ? r : ssys3(SYS_sendmsg, c->a[0], c->a[1], c->a[2]);
}

SYS(recvmsg) {
    struct msghdr m;
    long r = check_msghdr(c->a[1], GPROT_WRITE, &m);
    return r ? r : ssys3(SYS_recvmsg, c->a[0], c->a[1], c->a[2]);
}

/* struct mmsghdr: a msghdr and the length the kernel writes back. */
static long check_mmsg(uint64_t vec, uint64_t n, int prot) {
    if (n > IOV_MAX_NET) n = IOV_MAX_NET;
    for (uint64_t i = 0; i < n; i++) {
        struct msghdr m;
        long r = check_msghdr(vec + i * 64, prot, &m);
        if (r) return r;
        GUEST_CHECK(vec + i * 64 + 56, 4, GPROT_WRITE);
    }
    return 0;
}

SYS(sendmmsg) {
    long r = check_mmsg(c->a[1], c->a[2], GPROT_READ);
    return r ? r : ssys4(SYS_sendmmsg, c->a[0], c->a[1], c->a[2], c->a[3]);
}

SYS(recvmmsg) {
    long r = check_mmsg(c->a[1], c->a[2], GPROT_WRITE);
    if (!r && c->a[4]) GUEST_CHECK(c->a[4], 16, GPROT_READ | GPROT_WRITE);
    return r ? r : ssys5(SYS_recvmmsg, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
}
