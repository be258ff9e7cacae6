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

/* Element size in the size field (23:22): one entry per size, each with its own helper
 * (fn_b, fn_h, fn_s, fn_d). In vector forms a 64-bit element needs Q=1 (size:Q = 110 is
 * reserved). */
#define SZ(k)                  ((uint32_t)(k) << 22)
#define Q1                     0x40000000u
#define V_B(m, v, name, fn)    P((m) | SZ(3), (v) | SZ(0), name, fn##_b, 0)
#define V_H(m, v, name, fn)    P((m) | SZ(3), (v) | SZ(1), name, fn##_h, 0)
#define V_S(m, v, name, fn)    P((m) | SZ(3), (v) | SZ(2), name, fn##_s, 0)
#define V_D(m, v, name, fn)    P((m) | SZ(3) | Q1, (v) | SZ(3) | Q1, name, fn##_d, 0)
#define S_D(m, v, name, fn)    P((m) | SZ(3), (v) | SZ(3), name, fn##_d, 0)
#define V_BHS(m, v, name, fn)  V_B(m, v, name, fn), V_H(m, v, name, fn), V_S(m, v, name, fn)
#define V_BHSD(m, v, name, fn) V_BHS(m, v, name, fn), V_D(m, v, name, fn)
#define V_HS(m, v, name, fn)   V_H(m, v, name, fn), V_S(m, v, name, fn)

/* Element size in imm5 (bits 20:16) of the copy group: lowest set bit. */
#define I5_B(m, v, name, fn) P((m) | 0x10000u, (v) | 0x10000u, name, fn##_b, 0)
#define I5_H(m, v, name, fn) P((m) | 0x30000u, (v) | 0x20000u, name, fn##_h, 0)
#define I5_S(m, v, name, fn) P((m) | 0x70000u, (v) | 0x40000u, name, fn##_s, 0)
#define I5_D(m, v, name, fn) P((m) | 0xf0000u, (v) | 0x80000u, name, fn##_d, 0)
#define I5_BHSD(m, v, name, fn)                                                                    \
    I5_B(m, v, name, fn), I5_H(m, v, name, fn), I5_S(m, v, name, fn), I5_D(m, v, name, fn)

/* Two-register misc (vector): U (29), opcode (16:12). */
#define MISC(u, op) (0x0e200800u | (uint32_t)(u) << 29 | (uint32_t)(op) << 12)
#define MISC_M      0xbf3ffc00u
/* Three same: U, opcode (15:11). */
#define SAME(u, op) (0x0e200400u | (uint32_t)(u) << 29 | (uint32_t)(op) << 11)
#define SAME_M      0xbf20fc00u
/* Scalar three same. */
#define SSAME(u, op)         (0x5e200400u | (uint32_t)(u) << 29 | (uint32_t)(op) << 11)
#define SSAME_M              0xff20fc00u
#define SC_B(m, v, name, fn) P((m) | SZ(3), (v) | SZ(0), name, fn##_b, 0)
#define SC_H(m, v, name, fn) P((m) | SZ(3), (v) | SZ(1), name, fn##_h, 0)
#define SC_S(m, v, name, fn) P((m) | SZ(3), (v) | SZ(2), name, fn##_s, 0)
#define SC_D(m, v, name, fn) P((m) | SZ(3), (v) | SZ(3), name, fn##_d, 0)
#define SC_BHSD(m, v, name, fn)                                                                    \
    SC_B(m, v, name, fn), SC_H(m, v, name, fn), SC_S(m, v, name, fn), SC_D(m, v, name, fn)
#define SC_HS(m, v, name, fn) SC_H(m, v, name, fn), SC_S(m, v, name, fn)

/* Shift by immediate: U, opcode (15:11); the element size is the highest set bit of immh. */
#define SHI(u, op)               (0x0f000400u | (uint32_t)(u) << 29 | (uint32_t)(op) << 11)
#define SHI_M                    0xbf80fc00u
#define SSHI(u, op)              (0x5f000400u | (uint32_t)(u) << 29 | (uint32_t)(op) << 11)
#define SSHI_M                   0xff80fc00u
#define IH_B(m, v, name, fn)     P((m) | 0x00780000u, (v) | 0x00080000u, name, fn##_b, 0)
#define IH_H(m, v, name, fn)     P((m) | 0x00700000u, (v) | 0x00100000u, name, fn##_h, 0)
#define IH_S(m, v, name, fn)     P((m) | 0x00600000u, (v) | 0x00200000u, name, fn##_s, 0)
#define IH_D(m, v, name, fn)     P((m) | 0x00400000u | Q1, (v) | 0x00400000u | Q1, name, fn##_d, 0)
#define IH_BHS(m, v, name, fn)   IH_B(m, v, name, fn), IH_H(m, v, name, fn), IH_S(m, v, name, fn)
#define IH_BHSD(m, v, name, fn)  IH_BHS(m, v, name, fn), IH_D(m, v, name, fn)
#define SIH_D(m, v, name, fn)    P((m) | 0x00400000u, (v) | 0x00400000u, name, fn##_d, 0)
#define SIH_BHSD(m, v, name, fn) IH_BHS(m, v, name, fn), SIH_D(m, v, name, fn)

