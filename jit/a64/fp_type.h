/* fp_type.h — private to the fp_*.c files: the names of one floating-point format, chosen by
 * FP_W (32 or 64), for the templates fp_tmpl.h and fp_slow_tmpl.h. No include guard. */
#undef FT
#undef UT
#undef FN
#undef F_FRAC
#undef F_EXPB
#undef F_BIAS
#undef F_SIGN
#undef F_EXPM
#undef F_FRACM
#undef F_QUIET
#undef F_DNAN
#undef F_MINNORM
#undef F_FMA
#undef F_C

#if FP_W == 32
#define FT     float
#define UT     uint32_t
#define FN(n)  f32_##n
#define F_FRAC 23
#define F_EXPB 8
#define F_FMA  fmaf
#define F_C(x) x##f /* a literal of this format: no run-time conversion */
#elif FP_W == 64
#define FT     double
#define UT     uint64_t
#define FN(n)  f64_##n
#define F_FRAC 52
#define F_EXPB 11
#define F_FMA  fma
#define F_C(x) x
#else
#error "FP_W must be 32 or 64"
#endif

#define F_BIAS    ((1 << (F_EXPB - 1)) - 1)
#define F_SIGN    ((UT)1 << (FP_W - 1))
#define F_EXPM    ((((UT)1 << F_EXPB) - 1) << F_FRAC)
#define F_FRACM   (((UT)1 << F_FRAC) - 1)
#define F_QUIET   ((UT)1 << (F_FRAC - 1))
#define F_DNAN    (F_EXPM | F_QUIET)
#define F_MINNORM ((UT)1 << F_FRAC)
