/* vnative_ldst.c — native SIMD&FP loads and stores: LDR/STR of B/H/S/D/Q in every addressing
 * mode, LDP/STP/LDNP/STNP, literal loads, LD1/ST1 (1-4 registers) and LD1R. */
#include "vnative.h"

/* Memory is read into xmm registers before any V register or base changes, so a fault leaves
 * the guest state as it was. Loaded registers are written back whole (vn_def). */

/* Bits above the transfer are zero in a loaded register. */
static int load_zu(unsigned scale) {
    return scale < 2 ? 4 : scale == 2 ? 4 : scale == 3 ? 8 : 16;
}

/* Loads 1 << scale bytes at m into xmm x, zero-extended to 128 bits. */
static void load_x(a64_tctx *t, unsigned scale, x64_mem m, int x) {
    x64_buf *b = &t->b;
    switch (scale) {
    case 0:
    case 1:
        x64_load_zx(b, RAX, m, 1 << scale);
        x64_v_rr(b, VX_MOVD_TOX, x, 0, RAX);
        break;
    case 2: vx2m(b, VX_MOVSS_LD, x, m); break;
    case 3: vx2m(b, VX_MOVSD_LD, x, m); break;
    default: vx_ld(b, x, m); break;
    }
}

/* Stores the low 1 << scale bytes of V[rt] at m. */
static void store_v(a64_tctx *t, unsigned scale, x64_mem m, int rt) {
    x64_buf *b = &t->b;
    if (scale < 2) { /* from emu_cpu, which is always current */
        x64_load_zx(b, RAX, vn_v(rt), 1 << scale);
        if (scale == 0)
            x64_store8(b, m, RAX);
        else
            x64_store16(b, m, RAX);
        return;
    }
    int x = vn_src(t, rt);
    static const x64_vop st[3] = {VX_MOVSS_ST, VX_MOVSD_ST, VX_MOVUPS_ST};
    x64_v_rm(b, st[scale - 2], x, 0, m);
}

/* One register of 1 << scale bytes between guest memory m and V register rt. */
static void xfer_one(a64_tctx *t, bool load, unsigned scale, x64_mem m, int rt) {
    if (!load) {
        store_v(t, scale, m, rt);
        return;
    }
    int x = vn_dst(t, rt);
    load_x(t, scale, m, x);
    vn_def(t, rt, x, load_zu(scale));
}

/* size (31:30) and opc (23:22) of LDR/STR (SIMD&FP): the transfer size, or -1 if unallocated. */
static int ldst_scale(uint32_t insn) {
    unsigned size = a64_bits(insn, 31, 30);
    if (!a64_bit(insn, 23)) return (int)size;
    return size == 0 ? 4 : -1;
}

/* Unsigned offset, unscaled, pre- and post-index. */
bool vn_e_ldst_imm(a64_tctx *t, uint32_t insn) {
    int scale = ldst_scale(insn), rn = A64_RN(insn), rt = A64_RD(insn);
    bool load = a64_bit(insn, 22);
    if (scale < 0 || !vn_host_ok(t)) return false;
    if (a64_bit(insn, 24)) { /* unsigned offset */
        int32_t off = (int32_t)(a64_bits(insn, 21, 10) << scale);
        xfer_one(t, load, (unsigned)scale, x64_m(t_src_sp(t, rn), off), rt);
        t_keep_flags(t);
        return true;
    }
    unsigned type = a64_bits(insn, 11, 10); /* 0 unscaled, 1 post, 3 pre (2 is unallocated) */
    int32_t off = (int32_t)a64_sext(a64_bits(insn, 20, 12), 9);
    if (type == 2) return false;
    if (type == 0) {
        xfer_one(t, load, (unsigned)scale, x64_m(t_src_sp(t, rn), off), rt);
    } else {
        t_get_xsp(t, RDX, rn);
        xfer_one(t, load, (unsigned)scale, x64_m(RDX, type == 1 ? 0 : off), rt);
        x64_lea(&t->b, 1, t_dst_sp(t, rn), x64_m(RDX, off));
    }
    t_keep_flags(t);
    return true;
}

