// tools/bench.d/simd_dot.c: SIMD benchmark: float and int8 dot products with arm_neon.h on arm64,
// and the same arithmetic as plain loops (which the compiler vectorises) on other hosts.
#include "bench.h"
#ifdef __ARM_NEON
#include <arm_neon.h>
#endif

enum { LEN = 4096 };
static float fa[LEN], fb[LEN];
static int8_t ia[LEN], ib[LEN];

static float dot_f32(const float *x, const float *y) {
#ifdef __ARM_NEON
  float32x4_t s0 = vdupq_n_f32(0), s1 = vdupq_n_f32(0);
  for (int i = 0; i < LEN; i += 8) {
    s0 = vfmaq_f32(s0, vld1q_f32(x + i), vld1q_f32(y + i));
    s1 = vfmaq_f32(s1, vld1q_f32(x + i + 4), vld1q_f32(y + i + 4));
  }
  return vaddvq_f32(vaddq_f32(s0, s1));
#else
  float s[8] = {0};
  for (int i = 0; i < LEN; i += 8)
    for (int k = 0; k < 8; k++) s[k] += x[i + k] * y[i + k];
  return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
#endif
}

static int32_t dot_i8(const int8_t *x, const int8_t *y) {
#ifdef __ARM_NEON
  int32x4_t acc = vdupq_n_s32(0);
  for (int i = 0; i < LEN; i += 16) {
    int8x16_t a = vld1q_s8(x + i), b = vld1q_s8(y + i);
    acc = vpadalq_s16(acc, vmull_s8(vget_low_s8(a), vget_low_s8(b)));
    acc = vpadalq_s16(acc, vmull_high_s8(a, b));
  }
  return vaddvq_s32(acc);
#else
  int32_t s = 0;
  for (int i = 0; i < LEN; i++) s += x[i] * y[i];
  return s;
#endif
}

int main(int argc, char **argv) {
  long reps = bench_iters(argc, argv, 120000);
  for (int i = 0; i < LEN; i++) {
    fa[i] = (float)((i * 37) % 101) / 50.0f - 1.0f;
    fb[i] = (float)((i * 53) % 97) / 48.0f - 1.0f;
    ia[i] = (int8_t)((i * 29) % 251 - 125);
    ib[i] = (int8_t)((i * 61) % 241 - 120);
  }
  double fs = 0;
  int64_t is = 0;
  for (long r = 0; r < reps; r++) {
    fs += dot_f32(fa, fb);
    is += dot_i8(ia, ib);
    fa[r % LEN] += 1e-3f;
    ia[r % LEN] ^= 1;
  }
  printf("simd_dot %.3f %lld\n", fs, (long long)is);
  return 0;
}
