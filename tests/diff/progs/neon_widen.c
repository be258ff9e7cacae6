// tests/diff/progs/neon_widen.c: NEON widening, narrowing and long operations: movl/movn, saturating
// narrows, long/wide add-sub-multiply, shifts that widen or narrow, pairwise long adds, dot-like code.
#include "neon.h"

int main(void) {
  for (int it = 0; it < 70; it++) {
    uint8x16_t a = rnd_bytes(), b = rnd_bytes();
    int8x16_t sa = vreinterpretq_s8_u8(a), sb = vreinterpretq_s8_u8(b);
    int16x8_t ha = vreinterpretq_s16_u8(a), hb = vreinterpretq_s16_u8(b);
    uint16x8_t uha = vreinterpretq_u16_u8(a), uhb = vreinterpretq_u16_u8(b);
    int32x4_t wa = vreinterpretq_s32_u8(a), wb = vreinterpretq_s32_u8(b);
    int64x2_t da = vreinterpretq_s64_u8(a);
    out("-- %d\n", it);
    P16("movl8s", vmovl_s8(vget_low_s8(sa)));
    P16("movlh8u", vmovl_high_u8(a));
    P16("movl32", vmovl_s32(vget_high_s32(wa)));
    P8("movn16", vmovn_u16(uha));
    P16("movnh32", vmovn_high_s32(vmovn_s32(wa), wb));
    P8("qmovn16s", vqmovn_s16(ha));
    P8("qmovn16u", vqmovn_u16(uha));
    P8("qmovun16", vqmovun_s16(ha));
    P8("qmovn64", vqmovn_s64(da));
    P16("qmovnh32", vqmovn_high_s32(vqmovn_s32(wa), wb));
    P16("addl8", vaddl_u8(vget_low_u8(a), vget_low_u8(b)));
    P16("addlh16", vaddl_high_s16(ha, hb));
    P16("subl8s", vsubl_s8(vget_high_s8(sa), vget_low_s8(sb)));
    P16("addw8", vaddw_u8(uha, vget_low_u8(b)));
    P16("subw16h", vsubw_high_s16(wa, hb));
    P16("mull8", vmull_u8(vget_low_u8(a), vget_low_u8(b)));
    P16("mullh8s", vmull_high_s8(sa, sb));
    P16("mull16", vmull_s16(vget_low_s16(ha), vget_high_s16(hb)));
    P16("mull32u", vmull_u32(vget_low_u32(vreinterpretq_u32_u8(a)), vget_low_u32(vreinterpretq_u32_u8(b))));
    P16("mlal8", vmlal_u8(uhb, vget_low_u8(a), vget_high_u8(b)));
    P16("mlsl16", vmlsl_s16(wb, vget_low_s16(ha), vget_low_s16(hb)));
    P16("mlallane", vmlal_laneq_s16(wa, vget_low_s16(hb), ha, 7));
    P16("qdmull16", vqdmull_s16(vget_low_s16(ha), vget_low_s16(hb)));
    P16("qdmlal32", vqdmlal_s32(vreinterpretq_s64_u8(b), vget_low_s32(wa), vget_high_s32(wb)));
    P16("pmull8", vmull_p8(vget_low_p8(vreinterpretq_p8_u8(a)), vget_low_p8(vreinterpretq_p8_u8(b))));
    P16("abdl8", vabdl_u8(vget_low_u8(a), vget_high_u8(b)));
    P16("abal16", vabal_s16(wb, vget_low_s16(ha), vget_high_s16(hb)));
    P16("paddl8", vpaddlq_u8(a));
    P16("paddl16s", vpaddlq_s16(ha));
    P16("padal32", vpadalq_s32(vreinterpretq_s64_u8(b), wa));
    P16("shll8", vshll_n_u8(vget_low_u8(a), 3));
    P16("shll8max", vshll_n_s8(vget_low_s8(sa), 8));
    P16("shllh16", vshll_high_n_s16(ha, 5));
    P8("shrn16", vshrn_n_u16(uha, 4));
    P8("rshrn32", vrshrn_n_s32(wa, 9));
    P8("qshrn16", vqshrn_n_s16(ha, 2));
    P8("qshrun16", vqshrun_n_s16(ha, 3));
    P8("qrshrn32u", vqrshrn_n_u32(vreinterpretq_u32_u8(a), 7));
    P8("qrshrun64", vqrshrun_n_s64(da, 20));
    P16("shrnh", vshrn_high_n_u16(vshrn_n_u16(uha, 8), uhb, 8));
    P8("addhn16", vaddhn_u16(uha, uhb));
    P8("raddhn32", vraddhn_s32(wa, wb));
    P8("subhn16", vsubhn_s16(ha, hb));
    P16("addhnh", vaddhn_high_u16(vaddhn_u16(uha, uhb), uhb, uha));
    P16("uxtl2", vmovl_u16(vget_high_u16(uhb)));
    // The widening dot product written the portable way (no dotprod extension needed).
    int32x4_t acc = vdupq_n_s32(0);
    for (int k = 0; k < 4; k++) {
      int16x8_t lo = vmull_s8(vget_low_s8(sa), vget_low_s8(sb));
      int16x8_t hi = vmull_high_s8(sa, sb);
      acc = vpadalq_s16(acc, lo);
      acc = vpadalq_s16(acc, hi);
      sa = vextq_s8(sa, sa, 1);
    }
    P16("dot", acc);
    out("dotsum %d\n", vaddvq_s32(acc));
  }
  return diff_status();
}
