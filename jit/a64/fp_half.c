/* fp_half.c — conversions between half precision and single/double (FCVT, FCVTL, FCVTN), in
 * integer arithmetic: IEEE half or FPCR.AHP's alternative format, any rounding mode. */
#include "fp_core.h"

/* FPRoundCV to half of sign * m * 2^e (m != 0); tininess is detected before rounding. */
static uint16_t fp16_round(emu_cpu *c, bool sign, int e, uint64_t m, int rm) {
    int lz = __builtin_clzll(m);
    m <<= lz;
    int ex = e - lz + 63; /* value = 1.f * 2^ex */
    bool tiny = ex < -14;
    int shift = 53 + (tiny ? -14 - ex : 0);
    uint64_t q;
    bool halfbit, sticky;
    if (shift < 64) {
        q = m >> shift;
        halfbit = m >> (shift - 1) & 1;
        sticky = (m & ((1ull << (shift - 1)) - 1)) != 0;
    } else {
        q = 0;
        halfbit = shift == 64;
        sticky = shift == 64 ? (m << 1) != 0 : true;
    }
    bool inexact = halfbit || sticky, up;
    switch (rm) {
    case FPR_TIEEVEN: up = halfbit && (sticky || (q & 1)); break;
    case FPR_TIEAWAY: up = halfbit; break;
    case FPR_POSINF: up = inexact && !sign; break;
    case FPR_NEGINF: up = inexact && sign; break;
    default: up = false; break;
    }
    q += up;
    uint32_t bits = tiny ? (uint32_t)q : ((uint32_t)(ex + 14) << 10) + (uint32_t)q;
    uint16_t s = sign ? 0x8000 : 0;
    if (c->fpcr & FPCR_AHP) {
        if (bits > 0x7fff) {
            fp_raise(c, FPSR_IOC);
            return s | 0x7fff;
        }
    } else if (bits >= 0x7c00) {
        bool to_inf = rm == FPR_TIEEVEN || rm == FPR_TIEAWAY || (rm == FPR_POSINF && !sign) ||
                      (rm == FPR_NEGINF && sign);
        fp_raise(c, FPSR_OFC | FPSR_IXC);
        return s | (to_inf ? 0x7c00 : 0x7bff);
    }
    if (inexact) fp_raise(c, FPSR_IXC | (tiny ? FPSR_UFC : 0));
    return s | (uint16_t)bits;
}

/* NaN or infinity (exponent all ones) to half; top fraction bits are the payload's. */
static uint16_t fp16_special(emu_cpu *c, bool sign, bool is_nan, bool quiet, uint32_t top9) {
    uint16_t s = sign ? 0x8000 : 0;
    bool ahp = c->fpcr & FPCR_AHP;
    if (!is_nan) {
        if (ahp) fp_raise(c, FPSR_IOC);
        return s | (ahp ? 0x7fff : 0x7c00);
    }
    if (!quiet || ahp) fp_raise(c, FPSR_IOC);
    if (ahp) return s;
    if (c->fpcr & FPCR_DN) return 0x7e00;
    return s | 0x7e00 | (uint16_t)(top9 & 0x1ff);
}

uint16_t fp16_from_f64(emu_cpu *c, double x, int rm) {
    if (c->fpcr & FPCR_FZ) x = f64_flush_in(c, x);
    uint64_t u = f64_bits(x);
    bool sign = u >> 63;
    int exp = (int)(u >> 52 & 0x7ff);
    uint64_t frac = u & ((1ull << 52) - 1);
    if (exp == 0x7ff)
        return fp16_special(c, sign, frac != 0, frac >> 51 & 1, (uint32_t)(frac >> 42));
    if (exp == 0 && frac == 0) return sign ? 0x8000 : 0;
    if (exp == 0) return fp16_round(c, sign, -1074, frac, rm);
    return fp16_round(c, sign, exp - 1075, frac | 1ull << 52, rm);
}

uint16_t fp16_from_f32(emu_cpu *c, float x, int rm) {
    if (c->fpcr & FPCR_FZ) x = f32_flush_in(c, x);
    uint32_t u = f32_bits(x);
    bool sign = u >> 31;
    int exp = (int)(u >> 23 & 0xff);
    uint32_t frac = u & 0x7fffff;
    if (exp == 0xff) return fp16_special(c, sign, frac != 0, frac >> 22 & 1, frac >> 13);
    if (exp == 0 && frac == 0) return sign ? 0x8000 : 0;
    if (exp == 0) return fp16_round(c, sign, -149, frac, rm);
    return fp16_round(c, sign, exp - 150, frac | 1u << 23, rm);
}

/* Exact: every half value is a double. Half inputs are never flushed (FPUnpackCV). */
double fp16_to_f64(emu_cpu *c, uint16_t h) {
    uint64_t sign = (uint64_t)(h >> 15) << 63;
    int exp = h >> 10 & 0x1f;
    uint32_t frac = h & 0x3ff;
    if (exp == 0x1f && !(c->fpcr & FPCR_AHP)) {
        if (frac == 0) return f64_val(sign | 0x7ff0000000000000ull);
        if (!(frac & 0x200)) fp_raise(c, FPSR_IOC);
        if (c->fpcr & FPCR_DN) return f64_val(0x7ff8000000000000ull);
        return f64_val(sign | 0x7ff8000000000000ull | (uint64_t)(frac & 0x1ff) << 42);
    }
    if (exp == 0) {
        if (frac == 0) return f64_val(sign);
        int lz = __builtin_clz(frac) - 21; /* moves the leading one to bit 10 */
        frac = (frac << lz) & 0x3ff;
        return f64_val(sign | (uint64_t)(1023 - 14 - lz) << 52 | (uint64_t)frac << 42);
    }
    return f64_val(sign | (uint64_t)(exp - 15 + 1023) << 52 | (uint64_t)frac << 42);
}
