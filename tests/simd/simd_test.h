/* simd_test.h — shared by the SIMD helper unit tests: a zeroed emu_cpu per test, and running one
 * instruction through the decoder and its helper, as the generated code would. */
#ifndef SIMD_TEST_H
#define SIMD_TEST_H

#include "a64.h"

#include <criterion/criterion.h>
#include <string.h>

extern emu_cpu *tcpu;
void simd_setup(void);
void run_insn(uint32_t insn);

static inline void setv(int r, uint64_t lo, uint64_t hi) {
    tcpu->v[r].d[0] = lo;
    tcpu->v[r].d[1] = hi;
}
/* fills Vr with bytes base, base+step, ... */
static inline void setv_bytes(int r, int base, int step) {
    for (int i = 0; i < 16; i++)
        tcpu->v[r].b[i] = (uint8_t)(base + i * step);
}
#define ASSERT_V(r, lo, hi)                                                                        \
    do {                                                                                           \
        cr_assert_eq(tcpu->v[r].d[0], (uint64_t)(lo), "v%d.d[0] = %016llx", (r),                   \
                     (unsigned long long)tcpu->v[r].d[0]);                                         \
        cr_assert_eq(tcpu->v[r].d[1], (uint64_t)(hi), "v%d.d[1] = %016llx", (r),                   \
                     (unsigned long long)tcpu->v[r].d[1]);                                         \
    } while (0)
#define QC_SET() ((tcpu->fpsr >> 27) & 1)

#endif
