// autovec_dotprod.c — the loops of autovec.c built for Armv8.2 with the dot-product extension,
// so the vectoriser uses UDOT/SDOT.
// simd-cflags: -march=armv8.2-a+dotprod
#include "autovec.c"
