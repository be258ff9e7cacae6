/* vnative.c — native x86-64 (AVX) emitters for the hottest FP and Advanced SIMD forms: their
 * decode table, and the out-of-line slow paths and constants they share (see vnative.h). */
#include "vnative.h"
#include "fp_core.h"
#include "runtime.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* To bisect a bug: EMU_VN_OFF=1 makes every native emitter decline (the C helpers run),
 * EMU_VN_SKIP=hexmask only those of the patterns whose index in a64_tab_vnative has its bit. */
bool vn_host_ok(a64_tctx *t) {
    static int off = -1;
    static uint64_t skip;
    if (off < 0) {
        const char *m = getenv("EMU_VN_SKIP");
        skip = m ? strtoull(m, NULL, 16) : 0;
        off = getenv("EMU_VN_OFF") != NULL;
    }
    long idx = t->pat - a64_tab_vnative;
    return fp_host_fma && !off && !(idx >= 0 && idx < 64 && (skip >> idx & 1));
}

/* ---- the side buffer: slow-path stubs, then 16-byte constants ---- */

#define VN_COLD_CAP   12288
#define VN_COLD_FIXES 512
#define VN_CONSTS     64

enum vn_fix_kind {
    FIX_TO_COLD,   /* rel32 in the block -> stub offset */
    FIX_TO_MAIN,   /* rel32 in a stub -> block offset */
    FIX_RIP,       /* disp32 in the block -> constant index */
    FIX_COLD_COLD, /* rel32 in a stub -> another stub */
};

typedef struct vn_fix {
    uint32_t at, target;
    uint8_t kind, imm_len;
} vn_fix;

typedef struct vn_cold_state {
    uint8_t code[VN_COLD_CAP];
    x64_buf b;
    vn_fix fix[VN_COLD_FIXES];
    int nfix;
    uint64_t konst[VN_CONSTS][2];
    int nconst;
    uint32_t pending[16]; /* FZ-guard branches (stub offsets) to the next slow path */
    int npending;
} vn_cold_state;

/* Per thread: translations run on one thread at a time each (jit lock, or a private tctx). */
static __thread vn_cold_state vn_cold;

void vn_cold_reset(a64_tctx *t) {
    vn_xmm_block_start(t);
    vn_cold.b = (x64_buf){vn_cold.code, 0, sizeof vn_cold.code, false};
    vn_cold.nfix = 0;
    vn_cold.nconst = 0;
    vn_cold.npending = 0;
}

bool vn_cold_room(void) {
    return vn_cold.b.len + 1024 < vn_cold.b.cap && vn_cold.nfix + 16 < VN_COLD_FIXES &&
           vn_cold.nconst + 4 < VN_CONSTS;
}

static void add_fix(enum vn_fix_kind kind, size_t at, size_t target, int imm_len) {
    if (vn_cold.nfix == VN_COLD_FIXES) return; /* vn_cold_room keeps this from happening */
    vn_cold.fix[vn_cold.nfix++] =
        (vn_fix){(uint32_t)at, (uint32_t)target, (uint8_t)kind, (uint8_t)imm_len};
}

void vn_cold_flush(a64_tctx *t) {
    if (vn_cold.b.len == 0 && vn_cold.nconst == 0) return;
    size_t base = t->b.len;
    for (size_t i = 0; i < vn_cold.b.len; i++)
        x64_byte(&t->b, vn_cold.code[i]);
    while (t->b.len & 15)
        x64_byte(&t->b, 0xCC); /* constants on their own lines */
    size_t kbase = t->b.len;
    for (int i = 0; i < vn_cold.nconst; i++) {
        x64_u64(&t->b, vn_cold.konst[i][0]);
        x64_u64(&t->b, vn_cold.konst[i][1]);
    }
    for (int i = 0; i < vn_cold.nfix; i++) {
        const vn_fix *f = &vn_cold.fix[i];
        switch (f->kind) {
        case FIX_TO_COLD: x64_patch_rel32(&t->b, f->at, base + f->target); break;
        case FIX_TO_MAIN: x64_patch_rel32(&t->b, base + f->at, f->target); break;
        case FIX_COLD_COLD: x64_patch_rel32(&t->b, base + f->at, base + f->target); break;
        default: x64_v_rip_patch(&t->b, f->at, kbase + 16 * f->target, f->imm_len); break;
        }
    }
    vn_cold_reset(t);
}

void vn_rip_op(a64_tctx *t, x64_vop o, int reg, int vvvv, uint64_t lo, uint64_t hi, int imm_len) {
    int k = 0;
    while (k < vn_cold.nconst && (vn_cold.konst[k][0] != lo || vn_cold.konst[k][1] != hi))
        k++;
    if (k == vn_cold.nconst && k < VN_CONSTS) {
        vn_cold.konst[k][0] = lo;
        vn_cold.konst[k][1] = hi;
        vn_cold.nconst++;
    }
    size_t at = x64_v_rip(&t->b, o, reg, vvvv);
    add_fix(FIX_RIP, at, (size_t)k, imm_len);
}

