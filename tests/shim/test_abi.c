/* test_abi.c — arm64 ABI conversions: struct stat field offsets and values (incl. the
 * EOVERFLOW case) and the open-flag bits that differ between arm64 and x86-64. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>

#include "abi/arm64.h"

Test(abi, stat_layout) {
    /* offsets of the asm-generic struct stat that arm64 uses */
    cr_expect_eq(offsetof(arm64_stat, st_mode), 16);
    cr_expect_eq(offsetof(arm64_stat, st_nlink), 20);
    cr_expect_eq(offsetof(arm64_stat, st_rdev), 32);
    cr_expect_eq(offsetof(arm64_stat, st_size), 48);
    cr_expect_eq(offsetof(arm64_stat, st_blksize), 56);
    cr_expect_eq(offsetof(arm64_stat, st_blocks), 64);
    cr_expect_eq(offsetof(arm64_stat, st_atime_sec), 72);
    cr_expect_eq(offsetof(arm64_stat, st_mtime_sec), 88);
    cr_expect_eq(offsetof(arm64_stat, st_ctime_nsec), 112);
    cr_expect_eq(sizeof(arm64_stat), 128);
}

Test(abi, stat_values) {
    struct stat h;
    memset(&h, 0, sizeof h);
    h.st_dev = 0x803;
    h.st_ino = 0x123456789ull;
    h.st_mode = 0100644;
    h.st_nlink = 2;
    h.st_uid = 1000;
    h.st_gid = 100;
    h.st_rdev = 0x501;
    h.st_size = 1ll << 40;
    h.st_blksize = 4096;
    h.st_blocks = 77;
    h.st_atim = (struct timespec){1700000000, 1};
    h.st_mtim = (struct timespec){1700000001, 2};
    h.st_ctim = (struct timespec){1700000002, 999999999};
    arm64_stat g;
    memset(&g, 0xff, sizeof g);
    cr_assert_eq(abi_stat_to_arm64(&h, &g), 0);
    cr_expect_eq(g.st_dev, 0x803);
    cr_expect_eq(g.st_ino, 0x123456789ull);
    cr_expect_eq(g.st_mode, 0100644);
    cr_expect_eq(g.st_nlink, 2);
    cr_expect_eq(g.st_uid, 1000);
    cr_expect_eq(g.st_gid, 100);
    cr_expect_eq(g.st_rdev, 0x501);
    cr_expect_eq(g.pad1, 0);
    cr_expect_eq(g.st_size, 1ll << 40);
    cr_expect_eq(g.st_blksize, 4096);
    cr_expect_eq(g.pad2, 0);
    cr_expect_eq(g.st_blocks, 77);
    cr_expect_eq(g.st_atime_sec, 1700000000);
    cr_expect_eq(g.st_atime_nsec, 1);
    cr_expect_eq(g.st_mtime_nsec, 2);
    cr_expect_eq(g.st_ctime_sec, 1700000002);
    cr_expect_eq(g.st_ctime_nsec, 999999999);
    cr_expect_eq(g.unused4, 0);
    cr_expect_eq(g.unused5, 0);
}

Test(abi, stat_nlink_overflow) {
    struct stat h;
    memset(&h, 0, sizeof h);
    h.st_nlink = 1ull << 33;
    arm64_stat g;
    cr_expect_eq(abi_stat_to_arm64(&h, &g), -EOVERFLOW);
}

Test(abi, open_flags) {
    /* the arm64 values, as the guest's libc passes them */
    cr_expect_eq(abi_oflags_from_arm64(0), O_RDONLY);
    cr_expect_eq(abi_oflags_from_arm64(0100 | 01000 | 2), O_CREAT | O_TRUNC | O_RDWR);
    cr_expect_eq(abi_oflags_from_arm64(02000000), O_CLOEXEC);
    cr_expect_eq(abi_oflags_from_arm64(040000), O_DIRECTORY);
    cr_expect_eq(abi_oflags_from_arm64(0100000), O_NOFOLLOW);
    cr_expect_eq(abi_oflags_from_arm64(0200000), O_DIRECT);
    cr_expect_eq(abi_oflags_from_arm64(0400000), 0100000); /* the kernel's x86-64 O_LARGEFILE */
    cr_expect_eq(abi_oflags_to_arm64(O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK),
                 040000 | 0100000 | 04000);
    cr_expect_eq(abi_oflags_to_arm64(0100000 | O_WRONLY), 0400000 | 1);
    for (uint64_t bit = 1; bit < (1u << 24); bit <<= 1)
        cr_expect_eq(abi_oflags_to_arm64(abi_oflags_from_arm64(bit)), bit, "bit %#llx",
                     (unsigned long long)bit);
}
