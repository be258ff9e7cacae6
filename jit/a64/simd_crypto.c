/* simd_crypto.c — the Cryptographic Extension: AES (AESE/AESD/AESMC/AESIMC), SHA1, SHA256,
 * SHA512 and SHA3 (EOR3/BCAX/RAX1/XAR), as the ARM ARM pseudocode defines them. */
#include "simd_impl.h"

/* ---- AES: AES-NI when the host has it, tables otherwise ---- */

bool simd_no_host_crypto;

/* The state is the 16 bytes of the register, column-major (byte i is row i%4, column i/4) on
 * both architectures, so the AES-NI round primitives apply unchanged. */
static const uint8_t aes_sbox[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
    0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
    0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
    0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
    0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
    0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
    0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
    0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
    0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
    0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
    0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};
static const uint8_t aes_inv_sbox[256] = {
    0x52, 0x09, 0x6a, 0xd5, 0x30, 0x36, 0xa5, 0x38, 0xbf, 0x40, 0xa3, 0x9e, 0x81, 0xf3, 0xd7, 0xfb,
    0x7c, 0xe3, 0x39, 0x82, 0x9b, 0x2f, 0xff, 0x87, 0x34, 0x8e, 0x43, 0x44, 0xc4, 0xde, 0xe9, 0xcb,
    0x54, 0x7b, 0x94, 0x32, 0xa6, 0xc2, 0x23, 0x3d, 0xee, 0x4c, 0x95, 0x0b, 0x42, 0xfa, 0xc3, 0x4e,
    0x08, 0x2e, 0xa1, 0x66, 0x28, 0xd9, 0x24, 0xb2, 0x76, 0x5b, 0xa2, 0x49, 0x6d, 0x8b, 0xd1, 0x25,
    0x72, 0xf8, 0xf6, 0x64, 0x86, 0x68, 0x98, 0x16, 0xd4, 0xa4, 0x5c, 0xcc, 0x5d, 0x65, 0xb6, 0x92,
    0x6c, 0x70, 0x48, 0x50, 0xfd, 0xed, 0xb9, 0xda, 0x5e, 0x15, 0x46, 0x57, 0xa7, 0x8d, 0x9d, 0x84,
    0x90, 0xd8, 0xab, 0x00, 0x8c, 0xbc, 0xd3, 0x0a, 0xf7, 0xe4, 0x58, 0x05, 0xb8, 0xb3, 0x45, 0x06,
    0xd0, 0x2c, 0x1e, 0x8f, 0xca, 0x3f, 0x0f, 0x02, 0xc1, 0xaf, 0xbd, 0x03, 0x01, 0x13, 0x8a, 0x6b,
    0x3a, 0x91, 0x11, 0x41, 0x4f, 0x67, 0xdc, 0xea, 0x97, 0xf2, 0xcf, 0xce, 0xf0, 0xb4, 0xe6, 0x73,
    0x96, 0xac, 0x74, 0x22, 0xe7, 0xad, 0x35, 0x85, 0xe2, 0xf9, 0x37, 0xe8, 0x1c, 0x75, 0xdf, 0x6e,
    0x47, 0xf1, 0x1a, 0x71, 0x1d, 0x29, 0xc5, 0x89, 0x6f, 0xb7, 0x62, 0x0e, 0xaa, 0x18, 0xbe, 0x1b,
    0xfc, 0x56, 0x3e, 0x4b, 0xc6, 0xd2, 0x79, 0x20, 0x9a, 0xdb, 0xc0, 0xfe, 0x78, 0xcd, 0x5a, 0xf4,
    0x1f, 0xdd, 0xa8, 0x33, 0x88, 0x07, 0xc7, 0x31, 0xb1, 0x12, 0x10, 0x59, 0x27, 0x80, 0xec, 0x5f,
    0x60, 0x51, 0x7f, 0xa9, 0x19, 0xb5, 0x4a, 0x0d, 0x2d, 0xe5, 0x7a, 0x9f, 0x93, 0xc9, 0x9c, 0xef,
    0xa0, 0xe0, 0x3b, 0x4d, 0xae, 0x2a, 0xf5, 0xb0, 0xc8, 0xeb, 0xbb, 0x3c, 0x83, 0x53, 0x99, 0x61,
    0x17, 0x2b, 0x04, 0x7e, 0xba, 0x77, 0xd6, 0x26, 0xe1, 0x69, 0x14, 0x63, 0x55, 0x21, 0x0c, 0x7d,
};

