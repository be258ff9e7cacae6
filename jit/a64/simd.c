/* simd.c — Advanced SIMD (placeholder table until the SIMD work lands). */
#include "a64.h"

const a64_pattern a64_tab_simd[] = {{0, 0, NULL, NULL, NULL, 0}};
