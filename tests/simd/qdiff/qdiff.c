/* qdiff.c — host side of the SIMD differential test: generates random cases for the SIMD
 * table's patterns (or random words of the SIMD encoding space) plus the arm64 code that runs
 * them under qemu-aarch64 (runner.c), then checks the helpers against qemu's results. */
#include "qdiff.h"
#include "simd_impl.h"

#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static int pattern_count(void) {
    int n = 0;
    while (a64_tab_simd[n].name)
        n++;
    return n;
}
static bool is_simd_pattern(const a64_pattern *p) {
    return p && p >= a64_tab_simd && p < a64_tab_simd + pattern_count();
}

/* ---- random state ---- */

/* Lane values that hit the edges of saturation, shifts and sign handling. */
static uint64_t rand_lane(int bits) {
    uint64_t ones = bits == 64 ? ~0ull : (1ull << bits) - 1, v;
    switch (rnd() % 12) {
    case 0: v = 0; break;
    case 1: v = ones; break;
    case 2: v = 1ull << (bits - 1); break;       /* most negative */
    case 3: v = (1ull << (bits - 1)) - 1; break; /* most positive */
    case 4: v = rnd() % 9; break;
    case 5: v = -(rnd() % 9); break;
    case 6: v = (1ull << (rnd() % bits)) + (rnd() % 3) - 1; break;
    default: v = rnd(); break;
    }
    return v & ones;
}
static void rand_vreg(uint8_t v[16]) {
    int bytes = 1 << (rnd() % 4);
    for (int i = 0; i < 16; i += bytes) {
        uint64_t x = rand_lane(bytes * 8);
        memcpy(v + i, &x, (size_t)bytes);
    }
}
static uint64_t rand_pointer(void) {
    return QD_MEM_BASE + 65536 + rnd() % 65536;
}
static uint64_t rand_small(void) {
    return (uint64_t)((int64_t)(rnd() % 1024) - 512);
}

static void rand_state(qd_state *s, uint32_t insn, bool mem) {
    memset(s, 0, sizeof *s);
    for (int i = 0; i < 31; i++)
        s->x[i] = rnd() & 1 ? rand_pointer() : rand_small();
    if (!mem)
        for (int i = 0; i < 31; i++)
            if (rnd() % 2) s->x[i] = rand_lane(64);
    s->sp = rand_pointer() & ~15ull;
    s->fpsr = rnd() & 1 ? 1u << 27 : 0;
    for (int i = 0; i < 32; i++)
        rand_vreg(s->v[i]);
    if (mem) {
        int n = A64_RN(insn), m = A64_RM(insn);
        if (n != 31 && rnd() % 10) s->x[n] = rand_pointer();
        if (m != 31 && m != n && rnd() % 10) s->x[m] = rand_small();
    }
}

/* Scratch X register of the harness: one the instruction cannot name in any field. */
static int pick_scratch(uint32_t insn) {
    int used[4] = {A64_RD(insn), A64_RN(insn), A64_RA(insn), A64_RM(insn)};
    for (int r = 16; r < 29; r++) {
        bool clash = false;
        for (int k = 0; k < 4; k++)
            clash |= used[k] == r;
        if (!clash) return r;
    }
    return 28;
}

/* ---- generation ---- */

