/* simd_impl.h — private to the Advanced SIMD helpers (simd*.c): lane types, the element-wise
 * helper templates, saturation, and the declarations of the helpers the table in simd.c names. */
#ifndef JIT_SIMD_IMPL_H
#define JIT_SIMD_IMPL_H

/* The lane loops only become vector code at -O3 (the -O2 cost model keeps most of them scalar,
 * building results lane by lane in memory and reloading them whole, which also stalls store
 * forwarding); the helpers are small, so the code growth is too. */
#pragma GCC optimize("O3")

#include "a64.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Helpers run on x86-64 hosts that have SSE4.2 (the baseline this emulator requires), so the
 * compiler may vectorise the lane loops with it. */
#pragma GCC target("sse4.2")
#include <immintrin.h>

#define SIMD_FN(name) void name(emu_cpu *cpu, uint32_t insn)
#define SIMD_Q(i)     (((i) >> 30) & 1u)
#define SIMD_FPSR_QC  (1u << 27)

typedef __int128 simd_i128;

/* ---- lane types: SIMD_T_x is the C type of a lane, SIMD_F_x its emu_vreg field ---- */
#define SIMD_T_u8  uint8_t
#define SIMD_T_u16 uint16_t
#define SIMD_T_u32 uint32_t
#define SIMD_T_u64 uint64_t
#define SIMD_T_s8  int8_t
#define SIMD_T_s16 int16_t
#define SIMD_T_s32 int32_t
#define SIMD_T_s64 int64_t
#define SIMD_F_u8  b
#define SIMD_F_u16 h
#define SIMD_F_u32 s
#define SIMD_F_u64 d
#define SIMD_F_s8  sb
#define SIMD_F_s16 sh
#define SIMD_F_s32 ss
#define SIMD_F_s64 sd
/* SIMD_W_x: an unsigned type of at least 32 bits that holds a lane, for wrap-around arithmetic
 * without C's promotion to (signed) int */
#define SIMD_W_u8    uint32_t
#define SIMD_W_u16   uint32_t
#define SIMD_W_u32   uint32_t
#define SIMD_W_u64   uint64_t
#define SIMD_W_s8    uint32_t
#define SIMD_W_s16   uint32_t
#define SIMD_W_s32   uint32_t
#define SIMD_W_s64   uint64_t
#define SIMD_MIN_u8  0
#define SIMD_MIN_u16 0
#define SIMD_MIN_u32 0
#define SIMD_MIN_u64 0
#define SIMD_MAX_u8  UINT8_MAX
#define SIMD_MAX_u16 UINT16_MAX
#define SIMD_MAX_u32 UINT32_MAX
#define SIMD_MAX_u64 UINT64_MAX
#define SIMD_MIN_s8  INT8_MIN
#define SIMD_MIN_s16 INT16_MIN
#define SIMD_MIN_s32 INT32_MIN
#define SIMD_MIN_s64 INT64_MIN
#define SIMD_MAX_s8  INT8_MAX
#define SIMD_MAX_s16 INT16_MAX
#define SIMD_MAX_s32 INT32_MAX
#define SIMD_MAX_s64 INT64_MAX

static inline void simd_set_qc(emu_cpu *cpu) {
    cpu->fpsr |= SIMD_FPSR_QC;
}

/* Writes Vr with one 16-byte store: the next helper reads the register with one 16-byte load,
 * and a load that spans two smaller stores cannot be forwarded from the store buffer. */
static inline void simd_set(emu_cpu *cpu, int r, emu_vreg v) {
    _mm_store_si128((__m128i *)&cpu->v[r], _mm_load_si128((const __m128i *)&v));
}

/* Writes a vector result: a 64-bit (Q=0) operation clears the upper half of Vd. */
static inline void simd_put(emu_cpu *cpu, uint32_t insn, emu_vreg r) {
    __m128i v = _mm_load_si128((const __m128i *)&r);
    if (!SIMD_Q(insn)) v = _mm_move_epi64(v);
    _mm_store_si128((__m128i *)&cpu->v[A64_RD(insn)], v);
}

/* The half of Vr an instruction reads (the upper one for the "2" forms, Q=1), in the low 64 bits:
 * lane loops then index from 0 and stay vector code. */
static inline emu_vreg simd_half(const emu_cpu *cpu, int r, uint32_t insn) {
    __m128i x = _mm_load_si128((const __m128i *)&cpu->v[r]);
    if (SIMD_Q(insn)) x = _mm_unpackhi_epi64(x, x);
    emu_vreg h;
    _mm_store_si128((__m128i *)&h, x);
    return h;
}

