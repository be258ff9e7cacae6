/* fq.c — host side of the FP differential test: generates random cases for every pattern of
 * a64_tab_fp (interesting operands, random FPCR), then checks the helpers against the results
 * qemu-aarch64 produced for the same cases (registers, NZCV, FPSR, SIGILL).
 * usage: fq gen DIR PER_PATTERN SEED [NAME] | fq check DIR [MAX_PRINT] */
#include "a64.h"
#include "fq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static uint32_t rnd_below(uint32_t n) {
    return (uint32_t)(rnd() % n);
}

static const uint32_t f32_pool[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000,
    0x40400000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7fa00000, 0xff800001, 0x00000001,
    0x007fffff, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, 0x4f000000, 0xcf000000, 0x4effffff,
    0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000, 0x3effffff, 0x3f7fffff, 0x00400000, 0x80000010,
    0x7e800000, 0x01000000, 0x3fffffff, 0x40490fdb, 0x47800000, 0x477ff000, 0x33800000, 0x38800000,
    0x387fc000, 0x477fe000, 0xcf000001, 0x4f7fffff, 0x7f000000, 0x00ffffff, 0x1f800000, 0x9f800001,
    0x1fffffff, 0x20000000, 0x00c00000, 0x3f000001,
};
static const uint64_t f64_pool[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x3fe0000000000000, 0x3ff8000000000000, 0x4004000000000000, 0xc004000000000000,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000000123,
    0x7ff4000000000000, 0xfff0000000000001, 0x0000000000000001, 0x000fffffffffffff,
    0x0010000000000000, 0x8010000000000000, 0x7fefffffffffffff, 0xffefffffffffffff,
    0x41e0000000000000, 0xc1e0000000000000, 0x41dfffffffc00000, 0x41f0000000000000,
    0x43e0000000000000, 0xc3e0000000000000, 0x43f0000000000000, 0x3fdfffffffffffff,
    0x3fefffffffffffff, 0x0008000000000000, 0x7fd0000000000000, 0x0020000000000000,
    0x400921fb54442d18, 0x36a0000000000000, 0x380fffffe0000000, 0x3810000000000000,
    0x47efffffe0000000, 0x47efffff00000000, 0x3e70000000000000, 0x7fe0000000000000,
    0xc1e0000000200000, 0x41efffffffe00000, 0x3ff0000000000001, 0x001fffffffffffff,
    0x1ff0000000000000, 0x9ff0000000000001, 0x1fffffffffffffff, 0x2000000000000000,
};

/* A float worth testing: from the pool, nearby, a small "nice" number, or random bits. */
static uint32_t gen_f32(void) {
    switch (rnd_below(6)) {
    case 0:
    case 1: return f32_pool[rnd_below(sizeof f32_pool / 4)];
    case 2: return f32_pool[rnd_below(sizeof f32_pool / 4)] + (uint32_t)rnd_below(3) - 1;
    case 3: {
        float f = (float)((int)rnd_below(2001) - 1000) / (float)(1u << rnd_below(6));
        uint32_t u;
        memcpy(&u, &f, 4);
        return u;
    }
    case 4: return ((uint32_t)rnd() & 0x807fffffu) | (uint32_t)(100 + rnd_below(56)) << 23;
    default: return (uint32_t)rnd();
    }
}
static uint64_t gen_f64(void) {
    switch (rnd_below(6)) {
    case 0:
    case 1: return f64_pool[rnd_below(sizeof f64_pool / 8)];
    case 2: return f64_pool[rnd_below(sizeof f64_pool / 8)] + rnd_below(3) - 1;
    case 3: {
        double f = (double)((int)rnd_below(2001) - 1000) / (double)(1u << rnd_below(6));
        uint64_t u;
        memcpy(&u, &f, 8);
        return u;
    }
    case 4: return (rnd() & 0x800fffffffffffffull) | (uint64_t)(900 + rnd_below(250)) << 52;
    default: return rnd();
    }
}
static uint16_t gen_f16(void) {
    static const uint16_t pool[] = {0x0000, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x7e00,
                                    0xfd01, 0x0001, 0x03ff, 0x0400, 0x7bff, 0x3555, 0x7c01};
    return rnd_below(2) ? pool[rnd_below(sizeof pool / 2)] : (uint16_t)rnd();
}
static uint64_t gen_int(void) {
    static const uint64_t pool[] = {0,
                                    1,
                                    ~0ull,
                                    0x7fffffff,
                                    0x80000000,
                                    0xffffffff,
                                    0x7fffffffffffffff,
                                    0x8000000000000000,
                                    0x100000000,
                                    0x1000001,
                                    0xffffff,
                                    0x20000000000001};
    switch (rnd_below(4)) {
    case 0: return pool[rnd_below(sizeof pool / 8)];
    case 1: return (uint64_t)((int64_t)rnd_below(2001) - 1000);
    case 2: return rnd() >> rnd_below(64);
    default: return rnd();
    }
}