static void emit_xregs(FILE *f, const char *op, int s) {
    for (int i = 0; i < 31; i += 2) {
        if (i + 1 < 31 && i != s && i + 1 != s) {
            fprintf(f, "\t%sp x%d, x%d, [x%d, #%d]\n", op, i, i + 1, s, 8 * i);
            continue;
        }
        for (int j = i; j < i + 2 && j < 31; j++)
            if (j != s) fprintf(f, "\t%sr x%d, [x%d, #%d]\n", op, j, s, 8 * j);
    }
}
static void emit_vregs(FILE *f, const char *op, int s) {
    for (int i = 0; i < 32; i += 2)
        fprintf(f, "\t%sp q%d, q%d, [x%d, #%d]\n", op, i, i + 1, s, 272 + 16 * i);
}
static void emit_case(FILE *f, unsigned k, const qd_case *c) {
    int s = (int)c->scratch, t = s == 1 ? 2 : 1;
    fprintf(f, "\t.p2align 2\ncase_%u:\n\tmov x%d, x0\n", k, s);
    fprintf(f, "\tldr x%d, [x%d, #256]\n\tmsr fpsr, x%d\n", t, s, t);
    fprintf(f, "\tldr x%d, [x%d, #248]\n\tmov sp, x%d\n", t, s, t);
    emit_vregs(f, "ld", s);
    emit_xregs(f, "ld", s);
    fprintf(f, "insn_%u:\n\t.inst 0x%08x\n", k, c->insn);
    fprintf(f, "\tadd x%d, x%d, #%zu\n", s, s, sizeof(qd_state));
    emit_xregs(f, "st", s);
    emit_vregs(f, "st", s);
    fprintf(f, "\tmov x0, sp\n\tstr x0, [x%d, #248]\n", s);
    fprintf(f, "\tmrs x0, fpsr\n\tstr x0, [x%d, #256]\n\tb case_ret\n", s);
}

static FILE *open_in(const char *dir, const char *name, const char *mode) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, mode);
    if (!f) {
        perror(path);
        exit(2);
    }
    return f;
}

static void write_cases(const char *dir, qd_case *cases, unsigned n) {
    FILE *bin = open_in(dir, "cases.bin", "wb");
    qd_header h = {QD_MAGIC, n};
    fwrite(&h, sizeof h, 1, bin);
    fwrite(cases, sizeof *cases, n, bin);
    fclose(bin);
    FILE *as = open_in(dir, "cases.S", "w");
    fprintf(as, "\t.text\n");
    for (unsigned k = 0; k < n; k++)
        emit_case(as, k, &cases[k]);
    fprintf(as, "\t.section .rodata\n\t.p2align 3\n\t.globl case_code, case_insn, case_count\n");
    fprintf(as, "case_count:\n\t.quad %u\ncase_code:\n", n);
    for (unsigned k = 0; k < n; k++)
        fprintf(as, "\t.quad case_%u\n", k);
    fprintf(as, "case_insn:\n");
    for (unsigned k = 0; k < n; k++)
        fprintf(as, "\t.quad insn_%u\n", k);
    fclose(as);
}

static bool host_faults(const qd_case *c);

/* QDIFF_NOFAULT: memory cases get states whose accesses stay mapped (for runs under emu-exec,
 * whose guest signal delivery is not what this test is about). */
static bool make_case(qd_case *c, uint32_t insn, bool mem) {
    static int nofault = -1;
    if (nofault < 0) nofault = getenv("QDIFF_NOFAULT") != NULL;
    memset(c, 0, sizeof *c);
    c->insn = insn;
    c->scratch = (uint32_t)pick_scratch(insn);
    c->mem = mem;
    for (int tries = 0; tries < 50; tries++) {
        rand_state(&c->in, insn, mem);
        if (!nofault || !mem || !host_faults(c)) return true;
    }
    return false; /* e.g. a register offset equal to the base: always out of range */
}

/* per pattern: N random instances whose first match is that pattern */
static unsigned gen_patterns(qd_case *cases, unsigned per, const char *filter) {
    unsigned n = 0;
    for (const a64_pattern *p = a64_tab_simd; p->name; p++) {
        if ((p->flags & A64_PC) || (filter && strcmp(filter, p->name))) continue;
        for (unsigned i = 0, tries = 0; i < per && tries < per * 50; tries++) {
            uint32_t insn = ((uint32_t)rnd() & ~p->mask) | p->value;
            if (a64_decode_helper(insn, NULL) != p ||
                !make_case(&cases[n], insn, p->flags & A64_MEM))
                continue;
            n++;
            i++;
        }
    }
    return n;
}

