/* vnative_fp.c — native scalar floating point (single and double): arithmetic, fused
 * multiply-add, moves, compares, selects, precision and integer conversions.
 *
 * Each fast path is the host instruction the C helper's own fast path runs (fp_tmpl.h), with
 * the same tests sending everything else to that helper, which redoes the instruction from
 * scratch: FPCR.FZ set, a NaN result, a result of exactly the smallest normal (it may have
 * been tiny before rounding), a negative square root, out-of-range conversions. Host MXCSR
 * holds the guest rounding mode and collects the FPSR flags, as for the helpers. */
#include "vnative.h"
#include "fp_hlp.h"

/* Scalar forms by format: d = double (type 01), else single (type 00). */
static x64_vop fp_sop(bool d, uint8_t op) {
    return X64_VOP(d ? VPP_F2 : VPP_F3, VMAP_0F, 0, op);
}
static x64_vop fp_pop(bool d, uint8_t op) {
    return X64_VOP(d ? VPP_66 : VPP_NONE, VMAP_0F, 0, op);
}
static uint64_t fp_abs(bool d) {
    return d ? 0x7fffffffffffffffull : 0x7fffffffu;
}
static uint64_t fp_sign(bool d) {
    return d ? 1ull << 63 : 1u << 31;
}
static uint64_t fp_minnorm(bool d) {
    return d ? 1ull << 52 : 1u << 23;
}

static int fp_bytes(bool d) {
    return d ? 8 : 4;
}

/* NaN result: ucomis x, x is unordered (PF). */
static size_t branch_nan(a64_tctx *t, bool d, int x) {
    x64_v_rr(&t->b, fp_pop(d, VFP_UCOMI), x, 0, x);
    return x64_jcc32(&t->b, CC_P);
}

/* NaN or +-smallest normal: |x| compared with it is equal or unordered (ZF). */
static size_t branch_not_plain(a64_tctx *t, bool d, int x) {
    vn_rip_op(t, fp_pop(d, VFP_AND), VN_T3, x, fp_abs(d), 0, 0);
    vn_rip_op(t, fp_pop(d, VFP_UCOMI), VN_T3, 0, fp_minnorm(d), 0, 0);
    return x64_jcc32(&t->b, CC_E);
}

/* FMAX/FMIN/FMAXNM/FMINNM without NaN (sent to the helper first): the host returns the second
 * operand for equal ones, where ARM wants +0 from max(+0, -0) and -0 from min. */
static void emit_maxmin(a64_tctx *t, bool d, bool min, int n, int m, int x) {
    x64_buf *b = &t->b;
    vx3i(b, fp_sop(d, VFP_CMP), VN_T2, n, m, min ? 0 : 12); /* EQ_OQ / NEQ_OQ, lane 0 */
    vx3(b, fp_sop(d, min ? VFP_MIN : VFP_MAX), VN_T3, n, m);
    vx3(b, fp_pop(d, min ? VFP_AND : VFP_OR), VN_T2, VN_T2, n);
    vx3(b, fp_pop(d, min ? VFP_OR : VFP_AND), x, VN_T3, VN_T2);
}

/* FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL (opcode 15:12 = 0-8). Bits above
 * the result come from the first source, whose upper bits must be zero. */
