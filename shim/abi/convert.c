/* convert.c — conversions between the arm64 guest's structures and flags and the
 * x86-64 host's (only where the two ABIs really differ). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "arm64.h"

int abi_stat_to_arm64(const struct stat *h, arm64_stat *g) {
    memset(g, 0, sizeof *g);
    g->st_dev = h->st_dev;
    g->st_ino = h->st_ino;
    g->st_mode = h->st_mode;
    g->st_nlink = (uint32_t)h->st_nlink;
    if (g->st_nlink != h->st_nlink) return -EOVERFLOW;
    g->st_uid = h->st_uid;
    g->st_gid = h->st_gid;
    g->st_rdev = h->st_rdev;
    g->st_size = h->st_size;
    g->st_blksize = (int32_t)h->st_blksize;
    g->st_blocks = h->st_blocks;
    g->st_atime_sec = h->st_atim.tv_sec;
    g->st_atime_nsec = h->st_atim.tv_nsec;
    g->st_mtime_sec = h->st_mtim.tv_sec;
    g->st_mtime_nsec = h->st_mtim.tv_nsec;
    g->st_ctime_sec = h->st_ctim.tv_sec;
    g->st_ctime_nsec = h->st_ctim.tv_nsec;
    return 0;
}

/* The x86-64 kernel's values (glibc's O_LARGEFILE is 0 on x86-64, the kernel's is not). */
#define HOST_O_DIRECT    0040000
#define HOST_O_LARGEFILE 0100000
#define HOST_O_DIRECTORY 0200000
#define HOST_O_NOFOLLOW  0400000

/* The four bits that differ, as {arm64 bit, host bit}. */
static const struct {
    uint64_t g;
    int h;
} oflag_swaps[] = {
    {ARM64_O_DIRECTORY, HOST_O_DIRECTORY},
    {ARM64_O_NOFOLLOW, HOST_O_NOFOLLOW},
    {ARM64_O_DIRECT, HOST_O_DIRECT},
    {ARM64_O_LARGEFILE, HOST_O_LARGEFILE},
};
#define SWAP_G_MASK (ARM64_O_DIRECTORY | ARM64_O_NOFOLLOW | ARM64_O_DIRECT | ARM64_O_LARGEFILE)
#define SWAP_H_MASK (HOST_O_DIRECTORY | HOST_O_NOFOLLOW | HOST_O_DIRECT | HOST_O_LARGEFILE)

int abi_oflags_from_arm64(uint64_t g) {
    int h = (int)(g & ~(uint64_t)SWAP_G_MASK);
    for (size_t i = 0; i < sizeof oflag_swaps / sizeof *oflag_swaps; i++)
        if (g & oflag_swaps[i].g) h |= oflag_swaps[i].h;
    return h;
}

uint64_t abi_oflags_to_arm64(int h) {
    uint64_t g = (uint32_t)h & ~(uint32_t)SWAP_H_MASK;
    for (size_t i = 0; i < sizeof oflag_swaps / sizeof *oflag_swaps; i++)
        if (h & oflag_swaps[i].h) g |= oflag_swaps[i].g;
    return g;
}
