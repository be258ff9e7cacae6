/* translate.c — turns one guest basic block into relocatable x86-64 code: the per-instruction
 * loop over the decoder, and the shared code-generation services of translate.h. */
#include "translate.h"
#include "runtime.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* ---- guest registers ---- */

/* mov r32, 0 rather than xor: register reads must never change host flags */
static void zero_keep_flags(a64_tctx *t, int h) {
    if (h & 8) x64_byte(&t->b, 0x41);
    x64_byte(&t->b, (uint8_t)(0xB8 + (h & 7)));
    x64_u32(&t->b, 0);
}

void t_get_x(a64_tctx *t, int h, int r) {
    if (r == 31)
        zero_keep_flags(t, h);
    else
        x64_load(&t->b, 1, h, t_xmem(r));
}

void t_get_w(a64_tctx *t, int h, int r) {
    if (r == 31)
        zero_keep_flags(t, h);
    else
        x64_load(&t->b, 0, h, t_xmem(r));
}

void t_get_xsp(a64_tctx *t, int h, int r) { x64_load(&t->b, 1, h, t_xmem(r)); }

void t_set_x(a64_tctx *t, int r, int h) {
    if (r != 31) x64_store(&t->b, 1, t_xmem(r), h);
}

void t_set_w(a64_tctx *t, int r, int h) {
    if (r != 31) x64_store(&t->b, 1, t_xmem(r), h);
}

void t_set_xsp(a64_tctx *t, int r, int h) { x64_store(&t->b, 1, t_xmem(r), h); }

void t_set_sf(a64_tctx *t, int sf, int r, int h) {
    if (sf)
        t_set_x(t, r, h);
    else
        t_set_w(t, r, h);
}

void t_get_sf(a64_tctx *t, int sf, int h, int r) {
    if (sf)
        t_get_x(t, h, r);
    else
        t_get_w(t, h, r);
}

/* ---- NZCV ---- */

void t_flags_save(a64_tctx *t) {
    x64_lahf(&t->b);
    x64_setcc(&t->b, CC_O, RAX);
    x64_store16(&t->b, t_cpumem(OFF_NZCV), RAX);
    t->host_flags = t->flags_out = true;
}

void t_flags_load(a64_tctx *t) {
    if (t->host_flags) return;
    x64_load_zx(&t->b, RAX, t_cpumem(OFF_NZCV), 2);
    x64_byte(&t->b, 0x04); /* add al, 0x7f: OF = saved V */
    x64_byte(&t->b, 0x7F);
    x64_sahf(&t->b);
    t->host_flags = true;
}

enum x64_cc t_cond(unsigned c) {
    static const enum x64_cc map[14] = {CC_E,  CC_NE, CC_AE, CC_B, CC_S,  CC_NS, CC_O,
                                        CC_NO, CC_A,  CC_BE, CC_GE, CC_L, CC_G,  CC_LE};
    return map[c];
}

/* ---- constants and calls ---- */

void t_pc_const(a64_tctx *t, int h, uint64_t v) {
    size_t at = x64_mov_imm64(&t->b, h, v);
    if (t->nrelocs == t->relocs_cap) {
        t->relocs_cap = t->relocs_cap ? 2 * t->relocs_cap : 32;
        t->relocs = realloc(t->relocs, sizeof(jit_reloc) * (size_t)t->relocs_cap);
    }
    t->relocs[t->nrelocs++] = (jit_reloc){(uint32_t)at, JIT_RELOC_PC64, 0, (int64_t)(v - t->block_pc)};
}

void t_store_pc(a64_tctx *t, uint64_t v) {
    t_pc_const(t, RAX, v);
    x64_store(&t->b, 1, t_cpumem(OFF_PC), RAX);
}

void t_call_slot(a64_tctx *t, int slot, uint32_t insn, bool store_pc) {
    if (store_pc) t_store_pc(t, t->pc);
    x64_mov_rr(&t->b, 1, RDI, CPU_REG);
    x64_mov_imm(&t->b, RSI, insn);
    x64_load(&t->b, 1, RAX, t_cpumem(OFF_HELPERS));
    x64_call_m(&t->b, x64_m(RAX, 8 * slot));
    t->host_flags = false;
}

void t_call_helper(a64_tctx *t) {
    bool pc = (t->pat->flags & (A64_MEM | A64_PC)) != 0;
    t_call_slot(t, t->slot, t->insn, pc);
}

/* ---- exits ---- */

