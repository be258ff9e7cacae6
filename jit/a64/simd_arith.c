/* simd_arith.c — Advanced SIMD three-same integer arithmetic (vector and scalar): add/sub,
 * multiply, compares, halving, min/max, absolute difference, logic, pairwise, saturating. */
#include "simd_impl.h"

/* One definition per element type: the signed and unsigned lane types of each size. */
#define DEF3_BHS(name, S, EXPR)                                                                    \
    SIMD_DEF_3(name##_b, S##8, EXPR)                                                               \
    SIMD_DEF_3(name##_h, S##16, EXPR) SIMD_DEF_3(name##_s, S##32, EXPR)
#define DEF3_BHSD(name, S, EXPR) DEF3_BHS(name, S, EXPR) SIMD_DEF_3(name##_d, S##64, EXPR)

/* Scalar (lane 0, rest of Vd cleared) for the D-only scalar forms. */
#define DEF3_SCALAR_D(name, ty, EXPR)                                                              \
    SIMD_FN(name) {                                                                                \
        SIMD_T_##ty a = cpu->v[A64_RN(insn)].SIMD_F_##ty[0],                                       \
                    b = cpu->v[A64_RM(insn)].SIMD_F_##ty[0];                                       \
        emu_vreg r = {{0}};                                                                        \
        r.SIMD_F_##ty[0] = (SIMD_T_##ty)(EXPR);                                                    \
        simd_set(cpu, A64_RD(insn), r);                                                            \
    }

#define ABSDIFF(a, b) ((a) > (b) ? (UW)(a) - (UW)(b) : (UW)(b) - (UW)(a))

DEF3_BHSD(simd_add, u, a + b)
DEF3_BHSD(simd_sub, u, a - b)
DEF3_BHS(simd_mul, u, (uint64_t)a *b)
DEF3_BHS(simd_mla, u, (UW)d + (UW)a * (UW)b)
DEF3_BHS(simd_mls, u, (UW)d - (UW)a * (UW)b)
DEF3_BHSD(simd_cmgt, s, a > b ? -1 : 0)
DEF3_BHSD(simd_cmge, s, a >= b ? -1 : 0)
DEF3_BHSD(simd_cmhi, u, a > b ? -1 : 0)
DEF3_BHSD(simd_cmhs, u, a >= b ? -1 : 0)
DEF3_BHSD(simd_cmeq, u, a == b ? -1 : 0)
DEF3_BHSD(simd_cmtst, u, (a & b) ? -1 : 0)
DEF3_BHS(simd_shadd, s, ((int64_t)a + b) >> 1)
DEF3_BHS(simd_uhadd, u, ((uint64_t)a + b) >> 1)
DEF3_BHS(simd_srhadd, s, ((int64_t)a + b + 1) >> 1)
DEF3_BHS(simd_urhadd, u, ((uint64_t)a + b + 1) >> 1)
DEF3_BHS(simd_shsub, s, ((int64_t)a - b) >> 1)
DEF3_BHS(simd_uhsub, u, ((int64_t)a - (int64_t)b) >> 1)
DEF3_BHS(simd_smax, s, a > b ? a : b)
DEF3_BHS(simd_smin, s, a < b ? a : b)
DEF3_BHS(simd_umax, u, a > b ? a : b)
DEF3_BHS(simd_umin, u, a < b ? a : b)
DEF3_BHS(simd_sabd, s, ABSDIFF(a, b))
DEF3_BHS(simd_uabd, u, ABSDIFF(a, b))
DEF3_BHS(simd_saba, s, (UW)d + ABSDIFF(a, b))
DEF3_BHS(simd_uaba, u, (UW)d + ABSDIFF(a, b))

/* Polynomial (carry-less) multiply of two bytes, low 8 bits. */
static inline uint8_t arith_pmul8(uint8_t a, uint8_t b) {
    uint8_t r = 0;
    for (int i = 0; i < 8; i++)
        if (b >> i & 1) r ^= (uint8_t)(a << i);
    return r;
}
SIMD_DEF_3(simd_pmul_b, u8, arith_pmul8(a, b))

DEF3_SCALAR_D(simd_s_add_d, u64, a + b)
DEF3_SCALAR_D(simd_s_sub_d, u64, a - b)
DEF3_SCALAR_D(simd_s_cmgt_d, s64, a > b ? -1 : 0)
DEF3_SCALAR_D(simd_s_cmge_d, s64, a >= b ? -1 : 0)
DEF3_SCALAR_D(simd_s_cmhi_d, u64, a > b ? -1 : 0)
DEF3_SCALAR_D(simd_s_cmhs_d, u64, a >= b ? -1 : 0)
DEF3_SCALAR_D(simd_s_cmeq_d, u64, a == b ? -1 : 0)
DEF3_SCALAR_D(simd_s_cmtst_d, u64, (a & b) ? -1 : 0)

/* ---- bitwise, on whole 64-bit halves ---- */
#define DEF_LOGIC(name, EXPR)                                                                      \
    SIMD_FN(name) {                                                                                \
        const emu_vreg *va_ = &cpu->v[A64_RN(insn)], *vb_ = &cpu->v[A64_RM(insn)];                 \
        const emu_vreg *vd_ = &cpu->v[A64_RD(insn)];                                               \
        emu_vreg r;                                                                                \
        for (int i = 0; i < 2; i++) {                                                              \
            uint64_t a = va_->d[i], b = vb_->d[i], d = vd_->d[i];                                  \
            (void)d;                                                                               \
            r.d[i] = (EXPR);                                                                       \
        }                                                                                          \
        simd_put(cpu, insn, r);                                                                    \
    }
DEF_LOGIC(simd_and, a &b)
DEF_LOGIC(simd_bic, a & ~b)
DEF_LOGIC(simd_orr, a | b)
DEF_LOGIC(simd_orn, a | ~b)
DEF_LOGIC(simd_eor, a ^ b)
DEF_LOGIC(simd_bsl, (a & d) | (b & ~d))
DEF_LOGIC(simd_bit, (a & b) | (d & ~b))
DEF_LOGIC(simd_bif, (d & b) | (a & ~b))

/* ---- pairwise: the lower half of the result from pairs of Vn, the upper half from Vm; that is
 * OP(UZP1(Vn, Vm), UZP2(Vn, Vm)), and for Q=0 both shuffles leave the upper half zero ---- */
#define DEF_PAIR(name, lg, OP)                                                                     \
    SIMD_FN(name) {                                                                                \
        __m128i n = _mm_load_si128((const __m128i *)&cpu->v[A64_RN(insn)]);                        \
        __m128i m = _mm_load_si128((const __m128i *)&cpu->v[A64_RM(insn)]);                        \
        unsigned q = SIMD_Q(insn);                                                                 \
        __m128i even = simd_permute(n, m, SIMD_PERM_UZP1, lg, q);                                  \
        __m128i odd = simd_permute(n, m, SIMD_PERM_UZP2, lg, q);                                   \
        _mm_store_si128((__m128i *)&cpu->v[A64_RD(insn)], OP(even, odd));                          \
    }
DEF_PAIR(simd_addp_b, 0, _mm_add_epi8)
DEF_PAIR(simd_addp_h, 1, _mm_add_epi16)
DEF_PAIR(simd_addp_s, 2, _mm_add_epi32)
DEF_PAIR(simd_addp_d, 3, _mm_add_epi64)
DEF_PAIR(simd_smaxp_b, 0, _mm_max_epi8)
DEF_PAIR(simd_smaxp_h, 1, _mm_max_epi16)
DEF_PAIR(simd_smaxp_s, 2, _mm_max_epi32)
DEF_PAIR(simd_sminp_b, 0, _mm_min_epi8)
DEF_PAIR(simd_sminp_h, 1, _mm_min_epi16)
DEF_PAIR(simd_sminp_s, 2, _mm_min_epi32)
DEF_PAIR(simd_umaxp_b, 0, _mm_max_epu8)
DEF_PAIR(simd_umaxp_h, 1, _mm_max_epu16)
DEF_PAIR(simd_umaxp_s, 2, _mm_max_epu32)
DEF_PAIR(simd_uminp_b, 0, _mm_min_epu8)
DEF_PAIR(simd_uminp_h, 1, _mm_min_epu16)
DEF_PAIR(simd_uminp_s, 2, _mm_min_epu32)

/* ADDP (scalar): Dd = Vn.d[0] + Vn.d[1] */
SIMD_FN(simd_s_addp_d) {
    emu_vreg r = {{0}};
    r.d[0] = cpu->v[A64_RN(insn)].d[0] + cpu->v[A64_RN(insn)].d[1];
    simd_set(cpu, A64_RD(insn), r);
}

/* ---- saturating (vector and scalar) ---- */
#define DEF_SAT_SIZES(name, S, EXPR)                                                               \
    SIMD_DEF_3SAT(simd_##name##_b, S##8, S##8, 0, EXPR)                                            \
    SIMD_DEF_3SAT(simd_##name##_h, S##16, S##16, 0, EXPR)                                          \
    SIMD_DEF_3SAT(simd_##name##_s, S##32, S##32, 0, EXPR)                                          \
    SIMD_DEF_3SAT(simd_##name##_d, S##64, S##64, 0, EXPR)                                          \
    SIMD_DEF_3SAT(simd_s_##name##_b, S##8, S##8, 1, EXPR)                                          \
    SIMD_DEF_3SAT(simd_s_##name##_h, S##16, S##16, 1, EXPR)                                        \
    SIMD_DEF_3SAT(simd_s_##name##_s, S##32, S##32, 1, EXPR)                                        \
    SIMD_DEF_3SAT(simd_s_##name##_d, S##64, S##64, 1, EXPR)
DEF_SAT_SIZES(sqadd, s, (simd_i128)a + b)
DEF_SAT_SIZES(uqadd, u, (simd_i128)a + b)
DEF_SAT_SIZES(sqsub, s, (simd_i128)a - b)
DEF_SAT_SIZES(uqsub, u, (simd_i128)a - b)

/* SQDMULH/SQRDMULH: high half of 2*a*b (rounded), H and S lanes */
#define DMULH(W, round) (((simd_i128)a * b * 2 + ((simd_i128)(round) << ((W)-1))) >> (W))
SIMD_DEF_3SAT(simd_sqdmulh_h, s16, s16, 0, DMULH(16, 0))
SIMD_DEF_3SAT(simd_sqdmulh_s, s32, s32, 0, DMULH(32, 0))
SIMD_DEF_3SAT(simd_sqrdmulh_h, s16, s16, 0, DMULH(16, 1))
SIMD_DEF_3SAT(simd_sqrdmulh_s, s32, s32, 0, DMULH(32, 1))
SIMD_DEF_3SAT(simd_s_sqdmulh_h, s16, s16, 1, DMULH(16, 0))
SIMD_DEF_3SAT(simd_s_sqdmulh_s, s32, s32, 1, DMULH(32, 0))
SIMD_DEF_3SAT(simd_s_sqrdmulh_h, s16, s16, 1, DMULH(16, 1))
SIMD_DEF_3SAT(simd_s_sqrdmulh_s, s32, s32, 1, DMULH(32, 1))
