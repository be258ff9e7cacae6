/* ldst.c — integer loads and stores in every addressing mode (immediate, pre/post-index,
 * register offset, literal, pairs), exclusives, acquire/release, and LSE atomics.
 * Guest addresses are host addresses; a bad one faults in the generated code. */
#include "a64.h"
#include "translate.h"

/* opc as in the load/store encodings: 0 store, 1 load, 2 load signed to X, 3 signed to W.
 * Loads go straight into the cached register of Rt: a faulting load writes nothing. */
static bool access(a64_tctx *t, x64_mem m, unsigned size, unsigned opc, int rt) {
    int bytes = 1 << size;
    if (opc == 0) {
        int v = t_src(t, rt);
        if (bytes == 1)
            x64_store8(&t->b, m, v);
        else if (bytes == 2)
            x64_store16(&t->b, m, v);
        else
            x64_store(&t->b, bytes == 8, m, v);
        return true;
    }
    if (opc == 2 && size == 3) return true; /* PRFM */
    if (opc == 3 && size >= 2) return false;
    int d = t_dst(t, rt);
    if (opc == 1)
        x64_load_zx(&t->b, d, m, bytes);
    else
        x64_load_sx(&t->b, opc == 2, d, m, bytes);
    return true;
}

static bool e_ldst_uimm(a64_tctx *t, uint32_t insn) {
    unsigned size = a64_bits(insn, 31, 30), opc = a64_bits(insn, 23, 22);
    int32_t off = (int32_t)(a64_bits(insn, 21, 10) << size);
    return access(t, x64_m(t_src_sp(t, A64_RN(insn)), off), size, opc, A64_RD(insn));
}

static bool e_ldst_imm9(a64_tctx *t, uint32_t insn) {
    unsigned size = a64_bits(insn, 31, 30), opc = a64_bits(insn, 23, 22);
    unsigned type = a64_bits(insn, 11, 10); /* 0 unscaled, 1 post, 2 unprivileged, 3 pre */
    int32_t off = (int32_t)a64_sext(a64_bits(insn, 20, 12), 9);
    int rn = A64_RN(insn);
    if (type == 1 && opc == 2 && size == 3) return false; /* no PRFM post-index */
    if (type == 0 || type == 2)
        return access(t, x64_m(t_src_sp(t, rn), off), size, opc, A64_RD(insn));
    t_get_xsp(t, RDX, rn); /* the base before writeback, as the access must see it */
    if (!access(t, x64_m(RDX, type == 1 ? 0 : off), size, opc, A64_RD(insn))) return false;
    x64_lea(&t->b, 1, t_dst_sp(t, rn), x64_m(RDX, off));
    return true;
}

static bool e_ldst_reg(a64_tctx *t, uint32_t insn) {
    unsigned size = a64_bits(insn, 31, 30), opc = a64_bits(insn, 23, 22);
    unsigned option = a64_bits(insn, 15, 13);
    if (!(option & 2)) return false;
    int idx;
    if (option == 3 || option == 7) {
        idx = t_src(t, A64_RM(insn));
    } else {
        idx = RSI;
        t_get_x(t, RSI, A64_RM(insn));
        if (option == 2)
            x64_mov_rr(&t->b, 0, RSI, RSI);
        else
            x64_movsx(&t->b, 1, RSI, RSI, 4);
    }
    int scale = a64_bit(insn, 12) ? 1 << size : 1;
    return access(t, x64_mi(t_src_sp(t, A64_RN(insn)), idx, scale, 0), size, opc, A64_RD(insn));
}

static bool e_ldst_lit(a64_tctx *t, uint32_t insn) {
    unsigned opc = a64_bits(insn, 31, 30);
    if (opc == 3) return true; /* PRFM literal */
    uint64_t addr = t->pc + (uint64_t)(a64_sext(a64_bits(insn, 23, 5), 19) * 4);
    t_pc_const(t, RDX, addr);
    static const unsigned size[3] = {2, 3, 2}, kind[3] = {1, 1, 2};
    return access(t, x64_m(RDX, 0), size[opc], kind[opc], A64_RD(insn));
}

