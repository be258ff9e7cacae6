/* features.c — what this build of the translator implements, as the guest discovers it:
 * AT_HWCAP/AT_HWCAP2, the ID registers Linux exposes to EL0, and the translator ABI id. */
#include "emujit.h"

#include <stdint.h>
#include <stdlib.h>

/* Bumped whenever generated code or the emu_cpu layout changes meaning. */
/* 2: xmm0-11 hold V0-V11 across blocks (vnative); 3: pending-signal check at block entry;
 * 4: chained jumps have their rel32 4-byte aligned (patched while other threads run);
 * 5: dirty cached registers written back before a load/store that could evict one */
#define JIT_TRANSLATOR_VERSION 5u

enum {
    HWCAP_FP = 1u << 0,
    HWCAP_ASIMD = 1u << 1,
    HWCAP_AES = 1u << 3,
    HWCAP_PMULL = 1u << 4,
    HWCAP_SHA1 = 1u << 5,
    HWCAP_SHA2 = 1u << 6,
    HWCAP_CRC32 = 1u << 7,
    HWCAP_ATOMICS = 1u << 8,
    HWCAP_CPUID = 1u << 11,
    HWCAP_ASIMDRDM = 1u << 12,
    HWCAP_SHA3 = 1u << 17,
    HWCAP_ASIMDDP = 1u << 20,
    HWCAP_SHA512 = 1u << 21,
    HWCAP2_I8MM = 1u << 13,
};

/* EMU_HWCAP_MASK (hex) hides features from the guest, e.g. to make glibc pick the same
 * function variants as a qemu -cpu model when tracing (tools/difftrace). */
uint64_t jit_hwcap(void) {
    uint64_t caps = HWCAP_FP | HWCAP_ASIMD | HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2 |
                    HWCAP_CRC32 | HWCAP_ATOMICS | HWCAP_CPUID | HWCAP_ASIMDRDM | HWCAP_SHA3 |
                    HWCAP_ASIMDDP | HWCAP_SHA512;
    const char *mask = getenv("EMU_HWCAP_MASK");
    return mask ? caps & strtoull(mask, NULL, 16) : caps;
}

uint64_t jit_hwcap2(void) { return HWCAP2_I8MM; }

uint64_t jit_abi_id(void) {
    /* FNV-1a over the version and the feature words: any change yields a new id */
    uint64_t words[3] = {JIT_TRANSLATOR_VERSION, jit_hwcap(), jit_hwcap2()};
    uint64_t h = 0xcbf29ce484222325ull;
    for (int i = 0; i < 3; i++)
        for (int b = 0; b < 8; b++) {
            h ^= (words[i] >> (8 * b)) & 0xff;
            h *= 0x100000001b3ull;
        }
    return h;
}
