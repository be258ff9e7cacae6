/* fp_hlp.h — private to the fp_*.c files: the floating-point helpers named by the decode table
 * in fp.c, and small services shared between the helper files. */
#ifndef JIT_FP_HLP_H
#define JIT_FP_HLP_H

#include "a64.h"

#define FP_HLP(n)    void hlp_##n(emu_cpu *c, uint32_t insn);
#define FP_LANES(n)  void fp_lanes_##n(emu_cpu *c, uint32_t insn);
#define FP_HLP_SD(n) FP_HLP(n##_s) FP_HLP(n##_d)

// clang-format off
/* fp_scalar.c */
FP_HLP_SD(fadd) FP_HLP_SD(fsub) FP_HLP_SD(fmul) FP_HLP_SD(fdiv) FP_HLP_SD(fnmul)
FP_HLP_SD(fmax) FP_HLP_SD(fmin) FP_HLP_SD(fmaxnm) FP_HLP_SD(fminnm)
FP_HLP_SD(fmadd) FP_HLP_SD(fmsub) FP_HLP_SD(fnmadd) FP_HLP_SD(fnmsub)
FP_HLP_SD(fmov) FP_HLP_SD(fabs) FP_HLP_SD(fneg) FP_HLP_SD(fsqrt) FP_HLP_SD(frint)
FP_HLP_SD(fcmp) FP_HLP_SD(fccmp) FP_HLP_SD(fcsel) FP_HLP_SD(fmov_imm)
FP_HLP(fcvt) FP_HLP(fcvt_ds) FP_HLP(fcvt_sd)

/* fp_cvt.c */
FP_HLP(fcvtzs_ws) FP_HLP(fcvtzs_wd) FP_HLP(fcvtzs_xs) FP_HLP(fcvtzs_xd)
FP_HLP(fcvtzu_ws) FP_HLP(fcvtzu_wd) FP_HLP(fcvtzu_xs) FP_HLP(fcvtzu_xd)
FP_HLP(fcvt_int) FP_HLP(fcvt_fixed) FP_HLP(cvtf_int) FP_HLP(cvtf_fixed)
FP_HLP(scvtf_dx) FP_HLP(scvtf_dw) FP_HLP(scvtf_sw)
FP_HLP(fmov_ws) FP_HLP(fmov_sw) FP_HLP(fmov_xd) FP_HLP(fmov_dx)
FP_HLP(fmov_x_d1) FP_HLP(fmov_d1_x)

/* fp_vec.c: prefix v = vector, s = scalar, ve/se = by element */
FP_HLP(vfadd) FP_HLP(vfsub) FP_HLP(vfmul) FP_HLP(vfdiv) FP_HLP(vfmax) FP_HLP(vfmin)
FP_HLP(vfmaxnm) FP_HLP(vfminnm) FP_HLP(vfmulx) FP_HLP(vfrecps) FP_HLP(vfrsqrts) FP_HLP(vfabd)
FP_HLP(vfcmeq) FP_HLP(vfcmge) FP_HLP(vfcmgt) FP_HLP(vfacge) FP_HLP(vfacgt)
FP_HLP(vfmla) FP_HLP(vfmls)
FP_HLP(sfmulx) FP_HLP(sfrecps) FP_HLP(sfrsqrts) FP_HLP(sfabd)
FP_HLP(sfcmeq) FP_HLP(sfcmge) FP_HLP(sfcmgt) FP_HLP(sfacge) FP_HLP(sfacgt)
FP_HLP(vfaddp) FP_HLP(vfmaxp) FP_HLP(vfminp) FP_HLP(vfmaxnmp) FP_HLP(vfminnmp)
FP_HLP(sfaddp) FP_HLP(sfmaxp) FP_HLP(sfminp) FP_HLP(sfmaxnmp) FP_HLP(sfminnmp)
FP_HLP(fmaxv) FP_HLP(fminv) FP_HLP(fmaxnmv) FP_HLP(fminnmv)
FP_HLP(vefmla) FP_HLP(vefmls) FP_HLP(vefmul) FP_HLP(vefmulx)
FP_HLP(sefmla) FP_HLP(sefmls) FP_HLP(sefmul) FP_HLP(sefmulx)

/* fp_vmisc.c */
FP_HLP(vfabs) FP_HLP(vfneg) FP_HLP(vfsqrt) FP_HLP(vfcmpz) FP_HLP(sfcmpz) FP_HLP(vfrint)
FP_HLP(vfcvt_int) FP_HLP(sfcvt_int) FP_HLP(vcvtf) FP_HLP(scvtf)
FP_HLP(vcvtf_fixed) FP_HLP(scvtf_fixed) FP_HLP(vfcvtz_fixed) FP_HLP(sfcvtz_fixed)
FP_HLP(vfrecpe) FP_HLP(sfrecpe) FP_HLP(vfrsqrte) FP_HLP(sfrsqrte) FP_HLP(sfrecpx)
FP_HLP(vfcvtl) FP_HLP(vfcvtn) FP_HLP(vfcvtxn) FP_HLP(sfcvtxn) FP_HLP(vfmov_imm)
/* fp_vec.c: the lane-by-lane forms behind fp_vfast.c's SSE fast paths */
FP_LANES(vfadd) FP_LANES(vfsub) FP_LANES(vfmul) FP_LANES(vfdiv)
FP_LANES(vfmla) FP_LANES(vfmls) FP_LANES(vefmla) FP_LANES(vefmls)
FP_LANES(vefmul) FP_LANES(vefmulx)
// clang-format on

#undef FP_HLP
#undef FP_LANES
#undef FP_HLP_SD

    /* Shared by the scalar and vector helpers (fp_scalar.c). */
    int fp_frint_mode(emu_cpu *c, int sel, bool *exact);
uint32_t fp_expand_imm_s(uint32_t imm8);
uint64_t fp_expand_imm_d(uint32_t imm8);

#endif
