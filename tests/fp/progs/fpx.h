/* fpx.h — shared by the FP test programs: FPSR/FPCR access and printing of raw bits, so a
 * program's output shows every bit of every result and every cumulative flag. */
#ifndef FPX_H
#define FPX_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static inline void fpsr_clear(void) {
    __asm__ volatile("msr fpsr, xzr");
}
static inline unsigned fpsr_read(void) {
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return (unsigned)v;
}
static inline void fpcr_write(uint64_t v) {
    __asm__ volatile("msr fpcr, %0" ::"r"(v));
}
static inline uint64_t fpcr_read(void) {
    uint64_t v;
    __asm__ volatile("mrs %0, fpcr" : "=r"(v));
    return v;
}

static inline uint32_t bits_s(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static inline uint64_t bits_d(double f) {
    uint64_t u;
    memcpy(&u, &f, 8);
    return u;
}
static inline float from_s(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static inline double from_d(uint64_t u) {
    double f;
    memcpy(&f, &u, 8);
    return f;
}

/* Interesting operands: zeros, ones, halves (ties), NaNs (quiet, signalling, signed, with
 * payload), infinities, denormals, extremes, integer-conversion boundaries. */
static const uint32_t vals_s[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0x40200000,
    0xc0200000, 0x40400000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7fa00002,
    0xff800003, 0x00000001, 0x007fffff, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff,
    0x4f000000, 0xcf000000, 0x4effffff, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000,
    0x3effffff, 0x3f7fffff, 0x40490fdb, 0x3dcccccd, 0xc2f6e979, 0x00400001,
};
static const uint64_t vals_d[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x3fe0000000000000, 0x3ff8000000000000, 0x4004000000000000, 0xc004000000000000,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000000123,
    0x7ff4000000000000, 0xfff0000000000001, 0x0000000000000001, 0x000fffffffffffff,
    0x0010000000000000, 0x8010000000000000, 0x7fefffffffffffff, 0xffefffffffffffff,
    0x41e0000000000000, 0xc1e0000000000000, 0x41dfffffffc00000, 0x41f0000000000000,
    0x43e0000000000000, 0xc3e0000000000000, 0x43f0000000000000, 0x3fdfffffffffffff,
    0x400921fb54442d18, 0x3fb999999999999a, 0xc05edd2f1a9fbe77, 0x0008000000000001,
};
#define NVALS_S (int)(sizeof vals_s / sizeof vals_s[0])
#define NVALS_D (int)(sizeof vals_d / sizeof vals_d[0])

#endif
