// tests/diff/progs/bigint.c: multi-precision arithmetic on 32-bit limbs (carries through adds,
// 64-bit products, long division by small numbers): 1000!, 2^4000, Fibonacci(5000) in decimal.
#include "diff.h"

#define LIMBS 1200
typedef struct {
  uint32_t d[LIMBS];
  int n;
} big;

static void big_set(big *a, uint32_t v) {
  memset(a, 0, sizeof *a);
  a->d[0] = v;
  a->n = 1;
}
static void big_mul_small(big *a, uint32_t m) {
  uint64_t carry = 0;
  for (int i = 0; i < a->n; i++) {
    uint64_t t = (uint64_t)a->d[i] * m + carry;
    a->d[i] = (uint32_t)t;
    carry = t >> 32;
  }
  if (carry) a->d[a->n++] = (uint32_t)carry;
}
static void big_add(big *r, const big *a, const big *b) {
  uint64_t carry = 0;
  int n = a->n > b->n ? a->n : b->n;
  for (int i = 0; i < n; i++) {
    uint64_t t = (uint64_t)(i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0) + carry;
    r->d[i] = (uint32_t)t;
    carry = t >> 32;
  }
  r->n = n;
  if (carry) r->d[r->n++] = (uint32_t)carry;
}
static uint32_t big_divmod_small(big *a, uint32_t m) {
  uint64_t rem = 0;
  for (int i = a->n - 1; i >= 0; i--) {
    uint64_t cur = (rem << 32) | a->d[i];
    a->d[i] = (uint32_t)(cur / m);
    rem = cur % m;
  }
  while (a->n > 1 && a->d[a->n - 1] == 0) a->n--;
  return (uint32_t)rem;
}
static void big_print(const char *tag, const big *a) {
  static big t;
  static char digits[LIMBS * 10 + 1];
  t = *a;
  int nd = 0;
  do {
    uint32_t r = big_divmod_small(&t, 1000000000u);
    for (int k = 0; k < 9; k++) {
      digits[nd++] = (char)('0' + r % 10);
      r /= 10;
    }
  } while (t.n > 1 || t.d[0]);
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  out("%s (%d digits) ", tag, nd);
  for (int i = nd - 1; i >= 0; i--) out("%c", digits[i]);
  out("\n");
}

int main(void) {
  static big a, b, c;
  big_set(&a, 1);
  for (uint32_t i = 2; i <= 1000; i++) {
    big_mul_small(&a, i);
    if (i % 250 == 0) {
      char tag[32];
      snprintf(tag, sizeof tag, "%u!", i);
      big_print(tag, &a);
    }
  }
  big_set(&a, 1);
  for (int i = 0; i < 4000; i++) big_mul_small(&a, 2);
  big_print("2^4000", &a);
  big_set(&a, 0);
  big_set(&b, 1);
  for (int i = 0; i < 5000; i++) {
    big_add(&c, &a, &b);
    a = b;
    b = c;
  }
  big_print("fib(5000)", &a);
  return diff_status();
}
