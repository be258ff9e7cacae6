/* vnative.c — native x86-64 (SSE) emitters for the hottest FP and Advanced SIMD forms. Each
 * emitter handles the common case inline and declines the rest to the C helper behind it. */
#include "a64.h"
#include "translate.h"

const a64_pattern a64_tab_vnative[] = {
    {0, 0, NULL, NULL, NULL, 0},
};
