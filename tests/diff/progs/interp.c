// tests/diff/progs/interp.c: a small stack-machine bytecode interpreter (the dispatch loop shape of
// real interpreters) running several programs: loops, Fibonacci, primes, a memory checksum.
#include "diff.h"

enum { PUSH, POP, DUP, SWAP, OVER, ADD, SUB, MUL, DIV, MOD, AND, XOR, SHL, SHR, LT, EQ, JMP, JZ, JNZ,
       LOAD, STORE, PRINT, CALL, RET, HALT };

struct vm {
  int64_t stack[256];
  int sp;
  int64_t mem[1024];
  int rstack[64];
  int rsp;
  uint64_t steps;
};

static int64_t run(struct vm *m, const int64_t *code) {
  int pc = 0;
  for (;;) {
    m->steps++;
    int64_t op = code[pc++], a, b;
    switch (op) {
    case PUSH: m->stack[m->sp++] = code[pc++]; break;
    case POP: m->sp--; break;
    case DUP: m->stack[m->sp] = m->stack[m->sp - 1]; m->sp++; break;
    case SWAP: a = m->stack[m->sp - 1]; m->stack[m->sp - 1] = m->stack[m->sp - 2]; m->stack[m->sp - 2] = a; break;
    case OVER: m->stack[m->sp] = m->stack[m->sp - 2]; m->sp++; break;
#define BIN(OP, EXPR) case OP: b = m->stack[--m->sp]; a = m->stack[m->sp - 1]; m->stack[m->sp - 1] = (EXPR); break;
    BIN(ADD, (int64_t)((uint64_t)a + (uint64_t)b))
    BIN(SUB, (int64_t)((uint64_t)a - (uint64_t)b))
    BIN(MUL, (int64_t)((uint64_t)a * (uint64_t)b))
    BIN(DIV, b ? a / b : 0)
    BIN(MOD, b ? a % b : 0)
    BIN(AND, a & b)
    BIN(XOR, a ^ b)
    BIN(SHL, (int64_t)((uint64_t)a << (b & 63)))
    BIN(SHR, (int64_t)((uint64_t)a >> (b & 63)))
    BIN(LT, a < b)
    BIN(EQ, a == b)
#undef BIN
    case JMP: pc = (int)code[pc]; break;
    case JZ: pc = m->stack[--m->sp] ? pc + 1 : (int)code[pc]; break;
    case JNZ: pc = m->stack[--m->sp] ? (int)code[pc] : pc + 1; break;
    case LOAD: m->stack[m->sp - 1] = m->mem[m->stack[m->sp - 1] & 1023]; break;
    case STORE: b = m->stack[--m->sp]; a = m->stack[--m->sp]; m->mem[a & 1023] = b; break;
    case PRINT: out("  print %lld\n", (long long)m->stack[--m->sp]); break;
    case CALL: m->rstack[m->rsp++] = pc + 1; pc = (int)code[pc]; break;
    case RET: pc = m->rstack[--m->rsp]; break;
    case HALT: return m->sp ? m->stack[m->sp - 1] : 0;
    default: out("bad op %lld\n", (long long)op); return -1;
    }
  }
}

// Programs are assembled at run time with labels, so jump targets are never hand-counted.
static int64_t code[8192];
static int ncode;
static void e(int64_t v) { code[ncode++] = v; }
static void e2(int64_t op, int64_t arg) {
  e(op);
  e(arg);
}
static int jump_fwd(int64_t op) {  // returns the slot to patch
  e2(op, -1);
  return ncode - 1;
}
static void patch(int slot) { code[slot] = ncode; }
static void set_var(int addr, int64_t v) {
  e2(PUSH, addr);
  e2(PUSH, v);
  e(STORE);
}
static void incr_var(int addr) {
  e2(PUSH, addr);
  e2(PUSH, addr);
  e(LOAD);
  e2(PUSH, 1);
  e(ADD);
  e(STORE);
}

