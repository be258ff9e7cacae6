/* translate.h — private to jit/: the translation context that instruction emitters write
 * through, and the code-generation services they share (guest register access, NZCV in host
 * flags, helper calls, block exits). Generated code conventions:
 *   r15 = emu_cpu*, rsp 16-byte aligned; every other GPR is scratch between instructions;
 *   guest registers live in emu_cpu; host flags may carry the guest NZCV (see nzcv below). */
#ifndef JIT_TRANSLATE_H
#define JIT_TRANSLATE_H

#include "a64.h"
#include "x64.h"

#include <stddef.h>

#define CPU_REG R15

/* Offsets into emu_cpu used by generated code. */
#define OFF_X(n) ((int32_t)offsetof(emu_cpu, x) + 8 * (n))
#define OFF_PC ((int32_t)offsetof(emu_cpu, pc))
#define OFF_NZCV ((int32_t)offsetof(emu_cpu, nzcv_host))
#define OFF_V(n) ((int32_t)offsetof(emu_cpu, v) + 16 * (n))
#define OFF_JTAB ((int32_t)offsetof(emu_cpu, jtab))
#define OFF_EXIT ((int32_t)offsetof(emu_cpu, exit_fn))
#define OFF_HELPERS ((int32_t)offsetof(emu_cpu, helpers))
#define OFF_CHAIN ((int32_t)offsetof(emu_cpu, chain_site))
#define OFF_EXCL_ADDR ((int32_t)offsetof(emu_cpu, excl_addr))
#define OFF_EXCL_VAL ((int32_t)offsetof(emu_cpu, excl_val))
#define OFF_EXCL_VAL2 ((int32_t)offsetof(emu_cpu, excl_val2))
#define OFF_EXCL_SIZE ((int32_t)offsetof(emu_cpu, excl_size))
#define OFF_TPIDR ((int32_t)offsetof(emu_cpu, tpidr))
#define OFF_PENDING ((int32_t)offsetof(emu_cpu, pending))
#define OFF_SCRATCH(n) ((int32_t)offsetof(emu_cpu, scratch) + 8 * (n))

/* Exit reasons internal to the run loop (public ones are in emujit.h). */
enum { JIT_EXIT_CHAIN = 100, JIT_EXIT_LOOKUP = 101 };

/* Inline indirect-branch table: direct-mapped by (pc >> 2) & JTAB_MASK. */
#define JTAB_BITS 16
#define JTAB_MASK ((1u << JTAB_BITS) - 1)
typedef struct jit_lookup_entry {
    uint64_t pc;
    void *host;
} jit_lookup_entry;

/* Relocation kinds of a translation (see DESIGN.md: no absolute address without one). */
enum jit_reloc_kind {
    JIT_RELOC_PC64 = 1, /* 8-byte immediate at offset = block guest PC + addend */
};
typedef struct jit_reloc {
    uint32_t offset;
    uint16_t kind;
    uint16_t pad;
    int64_t addend;
} jit_reloc;

#define JIT_MAX_BLOCK_INSNS 128
/* Host registers that cache guest X registers within a block (never used as scratch). */
#define RC_NREGS 9

/* A dirty cached register at the start of an instruction: the fault path copies the host
 * register back into emu_cpu so the guest state stays precise. */
typedef struct jit_dirty {
    uint8_t guest, host;
} jit_dirty;

typedef struct a64_tctx {
    x64_buf b;
    uint64_t block_pc;
    uint64_t pc; /* guest PC of the instruction being translated */
    uint32_t insn;
    int slot;               /* helper slot of the current pattern */
    const a64_pattern *pat; /* current pattern */
    bool host_flags;        /* host EFLAGS hold the guest NZCV right now */
    bool flags_out;         /* after this instruction host EFLAGS still hold NZCV */
    bool flags_dead;        /* NZCV this instruction sets is never read from emu_cpu */
    bool ended;             /* the instruction ended the block */
    int ninsn;
    uint32_t insn_off[JIT_MAX_BLOCK_INSNS + 1]; /* host offset where each insn starts */
    jit_reloc *relocs;
    int nrelocs, relocs_cap;

    /* guest register cache: guest reg (0..31, 31 = SP) <-> host reg */
    int8_t rc_host[32];
    int8_t rc_guest[16];
    bool rc_dirty[32];
    uint32_t rc_used[16], rc_clock;
    uint16_t dirty_off[JIT_MAX_BLOCK_INSNS + 1];
    jit_dirty dirty[JIT_MAX_BLOCK_INSNS * RC_NREGS];
    int ndirty;

    /* a block that branches to itself keeps guest registers in host registers across the
     * back edge: pass 1 finds the registers, pass 2 loads them once before loop_entry */
    bool self_loop, rc_evicted, rc_dropped, loop_mode;
    int window; /* guest words the translation depends on (the block plus what analysis read) */
    size_t loop_entry;
    size_t pending_site; /* the jcc of the pending check, patched to its out-of-line exit */
} a64_tctx;

