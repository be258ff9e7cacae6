/* runtime.h — private to jit/: the jit_t object (code buffer, block map, lookup table) and
 * the pieces of the run loop shared between runtime files. */
#ifndef JIT_RUNTIME_H
#define JIT_RUNTIME_H

#include "emujit.h"
#include "translate.h"

#include <pthread.h>
#include <stdio.h>

/* Run-time helper slots that precede the decode-table helpers in the helper table. */
enum { JIT_RT_RAISE, JIT_RT_COUNT };

typedef struct jit_block {
    uint64_t pc;
    uint32_t guest_len;
    uint32_t host_len;
    uint8_t *host;
    uint32_t ninsn;
    uint32_t *offs; /* host offset of each instruction, ninsn + 1 entries */
    uint16_t *dirty_off; /* per instruction: first entry in dirty[], ninsn + 1 entries */
    jit_dirty *dirty;    /* cached guest registers not yet in emu_cpu */
    struct jit_block *next; /* hash chain */
} jit_block;

struct jit {
    pthread_mutex_t lock;
    uint8_t *code;
    size_t code_size, code_used;
    jit_block **hash;
    size_t hash_mask;
    jit_block **blocks; /* in code-buffer order, so sorted by host address */
    size_t nblocks, blocks_cap;
    jit_lookup_entry *jtab;
    void **helpers;
    a64_tctx tctx;
    jit_stats stats;
    FILE *trace; /* EMU_JIT_TRACE */
    int max_insns;
    unsigned long range_lo, range_hi;
    jit_exec_check_fn exec_check;
    jit_translated_fn on_translated;
    void *on_translated_arg;
    jit_miss_fn on_miss;
    void *on_miss_arg;
};

/* A translation as the run loop installs it, from the translator or from a cached blob. */
typedef struct jit_xlat {
    const uint8_t *code;
    uint32_t code_len;
    const jit_reloc *relocs;
    uint32_t nrelocs;
    uint32_t ninsn;
    const uint32_t *offs;
    const uint16_t *dirty_off;
    const jit_dirty *dirty;
    uint32_t ndirty;
} jit_xlat;

jit_xlat jit_xlat_of(const a64_tctx *t);
jit_block *jit_install(jit_t *j, const jit_xlat *x, uint64_t pc);
jit_block *jit_find_block(jit_t *j, uint64_t pc);
/* Copy up to max instruction words at pc without faulting, stopping at the page end. */
int jit_fetch_code(const jit_t *j, uint64_t pc, uint32_t *code, int max);

int jit_translate(a64_tctx *t, uint64_t pc, const uint32_t *code, int ncode);

/* enter.S */
int jit_enter(emu_cpu *cpu, void *host_code);
void jit_exit_tramp(void);

/* sysreg.c: values the guest reads through MRS. */
void jit_rt_raise(emu_cpu *cpu, uint32_t arg);

#endif
