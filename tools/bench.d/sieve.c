// tools/bench.d/sieve.c: integer benchmark: repeated sieve of Eratosthenes over a byte array,
// a tight loop of stores and compare-and-branch.
#include <string.h>
#include "bench.h"

int main(int argc, char **argv) {
  long reps = bench_iters(argc, argv, 40);
  enum { N = 2000000 };
  static uint8_t composite[N + 1];
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    memset(composite, 0, sizeof composite);
    long count = 0;
    for (long i = 2; i <= N; i++) {
      if (composite[i]) continue;
      count++;
      for (long j = i * i; j <= N; j += i) composite[j] = 1;
    }
    h = bench_mix(h, (uint64_t)count + (uint64_t)r);
  }
  printf("sieve %016llx\n", (unsigned long long)h);
  return 0;
}
