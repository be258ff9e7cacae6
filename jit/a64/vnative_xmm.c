/* vnative_xmm.c — guest V registers cached in xmm0-xmm11, write-through (see vnative.h): which
 * xmm holds which V register, which bits of it are known zero, the least-recently-used choice
 * of a register for a new value, and the home convention across blocks (xmm k holds V k at
 * every block entry, k < VN_HOMES: jit_enter loads them, every exit puts them back). */
#include "vnative.h"

#include <stddef.h>
#include <string.h>

_Static_assert(offsetof(emu_cpu, v) == 288, "enter.S loads the home xmm registers from here");

#define VN_NCACHE 12

typedef struct vn_xcache {
    int8_t vreg[VN_NCACHE]; /* per xmm: the V register it holds, or -1 */
    int8_t xmm[32];         /* per V register: its xmm, or -1 */
    uint8_t zu[32];         /* per V register: bytes above which it is known zero */
    uint32_t used[VN_NCACHE], clock;
    int pin[VN_NCACHE]; /* 1 + the instruction index that last asked for it */
} vn_xcache;

static __thread vn_xcache xc;

void vn_xmm_forget(a64_tctx *t) {
    (void)t;
    memset(xc.vreg, -1, sizeof xc.vreg);
    memset(xc.xmm, -1, sizeof xc.xmm);
    memset(xc.pin, 0, sizeof xc.pin);
}

/* A block starts with the home registers in place (their upper bits unknown). */
void vn_xmm_block_start(a64_tctx *t) {
    vn_xmm_forget(t);
    for (int k = 0; k < VN_HOMES; k++) {
        xc.vreg[k] = (int8_t)k;
        xc.xmm[k] = (int8_t)k;
        xc.zu[k] = 16;
    }
}

/* Before an exit: every home register not holding its V register is reloaded (emu_cpu is
 * current). Loads only: host flags survive. Legacy SSE encoding, as jit_enter's: a host
 * without AVX runs no native emitter but still keeps the convention. */
void vn_exit_restore(a64_tctx *t) {
    for (int k = 0; k < VN_HOMES; k++) {
        if (xc.vreg[k] == k) continue;
        if (xc.vreg[k] >= 0) xc.xmm[(int)xc.vreg[k]] = -1;
        if (xc.xmm[k] >= 0) xc.vreg[(int)xc.xmm[k]] = -1;
        x64_sse_rm(&t->b, 0, 0, 0x0F10, 2, k, vn_v(k)); /* movups: SSE, any host */
        xc.vreg[k] = (int8_t)k;
        xc.xmm[k] = (int8_t)k;
        xc.zu[k] = 16;
    }
}

static void unmap_xmm(int x) {
    if (xc.vreg[x] >= 0) xc.xmm[(int)xc.vreg[x]] = -1;
    xc.vreg[x] = -1;
}

static int touch(a64_tctx *t, int x) {
    xc.used[x] = ++xc.clock;
    xc.pin[x] = t->ninsn + 1;
    return x;
}

/* A register not pinned by this instruction for V[r] (-1: none in particular): its home if
 * free to take, else a free one, else the least recently used. */
static int alloc(a64_tctx *t, int r) {
    if (r >= 0 && r < VN_HOMES && xc.pin[r] != t->ninsn + 1) {
        unmap_xmm(r);
        return touch(t, r);
    }
    int best = -1;
    for (int x = 0; x < VN_NCACHE; x++) {
        if (xc.pin[x] == t->ninsn + 1) continue;
        if (xc.vreg[x] < 0) {
            best = x;
            break;
        }
        if (best < 0 || xc.used[x] < xc.used[best]) best = x;
    }
    unmap_xmm(best); /* at most 4 registers are pinned: there is always one */
    return touch(t, best);
}

int vn_src(a64_tctx *t, int r) {
    if (xc.xmm[r] >= 0) return touch(t, xc.xmm[r]);
    int x = alloc(t, r);
    vx_ld(&t->b, x, vn_v(r));
    xc.vreg[x] = (int8_t)r;
    xc.xmm[r] = (int8_t)x;
    xc.zu[r] = 16;
    return x;
}

int vn_src_low(a64_tctx *t, int r, int bytes, int tmp) {
    int x = xc.xmm[r];
    if (x >= 0 && xc.zu[r] <= bytes) return touch(t, x);
    if (x >= 0) {
        touch(t, x);
        if (bytes == 8)
            vx2(&t->b, VX_MOVQ_LD, tmp, x);
        else
            vx3i(&t->b, VX_INSERTPS, tmp, x, x, 0x0E); /* lane 0, lanes 1-3 zeroed */
        return tmp;
    }
    vx2m(&t->b, bytes == 8 ? VX_MOVSD_LD : VX_MOVSS_LD, tmp, vn_v(r));
    return tmp;
}

int vn_dst(a64_tctx *t, int r) {
    if (xc.xmm[r] >= 0) return touch(t, xc.xmm[r]);
    return alloc(t, r);
}

void vn_def(a64_tctx *t, int r, int x, int zu) {
    vx_st(&t->b, vn_v(r), x);
    if (xc.xmm[r] >= 0 && xc.xmm[r] != x) unmap_xmm(xc.xmm[r]);
    if (x >= VN_NCACHE) { /* a scratch xmm: V[r] now lives in emu_cpu only */
        if (xc.xmm[r] == x) xc.xmm[r] = -1;
        return;
    }
    unmap_xmm(x);
    xc.vreg[x] = (int8_t)r;
    xc.xmm[r] = (int8_t)x;
    xc.zu[r] = (uint8_t)zu;
    touch(t, x);
}

/* For a slow-path stub: the helper clobbered every xmm and left emu_cpu current. */
void vn_xmm_reload(x64_buf *c) {
    for (int x = 0; x < VN_NCACHE; x++)
        if (xc.vreg[x] >= 0) vx_ld(c, x, vn_v(xc.vreg[x]));
}
