/* test_decode.c — the FP decode table: every FP form decodes to an FP pattern with the right
 * name, reserved forms and integer/half-precision SIMD do not (encodings from
 * aarch64-linux-gnu-as). */
#include "a64.h"

#include <criterion/criterion.h>
#include <fnmatch.h>
#include <stdio.h>

static bool in_fp_table(const a64_pattern *p) {
    for (const a64_pattern *q = a64_tab_fp; q->name; q++)
        if (q == p) return true;
    return false;
}

static const struct {
    uint32_t insn;
    const char *text;
} fp_forms[] = {
    {0x1e222820, "fadd s0, s1, s2"},
    {0x1e652883, "fadd d3, d4, d5"},
    {0x1e623820, "fsub d0, d1, d2"},
    {0x1e290907, "fmul s7, s8, s9"},
    {0x1e631841, "fdiv d1, d2, d3"},
    {0x1e238841, "fnmul s1, s2, s3"},
    {0x1e634841, "fmax d1, d2, d3"},
    {0x1e235841, "fmin s1, s2, s3"},
    {0x1e636841, "fmaxnm d1, d2, d3"},
    {0x1e237841, "fminnm s1, s2, s3"},
    {0x1f420c20, "fmadd d0, d1, d2, d3"},
    {0x1f028c20, "fmsub s0, s1, s2, s3"},
    {0x1f620c20, "fnmadd d0, d1, d2, d3"},
    {0x1f228c20, "fnmsub s0, s1, s2, s3"},
    {0x1e204041, "fmov s1, s2"},
    {0x1e60c041, "fabs d1, d2"},
    {0x1e214041, "fneg s1, s2"},
    {0x1e61c041, "fsqrt d1, d2"},
    {0x1e244041, "frintn s1, s2"},
    {0x1e64c041, "frintp d1, d2"},
    {0x1e254041, "frintm s1, s2"},
    {0x1e65c041, "frintz d1, d2"},
    {0x1e264041, "frinta s1, s2"},
    {0x1e674041, "frintx d1, d2"},
    {0x1e27c041, "frinti s1, s2"},
    {0x1e22c041, "fcvt d1, s2"},
    {0x1e23c041, "fcvt h1, s2"},
    {0x1e624041, "fcvt s1, d2"},
    {0x1e63c041, "fcvt h1, d2"},
    {0x1ee24041, "fcvt s1, h2"},
    {0x1ee2c041, "fcvt d1, h2"},
    {0x1e222020, "fcmp s1, s2"},
    {0x1e602028, "fcmp d1, #0.0"},
    {0x1e222030, "fcmpe s1, s2"},
    {0x1e602038, "fcmpe d1, #0.0"},
    {0x1e220423, "fccmp s1, s2, #3, eq"},
    {0x1e62b43f, "fccmpe d1, d2, #15, lt"},
    {0x1e631c41, "fcsel d1, d2, d3, ne"},
    {0x1e2e1001, "fmov s1, #1.0"},
    {0x1e781001, "fmov d1, #-0.125"},
    {0x1e380041, "fcvtzs w1, s2"},
    {0x1e780041, "fcvtzs w1, d2"},
    {0x9e380041, "fcvtzs x1, s2"},
    {0x9e780041, "fcvtzs x1, d2"},
    {0x1e390041, "fcvtzu w1, s2"},
    {0x9e790041, "fcvtzu x1, d2"},
    {0x1e600041, "fcvtns w1, d2"},
    {0x9e280041, "fcvtps x1, s2"},
    {0x1e300041, "fcvtms w1, s2"},
    {0x9e610041, "fcvtnu x1, d2"},
    {0x1e640041, "fcvtas w1, d2"},
    {0x9e250041, "fcvtau x1, s2"},
    {0x9e620041, "scvtf d1, x2"},
    {0x1e620041, "scvtf d1, w2"},
    {0x1e220041, "scvtf s1, w2"},
    {0x9e220041, "scvtf s1, x2"},
    {0x1e630041, "ucvtf d1, w2"},
    {0x9e230041, "ucvtf s1, x2"},
    {0x1e260041, "fmov w1, s2"},
    {0x1e270041, "fmov s1, w2"},
    {0x9e660041, "fmov x1, d2"},
    {0x9e670041, "fmov d1, x2"},
    {0x9eae0041, "fmov x1, v2.d[1]"},
    {0x9eaf0041, "fmov v1.d[1], x2"},
    {0x9e42f441, "scvtf d1, x2, #3"},
    {0x1e038041, "ucvtf s1, w2, #32"},
    {0x1e58fc41, "fcvtzs w1, d2, #1"},
    {0x9e190041, "fcvtzu x1, s2, #64"},
    {0x4e22d420, "fadd v0.4s, v1.4s, v2.4s"},
    {0x0e22d420, "fadd v0.2s, v1.2s, v2.2s"},
    {0x4e62d420, "fadd v0.2d, v1.2d, v2.2d"},
    {0x4ee2d420, "fsub v0.2d, v1.2d, v2.2d"},
    {0x6e22dc20, "fmul v0.4s, v1.4s, v2.4s"},
    {0x6e62fc20, "fdiv v0.2d, v1.2d, v2.2d"},
    {0x4e22f420, "fmax v0.4s, v1.4s, v2.4s"},
    {0x0ea2f420, "fmin v0.2s, v1.2s, v2.2s"},
    {0x4e62c420, "fmaxnm v0.2d, v1.2d, v2.2d"},
    {0x4ea2c420, "fminnm v0.4s, v1.4s, v2.4s"},
    {0x4e22cc20, "fmla v0.4s, v1.4s, v2.4s"},
    {0x4ee2cc20, "fmls v0.2d, v1.2d, v2.2d"},
    {0x4e22dc20, "fmulx v0.4s, v1.4s, v2.4s"},
    {0x4e22e420, "fcmeq v0.4s, v1.4s, v2.4s"},
    {0x6e62e420, "fcmge v0.2d, v1.2d, v2.2d"},
    {0x2ea2e420, "fcmgt v0.2s, v1.2s, v2.2s"},
    {0x6e22ec20, "facge v0.4s, v1.4s, v2.4s"},
    {0x6ee2ec20, "facgt v0.2d, v1.2d, v2.2d"},
    {0x4e22fc20, "frecps v0.4s, v1.4s, v2.4s"},
    {0x4ee2fc20, "frsqrts v0.2d, v1.2d, v2.2d"},
    {0x6e22d420, "faddp v0.4s, v1.4s, v2.4s"},
    {0x6e62f420, "fmaxp v0.2d, v1.2d, v2.2d"},
    {0x2ea2f420, "fminp v0.2s, v1.2s, v2.2s"},
    {0x6e22c420, "fmaxnmp v0.4s, v1.4s, v2.4s"},
    {0x6ee2c420, "fminnmp v0.2d, v1.2d, v2.2d"},
    {0x6ea2d420, "fabd v0.4s, v1.4s, v2.4s"},
    {0x5e22dc20, "fmulx s0, s1, s2"},
    {0x5e62e420, "fcmeq d0, d1, d2"},
    {0x5e22fc20, "frecps s0, s1, s2"},
    {0x5ee2fc20, "frsqrts d0, d1, d2"},
    {0x7e22e420, "fcmge s0, s1, s2"},
    {0x7e62ec20, "facge d0, d1, d2"},
    {0x7ea2d420, "fabd s0, s1, s2"},
    {0x7ee2e420, "fcmgt d0, d1, d2"},
    {0x7ea2ec20, "facgt s0, s1, s2"},
    {0x4ea0c820, "fcmgt v0.4s, v1.4s, #0.0"},
    {0x4ee0d820, "fcmeq v0.2d, v1.2d, #0.0"},
    {0x0ea0e820, "fcmlt v0.2s, v1.2s, #0.0"},
    {0x6ea0c820, "fcmge v0.4s, v1.4s, #0.0"},
    {0x6ee0d820, "fcmle v0.2d, v1.2d, #0.0"},
    {0x4ea0f820, "fabs v0.4s, v1.4s"},
    {0x6ee0f820, "fneg v0.2d, v1.2d"},
    {0x2ea1f820, "fsqrt v0.2s, v1.2s"},
    {0x4e218820, "frintn v0.4s, v1.4s"},
    {0x4e619820, "frintm v0.2d, v1.2d"},
    {0x0ea18820, "frintp v0.2s, v1.2s"},
    {0x4ea19820, "frintz v0.4s, v1.4s"},
    {0x6e618820, "frinta v0.2d, v1.2d"},
    {0x6e219820, "frintx v0.4s, v1.4s"},
    {0x6ee19820, "frinti v0.2d, v1.2d"},
    {0x4e21a820, "fcvtns v0.4s, v1.4s"},
    {0x4e61b820, "fcvtms v0.2d, v1.2d"},
    {0x0e21c820, "fcvtas v0.2s, v1.2s"},
    {0x4ea1a820, "fcvtps v0.4s, v1.4s"},
    {0x4ee1b820, "fcvtzs v0.2d, v1.2d"},
    {0x6e21a820, "fcvtnu v0.4s, v1.4s"},
    {0x6e61b820, "fcvtmu v0.2d, v1.2d"},
    {0x2e21c820, "fcvtau v0.2s, v1.2s"},
    {0x6ea1a820, "fcvtpu v0.4s, v1.4s"},
    {0x6ee1b820, "fcvtzu v0.2d, v1.2d"},
    {0x4e21d820, "scvtf v0.4s, v1.4s"},
    {0x6e61d820, "ucvtf v0.2d, v1.2d"},
    {0x4ea1d820, "frecpe v0.4s, v1.4s"},
    {0x6ee1d820, "frsqrte v0.2d, v1.2d"},
    {0x0e217820, "fcvtl v0.4s, v1.4h"},
    {0x4e617820, "fcvtl2 v0.2d, v1.4s"},
    {0x0e216820, "fcvtn v0.4h, v1.4s"},
    {0x4e616820, "fcvtn2 v0.4s, v1.2d"},
    {0x2e616820, "fcvtxn v0.2s, v1.2d"},
    {0x6e616820, "fcvtxn2 v0.4s, v1.2d"},
    {0x5e21a820, "fcvtns s0, s1"},
    {0x7ee1b820, "fcvtzu d0, d1"},
    {0x5e21d820, "scvtf s0, s1"},
    {0x7e61d820, "ucvtf d0, d1"},
    {0x5ea0c820, "fcmgt s0, s1, #0.0"},
    {0x7ee0d820, "fcmle d0, d1, #0.0"},
    {0x5ea1d820, "frecpe s0, s1"},
    {0x7ee1d820, "frsqrte d0, d1"},
    {0x5ea1f820, "frecpx s0, s1"},
    {0x7e616820, "fcvtxn s0, d1"},
    {0x7e30d820, "faddp s0, v1.2s"},
    {0x7e70d820, "faddp d0, v1.2d"},
    {0x7e30f820, "fmaxp s0, v1.2s"},
    {0x7ef0f820, "fminp d0, v1.2d"},
    {0x7e30c820, "fmaxnmp s0, v1.2s"},
    {0x7ef0c820, "fminnmp d0, v1.2d"},
    {0x6e30f820, "fmaxv s0, v1.4s"},
    {0x6eb0f820, "fminv s0, v1.4s"},
    {0x6e30c820, "fmaxnmv s0, v1.4s"},
    {0x6eb0c820, "fminnmv s0, v1.4s"},
    {0x4fa21820, "fmla v0.4s, v1.4s, v2.s[3]"},
    {0x4fdf5820, "fmls v0.2d, v1.2d, v31.d[1]"},
    {0x0fb19020, "fmul v0.2s, v1.2s, v17.s[1]"},
    {0x6f829820, "fmulx v0.4s, v1.4s, v2.s[2]"},
    {0x5fa21820, "fmla s0, s1, v2.s[3]"},
    {0x5fc25820, "fmls d0, d1, v2.d[1]"},
    {0x5f949020, "fmul s0, s1, v20.s[0]"},
    {0x7fc29020, "fmulx d0, d1, v2.d[0]"},
    {0x4f3de420, "scvtf v0.4s, v1.4s, #3"},
    {0x6f40e420, "ucvtf v0.2d, v1.2d, #64"},
    {0x0f20fc20, "fcvtzs v0.2s, v1.2s, #32"},
    {0x6f7ffc20, "fcvtzu v0.2d, v1.2d, #1"},
    {0x5f3be420, "scvtf s0, s1, #5"},
    {0x7f79e420, "ucvtf d0, d1, #7"},
    {0x5f3ffc20, "fcvtzs s0, s1, #1"},
    {0x7f40fc20, "fcvtzu d0, d1, #64"},
    {0x4f03f600, "fmov v0.4s, #1.0"},
    {0x0f04f400, "fmov v0.2s, #-2.0"},
    {0x6f03f400, "fmov v0.2d, #0.5"},
};

