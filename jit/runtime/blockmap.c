/* blockmap.c — the block map shared by the guest threads of one jit: hash of guest PCs, the
 * host-ordered block array for fault recovery, the inline lookup table, chaining, unlinking.
 *
 * Readers never lock: jit_find_block (run loop), the jtab lookup in generated code and
 * jit_block_at (fault handlers). Writers hold j->lock and publish with release stores after
 * the data they publish is complete. Nothing a reader can reach is freed or rewritten while
 * another thread may run guest code: invalidation only unlinks a block (no hash entry, no
 * lookup-table entry, every chained jump into it put back to its unchained stub) and keeps
 * its code and tables until jit_flush_all, which runs with the world stopped (world.c). */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

static inline size_t hash_pc(const jit_t *j, uint64_t pc) {
    return (size_t)((pc >> 2) ^ (pc >> 18)) & j->hash_mask;
}

/* A lookup-table slot i is empty or retired when its pc can never match: the generated code
 * only compares slot i with targets whose index bits are i, and this pc has other ones. A
 * slot is filled once per flush (host first, then pc): a reader that sees the pc sees its host
 * (x86 keeps stores in order, and loads too), and a pc never changes to another real pc, so a
 * reader never pairs a pc with another block's host. Retiring keeps host, so it stays taken. */
static uint64_t jtab_tomb(size_t i) {
    return i ? 0 : 4; /* zero everywhere but slot 0 (the slot of pc 0) */
}

/* The table comes zeroed from calloc (untouched pages: a megabyte written at every start-up
 * costs a small process more than its whole run); only slot 0 needs its tomb. */
static void jtab_reset(jit_t *j, bool zeroed) {
    if (!zeroed) memset(j->jtab, 0, (JTAB_MASK + 1) * sizeof *j->jtab);
    j->jtab[0].pc = jtab_tomb(0);
}

void jit_blockmap_init(jit_t *j) {
    jtab_reset(j, true);
}

jit_block *jit_find_block(jit_t *j, uint64_t pc) {
    for (jit_block *b = __atomic_load_n(&j->hash[hash_pc(j, pc)], __ATOMIC_ACQUIRE); b;
         b = __atomic_load_n(&b->next, __ATOMIC_ACQUIRE))
        if (b->pc == pc) return b;
    return NULL;
}

/* blocks[] grows by copying; readers may still hold the old array, so it is kept until the
 * next flush. A reader loads nblocks before blocks: any array it then sees holds that many. */
static bool blocks_append(jit_t *j, jit_block *b) {
    size_t n = j->nblocks;
    if (n == j->blocks_cap) {
        size_t cap = j->blocks_cap ? 2 * j->blocks_cap : 4096;
        jit_block **nv = malloc(sizeof *nv * cap);
        jit_block ***rv = realloc(j->retired, sizeof *rv * (j->nretired + 1));
        if (!nv || !rv) {
            free(nv);
            if (rv) j->retired = rv;
            return false;
        }
        j->retired = rv;
        if (n) memcpy(nv, j->blocks, sizeof *nv * n);
        if (j->blocks) j->retired[j->nretired++] = j->blocks;
        __atomic_store_n(&j->blocks, nv, __ATOMIC_RELEASE);
        j->blocks_cap = cap;
    }
    j->blocks[n] = b;
    __atomic_store_n(&j->nblocks, n + 1, __ATOMIC_RELEASE);
    return true;
}

void jit_block_insert(jit_t *j, jit_block *b) {
    if (!blocks_append(j, b)) {
        /* no room to make it findable by host address: never give it out */
        b->dead = true;
        return;
    }
    jit_block **head = &j->hash[hash_pc(j, b->pc)];
    b->next = *head;
    __atomic_store_n(head, b, __ATOMIC_RELEASE);
}

