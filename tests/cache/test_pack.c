/* test_pack.c — warm packs: written from a warm set, found by offset, and refused when they
 * cannot be emud's (writable, another image or ABI, damaged). */
#include <criterion/criterion.h>
#include <emucache.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N 40

static char dir[] = "/tmp/emu-pack-test.XXXXXX";
static uint8_t recs[N][CACHE_RECORD_HEADER_LEN + 24];
static cache_warm_item items[N];
static cache_warm_set set = {.items = items, .count = N};
static const cache_image_id img = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}};

/* Records are opaque to packs but for their key flags (u32 at byte 32): every fourth one is
 * of another namespace and must stay out. */
static void setup(void) {
    cr_assert(mkdtemp(dir));
    for (int i = 0; i < N; i++) {
        memset(recs[i], i + 1, sizeof recs[i]);
        uint32_t flags = i % 4 == 3 ? 1u << 8 : 0;
        memcpy(recs[i] + 32, &flags, 4);
        items[i] = (cache_warm_item){.offset = 0x1000 + 16u * (unsigned)i,
                                     .record = recs[i],
                                     .record_len = sizeof recs[i] - (size_t)(i % 3)};
    }
}

static void teardown(void) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert(system(cmd) == 0);
}

static char *pack_path(uint64_t abi) {
    static char path[256];
    char name[CACHE_PACK_NAME_LEN];
    cache_pack_name(&img, abi, name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

TestSuite(pack, .init = setup, .fini = teardown);

Test(pack, round_trip) {
    size_t len = 0;
    cr_assert(cache_pack_write(dir, &img, 77, &set, 0, &len) == 0);
    struct stat st;
    cr_assert(stat(pack_path(77), &st) == 0);
    cr_expect((st.st_mode & 0777) == 0444);
    cr_expect((size_t)st.st_size == len);
    cache_pack *pk;
    cr_assert(cache_pack_open(dir, &img, 77, &pk) == 0);
    cr_expect(cache_pack_count(pk) == N - N / 4);
    for (int i = 0; i < N; i++) {
        const uint8_t *r;
        size_t rl;
        int e = cache_pack_find(pk, items[i].offset, &r, &rl);
        if (i % 4 == 3) {
            cr_expect(e == CACHE_ENOTFOUND, "record %d of another namespace published", i);
            continue;
        }
        cr_assert(e == 0, "record %d: %d", i, e);
        cr_expect(rl == items[i].record_len && !memcmp(r, recs[i], rl));
    }
    const uint8_t *r;
    size_t rl;
    cr_expect(cache_pack_find(pk, 0x1008, &r, &rl) == CACHE_ENOTFOUND);
    cr_expect(cache_pack_find(pk, 0, &r, &rl) == CACHE_ENOTFOUND);
    cr_expect(cache_pack_find(pk, 0xffffffff, &r, &rl) == CACHE_ENOTFOUND);
    cache_pack_close(pk);
}

Test(pack, refused_when_not_emuds) {
    cache_pack *pk;
    cr_expect(cache_pack_open(dir, &img, 77, &pk) == -ENOENT);
    cr_assert(cache_pack_write(dir, &img, 77, &set, 0, NULL) == 0);
    cr_expect(cache_pack_open(dir, &img, 78, &pk) == -ENOENT, "another ABI");
    cr_assert(chmod(pack_path(77), 0644) == 0);
    cr_expect(cache_pack_open(dir, &img, 77, &pk) == -EPERM, "a writable pack");
    /* a file named for one image that holds another's pack */
    cache_image_id other = img;
    other.b[0] ^= 1;
    cr_assert(cache_pack_write(dir, &other, 77, &set, 0, NULL) == 0);
    char name[CACHE_PACK_NAME_LEN], from[256];
    cache_pack_name(&other, 77, name);
    snprintf(from, sizeof from, "%s/%s", dir, name);
    cr_assert(rename(from, pack_path(77)) == 0);
    cr_expect(cache_pack_open(dir, &img, 77, &pk) == CACHE_EKEY);
}

Test(pack, damaged_packs_are_refused) {
    cr_assert(cache_pack_write(dir, &img, 77, &set, 0, NULL) == 0);
    struct stat st;
    cr_assert(stat(pack_path(77), &st) == 0);
    uint8_t *orig = malloc((size_t)st.st_size);
    int fd = open(pack_path(77), O_RDONLY);
    cr_assert(read(fd, orig, (size_t)st.st_size) == st.st_size);
    close(fd);
    /* every header and index byte, flipped in turn: refused, or every record it finds lies
     * inside the file */
    size_t index_end = 64 + (size_t)(N - N / 4) * 16;
    for (size_t at = 0; at < index_end; at++) {
        cr_assert(chmod(pack_path(77), 0644) == 0);
        fd = open(pack_path(77), O_WRONLY);
        uint8_t b = orig[at] ^ 0x80;
        cr_assert(pwrite(fd, &b, 1, (off_t)at) == 1);
        close(fd);
        cr_assert(chmod(pack_path(77), 0444) == 0);
        cache_pack *pk;
        if (cache_pack_open(dir, &img, 77, &pk) == 0) {
            for (uint64_t off = 0x1000; off < 0x1000 + 16 * N; off += 16) {
                const uint8_t *r;
                size_t rl;
                if (cache_pack_find(pk, off, &r, &rl) == 0)
                    cr_expect(rl > 0 && rl <= (size_t)st.st_size, "find out of bounds");
            }
            cache_pack_close(pk);
        }
        cr_assert(chmod(pack_path(77), 0644) == 0);
        fd = open(pack_path(77), O_WRONLY);
        cr_assert(pwrite(fd, &orig[at], 1, (off_t)at) == 1);
        close(fd);
    }
    cr_assert(chmod(pack_path(77), 0444) == 0);
    cr_assert(truncate(pack_path(77), 100) == 0);
    cache_pack *pk;
    cr_expect(cache_pack_open(dir, &img, 77, &pk) == CACHE_ELENGTH);
    free(orig);
}

Test(pack, no_pack_without_records_of_the_namespace) {
    cr_assert(cache_pack_write(dir, &img, 77, &set, 0, NULL) == 0);
    /* only records of namespace 1 (key flags 1 << 8) qualify: every fourth one */
    cr_assert(cache_pack_write(dir, &img, 77, &set, 1u << 8, NULL) == 0);
    cache_pack *pk;
    cr_assert(cache_pack_open(dir, &img, 77, &pk) == 0);
    cr_expect(cache_pack_count(pk) == N / 4);
    cache_pack_close(pk);
    cr_expect(cache_pack_write(dir, &img, 77, &set, 2u << 8, NULL) == -ENODATA);
    cr_expect(cache_pack_open(dir, &img, 77, &pk) == -ENOENT, "the old pack stayed");
}