/* Scalar two-register misc, across lanes (S lanes only with Q=1). */
#define SMISC(u, op) (0x5e200800u | (uint32_t)(u) << 29 | (uint32_t)(op) << 12)
#define SMISC_M      0xff3ffc00u
#define ACR(u, op)   (0x0e300800u | (uint32_t)(u) << 29 | (uint32_t)(op) << 12)
#define ACR_BHS(m, v, name, fn)                                                                    \
    V_B(m, v, name, fn), V_H(m, v, name, fn), P((m) | SZ(3) | Q1, (v) | SZ(2) | Q1, name, fn##_s, 0)

/* Three different (vector, scalar) and by element (vector, scalar): U, opcode (15:12). */
#define DIFF(u, op)  (0x0e200000u | (uint32_t)(u) << 29 | (uint32_t)(op) << 12)
#define DIFF_M       0xbf20fc00u
#define SDIFF(op)    (0x5e200000u | (uint32_t)(op) << 12)
#define SDIFF_M      0xff20fc00u
#define ELEM(u, op)  (0x0f000000u | (uint32_t)(u) << 29 | (uint32_t)(op) << 12)
#define ELEM_M       0xbf00f400u
#define SELEM(u, op) (0x5f000000u | (uint32_t)(u) << 29 | (uint32_t)(op) << 12)
#define SELEM_M      0xff00f400u

// clang-format off
const a64_pattern a64_tab_simd[] = {
    /* ---- loads and stores ---- */
    LDST_ONE(0x3c000000u, str, b), LDST_ONE(0x3c400000u, ldr, b),
    LDST_ONE(0x3c800000u, str, q), LDST_ONE(0x3cc00000u, ldr, q),
    LDST_ONE(0x7c000000u, str, h), LDST_ONE(0x7c400000u, ldr, h),
    LDST_ONE(0xbc000000u, str, s), LDST_ONE(0xbc400000u, ldr, s),
    LDST_ONE(0xfc000000u, str, d), LDST_ONE(0xfc400000u, ldr, d),
    LDST_PAIR(0x2c000000u, stp, s), LDST_PAIR(0x2c400000u, ldp, s),
    LDST_PAIR(0x6c000000u, stp, d), LDST_PAIR(0x6c400000u, ldp, d),
    LDST_PAIR(0xac000000u, stp, q), LDST_PAIR(0xac400000u, ldp, q),
    P(0xff000000, 0x1c000000, "ldr", simd_ldr_s_lit, MEM | A64_PC),
    P(0xff000000, 0x5c000000, "ldr", simd_ldr_d_lit, MEM | A64_PC),
    P(0xff000000, 0x9c000000, "ldr", simd_ldr_q_lit, MEM | A64_PC),
    LDST_STRUCT(0xbfe0f000, 0x0c007000u, "st1", simd_st1_multi),
    LDST_STRUCT(0xbfe0f000, 0x0c00a000u, "st1", simd_st1_multi),
    LDST_STRUCT(0xbfe0f000, 0x0c006000u, "st1", simd_st1_multi),
    LDST_STRUCT(0xbfe0f000, 0x0c002000u, "st1", simd_st1_multi),
    LDST_STRUCT(0xbfe0f000, 0x0c407000u, "ld1", simd_ld1_multi),
    LDST_STRUCT(0xbfe0f000, 0x0c40a000u, "ld1", simd_ld1_multi),
    LDST_STRUCT(0xbfe0f000, 0x0c406000u, "ld1", simd_ld1_multi),
    LDST_STRUCT(0xbfe0f000, 0x0c402000u, "ld1", simd_ld1_multi),
    LDST_MULTN(0x0c008000u, "st2", simd_stn_multi),
    LDST_MULTN(0x0c004000u, "st3", simd_stn_multi),
    LDST_MULTN(0x0c000000u, "st4", simd_stn_multi),
    LDST_MULTN(0x0c408000u, "ld2", simd_ldn_multi),
    LDST_MULTN(0x0c404000u, "ld3", simd_ldn_multi),
    LDST_MULTN(0x0c400000u, "ld4", simd_ldn_multi),
    LDST_SINGLE(0x0d000000u, "st", simd_st_single),
    LDST_SINGLE(0x0d400000u, "ld", simd_ld_single),
    LDST_STRUCT(0xbfc0d000, 0x0d40c000u, "ldr", simd_ld_repl),

    /* ---- copy ---- */
    I5_B(0xbfe0fc00, 0x0e000400, "dup", simd_dup_elem), I5_H(0xbfe0fc00, 0x0e000400, "dup", simd_dup_elem),
    I5_S(0xbfe0fc00, 0x0e000400, "dup", simd_dup_elem), I5_D(0xffe0fc00, 0x4e000400, "dup", simd_dup_elem),
    I5_B(0xbfe0fc00, 0x0e000c00, "dup", simd_dup_gen), I5_H(0xbfe0fc00, 0x0e000c00, "dup", simd_dup_gen),
    I5_S(0xbfe0fc00, 0x0e000c00, "dup", simd_dup_gen), I5_D(0xffe0fc00, 0x4e000c00, "dup", simd_dup_gen),
    I5_BHSD(0xffe0fc00, 0x4e001c00, "ins", simd_ins_gen),
    I5_BHSD(0xffe08400, 0x6e000400, "ins", simd_ins_elem),
    I5_BHSD(0xffe0fc00, 0x5e000400, "dup", simd_dup_scalar),
    I5_B(0xffe0fc00, 0x0e002c00, "smov", simd_smov_w), I5_H(0xffe0fc00, 0x0e002c00, "smov", simd_smov_w),
    I5_B(0xffe0fc00, 0x4e002c00, "smov", simd_smov_x), I5_H(0xffe0fc00, 0x4e002c00, "smov", simd_smov_x),
    I5_S(0xffe0fc00, 0x4e002c00, "smov", simd_smov_x),
    I5_B(0xffe0fc00, 0x0e003c00, "umov", simd_umov), I5_H(0xffe0fc00, 0x0e003c00, "umov", simd_umov),
    I5_S(0xffe0fc00, 0x0e003c00, "umov", simd_umov), I5_D(0xffe0fc00, 0x4e003c00, "umov", simd_umov),

    /* ---- modified immediate (cmode 1111 is FMOV, in fp.c) ---- */
    P(0x9ff88c00, 0x0f000400, "movi", simd_movi, 0),
    P(0x9ff8cc00, 0x0f008400, "movi", simd_movi, 0),
    P(0x9ff8ec00, 0x0f00c400, "movi", simd_movi, 0),
    P(0x9ff8fc00, 0x0f00e400, "movi", simd_movi, 0),

    /* ---- EXT, TBL/TBX, permutes, REV ---- */
    P(0xffe08400, 0x6e000000, "ext", simd_ext, 0),
    P(0xffe0c400, 0x2e000000, "ext", simd_ext, 0),
    P(0xbfe08c00, 0x0e000000, "tbl", simd_tbl, 0),
    V_BHSD(0xbf20fc00, 0x0e001800, "uzp1", simd_uzp1),
    V_BHSD(0xbf20fc00, 0x0e002800, "trn1", simd_trn1),
    V_BHSD(0xbf20fc00, 0x0e003800, "zip1", simd_zip1),
    V_BHSD(0xbf20fc00, 0x0e005800, "uzp2", simd_uzp2),
    V_BHSD(0xbf20fc00, 0x0e006800, "trn2", simd_trn2),
    V_BHSD(0xbf20fc00, 0x0e007800, "zip2", simd_zip2),
    V_BHS(MISC_M, MISC(0, 0x00), "rev64", simd_rev64),
    V_B(MISC_M, MISC(0, 0x01), "rev16", simd_rev16),
    V_B(MISC_M, MISC(1, 0x00), "rev32", simd_rev32), V_H(MISC_M, MISC(1, 0x00), "rev32", simd_rev32),

    /* ---- three same ---- */
    V_BHS(SAME_M, SAME(0, 0x00), "shadd", simd_shadd),     V_BHS(SAME_M, SAME(1, 0x00), "uhadd", simd_uhadd),
    V_BHSD(SAME_M, SAME(0, 0x01), "sqadd", simd_sqadd),    V_BHSD(SAME_M, SAME(1, 0x01), "uqadd", simd_uqadd),
    V_BHS(SAME_M, SAME(0, 0x02), "srhadd", simd_srhadd),   V_BHS(SAME_M, SAME(1, 0x02), "urhadd", simd_urhadd),
    P(SAME_M | SZ(3), SAME(0, 0x03) | SZ(0), "and", simd_and, 0),
    P(SAME_M | SZ(3), SAME(0, 0x03) | SZ(1), "bic", simd_bic, 0),
    P(SAME_M | SZ(3), SAME(0, 0x03) | SZ(2), "orr", simd_orr, 0),
    P(SAME_M | SZ(3), SAME(0, 0x03) | SZ(3), "orn", simd_orn, 0),
    P(SAME_M | SZ(3), SAME(1, 0x03) | SZ(0), "eor", simd_eor, 0),
    P(SAME_M | SZ(3), SAME(1, 0x03) | SZ(1), "bsl", simd_bsl, 0),
    P(SAME_M | SZ(3), SAME(1, 0x03) | SZ(2), "bit", simd_bit, 0),
    P(SAME_M | SZ(3), SAME(1, 0x03) | SZ(3), "bif", simd_bif, 0),
    V_BHS(SAME_M, SAME(0, 0x04), "shsub", simd_shsub),     V_BHS(SAME_M, SAME(1, 0x04), "uhsub", simd_uhsub),
    V_BHSD(SAME_M, SAME(0, 0x05), "sqsub", simd_sqsub),    V_BHSD(SAME_M, SAME(1, 0x05), "uqsub", simd_uqsub),
    V_BHSD(SAME_M, SAME(0, 0x06), "cmgt", simd_cmgt),      V_BHSD(SAME_M, SAME(1, 0x06), "cmhi", simd_cmhi),
    V_BHSD(SAME_M, SAME(0, 0x07), "cmge", simd_cmge),      V_BHSD(SAME_M, SAME(1, 0x07), "cmhs", simd_cmhs),
    V_BHS(SAME_M, SAME(0, 0x0c), "smax", simd_smax),       V_BHS(SAME_M, SAME(1, 0x0c), "umax", simd_umax),
    V_BHS(SAME_M, SAME(0, 0x0d), "smin", simd_smin),       V_BHS(SAME_M, SAME(1, 0x0d), "umin", simd_umin),
    V_BHS(SAME_M, SAME(0, 0x0e), "sabd", simd_sabd),       V_BHS(SAME_M, SAME(1, 0x0e), "uabd", simd_uabd),
    V_BHS(SAME_M, SAME(0, 0x0f), "saba", simd_saba),       V_BHS(SAME_M, SAME(1, 0x0f), "uaba", simd_uaba),
    V_BHSD(SAME_M, SAME(0, 0x10), "add", simd_add),        V_BHSD(SAME_M, SAME(1, 0x10), "sub", simd_sub),
    V_BHSD(SAME_M, SAME(0, 0x11), "cmtst", simd_cmtst),    V_BHSD(SAME_M, SAME(1, 0x11), "cmeq", simd_cmeq),
    V_BHS(SAME_M, SAME(0, 0x12), "mla", simd_mla),         V_BHS(SAME_M, SAME(1, 0x12), "mls", simd_mls),
    V_BHS(SAME_M, SAME(0, 0x13), "mul", simd_mul),         V_B(SAME_M, SAME(1, 0x13), "pmul", simd_pmul),
    V_BHS(SAME_M, SAME(0, 0x14), "smaxp", simd_smaxp),     V_BHS(SAME_M, SAME(1, 0x14), "umaxp", simd_umaxp),
    V_BHS(SAME_M, SAME(0, 0x15), "sminp", simd_sminp),     V_BHS(SAME_M, SAME(1, 0x15), "uminp", simd_uminp),
    V_HS(SAME_M, SAME(0, 0x16), "sqdmulh", simd_sqdmulh),  V_HS(SAME_M, SAME(1, 0x16), "sqrdmulh", simd_sqrdmulh),
    V_BHSD(SAME_M, SAME(0, 0x17), "addp", simd_addp),

    /* ---- scalar three same, scalar pairwise ---- */
    SC_BHSD(SSAME_M, SSAME(0, 0x01), "sqadd", simd_s_sqadd), SC_BHSD(SSAME_M, SSAME(1, 0x01), "uqadd", simd_s_uqadd),
    SC_BHSD(SSAME_M, SSAME(0, 0x05), "sqsub", simd_s_sqsub), SC_BHSD(SSAME_M, SSAME(1, 0x05), "uqsub", simd_s_uqsub),
    SC_D(SSAME_M, SSAME(0, 0x06), "cmgt", simd_s_cmgt),      SC_D(SSAME_M, SSAME(1, 0x06), "cmhi", simd_s_cmhi),
    SC_D(SSAME_M, SSAME(0, 0x07), "cmge", simd_s_cmge),      SC_D(SSAME_M, SSAME(1, 0x07), "cmhs", simd_s_cmhs),
    SC_D(SSAME_M, SSAME(0, 0x10), "add", simd_s_add),        SC_D(SSAME_M, SSAME(1, 0x10), "sub", simd_s_sub),
    SC_D(SSAME_M, SSAME(0, 0x11), "cmtst", simd_s_cmtst),    SC_D(SSAME_M, SSAME(1, 0x11), "cmeq", simd_s_cmeq),
    SC_HS(SSAME_M, SSAME(0, 0x16), "sqdmulh", simd_s_sqdmulh),
    SC_HS(SSAME_M, SSAME(1, 0x16), "sqrdmulh", simd_s_sqrdmulh),
    P(0xfffffc00, 0x5ef1b800, "addp", simd_s_addp_d, 0),

    /* ---- shifts by register ---- */
    V_BHSD(SAME_M, SAME(0, 0x08), "sshl", simd_sshl),      V_BHSD(SAME_M, SAME(1, 0x08), "ushl", simd_ushl),
    V_BHSD(SAME_M, SAME(0, 0x09), "sqshl", simd_sqshl),    V_BHSD(SAME_M, SAME(1, 0x09), "uqshl", simd_uqshl),
    V_BHSD(SAME_M, SAME(0, 0x0a), "srshl", simd_srshl),    V_BHSD(SAME_M, SAME(1, 0x0a), "urshl", simd_urshl),
    V_BHSD(SAME_M, SAME(0, 0x0b), "sqrshl", simd_sqrshl),  V_BHSD(SAME_M, SAME(1, 0x0b), "uqrshl", simd_uqrshl),
    SC_D(SSAME_M, SSAME(0, 0x08), "sshl", simd_s_sshl),    SC_D(SSAME_M, SSAME(1, 0x08), "ushl", simd_s_ushl),
    SC_D(SSAME_M, SSAME(0, 0x0a), "srshl", simd_s_srshl),  SC_D(SSAME_M, SSAME(1, 0x0a), "urshl", simd_s_urshl),
    SC_BHSD(SSAME_M, SSAME(0, 0x09), "sqshl", simd_s_sqshl),   SC_BHSD(SSAME_M, SSAME(1, 0x09), "uqshl", simd_s_uqshl),
    SC_BHSD(SSAME_M, SSAME(0, 0x0b), "sqrshl", simd_s_sqrshl), SC_BHSD(SSAME_M, SSAME(1, 0x0b), "uqrshl", simd_s_uqrshl),

    /* ---- shifts by immediate (vector) ---- */
    IH_BHSD(SHI_M, SHI(0, 0x00), "sshr", simd_sshr),       IH_BHSD(SHI_M, SHI(1, 0x00), "ushr", simd_ushr),
    IH_BHSD(SHI_M, SHI(0, 0x02), "ssra", simd_ssra),       IH_BHSD(SHI_M, SHI(1, 0x02), "usra", simd_usra),
    IH_BHSD(SHI_M, SHI(0, 0x04), "srshr", simd_srshr),     IH_BHSD(SHI_M, SHI(1, 0x04), "urshr", simd_urshr),
    IH_BHSD(SHI_M, SHI(0, 0x06), "srsra", simd_srsra),     IH_BHSD(SHI_M, SHI(1, 0x06), "ursra", simd_ursra),
    IH_BHSD(SHI_M, SHI(1, 0x08), "sri", simd_sri),
    IH_BHSD(SHI_M, SHI(0, 0x0a), "shl", simd_shl),         IH_BHSD(SHI_M, SHI(1, 0x0a), "sli", simd_sli),
    IH_BHSD(SHI_M, SHI(1, 0x0c), "sqshlu", simd_sqshlu),
    IH_BHSD(SHI_M, SHI(0, 0x0e), "sqshl", simd_sqshli),    IH_BHSD(SHI_M, SHI(1, 0x0e), "uqshl", simd_uqshli),
    IH_BHS(SHI_M, SHI(0, 0x10), "shrn", simd_shrn),        IH_BHS(SHI_M, SHI(1, 0x10), "sqshrun", simd_sqshrun),
    IH_BHS(SHI_M, SHI(0, 0x11), "rshrn", simd_rshrn),      IH_BHS(SHI_M, SHI(1, 0x11), "sqrshrun", simd_sqrshrun),
    IH_BHS(SHI_M, SHI(0, 0x12), "sqshrn", simd_sqshrn),    IH_BHS(SHI_M, SHI(1, 0x12), "uqshrn", simd_uqshrn),
    IH_BHS(SHI_M, SHI(0, 0x13), "sqrshrn", simd_sqrshrn),  IH_BHS(SHI_M, SHI(1, 0x13), "uqrshrn", simd_uqrshrn),
    IH_BHS(SHI_M, SHI(0, 0x14), "sshll", simd_sshll),      IH_BHS(SHI_M, SHI(1, 0x14), "ushll", simd_ushll),

    /* ---- shifts by immediate (scalar) ---- */
    SIH_D(SSHI_M, SSHI(0, 0x00), "sshr", simd_s_sshr),     SIH_D(SSHI_M, SSHI(1, 0x00), "ushr", simd_s_ushr),
    SIH_D(SSHI_M, SSHI(0, 0x02), "ssra", simd_s_ssra),     SIH_D(SSHI_M, SSHI(1, 0x02), "usra", simd_s_usra),
    SIH_D(SSHI_M, SSHI(0, 0x04), "srshr", simd_s_srshr),   SIH_D(SSHI_M, SSHI(1, 0x04), "urshr", simd_s_urshr),
    SIH_D(SSHI_M, SSHI(0, 0x06), "srsra", simd_s_srsra),   SIH_D(SSHI_M, SSHI(1, 0x06), "ursra", simd_s_ursra),
    SIH_D(SSHI_M, SSHI(1, 0x08), "sri", simd_s_sri),
    SIH_D(SSHI_M, SSHI(0, 0x0a), "shl", simd_s_shl),       SIH_D(SSHI_M, SSHI(1, 0x0a), "sli", simd_s_sli),
    SIH_BHSD(SSHI_M, SSHI(1, 0x0c), "sqshlu", simd_s_sqshlu),
    SIH_BHSD(SSHI_M, SSHI(0, 0x0e), "sqshl", simd_s_sqshli), SIH_BHSD(SSHI_M, SSHI(1, 0x0e), "uqshl", simd_s_uqshli),
    IH_BHS(SSHI_M, SSHI(1, 0x10), "sqshrun", simd_s_sqshrun),
    IH_BHS(SSHI_M, SSHI(1, 0x11), "sqrshrun", simd_s_sqrshrun),
    IH_BHS(SSHI_M, SSHI(0, 0x12), "sqshrn", simd_s_sqshrn),   IH_BHS(SSHI_M, SSHI(1, 0x12), "uqshrn", simd_s_uqshrn),
    IH_BHS(SSHI_M, SSHI(0, 0x13), "sqrshrn", simd_s_sqrshrn), IH_BHS(SSHI_M, SSHI(1, 0x13), "uqrshrn", simd_s_uqrshrn),

    /* ---- two-register misc (vector) ---- */
    V_BHS(MISC_M, MISC(0, 0x02), "saddlp", simd_saddlp),   V_BHS(MISC_M, MISC(1, 0x02), "uaddlp", simd_uaddlp),
    V_BHSD(MISC_M, MISC(0, 0x03), "suqadd", simd_suqadd),  V_BHSD(MISC_M, MISC(1, 0x03), "usqadd", simd_usqadd),
    V_BHS(MISC_M, MISC(0, 0x04), "cls", simd_cls),         V_BHS(MISC_M, MISC(1, 0x04), "clz", simd_clz),
    V_B(MISC_M, MISC(0, 0x05), "cnt", simd_cnt),           V_B(MISC_M, MISC(1, 0x05), "not", simd_not),
    P(MISC_M | SZ(3), MISC(1, 0x05) | SZ(1), "rbit", simd_rbit_b, 0),
    V_BHS(MISC_M, MISC(0, 0x06), "sadalp", simd_sadalp),   V_BHS(MISC_M, MISC(1, 0x06), "uadalp", simd_uadalp),
    V_BHSD(MISC_M, MISC(0, 0x07), "sqabs", simd_sqabs),    V_BHSD(MISC_M, MISC(1, 0x07), "sqneg", simd_sqneg),
    V_BHSD(MISC_M, MISC(0, 0x08), "cmgt", simd_cmgt0),     V_BHSD(MISC_M, MISC(1, 0x08), "cmge", simd_cmge0),
    V_BHSD(MISC_M, MISC(0, 0x09), "cmeq", simd_cmeq0),     V_BHSD(MISC_M, MISC(1, 0x09), "cmle", simd_cmle0),
    V_BHSD(MISC_M, MISC(0, 0x0a), "cmlt", simd_cmlt0),
    V_BHSD(MISC_M, MISC(0, 0x0b), "abs", simd_abs),        V_BHSD(MISC_M, MISC(1, 0x0b), "neg", simd_neg),
    V_BHS(MISC_M, MISC(0, 0x12), "xtn", simd_xtn),         V_BHS(MISC_M, MISC(1, 0x12), "sqxtun", simd_sqxtun),
    V_BHS(MISC_M, MISC(1, 0x13), "shll", simd_shll),
    V_BHS(MISC_M, MISC(0, 0x14), "sqxtn", simd_sqxtn),     V_BHS(MISC_M, MISC(1, 0x14), "uqxtn", simd_uqxtn),

    P(0xbffffc00, 0x0ea1c800, "urecpe", simd_urecpe_s, 0), P(0xbffffc00, 0x2ea1c800, "ursqrte", simd_ursqrte_s, 0),

    /* ---- two-register misc (scalar) ---- */
    SC_BHSD(SMISC_M, SMISC(0, 0x03), "suqadd", simd_s_suqadd), SC_BHSD(SMISC_M, SMISC(1, 0x03), "usqadd", simd_s_usqadd),
    SC_BHSD(SMISC_M, SMISC(0, 0x07), "sqabs", simd_s_sqabs),   SC_BHSD(SMISC_M, SMISC(1, 0x07), "sqneg", simd_s_sqneg),
    SC_D(SMISC_M, SMISC(0, 0x08), "cmgt", simd_s_cmgt0),       SC_D(SMISC_M, SMISC(1, 0x08), "cmge", simd_s_cmge0),
    SC_D(SMISC_M, SMISC(0, 0x09), "cmeq", simd_s_cmeq0),       SC_D(SMISC_M, SMISC(1, 0x09), "cmle", simd_s_cmle0),
    SC_D(SMISC_M, SMISC(0, 0x0a), "cmlt", simd_s_cmlt0),
    SC_D(SMISC_M, SMISC(0, 0x0b), "abs", simd_s_abs),          SC_D(SMISC_M, SMISC(1, 0x0b), "neg", simd_s_neg),
    SC_B(SMISC_M, SMISC(1, 0x12), "sqxtun", simd_s_sqxtun), SC_H(SMISC_M, SMISC(1, 0x12), "sqxtun", simd_s_sqxtun),
    SC_S(SMISC_M, SMISC(1, 0x12), "sqxtun", simd_s_sqxtun),
    SC_B(SMISC_M, SMISC(0, 0x14), "sqxtn", simd_s_sqxtn),   SC_H(SMISC_M, SMISC(0, 0x14), "sqxtn", simd_s_sqxtn),
    SC_S(SMISC_M, SMISC(0, 0x14), "sqxtn", simd_s_sqxtn),
    SC_B(SMISC_M, SMISC(1, 0x14), "uqxtn", simd_s_uqxtn),   SC_H(SMISC_M, SMISC(1, 0x14), "uqxtn", simd_s_uqxtn),
    SC_S(SMISC_M, SMISC(1, 0x14), "uqxtn", simd_s_uqxtn),

    /* ---- across lanes ---- */
    ACR_BHS(MISC_M, ACR(0, 0x03), "saddlv", simd_saddlv),  ACR_BHS(MISC_M, ACR(1, 0x03), "uaddlv", simd_uaddlv),
    ACR_BHS(MISC_M, ACR(0, 0x0a), "smaxv", simd_smaxv),    ACR_BHS(MISC_M, ACR(1, 0x0a), "umaxv", simd_umaxv),
    ACR_BHS(MISC_M, ACR(0, 0x1a), "sminv", simd_sminv),    ACR_BHS(MISC_M, ACR(1, 0x1a), "uminv", simd_uminv),
    ACR_BHS(MISC_M, ACR(0, 0x1b), "addv", simd_addv),

    /* ---- three different ---- */
    V_BHS(DIFF_M, DIFF(0, 0x0), "saddl", simd_saddl),      V_BHS(DIFF_M, DIFF(1, 0x0), "uaddl", simd_uaddl),
    V_BHS(DIFF_M, DIFF(0, 0x1), "saddw", simd_saddw),      V_BHS(DIFF_M, DIFF(1, 0x1), "uaddw", simd_uaddw),
    V_BHS(DIFF_M, DIFF(0, 0x2), "ssubl", simd_ssubl),      V_BHS(DIFF_M, DIFF(1, 0x2), "usubl", simd_usubl),
    V_BHS(DIFF_M, DIFF(0, 0x3), "ssubw", simd_ssubw),      V_BHS(DIFF_M, DIFF(1, 0x3), "usubw", simd_usubw),
    V_BHS(DIFF_M, DIFF(0, 0x4), "addhn", simd_addhn),      V_BHS(DIFF_M, DIFF(1, 0x4), "raddhn", simd_raddhn),
    V_BHS(DIFF_M, DIFF(0, 0x5), "sabal", simd_sabal),      V_BHS(DIFF_M, DIFF(1, 0x5), "uabal", simd_uabal),
    V_BHS(DIFF_M, DIFF(0, 0x6), "subhn", simd_subhn),      V_BHS(DIFF_M, DIFF(1, 0x6), "rsubhn", simd_rsubhn),
    V_BHS(DIFF_M, DIFF(0, 0x7), "sabdl", simd_sabdl),      V_BHS(DIFF_M, DIFF(1, 0x7), "uabdl", simd_uabdl),
    V_BHS(DIFF_M, DIFF(0, 0x8), "smlal", simd_smlal),      V_BHS(DIFF_M, DIFF(1, 0x8), "umlal", simd_umlal),
    V_HS(DIFF_M, DIFF(0, 0x9), "sqdmlal", simd_sqdmlal),
    V_BHS(DIFF_M, DIFF(0, 0xa), "smlsl", simd_smlsl),      V_BHS(DIFF_M, DIFF(1, 0xa), "umlsl", simd_umlsl),
    V_HS(DIFF_M, DIFF(0, 0xb), "sqdmlsl", simd_sqdmlsl),
    V_BHS(DIFF_M, DIFF(0, 0xc), "smull", simd_smull),      V_BHS(DIFF_M, DIFF(1, 0xc), "umull", simd_umull),
    V_HS(DIFF_M, DIFF(0, 0xd), "sqdmull", simd_sqdmull),
    V_B(DIFF_M, DIFF(0, 0xe), "pmull", simd_pmull),
    P(DIFF_M | SZ(3), DIFF(0, 0xe) | SZ(3), "pmull", simd_pmull_d, 0),
    SC_HS(SDIFF_M, SDIFF(0x9), "sqdmlal", simd_s_sqdmlal),
    SC_HS(SDIFF_M, SDIFF(0xb), "sqdmlsl", simd_s_sqdmlsl),
    SC_HS(SDIFF_M, SDIFF(0xd), "sqdmull", simd_s_sqdmull),

    /* ---- by element ---- */
    V_HS(ELEM_M, ELEM(1, 0x0), "mla", simd_mla_e),         V_HS(ELEM_M, ELEM(1, 0x4), "mls", simd_mls_e),
    V_HS(ELEM_M, ELEM(0, 0x8), "mul", simd_mul_e),
    V_HS(ELEM_M, ELEM(0, 0x2), "smlal", simd_smlal_e),     V_HS(ELEM_M, ELEM(1, 0x2), "umlal", simd_umlal_e),
    V_HS(ELEM_M, ELEM(0, 0x6), "smlsl", simd_smlsl_e),     V_HS(ELEM_M, ELEM(1, 0x6), "umlsl", simd_umlsl_e),
    V_HS(ELEM_M, ELEM(0, 0xa), "smull", simd_smull_e),     V_HS(ELEM_M, ELEM(1, 0xa), "umull", simd_umull_e),
    V_HS(ELEM_M, ELEM(0, 0x3), "sqdmlal", simd_sqdmlal_e), V_HS(ELEM_M, ELEM(0, 0x7), "sqdmlsl", simd_sqdmlsl_e),
    V_HS(ELEM_M, ELEM(0, 0xb), "sqdmull", simd_sqdmull_e),
    V_HS(ELEM_M, ELEM(0, 0xc), "sqdmulh", simd_sqdmulh_e), V_HS(ELEM_M, ELEM(0, 0xd), "sqrdmulh", simd_sqrdmulh_e),
    SC_HS(SELEM_M, SELEM(0, 0x3), "sqdmlal", simd_s_sqdmlal_e),
    SC_HS(SELEM_M, SELEM(0, 0x7), "sqdmlsl", simd_s_sqdmlsl_e),
    SC_HS(SELEM_M, SELEM(0, 0xb), "sqdmull", simd_s_sqdmull_e),
    SC_HS(SELEM_M, SELEM(0, 0xc), "sqdmulh", simd_s_sqdmulh_e),
    SC_HS(SELEM_M, SELEM(0, 0xd), "sqrdmulh", simd_s_sqrdmulh_e),

    /* ---- FEAT_RDM, FEAT_DotProd ---- */
    V_HS(0xbf20fc00, 0x2e008400, "sqrdmlah", simd_sqrdmlah), V_HS(0xbf20fc00, 0x2e008c00, "sqrdmlsh", simd_sqrdmlsh),
    SC_HS(0xff20fc00, 0x7e008400, "sqrdmlah", simd_s_sqrdmlah), SC_HS(0xff20fc00, 0x7e008c00, "sqrdmlsh", simd_s_sqrdmlsh),
    V_HS(ELEM_M, ELEM(1, 0xd), "sqrdmlah", simd_sqrdmlah_e), V_HS(ELEM_M, ELEM(1, 0xf), "sqrdmlsh", simd_sqrdmlsh_e),
    SC_HS(SELEM_M, SELEM(1, 0xd), "sqrdmlah", simd_s_sqrdmlah_e),
    SC_HS(SELEM_M, SELEM(1, 0xf), "sqrdmlsh", simd_s_sqrdmlsh_e),
    P(0xbfe0fc00, 0x0e809400, "sdot", simd_sdot, 0),       P(0xbfe0fc00, 0x2e809400, "udot", simd_udot, 0),
    P(0xbfc0f400, 0x0f80e000, "sdot", simd_sdot_e, 0),     P(0xbfc0f400, 0x2f80e000, "udot", simd_udot_e, 0),
    /* FEAT_I8MM */
    P(0xbfe0fc00, 0x0e809c00, "usdot", simd_usdot, 0),
    P(0xbfc0f400, 0x0f80f000, "usdot", simd_usdot_e, 0),   P(0xbfc0f400, 0x0f00f000, "sudot", simd_sudot_e, 0),
    P(0xffe0fc00, 0x4e80a400, "smmla", simd_smmla, 0),     P(0xffe0fc00, 0x6e80a400, "ummla", simd_ummla, 0),
    P(0xffe0fc00, 0x4e80ac00, "usmmla", simd_usmmla, 0),

    /* ---- cryptographic extension ---- */
    P(0xfffffc00, 0x4e284800, "aese", simd_aese, 0),       P(0xfffffc00, 0x4e285800, "aesd", simd_aesd, 0),
    P(0xfffffc00, 0x4e286800, "aesmc", simd_aesmc, 0),     P(0xfffffc00, 0x4e287800, "aesimc", simd_aesimc, 0),
    P(0xffe0fc00, 0x5e000000, "sha1c", simd_sha1c, 0),     P(0xffe0fc00, 0x5e001000, "sha1p", simd_sha1p, 0),
    P(0xffe0fc00, 0x5e002000, "sha1m", simd_sha1m, 0),     P(0xffe0fc00, 0x5e003000, "sha1su0", simd_sha1su0, 0),
    P(0xffe0fc00, 0x5e004000, "sha256h", simd_sha256h, 0), P(0xffe0fc00, 0x5e005000, "sha256h2", simd_sha256h2, 0),
    P(0xffe0fc00, 0x5e006000, "sha256su1", simd_sha256su1, 0),
    P(0xfffffc00, 0x5e280800, "sha1h", simd_sha1h, 0),     P(0xfffffc00, 0x5e281800, "sha1su1", simd_sha1su1, 0),
    P(0xfffffc00, 0x5e282800, "sha256su0", simd_sha256su0, 0),
    P(0xffe0fc00, 0xce608000, "sha512h", simd_sha512h, 0), P(0xffe0fc00, 0xce608400, "sha512h2", simd_sha512h2, 0),
    P(0xffe0fc00, 0xce608800, "sha512su1", simd_sha512su1, 0),
    P(0xfffffc00, 0xcec08000, "sha512su0", simd_sha512su0, 0),
    P(0xffe08000, 0xce000000, "eor3", simd_eor3, 0),       P(0xffe08000, 0xce200000, "bcax", simd_bcax, 0),
    P(0xffe0fc00, 0xce608c00, "rax1", simd_rax1, 0),       P(0xffe00000, 0xce800000, "xar", simd_xar, 0),

    {0, 0, NULL, NULL, NULL, 0},
};
// clang-format on
