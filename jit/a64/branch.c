/* branch.c — branches, exception generation and system instructions: B/BL/B.cond/CBZ/TBZ,
 * BR/BLR/RET, SVC/BRK, hints and barriers, MRS/MSR, DC/IC cache maintenance. */
#include "a64.h"
#include "translate.h"

#include <signal.h>
#include <string.h>
#include <time.h>

static uint64_t pc_rel(a64_tctx *t, uint32_t insn, int hi, int lo) {
    return t->pc + (uint64_t)(a64_sext(a64_bits(insn, hi, lo), hi - lo + 1) * 4);
}

static bool e_b(a64_tctx *t, uint32_t insn) {
    if (insn & 0x80000000u) { /* BL */
        t_pc_const(t, RDX, t->pc + 4);
        t_set_x(t, 30, RDX);
    }
    t_exit_chain(t, pc_rel(t, insn, 25, 0));
    t->ended = true;
    return true;
}

static bool e_bcond(a64_tctx *t, uint32_t insn) {
    unsigned cond = insn & 15;
    uint64_t target = pc_rel(t, insn, 23, 5);
    if (cond >= 14) {
        t_exit_chain(t, target);
    } else {
        t_flags_load(t);
        t_exit_cond(t, t_cond(cond), target, t->pc + 4);
    }
    t->ended = true;
    return true;
}

static bool e_cbz(a64_tctx *t, uint32_t insn) {
    int sf = (int)a64_bit(insn, 31);
    t_get_sf(t, sf, RDX, A64_RD(insn));
    x64_test_rr(&t->b, sf, RDX, RDX);
    t_exit_cond(t, a64_bit(insn, 24) ? CC_NE : CC_E, pc_rel(t, insn, 23, 5), t->pc + 4);
    t->ended = true;
    return true;
}

static bool e_tbz(a64_tctx *t, uint32_t insn) {
    unsigned bit = (a64_bit(insn, 31) << 5) | a64_bits(insn, 23, 19);
    t_get_x(t, RDX, A64_RD(insn));
    x64_bt_ri(&t->b, 1, RDX, (uint8_t)bit);
    t_exit_cond(t, a64_bit(insn, 24) ? CC_B : CC_AE, pc_rel(t, insn, 18, 5), t->pc + 4);
    t->ended = true;
    return true;
}

static bool e_br(a64_tctx *t, uint32_t insn) {
    unsigned opc = a64_bits(insn, 22, 21); /* 0 BR, 1 BLR, 2 RET */
    t_get_x(t, RDX, A64_RN(insn));
    if (opc == 1) {
        t_pc_const(t, RSI, t->pc + 4);
        t_set_x(t, 30, RSI);
    }
    t_exit_indirect(t, RDX);
    t->ended = true;
    return true;
}

static bool e_svc(a64_tctx *t, uint32_t insn) {
    x64_store_imm32(&t->b, 0, t_cpumem((int32_t)offsetof(emu_cpu, svc_imm)),
                    (int32_t)a64_bits(insn, 20, 5));
    t_exit_reason(t, t->pc + 4, JIT_EXIT_SVC);
    t->ended = true;
    return true;
}

static bool e_brk(a64_tctx *t, uint32_t insn) {
    (void)insn;
    t_raise(t, SIGTRAP, TRAP_BRKPT);
    t->ended = true;
    return true;
}

static bool e_nop(a64_tctx *t, uint32_t insn) {
    (void)insn;
    t_keep_flags(t);
    return true;
}

static bool e_barrier(a64_tctx *t, uint32_t insn) {
    unsigned op2 = a64_bits(insn, 7, 5);
    if (op2 == 2) /* CLREX */
        x64_store_imm32(&t->b, 1, t_cpumem(OFF_EXCL_SIZE), 0);
    else if (op2 == 4 || op2 == 5) /* DSB, DMB: x86 only reorders a store with a later load */
        x64_mfence(&t->b);
    t_keep_flags(t);
    return true;
}

/* ---- system registers ---- */

