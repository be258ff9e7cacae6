// neon_ext.c — arm_neon.h intrinsics past the basics: dot products, SQRDMLAH/SQRDMLSH, SHA3
// and SHA512 instructions, TBL/TBX over 2-4 registers, structure loads/stores of single lanes
// and with replication, and the permutes.
// simd-cflags: -march=armv8.2-a+dotprod+sha3
#include "prog.h"

#include <arm_neon.h>

static void show(const char *what, const void *p) {
    const uint8_t *b = p;
    printf("%-12s", what);
    for (int i = 15; i >= 0; i--)
        printf("%02x", b[i]);
    printf("\n");
}
#define SHOW(what, v)                                                                              \
    do {                                                                                           \
        __typeof__(v) v_ = (v);                                                                    \
        uint8_t b_[16] = {0};                                                                      \
        memcpy(b_, &v_, sizeof v_);                                                                \
        show(what, b_);                                                                            \
    } while (0)
static uint8x16_t rnd16(void) {
    uint8_t b[16];
    prog_fill(b, 16);
    return vld1q_u8(b);
}
static void qc(void) {
    uint64_t fpsr;
    __asm__ volatile("mrs %0, fpsr" : "=r"(fpsr));
    printf("qc %d\n", (int)(fpsr >> 27 & 1));
    __asm__ volatile("msr fpsr, %0" : : "r"(fpsr & ~(1ull << 27)));
}

int main(void) {
    static uint8_t mem[256];
    for (int it = 0; it < 24; it++) {
        uint8x16_t a = rnd16(), b = rnd16(), c = rnd16(), d = rnd16();
        int16x8_t ha = vreinterpretq_s16_u8(a), hb = vreinterpretq_s16_u8(b);
        int32x4_t sa = vreinterpretq_s32_u8(a), sb = vreinterpretq_s32_u8(b);
        if (it % 4 == 0) ha = vdupq_n_s16(INT16_MIN), sa = vdupq_n_s32(INT32_MIN);
        printf("-- %d\n", it);
        SHOW("udot", vdotq_u32(vreinterpretq_u32_u8(c), a, b));
        SHOW("sdot",
             vdotq_s32(vreinterpretq_s32_u8(c), vreinterpretq_s8_u8(a), vreinterpretq_s8_u8(b)));
        SHOW("udot_lane", vdot_lane_u32(vget_low_u32(vreinterpretq_u32_u8(c)), vget_low_u8(a),
                                        vget_low_u8(b), 1));
        SHOW("sdot_laneq", vdotq_laneq_s32(sa, vreinterpretq_s8_u8(a), vreinterpretq_s8_u8(d), 3));
        SHOW("qrdmlah", vqrdmlahq_s16(vreinterpretq_s16_u8(c), ha, hb));
        SHOW("qrdmlsh", vqrdmlshq_s32(vreinterpretq_s32_u8(c), sa, sb));
        SHOW("qrdmlah_l", vqrdmlahq_laneq_s16(vreinterpretq_s16_u8(c), ha, hb, 6));
        SHOW("qrdmlahs",
             vqrdmlahs_s32(vgetq_lane_s32(sa, 1), vgetq_lane_s32(sb, 2), vgetq_lane_s32(sa, 0)));
        qc();
        SHOW("eor3", veor3q_u8(a, b, c));
        SHOW("bcax", vbcaxq_u8(a, b, c));
        SHOW("rax1", vrax1q_u64(vreinterpretq_u64_u8(a), vreinterpretq_u64_u8(b)));
        SHOW("xar", vxarq_u64(vreinterpretq_u64_u8(a), vreinterpretq_u64_u8(b), 23));
        uint64x2_t qa = vreinterpretq_u64_u8(a), qb = vreinterpretq_u64_u8(b);
        uint64x2_t qc_ = vreinterpretq_u64_u8(c);
        SHOW("sha512h", vsha512hq_u64(qa, qb, qc_));
        SHOW("sha512h2", vsha512h2q_u64(qa, qb, qc_));
        SHOW("sha512su0", vsha512su0q_u64(qa, qb));
        SHOW("sha512su1", vsha512su1q_u64(qa, qb, qc_));

        uint8x16x4_t t4 = {{a, b, c, d}};
        uint8x16x2_t t2 = {{a, b}};
        uint8x16_t idx = vandq_u8(rnd16(), vdupq_n_u8(it & 1 ? 0x3f : 0xff));
        SHOW("tbl2", vqtbl2q_u8(t2, idx));
        SHOW("tbl4", vqtbl4q_u8(t4, idx));
        SHOW("tbx4", vqtbx4q_u8(c, t4, idx));
        SHOW("tbx2_8", vqtbx2_u8(vget_low_u8(d), t2, vget_low_u8(idx)));

        prog_fill(mem, sizeof mem);
        uint16x8x4_t l4 =
            vld4q_lane_u16((const uint16_t *)(mem + it),
                           (uint16x8x4_t){{vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b),
                                           vreinterpretq_u16_u8(c), vreinterpretq_u16_u8(d)}},
                           5);
        SHOW("ld4lane0", l4.val[0]);
        SHOW("ld4lane3", l4.val[3]);
        uint8x16x3_t r3 = vld3q_dup_u8(mem + 3 * it);
        SHOW("ld3dup", r3.val[2]);
        uint32x2x2_t r2 = vld2_dup_u32((const uint32_t *)(mem + 4 + it));
        SHOW("ld2dup", r2.val[1]);
        vst3q_lane_u32((uint32_t *)(mem + 32),
                       (uint32x4x3_t){{vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b),
                                       vreinterpretq_u32_u8(c)}},
                       2);
        vst2_lane_u8(mem + 100 + it, (uint8x8x2_t){{vget_low_u8(a), vget_high_u8(b)}}, 7);
        uint64x2x4_t q4 = vld4q_u64((const uint64_t *)(mem + 128 - 8 * (it % 3)));
        SHOW("ld4q_u64", q4.val[2]);
        vst4_u16((uint16_t *)(mem + 40), (uint16x4x4_t){{vget_low_u16(vreinterpretq_u16_u8(a)),
                                                         vget_low_u16(vreinterpretq_u16_u8(b)),
                                                         vget_high_u16(vreinterpretq_u16_u8(c)),
                                                         vget_high_u16(vreinterpretq_u16_u8(d))}});
        printf("mem %016llx\n", (unsigned long long)prog_hash(mem, sizeof mem));

        SHOW("zip2_32", vzip2q_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b)));
        SHOW("uzp1_16", vuzp1q_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b)));
        SHOW("trn2_8", vtrn2q_u8(a, b));
        SHOW("zip1_64", vzip1q_u64(qa, qb));
        SHOW("ext_5", vextq_u8(a, b, 5));
        SHOW("ext_d3", vext_u8(vget_low_u8(a), vget_low_u8(b), 3));
        SHOW("rev32_16", vrev32q_u16(vreinterpretq_u16_u8(a)));
        SHOW("rev16", vrev16q_u8(a));
    }
    return 0;
}