/* Writes a narrow (64-bit) result: to the lower half of Vd (upper cleared), or for the "2" forms
 * (Q=1) to the upper half, keeping the lower. */
static inline void simd_put_narrow(emu_cpu *cpu, uint32_t insn, emu_vreg r) {
    __m128i v = _mm_move_epi64(_mm_load_si128((const __m128i *)&r));
    if (SIMD_Q(insn))
        v = _mm_unpacklo_epi64(_mm_load_si128((const __m128i *)&cpu->v[A64_RD(insn)]), v);
    _mm_store_si128((__m128i *)&cpu->v[A64_RD(insn)], v);
}

/* ZIP/UZP/TRN as two byte shuffles: simd_perm_mask[op][log2 element bytes][Q] holds the
 * shuffle of Vn and the one of Vm (0x80 selects zero), made at start-up by simd_move.c. */
enum {
    SIMD_PERM_ZIP1,
    SIMD_PERM_ZIP2,
    SIMD_PERM_UZP1,
    SIMD_PERM_UZP2,
    SIMD_PERM_TRN1,
    SIMD_PERM_TRN2,
    SIMD_PERM_COUNT
};
extern uint8_t simd_perm_mask[SIMD_PERM_COUNT][4][2][2][16];
static inline __m128i simd_permute(__m128i n, __m128i m, int op, int lg, unsigned q) {
    const uint8_t(*k)[16] = simd_perm_mask[op][lg][q];
    return _mm_or_si128(_mm_shuffle_epi8(n, _mm_load_si128((const __m128i *)k[0])),
                        _mm_shuffle_epi8(m, _mm_load_si128((const __m128i *)k[1])));
}

/* Truncates each lane of x to half its width (destination lanes of 1 << lg_dst bytes), packed
 * into the low 64 bits. */
static inline __m128i simd_truncate(__m128i x, int lg_dst) {
    switch (lg_dst) {
    case 0: return _mm_packus_epi16(_mm_and_si128(x, _mm_set1_epi16(0xff)), _mm_setzero_si128());
    case 1: return _mm_packus_epi32(_mm_and_si128(x, _mm_set1_epi32(0xffff)), _mm_setzero_si128());
    default: return _mm_shuffle_epi32(x, _MM_SHUFFLE(3, 3, 2, 0));
    }
}
static inline void simd_put_narrow_v(emu_cpu *cpu, uint32_t insn, __m128i low) {
    emu_vreg r;
    _mm_store_si128((__m128i *)&r, low);
    simd_put_narrow(cpu, insn, r);
}

/* Widens the low 64 bits of x: lanes of 1 << lg_src bytes, sign- or zero-extended. */
static inline __m128i simd_widen(__m128i x, int lg_src, bool sgn) {
    switch (lg_src) {
    case 0: return sgn ? _mm_cvtepi8_epi16(x) : _mm_cvtepu8_epi16(x);
    case 1: return sgn ? _mm_cvtepi16_epi32(x) : _mm_cvtepu16_epi32(x);
    default: return sgn ? _mm_cvtepi32_epi64(x) : _mm_cvtepu32_epi64(x);
    }
}
/* The half of a register an instruction reads (upper for Q=1), in the low 64 bits. */
static inline __m128i simd_half_v(const emu_cpu *cpu, int r, uint32_t insn) {
    __m128i x = _mm_load_si128((const __m128i *)&cpu->v[r]);
    return SIMD_Q(insn) ? _mm_unpackhi_epi64(x, x) : x;
}
/* Lane-wise add, subtract, multiply (low half of the product) and left shift at 1 << lg bytes.
 * The 64-bit multiply only sees the low 32 bits of each lane (enough for widened operands). */
static inline __m128i simd_add_lg(__m128i a, __m128i b, int lg) {
    return lg == 0   ? _mm_add_epi8(a, b)
           : lg == 1 ? _mm_add_epi16(a, b)
           : lg == 2 ? _mm_add_epi32(a, b)
                     : _mm_add_epi64(a, b);
}
static inline __m128i simd_sub_lg(__m128i a, __m128i b, int lg) {
    return lg == 0   ? _mm_sub_epi8(a, b)
           : lg == 1 ? _mm_sub_epi16(a, b)
           : lg == 2 ? _mm_sub_epi32(a, b)
                     : _mm_sub_epi64(a, b);
}
static inline __m128i simd_mul_wide(__m128i a, __m128i b, int lg, bool sgn) {
    return lg == 1   ? _mm_mullo_epi16(a, b)
           : lg == 2 ? _mm_mullo_epi32(a, b)
           : sgn     ? _mm_mul_epi32(a, b)
                     : _mm_mul_epu32(a, b);
}
static inline __m128i simd_sll_lg(__m128i a, int sh, int lg) {
    __m128i c = _mm_cvtsi32_si128(sh);
    return lg == 1 ? _mm_sll_epi16(a, c) : lg == 2 ? _mm_sll_epi32(a, c) : _mm_sll_epi64(a, c);
}