/* Exponent ranges (biased) within which no operation of the fast paths can meet a denormal,
 * flush a result or make one tiny under FZ (fp_tmpl.h's fz_may_flush2/3): products of two such
 * numbers stay above the smallest normal, quotients too (hi - lo <= bias - 3), fused a + n*m
 * keeps n*m above 2^(2*frac) smallest normals and a above 2^frac; sums of them are zero or
 * multiples of 2^(lo - bias - frac), normal. */
#define FZ_LO_D 564
#define FZ_HI_D 1584
#define FZ_LO_S 87
#define FZ_HI_S 211

size_t vn_fz_guard(a64_tctx *t, int bytes, int r0, int l0, int r1, int l1, int r2, int l2) {
    t->host_flags = false; /* a later t_flags_load must reload them */
    x64_test_mi32(&t->b, t_cpumem(OFF_FPCR), VN_FPCR_FZ);
    x64_buf *c = &vn_cold.b;
    add_fix(FIX_TO_COLD, x64_jcc32(&t->b, CC_NE), c->len, 0);
    /* FZ set: every lane of the operands zero or in range, else the slow path */
    int regs[3] = {r0, r1, r2}, lanes[3] = {l0, l1, l2}, lo = bytes == 8 ? FZ_LO_D : FZ_LO_S;
    int hi = bytes == 8 ? FZ_HI_D : FZ_HI_S;
    for (int i = 0; i < 3; i++) {
        if (regs[i] < 0) continue;
        for (int k = 0; k < lanes[i]; k++) {
            x64_load(c, bytes == 8, RAX, vn_vo(regs[i], k * bytes));
            x64_alu_rr(c, bytes == 8, ALU_ADD, RAX, RAX); /* the sign out; ZF for +-0 */
            size_t zero = x64_jcc32(c, CC_E);
            x64_shift_ri(c, bytes == 8, SH_SHR, RAX, bytes == 8 ? 53 : 24);
            x64_alu_ri(c, 0, ALU_SUB, RAX, lo);
            x64_alu_ri(c, 0, ALU_CMP, RAX, hi - lo);
            if (vn_cold.npending < 16)
                vn_cold.pending[vn_cold.npending++] = (uint32_t)x64_jcc32(c, CC_A);
            x64_patch_rel32(c, zero, c->len);
        }
    }
    add_fix(FIX_TO_MAIN, x64_jmp32(c), t->b.len, 0);
    return SIZE_MAX;
}

/* The stub saves the caller-saved registers of the cache pool (R8-R11; an even count keeps rsp
 * 16-byte aligned), calls the helper like t_call_helper does, and returns to the fast path's
 * end. The helpers behind these patterns read cpu->pc only to raise SIGILL on encodings the
 * decode table never lets through, so the PC is not stored. */
void vn_slow_x(a64_tctx *t, uint32_t insn, const size_t *sites, int n, int rd, int h) {
    int slot; /* the exact helper behind every native pattern (fp or simd table) */
    const a64_pattern *p = a64_decode_helper(insn, &slot);
    (void)t->pat;
    x64_buf *c = &vn_cold.b;
    size_t stub = c->len;
    for (int i = 0; i < n; i++)
        if (sites[i] != SIZE_MAX) add_fix(FIX_TO_COLD, sites[i], stub, 0);
    for (int i = 0; i < vn_cold.npending; i++)
        add_fix(FIX_COLD_COLD, vn_cold.pending[i], stub, 0);
    vn_cold.npending = 0;
    static const int saved[4] = {R8, R9, R10, R11};
    for (int i = 0; i < 4; i++)
        x64_push(c, saved[i]);
    if (!p || slot < 0) x64_ud2(c); /* every native pattern has a helper behind it */
    x64_mov_rr(c, 1, RDI, CPU_REG);
    x64_mov_imm(c, RSI, insn);
    x64_load(c, 1, RAX, t_cpumem(OFF_HELPERS));
    x64_call_m(c, x64_m(RAX, 8 * (slot + JIT_RT_COUNT)));
    for (int i = 3; i >= 0; i--)
        x64_pop(c, saved[i]);
    if (rd >= 0 && rd != 31) x64_load(c, 1, h, t_xmem(rd)); /* the helper wrote X[rd] */
    vn_xmm_reload(c);
    if (p && (p->flags & A64_WFLAGS)) { /* as t_flags_load: the helper left NZCV in emu_cpu */
        x64_load_zx(c, RAX, t_cpumem(OFF_NZCV), 2);
        x64_byte(c, 0x04);
        x64_byte(c, 0x7F);
        x64_sahf(c);
    }
    add_fix(FIX_TO_MAIN, x64_jmp32(c), t->b.len, 0);
}