static inline x64_mem t_xmem(int r) { return x64_m(CPU_REG, OFF_X(r)); }
static inline x64_mem t_cpumem(int32_t off) { return x64_m(CPU_REG, off); }

/* Guest registers (these never change host flags). "zr" forms read 31 as zero and drop writes to it; "sp" forms mean SP. */
void t_get_x(a64_tctx *t, int h, int r);  /* 64-bit, 31 = XZR */
void t_get_w(a64_tctx *t, int h, int r);  /* 32-bit zero-extended, 31 = WZR */
void t_get_xsp(a64_tctx *t, int h, int r);
void t_set_x(a64_tctx *t, int r, int h);  /* 31 = discard */
/* h must already be zero-extended (any 32-bit x86 operation leaves it so) */
void t_set_w(a64_tctx *t, int r, int h);
void t_set_xsp(a64_tctx *t, int r, int h);
void t_set_sf(a64_tctx *t, int sf, int r, int h); /* t_set_x or t_set_w by size */
void t_get_sf(a64_tctx *t, int sf, int h, int r);
void t_get_wsp(a64_tctx *t, int h, int r); /* 32-bit, 31 = WSP */
/* The cached host register itself, to use as an operand. Reading: 31 = XZR gives a zeroed
 * scratch (RDI). Writing (marks dirty; the caller writes all 64 bits, zero-extended for W
 * results): 31 = XZR gives a scratch whose value is dropped (RDI). "_sp" forms: 31 = SP. */
int t_src(a64_tctx *t, int r);
int t_src_sp(a64_tctx *t, int r);
int t_dst(a64_tctx *t, int r);
int t_dst_sp(a64_tctx *t, int r);
int t_rmw_sp(a64_tctx *t, int r); /* read and written in place (31 = SP) */
/* Write every dirty cached register back to emu_cpu (emits stores only: flags survive). */
void t_rc_writeback(a64_tctx *t);
/* Forget the cache (after code that may have changed emu_cpu behind its back). */
void t_rc_drop(a64_tctx *t);
void t_rc_reset(a64_tctx *t);
void t_rc_snapshot(a64_tctx *t); /* record the dirty set at the start of an instruction */

/* NZCV in host form: CF holds NOT(C) (x86 borrow convention), so every A64 condition maps
 * onto one x86 condition code. Saving clobbers RAX. */
void t_flags_save(a64_tctx *t);             /* after an x86 op that set flags the A64 way */
void t_flags_load(a64_tctx *t);             /* make host flags = guest NZCV (clobbers RAX) */
enum x64_cc t_cond(unsigned a64_cond);      /* A64 cond (0..13) -> x86 cc; 14/15 = always */
/* An emitter that consumed NZCV and emitted nothing that changes host flags says so. */
static inline void t_keep_flags(a64_tctx *t) { t->flags_out = t->host_flags; }

/* Guest-PC-relative constant into a host register (relocated). */
void t_pc_const(a64_tctx *t, int h, uint64_t guest_value);
void t_store_pc(a64_tctx *t, uint64_t guest_value); /* cpu->pc = value (clobbers RAX) */

/* Helper call for the current instruction (stores PC first when the pattern needs it). */
void t_call_helper(a64_tctx *t);
/* Call a helper of another pattern by slot, with an explicit instruction word. */
void t_call_slot(a64_tctx *t, int slot, uint32_t insn, bool store_pc);

/* Block exits. */
void t_exit_chain(a64_tctx *t, uint64_t target);        /* direct, chainable */
void t_exit_indirect(a64_tctx *t, int h);               /* target in host reg h (not RAX/RCX) */
void t_exit_reason(a64_tctx *t, uint64_t next_pc, int reason); /* leave to the run loop */
/* Conditional: jump if cc to target else fall through to next; both chainable. */
void t_exit_cond(a64_tctx *t, enum x64_cc cc, uint64_t target, uint64_t next);

/* Raise a guest exception at the current instruction (SIGILL etc.). */
void t_raise(a64_tctx *t, int signo, int code);

/* VNATIVE (a64/vnative.c): the native FP/SIMD emitters collect out-of-line code (slow paths,
 * constants) while a block is translated; each pass starts empty and appends it after the
 * block's last exit. */
void vn_cold_reset(a64_tctx *t);
void vn_cold_flush(a64_tctx *t);
/* ... and keep V registers in xmm registers: every helper call forgets them; at every block
 * entry xmm0-11 hold V0-V11 (jit_enter loads them), so every exit puts them back first
 * (vn_exit_restore emits loads only: host flags survive). */
void vn_xmm_forget(a64_tctx *t);
void vn_xmm_block_start(a64_tctx *t);
void vn_exit_restore(a64_tctx *t);

#endif