bool vn_e_fp_dp2(a64_tctx *t, uint32_t insn) {
    static const int8_t op[9] = {VFP_MUL, VFP_DIV, VFP_ADD, VFP_SUB, VFP_MAX,
                                 VFP_MIN, VFP_MAX, VFP_MIN, VFP_MUL};
    unsigned opc = a64_bits(insn, 15, 12);
    bool d = a64_bit(insn, 22);
    if (opc > 8 || !vn_host_ok(t) || !vn_cold_room()) return false;
    x64_buf *b = &t->b;
    size_t slow[2];
    slow[0] = vn_fz_guard(t, fp_bytes(d), A64_RN(insn), 1, A64_RM(insn), 1, -1, 0);
    int n = vn_src_low(t, A64_RN(insn), fp_bytes(d), VN_T0), m = vn_src(t, A64_RM(insn));
    int x = vn_dst(t, A64_RD(insn));
    if (opc >= 4 && opc <= 7) { /* a NaN operand: the helper, before any flag is raised */
        x64_v_rr(b, fp_pop(d, VFP_UCOMI), n, 0, m);
        slow[1] = x64_jcc32(b, CC_P);
        emit_maxmin(t, d, opc & 1, n, m, x);
    } else {
        vx3(b, fp_sop(d, (uint8_t)op[opc]), x, n, m);
        /* sums and differences cannot be inexact when tiny: only NaN is unusual */
        slow[1] = opc == 2 || opc == 3 ? branch_nan(t, d, x) : branch_not_plain(t, d, x);
        if (opc == 8) vn_rip_op(t, fp_pop(d, VFP_XOR), x, x, fp_sign(d), 0, 0);
    }
    vn_def(t, A64_RD(insn), x, fp_bytes(d));
    vn_slow(t, insn, slow, 2);
    return true;
}

/* FRINTA, which has no host mode: t = trunc(x), then t + copysign(|x - t| >= 0.5, x), every
 * step exact, so nothing is raised and the rounding mode does not matter (adding a zero of x's
 * sign keeps -0). |x| >= 2^52 (2^23), integral or infinite, is left to the helper (x - t would
 * raise invalid for infinities). */
static void emit_frinta(a64_tctx *t, bool d, int n, int x) {
    x64_buf *b = &t->b;
    uint64_t one = d ? 0x3ff0000000000000ull : 0x3f800000u;
    uint64_t half = d ? 0x3fe0000000000000ull : 0x3f000000u;
    vx3i(b, VOP_3A(66, d ? 0x0B : 0x0A), VN_T1, n, n, 11); /* trunc, inexact suppressed */
    vx3(b, fp_sop(d, VFP_SUB), VN_T2, n, VN_T1);
    vn_rip_op(t, fp_pop(d, VFP_AND), VN_T2, VN_T2, fp_abs(d), 0, 0);
    vn_rip_op(t, fp_sop(d, VFP_CMP), VN_T2, VN_T2, half, 0, 1);
    x64_byte(b, 13); /* GE_OS */
    vn_rip_op(t, fp_pop(d, VFP_AND), VN_T2, VN_T2, one, 0, 0);
    vn_rip_op(t, fp_pop(d, VFP_AND), VN_T3, n, fp_sign(d), 0, 0);
    vx3(b, fp_pop(d, VFP_OR), VN_T2, VN_T2, VN_T3);
    vx3(b, fp_sop(d, VFP_ADD), x, VN_T1, VN_T2);
}

/* FRINTN/P/M/Z/X/I (opcode 20:15 = 001 rmode): ROUNDSS/ROUNDSD with the mode, the inexact flag
 * suppressed except for FRINTX; FRINTA as above. NaN goes to the helper. */
bool vn_e_frint(a64_tctx *t, uint32_t insn) {
    static const int8_t imm[8] = {8, 10, 9, 11, 0, -1, 4, 12}; /* N P M Z A - X I */
    bool d = a64_bit(insn, 22);
    unsigned sel = a64_bits(insn, 17, 15);
    int mode = imm[sel];
    if (mode < 0 || !vn_host_ok(t) || !vn_cold_room()) return false;
    x64_buf *b = &t->b;
    size_t slow[3];
    int k = 0;
    slow[k++] = vn_fz_guard(t, fp_bytes(d), A64_RN(insn), 1, -1, 0, -1, 0);
    int n = vn_src_low(t, A64_RN(insn), fp_bytes(d), VN_T0);
    slow[k++] = branch_nan(t, d, n);
    if (sel == 4) {
        vn_rip_op(t, fp_pop(d, VFP_AND), VN_T3, n, fp_abs(d), 0, 0);
        vn_rip_op(t, fp_pop(d, VFP_UCOMI), VN_T3, 0, d ? 0x4330000000000000ull : 0x4b000000u, 0, 0);
        slow[k++] = x64_jcc32(b, CC_AE);
    }
    int x = vn_dst(t, A64_RD(insn));
    if (sel == 4)
        emit_frinta(t, d, n, x);
    else
        vx3i(b, VOP_3A(66, d ? 0x0B : 0x0A), x, n, n, (uint8_t)mode);
    vn_def(t, A64_RD(insn), x, fp_bytes(d));
    vn_slow(t, insn, slow, k);
    return true;
}

