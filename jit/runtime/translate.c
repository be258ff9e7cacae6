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

/* EMU_JIT_NOOPT=bits turns optimisations off, to bisect a translation bug:
 * 1 self-loop register residency, 2 dead-NZCV elision, 4 FP/SIMD calls keeping registers. */
static unsigned noopt(void) {
    static int v = -1;
    if (v < 0) {
        const char *e = getenv("EMU_JIT_NOOPT");
        v = e ? atoi(e) : 0;
    }
    return (unsigned)v;
}

/* ---- guest register cache ---- */

static const int8_t rc_pool[RC_NREGS] = {RBX, RBP, R12, R13, R14, R8, R9, R10, R11};

void t_rc_reset(a64_tctx *t) {
    memset(t->rc_host, -1, sizeof t->rc_host);
    memset(t->rc_guest, -1, sizeof t->rc_guest);
    memset(t->rc_dirty, 0, sizeof t->rc_dirty);
    t->ndirty = 0;
}

void t_rc_writeback(a64_tctx *t) {
    for (int g = 0; g < 32; g++)
        if (t->rc_dirty[g]) {
            x64_store(&t->b, 1, t_xmem(g), t->rc_host[g]);
            t->rc_dirty[g] = false;
        }
}

void t_rc_drop(a64_tctx *t) {
    t_rc_writeback(t);
    t->rc_dropped = true;
    memset(t->rc_host, -1, sizeof t->rc_host);
    memset(t->rc_guest, -1, sizeof t->rc_guest);
}

void t_rc_snapshot(a64_tctx *t) {
    t->dirty_off[t->ninsn] = (uint16_t)t->ndirty;
    for (int g = 0; g < 32; g++)
        if (t->rc_dirty[g]) t->dirty[t->ndirty++] = (jit_dirty){(uint8_t)g, (uint8_t)t->rc_host[g]};
}

/* The host register caching guest register g, allocating (and loading, if load) one. */
static int rc_reg(a64_tctx *t, int g, bool load) {
    int h = t->rc_host[g];
    if (h < 0) {
        int best = rc_pool[0];
        for (int i = 0; i < RC_NREGS; i++) {
            int c = rc_pool[i];
            if (t->rc_guest[c] < 0) {
                best = c;
                break;
            }
            if (t->rc_used[c] < t->rc_used[best]) best = c;
        }
        int old = t->rc_guest[best];
        if (old >= 0) {
            t->rc_evicted = true;
            if (t->rc_dirty[old]) x64_store(&t->b, 1, t_xmem(old), best);
            t->rc_dirty[old] = false;
            t->rc_host[old] = -1;
        }
        h = best;
        t->rc_host[g] = (int8_t)h;
        t->rc_guest[h] = (int8_t)g;
        if (load) x64_load(&t->b, 1, h, t_xmem(g));
    }
    t->rc_used[h] = ++t->rc_clock;
    return h;
}

void t_get_x(a64_tctx *t, int h, int r) {
    if (r == 31)
        zero_keep_flags(t, h);
    else
        x64_mov_rr(&t->b, 1, h, rc_reg(t, r, true));
}

void t_get_w(a64_tctx *t, int h, int r) {
    if (r == 31)
        zero_keep_flags(t, h);
    else
        x64_mov_rr(&t->b, 0, h, rc_reg(t, r, true));
}

void t_get_xsp(a64_tctx *t, int h, int r) { x64_mov_rr(&t->b, 1, h, rc_reg(t, r, true)); }
void t_get_wsp(a64_tctx *t, int h, int r) { x64_mov_rr(&t->b, 0, h, rc_reg(t, r, true)); }

int t_src(a64_tctx *t, int r) {
    if (r != 31) return rc_reg(t, r, true);
    zero_keep_flags(t, RDI);
    return RDI;
}

int t_src_sp(a64_tctx *t, int r) { return rc_reg(t, r, true); }

int t_dst(a64_tctx *t, int r) { return r == 31 ? RDI : t_dst_sp(t, r); }

int t_dst_sp(a64_tctx *t, int r) {
    int h = rc_reg(t, r, false);
    t->rc_dirty[r] = true;
    return h;
}

int t_rmw_sp(a64_tctx *t, int r) {
    int h = rc_reg(t, r, true);
    t->rc_dirty[r] = true;
    return h;
}