/* random words of the Advanced SIMD data-processing and SIMD load/store spaces */
static unsigned gen_space(qd_case *cases, unsigned count) {
    for (unsigned k = 0; k < count; k++) {
        uint32_t insn = (uint32_t)rnd();
        if (k & 1)
            insn = (insn & ~0x0e000000u) | 0x0e000000u; /* bits 27:25 = 111 */
        else
            insn = (insn & ~0x0e000000u) | 0x0c000000u; /* bits 27:25 = 110 (V) */
        if (k & 1 && (insn & 0x10000000u) == 0) insn |= 0x40000000u;
        if (!make_case(&cases[k], insn, true)) k--;
    }
    return count;
}

/* the given instruction words (hex, one a line), N random states each */
static unsigned gen_words(qd_case *cases, unsigned per, const char *path, unsigned cap) {
    FILE *f = fopen(path, "r");
    unsigned n = 0, w;
    while (f && n + per <= cap && fscanf(f, "%x", &w) == 1) {
        const a64_pattern *p = a64_decode_helper(w, NULL);
        for (unsigned i = 0; i < per; i++)
            n += make_case(&cases[n], w, !p || (p->flags & A64_MEM));
    }
    if (f) fclose(f);
    return n;
}

/* ---- checking ---- */

static sigjmp_buf fault_jb;
static volatile int fault_sig;
static void on_fault(int sig) {
    fault_sig = sig;
    siglongjmp(fault_jb, 1);
}

static void collect_changes(qd_result *r) {
    uint8_t *mem = (uint8_t *)QD_MEM_BASE;
    for (uint32_t off = 0; off < QD_MEM_SIZE; off++) {
        if (mem[off] == qd_mem_init(off)) continue;
        if (r->nchanges < QD_MAX_CHANGES) r->change[r->nchanges] = off << 8 | mem[off];
        r->nchanges++;
        mem[off] = qd_mem_init(off);
    }
}

static void run_host(const qd_case *c, const qd_result *q, qd_result *h, const a64_pattern *p) {
    static emu_cpu cpu;
    memset(&cpu, 0, sizeof cpu);
    memset(h, 0, sizeof *h);
    memcpy(cpu.x, c->in.x, sizeof c->in.x);
    cpu.x[31] = c->in.sp;
    cpu.fpsr = (uint32_t)c->in.fpsr;
    memcpy(cpu.v, c->in.v, sizeof c->in.v);
    cpu.pc = q->insn_pc;
    if (!p || !p->helper) {
        h->sig = SIGILL;
        return;
    }
    fault_sig = 0;
    if (sigsetjmp(fault_jb, 1) == 0) p->helper(&cpu, c->insn);
    h->sig = fault_sig;
    memcpy(h->out.x, cpu.x, sizeof h->out.x);
    h->out.sp = cpu.x[31];
    h->out.fpsr = cpu.fpsr;
    memcpy(h->out.v, cpu.v, sizeof h->out.v);
    if (c->mem) collect_changes(h);
}

static bool host_faults(const qd_case *c) {
    const a64_pattern *p = a64_decode_helper(c->insn, NULL);
    if (!p || !p->helper) return false;
    qd_result q, h;
    memset(&q, 0, sizeof q);
    signal(SIGSEGV, on_fault);
    signal(SIGBUS, on_fault);
    run_host(c, &q, &h, p);
    return h.sig != 0;
}

static void disasm(uint32_t insn, char *out, size_t len) {
    char cmd[256];
    snprintf(cmd, sizeof cmd,
             "printf '\\%03o\\%03o\\%03o\\%03o' > /tmp/qdiff_insn.bin && "
             "aarch64-linux-gnu-objdump -D -b binary -m aarch64 /tmp/qdiff_insn.bin | tail -1",
             insn & 0xff, insn >> 8 & 0xff, insn >> 16 & 0xff, insn >> 24);
    FILE *f = popen(cmd, "r");
    out[0] = 0;
    if (f && fgets(out, (int)len, f)) {
        char *tab = strchr(out, '\t');
        if (tab && (tab = strchr(tab + 1, '\t'))) memmove(out, tab + 1, strlen(tab));
        out[strcspn(out, "\n")] = 0;
    }
    if (f) pclose(f);
}