void vn_slow(a64_tctx *t, uint32_t insn, const size_t *sites, int n) {
    vn_slow_x(t, insn, sites, n, -1, -1);
}

/* ---- decode table ---- */

#define N(mask, value, name, fn)                                                                   \
    { (mask), (value), (name), fn, NULL, 0 }

const a64_pattern a64_tab_vnative[] = {
    /* SIMD&FP loads and stores */
    N(0x3f000000u, 0x3d000000u, "ldr/str (simd, uimm)", vn_e_ldst_imm),
    N(0x3f200000u, 0x3c000000u, "ldr/str (simd, imm9)", vn_e_ldst_imm),
    N(0x3f200c00u, 0x3c200800u, "ldr/str (simd, reg)", vn_e_ldst_reg),
    N(0x3e000000u, 0x2c000000u, "ldp/stp (simd)", vn_e_ldst_pair),
    N(0x3f000000u, 0x1c000000u, "ldr (simd, literal)", vn_e_ldst_lit),
    N(0xbf200000u, 0x0c000000u, "ld1/st1 (multiple)", vn_e_ld1st1),
    N(0xbf60f000u, 0x0d40c000u, "ld1r", vn_e_ld1r),
    N(0xbf202000u, 0x0d000000u, "ld1/st1 (lane)", vn_e_ldst1_lane),
    N(0xbf20f000u, 0x0c008000u, "ld2/st2 (multiple)", vn_e_ldst2),

    /* scalar floating point */
    N(0xffa00c00u, 0x1e200800u, "fp dp2", vn_e_fp_dp2),
    N(0xffa00000u, 0x1f000000u, "fp dp3", vn_e_fp_dp3),
    N(0xffbc7c00u, 0x1e204000u, "fp dp1", vn_e_fp_dp1),
    N(0xffbc7c00u, 0x1e244000u, "frint", vn_e_frint),
    N(0xffa0fc07u, 0x1e202000u, "fcmp", vn_e_fcmp),
    N(0xffa00c00u, 0x1e200400u, "fccmp", vn_e_fccmp),
    N(0xffa00c00u, 0x1e200c00u, "fcsel", vn_e_fcsel),
    N(0xffa01fe0u, 0x1e201000u, "fmov (imm)", vn_e_fmov_imm),
    N(0x7f20fc00u, 0x1e200000u, "fp<->int", vn_e_fpint),

    /* vector floating point (sz, bit 22, free: 2D with Q=0 is declined) */
    N(0xbfa0fc00u, 0x0e20cc00u, "fmla (vector)", vn_e_vfp3),
    N(0xbfa0fc00u, 0x0ea0cc00u, "fmls (vector)", vn_e_vfp3),
    N(0xbfa0fc00u, 0x0e20d400u, "fadd (vector)", vn_e_vfp3),
    N(0xbfa0fc00u, 0x0ea0d400u, "fsub (vector)", vn_e_vfp3),
    N(0xbfa0fc00u, 0x2e20dc00u, "fmul (vector)", vn_e_vfp3),
    N(0xbfa0fc00u, 0x2e20fc00u, "fdiv (vector)", vn_e_vfp3),
    N(0xbf80f400u, 0x0f801000u, "fmla (element)", vn_e_vfpe),
    N(0xbf80f400u, 0x0f805000u, "fmls (element)", vn_e_vfpe),
    N(0xbf80f400u, 0x0f809000u, "fmul (element)", vn_e_vfpe),
    N(0x9f20c400u, 0x0e20c400u, "fp three same", vn_e_vfp3b),
    N(0x9f3e0c00u, 0x0e200800u, "fp two-reg misc", vn_e_vfp2),

    /* integer Advanced SIMD (each emitter declines the forms it does not do) */
    N(0x9f200400u, 0x0e200400u, "simd three same", vn_e_int3),
    N(0x9f3e0c00u, 0x0e200800u, "simd two-reg misc", vn_e_misc2),
    N(0x9f3e0c00u, 0x0e300800u, "simd across lanes", vn_e_across),
    N(0xfffffc00u, 0x5ef1b800u, "addp (scalar)", vn_e_addp_d),
    N(0x9f800400u, 0x0f000400u, "simd shift imm", vn_e_shift_imm),
    N(0x9f200c00u, 0x0e200000u, "simd three different", vn_e_long3),
    N(0xbf208c00u, 0x0e000800u, "uzp/trn/zip", vn_e_perm),
    N(0xbfe08400u, 0x2e000000u, "ext", vn_e_ext),
    N(0xbfe08c00u, 0x0e000000u, "tbl/tbx", vn_e_tbl),
    N(0x9fe08400u, 0x0e000400u, "simd copy", vn_e_copy),
    {0, 0, NULL, NULL, NULL, 0},
};