// sum of i*i for i < n; prints the partial sum every 50000 steps
static void asm_sum_squares(int64_t n) {
  ncode = 0;
  set_var(0, 0);  // acc
  set_var(1, 0);  // i
  int loop = ncode;
  e2(PUSH, 1), e(LOAD), e2(PUSH, n), e(LT);
  int done = jump_fwd(JZ);
  e2(PUSH, 0), e2(PUSH, 1), e(LOAD), e(DUP), e(MUL), e2(PUSH, 0), e(LOAD), e(ADD), e(STORE);
  e2(PUSH, 1), e(LOAD), e2(PUSH, 50000), e(MOD);
  int skip = jump_fwd(JNZ);
  e2(PUSH, 0), e(LOAD), e(PRINT);
  patch(skip);
  incr_var(1);
  e2(JMP, loop);
  patch(done);
  e2(PUSH, 0), e(LOAD), e(HALT);
}

// iterative Fibonacci mod 2^64, printing every 10th term
static void asm_fib(int64_t n) {
  ncode = 0;
  set_var(0, 0), set_var(1, 1), set_var(2, 0);
  int loop = ncode;
  e2(PUSH, 2), e(LOAD), e2(PUSH, n), e(LT);
  int done = jump_fwd(JZ);
  e2(PUSH, 0), e(LOAD), e2(PUSH, 1), e(LOAD), e(ADD);    // a+b
  e2(PUSH, 0), e2(PUSH, 1), e(LOAD), e(STORE);           // a = b
  e2(PUSH, 1), e(SWAP), e(STORE);                        // b = a+b
  e2(PUSH, 2), e(LOAD), e2(PUSH, 10), e(MOD);
  int skip = jump_fwd(JNZ);
  e2(PUSH, 1), e(LOAD), e(PRINT);
  patch(skip);
  incr_var(2);
  e2(JMP, loop);
  patch(done);
  e2(PUSH, 1), e(LOAD), e(HALT);
}

// counts primes below n by trial division; the test is a subroutine (CALL/RET)
static void asm_primes(int64_t n) {
  ncode = 0;
  int to_main = jump_fwd(JMP);
  int isprime = ncode;  // ( n -- flag ), uses mem[10] = n, mem[11] = d
  e2(PUSH, 10), e(SWAP), e(STORE);
  set_var(11, 2);
  int iloop = ncode;
  e2(PUSH, 11), e(LOAD), e(DUP), e(MUL), e2(PUSH, 10), e(LOAD), e(SWAP), e(LT);
  int yes = jump_fwd(JNZ);
  e2(PUSH, 10), e(LOAD), e2(PUSH, 11), e(LOAD), e(MOD);
  int no = jump_fwd(JZ);
  incr_var(11);
  e2(JMP, iloop);
  patch(yes);
  e2(PUSH, 1), e(RET);
  patch(no);
  e2(PUSH, 0), e(RET);
  patch(to_main);
  set_var(0, 0), set_var(1, 2);
  int loop = ncode;
  e2(PUSH, 1), e(LOAD), e2(PUSH, n), e(LT);
  int done = jump_fwd(JZ);
  e2(PUSH, 1), e(LOAD), e2(CALL, isprime);
  e2(PUSH, 0), e(LOAD), e(ADD), e2(PUSH, 0), e(SWAP), e(STORE);
  incr_var(1);
  e2(JMP, loop);
  patch(done);
  e2(PUSH, 0), e(LOAD), e(DUP), e(PRINT), e(HALT);
}

int main(void) {
  static struct vm m;
  memset(&m, 0, sizeof m);
  asm_sum_squares(300000);
  out("sum of squares: %lld\n", (long long)run(&m, code));
  memset(&m, 0, sizeof m);
  asm_fib(200);
  out("fib: %lld\n", (long long)run(&m, code));
  memset(&m, 0, sizeof m);
  asm_primes(30000);
  out("primes: %lld steps %llu\n", (long long)run(&m, code), (unsigned long long)m.steps);
  // Generated straight-line arithmetic, run with different seeds.
  for (int round = 0; round < 40; round++) {
    ncode = 0;
    e2(PUSH, (int64_t)rnd());
    for (int k = 0; k < 300; k++) {
      e2(PUSH, (int64_t)(rnd() % 1000) + 1);
      e(ADD + (int64_t)(rnd() % (EQ - ADD + 1)));
    }
    e(HALT);
    memset(&m, 0, sizeof m);
    out("gen %d -> %lld\n", round, (long long)run(&m, code));
  }
  return diff_status();
}
