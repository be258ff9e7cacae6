// tests/diff/progs/exit_status.c: exit(3) from deep inside the program after buffered output,
// with atexit handlers that print (they run in reverse order, and stdio is flushed after them).
// diff-cflags: -Wno-infinite-recursion
#include <stdlib.h>
#include "diff.h"

static void first(void) { out("atexit first (runs last)\n"); }
static void second(void) { out("atexit second (runs first)\n"); }

__attribute__((noinline)) static void leave(int depth) {
  if (depth == 0) {
    out("leaving with exit(3)\n");
    fprintf(stderr, "stderr line before exit\n");
    exit(3);
  }
  leave(depth - 1);
  out("not reached\n");
}

int main(void) {
  atexit(first);
  atexit(second);
  for (int i = 0; i < 500; i++) out("buffered line %d\n", i);  // still in the stdio buffer at exit
  leave(50);
  return 0;
}
