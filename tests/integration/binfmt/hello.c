/* hello.c — the arm64 guest of the binfmt tests: enough libc (qsort, stdio number formatting,
 * strtod) to translate a few hundred blocks, with an output that qemu checks. "short" prints
 * the checksum line only. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) {
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    static unsigned v[4000];
    unsigned s = 12345, sum = 0;
    for (int i = 0; i < 4000; i++)
        v[i] = s = s * 1103515245u + 12345u;
    qsort(v, 4000, sizeof v[0], cmp);
    char buf[64];
    double d = 0;
    for (int i = 0; i < 4000; i += 97) {
        snprintf(buf, sizeof buf, "%.6g", v[i] / 3.0);
        d += strtod(buf, NULL);
        sum = sum * 31 + v[i] + (unsigned)strlen(buf);
    }
    bool full = argc < 2 || strcmp(argv[1], "short");
    if (full)
        for (int i = 0; i < 4000; i += 500)
            printf("%5d %10u %12.4e %-8x|\n", i, v[i], v[i] / 7.0, v[i] >> 8);
    printf("checksum %08x %.3f\n", sum, d);
    return 0;
}
