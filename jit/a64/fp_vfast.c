/* fp_vfast.c — whole-register SSE fast paths for the most used vector FP instructions (FADD,
 * FSUB, FMUL, FDIV, FMLA, FMLS, by element too); any lane needing ARM care sends the
 * instruction to the lane-by-lane helpers in fp_vec.c, which redo it from scratch. */
#include "fp_core.h"
#include "fp_hlp.h"

#include <immintrin.h>

/* A 2S operand is loaded into the low half with zero lanes above, on which add, sub, mul and
 * fused multiply-add raise nothing; division puts ones in the divisor's upper lanes. */
static inline __m128 fp_ld_ps(const emu_vreg *v, bool q) {
    return q ? _mm_load_ps(v->f) : _mm_castpd_ps(_mm_load_sd(&v->df[0]));
}
static inline __m128d fp_ld_pd(const emu_vreg *v) {
    return _mm_load_pd(v->df);
}

/* No NaN lane (ARM's NaN rules differ from x86's), and with check_min no lane equal to the
 * smallest normal in magnitude (it may have been tiny before rounding, see fp_tmpl.h). */
static inline bool fp_ok_ps(__m128 r, bool check_min) {
    __m128 bad = _mm_cmpunord_ps(r, r);
    if (check_min) {
        __m128 mag = _mm_and_ps(r, _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff)));
        bad = _mm_or_ps(bad, _mm_cmpeq_ps(mag, _mm_castsi128_ps(_mm_set1_epi32(0x00800000))));
    }
    return _mm_movemask_ps(bad) == 0;
}
static inline bool fp_ok_pd(__m128d r, bool check_min) {
    __m128d bad = _mm_cmpunord_pd(r, r);
    if (check_min) {
        __m128d mag = _mm_and_pd(r, _mm_castsi128_pd(_mm_set1_epi64x(0x7fffffffffffffffll)));
        bad = _mm_or_pd(bad,
                        _mm_cmpeq_pd(mag, _mm_castsi128_pd(_mm_set1_epi64x(0x0010000000000000ll))));
    }
    return _mm_movemask_pd(bad) == 0;
}
static inline void fp_st_ps(emu_vreg *d, __m128 r, bool q) {
    if (!q) r = _mm_castsi128_ps(_mm_move_epi64(_mm_castps_si128(r))); /* upper half zeroed */
    _mm_store_ps(d->f, r);
}

static inline __m128 fp_fma_ps(__m128 n, __m128 m, __m128 a) {
    __asm__("vfmadd231ps %2, %1, %0" : "+x"(a) : "x"(n), "x"(m));
    return a;
}
static inline __m128d fp_fma_pd(__m128d n, __m128d m, __m128d a) {
    __asm__("vfmadd231pd %2, %1, %0" : "+x"(a) : "x"(n), "x"(m));
    return a;
}

/* ---- flush-to-zero on whole registers: the lane rules of fp_tmpl.h, as lane masks ----
 * 32-bit lanes use every dword; 64-bit lanes keep their answer in the low dword (mask 0x5 of
 * _mm_movemask_ps). A lane that is not safe sends the instruction to the lane code. */
