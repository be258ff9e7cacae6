/* arm64.h — Linux arm64 user ABI structures and constants that differ from the x86-64
 * host's, and the small functions that convert them at the syscall boundary. */
#ifndef SHIM_ABI_ARM64_H
#define SHIM_ABI_ARM64_H

#include <stdint.h>
#include <sys/stat.h>

/* What the kernel reports in AT_MINSIGSTKSZ for a frame with FPSIMD state (no SVE);
 * the shim's own signal frames must fit in it. Same as arm64's MINSIGSTKSZ. */
#define ARM64_MINSIGSTKSZ 5120

/* asm-generic struct stat (newfstatat, fstat): 128 bytes, 32-bit mode/nlink/uid/gid. */
typedef struct arm64_stat {
    uint64_t st_dev, st_ino;
    uint32_t st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev, pad1;
    int64_t st_size;
    int32_t st_blksize, pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t unused4, unused5;
} arm64_stat;
_Static_assert(sizeof(arm64_stat) == 128, "arm64 struct stat is 128 bytes");

/* 0, or -EOVERFLOW when a value does not fit the arm64 field (as cp_new_stat does). */
int abi_stat_to_arm64(const struct stat *h, arm64_stat *g);

/* The kernel struct sigaction (rt_sigaction): same field order as x86-64's, but it is
 * the guest's and is kept as the guest wrote it. */
typedef struct arm64_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
} arm64_sigaction;

/* struct epoll_event is not packed on arm64 (16 bytes), it is on x86-64 (12). */
typedef struct arm64_epoll_event {
    uint32_t events;
    uint32_t pad;
    uint64_t data;
} arm64_epoll_event;

/* open(2) flags: arm64 swaps the bits of O_DIRECTORY/O_NOFOLLOW/O_DIRECT/O_LARGEFILE. */
#define ARM64_O_DIRECTORY 0040000
#define ARM64_O_NOFOLLOW  0100000
#define ARM64_O_DIRECT    0200000
#define ARM64_O_LARGEFILE 0400000
int abi_oflags_from_arm64(uint64_t g);
uint64_t abi_oflags_to_arm64(int h);

#endif
