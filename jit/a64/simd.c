/* simd.c — the Advanced SIMD decode table (integer SIMD, SIMD loads/stores, crypto): every
 * allocated non-floating-point encoding, with exact masks, and the helper that performs it. */
#include "simd_impl.h"

#define P(mask, value, name, fn, flags)                                                            \
    { (mask), (value), (name), NULL, (fn), (flags) }
#define MEM A64_MEM

/* ---- loads and stores ---- */

/* LDR/STR (SIMD&FP register); base holds size (31:30), V and opc (23:22). */
#define LDST_ONE(base, op, sz)                                                                     \
    P(0xffc00000, (base) | 0x01000000u, #op, simd_##op##_##sz##_uimm, MEM),                        \
        P(0xffe00c00, (base), #op "u", simd_##op##_##sz##_unscaled, MEM),                          \
        P(0xffe00c00, (base) | 0x400u, #op, simd_##op##_##sz##_post, MEM),                         \
        P(0xffe00c00, (base) | 0xc00u, #op, simd_##op##_##sz##_pre, MEM),                          \
        P(0xffe04c00, (base) | 0x00204800u, #op, simd_##op##_##sz##_reg, MEM)
/* LDP/STP/LDNP/STNP (SIMD&FP); base holds opc (31:30), V and L. */
#define LDST_PAIR(base, op, sz)                                                                    \
    P(0xffc00000, (base), #op, simd_##op##_##sz##_off, MEM),                                       \
        P(0xffc00000, (base) | 0x00800000u, #op, simd_##op##_##sz##_post, MEM),                    \
        P(0xffc00000, (base) | 0x01000000u, #op, simd_##op##_##sz##_off, MEM),                     \
        P(0xffc00000, (base) | 0x01800000u, #op, simd_##op##_##sz##_pre, MEM)
/* Structure loads/stores: the same encoding without (bits 20:16 zero) and with post-index. */
#define LDST_STRUCT(mask, value, name, fn)                                                         \
    P((mask) | 0x001f0000u, (value), name, fn, MEM), P((mask), (value) | 0x00800000u, name, fn, MEM)
/* LD2-4/ST2-4 multiple: size:Q = 110 (1D) is reserved. */
#define LDST_MULTN(value, name, fn)                                                                \
    LDST_STRUCT(0xffe0f000, (value) | 0x40000000u, name, fn),                                      \
        LDST_STRUCT(0xffe0f800, (value), name, fn),                                                \
        LDST_STRUCT(0xffe0fc00, (value) | 0x800u, name, fn)
/* Single structure, by lane size class; base holds L. */
#define LDST_SINGLE(base, name, fn)                                                                \
    LDST_STRUCT(0xbfc0c000, (base), name, fn),                                                     \
        LDST_STRUCT(0xbfc0c400, (base) | 0x4000u, name, fn),                                       \
        LDST_STRUCT(0xbfc0cc00, (base) | 0x8000u, name, fn),                                       \
        LDST_STRUCT(0xbfc0dc00, (base) | 0x8400u, name, fn)

#define SIMD_TAB_LDST                                                                              \
    LDST_ONE(0x3c000000u, str, b), LDST_ONE(0x3c400000u, ldr, b), LDST_ONE(0x3c800000u, str, q),   \
        LDST_ONE(0x3cc00000u, ldr, q), LDST_ONE(0x7c000000u, str, h),                              \
        LDST_ONE(0x7c400000u, ldr, h), LDST_ONE(0xbc000000u, str, s),                              \
        LDST_ONE(0xbc400000u, ldr, s), LDST_ONE(0xfc000000u, str, d),                              \
        LDST_ONE(0xfc400000u, ldr, d),                                                             \
                                                                                                   \
        LDST_PAIR(0x2c000000u, stp, s), LDST_PAIR(0x2c400000u, ldp, s),                            \
        LDST_PAIR(0x6c000000u, stp, d), LDST_PAIR(0x6c400000u, ldp, d),                            \
        LDST_PAIR(0xac000000u, stp, q), LDST_PAIR(0xac400000u, ldp, q),                            \
                                                                                                   \
        P(0xff000000, 0x1c000000, "ldr", simd_ldr_s_lit, MEM | A64_PC),                            \
        P(0xff000000, 0x5c000000, "ldr", simd_ldr_d_lit, MEM | A64_PC),                            \
        P(0xff000000, 0x9c000000, "ldr", simd_ldr_q_lit, MEM | A64_PC),                            \
                                                                                                   \
        LDST_STRUCT(0xbfe0f000, 0x0c007000u, "st1", simd_st1_multi),                               \
        LDST_STRUCT(0xbfe0f000, 0x0c00a000u, "st1", simd_st1_multi),                               \
        LDST_STRUCT(0xbfe0f000, 0x0c006000u, "st1", simd_st1_multi),                               \
        LDST_STRUCT(0xbfe0f000, 0x0c002000u, "st1", simd_st1_multi),                               \
        LDST_STRUCT(0xbfe0f000, 0x0c407000u, "ld1", simd_ld1_multi),                               \
        LDST_STRUCT(0xbfe0f000, 0x0c40a000u, "ld1", simd_ld1_multi),                               \
        LDST_STRUCT(0xbfe0f000, 0x0c406000u, "ld1", simd_ld1_multi),                               \
        LDST_STRUCT(0xbfe0f000, 0x0c402000u, "ld1", simd_ld1_multi),                               \
        LDST_MULTN(0x0c008000u, "st2", simd_stn_multi),                                            \
        LDST_MULTN(0x0c004000u, "st3", simd_stn_multi),                                            \
        LDST_MULTN(0x0c000000u, "st4", simd_stn_multi),                                            \
        LDST_MULTN(0x0c408000u, "ld2", simd_ldn_multi),                                            \
        LDST_MULTN(0x0c404000u, "ld3", simd_ldn_multi),                                            \
        LDST_MULTN(0x0c400000u, "ld4", simd_ldn_multi),                                            \
                                                                                                   \
        LDST_SINGLE(0x0d000000u, "st", simd_st_single),                                            \
        LDST_SINGLE(0x0d400000u, "ld", simd_ld_single),                                            \
        LDST_STRUCT(0xbfc0d000, 0x0d40c000u, "ldr", simd_ld_repl)

const a64_pattern a64_tab_simd[] = {
    SIMD_TAB_LDST,
    {0, 0, NULL, NULL, NULL, 0},
};
