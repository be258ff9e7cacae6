// tests/diff/progs/diff.h: shared by the differential corpus: output that is also folded into a
// checksum (which becomes the exit status), and a seeded generator for test values.
#ifndef DIFF_H
#define DIFF_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t diff_sum = 0xcbf29ce484222325ull;

static inline void mix(uint64_t v) {
  diff_sum ^= v;
  diff_sum *= 0x100000001b3ull;
  diff_sum ^= diff_sum >> 29;
}

// Everything printed is also hashed, so the exit status depends on every line.
__attribute__((format(printf, 1, 2))) static inline void out(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > (int)sizeof buf - 1) n = sizeof buf - 1;
  for (int i = 0; i < n; i++) mix((unsigned char)buf[i]);
  fwrite(buf, 1, (size_t)n, stdout);
}

static inline int diff_status(void) { return (int)(diff_sum % 251) + 1; }

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static inline uint64_t rnd(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545f4914f6cdd1dull;
}

// Values near the edges, where emulators get carries, signs and saturation wrong.
static const uint64_t edge64[] = {
    0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull,
    0x8000000000000001ull, 0x123456789abcdef0ull, 0xdeadbeefcafebabeull, 0x5555555555555555ull,
    0xaaaaaaaaaaaaaaaaull, 0x00ff00ff00ff00ffull, 0xff00ff00ff00ff00ull, 0x0000000100000001ull,
};
#define NEDGE (sizeof edge64 / sizeof edge64[0])

// A test value: edges first, then random.
static inline uint64_t val(int i) { return i < (int)NEDGE ? edge64[i] : rnd(); }

#endif
