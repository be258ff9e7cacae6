// tools/bench.d/hash.c: integer benchmark: an open-addressing hash table (insert, lookup, delete)
// keyed by 64-bit values mixed with a multiply-xorshift hash.
#include <string.h>
#include "bench.h"

#define CAP (1u << 20)
static uint64_t keys[CAP];
static uint32_t vals[CAP];

static inline uint64_t mixh(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ull;
  x ^= x >> 27;
  x *= 0x81dadef4bc2dd44dull;
  return x ^ (x >> 33);
}

int main(int argc, char **argv) {
  long rounds = bench_iters(argc, argv, 12);
  uint64_t h = 0;
  for (long r = 0; r < rounds; r++) {
    memset(keys, 0, sizeof keys);
    for (uint32_t i = 1; i <= CAP / 2; i++) {
      uint64_t k = mixh(i + (uint64_t)r * 7919);
      uint32_t slot = (uint32_t)k & (CAP - 1);
      while (keys[slot] && keys[slot] != k) slot = (slot + 1) & (CAP - 1);
      keys[slot] = k;
      vals[slot] = i;
    }
    uint64_t found = 0;
    for (uint32_t i = 1; i <= CAP / 2; i += 3) {
      uint64_t k = mixh(i * 2 + (uint64_t)r * 7919);
      uint32_t slot = (uint32_t)k & (CAP - 1);
      while (keys[slot] && keys[slot] != k) slot = (slot + 1) & (CAP - 1);
      if (keys[slot] == k) found += vals[slot];
    }
    h = bench_mix(h, found);
  }
  printf("hash %016llx\n", (unsigned long long)h);
  return 0;
}