static void gen_vreg(uint8_t *v) {
    uint8_t b[16];
    switch (rnd_below(3)) {
    case 0:
        for (int k = 0; k < 4; k++) {
            uint32_t u = gen_f32();
            memcpy(b + 4 * k, &u, 4);
        }
        break;
    case 1:
        for (int k = 0; k < 2; k++) {
            uint64_t u = gen_f64();
            memcpy(b + 8 * k, &u, 8);
        }
        break;
    default:
        for (int k = 0; k < 8; k++) {
            uint16_t u = rnd_below(2) ? gen_f16() : (uint16_t)gen_int();
            memcpy(b + 2 * k, &u, 2);
        }
        if (rnd_below(2)) { /* integer lanes for the int->FP conversions */
            uint64_t a = gen_int(), c = gen_int();
            memcpy(b, &a, 8);
            memcpy(b + 8, &c, 8);
        }
    }
    memcpy(v, b, 16);
}

static bool in_fp_table(const a64_pattern *p) {
    for (const a64_pattern *q = a64_tab_fp; q->name; q++)
        if (q == p) return true;
    return false;
}

/* Register fields 4:0 and 9:5 avoid 28..30 (x28 is the runner's, x29/x30 are not loaded). */
static uint32_t gen_insn(const a64_pattern *p) {
    for (;;) {
        uint32_t i = p->value | ((uint32_t)rnd() & ~p->mask);
        uint32_t rd = i & 31, rn = i >> 5 & 31;
        if ((rd >= 28 && rd <= 30) || (rn >= 28 && rn <= 30)) continue;
        if ((i & p->mask) != p->value) continue;
        return i;
    }
}

static void gen_case(fq_case *c, uint32_t insn) {
    memset(c, 0, sizeof *c);
    c->insn = insn;
    for (int r = 0; r < FQ_NX; r++)
        c->in.x[r] = gen_int();
    for (int r = 0; r < 32; r++)
        gen_vreg(c->in.v[r]);
    c->in.nzcv = (uint64_t)rnd_below(16) << 28;
    uint64_t fpcr = (uint64_t)rnd_below(4) << 22;
    if (rnd_below(4) == 0) fpcr |= 1u << 24; /* FZ */
    if (rnd_below(4) == 0) fpcr |= 1u << 25; /* DN */
    if (rnd_below(8) == 0) fpcr |= 1u << 26; /* AHP */
    c->in.fpcr = fpcr;
}

static int cmd_gen(const char *dir, int per, const char *only) {
    char path[512];
    snprintf(path, sizeof path, "%s/cases.bin", dir);
    FILE *f = fopen(path, "wb");
    if (!f) return 2;
    int n = 0;
    for (const a64_pattern *p = a64_tab_fp; p->name; p++) {
        if (only && strcmp(only, p->name)) continue;
        for (int k = 0, tries = 0; k < per && tries < per * 20; tries++) {
            uint32_t insn = gen_insn(p);
            const a64_pattern *owner = a64_decode_helper(insn, NULL);
            if (owner != p) { /* an earlier FP pattern may own it; another table must not */
                if (!in_fp_table(owner))
                    fprintf(stderr, "fq: %08x (%s) is decoded by another table as %s\n", insn,
                            p->name, owner ? owner->name : "nothing");
                continue;
            }
            fq_case c;
            gen_case(&c, insn);
            fwrite(&c, sizeof c, 1, f);
            k++, n++;
        }
    }
    fclose(f);
    fprintf(stderr, "fq: %d cases\n", n);
    return 0;
}

/* Runs one case through the decoder and helper, as the JIT would. */
static void run_helper(const fq_case *c, fq_state *out) {
    static emu_cpu cpu __attribute__((aligned(16)));
    memset(&cpu, 0, sizeof cpu);
    memcpy(cpu.x, c->in.x, sizeof c->in.x);
    for (int r = 0; r < 32; r++)
        memcpy(&cpu.v[r], c->in.v[r], 16);
    jit_nzcv_set(&cpu, (uint32_t)c->in.nzcv);
    jit_fpcr_set(&cpu, (uint32_t)c->in.fpcr);
    jit_fpsr_set(&cpu, 0);
    *out = c->in;
    const a64_pattern *p = a64_decode_helper(c->insn, NULL);
    if (!p || !in_fp_table(p)) {
        out->sig = 4; /* SIGILL */
        return;
    }
    p->helper(&cpu, c->insn);
    memcpy(out->x, cpu.x, sizeof out->x);
    for (int r = 0; r < 32; r++)
        memcpy(out->v[r], &cpu.v[r], 16);
    out->nzcv = jit_nzcv_get(&cpu);
    out->fpsr = jit_fpsr_get(&cpu);
    jit_fpcr_set(&cpu, 0);
    jit_fpsr_set(&cpu, 0);
}

