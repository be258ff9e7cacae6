/* stack.c — the guest's initial stack exactly as Linux arm64 builds it (fs/binfmt_elf.c):
 * strings at the top, then AT_PLATFORM and AT_RANDOM bytes, then argc, argv, envp, auxv. */
#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#include "abi/arm64.h"
#include "mm.h"
#include "shim.h"

#define STACK_GUARD (64 * GUEST_PAGE)

/* Copy s (with its NUL) just below *p and return its guest address. */
static uint64_t push_string(uint64_t *p, const char *s) {
    size_t n = strlen(s) + 1;
    *p -= n;
    memcpy((void *)(uintptr_t)*p, s, n);
    return *p;
}

static size_t count(char *const *v) {
    size_t n = 0;
    while (v && v[n])
        n++;
    return n;
}

/* Strings below hi in the kernel's order: argv[0] lowest, then envp, then the exec
 * filename at the very top under one NULL word. Returns false if they do not fit. */
static bool push_strings(uint64_t lo, uint64_t *p, const stack_info *si, uint64_t *argv_at,
                         uint64_t *envp_at, uint64_t *execfn_at) {
    size_t argc = si->argc, envc = count(si->envp), need = strlen(si->execfn) + 1 + 8;
    for (size_t i = 0; i < argc; i++)
        need += strlen(si->argv[i]) + 1;
    for (size_t i = 0; i < envc; i++)
        need += strlen(si->envp[i]) + 1;
    if (*p - lo < need + 4096) return false;
    *p -= 8;
    memset((void *)(uintptr_t)*p, 0, 8);
    *execfn_at = push_string(p, si->execfn);
    for (size_t i = envc; i-- > 0;)
        envp_at[i] = push_string(p, si->envp[i]);
    for (size_t i = argc; i-- > 0;)
        argv_at[i] = push_string(p, si->argv[i]);
    return true;
}

static size_t fill_auxv(uint64_t *a, const stack_info *si, uint64_t execfn, uint64_t platform,
                        uint64_t random) {
    size_t n = 0;
#define AUX(t, v) (a[n++] = (t), a[n++] = (uint64_t)(v))
    AUX(AT_MINSIGSTKSZ, ARM64_MINSIGSTKSZ);
    AUX(AT_HWCAP, si->hwcap);
    AUX(AT_PAGESZ, GUEST_PAGE);
    AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
    AUX(AT_PHDR, si->prog->phdr);
    AUX(AT_PHENT, si->prog->phent);
    AUX(AT_PHNUM, si->prog->phnum);
    AUX(AT_BASE, si->interp_base);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, si->prog->entry);
    AUX(AT_UID, getuid());
    AUX(AT_EUID, geteuid());
    AUX(AT_GID, getgid());
    AUX(AT_EGID, getegid());
    AUX(AT_SECURE, getauxval(AT_SECURE)); /* the kernel's verdict on us (setuid, binfmt C) */
    AUX(AT_RANDOM, random);
    AUX(AT_HWCAP2, si->hwcap2);
    AUX(AT_EXECFN, execfn);
    AUX(AT_PLATFORM, platform);
    AUX(AT_NULL, 0);
#undef AUX
    return n;
}

uint64_t stack_build(uint64_t lo, uint64_t hi, stack_info *si) {
    size_t argc = si->argc, envc = count(si->envp);
    uint64_t argv_at[argc + 1], envp_at[envc + 1], execfn, p = hi;
    if (!push_strings(lo, &p, si, argv_at, envp_at, &execfn)) return 0;
    p &= ~15ull;
    uint64_t platform = push_string(&p, "aarch64");
    p -= 16;
    memcpy((void *)(uintptr_t)p, si->random, 16);
    uint64_t random = p;

    uint64_t aux[64];
    size_t naux = fill_auxv(aux, si, execfn, platform, random);
    size_t words = 1 + argc + 1 + envc + 1 + naux;
    uint64_t sp = (p - words * 8) & ~15ull;
    if (sp < lo) return 0;
    uint64_t *w = (uint64_t *)(uintptr_t)sp;
    *w++ = argc;
    for (size_t i = 0; i < argc; i++)
        *w++ = argv_at[i];
    *w++ = 0;
    for (size_t i = 0; i < envc; i++)
        *w++ = envp_at[i];
    *w++ = 0;
    memcpy(w, aux, naux * 8);
    si->auxv_at = (uint64_t)(uintptr_t)w;
    si->auxv_len = naux * 8;
    si->args_lo = argc ? argv_at[0] : execfn;
    si->args_hi = envc ? envp_at[0] : execfn;
    return sp;
}

int stack_map(uint64_t size, bool exec) {
    void *r = mmap(NULL, size + STACK_GUARD, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (r == MAP_FAILED) return -errno;
    uint64_t lo = (uint64_t)r + STACK_GUARD, hi = lo + size;
    if (mprotect((void *)lo, size, PROT_READ | PROT_WRITE)) return -errno;
    /* the guard stays PROT_NONE and outside the guest's regions: touching it faults */
    mm_own_emulator((uint64_t)r, lo);
    mm_region_add(lo, hi, PROT_READ | PROT_WRITE | (exec ? PROT_EXEC : 0));
    shim.stack_lo = lo;
    shim.stack_hi = hi;
    return 0;
}
