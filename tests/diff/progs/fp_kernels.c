// tests/diff/progs/fp_kernels.c: floating-point kernels with long dependency chains: n-body steps,
// a Mandelbrot grid printed as characters, double matrix multiply and a Newton iteration.
#include <math.h>
#include "diff.h"

struct body {
  double x, y, z, vx, vy, vz, m;
};

static void nbody(int steps) {
  struct body b[5] = {{0, 0, 0, 0, 0, 0, 39.47841760435743},
                      {4.84, -1.16, -0.10, 0.606, 2.81, -0.025, 0.037},
                      {8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011},
                      {12.89, -15.11, -0.22, 1.08, 0.868, -0.010, 0.0017},
                      {15.37, -25.91, 0.17, 0.979, 0.594, -0.034, 0.002}};
  double dt = 0.01;
  for (int s = 0; s < steps; s++) {
    for (int i = 0; i < 5; i++)
      for (int j = i + 1; j < 5; j++) {
        double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
        double d2 = dx * dx + dy * dy + dz * dz, mag = dt / (d2 * sqrt(d2));
        b[i].vx -= dx * b[j].m * mag, b[i].vy -= dy * b[j].m * mag, b[i].vz -= dz * b[j].m * mag;
        b[j].vx += dx * b[i].m * mag, b[j].vy += dy * b[i].m * mag, b[j].vz += dz * b[i].m * mag;
      }
    for (int i = 0; i < 5; i++) b[i].x += dt * b[i].vx, b[i].y += dt * b[i].vy, b[i].z += dt * b[i].vz;
    if (s % 2000 == 0) {
      double e = 0;
      for (int i = 0; i < 5; i++) e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
      out("nbody step %d energy %.15e x1 %.15e\n", s, e, b[1].x);
    }
  }
}

static void mandelbrot(void) {
  for (int row = 0; row < 40; row++) {
    char line[81];
    for (int col = 0; col < 80; col++) {
      double cr = -2.2 + col * 3.0 / 80, ci = -1.2 + row * 2.4 / 40, zr = 0, zi = 0;
      int it = 0;
      while (it < 500 && zr * zr + zi * zi < 4) {
        double t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        it++;
      }
      line[col] = " .:-=+*#%@"[it % 10];
    }
    line[80] = 0;
    out("%s\n", line);
  }
}

static void matmul(void) {
  enum { N = 96 };
  static double a[N][N], b[N][N], c[N][N];
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      a[i][j] = sin(i * 0.1 + j * 0.01);
      b[i][j] = cos(i * 0.02 - j * 0.1);
    }
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      double s = 0;
      for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
      c[i][j] = s;
    }
  double tr = 0;
  for (int i = 0; i < N; i++) tr += c[i][i] - c[i][N - 1 - i] * 0.5;
  out("matmul trace %.17g c[3][7] %a\n", tr, c[3][7]);
}

int main(void) {
  nbody(20000);
  mandelbrot();
  matmul();
  for (double v = 2; v < 200; v *= 1.7) {
    double x = v;
    for (int i = 0; i < 30; i++) x = 0.5 * (x + v / x);
    float xf = (float)v;
    for (int i = 0; i < 30; i++) xf = 0.5f * (xf + (float)v / xf);
    out("newton sqrt(%g) = %.17g %.9g\n", v, x, (double)xf);
  }
  return diff_status();
}
