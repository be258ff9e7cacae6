/* test_stack.c — the initial stack: argc/argv/envp/auxv in Linux arm64's order and
 * alignment, strings above them, AT_RANDOM/AT_EXECFN/AT_PLATFORM pointing at them. */
#include <criterion/criterion.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "shim.h"

#define SIZE (64 * 1024)

static uint64_t aux_get(const uint64_t *aux, uint64_t type, int *count) {
    uint64_t v = 0;
    *count = 0;
    for (; aux[0] != AT_NULL; aux += 2)
        if (aux[0] == type) {
            v = aux[1];
            (*count)++;
        }
    return v;
}

Test(stack, layout) {
    uint8_t *mem = aligned_alloc(4096, SIZE);
    uint64_t lo = (uint64_t)mem, hi = lo + SIZE;
    char *argv[] = {"prog", "first arg", "", NULL};
    char *envp[] = {"A=1", "PATH=/bin", NULL};
    uint8_t rnd[16];
    for (int i = 0; i < 16; i++)
        rnd[i] = (uint8_t)(i * 7 + 1);
    elf_image prog = {.entry = 0x400123, .phdr = 0x400040, .phnum = 9, .phent = 56};
    stack_info si = {.argc = 3,
                     .argv = argv,
                     .envp = envp,
                     .execfn = "./prog",
                     .prog = &prog,
                     .interp_base = 0x5500001000,
                     .hwcap = 0xff,
                     .hwcap2 = 0x3,
                     .random = rnd};
    uint64_t sp = stack_build(lo, hi, &si);
    cr_assert_neq(sp, 0);
    cr_expect_eq(sp % 16, 0, "SP must be 16-byte aligned");
    const uint64_t *w = (const uint64_t *)sp;
    cr_expect_eq(w[0], 3);
    for (int i = 0; i < 3; i++) {
        cr_expect(w[1 + i] > sp && w[1 + i] < hi);
        cr_expect_str_eq((const char *)w[1 + i], argv[i]);
    }
    cr_expect_eq(w[4], 0);
    cr_expect_str_eq((const char *)w[5], "A=1");
    cr_expect_str_eq((const char *)w[6], "PATH=/bin");
    cr_expect_eq(w[7], 0);
    /* the kernel's string order: argv[0] lowest, then envp, exec filename at the top */
    cr_expect(w[1] < w[2] && w[2] < w[3] && w[3] < w[5] && w[5] < w[6]);
    const uint64_t *aux = &w[8];
    int n;
    cr_expect_eq(aux_get(aux, AT_PAGESZ, &n), 4096);
    cr_expect_eq(n, 1);
    cr_expect_eq(aux_get(aux, AT_PHDR, &n), 0x400040);
    cr_expect_eq(aux_get(aux, AT_PHENT, &n), 56);
    cr_expect_eq(aux_get(aux, AT_PHNUM, &n), 9);
    cr_expect_eq(aux_get(aux, AT_ENTRY, &n), 0x400123);
    cr_expect_eq(aux_get(aux, AT_BASE, &n), 0x5500001000);
    cr_expect_eq(aux_get(aux, AT_HWCAP, &n), 0xff);
    cr_expect_eq(aux_get(aux, AT_HWCAP2, &n), 0x3);
    cr_expect_eq(aux_get(aux, AT_FLAGS, &n), 0);
    cr_expect_eq(n, 1);
    aux_get(aux, AT_CLKTCK, &n);
    cr_expect_eq(n, 1);
    aux_get(aux, AT_SECURE, &n);
    cr_expect_eq(n, 1);
    aux_get(aux, AT_MINSIGSTKSZ, &n);
    cr_expect_eq(n, 1);
    uint64_t r = aux_get(aux, AT_RANDOM, &n);
    cr_expect(r > sp && r + 16 <= hi);
    cr_expect_eq(memcmp((void *)r, rnd, 16), 0);
    uint64_t fn = aux_get(aux, AT_EXECFN, &n);
    cr_expect_str_eq((const char *)fn, "./prog");
    cr_expect(fn > w[6], "the exec filename is the highest string");
    cr_expect_eq(hi - (fn + strlen("./prog") + 1), 8, "one NULL word above it");
    cr_expect_str_eq((const char *)aux_get(aux, AT_PLATFORM, &n), "aarch64");
    /* the auxv ends with AT_NULL and nothing of the vector lies above the strings */
    const uint64_t *end = aux;
    while (end[0] != AT_NULL)
        end += 2;
    cr_expect((uint64_t)(end + 2) <= r);
    free(mem);
}

Test(stack, too_small) {
    uint8_t *mem = aligned_alloc(4096, 4096);
    char big[8000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    char *argv[] = {big, NULL};
    char *envp[] = {NULL};
    uint8_t rnd[16] = {0};
    elf_image prog = {0};
    stack_info si = {
        .argc = 1, .argv = argv, .envp = envp, .execfn = "p", .prog = &prog, .random = rnd};
    cr_expect_eq(stack_build((uint64_t)mem, (uint64_t)mem + 4096, &si), 0);
    free(mem);
}
