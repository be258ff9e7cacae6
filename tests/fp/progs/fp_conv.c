/* fp_conv.c — conversions: FP to integer in every rounding mode (saturating, NaN, fixed point),
 * integer to FP in every FPCR rounding mode, FCVT between half/single/double (AHP, DN, FZ),
 * FMOV between register files; result bits and FPSR flags. */
#include "fpx.h"

#define TO_INT(name, insn, reg, type)                                                              \
    static uint64_t name##_s(uint32_t a) {                                                         \
        uint64_t r;                                                                                \
        __asm__ volatile(insn " %" reg "0, %s1" : "=r"(r) : "w"(from_s(a)));                       \
        return r;                                                                                  \
    }                                                                                              \
    static uint64_t name##_d(uint64_t a) {                                                         \
        uint64_t r;                                                                                \
        __asm__ volatile(insn " %" reg "0, %d1" : "=r"(r) : "w"(from_d(a)));                       \
        return r;                                                                                  \
    }
TO_INT(zs_w, "fcvtzs", "w", 0)
TO_INT(zs_x, "fcvtzs", "x", 0)
TO_INT(zu_w, "fcvtzu", "w", 0)
TO_INT(zu_x, "fcvtzu", "x", 0)
TO_INT(ns_w, "fcvtns", "w", 0)
TO_INT(nu_x, "fcvtnu", "x", 0)
TO_INT(ps_x, "fcvtps", "x", 0)
TO_INT(pu_w, "fcvtpu", "w", 0)
TO_INT(ms_w, "fcvtms", "w", 0)
TO_INT(mu_x, "fcvtmu", "x", 0)
TO_INT(as_x, "fcvtas", "x", 0)
TO_INT(au_w, "fcvtau", "w", 0)

static uint64_t fix_s(uint32_t a) {
    uint64_t r;
    __asm__ volatile("fcvtzs %w0, %s1, #8" : "=r"(r) : "w"(from_s(a)));
    return r;
}
static uint64_t fix_d(uint64_t a) {
    uint64_t r;
    __asm__ volatile("fcvtzu %x0, %d1, #33" : "=r"(r) : "w"(from_d(a)));
    return r;
}

static const struct {
    const char *name;
    uint64_t (*s)(uint32_t);
    uint64_t (*d)(uint64_t);
} to_int[] = {
    {"fcvtzs w", zs_w_s, zs_w_d},  {"fcvtzs x", zs_x_s, zs_x_d}, {"fcvtzu w", zu_w_s, zu_w_d},
    {"fcvtzu x", zu_x_s, zu_x_d},  {"fcvtns w", ns_w_s, ns_w_d}, {"fcvtnu x", nu_x_s, nu_x_d},
    {"fcvtps x", ps_x_s, ps_x_d},  {"fcvtpu w", pu_w_s, pu_w_d}, {"fcvtms w", ms_w_s, ms_w_d},
    {"fcvtmu x", mu_x_s, mu_x_d},  {"fcvtas x", as_x_s, as_x_d}, {"fcvtau w", au_w_s, au_w_d},
    {"fcvtz fixed", fix_s, fix_d},
};

static const uint64_t ints[] = {0,
                                1,
                                3,
                                0x7fffffff,
                                0x80000000,
                                0xffffffff,
                                0x1000001,
                                0xffffff,
                                0x7fffffffffffffff,
                                0x8000000000000000,
                                ~0ull,
                                0x20000000000001,
                                0x123456789abcdef,
                                (uint64_t)-1000};

static void from_int(void) {
    for (unsigned k = 0; k < sizeof ints / sizeof ints[0]; k++) {
        uint64_t x = ints[k];
        float s1, s2, s3, s4, s5;
        double d1, d2, d3, d4;
        fpsr_clear();
        __asm__ volatile("scvtf %s0, %x1" : "=w"(s1) : "r"(x));
        __asm__ volatile("ucvtf %s0, %x1" : "=w"(s2) : "r"(x));
        __asm__ volatile("scvtf %s0, %w1" : "=w"(s3) : "r"(x));
        __asm__ volatile("ucvtf %s0, %w1, #7" : "=w"(s4) : "r"(x));
        __asm__ volatile("scvtf %s0, %x1, #64" : "=w"(s5) : "r"(x));
        __asm__ volatile("scvtf %d0, %x1" : "=w"(d1) : "r"(x));
        __asm__ volatile("ucvtf %d0, %x1" : "=w"(d2) : "r"(x));
        __asm__ volatile("ucvtf %d0, %w1" : "=w"(d3) : "r"(x));
        __asm__ volatile("scvtf %d0, %x1, #3" : "=w"(d4) : "r"(x));
        printf("cvtf %016llx: %08x %08x %08x %08x %08x %016llx %016llx %016llx %016llx /%02x\n",
               (unsigned long long)x, bits_s(s1), bits_s(s2), bits_s(s3), bits_s(s4), bits_s(s5),
               (unsigned long long)bits_d(d1), (unsigned long long)bits_d(d2),
               (unsigned long long)bits_d(d3), (unsigned long long)bits_d(d4), fpsr_read());
    }
}

