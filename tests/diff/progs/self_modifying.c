// tests/diff/progs/self_modifying.c: code written at run time: instructions stored into an executable
// mapping, the caches synchronised (__builtin___clear_cache: dc cvau / ic ivau), run, rewritten, rerun.
// A translator that does not invalidate on the rewrite runs the stale block and prints old values.
#include <sys/mman.h>
#include "diff.h"

typedef uint64_t (*fn_t)(uint64_t);

// movz x1, #imm16 ; add x0, x0, x1 ; ret
static void emit_add_const(uint32_t *p, uint16_t imm) {
  p[0] = 0xd2800001u | ((uint32_t)imm << 5);
  p[1] = 0x8b010000u;
  p[2] = 0xd65f03c0u;
}
// eor x0, x0, x0, lsl #shift ; ret
static void emit_xor_shift(uint32_t *p, unsigned shift) {
  p[0] = 0xca000000u | ((shift & 63) << 10);
  p[1] = 0xd65f03c0u;
}

int main(void) {
  uint32_t *code = mmap(NULL, 65536, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) {
    out("no rwx mapping\n");
    return 1;
  }
  fn_t f = (fn_t)(void *)code;
  uint64_t acc = 0;
  for (int round = 0; round < 300; round++) {
    uint16_t imm = (uint16_t)(round * 37 + 1);
    emit_add_const(code, imm);
    __builtin___clear_cache((char *)code, (char *)(code + 3));
    uint64_t r1 = f(1000);
    uint64_t r2 = f(r1);  // run the same block twice: it is now translated and cached
    acc = acc * 31 + r1 + r2;
    if (round % 30 == 0) out("round %d add %u -> %llu %llu\n", round, imm, (unsigned long long)r1, (unsigned long long)r2);
  }
  // Many distinct functions in the buffer, each rewritten in place, called in a loop.
  for (int round = 0; round < 20; round++) {
    for (int k = 0; k < 64; k++) emit_xor_shift(code + 1024 + k * 4, (unsigned)(k + round) % 64);
    __builtin___clear_cache((char *)(code + 1024), (char *)(code + 1024 + 64 * 4));
    uint64_t x = 0x123456789abcdefull + (uint64_t)round;
    for (int k = 0; k < 64; k++) x = ((fn_t)(void *)(code + 1024 + k * 4))(x) + (uint64_t)k;
    out("xor round %d %016llx\n", round, (unsigned long long)x);
    acc ^= x;
  }
  // The same page remapped without write permission still runs.
  mprotect(code, 65536, PROT_READ | PROT_EXEC);
  out("after mprotect %llu\n", (unsigned long long)f(5));
  munmap(code, 65536);
  out("acc %016llx\n", (unsigned long long)acc);
  return diff_status();
}
