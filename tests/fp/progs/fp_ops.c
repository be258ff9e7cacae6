/* fp_ops.c — every scalar FP arithmetic instruction on every pair of interesting operands,
 * under several FPCR settings, printing result bits and FPSR flags. */
#include "fpx.h"

#define FPCR_FZ (1u << 24)
#define FPCR_DN (1u << 25)
static const uint64_t fpcrs[] = {
    0, 1u << 22, 2u << 22, 3u << 22, FPCR_FZ, FPCR_DN, FPCR_FZ | FPCR_DN | (1u << 22)};

#define BIN_S(name, insn)                                                                          \
    static uint32_t name##_s(uint32_t a, uint32_t b) {                                             \
        float r;                                                                                   \
        __asm__ volatile(insn " %s0, %s1, %s2" : "=w"(r) : "w"(from_s(a)), "w"(from_s(b)));        \
        return bits_s(r);                                                                          \
    }                                                                                              \
    static uint64_t name##_d(uint64_t a, uint64_t b) {                                             \
        double r;                                                                                  \
        __asm__ volatile(insn " %d0, %d1, %d2" : "=w"(r) : "w"(from_d(a)), "w"(from_d(b)));        \
        return bits_d(r);                                                                          \
    }
BIN_S(fadd, "fadd")
BIN_S(fsub, "fsub")
BIN_S(fmul, "fmul")
BIN_S(fdiv, "fdiv")
BIN_S(fnmul, "fnmul")
BIN_S(fmax, "fmax")
BIN_S(fmin, "fmin")
BIN_S(fmaxnm, "fmaxnm")
BIN_S(fminnm, "fminnm")
BIN_S(fabd, "fabd")
BIN_S(fmulx, "fmulx")
BIN_S(frecps, "frecps")
BIN_S(frsqrts, "frsqrts")

static const struct {
    const char *name;
    uint32_t (*s)(uint32_t, uint32_t);
    uint64_t (*d)(uint64_t, uint64_t);
} bins[] = {
    {"fadd", fadd_s, fadd_d},          {"fsub", fsub_s, fsub_d},
    {"fmul", fmul_s, fmul_d},          {"fdiv", fdiv_s, fdiv_d},
    {"fnmul", fnmul_s, fnmul_d},       {"fmax", fmax_s, fmax_d},
    {"fmin", fmin_s, fmin_d},          {"fmaxnm", fmaxnm_s, fmaxnm_d},
    {"fminnm", fminnm_s, fminnm_d},    {"fabd", fabd_s, fabd_d},
    {"fmulx", fmulx_s, fmulx_d},       {"frecps", frecps_s, frecps_d},
    {"frsqrts", frsqrts_s, frsqrts_d},
};

#define UN(name, insn)                                                                             \
    static uint32_t name##_s(uint32_t a) {                                                         \
        float r;                                                                                   \
        __asm__ volatile(insn " %s0, %s1" : "=w"(r) : "w"(from_s(a)));                             \
        return bits_s(r);                                                                          \
    }                                                                                              \
    static uint64_t name##_d(uint64_t a) {                                                         \
        double r;                                                                                  \
        __asm__ volatile(insn " %d0, %d1" : "=w"(r) : "w"(from_d(a)));                             \
        return bits_d(r);                                                                          \
    }
UN(fsqrt, "fsqrt")
UN(fabs, "fabs")
UN(fneg, "fneg")
UN(frintn, "frintn")
UN(frintp, "frintp")
UN(frintm, "frintm")
UN(frintz, "frintz")
UN(frinta, "frinta")
UN(frintx, "frintx")
UN(frinti, "frinti")
UN(frecpe, "frecpe")
UN(frsqrte, "frsqrte")
UN(frecpx, "frecpx")

static const struct {
    const char *name;
    uint32_t (*s)(uint32_t);
    uint64_t (*d)(uint64_t);
} uns[] = {
    {"fsqrt", fsqrt_s, fsqrt_d},    {"fabs", fabs_s, fabs_d},
    {"fneg", fneg_s, fneg_d},       {"frintn", frintn_s, frintn_d},
    {"frintp", frintp_s, frintp_d}, {"frintm", frintm_s, frintm_d},
    {"frintz", frintz_s, frintz_d}, {"frinta", frinta_s, frinta_d},
    {"frintx", frintx_s, frintx_d}, {"frinti", frinti_s, frinti_d},
    {"frecpe", frecpe_s, frecpe_d}, {"frsqrte", frsqrte_s, frsqrte_d},
    {"frecpx", frecpx_s, frecpx_d},
};

/* FMADD family: Rd = Ra + Rn*Rm and its negations, on a third operand taken from the pool. */
#define FMA3(name, insn)                                                                           \
    static uint64_t name##_d(uint64_t a, uint64_t n, uint64_t m) {                                 \
        double r;                                                                                  \
        __asm__ volatile(insn " %d0, %d1, %d2, %d3"                                                \
                         : "=w"(r)                                                                 \
                         : "w"(from_d(n)), "w"(from_d(m)), "w"(from_d(a)));                        \
        return bits_d(r);                                                                          \
    }                                                                                              \
    static uint32_t name##_s(uint32_t a, uint32_t n, uint32_t m) {                                 \
        float r;                                                                                   \
        __asm__ volatile(insn " %s0, %s1, %s2, %s3"                                                \
                         : "=w"(r)                                                                 \
                         : "w"(from_s(n)), "w"(from_s(m)), "w"(from_s(a)));                        \
        return bits_s(r);                                                                          \
    }
FMA3(fmadd, "fmadd")
FMA3(fmsub, "fmsub")
FMA3(fnmadd, "fnmadd")
FMA3(fnmsub, "fnmsub")

