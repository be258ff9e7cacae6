/* fp_bench.c — FP-heavy kernels for timing emu-exec against qemu-aarch64 (and checking they
 * agree): n-body (double), Mandelbrot (double), matrix multiply (float), a polynomial/sqrt loop
 * the compiler vectorises at -O3. Optional argument: repetitions (default 1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NB 5
typedef struct {
    double x, y, z, vx, vy, vz, m;
} body;

static double nbody(int steps) {
    body b[NB] = {{0, 0, 0, 0, 0, 0, 39.47841760435743},
                  {4.84, -1.16, -0.10, 0.606, 2.81, -0.02, 0.037},
                  {8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011},
                  {12.89, -15.11, -0.22, 1.08, 0.868, -0.01, 0.0017},
                  {15.37, -25.91, 0.179, 0.979, 0.594, -0.034, 0.002}};
    for (int s = 0; s < steps; s++) {
        for (int i = 0; i < NB; i++)
            for (int j = i + 1; j < NB; j++) {
                double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = 0.01 / (d2 * sqrt(d2));
                b[i].vx -= dx * b[j].m * mag;
                b[i].vy -= dy * b[j].m * mag;
                b[i].vz -= dz * b[j].m * mag;
                b[j].vx += dx * b[i].m * mag;
                b[j].vy += dy * b[i].m * mag;
                b[j].vz += dz * b[i].m * mag;
            }
        for (int i = 0; i < NB; i++) {
            b[i].x += 0.01 * b[i].vx;
            b[i].y += 0.01 * b[i].vy;
            b[i].z += 0.01 * b[i].vz;
        }
    }
    double e = 0;
    for (int i = 0; i < NB; i++)
        e += b[i].x + b[i].vy * b[i].m;
    return e;
}

static long mandel(int n) {
    long total = 0;
    for (int py = 0; py < n; py++)
        for (int px = 0; px < n; px++) {
            double cr = -2.0 + 3.0 * px / n, ci = -1.5 + 3.0 * py / n, zr = 0, zi = 0;
            int k = 0;
            while (k < 100 && zr * zr + zi * zi < 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                k++;
            }
            total += k;
        }
    return total;
}

static float matmul(int n) {
    float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n),
          *c = calloc((size_t)n * n, sizeof(float));
    for (int i = 0; i < n * n; i++) {
        a[i] = (float)(i % 17) * 0.25f - 1.0f;
        b[i] = (float)(i % 13) * 0.5f + 0.125f;
    }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) {
            float aik = a[i * n + k];
            for (int j = 0; j < n; j++)
                c[i * n + j] += aik * b[k * n + j];
        }
    float s = 0;
    for (int i = 0; i < n * n; i++)
        s += c[i];
    free(a), free(b), free(c);
    return s;
}

static double poly(int n) {
    static float x[4096], y[4096];
    double acc = 0;
    for (int i = 0; i < 4096; i++)
        x[i] = (float)i / 4096.0f;
    for (int r = 0; r < n; r++) {
        for (int i = 0; i < 4096; i++)
            y[i] = sqrtf(x[i] * x[i] * 0.5f + x[i] * 1.25f + 0.75f) / (1.0f + x[i]);
        for (int i = 0; i < 4096; i++)
            acc += y[i];
    }
    return acc;
}

int main(int argc, char **argv) {
    int reps = argc > 1 ? atoi(argv[1]) : 1;
    for (int r = 0; r < reps; r++) {
        printf("nbody %a\n", nbody(200000));
        printf("mandel %ld\n", mandel(300));
        printf("matmul %a\n", (double)matmul(160));
        printf("poly %a\n", poly(200));
    }
    return 0;
}
