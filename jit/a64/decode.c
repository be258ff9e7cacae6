/* decode.c — the A64 decoder: the class tables flattened, bucketed by instruction bits
 * [31:21] so that a lookup scans only the patterns that can match, in table order. */
#include "a64.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>

#define KEY_SHIFT 21
#define NBUCKETS  (1u << (32 - KEY_SHIFT))

typedef struct entry {
    const a64_pattern *p;
    int slot;
} entry;

static const a64_pattern *const *class_tables(void) {
    static const a64_pattern *const t[] = {
        a64_tab_branch,  a64_tab_dpimm, a64_tab_dpreg, a64_tab_ldst,
        a64_tab_vnative, a64_tab_fp,    a64_tab_simd,  NULL};
    return t;
}

static entry *all;
static int nall;
static void **helpers;
static int nhelpers;
static entry **bucket; /* bucket[k] -> first entry pointer in pool */
static int *bucket_len;

/* The buckets are one pool, taken from the kernel populated: a malloc per bucket touched a
 * hundred fresh heap pages one page fault at a time, in every emu-exec start. */
static void bucket_pool(void) {
    size_t total = 0;
    for (uint32_t k = 0; k < NBUCKETS; k++)
        total += (size_t)bucket_len[k];
    size_t len = sizeof(entry) * (total ? total : 1);
    entry *pool =
        mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (pool == MAP_FAILED) abort(); /* at start-up, before any guest code */
    for (uint32_t k = 0; k < NBUCKETS; k++) {
        bucket[k] = pool;
        pool += bucket_len[k];
    }
}

static void build(void) {
    const a64_pattern *const *t = class_tables();
    for (int i = 0; t[i]; i++)
        for (const a64_pattern *p = t[i]; p->name; p++)
            nall++;
    all = calloc((size_t)nall, sizeof *all);
    helpers = calloc((size_t)nall + 1, sizeof *helpers);
    int n = 0;
    for (int i = 0; t[i]; i++)
        for (const a64_pattern *p = t[i]; p->name; p++) {
            all[n].p = p;
            all[n].slot = -1;
            if (p->helper) {
                all[n].slot = nhelpers;
                helpers[nhelpers++] = (void *)p->helper;
            }
            n++;
        }
    /* Each pattern goes to every bucket whose key bits agree with it: enumerate the subsets
     * of the key bits the pattern leaves free (runs at every emu-exec start: keep it cheap). */
    bucket = calloc(NBUCKETS, sizeof *bucket);
    bucket_len = calloc(NBUCKETS, sizeof *bucket_len);
    int *fill = calloc(NBUCKETS, sizeof *fill);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < nall; i++) {
            uint32_t km = all[i].p->mask >> KEY_SHIFT, kv = (all[i].p->value >> KEY_SHIFT) & km;
            uint32_t free_bits = ~km & (NBUCKETS - 1), sub = 0;
            do {
                uint32_t k = kv | sub;
                if (pass == 0)
                    bucket_len[k]++;
                else
                    bucket[k][fill[k]++] = all[i];
                sub = (sub - free_bits) & free_bits;
            } while (sub);
        }
        if (pass == 0) bucket_pool();
    }
    free(fill);
    free(all); /* the buckets hold copies */
    all = NULL;
}

void a64_decode_init(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, build);
}

const a64_pattern *a64_decode(uint32_t insn, int *slot) {
    uint32_t k = insn >> KEY_SHIFT;
    const entry *e = bucket[k];
    for (int i = 0, n = bucket_len[k]; i < n; i++)
        if ((insn & e[i].p->mask) == e[i].p->value) {
            if (slot) *slot = e[i].slot;
            return e[i].p;
        }
    if (slot) *slot = -1;
    return NULL;
}

static bool in_table(const a64_pattern *p, const a64_pattern *tab) {
    const a64_pattern *e = tab;
    while (e->name)
        e++;
    return p >= tab && p < e;
}

bool a64_is_vector_class(const a64_pattern *p) {
    return in_table(p, a64_tab_vnative) || in_table(p, a64_tab_fp) || in_table(p, a64_tab_simd);
}

const a64_pattern *a64_decode_next(uint32_t insn, const a64_pattern *p, int *slot) {
    uint32_t k = insn >> KEY_SHIFT;
    const entry *e = bucket[k];
    int i = 0, n = bucket_len[k];
    while (i < n && e[i].p != p)
        i++;
    for (i++; i < n; i++)
        if ((insn & e[i].p->mask) == e[i].p->value) {
            if (slot) *slot = e[i].slot;
            return e[i].p;
        }
    if (slot) *slot = -1;
    return NULL;
}

const a64_pattern *a64_decode_helper(uint32_t insn, int *slot) {
    const a64_pattern *p = a64_decode(insn, slot);
    while (p && in_table(p, a64_tab_vnative))
        p = a64_decode_next(insn, p, slot);
    return p;
}

void *const *a64_helper_table(void) {
    return (void *const *)helpers;
}
int a64_helper_count(void) {
    return nhelpers;
}

enum a64_nzcv_use a64_nzcv_use(uint32_t insn) {
    static const struct {
        uint32_t mask, value;
        enum a64_nzcv_use use;
    } t[] = {
        {0x3F800000, 0x31000000, A64_NZCV_WRITE}, /* ADDS/SUBS immediate */
        {0x3F200000, 0x2B000000, A64_NZCV_WRITE}, /* ADDS/SUBS shifted register */
        {0x3F200000, 0x2B200000, A64_NZCV_WRITE}, /* ADDS/SUBS extended register */
        {0x7F800000, 0x72000000, A64_NZCV_WRITE}, /* ANDS immediate */
        {0x7F000000, 0x6A000000, A64_NZCV_WRITE}, /* ANDS/BICS shifted register */
        {0xFF20FC07, 0x1E202000, A64_NZCV_WRITE}, /* FCMP/FCMPE */
        {0xFF000010, 0x54000000, A64_NZCV_READ},  /* B.cond */
        {0x1FE00000, 0x1A800000, A64_NZCV_READ},  /* CSEL family */
        {0x1FE00000, 0x1A400000, A64_NZCV_READ},  /* CCMP/CCMN */
        {0x1FE00000, 0x1A000000, A64_NZCV_READ},  /* ADC/SBC */
        {0xFF200C00, 0x1E200C00, A64_NZCV_READ},  /* FCSEL */
        {0xFF200C00, 0x1E200400, A64_NZCV_READ},  /* FCCMP */
        {0x1C000000, 0x14000000, A64_NZCV_STOP},  /* branches, exceptions, system */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if ((insn & t[i].mask) == t[i].value) return t[i].use;
    int slot;
    const a64_pattern *p = a64_decode(insn, &slot);
    if (!p) return A64_NZCV_STOP;
    if (p->flags & A64_RFLAGS) return A64_NZCV_READ;
    if (p->flags & A64_END) return A64_NZCV_STOP;
    return A64_NZCV_NONE;
}
