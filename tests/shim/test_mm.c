/* test_mm.c — the guest address space: region bookkeeping, fixed maps that must never
 * take emulator memory, munmap/mprotect/mremap/brk semantics, and checked guest access
 * (including a fault turned into -EFAULT). */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guestmem.h"
#include "mm.h"
#include "shim.h"

#define BASE 0x200000000ull /* 8 GiB: free in a static-pie or PIE test process */
#define PG   GUEST_PAGE
#define RW   (PROT_READ | PROT_WRITE)

static void setup(void) {
    cr_assert_eq(mm_init(NULL), 0);
}

TestSuite(mm, .init = setup);

Test(mm, regions_merge_and_split) {
    mm_region_add(0x10000, 0x20000, PROT_READ);
    mm_region_add(0x20000, 0x30000, PROT_READ);
    cr_expect_eq(mm_region_count(), 1, "equal neighbours merge");
    mm_region_add(0x18000, 0x1c000, RW);
    cr_expect_eq(mm_region_count(), 3);
    cr_expect_eq(mm_region_find(0x19000)->prot, RW);
    cr_expect_eq(mm_region_find(0x1c000)->prot, PROT_READ);
    mm_region_remove(0x14000, 0x19000);
    cr_expect_null(mm_region_find(0x15000));
    cr_expect_eq(mm_region_find(0x13fff)->end, 0x14000);
    cr_expect_eq(mm_region_find(0x19000)->start, 0x19000);
    cr_expect(guest_access_ok(0x19000, 0x17000, PROT_READ));
    cr_expect_not(guest_access_ok(0x19000, 0x17000, PROT_WRITE));
    cr_expect_not(guest_access_ok(0x13000, 0x2000, PROT_READ), "hole in the middle");
    cr_expect_eq(guest_extent(0x12000, 0x10000, PROT_READ), 0x2000);
    cr_expect_eq(guest_extent(0x19000, 0x100000, PROT_READ), 0x17000);
    cr_expect_eq(guest_extent(0x14000, 0x1000, PROT_READ), 0);
    cr_expect(guest_access_ok(0x99999, 0, PROT_WRITE), "empty range is fine");
}

