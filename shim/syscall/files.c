/* files.c — system calls on open file descriptors: read/write and their vector and
 * positioned forms, seek, dup, pipes, fcntl, sendfile, sync, truncate, getdents. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/uio.h>

#include "../abi/arm64.h"
#include "../mm.h"
#include "syscall.h"

#define IOV_MAX_GUEST 1024

/* A bad buffer faults in the kernel at its first inaccessible byte: transfer only the
 * accessible prefix, and fail with EFAULT only when there is none. */
static long clamp_buf(uint64_t buf, uint64_t *len, int prot) {
    if (*len == 0) return 0;
    uint64_t n = guest_extent(buf, *len, prot);
    if (n == 0) return -EFAULT;
    *len = n;
    return 0;
}

SYS(read) {
    uint64_t n = c->a[2];
    long r = clamp_buf(c->a[1], &n, GPROT_WRITE);
    return r ? r : ssys3(SYS_read, c->a[0], c->a[1], n);
}

SYS(write) {
    uint64_t n = c->a[2];
    long r = clamp_buf(c->a[1], &n, GPROT_READ);
    return r ? r : ssys3(SYS_write, c->a[0], c->a[1], n);
}

SYS(pread64) {
    uint64_t n = c->a[2];
    long r = clamp_buf(c->a[1], &n, GPROT_WRITE);
    return r ? r : hsys4(SYS_pread64, c->a[0], c->a[1], n, c->a[3]);
}

SYS(pwrite64) {
    uint64_t n = c->a[2];
    long r = clamp_buf(c->a[1], &n, GPROT_READ);
    return r ? r : hsys4(SYS_pwrite64, c->a[0], c->a[1], n, c->a[3]);
}

/* Copy and check a guest iovec array (same layout on both ABIs); a buffer that is only
 * partly accessible ends the vector there. Returns the count to use, or -errno. */
static long iov_import(uint64_t addr, uint64_t cnt, struct iovec *out, int prot) {
    if (cnt > IOV_MAX_GUEST) return -EINVAL;
    if (guest_read(out, addr, cnt * sizeof *out)) return -EFAULT;
    for (uint64_t i = 0; i < cnt; i++) {
        uint64_t len = out[i].iov_len;
        if ((int64_t)len < 0) return -EINVAL;
        if (len == 0) continue;
        uint64_t n = guest_extent((uint64_t)out[i].iov_base, len, prot);
        if (n < len) {
            if (n == 0 && i == 0) return -EFAULT;
            out[i].iov_len = n;
            return n ? (long)i + 1 : (long)i;
        }
    }
    return (long)cnt;
}

static long iov_call(sys_call *c, long nr, int prot, int nargs) {
    struct iovec iov[IOV_MAX_GUEST];
    long n = iov_import(c->a[1], c->a[2], iov, prot);
    if (n < 0) return n;
    return safe_sys6(nr, c->a[0], (long)iov, n, c->a[3], nargs > 4 ? c->a[4] : 0,
                     nargs > 5 ? c->a[5] : 0);
}

SYS(readv) {
    return iov_call(c, SYS_readv, GPROT_WRITE, 3);
}
SYS(writev) {
    return iov_call(c, SYS_writev, GPROT_READ, 3);
}
SYS(preadv) {
    return iov_call(c, SYS_preadv, GPROT_WRITE, 5);
}
SYS(pwritev) {
    return iov_call(c, SYS_pwritev, GPROT_READ, 5);
}
SYS(preadv2) {
    return iov_call(c, SYS_preadv2, GPROT_WRITE, 6);
}
SYS(pwritev2) {
    return iov_call(c, SYS_pwritev2, GPROT_READ, 6);
}

SYS(lseek) {
    return hsys3(SYS_lseek, c->a[0], c->a[1], c->a[2]);
}
SYS(close) {
    return hsys1(SYS_close, c->a[0]);
}
SYS(close_range) {
    return hsys3(SYS_close_range, c->a[0], c->a[1], c->a[2]);
}
SYS(dup) {
    return hsys1(SYS_dup, c->a[0]);
}
SYS(dup3) {
    return hsys3(SYS_dup3, c->a[0], c->a[1], c->a[2]);
}
SYS(fsync) {
    return hsys1(SYS_fsync, c->a[0]);
}
SYS(fdatasync) {
    return hsys1(SYS_fdatasync, c->a[0]);
}
SYS(ftruncate) {
    return hsys2(SYS_ftruncate, c->a[0], c->a[1]);
}
SYS(fallocate) {
    return hsys4(SYS_fallocate, c->a[0], c->a[1], c->a[2], c->a[3]);
}
SYS(flock) {
    return ssys2(SYS_flock, c->a[0], c->a[1]);
}
SYS(fadvise64) {
    return hsys4(SYS_fadvise64, c->a[0], c->a[1], c->a[2], c->a[3]);
}
SYS(sync) {
    return hsys0(SYS_sync);
}
SYS(syncfs) {
    return hsys1(SYS_syncfs, c->a[0]);
}
SYS(sync_file_range) {
    return hsys4(SYS_sync_file_range, c->a[0], c->a[1], c->a[2], c->a[3]);
}
SYS(readahead) {
    return hsys3(SYS_readahead, c->a[0], c->a[1], c->a[2]);
}