#define SYSREG(op0, op1, crn, crm, op2)                                                        \
    ((((op0) - 2u) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
enum {
    SR_NZCV = SYSREG(3, 3, 4, 2, 0),
    SR_FPCR = SYSREG(3, 3, 4, 4, 0),
    SR_FPSR = SYSREG(3, 3, 4, 4, 1),
    SR_TPIDR = SYSREG(3, 3, 13, 0, 2),
    SR_TPIDRRO = SYSREG(3, 3, 13, 0, 3),
    SR_CTR = SYSREG(3, 3, 0, 0, 1),
    SR_DCZID = SYSREG(3, 3, 0, 0, 7),
    SR_CNTFRQ = SYSREG(3, 3, 14, 0, 0),
    SR_CNTVCT = SYSREG(3, 3, 14, 0, 2),
    SR_CNTVCTSS = SYSREG(3, 3, 14, 0, 6),
    SR_MIDR = SYSREG(3, 0, 0, 0, 0),
    SR_MPIDR = SYSREG(3, 0, 0, 0, 5),
    SR_REVIDR = SYSREG(3, 0, 0, 0, 6),
};

#define CNTFRQ_HZ 1000000000ull

/* ID registers as Linux's cpuid emulation shows them to EL0 (sanitised, matching hwcaps). */
static const struct {
    uint32_t reg;
    uint64_t val;
} id_regs[] = {
    {SR_MIDR, 0x411fd070},                    /* Cortex-A57 r1p0 */
    {SR_MPIDR, 0x80000000},
    {SR_REVIDR, 0},
    {SYSREG(3, 0, 0, 4, 0), 0x0000000000000011}, /* ID_AA64PFR0: EL0 AArch64, FP, AdvSIMD */
    /* ID_AA64ISAR0: AES+PMULL, SHA1, SHA2+SHA512, CRC32, Atomic, RDM, SHA3, DotProd */
    {SYSREG(3, 0, 0, 6, 0), 0x0000100110212120ull},
    {SYSREG(3, 0, 0, 6, 1), 0x0010000000000000ull}, /* ID_AA64ISAR1: I8MM */
    {SYSREG(3, 0, 0, 7, 0), 0x00000000ff000000}, /* ID_AA64MMFR0: 4K granule */
};

static uint64_t read_sysreg(emu_cpu *cpu, uint32_t reg) {
    struct timespec ts;
    switch (reg) {
    case SR_NZCV: return jit_nzcv_get(cpu);
    case SR_FPCR: return cpu->fpcr;
    case SR_FPSR: return jit_fpsr_get(cpu);
    case SR_TPIDR: return cpu->tpidr;
    case SR_TPIDRRO: return 0;
    case SR_CTR: return 0x8444c004;   /* 64-byte lines, IDC/DIC clear: code needs IC IVAU */
    case SR_DCZID: return 4;          /* DC ZVA allowed, 64-byte blocks */
    case SR_CNTFRQ: return CNTFRQ_HZ; /* CNTVCT counts nanoseconds */
    case SR_CNTVCT:
    case SR_CNTVCTSS:
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * CNTFRQ_HZ + (uint64_t)ts.tv_nsec;
    }
    for (size_t i = 0; i < sizeof id_regs / sizeof id_regs[0]; i++)
        if (id_regs[i].reg == reg) return id_regs[i].val;
    /* Linux emulates every ID register in op0=3,op1=0,CRn=0 as zero when unknown */
    if ((reg & ~0x7fu) == SYSREG(3, 0, 0, 0, 0) && a64_bits(reg, 6, 3) >= 1) return 0;
    a64_undefined(cpu);
}

static void h_mrs(emu_cpu *cpu, uint32_t insn) {
    a64_set_xreg(cpu, A64_RD(insn), read_sysreg(cpu, a64_bits(insn, 19, 5)));
}

static void h_msr(emu_cpu *cpu, uint32_t insn) {
    uint64_t v = a64_xreg(cpu, A64_RD(insn));
    switch (a64_bits(insn, 19, 5)) {
    case SR_NZCV: jit_nzcv_set(cpu, (uint32_t)v & 0xf0000000u); break;
    case SR_FPCR: jit_fpcr_set(cpu, (uint32_t)v); break;
    case SR_FPSR: jit_fpsr_set(cpu, (uint32_t)v); break;
    case SR_TPIDR: cpu->tpidr = v; break;
    default: a64_undefined(cpu);
    }
}

static bool e_mrs(a64_tctx *t, uint32_t insn) {
    if (a64_bits(insn, 19, 5) != SR_TPIDR) return false;
    x64_load(&t->b, 1, RDX, t_cpumem(OFF_TPIDR));
    t_set_x(t, A64_RD(insn), RDX);
    t_keep_flags(t);
    return true;
}

static bool e_msr(a64_tctx *t, uint32_t insn) {
    if (a64_bits(insn, 19, 5) != SR_TPIDR) return false;
    t_get_x(t, RDX, A64_RD(insn));
    x64_store(&t->b, 1, t_cpumem(OFF_TPIDR), RDX);
    return true;
}

static void h_dc_zva(emu_cpu *cpu, uint32_t insn) {
    uint64_t a = a64_xreg(cpu, A64_RD(insn)) & ~(uint64_t)63;
    memset((void *)(uintptr_t)a, 0, 64);
}

static void h_ic_ivau(emu_cpu *cpu, uint32_t insn) {
    uint64_t a = a64_xreg(cpu, A64_RD(insn)) & ~(uint64_t)63;
    jit_invalidate(cpu->jit, a, 64);
    cpu->pc += 4;
}

static void h_cfinv(emu_cpu *cpu, uint32_t insn) {
    (void)insn;
    jit_nzcv_set(cpu, jit_nzcv_get(cpu) ^ 0x20000000u);
}

const a64_pattern a64_tab_branch[] = {
    {0x7C000000, 0x14000000, "b/bl", e_b, NULL, 0},
    {0xFF000010, 0x54000000, "b.cond", e_bcond, NULL, 0},
    {0x7E000000, 0x34000000, "cbz/cbnz", e_cbz, NULL, 0},
    {0x7E000000, 0x36000000, "tbz/tbnz", e_tbz, NULL, 0},
    {0xFFDFFC1F, 0xD61F0000, "br/blr", e_br, NULL, 0},
    {0xFFFFFC1F, 0xD65F0000, "ret", e_br, NULL, 0},
    {0xFFE0001F, 0xD4000001, "svc", e_svc, NULL, 0},
    {0xFFE0001F, 0xD4200000, "brk", e_brk, NULL, 0},
    {0xFFFFF01F, 0xD503201F, "hint", e_nop, NULL, 0},
    {0xFFFFF01F, 0xD503301F, "barrier", e_barrier, NULL, 0},
    {0xFFFFFFFF, 0xD500401F, "cfinv", NULL, h_cfinv, A64_RFLAGS | A64_WFLAGS},
    {0xFFFFFFE0, 0xD50B7420, "dc zva", NULL, h_dc_zva, A64_MEM},
    {0xFFFFFFE0, 0xD50B7520, "ic ivau", NULL, h_ic_ivau, A64_PC | A64_END},
    {0xFFFFFFE0, 0xD50B7B20, "dc cvau", e_nop, NULL, 0},
    {0xFFFFFFE0, 0xD50B7E20, "dc civac", e_nop, NULL, 0},
    {0xFFFFFFE0, 0xD50B7A20, "dc cvac", e_nop, NULL, 0},
    {0xFFFFFFE0, 0xD50B7C20, "dc cvap", e_nop, NULL, 0},
    {0xFFF00000, 0xD5300000, "mrs", e_mrs, h_mrs, A64_PC | A64_RFLAGS},
    {0xFFF00000, 0xD5100000, "msr", e_msr, h_msr, A64_PC | A64_WFLAGS},
    {0, 0, NULL, NULL, NULL, 0},
};
