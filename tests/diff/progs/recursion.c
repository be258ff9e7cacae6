// tests/diff/progs/recursion.c: deep and branching recursion: a 100000-deep chain (stack of ~10 MB
// is not needed: small frames), mutual recursion, Ackermann, naive Fibonacci, and a recursive
// permutation/backtracking search (N-queens).
#include "diff.h"

__attribute__((noinline)) static uint64_t chain(int depth, uint64_t acc) {
  if (depth == 0) return acc;
  uint64_t r = chain(depth - 1, acc * 6364136223846793005ull + (uint64_t)depth);
  return r ^ (r >> 7) ^ (uint64_t)depth;  // work after the call: no tail call
}

static int is_odd(unsigned n);
__attribute__((noinline)) static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noinline)) static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static uint64_t ack(uint64_t m, uint64_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static uint64_t fib(int n) { return n < 2 ? (uint64_t)n : fib(n - 1) + fib(n - 2); }

static int queens(int n, int row, unsigned cols, unsigned d1, unsigned d2) {
  if (row == n) return 1;
  int count = 0;
  for (int c = 0; c < n; c++) {
    unsigned bc = 1u << c, b1 = 1u << (row + c), b2 = 1u << (row - c + n);
    if ((cols & bc) || (d1 & b1) || (d2 & b2)) continue;
    count += queens(n, row + 1, cols | bc, d1 | b1, d2 | b2);
  }
  return count;
}

// A recursive descent parser over a generated expression.
static const char *expr_p;
static int64_t parse_sum(void);
static int64_t parse_atom(void) {
  if (*expr_p == '(') {
    expr_p++;
    int64_t v = parse_sum();
    expr_p++;
    return v;
  }
  int64_t v = 0;
  while (*expr_p >= '0' && *expr_p <= '9') v = v * 10 + (*expr_p++ - '0');
  return v;
}
static int64_t parse_prod(void) {
  int64_t v = parse_atom();
  while (*expr_p == '*') {
    expr_p++;
    v = (int64_t)((uint64_t)v * (uint64_t)parse_atom());
  }
  return v;
}
static int64_t parse_sum(void) {
  int64_t v = parse_prod();
  while (*expr_p == '+' || *expr_p == '-') {
    char op = *expr_p++;
    int64_t r = parse_prod();
    v = op == '+' ? (int64_t)((uint64_t)v + (uint64_t)r) : (int64_t)((uint64_t)v - (uint64_t)r);
  }
  return v;
}
static char expr_buf[200000];
static size_t expr_len;
static void gen(int depth) {
  if (depth == 0 || rnd() % 4 == 0) {
    expr_len += (size_t)sprintf(expr_buf + expr_len, "%u", (unsigned)(rnd() % 100));
    return;
  }
  expr_buf[expr_len++] = '(';
  gen(depth - 1);
  expr_buf[expr_len++] = "+-*"[rnd() % 3];
  gen(depth - 1);
  expr_buf[expr_len++] = ')';
}

int main(void) {
  for (int d = 1; d <= 100000; d *= 10) out("chain %d %016llx\n", d, (unsigned long long)chain(d, 1));
  out("chain 100000 again %016llx\n", (unsigned long long)chain(100000, 2));
  out("even %d %d %d\n", is_even(100000), is_even(77777), is_odd(99999));
  for (uint64_t m = 0; m <= 2; m++)
    for (uint64_t n = 0; n <= 6; n++) out("ack(%llu,%llu)=%llu\n", (unsigned long long)m, (unsigned long long)n,
                                          (unsigned long long)ack(m, n));
  out("ack(3,6)=%llu\n", (unsigned long long)ack(3, 6));
  out("fib(27)=%llu\n", (unsigned long long)fib(27));
  for (int n = 1; n <= 9; n++) out("queens %d = %d\n", n, queens(n, 0, 0, 0, 0));
  for (int i = 0; i < 20; i++) {
    expr_len = 0;
    gen(12);
    expr_buf[expr_len] = 0;
    expr_p = expr_buf;
    out("expr %zu chars = %lld\n", expr_len, (long long)parse_sum());
  }
  return diff_status();
}
