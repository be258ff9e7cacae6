// tests/diff/progs/neon_int.c: arm_neon.h integer intrinsics: arithmetic, saturating ops, shifts,
// compares, logic/select, min/max/abs-diff, pairwise, reductions, count/clz, rev/ext/dup.
#include "neon.h"

// Saturating instructions set the sticky FPSR.QC bit (bit 27); it is read and cleared per group.
static void qc(const char *what) {
  uint64_t fpsr;
  __asm__ volatile("mrs %0, fpsr" : "=r"(fpsr));
  out("qc %s %d\n", what, (int)(fpsr >> 27) & 1);
  __asm__ volatile("msr fpsr, %0" : : "r"(fpsr & ~(1ull << 27)));
}

int main(void) {
  for (int it = 0; it < 60; it++) {
    uint8x16_t a = rnd_bytes(), b = rnd_bytes(), c = rnd_bytes();
    int8x16_t sa = vreinterpretq_s8_u8(a), sb = vreinterpretq_s8_u8(b);
    int16x8_t ha = vreinterpretq_s16_u8(a), hb = vreinterpretq_s16_u8(b);
    int32x4_t wa = vreinterpretq_s32_u8(a), wb = vreinterpretq_s32_u8(b);
    uint32x4_t uwa = vreinterpretq_u32_u8(a), uwb = vreinterpretq_u32_u8(b);
    int64x2_t da = vreinterpretq_s64_u8(a), db = vreinterpretq_s64_u8(b);
    out("-- %d\n", it);
    P16("add8", vaddq_u8(a, b));
    P16("sub16", vsubq_s16(ha, hb));
    P16("mul16", vmulq_s16(ha, hb));
    P16("mul32", vmulq_s32(wa, wb));
    P16("mla8", vmlaq_u8(c, a, b));
    P16("mls32", vmlsq_u32(vreinterpretq_u32_u8(c), uwa, uwb));
    P16("mlalane", vmlaq_laneq_s16(vreinterpretq_s16_u8(c), ha, hb, 5));
    P16("add64", vaddq_s64(da, db));
    P16("neg8", vnegq_s8(sa));
    P16("abs16", vabsq_s16(ha));
    P16("qabs8", vqabsq_s8(sa));
    P16("qneg32", vqnegq_s32(wa));
    qc("start");
    P16("qadd8s", vqaddq_s8(sa, sb));
    qc("qadd8s");
    P16("qadd8u", vqaddq_u8(a, b));
    P16("qsub16s", vqsubq_s16(ha, hb));
    P16("qsub32u", vqsubq_u32(uwa, uwb));
    P16("qadd64", vqaddq_s64(da, db));
    P16("uqadd_s", vsqaddq_u8(a, sb));
    P16("suqadd", vuqaddq_s8(sa, b));
    P16("hadd8", vhaddq_u8(a, b));
    P16("rhadd16", vrhaddq_s16(ha, hb));
    P16("hsub32", vhsubq_s32(wa, wb));
    qc("qops");
    P16("qdmulh16", vqdmulhq_s16(ha, hb));
    P16("qrdmulh32", vqrdmulhq_s32(wa, wb));
    qc("qdmulh");
    P16("abd8", vabdq_u8(a, b));
    P16("abd16s", vabdq_s16(ha, hb));
    P16("aba32", vabaq_s32(vreinterpretq_s32_u8(c), wa, wb));
    P16("max8s", vmaxq_s8(sa, sb));
    P16("min16u", vminq_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b)));
    P16("pmax8", vpmaxq_u8(a, b));
    P16("pmin32s", vpminq_s32(wa, wb));
    P16("padd16", vpaddq_s16(ha, hb));
    P16("padd64", vpaddq_s64(da, db));
    out("addv8 %u addv16 %d addv32 %u maxv8 %d minv16 %u maxv32 %u addvd %lld\n", vaddvq_u8(a),
        vaddvq_s16(ha), vaddvq_u32(uwa), vmaxvq_s8(sa), vminvq_u16(vreinterpretq_u16_u8(a)),
        vmaxvq_u32(uwb), (long long)vaddvq_s64(da));
    out("addlv8 %u addlv16 %d addlv32 %lld\n", vaddlvq_u8(a), vaddlvq_s16(hb), (long long)vaddlvq_s32(wa));
    P16("ceq8", vceqq_u8(a, b));
    P16("cgt16", vcgtq_s16(ha, hb));
    P16("cge32u", vcgeq_u32(uwa, uwb));
    P16("clt8", vcltq_s8(sa, sb));
    P16("ceqz16", vceqzq_s16(ha));
    P16("cgtz32", vcgtzq_s32(wa));
    P16("clez8", vclezq_s8(sa));
    P16("cgt64", vcgtq_s64(da, db));
    P16("tst8", vtstq_u8(a, b));
    P16("and", vandq_u8(a, b));
    P16("orr", vorrq_u8(a, b));
    P16("eor", veorq_u8(a, b));
    P16("bic", vbicq_u8(a, b));
    P16("orn", vornq_u8(a, b));
    P16("mvn", vmvnq_u8(a));
    P16("bsl", vbslq_u8(c, a, b));
    P16("shl8", vshlq_n_u8(a, 3));
    P16("shr16s", vshrq_n_s16(ha, 5));
    P16("shr32u", vshrq_n_u32(uwa, 31));
    P16("shr64s", vshrq_n_s64(da, 63));
    P16("rshr8", vrshrq_n_u8(a, 2));
    P16("rshr32s", vrshrq_n_s32(wa, 7));
    P16("sra16", vsraq_n_s16(hb, ha, 4));
    P16("rsra8", vrsraq_n_u8(b, a, 1));
    P16("sli32", vsliq_n_u32(uwa, uwb, 9));
    P16("sri8", vsriq_n_u8(a, b, 3));
    P16("vshl8s", vshlq_s8(sa, vshrq_n_s8(sb, 4)));
    P16("vshl16u", vshlq_u16(vreinterpretq_u16_u8(a), vshrq_n_s16(hb, 11)));
    P16("vrshl32", vrshlq_s32(wa, vshrq_n_s32(wb, 26)));
    P16("vqshl8", vqshlq_s8(sa, vshrq_n_s8(sb, 5)));
    P16("vqrshl16u", vqrshlq_u16(vreinterpretq_u16_u8(a), vshrq_n_s16(hb, 12)));
    P16("qshl_n8", vqshlq_n_s8(sa, 2));
    P16("qshlu_n16", vqshluq_n_s16(ha, 3));
    P16("qshl_n64", vqshlq_n_u64(vreinterpretq_u64_u8(a), 9));
    qc("qshl");
    P16("cnt", vcntq_u8(a));
    P16("clz8", vclzq_u8(a));
    P16("clz16", vclzq_s16(ha));
    P16("clz32", vclzq_u32(uwa));
    P16("cls8", vclsq_s8(sa));
    P16("rbit", vrbitq_u8(a));
    P16("rev16", vrev16q_u8(a));
    P16("rev32", vrev32q_u16(vreinterpretq_u16_u8(a)));
    P16("rev64", vrev64q_u32(uwa));
    P16("ext3", vextq_u8(a, b, 3));
    P16("ext13", vextq_u8(a, b, 13));
    P16("dupl", vdupq_laneq_u16(vreinterpretq_u16_u8(a), 6));
    P16("dupn", vdupq_n_u32(vgetq_lane_u32(uwa, 2)));
    P16("setl", vsetq_lane_u8(0x5a, a, 11));
    P16("movi", veorq_u8(a, vdupq_n_u8(0xa5)));
    P8("add8d", vadd_u8(vget_low_u8(a), vget_high_u8(b)));
    P8("qsub8d", vqsub_s8(vget_low_s8(sa), vget_high_s8(sb)));
    P8("mul16d", vmul_u16(vget_low_u16(vreinterpretq_u16_u8(a)), vget_high_u16(vreinterpretq_u16_u8(b))));
    P8("pmaxd", vpmax_s16(vget_low_s16(ha), vget_high_s16(hb)));
    P16("combine", vcombine_u8(vget_high_u8(a), vget_low_u8(b)));
    out("scalar qadd %d %d qdmulh %d\n", vqaddb_s8(vgetq_lane_s8(sa, 0), vgetq_lane_s8(sb, 0)),
        vqsubh_s16(vgetq_lane_s16(ha, 1), vgetq_lane_s16(hb, 1)),
        vqdmulhs_s32(vgetq_lane_s32(wa, 2), vgetq_lane_s32(wb, 2)));
  }
  return diff_status();
}