static void print_diff(const qd_case *c, const qd_result *q, const qd_result *h) {
    if (q->sig != h->sig) printf("    signal: qemu %d, emu %d\n", q->sig, h->sig);
    if (q->sig || h->sig) return;
    for (int i = 0; i < 31; i++)
        if (i != (int)c->scratch && q->out.x[i] != h->out.x[i])
            printf("    x%d: in %016llx qemu %016llx emu %016llx\n", i,
                   (unsigned long long)c->in.x[i], (unsigned long long)q->out.x[i],
                   (unsigned long long)h->out.x[i]);
    if (q->out.sp != h->out.sp) printf("    sp differs\n");
    if ((q->out.fpsr ^ h->out.fpsr) & (1u << 27))
        printf("    QC: qemu %d emu %d\n", (int)(q->out.fpsr >> 27 & 1),
               (int)(h->out.fpsr >> 27 & 1));
    for (int i = 0; i < 32; i++) {
        if (!memcmp(q->out.v[i], h->out.v[i], 16)) continue;
        uint64_t a[2], b[2], in[2];
        memcpy(a, q->out.v[i], 16);
        memcpy(b, h->out.v[i], 16);
        memcpy(in, c->in.v[i], 16);
        printf("    v%d: in %016llx:%016llx\n        qemu %016llx:%016llx\n"
               "        emu  %016llx:%016llx\n",
               i, (unsigned long long)in[1], (unsigned long long)in[0], (unsigned long long)a[1],
               (unsigned long long)a[0], (unsigned long long)b[1], (unsigned long long)b[0]);
    }
    if (q->nchanges != h->nchanges ||
        memcmp(q->change, h->change, sizeof(uint32_t) * (q->nchanges % (QD_MAX_CHANGES + 1))))
        printf("    memory: qemu %u changes, emu %u\n", q->nchanges, h->nchanges);
}

static bool same(const qd_case *c, const qd_result *q, const qd_result *h) {
    if (q->sig != h->sig) return false;
    if (q->sig) return true;
    for (int i = 0; i < 31; i++)
        if (i != (int)c->scratch && q->out.x[i] != h->out.x[i]) return false;
    if (q->out.sp != h->out.sp || ((q->out.fpsr ^ h->out.fpsr) & (1u << 27))) return false;
    if (memcmp(q->out.v, h->out.v, sizeof q->out.v)) return false;
    unsigned nc = q->nchanges < QD_MAX_CHANGES ? q->nchanges : QD_MAX_CHANGES;
    return q->nchanges == h->nchanges && !memcmp(q->change, h->change, 4 * nc);
}

static void *slurp(const char *dir, const char *name, size_t *len) {
    FILE *f = open_in(dir, name, "rb");
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    void *p = malloc(*len);
    if (fread(p, 1, *len, f) != *len) exit(2);
    fclose(f);
    return p;
}

/* check2: the runner's results under emu-exec (results_emu.bin) against qemu's, instruction by
 * instruction: this covers the whole translator (native emitters, fallbacks, register cache). */
static int check_emu(const char *dir, int max_print) {
    size_t clen, qlen, elen;
    qd_header *hdr = slurp(dir, "cases.bin", &clen);
    qd_case *cases = (qd_case *)(hdr + 1);
    qd_result *qres = slurp(dir, "results.bin", &qlen),
              *eres = slurp(dir, "results_emu.bin", &elen);
    if (qlen != hdr->count * sizeof *qres || elen != qlen) {
        fprintf(stderr, "qdiff: results do not match cases\n");
        return 2;
    }
    unsigned bad = 0;
    for (unsigned k = 0; k < hdr->count; k++) {
        if (same(&cases[k], &qres[k], &eres[k])) continue;
        if (bad++ < (unsigned)max_print) {
            char text[200];
            disasm(cases[k].insn, text, sizeof text);
            printf("MISMATCH (emu-exec) %08x  %s\n", cases[k].insn, text);
            print_diff(&cases[k], &qres[k], &eres[k]);
        }
    }
    printf("qdiff: %u cases run by emu-exec, %u mismatches\n", hdr->count, bad);
    return bad ? 1 : 0;
}

