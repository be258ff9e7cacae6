/* wordfreq.c — a dynamically linked guest for the shared-cache tests: hashing, qsort, stdio
 * and string routines of libc, with enough work that emud can be killed while it runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { char w[16]; unsigned n; } entry;

static int by_count(const void *a, const void *b) {
    const entry *x = a, *y = b;
    return x->n != y->n ? (x->n < y->n) - (x->n > y->n) : strcmp(x->w, y->w);
}

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 1;
    static entry tab[4096];
    unsigned seed = 12345;
    for (long r = 0; r < rounds; r++)
        for (int i = 0; i < 200000; i++) {
            char w[16];
            seed = seed * 1103515245u + 12345u;
            snprintf(w, sizeof w, "w%u", (seed >> 16) % 3000);
            unsigned h = 5381;
            for (char *p = w; *p; p++) h = h * 33 + (unsigned char)*p;
            for (unsigned k = h % 4096;; k = (k + 1) % 4096)
                if (!tab[k].n || !strcmp(tab[k].w, w)) {
                    strcpy(tab[k].w, w);
                    tab[k].n++;
                    break;
                }
        }
    qsort(tab, 4096, sizeof tab[0], by_count);
    for (int i = 0; i < 5; i++) printf("%s %u\n", tab[i].w, tab[i].n);
    return 0;
}
