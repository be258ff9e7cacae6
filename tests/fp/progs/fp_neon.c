/* fp_neon.c — Advanced SIMD floating point through arm_neon.h: arithmetic, fused, by element,
 * pairwise and across lanes, compares, conversions (fixed point, widening, narrowing),
 * estimates and rounding, on vectors of interesting lanes; lane bits and FPSR flags. */
#include "fpx.h"

#include <arm_neon.h>

static float32x4_t vs(int i) {
    uint32_t u[4] = {vals_s[i % NVALS_S], vals_s[(i * 7 + 3) % NVALS_S],
                     vals_s[(i * 5 + 11) % NVALS_S], vals_s[(i * 3 + 17) % NVALS_S]};
    return vreinterpretq_f32_u32(vld1q_u32(u));
}
static float64x2_t vd(int i) {
    uint64_t u[2] = {vals_d[i % NVALS_D], vals_d[(i * 5 + 7) % NVALS_D]};
    return vreinterpretq_f64_u64(vld1q_u64(u));
}
static void p4(const char *name, uint32x4_t v) {
    printf("%s %08x %08x %08x %08x /%02x\n", name, vgetq_lane_u32(v, 0), vgetq_lane_u32(v, 1),
           vgetq_lane_u32(v, 2), vgetq_lane_u32(v, 3), fpsr_read());
    fpsr_clear();
}
static void p2(const char *name, uint64x2_t v) {
    printf("%s %016llx %016llx /%02x\n", name, (unsigned long long)vgetq_lane_u64(v, 0),
           (unsigned long long)vgetq_lane_u64(v, 1), fpsr_read());
    fpsr_clear();
}
#define PS(name, e)  p4(name, vreinterpretq_u32_f32(e))
#define PD(name, e)  p2(name, vreinterpretq_u64_f64(e))
#define PU(name, e)  p4(name, e)
#define PUD(name, e) p2(name, e)

static void single(int i) {
    float32x4_t a = vs(i), b = vs(i + 1), c = vs(i + 2);
    float32x2_t a2 = vget_low_f32(a), b2 = vget_high_f32(b);
    fpsr_clear();
    PS("fadd", vaddq_f32(a, b));
    PS("fsub", vsubq_f32(a, b));
    PS("fmul", vmulq_f32(a, b));
    PS("fdiv", vdivq_f32(a, b));
    PS("fmax", vmaxq_f32(a, b));
    PS("fmin", vminq_f32(a, b));
    PS("fmaxnm", vmaxnmq_f32(a, b));
    PS("fminnm", vminnmq_f32(a, b));
    PS("fabd", vabdq_f32(a, b));
    PS("fmulx", vmulxq_f32(a, b));
    PS("frecps", vrecpsq_f32(a, b));
    PS("frsqrts", vrsqrtsq_f32(a, b));
    PS("fmla", vfmaq_f32(c, a, b));
    PS("fmls", vfmsq_f32(c, a, b));
    PS("fmla.e", vfmaq_laneq_f32(c, a, b, 3));
    PS("fmul.e", vmulq_laneq_f32(a, b, 1));
    PS("fmulx.e", vmulxq_laneq_f32(a, b, 2));
    PS("faddp", vpaddq_f32(a, b));
    PS("fmaxp", vpmaxq_f32(a, b));
    PS("fminnmp", vpminnmq_f32(a, b));
    PS("fadd.2s", vcombine_f32(vadd_f32(a2, b2), vdup_n_f32(0)));
    PU("fcmeq", vceqq_f32(a, b));
    PU("fcmge", vcgeq_f32(a, b));
    PU("fcmgt", vcgtq_f32(a, b));
    PU("facge", vcageq_f32(a, b));
    PU("facgt", vcagtq_f32(a, b));
    PU("fcmeqz", vceqzq_f32(a));
    PU("fcmlez", vclezq_f32(a));
    PU("fcmltz", vcltzq_f32(a));
    PS("fabs", vabsq_f32(a));
    PS("fneg", vnegq_f32(a));
    PS("fsqrt", vsqrtq_f32(a));
    PS("frintn", vrndnq_f32(a));
    PS("frinta", vrndaq_f32(a));
    PS("frintm", vrndmq_f32(a));
    PS("frintx", vrndxq_f32(a));
    PS("frinti", vrndiq_f32(a));
    PS("frecpe", vrecpeq_f32(a));
    PS("frsqrte", vrsqrteq_f32(a));
    PU("fcvtzs", vreinterpretq_u32_s32(vcvtq_s32_f32(a)));
    PU("fcvtzu", vcvtq_u32_f32(a));
    PU("fcvtns", vreinterpretq_u32_s32(vcvtnq_s32_f32(a)));
    PU("fcvtau", vcvtaq_u32_f32(a));
    PU("fcvtms", vreinterpretq_u32_s32(vcvtmq_s32_f32(a)));
    PU("fcvtpu", vcvtpq_u32_f32(a));
    PU("fcvtzs#5", vreinterpretq_u32_s32(vcvtq_n_s32_f32(a, 5)));
    PS("scvtf", vcvtq_f32_s32(vreinterpretq_s32_f32(a)));
    PS("ucvtf#9", vcvtq_n_f32_u32(vreinterpretq_u32_f32(b), 9));
    PD("fcvtl", vcvt_f64_f32(a2));
    PD("fcvtl2", vcvt_high_f64_f32(a));
    PS("fcvtn.h", vreinterpretq_f32_f16(vcvt_high_f16_f32(vcvt_f16_f32(a), b)));
    PS("fcvtl.h", vcvt_f32_f16(vreinterpret_f16_f32(a2)));
    printf("fmaxv %08x fminv %08x fmaxnmv %08x fminnmv %08x faddp %08x /%02x\n",
           bits_s(vmaxvq_f32(a)), bits_s(vminvq_f32(a)), bits_s(vmaxnmvq_f32(a)),
           bits_s(vminnmvq_f32(a)), bits_s(vpadds_f32(a2)), fpsr_read());
    fpsr_clear();
}

