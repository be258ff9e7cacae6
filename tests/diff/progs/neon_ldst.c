// tests/diff/progs/neon_ldst.c: NEON structure loads and stores (vld1..4, vst1..4, lane and dup
// forms, multi-register vld1q_x*), table lookups (tbl/tbx with 1-4 registers) and permutes.
#include "neon.h"

static uint8_t src[1024] __attribute__((aligned(16)));
static uint8_t dst[1024] __attribute__((aligned(16)));

static uint64_t hash_dst(void) {
  uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < 1024; i++) h = (h ^ dst[i]) * 1099511628211ull;
  return h;
}

int main(void) {
  for (int i = 0; i < 1024; i++) src[i] = (uint8_t)(rnd() >> 24);
  // Odd offsets too: the structure loads must not require alignment.
  for (int off = 0; off < 40; off += 3) {
    const uint8_t *p = src + off;
    out("== off %d\n", off);
    uint8x16x2_t l2 = vld2q_u8(p);
    P16("ld2.0", l2.val[0]);
    P16("ld2.1", l2.val[1]);
    uint16x8x3_t l3 = vld3q_u16((const uint16_t *)(p + 32));
    P16("ld3.0", l3.val[0]);
    P16("ld3.1", l3.val[1]);
    P16("ld3.2", l3.val[2]);
    uint32x4x4_t l4 = vld4q_u32((const uint32_t *)(p + 96));
    P16("ld4.0", l4.val[0]);
    P16("ld4.3", l4.val[3]);
    uint8x8x4_t l4d = vld4_u8(p + 200);
    P8("ld4d.1", l4d.val[1]);
    P8("ld4d.2", l4d.val[2]);
    uint64x2x2_t l2d = vld2q_u64((const uint64_t *)(p + 300));
    P16("ld2d.1", l2d.val[1]);
    uint8x16x3_t x3 = vld1q_u8_x3(p + 400);
    P16("ld1x3.2", x3.val[2]);
    uint16x8x4_t x4 = vld1q_u16_x4((const uint16_t *)(p + 500));
    P16("ld1x4.3", x4.val[3]);
    P16("ld1lane", vld1q_lane_u16((const uint16_t *)(p + 7), vreinterpretq_u16_u8(l2.val[0]), 5));
    P16("ld1dup", vld1q_dup_u32((const uint32_t *)(p + 11)));
    uint8x16x2_t d2 = vld2q_dup_u8(p + 13);
    P16("ld2dup", d2.val[1]);
    uint32x4x3_t l3lane = vld3q_lane_u32((const uint32_t *)(p + 17), vld3q_u32((const uint32_t *)p), 2);
    P16("ld3lane", l3lane.val[1]);
    uint16x4x4_t d4 = vld4_dup_u16((const uint16_t *)(p + 21));
    P8("ld4dup", d4.val[3]);

    memset(dst, 0, sizeof dst);
    vst2q_u8(dst + off, l2);
    vst3q_u16((uint16_t *)(dst + 40 + off), l3);
    vst4q_u32((uint32_t *)(dst + 100 + off), l4);
    vst4_u8(dst + 200 + off, l4d);
    vst1q_u8_x3(dst + 300 + off, x3);
    vst1q_u16_x4((uint16_t *)(dst + 400 + off), x4);
    vst1q_lane_u64((uint64_t *)(dst + 500 + off), vreinterpretq_u64_u8(l2.val[1]), 1);
    vst2q_lane_u16((uint16_t *)(dst + 520 + off), (uint16x8x2_t){{l3.val[0], l3.val[2]}}, 6);
    vst3_lane_u8(dst + 540 + off, (uint8x8x3_t){{l4d.val[0], l4d.val[1], l4d.val[2]}}, 7);
    vst4q_lane_f32((float *)(dst + 560 + off),
                   (float32x4x4_t){{vreinterpretq_f32_u32(l4.val[0]), vreinterpretq_f32_u32(l4.val[1]),
                                    vreinterpretq_f32_u32(l4.val[2]), vreinterpretq_f32_u32(l4.val[3])}},
                   3);
    out("stores %016llx\n", (unsigned long long)hash_dst());

    uint8x16_t idx = vandq_u8(vld1q_u8(p + 600), vdupq_n_u8(0x3f));
    uint8x16_t big = vld1q_u8(p + 616);  // indices far out of range give 0 (tbl) or keep (tbx)
    P16("tbl1", vqtbl1q_u8(l2.val[0], idx));
    P16("tbl2", vqtbl2q_u8(l2, idx));
    P16("tbl3", vqtbl3q_u8(x3, idx));
    P16("tbl4", vqtbl4q_u8((uint8x16x4_t){{x3.val[0], x3.val[1], x3.val[2], l2.val[1]}}, big));
    P16("tbx1", vqtbx1q_u8(l2.val[1], l2.val[0], big));
    P16("tbx2", vqtbx2q_u8(x3.val[0], l2, idx));
    P16("tbx4", vqtbx4q_u8(l2.val[0], (uint8x16x4_t){{x3.val[0], x3.val[1], x3.val[2], l2.val[1]}}, big));
    P8("tbl1d", vqtbl1_u8(l2.val[1], vget_low_u8(idx)));
    P8("tbx1d", vtbx1_u8(vget_low_u8(big), vget_high_u8(l2.val[0]), vget_low_u8(idx)));

    uint8x16_t a = l2.val[0], b = l2.val[1];
    uint16x8_t ha = l3.val[0], hb = l3.val[1];
    P16("zip1", vzip1q_u8(a, b));
    P16("zip2", vzip2q_u8(a, b));
    P16("uzp1", vuzp1q_u16(ha, hb));
    P16("uzp2", vuzp2q_u16(ha, hb));
    P16("trn1", vtrn1q_u32(l4.val[0], l4.val[1]));
    P16("trn2", vtrn2q_u8(a, b));
    P16("zip1d", vzip1q_u64(vreinterpretq_u64_u8(a), vreinterpretq_u64_u8(b)));
    uint8x8x2_t z = vzip_u8(vget_low_u8(a), vget_high_u8(b));
    P8("vzip.1", z.val[1]);
    uint16x8x2_t u = vuzpq_u16(ha, hb);
    P16("vuzp.0", u.val[0]);
    uint32x4x2_t t = vtrnq_u32(l4.val[2], l4.val[3]);
    P16("vtrn.1", t.val[1]);
    P16("copy", vcopyq_laneq_u32(l4.val[0], 1, l4.val[3], 2));
  }
  return diff_status();
}
