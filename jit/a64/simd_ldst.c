/* simd_ldst.c — SIMD&FP loads and stores: LDR/STR/LDP/STP of B/H/S/D/Q registers, literal
 * loads, and the structure forms LD1..LD4/ST1..ST4 (multiple, single lane) and LD1R..LD4R. */
#include "simd_impl.h"

/* Every access reads all of guest memory before it writes a register (and writes back the base
 * last), so a fault leaves the guest state as it was before the instruction. */
static inline void ldst_load(emu_cpu *cpu, int t, uint64_t addr, size_t bytes) {
    emu_vreg r = {{0}};
    memcpy(&r, (const void *)(uintptr_t)addr, bytes);
    simd_set(cpu, t, r);
}
static inline void ldst_store(emu_cpu *cpu, int t, uint64_t addr, size_t bytes) {
    memcpy((void *)(uintptr_t)addr, &cpu->v[t], bytes);
}

static inline uint64_t ldst_simm9(uint32_t insn) {
    return (uint64_t)a64_sext(a64_bits(insn, 20, 12), 9);
}

/* Register offset: Rm extended by option (UXTW, LSL, SXTW, SXTX) and scaled when S is set. */
static inline uint64_t ldst_regoff(const emu_cpu *cpu, uint32_t insn, int scale) {
    uint64_t m = a64_xreg(cpu, A64_RM(insn));
    switch (a64_bits(insn, 15, 13)) {
    case 2: m = (uint32_t)m; break;
    case 6: m = (uint64_t)(int64_t)(int32_t)m; break;
    default: break;
    }
    return m << (a64_bit(insn, 12) ? scale : 0);
}

/* One register, five addressing modes; XFER is ldst_load or ldst_store. */
#define LDST_MODES(op, sz, scale, XFER)                                                            \
    SIMD_FN(simd_##op##_##sz##_uimm) {                                                             \
        uint64_t a = cpu->x[A64_RN(insn)] + ((uint64_t)a64_bits(insn, 21, 10) << (scale));         \
        XFER(cpu, A64_RD(insn), a, 1u << (scale));                                                 \
    }                                                                                              \
    SIMD_FN(simd_##op##_##sz##_unscaled) {                                                         \
        XFER(cpu, A64_RD(insn), cpu->x[A64_RN(insn)] + ldst_simm9(insn), 1u << (scale));           \
    }                                                                                              \
    SIMD_FN(simd_##op##_##sz##_post) {                                                             \
        uint64_t a = cpu->x[A64_RN(insn)];                                                         \
        XFER(cpu, A64_RD(insn), a, 1u << (scale));                                                 \
        cpu->x[A64_RN(insn)] = a + ldst_simm9(insn);                                               \
    }                                                                                              \
    SIMD_FN(simd_##op##_##sz##_pre) {                                                              \
        uint64_t a = cpu->x[A64_RN(insn)] + ldst_simm9(insn);                                      \
        XFER(cpu, A64_RD(insn), a, 1u << (scale));                                                 \
        cpu->x[A64_RN(insn)] = a;                                                                  \
    }                                                                                              \
    SIMD_FN(simd_##op##_##sz##_reg) {                                                              \
        uint64_t a = cpu->x[A64_RN(insn)] + ldst_regoff(cpu, insn, (scale));                       \
        XFER(cpu, A64_RD(insn), a, 1u << (scale));                                                 \
    }
#define LDST_SIZE(sz, scale)                                                                       \
    LDST_MODES(ldr, sz, scale, ldst_load)                                                          \
    LDST_MODES(str, sz, scale, ldst_store)
LDST_SIZE(b, 0)
LDST_SIZE(h, 1)
LDST_SIZE(s, 2)
LDST_SIZE(d, 3)
LDST_SIZE(q, 4)

