/* test_misc.c — two-register misc and across-lanes: bit counts, ABS/NEG at the most negative
 * value, narrowing (XTN2, SQXTN), pairwise long adds, reductions, compares with zero. */
#include "simd_test.h"

TestSuite(simd_misc, .init = simd_setup);

Test(simd_misc, cls_clz_cnt_rbit) {
    setv(1, 0x103fc0408001ff00, 0);
    run_insn(0x4e204820); /* cls v0.16b, v1.16b */
    ASSERT_V(0, 0x0201010000060707, 0x0707070707070707);
    uint16_t h[8] = {0, 1, 0x8000, 0x00ff, 0x100, 0x100, 0x100, 0x100};
    memcpy(&tcpu->v[3], h, 16);
    run_insn(0x6e604862); /* clz v2.8h, v3.8h */
    ASSERT_V(2, 0x00080000000f0010, 0x0007000700070007);
    setv(5, 0xfe0f5580ff030100, 0xffff);
    run_insn(0x0e2058a4); /* cnt v4.8b, v5.8b */
    ASSERT_V(4, 0x0704040108020100, 0);
    setv(7, 0xa00f01, 0);
    run_insn(0x6e6058e6); /* rbit v6.16b, v7.16b */
    ASSERT_V(6, 0x05f080, 0);
}

Test(simd_misc, abs_wraps_sqabs_saturates) {
    int32_t a[4] = {INT32_MIN, -5, 5, 0};
    memcpy(&tcpu->v[9], a, 16);
    run_insn(0x4ea0b928); /* abs v8.4s, v9.4s */
    ASSERT_V(8, 0x0000000580000000, 0x0000000000000005);
    setv(11, 0xfffd8000, 0);
    run_insn(0x4e60796a); /* sqabs v10.8h, v11.8h */
    ASSERT_V(10, 0x00037fff, 0);
    cr_assert(QC_SET());
}

Test(simd_misc, xtn2_keeps_the_lower_half) {
    for (int i = 0; i < 8; i++)
        tcpu->v[13].h[i] = (uint16_t)(0xab00 | i);
    setv(12, 0x5555555555555555, ~0ull);
    run_insn(0x4e2129ac); /* xtn2 v12.16b, v13.8h */
    ASSERT_V(12, 0x5555555555555555, 0x0706050403020100);
}

Test(simd_misc, sqxtn_scalar) {
    setv(14, ~0ull, ~0ull);
    tcpu->v[15].s[0] = 0x00012345;
    run_insn(0x5e6149ee); /* sqxtn h14, s15 */
    ASSERT_V(14, 0x7fff, 0);
    cr_assert(QC_SET());
}

Test(simd_misc, pairwise_long_adds) {
    uint16_t h[8] = {0x8000, 0x8000, 1, 2, 0x7fff, 0x7fff, 0xffff, 1};
    memcpy(&tcpu->v[17], h, 16);
    run_insn(0x4e602a30); /* saddlp v16.4s, v17.8h */
    ASSERT_V(16, 0x00000003ffff0000, 0x000000000000fffe);
    uint32_t s[4] = {0xffffffff, 0xffffffff, 1, 2};
    memcpy(&tcpu->v[19], s, 16);
    setv(18, 1, 10);
    run_insn(0x6ea06a72); /* uadalp v18.2d, v19.4s */
    ASSERT_V(18, 0x1ffffffff, 13);
}

Test(simd_misc, across_lanes) {
    setv_bytes(21, 0, 1);
    setv(20, ~0ull, ~0ull);
    run_insn(0x4e31bab4); /* addv b20, v21.16b */
    ASSERT_V(20, 120, 0);
    setv(23, ~0ull, ~0ull);
    run_insn(0x6e703af6); /* uaddlv s22, v23.8h */
    ASSERT_V(22, 0x7fff8, 0);
    uint16_t h[8] = {5, 0xfff9, 3, 0x8001, 0x8000, 0x8000, 0x8000, 0x8000};
    memcpy(&tcpu->v[25], h, 16);
    run_insn(0x0e71ab38); /* sminv h24, v25.4h: only the low four lanes */
    ASSERT_V(24, 0x8001, 0);
}

Test(simd_misc, neg_and_compare_with_zero) {
    setv(27, 0x8000000000000000, 7);
    run_insn(0x7ee0bb7a); /* neg d26, d27 */
    ASSERT_V(26, 0x8000000000000000, 0);
    setv(29, 0x030002ff7f800100, 0);
    run_insn(0x2e209bbc); /* cmle v28.8b, v29.8b, #0 */
    ASSERT_V(28, 0x00ff00ff00ff00ff, 0);
    setv(31, 0x0123456789abcdef, 0xf0f0f0f00f0f0f0f);
    run_insn(0x6e205bfe); /* not v30.16b, v31.16b */
    ASSERT_V(30, 0xfedcba9876543210, 0x0f0f0f0ff0f0f0f0);
}
