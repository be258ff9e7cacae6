/* test_long.c — three-different and by-element ops: long multiplies of the upper half,
 * accumulation, doubling saturation, high-narrowing, wide adds, PMULL. */
#include "simd_test.h"

TestSuite(simd_long, .init = simd_setup);

Test(simd_long, smull2_multiplies_the_upper_halves) {
    uint16_t a[8] = {9, 9, 9, 9, 0xfffe, 3, 0x7fff, 0x8000};
    uint16_t b[8] = {9, 9, 9, 9, 3, 3, 0x7fff, 0x8000};
    memcpy(&tcpu->v[1], a, 16);
    memcpy(&tcpu->v[2], b, 16);
    run_insn(0x4e62c020); /* smull2 v0.4s, v1.8h, v2.8h */
    ASSERT_V(0, 0x00000009fffffffa, 0x400000003fff0001);
}

Test(simd_long, umlal_accumulates) {
    setv(4, 0x00000002ffffffff, 0);
    setv(5, 0x00000003ffffffff, 0);
    setv(3, 1, 4);
    run_insn(0x2ea58083); /* umlal v3.2d, v4.2s, v5.2s */
    ASSERT_V(3, 0xfffffffe00000002, 10);
}

Test(simd_long, sqdmull_saturates) {
    setv(7, 0x00038000, 0);
    setv(8, 0xfffc8000, 0);
    run_insn(0x0e68d0e6); /* sqdmull v6.4s, v7.4h, v8.4h */
    ASSERT_V(6, 0xffffffe87fffffff, 0);
    cr_assert(QC_SET());
}

Test(simd_long, addhn_and_raddhn2) {
    setv(10, 0x1234123412341234, 0x1234123412341234);
    setv(11, 0x1111111111111111, 0x1111111111111111);
    setv(9, ~0ull, ~0ull);
    run_insn(0x0e2b4149); /* addhn v9.8b, v10.8h, v11.8h */
    ASSERT_V(9, 0x2323232323232323, 0);
    setv(13, 0x1280128012801280, 0x1280128012801280);
    setv(12, 0x4444444444444444, 0);
    run_insn(0x6e2e41ac); /* raddhn2 v12.16b, v13.8h, v14.8h */
    ASSERT_V(12, 0x4444444444444444, 0x1313131313131313);
}

Test(simd_long, saddw2_sign_extends_the_upper_half) {
    setv(16, 10, 20);
    setv(17, 0, 0x00000005fffffffd);
    run_insn(0x4eb1120f); /* saddw2 v15.2d, v16.2d, v17.4s */
    ASSERT_V(15, 7, 25);
}

Test(simd_long, by_element) {
    tcpu->v[2].h[7] = 3;
    for (int i = 0; i < 8; i++)
        tcpu->v[19].h[i] = (uint16_t)i;
    run_insn(0x4f728a72); /* mul v18.8h, v19.8h, v2.h[7] */
    ASSERT_V(18, 0x0009000600030000, 0x00150012000f000c);
    tcpu->v[22].s[3] = 0x80000000;
    uint32_t a[4] = {0x80000000, 0x40000000, 1, 0};
    memcpy(&tcpu->v[21], a, 16);
    run_insn(0x4fb6dab4); /* sqrdmulh v20.4s, v21.4s, v22.s[3] */
    ASSERT_V(20, 0xc00000007fffffff, 0x00000000ffffffff);
    cr_assert(QC_SET());
    tcpu->v[31].s[2] = 0x10;
    setv(1, 0x00000002ffffffff, 0);
    run_insn(0x2f9fa820); /* umull v0.2d, v1.2s, v31.s[2] */
    ASSERT_V(0, 0xffffffff0, 0x20);
}

Test(simd_long, sqdmlal_scalar_by_element_saturates_twice) {
    tcpu->v[30].h[0] = 0x8000;
    tcpu->v[1].h[1] = 0x8000;
    setv(29, 1, ~0ull);
    run_insn(0x5f5133dd); /* sqdmlal s29, h30, v1.h[1] */
    ASSERT_V(29, 0x7fffffff, 0);
    cr_assert(QC_SET());
}

Test(simd_long, pmull_8_and_64) {
    setv(24, 0x03ff, 0);
    setv(25, 0x03ff, 0);
    run_insn(0x0e39e317); /* pmull v23.8h, v24.8b, v25.8b */
    ASSERT_V(23, 0x0000000000055555, 0);
    setv(27, 0, 0x8000000000000000);
    setv(28, 0, 3);
    run_insn(0x4efce37a); /* pmull2 v26.1q, v27.2d, v28.2d */
    ASSERT_V(26, 0x8000000000000000, 1);
}
