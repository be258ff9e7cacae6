// tools/bench.d/qsort.c: sorting benchmark: libc qsort with comparator callbacks over integers and
// over structs with string keys (indirect calls from libc into the program).
#include <string.h>
#include "bench.h"

struct rec {
  char name[12];
  int key;
};

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}
static int cmp_rec(const void *a, const void *b) {
  const struct rec *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : x->key - y->key;
}

int main(int argc, char **argv) {
  long reps = bench_iters(argc, argv, 8);
  enum { N = 200000 };
  static int v[N];
  static struct rec recs[N / 4];
  uint64_t seed = 1, h = 0;
  for (long r = 0; r < reps; r++) {
    for (int i = 0; i < N; i++) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      v[i] = (int)(seed >> 33);
    }
    qsort(v, N, sizeof v[0], cmp_int);
    for (int i = 0; i < N / 4; i++) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      for (int k = 0; k < 6; k++) recs[i].name[k] = (char)('a' + (seed >> (20 + 5 * k)) % 8);
      recs[i].name[6] = 0;
      recs[i].key = i;
    }
    qsort(recs, N / 4, sizeof recs[0], cmp_rec);
    h = bench_mix(h, (uint64_t)v[N / 2] + (uint64_t)recs[N / 8].key);
  }
  printf("qsort %016llx\n", (unsigned long long)h);
  return 0;
}
