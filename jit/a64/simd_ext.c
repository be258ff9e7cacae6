/* simd_ext.c — integer Advanced SIMD extensions past Armv8.0: SQRDMLAH/SQRDMLSH (FEAT_RDM,
 * vector, scalar, by element), SDOT/UDOT (FEAT_DotProd) and USDOT/SUDOT/SMMLA/UMMLA/USMMLA
 * (FEAT_I8MM). */
#include "simd_impl.h"

/* (d << esize +- 2*a*b + round) >> esize, saturated: one rounding, one saturation. */
#define RDMLAH(W, SUB)                                                                             \
    (((simd_i128)d * ((simd_i128)1 << (W)) + ((SUB) ? -2 : 2) * (simd_i128)a * b +                 \
      ((simd_i128)1 << ((W)-1))) >>                                                                \
     (W))

SIMD_DEF_3SAT(simd_sqrdmlah_h, s16, s16, 0, RDMLAH(16, 0))
SIMD_DEF_3SAT(simd_sqrdmlah_s, s32, s32, 0, RDMLAH(32, 0))
SIMD_DEF_3SAT(simd_sqrdmlsh_h, s16, s16, 0, RDMLAH(16, 1))
SIMD_DEF_3SAT(simd_sqrdmlsh_s, s32, s32, 0, RDMLAH(32, 1))
SIMD_DEF_3SAT(simd_s_sqrdmlah_h, s16, s16, 1, RDMLAH(16, 0))
SIMD_DEF_3SAT(simd_s_sqrdmlah_s, s32, s32, 1, RDMLAH(32, 0))
SIMD_DEF_3SAT(simd_s_sqrdmlsh_h, s16, s16, 1, RDMLAH(16, 1))
SIMD_DEF_3SAT(simd_s_sqrdmlsh_s, s32, s32, 1, RDMLAH(32, 1))

/* By element: H lanes take Rm from bits 19:16 and the index H:L:M, S lanes Rm = M:Rm and the
 * index H:L. */
#define DEF_RDM_ELEM(name, ty, SCALAR, SUB)                                                        \
    SIMD_FN(name) {                                                                                \
        const int W = 8 * (int)sizeof(SIMD_T_##ty);                                                \
        unsigned hl = a64_bit(insn, 11) << 1 | a64_bit(insn, 21);                                  \
        int rm = W == 16 ? (int)a64_bits(insn, 19, 16) : A64_RM(insn);                             \
        unsigned idx = W == 16 ? hl << 1 | a64_bit(insn, 20) : hl;                                 \
        const simd_i128 b = cpu->v[rm].SIMD_F_##ty[idx];                                           \
        const emu_vreg n = cpu->v[A64_RN(insn)], old = cpu->v[A64_RD(insn)];                       \
        emu_vreg r = {{0}};                                                                        \
        bool sat = false;                                                                          \
        unsigned cnt = (SCALAR) ? 1 : (SIMD_Q(insn) ? 16 : 8) / sizeof(SIMD_T_##ty);               \
        for (unsigned i = 0; i < cnt; i++) {                                                       \
            simd_i128 a = n.SIMD_F_##ty[i], d = old.SIMD_F_##ty[i];                                \
            r.SIMD_F_##ty[i] = (SIMD_T_##ty)SIMD_SAT(ty, RDMLAH(W, SUB), &sat);                    \
        }                                                                                          \
        if (sat) simd_set_qc(cpu);                                                                 \
        simd_set(cpu, A64_RD(insn), r);                                                            \
    }
DEF_RDM_ELEM(simd_sqrdmlah_e_h, s16, 0, 0)
DEF_RDM_ELEM(simd_sqrdmlah_e_s, s32, 0, 0)
DEF_RDM_ELEM(simd_sqrdmlsh_e_h, s16, 0, 1)
DEF_RDM_ELEM(simd_sqrdmlsh_e_s, s32, 0, 1)
DEF_RDM_ELEM(simd_s_sqrdmlah_e_h, s16, 1, 0)
DEF_RDM_ELEM(simd_s_sqrdmlah_e_s, s32, 1, 0)
DEF_RDM_ELEM(simd_s_sqrdmlsh_e_h, s16, 1, 1)
DEF_RDM_ELEM(simd_s_sqrdmlsh_e_s, s32, 1, 1)

/* SDOT/UDOT/USDOT/SUDOT: each 32-bit lane accumulates the four products of its bytes (Vn's
 * bytes of type nty, Vm's of type mty); the by-element forms take the four bytes of Vm's 32-bit
 * lane H:L for every lane. */
#define DEF_DOT(name, nty, mty, ELEM)                                                              \
    SIMD_FN(name) {                                                                                \
        const emu_vreg n = cpu->v[A64_RN(insn)], m = cpu->v[A64_RM(insn)];                         \
        emu_vreg r = cpu->v[A64_RD(insn)];                                                         \
        unsigned idx = a64_bit(insn, 11) << 1 | a64_bit(insn, 21);                                 \
        for (unsigned i = 0; i < 4; i++) {                                                         \
            unsigned mi = (ELEM) ? idx : i;                                                        \
            uint32_t acc = r.s[i];                                                                 \
            for (unsigned k = 0; k < 4; k++)                                                       \
                acc += (uint32_t)((int32_t)n.SIMD_F_##nty[4 * i + k] *                             \
                                  (int32_t)m.SIMD_F_##mty[4 * mi + k]);                            \
            r.s[i] = acc;                                                                          \
        }                                                                                          \
        simd_put(cpu, insn, r);                                                                    \
    }
DEF_DOT(simd_sdot, s8, s8, 0)
DEF_DOT(simd_udot, u8, u8, 0)
DEF_DOT(simd_usdot, u8, s8, 0)
DEF_DOT(simd_sdot_e, s8, s8, 1)
DEF_DOT(simd_udot_e, u8, u8, 1)
DEF_DOT(simd_usdot_e, u8, s8, 1)
DEF_DOT(simd_sudot_e, s8, u8, 1)

/* SMMLA/UMMLA/USMMLA: Vd, a 2x2 matrix of 32-bit lanes, plus Vn (2x8 bytes) times Vm (2x8 bytes)
 * transposed. */
#define DEF_MMLA(name, nty, mty)                                                                   \
    SIMD_FN(name) {                                                                                \
        const emu_vreg n = cpu->v[A64_RN(insn)], m = cpu->v[A64_RM(insn)];                         \
        emu_vreg r = cpu->v[A64_RD(insn)];                                                         \
        for (unsigned i = 0; i < 2; i++)                                                           \
            for (unsigned j = 0; j < 2; j++) {                                                     \
                uint32_t acc = r.s[2 * i + j];                                                     \
                for (unsigned k = 0; k < 8; k++)                                                   \
                    acc += (uint32_t)((int32_t)n.SIMD_F_##nty[8 * i + k] *                         \
                                      (int32_t)m.SIMD_F_##mty[8 * j + k]);                         \
                r.s[2 * i + j] = acc;                                                              \
            }                                                                                      \
        simd_set(cpu, A64_RD(insn), r);                                                            \
    }
DEF_MMLA(simd_smmla, s8, s8)
DEF_MMLA(simd_ummla, u8, u8)
DEF_MMLA(simd_usmmla, u8, s8)
