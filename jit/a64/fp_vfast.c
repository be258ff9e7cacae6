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

#define FP_VF(name, op_ps, op_pd, check, divide)                                                   \
    void hlp_v##name(emu_cpu *c, uint32_t i) {                                                     \
        const emu_vreg *n = &c->v[A64_RN(i)], *m = &c->v[A64_RM(i)];                               \
        if (fp_unlikely(c->fpcr & FPCR_FZ)) return fp_lanes_v##name(c, i);                         \
        if (a64_bit(i, 22)) {                                                                      \
            __m128d r = op_pd(fp_ld_pd(n), fp_ld_pd(m));                                           \
            if (fp_unlikely(!fp_ok_pd(r, check))) return fp_lanes_v##name(c, i);                   \
            _mm_store_pd(c->v[A64_RD(i)].df, r);                                                   \
        } else {                                                                                   \
            bool q = a64_bit(i, 30);                                                               \
            __m128 b = fp_ld_ps(m, q);                                                             \
            if (divide && !q) b = _mm_movelh_ps(b, _mm_set1_ps(1.0f));                             \
            __m128 r = op_ps(fp_ld_ps(n, q), b);                                                   \
            if (fp_unlikely(!fp_ok_ps(r, check))) return fp_lanes_v##name(c, i);                   \
            fp_st_ps(&c->v[A64_RD(i)], r, q);                                                      \
        }                                                                                          \
    }
FP_VF(fadd, _mm_add_ps, _mm_add_pd, false, false)
FP_VF(fsub, _mm_sub_ps, _mm_sub_pd, false, false)
FP_VF(fmul, _mm_mul_ps, _mm_mul_pd, true, false)
FP_VF(fdiv, _mm_div_ps, _mm_div_pd, true, true)
#undef FP_VF

/* FMLA/FMLS, vector (m = Vm) and by element (m = Vm[index] in every lane). FMLS negates n
 * before the fused operation, as the ARM ARM does (a NaN n comes out negated). */
static inline int fp_elem(uint32_t i) {
    return a64_bit(i, 22) ? (int)a64_bit(i, 11) : (int)(a64_bit(i, 11) << 1 | a64_bit(i, 21));
}
static inline bool fp_vmla(emu_cpu *c, uint32_t i, bool sub, bool elem) {
    const emu_vreg *n = &c->v[A64_RN(i)], *m = &c->v[A64_RM(i)];
    emu_vreg *d = &c->v[A64_RD(i)];
    if (fp_unlikely((c->fpcr & FPCR_FZ) || !fp_host_fma)) return false;
    if (a64_bit(i, 22)) {
        __m128d nn = fp_ld_pd(n), mm = elem ? _mm_set1_pd(m->df[fp_elem(i)]) : fp_ld_pd(m);
        if (sub) nn = _mm_xor_pd(nn, _mm_set1_pd(-0.0));
        __m128d r = fp_fma_pd(nn, mm, fp_ld_pd(d));
        if (fp_unlikely(!fp_ok_pd(r, true))) return false;
        _mm_store_pd(d->df, r);
    } else {
        bool q = a64_bit(i, 30);
        __m128 nn = fp_ld_ps(n, q), mm = elem ? _mm_set1_ps(m->f[fp_elem(i)]) : fp_ld_ps(m, q);
        if (!q) mm = _mm_castsi128_ps(_mm_move_epi64(_mm_castps_si128(mm)));
        if (sub) nn = _mm_xor_ps(nn, _mm_set1_ps(-0.0f));
        __m128 r = fp_fma_ps(nn, mm, fp_ld_ps(d, q));
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
    if (fp_unlikely(c->fpcr & FPCR_FZ)) return fp_lanes_vefmul(c, i);
    if (a64_bit(i, 22)) {
        __m128d r = _mm_mul_pd(fp_ld_pd(n), _mm_set1_pd(m->df[fp_elem(i)]));
        if (fp_unlikely(!fp_ok_pd(r, true))) return fp_lanes_vefmul(c, i);
        _mm_store_pd(c->v[A64_RD(i)].df, r);
    } else {
        bool q = a64_bit(i, 30);
        __m128 mm = _mm_set1_ps(m->f[fp_elem(i)]);
        if (!q) mm = _mm_castsi128_ps(_mm_move_epi64(_mm_castps_si128(mm))); /* 0 * inf above */
        __m128 r = _mm_mul_ps(fp_ld_ps(n, q), mm);
        if (fp_unlikely(!fp_ok_ps(r, true))) return fp_lanes_vefmul(c, i);
        fp_st_ps(&c->v[A64_RD(i)], r, q);
    }
}

/* FMULX by element has no fast path: its inf * 0 rule needs the lane code. */
void hlp_vefmulx(emu_cpu *c, uint32_t i) {
    fp_lanes_vefmulx(c, i);
}
