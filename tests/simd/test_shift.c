/* test_shift.c — shifts by register (signed low byte, rounding, saturation) and by immediate
 * (full-width right shifts, inserts, narrowing into the upper half, lengthening, scalar). */
#include "simd_test.h"

TestSuite(simd_shift, .init = simd_setup);

Test(simd_shift, sshl_uses_the_signed_low_byte) {
    uint32_t a[4] = {0x80000000, 16, 1, 0x12345678};
    uint32_t b[4] = {0xffffffe1, 0x123456fc, 31, 32};
    memcpy(&tcpu->v[1], a, 16);
    memcpy(&tcpu->v[2], b, 16);
    run_insn(0x4ea24420); /* sshl v0.4s, v1.4s, v2.4s */
    ASSERT_V(0, 0x00000001ffffffff, 0x0000000080000000);
}

Test(simd_shift, urshl_rounds) {
    setv(4, 0x0f0f0f0f0f0f0f0f, 0x0f0f0f0f0f0f0f0f);
    setv(5, ~0ull, ~0ull);
    run_insn(0x6e255483); /* urshl v3.16b, v4.16b, v5.16b: (15 + 1) >> 1 */
    ASSERT_V(3, 0x0808080808080808, 0x0808080808080808);
}

Test(simd_shift, sqshl_register_saturates) {
    setv(7, 0x4000400040004000, 0x4000400040004000);
    setv(8, 0x0001000100010001, 0x0001000100010001);
    run_insn(0x4e684ce6); /* sqshl v6.8h, v7.8h, v8.8h */
    ASSERT_V(6, 0x7fff7fff7fff7fff, 0x7fff7fff7fff7fff);
    cr_assert(QC_SET());
}

Test(simd_shift, sshr_by_the_element_size) {
    uint32_t a[4] = {0x80000000, 0x7fffffff, 0xffffffff, 5};
    memcpy(&tcpu->v[10], a, 16);
    run_insn(0x4f200549); /* sshr v9.4s, v10.4s, #32 */
    ASSERT_V(9, 0x00000000ffffffff, 0x00000000ffffffff);
}

Test(simd_shift, ursra_rounds_at_65_bits) {
    setv(12, 3, ~0ull);
    setv(11, 10, 0);
    run_insn(0x6f7f358b); /* ursra v11.2d, v12.2d, #1 */
    ASSERT_V(11, 12, 0x8000000000000000);
}

Test(simd_shift, sri_and_sli_insert) {
    setv(13, ~0ull, ~0ull);
    setv(14, 0x8080808080808080, 0x8080808080808080);
    run_insn(0x2f0d45cd); /* sri v13.8b, v14.8b, #3 */
    ASSERT_V(13, 0xf0f0f0f0f0f0f0f0, 0);
    setv(15, ~0ull, ~0ull);
    setv(16, 0x1234123412341234, 0x1234123412341234);
    run_insn(0x6f14560f); /* sli v15.8h, v16.8h, #4 */
    ASSERT_V(15, 0x234f234f234f234f, 0x234f234f234f234f);
}

Test(simd_shift, shrn2_writes_the_upper_half) {
    for (int i = 0; i < 8; i++)
        tcpu->v[18].h[i] = (uint16_t)(0x1230 + i);
    setv(17, 0xaaaaaaaaaaaaaaaa, 0x5555555555555555);
    run_insn(0x4f0c8651); /* shrn2 v17.16b, v18.8h, #4 */
    ASSERT_V(17, 0xaaaaaaaaaaaaaaaa, 0x2323232323232323);
}

Test(simd_shift, sqrshrun_saturates_both_ways) {
    int32_t a[4] = {-1000, 0x80, 0x01000000, 0xff7f};
    memcpy(&tcpu->v[20], a, 16);
    setv(19, ~0ull, ~0ull);
    run_insn(0x2f188e93); /* sqrshrun v19.4h, v20.4s, #8 */
    ASSERT_V(19, 0x00ffffff00010000, 0);
    cr_assert(QC_SET());
}

Test(simd_shift, ushll2_takes_the_upper_half) {
    tcpu->v[22].s[2] = 0xffffffff;
    tcpu->v[22].s[3] = 1;
    run_insn(0x6f25a6d5); /* ushll2 v21.2d, v22.4s, #5 */
    ASSERT_V(21, 0x1fffffffe0, 32);
}

Test(simd_shift, scalar_immediate_forms) {
    setv(23, ~0ull, ~0ull);
    tcpu->v[24].b[0] = 0xf0;
    run_insn(0x7f0b6717); /* sqshlu b23, b24, #3: negative saturates to 0 */
    ASSERT_V(23, 0, 0);
    cr_assert(QC_SET());
    setv(28, 3, 0xffff);
    run_insn(0x5f7f579b); /* shl d27, d28, #63 */
    ASSERT_V(27, 0x8000000000000000, 0);
}

Test(simd_shift, uqshl_immediate) {
    uint32_t a[4] = {1, 3, 4, 0};
    memcpy(&tcpu->v[26], a, 16);
    run_insn(0x6f3e7759); /* uqshl v25.4s, v26.4s, #30 */
    ASSERT_V(25, 0xc000000040000000, 0x00000000ffffffff);
    cr_assert(QC_SET());
}
