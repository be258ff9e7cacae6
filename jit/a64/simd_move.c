/* simd_move.c — Advanced SIMD data movement: DUP, INS, UMOV, SMOV, scalar DUP, MOVI/MVNI/
 * ORR/BIC (vector immediate), EXT, TBL/TBX, ZIP/UZP/TRN and REV16/32/64. */
#include "simd_impl.h"

/* Index of the element named by imm5 (bits 20:16) for element size 1 << lg bytes. */
static inline unsigned mov_index5(uint32_t insn, int lg) {
    return a64_bits(insn, 20, 16) >> (lg + 1);
}

/* DUP (element), DUP (general), INS (general), INS (element), scalar DUP, SMOV, UMOV for
 * one element type; the table gives each its exact imm5 pattern. */
#define MOVE_SIZE(sz, lg, ty)                                                                      \
    SIMD_FN(simd_dup_elem_##sz) {                                                                  \
        SIMD_T_##ty x = cpu->v[A64_RN(insn)].SIMD_F_##ty[mov_index5(insn, lg)];                    \
        emu_vreg r;                                                                                \
        for (unsigned i = 0; i < 16 / sizeof x; i++)                                               \
            r.SIMD_F_##ty[i] = x;                                                                  \
        simd_put(cpu, insn, r);                                                                    \
    }                                                                                              \
    SIMD_FN(simd_dup_gen_##sz) {                                                                   \
        SIMD_T_##ty x = (SIMD_T_##ty)a64_xreg(cpu, A64_RN(insn));                                  \
        emu_vreg r;                                                                                \
        for (unsigned i = 0; i < 16 / sizeof x; i++)                                               \
            r.SIMD_F_##ty[i] = x;                                                                  \
        simd_put(cpu, insn, r);                                                                    \
    }                                                                                              \
    SIMD_FN(simd_ins_gen_##sz) {                                                                   \
        emu_vreg r = cpu->v[A64_RD(insn)];                                                         \
        r.SIMD_F_##ty[mov_index5(insn, lg)] = (SIMD_T_##ty)a64_xreg(cpu, A64_RN(insn));            \
        simd_set(cpu, A64_RD(insn), r);                                                            \
    }                                                                                              \
    SIMD_FN(simd_ins_elem_##sz) {                                                                  \
        emu_vreg r = cpu->v[A64_RD(insn)];                                                         \
        r.SIMD_F_##ty[mov_index5(insn, lg)] =                                                      \
            cpu->v[A64_RN(insn)].SIMD_F_##ty[a64_bits(insn, 14, 11) >> (lg)];                      \
        simd_set(cpu, A64_RD(insn), r);                                                            \
    }                                                                                              \
    SIMD_FN(simd_dup_scalar_##sz) {                                                                \
        emu_vreg r = {{0}};                                                                        \
        r.SIMD_F_##ty[0] = cpu->v[A64_RN(insn)].SIMD_F_##ty[mov_index5(insn, lg)];                 \
        simd_set(cpu, A64_RD(insn), r);                                                            \
    }                                                                                              \
    SIMD_FN(simd_umov_##sz) {                                                                      \
        a64_set_xreg(cpu, A64_RD(insn), cpu->v[A64_RN(insn)].SIMD_F_##ty[mov_index5(insn, lg)]);   \
    }
MOVE_SIZE(b, 0, u8)
MOVE_SIZE(h, 1, u16)
MOVE_SIZE(s, 2, u32)
MOVE_SIZE(d, 3, u64)

/* SMOV: sign-extends to 32 bits (Wd, upper half of Xd cleared) or to 64 bits (Xd). */
#define SMOV(sz, lg, ty)                                                                           \
    SIMD_FN(simd_smov_w_##sz) {                                                                    \
        int32_t x = cpu->v[A64_RN(insn)].SIMD_F_##ty[mov_index5(insn, lg)];                        \
        a64_set_wreg(cpu, A64_RD(insn), (uint32_t)x);                                              \
    }                                                                                              \
    SIMD_FN(simd_smov_x_##sz) {                                                                    \
        int64_t x = cpu->v[A64_RN(insn)].SIMD_F_##ty[mov_index5(insn, lg)];                        \
        a64_set_xreg(cpu, A64_RD(insn), (uint64_t)x);                                              \
    }
SMOV(b, 0, s8)
SMOV(h, 1, s16)
SMOV(s, 2, s32)

/* ---- modified immediate ---- */

/* AdvSIMDExpandImm for every cmode/op the table admits (cmode 1111 is FMOV, not here). */
static uint64_t mov_expand_imm(uint32_t op, uint32_t cmode, uint64_t imm8) {
    switch (cmode >> 1) {
    case 0: return imm8 * 0x0000000100000001ull;
    case 1: return (imm8 << 8) * 0x0000000100000001ull;
    case 2: return (imm8 << 16) * 0x0000000100000001ull;
    case 3: return (imm8 << 24) * 0x0000000100000001ull;
    case 4: return imm8 * 0x0001000100010001ull;
    case 5: return (imm8 << 8) * 0x0001000100010001ull;
    case 6:
        if (cmode & 1) return (imm8 << 16 | 0xffff) * 0x0000000100000001ull;
        return (imm8 << 8 | 0xff) * 0x0000000100000001ull;
    default:
        if (!op) return imm8 * 0x0101010101010101ull;
        /* op = 1: each bit of imm8 becomes a byte of ones or zeros */
        uint64_t r = 0;
        for (int i = 0; i < 8; i++)
            if (imm8 >> i & 1) r |= 0xffull << (8 * i);
        return r;
    }
}

/* MOVI, MVNI, ORR (immediate), BIC (immediate). */
SIMD_FN(simd_movi) {
    uint32_t op = a64_bit(insn, 29), cmode = a64_bits(insn, 15, 12);
    uint64_t imm8 = a64_bits(insn, 18, 16) << 5 | a64_bits(insn, 9, 5);
    uint64_t imm = mov_expand_imm(op, cmode, imm8);
    emu_vreg r = cpu->v[A64_RD(insn)];
    bool logical = (cmode & 1) && cmode < 12; /* ORR/BIC: cmode 0xx1 and 10x1 */
    if (!logical) {
        /* MVNI is op=1 except for the 64-bit (cmode 1110) MOVI */
        if (op && cmode != 14) imm = ~imm;
        r.d[0] = r.d[1] = imm;
    } else if (op) {
        r.d[0] &= ~imm, r.d[1] &= ~imm;
    } else {
        r.d[0] |= imm, r.d[1] |= imm;
    }
    simd_put(cpu, insn, r);
}

/* ---- EXT, TBL, TBX ---- */

SIMD_FN(simd_ext) {
    unsigned pos = a64_bits(insn, 14, 11);
    uint8_t cat[32];
    if (SIMD_Q(insn)) {
        memcpy(cat, &cpu->v[A64_RN(insn)], 16);
        memcpy(cat + 16, &cpu->v[A64_RM(insn)], 16);
    } else {
        memcpy(cat, &cpu->v[A64_RN(insn)], 8);
        memcpy(cat + 8, &cpu->v[A64_RM(insn)], 8);
    }
    emu_vreg r;
    memcpy(&r, cat + pos, 16);
    simd_put(cpu, insn, r);
}

/* TBL/TBX over 1-4 table registers (Rn, Rn+1, ... modulo 32). pshufb selects a byte where the
 * index is below 16 and gives 0 where bit 7 is set, so each table register r gets the indices
 * rebased by 16*r with a saturating +0x70 that pushes every out-of-range index to >= 0x80. */
SIMD_FN(simd_tbl) {
    int n = (int)a64_bits(insn, 14, 13) + 1, rn = A64_RN(insn);
    __m128i idx = _mm_load_si128((const __m128i *)&cpu->v[A64_RM(insn)]);
    __m128i bias = _mm_set1_epi8(0x70), res = _mm_setzero_si128();
    for (int k = 0; k < n; k++) {
        __m128i tab = _mm_load_si128((const __m128i *)&cpu->v[(rn + k) & 31]);
        __m128i sel = _mm_adds_epu8(_mm_sub_epi8(idx, _mm_set1_epi8((char)(16 * k))), bias);
        res = _mm_or_si128(res, _mm_shuffle_epi8(tab, sel));
    }
    if (a64_bit(insn, 12)) { /* TBX: out-of-range indices keep the destination byte */
        __m128i limit = _mm_set1_epi8((char)(16 * n - 1));
        __m128i in_range = _mm_cmpeq_epi8(_mm_min_epu8(idx, limit), idx);
        __m128i old = _mm_load_si128((const __m128i *)&cpu->v[A64_RD(insn)]);
        res = _mm_blendv_epi8(old, res, in_range);
    }
    emu_vreg r;
    _mm_store_si128((__m128i *)&r, res);
    simd_put(cpu, insn, r);
}

/* ---- permutes: each (op, element size, Q) is two byte shuffles, one of Vn and one of Vm,
 * whose masks (0x80 = zero) are worked out once from the ARM definitions ---- */
uint8_t simd_perm_mask[SIMD_PERM_COUNT][4][2][2][16] __attribute__((aligned(16)));

/* Source element of result element i: 0..lanes-1 are Vn's, lanes..2*lanes-1 Vm's. */
static int perm_source(int op, int lanes, int i) {
    int half = lanes / 2, j = i / 2;
    switch (op) {
    case SIMD_PERM_ZIP1: return i % 2 ? lanes + j : j;
    case SIMD_PERM_ZIP2: return i % 2 ? lanes + half + j : half + j;
    case SIMD_PERM_UZP1: return 2 * i; /* of the concatenation Vm:Vn */
    case SIMD_PERM_UZP2: return 2 * i + 1;
    case SIMD_PERM_TRN1: return i % 2 ? lanes + i - 1 : i;
    default: return i % 2 ? lanes + i : i + 1;
    }
}

__attribute__((constructor)) static void perm_init(void) {
    for (int op = 0; op < SIMD_PERM_COUNT; op++)
        for (int lg = 0; lg < 4; lg++)
            for (int q = 0; q < 2; q++) {
                int es = 1 << lg, lanes = (q ? 16 : 8) / es;
                uint8_t(*m)[16] = simd_perm_mask[op][lg][q];
                memset(m, 0x80, 32);
                for (int i = 0; i < lanes; i++) {
                    int src = perm_source(op, lanes, i), from_m = src >= lanes;
                    for (int k = 0; k < es; k++)
                        m[from_m][i * es + k] = (uint8_t)((src - from_m * lanes) * es + k);
                }
            }
}

static inline void mov_permute(emu_cpu *cpu, uint32_t insn, int op, int lg) {
    __m128i n = _mm_load_si128((const __m128i *)&cpu->v[A64_RN(insn)]);
    __m128i m = _mm_load_si128((const __m128i *)&cpu->v[A64_RM(insn)]);
    _mm_store_si128((__m128i *)&cpu->v[A64_RD(insn)], simd_permute(n, m, op, lg, SIMD_Q(insn)));
}
#define PERMUTES(name, op)                                                                         \
    SIMD_FN(simd_##name##_b) {                                                                     \
        mov_permute(cpu, insn, op, 0);                                                             \
    }                                                                                              \
    SIMD_FN(simd_##name##_h) {                                                                     \
        mov_permute(cpu, insn, op, 1);                                                             \
    }                                                                                              \
    SIMD_FN(simd_##name##_s) {                                                                     \
        mov_permute(cpu, insn, op, 2);                                                             \
    }                                                                                              \
    SIMD_FN(simd_##name##_d) {                                                                     \
        mov_permute(cpu, insn, op, 3);                                                             \
    }
PERMUTES(zip1, SIMD_PERM_ZIP1)
PERMUTES(zip2, SIMD_PERM_ZIP2)
PERMUTES(uzp1, SIMD_PERM_UZP1)
PERMUTES(uzp2, SIMD_PERM_UZP2)
PERMUTES(trn1, SIMD_PERM_TRN1)
PERMUTES(trn2, SIMD_PERM_TRN2)

/* ---- REV16, REV32, REV64: reverse the elements inside each container ---- */
static inline uint64_t mov_rev_in64(uint64_t x, int lg_elem, int lg_cont) {
    /* swap ever smaller halves of each container down to the element size */
    static const uint64_t masks[3] = {0x00ff00ff00ff00ffull, 0x0000ffff0000ffffull,
                                      0x00000000ffffffffull};
    for (int k = lg_cont - 1; k >= lg_elem; k--) {
        int sh = 8 << k;
        x = (x >> sh & masks[k]) | (x & masks[k]) << sh;
    }
    return x;
}
#define REV(name, lg_elem, lg_cont)                                                                \
    SIMD_FN(name) {                                                                                \
        emu_vreg r = cpu->v[A64_RN(insn)];                                                         \
        r.d[0] = mov_rev_in64(r.d[0], lg_elem, lg_cont);                                           \
        r.d[1] = mov_rev_in64(r.d[1], lg_elem, lg_cont);                                           \
        simd_put(cpu, insn, r);                                                                    \
    }
REV(simd_rev16_b, 0, 1)
REV(simd_rev32_b, 0, 2)
REV(simd_rev32_h, 1, 2)
REV(simd_rev64_b, 0, 3)
REV(simd_rev64_h, 1, 3)
REV(simd_rev64_s, 2, 3)