/* ---- pairs ---- */
static inline void ldst_load_pair(emu_cpu *cpu, uint32_t insn, uint64_t addr, size_t bytes) {
    emu_vreg r[2] = {{{0}}, {{0}}};
    uint8_t buf[32];
    memcpy(buf, (const void *)(uintptr_t)addr, 2 * bytes);
    memcpy(&r[0], buf, bytes);
    memcpy(&r[1], buf + bytes, bytes);
    simd_set(cpu, A64_RD(insn), r[0]);
    simd_set(cpu, A64_RT2(insn), r[1]);
}
static inline void ldst_store_pair(emu_cpu *cpu, uint32_t insn, uint64_t addr, size_t bytes) {
    uint8_t buf[32];
    memcpy(buf, &cpu->v[A64_RD(insn)], bytes);
    memcpy(buf + bytes, &cpu->v[A64_RT2(insn)], bytes);
    memcpy((void *)(uintptr_t)addr, buf, 2 * bytes);
}
static inline uint64_t ldst_simm7(uint32_t insn, int scale) {
    return (uint64_t)a64_sext(a64_bits(insn, 21, 15), 7) << scale;
}
#define LDSTP_MODES(op, sz, scale, XFER)                                                           \
    SIMD_FN(simd_##op##_##sz##_off) {                                                              \
        XFER(cpu, insn, cpu->x[A64_RN(insn)] + ldst_simm7(insn, scale), 1u << (scale));            \
    }                                                                                              \
    SIMD_FN(simd_##op##_##sz##_post) {                                                             \
        uint64_t a = cpu->x[A64_RN(insn)];                                                         \
        XFER(cpu, insn, a, 1u << (scale));                                                         \
        cpu->x[A64_RN(insn)] = a + ldst_simm7(insn, scale);                                        \
    }                                                                                              \
    SIMD_FN(simd_##op##_##sz##_pre) {                                                              \
        uint64_t a = cpu->x[A64_RN(insn)] + ldst_simm7(insn, scale);                               \
        XFER(cpu, insn, a, 1u << (scale));                                                         \
        cpu->x[A64_RN(insn)] = a;                                                                  \
    }
#define LDSTP_SIZE(sz, scale)                                                                      \
    LDSTP_MODES(ldp, sz, scale, ldst_load_pair)                                                    \
    LDSTP_MODES(stp, sz, scale, ldst_store_pair)
LDSTP_SIZE(s, 2)
LDSTP_SIZE(d, 3)
LDSTP_SIZE(q, 4)

/* ---- PC-relative literal ---- */
static inline uint64_t ldst_literal(const emu_cpu *cpu, uint32_t insn) {
    return cpu->pc + ((uint64_t)a64_sext(a64_bits(insn, 23, 5), 19) << 2);
}
SIMD_FN(simd_ldr_s_lit) {
    ldst_load(cpu, A64_RD(insn), ldst_literal(cpu, insn), 4);
}
SIMD_FN(simd_ldr_d_lit) {
    ldst_load(cpu, A64_RD(insn), ldst_literal(cpu, insn), 8);
}
SIMD_FN(simd_ldr_q_lit) {
    ldst_load(cpu, A64_RD(insn), ldst_literal(cpu, insn), 16);
}

/* ---- structures ---- */

/* Post-index writeback of a structure access (bit 23): Xm, or the bytes moved when Rm = 31. */
static inline void ldst_post(emu_cpu *cpu, uint32_t insn, uint64_t addr, uint64_t bytes) {
    if (!a64_bit(insn, 23)) return;
    int m = A64_RM(insn);
    cpu->x[A64_RN(insn)] = addr + (m == 31 ? bytes : cpu->x[m]);
}

/* LD1/ST1 (multiple structures) with 1-4 registers, by opcode (bits 15:12). */
static const uint8_t ld1_nregs[16] = {[2] = 4, [6] = 3, [7] = 1, [10] = 2};

