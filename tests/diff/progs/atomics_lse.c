// tests/diff/progs/atomics_lse.c: the atomics program built for ARMv8.1, so the compiler emits the
// LSE instructions (ldadd, ldclr, ldset, ldeor, swp, cas) inline instead of exclusive pairs.
// diff-cflags: -march=armv8.1-a
#include "atomics.c"
