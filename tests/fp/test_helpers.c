/* test_helpers.c — FP helpers against the ARM ARM pseudocode rules: NaN propagation and the
 * default NaN, FMAX/FMIN zeros, rounding modes, saturating conversions, ties, flush-to-zero,
 * compares, half precision, estimates, FPCR/FPSR. Encodings are built from the ARM fields. */
#include "a64.h"
#include "fp_env.h"

#include <criterion/criterion.h>
#include <string.h>
#include <xmmintrin.h>

static emu_cpu cpu __attribute__((aligned(16)));

static void reset(uint32_t fpcr) {
    memset(&cpu, 0, sizeof cpu);
    jit_fpcr_set(&cpu, fpcr);
    jit_fpsr_set(&cpu, 0);
    jit_nzcv_set(&cpu, 0);
}
static void fini(void) {
    jit_fpcr_set(&cpu, 0);
    jit_fpsr_set(&cpu, 0);
}
static void run(uint32_t insn) {
    const a64_pattern *p = a64_decode_helper(insn, NULL);
    cr_assert(p && p->helper, "%08x does not decode", insn);
    p->helper(&cpu, insn);
}
static uint32_t fpsr(void) {
    return jit_fpsr_get(&cpu);
}

#define RN      1
#define RM      2
#define RA      3
#define RD      0
#define FPCR_RP (1u << 22)
#define FPCR_RM (2u << 22)
#define FPCR_RZ (3u << 22)
#define FZ      (1u << 24)
#define DN      (1u << 25)
#define AHP     (1u << 26)
#define IOC     0x01u
#define DZC     0x02u
#define OFC     0x04u
#define UFC     0x08u
#define IXC     0x10u
#define IDC     0x80u

/* Scalar encodings (type 0 = single, 1 = double). */
static uint32_t dp2(int op, int type) {
    return 0x1e200800u | (uint32_t)type << 22 | RM << 16 | (uint32_t)op << 12 | RN << 5 | RD;
}
enum { MUL, DIV, ADD, SUB, MAX, MIN, MAXNM, MINNM, NMUL };
static uint32_t dp1(int op, int type) {
    return 0x1e204000u | (uint32_t)type << 22 | (uint32_t)op << 15 | RN << 5 | RD;
}
static uint32_t fmadd(int type, int o1, int o0) {
    return 0x1f000000u | (uint32_t)type << 22 | (uint32_t)o1 << 21 | RM << 16 | (uint32_t)o0 << 15 |
           RA << 10 | RN << 5 | RD;
}
/* FCVT<rmode><S|U> / SCVTF family to or from X0/W0 with V1. */
static uint32_t cvt_int(int sf, int type, int rmode, int opc) {
    return 0x1e200000u | (uint32_t)sf << 31 | (uint32_t)type << 22 | (uint32_t)rmode << 19 |
           (uint32_t)opc << 16 | RN << 5 | RD;
}