/* Reserved FP encodings, integer SIMD, and FP16/BF16/FHM/JSCVT/FRINT32 forms (not advertised). */
static const struct {
    uint32_t insn;
    const char *text;
} not_fp[] = {
    {0x4ea28420, "add v0.4s, v1.4s, v2.4s"},
    {0x4ea1c820, "urecpe v0.4s, v1.4s"},
    {0x2ea1c820, "ursqrte v0.2s, v1.2s"},
    {0x5ef1b820, "addp d0, v1.2d"},
    {0x4f000420, "movi v0.4s, #0x1"},
    {0x6f05e540, "movi v0.2d, #0xff00ff00ff00ff00"},
    {0x6f000420, "mvni v0.4s, #0x1"},
    {0x4f001420, "orr v0.4s, #0x1"},
    {0x1ee22820, "fadd h0, h1, h2"},
    {0x4e421420, "fadd v0.8h, v1.8h, v2.8h"},
    {0x1ee70020, "fmov h0, w1"},
    {0x1ef80020, "fcvtzs w0, h1"},
    {0x4f321820, "fmla v0.8h, v1.8h, v2.h[7]"},
    {0x4f1dfc20, "fcvtzs v0.8h, v1.8h, #3"},
    {0x4e30f820, "fmaxv h0, v1.8h"},
    {0x5e30d820, "faddp h0, v1.2h"},
    {0x4f3d0420, "sshr v0.4s, v1.4s, #3"},
    {0x5f435420, "shl d0, d1, #3"},
    {0x0f1d9420, "sqshrn v0.4h, v1.4s, #3"},
    {0x4ea09820, "cmeq v0.4s, v1.4s, #0"},
    {0x4ea0b820, "abs v0.4s, v1.4s"},
    {0x4fa28020, "mul v0.4s, v1.4s, v2.s[1]"},
    {0x5fa2c020, "sqdmulh s0, s1, v2.s[1]"},
    {0x0e612820, "xtn v0.4h, v1.4s"},
    {0x4eb03820, "saddlv d0, v1.4s"},
    {0x6eb0a820, "umaxv s0, v1.4s"},
    {0x0e22ec20, "fmlal v0.2s, v1.2h, v2.2h"},
    {0x1e7e0020, "fjcvtzs w0, d1"},
    {0x1e284020, "frint32z s0, s1"},
    {0x1e634020, "bfcvt h0, s1"},
    {0x1ea22820, "fadd with type 10"},
    {0x0e62d420, "fadd v.1d (Q=0, sz=1)"},
    {0x1e224020, "fcvt s, s"},
    {0x1e66c020, "frint opcode 001101"},
    {0x1e180020, "fcvtzs w, s, #fbits with scale < 32"},
    {0x1e028020 & ~0x8000u, "scvtf s, w, #fbits with scale < 32"},
    {0x2f00f400, "fmov v.1d, #imm (op=1, Q=0)"},
    {0x4fe21020, "fmla v.2d by element with L=1"},
    {0x2e30f820, "fmaxv s, v.2s (Q=0)"},
    {0x6e70f820, "fmaxv with sz=1"},
    {0x2e216800, "fcvtxn with sz=0"},
    {0x0f40e420, "scvtf v.1d, #fbits (Q=0)"},
    {0x0fc01020, "fmla v.1d by element (Q=0)"},
};

