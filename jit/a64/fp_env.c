/* fp_env.c — FPCR/FPSR on the host: the guest rounding mode lives in this thread's MXCSR so that
 * host arithmetic rounds as the guest asked, and the host's sticky flags are part of the FPSR. */
#include "fp_core.h"
#include "fp_env.h"

#include <cpuid.h>
#include <xmmintrin.h>

/* Every MXCSR exception stays masked; DAZ/FTZ stay off because ARM's FZ differs from them in
 * the flags it raises (IDC, UFC without IXC) and in when it flushes (before rounding), so FZ is
 * done in software by the helpers. */
#define MXCSR_MASKS 0x1f80u

bool fp_host_fma __attribute__((visibility("hidden")));

/* FMA3 is usable when CPUID says FMA and OSXSAVE, and XCR0 enables SSE and AVX state. */
__attribute__((constructor)) static void fp_detect_host(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return;
    if (!(c & bit_FMA) || !(c & bit_OSXSAVE) || !(c & bit_AVX)) return;
    uint32_t lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    fp_host_fma = (lo & 6) == 6;
}

uint32_t fp_mxcsr_get(void) {
    return _mm_getcsr();
}
void fp_mxcsr_set(uint32_t v) {
    _mm_setcsr(v);
}

uint32_t fp_mxcsr_rc(int rmode) {
    /* ARM RMode: 0 nearest, 1 +inf, 2 -inf, 3 zero. MXCSR RC: 0 nearest, 1 -inf, 2 +inf, 3 zero. */
    static const uint8_t rc[4] = {0, 2, 1, 3};
    return (uint32_t)rc[rmode & 3] << MXCSR_RC_SHIFT;
}

uint32_t fp_flags_from_mxcsr(uint32_t mx) {
    uint32_t f = 0;
    if (mx & MXCSR_IE) f |= FPSR_IOC;
    if (mx & MXCSR_ZE) f |= FPSR_DZC;
    if (mx & MXCSR_OE) f |= FPSR_OFC;
    if (mx & MXCSR_UE) f |= FPSR_UFC;
    if (mx & MXCSR_PE) f |= FPSR_IXC;
    return f;
}

void jit_fpcr_set(emu_cpu *cpu, uint32_t v) {
    cpu->fpcr = v & FPCR_WRITABLE;
    uint32_t mx = fp_mxcsr_get();
    fp_mxcsr_set((mx & MXCSR_FLAGS) | MXCSR_MASKS | fp_mxcsr_rc(fp_rmode(cpu)));
}

uint32_t jit_fpsr_get(emu_cpu *cpu) {
    return cpu->fpsr | fp_flags_from_mxcsr(fp_mxcsr_get());
}

void jit_fpsr_set(emu_cpu *cpu, uint32_t v) {
    cpu->fpsr = v & FPSR_WRITABLE;
    fp_mxcsr_set(fp_mxcsr_get() & ~MXCSR_FLAGS);
}

void fp_env_host_signal(emu_cpu *cpu, uint32_t interrupted_mxcsr) {
    cpu->fpsr |= fp_flags_from_mxcsr(interrupted_mxcsr);
    fp_mxcsr_set(MXCSR_MASKS | fp_mxcsr_rc(fp_rmode(cpu)));
}