static inline uint8_t aes_xtime(uint8_t x) {
    return (uint8_t)(x << 1 ^ (x & 0x80 ? 0x1b : 0));
}
static uint8_t aes_mul(uint8_t x, uint8_t k) {
    uint8_t r = 0;
    for (; k; k >>= 1, x = aes_xtime(x))
        if (k & 1) r ^= x;
    return r;
}

/* SubBytes(ShiftRows(s)) or, inverse, InvSubBytes(InvShiftRows(s)) */
static void aes_sub_shift(uint8_t out[16], const uint8_t in[16], bool inverse) {
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++) {
            int src = inverse ? (c - r + 4) % 4 : (c + r) % 4;
            uint8_t x = in[r + 4 * src];
            out[r + 4 * c] = inverse ? aes_inv_sbox[x] : aes_sbox[x];
        }
}
static void aes_mix(uint8_t out[16], const uint8_t in[16], bool inverse) {
    static const uint8_t fwd[4] = {2, 3, 1, 1}, inv[4] = {14, 11, 13, 9};
    const uint8_t *k = inverse ? inv : fwd;
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++) {
            uint8_t x = 0;
            for (int j = 0; j < 4; j++)
                x ^= aes_mul(in[4 * c + j], k[(j - r + 4) % 4]);
            out[4 * c + r] = x;
        }
}

__attribute__((target("aes"))) static __m128i aes_hw(__m128i x, int op) {
    switch (op) {
    case 0: return _mm_aesenclast_si128(x, _mm_setzero_si128());
    case 1: return _mm_aesdeclast_si128(x, _mm_setzero_si128());
    case 2: /* MixColumns alone: undo the SubBytes/ShiftRows of a full encryption round */
        return _mm_aesenc_si128(_mm_aesdeclast_si128(x, _mm_setzero_si128()), _mm_setzero_si128());
    default: return _mm_aesimc_si128(x);
    }
}

/* op: 0 AESE, 1 AESD (both xor Vd with Vn first), 2 AESMC, 3 AESIMC */
static void crypto_aes(emu_cpu *cpu, uint32_t insn, int op) {
    emu_vreg x = cpu->v[A64_RN(insn)], r;
    if (op < 2) x.d[0] ^= cpu->v[A64_RD(insn)].d[0], x.d[1] ^= cpu->v[A64_RD(insn)].d[1];
    if (!simd_no_host_crypto && __builtin_cpu_supports("aes")) {
        _mm_store_si128((__m128i *)&r, aes_hw(_mm_load_si128((const __m128i *)&x), op));
    } else if (op < 2) {
        aes_sub_shift(r.b, x.b, op == 1);
    } else {
        aes_mix(r.b, x.b, op == 3);
    }
    simd_set(cpu, A64_RD(insn), r);
}
SIMD_FN(simd_aese) {
    crypto_aes(cpu, insn, 0);
}
SIMD_FN(simd_aesd) {
    crypto_aes(cpu, insn, 1);
}
SIMD_FN(simd_aesmc) {
    crypto_aes(cpu, insn, 2);
}
SIMD_FN(simd_aesimc) {
    crypto_aes(cpu, insn, 3);
}

/* ---- SHA1, SHA256 ---- */
static inline uint32_t rol32(uint32_t x, int s) {
    return x << s | x >> ((32 - s) & 31);
}
static inline uint32_t ror32(uint32_t x, int s) {
    return x >> s | x << ((32 - s) & 31);
}
static inline uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z) {
    return ((y ^ z) & x) ^ z;
}
static inline uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z) {
    return x ^ y ^ z;
}
static inline uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z) {
    return (x & y) | ((x | y) & z);
}

/* SHA1C/SHA1P/SHA1M: four rounds on X = Vd (abcd) and Y = Sn (e) with the words of Vm. */
static void crypto_sha1_rounds(emu_cpu *cpu, uint32_t insn,
                               uint32_t (*f)(uint32_t, uint32_t, uint32_t)) {
    emu_vreg x = cpu->v[A64_RD(insn)];
    const emu_vreg w = cpu->v[A64_RM(insn)];
    uint32_t y = cpu->v[A64_RN(insn)].s[0];
    for (int e = 0; e < 4; e++) {
        y += rol32(x.s[0], 5) + f(x.s[1], x.s[2], x.s[3]) + w.s[e];
        x.s[1] = rol32(x.s[1], 30);
        uint32_t top = x.s[3]; /* <Y, X> = ROL(Y:X, 32) */
        x.s[3] = x.s[2], x.s[2] = x.s[1], x.s[1] = x.s[0], x.s[0] = y;
        y = top;
    }
    simd_set(cpu, A64_RD(insn), x);
}
SIMD_FN(simd_sha1c) {
    crypto_sha1_rounds(cpu, insn, sha_choose);
}
SIMD_FN(simd_sha1p) {
    crypto_sha1_rounds(cpu, insn, sha_parity);
}
SIMD_FN(simd_sha1m) {
    crypto_sha1_rounds(cpu, insn, sha_majority);
}