static void precision(void) {
    for (int i = 0; i < NVALS_D; i++) {
        float s, x;
        uint16_t h1;
        fpsr_clear();
        __asm__ volatile("fcvt %s0, %d1" : "=w"(s) : "w"(from_d(vals_d[i])));
        unsigned f1 = fpsr_read();
        fpsr_clear();
        __asm__ volatile("fcvt h2, %d1\n umov %w0, v2.h[0]"
                         : "=r"(h1)
                         : "w"(from_d(vals_d[i]))
                         : "v2");
        unsigned f2 = fpsr_read();
        fpsr_clear();
        __asm__ volatile("fcvtxn %s0, %d1" : "=w"(x) : "w"(from_d(vals_d[i])));
        printf("fcvt.d %016llx: s=%08x/%02x h=%04x/%02x xn=%08x/%02x\n",
               (unsigned long long)vals_d[i], bits_s(s), f1, h1, f2, bits_s(x), fpsr_read());
    }
    for (int i = 0; i < NVALS_S; i++) {
        double d;
        uint16_t h;
        fpsr_clear();
        __asm__ volatile("fcvt %d0, %s1" : "=w"(d) : "w"(from_s(vals_s[i])));
        unsigned f1 = fpsr_read();
        fpsr_clear();
        __asm__ volatile("fcvt h2, %s1\n umov %w0, v2.h[0]"
                         : "=r"(h)
                         : "w"(from_s(vals_s[i]))
                         : "v2");
        printf("fcvt.s %08x: d=%016llx/%02x h=%04x/%02x\n", vals_s[i],
               (unsigned long long)bits_d(d), f1, h, fpsr_read());
    }
    static const uint16_t halves[] = {0x0000, 0x8000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0x7bff,
                                      0x7c00, 0xfc00, 0x7e00, 0x7d01, 0xfe55, 0x3555, 0xc7ff};
    for (unsigned i = 0; i < sizeof halves / sizeof halves[0]; i++) {
        float s;
        double d;
        fpsr_clear();
        __asm__ volatile("dup v2.8h, %w2\n fcvt %s0, h2\n fcvt %d1, h2"
                         : "=w"(s), "=w"(d)
                         : "r"(halves[i])
                         : "v2");
        printf("fcvt.h %04x: s=%08x d=%016llx /%02x\n", halves[i], bits_s(s),
               (unsigned long long)bits_d(d), fpsr_read());
    }
}

static void moves(void) {
    uint64_t lo, hi, w;
    __asm__ volatile("movi v3.2d, #0\n fmov v3.d[1], %3\n fmov d4, %3\n fmov %0, v3.d[1]\n"
                     "fmov %1, d3\n fmov s5, %w3\n fmov %w2, s5"
                     : "=r"(hi), "=r"(lo), "=r"(w)
                     : "r"(0x0123456789abcdefull)
                     : "v3", "v4", "v5");
    printf("fmov %016llx %016llx %08llx\n", (unsigned long long)hi, (unsigned long long)lo,
           (unsigned long long)w);
}

int main(void) {
    static const uint64_t fpcrs[] = {
        0,        1u << 22, 2u << 22, 3u << 22,
        1u << 24, 1u << 25, 1u << 26, (1u << 24) | (1u << 26) | (3u << 22)};
    for (unsigned f = 0; f < sizeof fpcrs / sizeof fpcrs[0]; f++) {
        fpcr_write(fpcrs[f]);
        printf("== fpcr %08llx\n", (unsigned long long)fpcr_read());
        for (unsigned o = 0; o < sizeof to_int / sizeof to_int[0]; o++) {
            printf("%s.s:", to_int[o].name);
            for (int i = 0; i < NVALS_S; i++) {
                fpsr_clear();
                uint64_t r = to_int[o].s(vals_s[i]);
                printf(" %llx/%02x", (unsigned long long)r, fpsr_read());
            }
            printf("\n%s.d:", to_int[o].name);
            for (int i = 0; i < NVALS_D; i++) {
                fpsr_clear();
                uint64_t r = to_int[o].d(vals_d[i]);
                printf(" %llx/%02x", (unsigned long long)r, fpsr_read());
            }
            printf("\n");
        }
        from_int();
        precision();
    }
    fpcr_write(0);
    moves();
    return 0;
}
