// tools/bench.d/matmul.c: floating-point benchmark: double-precision matrix multiply (i-k-j order,
// which the compiler vectorises), repeated with the result fed back.
#include <string.h>
#include "bench.h"

enum { N = 200 };
static double a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv) {
  long reps = bench_iters(argc, argv, 60);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      a[i][j] = (double)((i * 31 + j * 17) % 101) / 101.0 - 0.5;
      b[i][j] = (double)((i * 7 + j * 13) % 89) / 89.0 - 0.5;
    }
  double trace = 0;
  for (long r = 0; r < reps; r++) {
    memset(c, 0, sizeof c);
    for (int i = 0; i < N; i++)
      for (int k = 0; k < N; k++) {
        double aik = a[i][k];
        for (int j = 0; j < N; j++) c[i][j] += aik * b[k][j];
      }
    for (int i = 0; i < N; i++) {
      trace += c[i][i];
      a[i][(i + r) % N] = c[i][N - 1 - i] * 1e-3;
    }
  }
  printf("matmul %.6e\n", trace);
  return 0;
}
