/* fp_vec.c — helpers for Advanced SIMD floating point with two or three register operands:
 * three-same (vector and scalar), by element, pairwise and across-lanes reductions. */
#include "fp_core.h"
#include "fp_hlp.h"

#define RN(i) (c->v[A64_RN(i)])
#define RM(i) (c->v[A64_RM(i)])

/* Lanes of a vector form: Q (bit 30) and sz (bit 22). sz=1 Q=0 never gets here (the table
 * leaves it unallocated). */
static inline int fp_lanes(uint32_t i) {
    return a64_bit(i, 22) ? 2 : (a64_bit(i, 30) ? 4 : 2);
}

static inline float f32_nmla(emu_cpu *c, float d, float n, float m) {
    return f32_muladd(c, d, -n, m);
}
static inline double f64_nmla(emu_cpu *c, double d, double n, double m) {
    return f64_muladd(c, d, -n, m);
}
static inline float f32_mla(emu_cpu *c, float d, float n, float m) {
    return f32_muladd(c, d, n, m);
}
static inline double f64_mla(emu_cpu *c, double d, double n, double m) {
    return f64_muladd(c, d, n, m);
}
#define FP_CMPS(ty, T, name, kind, absmask)                                                        \
    static inline T ty##_##name(emu_cpu *c, ty##_t a, ty##_t b) {                                  \
        return ty##_cmp(c, ty##_val(ty##_bits(a) & absmask), ty##_val(ty##_bits(b) & absmask),     \
                        kind)                                                                      \
                   ? (T) ~(T)0                                                                     \
                   : 0;                                                                            \
    }
typedef float f32_t;
typedef double f64_t;
FP_CMPS(f32, uint32_t, cmeq, FCMP_EQ, ~0u)
FP_CMPS(f32, uint32_t, cmge, FCMP_GE, ~0u)
FP_CMPS(f32, uint32_t, cmgt, FCMP_GT, ~0u)
FP_CMPS(f32, uint32_t, acge, FCMP_GE, 0x7fffffffu)
FP_CMPS(f32, uint32_t, acgt, FCMP_GT, 0x7fffffffu)
FP_CMPS(f64, uint64_t, cmeq, FCMP_EQ, ~0ull)
FP_CMPS(f64, uint64_t, cmge, FCMP_GE, ~0ull)
FP_CMPS(f64, uint64_t, cmgt, FCMP_GT, ~0ull)
FP_CMPS(f64, uint64_t, acge, FCMP_GE, ~(1ull << 63))
FP_CMPS(f64, uint64_t, acgt, FCMP_GT, ~(1ull << 63))
#undef FP_CMPS

/* ---- three same, vector: out lanes sf/sd (bits) or f/df (values) ---- */
#define FP_V3(fname, fn, s_lane, d_lane)                                                           \
    void fname(emu_cpu *c, uint32_t i) {                                                           \
        const emu_vreg *n = &RN(i), *m = &RM(i);                                                   \
        emu_vreg r;                                                                                \
        r.d[1] = 0;                                                                                \
        if (a64_bit(i, 22)) {                                                                      \
            for (int k = 0; k < 2; k++)                                                            \
                r.d_lane[k] = f64_##fn(c, n->df[k], m->df[k]);                                     \
        } else {                                                                                   \
            for (int k = 0, e = fp_lanes(i); k < e; k++)                                           \
                r.s_lane[k] = f32_##fn(c, n->f[k], m->f[k]);                                       \
        }                                                                                          \
        c->v[A64_RD(i)] = r;                                                                       \
    }
