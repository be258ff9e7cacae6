/* a64.h — private to jit/: the A64 decode-table format shared by the instruction-class files
 * (a64/ files) and the translator. Each class file exports one table of patterns; an instruction
 * is the first pattern (in table order) whose (insn & mask) == value.
 *
 * A pattern has a native emitter (x86-64 code inline), a C helper (called from the generated
 * code with the cpu and the instruction word), or both (the emitter may decline a case by
 * returning false, and the helper then runs it). */
#ifndef JIT_A64_H
#define JIT_A64_H

#include "emujit.h"

#include <stdbool.h>
#include <stdint.h>

struct a64_tctx; /* translation context, see translate.h */

typedef bool (*a64_emit_fn)(struct a64_tctx *t, uint32_t insn);
typedef void (*a64_helper_fn)(emu_cpu *cpu, uint32_t insn);

enum a64_flags {
    A64_MEM = 1u << 0,    /* helper may touch guest memory (may fault): PC is stored first */
    A64_PC = 1u << 1,     /* helper reads cpu->pc (e.g. PC-relative literal) */
    A64_RFLAGS = 1u << 2, /* reads NZCV (the in-memory copy is always current) */
    A64_WFLAGS = 1u << 3, /* writes NZCV (through jit_nzcv_set) */
    A64_END = 1u << 4,    /* ends the block; execution continues at cpu->pc after the helper */
};

typedef struct a64_pattern {
    uint32_t mask, value;
    const char *name;
    a64_emit_fn emit;     /* may be NULL */
    a64_helper_fn helper; /* may be NULL when emit handles every case */
    uint32_t flags;
} a64_pattern;

/* The class tables; each ends with an entry whose mask and value are both 0 and name NULL. */
extern const a64_pattern a64_tab_branch[]; /* branches, exceptions, system */
extern const a64_pattern a64_tab_dpimm[];  /* data processing, immediate */
extern const a64_pattern a64_tab_dpreg[];  /* data processing, register */
extern const a64_pattern a64_tab_ldst[];   /* integer loads and stores, atomics */
extern const a64_pattern a64_tab_fp[];     /* scalar floating point and conversions */
extern const a64_pattern a64_tab_simd[];   /* Advanced SIMD, including SIMD loads/stores */
/* Native x86-64 (SSE) emitters for hot FP/SIMD forms, searched before fp and simd: an emitter
 * there may decline, and the next matching pattern (the C helper) then handles the insn. */
extern const a64_pattern a64_tab_vnative[];

/* Decoding: the pattern for insn, or NULL if the encoding is unallocated/unimplemented.
 * *slot receives the helper-table slot of the pattern's helper (-1 if it has none); slots are
 * stable within one build. a64_decode_init must have run (jit_create does it). */
const a64_pattern *a64_decode(uint32_t insn, int *slot);
/* The next matching pattern after p (in search order), or NULL. */
const a64_pattern *a64_decode_next(uint32_t insn, const a64_pattern *p, int *slot);
/* The first matching pattern outside a64_tab_vnative: what runs insn when the native emitters
 * decline (tests of the C helpers look instructions up with it). */
const a64_pattern *a64_decode_helper(uint32_t insn, int *slot);
void a64_decode_init(void);
/* True for FP and Advanced SIMD patterns: their helpers write general registers only through
 * the Rd (4:0) or Rn (9:5) field, so the translator keeps other cached registers live. */
bool a64_is_vector_class(const a64_pattern *p);
void *const *a64_helper_table(void);
int a64_helper_count(void);

/* How an instruction uses NZCV, for dead-flag elimination: it reads them, overwrites all of
 * them without reading, ends straight-line flow (branch, exception, system), or neither. */
enum a64_nzcv_use { A64_NZCV_NONE, A64_NZCV_READ, A64_NZCV_WRITE, A64_NZCV_STOP };
enum a64_nzcv_use a64_nzcv_use(uint32_t insn);

/* ---- field extraction ---- */
static inline uint32_t a64_bits(uint32_t insn, int hi, int lo) {
    return (insn >> lo) & ((1u << (hi - lo + 1)) - 1u);
}
static inline uint32_t a64_bit(uint32_t insn, int b) { return (insn >> b) & 1u; }
static inline int64_t a64_sext(uint64_t v, int bits) {
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}
#define A64_RD(i) ((int)((i) & 31))
#define A64_RN(i) ((int)(((i) >> 5) & 31))
#define A64_RT2(i) ((int)(((i) >> 10) & 31))
#define A64_RA(i) ((int)(((i) >> 10) & 31))
#define A64_RM(i) ((int)(((i) >> 16) & 31))

/* ---- services for helpers (implemented in runtime/) ---- */

/* Register access honouring the "31 is XZR" rule for data operands. */
static inline uint64_t a64_xreg(const emu_cpu *c, int r) { return r == 31 ? 0 : c->x[r]; }
static inline void a64_set_xreg(emu_cpu *c, int r, uint64_t v) {
    if (r != 31) c->x[r] = v;
}
static inline void a64_set_wreg(emu_cpu *c, int r, uint32_t v) {
    if (r != 31) c->x[r] = v;
}
/* Base register of a load/store: 31 is SP. */
static inline uint64_t a64_xreg_sp(const emu_cpu *c, int r) { return c->x[r]; }

/* Undefined encoding found by a helper at run time: raises SIGILL at cpu->pc. Helpers that can
 * call this must have A64_PC or A64_MEM so cpu->pc is current. */
_Noreturn void a64_undefined(emu_cpu *cpu);

#endif
