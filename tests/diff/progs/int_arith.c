// tests/diff/progs/int_arith.c: integer add/sub/mul/neg/compare at every width, signed and
// unsigned, with the overflow builtins and mixed-width promotions.
#include "diff.h"

#define N 120

#define ARITH(T, FMT, CAST)                                                                  \
  static void arith_##T(void) {                                                              \
    for (int i = 0; i < N; i++) {                                                            \
      T a = (T)val(i), b = (T)val((i * 7 + 3) % N);                                          \
      T s, d, m;                                                                             \
      int os = __builtin_add_overflow(a, b, &s);                                             \
      int od = __builtin_sub_overflow(a, b, &d);                                             \
      int om = __builtin_mul_overflow(a, b, &m);                                             \
      out(#T " a=" FMT " b=" FMT " s=" FMT "/%d d=" FMT "/%d m=" FMT "/%d lt=%d le=%d eq=%d\n", \
          CAST a, CAST b, CAST s, os, CAST d, od, CAST m, om, a < b, a <= b, a == b);        \
    }                                                                                        \
  }

ARITH(int8_t, "%d", (int))
ARITH(uint8_t, "%u", (unsigned))
ARITH(int16_t, "%d", (int))
ARITH(uint16_t, "%u", (unsigned))
ARITH(int32_t, "%d", (int))
ARITH(uint32_t, "%u", (unsigned))
ARITH(int64_t, "%lld", (long long))
ARITH(uint64_t, "%llu", (unsigned long long))

// Wrapping arithmetic written with unsigned types so it is defined C at every -O level.
static void wrapping(void) {
  for (int i = 0; i < N; i++) {
    uint64_t a = val(i), b = val(N - 1 - i);
    uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
    int64_t sa = (int64_t)a;
    out("w64 %016llx %016llx %016llx %016llx %016llx\n", (unsigned long long)(a + b),
        (unsigned long long)(a - b), (unsigned long long)(a * b), (unsigned long long)(0 - a),
        (unsigned long long)(~a + (b << 3) - (a >> 5)));
    out("w32 %08x %08x %08x %08x %08x\n", a32 + b32, a32 - b32, a32 * b32, 0u - a32,
        (a32 * 5u) ^ (b32 * 9u));
    // Mixed widths: sign and zero extension on the way up.
    int8_t s8 = (int8_t)a;
    uint8_t u8 = (uint8_t)a;
    int16_t s16 = (int16_t)b;
    int32_t s32 = (int32_t)a;
    out("ext %lld %llu %lld %lld %lld %llu\n", (long long)s8, (unsigned long long)u8,
        (long long)s16 * s8, (long long)s32 + s16, (long long)(sa >> 17),
        (unsigned long long)((uint64_t)s32 + u8));
    // Multiply-add and multiply-subtract shapes.
    out("madd %016llx %016llx %08x %016llx\n", (unsigned long long)(a * b + (a ^ b)),
        (unsigned long long)((a ^ 0x55) - a * b), a32 * b32 + 7u,
        (unsigned long long)((uint64_t)a32 * b32));
    out("smull %016llx\n", (unsigned long long)((int64_t)(int32_t)a32 * (int32_t)b32));
  }
}

// Comparisons the compiler turns into cmp/ccmp chains and csel.
static void compares(void) {
  int count = 0;
  for (int i = 0; i < N; i++) {
    int64_t a = (int64_t)val(i), b = (int64_t)val((i * 13 + 1) % N);
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
    int r = (a < b) * 1 + (a > b) * 2 + (ua < ub) * 4 + (ua > ub) * 8 + (a == b) * 16 +
            ((a > 0 && b < 0) || ua == 7) * 32 + ((int32_t)a < (int32_t)b) * 64 +
            ((uint32_t)a >= (uint32_t)b) * 128;
    int64_t mx = a > b ? a : b, mn = a < b ? a : b;
    uint64_t umx = ua > ub ? ua : ub;
    int64_t ab = a < 0 ? (int64_t)(0 - (uint64_t)a) : a;
    out("cmp %d %lld %lld %llu %lld\n", r, (long long)mx, (long long)mn, (unsigned long long)umx,
        (long long)ab);
    count += r & 1;
  }
  out("count %d\n", count);
}

int main(void) {
  arith_int8_t();
  arith_uint8_t();
  arith_int16_t();
  arith_uint16_t();
  arith_int32_t();
  arith_uint32_t();
  arith_int64_t();
  arith_uint64_t();
  wrapping();
  compares();
  return diff_status();
}
