// tests/diff/progs/fp_convert.c: conversions between integers and floats in every direction and
// width, including out-of-range and NaN inputs (A64 saturates), issued with fcvtz*/ucvtf directly.
#include <math.h>
#include "diff.h"

// Out-of-range float-to-int is undefined in C but saturating on A64; asm keeps the real insns.
#define CVT(name, insn, rd, rs, T, F)            \
  static T name(F v) {                           \
    T r;                                         \
    __asm__(insn " %" rd "0, %" rs "1" : "=r"(r) : "w"(v)); \
    return r;                                    \
  }
CVT(d_to_s64, "fcvtzs", "x", "d", int64_t, double)
CVT(d_to_u64, "fcvtzu", "x", "d", uint64_t, double)
CVT(d_to_s32, "fcvtzs", "w", "d", int32_t, double)
CVT(d_to_u32, "fcvtzu", "w", "d", uint32_t, double)
CVT(f_to_s64, "fcvtzs", "x", "s", int64_t, float)
CVT(f_to_u32, "fcvtzu", "w", "s", uint32_t, float)
CVT(d_round_away, "fcvtas", "x", "d", int64_t, double)
CVT(d_round_minus, "fcvtms", "x", "d", int64_t, double)
CVT(d_round_plus, "fcvtps", "x", "d", int64_t, double)
CVT(d_round_even, "fcvtns", "x", "d", int64_t, double)
CVT(d_round_away_u, "fcvtau", "w", "d", uint32_t, double)

static const double dvals[] = {0.0, -0.0, 0.4, 0.5, 0.6, 1.5, 2.5, -0.5, -1.5, -2.5, 1e10, -1e10,
                               2147483647.0, 2147483647.5, 2147483648.0, -2147483648.0, -2147483649.0,
                               4294967295.0, 4294967296.0, 9.2233720368547758e18, -9.2233720368547758e18,
                               1.8446744073709552e19, 3e19, -3e19, 1e300, INFINITY, -INFINITY, NAN, -NAN,
                               1e-310, 0.9999999999999999, 123.456};
#define ND (int)(sizeof dvals / sizeof dvals[0])

static void float_to_int(void) {
  for (int i = 0; i < ND; i++) {
    double d = dvals[i];
    float f = (float)d;
    out("%-24a zs64=%lld zu64=%llu zs32=%d zu32=%u fs64=%lld fu32=%u a=%lld m=%lld p=%lld n=%lld au=%u\n",
        d, (long long)d_to_s64(d), (unsigned long long)d_to_u64(d), d_to_s32(d), d_to_u32(d),
        (long long)f_to_s64(f), f_to_u32(f), (long long)d_round_away(d), (long long)d_round_minus(d),
        (long long)d_round_plus(d), (long long)d_round_even(d), d_round_away_u(d));
  }
}

static void int_to_float(void) {
  for (int i = 0; i < 200; i++) {
    uint64_t u = val(i);
    int64_t s = (int64_t)u;
    int32_t s32 = (int32_t)u;
    uint32_t u32 = (uint32_t)u;
    out("%016llx: %a %a %a %a %a %a %a\n", (unsigned long long)u, (double)s, (double)u,
        (double)(float)s, (double)(float)u, (double)s32, (double)u32, (double)(float)u32);
  }
}

static void float_widths(void) {
  for (int i = 0; i < 200; i++) {
    uint64_t bits = val(i);
    double d;
    memcpy(&d, &bits, 8);
    float f = (float)d;
    uint32_t fb;
    memcpy(&fb, &f, 4);
    float g;
    uint32_t gb = (uint32_t)bits;
    memcpy(&g, &gb, 4);
    double back = (double)g;
    uint64_t bb;
    memcpy(&bb, &back, 8);
    // Half precision: __fp16 goes through fcvt h/s/d.
    __fp16 h = (__fp16)g;
    uint16_t hb;
    memcpy(&hb, &h, 2);
    out("%016llx -> f %08x | %08x -> d %016llx | h %04x -> %a\n", (unsigned long long)bits, fb, gb,
        (unsigned long long)bb, hb, (double)h);
  }
}

// Valid C conversions, left to the compiler's choice of instructions.
static void c_conversions(void) {
  double sum = 0;
  for (int i = 0; i < 300; i++) {
    double d = (double)(int64_t)rnd() / (double)(1ull << (i % 60));
    if (fabs(d) < 9e18) {
      long long t = (long long)d;
      int small = (int)fmod(d, 2e9);
      unsigned short us = (unsigned short)(fabs(fmod(d, 65536.0)));
      out("c %a %lld %d %u %ld\n", d, t, small, us, lrint(d));
      sum += (double)t;
    }
  }
  out("sum %a\n", sum);
}

int main(void) {
  float_to_int();
  int_to_float();
  float_widths();
  c_conversions();
  return diff_status();
}