SYS(pipe2) {
    GUEST_CHECK(c->a[0], 8, GPROT_WRITE);
    return hsys2(SYS_pipe2, c->a[0], abi_oflags_from_arm64(c->a[1]));
}

SYS(getdents64) {
    uint64_t n = c->a[2];
    long r = clamp_buf(c->a[1], &n, GPROT_WRITE);
    return r ? r : hsys3(SYS_getdents64, c->a[0], c->a[1], n);
}

SYS(sendfile) {
    if (c->a[2]) GUEST_CHECK(c->a[2], 8, GPROT_READ | GPROT_WRITE);
    return hsys4(SYS_sendfile, c->a[0], c->a[1], c->a[2], c->a[3]);
}

SYS(copy_file_range) {
    if (c->a[1]) GUEST_CHECK(c->a[1], 8, GPROT_READ | GPROT_WRITE);
    if (c->a[3]) GUEST_CHECK(c->a[3], 8, GPROT_READ | GPROT_WRITE);
    return hsys6(SYS_copy_file_range, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], c->a[5]);
}

SYS(splice) {
    if (c->a[1]) GUEST_CHECK(c->a[1], 8, GPROT_READ | GPROT_WRITE);
    if (c->a[3]) GUEST_CHECK(c->a[3], 8, GPROT_READ | GPROT_WRITE);
    return hsys6(SYS_splice, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], c->a[5]);
}

SYS(tee) {
    return hsys4(SYS_tee, c->a[0], c->a[1], c->a[2], c->a[3]);
}

/* fcntl commands, as {cmd, bytes the argument points to (0 = an integer argument)};
 * struct flock has the same layout on both ABIs. */
static const struct {
    int cmd;
    int ptr_size;
} fcntl_cmds[] = {
    {F_DUPFD, 0},      {F_GETFD, 0},      {F_SETFD, 0},         {F_GETLK, 32},
    {F_SETLK, 32},     {F_SETLKW, 32},    {F_SETOWN, 0},        {F_GETOWN, 0},
    {F_SETSIG, 0},     {F_GETSIG, 0},     {F_GETOWN_EX, 8},     {F_SETOWN_EX, 8},
    {F_OFD_GETLK, 32}, {F_OFD_SETLK, 32}, {F_OFD_SETLKW, 32},   {F_SETLEASE, 0},
    {F_GETLEASE, 0},   {F_NOTIFY, 0},     {F_DUPFD_CLOEXEC, 0}, {F_SETPIPE_SZ, 0},
    {F_GETPIPE_SZ, 0}, {F_ADD_SEALS, 0},  {F_GET_SEALS, 0},
};

SYS(fcntl) {
    int cmd = (int)c->a[1];
    if (cmd == F_GETFL) {
        long r = hsys2(SYS_fcntl, c->a[0], F_GETFL);
        return r < 0 ? r : (long)abi_oflags_to_arm64((int)r);
    }
    if (cmd == F_SETFL) return hsys3(SYS_fcntl, c->a[0], F_SETFL, abi_oflags_from_arm64(c->a[2]));
    for (size_t i = 0; i < sizeof fcntl_cmds / sizeof *fcntl_cmds; i++) {
        if (fcntl_cmds[i].cmd != cmd) continue;
        if (fcntl_cmds[i].ptr_size) GUEST_CHECK(c->a[2], fcntl_cmds[i].ptr_size, GPROT_READ);
        if (fcntl_cmds[i].ptr_size && cmd != F_SETLK && cmd != F_SETLKW && cmd != F_SETOWN_EX &&
            cmd != F_OFD_SETLK && cmd != F_OFD_SETLKW)
            GUEST_CHECK(c->a[2], fcntl_cmds[i].ptr_size, GPROT_WRITE);
        return ssys3(SYS_fcntl, c->a[0], cmd, c->a[2]); /* F_SETLKW, F_OFD_SETLKW wait */
    }
    return -EINVAL;
}