FP_V3(fp_lanes_vfadd, add, f, df)
FP_V3(fp_lanes_vfsub, sub, f, df)
FP_V3(fp_lanes_vfmul, mul, f, df)
FP_V3(fp_lanes_vfdiv, div, f, df)
FP_V3(hlp_vfmax, max, f, df)
FP_V3(hlp_vfmin, min, f, df)
FP_V3(hlp_vfmaxnm, maxnm, f, df)
FP_V3(hlp_vfminnm, minnm, f, df)
FP_V3(hlp_vfmulx, mulx, f, df)
FP_V3(hlp_vfrecps, recps, f, df)
FP_V3(hlp_vfrsqrts, rsqrts, f, df)
FP_V3(hlp_vfabd, abd, f, df)
FP_V3(hlp_vfcmeq, cmeq, s, d)
FP_V3(hlp_vfcmge, cmge, s, d)
FP_V3(hlp_vfcmgt, cmgt, s, d)
FP_V3(hlp_vfacge, acge, s, d)
FP_V3(hlp_vfacgt, acgt, s, d)
#undef FP_V3

#define FP_V3ACC(fname, fn)                                                                        \
    void fname(emu_cpu *c, uint32_t i) {                                                           \
        const emu_vreg *n = &RN(i), *m = &RM(i);                                                   \
        emu_vreg r = c->v[A64_RD(i)];                                                              \
        if (a64_bit(i, 22)) {                                                                      \
            for (int k = 0; k < 2; k++)                                                            \
                r.df[k] = f64_##fn(c, r.df[k], n->df[k], m->df[k]);                                \
        } else {                                                                                   \
            int e = fp_lanes(i);                                                                   \
            for (int k = 0; k < e; k++)                                                            \
                r.f[k] = f32_##fn(c, r.f[k], n->f[k], m->f[k]);                                    \
            if (e == 2) r.d[1] = 0;                                                                \
        }                                                                                          \
        c->v[A64_RD(i)] = r;                                                                       \
    }
FP_V3ACC(fp_lanes_vfmla, mla)
FP_V3ACC(fp_lanes_vfmls, nmla)
#undef FP_V3ACC

/* ---- three same, scalar (sz = bit 22) ---- */
#define FP_S3(name, fn, s_lane, d_lane)                                                            \
    void hlp_s##name(emu_cpu *c, uint32_t i) {                                                     \
        emu_vreg r = {0};                                                                          \
        if (a64_bit(i, 22))                                                                        \
            r.d_lane[0] = f64_##fn(c, RN(i).df[0], RM(i).df[0]);                                   \
        else                                                                                       \
            r.s_lane[0] = f32_##fn(c, RN(i).f[0], RM(i).f[0]);                                     \
        c->v[A64_RD(i)] = r;                                                                       \
    }
FP_S3(fmulx, mulx, f, df)
FP_S3(frecps, recps, f, df)
FP_S3(frsqrts, rsqrts, f, df)
FP_S3(fabd, abd, f, df)
FP_S3(fcmeq, cmeq, s, d)
FP_S3(fcmge, cmge, s, d)
FP_S3(fcmgt, cmgt, s, d)
FP_S3(facge, acge, s, d)
FP_S3(facgt, acgt, s, d)
#undef FP_S3

/* ---- pairwise: the lanes of Vn then Vm, added (etc.) two by two ---- */
#define FP_VP(name, fn)                                                                            \
    void hlp_v##name(emu_cpu *c, uint32_t i) {                                                     \
        const emu_vreg *n = &RN(i), *m = &RM(i);                                                   \
        emu_vreg r;                                                                                \
        r.d[1] = 0;                                                                                \
        if (a64_bit(i, 22)) {                                                                      \
            r.df[0] = f64_##fn(c, n->df[0], n->df[1]);                                             \
            r.df[1] = f64_##fn(c, m->df[0], m->df[1]);                                             \
        } else {                                                                                   \
            int h = fp_lanes(i) / 2;                                                               \
            for (int k = 0; k < h; k++)                                                            \
                r.f[k] = f32_##fn(c, n->f[2 * k], n->f[2 * k + 1]);                                \
            for (int k = 0; k < h; k++)                                                            \
                r.f[h + k] = f32_##fn(c, m->f[2 * k], m->f[2 * k + 1]);                            \
        }                                                                                          \
        c->v[A64_RD(i)] = r;                                                                       \
    }
