// crypto.c — the cryptographic extension through arm_neon.h: AES-128 encryption and decryption
// (FIPS-197 vector plus random blocks), SHA-1 and SHA-256 of messages of many lengths, and
// PMULL-based carry-less products, each checked against a plain C implementation.
// simd-cflags: -march=armv8-a+crypto
#include "prog.h"

#include <arm_neon.h>

/* ---- AES-128 ---- */
static uint8_t sbox[256];
static void make_sbox(void) {
    uint8_t p = 1, q = 1;
    do {
        p = (uint8_t)(p ^ (p << 1) ^ (p & 0x80 ? 0x1b : 0));
        q ^= (uint8_t)(q << 1);
        q ^= (uint8_t)(q << 2);
        q ^= (uint8_t)(q << 4);
        if (q & 0x80) q ^= 0x09;
        uint8_t x = (uint8_t)(q ^ (q << 1 | q >> 7) ^ (q << 2 | q >> 6) ^ (q << 3 | q >> 5) ^
                              (q << 4 | q >> 4));
        sbox[p] = x ^ 0x63;
    } while (p != 1);
    sbox[0] = 0x63;
}
static void expand_key(const uint8_t key[16], uint8_t rk[11][16]) {
    memcpy(rk[0], key, 16);
    uint8_t rcon = 1;
    for (int r = 1; r <= 10; r++) {
        uint8_t t[4] = {sbox[rk[r - 1][13]] ^ rcon, sbox[rk[r - 1][14]], sbox[rk[r - 1][15]],
                        sbox[rk[r - 1][12]]};
        rcon = (uint8_t)(rcon << 1 ^ (rcon & 0x80 ? 0x1b : 0));
        for (int i = 0; i < 16; i++) {
            t[i % 4] ^= rk[r - 1][i];
            rk[r][i] = t[i % 4];
        }
    }
}
static uint8x16_t aes_encrypt(uint8x16_t b, uint8_t rk[11][16]) {
    for (int r = 0; r < 9; r++)
        b = vaesmcq_u8(vaeseq_u8(b, vld1q_u8(rk[r])));
    b = vaeseq_u8(b, vld1q_u8(rk[9]));
    return veorq_u8(b, vld1q_u8(rk[10]));
}
/* the equivalent inverse cipher: middle round keys go through InvMixColumns */
static uint8x16_t aes_decrypt(uint8x16_t b, uint8_t rk[11][16]) {
    b = vaesdq_u8(b, vld1q_u8(rk[10]));
    for (int r = 9; r > 0; r--)
        b = vaesdq_u8(vaesimcq_u8(b), vaesimcq_u8(vld1q_u8(rk[r])));
    return veorq_u8(b, vld1q_u8(rk[0]));
}
static void print_block(const char *what, uint8x16_t b) {
    uint8_t x[16];
    vst1q_u8(x, b);
    printf("%s ", what);
    for (int i = 0; i < 16; i++)
        printf("%02x", x[i]);
    printf("\n");
}

/* ---- SHA-256 ---- */
static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
static void sha256_block_neon(uint32_t st[8], const uint8_t blk[64]) {
    uint32x4_t abcd = vld1q_u32(st), efgh = vld1q_u32(st + 4), a0 = abcd, e0 = efgh;
    uint32x4_t w[4];
    for (int i = 0; i < 4; i++)
        w[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(blk + 16 * i)));
    for (int i = 0; i < 16; i++) {
        uint32x4_t t = vaddq_u32(w[i % 4], vld1q_u32(K256 + 4 * i)), tmp = abcd;
        abcd = vsha256hq_u32(abcd, efgh, t);
        efgh = vsha256h2q_u32(efgh, tmp, t);
        if (i < 12)
            w[i % 4] = vsha256su1q_u32(vsha256su0q_u32(w[i % 4], w[(i + 1) % 4]), w[(i + 2) % 4],
                                       w[(i + 3) % 4]);
    }
    vst1q_u32(st, vaddq_u32(abcd, a0));
    vst1q_u32(st + 4, vaddq_u32(efgh, e0));
}
static uint32_t ror(uint32_t x, int s) {
    return x >> s | x << (32 - s);
}
static void sha256_block_c(uint32_t st[8], const uint8_t blk[64]) {
    uint32_t w[64], v[8];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)blk[4 * i] << 24 | blk[4 * i + 1] << 16 | blk[4 * i + 2] << 8 |
               blk[4 * i + 3];
    for (int i = 16; i < 64; i++)
        w[i] = w[i - 16] + (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3) + w[i - 7] +
               (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10);
    memcpy(v, st, sizeof v);
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
                      ((v[4] & v[5]) ^ (~v[4] & v[6])) + K256[i] + w[i];
        uint32_t t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
                      ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof *v);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++)
        st[i] += v[i];
}

