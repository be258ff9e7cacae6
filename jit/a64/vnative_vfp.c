/* vnative_vfp.c — native vector floating point (4S, 2S, 2D): FADD, FSUB, FMUL, FDIV, FMLA,
 * FMLS (vector and by element), FMUL by element.
 *
 * The same whole-register fast paths as fp_vfast.c: the host operation on all lanes, then any
 * lane that is NaN (or for products and quotients exactly the smallest normal) sends the
 * instruction to the helper, which redoes it lane by lane; FPCR.FZ set does too. A 2S
 * operation runs on four lanes whose upper two are zero (divisors: one), where nothing is
 * raised and nothing fails the test. */
#include "vnative.h"

/* Vector forms by format: d = 2D, else 4S/2S. */
static x64_vop vop(bool d, uint8_t op) {
    return X64_VOP(d ? VPP_66 : VPP_NONE, VMAP_0F, 0, op);
}

/* Lanes a vector form uses (for the FZ guard). */
static int lanes(bool d, bool q) {
    return d ? 2 : q ? 4 : 2;
}

/* A vector source: the whole register, or for Q=0 its low half with the upper half zero. */
static int src_vec(a64_tctx *t, int r, bool q, int tmp) {
    return q ? vn_src(t, r) : vn_src_low(t, r, 8, tmp);
}

/* Element idx of Vm in every lane of temporary tmp (the upper half zeroed unless q). */
static int elem_vec(a64_tctx *t, int rm, bool d, int idx, bool q, int tmp) {
    int m = vn_src(t, rm);
    if (d) {
        vx3(&t->b, idx ? VX_UNPCKHPD : VX_UNPCKLPD, tmp, m, m);
        return tmp;
    }
    vx3i(&t->b, VX_SHUFPS, tmp, m, m, (uint8_t)(idx * 0x55));
    if (!q) vx2(&t->b, VX_MOVQ_LD, tmp, tmp);
    return tmp;
}

/* Any lane of xmm x NaN (or, with check_min, +-smallest normal): branch to the slow path.
 * Clobbers VN_T3 and RAX. */
static size_t branch_bad_lanes(a64_tctx *t, bool d, int x, bool check_min) {
    x64_buf *b = &t->b;
    if (check_min) {
        uint64_t abs = d ? 0x7fffffffffffffffull : 0x7fffffff7fffffffull;
        uint64_t min = d ? 1ull << 52 : 0x0080000000800000ull;
        vn_rip_op(t, vop(d, VFP_AND), VN_T3, x, abs, abs, 0);
        vn_rip_op(t, vop(d, VFP_CMP), VN_T3, VN_T3, min, min, 1);
        x64_byte(b, 8); /* EQ_UQ: equal or unordered */
    } else {
        vx3i(b, vop(d, VFP_CMP), VN_T3, x, x, 3); /* UNORD_Q */
    }
    vx2(b, d ? VX_MOVMSKPD : VX_MOVMSKPS, RAX, VN_T3);
    x64_test_rr(b, 0, RAX, RAX);
    return x64_jcc32(b, CC_NE);
}

/* Writes the result; a 2S result gets its upper half zeroed (x - x is -0 when rounding down). */
static void def_vec(a64_tctx *t, int rd, int x, bool q) {
    if (!q) vx2(&t->b, VX_MOVQ_LD, x, x);
    vn_def(t, rd, x, q ? 16 : 8);
}

/* FADD, FSUB, FMUL, FDIV (Vm, or by element) and FMUL by element. */
static void emit_arith(a64_tctx *t, uint32_t insn, uint8_t op, bool elem, int idx) {
    bool d = a64_bit(insn, 22), q = a64_bit(insn, 30);
    size_t slow[2];
    slow[0] = vn_fz_guard(t, d ? 8 : 4, A64_RN(insn), lanes(d, q), A64_RM(insn),
                          elem ? lanes(d, true) : lanes(d, q), -1, 0);
    int n = src_vec(t, A64_RN(insn), q, VN_T0);
    int m = elem ? elem_vec(t, A64_RM(insn), d, idx, q, VN_T1) : src_vec(t, A64_RM(insn), q, VN_T1);
    if (op == VFP_DIV && !q) { /* 1.0 in the unused divisor lanes: 0/0 would raise */
        vn_rip_op(t, vop(false, VFP_OR), VN_T1, m, 0, 0x3f8000003f800000ull, 0);
        m = VN_T1;
    }
    int x = vn_dst(t, A64_RD(insn));
    vx3(&t->b, vop(d, op), x, n, m);
    slow[1] = branch_bad_lanes(t, d, x, op == VFP_MUL || op == VFP_DIV);
    def_vec(t, A64_RD(insn), x, q);
    vn_slow(t, insn, slow, 2);
}