static void print_diff(const fq_case *c, const fq_state *want, const fq_state *got) {
    const a64_pattern *p = a64_decode_helper(c->insn, NULL);
    printf("%08x %-10s fpcr=%08llx nzcv=%llx", c->insn, p ? p->name : "?",
           (unsigned long long)c->in.fpcr, (unsigned long long)c->in.nzcv >> 28);
    if (want->sig != got->sig)
        printf(" sig qemu=%llu emu=%llu", (unsigned long long)want->sig,
               (unsigned long long)got->sig);
    if (want->nzcv != got->nzcv)
        printf(" nzcv qemu=%llx emu=%llx", (unsigned long long)want->nzcv >> 28,
               (unsigned long long)got->nzcv >> 28);
    if (want->fpsr != got->fpsr)
        printf(" fpsr qemu=%08llx emu=%08llx", (unsigned long long)want->fpsr,
               (unsigned long long)got->fpsr);
    printf("\n");
    int rn = c->insn >> 5 & 31, rm = c->insn >> 16 & 31, ra = c->insn >> 10 & 31;
    for (int r = 0; r < FQ_NX; r++)
        if (want->x[r] != got->x[r])
            printf("   x%-2d in=%016llx qemu=%016llx emu=%016llx\n", r,
                   (unsigned long long)c->in.x[r], (unsigned long long)want->x[r],
                   (unsigned long long)got->x[r]);
    for (int r = 0; r < 32; r++)
        if (memcmp(want->v[r], got->v[r], 16)) {
            uint64_t w[2], g[2], n[2], m[2], a[2], d[2];
            memcpy(w, want->v[r], 16), memcpy(g, got->v[r], 16), memcpy(d, c->in.v[r], 16);
            memcpy(n, c->in.v[rn], 16), memcpy(m, c->in.v[rm], 16), memcpy(a, c->in.v[ra], 16);
            printf("   v%-2d qemu=%016llx:%016llx emu=%016llx:%016llx\n", r,
                   (unsigned long long)w[1], (unsigned long long)w[0], (unsigned long long)g[1],
                   (unsigned long long)g[0]);
            printf("       d=%016llx:%016llx n=%016llx:%016llx m=%016llx:%016llx "
                   "a=%016llx:%016llx\n",
                   (unsigned long long)d[1], (unsigned long long)d[0], (unsigned long long)n[1],
                   (unsigned long long)n[0], (unsigned long long)m[1], (unsigned long long)m[0],
                   (unsigned long long)a[1], (unsigned long long)a[0]);
        }
}

static int cmd_check(const char *dir, int max_print) {
    char path[512];
    snprintf(path, sizeof path, "%s/cases.bin", dir);
    FILE *fc = fopen(path, "rb");
    snprintf(path, sizeof path, "%s/results.bin", dir);
    FILE *fr = fopen(path, "rb");
    if (!fc || !fr) return 2;
    fq_case c;
    fq_state want, got;
    int n = 0, bad = 0;
    while (fread(&c, sizeof c, 1, fc) == 1) {
        if (fread(&want, sizeof want, 1, fr) != 1) {
            fprintf(stderr, "fq: results file too short\n");
            return 2;
        }
        run_helper(&c, &got);
        n++;
        if (memcmp(&want, &got, sizeof want) != 0) {
            if (bad++ < max_print) print_diff(&c, &want, &got);
        }
    }
    printf("fq: %d cases, %d mismatches\n", n, bad);
    return bad != 0;
}

int main(int argc, char **argv) {
    a64_decode_init();
    if (argc >= 5 && !strcmp(argv[1], "gen")) {
        rng_state = strtoull(argv[4], NULL, 0) * 0x9e3779b97f4a7c15ull + 1;
        return cmd_gen(argv[2], atoi(argv[3]), argc > 5 ? argv[5] : NULL);
    }
    if (argc >= 3 && !strcmp(argv[1], "check"))
        return cmd_check(argv[2], argc > 3 ? atoi(argv[3]) : 30);
    fprintf(stderr, "usage: fq gen DIR PER_PATTERN SEED [NAME] | fq check DIR [MAX_PRINT]\n");
    return 2;
}
