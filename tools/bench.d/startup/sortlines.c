/* sortlines: reads lines, sorts them with qsort and strcmp, prints them (sort(1) in small). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    FILE *f = argc > 1 ? fopen(argv[1], "r") : stdin;
    if (!f) return 1;
    size_t n = 0, cap = 64;
    char **v = malloc(cap * sizeof *v), *line = NULL;
    size_t len = 0;
    while (getline(&line, &len, f) > 0) {
        if (n == cap) v = realloc(v, (cap *= 2) * sizeof *v);
        v[n++] = strdup(line);
    }
    qsort(v, n, sizeof *v, cmp);
    for (size_t i = 0; i < n; i++)
        fputs(v[i], stdout);
    return 0;
}
