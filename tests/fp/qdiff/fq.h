/* fq.h — the case and result format shared by the FP differential test's host side (fq.c) and
 * its arm64 runner (runner.c). Little-endian, fixed layout. */
#ifndef FQ_H
#define FQ_H

#include <stdint.h>

/* General registers x0..x27 take part (x28 holds the runner's state pointer). */
#define FQ_NX 28

typedef struct fq_state {
    uint64_t x[FQ_NX];
    uint64_t nzcv, fpcr, fpsr, sig; /* sig: the signal the instruction raised, or 0 */
    uint8_t v[32][16];
} fq_state;

typedef struct fq_case {
    uint32_t insn, pad[3];
    fq_state in;
} fq_case;

#endif