SIMD_FN(simd_ld1_multi) {
    int n = ld1_nregs[a64_bits(insn, 15, 12)], t = A64_RD(insn);
    size_t rb = SIMD_Q(insn) ? 16 : 8;
    uint64_t addr = cpu->x[A64_RN(insn)];
    emu_vreg tmp[4];
    if (rb == 16) {
        memcpy(tmp, (const void *)(uintptr_t)addr, 16 * (size_t)n);
    } else {
        uint64_t lo[4];
        memcpy(lo, (const void *)(uintptr_t)addr, 8 * (size_t)n);
        for (int k = 0; k < n; k++)
            tmp[k].d[0] = lo[k], tmp[k].d[1] = 0;
    }
    for (int k = 0; k < n; k++)
        simd_set(cpu, (t + k) & 31, tmp[k]);
    ldst_post(cpu, insn, addr, rb * (size_t)n);
}

SIMD_FN(simd_st1_multi) {
    int n = ld1_nregs[a64_bits(insn, 15, 12)], t = A64_RD(insn);
    size_t rb = SIMD_Q(insn) ? 16 : 8;
    uint64_t addr = cpu->x[A64_RN(insn)];
    uint8_t buf[64];
    for (int k = 0; k < n; k++)
        memcpy(buf + rb * (size_t)k, &cpu->v[(t + k) & 31], rb);
    memcpy((void *)(uintptr_t)addr, buf, rb * (size_t)n);
    ldst_post(cpu, insn, addr, rb * (size_t)n);
}

/* Interleaving between memory order (element-major) and register order, for a constant
 * element size so that each copy is one move. */
static inline __attribute__((always_inline)) void
ldst_deinterleave(emu_vreg *regs, const uint8_t *buf, int selem, int elems, int es) {
    for (int e = 0; e < elems; e++)
        for (int s = 0; s < selem; s++)
            memcpy(&regs[s].b[e * es], buf + (size_t)(e * selem + s) * (size_t)es, (size_t)es);
}
static inline __attribute__((always_inline)) void
ldst_interleave(uint8_t *buf, const emu_vreg *regs, int selem, int elems, int es) {
    for (int e = 0; e < elems; e++)
        for (int s = 0; s < selem; s++)
            memcpy(buf + (size_t)(e * selem + s) * (size_t)es, &regs[s].b[e * es], (size_t)es);
}

/* LD2/LD3/LD4 and ST2/ST3/ST4 (multiple structures): opcode 1000, 0100, 0000. */
static inline int ldst_selem(uint32_t insn) {
    return 4 - (int)a64_bits(insn, 15, 14);
}

SIMD_FN(simd_ldn_multi) {
    int selem = ldst_selem(insn), t = A64_RD(insn);
    int es = 1 << a64_bits(insn, 11, 10), elems = (SIMD_Q(insn) ? 16 : 8) / es;
    size_t total = (size_t)(selem * elems * es);
    uint64_t addr = cpu->x[A64_RN(insn)];
    uint8_t buf[64];
    emu_vreg regs[4] = {{{0}}, {{0}}, {{0}}, {{0}}};
    memcpy(buf, (const void *)(uintptr_t)addr, total);
    switch (es) {
    case 1: ldst_deinterleave(regs, buf, selem, elems, 1); break;
    case 2: ldst_deinterleave(regs, buf, selem, elems, 2); break;
    case 4: ldst_deinterleave(regs, buf, selem, elems, 4); break;
    default: ldst_deinterleave(regs, buf, selem, elems, 8); break;
    }
    for (int s = 0; s < selem; s++)
        simd_set(cpu, (t + s) & 31, regs[s]);
    ldst_post(cpu, insn, addr, total);
}

SIMD_FN(simd_stn_multi) {
    int selem = ldst_selem(insn), t = A64_RD(insn);
    int es = 1 << a64_bits(insn, 11, 10), elems = (SIMD_Q(insn) ? 16 : 8) / es;
    size_t total = (size_t)(selem * elems * es);
    uint64_t addr = cpu->x[A64_RN(insn)];
    uint8_t buf[64];
    emu_vreg regs[4];
    for (int s = 0; s < selem; s++)
        regs[s] = cpu->v[(t + s) & 31];
    switch (es) {
    case 1: ldst_interleave(buf, regs, selem, elems, 1); break;
    case 2: ldst_interleave(buf, regs, selem, elems, 2); break;
    case 4: ldst_interleave(buf, regs, selem, elems, 4); break;
    default: ldst_interleave(buf, regs, selem, elems, 8); break;
    }
    memcpy((void *)(uintptr_t)addr, buf, total);
    ldst_post(cpu, insn, addr, total);
}