static int check(const char *dir, int max_print) {
    size_t clen, rlen;
    qd_header *hdr = slurp(dir, "cases.bin", &clen);
    qd_case *cases = (qd_case *)(hdr + 1);
    qd_result *qres = slurp(dir, "results.bin", &rlen);
    if (rlen != hdr->count * sizeof *qres) {
        fprintf(stderr, "qdiff: results do not match cases\n");
        return 2;
    }
    const char *env = getenv("QDIFF_UNIMPL");
    unsigned max_unimpl = env ? (unsigned)atoi(env) : 40;
    signal(SIGSEGV, on_fault);
    signal(SIGBUS, on_fault);
    unsigned bad = 0, tested = 0, unimpl = 0, foreign = 0, printed_unimpl = 0, faulted = 0;
    for (unsigned k = 0; k < hdr->count; k++) {
        const qd_case *c = &cases[k];
        const qd_result *q = &qres[k];
        const a64_pattern *p = a64_decode_helper(c->insn, NULL);
        char text[200];
        /* PC-relative loads read the runner's code, which the host does not have */
        if (p && (!is_simd_pattern(p) || (p->flags & A64_PC))) {
            foreign++;
            continue;
        }
        if (!p) {
            if (q->sig == 0) {
                unimpl++;
                if (printed_unimpl++ < max_unimpl) {
                    disasm(c->insn, text, sizeof text);
                    printf("unimplemented %08x  %s\n", c->insn, text);
                }
            }
            continue;
        }
        qd_result h;
        run_host(c, q, &h, p);
        tested++;
        faulted += q->sig != 0;

        if (same(c, q, &h)) continue;
        if (bad++ < (unsigned)max_print) {
            disasm(c->insn, text, sizeof text);
            printf("MISMATCH %08x  %-10s %s\n", c->insn, p->name, text);
            print_diff(c, q, &h);
        }
    }
    printf("qdiff: %u cases checked (%u raised a signal), %u mismatches, %u not decoded (qemu "
           "ran them), %u decoded by other tables\n",
           tested, faulted, bad, unimpl, foreign);
    return bad ? 1 : 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: qdiff gen DIR PER_PATTERN SEED [NAME]\n"
                        "       qdiff space DIR COUNT SEED\n"
                        "       qdiff words DIR PER_WORD SEED FILE\n"
                        "       qdiff check DIR [MAX_PRINT]\n"
                        "       qdiff check2 DIR [MAX_PRINT]   (results_emu.bin from emu-exec)\n");
        return 2;
    }
    a64_decode_init();
    simd_no_host_crypto = getenv("QDIFF_SOFT_CRYPTO") != NULL;
    void *mem = mmap((void *)QD_MEM_BASE, QD_MEM_SIZE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (mem != (void *)QD_MEM_BASE) {
        perror("qdiff: mmap");
        return 2;
    }
    for (uint32_t off = 0; off < QD_MEM_SIZE; off++)
        ((uint8_t *)mem)[off] = qd_mem_init(off);
    if (!strcmp(argv[1], "check")) return check(argv[2], argc > 3 ? atoi(argv[3]) : 30);
    if (!strcmp(argv[1], "check2")) return check_emu(argv[2], argc > 3 ? atoi(argv[3]) : 30);
    if (argc < 5) return 2;
    unsigned count = (unsigned)atoi(argv[3]);
    rng_state ^= strtoull(argv[4], NULL, 0) * 0x9e3779b97f4a7c15ull;
    unsigned cap = !strcmp(argv[1], "space") ? count : count * (unsigned)pattern_count();
    if (!strcmp(argv[1], "words")) cap = count * 100000;
    qd_case *cases = calloc(cap ? cap : 1, sizeof *cases);
    unsigned n;
    if (!strcmp(argv[1], "space"))
        n = gen_space(cases, count);
    else if (!strcmp(argv[1], "words"))
        n = gen_words(cases, count, argc > 5 ? argv[5] : "", cap);
    else
        n = gen_patterns(cases, count, argc > 5 ? argv[5] : NULL);
    write_cases(argv[2], cases, n);
    printf("qdiff: %u cases\n", n);
    free(cases);
    return 0;
}
