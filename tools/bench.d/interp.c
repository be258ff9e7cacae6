// tools/bench.d/interp.c: interpreter benchmark: a bytecode virtual machine with a switch dispatch
// loop running a nested-loop program (the shape of real interpreters' hot paths).
#include "bench.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, LT, JZ, JMP, MOD, XOR, HALT };

static int64_t run(const int64_t *code, int64_t *vars) {
  int64_t stack[64];
  int sp = 0, pc = 0;
  for (;;) {
    int64_t op = code[pc++];
    switch (op) {
    case PUSH: stack[sp++] = code[pc++]; break;
    case LOAD: stack[sp++] = vars[code[pc++]]; break;
    case STORE: vars[code[pc++]] = stack[--sp]; break;
    case ADD: sp--; stack[sp - 1] += stack[sp]; break;
    case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
    case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
    case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
    case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
    case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
    case JZ: pc = stack[--sp] ? pc + 1 : (int)code[pc]; break;
    case JMP: pc = (int)code[pc]; break;
    case HALT: return vars[0];
    }
  }
}

int main(int argc, char **argv) {
  int64_t n = bench_iters(argc, argv, 6000000);
  // acc = 0; i = 0; while (i < n) { acc = (acc * 31 + (i ^ 0x55)) % 1000000007; i = i + 1 }
  const int64_t code[] = {
      PUSH, 0, STORE, 0, PUSH, 0, STORE, 1,
      /* 8 */ LOAD, 1, LOAD, 2, LT, JZ, 38,
      LOAD, 0, PUSH, 31, MUL, LOAD, 1, PUSH, 0x55, XOR, ADD, PUSH, 1000000007, MOD, STORE, 0,
      LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 8,
      /* 38 is the JMP's operand above; the exit lands after it */ HALT};
  int64_t code2[sizeof code / sizeof code[0]];
  for (unsigned i = 0; i < sizeof code / sizeof code[0]; i++) code2[i] = code[i];
  code2[14] = (int64_t)(sizeof code / sizeof code[0]) - 1;  // JZ target: the HALT
  int64_t vars[3] = {0, 0, n};
  printf("interp %lld\n", (long long)run(code2, vars));
  return 0;
}
