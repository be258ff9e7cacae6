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
bool vn_host_ok(void);

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

/* Branch to the slow path when FPCR.FZ is set (clobbers host flags). Returns the site. */
size_t vn_fz_branch(a64_tctx *t);

/* ---- emitters, by file ---- */
/* vnative_ldst.c */
bool vn_e_ldst_imm(a64_tctx *t, uint32_t insn);
bool vn_e_ldst_reg(a64_tctx *t, uint32_t insn);
bool vn_e_ldst_pair(a64_tctx *t, uint32_t insn);
bool vn_e_ldst_lit(a64_tctx *t, uint32_t insn);
bool vn_e_ld1st1(a64_tctx *t, uint32_t insn);
bool vn_e_ld1r(a64_tctx *t, uint32_t insn);
/* vnative_fp.c */
bool vn_e_fp_dp2(a64_tctx *t, uint32_t insn);
bool vn_e_fp_dp3(a64_tctx *t, uint32_t insn);
bool vn_e_fp_dp1(a64_tctx *t, uint32_t insn);
bool vn_e_fcmp(a64_tctx *t, uint32_t insn);
bool vn_e_fcsel(a64_tctx *t, uint32_t insn);
bool vn_e_fmov_imm(a64_tctx *t, uint32_t insn);
bool vn_e_fpint(a64_tctx *t, uint32_t insn);
/* vnative_vfp.c */
bool vn_e_vfp3(a64_tctx *t, uint32_t insn);
bool vn_e_vfpe(a64_tctx *t, uint32_t insn);

#endif