/* Register offset: Rm extended by option (UXTW, LSL, SXTW, SXTX), shifted by the size if S. */
bool vn_e_ldst_reg(a64_tctx *t, uint32_t insn) {
    int scale = ldst_scale(insn);
    unsigned option = a64_bits(insn, 15, 13);
    if (scale < 0 || !(option & 2) || !vn_host_ok(t)) return false;
    int idx, mul = a64_bit(insn, 12) ? 1 << scale : 1;
    if ((option == 3 || option == 7) && mul <= 8) {
        idx = t_src(t, A64_RM(insn));
    } else {
        idx = RSI;
        t_get_x(t, RSI, A64_RM(insn));
        if (option == 2) x64_mov_rr(&t->b, 0, RSI, RSI);
        if (option == 6) x64_movsx(&t->b, 1, RSI, RSI, 4);
    }
    if (mul == 16) { /* no x86 scale of 16: pre-multiply by 8, scale by 2 (lea keeps flags) */
        x64_lea(&t->b, 1, RSI, x64_mi(X64_NOREG, idx, 8, 0));
        idx = RSI;
        mul = 2;
    }
    x64_mem m = x64_mi(t_src_sp(t, A64_RN(insn)), idx, mul, 0);
    xfer_one(t, a64_bit(insn, 22), (unsigned)scale, m, A64_RD(insn));
    t_keep_flags(t);
    return true;
}

/* LDP/STP/LDNP/STNP of S, D, Q: both loads before either register is written. */
bool vn_e_ldst_pair(a64_tctx *t, uint32_t insn) {
    unsigned opc = a64_bits(insn, 31, 30), type = a64_bits(insn, 24, 23);
    if (opc == 3 || !vn_host_ok(t)) return false;
    unsigned scale = opc + 2;
    int32_t off = (int32_t)(a64_sext(a64_bits(insn, 21, 15), 7) * (1 << scale)), bytes = 1 << scale;
    int rn = A64_RN(insn), rt = A64_RD(insn), rt2 = A64_RT2(insn);
    bool load = a64_bit(insn, 22), wb = type == 1 || type == 3;
    int32_t at = type == 1 ? 0 : off;
    int base = RDX;
    if (wb)
        t_get_xsp(t, RDX, rn);
    else
        base = t_src_sp(t, rn);
    x64_buf *b = &t->b;
    if (load) {
        int x1 = vn_dst(t, rt), x2 = vn_dst(t, rt2);
        if (x2 == x1) x2 = VN_T0; /* Rt == Rt2: the second load wins */
        load_x(t, scale, x64_m(base, at), x1);
        load_x(t, scale, x64_m(base, at + bytes), x2);
        vn_def(t, rt, x1, load_zu(scale));
        vn_def(t, rt2, x2, load_zu(scale));
    } else {
        store_v(t, scale, x64_m(base, at), rt);
        store_v(t, scale, x64_m(base, at + bytes), rt2);
    }
    if (wb) x64_lea(b, 1, t_dst_sp(t, rn), x64_m(RDX, off));
    t_keep_flags(t);
    return true;
}

/* LDR (literal) of S, D, Q. */
bool vn_e_ldst_lit(a64_tctx *t, uint32_t insn) {
    unsigned opc = a64_bits(insn, 31, 30);
    if (opc == 3 || !vn_host_ok(t)) return false;
    t_pc_const(t, RDX, t->pc + (uint64_t)(a64_sext(a64_bits(insn, 23, 5), 19) * 4));
    xfer_one(t, true, opc + 2, x64_m(RDX, 0), A64_RD(insn));
    t_keep_flags(t);
    return true;
}

/* Post-index writeback of a structure access (bit 23): Xm, or the bytes moved when Rm = 31.
 * The base was copied to RDX before the access. */
static void struct_post(a64_tctx *t, uint32_t insn, int32_t bytes) {
    int rm = A64_RM(insn), rn = A64_RN(insn);
    if (rm == 31) {
        x64_lea(&t->b, 1, t_dst_sp(t, rn), x64_m(RDX, bytes));
    } else {
        int m = t_src(t, rm);
        x64_lea(&t->b, 1, t_dst_sp(t, rn), x64_mi(RDX, m, 1, 0));
    }
}

/* LD1/ST1 (multiple structures), 1-4 consecutive registers: a plain copy on a little-endian
 * host whatever the element size. */