/* FMADD, FMSUB, FNMADD, FNMSUB: the ARM ARM negates operands before one fused operation; the
 * FMA3 forms negate the product or the addend the same way. The 231 form accumulates into the
 * addend's register, whose upper bits become the result's. */
bool vn_e_fp_dp3(a64_tctx *t, uint32_t insn) {
    static const uint8_t form[4] = {VFMA_ADD, VFMA_NADD, VFMA_NSUB, VFMA_SUB};
    bool d = a64_bit(insn, 22);
    if (!vn_host_ok(t) || !vn_cold_room()) return false;
    x64_buf *b = &t->b;
    size_t slow[2];
    slow[0] = vn_fz_guard(t, fp_bytes(d), A64_RN(insn), 1, A64_RM(insn), 1, A64_RA(insn), 1);
    int n = vn_src(t, A64_RN(insn)), m = vn_src(t, A64_RM(insn));
    int a = vn_src_low(t, A64_RA(insn), fp_bytes(d), VN_T0);
    int x = vn_dst(t, A64_RD(insn)), acc = x == a ? x : VN_T0;
    if (acc != a) vx2(b, VX_MOVAPS, acc, a);
    uint8_t op = (uint8_t)(form[a64_bit(insn, 21) << 1 | a64_bit(insn, 15)] + 1);
    vx3(b, X64_VOP(VPP_66, VMAP_0F38, d, op), acc, n, m);
    slow[1] = branch_not_plain(t, d, acc);
    if (acc != x) vx2(b, VX_MOVAPS, x, acc);
    vn_def(t, A64_RD(insn), x, fp_bytes(d));
    vn_slow(t, insn, slow, 2);
    return true;
}

/* FSQRT: a negative operand (-0 included) goes to the helper before any host flag is raised. */
static void emit_fsqrt(a64_tctx *t, uint32_t insn, bool d) {
    x64_buf *b = &t->b;
    size_t slow[3];
    slow[0] = vn_fz_guard(t, fp_bytes(d), A64_RN(insn), 1, -1, 0, -1, 0);
    x64_op_rm(b, 0, 0xF6, 1, 0, vn_vo(A64_RN(insn), d ? 7 : 3)); /* test byte [sign], 0x80 */
    x64_byte(b, 0x80);
    slow[1] = x64_jcc32(b, CC_NE);
    int n = vn_src_low(t, A64_RN(insn), fp_bytes(d), VN_T0), x = vn_dst(t, A64_RD(insn));
    vx3(b, fp_sop(d, VFP_SQRT), x, n, n);
    slow[2] = branch_nan(t, d, x);
    vn_def(t, A64_RD(insn), x, fp_bytes(d));
    vn_slow(t, insn, slow, 3);
}

/* FCVT Dd, Sn: exact unless NaN (or a denormal under FZ). FCVT Sd, Dn: a double of at least
 * 2^-125 is never tiny as a single, and FZ flushes nothing else (fp_scalar.c). */
