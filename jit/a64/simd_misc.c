/* simd_misc.c — Advanced SIMD two-register misc (integer: compares with zero, ABS/NEG, CLS/
 * CLZ/CNT/NOT/RBIT, pairwise long adds, narrowing XTN..SQXTUN, SHLL, SQABS/SQNEG, SUQADD/
 * USQADD, URECPE/URSQRTE; vector and scalar) and across-lanes (ADDV, SADDLV/UADDLV, S/UMAXV,
 * S/UMINV). */
#include "simd_impl.h"

#define DEF2_BHS(name, S, EXPR)                                                                    \
    SIMD_DEF_2(name##_b, S##8, EXPR)                                                               \
    SIMD_DEF_2(name##_h, S##16, EXPR) SIMD_DEF_2(name##_s, S##32, EXPR)
#define DEF2_BHSD(name, S, EXPR) DEF2_BHS(name, S, EXPR) SIMD_DEF_2(name##_d, S##64, EXPR)

/* Scalar D form: lane 0, rest of Vd cleared. */
#define DEF2_SCALAR_D(name, ty, EXPR)                                                              \
    SIMD_FN(name) {                                                                                \
        typedef SIMD_W_##ty UW;                                                                    \
        (void)sizeof(UW);                                                                          \
        SIMD_T_##ty a = cpu->v[A64_RN(insn)].SIMD_F_##ty[0];                                       \
        emu_vreg r = {{0}};                                                                        \
        r.SIMD_F_##ty[0] = (SIMD_T_##ty)(EXPR);                                                    \
        simd_set(cpu, A64_RD(insn), r);                                                            \
    }
#define DEF2_VS(name, S, EXPR)                                                                     \
    DEF2_BHSD(simd_##name, S, EXPR) DEF2_SCALAR_D(simd_s_##name##_d, S##64, EXPR)

DEF2_VS(cmgt0, s, a > 0 ? -1 : 0)
DEF2_VS(cmge0, s, a >= 0 ? -1 : 0)
DEF2_VS(cmeq0, s, a == 0 ? -1 : 0)
DEF2_VS(cmle0, s, a <= 0 ? -1 : 0)
DEF2_VS(cmlt0, s, a < 0 ? -1 : 0)
DEF2_VS(abs, s, a < 0 ? -(UW)a : (UW)a)
DEF2_VS(neg, s, -(UW)a)

/* Leading zeros of x within W bits. */
static inline unsigned misc_clz(uint64_t x, int W) {
    return x ? (unsigned)__builtin_clzll(x) - (unsigned)(64 - W) : (unsigned)W;
}
#define LANE_W ((int)(8 * sizeof a))
DEF2_BHS(simd_clz, u, misc_clz(a, LANE_W))
/* leading bits equal to the sign bit, not counting the sign bit itself */
DEF2_BHS(simd_cls, s,
         misc_clz((uint64_t)(a ^ (a >> (LANE_W - 1))) & (~0ull >> (64 - LANE_W)), LANE_W) - 1)
SIMD_DEF_2(simd_cnt_b, u8, __builtin_popcount(a))
SIMD_DEF_2(simd_not_b, u8, ~a)

static inline uint8_t misc_rbit8(uint8_t x) {
    x = (uint8_t)((x & 0xf0) >> 4 | (x & 0x0f) << 4);
    x = (uint8_t)((x & 0xcc) >> 2 | (x & 0x33) << 2);
    return (uint8_t)((x & 0xaa) >> 1 | (x & 0x55) << 1);
}
SIMD_DEF_2(simd_rbit_b, u8, misc_rbit8(a))

/* ---- saturating unary and accumulate (vector and scalar, every size) ---- */
#define DEF_SAT2(name, S, D, EXPR)                                                                 \
    SIMD_DEF_3SAT(simd_##name##_b, S##8, D##8, 0, EXPR)                                            \
    SIMD_DEF_3SAT(simd_##name##_h, S##16, D##16, 0, EXPR)                                          \
    SIMD_DEF_3SAT(simd_##name##_s, S##32, D##32, 0, EXPR)                                          \
    SIMD_DEF_3SAT(simd_##name##_d, S##64, D##64, 0, EXPR)                                          \
    SIMD_DEF_3SAT(simd_s_##name##_b, S##8, D##8, 1, EXPR)                                          \
    SIMD_DEF_3SAT(simd_s_##name##_h, S##16, D##16, 1, EXPR)                                        \
    SIMD_DEF_3SAT(simd_s_##name##_s, S##32, D##32, 1, EXPR)                                        \
    SIMD_DEF_3SAT(simd_s_##name##_d, S##64, D##64, 1, EXPR)
DEF_SAT2(sqabs, s, s, a < 0 ? -(simd_i128)a : (simd_i128)a)
DEF_SAT2(sqneg, s, s, -(simd_i128)a)
/* SUQADD: signed Vd plus unsigned Vn; USQADD: unsigned Vd plus signed Vn. The lane type of
 * the template is Vd's; Vn's lane is reinterpreted at the same width. */
#define AS_UNSIGNED(x) ((simd_i128)(x) & (((simd_i128)1 << (8 * sizeof(x))) - 1))
#define AS_SIGNED(x)                                                                               \
    ((simd_i128)(x) - (((simd_i128)((x) >> (8 * sizeof(x) - 1)) & 1) << (8 * sizeof(x))))
DEF_SAT2(suqadd, s, s, AS_UNSIGNED(a) + d)
DEF_SAT2(usqadd, u, u, AS_SIGNED(a) + d)

/* ---- narrowing: XTN, SQXTN, UQXTN, SQXTUN (named by the destination lane) ---- */
#define DEF_XTN(name, S, D, SAT)                                                                   \
    SIMD_DEF_NARROW(simd_##name##_b, S##16, D##8, 0, SAT, a)                                       \
    SIMD_DEF_NARROW(simd_##name##_h, S##32, D##16, 0, SAT, a)                                      \
    SIMD_DEF_NARROW(simd_##name##_s, S##64, D##32, 0, SAT, a)                                      \
    SIMD_DEF_NARROW(simd_s_##name##_b, S##16, D##8, 1, SAT, a)                                     \
    SIMD_DEF_NARROW(simd_s_##name##_h, S##32, D##16, 1, SAT, a)                                    \
    SIMD_DEF_NARROW(simd_s_##name##_s, S##64, D##32, 1, SAT, a)
static inline void misc_xtn(emu_cpu *cpu, uint32_t insn, int lg_dst) {
    __m128i x = _mm_load_si128((const __m128i *)&cpu->v[A64_RN(insn)]);
    simd_put_narrow_v(cpu, insn, simd_truncate(x, lg_dst));
}
SIMD_FN(simd_xtn_b) {
    misc_xtn(cpu, insn, 0);
}
SIMD_FN(simd_xtn_h) {
    misc_xtn(cpu, insn, 1);
}
SIMD_FN(simd_xtn_s) {
    misc_xtn(cpu, insn, 2);
}
DEF_XTN(sqxtn, s, s, true)
DEF_XTN(uqxtn, u, u, true)
DEF_XTN(sqxtun, s, u, true)

/* SHLL: widen and shift left by the source element size (named by the source lane) */
SIMD_DEF_LONG(simd_shll_b, u8, u16, (UW)a << 8)
SIMD_DEF_LONG(simd_shll_h, u16, u32, (UW)a << 16)
SIMD_DEF_LONG(simd_shll_s, u32, u64, (UW)a << 32)

/* ---- pairwise long add (and accumulate): lanes 2i and 2i+1 of Vn into lane i, as the sum of
 * the even lanes and the odd lanes extended in place (shifts within the wide lane) ---- */
static inline __m128i misc_addlp(__m128i x, int lg_src, bool sgn) {
    switch (lg_src) {
    case 0:
        if (sgn)
            return _mm_add_epi16(_mm_srai_epi16(_mm_slli_epi16(x, 8), 8), _mm_srai_epi16(x, 8));
        return _mm_add_epi16(_mm_and_si128(x, _mm_set1_epi16(0xff)), _mm_srli_epi16(x, 8));
    case 1:
        if (sgn) return _mm_madd_epi16(x, _mm_set1_epi16(1));
        return _mm_add_epi32(_mm_and_si128(x, _mm_set1_epi32(0xffff)), _mm_srli_epi32(x, 16));
    default: {
        __m128i even = _mm_shuffle_epi32(x, _MM_SHUFFLE(3, 1, 2, 0)), odd = _mm_srli_si128(even, 8);
        return sgn ? _mm_add_epi64(_mm_cvtepi32_epi64(even), _mm_cvtepi32_epi64(odd))
                   : _mm_add_epi64(_mm_cvtepu32_epi64(even), _mm_cvtepu32_epi64(odd));
    }
    }
}
static inline void misc_addlp_op(emu_cpu *cpu, uint32_t insn, int lg_src, bool sgn, bool acc) {
    __m128i r = misc_addlp(_mm_load_si128((const __m128i *)&cpu->v[A64_RN(insn)]), lg_src, sgn);
    if (acc) r = simd_add_lg(r, _mm_load_si128((const __m128i *)&cpu->v[A64_RD(insn)]), lg_src + 1);
    emu_vreg v;
    _mm_store_si128((__m128i *)&v, r);
    simd_put(cpu, insn, v);
}
#define DEF_ADDLP(name, sgn, acc)                                                                  \
    SIMD_FN(simd_##name##_b) {                                                                     \
        misc_addlp_op(cpu, insn, 0, sgn, acc);                                                     \
    }                                                                                              \
    SIMD_FN(simd_##name##_h) {                                                                     \
        misc_addlp_op(cpu, insn, 1, sgn, acc);                                                     \
    }                                                                                              \
    SIMD_FN(simd_##name##_s) {                                                                     \
        misc_addlp_op(cpu, insn, 2, sgn, acc);                                                     \
    }
DEF_ADDLP(saddlp, true, false)
DEF_ADDLP(uaddlp, false, false)
DEF_ADDLP(sadalp, true, true)
DEF_ADDLP(uadalp, false, true)

/* ---- across lanes: the result is a scalar of type rty in lane 0 ---- */
#define DEF_ACROSS(name, ty, rty, STEP)                                                            \
    SIMD_FN(name) {                                                                                \
        const emu_vreg *va = &cpu->v[A64_RN(insn)];                                                \
        unsigned n = (SIMD_Q(insn) ? 16 : 8) / sizeof(SIMD_T_##ty);                                \
        SIMD_T_##rty acc = va->SIMD_F_##ty[0];                                                     \
        for (unsigned i = 1; i < n; i++) {                                                         \
            SIMD_T_##rty a = va->SIMD_F_##ty[i];                                                   \
            acc = (SIMD_T_##rty)(STEP);                                                            \
        }                                                                                          \
        emu_vreg r = {{0}};                                                                        \
        r.SIMD_F_##rty[0] = acc;                                                                   \
        simd_set(cpu, A64_RD(insn), r);                                                            \
    }
#define DEF_ACROSS_SIZES(name, S, R, STEP)                                                         \
    DEF_ACROSS(simd_##name##_b, S##8, R##8, STEP)                                                  \
    DEF_ACROSS(simd_##name##_h, S##16, R##16, STEP)                                                \
    DEF_ACROSS(simd_##name##_s, S##32, R##32, STEP)

/* ADDV, S/UMAXV, S/UMINV fold the register onto itself: halves, quarters, ... down to one lane
 * (a 64-bit source starts at the quarter fold). */
#define DEF_FOLD(name, lg, OP)                                                                     \
    SIMD_FN(name) {                                                                                \
        __m128i x = _mm_load_si128((const __m128i *)&cpu->v[A64_RN(insn)]);                        \
        if (SIMD_Q(insn)) x = OP(x, _mm_srli_si128(x, 8));                                         \
        x = OP(x, _mm_srli_si128(x, 4));                                                           \
        if ((lg) < 2) x = OP(x, _mm_srli_si128(x, 2));                                             \
        if ((lg) < 1) x = OP(x, _mm_srli_si128(x, 1));                                             \
        x = _mm_and_si128(x, _mm_cvtsi32_si128((int)(0xffffffffu >> (32 - (8 << (lg))))));         \
        _mm_store_si128((__m128i *)&cpu->v[A64_RD(insn)], x);                                      \
    }
#define DEF_FOLD_SIZES(name, OP)                                                                   \
    DEF_FOLD(simd_##name##_b, 0, OP##8)                                                            \
    DEF_FOLD(simd_##name##_h, 1, OP##16) DEF_FOLD(simd_##name##_s, 2, OP##32)
DEF_FOLD_SIZES(addv, _mm_add_epi)
DEF_FOLD_SIZES(smaxv, _mm_max_epi)
DEF_FOLD_SIZES(sminv, _mm_min_epi)
DEF_FOLD_SIZES(umaxv, _mm_max_epu)
DEF_FOLD_SIZES(uminv, _mm_min_epu)
DEF_ACROSS(simd_saddlv_b, s8, s16, (uint64_t)acc + (uint64_t)a)
DEF_ACROSS(simd_saddlv_h, s16, s32, (uint64_t)acc + (uint64_t)a)
DEF_ACROSS(simd_saddlv_s, s32, s64, (uint64_t)acc + (uint64_t)a)
DEF_ACROSS(simd_uaddlv_b, u8, u16, (uint64_t)acc + a)
DEF_ACROSS(simd_uaddlv_h, u16, u32, (uint64_t)acc + a)
DEF_ACROSS(simd_uaddlv_s, u32, u64, (uint64_t)acc + a)

/* ---- URECPE, URSQRTE: 9-bit estimates from the top 9 bits (ARM ARM RecipEstimate,
 * RecipSqrtEstimate) ---- */
static uint32_t misc_urecpe(uint32_t x) {
    if (!(x >> 31)) return 0xffffffff;
    uint32_t a = (x >> 23) * 2 + 1, b = (1u << 19) / a;
    return ((b + 1) / 2) << 23;
}
static uint32_t misc_ursqrte(uint32_t x) {
    if (!(x >> 30)) return 0xffffffff;
    uint64_t a = x >> 23, b = 512;
    a = a < 256 ? a * 2 + 1 : ((a >> 1) << 1) * 2 + 2;
    while (a * (b + 1) * (b + 1) < (1ull << 28))
        b++;
    return (uint32_t)((b + 1) / 2) << 23;
}
SIMD_DEF_2(simd_urecpe_s, u32, misc_urecpe(a))
SIMD_DEF_2(simd_ursqrte_s, u32, misc_ursqrte(a))
