// tests/diff/progs/abort_signal.c: abort() kills the process with SIGABRT (status is the signal,
// not an exit code); output flushed before it must appear, unflushed output must not.
#include <stdlib.h>
#include "diff.h"

int main(void) {
  out("flushed before abort\n");
  fflush(stdout);
  fprintf(stderr, "stderr before abort\n");
  out("this stays in the buffer and is lost\n");
  abort();
}