void t_set_x(a64_tctx *t, int r, int h) {
    if (r != 31) t_set_xsp(t, r, h);
}

void t_set_w(a64_tctx *t, int r, int h) {
    if (r != 31) t_set_xsp(t, r, h);
}

void t_set_xsp(a64_tctx *t, int r, int h) {
    x64_mov_rr(&t->b, 1, rc_reg(t, r, false), h);
    t->rc_dirty[r] = true;
}

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
    t->host_flags = t->flags_out = true;
    if (t->flags_dead) return;
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

static void emit_call(a64_tctx *t, int slot, uint32_t insn, bool store_pc) {
    if (store_pc) t_store_pc(t, t->pc);
    x64_mov_rr(&t->b, 1, RDI, CPU_REG);
    x64_mov_imm(&t->b, RSI, insn);
    x64_load(&t->b, 1, RAX, t_cpumem(OFF_HELPERS));
    x64_call_m(&t->b, x64_m(RAX, 8 * slot));
    t->host_flags = false;
    vn_xmm_forget(t); /* VNATIVE: the helper clobbered xmm and may have written V registers */
}

static void rc_forget(a64_tctx *t, int g) {
    int h = t->rc_host[g];
    if (h < 0) return;
    t->rc_host[g] = -1;
    t->rc_guest[h] = -1;
    t->rc_dropped = true;
}

void t_call_slot(a64_tctx *t, int slot, uint32_t insn, bool store_pc) {
    t_rc_drop(t); /* the helper sees and may change every guest register */
    emit_call(t, slot, insn, store_pc);
}

void t_call_helper(a64_tctx *t) {
    bool pc = (t->pat->flags & (A64_MEM | A64_PC)) != 0;
    if (!a64_is_vector_class(t->pat) || (noopt() & 4)) {
        t_call_slot(t, t->slot, t->insn, pc);
        return;
    }
    /* FP/SIMD helper: memory gets every value it may read; registers the call clobbers
     * (caller-saved) and the ones it may write (Rd, Rn) are forgotten, the rest stay */
    t_rc_writeback(t);
    for (int g = 0; g < 32; g++) {
        int h = t->rc_host[g];
        if (h >= R8 && h <= R11) rc_forget(t, g);
    }
    rc_forget(t, A64_RD(t->insn));
    rc_forget(t, A64_RN(t->insn));
    emit_call(t, t->slot, t->insn, pc);
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
    vn_exit_restore(t); /* VNATIVE */
    if (target == t->block_pc) {
        t->self_loop = true;
        if (t->loop_mode) {
            x64_patch_rel32(&t->b, x64_jmp32(&t->b), t->loop_entry);
            return;
        }
    }
    t_rc_writeback(t);
    /* jmp rel32 (patched to the target block once known), then the unchained stub. The rel32
     * is 4-byte aligned (blocks are installed 16-byte aligned), so chaining and unchaining
     * are single atomic stores that a thread executing the jump never sees torn. */
    static const uint8_t nop[3][3] = {{0x90}, {0x66, 0x90}, {0x0F, 0x1F, 0x00}};
    size_t pad = (4 - (t->b.len + 1) % 4) % 4;
    for (size_t i = 0; i < pad; i++)
        x64_byte(&t->b, nop[pad - 1][i]);
    size_t site = x64_jmp32(&t->b);
    x64_patch_rel32(&t->b, site, t->b.len);
    t_store_pc(t, target);
    lea_rip(t, RAX, site);
    x64_store(&t->b, 1, t_cpumem(OFF_CHAIN), RAX);
    leave(t, JIT_EXIT_CHAIN);
}

void t_exit_indirect(a64_tctx *t, int h) {
    vn_exit_restore(t); /* VNATIVE */
    t_rc_writeback(t);
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
    vn_exit_restore(t); /* VNATIVE */
    t_rc_writeback(t);
    t_store_pc(t, next_pc);
    leave(t, reason);
}