SIMD_FN(simd_sha1h) {
    emu_vreg r = {{0}};
    r.s[0] = rol32(cpu->v[A64_RN(insn)].s[0], 30);
    simd_set(cpu, A64_RD(insn), r);
}
SIMD_FN(simd_sha1su0) {
    const emu_vreg d = cpu->v[A64_RD(insn)], n = cpu->v[A64_RN(insn)], m = cpu->v[A64_RM(insn)];
    emu_vreg r;
    r.d[0] = d.d[1] ^ d.d[0] ^ m.d[0];
    r.d[1] = n.d[0] ^ d.d[1] ^ m.d[1];
    simd_set(cpu, A64_RD(insn), r);
}
SIMD_FN(simd_sha1su1) {
    const emu_vreg d = cpu->v[A64_RD(insn)], n = cpu->v[A64_RN(insn)];
    uint32_t t[4] = {d.s[0] ^ n.s[1], d.s[1] ^ n.s[2], d.s[2] ^ n.s[3], d.s[3]};
    emu_vreg r;
    for (int e = 0; e < 4; e++)
        r.s[e] = rol32(t[e], 1);
    r.s[3] ^= rol32(t[0], 2);
    simd_set(cpu, A64_RD(insn), r);
}

static inline uint32_t sha256_sum0(uint32_t x) {
    return ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22);
}
static inline uint32_t sha256_sum1(uint32_t x) {
    return ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25);
}

/* SHA256hash: four rounds; X = abcd, Y = efgh; part1 returns X, part2 Y */
static emu_vreg crypto_sha256_hash(emu_vreg x, emu_vreg y, const emu_vreg w, bool part1) {
    for (int e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y.s[0], y.s[1], y.s[2]);
        uint32_t maj = sha_majority(x.s[0], x.s[1], x.s[2]);
        uint32_t t = y.s[3] + sha256_sum1(y.s[0]) + chs + w.s[e];
        x.s[3] += t;
        y.s[3] = t + sha256_sum0(x.s[0]) + maj;
        uint32_t xt = x.s[3], yt = y.s[3]; /* <Y, X> = ROL(Y:X, 32) */
        x.s[3] = x.s[2], x.s[2] = x.s[1], x.s[1] = x.s[0], x.s[0] = yt;
        y.s[3] = y.s[2], y.s[2] = y.s[1], y.s[1] = y.s[0], y.s[0] = xt;
    }
    return part1 ? x : y;
}
SIMD_FN(simd_sha256h) {
    cpu->v[A64_RD(insn)] =
        crypto_sha256_hash(cpu->v[A64_RD(insn)], cpu->v[A64_RN(insn)], cpu->v[A64_RM(insn)], true);
}
SIMD_FN(simd_sha256h2) {
    cpu->v[A64_RD(insn)] =
        crypto_sha256_hash(cpu->v[A64_RN(insn)], cpu->v[A64_RD(insn)], cpu->v[A64_RM(insn)], false);
}
SIMD_FN(simd_sha256su0) {
    const emu_vreg d = cpu->v[A64_RD(insn)], n = cpu->v[A64_RN(insn)];
    uint32_t t[4] = {d.s[1], d.s[2], d.s[3], n.s[0]};
    emu_vreg r;
    for (int e = 0; e < 4; e++)
        r.s[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ t[e] >> 3) + d.s[e];
    simd_set(cpu, A64_RD(insn), r);
}
static inline uint32_t sha256_sig1(uint32_t x) {
    return ror32(x, 17) ^ ror32(x, 19) ^ x >> 10;
}
SIMD_FN(simd_sha256su1) {
    const emu_vreg d = cpu->v[A64_RD(insn)], n = cpu->v[A64_RN(insn)], m = cpu->v[A64_RM(insn)];
    uint32_t t0[4] = {n.s[1], n.s[2], n.s[3], m.s[0]};
    emu_vreg r;
    r.s[0] = sha256_sig1(m.s[2]) + d.s[0] + t0[0];
    r.s[1] = sha256_sig1(m.s[3]) + d.s[1] + t0[1];
    r.s[2] = sha256_sig1(r.s[0]) + d.s[2] + t0[2];
    r.s[3] = sha256_sig1(r.s[1]) + d.s[3] + t0[3];
    simd_set(cpu, A64_RD(insn), r);
}

