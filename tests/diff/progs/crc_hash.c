// tests/diff/progs/crc_hash.c: checksums and hashes: table-driven CRC-32, the ARMv8 CRC32/CRC32C
// instructions (arm_acle.h), FNV-1a, MurmurHash3 finalisers, SHA-256, and Adler-32 over a buffer.
// diff-cflags: -march=armv8-a+crc
#include <arm_acle.h>
#include "diff.h"

static uint32_t crc_table[256];

static void crc_init(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}

static uint32_t crc32_sw(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return ~c;
}

static uint32_t crc32_hw(const uint8_t *p, size_t n, int castagnoli) {
  uint32_t c = 0xffffffffu;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    c = castagnoli ? __crc32cd(c, w) : __crc32d(c, w);
  }
  if (i + 4 <= n) {
    uint32_t w;
    memcpy(&w, p + i, 4);
    c = castagnoli ? __crc32cw(c, w) : __crc32w(c, w);
    i += 4;
  }
  if (i + 2 <= n) {
    uint16_t w;
    memcpy(&w, p + i, 2);
    c = castagnoli ? __crc32ch(c, w) : __crc32h(c, w);
    i += 2;
  }
  if (i < n) c = castagnoli ? __crc32cb(c, p[i]) : __crc32b(c, p[i]);
  return ~c;
}

static uint64_t fnv1a(const uint8_t *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

static uint64_t fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  return k ^ (k >> 33);
}

static uint32_t adler32(const uint8_t *p, size_t n) {
  uint32_t a = 1, b = 0;
  for (size_t i = 0; i < n; i++) {
    a = (a + p[i]) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
static void sha256(const uint8_t *msg, size_t len, uint8_t digest[32]) {
  static const uint32_t k[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
      0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
      0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
      0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
      0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
      0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
      0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
      0xc67178f2};
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  size_t total = ((len + 9 + 63) / 64) * 64;
  for (size_t off = 0; off < total; off += 64) {
    uint8_t block[64];
    for (int i = 0; i < 64; i++) {
      size_t at = off + (size_t)i;
      block[i] = at < len ? msg[at] : at == len ? 0x80 : 0;
      if (at >= total - 8) block[i] = (uint8_t)((uint64_t)len * 8 >> (8 * (total - 1 - at)));
    }
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
      w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 | (uint32_t)block[4 * i + 2] << 8 | block[4 * i + 3];
    for (int i = 16; i < 64; i++) {
      uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
      uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
      uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
  }
  for (int i = 0; i < 32; i++) digest[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
}

int main(void) {
  crc_init();
  static uint8_t buf[100000];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(rnd() >> 56);
  for (size_t n = 0; n <= sizeof buf; n = n < 20 ? n + 1 : n * 2 + 7) {
    if (n > sizeof buf) n = sizeof buf;
    uint32_t sw = crc32_sw(buf, n), hw = crc32_hw(buf, n, 0), cc = crc32_hw(buf, n, 1);
    uint8_t dg[32];
    sha256(buf, n, dg);
    out("n=%zu crc=%08x hw=%08x same=%d crc32c=%08x fnv=%016llx adler=%08x sha256=", n, sw, hw, sw == hw, cc,
        (unsigned long long)fnv1a(buf, n), adler32(buf, n));
    for (int i = 0; i < 32; i++) out("%02x", dg[i]);
    out("\n");
    if (n == sizeof buf) break;
  }
  uint8_t dg[32];
  sha256((const uint8_t *)"abc", 3, dg);
  out("sha256(abc)=");
  for (int i = 0; i < 32; i++) out("%02x", dg[i]);
  out("\n");
  uint64_t m = 0;
  for (uint64_t i = 0; i < 100000; i++) m += fmix64(i) >> 40;
  out("fmix sum %llu\n", (unsigned long long)m);
  return diff_status();
}
