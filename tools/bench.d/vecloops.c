// tools/bench.d/vecloops.c: SIMD benchmark through the compiler: loops written as plain C that it
// auto-vectorises (saxpy, clamp to bytes, widening sums, min/max, conditional select).
#include "bench.h"

enum { LEN = 8192 };
static float x[LEN], y[LEN];
static int32_t s[LEN], t[LEN];
static uint8_t u[LEN];
static int16_t w[LEN];

__attribute__((noinline)) static void saxpy(float k) {
  for (int i = 0; i < LEN; i++) y[i] = k * x[i] + y[i];
}
__attribute__((noinline)) static void clamp(void) {
  for (int i = 0; i < LEN; i++) {
    int32_t v = s[i] >> 8;
    u[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
  }
}
__attribute__((noinline)) static void widen(void) {
  for (int i = 0; i < LEN; i++) t[i] = w[i] * 3 + u[i] - (w[i] >> 2);
}
__attribute__((noinline)) static int64_t reduce(void) {
  int32_t mn = t[0], mx = t[0];
  int64_t sum = 0;
  for (int i = 0; i < LEN; i++) {
    mn = t[i] < mn ? t[i] : mn;
    mx = t[i] > mx ? t[i] : mx;
    sum += t[i] > 0 ? t[i] : -t[i];
  }
  return sum + mn - mx;
}

int main(int argc, char **argv) {
  long reps = bench_iters(argc, argv, 20000);
  for (int i = 0; i < LEN; i++) {
    x[i] = (float)(i % 97) * 0.01f;
    y[i] = (float)(i % 89) * -0.02f;
    s[i] = (i * 7919) % 100000 - 20000;
    w[i] = (int16_t)((i * 31) % 3000 - 1500);
  }
  int64_t acc = 0;
  for (long r = 0; r < reps; r++) {
    saxpy(r & 1 ? 0.5f : -0.5f);
    clamp();
    widen();
    acc += reduce();
    s[r % LEN] += 17;
  }
  double ys = 0;
  for (int i = 0; i < LEN; i++) ys += y[i];
  printf("vecloops %lld %.4f\n", (long long)acc, ys);
  return 0;
}
