/* test_common.c — set-up shared by the SIMD helper unit tests (simd_test.h). */
#include "simd_test.h"

static emu_cpu cpu_storage;
emu_cpu *tcpu = &cpu_storage;

void simd_setup(void) {
    a64_decode_init();
    memset(tcpu, 0, sizeof *tcpu);
}

void run_insn(uint32_t insn) {
    int slot;
    const a64_pattern *p = a64_decode_helper(insn, &slot);
    cr_assert_not_null(p, "%08x does not decode", insn);
    cr_assert_not_null(p->helper, "%08x (%s) has no helper", insn, p->name);
    cr_assert_geq(slot, 0);
    p->helper(tcpu, insn);
}
