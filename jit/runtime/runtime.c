/* runtime.c — the jit_t object and the run loop: code buffer, block map, inline lookup
 * table, chaining of direct exits, guest exceptions, host-PC to guest-PC mapping. */
#include "runtime.h"
#include "fp_env.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <unistd.h>

#define DEFAULT_CODE_SIZE (256u << 20)
#define HASH_BYTES(j)     (((size_t)(j)->hash_mask + 1) * sizeof *(j)->hash)
#define JTAB_BYTES        ((size_t)(JTAB_MASK + 1) * sizeof(jit_lookup_entry))
#define TABLES_BYTES(j)   (JTAB_BYTES + HASH_BYTES(j))
#define SCRATCH_SIZE      (256u << 10)

typedef struct run_frame {
    sigjmp_buf jb;
    emu_cpu *cpu;
    struct run_frame *prev;
} run_frame;

static __thread run_frame *tls_frame;

/* Memory the jit writes all over from the first blocks on (lookup tables, block chunks, the
 * code buffer) comes in 2 MiB transparent huge pages, populated in one call. Taking 4 KiB
 * pages one fault at a time (a read maps the zero page, the first write copies it) cost a short
 * process more page faults than its guest did; and under shadow paging (the virtual machines
 * builds run in) even a populated 4 KiB page costs 5-8 us at its first touch by the process,
 * where a huge page costs one populate (~60 us, zeroing) and nothing per touch: a warm cc1
 * writes some 4,000 pages of blocks and code. Without THP the same calls give populated
 * 4 KiB pages. */
#define HUGE (2u << 20)

static size_t huge_round(size_t size) {
    return (size + HUGE - 1) & ~(size_t)(HUGE - 1);
}

