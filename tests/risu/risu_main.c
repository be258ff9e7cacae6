// tests/risu/risu_main.c: the arm64 harness linked with a generated batch of random instruction
// sequences: seeds registers, flags, FPCR and a memory buffer per sequence, runs it, dumps the result.
//
// usage: risu-batch SEED [FIRST [LAST]]   (runs sequences FIRST..LAST-1; the default is all of them)
// The seed here only derives the initial state; the instructions were fixed by the generator.
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MEM_SIZE 65536

// Layout shared with the generated assembly (risugen.py's SEQ_BEGIN/SEQ_END macros).
struct risu_state {
  uint64_t x[31];
  uint64_t nzcv;
  uint64_t fpcr;
  uint64_t fpsr;
  uint8_t v[32][16];
};
_Static_assert(__builtin_offsetof(struct risu_state, nzcv) == 248, "layout");
_Static_assert(__builtin_offsetof(struct risu_state, fpcr) == 256, "layout");
_Static_assert(__builtin_offsetof(struct risu_state, fpsr) == 264, "layout");
_Static_assert(__builtin_offsetof(struct risu_state, v) == 272, "layout");

typedef void (*risu_seq)(struct risu_state *);
extern const risu_seq risu_sequences[];
extern const uint64_t risu_count;
extern const uint64_t risu_fp_controls;  // nonzero: vary FPCR (rounding, FZ, DN) per sequence

uint8_t risu_mem[MEM_SIZE] __attribute__((aligned(64)));
static uint8_t initial_mem[MEM_SIZE];

static uint64_t rng;

static uint64_t next(void) {
  // splitmix64: every (seed, index) pair gives an unrelated stream
  uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Integer values that exercise carries, signs and shifts, not only uniform noise.
static uint64_t x_value(void) {
  static const uint64_t edges[] = {0, 1, 2, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
                                   0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
                                   0xffffffffffffffffull, 0xfffffffffffffffeull};
  uint64_t r = next();
  switch (r & 7) {
  case 0: return edges[(r >> 8) % (sizeof edges / sizeof edges[0])];
  case 1: return (r >> 8) & 0xff;
  case 2: return (uint64_t)(int64_t)(int16_t)(r >> 8);
  default: return next();
  }
}

// Lanes hold special floating-point values often enough that NaN, infinity, zero and
// subnormal paths are all taken.
static uint32_t f32_value(void) {
  static const uint32_t specials[] = {0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
                                      0x7fc00000, 0xffc00001, 0x7f800001, 0x00000001, 0x807fffff, 0x00800000,
                                      0x7f7fffff, 0x4f000000, 0xcf000000, 0x3effffff, 0x4b000001, 0x5f000000};
  uint64_t r = next();
  if ((r & 3) == 0) return specials[(r >> 8) % (sizeof specials / sizeof specials[0])];
  if ((r & 3) == 1) return (uint32_t)(0x3c000000u + ((r >> 8) & 0x07ffffffu)) ^ (uint32_t)(r >> 63 << 31);
  return (uint32_t)(r >> 16);
}

static uint64_t f64_value(void) {
  static const uint64_t specials[] = {0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
                                      0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
                                      0xfff8000000000001ull, 0x7ff0000000000001ull, 1, 0x800fffffffffffffull,
                                      0x0010000000000000ull, 0x7fefffffffffffffull, 0x43e0000000000000ull,
                                      0xc3e0000000000000ull, 0x41e0000000000000ull, 0x3fdfffffffffffffull};
  uint64_t r = next();
  if ((r & 3) == 0) return specials[(r >> 8) % (sizeof specials / sizeof specials[0])];
  if ((r & 3) == 1) return (0x3f00000000000000ull + ((r >> 8) & 0x00ffffffffffffffull)) ^ (r >> 63 << 63);
  return next();
}

static void seed_state(struct risu_state *s, uint64_t seed, uint64_t index) {
  rng = seed * 0x100000001b3ull + index;
  for (int i = 0; i < 31; i++) s->x[i] = x_value();
  s->nzcv = (next() & 0xf) << 28;
  s->fpcr = 0;
  if (risu_fp_controls) {
    uint64_t r = next();
    s->fpcr = (r & 3) << 22;                 // RMode
    if (((r >> 2) & 3) == 0) s->fpcr |= 1u << 24;  // FZ
    if (((r >> 4) & 3) == 0) s->fpcr |= 1u << 25;  // DN
  }
  s->fpsr = 0;
  for (int i = 0; i < 32; i++) {
    for (int half = 0; half < 2; half++) {
      uint64_t r = next(), v;
      switch (r % 5) {
      case 0: v = next(); break;
      case 1: v = x_value(); break;
      case 2: v = (uint64_t)f32_value() | (uint64_t)f32_value() << 32; break;
      default: v = f64_value(); break;
      }
      memcpy(&s->v[i][half * 8], &v, 8);
    }
  }
  for (size_t i = 0; i < MEM_SIZE; i += 8) {
    uint64_t v = next();
    memcpy(&risu_mem[i], &v, 8);
  }
  memcpy(initial_mem, risu_mem, MEM_SIZE);
}

// One write(2) per sequence: if a later sequence kills the process, everything before it is out.
static char outbuf[1 << 16];
static size_t outlen;

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(outbuf + outlen, sizeof outbuf - outlen, fmt, ap);
  va_end(ap);
  if (n > 0) outlen += (size_t)n;
  if (outlen > sizeof outbuf - 1) outlen = sizeof outbuf - 1;
}