/* Clamps v to [lo, hi]; notes saturation in *sat. */
static inline simd_i128 simd_clamp(simd_i128 v, simd_i128 lo, simd_i128 hi, bool *sat) {
    if (v < lo) {
        *sat = true;
        return lo;
    }
    if (v > hi) {
        *sat = true;
        return hi;
    }
    return v;
}
#define SIMD_SAT(ty, v, sat) simd_clamp((v), SIMD_MIN_##ty, SIMD_MAX_##ty, (sat))

/* ARM's integer "(x + round) << sh" at unbounded precision; a negative sh shifts right.
 * |x| < 2^64: a left shift by 64 or more becomes +-2^126, which has the same low 64 bits (0)
 * and saturates every lane type just as the exact value would. */
static inline simd_i128 simd_shift_round(simd_i128 x, int sh, bool round) {
    if (sh >= 64) return x == 0 ? 0 : x < 0 ? -((simd_i128)1 << 126) : (simd_i128)1 << 126;
    if (sh >= 0) return x * ((simd_i128)1 << sh);
    if (sh < -65) sh = -65;
    if (round) x += (simd_i128)1 << (-sh - 1);
    return x >> -sh;
}

/* Element size in bytes of an Advanced SIMD shift-by-immediate (from immh, bits 22:19). */
static inline int simd_immh_esize(uint32_t insn) {
    uint32_t immh = a64_bits(insn, 22, 19);
    return immh >= 8 ? 8 : immh >= 4 ? 4 : immh >= 2 ? 2 : 1;
}

/* ---- element-wise templates ----
 * SIMD_DEF_3: pure three-operand op on every lane (a = Vn, b = Vm, d = Vd); all 16 bytes are
 * computed and the upper half cleared for Q=0, so the loop has a constant trip count.
 * SIMD_DEF_2: the same with one source (a = Vn). */