static void emit_fcvt(a64_tctx *t, uint32_t insn, bool to_d) {
    x64_buf *b = &t->b;
    size_t slow[3];
    int k = 0;
    if (to_d) {
        slow[k++] = vn_fz_guard(t, 4, A64_RN(insn), 1, -1, 0, -1, 0);
        int n = vn_src_low(t, A64_RN(insn), 4, VN_T0);
        slow[k++] = branch_nan(t, false, n);
        int x = vn_dst(t, A64_RD(insn));
        vx3(b, VX_CVTSS2SD, x, n, n); /* bits 127:64 from n: zero */
        vn_def(t, A64_RD(insn), x, 8);
    } else {
        int n = vn_src(t, A64_RN(insn));
        slow[k++] = branch_nan(t, true, n);
        x64_load_zx(b, RAX, vn_vo(A64_RN(insn), 6), 2);
        x64_alu_ri(b, 0, ALU_AND, RAX, 0x7ff0);
        x64_alu_ri(b, 0, ALU_CMP, RAX, (1023 - 126 + 1) << 4);
        slow[k++] = x64_jcc32(b, CC_B);
        int x = vn_dst(t, A64_RD(insn));
        vx_zero(b, VN_T1); /* bits 127:32 of the result come from here */
        vx3(b, VX_CVTSD2SS, x, VN_T1, n);
        vn_def(t, A64_RD(insn), x, 4);
    }
    vn_slow(t, insn, slow, k);
}

/* FMOV, FABS, FNEG, FSQRT, FCVT (opcode 20:15 = 0-5). */
bool vn_e_fp_dp1(a64_tctx *t, uint32_t insn) {
    unsigned opc = a64_bits(insn, 17, 15);
    bool d = a64_bit(insn, 22);
    if (opc > 5 || !vn_host_ok(t) || !vn_cold_room()) return false;
    if ((opc == 4 && !d) || (opc == 5 && d)) return false; /* reserved: same precision */
    x64_buf *b = &t->b;
    switch (opc) {
    case 3: emit_fsqrt(t, insn, d); return true;
    case 4:
    case 5: emit_fcvt(t, insn, opc == 5); return true;
    default: break;
    }
    /* bit operations, NaN included: no flags, no FPCR */
    int n = vn_src_low(t, A64_RN(insn), fp_bytes(d), VN_T0), x = vn_dst(t, A64_RD(insn));
    if (opc == 0 && x != n) vx2(b, VX_MOVAPS, x, n);
    if (opc == 1) vn_rip_op(t, fp_pop(d, VFP_AND), x, n, fp_abs(d), 0, 0);
    if (opc == 2) vn_rip_op(t, fp_pop(d, VFP_XOR), x, n, fp_sign(d), 0, 0);
    vn_def(t, A64_RD(insn), x, fp_bytes(d));
    t_keep_flags(t);
    return true;
}

/* Host flags = NZCV of an FP compare of n with m (or +0): one integer compare of values chosen
 * by the outcome: greater 1-0 (0010), less 0-1 (1000), equal 0-0 (0110), unordered
 * 0x80000000-1 (0011); host CF is NOT C (translate.h). COMIS signals on quiet NaN too, as
 * FCMPE does; UCOMIS on signalling NaN only, as FCMP. */
static void emit_cmp_flags(a64_tctx *t, bool d, bool sig, int n, int m) {
    x64_buf *b = &t->b;
    x64_v_rr(b, fp_pop(d, sig ? VFP_COMI : VFP_UCOMI), n, 0, m);
    x64_setcc(b, CC_A, RAX);
    x64_setcc(b, CC_B, RCX);
    x64_setcc(b, CC_P, RDX);
    x64_movzx8(b, RAX, RAX);
    x64_movzx8(b, RCX, RCX);
    x64_movzx8(b, RDX, RDX);
    x64_shift_ri(b, 0, SH_SHL, RDX, 31);
    x64_alu_rr(b, 0, ALU_OR, RAX, RDX);
    x64_alu_rr(b, 0, ALU_CMP, RAX, RCX);
}

