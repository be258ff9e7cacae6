// tests/diff/progs/neon_fp.c: arm_neon.h floating-point intrinsics on f32x4 and f64x2: arithmetic,
// fused multiply-add, min/max (NaN rules), compares, estimates, rounding, conversions, reductions.
#include "neon.h"

static void fpsr(const char *what) {
  uint64_t v;
  __asm__ volatile("mrs %0, fpsr" : "=r"(v));
  out("fpsr %s %02llx\n", what, (unsigned long long)(v & 0x9f));
  __asm__ volatile("msr fpsr, %0" : : "r"(0ull));
}

int main(void) {
  for (int it = 0; it < 80; it++) {
    float32x4_t a = rnd_f32(), b = rnd_f32(), c = rnd_f32();
    float64x2_t x = rnd_f64(), y = rnd_f64(), z = rnd_f64();
    out("-- %d\n", it);
    P16("a", a);
    P16("b", b);
    P16("add", vaddq_f32(a, b));
    P16("sub", vsubq_f32(a, b));
    P16("mul", vmulq_f32(a, b));
    P16("div", vdivq_f32(a, b));
    P16("fma", vfmaq_f32(c, a, b));
    P16("fms", vfmsq_f32(c, a, b));
    P16("fmalane", vfmaq_laneq_f32(c, a, b, 3));
    P16("mla", vmlaq_f32(c, a, b));
    P16("mulx", vmulxq_f32(a, b));
    P16("abs", vabsq_f32(a));
    P16("neg", vnegq_f32(a));
    P16("abd", vabdq_f32(a, b));
    P16("sqrt", vsqrtq_f32(a));
    P16("max", vmaxq_f32(a, b));
    P16("min", vminq_f32(a, b));
    P16("maxnm", vmaxnmq_f32(a, b));
    P16("minnm", vminnmq_f32(a, b));
    P16("pmax", vpmaxq_f32(a, b));
    P16("padd", vpaddq_f32(a, b));
    out("maxv %a minnmv %a addv %a\n", (double)vmaxvq_f32(a), (double)vminnmvq_f32(b), (double)vaddvq_f32(a));
    P16("ceq", vceqq_f32(a, b));
    P16("cge", vcgeq_f32(a, b));
    P16("cgt", vcgtq_f32(a, b));
    P16("cltz", vcltzq_f32(a));
    P16("cage", vcageq_f32(a, b));
    P16("recpe", vrecpeq_f32(a));
    P16("recps", vrecpsq_f32(a, b));
    P16("rsqrte", vrsqrteq_f32(a));
    P16("rsqrts", vrsqrtsq_f32(a, b));
    P16("rndn", vrndnq_f32(a));
    P16("rndm", vrndmq_f32(a));
    P16("rndp", vrndpq_f32(a));
    P16("rndz", vrndq_f32(a));
    P16("rnda", vrndaq_f32(a));
    P16("rndi", vrndiq_f32(a));
    P16("rndx", vrndxq_f32(a));
    P16("cvts", vcvtq_s32_f32(a));
    P16("cvtu", vcvtq_u32_f32(a));
    P16("cvtns", vcvtnq_s32_f32(a));
    P16("cvtms", vcvtmq_s32_f32(a));
    P16("cvtas", vcvtaq_u32_f32(a));
    P16("cvtfix", vcvtq_n_s32_f32(a, 8));
    P16("scvt", vcvtq_f32_s32(vreinterpretq_s32_f32(b)));
    P16("ucvt", vcvtq_f32_u32(vreinterpretq_u32_f32(b)));
    P16("ucvtfix", vcvtq_n_f32_u32(vreinterpretq_u32_f32(b), 16));
    P16("cvtf64", vcvt_f64_f32(vget_low_f32(a)));
    P16("cvthigh", vcvt_high_f64_f32(a));
    P8("cvtf32", vcvt_f32_f64(x));
    P8("cvtxn", vcvtx_f32_f64(x));
    fpsr("f32");
    P16("x", x);
    P16("dadd", vaddq_f64(x, y));
    P16("dmul", vmulq_f64(x, y));
    P16("ddiv", vdivq_f64(x, y));
    P16("dfma", vfmaq_f64(z, x, y));
    P16("dsqrt", vsqrtq_f64(x));
    P16("dmaxnm", vmaxnmq_f64(x, y));
    P16("dmin", vminq_f64(x, y));
    P16("dcge", vcgeq_f64(x, y));
    P16("drndn", vrndnq_f64(x));
    P16("dcvt", vcvtq_s64_f64(x));
    P16("dcvtu", vcvtq_u64_f64(x));
    P16("dscvt", vcvtq_f64_s64(vreinterpretq_s64_f64(y)));
    P16("drecpe", vrecpeq_f64(x));
    P16("drsqrte", vrsqrteq_f64(x));
    P16("dpadd", vpaddq_f64(x, y));
    out("dmaxv %a addv %a\n", vmaxvq_f64(x), vaddvq_f64(y));
    fpsr("f64");
    float s = vgetq_lane_f32(a, 1), t = vgetq_lane_f32(b, 2);
    out("scalar %a %a %a %a\n", (double)vmulxs_f32(s, t), (double)vrecpes_f32(s), (double)vrsqrtes_f32(t),
        (double)vfmas_laneq_f32(s, t, c, 0));
  }
  return diff_status();
}
