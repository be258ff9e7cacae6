/* test_vnfault.c — the native SIMD&FP loads and stores keep the guest state precise when they
 * fault (PC, cached X registers, V registers and the base of a writeback), and V values live
 * in xmm registers across blocks and helper calls without going stale. */
#include "emujit.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static jit_t *j;
static emu_cpu *cpu;
static uint32_t *code;
static uint8_t *mem; /* two pages: the first readable, the second not */

static void on_segv(int sig, siginfo_t *si, void *uc) {
    emu_cpu *c = jit_current_cpu();
    if (!c) {
        signal(sig, SIG_DFL);
        return;
    }
    jit_fault_recover(c, uc);
    jit_raise(c, sig, si->si_code, (uint64_t)(uintptr_t)si->si_addr);
}

static void setup(void) {
    cr_assert(jit_create(&j, 1 << 20) == 0);
    cpu = aligned_alloc(64, (sizeof *cpu + 63) & ~(size_t)63);
    jit_cpu_init(j, cpu);
    code = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mem = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(mem + 4096, 4096, PROT_NONE);
    struct sigaction sa = {0};
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
}

static void teardown(void) {
    jit_destroy(j);
    free(cpu);
    munmap(code, 8192);
    munmap(mem, 8192);
}

static int run(const uint32_t *insns, size_t n) {
    memcpy(code, insns, n * 4);
    jit_invalidate(j, (uint64_t)(uintptr_t)code, 8192);
    cpu->pc = (uint64_t)(uintptr_t)code;
    return jit_run(cpu);
}

TestSuite(vnfault, .init = setup, .fini = teardown);

Test(vnfault, ldr_q_fault_is_precise) {
    static const uint32_t p[] = {
        0xd2800021, /* mov x1, #1 */
        0x91000421, /* add x1, x1, #1 */
        0x9e670020, /* fmov d0, x1 */
        0x3dc00041, /* ldr q1, [x2] : faults */
        0xd4000001, /* svc 0 */
    };
    cpu->x[2] = (uint64_t)(uintptr_t)(mem + 4096);
    memset(&cpu->v[1], 0x5a, 16);
    cr_assert(run(p, 5) == JIT_EXIT_SIGNAL);
    cr_expect(cpu->signo == SIGSEGV);
    cr_expect(cpu->pc == (uint64_t)(uintptr_t)code + 12);
    cr_expect(cpu->x[1] == 2);
    cr_expect(cpu->v[0].d[0] == 2 && cpu->v[0].d[1] == 0, "v0 %llx",
              (unsigned long long)cpu->v[0].d[0]);
    cr_expect(cpu->v[1].d[0] == 0x5a5a5a5a5a5a5a5aull);
}

Test(vnfault, ldp_q_writeback_fault_keeps_base_and_registers) {
    static const uint32_t p[] = {
        0xacc10440, /* ldp q0, q1, [x2], #32 : the second half faults */
        0xd4000001,
    };
    uint64_t base = (uint64_t)(uintptr_t)(mem + 4096 - 16);
    cpu->x[2] = base;
    memset(&cpu->v[0], 0x11, 16);
    memset(&cpu->v[1], 0x22, 16);
    cr_assert(run(p, 2) == JIT_EXIT_SIGNAL);
    cr_expect(cpu->pc == (uint64_t)(uintptr_t)code);
    cr_expect(cpu->x[2] == base);
    cr_expect(cpu->v[0].d[0] == 0x1111111111111111ull);
    cr_expect(cpu->v[1].d[0] == 0x2222222222222222ull);
}

Test(vnfault, str_d_post_index_fault_keeps_base) {
    static const uint32_t p[] = {
        0xfc008460, /* str d0, [x3], #8 : faults */
        0xd4000001,
    };
    cpu->x[3] = (uint64_t)(uintptr_t)(mem + 4096);
    cr_assert(run(p, 2) == JIT_EXIT_SIGNAL);
    cr_expect(cpu->x[3] == (uint64_t)(uintptr_t)(mem + 4096));
}

/* d0 = d1 + d2 in one block, then a helper-only instruction (FRECPE), then a chained block that
 * reads d0: the home registers must hold what emu_cpu holds. */
Test(vnfault, values_survive_helpers_and_block_boundaries) {
    static const uint32_t p[] = {
        0x1e622820, /* fadd d0, d1, d2 */
        0x5ee1d865, /* frecpe d5, d3 (helper) */
        0x1e602804, /* fadd d4, d0, d0 */
        0x14000001, /* b next */
        0x1e642880, /* fadd d0, d4, d4 */
        0xd4000001,
    };
    cpu->v[1].df[0] = 1.5;
    cpu->v[2].df[0] = 2.0;
    cpu->v[3].df[0] = 4.0;
    cr_assert(run(p, 6) == JIT_EXIT_SVC);
    cr_expect(cpu->v[4].df[0] == 7.0);
    cr_expect(cpu->v[0].df[0] == 14.0);
    cr_expect(cpu->v[4].d[1] == 0 && cpu->v[0].d[1] == 0);
}
