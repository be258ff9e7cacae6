/* test_arith.c — three-same integer ops: wrap-around, signed vs unsigned compares, halving,
 * saturation with QC, bitwise selects, pairwise, scalar forms. */
#include "simd_test.h"

TestSuite(simd_arith, .init = simd_setup);

Test(simd_arith, add_2d_wraps_sub_8b_clears_upper) {
    setv(1, ~0ull, 5);
    setv(2, 1, 7);
    run_insn(0x4ee28420); /* add v0.2d, v1.2d, v2.2d */
    ASSERT_V(0, 0, 12);
    setv(3, ~0ull, ~0ull);
    setv(5, 0x0101010101010101, 0x0101010101010101);
    run_insn(0x2e258483); /* sub v3.8b, v4.8b, v5.8b */
    ASSERT_V(3, ~0ull, 0);
}

Test(simd_arith, cmgt_is_signed_cmhi_unsigned) {
    setv(7, 0x8080808080808080, 0x8080808080808080);
    setv(8, 0x0101010101010101, 0x0101010101010101);
    run_insn(0x4e2834e6); /* cmgt v6.16b, v7.16b, v8.16b */
    ASSERT_V(6, 0, 0);
    run_insn(0x6e2834e9); /* cmhi v9.16b, v7.16b, v8.16b */
    ASSERT_V(9, ~0ull, ~0ull);
}

Test(simd_arith, sqadd_saturates_and_sets_qc) {
    for (int i = 0; i < 8; i++)
        tcpu->v[11].h[i] = 0x7000, tcpu->v[12].h[i] = 1;
    tcpu->v[12].h[0] = 0x2000;
    run_insn(0x4e6c0d6a); /* sqadd v10.8h, v11.8h, v12.8h */
    ASSERT_V(10, 0x7001700170017fff, 0x7001700170017001);
    cr_assert(QC_SET());
}

Test(simd_arith, uqsub_floors_at_zero) {
    uint32_t a[4] = {5, 10, 0, 100}, b[4] = {3, 20, 1, 100};
    memcpy(&tcpu->v[14], a, 16);
    memcpy(&tcpu->v[15], b, 16);
    run_insn(0x6eaf2dcd); /* uqsub v13.4s, v14.4s, v15.4s */
    ASSERT_V(13, 2, 0);
    cr_assert(QC_SET());
}

Test(simd_arith, no_saturation_leaves_qc_alone) {
    setv(11, 1, 1);
    setv(12, 1, 1);
    run_insn(0x4e6c0d6a); /* sqadd v10.8h, v11.8h, v12.8h */
    cr_assert(!QC_SET());
}

Test(simd_arith, shadd_floors_sabd_widens) {
    setv(17, 0x8080808080808080, 0x8080808080808080);
    setv(18, 0x8181818181818181, 0x8181818181818181);
    run_insn(0x4e320630); /* shadd v16.16b, v17.16b, v18.16b: (-128 + -127) >> 1 */
    ASSERT_V(16, 0x8080808080808080, 0x8080808080808080);
    setv(20, 0x8000800080008000, 0x8000800080008000);
    setv(21, 0x7fff7fff7fff7fff, 0x7fff7fff7fff7fff);
    run_insn(0x4e757693); /* sabd v19.8h, v20.8h, v21.8h */
    ASSERT_V(19, ~0ull, ~0ull);
}

Test(simd_arith, mul_and_pmul) {
    setv(23, 0x1234567812345678, 0x1234567812345678);
    setv(24, 0x0000000300000003, 0x0000000300000003);
    run_insn(0x4eb89ef6); /* mul v22.4s, v23.4s, v24.4s */
    ASSERT_V(22, 0x369d0368369d0368, 0x369d0368369d0368);
    setv(26, 0x03030303030303ff, 0x0303030303030303);
    setv(27, 0x0303030303030302, 0x0303030303030303);
    run_insn(0x6e3b9f59); /* pmul v25.16b, v26.16b, v27.16b */
    ASSERT_V(25, 0x05050505050505fe, 0x0505050505050505);
}

Test(simd_arith, addp_and_umaxp) {
    setv_bytes(29, 0, 1);
    setv_bytes(30, 0x80, 1);
    run_insn(0x4e3ebfbc); /* addp v28.16b, v29.16b, v30.16b */
    ASSERT_V(28, 0x1d1915110d090501, 0x1d1915110d090501);
    setv(1, 0x000007c804030901, 0);
    setv(2, 0x1011080800ff0605ull, 0);
    run_insn(0x2e22a420); /* umaxp v0.8b, v1.8b, v2.8b */
    ASSERT_V(0, 0x1108ff0600c80409, 0);
}

Test(simd_arith, bitwise_selects) {
    setv(4, 0x1111111111111111, 0x1111111111111111);
    setv(5, 0x2222222222222222, 0x2222222222222222);
    setv(3, 0xff00ff00ff00ff00, 0xff00ff00ff00ff00);
    run_insn(0x6e651c83); /* bsl v3.16b, v4.16b, v5.16b */
    ASSERT_V(3, 0x1122112211221122, 0x1122112211221122);
    setv(5, 0xff00ff00ff00ff00, 0xff00ff00ff00ff00);
    setv(6, 0x3333333333333333, 0x3333333333333333);
    run_insn(0x6ea51c86); /* bit v6.16b, v4.16b, v5.16b */
    ASSERT_V(6, 0x1133113311331133, 0x1133113311331133);
    setv(7, 0x3333333333333333, 0x3333333333333333);
    run_insn(0x6ee51c87); /* bif v7.16b, v4.16b, v5.16b */
    ASSERT_V(7, 0x3311331133113311, 0x3311331133113311);
}

Test(simd_arith, sqdmulh_saturates_only_min_times_min) {
    for (int i = 0; i < 8; i++)
        tcpu->v[9].h[i] = 0x4000, tcpu->v[10].h[i] = 0x4000;
    tcpu->v[9].h[0] = tcpu->v[10].h[0] = 0x8000;
    run_insn(0x4e6ab528); /* sqdmulh v8.8h, v9.8h, v10.8h */
    ASSERT_V(8, 0x2000200020007fff, 0x2000200020002000);
    cr_assert(QC_SET());
}

Test(simd_arith, scalar_forms_clear_the_rest) {
    setv(11, ~0ull, ~0ull);
    tcpu->v[12].s[0] = 0x40000000;
    tcpu->v[13].s[0] = 3;
    run_insn(0x7eadb58b); /* sqrdmulh s11, s12, s13 */
    ASSERT_V(11, 2, 0);
    tcpu->v[15].b[0] = 0x80;
    tcpu->v[16].b[0] = 0xff;
    run_insn(0x5e300dee); /* sqadd b14, b15, b16 */
    ASSERT_V(14, 0x80, 0);
    cr_assert(QC_SET());
    setv(18, 1, 0xdead);
    setv(19, 2, 0xbeef);
    run_insn(0x5ef38651); /* add d17, d18, d19 */
    ASSERT_V(17, 3, 0);
    setv(21, 5, 7);
    run_insn(0x5ef1bab4); /* addp d20, v21.2d */
    ASSERT_V(20, 12, 0);
}
