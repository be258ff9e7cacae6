// tests/diff/progs/string_mem.c: memcpy/memmove/memset/memcmp/memchr over many sizes, source and
// destination alignments and overlaps, each checked against a byte loop and hashed.
#include <stdlib.h>
#include "diff.h"

#define BUF 8192
static uint8_t a[BUF + 64], b[BUF + 64], ref[BUF + 64];

static uint64_t hash(const uint8_t *p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static void fill(uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(rnd() >> 33);
}

static const size_t sizes[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65,
                               95, 96, 127, 128, 129, 255, 256, 257, 511, 1000, 1024, 2049, 4095, 4096, 8000};
#define NSIZES (int)(sizeof sizes / sizeof sizes[0])

int main(void) {
  int errors = 0;
  for (int si = 0; si < NSIZES; si++) {
    size_t n = sizes[si];
    for (int sa = 0; sa < 16; sa += 5)
      for (int da = 0; da < 16; da += 3) {
        fill(a, sizeof a);
        fill(b, sizeof b);
        memcpy(ref, b, sizeof b);
        memcpy(b + da, a + sa, n);
        for (size_t i = 0; i < n; i++) ref[da + i] = a[sa + i];
        errors += memcmp(b, ref, sizeof b) != 0;
        out("cpy n=%zu s=%d d=%d %016llx\n", n, sa, da, (unsigned long long)hash(b, sizeof b));
      }
    for (int shift = -17; shift <= 17; shift += 5) {
      fill(a, sizeof a);
      memcpy(ref, a, sizeof a);
      size_t base = 32;
      if (shift < 0 && (size_t)-shift > base) continue;
      if (base + shift + n > BUF + 32) continue;
      memmove(a + base + shift, a + base, n);
      uint8_t *tmp = malloc(n + 1);
      memcpy(tmp, ref + base, n);
      memcpy(ref + base + shift, tmp, n);
      free(tmp);
      errors += memcmp(a, ref, sizeof a) != 0;
      out("move n=%zu shift=%d %016llx\n", n, shift, (unsigned long long)hash(a, sizeof a));
    }
    for (int da = 0; da < 16; da += 7) {
      int c = (int)(rnd() & 0xff);
      fill(a, sizeof a);
      memset(a + da, c, n);
      size_t ok = 0;
      for (size_t i = 0; i < n; i++) ok += a[da + i] == (uint8_t)c;
      errors += ok != n;
      out("set n=%zu d=%d c=%d %016llx\n", n, da, c, (unsigned long long)hash(a, sizeof a));
    }
    fill(a, sizeof a);
    memcpy(b, a, sizeof a);
    if (n) b[n - 1] ^= (uint8_t)(1 + (rnd() & 0x7f));
    int cmp = memcmp(a + 3, b + 3, n ? n - 1 : 0);
    int cmp2 = memcmp(a, b, n);
    const uint8_t *hit = memchr(a + 1, a[n / 2 + 1], n);
    const uint8_t *rhit = memrchr(a, a[n / 3], n);
    out("cmp n=%zu %d %d chr %td rchr %td\n", n, cmp == 0, (cmp2 > 0) - (cmp2 < 0), hit ? hit - a : -1,
        rhit ? rhit - a : -1);
  }
  out("errors %d\n", errors);
  return errors ? 99 : diff_status();
}