/* Single structure: selem is opcode<0>:R + 1; the lane size and index come from
 * opcode<2:1>, Q, S and size (the table admits only the allocated combinations). */
static inline int ldst_single_selem(uint32_t insn) {
    return (int)(a64_bit(insn, 13) << 1 | a64_bit(insn, 21)) + 1;
}
static inline void ldst_single_lane(uint32_t insn, int *es, int *index) {
    uint32_t q = SIMD_Q(insn), s = a64_bit(insn, 12), size = a64_bits(insn, 11, 10);
    switch (a64_bits(insn, 15, 14)) {
    case 0: *es = 1, *index = (int)(q << 3 | s << 2 | size); break;
    case 1: *es = 2, *index = (int)(q << 2 | s << 1 | size >> 1); break;
    default:
        if (size & 1)
            *es = 8, *index = (int)q;
        else
            *es = 4, *index = (int)(q << 1 | s);
        break;
    }
}

SIMD_FN(simd_ld_single) {
    int selem = ldst_single_selem(insn), t = A64_RD(insn), es, index;
    ldst_single_lane(insn, &es, &index);
    uint64_t addr = cpu->x[A64_RN(insn)];
    uint8_t buf[32];
    memcpy(buf, (const void *)(uintptr_t)addr, (size_t)(selem * es));
    for (int s = 0; s < selem; s++) {
        emu_vreg r = cpu->v[(t + s) & 31];
        memcpy(&r.b[index * es], buf + s * es, (size_t)es);
        simd_set(cpu, (t + s) & 31, r);
    }
    ldst_post(cpu, insn, addr, (uint64_t)(selem * es));
}

SIMD_FN(simd_st_single) {
    int selem = ldst_single_selem(insn), t = A64_RD(insn), es, index;
    ldst_single_lane(insn, &es, &index);
    uint64_t addr = cpu->x[A64_RN(insn)];
    uint8_t buf[32];
    for (int s = 0; s < selem; s++)
        memcpy(buf + s * es, &cpu->v[(t + s) & 31].b[index * es], (size_t)es);
    memcpy((void *)(uintptr_t)addr, buf, (size_t)(selem * es));
    ldst_post(cpu, insn, addr, (uint64_t)(selem * es));
}

/* LD1R..LD4R: each element is replicated to every lane of its register. */
SIMD_FN(simd_ld_repl) {
    int selem = ldst_single_selem(insn), t = A64_RD(insn);
    int es = 1 << a64_bits(insn, 11, 10);
    uint64_t addr = cpu->x[A64_RN(insn)];
    uint64_t elem[4] = {0, 0, 0, 0};
    uint8_t buf[32];
    memcpy(buf, (const void *)(uintptr_t)addr, (size_t)(selem * es));
    for (int s = 0; s < selem; s++)
        memcpy(&elem[s], buf + s * es, (size_t)es);
    for (int s = 0; s < selem; s++) {
        uint64_t x = elem[s];
        /* multiply by 0x0101.., 0x00010001.., ... to replicate the element over 64 bits */
        static const uint64_t rep[9] = {
            0, 0x0101010101010101ull, 0x0001000100010001ull, 0, 0x0000000100000001ull, 0, 0, 0, 1};
        emu_vreg r;
        r.d[0] = x * rep[es];
        r.d[1] = SIMD_Q(insn) ? r.d[0] : 0;
        simd_set(cpu, (t + s) & 31, r);
    }
    ldst_post(cpu, insn, addr, (uint64_t)(selem * es));
}