bool vn_e_ld1st1(a64_tctx *t, uint32_t insn) {
    static const int8_t nregs[16] = {[2] = 4, [6] = 3, [7] = 1, [10] = 2};
    int n = nregs[a64_bits(insn, 15, 12)], rt = A64_RD(insn);
    bool post = a64_bit(insn, 23), load = a64_bit(insn, 22), q = a64_bit(insn, 30);
    if (!n || (!post && A64_RM(insn) != 0) || !vn_host_ok(t)) return false;
    int rb = q ? 16 : 8, base = RDX;
    if (post)
        t_get_xsp(t, RDX, A64_RN(insn));
    else
        base = t_src_sp(t, A64_RN(insn));
    if (load) { /* the registers are distinct (they wrap around at 31) */
        int x[4];
        for (int k = 0; k < n; k++)
            x[k] = vn_dst(t, (rt + k) & 31);
        for (int k = 0; k < n; k++)
            load_x(t, q ? 4 : 3, x64_m(base, k * rb), x[k]);
        for (int k = 0; k < n; k++)
            vn_def(t, (rt + k) & 31, x[k], q ? 16 : 8);
    } else {
        for (int k = 0; k < n; k++)
            store_v(t, q ? 4 : 3, x64_m(base, k * rb), (rt + k) & 31);
    }
    if (post) struct_post(t, insn, n * rb);
    t_keep_flags(t);
    return true;
}

/* LD1R: one element replicated to every lane (the upper half zeroed when Q=0). */
bool vn_e_ld1r(a64_tctx *t, uint32_t insn) {
    bool post = a64_bit(insn, 23), q = a64_bit(insn, 30);
    unsigned size = a64_bits(insn, 11, 10);
    if ((!post && A64_RM(insn) != 0) || !vn_host_ok(t)) return false;
    int base = RDX;
    if (post)
        t_get_xsp(t, RDX, A64_RN(insn));
    else
        base = t_src_sp(t, A64_RN(insn));
    x64_buf *b = &t->b;
    x64_mem m = x64_m(base, 0);
    int x = vn_dst(t, A64_RD(insn));
    switch (size) {
    case 3: vx2m(b, q ? VX_MOVDDUP : VX_MOVQ_LD, x, m); break;
    case 2: vx2m(b, VX_BROADCASTSS, x, m); break;
    default:
        x64_load_zx(b, RAX, m, 1 << size);
        x64_v_rr(b, VX_MOVD_TOX, x, 0, RAX);
        if (size == 0) {
            vx_zero(b, VN_T0);
            vx3(b, VX_PSHUFB, x, x, VN_T0);
        } else {
            vx2i(b, VX_PSHUFLW, x, x, 0);
            vx2i(b, VX_PSHUFD, x, x, 0);
        }
        break;
    }
    if (!q && size != 3) vx2(b, VX_MOVQ_LD, x, x);
    vn_def(t, A64_RD(insn), x, q ? 16 : 8);
    if (post) struct_post(t, insn, 1 << size);
    t_keep_flags(t);
    return true;
}

/* LD1/ST1 (single structure, one register): one lane; opcode (15:13) 000 b, 010 h, 100 s or d,
 * with the index in Q:S:size as the element size allows. The loaded lane goes through RAX (the
 * access happens before Vt changes). */
bool vn_e_ldst1_lane(a64_tctx *t, uint32_t insn) {
    static const x64_vop ins[4] = {VX_PINSRB, VX_PINSRW, VX_PINSRD, VX_PINSRQ};
    static const x64_vop ext[4] = {VX_PEXTRB, VX_PEXTRW, VX_PEXTRD, VX_PEXTRQ};
    unsigned op = a64_bits(insn, 15, 13), s = a64_bit(insn, 12), size = a64_bits(insn, 11, 10);
    unsigned q = a64_bit(insn, 30);
    bool post = a64_bit(insn, 23), load = a64_bit(insn, 22);
    int es, index;
    if (op == 0) {
        es = 0, index = (int)(q << 3 | s << 2 | size);
    } else if (op == 2 && !(size & 1)) {
        es = 1, index = (int)(q << 2 | s << 1 | size >> 1);
    } else if (op == 4 && size == 0) {
        es = 2, index = (int)(q << 1 | s);
    } else if (op == 4 && size == 1 && !s) {
        es = 3, index = (int)q;
    } else {
        return false;
    }
    if ((!post && A64_RM(insn) != 0) || !vn_host_ok(t)) return false;
    int rt = A64_RD(insn), base = RDX;
    if (post)
        t_get_xsp(t, RDX, A64_RN(insn));
    else
        base = t_src_sp(t, A64_RN(insn));
    x64_buf *b = &t->b;
    x64_mem m = x64_m(base, 0);
    if (load) {
        x64_load_zx(b, RAX, m, 1 << es);
        int v = vn_src(t, rt), x = vn_dst(t, rt);
        x64_v_rr(b, ins[es], x, v, RAX);
        x64_byte(b, (uint8_t)index);
        vn_def(t, rt, x, 16);
    } else {
        x64_v_rm(b, ext[es], vn_src(t, rt), 0, m);
        x64_byte(b, (uint8_t)index);
    }
    if (post) struct_post(t, insn, 1 << es);
    t_keep_flags(t);
    return true;
}