/* ---- SHA-1 ---- */
static void sha1_block_neon(uint32_t st[5], const uint8_t blk[64]) {
    static const uint32_t K[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    uint32x4_t abcd = vld1q_u32(st), a0 = abcd, w[4];
    uint32_t e = st[4];
    for (int i = 0; i < 4; i++)
        w[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(blk + 16 * i)));
    for (int i = 0; i < 20; i++) {
        uint32x4_t t = vaddq_u32(w[i % 4], vdupq_n_u32(K[i / 5]));
        uint32_t e_next = vsha1h_u32(vgetq_lane_u32(abcd, 0));
        if (i < 5)
            abcd = vsha1cq_u32(abcd, e, t);
        else if (i < 10 || i >= 15)
            abcd = vsha1pq_u32(abcd, e, t);
        else
            abcd = vsha1mq_u32(abcd, e, t);
        e = e_next;
        if (i < 16)
            w[i % 4] = vsha1su1q_u32(vsha1su0q_u32(w[i % 4], w[(i + 1) % 4], w[(i + 2) % 4]),
                                     w[(i + 3) % 4]);
    }
    vst1q_u32(st, vaddq_u32(abcd, a0));
    st[4] += e;
}
static uint32_t rol(uint32_t x, int s) {
    return x << s | x >> (32 - s);
}
static void sha1_block_c(uint32_t st[5], const uint8_t blk[64]) {
    uint32_t w[80], a = st[0], b = st[1], c = st[2], d = st[3], e = st[4];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)blk[4 * i] << 24 | blk[4 * i + 1] << 16 | blk[4 * i + 2] << 8 |
               blk[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    for (int i = 0; i < 80; i++) {
        uint32_t f = i < 20              ? (b & c) | (~b & d)
                     : i < 40 || i >= 60 ? b ^ c ^ d
                                         : (b & c) | (b & d) | (c & d);
        uint32_t k = i < 20 ? 0x5a827999 : i < 40 ? 0x6ed9eba1 : i < 60 ? 0x8f1bbcdc : 0xca62c1d6;
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d, d = c, c = rol(b, 30), b = a, a = t;
    }
    st[0] += a, st[1] += b, st[2] += c, st[3] += d, st[4] += e;
}

/* Pads msg (len bytes) and runs every block through fn. */
static void digest(const uint8_t *msg, size_t len, uint32_t *st,
                   void (*fn)(uint32_t *, const uint8_t *)) {
    uint8_t buf[128];
    size_t i = 0;
    for (; i + 64 <= len; i += 64)
        fn(st, msg + i);
    size_t rest = len - i, total = rest + 9 <= 64 ? 64 : 128;
    memset(buf, 0, sizeof buf);
    memcpy(buf, msg + i, rest);
    buf[rest] = 0x80;
    for (int k = 0; k < 8; k++)
        buf[total - 1 - k] = (uint8_t)((uint64_t)len * 8 >> (8 * k));
    fn(st, buf);
    if (total == 128) fn(st, buf + 64);
}

int main(void) {
    make_sbox();
    static const uint8_t key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                    0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
    static const uint8_t pt[16] = {0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d,
                                   0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34};
    uint8_t rk[11][16];
    expand_key(key, rk);
    uint8x16_t c = aes_encrypt(vld1q_u8(pt), rk);
    print_block("fips197", c);
    print_block("decrypt", aes_decrypt(c, rk));
    uint8x16_t chain = vdupq_n_u8(0);
    int roundtrip = 1;
    for (int i = 0; i < 200; i++) {
        uint8_t k2[16], blk[16];
        prog_fill(k2, 16);
        prog_fill(blk, 16);
        expand_key(k2, rk);
        uint8x16_t in = veorq_u8(vld1q_u8(blk), chain), e = aes_encrypt(in, rk);
        uint8_t back[16], want[16];
        vst1q_u8(back, aes_decrypt(e, rk));
        vst1q_u8(want, in);
        roundtrip &= !memcmp(back, want, 16);
        chain = e;
    }
    print_block("cbc-ish", chain);
    printf("roundtrip %d\n", roundtrip);

    static uint8_t msg[1000];
    prog_fill(msg, sizeof msg);
    int same1 = 1, same256 = 1;
    uint64_t h = 0;
    for (size_t len = 0; len < sizeof msg; len += 37) {
        uint32_t s1[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0}, s1c[5];
        uint32_t s2[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19},
                 s2c[8];
        memcpy(s1c, s1, sizeof s1);
        memcpy(s2c, s2, sizeof s2);
        digest(msg, len, s1, sha1_block_neon);
        digest(msg, len, s1c, sha1_block_c);
        digest(msg, len, s2, sha256_block_neon);
        digest(msg, len, s2c, sha256_block_c);
        same1 &= !memcmp(s1, s1c, sizeof s1);
        same256 &= !memcmp(s2, s2c, sizeof s2);
        h ^= prog_hash(s1, sizeof s1) + prog_hash(s2, sizeof s2) * 3;
        if (len == 0 || len == 37 * 7)
            printf("sha1 %08x%08x.. sha256 %08x%08x..\n", s1[0], s1[1], s2[0], s2[1]);
    }
    printf("sha1 matches C %d, sha256 matches C %d, all %016llx\n", same1, same256,
           (unsigned long long)h);

    uint64_t acc = 0;
    for (int i = 0; i < 100; i++) {
        poly64_t a = prog_rand(), b = prog_rand();
        poly128_t p = vmull_p64(a, b);
        uint64_t lo = (uint64_t)p, hi = (uint64_t)(p >> 64), rlo = 0, rhi = 0;
        for (int k = 0; k < 64; k++)
            if (b >> k & 1) rlo ^= a << k, rhi ^= k ? a >> (64 - k) : 0;
        acc += (lo == rlo && hi == rhi);
        acc = acc * 31 + lo;
    }
    printf("pmull %016llx\n", (unsigned long long)acc);
    return 0;
}