/* FMLA/FMLS: Vd + Vn * Vm rounded once; FMLS negates Vn first (VFNMADD negates the product,
 * the same value). The 231 form accumulates in place. */
static void emit_mla(a64_tctx *t, uint32_t insn, bool sub, bool elem, int idx) {
    bool d = a64_bit(insn, 22), q = a64_bit(insn, 30);
    int rd = A64_RD(insn);
    size_t slow[2];
    slow[0] = vn_fz_guard(t, d ? 8 : 4, A64_RN(insn), lanes(d, q), A64_RM(insn),
                          elem ? lanes(d, true) : lanes(d, q), rd, lanes(d, q));
    int n = src_vec(t, A64_RN(insn), q, VN_T1);
    int m = elem ? elem_vec(t, A64_RM(insn), d, idx, q, VN_T2) : src_vec(t, A64_RM(insn), q, VN_T2);
    int a = src_vec(t, rd, q, VN_T0), x = vn_dst(t, rd), acc = a == x ? x : VN_T0;
    if (acc != a) vx2(&t->b, VX_MOVAPS, acc, a);
    vx3(&t->b, X64_VOP(VPP_66, VMAP_0F38, d, sub ? VFMA_NADD : VFMA_ADD), acc, n, m);
    slow[1] = branch_bad_lanes(t, d, acc, true);
    if (acc != x) vx2(&t->b, VX_MOVAPS, x, acc);
    def_vec(t, rd, x, q);
    vn_slow(t, insn, slow, 2);
}

/* Three same: U (29), sz (22), opcode (15:11) with a (23). 2D needs Q=1. */
bool vn_e_vfp3(a64_tctx *t, uint32_t insn) {
    bool d = a64_bit(insn, 22), q = a64_bit(insn, 30);
    unsigned key = a64_bit(insn, 29) << 6 | a64_bit(insn, 23) << 5 | a64_bits(insn, 15, 11);
    if ((d && !q) || !vn_host_ok(t) || !vn_cold_room()) return false;
    switch (key) {
    case 0x19: emit_mla(t, insn, false, false, 0); return true;            /* fmla */
    case 0x39: emit_mla(t, insn, true, false, 0); return true;             /* fmls */
    case 0x1a: emit_arith(t, insn, VFP_ADD, false, 0); return true;        /* fadd */
    case 0x3a: emit_arith(t, insn, VFP_SUB, false, 0); return true;        /* fsub */
    case 0x40 | 0x1b: emit_arith(t, insn, VFP_MUL, false, 0); return true; /* fmul */
    case 0x40 | 0x1f: emit_arith(t, insn, VFP_DIV, false, 0); return true; /* fdiv */
    default: return false;
    }
}

/* By element: U (29), sz (22), opcode (15:12); the index is H:L (single) or H (double, L=0,
 * Q=1). Rm is M:Rm, all five bits. */
bool vn_e_vfpe(a64_tctx *t, uint32_t insn) {
    bool d = a64_bit(insn, 22), q = a64_bit(insn, 30);
    unsigned op = a64_bit(insn, 29) << 4 | a64_bits(insn, 15, 12);
    if (d && (!q || a64_bit(insn, 21))) return false;
    if (!vn_host_ok(t) || !vn_cold_room()) return false;
    int idx = d ? (int)a64_bit(insn, 11) : (int)(a64_bit(insn, 11) << 1 | a64_bit(insn, 21));
    switch (op) {
    case 0x1: emit_mla(t, insn, false, true, idx); return true;
    case 0x5: emit_mla(t, insn, true, true, idx); return true;
    case 0x9: emit_arith(t, insn, VFP_MUL, true, idx); return true;
    default: return false;
    }
}
