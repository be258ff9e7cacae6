/* test_move.c — data movement: DUP, INS, UMOV/SMOV, vector immediates, EXT, TBL/TBX, permutes,
 * REV; 64-bit forms clear the upper half. */
#include "simd_test.h"

TestSuite(simd_move, .init = simd_setup);

Test(simd_move, dup_element_and_general) {
    tcpu->v[1].h[5] = 0xbeef;
    run_insn(0x4e160420); /* dup v0.8h, v1.h[5] */
    ASSERT_V(0, 0xbeefbeefbeefbeef, 0xbeefbeefbeefbeef);
    tcpu->x[3] = 0x1111111122222222;
    run_insn(0x4e040c62); /* dup v2.4s, w3 */
    ASSERT_V(2, 0x2222222222222222, 0x2222222222222222);
}

Test(simd_move, ins_keeps_the_other_lanes) {
    setv(4, 0x0102030405060708, 0x1112131415161718);
    tcpu->x[5] = 0x1ff;
    run_insn(0x4e1f1ca4); /* ins v4.b[15], w5 */
    ASSERT_V(4, 0x0102030405060708, 0xff12131415161718);
    tcpu->v[7].s[3] = 0xcafef00d;
    run_insn(0x6e0c64e6); /* ins v6.s[1], v7.s[3] */
    ASSERT_V(6, 0xcafef00d00000000, 0);
}

Test(simd_move, umov_zero_extends_smov_sign_extends) {
    setv_bytes(9, 0, 1);
    tcpu->x[8] = ~0ull;
    run_insn(0x0e133d28); /* umov w8, v9.b[9] */
    cr_assert_eq(tcpu->x[8], 9);
    tcpu->v[11].h[7] = 0x8001;
    run_insn(0x4e1e2d6a); /* smov x10, v11.h[7] */
    cr_assert_eq(tcpu->x[10], 0xffffffffffff8001ull);
    setv(13, 1, 0x123456789abcdef0);
    run_insn(0x4e183dac); /* mov x12, v13.d[1] */
    cr_assert_eq(tcpu->x[12], 0x123456789abcdef0ull);
}

Test(simd_move, modified_immediates) {
    run_insn(0x4f05d56e); /* movi v14.4s, #0xab, msl #16 */
    ASSERT_V(14, 0x00abffff00abffff, 0x00abffff00abffff);
    run_insn(0x6f05e4af); /* movi v15.2d, #0xff00ff0000ff00ff */
    ASSERT_V(15, 0xff00ff0000ff00ff, 0xff00ff0000ff00ff);
    run_insn(0x6f00a650); /* mvni v16.8h, #0x12, lsl #8 */
    ASSERT_V(16, 0xedffedffedffedff, 0xedffedffedffedff);
    setv(17, 0x0101010101010101, 0x0101010101010101);
    run_insn(0x4f017691); /* orr v17.4s, #0x34, lsl #24 */
    ASSERT_V(17, 0x3501010135010101, 0x3501010135010101);
    setv(18, ~0ull, ~0ull);
    run_insn(0x2f0296d2); /* bic v18.4h, #0x56 */
    ASSERT_V(18, 0xffa9ffa9ffa9ffa9, 0);
}

Test(simd_move, ext_concatenates_then_extracts) {
    setv_bytes(20, 0, 1);
    setv_bytes(21, 16, 1);
    run_insn(0x6e156a93); /* ext v19.16b, v20.16b, v21.16b, #13 */
    ASSERT_V(19, 0x14131211100f0e0d, 0x1c1b1a1918171615);
}

Test(simd_move, tbl_three_registers_out_of_range_is_zero) {
    static const uint8_t idx[16] = {0, 17, 47, 48, 255, 5, 16, 32, 15, 31, 33, 64, 128, 46, 1, 2};
    setv_bytes(30, 0x00, 1);
    setv_bytes(31, 0x40, 1);
    setv_bytes(0, 0x80, 1);
    memcpy(&tcpu->v[23], idx, 16);
    run_insn(0x4e1743d6); /* tbl v22.16b, {v30.16b, v31.16b, v0.16b}, v23.16b */
    ASSERT_V(22, 0x80400500008f4100, 0x02018e0000814f0f);
}

Test(simd_move, tbx_out_of_range_keeps_destination) {
    static const uint8_t idx[8] = {3, 16, 0, 200, 15, 7, 20, 1};
    setv_bytes(25, 0xa0, 1);
    memcpy(&tcpu->v[26], idx, 8);
    setv(24, 0x1111111111111111, 0x2222222222222222);
    run_insn(0x0e1a1338); /* tbx v24.8b, {v25.16b}, v26.8b */
    ASSERT_V(24, 0xa111a7af11a011a3, 0);
}

Test(simd_move, zip_uzp_trn) {
    for (int i = 0; i < 8; i++)
        tcpu->v[1].h[i] = (uint16_t)i, tcpu->v[2].h[i] = (uint16_t)(10 + i);
    run_insn(0x4e423820); /* zip1 v0.8h, v1.8h, v2.8h */
    ASSERT_V(0, 0x000b0001000a0000, 0x000d0003000c0002);
    for (int i = 0; i < 4; i++)
        tcpu->v[4].s[i] = (uint32_t)i, tcpu->v[5].s[i] = (uint32_t)(10 + i);
    run_insn(0x4e855883); /* uzp2 v3.4s, v4.4s, v5.4s */
    ASSERT_V(3, 0x0000000300000001, 0x0000000d0000000b);
    setv_bytes(7, 0, 1);
    setv_bytes(8, 0x10, 1);
    run_insn(0x4e0828e6); /* trn1 v6.16b, v7.16b, v8.16b */
    ASSERT_V(6, 0x1606140412021000, 0x1e0e1c0c1a0a1808);
}

Test(simd_move, rev64_bytes) {
    setv_bytes(10, 0, 1);
    run_insn(0x4e200949); /* rev64 v9.16b, v10.16b */
    ASSERT_V(9, 0x0001020304050607, 0x08090a0b0c0d0e0f);
}
