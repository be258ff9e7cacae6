/* vq.c — the FP and SIMD differential cases (tests/fp/qdiff, tests/simd/qdiff) run through the
 * translator instead of the C helpers, against the results qemu-aarch64 produced: this is what
 * checks the native emitters of a64_tab_vnative. Each case runs in three block shapes: the
 * instruction alone, after instructions that leave nine guest registers cached (dirty) in host
 * registers, and after ones that cache the instruction's own operands in the caller-saved
 * R8-R11 (a slow path must keep them).
 * usage: vq fq DIR [MAX_PRINT] | vq qd DIR [MAX_PRINT] */
#include "a64.h"
#include "fq.h"
#include "qdiff.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define SLOT_WORDS 32
#define NSLOTS     8192

static jit_t *jit;
static emu_cpu *cpu;
static uint32_t *code;
static unsigned next_slot;

static void on_fault(int sig, siginfo_t *si, void *uc) {
    emu_cpu *c = jit_current_cpu();
    if (!c) {
        signal(sig, SIG_DFL);
        return;
    }
    jit_fault_recover(c, uc);
    jit_raise(c, sig, si->si_code, (uint64_t)(uintptr_t)si->si_addr);
}

static void setup(void) {
    a64_decode_init();
    if (jit_create(&jit, 64u << 20)) exit(2);
    cpu = aligned_alloc(64, (sizeof *cpu + 63) & ~(size_t)63);
    jit_cpu_init(jit, cpu);
    code = mmap(NULL, SLOT_WORDS * 4 * NSLOTS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                -1, 0);
    struct sigaction sa = {0};
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

static uint32_t add0(int r) {
    return 0x91000000u | (uint32_t)r << 5 | (uint32_t)r;
}

/* Writes the block for insn in shape (0, 1, 2) and returns its address. */
static uint32_t *block(uint32_t insn, int shape) {
    if (next_slot == NSLOTS) { /* every slot used: drop the translations, start over */
        jit_invalidate(jit, (uint64_t)(uintptr_t)code, SLOT_WORDS * 4 * NSLOTS);
        next_slot = 0;
    }
    uint32_t *p = code + SLOT_WORDS * next_slot++, *w = p;
    if (shape == 1)
        for (int r = 0; r < 9; r++)
            *w++ = add0(r);
    if (shape == 2) { /* five fill the callee-saved part of the pool, then the operands */
        for (int r = 19; r < 24; r++)
            *w++ = add0(r);
        *w++ = add0(A64_RD(insn));
        *w++ = add0(A64_RN(insn));
        *w++ = add0(A64_RM(insn));
        *w++ = add0(A64_RA(insn));
    }
    *w++ = insn;
    *w++ = 0xd4000001; /* svc #0 */
    return p;
}

/* Runs the block; returns 0 or the signal it raised. */
static int run(uint32_t *p) {
    cpu->pc = (uint64_t)(uintptr_t)p;
    int r = jit_run(cpu);
    return r == JIT_EXIT_SIGNAL ? cpu->signo : 0;
}

/* ---- FP cases (tests/fp/qdiff/fq.h) ---- */

static void fq_run(const fq_case *c, int shape, fq_state *out) {
    memset(cpu->x, 0, sizeof cpu->x);
    memcpy(cpu->x, c->in.x, sizeof c->in.x);
    for (int r = 0; r < 32; r++)
        memcpy(&cpu->v[r], c->in.v[r], 16);
    jit_nzcv_set(cpu, (uint32_t)c->in.nzcv);
    jit_fpcr_set(cpu, (uint32_t)c->in.fpcr);
    jit_fpsr_set(cpu, 0);
    *out = c->in;
    int sig = run(block(c->insn, shape));
    out->sig = (uint64_t)sig;
    if (!sig) {
        memcpy(out->x, cpu->x, sizeof out->x);
        for (int r = 0; r < 32; r++)
            memcpy(out->v[r], &cpu->v[r], 16);
        out->nzcv = jit_nzcv_get(cpu);
        out->fpsr = jit_fpsr_get(cpu);
    }
    jit_fpcr_set(cpu, 0);
    jit_fpsr_set(cpu, 0);
}

static void fq_print(const fq_case *c, int shape, const fq_state *want, const fq_state *got) {
    const a64_pattern *p = a64_decode(c->insn, NULL);
    printf("%08x %-22s shape %d fpcr=%08llx nzcv=%llx", c->insn, p ? p->name : "?", shape,
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
    for (int r = 0; r < FQ_NX; r++)
        if (want->x[r] != got->x[r])
            printf("   x%-2d in=%016llx qemu=%016llx emu=%016llx\n", r,
                   (unsigned long long)c->in.x[r], (unsigned long long)want->x[r],
                   (unsigned long long)got->x[r]);
    for (int r = 0; r < 32; r++)
        if (memcmp(want->v[r], got->v[r], 16)) {
            uint64_t w[2], g[2], i[2];
            memcpy(w, want->v[r], 16), memcpy(g, got->v[r], 16), memcpy(i, c->in.v[r], 16);
            printf("   v%-2d in=%016llx:%016llx qemu=%016llx:%016llx emu=%016llx:%016llx\n", r,
                   (unsigned long long)i[1], (unsigned long long)i[0], (unsigned long long)w[1],
                   (unsigned long long)w[0], (unsigned long long)g[1], (unsigned long long)g[0]);
        }
}

static void *slurp(const char *dir, const char *name, size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    void *p = malloc(*len ? *len : 1);
    if (fread(p, 1, *len, f) != *len) exit(2);
    fclose(f);
    return p;
}

static int fq_check(const char *dir, int max_print) {
    size_t clen, rlen;
    const fq_case *cases = slurp(dir, "cases.bin", &clen);
    const fq_state *want = slurp(dir, "results.bin", &rlen);
    size_t n = clen / sizeof *cases, bad = 0, native = 0;
    if (rlen != n * sizeof *want) return 2;
    for (size_t k = 0; k < n; k++) {
        const a64_pattern *p = a64_decode(cases[k].insn, NULL);
        native += p && p->emit && p != a64_decode_helper(cases[k].insn, NULL);
        for (int shape = 0; shape < 3; shape++) {
            fq_state got;
            fq_run(&cases[k], shape, &got);
            if (memcmp(&want[k], &got, sizeof got) && bad++ < (size_t)max_print)
                fq_print(&cases[k], shape, &want[k], &got);
        }
    }
    printf("vq fq: %zu cases (%zu with a native emitter) x 3 shapes, %zu mismatches\n", n, native,
           bad);
    free((void *)cases);
    free((void *)want);
    return bad != 0;
}

/* ---- SIMD cases (tests/simd/qdiff/qdiff.h): QC is the only FPSR bit compared ---- */

static void qd_collect(qd_result *r) {
    uint8_t *mem = (uint8_t *)QD_MEM_BASE;
    for (uint32_t off = 0; off < QD_MEM_SIZE; off++) {
        if (mem[off] == qd_mem_init(off)) continue;
        if (r->nchanges < QD_MAX_CHANGES) r->change[r->nchanges] = off << 8 | mem[off];
        r->nchanges++;
        mem[off] = qd_mem_init(off);
    }
}

static void qd_run(const qd_case *c, int shape, qd_result *h) {
    memset(h, 0, sizeof *h);
    memcpy(cpu->x, c->in.x, sizeof c->in.x);
    cpu->x[31] = c->in.sp;
    memcpy(cpu->v, c->in.v, sizeof c->in.v);
    jit_fpcr_set(cpu, 0);
    jit_fpsr_set(cpu, (uint32_t)c->in.fpsr);
    h->sig = run(block(c->insn, shape));
    memcpy(h->out.x, cpu->x, sizeof h->out.x);
    h->out.sp = cpu->x[31];
    h->out.fpsr = jit_fpsr_get(cpu);
    memcpy(h->out.v, cpu->v, sizeof h->out.v);
    if (c->mem) qd_collect(h);
    jit_fpsr_set(cpu, 0);
}

static bool qd_same(const qd_case *c, const qd_result *q, const qd_result *h) {
    if (q->sig != h->sig) return false;
    if (q->sig) return true;
    for (int i = 0; i < 31; i++)
        if (i != (int)c->scratch && q->out.x[i] != h->out.x[i]) return false;
    if (q->out.sp != h->out.sp || ((q->out.fpsr ^ h->out.fpsr) & (1u << 27))) return false;
    if (memcmp(q->out.v, h->out.v, sizeof q->out.v)) return false;
    unsigned nc = q->nchanges < QD_MAX_CHANGES ? q->nchanges : QD_MAX_CHANGES;
    return q->nchanges == h->nchanges && !memcmp(q->change, h->change, 4 * nc);
}

static void qd_print(const qd_case *c, int shape, const qd_result *q, const qd_result *h) {
    const a64_pattern *p = a64_decode(c->insn, NULL);
    printf("MISMATCH %08x %-22s shape %d\n", c->insn, p ? p->name : "?", shape);
    if (q->sig != h->sig) printf("    signal: qemu %d, emu %d\n", q->sig, h->sig);
    if (q->sig || h->sig) return;
    for (int i = 0; i < 31; i++)
        if (i != (int)c->scratch && q->out.x[i] != h->out.x[i])
            printf("    x%d: in %016llx qemu %016llx emu %016llx\n", i,
                   (unsigned long long)c->in.x[i], (unsigned long long)q->out.x[i],
                   (unsigned long long)h->out.x[i]);
    if (q->out.sp != h->out.sp) printf("    sp differs\n");
    if ((q->out.fpsr ^ h->out.fpsr) & (1u << 27)) printf("    QC differs\n");
    for (int i = 0; i < 32; i++) {
        if (!memcmp(q->out.v[i], h->out.v[i], 16)) continue;
        uint64_t a[2], b[2], in[2];
        memcpy(a, q->out.v[i], 16), memcpy(b, h->out.v[i], 16), memcpy(in, c->in.v[i], 16);
        printf("    v%d: in %016llx:%016llx qemu %016llx:%016llx emu %016llx:%016llx\n", i,
               (unsigned long long)in[1], (unsigned long long)in[0], (unsigned long long)a[1],
               (unsigned long long)a[0], (unsigned long long)b[1], (unsigned long long)b[0]);
    }
    if (q->nchanges != h->nchanges ||
        memcmp(q->change, h->change, sizeof(uint32_t) * (q->nchanges % (QD_MAX_CHANGES + 1))))
        printf("    memory: qemu %u changes, emu %u\n", q->nchanges, h->nchanges);
}

static bool in_simd_table(const a64_pattern *p) {
    const a64_pattern *e = a64_tab_simd;
    while (e->name)
        e++;
    return p >= a64_tab_simd && p < e;
}

static int qd_check(const char *dir, int max_print) {
    void *mem = mmap((void *)QD_MEM_BASE, QD_MEM_SIZE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (mem != (void *)QD_MEM_BASE) return 2;
    for (uint32_t off = 0; off < QD_MEM_SIZE; off++)
        ((uint8_t *)mem)[off] = qd_mem_init(off);
    size_t clen, rlen;
    const qd_header *hdr = slurp(dir, "cases.bin", &clen);
    const qd_case *cases = (const qd_case *)(hdr + 1);
    const qd_result *want = slurp(dir, "results.bin", &rlen);
    if (rlen != hdr->count * sizeof *want) return 2;
    size_t bad = 0, native = 0, tested = 0;
    for (unsigned k = 0; k < hdr->count; k++) {
        const qd_case *c = &cases[k];
        const a64_pattern *p = a64_decode(c->insn, NULL), *h = a64_decode_helper(c->insn, NULL);
        /* SIMD only (the state has no NZCV nor FPCR: FP cases are fq's); literal loads read
         * the runner's code; what no table decodes is qdiff's business */
        if (!p || !h || !in_simd_table(h) || (h->flags & A64_PC)) continue;
        tested++;
        native += p->emit && p != h;
        for (int shape = 0; shape < 3; shape++) {
            qd_result got;
            qd_run(c, shape, &got);
            if (!qd_same(c, &want[k], &got) && bad++ < (size_t)max_print)
                qd_print(c, shape, &want[k], &got);
        }
    }
    printf("vq qd: %zu cases (%zu with a native emitter), %zu mismatches\n", tested, native, bad);
    free((void *)hdr);
    free((void *)want);
    return bad != 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: vq fq DIR [MAX_PRINT] | vq qd DIR [MAX_PRINT]\n");
        return 2;
    }
    setup();
    int max_print = argc > 3 ? atoi(argv[3]) : 30;
    if (!strcmp(argv[1], "fq")) return fq_check(argv[2], max_print);
    if (!strcmp(argv[1], "qd")) return qd_check(argv[2], max_print);
    return 2;
}