/* FCMP/FCMPE, with Rm or #0.0 (bit 3); bit 4 signals. */
bool vn_e_fcmp(a64_tctx *t, uint32_t insn) {
    bool d = a64_bit(insn, 22), zero = a64_bit(insn, 3);
    if (!vn_host_ok(t) || !vn_cold_room()) return false;
    size_t slow = vn_fz_guard(t, d ? 8 : 4, A64_RN(insn), 1, zero ? -1 : A64_RM(insn), 1, -1, 0);
    int n = vn_src(t, A64_RN(insn)), m = VN_T0;
    if (zero)
        vx_zero(&t->b, VN_T0);
    else
        m = vn_src(t, A64_RM(insn));
    emit_cmp_flags(t, d, a64_bit(insn, 4), n, m);
    vn_slow(t, insn, &slow, 1); /* the stub reloads host flags from the helper's NZCV */
    t_flags_save(t);
    return true;
}

/* FCCMP/FCCMPE: the compare when cond holds, else NZCV = nzcv (bits 3:0), put in host flags
 * the way t_flags_load does (the lahf image in AH, OF from AL + 0x7f). */
bool vn_e_fccmp(a64_tctx *t, uint32_t insn) {
    bool d = a64_bit(insn, 22);
    unsigned cond = a64_bits(insn, 15, 12), nzcv = a64_bits(insn, 3, 0);
    if (!vn_host_ok(t) || !vn_cold_room()) return false;
    x64_buf *b = &t->b;
    size_t slow = vn_fz_guard(t, d ? 8 : 4, A64_RN(insn), 1, A64_RM(insn), 1, -1, 0);
    int n = vn_src(t, A64_RN(insn)), m = vn_src(t, A64_RM(insn));
    t_flags_load(t);
    size_t skip = 0;
    if (cond < 14) skip = x64_jcc32(b, (enum x64_cc)(t_cond(cond) ^ 1));
    emit_cmp_flags(t, d, a64_bit(insn, 4), n, m);
    if (cond < 14) {
        size_t done = x64_jmp32(b);
        x64_patch_rel32(b, skip, b->len);
        uint32_t image = (nzcv >> 3 & 1) << 7 | (nzcv >> 2 & 1) << 6 | 2 | !(nzcv >> 1 & 1);
        x64_mov_imm(b, RAX, image << 8 | (nzcv & 1));
        x64_byte(b, 0x04); /* add al, 0x7f: OF = V */
        x64_byte(b, 0x7F);
        x64_sahf(b);
        x64_patch_rel32(b, done, b->len);
    }
    vn_slow(t, insn, &slow, 1);
    t_flags_save(t);
    return true;
}

/* FCSEL: a conditional move of the 64-bit (or zero-extended 32-bit) value. */
bool vn_e_fcsel(a64_tctx *t, uint32_t insn) {
    bool d = a64_bit(insn, 22);
    unsigned cond = a64_bits(insn, 15, 12);
    if (!vn_host_ok(t)) return false;
    x64_buf *b = &t->b;
    if (cond < 14) t_flags_load(t);
    x64_load(b, d, RCX, vn_v(A64_RN(insn)));
    if (cond < 14) {
        x64_load(b, d, RDX, vn_v(A64_RM(insn)));
        x64_cmov(b, 1, (enum x64_cc)(t_cond(cond) ^ 1), RCX, RDX);
    }
    int x = vn_dst(t, A64_RD(insn));
    x64_v_rr(b, VOP_W1(VX_MOVD_TOX), x, 0, RCX);
    vn_def(t, A64_RD(insn), x, fp_bytes(d));
    t_keep_flags(t);
    return true;
}

/* FMOV (scalar, immediate). */
bool vn_e_fmov_imm(a64_tctx *t, uint32_t insn) {
    uint32_t imm8 = a64_bits(insn, 20, 13);
    if (!vn_host_ok(t)) return false;
    bool d = a64_bit(insn, 22);
    x64_mov_imm(&t->b, RAX, d ? fp_expand_imm_d(imm8) : fp_expand_imm_s(imm8));
    int x = vn_dst(t, A64_RD(insn));
    x64_v_rr(&t->b, VOP_W1(VX_MOVD_TOX), x, 0, RAX);
    vn_def(t, A64_RD(insn), x, fp_bytes(d));
    t_keep_flags(t);
    return true;
}
