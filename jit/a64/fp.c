/* fp.c — scalar and vector floating point (placeholder table until the FP work lands). */
#include "a64.h"

const a64_pattern a64_tab_fp[] = {{0, 0, NULL, NULL, NULL, 0}};
