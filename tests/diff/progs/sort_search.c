// tests/diff/progs/sort_search.c: qsort with comparators over ints, doubles, strings and structs
// (ties broken so the order is unique), bsearch, and a hand-written merge sort checked against qsort.
#include <stdlib.h>
#include "diff.h"

struct rec {
  int key;
  double weight;
  char name[12];
};

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_rec(const void *a, const void *b) {
  const struct rec *x = a, *y = b;
  if (x->key != y->key) return x->key - y->key;
  int c = strcmp(x->name, y->name);
  if (c) return c;
  return (x->weight > y->weight) - (x->weight < y->weight);
}

static void merge_sort(int *v, int *tmp, int n) {
  if (n < 2) return;
  int h = n / 2;
  merge_sort(v, tmp, h);
  merge_sort(v + h, tmp, n - h);
  int i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, sizeof(int) * (size_t)n);
}

int main(void) {
  for (int n = 0; n <= 5000; n = n ? n * 3 : 1) {
    int *v = malloc(sizeof(int) * (size_t)(n + 1)), *w = malloc(sizeof(int) * (size_t)(n + 1)),
        *t = malloc(sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) v[i] = w[i] = (int)(rnd() % 1000) - 500;
    qsort(v, (size_t)n, sizeof(int), cmp_int);
    merge_sort(w, t, n);
    uint64_t h = 0;
    for (int i = 0; i < n; i++) h = h * 1000003 + (uint32_t)v[i];
    out("ints n=%d same=%d hash=%016llx min=%d max=%d\n", n, !memcmp(v, w, sizeof(int) * (size_t)n),
        (unsigned long long)h, n ? v[0] : 0, n ? v[n - 1] : 0);
    for (int probe = -510; probe <= 510; probe += 85) {
      int *hit = bsearch(&probe, v, (size_t)n, sizeof(int), cmp_int);
      out("  bsearch %d %s\n", probe, hit ? "found" : "absent");
    }
    qsort(v, (size_t)n, sizeof(int), cmp_int_desc);
    out("  desc first %d\n", n ? v[0] : 0);
    free(v);
    free(w);
    free(t);
  }
  double d[2000];
  for (int i = 0; i < 2000; i++) d[i] = (double)(int64_t)rnd() / 3.0e15;
  qsort(d, 2000, sizeof(double), cmp_double);
  for (int i = 0; i < 2000; i += 111) out("d[%d]=%.17g\n", i, d[i]);
  static char words[600][10];
  char *ptrs[600];
  for (int i = 0; i < 600; i++) {
    int len = 1 + (int)(rnd() % 8);
    for (int k = 0; k < len; k++) words[i][k] = (char)('a' + rnd() % 5);
    words[i][len] = 0;
    ptrs[i] = words[i];
  }
  qsort(ptrs, 600, sizeof(char *), cmp_str);
  for (int i = 0; i < 600; i += 23) out("w[%d]=%s\n", i, ptrs[i]);
  struct rec recs[1500];
  for (int i = 0; i < 1500; i++) {
    recs[i].key = (int)(rnd() % 50);
    recs[i].weight = (double)(rnd() % 100000) / 7.0;
    snprintf(recs[i].name, sizeof recs[i].name, "n%llu", (unsigned long long)(rnd() % 300));
  }
  qsort(recs, 1500, sizeof(struct rec), cmp_rec);
  for (int i = 0; i < 1500; i += 77) out("r %d %s %.6f\n", recs[i].key, recs[i].name, recs[i].weight);
  return diff_status();
}