void t_exit_cond(a64_tctx *t, enum x64_cc cc, uint64_t target, uint64_t next) {
    vn_exit_restore(t); /* VNATIVE: before the branch, for both ways out */
    if (target == t->block_pc && t->loop_mode) { /* back edge: registers stay in host regs */
        x64_patch_rel32(&t->b, x64_jcc32(&t->b, cc), t->loop_entry);
        t_exit_chain(t, next);
        return;
    }
    if (target == t->block_pc) t->self_loop = true;
    t_rc_writeback(t); /* once, for both paths */
    size_t taken = x64_jcc32(&t->b, cc);
    t_exit_chain(t, next);
    x64_patch_rel32(&t->b, taken, t->b.len);
    t_exit_chain(t, target);
}

void t_raise(a64_tctx *t, int signo, int code) {
    t_call_slot(t, JIT_RT_RAISE, (uint32_t)(signo | (code << 8)), true);
}

/* ---- the block loop ---- */

/* Try p's emitter; on success the instruction is done. On decline everything it emitted and
 * every register-cache change is rolled back. */
static bool try_emit(a64_tctx *t, const a64_pattern *p, uint32_t insn, bool flags_before) {
    size_t mark = t->b.len;
    int nrel = t->nrelocs;
    int8_t host[32], guest[16];
    bool dirty[32];
    memcpy(host, t->rc_host, sizeof host);
    memcpy(guest, t->rc_guest, sizeof guest);
    memcpy(dirty, t->rc_dirty, sizeof dirty);
    t->flags_out = false;
    if (p->emit(t, insn)) {
        t->host_flags = t->flags_out;
        return true;
    }
    t->b.len = mark;
    t->nrelocs = nrel;
    memcpy(t->rc_host, host, sizeof host);
    memcpy(t->rc_guest, guest, sizeof guest);
    memcpy(t->rc_dirty, dirty, sizeof dirty);
    t->host_flags = flags_before;
    t->ended = false;
    return false;
}

static void translate_one(a64_tctx *t, uint32_t insn) {
    int slot;
    bool flags_before = t->host_flags;
    t->insn = insn;
    /* the first matching pattern whose emitter accepts, or failing that has a helper */
    for (const a64_pattern *p = a64_decode(insn, &slot); p; p = a64_decode_next(insn, p, &slot)) {
        t->pat = p;
        t->slot = slot < 0 ? -1 : slot + JIT_RT_COUNT;
        if (p->emit && try_emit(t, p, insn, flags_before)) return;
        if (!p->helper) continue;
        t->host_flags = false;
        t_call_helper(t);
        if (p->flags & A64_END) {
            x64_load(&t->b, 1, RDX, t_cpumem(OFF_PC));
            t_exit_indirect(t, RDX);
            t->ended = true;
        }
        return;
    }
    t->pat = NULL;
    t_raise(t, SIGILL, ILL_ILLOPC);
    t->ended = true;
}

/* Is NZCV dead on entry to guest address pc? Only looks inside the fetched window. */
static bool dead_at(const a64_tctx *t, const uint32_t *code, int ncode, uint64_t pc) {
    if (pc < t->block_pc || pc >= t->block_pc + 4u * (uint64_t)ncode) return false;
    for (int j = (int)((pc - t->block_pc) / 4), n = 0; j < ncode && n < 32; j++, n++) {
        enum a64_nzcv_use u = a64_nzcv_use(code[j]);
        if (j + 1 > t->window) ((a64_tctx *)t)->window = j + 1;
        if (u == A64_NZCV_WRITE) return true;
        if (u != A64_NZCV_NONE) return false;
    }
    return false;
}

/* Can the NZCV written by instruction i stay in host flags only? Yes when the next reader is
 * overwritten first, or when the only reader is an immediately following B.cond (it uses host
 * flags) whose successors both overwrite NZCV before reading it. */
static bool flags_dead_after(const a64_tctx *t, const uint32_t *code, int ncode, int i) {
    if (a64_nzcv_use(code[i]) != A64_NZCV_WRITE || i + 1 >= ncode || (noopt() & 2)) return false;
    uint32_t next = code[i + 1];
    if (i + 2 > t->window) ((a64_tctx *)t)->window = i + 2;
    uint64_t pc = t->block_pc + 4u * (uint64_t)(i + 1);
    if ((next & 0xFF000010) == 0x54000000) {
        uint64_t target = pc + (uint64_t)(a64_sext(a64_bits(next, 23, 5), 19) * 4);
        return dead_at(t, code, ncode, target) && dead_at(t, code, ncode, pc + 4);
    }
    return dead_at(t, code, ncode, pc);
}