#define FP_SP(name, fn)                                                                            \
    void hlp_s##name(emu_cpu *c, uint32_t i) {                                                     \
        const emu_vreg *n = &RN(i);                                                                \
        if (a64_bit(i, 22))                                                                        \
            fp_set_d(c, A64_RD(i), f64_bits(f64_##fn(c, n->df[0], n->df[1])));                     \
        else                                                                                       \
            fp_set_s(c, A64_RD(i), f32_bits(f32_##fn(c, n->f[0], n->f[1])));                       \
    }
/* Across lanes (4S only): ARM reduces by halves, op(op(v0, v1), op(v2, v3)). */
#define FP_ACROSS(name, fn)                                                                        \
    void hlp_##name(emu_cpu *c, uint32_t i) {                                                      \
        const emu_vreg *n = &RN(i);                                                                \
        float lo = f32_##fn(c, n->f[0], n->f[1]), hi = f32_##fn(c, n->f[2], n->f[3]);              \
        fp_set_s(c, A64_RD(i), f32_bits(f32_##fn(c, lo, hi)));                                     \
    }
#define FP_PAIRWISE(name, fn) FP_VP(name, fn) FP_SP(name, fn)
FP_PAIRWISE(faddp, add)
FP_PAIRWISE(fmaxp, max)
FP_PAIRWISE(fminp, min)
FP_PAIRWISE(fmaxnmp, maxnm)
FP_PAIRWISE(fminnmp, minnm)
FP_ACROSS(fmaxv, max)
FP_ACROSS(fminv, min)
FP_ACROSS(fmaxnmv, maxnm)
FP_ACROSS(fminnmv, minnm)
#undef FP_VP
#undef FP_SP
#undef FP_ACROSS
#undef FP_PAIRWISE

/* ---- by element: Vm.S[H:L] (M:Rm names any of 32 registers) or Vm.D[H] ---- */
static inline int fp_elem_index(uint32_t i) {
    return a64_bit(i, 22) ? (int)a64_bit(i, 11) : (int)(a64_bit(i, 11) << 1 | a64_bit(i, 21));
}
#define FP_VE(name, expr_s, expr_d)                                                                \
    void fp_lanes_ve##name(emu_cpu *c, uint32_t i) {                                               \
        const emu_vreg *n = &RN(i);                                                                \
        emu_vreg r = c->v[A64_RD(i)];                                                              \
        int x = fp_elem_index(i);                                                                  \
        if (a64_bit(i, 22)) {                                                                      \
            double m = RM(i).df[x];                                                                \
            for (int k = 0; k < 2; k++)                                                            \
                r.df[k] = expr_d;                                                                  \
        } else {                                                                                   \
            float m = RM(i).f[x];                                                                  \
            int e = a64_bit(i, 30) ? 4 : 2;                                                        \
            for (int k = 0; k < e; k++)                                                            \
                r.f[k] = expr_s;                                                                   \
            if (e == 2) r.d[1] = 0;                                                                \
        }                                                                                          \
        c->v[A64_RD(i)] = r;                                                                       \
    }                                                                                              \
    void hlp_se##name(emu_cpu *c, uint32_t i) {                                                    \
        const emu_vreg *n = &RN(i);                                                                \
        emu_vreg r = c->v[A64_RD(i)];                                                              \
        int x = fp_elem_index(i), k = 0;                                                           \
        if (a64_bit(i, 22)) {                                                                      \
            double m = RM(i).df[x];                                                                \
            fp_set_d(c, A64_RD(i), f64_bits(expr_d));                                              \
        } else {                                                                                   \
            float m = RM(i).f[x];                                                                  \
            fp_set_s(c, A64_RD(i), f32_bits(expr_s));                                              \
        }                                                                                          \
        (void)r;                                                                                   \
    }
FP_VE(fmla, f32_muladd(c, r.f[k], n->f[k], m), f64_muladd(c, r.df[k], n->df[k], m))
FP_VE(fmls, f32_muladd(c, r.f[k], -n->f[k], m), f64_muladd(c, r.df[k], -n->df[k], m))
FP_VE(fmul, f32_mul(c, n->f[k], m), f64_mul(c, n->df[k], m))
FP_VE(fmulx, f32_mulx(c, n->f[k], m), f64_mulx(c, n->df[k], m))
#undef FP_VE
