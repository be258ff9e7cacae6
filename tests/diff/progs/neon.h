// tests/diff/progs/neon.h: shared by the NEON programs of the differential corpus: seeded vector
// inputs and printing of every vector type as hex lanes (folded into the checksum by out()).
#ifndef NEON_H
#define NEON_H
#include <arm_neon.h>
#include "diff.h"

static inline void pv(const char *tag, const void *p, int bytes) {
  const uint8_t *b = p;
  char buf[160];
  int n = 0;
  for (int i = bytes - 1; i >= 0; i--) n += snprintf(buf + n, sizeof buf - (size_t)n, "%02x", b[i]);
  out("%s %s\n", tag, buf);
}
#define P16(tag, v)            \
  do {                         \
    __typeof__(v) t_ = (v);    \
    pv(tag, &t_, 16);          \
  } while (0)
#define P8(tag, v)             \
  do {                         \
    __typeof__(v) t_ = (v);    \
    pv(tag, &t_, 8);           \
  } while (0)

// 16 random bytes, biased toward lane values that hit saturation and sign edges.
static inline uint8x16_t rnd_bytes(void) {
  uint8_t b[16];
  for (int i = 0; i < 16; i++) {
    uint64_t r = rnd();
    switch (r & 7) {
    case 0: b[i] = 0x7f; break;
    case 1: b[i] = 0x80; break;
    case 2: b[i] = (r >> 8) & 1 ? 0xff : 0; break;
    default: b[i] = (uint8_t)(r >> 16);
    }
  }
  return vld1q_u8(b);
}

static inline float32x4_t rnd_f32(void) {
  static const float special[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 1e30f, -1e-30f, 1e-40f,
                                  3.4e38f, __builtin_inff(), -__builtin_inff(), __builtin_nanf("")};
  float f[4];
  for (int i = 0; i < 4; i++) {
    uint64_t r = rnd();
    if ((r & 3) == 0) f[i] = special[(r >> 8) % 12];
    else f[i] = (float)((int64_t)(r >> 20) % 200000) / 64.0f;
  }
  return vld1q_f32(f);
}

static inline float64x2_t rnd_f64(void) {
  static const double special[] = {0.0, -0.0, 1.0, -2.5, 1e300, -1e-310, __builtin_inf(), __builtin_nan("")};
  double d[2];
  for (int i = 0; i < 2; i++) {
    uint64_t r = rnd();
    if ((r & 3) == 0) d[i] = special[(r >> 8) % 8];
    else d[i] = (double)((int64_t)(r >> 12) % 100000000) / 1024.0;
  }
  return vld1q_f64(d);
}
#endif
