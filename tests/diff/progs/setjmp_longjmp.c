// tests/diff/progs/setjmp_longjmp.c: non-local jumps: setjmp/longjmp out of deep frames, values
// through the jump, nested handlers, volatile locals, sigsetjmp/siglongjmp with a saved mask.
// diff-cflags: -Wno-infinite-recursion
#include <setjmp.h>
#include <signal.h>
#include "diff.h"

static jmp_buf env_outer, env_inner;
static sigjmp_buf senv;

static int descend(int depth, int target, uint64_t acc) {
  if (depth >= target) longjmp(env_outer, (int)(acc % 1000) + 1);
  // Enough work per frame that the frame holds callee-saved registers and stack data.
  volatile uint64_t local[4] = {acc, acc * 3, acc ^ (uint64_t)depth, acc + 7};
  return descend(depth + 1, target, acc * 31 + local[depth & 3]) + 1;
}

static void inner_thrower(int v) {
  if (v & 1) longjmp(env_inner, v);
  longjmp(env_outer, v);
}

int main(void) {
  for (int target = 0; target < 200; target += 7) {
    volatile int counter = target;
    int r = setjmp(env_outer);
    if (r == 0) {
      counter += 1000;
      descend(0, target, 1);
      out("not reached\n");
    } else {
      out("target %d jumped with %d counter %d\n", target, r, counter);
    }
  }
  for (int v = 1; v <= 12; v++) {
    int r = setjmp(env_outer);
    if (r) {
      out("outer caught %d\n", r);
      continue;
    }
    int r2 = setjmp(env_inner);
    if (r2) {
      out("inner caught %d\n", r2);
      continue;
    }
    inner_thrower(v);
  }
  // longjmp(env, 0) makes setjmp return 1.
  volatile int zero_seen = 0;
  if (setjmp(env_outer) == 0) longjmp(env_outer, 0);
  else zero_seen = 1;
  out("zero becomes one: %d\n", zero_seen);

  sigset_t set, now;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  volatile int rounds = 0;
  if (sigsetjmp(senv, 1) == 0) {
    sigprocmask(SIG_BLOCK, &set, NULL);
    rounds++;
    siglongjmp(senv, 5);
  }
  sigprocmask(SIG_SETMASK, NULL, &now);
  out("sigsetjmp rounds %d usr1 blocked after restore: %d\n", rounds, sigismember(&now, SIGUSR1));
  return diff_status();
}
