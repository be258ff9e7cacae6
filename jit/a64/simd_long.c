/* simd_long.c — Advanced SIMD three-different (long, wide, narrowing-high, saturating doubling,
 * PMULL) and by-element (MUL/MLA/MLS, long multiplies, SQDMULH...) ops, vector and scalar. */
#include "simd_impl.h"

/* By-element operand: Rm and the lane index depend on the element size (H: Rm is 4 bits and
 * the index H:L:M; S: Rm is M:Rm and the index H:L). */
static inline int elem_rm(uint32_t insn, size_t bytes) {
    return bytes == 2 ? (int)a64_bits(insn, 19, 16) : A64_RM(insn);
}
static inline unsigned elem_index(uint32_t insn, size_t bytes) {
    unsigned hl = a64_bit(insn, 11) << 1 | a64_bit(insn, 21);
    return bytes == 2 ? hl << 1 | a64_bit(insn, 20) : hl;
}

/* The second operand: lane i of the selected half of Vm (all of it for scalar forms), or one
 * element of Vm (ELEM). */
#define OPERAND_M(ELEM, sty, SCALAR)                                                               \
    const emu_vreg m_ = (ELEM)     ? cpu->v[elem_rm(insn, sizeof(SIMD_T_##sty))]                   \
                        : (SCALAR) ? cpu->v[A64_RM(insn)]                                          \
                                   : simd_half(cpu, A64_RM(insn), insn);                           \
    const unsigned idx_ = (ELEM) ? elem_index(insn, sizeof(SIMD_T_##sty)) : 0;
#define M_LANE(ELEM, sty, i) ((ELEM) ? m_.SIMD_F_##sty[idx_] : m_.SIMD_F_##sty[(i)])

/* Long: narrow lanes of the selected half of Vn and Vm (or an element), widened to dty;
 * r = EXPR(a, b, d) with d the old Vd lane. */
#define DEF_LONG3(name, sty, dty, ELEM, EXPR)                                                      \
    SIMD_FN(name) {                                                                                \
        typedef SIMD_W_##dty UW;                                                                   \
        (void)sizeof(UW);                                                                          \
        const emu_vreg n_ = simd_half(cpu, A64_RN(insn), insn), *old_ = &cpu->v[A64_RD(insn)];     \
        OPERAND_M(ELEM, sty, 0)                                                                    \
        emu_vreg r_;                                                                               \
        for (unsigned i = 0; i < 16 / sizeof(SIMD_T_##dty); i++) {                                 \
            SIMD_T_##dty a = n_.SIMD_F_##sty[i], b = M_LANE(ELEM, sty, i);                         \
            SIMD_T_##dty d = old_->SIMD_F_##dty[i];                                                \
            (void)d;                                                                               \
            r_.SIMD_F_##dty[i] = (SIMD_T_##dty)(EXPR);                                             \
        }                                                                                          \
        simd_set(cpu, A64_RD(insn), r_);                                                           \
    }
#define ABSDIFF(a, b) ((a) > (b) ? (UW)(a) - (UW)(b) : (UW)(b) - (UW)(a))

/* named by the narrow (source) lane: _b makes 16-bit lanes, _h 32-bit, _s 64-bit */
#define DEF_LONG3_SIZES(name, S, ELEM, EXPR)                                                       \
    DEF_LONG3(name##_b, S##8, S##16, ELEM, EXPR)                                                   \
    DEF_LONG3(name##_h, S##16, S##32, ELEM, EXPR)                                                  \
    DEF_LONG3(name##_s, S##32, S##64, ELEM, EXPR)
/* the by-element forms of the long multiplies (the vector forms are long_op below) */
#define DEF_LONG3_E(name, S, EXPR)                                                                 \
    DEF_LONG3(simd_##name##_e_h, S##16, S##32, 1, EXPR)                                            \
    DEF_LONG3(simd_##name##_e_s, S##32, S##64, 1, EXPR)
DEF_LONG3_SIZES(simd_sabdl, s, 0, ABSDIFF(a, b))
DEF_LONG3_SIZES(simd_uabdl, u, 0, ABSDIFF(a, b))
DEF_LONG3_SIZES(simd_sabal, s, 0, (UW)d + ABSDIFF(a, b))
DEF_LONG3_SIZES(simd_uabal, u, 0, (UW)d + ABSDIFF(a, b))
DEF_LONG3_E(smull, s, (UW)a *(UW)b)
DEF_LONG3_E(umull, u, (UW)a *(UW)b)
DEF_LONG3_E(smlal, s, (UW)d + (UW)a * (UW)b)
DEF_LONG3_E(umlal, u, (UW)d + (UW)a * (UW)b)
DEF_LONG3_E(smlsl, s, (UW)d - (UW)a * (UW)b)
DEF_LONG3_E(umlsl, u, (UW)d - (UW)a * (UW)b)

/* Long and wide add/subtract/multiply(-accumulate), vector forms, in SSE: both operands (one
 * for the wide forms) are the selected halves widened, the operation runs at the wide lane. */
enum { LONG_MULL, LONG_MLAL, LONG_MLSL, LONG_ADDL, LONG_SUBL, LONG_ADDW, LONG_SUBW };
static inline void long_op(emu_cpu *cpu, uint32_t insn, int lg_src, bool sgn, int kind) {
    int lg = lg_src + 1;
    __m128i b = simd_widen(simd_half_v(cpu, A64_RM(insn), insn), lg_src, sgn), a, r;
    if (kind == LONG_ADDW || kind == LONG_SUBW)
        a = _mm_load_si128((const __m128i *)&cpu->v[A64_RN(insn)]);
    else
        a = simd_widen(simd_half_v(cpu, A64_RN(insn), insn), lg_src, sgn);
    switch (kind) {
    case LONG_ADDL:
    case LONG_ADDW: r = simd_add_lg(a, b, lg); break;
    case LONG_SUBL:
    case LONG_SUBW: r = simd_sub_lg(a, b, lg); break;
    default:
        r = simd_mul_wide(a, b, lg, sgn);
        if (kind != LONG_MULL) {
            __m128i d = _mm_load_si128((const __m128i *)&cpu->v[A64_RD(insn)]);
            r = kind == LONG_MLAL ? simd_add_lg(d, r, lg) : simd_sub_lg(d, r, lg);
        }
        break;
    }
    _mm_store_si128((__m128i *)&cpu->v[A64_RD(insn)], r);
}
#define DEF_LONG_OP(name, sgn, kind)                                                               \
    SIMD_FN(simd_##name##_b) {                                                                     \
        long_op(cpu, insn, 0, sgn, kind);                                                          \
    }                                                                                              \
    SIMD_FN(simd_##name##_h) {                                                                     \
        long_op(cpu, insn, 1, sgn, kind);                                                          \
    }                                                                                              \
    SIMD_FN(simd_##name##_s) {                                                                     \
        long_op(cpu, insn, 2, sgn, kind);                                                          \
    }
DEF_LONG_OP(smull, true, LONG_MULL)
DEF_LONG_OP(umull, false, LONG_MULL)
DEF_LONG_OP(smlal, true, LONG_MLAL)
DEF_LONG_OP(umlal, false, LONG_MLAL)
DEF_LONG_OP(smlsl, true, LONG_MLSL)
DEF_LONG_OP(umlsl, false, LONG_MLSL)
DEF_LONG_OP(saddl, true, LONG_ADDL)
DEF_LONG_OP(uaddl, false, LONG_ADDL)
DEF_LONG_OP(ssubl, true, LONG_SUBL)
DEF_LONG_OP(usubl, false, LONG_SUBL)
DEF_LONG_OP(saddw, true, LONG_ADDW)
DEF_LONG_OP(uaddw, false, LONG_ADDW)
DEF_LONG_OP(ssubw, true, LONG_SUBW)
DEF_LONG_OP(usubw, false, LONG_SUBW)

/* ADDHN/SUBHN/RADDHN/RSUBHN: high half of the (rounded) wide sum, written as a narrow half. */
#define DEF_HN(name, wty, nty, SUB, ROUND)                                                         \
    SIMD_FN(name) {                                                                                \
        const emu_vreg *n_ = &cpu->v[A64_RN(insn)], *m_ = &cpu->v[A64_RM(insn)];                   \
        const int W = 8 * (int)sizeof(SIMD_T_##nty);                                               \
        emu_vreg r_ = {{0}};                                                                       \
        for (unsigned i = 0; i < 8 / sizeof(SIMD_T_##nty); i++) {                                  \
            SIMD_T_##wty a = n_->SIMD_F_##wty[i], b = m_->SIMD_F_##wty[i];                         \
            SIMD_T_##wty s = (SIMD_T_##wty)(((SUB) ? a - b : a + b) +                              \
                                            ((ROUND) ? (SIMD_T_##wty)1 << (W - 1) : 0));           \
            r_.SIMD_F_##nty[i] = (SIMD_T_##nty)(s >> W);                                           \
        }                                                                                          \
        simd_put_narrow(cpu, insn, r_);                                                            \
    }
#define DEF_HN_SIZES(name, SUB, ROUND)                                                             \
    DEF_HN(simd_##name##_b, u16, u8, SUB, ROUND)                                                   \
    DEF_HN(simd_##name##_h, u32, u16, SUB, ROUND)                                                  \
    DEF_HN(simd_##name##_s, u64, u32, SUB, ROUND)
DEF_HN_SIZES(addhn, 0, 0)
DEF_HN_SIZES(raddhn, 0, 1)
DEF_HN_SIZES(subhn, 1, 0)
DEF_HN_SIZES(rsubhn, 1, 1)

/* SQDMULL/SQDMLAL/SQDMLSL: saturated 2*a*b, then (ACC = +-1) saturated accumulate into Vd. */
#define DEF_QDML(name, sty, dty, ELEM, SCALAR, ACC)                                                \
    SIMD_FN(name) {                                                                                \
        const emu_vreg n_ = (SCALAR) ? cpu->v[A64_RN(insn)] : simd_half(cpu, A64_RN(insn), insn);  \
        const emu_vreg *old_ = &cpu->v[A64_RD(insn)];                                              \
        OPERAND_M(ELEM, sty, SCALAR)                                                               \
        emu_vreg r_ = {{0}};                                                                       \
        bool sat_ = false;                                                                         \
        for (unsigned i = 0; i < ((SCALAR) ? 1 : 16 / sizeof(SIMD_T_##dty)); i++) {                \
            simd_i128 a = n_.SIMD_F_##sty[i], b = M_LANE(ELEM, sty, i);                            \
            simd_i128 p = SIMD_SAT(dty, a * b * 2, &sat_);                                         \
            if (ACC) p = SIMD_SAT(dty, old_->SIMD_F_##dty[i] + (ACC)*p, &sat_);                    \
            r_.SIMD_F_##dty[i] = (SIMD_T_##dty)p;                                                  \
        }                                                                                          \
        if (sat_) simd_set_qc(cpu);                                                                \
        simd_set(cpu, A64_RD(insn), r_);                                                           \
    }
#define DEF_QDML_ALL(name, ACC)                                                                    \
    DEF_QDML(simd_##name##_h, s16, s32, 0, 0, ACC)                                                 \
    DEF_QDML(simd_##name##_s, s32, s64, 0, 0, ACC)                                                 \
    DEF_QDML(simd_##name##_e_h, s16, s32, 1, 0, ACC)                                               \
    DEF_QDML(simd_##name##_e_s, s32, s64, 1, 0, ACC)                                               \
    DEF_QDML(simd_s_##name##_h, s16, s32, 0, 1, ACC)                                               \
    DEF_QDML(simd_s_##name##_s, s32, s64, 0, 1, ACC)                                               \
    DEF_QDML(simd_s_##name##_e_h, s16, s32, 1, 1, ACC)                                             \
    DEF_QDML(simd_s_##name##_e_s, s32, s64, 1, 1, ACC)
DEF_QDML_ALL(sqdmull, 0)
DEF_QDML_ALL(sqdmlal, 1)
DEF_QDML_ALL(sqdmlsl, -1)

/* ---- by element, same-width lanes ---- */
#define DEF_ELEM3(name, ty, EXPR)                                                                  \
    SIMD_FN(name) {                                                                                \
        typedef SIMD_W_##ty UW;                                                                    \
        (void)sizeof(UW);                                                                          \
        const emu_vreg n_ = cpu->v[A64_RN(insn)], old_ = cpu->v[A64_RD(insn)];                     \
        OPERAND_M(1, ty, 0)                                                                        \
        const SIMD_T_##ty b = m_.SIMD_F_##ty[idx_];                                                \
        emu_vreg r_;                                                                               \
        for (unsigned i = 0; i < 16 / sizeof(SIMD_T_##ty); i++) {                                  \
            SIMD_T_##ty a = n_.SIMD_F_##ty[i], d = old_.SIMD_F_##ty[i];                            \
            (void)d;                                                                               \
            r_.SIMD_F_##ty[i] = (SIMD_T_##ty)(EXPR);                                               \
        }                                                                                          \
        simd_put(cpu, insn, r_);                                                                   \
    }
DEF_ELEM3(simd_mul_e_h, u16, (UW)a *(UW)b)
DEF_ELEM3(simd_mul_e_s, u32, (UW)a *(UW)b)
DEF_ELEM3(simd_mla_e_h, u16, d + (UW)a * (UW)b)
DEF_ELEM3(simd_mla_e_s, u32, d + (UW)a * (UW)b)
DEF_ELEM3(simd_mls_e_h, u16, d - (UW)a * (UW)b)
DEF_ELEM3(simd_mls_e_s, u32, d - (UW)a * (UW)b)

/* SQDMULH/SQRDMULH by element, vector and scalar */
#define DEF_ELEM_DMULH(name, ty, SCALAR, ROUND)                                                    \
    SIMD_FN(name) {                                                                                \
        const emu_vreg n_ = cpu->v[A64_RN(insn)];                                                  \
        OPERAND_M(1, ty, 0)                                                                        \
        const int W = 8 * (int)sizeof(SIMD_T_##ty);                                                \
        const simd_i128 b = m_.SIMD_F_##ty[idx_];                                                  \
        emu_vreg r_ = {{0}};                                                                       \
        bool sat_ = false;                                                                         \
        unsigned cnt_ = (SCALAR) ? 1 : (SIMD_Q(insn) ? 16 : 8) / sizeof(SIMD_T_##ty);              \
        for (unsigned i = 0; i < cnt_; i++) {                                                      \
            simd_i128 p = (n_.SIMD_F_##ty[i] * b * 2 + ((simd_i128)(ROUND) << (W - 1))) >> W;      \
            r_.SIMD_F_##ty[i] = (SIMD_T_##ty)SIMD_SAT(ty, p, &sat_);                               \
        }                                                                                          \
        if (sat_) simd_set_qc(cpu);                                                                \
        simd_set(cpu, A64_RD(insn), r_);                                                           \
    }
DEF_ELEM_DMULH(simd_sqdmulh_e_h, s16, 0, 0)
DEF_ELEM_DMULH(simd_sqdmulh_e_s, s32, 0, 0)
DEF_ELEM_DMULH(simd_sqrdmulh_e_h, s16, 0, 1)
DEF_ELEM_DMULH(simd_sqrdmulh_e_s, s32, 0, 1)
DEF_ELEM_DMULH(simd_s_sqdmulh_e_h, s16, 1, 0)
DEF_ELEM_DMULH(simd_s_sqdmulh_e_s, s32, 1, 0)
DEF_ELEM_DMULH(simd_s_sqrdmulh_e_h, s16, 1, 1)
DEF_ELEM_DMULH(simd_s_sqrdmulh_e_s, s32, 1, 1)

/* ---- polynomial multiply long ---- */
static inline uint16_t long_clmul8(uint8_t a, uint8_t b) {
    uint16_t r = 0;
    for (int i = 0; i < 8; i++)
        if (b >> i & 1) r ^= (uint16_t)(a << i);
    return r;
}
SIMD_FN(simd_pmull_b) {
    const emu_vreg n = cpu->v[A64_RN(insn)], m = cpu->v[A64_RM(insn)];
    unsigned base = SIMD_Q(insn) ? 8 : 0;
    emu_vreg r;
    for (unsigned i = 0; i < 8; i++)
        r.h[i] = long_clmul8(n.b[base + i], m.b[base + i]);
    simd_set(cpu, A64_RD(insn), r);
}

/* PMULL/PMULL2 (1Q from 1D): carry-less 64x64 -> 128 multiply, with PCLMULQDQ when the host
 * has it. */
__attribute__((target("pclmul"))) static __m128i long_clmul64_hw(uint64_t a, uint64_t b) {
    return _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)a), _mm_cvtsi64_si128((long long)b),
                                0);
}
SIMD_FN(simd_pmull_d) {
    unsigned q = SIMD_Q(insn);
    uint64_t a = cpu->v[A64_RN(insn)].d[q], b = cpu->v[A64_RM(insn)].d[q];
    emu_vreg r = {{0}};
    if (!simd_no_host_crypto && __builtin_cpu_supports("pclmul")) {
        _mm_store_si128((__m128i *)&r, long_clmul64_hw(a, b));
    } else {
        for (int i = 0; i < 64; i++)
            if (b >> i & 1) r.d[0] ^= a << i, r.d[1] ^= i ? a >> (64 - i) : 0;
    }
    simd_set(cpu, A64_RD(insn), r);
}
