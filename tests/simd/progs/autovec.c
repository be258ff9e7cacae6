// autovec.c — integer loops GCC vectorises at -O3 into Advanced SIMD: saturating arithmetic,
// sums of absolute differences, widening multiply-accumulate, de-interleaving loads (LD2/LD3/LD4)
// and interleaving stores, variable shifts, narrowing with saturation, reductions, byte counts.
#include "prog.h"

#include <stdlib.h>

#define LEN 1027 /* odd: every loop ends with a scalar tail */

static uint8_t u8a[LEN * 4], u8b[LEN * 4], u8c[LEN * 4];
static int8_t s8a[LEN], s8b[LEN];
static int16_t s16a[LEN], s16b[LEN], s16c[LEN];
static uint16_t u16a[LEN], u16b[LEN];
static int32_t s32a[LEN], s32b[LEN], s32c[LEN];
static uint32_t u32a[LEN];
static int64_t s64a[LEN], s64b[LEN];

__attribute__((noinline)) static void sat_add_u8(uint8_t *d, const uint8_t *a, const uint8_t *b) {
    for (int i = 0; i < LEN; i++) {
        unsigned x = a[i] + b[i];
        d[i] = x > 255 ? 255 : (uint8_t)x;
    }
}
__attribute__((noinline)) static void sat_sub_s16(int16_t *d, const int16_t *a, const int16_t *b) {
    for (int i = 0; i < LEN; i++) {
        int x = a[i] - b[i];
        d[i] = (int16_t)(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
    }
}
__attribute__((noinline)) static uint32_t sad_u8(const uint8_t *a, const uint8_t *b, int n) {
    uint32_t s = 0;
    for (int i = 0; i < n; i++)
        s += (uint32_t)abs(a[i] - b[i]);
    return s;
}
__attribute__((noinline)) static int64_t mac_s16(const int16_t *a, const int16_t *b) {
    int64_t s = 0;
    for (int i = 0; i < LEN; i++)
        s += (int32_t)a[i] * b[i];
    return s;
}
__attribute__((noinline)) static uint32_t dot_u8(const uint8_t *a, const uint8_t *b) {
    uint32_t s = 0;
    for (int i = 0; i < LEN; i++)
        s += (uint32_t)a[i] * b[i];
    return s;
}
__attribute__((noinline)) static int32_t dot_s8(const int8_t *a, const int8_t *b) {
    int32_t s = 0;
    for (int i = 0; i < LEN; i++)
        s += a[i] * b[i];
    return s;
}
__attribute__((noinline)) static void rgb_to_gray(uint8_t *g, const uint8_t *rgb) {
    for (int i = 0; i < LEN; i++)
        g[i] = (uint8_t)((77 * rgb[3 * i] + 150 * rgb[3 * i + 1] + 29 * rgb[3 * i + 2]) >> 8);
}
__attribute__((noinline)) static void rgba_swap(uint8_t *d, const uint8_t *s) {
    for (int i = 0; i < LEN; i++) {
        d[4 * i] = s[4 * i + 2];
        d[4 * i + 1] = s[4 * i + 1];
        d[4 * i + 2] = s[4 * i];
        d[4 * i + 3] = (uint8_t)(s[4 * i + 3] ^ 0xff);
    }
}
__attribute__((noinline)) static void interleave(int16_t *d, const int16_t *a, const int16_t *b) {
    for (int i = 0; i < LEN; i++)
        d[2 * i] = a[i], d[2 * i + 1] = (int16_t)(b[i] >> 1);
}
__attribute__((noinline)) static void var_shift(uint32_t *d, const uint32_t *a, const int32_t *s) {
    for (int i = 0; i < LEN; i++)
        d[i] = (s[i] & 32) ? a[i] >> (s[i] & 31) : a[i] << (s[i] & 31);
}
__attribute__((noinline)) static void narrow_sat(uint8_t *d, const int32_t *a) {
    for (int i = 0; i < LEN; i++) {
        int32_t x = a[i] >> 4;
        d[i] = (uint8_t)(x < 0 ? 0 : x > 255 ? 255 : x);
    }
}
__attribute__((noinline)) static void abs_avg(int16_t *d, const int16_t *a, const int16_t *b) {
    for (int i = 0; i < LEN; i++)
        d[i] = (int16_t)((abs(a[i]) + abs(b[i]) + 1) >> 1);
}
__attribute__((noinline)) static void minmax(const int16_t *a, const uint8_t *b, int *out) {
    int16_t mn = INT16_MAX;
    uint8_t mx = 0;
    for (int i = 0; i < LEN; i++)
        mn = a[i] < mn ? a[i] : mn;
    for (int i = 0; i < LEN; i++)
        mx = b[i] > mx ? b[i] : mx;
    out[0] = mn, out[1] = mx;
}
__attribute__((noinline)) static int popcount_bytes(const uint8_t *a) {
    int s = 0;
    for (int i = 0; i < LEN; i++)
        s += __builtin_popcount(a[i]);
    return s;
}
__attribute__((noinline)) static int count_eq(const uint8_t *a, uint8_t c) {
    int s = 0;
    for (int i = 0; i < LEN; i++)
        s += a[i] == c;
    return s;
}
__attribute__((noinline)) static void mul64(int64_t *d, const int64_t *a, const int64_t *b) {
    for (int i = 0; i < LEN; i++)
        d[i] = a[i] * b[i] + (a[i] >> 3) - (b[i] & 0xff);
}
__attribute__((noinline)) static void widen_mul(int32_t *d, const int16_t *a, const int16_t *b) {
    for (int i = 0; i < LEN; i++)
        d[i] = a[i] * b[i] - (a[i] << 2);
}
__attribute__((noinline)) static void select_bytes(uint8_t *d, const uint8_t *a, const uint8_t *b) {
    for (int i = 0; i < LEN; i++)
        d[i] = a[i] > b[i] ? (uint8_t)(a[i] - b[i]) : (uint8_t)(b[i] | 1);
}

int main(void) {
    prog_fill(u8a, sizeof u8a);
    prog_fill(u8b, sizeof u8b);
    prog_fill(s8a, sizeof s8a);
    prog_fill(s8b, sizeof s8b);
    prog_fill(s16a, sizeof s16a);
    prog_fill(s16b, sizeof s16b);
    prog_fill(u16a, sizeof u16a);
    prog_fill(s32a, sizeof s32a);
    prog_fill(s32b, sizeof s32b);
    prog_fill(s64a, sizeof s64a);
    prog_fill(s64b, sizeof s64b);
    for (int i = 0; i < LEN; i += 7)
        s16a[i] = INT16_MIN, u8a[i] = 255;

    sat_add_u8(u8c, u8a, u8b);
    PRINT_HASH("sat_add_u8", u8c, LEN);
    sat_sub_s16(s16c, s16a, s16b);
    PRINT_HASH("sat_sub_s16", s16c, sizeof s16c);
    printf("sad %u %u\n", sad_u8(u8a, u8b, LEN), sad_u8(u8a + 1, u8b + 3, LEN - 5));
    printf("mac %lld\n", (long long)mac_s16(s16a, s16b));
    printf("dot %u %d\n", dot_u8(u8a, u8b), dot_s8(s8a, s8b));
    rgb_to_gray(u8c, u8a);
    PRINT_HASH("rgb_to_gray", u8c, LEN);
    rgba_swap(u8c, u8b);
    PRINT_HASH("rgba_swap", u8c, 4 * LEN);
    interleave((int16_t *)u8c, s16a, s16b);
    PRINT_HASH("interleave", u8c, 4 * LEN);
    var_shift(u32a, (const uint32_t *)s32a, s32b);
    PRINT_HASH("var_shift", u32a, sizeof u32a);
    narrow_sat(u8c, s32a);
    PRINT_HASH("narrow_sat", u8c, LEN);
    abs_avg(s16c, s16a, s16b);
    PRINT_HASH("abs_avg", s16c, sizeof s16c);
    int mm[2];
    minmax(s16a + 1, u8b, mm);
    printf("minmax %d %d\n", mm[0], mm[1]);
    printf("popcount %d count_eq %d\n", popcount_bytes(u8a), count_eq(u8b, 0x5a));
    mul64(s64a, s64a, s64b);
    PRINT_HASH("mul64", s64a, sizeof s64a);
    widen_mul(s32c, s16a, s16b);
    PRINT_HASH("widen_mul", s32c, sizeof s32c);
    select_bytes(u8c, u8a, u8b);
    PRINT_HASH("select_bytes", u8c, LEN);
    (void)u16b;
    return 0;
}