static void flush_out(void) {
  size_t off = 0;
  while (off < outlen) {
    ssize_t n = write(1, outbuf + off, outlen - off);
    if (n <= 0) exit(3);
    off += (size_t)n;
  }
  outlen = 0;
}

static void dump(const struct risu_state *s, uint64_t index) {
  emit("seq %llu\n", (unsigned long long)index);
  for (int i = 0; i < 31; i++) {
    // x28 is the buffer base: its address is printed relative to the buffer.
    uint64_t v = i == 28 ? s->x[i] - (uint64_t)(uintptr_t)risu_mem : s->x[i];
    emit("x%-2d %016llx%s", i, (unsigned long long)v, i % 4 == 3 || i == 30 ? "\n" : "  ");
  }
  for (int i = 0; i < 32; i++) {
    uint64_t lo, hi;
    memcpy(&lo, &s->v[i][0], 8);
    memcpy(&hi, &s->v[i][8], 8);
    emit("v%-2d %016llx%016llx%s", i, (unsigned long long)hi, (unsigned long long)lo, i % 2 ? "\n" : "  ");
  }
  emit("nzcv %llx fpsr %08llx fpcr %08llx\n", (unsigned long long)(s->nzcv >> 28), (unsigned long long)s->fpsr,
       (unsigned long long)s->fpcr);
  // Only the bytes that changed: a store's effect without 64 KB of output per sequence.
  for (size_t i = 0; i < MEM_SIZE;) {
    if (risu_mem[i] == initial_mem[i]) {
      i++;
      continue;
    }
    size_t start = i;
    emit("mem %+6lld:", (long long)start - MEM_SIZE / 2);
    while (i < MEM_SIZE && i - start < 32 && risu_mem[i] != initial_mem[i]) emit(" %02x", risu_mem[i++]);
    emit("\n");
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s SEED [FIRST [LAST]]\n", argv[0]);
    return 2;
  }
  uint64_t seed = strtoull(argv[1], NULL, 0);
  uint64_t first = argc > 2 ? strtoull(argv[2], NULL, 0) : 0;
  uint64_t last = argc > 3 ? strtoull(argv[3], NULL, 0) : risu_count;
  if (last > risu_count) last = risu_count;
  static struct risu_state state;
  for (uint64_t i = first; i < last; i++) {
    seed_state(&state, seed, i);
    risu_sequences[i](&state);
    dump(&state, i);
    flush_out();
  }
  emit("done %llu\n", (unsigned long long)(last > first ? last - first : 0));
  flush_out();
  return 0;
}