Test(mm, fixed_map_never_takes_emulator_memory) {
    uint64_t code = GUEST_PAGE_DOWN((uintptr_t)&setup);
    cr_expect(mm_is_emulator(code, code + PG));
    cr_expect_eq(guest_mmap(code, PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), -ENOMEM);
    cr_expect_eq(guest_mmap(code, PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0),
                 -EEXIST);
    /* a host mapping made after the snapshot is found by the probe */
    void *late = mmap((void *)(BASE + 0x100000), 2 * PG, RW,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq((uint64_t)late, BASE + 0x100000);
    memset(late, 0xab, 2 * PG);
    long r = guest_mmap(BASE, 0x200000, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    cr_expect_eq(r, -ENOMEM);
    cr_expect_eq(((uint8_t *)late)[PG + 5], 0xab, "the emulator's mapping is untouched");
    cr_expect_null(mm_region_find(BASE), "nothing left behind");
    cr_expect_eq(mm_region_count(), 0);
    /* and the gap reservations were given back: the range is free again */
    void *again =
        mmap((void *)BASE, PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_expect_eq((uint64_t)again, BASE);
}

Test(mm, fixed_map_replace_and_noreplace) {
    long r = guest_mmap(BASE, 4 * PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    cr_assert_eq(r, (long)BASE);
    memset((void *)BASE, 1, 4 * PG);
    cr_expect(guest_access_ok(BASE, 4 * PG, RW));
    cr_expect_eq(
        guest_mmap(BASE + PG, PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0),
        -EEXIST);
    /* MAP_FIXED over the guest's own memory and past it: replaced, zero-filled */
    r = guest_mmap(BASE + 2 * PG, 4 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
                   0);
    cr_assert_eq(r, (long)(BASE + 2 * PG));
    cr_expect_eq(*(uint8_t *)(BASE + 2 * PG), 0);
    cr_expect_eq(*(uint8_t *)(BASE + PG), 1);
    cr_expect_eq(mm_region_find(BASE + 5 * PG)->prot, PROT_READ);
    cr_expect_eq(mm_region_find(BASE)->end, BASE + 2 * PG);
}

Test(mm, mmap_argument_checks) {
    int anon = MAP_PRIVATE | MAP_ANONYMOUS;
    cr_expect_eq(guest_mmap(0, 0, RW, anon, -1, 0), -EINVAL);
    cr_expect_eq(guest_mmap(0, PG, RW, MAP_ANONYMOUS, -1, 0), -EINVAL, "no map type");
    cr_expect_eq(guest_mmap(0, PG, RW, anon, -1, 100), -EINVAL, "unaligned offset");
    cr_expect_eq(guest_mmap(BASE + 1, PG, RW, anon | MAP_FIXED, -1, 0), -EINVAL);
    cr_expect_eq(guest_mmap(0, PG, RW | 0x20, anon, -1, 0), -EINVAL, "PROT_MTE");
    cr_expect_eq(guest_mmap((1ull << 47) - PG, 2 * PG, RW, anon | MAP_FIXED, -1, 0), -ENOMEM);
    long r = guest_mmap(0, 3 * PG + 1, RW, anon, -1, 0);
    cr_assert_gt(r, 0);
    cr_expect(guest_access_ok(r, 4 * PG, RW), "length rounds up to pages");
    cr_expect_lt((uint64_t)r + 4 * PG, 1ull << 47);
    r = guest_mmap(0, PG, PROT_READ | PROT_EXEC | 0x10 /* BTI */, anon, -1, 0);
    cr_assert_gt(r, 0);
    cr_expect_eq(mm_region_find(r)->prot, PROT_READ | PROT_EXEC);
}

Test(mm, munmap_only_guest_pieces) {
    cr_assert_eq(guest_mmap(BASE, 4 * PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
                 (long)BASE);
    void *emu = mmap((void *)(BASE + 4 * PG), PG, RW,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq((uint64_t)emu, BASE + 4 * PG);
    cr_expect_eq(guest_munmap(BASE + PG, 8 * PG), 0);
    *(volatile uint8_t *)emu = 7; /* still mapped: would fault otherwise */
    cr_expect(guest_access_ok(BASE, PG, RW));
    cr_expect_not(guest_access_ok(BASE + PG, PG, PROT_READ));
    cr_expect_eq(guest_munmap(BASE + 1, PG), -EINVAL);
    cr_expect_eq(guest_munmap(BASE, 0), -EINVAL);
}

Test(mm, mprotect_and_madvise) {
    cr_assert_eq(guest_mmap(BASE, 4 * PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
                 (long)BASE);
    cr_expect_eq(guest_mprotect(BASE + PG, PG, PROT_READ | PROT_EXEC), 0);
    cr_expect_eq(mm_region_find(BASE + PG)->prot, PROT_READ | PROT_EXEC);
    cr_expect_eq(mm_region_find(BASE)->prot, RW);
    cr_expect_eq(mprotect((void *)(BASE + PG), PG, PROT_READ), 0, "host side exists");
    cr_expect_eq(guest_mprotect(BASE + 3 * PG, 2 * PG, PROT_READ), -ENOMEM, "partly unmapped");
    cr_expect_eq(guest_mprotect(BASE + 5, PG, PROT_READ), -EINVAL);
    cr_expect_eq(guest_mprotect(BASE, 0, PROT_READ), 0);
    memset((void *)BASE, 9, PG);
    cr_expect_eq(guest_madvise(BASE, PG, MADV_DONTNEED), 0);
    cr_expect_eq(*(uint8_t *)BASE, 0, "anonymous memory reads zero after DONTNEED");
    cr_expect_eq(guest_madvise(BASE + 4 * PG, PG, MADV_DONTNEED), -ENOMEM);
}

Test(mm, mremap_grow_and_move) {
    cr_assert_eq(guest_mmap(BASE, 2 * PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
                 (long)BASE);
    *(uint32_t *)BASE = 0xfeedface;
    long r = guest_mremap(BASE, 2 * PG, 4 * PG, 0, 0);
    cr_expect_eq(r, (long)BASE, "grows in place into free space");
    cr_expect(guest_access_ok(BASE, 4 * PG, RW));
    r = guest_mremap(BASE, 4 * PG, 8 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + 0x100000);
    cr_assert_eq(r, (long)(BASE + 0x100000));
    cr_expect_eq(*(uint32_t *)r, 0xfeedface);
    cr_expect_null(mm_region_find(BASE));
    cr_expect(guest_access_ok(r, 8 * PG, RW));
    cr_expect_eq(guest_mremap(BASE, PG, 2 * PG, 0, 0), -EFAULT, "not mapped");
    uint64_t code = GUEST_PAGE_DOWN((uintptr_t)&setup);
    cr_expect_eq(guest_mremap(r, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, code), -ENOMEM);
}

Test(mm, brk_grows_and_shrinks) {
    guest_brk_init(BASE + 123);
    uint64_t start = BASE + PG;
    cr_expect_eq(guest_brk(0), start);
    cr_expect_eq(guest_brk(start + 10000), start + 10000);
    memset((void *)start, 0x55, 10000);
    cr_expect(guest_access_ok(start, 3 * PG, RW));
    cr_expect_eq(guest_brk(start + 100), start + 100);
    cr_expect_not(guest_access_ok(start + PG, PG, PROT_READ));
    cr_expect_eq(guest_brk(start + 2 * PG), start + 2 * PG);
    cr_expect_eq(*(uint8_t *)(start + PG), 0, "pages given back read zero when taken again");
    cr_expect_eq(guest_brk(start - 1), start + 2 * PG, "below the start: unchanged");
    /* something in the way: the break stays where it is */
    void *wall = mmap((void *)(start + 4 * PG), PG, RW,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq((uint64_t)wall, start + 4 * PG);
    cr_expect_eq(guest_brk(start + 8 * PG), start + 2 * PG);
    cr_expect_eq(*(volatile uint8_t *)wall, 0);
}

Test(mm, guest_copies_check_and_recover) {
    cr_assert_eq(fault_install(), 0);
    char buf[16];
    cr_expect_eq(guest_read(buf, BASE, 8), -EFAULT, "unmapped");
    cr_expect_eq(guest_write((uintptr_t)buf, "x", 1), -EFAULT, "emulator memory");
    cr_assert_eq(guest_mmap(BASE, 2 * PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
                 (long)BASE);
    cr_expect_eq(guest_write(BASE + 10, "hello", 6), 0);
    cr_expect_eq(guest_read(buf, BASE + 10, 6), 0);
    cr_expect_str_eq(buf, "hello");
    cr_expect_eq(guest_strnlen(BASE + 10, 100), 5);
    cr_expect_eq(guest_strnlen(BASE + 10, 3), -ENAMETOOLONG);
    memset((void *)(BASE + PG), 'a', PG); /* no NUL up to the end of the mapping */
    cr_expect_eq(guest_strnlen(BASE + PG, 1 << 20), -EFAULT);

    /* a file mapping past the end of its file: the host raises SIGBUS on access */
    char path[] = "/tmp/test_shim_mm_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    unlink(path);
    cr_assert_eq(write(fd, "abc", 3), 3);
    long r = guest_mmap(BASE + 0x100000, 2 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
    cr_assert_eq(r, (long)(BASE + 0x100000));
    cr_expect_eq(guest_read(buf, r, 3), 0);
    cr_expect_eq(memcmp(buf, "abc", 3), 0);
    cr_expect_eq(guest_read(buf, r + PG, 8), -EFAULT, "SIGBUS became -EFAULT");
    cr_expect_eq(guest_read(buf, r + 1, 2), 0, "and copies work again afterwards");
    close(fd);
}
