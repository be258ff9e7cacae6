// tools/bench.d/crc.c: integer benchmark: table-driven CRC-32 (slicing by 4) and Adler-32 over a
// buffer, byte loads, table lookups, shifts and xors.
#include "bench.h"

static uint32_t table[4][256];

int main(int argc, char **argv) {
  long reps = bench_iters(argc, argv, 150);
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[0][i] = c;
  }
  for (uint32_t i = 0; i < 256; i++)
    for (int t = 1; t < 4; t++) table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xff];
  enum { LEN = 1 << 20 };
  static uint8_t buf[LEN];
  uint32_t seed = 12345;
  for (int i = 0; i < LEN; i++) {
    seed = seed * 1103515245u + 12345u;
    buf[i] = (uint8_t)(seed >> 16);
  }
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    uint32_t c = ~(uint32_t)r;
    for (int i = 0; i < LEN; i += 4) {
      c ^= (uint32_t)buf[i] | (uint32_t)buf[i + 1] << 8 | (uint32_t)buf[i + 2] << 16 | (uint32_t)buf[i + 3] << 24;
      c = table[3][c & 0xff] ^ table[2][(c >> 8) & 0xff] ^ table[1][(c >> 16) & 0xff] ^ table[0][c >> 24];
    }
    uint32_t a = 1, b = 0;
    for (int i = 0; i < LEN / 4; i++) {
      a += buf[i];
      b += a;
      if ((i & 4095) == 4095) {
        a %= 65521;
        b %= 65521;
      }
    }
    h = bench_mix(h, ~c ^ ((uint64_t)(b % 65521) << 32 | a % 65521));
  }
  printf("crc %016llx\n", (unsigned long long)h);
  return 0;
}