static void lea_rip(a64_tctx *t, int h, size_t target) {
    x64_byte(&t->b, (uint8_t)(0x48 | ((h & 8) ? 4 : 0)));
    x64_byte(&t->b, 0x8D);
    x64_byte(&t->b, (uint8_t)(0x05 | ((h & 7) << 3)));
    size_t at = t->b.len;
    x64_u32(&t->b, 0);
    x64_patch_rel32(&t->b, at, target);
}

static void leave(a64_tctx *t, int reason) {
    x64_mov_imm(&t->b, RAX, (uint64_t)reason);
    x64_jmp_m(&t->b, t_cpumem(OFF_EXIT));
}

void t_exit_chain(a64_tctx *t, uint64_t target) {
    /* jmp rel32 (patched to the target block once known), then the unchained stub */
    size_t site = x64_jmp32(&t->b);
    x64_patch_rel32(&t->b, site, t->b.len);
    t_store_pc(t, target);
    lea_rip(t, RAX, site);
    x64_store(&t->b, 1, t_cpumem(OFF_CHAIN), RAX);
    leave(t, JIT_EXIT_CHAIN);
}

void t_exit_indirect(a64_tctx *t, int h) {
    x64_store(&t->b, 1, t_cpumem(OFF_PC), h);
    x64_mov_rr(&t->b, 0, RCX, h);
    x64_alu_ri(&t->b, 0, ALU_AND, RCX, (int32_t)(JTAB_MASK << 2));
    x64_load(&t->b, 1, RAX, t_cpumem(OFF_JTAB));
    x64_alu_rm(&t->b, 1, ALU_CMP, h, x64_mi(RAX, RCX, 4, 0));
    size_t miss = x64_jcc32(&t->b, CC_NE);
    x64_jmp_m(&t->b, x64_mi(RAX, RCX, 4, 8));
    x64_patch_rel32(&t->b, miss, t->b.len);
    leave(t, JIT_EXIT_LOOKUP);
}

void t_exit_reason(a64_tctx *t, uint64_t next_pc, int reason) {
    t_store_pc(t, next_pc);
    leave(t, reason);
}

void t_exit_cond(a64_tctx *t, enum x64_cc cc, uint64_t target, uint64_t next) {
    size_t taken = x64_jcc32(&t->b, cc);
    t_exit_chain(t, next);
    x64_patch_rel32(&t->b, taken, t->b.len);
    t_exit_chain(t, target);
}

void t_raise(a64_tctx *t, int signo, int code) {
    t_call_slot(t, JIT_RT_RAISE, (uint32_t)(signo | (code << 8)), true);
}

/* ---- the block loop ---- */

static void translate_one(a64_tctx *t, uint32_t insn) {
    int slot;
    const a64_pattern *p = a64_decode(insn, &slot);
    bool flags_before = t->host_flags;
    t->insn = insn;
    t->pat = p;
    t->slot = slot < 0 ? -1 : slot + JIT_RT_COUNT;
    t->flags_out = false;
    if (p && p->emit) {
        size_t mark = t->b.len;
        int nrel = t->nrelocs;
        if (p->emit(t, insn)) {
            t->host_flags = t->flags_out;
            return;
        }
        t->b.len = mark; /* emitter declined: fall back to the helper */
        t->nrelocs = nrel;
        t->host_flags = flags_before;
        t->flags_out = false;
        t->ended = false;
    }
    t->host_flags = false;
    if (p && p->helper) {
        t_call_helper(t);
        if (p->flags & A64_END) {
            x64_load(&t->b, 1, RDX, t_cpumem(OFF_PC));
            t_exit_indirect(t, RDX);
            t->ended = true;
        }
        return;
    }
    t_raise(t, SIGILL, ILL_ILLOPC);
    t->ended = true;
}

int jit_translate(a64_tctx *t, uint64_t pc, const uint32_t *code, int ncode) {
    t->block_pc = pc;
    t->ninsn = 0;
    t->nrelocs = 0;
    t->host_flags = false;
    t->ended = false;
    t->b.len = 0;
    t->b.overflow = false;
    for (;;) {
        t->pc = pc + 4u * (uint64_t)t->ninsn;
        t->insn_off[t->ninsn] = (uint32_t)t->b.len;
        translate_one(t, code[t->ninsn]);
        t->ninsn++;
        if (t->ended) break;
        if (t->ninsn >= ncode || t->ninsn >= JIT_MAX_BLOCK_INSNS ||
            t->b.len + 4096 > t->b.cap) {
            t->pc += 4;
            t_exit_chain(t, t->pc);
            break;
        }
    }
    t->insn_off[t->ninsn] = (uint32_t)t->b.len;
    return t->b.overflow ? -1 : 0;
}
