// tests/diff/progs/autovec.c: plain C loops that GCC vectorises at -O3 (reductions, saxpy, min/max,
// conditional selects, int8 dot products, reversal, interleaved and strided access, type changes).
#include <stdlib.h>
#include "diff.h"

#define LEN 4099  // odd, so every loop has a scalar tail after its vector body

static int32_t ia[LEN], ib[LEN], ic[LEN];
static int8_t ba[LEN], bb[LEN];
static uint8_t ua[LEN];
static int16_t sa[LEN];
static float fa[LEN], fb[LEN], fc[LEN];
static double da[LEN], db[LEN];

static uint64_t hash32(const int32_t *v, int n) {
  uint64_t h = 0;
  for (int i = 0; i < n; i++) h = h * 31 + (uint32_t)v[i];
  return h;
}
static uint64_t hashf(const float *v, int n) {
  uint64_t h = 0;
  for (int i = 0; i < n; i++) {
    uint32_t u;
    memcpy(&u, &v[i], 4);
    h = h * 31 + u;
  }
  return h;
}

__attribute__((noinline)) static void saxpy(float k, const float *x, float *y, int n) {
  for (int i = 0; i < n; i++) y[i] = k * x[i] + y[i];
}
__attribute__((noinline)) static int64_t dot8(const int8_t *x, const int8_t *y, int n) {
  int32_t s = 0;
  for (int i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}
__attribute__((noinline)) static void select_max(int32_t *out_, const int32_t *x, const int32_t *y, int n) {
  for (int i = 0; i < n; i++) out_[i] = x[i] > y[i] ? x[i] - y[i] : (y[i] >> 3) + 1;
}
__attribute__((noinline)) static void clamp_u8(uint8_t *d, const int32_t *s, int n) {
  for (int i = 0; i < n; i++) {
    int32_t v = s[i] >> 20;
    d[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
  }
}
__attribute__((noinline)) static void reverse(int32_t *d, const int32_t *s, int n) {
  for (int i = 0; i < n; i++) d[i] = s[n - 1 - i];
}
__attribute__((noinline)) static void deinterleave(float *re, float *im, const float *c, int n) {
  for (int i = 0; i < n / 2; i++) {
    re[i] = c[2 * i];
    im[i] = c[2 * i + 1];
  }
}
__attribute__((noinline)) static void widen_sum(int32_t *d, const int16_t *s, const uint8_t *u, int n) {
  for (int i = 0; i < n; i++) d[i] = s[i] * 3 + u[i] - (s[i] >> 2);
}
__attribute__((noinline)) static double dsum(const double *x, const double *y, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}
__attribute__((noinline)) static void int_to_float(float *d, const int32_t *s, int n) {
  for (int i = 0; i < n; i++) d[i] = (float)s[i] * 0.5f;
}
__attribute__((noinline)) static void abs_diff(uint8_t *d, const int8_t *x, const int8_t *y, int n) {
  for (int i = 0; i < n; i++) {
    int v = x[i] - y[i];
    d[i] = (uint8_t)(v < 0 ? -v : v);
  }
}
__attribute__((noinline)) static void shifts(uint32_t *d, const uint32_t *s, int n) {
  for (int i = 0; i < n; i++) d[i] = (s[i] << 7) ^ (s[i] >> 3) ^ (uint32_t)((int32_t)s[i] >> 11);
}

int main(void) {
  for (int i = 0; i < LEN; i++) {
    uint64_t r = rnd();
    ia[i] = (int32_t)r;
    ib[i] = (int32_t)(r >> 32);
    ba[i] = (int8_t)(r >> 8);
    bb[i] = (int8_t)(r >> 40);
    sa[i] = (int16_t)(r >> 17);
    fa[i] = (float)(int32_t)r / 65536.0f;
    fb[i] = (float)(int16_t)(r >> 48) / 8.0f;
    da[i] = (double)(int64_t)r / 1e12;
    db[i] = (double)(i % 97) - 48.5;
  }
  for (int n = 1; n <= LEN; n = n * 2 + 1) {
    memcpy(fc, fb, sizeof fb);
    saxpy(1.5f, fa, fc, n);
    out("n=%d saxpy %016llx dot8 %lld dsum %.17g\n", n, (unsigned long long)hashf(fc, n),
        (long long)dot8(ba, bb, n), dsum(da, db, n));
    select_max(ic, ia, ib, n);
    out("  select %016llx\n", (unsigned long long)hash32(ic, n));
    clamp_u8(ua, ia, n);
    reverse(ic, ia, n);
    out("  reverse %016llx clamp %u %u\n", (unsigned long long)hash32(ic, n), ua[0], ua[n - 1]);
    widen_sum(ic, sa, ua, n);
    out("  widen %016llx\n", (unsigned long long)hash32(ic, n));
    deinterleave(fc, fc + LEN / 2 + 1, fa, n);
    out("  deint %016llx\n", (unsigned long long)hashf(fc, n / 2));
    int_to_float(fc, ia, n);
    out("  i2f %016llx\n", (unsigned long long)hashf(fc, n));
    abs_diff(ua, ba, bb, n);
    shifts((uint32_t *)ic, (const uint32_t *)ia, n);
    uint64_t s = 0;
    for (int i = 0; i < n; i++) s += ua[i];
    out("  absdiff %llu shifts %016llx\n", (unsigned long long)s, (unsigned long long)hash32(ic, n));
  }
  // Reductions over the whole arrays: min, max, sum, count.
  int32_t mn = ia[0], mx = ia[0];
  int64_t sum = 0;
  int cnt = 0;
  float fmx = fa[0];
  for (int i = 0; i < LEN; i++) {
    mn = ia[i] < mn ? ia[i] : mn;
    mx = ia[i] > mx ? ia[i] : mx;
    sum += ia[i];
    cnt += ba[i] > bb[i];
    fmx = fa[i] > fmx ? fa[i] : fmx;
  }
  out("min %d max %d sum %lld cnt %d fmax %a\n", mn, mx, (long long)sum, cnt, (double)fmx);
  return diff_status();
}
