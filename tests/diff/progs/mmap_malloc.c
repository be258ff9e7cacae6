// tests/diff/progs/mmap_malloc.c: the guest address space: large anonymous mmaps touched page by
// page, munmap of parts, mremap growth, mprotect, file-backed maps, brk through malloc of many
// sizes, realloc chains and calloc zeroing.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "diff.h"

static uint64_t sum_pages(const uint8_t *p, size_t len, size_t page) {
  uint64_t s = 0;
  for (size_t off = 0; off < len; off += page) s = s * 7 + p[off] + p[off + page - 1];
  return s;
}

static void big_maps(void) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  for (size_t mb = 1; mb <= 256; mb *= 4) {
    size_t len = mb << 20;
    uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      out("mmap %zu MB failed\n", mb);
      continue;
    }
    uint64_t zero = sum_pages(p, len, page);  // fresh anonymous memory reads as zero
    for (size_t off = 0; off < len; off += page) {
      p[off] = (uint8_t)(off >> 12);
      p[off + page - 1] = (uint8_t)(off >> 20);
    }
    out("mmap %zu MB zero=%llu sum=%016llx\n", mb, (unsigned long long)zero,
        (unsigned long long)sum_pages(p, len, page));
    // Punch a hole, then map it again: it must read as zero again.
    size_t hole = len / 4;
    munmap(p + hole, page * 4);
    uint8_t *q = mmap(p + hole, page * 4, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    out("  refill same=%d zero=%d\n", q == p + hole, q[0] == 0 && q[page * 4 - 1] == 0);
    uint8_t *r = mremap(p, len, len * 2, MREMAP_MAYMOVE);
    if (r != MAP_FAILED) {
      r[len * 2 - 1] = 9;
      out("  mremap kept=%d tail=%d newzero=%d\n", r[page] == (uint8_t)(page >> 12), r[len * 2 - 1], r[len] == 0);
      munmap(r, len * 2);
    } else {
      munmap(p, len);
    }
  }
  uint8_t *ro = mmap(NULL, page * 3, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(ro, 0x5a, page * 3);
  out("mprotect ro %d\n", mprotect(ro + page, page, PROT_READ));
  out("still readable %d\n", ro[page + 5]);
  out("mprotect rw %d\n", mprotect(ro + page, page, PROT_READ | PROT_WRITE));
  ro[page + 5] = 1;
  out("written %d\n", ro[page + 5]);
  munmap(ro, page * 3);
}

static void file_map(void) {
  char path[] = "/tmp/emud-diff-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    out("mkstemp failed\n");
    return;
  }
  unlink(path);
  char block[5000];
  for (int i = 0; i < 5000; i++) block[i] = (char)('A' + i % 26);
  out("write %zd\n", write(fd, block, sizeof block));
  char *m = mmap(NULL, 5000, PROT_READ, MAP_PRIVATE, fd, 0);
  out("file map %c%c%c last=%c\n", m[0], m[1], m[4097], m[4999]);
  char *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
  s[0] = '#';
  msync(s, 4096, MS_SYNC);
  char back = 0;
  pread(fd, &back, 1, 4096);
  out("shared write seen by read: %c\n", back);
  munmap(m, 5000);
  munmap(s, 4096);
  close(fd);
}

static void heap(void) {
  void *ptrs[2000];
  uint64_t h = 0;
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < 2000; i++) {
      size_t n = (size_t)(rnd() % (i % 10 == 0 ? 200000 : 300)) + 1;
      uint8_t *p = malloc(n);
      memset(p, i & 0xff, n);
      p[n - 1] = (uint8_t)n;
      ptrs[i] = p;
      h = h * 3 + p[n / 2] + p[n - 1];
    }
    for (int i = 0; i < 2000; i += 2) free(ptrs[i]);
    for (int i = 0; i < 2000; i += 2) {
      uint8_t *p = calloc(1 + (size_t)i % 777, 3);
      size_t zeros = 0;
      for (size_t k = 0; k < (1 + (size_t)i % 777) * 3; k++) zeros += p[k] == 0;
      h = h * 5 + zeros;
      ptrs[i] = p;
    }
    for (int i = 0; i < 2000; i++) free(ptrs[i]);
    out("heap round %d %016llx\n", round, (unsigned long long)h);
  }
  uint8_t *grow = NULL;
  size_t len = 0;
  for (int i = 0; i < 60; i++) {
    size_t nlen = len + 1 + (size_t)(rnd() % 50000);
    grow = realloc(grow, nlen);
    for (size_t k = len; k < nlen; k++) grow[k] = (uint8_t)(k * 7);
    len = nlen;
  }
  uint64_t s = 0;
  for (size_t k = 0; k < len; k++) s += grow[k] ^ (uint8_t)(k * 7);
  out("realloc len %zu mismatches %llu\n", len, (unsigned long long)s);
  grow = realloc(grow, 10);
  out("shrunk %d %d\n", grow[3], grow[9]);
  free(grow);
  void *al = aligned_alloc(4096, 8192);
  out("aligned %d\n", ((uintptr_t)al & 4095) == 0);
  free(al);
  void *brk0 = sbrk(0);
  void *brk1 = sbrk(1 << 20);
  out("sbrk grew %d\n", brk1 == brk0 && sbrk(0) == (char *)brk0 + (1 << 20));
}

int main(void) {
  big_maps();
  file_map();
  heap();
  return diff_status();
}
