/* test_decode.c — the SIMD table is exact: reserved sub-encodings of the classes it covers do
 * not decode to any SIMD pattern, and floating-point encodings are left to fp.c. */
#include "simd_test.h"

static bool in_simd_table(const a64_pattern *p) {
    for (const a64_pattern *q = a64_tab_simd; q->name; q++)
        if (q == p) return true;
    return false;
}

TestSuite(simd_decode, .init = simd_setup);

Test(simd_decode, reserved_encodings_are_not_simd) {
    static const uint32_t reserved[] = {
        0x0ee28420, /* add v0.1d (size 11, Q=0) */
        0x4e000420, /* dup with imm5 = 00000 */
        0x0c408c00, /* ld2 {.1d} */
        0x2e004000, /* ext .8b with imm4<3> set */
        0x0f400400, /* sshr .1d (immh 1xxx, Q=0) */
        0x0f408400, /* shrn with immh 1xxx */
        0x0e083c00, /* umov w, v.d[] (Q=0) */
        0x4e20b400, /* sqdmulh .16b */
        0x6e20b400, /* sqrdmulh .16b */
        0x6ee0bc00, /* three same, U=1 opcode 10111 */
        0x4e000800, /* permute opcode 000 */
        0x3cc00800, /* ldr q, unprivileged form (bits 11:10 = 10) */
        0x3ca00800, /* str q, register offset with option<1> = 0 */
        0xdc000000, /* ldr literal, opc = 11 */
        0xed400000, /* ldp, opc = 11 */
        0x0d40d000, /* ld1r with S = 1 */
        0x0d00c000, /* st with the replicate opcode */
        0x0d409400, /* ld1 {.d} with S = 1 */
        0x4e601800, /* rev16 .8h (size 01) */
    };
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++) {
        const a64_pattern *p = a64_decode_helper(reserved[i], NULL);
        cr_assert(!in_simd_table(p), "%08x decodes to %s", reserved[i], p->name);
    }
}

Test(simd_decode, floating_point_is_not_simd) {
    static const uint32_t fp[] = {
        0x4e20d400, /* fadd v0.4s */
        0x4f00f400, /* fmov v0.4s, #imm (cmode 1111) */
        0x6f00f400, /* fmov v0.2d, #imm */
        0x4ea0d800, /* fcmeq v0.4s, v0.4s, #0 */
        0x4f809000, /* fmul v0.4s, v0.4s, v0.s[0] */
        0x4e21d800, /* scvtf v0.4s */
        0x6e30c800, /* fmaxnmv s0, v0.4s */
        0x7e30d800, /* faddp s0, v0.2s */
        0x5f20e400, /* scvtf (scalar, fixed-point) */
    };
    for (size_t i = 0; i < sizeof fp / sizeof *fp; i++) {
        const a64_pattern *p = a64_decode_helper(fp[i], NULL);
        cr_assert(!in_simd_table(p), "%08x decodes to SIMD %s", fp[i], p->name);
    }
}

Test(simd_decode, every_pattern_is_exact_and_reachable) {
    uint32_t seed = 12345;
    for (const a64_pattern *p = a64_tab_simd; p->name; p++) {
        cr_assert_eq(p->value & ~p->mask, 0u, "%s: value outside its mask", p->name);
        cr_assert_not_null(p->helper, "%s has no helper", p->name);
        cr_assert_null(p->emit);
        /* some instance of the pattern decodes to it: no pattern is shadowed entirely */
        bool reached = false;
        for (int k = 0; k < 2000 && !reached; k++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t insn = ((seed ^ (seed << 16)) & ~p->mask) | p->value;
            reached = a64_decode_helper(insn, NULL) == p;
        }
        cr_assert(reached, "%s (%08x/%08x) is never reached", p->name, p->value, p->mask);
    }
}
