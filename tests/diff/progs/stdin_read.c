// tests/diff/progs/stdin_read.c: reads standard input (the harness feeds a fixed file): line and word
// counts, per-line transforms, a byte histogram, and a reversed copy of the lines.
#include <ctype.h>
#include <stdlib.h>
#include "diff.h"
// diff-stdin: stdin_read.txt

int main(void) {
  char *lines[2000];
  int nlines = 0;
  size_t cap = 0;
  char *line = NULL;
  ssize_t len;
  unsigned long words = 0, bytes = 0, hist[256] = {0};
  while ((len = getline(&line, &cap, stdin)) >= 0 && nlines < 2000) {
    bytes += (unsigned long)len;
    int inword = 0;
    for (ssize_t i = 0; i < len; i++) {
      unsigned char c = (unsigned char)line[i];
      hist[c]++;
      if (isspace(c)) inword = 0;
      else if (!inword) {
        inword = 1;
        words++;
      }
    }
    lines[nlines++] = strdup(line);
    for (ssize_t i = 0; i < len; i++) line[i] = (char)toupper((unsigned char)line[i]);
    out("%4d %s", nlines, line);
  }
  free(line);
  out("lines %d words %lu bytes %lu\n", nlines, words, bytes);
  for (int c = 0; c < 256; c++)
    if (hist[c]) out("byte %3d x %lu\n", c, hist[c]);
  for (int i = nlines - 1; i >= 0; i--) {
    out("rev %s", lines[i]);
    free(lines[i]);
  }
  // A second read at end of file returns 0 bytes, not an error.
  char tmp[8];
  out("eof read %zu feof %d\n", fread(tmp, 1, sizeof tmp, stdin), feof(stdin) != 0);
  return diff_status();
}