/* ---- SHA512 ---- */
static inline uint64_t ror64(uint64_t x, int s) {
    return x >> s | x << ((64 - s) & 63);
}
static inline uint64_t sha512_sum1(uint64_t x) {
    return ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41);
}
static inline uint64_t sha512_sum0(uint64_t x) {
    return ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39);
}

SIMD_FN(simd_sha512h) {
    const emu_vreg x = cpu->v[A64_RN(insn)], y = cpu->v[A64_RM(insn)], w = cpu->v[A64_RD(insn)];
    emu_vreg r;
    r.d[1] = ((y.d[1] & x.d[0]) ^ (~y.d[1] & x.d[1])) + sha512_sum1(y.d[1]) + w.d[1];
    uint64_t tmp = r.d[1] + y.d[0];
    r.d[0] = ((tmp & y.d[1]) ^ (~tmp & x.d[0])) + sha512_sum1(tmp) + w.d[0];
    simd_set(cpu, A64_RD(insn), r);
}
SIMD_FN(simd_sha512h2) {
    const emu_vreg x = cpu->v[A64_RN(insn)], y = cpu->v[A64_RM(insn)], w = cpu->v[A64_RD(insn)];
    emu_vreg r;
    r.d[1] =
        ((x.d[0] & y.d[1]) ^ (x.d[0] & y.d[0]) ^ (y.d[1] & y.d[0])) + sha512_sum0(y.d[0]) + w.d[1];
    r.d[0] =
        ((r.d[1] & y.d[0]) ^ (r.d[1] & y.d[1]) ^ (y.d[1] & y.d[0])) + sha512_sum0(r.d[1]) + w.d[0];
    simd_set(cpu, A64_RD(insn), r);
}
SIMD_FN(simd_sha512su0) {
    const emu_vreg x = cpu->v[A64_RN(insn)], w = cpu->v[A64_RD(insn)];
    emu_vreg r;
    r.d[0] = w.d[0] + (ror64(w.d[1], 1) ^ ror64(w.d[1], 8) ^ w.d[1] >> 7);
    r.d[1] = w.d[1] + (ror64(x.d[0], 1) ^ ror64(x.d[0], 8) ^ x.d[0] >> 7);
    simd_set(cpu, A64_RD(insn), r);
}
SIMD_FN(simd_sha512su1) {
    const emu_vreg x = cpu->v[A64_RN(insn)], y = cpu->v[A64_RM(insn)], w = cpu->v[A64_RD(insn)];
    emu_vreg r;
    for (int i = 0; i < 2; i++)
        r.d[i] = w.d[i] + (ror64(x.d[i], 19) ^ ror64(x.d[i], 61) ^ x.d[i] >> 6) + y.d[i];
    simd_set(cpu, A64_RD(insn), r);
}

/* ---- SHA3 ---- */
SIMD_FN(simd_eor3) {
    const emu_vreg n = cpu->v[A64_RN(insn)], m = cpu->v[A64_RM(insn)], a = cpu->v[A64_RA(insn)];
    emu_vreg r;
    for (int i = 0; i < 2; i++)
        r.d[i] = n.d[i] ^ m.d[i] ^ a.d[i];
    simd_set(cpu, A64_RD(insn), r);
}
SIMD_FN(simd_bcax) {
    const emu_vreg n = cpu->v[A64_RN(insn)], m = cpu->v[A64_RM(insn)], a = cpu->v[A64_RA(insn)];
    emu_vreg r;
    for (int i = 0; i < 2; i++)
        r.d[i] = n.d[i] ^ (m.d[i] & ~a.d[i]);
    simd_set(cpu, A64_RD(insn), r);
}
SIMD_FN(simd_rax1) {
    const emu_vreg n = cpu->v[A64_RN(insn)], m = cpu->v[A64_RM(insn)];
    emu_vreg r;
    for (int i = 0; i < 2; i++)
        r.d[i] = n.d[i] ^ ror64(m.d[i], 63);
    simd_set(cpu, A64_RD(insn), r);
}
SIMD_FN(simd_xar) {
    const emu_vreg n = cpu->v[A64_RN(insn)], m = cpu->v[A64_RM(insn)];
    int sh = (int)a64_bits(insn, 15, 10);
    emu_vreg r;
    for (int i = 0; i < 2; i++)
        r.d[i] = ror64(n.d[i] ^ m.d[i], sh);
    simd_set(cpu, A64_RD(insn), r);
}
