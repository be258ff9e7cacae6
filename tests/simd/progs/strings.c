// strings.c — glibc's string and memory routines (SIMD implementations on arm64) over every
// length up to 300 and every source/destination alignment in a 16-byte window, plus overlaps.
#include "prog.h"

#include <stdlib.h>

#define N 320
static uint8_t src[N + 64], dst[N + 64], ref[N + 64];

static uint64_t mix(uint64_t h, uint64_t v) {
    return (h ^ v) * 0x100000001b3ull;
}
static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(void) {
    uint64_t h = 0;
    prog_fill(src, sizeof src);
    for (int len = 0; len <= 300; len += (len < 70 ? 1 : 7))
        for (int sa = 0; sa < 16; sa += 3)
            for (int da = 0; da < 16; da += 5) {
                memset(dst, 0xee, sizeof dst);
                memcpy(dst + da, src + sa, (size_t)len);
                h = mix(h, prog_hash(dst, sizeof dst));
                memmove(dst + da + 3, dst + da, (size_t)len); /* overlapping, forwards */
                memmove(dst + da, dst + da + 5, (size_t)len); /* overlapping, backwards */
                h = mix(h, prog_hash(dst, sizeof dst));
                memset(dst + da, len & 0xff, (size_t)len);
                h = mix(h, prog_hash(dst, sizeof dst));
                memcpy(ref, src, sizeof ref);
                if (len) ref[sa + len - 1] ^= 1;
                int c = memcmp(src + sa, ref + sa, (size_t)len);
                h = mix(h, (uint64_t)(c > 0) - (uint64_t)(c < 0));
            }
    printf("mem* %016llx\n", (unsigned long long)h);

    /* strings: no zero byte except the terminator at len */
    h = 0;
    for (int len = 0; len <= 300; len++)
        for (int a = 0; a < 16; a++) {
            char *s = (char *)dst + a;
            for (int i = 0; i < len; i++)
                s[i] = (char)('a' + (i * 7 + a) % 26);
            s[len] = 0;
            h = mix(h, strlen(s));
            h = mix(h, strnlen(s, (size_t)(len / 2 + 1)));
            const char *p = strchr(s, 'q');
            h = mix(h, p ? (uint64_t)(p - s) : ~0ull);
            p = strrchr(s, 'c');
            h = mix(h, p ? (uint64_t)(p - s) : ~0ull);
            p = memchr(s, 'z', (size_t)len);
            h = mix(h, p ? (uint64_t)(p - s) : ~0ull);
            p = strchr(s, 0);
            h = mix(h, (uint64_t)(p - s));
            strcpy((char *)ref + (a ^ 5), s);
            h = mix(h, (uint64_t)strcmp((char *)ref + (a ^ 5), s));
            if (len) ((char *)ref)[(a ^ 5) + len - 1] = 'A';
            int c = strcmp((char *)ref + (a ^ 5), s);
            h = mix(h, (uint64_t)(c > 0) - (uint64_t)(c < 0));
            c = strncmp((char *)ref + (a ^ 5), s, (size_t)(len / 2));
            h = mix(h, (uint64_t)(c > 0) - (uint64_t)(c < 0));
            char *e = stpcpy((char *)ref, s);
            h = mix(h, (uint64_t)(e - (char *)ref));
        }
    printf("str* %016llx\n", (unsigned long long)h);

    /* qsort/bsearch and a formatted line keep the common library paths honest */
    int v[257];
    for (int i = 0; i < 257; i++)
        v[i] = (int)(prog_rand() % 1000) - 500;
    qsort(v, 257, sizeof *v, cmp_int);
    printf("sorted %016llx [%s|%-6s|%6.3s]\n", (unsigned long long)prog_hash(v, sizeof v), "x",
           "ab", "abcdef");
    return 0;
}