/* size bytes (a multiple of HUGE) aligned to HUGE, asked to be backed by huge pages. */
static void *huge_map(size_t size, int prot) {
    uint8_t *p = mmap(NULL, size + HUGE, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return NULL;
    uint8_t *a = (uint8_t *)(((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
    if (a > p) munmap(p, (size_t)(a - p));
    munmap(a + size, HUGE - (size_t)(a - p));
    madvise(a, size, MADV_HUGEPAGE); /* advice: where THP is off, 4 KiB pages */
    return a;
}

void *jit_pages_alloc(size_t size) {
    size = huge_round(size);
    uint8_t *p = huge_map(size, PROT_READ | PROT_WRITE);
    if (p && madvise(p, size, MADV_POPULATE_WRITE) != 0) /* before Linux 5.14: faults */
        for (size_t i = 0; i < size; i += 4096)
            p[i] = 0;
    return p;
}

void jit_pages_free(void *p, size_t size) {
    if (p) munmap(p, huge_round(size));
}

int jit_create(jit_t **out, size_t code_size) {
    a64_decode_init();
    jit_t *j = calloc(1, sizeof *j);
    if (!j) return -ENOMEM;
    const char *size = getenv("EMU_JIT_CODE_SIZE"); /* testing aid: a small buffer flushes often */
    if (!code_size && size && atol(size) >= (64 << 10)) code_size = (size_t)atol(size);
    j->code_size = code_size ? code_size : DEFAULT_CODE_SIZE;
    j->code = huge_map(huge_round(j->code_size), PROT_READ | PROT_WRITE | PROT_EXEC);
    j->hash_mask = (1u << 16) - 1;
    j->jtab = jit_pages_alloc(TABLES_BYTES(j)); /* both tables in one huge page */
    j->hash = j->jtab ? (jit_block **)(void *)((uint8_t *)j->jtab + JTAB_BYTES) : NULL;
    int n = a64_helper_count();
    j->helpers = calloc((size_t)(JIT_RT_COUNT + n), sizeof *j->helpers);
    j->tctx.b.p = malloc(SCRATCH_SIZE);
    j->tctx.b.cap = SCRATCH_SIZE;
    if (!j->code || !j->jtab || !j->helpers || !j->tctx.b.p) {
        if (j->code) munmap(j->code, huge_round(j->code_size));
        jit_pages_free(j->jtab, TABLES_BYTES(j));
        free(j->helpers);
        free(j->tctx.b.p);
        free(j);
        return -ENOMEM;
    }
    j->helpers[JIT_RT_RAISE] = (void *)jit_rt_raise;
    const char *max = getenv("EMU_JIT_MAXINSNS"); /* bisecting aid: shorter blocks */
    j->max_insns =
        max && atoi(max) > 0 && atoi(max) < JIT_MAX_BLOCK_INSNS ? atoi(max) : JIT_MAX_BLOCK_INSNS;
    const char *range = getenv("EMU_JIT_RANGE"); /* LO-HI (hex): only there whole blocks */
    j->range_hi = ~0ull;
    if (range) sscanf(range, "%lx-%lx", &j->range_lo, &j->range_hi);
    const char *trace = getenv("EMU_JIT_TRACE");
    if (trace) j->trace = fopen(trace, "we");
    memcpy(j->helpers + JIT_RT_COUNT, a64_helper_table(), sizeof(void *) * (size_t)n);
    pthread_mutex_init(&j->lock, NULL);
    jit_world_init(j);
    jit_blockmap_init(j);
    *out = j;
    return 0;
}

void jit_destroy(jit_t *j) {
    if (!j) return;
    jit_blockmap_free(j);
    munmap(j->code, huge_round(j->code_size));
    jit_pages_free(j->jtab, TABLES_BYTES(j));
    free(j->helpers);
    free(j->tctx.b.p);
    free(j->tctx.relocs);
    pthread_mutex_destroy(&j->lock);
    jit_world_destroy(j);
    free(j);
}

void jit_cpu_init(jit_t *j, emu_cpu *cpu) {
    memset(cpu, 0, sizeof *cpu);
    cpu->jit = j;
    cpu->jtab = j->jtab;
    cpu->exit_fn = (void *)jit_exit_tramp;
    cpu->helpers = (void *const *)j->helpers;
    jit_nzcv_set(cpu, 0);
    jit_fpcr_set(cpu, 0); /* the calling thread's MXCSR becomes the guest's FP environment */
    jit_fpsr_set(cpu, 0);
    jit_world_register(j, cpu);
}

/* Copy up to max instruction words of guest code at pc without faulting: stops at the first
 * unreadable byte and at the end of the page (blocks never cross a page). When the embedder's
 * exec check says the page is guest-executable, the embedder guarantees it is mapped readable,
 * so the words are copied directly; otherwise the kernel reads them for us (two system calls
 * a block, which matter when thousands of blocks are installed at start-up). */
int jit_fetch_code(const jit_t *j, uint64_t pc, uint32_t *code, int max, bool *exec_ok) {
    size_t to_page = 4096 - (pc & 4095);
    size_t want = (size_t)max * 4 < to_page ? (size_t)max * 4 : to_page;
    if (exec_ok) *exec_ok = false;
    if (j && j->exec_check && j->exec_check(pc)) {
        if (exec_ok) *exec_ok = true;
        memcpy(code, (const void *)(uintptr_t)pc, want);
        return (int)(want / 4);
    }
    struct iovec local = {code, want}, remote = {(void *)(uintptr_t)pc, want};
    ssize_t got = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
    return got < 4 ? 0 : (int)(got / 4);
}

jit_xlat jit_xlat_of(const a64_tctx *t) {
    return (jit_xlat){
        t->b.p,      (uint32_t)t->b.len, t->relocs, (uint32_t)t->nrelocs, (uint32_t)t->ninsn,
        t->insn_off, t->dirty_off,       t->dirty,  (uint32_t)t->ndirty};
}

/* The code buffer's pages are populated a huge page at a time, one call instead of a page
 * fault per 4 KiB of code (a warm start-up installs a megabyte at once). Where the kernel
 * cannot (before Linux 5.14) the pages fault in as written. */
#define CODE_AHEAD HUGE

static void code_populate(jit_t *j, size_t end) {
    while (j->code_ready < end && j->code_ready < j->code_size) {
        size_t len =
            j->code_size - j->code_ready < CODE_AHEAD ? j->code_size - j->code_ready : CODE_AHEAD;
        if (madvise(j->code + j->code_ready, len, MADV_POPULATE_WRITE) != 0) {
            j->code_ready = j->code_size; /* not here: never ask again */
            return;
        }
        j->code_ready += len;
    }
}

jit_block *jit_install(jit_t *j, const jit_xlat *x, uint64_t pc) {
    if (j->code_used + x->code_len + 64 > j->code_size) return NULL; /* full: flush first */
    /* the block and its three tables in one allocation from the block arena: thousands of
     * blocks are installed at a warm start-up, and a malloc each showed */
    size_t n_offs = sizeof(uint32_t) * (x->ninsn + 1), n_doff = sizeof(uint16_t) * (x->ninsn + 1);
    size_t n_dirty = sizeof(jit_dirty) * x->ndirty;
    jit_block *b = jit_block_alloc(j, sizeof *b + n_offs + n_doff + n_dirty);
    if (!b) return NULL;
    memset(b, 0, sizeof *b);
    uint8_t *tables = (uint8_t *)(b + 1);
    size_t at = (j->code_used + 15) & ~(size_t)15;
    code_populate(j, at + x->code_len);
    uint8_t *dst = j->code + at;
    memcpy(dst, x->code, x->code_len);
    for (uint32_t i = 0; i < x->nrelocs; i++) {
        uint64_t v = pc + (uint64_t)x->relocs[i].addend;
        memcpy(dst + x->relocs[i].offset, &v, 8);
    }
    b->pc = pc;
    b->guest_len = x->ninsn * 4;
    b->host = dst;
    b->host_len = x->code_len;
    b->ninsn = x->ninsn;
    b->offs = memcpy(tables, x->offs, n_offs);
    b->dirty = (jit_dirty *)(tables + n_offs);
    if (n_dirty) memcpy(b->dirty, x->dirty, n_dirty); /* x->dirty may be NULL then */
    b->dirty_off = memcpy(tables + n_offs + n_dirty, x->dirty_off, n_doff);
    /* the code and its tables are complete before anything publishes them */
    __atomic_store_n(&j->code_used, at + x->code_len, __ATOMIC_RELEASE);
    jit_block_insert(j, b);
    j->stats.code_bytes += x->code_len;
    return b;
}

/* EMU_JIT_DUMP=FILE appends each block as a 16-byte header (guest pc, host length) and the
 * host code, for `tools/jitdump` to disassemble. */
static void dump_block(const jit_block *b) {
    static int fd = -2;
    if (fd == -2) {
        const char *path = getenv("EMU_JIT_DUMP");
        fd = path ? open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
    }
    if (fd < 0) return;
    uint64_t hdr[2] = {b->pc, b->host_len};
    if (write(fd, hdr, sizeof hdr) != sizeof hdr || write(fd, b->host, b->host_len) < 0) fd = -1;
}

/* Translate and install the block at pc under the lock. The guest bytes are fetched and
 * checked before (a fault there raises the guest's signal with no lock held); if an
 * invalidation ran in between (gen moved) they may be stale, so they are fetched again. The
 * translated hook runs after the lock is dropped. NULL: pc cannot be translated. */
static jit_block *translate_at(jit_t *j, emu_cpu *cpu, uint64_t pc) {
    uint32_t code[JIT_MAX_BLOCK_INSNS];
    if (pc & 3) jit_raise(cpu, SIGBUS, BUS_ADRALN, pc);
    int max = j->trace || pc < j->range_lo || pc >= j->range_hi ? 1 : j->max_insns;
    for (;;) {
        uint64_t gen = __atomic_load_n(&j->gen, __ATOMIC_ACQUIRE);
        bool exec_ok;
        int n = jit_fetch_code(j, pc, code, max, &exec_ok);
        if (n == 0) jit_raise(cpu, SIGSEGV, SEGV_MAPERR, pc);
        if (!exec_ok && j->exec_check && !j->exec_check(pc))
            jit_raise(cpu, SIGSEGV, SEGV_ACCERR, pc);
        bool full = false;
        uint32_t window = 0;
        pthread_mutex_lock(&j->lock);
        jit_block *b = jit_find_block(j, pc); /* another thread may have been first */
        if (!b && j->gen == gen) {
            a64_tctx *t = &j->tctx;
            if (jit_translate(t, pc, code, n) != 0) {
                pthread_mutex_unlock(&j->lock);
                return NULL;
            }
            jit_xlat x = jit_xlat_of(t);
            b = jit_install(j, &x, pc);
            full = !b;
            if (b) {
                j->stats.blocks_translated++;
                j->stats.guest_insns_translated += x.ninsn;
                dump_block(b);
                window = (uint32_t)t->window * 4;
            }
        }
        pthread_mutex_unlock(&j->lock);
        if (window && j->on_translated) j->on_translated(j->on_translated_arg, pc, code, window);
        if (b) return b;
        if (full) jit_world_flush(j, cpu);
    }
}

static jit_block *get_block(jit_t *j, emu_cpu *cpu, uint64_t pc) {
    jit_block *b = jit_find_block(j, pc);
    if (!b && j->on_miss && j->on_miss(j->on_miss_arg, pc)) b = jit_find_block(j, pc);
    if (!b) {
        b = translate_at(j, cpu, pc);
        if (!b) jit_raise(cpu, SIGILL, ILL_ILLOPC, pc);
    }
    if (!j->trace) jit_jtab_publish(j, pc, b);
    return b;
}

static void chain(jit_t *j, emu_cpu *cpu, jit_block *b) {
    uint8_t *site = (uint8_t *)(uintptr_t)cpu->chain_site;
    cpu->chain_site = 0;
    if (!j->trace) jit_chain_site(j, site, b);
}

/* EMU_JIT_TRACE=FILE: one instruction per block, no chaining, and the state before each
 * instruction in the format of qemu's `-singlestep -d cpu`, for tools/difftrace. */
static void trace_state(jit_t *j, const emu_cpu *cpu) {
    FILE *f = j->trace;
    fprintf(f, " PC=%016llx", (unsigned long long)cpu->pc);
    for (int i = 0; i < 31; i++)
        fprintf(f, "%sX%02d=%016llx", i % 3 == 1 ? "\n" : " ", i, (unsigned long long)cpu->x[i]);
    fprintf(f, "  SP=%016llx\nPSTATE=%08x\n", (unsigned long long)cpu->x[31], jit_nzcv_get(cpu));
    for (int i = 0; i < 32; i++)
        fprintf(f, "Q%02d=%016llx:%016llx%s", i, (unsigned long long)cpu->v[i].d[1],
                (unsigned long long)cpu->v[i].d[0], i % 2 ? "\n" : " ");
}

int jit_run(emu_cpu *cpu) {
    jit_t *j = cpu->jit;
    run_frame fr;
    fr.cpu = cpu;
    fr.prev = tls_frame;
    if (sigsetjmp(fr.jb, 1)) {
        tls_frame = fr.prev;
        jit_world_leave(j);
        cpu->exit_reason = JIT_EXIT_SIGNAL;
        return JIT_EXIT_SIGNAL;
    }
    tls_frame = &fr;
    jit_world_enter(j, cpu);
    for (;;) {
        jit_world_poll(j, cpu); /* a flush is waiting for this thread: no block is held here */
        if (j->trace) trace_state(j, cpu);
        jit_block *b = get_block(j, cpu, cpu->pc);
        if (cpu->chain_site) chain(j, cpu, b);
        int r = jit_enter(cpu, b->host);
        if (r == JIT_EXIT_CHAIN || r == JIT_EXIT_LOOKUP) continue;
        jit_world_leave(j);
        tls_frame = fr.prev;
        cpu->exit_reason = r;
        return r;
    }
}

_Noreturn void jit_raise(emu_cpu *cpu, int signo, int code, uint64_t addr) {
    run_frame *fr = tls_frame;
    cpu->signo = signo;
    cpu->sig_code = code;
    cpu->sig_addr = addr;
    cpu->chain_site = 0;
    if (!fr || fr->cpu != cpu) abort(); /* not inside jit_run: an emulator bug */
    siglongjmp(fr->jb, 1);
}

void jit_rt_raise(emu_cpu *cpu, uint32_t arg) {
    int signo = (int)(arg & 0xff), code = (int)(arg >> 8);
    jit_raise(cpu, signo, code, cpu->pc);
}

_Noreturn void a64_undefined(emu_cpu *cpu) {
    jit_raise(cpu, SIGILL, ILL_ILLOPC, cpu->pc);
}

emu_cpu *jit_current_cpu(void) {
    return tls_frame ? tls_frame->cpu : NULL;
}

bool jit_guest_pc_at(jit_t *j, uintptr_t host_pc, uint64_t *guest_pc) {
    uint32_t i;
    jit_block *b = jit_block_at(j, (const uint8_t *)host_pc, &i);
    if (b) *guest_pc = b->pc + 4u * i;
    return b != NULL;
}

bool jit_fault_recover(emu_cpu *cpu, const void *ucontext) {
    static const int greg[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP,
                                 REG_RSI, REG_RDI, REG_R8,  REG_R9,  REG_R10, REG_R11,
                                 REG_R12, REG_R13, REG_R14, REG_R15};
    const ucontext_t *uc = ucontext;
    if (uc->uc_mcontext.fpregs) fp_env_host_signal(cpu, uc->uc_mcontext.fpregs->mxcsr);
    uint32_t i;
    jit_block *b = jit_block_at(cpu->jit, (const uint8_t *)uc->uc_mcontext.gregs[REG_RIP], &i);
    if (!b) return false;
    cpu->pc = b->pc + 4u * i;
    for (uint16_t k = b->dirty_off[i]; k < b->dirty_off[i + 1]; k++)
        cpu->x[b->dirty[k].guest] = (uint64_t)uc->uc_mcontext.gregs[greg[b->dirty[k].host]];
    return true;
}

/* Unlinks the blocks (blockmap.c): threads inside one finish it, no thread enters it again. */
void jit_invalidate(jit_t *j, uint64_t start, uint64_t len) {
    pthread_mutex_lock(&j->lock);
    jit_kill_range(j, start, len);
    pthread_mutex_unlock(&j->lock);
}

void jit_set_exec_check(jit_t *j, jit_exec_check_fn fn) {
    j->exec_check = fn;
}

void jit_get_stats(jit_t *j, jit_stats *out) {
    pthread_mutex_lock(&j->lock);
    *out = j->stats;
    pthread_mutex_unlock(&j->lock);
}

const char *jit_strerror(int err) {
    switch (err) {
    case 0: return "success";
    case -ENOMEM: return "out of memory for the translator";
    default: return "unknown jit error";
    }
}
