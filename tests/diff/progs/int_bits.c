// tests/diff/progs/int_bits.c: bit counting and reversing: clz/ctz/popcount/parity/clrsb builtins,
// byte swaps, rbit, and hand-written loops the compiler may turn into the same instructions.
#include "diff.h"

static uint64_t rbit64(uint64_t x) {
  uint64_t r;
  __asm__("rbit %0, %1" : "=r"(r) : "r"(x));
  return r;
}
static uint32_t rbit32(uint32_t x) {
  uint32_t r;
  __asm__("rbit %w0, %w1" : "=r"(r) : "r"(x));
  return r;
}
static uint64_t cls64(uint64_t x) {
  uint64_t r;
  __asm__("cls %0, %1" : "=r"(r) : "r"(x));
  return r;
}
static uint64_t rev16(uint64_t x) {
  uint64_t r;
  __asm__("rev16 %0, %1" : "=r"(r) : "r"(x));
  return r;
}
static uint64_t rev32(uint64_t x) {
  uint64_t r;
  __asm__("rev32 %0, %1" : "=r"(r) : "r"(x));
  return r;
}

static int slow_popcount(uint64_t x) {
  int n = 0;
  while (x) {
    n += (int)(x & 1);
    x >>= 1;
  }
  return n;
}

int main(void) {
  for (int i = 0; i < 400; i++) {
    uint64_t x = val(i);
    if (i >= (int)NEDGE) x >>= (rnd() % 64);  // a spread of leading-zero counts
    uint32_t w = (uint32_t)x;
    out("x=%016llx clz=%d ctz=%d pop=%d par=%d clrsb=%d ffs=%d | w clz=%d ctz=%d pop=%d clrsb=%d\n",
        (unsigned long long)x, x ? __builtin_clzll(x) : 64, x ? __builtin_ctzll(x) : 64,
        __builtin_popcountll(x), __builtin_parityll(x), __builtin_clrsbll((long long)x),
        __builtin_ffsll((long long)x), w ? __builtin_clz(w) : 32, w ? __builtin_ctz(w) : 32,
        __builtin_popcount(w), __builtin_clrsb((int)w));
    out("  bswap=%016llx %08x %04x rbit=%016llx %08x cls=%llu rev16=%016llx rev32=%016llx slow=%d\n",
        (unsigned long long)__builtin_bswap64(x), __builtin_bswap32(w),
        (unsigned)__builtin_bswap16((uint16_t)x), (unsigned long long)rbit64(x), rbit32(w),
        (unsigned long long)cls64(x), (unsigned long long)rev16(x), (unsigned long long)rev32(x),
        slow_popcount(x));
  }
  // Population counts summed over a range, the way a bitmap allocator would.
  uint64_t total = 0;
  for (uint64_t v = 0; v < 200000; v++) total += (uint64_t)__builtin_popcountll(v * 0x9e3779b97f4a7c15ull);
  out("total %llu\n", (unsigned long long)total);
  return diff_status();
}
