// tests/diff/progs/return42.c: the exit status comes from main's return value (42), after output
// on both streams, with stdout fully buffered (a pipe) and stderr unbuffered.
#include "diff.h"

int main(int argc, char **argv) {
  out("argc %d\n", argc);
  for (int i = 1; i < argc; i++) out("argv[%d] = '%s'\n", i, argv[i]);
  fprintf(stderr, "to stderr\n");
  out("after stderr\n");
  return 42;
}
// diff-args: one "two words" --flag=x 'single quoted'
