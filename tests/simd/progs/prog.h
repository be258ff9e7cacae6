/* prog.h — shared by the SIMD test programs: a deterministic generator and hashing helpers, so
 * every program prints the same lines under qemu-aarch64 and emu-exec. */
#ifndef SIMD_PROG_H
#define SIMD_PROG_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t prog_state = 0x243f6a8885a308d3ull;
static inline uint64_t prog_rand(void) {
    prog_state ^= prog_state << 13;
    prog_state ^= prog_state >> 7;
    prog_state ^= prog_state << 17;
    return prog_state;
}
static inline void prog_fill(void *p, size_t n) {
    uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)(prog_rand() >> 24);
}
/* FNV-1a over bytes */
static inline uint64_t prog_hash(const void *p, size_t n) {
    const uint8_t *b = p;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}
#define PRINT_HASH(name, p, n) printf("%-24s %016llx\n", name, (unsigned long long)prog_hash(p, n))

#endif
