/* fp.c — the decode table of floating point: scalar FP and the FP forms of Advanced SIMD.
 * Masks are exact, so reserved encodings (and integer SIMD, in a64_tab_simd) never match. */
#include "a64.h"
#include "fp_hlp.h"

#define P(m, v, name, h, fl)                                                                       \
    { m, v, name, NULL, hlp_##h, fl }
/* Scalar FP: the same encoding for single (type 00) and double (type 01). */
#define PSD(m, v, name, h, fl) P(m, v, name, h##_s, fl), P(m, (v) | 1u << 22, name, h##_d, fl)

/* Scalar FP data processing, 2 source: opcode in bits 15:12. */
#define DP2(op, name, h) PSD(0xffe0fc00u, 0x1e200800u | (op) << 12, name, h, 0)
/* 1 source: opcode in bits 20:15. */
#define DP1(op, name, h) PSD(0xfffffc00u, 0x1e204000u | (op) << 15, name, h, 0)
/* 3 source: o1 (21), o0 (15). */
#define DP3(o1, o0, name, h) PSD(0xffe08000u, 0x1f000000u | (o1) << 21 | (o0) << 15, name, h, 0)
/* FCVT: source type, destination opc. */
#define FCVT(type, opc, h)                                                                         \
    P(0xfffffc00u, 0x1e224000u | (type) << 22 | (opc) << 15, "fcvt", h, A64_PC)
/* Integer <-> FP: sf (31), type (22), rmode (20:19), opcode (18:16). */
#define CVI(sf, type, rmode, opc, name, h)                                                         \
    P(0xfffffc00u, 0x1e200000u | (sf) << 31 | (type) << 22 | (rmode) << 19 | (opc) << 16, name, h, \
      0)

/* Advanced SIMD, U (29), a = size<1> (23), opcode; "VSD" emits the single form (any Q) and the
 * double form (Q=1 only: 1D is reserved). */
#define VSD(m, v, name, h)                                                                         \
    P((m) | 0xbfc00000u, (v), name, h, 0), P((m) | 0xffc00000u, (v) | 0x40400000u, name, h, 0)
#define V3(u, a, op, name, h)                                                                      \
    VSD(0x0020fc00u, 0x0e200400u | (u) << 29 | (a) << 23 | (op) << 11, name, h)
#define S3(u, a, op, name, h)                                                                      \
    P(0xffa0fc00u, 0x5e200400u | (u) << 29 | (a) << 23 | (op) << 11, name, h, 0)
#define V2(u, a, op, name, h)                                                                      \
    VSD(0x003ffc00u, 0x0e200800u | (u) << 29 | (a) << 23 | (op) << 12, name, h)
#define S2(u, a, op, name, h)                                                                      \
    P(0xffbffc00u, 0x5e200800u | (u) << 29 | (a) << 23 | (op) << 12, name, h, 0)
#define SP(a, op, name, h)     P(0xffbffc00u, 0x7e300800u | (a) << 23 | (op) << 12, name, h, 0)
#define ACROSS(a, op, name, h) P(0xfffffc00u, 0x6e300800u | (a) << 23 | (op) << 12, name, h, 0)
/* By element: sz=0 (index H:L), sz=1 (index H, L=0, Q=1). */
#define VE(u, op, name, h)                                                                         \
    P(0xbfc0f400u, 0x0f800000u | (u) << 29 | (op) << 12, name, h, 0),                              \
        P(0xffe0f400u, 0x4fc00000u | (u) << 29 | (op) << 12, name, h, 0)
#define SE(u, op, name, h)                                                                         \
    P(0xffc0f400u, 0x5f800000u | (u) << 29 | (op) << 12, name, h, 0),                              \
        P(0xffe0f400u, 0x5fc00000u | (u) << 29 | (op) << 12, name, h, 0)
/* Shift by immediate, fixed-point conversions: immh = 01xx (single) or 1xxx (double). */
#define VSH(u, op, name, h)                                                                        \
    P(0xbfe0fc00u, 0x0f200400u | (u) << 29 | (op) << 11, name, h, 0),                              \
        P(0xffc0fc00u, 0x4f400400u | (u) << 29 | (op) << 11, name, h, 0)
#define SSH(u, op, name, h)                                                                        \
    P(0xffe0fc00u, 0x5f200400u | (u) << 29 | (op) << 11, name, h, 0),                              \
        P(0xffc0fc00u, 0x5f400400u | (u) << 29 | (op) << 11, name, h, 0)

const a64_pattern a64_tab_fp[] = {
    /* ---- scalar floating point ---- */
    DP2(0, "fmul", fmul),
    DP2(1, "fdiv", fdiv),
    DP2(2, "fadd", fadd),
    DP2(3, "fsub", fsub),
    DP2(4, "fmax", fmax),
    DP2(5, "fmin", fmin),
    DP2(6, "fmaxnm", fmaxnm),
    DP2(7, "fminnm", fminnm),
    DP2(8, "fnmul", fnmul),
    DP3(0, 0, "fmadd", fmadd),
    DP3(0, 1, "fmsub", fmsub),
    DP3(1, 0, "fnmadd", fnmadd),
    DP3(1, 1, "fnmsub", fnmsub),
    DP1(0, "fmov", fmov),
    DP1(1, "fabs", fabs),
    DP1(2, "fneg", fneg),
    DP1(3, "fsqrt", fsqrt),
    PSD(0xfffe7c00u, 0x1e244000u, "frint[npmz]", frint, 0),
    PSD(0xfffffc00u, 0x1e264000u, "frinta", frint, 0),
    PSD(0xffff7c00u, 0x1e274000u, "frint[xi]", frint, 0),
    FCVT(0, 1, fcvt_ds),
    FCVT(0, 3, fcvt),
    FCVT(1, 0, fcvt_sd),
    FCVT(1, 3, fcvt),
    FCVT(3, 0, fcvt),
    FCVT(3, 1, fcvt),
    PSD(0xffe0fc07u, 0x1e202000u, "fcmp*", fcmp, A64_WFLAGS),
    PSD(0xffe00c00u, 0x1e200400u, "fccmp*", fccmp, A64_RFLAGS | A64_WFLAGS),
    PSD(0xffe00c00u, 0x1e200c00u, "fcsel", fcsel, A64_RFLAGS),
    PSD(0xffe01fe0u, 0x1e201000u, "fmov", fmov_imm, 0),

    /* ---- conversions with general registers ---- */
    CVI(0, 0, 3, 0, "fcvtzs", fcvtzs_ws),
    CVI(0, 1, 3, 0, "fcvtzs", fcvtzs_wd),
    CVI(1, 0, 3, 0, "fcvtzs", fcvtzs_xs),
    CVI(1, 1, 3, 0, "fcvtzs", fcvtzs_xd),
    CVI(0, 0, 3, 1, "fcvtzu", fcvtzu_ws),
    CVI(0, 1, 3, 1, "fcvtzu", fcvtzu_wd),
    CVI(1, 0, 3, 1, "fcvtzu", fcvtzu_xs),
    CVI(1, 1, 3, 1, "fcvtzu", fcvtzu_xd),
    P(0x7fa6fc00u, 0x1e200000u, "fcvt[npm][su]", fcvt_int, 0),
    P(0x7fbefc00u, 0x1e240000u, "fcvta[su]", fcvt_int, 0),
    CVI(1, 1, 0, 2, "scvtf", scvtf_dx),
    CVI(0, 1, 0, 2, "scvtf", scvtf_dw),
    CVI(0, 0, 0, 2, "scvtf", scvtf_sw),
    P(0x7fbefc00u, 0x1e220000u, "[su]cvtf", cvtf_int, 0),
    CVI(0, 0, 0, 6, "fmov", fmov_ws),
    CVI(0, 0, 0, 7, "fmov", fmov_sw),
    CVI(1, 1, 0, 6, "fmov", fmov_xd),
    CVI(1, 1, 0, 7, "fmov", fmov_dx),
    CVI(1, 2, 1, 6, "fmov", fmov_x_d1),
    CVI(1, 2, 1, 7, "fmov", fmov_d1_x),
    /* fixed point: a 32-bit integer needs scale >= 32 */
    P(0xffbe0000u, 0x9e020000u, "[su]cvtf", cvtf_fixed, 0),
    P(0xffbe8000u, 0x1e028000u, "[su]cvtf", cvtf_fixed, 0),
    P(0xffbe0000u, 0x9e180000u, "fcvtz[su]", fcvt_fixed, 0),
    P(0xffbe8000u, 0x1e188000u, "fcvtz[su]", fcvt_fixed, 0),

    /* ---- Advanced SIMD three same (vector) ---- */
    V3(0, 0, 0x18, "fmaxnm", vfmaxnm),
    V3(0, 0, 0x19, "fmla", vfmla),
    V3(0, 0, 0x1a, "fadd", vfadd),
    V3(0, 0, 0x1b, "fmulx", vfmulx),
    V3(0, 0, 0x1c, "fcmeq", vfcmeq),
    V3(0, 0, 0x1e, "fmax", vfmax),
    V3(0, 0, 0x1f, "frecps", vfrecps),
    V3(0, 1, 0x18, "fminnm", vfminnm),
    V3(0, 1, 0x19, "fmls", vfmls),
    V3(0, 1, 0x1a, "fsub", vfsub),
    V3(0, 1, 0x1e, "fmin", vfmin),
    V3(0, 1, 0x1f, "frsqrts", vfrsqrts),
    V3(1, 0, 0x18, "fmaxnmp", vfmaxnmp),
    V3(1, 0, 0x1a, "faddp", vfaddp),
    V3(1, 0, 0x1b, "fmul", vfmul),
    V3(1, 0, 0x1c, "fcmge", vfcmge),
    V3(1, 0, 0x1d, "facge", vfacge),
    V3(1, 0, 0x1e, "fmaxp", vfmaxp),
    V3(1, 0, 0x1f, "fdiv", vfdiv),
    V3(1, 1, 0x18, "fminnmp", vfminnmp),
    V3(1, 1, 0x1a, "fabd", vfabd),
    V3(1, 1, 0x1c, "fcmgt", vfcmgt),
    V3(1, 1, 0x1d, "facgt", vfacgt),
    V3(1, 1, 0x1e, "fminp", vfminp),
    /* scalar three same */
    S3(0, 0, 0x1b, "fmulx", sfmulx),
    S3(0, 0, 0x1c, "fcmeq", sfcmeq),
    S3(0, 0, 0x1f, "frecps", sfrecps),
    S3(0, 1, 0x1f, "frsqrts", sfrsqrts),
    S3(1, 0, 0x1c, "fcmge", sfcmge),
    S3(1, 0, 0x1d, "facge", sfacge),
    S3(1, 1, 0x1a, "fabd", sfabd),
    S3(1, 1, 0x1c, "fcmgt", sfcmgt),
    S3(1, 1, 0x1d, "facgt", sfacgt),

    /* ---- two-register misc (vector) ---- */
    V2(0, 1, 0x0c, "fcmgt", vfcmpz),
    V2(0, 1, 0x0d, "fcmeq", vfcmpz),
    V2(0, 1, 0x0e, "fcmlt", vfcmpz),
    V2(1, 1, 0x0c, "fcmge", vfcmpz),
    V2(1, 1, 0x0d, "fcmle", vfcmpz),
    V2(0, 1, 0x0f, "fabs", vfabs),
    V2(1, 1, 0x0f, "fneg", vfneg),
    V2(1, 1, 0x1f, "fsqrt", vfsqrt),
    V2(0, 0, 0x18, "frintn", vfrint),
    V2(0, 0, 0x19, "frintm", vfrint),
    V2(0, 1, 0x18, "frintp", vfrint),
    V2(0, 1, 0x19, "frintz", vfrint),
    V2(1, 0, 0x18, "frinta", vfrint),
    V2(1, 0, 0x19, "frintx", vfrint),
    V2(1, 1, 0x19, "frinti", vfrint),
    V2(0, 0, 0x1a, "fcvtns", vfcvt_int),
    V2(0, 0, 0x1b, "fcvtms", vfcvt_int),
    V2(0, 0, 0x1c, "fcvtas", vfcvt_int),
    V2(0, 1, 0x1a, "fcvtps", vfcvt_int),
    V2(0, 1, 0x1b, "fcvtzs", vfcvt_int),
    V2(1, 0, 0x1a, "fcvtnu", vfcvt_int),
    V2(1, 0, 0x1b, "fcvtmu", vfcvt_int),
    V2(1, 0, 0x1c, "fcvtau", vfcvt_int),
    V2(1, 1, 0x1a, "fcvtpu", vfcvt_int),
    V2(1, 1, 0x1b, "fcvtzu", vfcvt_int),
    V2(0, 0, 0x1d, "scvtf", vcvtf),
    V2(1, 0, 0x1d, "ucvtf", vcvtf),
    V2(0, 1, 0x1d, "frecpe", vfrecpe),
    V2(1, 1, 0x1d, "frsqrte", vfrsqrte),
    P(0xbfbffc00u, 0x0e217800u, "fcvtl*", vfcvtl, 0),
    P(0xbfbffc00u, 0x0e216800u, "fcvtn*", vfcvtn, 0),
    P(0xbffffc00u, 0x2e616800u, "fcvtxn*", vfcvtxn, 0),
    /* scalar two-register misc */
    S2(0, 0, 0x1a, "fcvtns", sfcvt_int),
    S2(0, 0, 0x1b, "fcvtms", sfcvt_int),
    S2(0, 0, 0x1c, "fcvtas", sfcvt_int),
    S2(0, 1, 0x1a, "fcvtps", sfcvt_int),
    S2(0, 1, 0x1b, "fcvtzs", sfcvt_int),
    S2(1, 0, 0x1a, "fcvtnu", sfcvt_int),
    S2(1, 0, 0x1b, "fcvtmu", sfcvt_int),
    S2(1, 0, 0x1c, "fcvtau", sfcvt_int),
    S2(1, 1, 0x1a, "fcvtpu", sfcvt_int),
    S2(1, 1, 0x1b, "fcvtzu", sfcvt_int),
    S2(0, 0, 0x1d, "scvtf", scvtf),
    S2(1, 0, 0x1d, "ucvtf", scvtf),
    S2(0, 1, 0x0c, "fcmgt", sfcmpz),
    S2(0, 1, 0x0d, "fcmeq", sfcmpz),
    S2(0, 1, 0x0e, "fcmlt", sfcmpz),
    S2(1, 1, 0x0c, "fcmge", sfcmpz),
    S2(1, 1, 0x0d, "fcmle", sfcmpz),
    S2(0, 1, 0x1d, "frecpe", sfrecpe),
    S2(1, 1, 0x1d, "frsqrte", sfrsqrte),
    S2(0, 1, 0x1f, "frecpx", sfrecpx),
    P(0xfffffc00u, 0x7e616800u, "fcvtxn", sfcvtxn, 0),

    /* ---- pairwise and across lanes ---- */
    SP(0, 0x0c, "fmaxnmp", sfmaxnmp),
    SP(0, 0x0d, "faddp", sfaddp),
    SP(0, 0x0f, "fmaxp", sfmaxp),
    SP(1, 0x0c, "fminnmp", sfminnmp),
    SP(1, 0x0f, "fminp", sfminp),
    ACROSS(0, 0x0c, "fmaxnmv", fmaxnmv),
    ACROSS(0, 0x0f, "fmaxv", fmaxv),
    ACROSS(1, 0x0c, "fminnmv", fminnmv),
    ACROSS(1, 0x0f, "fminv", fminv),

    /* ---- by element ---- */
    VE(0, 0x1, "fmla", vefmla),
    VE(0, 0x5, "fmls", vefmls),
    VE(0, 0x9, "fmul", vefmul),
    VE(1, 0x9, "fmulx", vefmulx),
    SE(0, 0x1, "fmla", sefmla),
    SE(0, 0x5, "fmls", sefmls),
    SE(0, 0x9, "fmul", sefmul),
    SE(1, 0x9, "fmulx", sefmulx),

    /* ---- fixed-point conversions (shift by immediate) ---- */
    VSH(0, 0x1c, "scvtf", vcvtf_fixed),
    VSH(1, 0x1c, "ucvtf", vcvtf_fixed),
    VSH(0, 0x1f, "fcvtzs", vfcvtz_fixed),
    VSH(1, 0x1f, "fcvtzu", vfcvtz_fixed),
    SSH(0, 0x1c, "scvtf", scvtf_fixed),
    SSH(1, 0x1c, "ucvtf", scvtf_fixed),
    SSH(0, 0x1f, "fcvtzs", sfcvtz_fixed),
    SSH(1, 0x1f, "fcvtzu", sfcvtz_fixed),

    /* ---- FMOV (vector, immediate): cmode 1111, o2 0; op=1 (2D) needs Q=1 ---- */
    P(0xbff8fc00u, 0x0f00f400u, "fmov", vfmov_imm, 0),
    P(0xfff8fc00u, 0x6f00f400u, "fmov", vfmov_imm, 0),

    {0, 0, NULL, NULL, NULL, 0},
};
