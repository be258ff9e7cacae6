# jail full case: make drives gcc over a multi-file C program (a static library, a header, three
# units), links it and runs it; the objects and the program are compared byte for byte too.
# shell: bash
# timeout: 3600
# status: 0
set -e
mkdir -p proj && cd proj
cat > vec.h <<'H'
#ifndef VEC_H
#define VEC_H
#include <stddef.h>
typedef struct { double *v; size_t n, cap; } vec;
void vec_push(vec *a, double x);
double vec_sum(const vec *a);
void vec_sort(vec *a);
unsigned long hash_str(const char *s);
#endif
H
cat > vec.c <<'C'
#include <stdlib.h>
#include "vec.h"
void vec_push(vec *a, double x) {
    if (a->n == a->cap) { a->cap = a->cap ? 2 * a->cap : 8; a->v = realloc(a->v, a->cap * sizeof *a->v); }
    a->v[a->n++] = x;
}
double vec_sum(const vec *a) { double s = 0; for (size_t i = 0; i < a->n; i++) s += a->v[i]; return s; }
static int cmp(const void *x, const void *y) { double a = *(const double *)x, b = *(const double *)y; return (a > b) - (a < b); }
void vec_sort(vec *a) { qsort(a->v, a->n, sizeof *a->v, cmp); }
C
cat > hash.c <<'C'
#include "vec.h"
unsigned long hash_str(const char *s) { unsigned long h = 5381; while (*s) h = h * 33 ^ (unsigned char)*s++; return h; }
C
cat > main.c <<'C'
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "vec.h"
int main(int argc, char **argv) {
    vec a = {0};
    for (int i = 1; i <= 1000; i++) vec_push(&a, sin(i) * 1000.0 / i);
    vec_sort(&a);
    printf("n=%zu sum=%.9f min=%.6f max=%.6f\n", a.n, vec_sum(&a), a.v[0], a.v[a.n - 1]);
    for (int i = 0; i < argc; i++) printf("arg %d %s %lx\n", i, strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i], hash_str(argv[i]));
    return (int)(vec_sum(&a)) & 0x7f;
}
C
cat > Makefile <<'M'
CFLAGS = -O2 -Wall -Wextra
prog: main.o libvec.a
	$(CC) -o $@ main.o -L. -lvec -lm
libvec.a: vec.o hash.o
	$(AR) rcs $@ $^
%.o: %.c vec.h
	$(CC) $(CFLAGS) -c $<
clean:
	rm -f *.o *.a prog
M
make 2>&1
./prog one two || echo "prog exit $?"
gcc -O0 -g0 -o prog0 main.c vec.c hash.c -lm && ./prog0 x | head -2
gcc -S -O2 -o - hash.c | grep -c . >/dev/null && echo "assembly listing made"
cc --version | head -1; make -q prog && echo "up to date"
