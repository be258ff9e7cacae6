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
    uint32_t *offs;         /* host offset of each instruction, ninsn + 1 entries */
    uint16_t *dirty_off;    /* per instruction: first entry in dirty[], ninsn + 1 entries */
    jit_dirty *dirty;       /* cached guest registers not yet in emu_cpu */
    struct jit_block *next; /* hash chain (read without the lock: atomic loads/stores) */
    uint8_t **in;           /* rel32 fields of the chained jumps that target this block */
    uint32_t nin, in_cap;
    bool dead; /* invalidated: no new way in; its memory stays until the next flush */
} jit_block;

struct jit {
    pthread_mutex_t lock; /* translation, install, chaining, invalidation (see blockmap.c) */
    uint8_t *code;
    size_t code_size, code_used;
    size_t code_ready; /* bytes of the code buffer populated ahead (jit_install) */
    void *arena;       /* chunks jit_blocks are carved from (blockmap.c), freed at a flush */
    uint8_t *arena_cur, *arena_end;
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

    /* threads (blockmap.c, world.c) */
    uint64_t gen;         /* bumped by every invalidation and flush (under lock) */
    jit_block ***retired; /* outgrown blocks[] arrays, freed at the next flush */
    size_t nretired;
    pthread_mutex_t world_mu;
    pthread_cond_t world_cv;
    int running;    /* threads inside jit_run (outermost frames) */
    int stop;       /* a flush waits for every other thread to leave guest code */
    emu_cpu **cpus; /* every cpu of this jit, to be kicked out of guest code */
    size_t ncpus, cpus_cap;
};

void *jit_block_alloc(jit_t *j, size_t size); /* under the lock; freed by jit_flush_all */
void *jit_pages_alloc(size_t size);           /* anonymous, populated; NULL on failure */
void jit_pages_free(void *p, size_t size);

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
/* Install a translation (caller holds lock): the new block, or NULL when the code buffer is
 * full (the caller then flushes with jit_world_flush, without the lock). */
jit_block *jit_install(jit_t *j, const jit_xlat *x, uint64_t pc);
/* Lock-free: the live block at guest pc, or NULL. */
jit_block *jit_find_block(jit_t *j, uint64_t pc);

/* blockmap.c: the block map as threads share it. Readers (jit_find_block, the inline
 * lookup table in generated code, jit_block_at from fault handlers) take no lock; writers
 * hold j->lock. Blocks are only freed by jit_flush_all, which runs with every other thread
 * out of guest code. */
void jit_blockmap_init(jit_t *j);
void jit_block_insert(jit_t *j, jit_block *b); /* hash + host-ordered array; lock held */
void jit_jtab_publish(jit_t *j, uint64_t pc, jit_block *b);      /* first use of a slot */
void jit_chain_site(jit_t *j, uint8_t *site, jit_block *target); /* patch one exit */
void jit_kill_range(jit_t *j, uint64_t start, uint64_t len);     /* invalidate; lock held */
void jit_flush_all(jit_t *j); /* drop everything; lock held, world stopped */
jit_block *jit_block_at(jit_t *j, const uint8_t *p, uint32_t *insn);
void jit_blockmap_free(jit_t *j);

/* world.c: guest threads sharing one jit. jit_run brackets guest execution with
 * jit_world_enter/leave; jit_world_flush stops every other thread outside guest code
 * (kicking them through cpu->pending) and flushes the code buffer. */
void jit_world_init(jit_t *j);
void jit_world_destroy(jit_t *j);
void jit_world_register(jit_t *j, emu_cpu *cpu);
void jit_world_enter(jit_t *j, emu_cpu *cpu);
void jit_world_leave(jit_t *j);
void jit_world_poll(jit_t *j, emu_cpu *cpu); /* in the run loop: wait here while stopped */
void jit_world_flush(jit_t *j, emu_cpu *cpu);
/* Copy up to max instruction words at pc without faulting, stopping at the page end. */
/* exec_ok (may be NULL): set when the embedder's exec check passed on the way (the caller
 * need not ask it again). */
int jit_fetch_code(const jit_t *j, uint64_t pc, uint32_t *code, int max, bool *exec_ok);

int jit_translate(a64_tctx *t, uint64_t pc, const uint32_t *code, int ncode);

/* enter.S */
int jit_enter(emu_cpu *cpu, void *host_code);
void jit_exit_tramp(void);

/* sysreg.c: values the guest reads through MRS. */
void jit_rt_raise(emu_cpu *cpu, uint32_t arg);

#endif