/* LD2/ST2 (multiple structures): element e of Vt and Vt2 are the pair at 2e (element size in
 * 11:10); Q=0 moves 16 bytes, Q=1 32. Loads deinterleave with the even/odd gather of UZP,
 * stores interleave with PUNPCKL/H. */
bool vn_e_ldst2(a64_tctx *t, uint32_t insn) {
    static const x64_vop lo[4] = {VX_PUNPCKLBW, VX_PUNPCKLWD, VX_PUNPCKLDQ, VX_PUNPCKLQDQ};
    static const x64_vop hi[4] = {VX_PUNPCKHBW, VX_PUNPCKHWD, VX_PUNPCKHDQ, VX_PUNPCKHQDQ};
    static const uint64_t even[3] = {0x0e0c0a0806040200ull, 0x0d0c090805040100ull,
                                     0x0b0a090803020100ull};
    static const uint64_t odd[3] = {0x0f0d0b0907050301ull, 0x0f0e0b0a07060302ull,
                                    0x0f0e0d0c07060504ull};
    int size = (int)a64_bits(insn, 11, 10), rt = A64_RD(insn), rt2 = (rt + 1) & 31;
    bool post = a64_bit(insn, 23), load = a64_bit(insn, 22), q = a64_bit(insn, 30);
    if ((size == 3 && !q) || (!post && A64_RM(insn) != 0) || !vn_host_ok(t) || !vn_cold_room())
        return false;
    int base = RDX;
    if (post)
        t_get_xsp(t, RDX, A64_RN(insn));
    else
        base = t_src_sp(t, A64_RN(insn));
    x64_buf *b = &t->b;
    if (load) {
        vx_ld(b, VN_T0, x64_m(base, 0));
        if (q) vx_ld(b, VN_T1, x64_m(base, 16));
        int x1 = vn_dst(t, rt), x2 = vn_dst(t, rt2);
        if (!q) { /* 16 bytes: evens to the low half, odds to the high half */
            vn_rip_op(t, VX_PSHUFB, VN_T0, VN_T0, even[size], odd[size], 0);
            vx2(b, VX_MOVQ_LD, x1, VN_T0);
            vx_shift(b, VX_SHIFT_Q, VSH_SRLDQ, x2, VN_T0, 8);
        } else {
            if (size < 3) {
                vn_rip_op(t, VX_PSHUFB, VN_T0, VN_T0, even[size], odd[size], 0);
                vn_rip_op(t, VX_PSHUFB, VN_T1, VN_T1, even[size], odd[size], 0);
            }
            vx3(b, VX_PUNPCKLQDQ, x1, VN_T0, VN_T1);
            vx3(b, VX_PUNPCKHQDQ, x2, VN_T0, VN_T1);
        }
        vn_def(t, rt, x1, q ? 16 : 8);
        vn_def(t, rt2, x2, q ? 16 : 8);
    } else {
        int a = vn_src(t, rt), c = vn_src(t, rt2);
        vx3(b, lo[size], VN_T0, a, c);
        vx_st(b, x64_m(base, 0), VN_T0);
        if (q) {
            vx3(b, hi[size], VN_T1, a, c);
            vx_st(b, x64_m(base, 16), VN_T1);
        }
    }
    if (post) struct_post(t, insn, q ? 32 : 16);
    t_keep_flags(t);
    return true;
}
