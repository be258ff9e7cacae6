/* simd_shift.c — Advanced SIMD shifts: by register (SSHL..UQRSHL) and by immediate (SHL,
 * SSHR..URSRA, SRI/SLI, saturating, narrowing SHRN..SQRSHRUN, lengthening SSHLL/USHLL). */
#include "simd_impl.h"

/* ---- by register: the shift is the signed low byte of each Vm lane ---- */
#define SHL_REG(a, b, round) simd_shift_round((a), (int8_t)(b), (round))

#define DEF_SHL_REG(name, S, round)                                                                \
    SIMD_DEF_3(simd_##name##_b, S##8, SHL_REG(a, b, round))                                        \
    SIMD_DEF_3(simd_##name##_h, S##16, SHL_REG(a, b, round))                                       \
    SIMD_DEF_3(simd_##name##_s, S##32, SHL_REG(a, b, round))                                       \
    SIMD_DEF_3(simd_##name##_d, S##64, SHL_REG(a, b, round))                                       \
    SIMD_DEF_3SAT(simd_s_##name##_d, S##64, u64, 1, (uint64_t)SHL_REG(a, b, round))
DEF_SHL_REG(sshl, s, false)
DEF_SHL_REG(ushl, u, false)
DEF_SHL_REG(srshl, s, true)
DEF_SHL_REG(urshl, u, true)

#define DEF_QSHL_REG(name, S, round)                                                               \
    SIMD_DEF_3SAT(simd_##name##_b, S##8, S##8, 0, SHL_REG(a, b, round))                            \
    SIMD_DEF_3SAT(simd_##name##_h, S##16, S##16, 0, SHL_REG(a, b, round))                          \
    SIMD_DEF_3SAT(simd_##name##_s, S##32, S##32, 0, SHL_REG(a, b, round))                          \
    SIMD_DEF_3SAT(simd_##name##_d, S##64, S##64, 0, SHL_REG(a, b, round))                          \
    SIMD_DEF_3SAT(simd_s_##name##_b, S##8, S##8, 1, SHL_REG(a, b, round))                          \
    SIMD_DEF_3SAT(simd_s_##name##_h, S##16, S##16, 1, SHL_REG(a, b, round))                        \
    SIMD_DEF_3SAT(simd_s_##name##_s, S##32, S##32, 1, SHL_REG(a, b, round))                        \
    SIMD_DEF_3SAT(simd_s_##name##_d, S##64, S##64, 1, SHL_REG(a, b, round))
DEF_QSHL_REG(sqshl, s, false)
DEF_QSHL_REG(uqshl, u, false)
DEF_QSHL_REG(sqrshl, s, true)
DEF_QSHL_REG(uqrshl, u, true)

/* ---- by immediate: immh:immb (22:16) is esize + shift (left) or 2*esize - shift (right) ---- */
#define IMMHB ((int)a64_bits(insn, 22, 16))

/* All lanes of a vector, or lane 0 of a scalar (rest cleared): r = EXPR(a, d, sh), in lane-width
 * arithmetic so that the compiler vectorises the loop. */
#define DEF_SHIFT_IMM(name, ty, SCALAR, SH, EXPR)                                                  \
    SIMD_FN(name) {                                                                                \
        typedef SIMD_W_##ty UW;                                                                    \
        (void)sizeof(UW);                                                                          \
        const emu_vreg *va_ = &cpu->v[A64_RN(insn)], *vd_ = &cpu->v[A64_RD(insn)];                 \
        const int W = 8 * (int)sizeof(SIMD_T_##ty), sh = (SH);                                     \
        emu_vreg r_;                                                                               \
        if (SCALAR) {                                                                              \
            SIMD_T_##ty a = va_->SIMD_F_##ty[0], d = vd_->SIMD_F_##ty[0];                          \
            (void)d;                                                                               \
            r_.d[0] = (SIMD_T_##ty)(EXPR);                                                         \
            r_.d[1] = 0;                                                                           \
            simd_set(cpu, A64_RD(insn), r_);                                                       \
            return;                                                                                \
        }                                                                                          \
        for (unsigned i = 0; i < 16 / sizeof(SIMD_T_##ty); i++) {                                  \
            SIMD_T_##ty a = va_->SIMD_F_##ty[i], d = vd_->SIMD_F_##ty[i];                          \
            (void)d;                                                                               \
            r_.SIMD_F_##ty[i] = (SIMD_T_##ty)(EXPR);                                               \
        }                                                                                          \
        simd_put(cpu, insn, r_);                                                                   \
    }
#define SH_RIGHT (2 * W - IMMHB)
#define SH_LEFT  (IMMHB - W)
/* Right shifts by sh in 1..W: a signed lane fills with its sign (all sign bits at sh = W), an
 * unsigned one gives 0 at sh = W. Adding RND, bit sh-1 of a, rounds: it equals
 * (a + 2^(sh-1)) >> sh without the carry out of the lane. */
#define SHR_S(a, sh) ((a) >> ((sh) < W ? (sh) : W - 1))
#define SHR_U(a, sh) ((sh) < W ? (a) >> (sh) : 0)
#define RND(a, sh)   (((a) >> ((sh)-1)) & 1)
#define LANE_ONES    ((UW)(W == 64 ? ~0ull : (1ull << W) - 1))
#define SRI_MASK(sh) ((sh) >= W ? (UW)0 : LANE_ONES >> (sh))

#define DEF_SHIFT_IMM_ALL(name, S, SH, EXPR)                                                       \
    DEF_SHIFT_IMM(simd_##name##_b, S##8, 0, SH, EXPR)                                              \
    DEF_SHIFT_IMM(simd_##name##_h, S##16, 0, SH, EXPR)                                             \
    DEF_SHIFT_IMM(simd_##name##_s, S##32, 0, SH, EXPR)                                             \
    DEF_SHIFT_IMM(simd_##name##_d, S##64, 0, SH, EXPR)                                             \
    DEF_SHIFT_IMM(simd_s_##name##_d, S##64, 1, SH, EXPR)
DEF_SHIFT_IMM_ALL(sshr, s, SH_RIGHT, SHR_S(a, sh))
DEF_SHIFT_IMM_ALL(ushr, u, SH_RIGHT, SHR_U(a, sh))
DEF_SHIFT_IMM_ALL(srshr, s, SH_RIGHT, (UW)SHR_S(a, sh) + (UW)RND(a, sh))
DEF_SHIFT_IMM_ALL(urshr, u, SH_RIGHT, (UW)SHR_U(a, sh) + (UW)RND(a, sh))
DEF_SHIFT_IMM_ALL(ssra, s, SH_RIGHT, (UW)d + (UW)SHR_S(a, sh))
DEF_SHIFT_IMM_ALL(usra, u, SH_RIGHT, (UW)d + (UW)SHR_U(a, sh))
DEF_SHIFT_IMM_ALL(srsra, s, SH_RIGHT, (UW)d + (UW)SHR_S(a, sh) + (UW)RND(a, sh))
DEF_SHIFT_IMM_ALL(ursra, u, SH_RIGHT, (UW)d + (UW)SHR_U(a, sh) + (UW)RND(a, sh))
DEF_SHIFT_IMM_ALL(sri, u, SH_RIGHT, ((UW)d & ~SRI_MASK(sh)) | ((UW)SHR_U(a, sh) & SRI_MASK(sh)))
DEF_SHIFT_IMM_ALL(shl, u, SH_LEFT, (UW)a << sh)
DEF_SHIFT_IMM_ALL(sli, u, SH_LEFT, ((UW)d & ~(LANE_ONES << sh)) | ((UW)a << sh))

/* Saturating left shifts by immediate, vector and scalar, every size. */
#define DEF_QSHL_IMM(name, S, dty_prefix, vs, SCALAR, ty)                                          \
    SIMD_FN(simd_##vs##name##_##ty) {                                                              \
        const emu_vreg *va_ = &cpu->v[A64_RN(insn)];                                               \
        const int W = 8 * (int)sizeof(SIMD_T_##S), sh = SH_LEFT;                                   \
        emu_vreg r_ = {{0}};                                                                       \
        bool sat_ = false;                                                                         \
        unsigned n_ = (SCALAR) ? 1 : (SIMD_Q(insn) ? 16 : 8) / sizeof(SIMD_T_##S);                 \
        for (unsigned i = 0; i < n_; i++) {                                                        \
            simd_i128 v_ = simd_shift_round(va_->SIMD_F_##S[i], sh, false);                        \
            r_.SIMD_F_##dty_prefix[i] = (SIMD_T_##dty_prefix)SIMD_SAT(dty_prefix, v_, &sat_);      \
        }                                                                                          \
        if (sat_) simd_set_qc(cpu);                                                                \
        simd_set(cpu, A64_RD(insn), r_);                                                           \
    }
#define DEF_QSHL_IMM_SIZES(name, S, D)                                                             \
    DEF_QSHL_IMM(name, S##8, D##8, , 0, b)                                                         \
    DEF_QSHL_IMM(name, S##16, D##16, , 0, h)                                                       \
    DEF_QSHL_IMM(name, S##32, D##32, , 0, s)                                                       \
    DEF_QSHL_IMM(name, S##64, D##64, , 0, d)                                                       \
    DEF_QSHL_IMM(name, S##8, D##8, s_, 1, b)                                                       \
    DEF_QSHL_IMM(name, S##16, D##16, s_, 1, h)                                                     \
    DEF_QSHL_IMM(name, S##32, D##32, s_, 1, s)                                                     \
    DEF_QSHL_IMM(name, S##64, D##64, s_, 1, d)
DEF_QSHL_IMM_SIZES(sqshli, s, s)
DEF_QSHL_IMM_SIZES(uqshli, u, u)
DEF_QSHL_IMM_SIZES(sqshlu, s, u)

/* ---- narrowing right shifts: the destination lane type names the helper (b, h, s); the
 * shift (1..destination width) never overflows the 64-bit intermediate ---- */
#define NSHR(a, sh, round) (((a) >> (sh)) + ((round) ? RND(a, sh) : 0))
#define DEF_NARROW_SHIFT(name, S, D, SAT, round)                                                   \
    SIMD_DEF_NARROW(simd_##name##_b, S##16, D##8, 0, SAT, NSHR(a, 16 - IMMHB, round))              \
    SIMD_DEF_NARROW(simd_##name##_h, S##32, D##16, 0, SAT, NSHR(a, 32 - IMMHB, round))             \
    SIMD_DEF_NARROW(simd_##name##_s, S##64, D##32, 0, SAT, NSHR(a, 64 - IMMHB, round))             \
    SIMD_DEF_NARROW(simd_s_##name##_b, S##16, D##8, 1, SAT, NSHR(a, 16 - IMMHB, round))            \
    SIMD_DEF_NARROW(simd_s_##name##_h, S##32, D##16, 1, SAT, NSHR(a, 32 - IMMHB, round))           \
    SIMD_DEF_NARROW(simd_s_##name##_s, S##64, D##32, 1, SAT, NSHR(a, 64 - IMMHB, round))
/* SHRN/RSHRN: shift at the source width with SSE, then truncate; (a >> sh) + bit sh-1 cannot
 * carry out of the source lane. */
static inline __m128i shift_srl(__m128i x, int sh, int lg_src) {
    __m128i c = _mm_cvtsi32_si128(sh);
    return lg_src == 1   ? _mm_srl_epi16(x, c)
           : lg_src == 2 ? _mm_srl_epi32(x, c)
                         : _mm_srl_epi64(x, c);
}
static inline __m128i shift_add(__m128i a, __m128i b, int lg_src) {
    return lg_src == 1   ? _mm_add_epi16(a, b)
           : lg_src == 2 ? _mm_add_epi32(a, b)
                         : _mm_add_epi64(a, b);
}
static inline void shift_shrn(emu_cpu *cpu, uint32_t insn, int lg_dst, bool round) {
    int lg_src = lg_dst + 1, sh = (16 << lg_dst) - IMMHB;
    __m128i x = _mm_load_si128((const __m128i *)&cpu->v[A64_RN(insn)]),
            r = shift_srl(x, sh, lg_src);
    if (round) {
        __m128i one = lg_src == 1   ? _mm_set1_epi16(1)
                      : lg_src == 2 ? _mm_set1_epi32(1)
                                    : _mm_set1_epi64x(1);
        r = shift_add(r, _mm_and_si128(shift_srl(x, sh - 1, lg_src), one), lg_src);
    }
    simd_put_narrow_v(cpu, insn, simd_truncate(r, lg_dst));
}
SIMD_FN(simd_shrn_b) {
    shift_shrn(cpu, insn, 0, false);
}
SIMD_FN(simd_shrn_h) {
    shift_shrn(cpu, insn, 1, false);
}
SIMD_FN(simd_shrn_s) {
    shift_shrn(cpu, insn, 2, false);
}
SIMD_FN(simd_rshrn_b) {
    shift_shrn(cpu, insn, 0, true);
}
SIMD_FN(simd_rshrn_h) {
    shift_shrn(cpu, insn, 1, true);
}
SIMD_FN(simd_rshrn_s) {
    shift_shrn(cpu, insn, 2, true);
}
DEF_NARROW_SHIFT(sqshrn, s, s, true, false)
DEF_NARROW_SHIFT(sqrshrn, s, s, true, true)
DEF_NARROW_SHIFT(uqshrn, u, u, true, false)
DEF_NARROW_SHIFT(uqrshrn, u, u, true, true)
DEF_NARROW_SHIFT(sqshrun, s, u, true, false)
DEF_NARROW_SHIFT(sqrshrun, s, u, true, true)

/* ---- SSHLL/USHLL: widen and shift left by immhb - esize; named by the source lane ---- */
static inline void shift_shll(emu_cpu *cpu, uint32_t insn, int lg_src, bool sgn) {
    __m128i x = simd_widen(simd_half_v(cpu, A64_RN(insn), insn), lg_src, sgn);
    _mm_store_si128((__m128i *)&cpu->v[A64_RD(insn)],
                    simd_sll_lg(x, IMMHB - (8 << lg_src), lg_src + 1));
}
SIMD_FN(simd_sshll_b) {
    shift_shll(cpu, insn, 0, true);
}
SIMD_FN(simd_sshll_h) {
    shift_shll(cpu, insn, 1, true);
}
SIMD_FN(simd_sshll_s) {
    shift_shll(cpu, insn, 2, true);
}
SIMD_FN(simd_ushll_b) {
    shift_shll(cpu, insn, 0, false);
}
SIMD_FN(simd_ushll_h) {
    shift_shll(cpu, insn, 1, false);
}
SIMD_FN(simd_ushll_s) {
    shift_shll(cpu, insn, 2, false);
}