static void set_s(int r, uint32_t v) {
    cpu.v[r].s[0] = v;
}
static void set_d(int r, uint64_t v) {
    cpu.v[r].d[0] = v;
}
static float fval(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static uint32_t fbits(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static uint64_t dbits(double f) {
    uint64_t u;
    memcpy(&u, &f, 8);
    return u;
}

static uint32_t op_s(uint32_t insn, uint32_t fpcr, uint32_t a, uint32_t b, uint32_t *flags) {
    reset(fpcr);
    set_s(RN, a);
    set_s(RM, b);
    run(insn);
    *flags = fpsr();
    fini();
    return cpu.v[RD].s[0];
}

TestSuite(fp_helpers, .init = a64_decode_init);

Test(fp_helpers, nan_propagation_order) {
    uint32_t f;
    const uint32_t qa = 0x7fc00001, qb = 0xffc00002, sa = 0x7f800003, sb = 0xff800004;
    cr_expect_eq(op_s(dp2(ADD, 0), 0, qa, sb, &f), 0xffc00004); /* SNaN beats QNaN, quieted */
    cr_expect_eq(f, IOC);
    cr_expect_eq(op_s(dp2(ADD, 0), 0, sa, sb, &f), 0x7fc00003); /* op1's SNaN first */
    cr_expect_eq(op_s(dp2(MUL, 0), 0, qa, qb, &f), qa);         /* then op1's QNaN */
    cr_expect_eq(f, 0);
    cr_expect_eq(op_s(dp2(SUB, 0), 0, fbits(1.0f), qb, &f), qb);
    cr_expect_eq(op_s(dp2(ADD, 0), DN, qa, fbits(1.0f), &f), 0x7fc00000); /* DN */
}

Test(fp_helpers, default_nan_is_positive) {
    uint32_t f;
    /* x86 produces 0xffc00000 for these; ARM's default NaN has the sign clear. */
    cr_expect_eq(op_s(dp2(MUL, 0), 0, 0x7f800000, 0, &f), 0x7fc00000);
    cr_expect_eq(f, IOC);
    cr_expect_eq(op_s(dp2(SUB, 0), 0, 0x7f800000, 0x7f800000, &f), 0x7fc00000);
    cr_expect_eq(op_s(dp2(DIV, 0), 0, 0, 0x80000000, &f), 0x7fc00000);
    /* FNMUL negates whatever FPMul returned, the default NaN included. */
    cr_expect_eq(op_s(dp2(NMUL, 0), 0, 0x7f800000, 0, &f), 0xffc00000);
    reset(0);
    set_d(RN, dbits(-1.0));
    run(dp1(3, 1)); /* fsqrt d0, d1 */
    cr_expect_eq(cpu.v[RD].d[0], 0x7ff8000000000000ull);
    cr_expect_eq(fpsr(), IOC);
    fini();
}

Test(fp_helpers, max_min_zeros_and_nans) {
    uint32_t f;
    const uint32_t pz = 0, nz = 0x80000000, one = 0x3f800000, qn = 0x7fc00005, sn = 0x7f800005;
    cr_expect_eq(op_s(dp2(MAX, 0), 0, pz, nz, &f), pz);
    cr_expect_eq(op_s(dp2(MAX, 0), 0, nz, pz, &f), pz);
    cr_expect_eq(op_s(dp2(MIN, 0), 0, pz, nz, &f), nz);
    cr_expect_eq(op_s(dp2(MIN, 0), 0, nz, pz, &f), nz);
    cr_expect_eq(op_s(dp2(MAX, 0), 0, qn, one, &f), qn);
    cr_expect_eq(op_s(dp2(MAXNM, 0), 0, qn, one, &f), one);
    cr_expect_eq(f, 0);
    cr_expect_eq(op_s(dp2(MINNM, 0), 0, one, qn, &f), one);
    cr_expect_eq(op_s(dp2(MAXNM, 0), 0, sn, one, &f), 0x7fc00005); /* SNaN still wins */
    cr_expect_eq(f, IOC);
    cr_expect_eq(op_s(dp2(MINNM, 0), 0, qn, 0xffc00000, &f), qn);
}

Test(fp_helpers, rounding_modes) {
    uint32_t f;
    const uint32_t one = fbits(1.0f), tiny = fbits(0x1p-30f);
    cr_expect_eq(op_s(dp2(ADD, 0), 0, one, tiny, &f), one);
    cr_expect_eq(f, IXC);
    cr_expect_eq(op_s(dp2(ADD, 0), FPCR_RP, one, tiny, &f), fbits(0x1.000002p0f));
    cr_expect_eq(op_s(dp2(SUB, 0), FPCR_RM, one, tiny, &f), fbits(0x1.fffffep-1f));
    cr_expect_eq(op_s(dp2(SUB, 0), FPCR_RZ, one, tiny, &f), fbits(0x1.fffffep-1f));
    cr_expect_eq(op_s(dp2(DIV, 0), FPCR_RZ, one, fbits(3.0f), &f), 0x3eaaaaaa);
    cr_expect_eq(op_s(dp2(DIV, 0), 0, one, fbits(3.0f), &f), 0x3eaaaaab);
    /* x - x is +0, except -0 when rounding toward minus infinity */
    cr_expect_eq(op_s(dp2(SUB, 0), FPCR_RM, one, one, &f), 0x80000000);
    cr_expect_eq(op_s(dp2(SUB, 0), 0, one, one, &f), 0);
    /* overflow: infinity, or the largest finite value when rounding toward zero */
    cr_expect_eq(op_s(dp2(MUL, 0), 0, 0x7f000000, 0x40000000, &f), 0x7f800000);
    cr_expect_eq(f, OFC | IXC);
    cr_expect_eq(op_s(dp2(MUL, 0), FPCR_RZ, 0x7f000000, 0x40000000, &f), 0x7f7fffff);
    cr_expect_eq(op_s(dp2(DIV, 0), 0, one, 0x80000000, &f), 0xff800000);
    cr_expect_eq(f, DZC);
}

Test(fp_helpers, fused_multiply_add) {
    reset(0);
    set_s(RN, fbits(0x1.000002p0f));
    set_s(RM, fbits(0x1.fffffcp-1f));
    set_s(RA, fbits(-1.0f));
    run(fmadd(0, 0, 0)); /* a + n*m = -2^-46 exactly; unfused would give 0 */
    cr_expect_eq(cpu.v[RD].s[0], fbits(-0x1p-46f));
    run(fmadd(0, 1, 1)); /* fnmsub: n*m - a */
    cr_expect_eq(cpu.v[RD].s[0], fbits(0x1.000002p0f * 0x1.fffffcp-1f + 1.0f));
    /* a negated NaN operand keeps its flipped sign (FMSUB negates n) */
    set_s(RN, 0x7fc00001);
    run(fmadd(0, 0, 1));
    cr_expect_eq(cpu.v[RD].s[0], 0xffc00001);
    /* quiet NaN addend with inf * 0: default NaN and IOC */
    set_s(RA, 0x7fc00009);
    set_s(RN, 0x7f800000);
    set_s(RM, 0);
    jit_fpsr_set(&cpu, 0);
    run(fmadd(0, 0, 0));
    cr_expect_eq(cpu.v[RD].s[0], 0x7fc00000);
    cr_expect_eq(fpsr(), IOC);
    fini();
}

static uint64_t cvt(uint32_t insn, uint32_t fpcr, uint64_t in, uint32_t *flags) {
    reset(fpcr);
    cpu.v[RN].d[0] = in;
    cpu.x[RD] = 0x5555555555555555ull;
    run(insn);
    *flags = fpsr();
    fini();
    return cpu.x[RD];
}

Test(fp_helpers, saturating_conversions) {
    uint32_t f;
    const uint32_t zs_wd = cvt_int(0, 1, 3, 0), zu_wd = cvt_int(0, 1, 3, 1);
    const uint32_t zs_xd = cvt_int(1, 1, 3, 0), zu_xs = cvt_int(1, 0, 3, 1);
    cr_expect_eq(cvt(zs_wd, 0, dbits(3e9), &f), 0x7fffffff);
    cr_expect_eq(f, IOC);
    cr_expect_eq(cvt(zs_wd, 0, dbits(-3e9), &f), 0x80000000); /* W write zero-extends */
    cr_expect_eq(cvt(zs_wd, 0, dbits(-2147483648.9), &f), 0x80000000);
    cr_expect_eq(f, IXC);
    cr_expect_eq(cvt(zs_wd, 0, 0x7ff8000000000000ull, &f), 0);
    cr_expect_eq(f, IOC);
    cr_expect_eq(cvt(zu_wd, 0, dbits(-1.5), &f), 0);
    cr_expect_eq(f, IOC);
    cr_expect_eq(cvt(zu_wd, 0, dbits(-0.5), &f), 0);
    cr_expect_eq(f, IXC);
    cr_expect_eq(cvt(zu_wd, 0, dbits(4294967295.5), &f), 0xffffffff);
    cr_expect_eq(f, IXC);
    cr_expect_eq(cvt(zs_xd, 0, dbits(0x1p63), &f), 0x7fffffffffffffffull);
    cr_expect_eq(f, IOC);
    cr_expect_eq(cvt(zs_xd, 0, dbits(-0x1p63), &f), 0x8000000000000000ull);
    cr_expect_eq(f, 0);
    cr_expect_eq(cvt(zs_xd, 0, 0xfff0000000000000ull, &f), 0x8000000000000000ull);
    cr_expect_eq(cvt(zu_xs, 0, fbits(0x1.fffffep63f), &f), 0xffffff0000000000ull);
    cr_expect_eq(cvt(zu_xs, 0, fbits(0x1p64f), &f), ~0ull);
    cr_expect_eq(f, IOC);
    /* the fixed-point form scales first: fcvtzs w0, d1, #4 */
    cr_expect_eq(cvt(0x1e58f020u, 0, dbits(-1.3), &f), (uint32_t)-20);
}

Test(fp_helpers, conversion_rounding_modes) {
    uint32_t f;
    const uint32_t ns = cvt_int(1, 1, 0, 0), ps = cvt_int(1, 1, 1, 0), ms = cvt_int(1, 1, 2, 0);
    const uint32_t as = cvt_int(1, 1, 0, 4), au = cvt_int(1, 1, 0, 5);
    cr_expect_eq(cvt(ns, 0, dbits(2.5), &f), 2);
    cr_expect_eq(f, IXC);
    cr_expect_eq(cvt(ns, 0, dbits(3.5), &f), 4);
    cr_expect_eq(cvt(ns, 0, dbits(-2.5), &f), (uint64_t)-2);
    cr_expect_eq(cvt(as, 0, dbits(2.5), &f), 3);
    cr_expect_eq(cvt(as, 0, dbits(-2.5), &f), (uint64_t)-3);
    cr_expect_eq(cvt(au, 0, dbits(0.5), &f), 1);
    cr_expect_eq(cvt(ms, 0, dbits(-0.5), &f), (uint64_t)-1);
    cr_expect_eq(cvt(ps, 0, dbits(0.1), &f), 1);
    cr_expect_eq(cvt(ps, FPCR_RM, dbits(7.0), &f), 7); /* named mode, FPCR ignored */
    cr_expect_eq(f, 0);
}

static uint64_t frint_d(int op, uint32_t fpcr, double x, uint32_t *flags) {
    reset(fpcr);
    set_d(RN, dbits(x));
    run(dp1(op, 1));
    *flags = fpsr();
    fini();
    return cpu.v[RD].d[0];
}

Test(fp_helpers, frint_ties_and_signs) {
    uint32_t f;
    enum { N = 8, P, M, Z, A, X = 14, I };
    cr_expect_eq(frint_d(N, 0, 2.5, &f), dbits(2.0));
    cr_expect_eq(f, 0); /* only FRINTX signals inexact */
    cr_expect_eq(frint_d(N, 0, 3.5, &f), dbits(4.0));
    cr_expect_eq(frint_d(A, 0, 2.5, &f), dbits(3.0));
    cr_expect_eq(frint_d(A, 0, -0.5, &f), dbits(-1.0));
    cr_expect_eq(frint_d(N, 0, -0.5, &f), dbits(-0.0));
    cr_expect_eq(frint_d(Z, 0, -0.7, &f), dbits(-0.0));
    cr_expect_eq(frint_d(P, 0, -0.7, &f), dbits(-0.0));
    cr_expect_eq(frint_d(M, 0, 0.7, &f), dbits(0.0));
    cr_expect_eq(frint_d(P, 0, 0x1.fffffffffffffp51, &f), dbits(0x1p52));
    cr_expect_eq(frint_d(X, 0, 1.5, &f), dbits(2.0));
    cr_expect_eq(f, IXC);
    cr_expect_eq(frint_d(X, 0, 2.0, &f), dbits(2.0));
    cr_expect_eq(f, 0);
    cr_expect_eq(frint_d(I, FPCR_RM, -1.25, &f), dbits(-2.0));
    cr_expect_eq(f, 0);
    cr_expect_eq(frint_d(I, FPCR_RZ, -1.75, &f), dbits(-1.0));
    cr_expect_eq(frint_d(N, 0, 0x1p60, &f), dbits(0x1p60));
}

Test(fp_helpers, flush_to_zero) {
    uint32_t f;
    const uint32_t den = 0x00000010, one = fbits(1.0f), minn = 0x00800000;
    cr_expect_eq(op_s(dp2(ADD, 0), FZ, den, 0, &f), 0); /* denormal input is a zero */
    cr_expect_eq(f, IDC);
    cr_expect_eq(op_s(dp2(ADD, 0), 0, den, 0, &f), den);
    cr_expect_eq(f, 0);
    /* a denormal result becomes a zero of its sign; UFC without IXC */
    cr_expect_eq(op_s(dp2(MUL, 0), FZ, minn, fbits(-0.5f), &f), 0x80000000);
    cr_expect_eq(f, UFC);
    cr_expect_eq(op_s(dp2(MUL, 0), 0, minn, fbits(0.5f), &f), 0x00400000);
    cr_expect_eq(f, 0);
    cr_expect_eq(op_s(dp2(MUL, 0), 0, minn, fbits(0x1.8p-23f), &f), 2);
    cr_expect_eq(f, UFC | IXC);
    /* tiny before rounding though it rounds up to the smallest normal: flushed under FZ */
    cr_expect_eq(op_s(dp2(MUL, 0), FZ, fbits(0x1.fffffep-1f), fbits(0x1.000002p-126f), &f), minn);
    cr_expect_eq(op_s(dp2(MUL, 0), FZ, fbits(0x1.fffffep-1f), minn, &f), 0);
    cr_expect_eq(f, UFC);
    cr_expect_eq(op_s(dp2(MUL, 0), 0, fbits(0x1.fffffep-1f), minn, &f), minn);
    cr_expect_eq(f, UFC | IXC);
    (void)one;
}

Test(fp_helpers, compares) {
    reset(0);
    const uint32_t fcmp = 0x1e202000u | RM << 16 | RN << 5, fcmpe = fcmp | 0x10;
    set_s(RN, fbits(1.0f));
    set_s(RM, fbits(2.0f));
    run(fcmp);
    cr_expect_eq(jit_nzcv_get(&cpu), 0x80000000u);
    set_s(RM, fbits(1.0f));
    run(fcmp);
    cr_expect_eq(jit_nzcv_get(&cpu), 0x60000000u);
    set_s(RM, fbits(-0.0f));
    run(fcmp);
    cr_expect_eq(jit_nzcv_get(&cpu), 0x20000000u);
    set_s(RM, 0x7fc00000);
    run(fcmp);
    cr_expect_eq(jit_nzcv_get(&cpu), 0x30000000u);
    cr_expect_eq(fpsr(), 0); /* FCMP is quiet for a quiet NaN */
    run(fcmpe);
    cr_expect_eq(fpsr(), IOC);
    /* fcmp s1, #0.0 with -0.0 is equal */
    set_s(RN, 0x80000000);
    run(0x1e202008u | RN << 5);
    cr_expect_eq(jit_nzcv_get(&cpu), 0x60000000u);
    fini();
}

Test(fp_helpers, half_precision) {
    reset(0);
    const uint32_t h_from_s = 0x1e23c000u | RN << 5, s_from_h = 0x1ee24000u | RN << 5;
    set_s(RN, fbits(65520.0f)); /* halfway to the next binade: rounds to infinity */
    run(h_from_s);
    cr_expect_eq(cpu.v[RD].d[0], 0x7c00);
    cr_expect_eq(fpsr(), OFC | IXC);
    jit_fpsr_set(&cpu, 0);
    set_s(RN, fbits(65519.0f));
    run(h_from_s);
    cr_expect_eq(cpu.v[RD].d[0], 0x7bff);
    set_s(RN, fbits(0x1p-25f)); /* half of the smallest denormal: ties to even, zero */
    run(h_from_s);
    cr_expect_eq(cpu.v[RD].d[0], 0);
    cr_expect_eq(fpsr() & (UFC | IXC), UFC | IXC);
    cpu.v[RN].d[0] = 0x0001; /* smallest half denormal */
    cpu.v[RN].d[1] = ~0ull;
    run(s_from_h);
    cr_expect_eq(cpu.v[RD].s[0], fbits(0x1p-24f));
    cr_expect_eq(cpu.v[RD].d[1], 0);
    jit_fpcr_set(&cpu, AHP);
    jit_fpsr_set(&cpu, 0);
    set_s(RN, 0x7f800000);
    run(h_from_s);
    cr_expect_eq(cpu.v[RD].d[0], 0x7fff);
    cr_expect_eq(fpsr(), IOC);
    cpu.v[RN].d[0] = 0x7fff; /* AHP: exponent 31 is a number */
    run(s_from_h);
    cr_expect_eq(cpu.v[RD].s[0], fbits(131008.0f));
    fini();
}

Test(fp_helpers, estimates) {
    reset(0);
    const uint32_t frecpe_s = 0x5ea1d800u | RN << 5, frsqrte_s = 0x7ea1d800u | RN << 5;
    const uint32_t frecpe_d = frecpe_s | 1u << 22, frecps_s = 0x5e20fc00u | RM << 16 | RN << 5;
    set_s(RN, fbits(2.0f));
    run(frecpe_s);
    cr_expect_eq(cpu.v[RD].s[0], 0x3eff8000);
    run(frsqrte_s);
    cr_expect_eq(cpu.v[RD].s[0], 0x3f348000);
    set_s(RN, fbits(0.1f));
    run(frecpe_s);
    cr_expect_eq(cpu.v[RD].s[0], 0x41200000);
    set_d(RN, dbits(3.0));
    run(frecpe_d);
    cr_expect_eq(cpu.v[RD].d[0], 0x3fd5500000000000ull);
    set_s(RN, 0);
    run(frecpe_s);
    cr_expect_eq(cpu.v[RD].s[0], 0x7f800000);
    cr_expect_eq(fpsr(), DZC);
    /* FRECPS: 2 - a*b, and exactly 2 for inf * 0 without IOC */
    jit_fpsr_set(&cpu, 0);
    set_s(RN, 0x7f800000);
    set_s(RM, 0);
    run(frecps_s);
    cr_expect_eq(cpu.v[RD].s[0], fbits(2.0f));
    cr_expect_eq(fpsr(), 0);
    set_s(RN, fbits(1.5f));
    set_s(RM, fbits(0.5f));
    run(frecps_s);
    cr_expect_eq(cpu.v[RD].s[0], fbits(1.25f));
    fini();
}

Test(fp_helpers, vector_forms) {
    reset(0);
    for (int k = 0; k < 4; k++) {
        cpu.v[RN].f[k] = (float)(k + 1);
        cpu.v[RM].f[k] = 0.5f;
    }
    cpu.v[RD].d[1] = ~0ull;
    run(0x0e20d400u | RM << 16 | RN << 5); /* fadd v0.2s: the upper half is zeroed */
    cr_expect(cpu.v[RD].f[0] == 1.5f && cpu.v[RD].f[1] == 2.5f && cpu.v[RD].d[1] == 0);
    run(0x6e20d400u | RM << 16 | RN << 5); /* faddp v0.4s */
    cr_expect(cpu.v[RD].f[0] == 3.0f && cpu.v[RD].f[1] == 7.0f && cpu.v[RD].f[2] == 1.0f);
    run(0x6e30f800u | RN << 5); /* fmaxv s0, v1.4s */
    cr_expect(cpu.v[RD].f[0] == 4.0f && cpu.v[RD].s[1] == 0 && cpu.v[RD].d[1] == 0);
    run(0x4f829000u | RN << 5 | 1u << 11); /* fmul v0.4s, v1.4s, v2.s[2] */
    cr_expect(cpu.v[RD].f[3] == 2.0f);
    run(0x4ea0c800u | RN << 5); /* fcmgt v0.4s, v1.4s, #0.0 */
    cr_expect(cpu.v[RD].s[0] == ~0u && cpu.v[RD].s[3] == ~0u);
    fini();
}

Test(fp_helpers, moves_keep_or_zero) {
    reset(0);
    cpu.v[RD].d[0] = 0x1111;
    cpu.v[RD].d[1] = 0x2222;
    cpu.x[RN] = 0xabcd;
    run(0x9eaf0000u | RN << 5); /* fmov v0.d[1], x1: the low half is kept */
    cr_expect(cpu.v[RD].d[0] == 0x1111 && cpu.v[RD].d[1] == 0xabcd);
    run(0x9e670000u | RN << 5); /* fmov d0, x1: the high half is zeroed */
    cr_expect(cpu.v[RD].d[0] == 0xabcd && cpu.v[RD].d[1] == 0);
    run(0x1e2e1000u); /* fmov s0, #1.0 */
    cr_expect_eq(cpu.v[RD].s[0], fbits(1.0f));
    run(0x1e7e1000u); /* fmov d0, #-1.0 (imm8 0xf0) */
    cr_expect_eq(cpu.v[RD].d[0], dbits(-1.0));
    fini();
}

Test(fp_helpers, fpcr_fpsr_registers) {
    reset(0);
    jit_fpcr_set(&cpu, 0xffffffffu);
    cr_expect_eq(cpu.fpcr, 0x07ff0000u); /* trap enables read as zero */
    jit_fpsr_set(&cpu, 0xffffffffu);
    cr_expect_eq(jit_fpsr_get(&cpu), 0xf800009fu);
    jit_fpsr_set(&cpu, 0);
    jit_fpcr_set(&cpu, FPCR_RZ);
    cr_expect_eq(fpsr(), 0);
    /* flags raised by host arithmetic in a helper appear in the FPSR */
    set_s(RN, fbits(1.0f));
    set_s(RM, fbits(3.0f));
    run(dp2(DIV, 0));
    cr_expect_eq(cpu.v[RD].s[0], 0x3eaaaaaa);
    cr_expect_eq(fpsr(), IXC);
    jit_fpsr_set(&cpu, 0);
    cr_expect_eq(fpsr(), 0);
    fini();
    (void)fval;
}

Test(fp_helpers, host_signal_keeps_environment) {
    reset(FPCR_RZ);
    /* as in a host signal handler: Linux's fresh MXCSR; the interrupted one had PE and RZ */
    _mm_setcsr(0x1f80);
    fp_env_host_signal(&cpu, 0x1f80 | 0x6000 | 0x20);
    cr_expect_eq(fpsr(), IXC);
    cr_expect_eq(_mm_getcsr() & 0x6000u, 0x6000u); /* round toward zero again */
    set_s(RN, fbits(1.0f));
    set_s(RM, fbits(3.0f));
    run(dp2(DIV, 0));
    cr_expect_eq(cpu.v[RD].s[0], 0x3eaaaaaa);
    fini();
}

Test(fp_helpers, vector_flush_to_zero) {
    reset(FZ);
    const uint32_t fmul4s = 0x6e20dc00u | RM << 16 | RN << 5,
                   fadd4s = 0x4e20d400u | RM << 16 | RN << 5;
    const uint32_t in[4] = {0x00800000, fbits(1.0f), fbits(-3.0f), 0x00000100};
    for (int k = 0; k < 4; k++) {
        cpu.v[RN].s[k] = in[k];
        cpu.v[RM].f[k] = 0.5f;
    }
    run(fmul4s); /* lane 0 is tiny: flushed, UFC alone; lane 3 is a denormal input: IDC */
    cr_expect_eq(cpu.v[RD].s[0], 0);
    cr_expect_eq(cpu.v[RD].f[1], 0.5f);
    cr_expect_eq(cpu.v[RD].f[2], -1.5f);
    cr_expect_eq(cpu.v[RD].s[3], 0);
    cr_expect_eq(fpsr(), UFC | IDC);
    jit_fpsr_set(&cpu, 0);
    cpu.v[RN].s[3] = fbits(2.0f);
    cpu.v[RM].s[0] = 0x80800001; /* min normal minus a bit more: a denormal difference */
    run(fadd4s);
    cr_expect_eq(cpu.v[RD].s[0], 0x80000000);
    cr_expect_eq(fpsr(), UFC);
    fini();
}
