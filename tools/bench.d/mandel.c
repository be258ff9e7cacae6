// tools/bench.d/mandel.c: floating-point benchmark: a Mandelbrot set escape-time grid in double
// precision (multiply-add chains, compares, data-dependent loop exits).
#include <math.h>
#include "bench.h"

int main(int argc, char **argv) {
  long size = (long)(700 * sqrt(bench_scale(argc, argv)) + 0.5);  // work grows with the area
  if (size < 16) size = 16;
  uint64_t total = 0, h = 0;
  for (long row = 0; row < size; row++) {
    for (long col = 0; col < size; col++) {
      double cr = -2.0 + 2.5 * (double)col / (double)size, ci = -1.25 + 2.5 * (double)row / (double)size;
      double zr = 0, zi = 0;
      int it = 0;
      while (it < 500 && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        it++;
      }
      total += (uint64_t)it;
    }
    h = bench_mix(h, total);
  }
  printf("mandel %llu %016llx\n", (unsigned long long)total, (unsigned long long)h);
  return 0;
}
