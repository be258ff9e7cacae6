/* qdiff.h — the files shared by the SIMD differential test's two sides: the host checker
 * (qdiff.c, runs the helpers) and the arm64 runner (runner.c, runs under qemu-aarch64). */
#ifndef SIMD_QDIFF_H
#define SIMD_QDIFF_H

#include <stdint.h>

#define QD_MEM_BASE    0x20000000ul /* guest scratch memory, same address on both sides */
#define QD_MEM_SIZE    (256u * 1024u)
#define QD_MAX_CHANGES 128
#define QD_MAGIC       0x51444946u

/* Register state as the generated arm64 code loads and stores it (offsets are baked into
 * the generated assembly: x at 0, sp at 248, fpsr at 256, v at 272). */
typedef struct qd_state {
    uint64_t x[31];
    uint64_t sp;
    uint64_t fpsr;
    uint64_t pad;
    uint8_t v[32][16];
} qd_state;

typedef struct qd_case {
    uint32_t insn;
    uint32_t scratch; /* X register the harness uses as state pointer: not compared */
    uint32_t mem;     /* the instruction may touch memory: compare QD_MEM */
    uint32_t pad;
    qd_state in;
} qd_case;

typedef struct qd_result {
    int32_t sig; /* signal the instruction raised, 0 if none */
    uint32_t nchanges;
    uint64_t insn_pc;
    qd_state out;
    uint32_t change[QD_MAX_CHANGES]; /* offset << 8 | new byte, ascending offsets */
} qd_result;

typedef struct qd_header {
    uint32_t magic, count;
} qd_header;

/* Initial content of QD_MEM, restored after every case. */
static inline uint8_t qd_mem_init(uint32_t off) {
    return (uint8_t)((off * 2654435761u) >> 17 ^ off);
}

#endif