static void dbl(int i) {
    float64x2_t a = vd(i), b = vd(i + 1), c = vd(i + 2);
    fpsr_clear();
    PD("fadd", vaddq_f64(a, b));
    PD("fsub", vsubq_f64(a, b));
    PD("fmul", vmulq_f64(a, b));
    PD("fdiv", vdivq_f64(a, b));
    PD("fmax", vmaxq_f64(a, b));
    PD("fminnm", vminnmq_f64(a, b));
    PD("fabd", vabdq_f64(a, b));
    PD("frecps", vrecpsq_f64(a, b));
    PD("frsqrts", vrsqrtsq_f64(a, b));
    PD("fmla", vfmaq_f64(c, a, b));
    PD("fmls.e", vfmsq_laneq_f64(c, a, b, 1));
    PD("fmul.e", vmulq_laneq_f64(a, b, 0));
    PD("faddp", vpaddq_f64(a, b));
    PD("fmaxnmp", vpmaxnmq_f64(a, b));
    PUD("fcmgt", vcgtq_f64(a, b));
    PUD("facge", vcageq_f64(a, b));
    PUD("fcmgez", vcgezq_f64(a));
    PD("fsqrt", vsqrtq_f64(a));
    PD("frintp", vrndpq_f64(a));
    PD("frintz", vrndq_f64(a));
    PD("frecpe", vrecpeq_f64(a));
    PD("frsqrte", vrsqrteq_f64(a));
    PUD("fcvtzs", vreinterpretq_u64_s64(vcvtq_s64_f64(a)));
    PUD("fcvtnu", vcvtnq_u64_f64(a));
    PUD("fcvtzu#40", vcvtq_n_u64_f64(a, 40));
    PD("scvtf#2", vcvtq_n_f64_s64(vreinterpretq_s64_f64(b), 2));
    PD("ucvtf", vcvtq_f64_u64(vreinterpretq_u64_f64(b)));
    PS("fcvtn", vcvt_high_f32_f64(vcvt_f32_f64(a), b));
    PS("fcvtxn", vcvtx_high_f32_f64(vcvtx_f32_f64(a), b));
    printf("faddp %016llx fmaxp %016llx fminnmp %016llx frecpx %016llx /%02x\n",
           (unsigned long long)bits_d(vpaddd_f64(a)), (unsigned long long)bits_d(vpmaxqd_f64(a)),
           (unsigned long long)bits_d(vpminnmqd_f64(a)),
           (unsigned long long)bits_d(vrecpxd_f64(vgetq_lane_f64(a, 0))), fpsr_read());
    fpsr_clear();
}

int main(void) {
    static const uint64_t fpcrs[] = {0, 2u << 22, (1u << 24) | (1u << 25), 3u << 22 | 1u << 26};
    for (unsigned f = 0; f < sizeof fpcrs / sizeof fpcrs[0]; f++) {
        fpcr_write(fpcrs[f]);
        printf("== fpcr %08llx\n", (unsigned long long)fpcr_read());
        for (int i = 0; i < NVALS_S; i++)
            single(i);
        for (int i = 0; i < NVALS_D; i++)
            dbl(i);
    }
    fpcr_write(0);
    return 0;
}
