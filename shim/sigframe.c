/* sigframe.c — the arm64 rt_sigframe, laid out as Linux's arch/arm64/kernel/signal.c does:
 * siginfo, ucontext (uc_stack, uc_sigmask, uc_mcontext with the FPSIMD record and a null
 * terminator), a frame record {x29, x30} above it; and rt_sigreturn's way back. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "guestmem.h"
#include "mm.h"
#include "shim.h"
#include "sigstate.h"

#define PSTATE_NZCV 0xf0000000u
#define FRAME_SIZE  ((sizeof(arm64_rt_sigframe) + 15) & ~(size_t)15)

static uint64_t sigtramp_addr;

/* Handlers installed without SA_RESTORER return through `mov x8, #139; svc #0`, on a page
 * of their own (the kernel's vDSO sigreturn). */
static uint64_t sigtramp(void) {
    static const uint32_t code[2] = {0xd2801168u, 0xd4000001u};
    if (sigtramp_addr) return sigtramp_addr;
    long a = guest_mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a < 0 && a > -4096) return 0;
    if (guest_write((uint64_t)a, code, sizeof code) ||
        guest_mprotect((uint64_t)a, 4096, PROT_READ | PROT_EXEC))
        return 0;
    sigtramp_addr = (uint64_t)a;
    return sigtramp_addr;
}

static bool on_altstack(uint64_t sp) {
    const arm64_stack *ss = &sig_self.altstack;
    if (ss->flags & ARM64_SS_AUTODISARM) return false;
    return sp > ss->sp && sp - ss->sp <= ss->size;
}

int sig_altstack_flags(uint64_t sp) {
    if (!sig_self.altstack.size) return SS_DISABLE;
    return on_altstack(sp) ? SS_ONSTACK : 0;
}

static void save_fpsimd(emu_cpu *cpu, uint8_t *reserved) {
    arm64_fpsimd_context fp = {{ARM64_FPSIMD_MAGIC, sizeof fp}, jit_fpsr_get(cpu), cpu->fpcr, {0}};
    for (int i = 0; i < 32; i++) {
        fp.vregs[2 * i] = cpu->v[i].d[0];
        fp.vregs[2 * i + 1] = cpu->v[i].d[1];
    }
    memcpy(reserved, &fp, sizeof fp); /* the null record after it is already zero */
}

int sigframe_setup(emu_cpu *cpu, int sig, const siginfo_t *info, const arm64_sigaction *a,
                   uint64_t mask) {
    uint64_t sp = cpu->x[31];
    uint64_t top = sp;
    if ((a->flags & SA_ONSTACK) && sig_altstack_flags(sp) == 0)
        top = sig_self.altstack.sp + sig_self.altstack.size;
    uint64_t record = (top - 16) & ~15ull;
    uint64_t at = record - FRAME_SIZE;
    static __thread arm64_rt_sigframe f;
    memset(&f, 0, sizeof f);
    if (a->flags & SA_SIGINFO) memcpy(f.info, info, sizeof f.info);
    f.uc.stack = sig_self.altstack;
    /* the flags as set (with SS_AUTODISARM): rt_sigreturn gives them back */
    f.uc.stack.pad = 0;
    f.uc.sigmask = mask;
    arm64_sigcontext *mc = &f.uc.mcontext;
    if (sig == SIGSEGV || sig == SIGBUS) mc->fault_address = cpu->sig_addr;
    memcpy(mc->regs, cpu->x, sizeof mc->regs);
    mc->sp = sp;
    mc->pc = cpu->pc;
    mc->pstate = jit_nzcv_get(cpu) & PSTATE_NZCV;
    save_fpsimd(cpu, mc->reserved);
    uint64_t frame_record[2] = {cpu->x[29], cpu->x[30]};
    uint64_t ret = (a->flags & ARM64_SA_RESTORER) ? a->restorer : sigtramp();
    if (!guest_access_ok(at, top - at, GPROT_WRITE) || guest_write(at, &f, sizeof f) ||
        guest_write(record, frame_record, sizeof frame_record) || !ret)
        return -EFAULT;
    if (sig_self.altstack.flags & ARM64_SS_AUTODISARM)
        sig_self.altstack = (arm64_stack){0, SS_DISABLE, 0, 0};
    cpu->x[0] = (uint64_t)sig;
    if (a->flags & SA_SIGINFO) {
        cpu->x[1] = at + __builtin_offsetof(arm64_rt_sigframe, info);
        cpu->x[2] = at + __builtin_offsetof(arm64_rt_sigframe, uc);
    }
    cpu->x[31] = at;
    cpu->x[29] = record;
    cpu->x[30] = ret;
    cpu->pc = a->handler;
    return 0;
}

