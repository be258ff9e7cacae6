/* test_run.c — the translator and run loop on small guest sequences in this process: exits
 * at SVC, precise SIGSEGV and SIGILL (PC and cached registers), self-loops, chaining,
 * invalidation of changed code. */
#include "emujit.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

static jit_t *j;
static emu_cpu *cpu;
static uint32_t *code;

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
    struct sigaction sa = {0};
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
}

static void teardown(void) {
    jit_destroy(j);
    free(cpu);
    munmap(code, 8192);
}

static int run(const uint32_t *insns, size_t n) {
    memcpy(code, insns, n * 4);
    cpu->pc = (uint64_t)(uintptr_t)code;
    return jit_run(cpu);
}

TestSuite(run, .init = setup, .fini = teardown);

Test(run, svc_exits_with_next_pc) {
    static const uint32_t p[] = {0xd2800540 /* mov x0,#42 */, 0xd4000001 /* svc 0 */};
    cr_assert(run(p, 2) == JIT_EXIT_SVC);
    cr_expect(cpu->x[0] == 42);
    cr_expect(cpu->pc == (uint64_t)(uintptr_t)code + 8);
}

Test(run, fault_is_precise_with_cached_registers) {
    static const uint32_t p[] = {
        0xd2800021, /* mov x1, #1 */
        0x91000421, /* add x1, x1, #1 */
        0xd2800002, /* mov x2, #0 */
        0xf9400043, /* ldr x3, [x2] : faults */
        0xd4000001,
    };
    cr_assert(run(p, 5) == JIT_EXIT_SIGNAL);
    cr_expect(cpu->signo == SIGSEGV);
    cr_expect(cpu->sig_addr == 0);
    cr_expect(cpu->pc == (uint64_t)(uintptr_t)code + 12, "pc %lx", (unsigned long)cpu->pc);
    cr_expect(cpu->x[1] == 2, "x1 = %lu: the cached value must reach emu_cpu",
              (unsigned long)cpu->x[1]);
}

Test(run, undefined_instruction_is_sigill_at_its_pc) {
    static const uint32_t p[] = {0xd2800020, 0x00000000 /* udf */, 0xd4000001};
    cr_assert(run(p, 3) == JIT_EXIT_SIGNAL);
    cr_expect(cpu->signo == SIGILL);
    cr_expect(cpu->pc == (uint64_t)(uintptr_t)code + 4);
    cr_expect(cpu->x[0] == 1);
}

Test(run, self_loop_counts_down) {
    static const uint32_t p[] = {
        0xd2800000, /* mov x0, #0 */
        0xd2a00021, /* mov x1, #0x10000 */
        0x91000c00, /* loop: add x0, x0, #3 */
        0xf1000421, /* subs x1, x1, #1 */
        0x54ffffc1, /* b.ne loop */
        0xd4000001,
    };
    cr_assert(run(p, 6) == JIT_EXIT_SVC);
    cr_expect(cpu->x[0] == 3 * 0x10000);
    cr_expect(cpu->x[1] == 0);
    cr_expect(jit_nzcv_get(cpu) == 0x60000000u, "nzcv %x", jit_nzcv_get(cpu)); /* Z and C */
}

Test(run, invalidate_retranslates_changed_code) {
    static const uint32_t p[] = {0xd2800020 /* mov x0,#1 */, 0xd4000001};
    cr_assert(run(p, 2) == JIT_EXIT_SVC);
    cr_expect(cpu->x[0] == 1);
    code[0] = 0xd2800040; /* mov x0, #2 */
    jit_invalidate(j, (uint64_t)(uintptr_t)code, 4);
    cpu->pc = (uint64_t)(uintptr_t)code;
    cr_assert(jit_run(cpu) == JIT_EXIT_SVC);
    cr_expect(cpu->x[0] == 2);
}

Test(run, nzcv_round_trip) {
    for (uint32_t v = 0; v < 16; v++) {
        jit_nzcv_set(cpu, v << 28);
        cr_expect(jit_nzcv_get(cpu) == v << 28);
    }
}

Test(run, blob_round_trip_installs_and_runs) {
    static const uint32_t p[] = {0xd2800540 /* mov x0,#42 */, 0x91000400 /* add x0,x0,#1 */,
                                 0xd4000001};
    memcpy(code, p, sizeof p);
    void *blob;
    size_t len;
    uint32_t glen;
    uint64_t pc = (uint64_t)(uintptr_t)code;
    cr_assert(jit_translate_blob(j, pc, p, 3, &blob, &len, &glen) == 0);
    cr_expect(glen == 12);
    uint32_t checked;
    cr_expect(jit_blob_check(blob, len, &checked) == 0 && checked == glen);
    cr_expect(jit_blob_check(blob, len - 1, &checked) != 0);
    uint32_t stale[3] = {p[0], 0xd2800000, p[2]};
    cr_expect(jit_install_blob(j, pc, stale, 12, blob, len) == -ESTALE);
    cr_expect(jit_install_blob(j, pc, p, 12, blob, len) == 0);
    cr_expect(jit_install_blob(j, pc, p, 12, blob, len) == -EEXIST);
    jit_stats st;
    jit_get_stats(j, &st);
    cpu->pc = pc;
    cr_assert(jit_run(cpu) == JIT_EXIT_SVC);
    cr_expect(cpu->x[0] == 43);
    jit_stats st2;
    jit_get_stats(j, &st2);
    cr_expect(st2.blocks_translated == st.blocks_translated,
              "installed blob must not be retranslated");
    free(blob);
}

Test(run, corrupt_blobs_are_refused) {
    static const uint32_t p[] = {0xd2800540, 0xd4000001};
    void *blob;
    size_t len;
    uint32_t glen;
    cr_assert(jit_translate_blob(j, 0x400000, p, 2, &blob, &len, &glen) == 0);
    uint8_t *b = blob;
    for (size_t i = 0; i < 24; i++) { /* every header byte */
        uint8_t keep = b[i];
        b[i] ^= 0x80;
        uint32_t g;
        cr_expect(jit_blob_check(blob, len, &g) != 0 || g == glen, "header byte %zu", i);
        b[i] = keep;
    }
    free(blob);
}