/* Asynchronous events (a pending guest signal): every way into the block — its start, and
 * in loop mode the back edges to loop_entry — first checks cpu->pending and leaves to the
 * run loop when it is set, before the first instruction, so the guest state is precise. */
static void pending_check(a64_tctx *t) {
    x64_alu_mi(&t->b, 0, ALU_CMP, t_cpumem(OFF_PENDING), 0);
    t->pending_site = x64_jcc32(&t->b, CC_NE);
}

/* The check's exit, out of line: registers resident at entry (loop mode) go home first. */
static void pending_exit(a64_tctx *t, const int8_t *resident) {
    x64_patch_rel32(&t->b, t->pending_site, t->b.len);
    for (int g = 0; g < 32; g++)
        if (resident[g] >= 0) x64_store(&t->b, 1, t_xmem(g), resident[g]);
    t_store_pc(t, t->block_pc);
    leave(t, JIT_EXIT_INTERRUPT);
}

/* A host fault inside an instruction is made precise with the dirty set recorded at the
 * instruction's start; a dirty register evicted within the instruction (its host register
 * reused) would be restored from a register that no longer holds it. Before a load/store
 * (the A64 encoding group that can fault) with few free cache registers, the dirty ones are
 * written back, so any eviction in it drops a clean one. Not in loop mode: it never evicts. */
static void clean_before_access(a64_tctx *t, uint32_t insn) {
    if (t->loop_mode || (insn & 0x0a000000u) != 0x08000000u) return;
    int free_regs = 0;
    for (int i = 0; i < RC_NREGS; i++)
        free_regs += t->rc_guest[rc_pool[i]] < 0;
    if (free_regs < 4) t_rc_writeback(t);
}

static void translate_pass(a64_tctx *t, const uint32_t *code, int ncode) {
    int8_t resident[32];
    memcpy(resident, t->rc_host, sizeof resident);
    pending_check(t);
    for (;;) {
        t->pc = t->block_pc + 4u * (uint64_t)t->ninsn;
        t->insn_off[t->ninsn] = (uint32_t)t->b.len;
        clean_before_access(t, code[t->ninsn]);
        t_rc_snapshot(t);
        t->flags_dead = flags_dead_after(t, code, ncode, t->ninsn);
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
    t->dirty_off[t->ninsn] = (uint16_t)t->ndirty;
    pending_exit(t, resident);
    vn_cold_flush(t); /* VNATIVE: slow paths and constants after the last exit */
}

static void pass_reset(a64_tctx *t) {
    t->ninsn = 0;
    t->window = 0;
    t->nrelocs = 0;
    t->host_flags = false;
    t->ended = false;
    t->self_loop = t->rc_evicted = t->rc_dropped = false;
    t_rc_reset(t);
    t->b.len = 0;
    t->b.overflow = false;
    vn_cold_reset(t); /* VNATIVE */
}

int jit_translate(a64_tctx *t, uint64_t pc, const uint32_t *code, int ncode) {
    t->block_pc = pc;
    t->loop_mode = false;
    pass_reset(t);
    translate_pass(t, code, ncode);
    if (t->self_loop && !t->rc_evicted && !t->rc_dropped && !t->b.overflow && !(noopt() & 1)) {
        /* pass 2: load every register pass 1 used into the same host register, once; they
         * count as dirty throughout so exits and the fault path see host values */
        int8_t host[32];
        memcpy(host, t->rc_host, sizeof host);
        pass_reset(t);
        t->loop_mode = true;
        for (int g = 0; g < 32; g++)
            if (host[g] >= 0) {
                t->rc_host[g] = host[g];
                t->rc_guest[(int)host[g]] = (int8_t)g;
                t->rc_dirty[g] = true;
                x64_load(&t->b, 1, host[g], t_xmem(g));
            }
        t->loop_entry = t->b.len;
        translate_pass(t, code, ncode);
        /* the first instruction's host code starts at the prologue, so faults in it map */
        t->insn_off[0] = 0;
        t->loop_mode = false;
    }
    if (t->window < t->ninsn) t->window = t->ninsn;
    return t->b.overflow ? -1 : 0;
}