static bool e_ldst_pair(a64_tctx *t, uint32_t insn) {
    unsigned opc = a64_bits(insn, 31, 30), type = a64_bits(insn, 24, 23);
    bool load = a64_bit(insn, 22);
    if (opc == 3 || (opc == 1 && !load)) return false;
    unsigned size = opc == 2 ? 3 : 2;
    int32_t off = (int32_t)(a64_sext(a64_bits(insn, 21, 15), 7) * (1 << size));
    int rn = A64_RN(insn), rt = A64_RD(insn), rt2 = A64_RT2(insn);
    int32_t at = type == 1 ? 0 : off, bytes = 1 << size;
    bool wb = type == 1 || type == 3;
    int base = RDX;
    if (wb)
        t_get_xsp(t, RDX, rn);
    else
        base = t_src_sp(t, rn);
    if (load) {
        /* both loads before either register changes: a fault leaves the state intact */
        if (opc == 1) {
            x64_load_sx(&t->b, 1, RCX, x64_m(base, at), 4);
            x64_load_sx(&t->b, 1, RSI, x64_m(base, at + 4), 4);
        } else {
            x64_load_zx(&t->b, RCX, x64_m(base, at), bytes);
            x64_load_zx(&t->b, RSI, x64_m(base, at + bytes), bytes);
        }
        t_set_x(t, rt, RCX);
        t_set_x(t, rt2, RSI);
    } else {
        x64_store(&t->b, size == 3, x64_m(base, at), t_src(t, rt));
        x64_store(&t->b, size == 3, x64_m(base, at + bytes), t_src(t, rt2));
    }
    if (wb) x64_lea(&t->b, 1, t_dst_sp(t, rn), x64_m(RDX, off));
    return true;
}

/* ---- exclusives and acquire/release ---- */

static void load_sized(a64_tctx *t, int h, x64_mem m, int bytes) { x64_load_zx(&t->b, h, m, bytes); }

static void emit_ldxr(a64_tctx *t, uint32_t insn, int bytes) {
    t_get_xsp(t, RDX, A64_RN(insn));
    load_sized(t, RCX, x64_m(RDX, 0), bytes);
    x64_store(&t->b, 1, t_cpumem(OFF_EXCL_ADDR), RDX);
    x64_store(&t->b, 1, t_cpumem(OFF_EXCL_VAL), RCX);
    x64_store_imm32(&t->b, 1, t_cpumem(OFF_EXCL_SIZE), bytes);
    t_set_x(t, A64_RD(insn), RCX);
}

/* Succeeds when the reservation matches and memory still holds the value LDXR saw. */
static void emit_stxr(a64_tctx *t, uint32_t insn, int bytes) {
    t_get_xsp(t, RDX, A64_RN(insn));
    t_get_x(t, RSI, A64_RD(insn)); /* before any branch: register-cache state must not fork */
    x64_alu_rm(&t->b, 1, ALU_CMP, RDX, t_cpumem(OFF_EXCL_ADDR));
    size_t f1 = x64_jcc32(&t->b, CC_NE);
    x64_alu_mi(&t->b, 1, ALU_CMP, t_cpumem(OFF_EXCL_SIZE), bytes);
    size_t f2 = x64_jcc32(&t->b, CC_NE);
    x64_load(&t->b, 1, RAX, t_cpumem(OFF_EXCL_VAL));
    x64_lock_cmpxchg(&t->b, bytes == 8, x64_m(RDX, 0), RSI, bytes);
    size_t f3 = x64_jcc32(&t->b, CC_NE);
    x64_mov_imm(&t->b, RCX, 0);
    size_t done = x64_jmp32(&t->b);
    x64_patch_rel32(&t->b, f1, t->b.len);
    x64_patch_rel32(&t->b, f2, t->b.len);
    x64_patch_rel32(&t->b, f3, t->b.len);
    x64_mov_imm(&t->b, RCX, 1);
    x64_patch_rel32(&t->b, done, t->b.len);
    x64_store_imm32(&t->b, 1, t_cpumem(OFF_EXCL_SIZE), 0);
    t_set_w(t, A64_RM(insn), RCX);
}

static void emit_cas(a64_tctx *t, uint32_t insn, int bytes) {
    int rs = A64_RM(insn);
    t_get_xsp(t, RDX, A64_RN(insn));
    t_get_x(t, RAX, rs);
    t_get_x(t, RCX, A64_RD(insn));
    x64_lock_cmpxchg(&t->b, bytes == 8, x64_m(RDX, 0), RCX, bytes);
    if (bytes == 1) x64_movzx8(&t->b, RAX, RAX);
    if (bytes == 2) x64_movzx16(&t->b, RAX, RAX);
    if (bytes == 4) x64_mov_rr(&t->b, 0, RAX, RAX);
    t_set_x(t, rs, RAX);
}

static void pair_helper_common(emu_cpu *cpu, uint32_t insn, bool store);

static bool e_excl(a64_tctx *t, uint32_t insn) {
    unsigned size = a64_bits(insn, 31, 30), o2 = a64_bit(insn, 23), l = a64_bit(insn, 22);
    unsigned o1 = a64_bit(insn, 21);
    int bytes = 1 << size;
    if (!o2 && !o1) {
        if (l)
            emit_ldxr(t, insn, bytes);
        else
            emit_stxr(t, insn, bytes);
        return true;
    }
    if (o2 && !o1) { /* LDAR / STLR (and the LORegion forms, same here) */
        t_get_xsp(t, RDX, A64_RN(insn));
        if (l) return access(t, x64_m(RDX, 0), size, 1, A64_RD(insn));
        t_get_x(t, RCX, A64_RD(insn));
        x64_xchg_mr(&t->b, x64_m(RDX, 0), RCX, bytes); /* a store-release that also orders later loads */
        return true;
    }
    if (o2 && o1 && A64_RT2(insn) == 31) {
        emit_cas(t, insn, bytes);
        return true;
    }
    return false; /* LDXP/STXP/CASP: helper */
}