/* The records after the registers: FPSIMD is required; ESR is informative; nothing else is
 * known (no SVE/SME state is ever saved). */
static int restore_records(emu_cpu *cpu, const uint8_t *r, size_t len) {
    bool have_fp = false;
    for (size_t off = 0; off + sizeof(arm64_ctx_head) <= len;) {
        arm64_ctx_head h;
        memcpy(&h, r + off, sizeof h);
        if (h.magic == 0 && h.size == 0) return have_fp ? 0 : -EFAULT;
        if (h.size < sizeof h || (h.size & 15) || h.size > len - off) return -EFAULT;
        if (h.magic == ARM64_FPSIMD_MAGIC) {
            arm64_fpsimd_context fp;
            if (h.size != sizeof fp || have_fp) return -EFAULT;
            memcpy(&fp, r + off, sizeof fp);
            for (int i = 0; i < 32; i++) {
                cpu->v[i].d[0] = fp.vregs[2 * i];
                cpu->v[i].d[1] = fp.vregs[2 * i + 1];
            }
            jit_fpcr_set(cpu, fp.fpcr);
            jit_fpsr_set(cpu, fp.fpsr);
            have_fp = true;
        } else if (h.magic != ARM64_ESR_MAGIC) {
            return -EFAULT;
        }
        off += h.size;
    }
    return -EFAULT;
}

/* What do_sigaltstack does with uc_stack on the way back: refused (silently) while the
 * restored SP is on the alternate stack. */
static void restore_altstack(const arm64_stack *ss, uint64_t sp) {
    if (on_altstack(sp)) return;
    int mode = ss->flags & ~ARM64_SS_AUTODISARM;
    if (mode == SS_DISABLE) {
        sig_self.altstack = (arm64_stack){0, SS_DISABLE, 0, 0};
    } else if ((mode == 0 || mode == SS_ONSTACK) && ss->size >= ARM64_MINSIGSTKSZ) {
        sig_self.altstack = (arm64_stack){ss->sp, ss->flags, 0, ss->size};
    }
}

int sigframe_restore(emu_cpu *cpu) {
    uint64_t at = cpu->x[31];
    static __thread arm64_rt_sigframe f;
    if ((at & 15) || guest_read(&f, at, sizeof f)) return -EFAULT;
    const arm64_sigcontext *mc = &f.uc.mcontext;
    if (mc->pstate & ~(uint64_t)PSTATE_NZCV & 0x3ff) return -EFAULT; /* not EL0t AArch64 */
    emu_cpu saved = *cpu;
    if (restore_records(cpu, mc->reserved, sizeof mc->reserved)) {
        *cpu = saved;
        return -EFAULT;
    }
    memcpy(cpu->x, mc->regs, sizeof mc->regs);
    cpu->x[31] = mc->sp;
    cpu->pc = mc->pc;
    jit_nzcv_set(cpu, (uint32_t)mc->pstate & PSTATE_NZCV);
    cpu->excl_size = 0;
    sig_set_mask(f.uc.sigmask);
    restore_altstack(&f.uc.stack, mc->sp);
    return 0;
}
