// tools/bench.d/strings.c: libc benchmark: memcpy, memset, strlen, strchr, strcmp and memchr over
// buffers of many sizes, the routines every real program spends time in.
#include <string.h>
#include "bench.h"

static char src[1 << 16], dst[1 << 16];

int main(int argc, char **argv) {
  long reps = bench_iters(argc, argv, 50000);
  for (size_t i = 0; i < sizeof src; i++) src[i] = (char)('a' + (i * 7 + i / 13) % 26);
  static const size_t sizes[] = {7, 16, 33, 100, 257, 1024, 4000, 16384, 65535};
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    for (int k = 0; k < 9; k++) {
      size_t n = sizes[k], off = (size_t)r % 7;
      memcpy(dst + off, src + k, n - off);
      dst[n - 1] = 0;
      h = bench_mix(h, strlen(dst));
      const char *p = strchr(dst, 'z' - (int)(r % 3));
      h = bench_mix(h, p ? (uint64_t)(p - dst) : 0);
      h = bench_mix(h, (uint64_t)(strcmp(dst, src + k) > 0));
      const char *q = memchr(src + 1, 'q', n - 1);
      h = bench_mix(h, q ? (uint64_t)(q - src) : 0);
      memset(dst, (int)(r & 0x7f) | 1, n / 2);
    }
  }
  printf("strings %016llx\n", (unsigned long long)h);
  return 0;
}