static void h_excl_pair(emu_cpu *cpu, uint32_t insn) {
    unsigned size = a64_bits(insn, 31, 30), o2 = a64_bit(insn, 23), o1 = a64_bit(insn, 21);
    if (!o1 || o2) a64_undefined(cpu);
    if (size >= 2) {
        pair_helper_common(cpu, insn, !a64_bit(insn, 22));
        return;
    }
    if (A64_RT2(insn) != 31 || (A64_RM(insn) & 1) || (A64_RD(insn) & 1)) a64_undefined(cpu);
    /* CASP: size<0> selects 32- or 64-bit registers */
    int rs = A64_RM(insn), rt = A64_RD(insn);
    void *p = (void *)(uintptr_t)a64_xreg_sp(cpu, A64_RN(insn));
    if (size == 0) {
        uint64_t expect = (uint32_t)a64_xreg(cpu, rs) | (a64_xreg(cpu, rs + 1) << 32);
        uint64_t nv = (uint32_t)a64_xreg(cpu, rt) | (a64_xreg(cpu, rt + 1) << 32);
        uint64_t old = __sync_val_compare_and_swap((uint64_t *)p, expect, nv);
        a64_set_xreg(cpu, rs, (uint32_t)old);
        a64_set_xreg(cpu, rs + 1, old >> 32);
    } else {
        unsigned __int128 expect = a64_xreg(cpu, rs) | ((unsigned __int128)a64_xreg(cpu, rs + 1) << 64);
        unsigned __int128 nv = a64_xreg(cpu, rt) | ((unsigned __int128)a64_xreg(cpu, rt + 1) << 64);
        unsigned __int128 old = __sync_val_compare_and_swap((unsigned __int128 *)p, expect, nv);
        a64_set_xreg(cpu, rs, (uint64_t)old);
        a64_set_xreg(cpu, rs + 1, (uint64_t)(old >> 64));
    }
}

/* LDXP / STXP: a 2x32 pair is one 64-bit access, a 2x64 pair one 128-bit access. */
static void pair_helper_common(emu_cpu *cpu, uint32_t insn, bool store) {
    bool wide = a64_bit(insn, 30);
    uint64_t addr = a64_xreg_sp(cpu, A64_RN(insn));
    int rt = A64_RD(insn), rt2 = A64_RT2(insn), rs = A64_RM(insn);
    unsigned bytes = wide ? 16 : 8;
    if (!store) {
        if (wide) {
            unsigned __int128 v = __sync_val_compare_and_swap((unsigned __int128 *)(uintptr_t)addr, 0, 0);
            cpu->excl_val = (uint64_t)v;
            cpu->excl_val2 = (uint64_t)(v >> 64);
            a64_set_xreg(cpu, rt, cpu->excl_val);
            a64_set_xreg(cpu, rt2, cpu->excl_val2);
        } else {
            uint64_t v = __atomic_load_n((uint64_t *)(uintptr_t)addr, __ATOMIC_SEQ_CST);
            cpu->excl_val = v;
            a64_set_xreg(cpu, rt, (uint32_t)v);
            a64_set_xreg(cpu, rt2, v >> 32);
        }
        cpu->excl_addr = addr;
        cpu->excl_size = bytes;
        return;
    }
    bool ok = cpu->excl_size == bytes && cpu->excl_addr == addr;
    if (ok && wide) {
        unsigned __int128 expect = cpu->excl_val | ((unsigned __int128)cpu->excl_val2 << 64);
        unsigned __int128 nv = a64_xreg(cpu, rt) | ((unsigned __int128)a64_xreg(cpu, rt2) << 64);
        ok = __sync_bool_compare_and_swap((unsigned __int128 *)(uintptr_t)addr, expect, nv);
    } else if (ok) {
        uint64_t nv = (uint32_t)a64_xreg(cpu, rt) | (a64_xreg(cpu, rt2) << 32);
        ok = __sync_bool_compare_and_swap((uint64_t *)(uintptr_t)addr, cpu->excl_val, nv);
    }
    cpu->excl_size = 0;
    a64_set_wreg(cpu, rs, ok ? 0 : 1);
}

/* ---- LSE atomics ---- */