Test(fp_decode, forms_decode_to_fp_patterns) {
    a64_decode_init();
    for (size_t k = 0; k < sizeof fp_forms / sizeof fp_forms[0]; k++) {
        const a64_pattern *p = a64_decode_helper(fp_forms[k].insn, NULL);
        cr_assert(p && in_fp_table(p), "%08x %s: not decoded by the FP table", fp_forms[k].insn,
                  fp_forms[k].text);
        char mnemonic[32];
        sscanf(fp_forms[k].text, "%31s", mnemonic);
        cr_expect(fnmatch(p->name, mnemonic, 0) == 0, "%08x %s: decoded as %s", fp_forms[k].insn,
                  fp_forms[k].text, p->name);
    }
}

Test(fp_decode, others_are_not_fp) {
    a64_decode_init();
    for (size_t k = 0; k < sizeof not_fp / sizeof not_fp[0]; k++)
        for (const a64_pattern *q = a64_tab_fp; q->name; q++)
            cr_expect((not_fp[k].insn & q->mask) != q->value, "%08x %s: claimed by FP pattern %s",
                      not_fp[k].insn, not_fp[k].text, q->name);
}

/* The patterns are disjoint where it matters: an FP encoding is never also claimed by an
 * earlier table (branch, data processing, loads/stores). */
Test(fp_decode, fp_patterns_win) {
    a64_decode_init();
    for (size_t k = 0; k < sizeof fp_forms / sizeof fp_forms[0]; k++) {
        int slot = -2;
        const a64_pattern *p = a64_decode_helper(fp_forms[k].insn, &slot);
        cr_assert(p && p->helper && slot >= 0);
        cr_expect(a64_helper_table()[slot] == (void *)p->helper);
    }
}