#define FP_ANY_PS(m) (_mm_movemask_ps(_mm_castsi128_ps(m)) != 0)
#define FP_ANY_PD(m) ((_mm_movemask_ps(_mm_castsi128_ps(m)) & 5) != 0)
static inline __m128i fp_exp_ps(__m128 x) {
    return _mm_and_si128(_mm_srli_epi32(_mm_castps_si128(x), 23), _mm_set1_epi32(0xff));
}
static inline __m128i fp_exp_pd(__m128d x) {
    return _mm_and_si128(_mm_srli_epi64(_mm_castpd_si128(x), 52), _mm_set1_epi64x(0x7ff));
}
static inline __m128i fp_zero32(__m128i v) {
    return _mm_cmpeq_epi32(v, _mm_setzero_si128());
}
static inline __m128i fp_den_ps(__m128 x) {
    __m128i mag = _mm_and_si128(_mm_castps_si128(x), _mm_set1_epi32(0x7fffffff));
    return _mm_andnot_si128(fp_zero32(mag), fp_zero32(fp_exp_ps(x)));
}
static inline __m128i fp_den_pd(__m128d x) {
    __m128i mag = _mm_and_si128(_mm_castpd_si128(x), _mm_set1_epi64x(0x7fffffffffffffffll));
    __m128i z = fp_zero32(mag);
    z = _mm_and_si128(z, _mm_shuffle_epi32(z, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_andnot_si128(z, fp_zero32(fp_exp_pd(x)));
}
/* Lanes where op(a, b) may be tiny (fz_may_flush2): a product of exponents summing below
 * bias + 2, a quotient whose exponents differ by less than 3 - bias (zeros and an infinite
 * divisor are exact). */
static inline __m128i fp_may_flush(int op, __m128i ea, __m128i eb, int bias, int inf, bool d) {
    __m128i nz =
        _mm_andnot_si128(fp_zero32(ea), _mm_andnot_si128(fp_zero32(eb), _mm_set1_epi32(-1)));
    if (op == FOP_MUL) {
        __m128i sum = d ? _mm_add_epi64(ea, eb) : _mm_add_epi32(ea, eb);
        return _mm_and_si128(nz, _mm_cmplt_epi32(sum, _mm_set1_epi32(bias + 2)));
    }
    __m128i dif = d ? _mm_sub_epi64(ea, eb) : _mm_sub_epi32(ea, eb);
    __m128i fin = _mm_andnot_si128(_mm_cmpeq_epi32(eb, _mm_set1_epi32(inf)), nz);
    return _mm_and_si128(fin, _mm_cmplt_epi32(dif, _mm_set1_epi32(3 - bias)));
}
/* a + n*m (fz_may_flush3). */
static inline __m128i fp_may_flush3(__m128i ea, __m128i en, __m128i em, int bias, int frac,
                                    bool d) {
    __m128i nz =
        _mm_andnot_si128(fp_zero32(en), _mm_andnot_si128(fp_zero32(em), _mm_set1_epi32(-1)));
    __m128i sum = d ? _mm_add_epi64(en, em) : _mm_add_epi32(en, em);
    __m128i za = fp_zero32(ea);
    __m128i tiny_prod = _mm_cmplt_epi32(sum, _mm_set1_epi32(bias + 2));
    __m128i fine = _mm_or_si128(_mm_cmplt_epi32(ea, _mm_set1_epi32(1 + frac)),
                                _mm_cmplt_epi32(sum, _mm_set1_epi32(bias + 1 + 2 * frac)));
    return _mm_and_si128(nz,
                         _mm_or_si128(_mm_and_si128(za, tiny_prod), _mm_andnot_si128(za, fine)));
}
static inline bool fp_fz_unsafe_ps(int op, __m128 a, __m128 b) {
    if (FP_ANY_PS(_mm_or_si128(fp_den_ps(a), fp_den_ps(b)))) return true;
    if (op != FOP_MUL && op != FOP_DIV) return false;
    return FP_ANY_PS(fp_may_flush(op, fp_exp_ps(a), fp_exp_ps(b), 127, 0xff, false));
}
static inline bool fp_fz_unsafe_pd(int op, __m128d a, __m128d b) {
    if (FP_ANY_PD(_mm_or_si128(fp_den_pd(a), fp_den_pd(b)))) return true;
    if (op != FOP_MUL && op != FOP_DIV) return false;
    return FP_ANY_PD(fp_may_flush(op, fp_exp_pd(a), fp_exp_pd(b), 1023, 0x7ff, true));
}

/* Under FZ: operands checked before computing (no flag from what ARM flushes), sums after
 * (a tiny sum is exact and raises nothing). */
#define FP_VF(name, op, op_ps, op_pd, check, divide)                                               \
    void hlp_v##name(emu_cpu *c, uint32_t i) {                                                     \
        const emu_vreg *n = &c->v[A64_RN(i)], *m = &c->v[A64_RM(i)];                               \
        bool fz = c->fpcr & FPCR_FZ, sum = op == FOP_ADD || op == FOP_SUB;                         \
        if (a64_bit(i, 22)) {                                                                      \
            __m128d a = fp_ld_pd(n), b = fp_ld_pd(m);                                              \
            if (fp_unlikely(fz) && fp_fz_unsafe_pd(op, a, b)) return fp_lanes_v##name(c, i);       \
            __m128d r = op_pd(a, b);                                                               \
            if (fp_unlikely(!fp_ok_pd(r, check) || (fz && sum && FP_ANY_PD(fp_den_pd(r)))))        \
                return fp_lanes_v##name(c, i);                                                     \
            _mm_store_pd(c->v[A64_RD(i)].df, r);                                                   \
        } else {                                                                                   \
            bool q = a64_bit(i, 30);                                                               \
            __m128 a = fp_ld_ps(n, q), b = fp_ld_ps(m, q);                                         \
            if (divide && !q) b = _mm_movelh_ps(b, _mm_set1_ps(1.0f));                             \
            if (fp_unlikely(fz) && fp_fz_unsafe_ps(op, a, b)) return fp_lanes_v##name(c, i);       \
            __m128 r = op_ps(a, b);                                                                \
            if (fp_unlikely(!fp_ok_ps(r, check) || (fz && sum && FP_ANY_PS(fp_den_ps(r)))))        \
                return fp_lanes_v##name(c, i);                                                     \
            fp_st_ps(&c->v[A64_RD(i)], r, q);                                                      \
        }                                                                                          \
    }
FP_VF(fadd, FOP_ADD, _mm_add_ps, _mm_add_pd, false, false)
FP_VF(fsub, FOP_SUB, _mm_sub_ps, _mm_sub_pd, false, false)
FP_VF(fmul, FOP_MUL, _mm_mul_ps, _mm_mul_pd, true, false)
FP_VF(fdiv, FOP_DIV, _mm_div_ps, _mm_div_pd, true, true)
#undef FP_VF

/* FMLA/FMLS, vector (m = Vm) and by element (m = Vm[index] in every lane). FMLS negates n
 * before the fused operation, as the ARM ARM does (a NaN n comes out negated). */
static inline int fp_elem(uint32_t i) {
    return a64_bit(i, 22) ? (int)a64_bit(i, 11) : (int)(a64_bit(i, 11) << 1 | a64_bit(i, 21));
}
static inline bool fp_vmla(emu_cpu *c, uint32_t i, bool sub, bool elem) {
    const emu_vreg *n = &c->v[A64_RN(i)], *m = &c->v[A64_RM(i)];
    emu_vreg *d = &c->v[A64_RD(i)];
    bool fz = c->fpcr & FPCR_FZ;
    if (fp_unlikely(!fp_host_fma)) return false;
    if (a64_bit(i, 22)) {
        __m128d nn = fp_ld_pd(n), mm = elem ? _mm_set1_pd(m->df[fp_elem(i)]) : fp_ld_pd(m);
        __m128d aa = fp_ld_pd(d);
        if (fp_unlikely(fz) &&
            (FP_ANY_PD(_mm_or_si128(_mm_or_si128(fp_den_pd(nn), fp_den_pd(mm)), fp_den_pd(aa))) ||
             FP_ANY_PD(fp_may_flush3(fp_exp_pd(aa), fp_exp_pd(nn), fp_exp_pd(mm), 1023, 52, true))))
            return false;
        if (sub) nn = _mm_xor_pd(nn, _mm_set1_pd(-0.0));
        __m128d r = fp_fma_pd(nn, mm, aa);
        if (fp_unlikely(!fp_ok_pd(r, true))) return false;
        _mm_store_pd(d->df, r);
    } else {
        bool q = a64_bit(i, 30);
        __m128 nn = fp_ld_ps(n, q), mm = elem ? _mm_set1_ps(m->f[fp_elem(i)]) : fp_ld_ps(m, q);
        if (!q) mm = _mm_castsi128_ps(_mm_move_epi64(_mm_castps_si128(mm)));
        __m128 aa = fp_ld_ps(d, q);
        if (fp_unlikely(fz) &&
            (FP_ANY_PS(_mm_or_si128(_mm_or_si128(fp_den_ps(nn), fp_den_ps(mm)), fp_den_ps(aa))) ||
             FP_ANY_PS(fp_may_flush3(fp_exp_ps(aa), fp_exp_ps(nn), fp_exp_ps(mm), 127, 23, false))))
            return false;
        if (sub) nn = _mm_xor_ps(nn, _mm_set1_ps(-0.0f));
        __m128 r = fp_fma_ps(nn, mm, aa);
        if (fp_unlikely(!fp_ok_ps(r, true))) return false;
        fp_st_ps(d, r, q);
    }
    return true;
}
void hlp_vfmla(emu_cpu *c, uint32_t i) {
    if (fp_unlikely(!fp_vmla(c, i, false, false))) fp_lanes_vfmla(c, i);
}
void hlp_vfmls(emu_cpu *c, uint32_t i) {
    if (fp_unlikely(!fp_vmla(c, i, true, false))) fp_lanes_vfmls(c, i);
}
void hlp_vefmla(emu_cpu *c, uint32_t i) {
    if (fp_unlikely(!fp_vmla(c, i, false, true))) fp_lanes_vefmla(c, i);
}
void hlp_vefmls(emu_cpu *c, uint32_t i) {
    if (fp_unlikely(!fp_vmla(c, i, true, true))) fp_lanes_vefmls(c, i);
}

/* FMUL by element. */
void hlp_vefmul(emu_cpu *c, uint32_t i) {
    const emu_vreg *n = &c->v[A64_RN(i)], *m = &c->v[A64_RM(i)];
    bool fz = c->fpcr & FPCR_FZ;
    if (a64_bit(i, 22)) {
        __m128d a = fp_ld_pd(n), b = _mm_set1_pd(m->df[fp_elem(i)]);
        if (fp_unlikely(fz) && fp_fz_unsafe_pd(FOP_MUL, a, b)) return fp_lanes_vefmul(c, i);
        __m128d r = _mm_mul_pd(a, b);
        if (fp_unlikely(!fp_ok_pd(r, true))) return fp_lanes_vefmul(c, i);
        _mm_store_pd(c->v[A64_RD(i)].df, r);
    } else {
        bool q = a64_bit(i, 30);
        __m128 a = fp_ld_ps(n, q), b = _mm_set1_ps(m->f[fp_elem(i)]);
        if (!q) b = _mm_castsi128_ps(_mm_move_epi64(_mm_castps_si128(b))); /* 0 * inf above */
        if (fp_unlikely(fz) && fp_fz_unsafe_ps(FOP_MUL, a, b)) return fp_lanes_vefmul(c, i);
        __m128 r = _mm_mul_ps(a, b);
        if (fp_unlikely(!fp_ok_ps(r, true))) return fp_lanes_vefmul(c, i);
        fp_st_ps(&c->v[A64_RD(i)], r, q);
    }
}

/* FMULX by element has no fast path: its inf * 0 rule needs the lane code. */
void hlp_vefmulx(emu_cpu *c, uint32_t i) {
    fp_lanes_vefmulx(c, i);
}