static unsigned cmp_s(uint32_t a, uint32_t b, int signal) {
    uint64_t nzcv;
    if (signal)
        __asm__ volatile("fcmpe %s1, %s2\n mrs %0, nzcv"
                         : "=r"(nzcv)
                         : "w"(from_s(a)), "w"(from_s(b)));
    else
        __asm__ volatile("fcmp %s1, %s2\n mrs %0, nzcv"
                         : "=r"(nzcv)
                         : "w"(from_s(a)), "w"(from_s(b)));
    return (unsigned)(nzcv >> 28);
}
static unsigned cmp_d(uint64_t a, uint64_t b, int signal) {
    uint64_t nzcv;
    if (signal)
        __asm__ volatile("fcmpe %d1, %d2\n mrs %0, nzcv"
                         : "=r"(nzcv)
                         : "w"(from_d(a)), "w"(from_d(b)));
    else
        __asm__ volatile("fcmp %d1, %d2\n mrs %0, nzcv"
                         : "=r"(nzcv)
                         : "w"(from_d(a)), "w"(from_d(b)));
    return (unsigned)(nzcv >> 28);
}

int main(void) {
    for (unsigned f = 0; f < sizeof fpcrs / sizeof fpcrs[0]; f++) {
        fpcr_write(fpcrs[f]);
        printf("== fpcr %08llx\n", (unsigned long long)fpcr_read());
        for (unsigned o = 0; o < sizeof bins / sizeof bins[0]; o++) {
            for (int i = 0; i < NVALS_S; i++) {
                printf("%s.s %08x:", bins[o].name, vals_s[i]);
                for (int j = 0; j < NVALS_S; j++) {
                    fpsr_clear();
                    uint32_t r = bins[o].s(vals_s[i], vals_s[j]);
                    printf(" %08x/%02x", r, fpsr_read());
                }
                printf("\n");
            }
            for (int i = 0; i < NVALS_D; i++) {
                printf("%s.d %016llx:", bins[o].name, (unsigned long long)vals_d[i]);
                for (int j = 0; j < NVALS_D; j++) {
                    fpsr_clear();
                    uint64_t r = bins[o].d(vals_d[i], vals_d[j]);
                    printf(" %016llx/%02x", (unsigned long long)r, fpsr_read());
                }
                printf("\n");
            }
        }
        for (unsigned o = 0; o < sizeof uns / sizeof uns[0]; o++) {
            printf("%s.s:", uns[o].name);
            for (int i = 0; i < NVALS_S; i++) {
                fpsr_clear();
                uint32_t r = uns[o].s(vals_s[i]);
                printf(" %08x/%02x", r, fpsr_read());
            }
            printf("\n%s.d:", uns[o].name);
            for (int i = 0; i < NVALS_D; i++) {
                fpsr_clear();
                uint64_t r = uns[o].d(vals_d[i]);
                printf(" %016llx/%02x", (unsigned long long)r, fpsr_read());
            }
            printf("\n");
        }
        /* fused: a third operand from a stride through the pool */
        for (int i = 0; i < NVALS_D; i++) {
            printf("fma %d:", i);
            for (int j = 0; j < NVALS_D; j++) {
                int k = (i * 7 + j * 3) % NVALS_D, ks = (i * 5 + j) % NVALS_S;
                uint32_t is = (uint32_t)(i % NVALS_S), js = (uint32_t)(j % NVALS_S);
                fpsr_clear();
                uint64_t r1 = fmadd_d(vals_d[k], vals_d[i], vals_d[j]);
                uint64_t r2 = fmsub_d(vals_d[k], vals_d[i], vals_d[j]);
                uint64_t r3 = fnmadd_d(vals_d[k], vals_d[i], vals_d[j]);
                uint64_t r4 = fnmsub_d(vals_d[k], vals_d[i], vals_d[j]);
                unsigned fd = fpsr_read();
                fpsr_clear();
                uint32_t s1 = fmadd_s(vals_s[ks], vals_s[is], vals_s[js]);
                uint32_t s2 = fmsub_s(vals_s[ks], vals_s[is], vals_s[js]);
                uint32_t s3 = fnmadd_s(vals_s[ks], vals_s[is], vals_s[js]);
                uint32_t s4 = fnmsub_s(vals_s[ks], vals_s[is], vals_s[js]);
                printf(" %llx,%llx,%llx,%llx/%02x %x,%x,%x,%x/%02x", (unsigned long long)r1,
                       (unsigned long long)r2, (unsigned long long)r3, (unsigned long long)r4, fd,
                       s1, s2, s3, s4, fpsr_read());
            }
            printf("\n");
        }
        for (int i = 0; i < NVALS_S; i++) {
            printf("fcmp %08x:", vals_s[i]);
            for (int j = 0; j < NVALS_S; j++) {
                fpsr_clear();
                unsigned q = cmp_s(vals_s[i], vals_s[j], 0);
                unsigned fq = fpsr_read();
                fpsr_clear();
                unsigned s = cmp_s(vals_s[i], vals_s[j], 1);
                printf(" %x%x/%x%x", q, s, fq, fpsr_read());
            }
            printf("\n");
        }
        for (int i = 0; i < NVALS_D; i++) {
            printf("fcmp %016llx:", (unsigned long long)vals_d[i]);
            for (int j = 0; j < NVALS_D; j++) {
                fpsr_clear();
                unsigned q = cmp_d(vals_d[i], vals_d[j], 0);
                unsigned fq = fpsr_read();
                fpsr_clear();
                unsigned s = cmp_d(vals_d[i], vals_d[j], 1);
                printf(" %x%x/%x%x", q, s, fq, fpsr_read());
            }
            printf("\n");
        }
    }
    fpcr_write(0);
    return 0;
}