#define SIMD_DEF_3(name, ty, EXPR)                                                                 \
    SIMD_FN(name) {                                                                                \
        typedef SIMD_W_##ty UW;                                                                    \
        (void)sizeof(UW);                                                                          \
        const emu_vreg *va_ = &cpu->v[A64_RN(insn)], *vb_ = &cpu->v[A64_RM(insn)];                 \
        const emu_vreg *vd_ = &cpu->v[A64_RD(insn)];                                               \
        emu_vreg r_;                                                                               \
        for (unsigned i = 0; i < 16 / sizeof(SIMD_T_##ty); i++) {                                  \
            SIMD_T_##ty a = va_->SIMD_F_##ty[i], b = vb_->SIMD_F_##ty[i];                          \
            SIMD_T_##ty d = vd_->SIMD_F_##ty[i];                                                   \
            (void)a, (void)b, (void)d;                                                             \
            r_.SIMD_F_##ty[i] = (SIMD_T_##ty)(EXPR);                                               \
        }                                                                                          \
        simd_put(cpu, insn, r_);                                                                   \
    }
#define SIMD_DEF_2(name, ty, EXPR)                                                                 \
    SIMD_FN(name) {                                                                                \
        typedef SIMD_W_##ty UW;                                                                    \
        (void)sizeof(UW);                                                                          \
        const emu_vreg *va_ = &cpu->v[A64_RN(insn)];                                               \
        emu_vreg r_;                                                                               \
        for (unsigned i = 0; i < 16 / sizeof(SIMD_T_##ty); i++) {                                  \
            SIMD_T_##ty a = va_->SIMD_F_##ty[i];                                                   \
            r_.SIMD_F_##ty[i] = (SIMD_T_##ty)(EXPR);                                               \
        }                                                                                          \
        simd_put(cpu, insn, r_);                                                                   \
    }

/* Saturating three-operand op over the active lanes only (QC must not see the inactive ones):
 * EXPR is a simd_i128 saturated to the lane type sty; scalar forms (SCALAR=1) use lane 0. */
#define SIMD_DEF_3SAT(name, ty, sty, SCALAR, EXPR)                                                 \
    SIMD_FN(name) {                                                                                \
        const emu_vreg *va_ = &cpu->v[A64_RN(insn)], *vb_ = &cpu->v[A64_RM(insn)];                 \
        const emu_vreg *vd_ = &cpu->v[A64_RD(insn)];                                               \
        emu_vreg r_ = {{0}};                                                                       \
        bool sat_ = false;                                                                         \
        unsigned n_ = (SCALAR) ? 1 : (SIMD_Q(insn) ? 16 : 8) / sizeof(SIMD_T_##ty);                \
        for (unsigned i = 0; i < n_; i++) {                                                        \
            SIMD_T_##ty a = va_->SIMD_F_##ty[i], b = vb_->SIMD_F_##ty[i];                          \
            SIMD_T_##ty d = vd_->SIMD_F_##ty[i];                                                   \
            (void)a, (void)b, (void)d;                                                             \
            r_.SIMD_F_##sty[i] = (SIMD_T_##sty)SIMD_SAT(sty, (EXPR), &sat_);                       \
        }                                                                                          \
        if (sat_) simd_set_qc(cpu);                                                                \
        simd_set(cpu, A64_RD(insn), r_);                                                           \
    }

/* Narrowing op: lanes of type sty (Vn) become lanes of half the width, type dty. The vector
 * form writes the lower half of Vd (upper cleared) or, for the "2" form (Q=1), the upper half
 * (lower kept); the scalar form writes lane 0 only. EXPR is a simd_i128 of the source lane a;
 * SAT says whether it saturates to dty (setting QC) or is truncated. */
#define SIMD_DEF_NARROW(name, sty, dty, SCALAR, SAT, EXPR)                                         \
    SIMD_FN(name) {                                                                                \
        const emu_vreg *src_ = &cpu->v[A64_RN(insn)];                                              \
        emu_vreg r_ = {{0}};                                                                       \
        bool sat_ = false;                                                                         \
        for (unsigned i = 0; i < ((SCALAR) ? 1 : 8 / sizeof(SIMD_T_##dty)); i++) {                 \
            SIMD_T_##sty a = src_->SIMD_F_##sty[i];                                                \
            if (SAT) {                                                                             \
                simd_i128 v_ = (EXPR);                                                             \
                r_.SIMD_F_##dty[i] = (SIMD_T_##dty)SIMD_SAT(dty, v_, &sat_);                       \
            } else {                                                                               \
                r_.SIMD_F_##dty[i] = (SIMD_T_##dty)(EXPR);                                         \
            }                                                                                      \
        }                                                                                          \
        if (sat_) simd_set_qc(cpu);                                                                \
        if (SCALAR)                                                                                \
            simd_set(cpu, A64_RD(insn), r_);                                                       \
        else                                                                                       \
            simd_put_narrow(cpu, insn, r_);                                                        \
    }

/* Lengthening op: the lower (Q=0) or upper (Q=1, the "2" form) half of Vn, lanes of type sty,
 * become full-width lanes of type dty: r = EXPR(a, d) where d is the old Vd lane. */
#define SIMD_DEF_LONG(name, sty, dty, EXPR)                                                        \
    SIMD_FN(name) {                                                                                \
        typedef SIMD_W_##dty UW;                                                                   \
        (void)sizeof(UW);                                                                          \
        const emu_vreg src_ = simd_half(cpu, A64_RN(insn), insn);                                  \
        const emu_vreg *old_ = &cpu->v[A64_RD(insn)];                                              \
        emu_vreg r_;                                                                               \
        for (unsigned i = 0; i < 16 / sizeof(SIMD_T_##dty); i++) {                                 \
            SIMD_T_##dty a = src_.SIMD_F_##sty[i], d = old_->SIMD_F_##dty[i];                      \
            (void)d;                                                                               \
            r_.SIMD_F_##dty[i] = (SIMD_T_##dty)(EXPR);                                             \
        }                                                                                          \
        simd_set(cpu, A64_RD(insn), r_);                                                           \
    }

/* Declares name_b, name_h, name_s, name_d. */
#define SIMD_DECL_BHSD(name)                                                                       \
    SIMD_FN(name##_b);                                                                             \
    SIMD_FN(name##_h);                                                                             \
    SIMD_FN(name##_s);                                                                             \
    SIMD_FN(name##_d)

/* ---- simd_ldst.c: SIMD&FP loads and stores ---- */
#define SIMD_DECL_LDST_SIZE(sz)                                                                    \
    SIMD_FN(simd_ldr_##sz##_uimm);                                                                 \
    SIMD_FN(simd_ldr_##sz##_unscaled);                                                             \
    SIMD_FN(simd_ldr_##sz##_post);                                                                 \
    SIMD_FN(simd_ldr_##sz##_pre);                                                                  \
    SIMD_FN(simd_ldr_##sz##_reg);                                                                  \
    SIMD_FN(simd_str_##sz##_uimm);                                                                 \
    SIMD_FN(simd_str_##sz##_unscaled);                                                             \
    SIMD_FN(simd_str_##sz##_post);                                                                 \
    SIMD_FN(simd_str_##sz##_pre);                                                                  \
    SIMD_FN(simd_str_##sz##_reg)
SIMD_DECL_LDST_SIZE(b);
SIMD_DECL_LDST_SIZE(h);
SIMD_DECL_LDST_SIZE(s);
SIMD_DECL_LDST_SIZE(d);
SIMD_DECL_LDST_SIZE(q);
#define SIMD_DECL_LDSTP_SIZE(sz)                                                                   \
    SIMD_FN(simd_ldp_##sz##_off);                                                                  \
    SIMD_FN(simd_ldp_##sz##_post);                                                                 \
    SIMD_FN(simd_ldp_##sz##_pre);                                                                  \
    SIMD_FN(simd_stp_##sz##_off);                                                                  \
    SIMD_FN(simd_stp_##sz##_post);                                                                 \
    SIMD_FN(simd_stp_##sz##_pre)
SIMD_DECL_LDSTP_SIZE(s);
SIMD_DECL_LDSTP_SIZE(d);
SIMD_DECL_LDSTP_SIZE(q);
SIMD_FN(simd_ldr_s_lit);
SIMD_FN(simd_ldr_d_lit);
SIMD_FN(simd_ldr_q_lit);
SIMD_FN(simd_ld1_multi);
SIMD_FN(simd_st1_multi);
SIMD_FN(simd_ldn_multi);
SIMD_FN(simd_stn_multi);
SIMD_FN(simd_ld_single);
SIMD_FN(simd_st_single);
SIMD_FN(simd_ld_repl);

/* ---- simd_move.c: data movement ---- */
SIMD_DECL_BHSD(simd_dup_elem);
SIMD_DECL_BHSD(simd_dup_gen);
SIMD_DECL_BHSD(simd_ins_gen);
SIMD_DECL_BHSD(simd_ins_elem);
SIMD_DECL_BHSD(simd_dup_scalar);
SIMD_DECL_BHSD(simd_umov);
SIMD_FN(simd_smov_w_b);
SIMD_FN(simd_smov_w_h);
SIMD_FN(simd_smov_x_b);
SIMD_FN(simd_smov_x_h);
SIMD_FN(simd_smov_x_s);
SIMD_FN(simd_movi);
SIMD_FN(simd_ext);
SIMD_FN(simd_tbl);
SIMD_DECL_BHSD(simd_zip1);
SIMD_DECL_BHSD(simd_zip2);
SIMD_DECL_BHSD(simd_uzp1);
SIMD_DECL_BHSD(simd_uzp2);
SIMD_DECL_BHSD(simd_trn1);
SIMD_DECL_BHSD(simd_trn2);
SIMD_FN(simd_rev16_b);
SIMD_FN(simd_rev32_b);
SIMD_FN(simd_rev32_h);
SIMD_FN(simd_rev64_b);
SIMD_FN(simd_rev64_h);
SIMD_FN(simd_rev64_s);

/* ---- simd_arith.c: three same ---- */
#define SIMD_DECL_BHS(name)                                                                        \
    SIMD_FN(name##_b);                                                                             \
    SIMD_FN(name##_h);                                                                             \
    SIMD_FN(name##_s)
#define SIMD_DECL_HS(name)                                                                         \
    SIMD_FN(name##_h);                                                                             \
    SIMD_FN(name##_s)
SIMD_DECL_BHSD(simd_add);
SIMD_DECL_BHSD(simd_sub);
SIMD_DECL_BHS(simd_mul);
SIMD_DECL_BHS(simd_mla);
SIMD_DECL_BHS(simd_mls);
SIMD_DECL_BHSD(simd_cmgt);
SIMD_DECL_BHSD(simd_cmge);
SIMD_DECL_BHSD(simd_cmhi);
SIMD_DECL_BHSD(simd_cmhs);
SIMD_DECL_BHSD(simd_cmeq);
SIMD_DECL_BHSD(simd_cmtst);
SIMD_DECL_BHS(simd_shadd);
SIMD_DECL_BHS(simd_uhadd);
SIMD_DECL_BHS(simd_srhadd);
SIMD_DECL_BHS(simd_urhadd);
SIMD_DECL_BHS(simd_shsub);
SIMD_DECL_BHS(simd_uhsub);
SIMD_DECL_BHS(simd_smax);
SIMD_DECL_BHS(simd_smin);
SIMD_DECL_BHS(simd_umax);
SIMD_DECL_BHS(simd_umin);
SIMD_DECL_BHS(simd_sabd);
SIMD_DECL_BHS(simd_uabd);
SIMD_DECL_BHS(simd_saba);
SIMD_DECL_BHS(simd_uaba);
SIMD_FN(simd_pmul_b);
SIMD_FN(simd_s_add_d);
SIMD_FN(simd_s_sub_d);
SIMD_FN(simd_s_cmgt_d);
SIMD_FN(simd_s_cmge_d);
SIMD_FN(simd_s_cmhi_d);
SIMD_FN(simd_s_cmhs_d);
SIMD_FN(simd_s_cmeq_d);
SIMD_FN(simd_s_cmtst_d);
SIMD_FN(simd_and);
SIMD_FN(simd_bic);
SIMD_FN(simd_orr);
SIMD_FN(simd_orn);
SIMD_FN(simd_eor);
SIMD_FN(simd_bsl);
SIMD_FN(simd_bit);
SIMD_FN(simd_bif);
SIMD_DECL_BHSD(simd_addp);
SIMD_DECL_BHS(simd_smaxp);
SIMD_DECL_BHS(simd_sminp);
SIMD_DECL_BHS(simd_umaxp);
SIMD_DECL_BHS(simd_uminp);
SIMD_FN(simd_s_addp_d);
SIMD_DECL_BHSD(simd_sqadd);
SIMD_DECL_BHSD(simd_uqadd);
SIMD_DECL_BHSD(simd_sqsub);
SIMD_DECL_BHSD(simd_uqsub);
SIMD_DECL_BHSD(simd_s_sqadd);
SIMD_DECL_BHSD(simd_s_uqadd);
SIMD_DECL_BHSD(simd_s_sqsub);
SIMD_DECL_BHSD(simd_s_uqsub);
SIMD_DECL_HS(simd_sqdmulh);
SIMD_DECL_HS(simd_sqrdmulh);
SIMD_DECL_HS(simd_s_sqdmulh);
SIMD_DECL_HS(simd_s_sqrdmulh);

/* ---- simd_shift.c ---- */
SIMD_DECL_BHSD(simd_sshl);
SIMD_DECL_BHSD(simd_ushl);
SIMD_DECL_BHSD(simd_srshl);
SIMD_DECL_BHSD(simd_urshl);
SIMD_FN(simd_s_sshl_d);
SIMD_FN(simd_s_ushl_d);
SIMD_FN(simd_s_srshl_d);
SIMD_FN(simd_s_urshl_d);
SIMD_DECL_BHSD(simd_sqshl);
SIMD_DECL_BHSD(simd_uqshl);
SIMD_DECL_BHSD(simd_sqrshl);
SIMD_DECL_BHSD(simd_uqrshl);
SIMD_DECL_BHSD(simd_s_sqshl);
SIMD_DECL_BHSD(simd_s_uqshl);
SIMD_DECL_BHSD(simd_s_sqrshl);
SIMD_DECL_BHSD(simd_s_uqrshl);
SIMD_DECL_BHSD(simd_sshr);
SIMD_FN(simd_s_sshr_d);
SIMD_DECL_BHSD(simd_ushr);
SIMD_FN(simd_s_ushr_d);
SIMD_DECL_BHSD(simd_srshr);
SIMD_FN(simd_s_srshr_d);
SIMD_DECL_BHSD(simd_urshr);
SIMD_FN(simd_s_urshr_d);
SIMD_DECL_BHSD(simd_ssra);
SIMD_FN(simd_s_ssra_d);
SIMD_DECL_BHSD(simd_usra);
SIMD_FN(simd_s_usra_d);
SIMD_DECL_BHSD(simd_srsra);
SIMD_FN(simd_s_srsra_d);
SIMD_DECL_BHSD(simd_ursra);
SIMD_FN(simd_s_ursra_d);
SIMD_DECL_BHSD(simd_sri);
SIMD_FN(simd_s_sri_d);
SIMD_DECL_BHSD(simd_shl);
SIMD_FN(simd_s_shl_d);
SIMD_DECL_BHSD(simd_sli);
SIMD_FN(simd_s_sli_d);
SIMD_DECL_BHSD(simd_sqshli);
SIMD_DECL_BHSD(simd_s_sqshli);
SIMD_DECL_BHSD(simd_uqshli);
SIMD_DECL_BHSD(simd_s_uqshli);
SIMD_DECL_BHSD(simd_sqshlu);
SIMD_DECL_BHSD(simd_s_sqshlu);
SIMD_DECL_BHS(simd_shrn);
SIMD_DECL_BHS(simd_rshrn);
SIMD_DECL_BHS(simd_sqshrn);
SIMD_DECL_BHS(simd_s_sqshrn);
SIMD_DECL_BHS(simd_sqrshrn);
SIMD_DECL_BHS(simd_s_sqrshrn);
SIMD_DECL_BHS(simd_uqshrn);
SIMD_DECL_BHS(simd_s_uqshrn);
SIMD_DECL_BHS(simd_uqrshrn);
SIMD_DECL_BHS(simd_s_uqrshrn);
SIMD_DECL_BHS(simd_sqshrun);
SIMD_DECL_BHS(simd_s_sqshrun);
SIMD_DECL_BHS(simd_sqrshrun);
SIMD_DECL_BHS(simd_s_sqrshrun);
SIMD_DECL_BHS(simd_sshll);
SIMD_DECL_BHS(simd_ushll);

/* ---- simd_misc.c ---- */
SIMD_DECL_BHSD(simd_cmgt0);
SIMD_FN(simd_s_cmgt0_d);
SIMD_DECL_BHSD(simd_cmge0);
SIMD_FN(simd_s_cmge0_d);
SIMD_DECL_BHSD(simd_cmeq0);
SIMD_FN(simd_s_cmeq0_d);
SIMD_DECL_BHSD(simd_cmle0);
SIMD_FN(simd_s_cmle0_d);
SIMD_DECL_BHSD(simd_cmlt0);
SIMD_FN(simd_s_cmlt0_d);
SIMD_DECL_BHSD(simd_abs);
SIMD_FN(simd_s_abs_d);
SIMD_DECL_BHSD(simd_neg);
SIMD_FN(simd_s_neg_d);
SIMD_DECL_BHS(simd_clz);
SIMD_DECL_BHS(simd_cls);
SIMD_FN(simd_cnt_b);
SIMD_FN(simd_not_b);
SIMD_FN(simd_rbit_b);
SIMD_DECL_BHSD(simd_sqabs);
SIMD_DECL_BHSD(simd_s_sqabs);
SIMD_DECL_BHSD(simd_sqneg);
SIMD_DECL_BHSD(simd_s_sqneg);
SIMD_DECL_BHSD(simd_suqadd);
SIMD_DECL_BHSD(simd_s_suqadd);
SIMD_DECL_BHSD(simd_usqadd);
SIMD_DECL_BHSD(simd_s_usqadd);
SIMD_DECL_BHS(simd_xtn);
SIMD_DECL_BHS(simd_sqxtn);
SIMD_DECL_BHS(simd_s_sqxtn);
SIMD_DECL_BHS(simd_uqxtn);
SIMD_DECL_BHS(simd_s_uqxtn);
SIMD_DECL_BHS(simd_sqxtun);
SIMD_DECL_BHS(simd_s_sqxtun);
SIMD_DECL_BHS(simd_shll);
SIMD_DECL_BHS(simd_saddlp);
SIMD_DECL_BHS(simd_uaddlp);
SIMD_DECL_BHS(simd_sadalp);
SIMD_DECL_BHS(simd_uadalp);
SIMD_DECL_BHS(simd_addv);
SIMD_DECL_BHS(simd_smaxv);
SIMD_DECL_BHS(simd_sminv);
SIMD_DECL_BHS(simd_umaxv);
SIMD_DECL_BHS(simd_uminv);
SIMD_DECL_BHS(simd_saddlv);
SIMD_DECL_BHS(simd_uaddlv);

SIMD_FN(simd_urecpe_s);
SIMD_FN(simd_ursqrte_s);

/* ---- simd_long.c ---- */
SIMD_DECL_BHS(simd_saddl);
SIMD_DECL_BHS(simd_uaddl);
SIMD_DECL_BHS(simd_ssubl);
SIMD_DECL_BHS(simd_usubl);
SIMD_DECL_BHS(simd_sabdl);
SIMD_DECL_BHS(simd_uabdl);
SIMD_DECL_BHS(simd_sabal);
SIMD_DECL_BHS(simd_uabal);
SIMD_DECL_BHS(simd_smull);
SIMD_DECL_BHS(simd_umull);
SIMD_DECL_BHS(simd_smlal);
SIMD_DECL_BHS(simd_umlal);
SIMD_DECL_BHS(simd_smlsl);
SIMD_DECL_BHS(simd_umlsl);
SIMD_DECL_BHS(simd_saddw);
SIMD_DECL_BHS(simd_uaddw);
SIMD_DECL_BHS(simd_ssubw);
SIMD_DECL_BHS(simd_usubw);
SIMD_DECL_BHS(simd_addhn);
SIMD_DECL_BHS(simd_raddhn);
SIMD_DECL_BHS(simd_subhn);
SIMD_DECL_BHS(simd_rsubhn);
SIMD_DECL_HS(simd_smull_e);
SIMD_DECL_HS(simd_umull_e);
SIMD_DECL_HS(simd_smlal_e);
SIMD_DECL_HS(simd_umlal_e);
SIMD_DECL_HS(simd_smlsl_e);
SIMD_DECL_HS(simd_umlsl_e);
SIMD_DECL_HS(simd_mul_e);
SIMD_DECL_HS(simd_mla_e);
SIMD_DECL_HS(simd_mls_e);
SIMD_DECL_HS(simd_sqdmulh_e);
SIMD_DECL_HS(simd_sqrdmulh_e);
SIMD_DECL_HS(simd_sqdmull);
SIMD_DECL_HS(simd_sqdmull_e);
SIMD_DECL_HS(simd_s_sqdmull);
SIMD_DECL_HS(simd_s_sqdmull_e);
SIMD_DECL_HS(simd_sqdmlal);
SIMD_DECL_HS(simd_sqdmlal_e);
SIMD_DECL_HS(simd_s_sqdmlal);
SIMD_DECL_HS(simd_s_sqdmlal_e);
SIMD_DECL_HS(simd_sqdmlsl);
SIMD_DECL_HS(simd_sqdmlsl_e);
SIMD_DECL_HS(simd_s_sqdmlsl);
SIMD_DECL_HS(simd_s_sqdmlsl_e);
SIMD_DECL_HS(simd_s_sqdmulh_e);
SIMD_DECL_HS(simd_s_sqrdmulh_e);
SIMD_FN(simd_pmull_b);
SIMD_FN(simd_pmull_d);

/* ---- simd_ext.c: RDM, DotProd ---- */
SIMD_DECL_HS(simd_sqrdmlah);
SIMD_DECL_HS(simd_sqrdmlsh);
SIMD_DECL_HS(simd_s_sqrdmlah);
SIMD_DECL_HS(simd_s_sqrdmlsh);
SIMD_DECL_HS(simd_sqrdmlah_e);
SIMD_DECL_HS(simd_sqrdmlsh_e);
SIMD_DECL_HS(simd_s_sqrdmlah_e);
SIMD_DECL_HS(simd_s_sqrdmlsh_e);
SIMD_FN(simd_sdot);
SIMD_FN(simd_udot);
SIMD_FN(simd_sdot_e);
SIMD_FN(simd_udot_e);
SIMD_FN(simd_usdot);
SIMD_FN(simd_usdot_e);
SIMD_FN(simd_sudot_e);
SIMD_FN(simd_smmla);
SIMD_FN(simd_ummla);
SIMD_FN(simd_usmmla);

/* ---- simd_crypto.c ---- */
/* Tests set this to run the portable code instead of AES-NI/PCLMULQDQ. */
extern bool simd_no_host_crypto;
SIMD_FN(simd_aese);
SIMD_FN(simd_aesd);
SIMD_FN(simd_aesmc);
SIMD_FN(simd_aesimc);
SIMD_FN(simd_sha1c);
SIMD_FN(simd_sha1p);
SIMD_FN(simd_sha1m);
SIMD_FN(simd_sha1h);
SIMD_FN(simd_sha1su0);
SIMD_FN(simd_sha1su1);
SIMD_FN(simd_sha256h);
SIMD_FN(simd_sha256h2);
SIMD_FN(simd_sha256su0);
SIMD_FN(simd_sha256su1);
SIMD_FN(simd_sha512h);
SIMD_FN(simd_sha512h2);
SIMD_FN(simd_sha512su0);
SIMD_FN(simd_sha512su1);
SIMD_FN(simd_eor3);
SIMD_FN(simd_bcax);
SIMD_FN(simd_rax1);
SIMD_FN(simd_xar);

#endif