static bool e_atomic(a64_tctx *t, uint32_t insn) {
    unsigned size = a64_bits(insn, 31, 30), o3 = a64_bit(insn, 15), opc = a64_bits(insn, 14, 12);
    int bytes = 1 << size, rs = A64_RM(insn), rt = A64_RD(insn);
    if (o3 && opc == 4) { /* LDAPR */
        if (rs != 31) return false;
        t_get_xsp(t, RDX, A64_RN(insn));
        return access(t, x64_m(RDX, 0), size, 1, rt);
    }
    if (o3 && opc != 0) return false;
    if (!o3 && opc >= 4) return false; /* min/max: helper */
    t_get_xsp(t, RDX, A64_RN(insn));
    t_get_x(t, RCX, rs);
    if (o3 || opc == 0) {
        if (o3)
            x64_xchg_mr(&t->b, x64_m(RDX, 0), RCX, bytes);
        else
            x64_lock_xadd(&t->b, x64_m(RDX, 0), RCX, bytes);
        if (bytes == 1) x64_movzx8(&t->b, RCX, RCX);
        if (bytes == 2) x64_movzx16(&t->b, RCX, RCX);
        if (bytes == 4) x64_mov_rr(&t->b, 0, RCX, RCX);
        t_set_x(t, rt, RCX);
        return true;
    }
    static const enum x64_alu op[4] = {ALU_ADD, ALU_AND, ALU_XOR, ALU_OR};
    if (opc == 1) x64_not(&t->b, 1, RCX); /* LDCLR: mem & ~Rs */
    load_sized(t, RAX, x64_m(RDX, 0), bytes);
    size_t loop = t->b.len;
    x64_mov_rr(&t->b, 1, RSI, RAX);
    x64_alu_rr(&t->b, 1, op[opc], RSI, RCX);
    x64_lock_cmpxchg(&t->b, bytes == 8, x64_m(RDX, 0), RSI, bytes);
    size_t again = x64_jcc32(&t->b, CC_NE);
    x64_patch_rel32(&t->b, again, loop);
    t_set_x(t, rt, RAX);
    return true;
}

#define ATOMIC_MINMAX(T, ST)                                                                  \
    static uint64_t minmax_##T(void *p, uint64_t operand, unsigned opc) {                     \
        T old = __atomic_load_n((T *)p, __ATOMIC_RELAXED), nv;                                \
        do {                                                                                  \
            T v = (T)operand;                                                                 \
            bool take = opc == 4   ? (ST)v > (ST)old                                         \
                        : opc == 5 ? (ST)v < (ST)old                                         \
                        : opc == 6 ? v > old                                                 \
                                   : v < old;                                                \
            nv = take ? v : old;                                                              \
        } while (!__atomic_compare_exchange_n((T *)p, &old, nv, false, __ATOMIC_SEQ_CST,       \
                                              __ATOMIC_SEQ_CST));                             \
        return old;                                                                           \
    }
ATOMIC_MINMAX(uint8_t, int8_t)
ATOMIC_MINMAX(uint16_t, int16_t)
ATOMIC_MINMAX(uint32_t, int32_t)
ATOMIC_MINMAX(uint64_t, int64_t)

static void h_atomic(emu_cpu *cpu, uint32_t insn) {
    unsigned size = a64_bits(insn, 31, 30), o3 = a64_bit(insn, 15), opc = a64_bits(insn, 14, 12);
    if (o3 || opc < 4) a64_undefined(cpu);
    void *p = (void *)(uintptr_t)a64_xreg_sp(cpu, A64_RN(insn));
    uint64_t v = a64_xreg(cpu, A64_RM(insn)), old;
    switch (size) {
    case 0: old = minmax_uint8_t(p, v, opc); break;
    case 1: old = minmax_uint16_t(p, v, opc); break;
    case 2: old = minmax_uint32_t(p, v, opc); break;
    default: old = minmax_uint64_t(p, v, opc); break;
    }
    a64_set_xreg(cpu, A64_RD(insn), old);
}

static void h_undef(emu_cpu *cpu, uint32_t insn) {
    (void)insn;
    a64_undefined(cpu);
}

const a64_pattern a64_tab_ldst[] = {
    {0x3F000000, 0x39000000, "ldst uimm", e_ldst_uimm, h_undef, A64_PC},
    {0x3F200000, 0x38000000, "ldst imm9", e_ldst_imm9, h_undef, A64_PC},
    {0x3F200C00, 0x38200800, "ldst reg", e_ldst_reg, h_undef, A64_PC},
    {0x3F200C00, 0x38200000, "lse atomic", e_atomic, h_atomic, A64_MEM},
    {0x3E000000, 0x28000000, "ldst pair", e_ldst_pair, h_undef, A64_PC},
    {0x3F000000, 0x18000000, "ldr literal", e_ldst_lit, NULL, 0},
    {0x3F000000, 0x08000000, "exclusive", e_excl, h_excl_pair, A64_MEM},
    {0, 0, NULL, NULL, NULL, 0},
};
