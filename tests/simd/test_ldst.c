/* test_ldst.c — SIMD&FP loads and stores: addressing modes, writeback, structure (de)interleaving,
 * single lanes and replication, PC-relative literals. */
#include "simd_test.h"

static uint8_t mem[256] __attribute__((aligned(16)));

static void fill_mem(void) {
    for (int i = 0; i < 256; i++)
        mem[i] = (uint8_t)i;
}
#define ADDR(off) ((uint64_t)(uintptr_t)(mem + (off)))

TestSuite(simd_ldst, .init = simd_setup);

Test(simd_ldst, ldr_q_post_index_writes_back) {
    fill_mem();
    tcpu->x[2] = ADDR(0);
    run_insn(0x3cc10441); /* ldr q1, [x2], #16 */
    ASSERT_V(1, 0x0706050403020100, 0x0f0e0d0c0b0a0908);
    cr_assert_eq(tcpu->x[2], ADDR(16));
}

Test(simd_ldst, str_d_register_offset_sxtw_scaled) {
    fill_mem();
    tcpu->x[4] = ADDR(64);
    tcpu->x[5] = 0x12345678fffffffeull; /* w5 = -2: only the low word counts */
    setv(3, 0x1122334455667788, 0xdeadbeefdeadbeef);
    run_insn(0xfc25d883); /* str d3, [x4, w5, sxtw #3] */
    uint64_t got;
    memcpy(&got, mem + 48, 8);
    cr_assert_eq(got, 0x1122334455667788ull);
    cr_assert_eq(mem[56], 56); /* nothing past the D register */
}

Test(simd_ldst, ldp_q_pre_index_on_sp) {
    fill_mem();
    tcpu->x[31] = ADDR(32);
    run_insn(0xadff1fe6); /* ldp q6, q7, [sp, #-32]! */
    ASSERT_V(6, 0x0706050403020100, 0x0f0e0d0c0b0a0908);
    ASSERT_V(7, 0x1716151413121110, 0x1f1e1d1c1b1a1918);
    cr_assert_eq(tcpu->x[31], ADDR(0));
}

Test(simd_ldst, ld1_four_registers_post_immediate) {
    fill_mem();
    tcpu->x[1] = ADDR(0);
    run_insn(0x4cdf2020); /* ld1 {v0.16b-v3.16b}, [x1], #64 */
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < 16; i++)
            cr_assert_eq(tcpu->v[r].b[i], 16 * r + i);
    cr_assert_eq(tcpu->x[1], ADDR(64));
}

Test(simd_ldst, ld3_deinterleaves_halfwords) {
    uint16_t h[24];
    for (int i = 0; i < 24; i++)
        h[i] = (uint16_t)(0x100 + i);
    memcpy(mem, h, sizeof h);
    tcpu->x[2] = ADDR(0);
    run_insn(0x4c404444); /* ld3 {v4.8h-v6.8h}, [x2] */
    for (int e = 0; e < 8; e++)
        for (int s = 0; s < 3; s++)
            cr_assert_eq(tcpu->v[4 + s].h[e], 0x100 + 3 * e + s);
    cr_assert_eq(tcpu->x[2], ADDR(0)); /* no writeback */
}

Test(simd_ldst, st4_interleaves_words_post_register) {
    for (int s = 0; s < 4; s++)
        for (int e = 0; e < 4; e++)
            tcpu->v[28 + s].s[e] = (uint32_t)(100 * s + e);
    tcpu->x[3] = ADDR(0);
    tcpu->x[4] = 7;
    run_insn(0x4c84087c); /* st4 {v28.4s-v31.4s}, [x3], x4 */
    uint32_t w[16];
    memcpy(w, mem, sizeof w);
    for (int e = 0; e < 4; e++)
        for (int s = 0; s < 4; s++)
            cr_assert_eq(w[4 * e + s], 100 * s + e);
    cr_assert_eq(tcpu->x[3], ADDR(7));
}

Test(simd_ldst, ld1_single_lane_keeps_other_lanes) {
    fill_mem();
    setv(9, 0x1111111111111111, 0x2222222222222222);
    tcpu->x[6] = ADDR(4);
    run_insn(0x4d4090c9); /* ld1 {v9.s}[3], [x6] */
    ASSERT_V(9, 0x1111111111111111, 0x0706050422222222);
}

Test(simd_ldst, ld2r_replicates_and_clears_upper_half) {
    mem[0] = 0xab, mem[1] = 0xcd;
    setv(10, ~0ull, ~0ull);
    tcpu->x[7] = ADDR(0);
    run_insn(0x0dffc0ea); /* ld2r {v10.8b, v11.8b}, [x7], #2 */
    ASSERT_V(10, 0xababababababababull, 0);
    ASSERT_V(11, 0xcdcdcdcdcdcdcdcdull, 0);
    cr_assert_eq(tcpu->x[7], ADDR(2));
}

Test(simd_ldst, ldr_q_literal_is_pc_relative) {
    fill_mem();
    tcpu->pc = ADDR(0);
    run_insn(0x9c00008c); /* ldr q12, .+16 */
    ASSERT_V(12, 0x1716151413121110, 0x1f1e1d1c1b1a1918);
}

Test(simd_ldst, ldr_b_clears_the_rest_of_the_register) {
    fill_mem();
    setv(0, ~0ull, ~0ull);
    tcpu->x[1] = ADDR(0);
    run_insn(0x3d400420); /* ldr b0, [x1, #1] */
    ASSERT_V(0, 1, 0);
}
