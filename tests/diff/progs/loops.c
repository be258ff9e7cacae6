// tests/diff/progs/loops.c: hot integer loops of the kind a JIT must chain well: sieve of
// Eratosthenes, Collatz lengths, GCD/LCM, digit sums, a linear congruential walk, nested matrix loops.
#include <stdlib.h>
#include "diff.h"

static uint64_t gcd(uint64_t a, uint64_t b) {
  while (b) {
    uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

int main(void) {
  int n = 2000000;
  uint8_t *composite = calloc((size_t)n + 1, 1);
  int count = 0;
  uint64_t psum = 0;
  for (int i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    psum += (uint64_t)i;
    for (long long j = (long long)i * i; j <= n; j += i) composite[j] = 1;
  }
  out("primes <= %d: %d sum %llu\n", n, count, (unsigned long long)psum);
  free(composite);

  int best = 0;
  uint64_t best_n = 0;
  for (uint64_t s = 1; s < 300000; s++) {
    uint64_t x = s;
    int len = 0;
    while (x != 1) {
      x = x & 1 ? 3 * x + 1 : x / 2;
      len++;
    }
    if (len > best) {
      best = len;
      best_n = s;
      out("collatz %llu len %d\n", (unsigned long long)s, len);
    }
  }
  out("collatz best %llu %d\n", (unsigned long long)best_n, best);

  uint64_t g = 0, l = 1;
  for (uint64_t i = 1; i < 3000; i++) {
    g += gcd(i * 7919, (i * i) % 100003 + 1);
    uint64_t d = gcd(l, i);
    if (l / d < (1ull << 40)) l = l / d * i;
  }
  out("gcd sum %llu lcm %llu\n", (unsigned long long)g, (unsigned long long)l);

  uint64_t digits = 0;
  for (uint32_t i = 0; i < 1000000; i++) {
    uint32_t x = i;
    while (x) {
      digits += x % 10;
      x /= 10;
    }
  }
  out("digit sum %llu\n", (unsigned long long)digits);

  enum { M = 64 };
  static int32_t A[M][M], B[M][M], C[M][M];
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      A[i][j] = (int32_t)(rnd() % 100) - 50;
      B[i][j] = (int32_t)(rnd() % 100) - 50;
    }
  for (int rep = 0; rep < 4; rep++) {
    for (int i = 0; i < M; i++)
      for (int j = 0; j < M; j++) {
        int32_t s = 0;
        for (int k = 0; k < M; k++) s += A[i][k] * B[k][j];
        C[i][j] = s;
      }
    int64_t tr = 0;
    for (int i = 0; i < M; i++) tr += C[i][i] + C[i][M - 1 - i];
    out("matrix rep %d trace %lld\n", rep, (long long)tr);
    memcpy(A, C, sizeof A);
    for (int i = 0; i < M; i++)
      for (int j = 0; j < M; j++) A[i][j] %= 1000;
  }
  return diff_status();
}