void jit_jtab_publish(jit_t *j, uint64_t pc, jit_block *b) {
    jit_lookup_entry *e = &j->jtab[(pc >> 2) & JTAB_MASK];
    if (__atomic_load_n(&e->host, __ATOMIC_RELAXED)) return; /* taken until the next flush */
    pthread_mutex_lock(&j->lock);
    if (!e->host && !b->dead) {
        __atomic_store_n(&e->host, (void *)b->host, __ATOMIC_RELAXED);
        __atomic_store_n(&e->pc, pc, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&j->lock);
}

/* site: the 4-byte aligned rel32 of a chainable exit (translate.c aligns it, so the patch is
 * one atomic store that a thread executing the jump sees whole); 0 = the unchained stub. */
void jit_chain_site(jit_t *j, uint8_t *site, jit_block *target) {
    int32_t *rel = (int32_t *)(void *)site;
    pthread_mutex_lock(&j->lock);
    if (!target->dead && site >= j->code && site + 4 <= j->code + j->code_used &&
        !((uintptr_t)site & 3) && __atomic_load_n(rel, __ATOMIC_RELAXED) == 0) {
        if (target->nin == target->in_cap) { /* from the block arena: the old list stays */
            uint32_t cap = target->in_cap ? 2 * target->in_cap : 4;
            uint8_t **in = jit_block_alloc(j, sizeof *in * cap);
            if (!in) goto out; /* unrecorded: stays unchained */
            if (target->nin) memcpy(in, target->in, sizeof *in * target->nin);
            target->in = in;
            target->in_cap = cap;
        }
        target->in[target->nin++] = site;
        __atomic_store_n(rel, (int32_t)(target->host - (site + 4)), __ATOMIC_RELEASE);
        j->stats.chains++;
    }
out:
    pthread_mutex_unlock(&j->lock);
}

static void unlink_hash(jit_t *j, jit_block *b) {
    for (jit_block **pp = &j->hash[hash_pc(j, b->pc)]; *pp; pp = &(*pp)->next)
        if (*pp == b) {
            __atomic_store_n(pp, b->next, __ATOMIC_RELEASE); /* b->next stays for readers on b */
            return;
        }
}

static void kill_block(jit_t *j, jit_block *b) {
    b->dead = true;
    unlink_hash(j, b);
    size_t i = (b->pc >> 2) & JTAB_MASK;
    if (j->jtab[i].host == b->host && j->jtab[i].pc == b->pc)
        __atomic_store_n(&j->jtab[i].pc, jtab_tomb(i), __ATOMIC_RELEASE);
    for (uint32_t k = 0; k < b->nin; k++)
        __atomic_store_n((int32_t *)(void *)b->in[k], 0, __ATOMIC_RELEASE);
    b->nin = 0;
}

void jit_kill_range(jit_t *j, uint64_t start, uint64_t len) {
    __atomic_store_n(&j->gen, j->gen + 1, __ATOMIC_RELEASE);
    for (size_t i = 0; i < j->nblocks; i++) {
        jit_block *b = j->blocks[i];
        if (!b->dead && b->pc < start + len && start < b->pc + b->guest_len) kill_block(j, b);
    }
}

static void free_retired(jit_t *j) {
    for (size_t i = 0; i < j->nretired; i++)
        free(j->retired[i]);
    j->nretired = 0;
}

/* Blocks live in chunks taken populated (jit_pages_alloc: one call, not a fault per page) and
 * carved in order; they are all given back at a flush, never one by one. A chunk starts with
 * the link to the previous one. */
#define ARENA_CHUNK (2u << 20) /* one huge page (jit_pages_alloc) */

void *jit_block_alloc(jit_t *j, size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (size > (size_t)(j->arena_end - j->arena_cur)) {
        size_t len = size + 16 > ARENA_CHUNK ? size + 16 : ARENA_CHUNK;
        uint8_t *c = jit_pages_alloc(len);
        if (!c) return NULL;
        ((void **)c)[0] = j->arena;
        ((size_t *)c)[1] = len;
        j->arena = c;
        j->arena_cur = c + 16;
        j->arena_end = c + len;
    }
    void *p = j->arena_cur;
    j->arena_cur += size;
    return p;
}

static void arena_free(jit_t *j) {
    for (uint8_t *c = j->arena; c;) {
        uint8_t *prev = ((void **)c)[0];
        jit_pages_free(c, ((size_t *)c)[1]);
        c = prev;
    }
    j->arena = NULL;
    j->arena_cur = j->arena_end = NULL;
}

void jit_flush_all(jit_t *j) {
    arena_free(j); /* every block and its list of chained jumps */
    j->nblocks = 0;
    free_retired(j);
    memset(j->hash, 0, (j->hash_mask + 1) * sizeof *j->hash);
    jtab_reset(j, false);
    j->code_used = 0;
    __atomic_store_n(&j->gen, j->gen + 1, __ATOMIC_RELEASE);
}

void jit_blockmap_free(jit_t *j) {
    jit_flush_all(j);
    free(j->retired);
    free(j->blocks);
}

jit_block *jit_block_at(jit_t *j, const uint8_t *p, uint32_t *insn) {
    if (p < j->code || p >= j->code + __atomic_load_n(&j->code_used, __ATOMIC_ACQUIRE)) return NULL;
    size_t lo = 0, hi = __atomic_load_n(&j->nblocks, __ATOMIC_ACQUIRE);
    jit_block **v = __atomic_load_n(&j->blocks, __ATOMIC_ACQUIRE);
    while (lo < hi) { /* last block whose host start <= p */
        size_t mid = (lo + hi) / 2;
        if (v[mid]->host <= p)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return NULL;
    jit_block *b = v[lo - 1];
    uint32_t off = (uint32_t)(p - b->host);
    if (off >= b->host_len) return NULL;
    uint32_t i = 0;
    while (i + 1 < b->ninsn && b->offs[i + 1] <= off)
        i++;
    *insn = i;
    return b;
}
