// tools/bench.d/bench.h: shared by the benchmark programs: the work scale from argv[1] (1.0 by
// default; tools/bench --quick passes less) and a checksum print that qemu and emu must agree on.
#ifndef BENCH_H
#define BENCH_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline double bench_scale(int argc, char **argv) {
  double s = argc > 1 ? atof(argv[1]) : 1.0;
  return s > 0 ? s : 1.0;
}

static inline long bench_iters(int argc, char **argv, long base) {
  long n = (long)(base * bench_scale(argc, argv));
  return n > 0 ? n : 1;
}

static inline uint64_t bench_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}
#endif
