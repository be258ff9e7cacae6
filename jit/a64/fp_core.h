/* fp_core.h — private to the fp_*.c files: FPCR/FPSR bits, register access and the per-type
 * ARM floating-point operations (instantiated for float and double from fp_tmpl.h). */
#ifndef JIT_FP_CORE_H
#define JIT_FP_CORE_H

#include "a64.h"

#include <emmintrin.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define fp_likely(x)   __builtin_expect(!!(x), 1)
#define fp_unlikely(x) __builtin_expect(!!(x), 0)

/* FPCR fields (AArch64). */
#define FPCR_AHP         (1u << 26)
#define FPCR_DN          (1u << 25)
#define FPCR_FZ          (1u << 24)
#define FPCR_RMODE_SHIFT 22
/* The bits an MSR FPCR keeps: trap enables are RAZ/WI, as on cores without FP traps. */
#define FPCR_WRITABLE 0x07ff0000u

/* FPSR cumulative flags. */
#define FPSR_IOC      (1u << 0)
#define FPSR_DZC      (1u << 1)
#define FPSR_OFC      (1u << 2)
#define FPSR_UFC      (1u << 3)
#define FPSR_IXC      (1u << 4)
#define FPSR_IDC      (1u << 7)
#define FPSR_QC       (1u << 27)
#define FPSR_WRITABLE 0xf800009fu

/* Rounding modes, numbered as FPCR.RMode, plus the ones only instructions name. */
enum fp_rounding { FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF, FPR_ZERO, FPR_TIEAWAY, FPR_ODD };

static inline int fp_rmode(const emu_cpu *c) {
    return (int)((c->fpcr >> FPCR_RMODE_SHIFT) & 3);
}
static inline void fp_raise(emu_cpu *c, uint32_t flags) {
    c->fpsr |= flags;
}

/* Host MXCSR access for the slow paths that must see or suppress the host's exception flags,
 * or compute in a rounding mode other than the guest's (fp_env.c). */
uint32_t fp_mxcsr_get(void);
void fp_mxcsr_set(uint32_t v);
#define MXCSR_FLAGS    0x3fu
#define MXCSR_IE       0x01u
#define MXCSR_DE       0x02u
#define MXCSR_ZE       0x04u
#define MXCSR_OE       0x08u
#define MXCSR_UE       0x10u
#define MXCSR_PE       0x20u
#define MXCSR_RC_SHIFT 13
#define MXCSR_RC_MASK  (3u << MXCSR_RC_SHIFT)
/* MXCSR RC value for an ARM rounding mode (TIEEVEN..ZERO). */
uint32_t fp_mxcsr_rc(int rmode);
/* ARM FPSR flags for MXCSR exception flags (DE has no ARM counterpart). */
uint32_t fp_flags_from_mxcsr(uint32_t mx);

/* ---- SIMD&FP register access: a scalar write zeroes the rest of the register ---- */
static inline void fp_set_s(emu_cpu *c, int r, uint32_t v) {
    emu_vreg *d = &c->v[r];
    d->d[1] = 0;
    d->d[0] = v;
}
static inline void fp_set_d(emu_cpu *c, int r, uint64_t v) {
    emu_vreg *d = &c->v[r];
    d->d[0] = v;
    d->d[1] = 0;
}
static inline void fp_set_h(emu_cpu *c, int r, uint16_t v) {
    emu_vreg *d = &c->v[r];
    d->d[0] = v;
    d->d[1] = 0;
}

/* ARM condition codes on an NZCV value in bits 31:28. */
static inline bool fp_cond_holds(uint32_t nzcv, int cond) {
    bool n = nzcv >> 31 & 1, z = nzcv >> 30 & 1, cf = nzcv >> 29 & 1, v = nzcv >> 28 & 1;
    bool r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = cf; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = cf && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: return true; /* AL and NV */
    }
    return (cond & 1) ? !r : r;
}

/* The host has FMA3 and the OS saves AVX state (fp_env.c, set before main). */
extern bool fp_host_fma __attribute__((visibility("hidden")));

/* Rounds a double to an integral value in mode rm (FPR_*), without touching host flags;
 * *inexact tells whether the value changed. NaN and infinities are returned unchanged. */
double fp_round_integral(double x, int rm, bool *inexact);

/* Two-operand operations that share the slow (flush-to-zero / NaN) path. */
enum fp_op2 {
    FOP_ADD,
    FOP_SUB,
    FOP_MUL,
    FOP_DIV,
    FOP_MAX,
    FOP_MIN,
    FOP_MAXNM,
    FOP_MINNM,
    FOP_MULX,
    FOP_RECPS,
    FOP_RSQRTS,
    FOP_ABD,
};

enum fp_cmp_kind { FCMP_EQ, FCMP_GE, FCMP_GT };

/* Sets the FPSR bits for MXCSR flags raised by code run between fp_watch_begin and
 * fp_watch_end, which also restore the previously accumulated host flags. */
typedef struct fp_watch {
    uint32_t saved;
} fp_watch;
static inline void fp_watch_begin(fp_watch *w) {
    w->saved = fp_mxcsr_get();
    fp_mxcsr_set(w->saved & ~MXCSR_FLAGS);
}
/* Returns the MXCSR flags raised since fp_watch_begin, minus `drop`, and merges the rest. */
static inline uint32_t fp_watch_end(fp_watch *w, uint32_t drop) {
    uint32_t now = fp_mxcsr_get();
    uint32_t raised = now & MXCSR_FLAGS;
    fp_mxcsr_set(w->saved | (raised & ~drop));
    return raised;
}

#define FP_W 32
#include "fp_tmpl.h"
#undef FP_W
#define FP_W 64
#include "fp_tmpl.h"
#undef FP_W

/* Half precision conversions (fp_half.c). AHP and DN come from the FPCR. */
double fp16_to_f64(emu_cpu *c, uint16_t h);
uint16_t fp16_from_f64(emu_cpu *c, double x, int rm);
uint16_t fp16_from_f32(emu_cpu *c, float x, int rm);
/* Precision conversions with ARM NaN and flush-to-zero rules (fp_slow.c). */
float fp_f64_to_f32(emu_cpu *c, double x);
double fp_f32_to_f64(emu_cpu *c, float x);
float fp_f64_to_f32_odd(emu_cpu *c, double x);

#endif
