// tests/diff/progs/switch_fnptr.c: control flow the JIT must chain through: dense switch jump tables,
// sparse switches, function-pointer tables, indirect tail calls, computed goto, long if-else chains.
#include "diff.h"

__attribute__((noinline)) static int dense(int x) {
  switch (x) {
  case 0: return 17;
  case 1: return x * 5;
  case 2: return -4;
  case 3: return 99;
  case 4: return x << 4;
  case 5: return 1234;
  case 6: return ~x;
  case 7: return 7 * 7;
  case 8: return 81;
  case 9: return -x;
  case 10: return 1000;
  case 11: return 11 ^ 0x55;
  case 12: return 3;
  case 13: return 31;
  case 14: return 140;
  case 15: return 5;
  default: return -1;
  }
}

__attribute__((noinline)) static int sparse(uint32_t x) {
  switch (x) {
  case 3: return 1;
  case 100: return 2;
  case 1000: return 3;
  case 65537: return 4;
  case 0x7fffffff: return 5;
  case 0x80000000u: return 6;
  case 12345: return 7;
  case 999999: return 8;
  default: return 0;
  }
}

static uint64_t op_add(uint64_t a, uint64_t b) { return a + b; }
static uint64_t op_sub(uint64_t a, uint64_t b) { return a - b; }
static uint64_t op_mul(uint64_t a, uint64_t b) { return a * b; }
static uint64_t op_xor(uint64_t a, uint64_t b) { return a ^ b; }
static uint64_t op_rot(uint64_t a, uint64_t b) { return (a << (b & 63)) | (a >> ((64 - b) & 63)); }
static uint64_t op_min(uint64_t a, uint64_t b) { return a < b ? a : b; }
static uint64_t (*const ops[])(uint64_t, uint64_t) = {op_add, op_sub, op_mul, op_xor, op_rot, op_min};

typedef uint64_t (*step_fn)(uint64_t, int);
static uint64_t step_a(uint64_t v, int n);
static uint64_t step_b(uint64_t v, int n);
static const step_fn steps[2] = {step_a, step_b};
// Mutual indirect tail calls: each bounce is a br to a register target.
static uint64_t step_a(uint64_t v, int n) { return n ? steps[v & 1](v * 3 + 1, n - 1) : v; }
static uint64_t step_b(uint64_t v, int n) { return n ? steps[(v >> 1) & 1](v / 2 + 7, n - 1) : v; }

static int computed_goto(const uint8_t *prog, int len) {
  static void *labels[] = {&&l_inc, &&l_dbl, &&l_neg, &&l_halt};
  int acc = 1, pc = 0;
#define NEXT() goto *labels[pc < len ? prog[pc++] & 3 : 3]
  NEXT();
l_inc:
  acc += 3;
  NEXT();
l_dbl:
  acc *= 2;
  NEXT();
l_neg:
  acc = -acc + 1;
  NEXT();
l_halt:
  return acc;
#undef NEXT
}

static const char *classify(int64_t v) {
  if (v < -1000000) return "very negative";
  else if (v < -1000) return "negative";
  else if (v < 0) return "slightly negative";
  else if (v == 0) return "zero";
  else if (v < 10) return "digit";
  else if (v < 100) return "two digits";
  else if (v < 100000) return "medium";
  else return "large";
}

int main(void) {
  int64_t s = 0;
  for (int i = -3; i < 4000; i++) {
    int d = dense(i % 19);
    int sp = sparse((uint32_t)val(i % 40) ^ (uint32_t)(i % 3 == 0 ? 0 : i));
    s += d * 7 + sp;
    if (i % 97 == 0) out("i=%d dense=%d sparse=%d s=%lld\n", i, d, sp, (long long)s);
  }
  uint32_t keys[] = {3, 100, 1000, 65537, 0x7fffffff, 0x80000000u, 12345, 999999, 4, 0};
  for (int i = 0; i < 10; i++) out("sparse %u -> %d\n", keys[i], sparse(keys[i]));
  uint64_t acc = 1;
  for (int i = 0; i < 5000; i++) {
    acc = ops[rnd() % 6](acc, rnd());
    if (i % 250 == 0) out("ops %d %016llx\n", i, (unsigned long long)acc);
  }
  for (int n = 0; n < 300; n += 37) out("bounce %d %016llx\n", n, (unsigned long long)step_a((uint64_t)n, n * 10));
  uint8_t prog[64];
  for (int t = 0; t < 30; t++) {
    int len = (int)(rnd() % 64);
    for (int k = 0; k < len; k++) prog[k] = (uint8_t)(rnd() % 3);
    out("goto %d -> %d\n", len, computed_goto(prog, len));
  }
  for (int i = 0; i < 30; i++) {
    int64_t v = (int64_t)rnd() >> (rnd() % 63);
    out("class %lld %s\n", (long long)v, classify(v));
  }
  return diff_status();
}
