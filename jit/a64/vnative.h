/* vnative.h — private to the vnative*.c files: what the native FP/SIMD emitters share (guest V
 * registers as memory operands, the host feature gate, out-of-line slow paths, constants). */
#ifndef JIT_VNATIVE_H
#define JIT_VNATIVE_H

#include "a64.h"
#include "translate.h"
#include "x64_sse.h"

#include <stddef.h>

/* FPCR bits the fast paths must see clear (ARM flush-to-zero; DN only matters for NaN results,
 * which always take the slow path). */
#define VN_FPCR_FZ (1u << 24)
#define OFF_FPCR   ((int32_t)offsetof(emu_cpu, fpcr))

/* Guest V register r (plus a byte offset) as a memory operand. */
static inline x64_mem vn_v(int r) {
    return t_cpumem(OFF_V(r));
}
static inline x64_mem vn_vo(int r, int off) {
    return t_cpumem(OFF_V(r) + off);
}

/* Every native emitter needs AVX (VEX encodings) and the FMA ones FMA3; without them all of
 * them decline and the C helpers run. */
bool vn_host_ok(a64_tctx *t);

/* ---- guest V registers in xmm0-xmm11 ----
 * A write-through cache within a block: emu_cpu always holds every V register (each result is
 * stored there at once), and an xmm register mapped to V[r] holds the same 128 bits, so a later
 * instruction reads it without waiting for the store to forward. Every helper call forgets the
 * mapping (vn_xmm_forget, from translate.c); a slow-path stub reloads it before returning.
 * xmm12-xmm15 are the emitters' temporaries. Registers an instruction obtained stay pinned
 * until the next instruction. An emitter must have decided not to decline before it calls
 * these (the translator's rollback does not know them). */
#define VN_HOMES 12 /* xmm k holds V k at block entries, k < VN_HOMES */
#define VN_T0    12 /* temporaries */
#define VN_T1    13
#define VN_T2    14
#define VN_T3    15
void vn_xmm_forget(a64_tctx *t);
/* An xmm holding all of V[r] (loaded and mapped if need be). */
int vn_src(a64_tctx *t, int r);
/* An xmm whose low `bytes` (4 or 8) are V[r]'s and whose other bits are zero: the mapped
 * register when its upper bits are known zero, else temporary tmp (a copy or a load). */
int vn_src_low(a64_tctx *t, int r, int bytes, int tmp);
/* The xmm register to compute the new value of V[r] in: the one mapped to V[r] if any (it
 * may be read as a source before it is written), else a free or least recently used one. */
int vn_dst(a64_tctx *t, int r);
/* Stores xmm x to V[r] and maps V[r] to x; bits above zu bytes (4, 8, or 16) are zero. */
void vn_def(a64_tctx *t, int r, int x, int zu);
/* Reloads every mapped xmm from emu_cpu (into a slow-path stub's buffer). */
void vn_xmm_reload(x64_buf *c);

/* ---- out-of-line code ----
 * Slow paths and constants go to a per-thread side buffer that the translator appends after
 * the block's last exit (vn_cold_flush), so the fast path never jumps over them. An emitter
 * must have made every decision to decline before it calls any of these. */
bool vn_cold_room(void); /* false: the side buffer is full, decline */

/* A slow path for insn: every rel32 branch site in sites[0..n) goes to a stub that calls the
 * exact C helper (the pattern after t->pat in decode order) and comes back here. The stub
 * keeps every cached guest register: the helpers behind it touch V registers, FPSR and (with
 * A64_WFLAGS) NZCV only. With A64_WFLAGS the stub reloads host flags from the saved NZCV. */
void vn_slow(a64_tctx *t, uint32_t insn, const size_t *sites, int n);
/* The same for a helper that writes general register rd (31 = none): the stub reloads host
 * register h, which caches rd (allocated with t_dst before the first branch), from emu_cpu. */
void vn_slow_x(a64_tctx *t, uint32_t insn, const size_t *sites, int n, int rd, int h);

/* A 16-byte constant, read through [rip+disp32] by one VEX instruction (op reg, vvvv, [c]).
 * imm_len: bytes of immediate the caller appends after the instruction. */
void vn_rip_op(a64_tctx *t, x64_vop o, int reg, int vvvv, uint64_t lo, uint64_t hi, int imm_len);
static inline void vn_ld_const(a64_tctx *t, int x, uint64_t lo, uint64_t hi) {
    vn_rip_op(t, VX_MOVUPS_LD, x, 0, lo, hi, 0);
}

/* FPCR.FZ set: out of line, the first l0 lanes (of `bytes` each) of V register r0, l1 of r1,
 * l2 of r2 (-1: none) are checked; one that could be flushed or lead to a flush sends the
 * instruction to the slow path registered next (vn_slow), else the fast path goes on. Clobbers host
 * flags and RAX. Returns SIZE_MAX, a "site" vn_slow ignores, so it can sit in the sites list. */
size_t vn_fz_guard(a64_tctx *t, int bytes, int r0, int l0, int r1, int l1, int r2, int l2);

/* ---- emitters, by file ---- */
/* vnative_ldst.c */
bool vn_e_ldst_imm(a64_tctx *t, uint32_t insn);
bool vn_e_ldst_reg(a64_tctx *t, uint32_t insn);
bool vn_e_ldst_pair(a64_tctx *t, uint32_t insn);
bool vn_e_ldst_lit(a64_tctx *t, uint32_t insn);
bool vn_e_ld1st1(a64_tctx *t, uint32_t insn);
bool vn_e_ld1r(a64_tctx *t, uint32_t insn);
bool vn_e_ldst1_lane(a64_tctx *t, uint32_t insn);
bool vn_e_ldst2(a64_tctx *t, uint32_t insn);
/* vnative_fp.c */
bool vn_e_fp_dp2(a64_tctx *t, uint32_t insn);
bool vn_e_fp_dp3(a64_tctx *t, uint32_t insn);
bool vn_e_fp_dp1(a64_tctx *t, uint32_t insn);
bool vn_e_fcmp(a64_tctx *t, uint32_t insn);
bool vn_e_fccmp(a64_tctx *t, uint32_t insn);
bool vn_e_frint(a64_tctx *t, uint32_t insn);
bool vn_e_fcsel(a64_tctx *t, uint32_t insn);
bool vn_e_fmov_imm(a64_tctx *t, uint32_t insn);
bool vn_e_fpint(a64_tctx *t, uint32_t insn);
/* vnative_vfp.c */
bool vn_e_vfp3(a64_tctx *t, uint32_t insn);
bool vn_e_vfpe(a64_tctx *t, uint32_t insn);
bool vn_e_vfp3b(a64_tctx *t, uint32_t insn);
bool vn_e_vfp2(a64_tctx *t, uint32_t insn);
/* vnative_int.c, vnative_misc.c, vnative_shift.c, vnative_perm.c */
bool vn_e_int3(a64_tctx *t, uint32_t insn);
bool vn_e_misc2(a64_tctx *t, uint32_t insn);
bool vn_e_across(a64_tctx *t, uint32_t insn);
bool vn_e_addp_d(a64_tctx *t, uint32_t insn);
bool vn_e_shift_imm(a64_tctx *t, uint32_t insn);
bool vn_e_long3(a64_tctx *t, uint32_t insn);
bool vn_e_perm(a64_tctx *t, uint32_t insn);
bool vn_e_ext(a64_tctx *t, uint32_t insn);
bool vn_e_tbl(a64_tctx *t, uint32_t insn);
bool vn_e_copy(a64_tctx *t, uint32_t insn);

#endif
