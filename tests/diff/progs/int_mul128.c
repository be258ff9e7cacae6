// tests/diff/progs/int_mul128.c: 128-bit arithmetic: __int128 multiply (umulh/smulh), add with
// carry, 128-bit division and shifts through libgcc, and a Montgomery-free modular exponent.
#include "diff.h"

typedef unsigned __int128 u128;
typedef __int128 s128;

static void print128(const char *tag, u128 v) {
  out("%s=%016llx%016llx ", tag, (unsigned long long)(v >> 64), (unsigned long long)v);
}

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) { return (uint64_t)((u128)a * b % m); }

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m) {
  uint64_t r = 1 % m;
  b %= m;
  while (e) {
    if (e & 1) r = mulmod(r, b, m);
    b = mulmod(b, b, m);
    e >>= 1;
  }
  return r;
}

// Miller-Rabin with fixed bases is deterministic for 64-bit inputs.
static int is_prime(uint64_t n) {
  if (n < 2) return 0;
  static const uint64_t bases[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
  for (int i = 0; i < 12; i++) {
    if (n % bases[i] == 0) return n == bases[i];
  }
  uint64_t d = n - 1;
  int s = 0;
  while (!(d & 1)) {
    d >>= 1;
    s++;
  }
  for (int i = 0; i < 12; i++) {
    uint64_t x = powmod(bases[i], d, n);
    if (x == 1 || x == n - 1) continue;
    int composite = 1;
    for (int r = 1; r < s; r++) {
      x = mulmod(x, x, n);
      if (x == n - 1) {
        composite = 0;
        break;
      }
    }
    if (composite) return 0;
  }
  return 1;
}

int main(void) {
  for (int i = 0; i < 150; i++) {
    uint64_t a = val(i), b = val((i * 11 + 5) % 150);
    u128 p = (u128)a * b;
    s128 sp = (s128)(int64_t)a * (int64_t)b;
    u128 big = ((u128)a << 64) | b;
    u128 sum = big + ((u128)b << 64 | a);
    uint64_t d = b | 1;
    print128("umul", p);
    print128("smul", (u128)sp);
    print128("sum", sum);
    print128("div", big / d);
    print128("mod", big % d);
    print128("shl", big << (a % 128));
    print128("sar", (u128)((s128)big >> (b % 128)));
    out("hi=%016llx\n", (unsigned long long)((u128)a * b >> 64));
    s128 sd = (s128)big;
    s128 sden = (s128)(int64_t)(b | 1);
    print128("sdiv", (u128)(sd / sden));
    print128("srem", (u128)(sd % sden));
    out("lt=%d\n", sd < (s128)sum);
  }
  int primes = 0;
  uint64_t last = 0;
  for (uint64_t n = 0xffffffffffffff00ull; n != 0; n++) {
    if (is_prime(n)) {
      primes++;
      last = n;
    }
  }
  out("primes near 2^64: %d last %llu\n", primes, (unsigned long long)last);
  for (uint64_t n = 1000000000000ull; n < 1000000000000ull + 2000; n++)
    if (is_prime(n)) out("prime %llu\n", (unsigned long long)n);
  return diff_status();
}
