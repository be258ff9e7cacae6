/* test_crypto.c — the cryptographic extension against published answers: the first AES round of
 * FIPS-197 appendix B, SHA-1 and SHA-256 of "abc" computed with the SHA instructions alone, and
 * the portable code against AES-NI/PCLMULQDQ. */
#include "simd_test.h"
#include "simd_impl.h"

#include <stdlib.h>

TestSuite(simd_crypto, .init = simd_setup);

static void set_bytes(int r, const uint8_t *b) {
    memcpy(&tcpu->v[r], b, 16);
}
static void assert_bytes(int r, const uint8_t *b) {
    cr_assert_arr_eq(tcpu->v[r].b, b, 16, "v%d differs", r);
}

static const uint8_t fips_in[16] = {0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d,
                                    0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34};
static const uint8_t fips_key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                     0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static const uint8_t fips_shifted[16] = {0xd4, 0xbf, 0x5d, 0x30, 0xe0, 0xb4, 0x52, 0xae,
                                         0xb8, 0x41, 0x11, 0xf1, 0x1e, 0x27, 0x98, 0xe5};
static const uint8_t fips_mixed[16] = {0x04, 0x66, 0x81, 0xe5, 0xe0, 0xcb, 0x19, 0x9a,
                                       0x48, 0xf8, 0xd3, 0x7a, 0x28, 0x06, 0x26, 0x4c};

static void aes_round_one(bool soft) {
    simd_no_host_crypto = soft;
    set_bytes(0, fips_in);
    set_bytes(1, fips_key);
    run_insn(0x4e284820); /* aese v0.16b, v1.16b */
    assert_bytes(0, fips_shifted);
    run_insn(0x4e286802); /* aesmc v2.16b, v0.16b */
    assert_bytes(2, fips_mixed);
    run_insn(0x4e287843); /* aesimc v3.16b, v2.16b */
    assert_bytes(3, fips_shifted);
    set_bytes(5, fips_shifted);
    run_insn(0x4e285885); /* aesd v5.16b, v4.16b (v4 = 0) */
    uint8_t x[16];
    for (int i = 0; i < 16; i++)
        x[i] = fips_in[i] ^ fips_key[i];
    assert_bytes(5, x);
    simd_no_host_crypto = false;
}
Test(simd_crypto, aes_fips197_round_one_host) {
    aes_round_one(false);
}
Test(simd_crypto, aes_fips197_round_one_portable) {
    aes_round_one(true);
}

Test(simd_crypto, portable_code_matches_host_instructions) {
    static const uint32_t insns[] = {0x4e284820, 0x4e285820, 0x4e286820, 0x4e287820,
                                     0x4efce37a}; /* aese aesd aesmc aesimc pmull2 */
    srand(7);
    for (int k = 0; k < 200; k++) {
        uint32_t insn = insns[k % 5];
        emu_vreg in[32];
        for (int r = 0; r < 32; r++)
            for (int i = 0; i < 16; i++)
                in[r].b[i] = (uint8_t)rand();
        emu_vreg out[2];
        for (int soft = 0; soft < 2; soft++) {
            memcpy(tcpu->v, in, sizeof in);
            simd_no_host_crypto = soft;
            run_insn(insn);
            out[soft] = tcpu->v[A64_RD(insn)];
        }
        simd_no_host_crypto = false;
        cr_assert_arr_eq(out[0].b, out[1].b, 16, "%08x differs", insn);
    }
}

/* ---- SHA: one padded block of "abc", big-endian words in v4..v7 ---- */
static void load_abc_block(void) {
    uint8_t block[64] = {'a', 'b', 'c', 0x80};
    block[63] = 24; /* length in bits */
    for (int w = 0; w < 16; w++)
        tcpu->v[4 + w / 4].s[w % 4] = (uint32_t)block[4 * w] << 24 | block[4 * w + 1] << 16 |
                                      block[4 * w + 2] << 8 | block[4 * w + 3];
}
static uint32_t enc(uint32_t base, int d, int n, int m) {
    return base | (uint32_t)m << 16 | (uint32_t)n << 5 | (uint32_t)d;
}
static void add_k(int dst, int src, const uint32_t *k) {
    for (int i = 0; i < 4; i++)
        tcpu->v[dst].s[i] = tcpu->v[src].s[i] + k[i];
}

Test(simd_crypto, sha256_of_abc) {
    static const uint32_t K[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    static const uint32_t H0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    static const uint32_t expect[8] = {0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                       0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad};
    load_abc_block();
    memcpy(&tcpu->v[0], H0, 16);
    memcpy(&tcpu->v[1], H0 + 4, 16);
    for (int i = 0; i < 16; i++) {
        int w = 4 + i % 4;
        add_k(16, w, K + 4 * i);
        tcpu->v[2] = tcpu->v[0];
        run_insn(enc(0x5e004000, 0, 1, 16)); /* sha256h q0, q1, v16.4s */
        run_insn(enc(0x5e005000, 1, 2, 16)); /* sha256h2 q1, q2, v16.4s */
        if (i < 12) {
            run_insn(enc(0x5e282800, w, 4 + (i + 1) % 4, 0));               /* sha256su0 */
            run_insn(enc(0x5e006000, w, 4 + (i + 2) % 4, 4 + (i + 3) % 4)); /* sha256su1 */
        }
    }
    for (int i = 0; i < 8; i++)
        cr_assert_eq(tcpu->v[i / 4].s[i % 4] + H0[i], expect[i], "word %d", i);
}

Test(simd_crypto, sha1_of_abc) {
    static const uint32_t K[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    static const uint32_t H0[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    static const uint32_t expect[5] = {0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c, 0x9cd0d89d};
    load_abc_block();
    memcpy(&tcpu->v[0], H0, 16);
    setv(1, H0[4], 0);
    for (int i = 0; i < 20; i++) {
        int w = 4 + i % 4;
        uint32_t k[4] = {K[i / 5], K[i / 5], K[i / 5], K[i / 5]};
        add_k(16, w, k);
        run_insn(0x5e280802); /* sha1h s2, s0 */
        uint32_t op = i < 5 ? 0x5e000000 : (i < 10 || i >= 15) ? 0x5e001000 : 0x5e002000;
        run_insn(enc(op, 0, 1, 16)); /* sha1c/sha1p/sha1m q0, s1, v16.4s */
        tcpu->v[1] = tcpu->v[2];
        if (i < 16) {
            run_insn(enc(0x5e003000, w, 4 + (i + 1) % 4, 4 + (i + 2) % 4)); /* sha1su0 */
            run_insn(enc(0x5e281800, w, 4 + (i + 3) % 4, 0));               /* sha1su1 */
        }
    }
    for (int i = 0; i < 4; i++)
        cr_assert_eq(tcpu->v[0].s[i] + H0[i], expect[i], "word %d", i);
    cr_assert_eq(tcpu->v[1].s[0] + H0[4], expect[4]);
}
