// tests/diff/progs/int_div.c: integer division and remainder at every width, including the
// A64-defined cases C leaves undefined (by zero, INT_MIN / -1), issued with sdiv/udiv directly.
#include "diff.h"

// A64 defines x/0 == 0 and INT_MIN/-1 == INT_MIN; C does not, so these go through asm.
static int64_t sdiv64(int64_t a, int64_t b) {
  int64_t r;
  __asm__("sdiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
static uint64_t udiv64(uint64_t a, uint64_t b) {
  uint64_t r;
  __asm__("udiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
static int32_t sdiv32(int32_t a, int32_t b) {
  int32_t r;
  __asm__("sdiv %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
static uint32_t udiv32(uint32_t a, uint32_t b) {
  uint32_t r;
  __asm__("udiv %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
static int64_t srem64(int64_t a, int64_t b) {
  int64_t r;
  __asm__("sdiv %0, %1, %2\n\tmsub %0, %0, %2, %1" : "=&r"(r) : "r"(a), "r"(b));
  return r;
}

static void asm_division(void) {
  static const int64_t special[] = {0, 1, -1, 2, -2, 3, 7, -7, INT64_MIN, INT64_MAX,
                                    INT32_MIN, INT32_MAX, 0x100000000ll, -0x100000000ll};
  const int ns = sizeof special / sizeof special[0];
  for (int i = 0; i < ns; i++)
    for (int j = 0; j < ns; j++) {
      int64_t a = special[i], b = special[j];
      out("div %lld %lld: s64=%lld u64=%llu s32=%d u32=%u rem=%lld\n", (long long)a, (long long)b,
          (long long)sdiv64(a, b), (unsigned long long)udiv64((uint64_t)a, (uint64_t)b),
          sdiv32((int32_t)a, (int32_t)b), udiv32((uint32_t)a, (uint32_t)b),
          (long long)srem64(a, b));
    }
}

// Plain C division where it is defined: the compiler picks sdiv, or multiply-by-reciprocal for
// constant divisors, which is a different path through the emulator.
static void c_division(void) {
  for (int i = 0; i < 300; i++) {
    int64_t a = (int64_t)val(i);
    int64_t b = (int64_t)val(299 - i);
    if (b == 0 || (a == INT64_MIN && b == -1)) b = 3;
    int32_t a32 = (int32_t)a, b32 = (int32_t)b;
    if (b32 == 0 || (a32 == INT32_MIN && b32 == -1)) b32 = -5;
    uint16_t a16 = (uint16_t)a, b16 = (uint16_t)(b | 1);
    int8_t a8 = (int8_t)a, b8 = (int8_t)(b | 1);
    if (a8 == -128 && b8 == -1) b8 = 2;
    out("c %lld/%lld=%lld %%=%lld u=%llu %%=%llu | %d/%d=%d %%=%d | %u %u | %d %d\n",
        (long long)a, (long long)b, (long long)(a / b), (long long)(a % b),
        (unsigned long long)((uint64_t)a / (uint64_t)b), (unsigned long long)((uint64_t)a % (uint64_t)b),
        a32, b32, a32 / b32, a32 % b32, (unsigned)(a16 / b16), (unsigned)(a16 % b16), a8 / b8, a8 % b8);
    out("const %lld %lld %lld %lld %llu %llu %d %d\n", (long long)(a / 7), (long long)(a % 7),
        (long long)(a / -3), (long long)(a / 1000000007), (unsigned long long)((uint64_t)a / 10),
        (unsigned long long)((uint64_t)a % 641), a32 / 16, a32 % 16);
  }
}

int main(void) {
  asm_division();
  c_division();
  return diff_status();
}
