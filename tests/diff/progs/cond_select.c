// tests/diff/progs/cond_select.c: conditional execution without branches: csel/csinc/csinv/csneg,
// cset/csetm, ccmp chains from && and ||, every condition code after adds/subs/ands at 32 and 64 bits.
#include "diff.h"

// Each condition code, tested after a flag-setting op, in asm so the exact NZCV use is kept.
#define COND(cc)                                                               \
  static uint64_t cc_##cc(uint64_t a, uint64_t b) {                           \
    uint64_t r;                                                               \
    __asm__("cmp %1, %2\n\tcset %0, " #cc : "=r"(r) : "r"(a), "r"(b) : "cc"); \
    return r;                                                                 \
  }                                                                           \
  static uint64_t cc32_##cc(uint64_t a, uint64_t b) {                         \
    uint64_t r;                                                               \
    __asm__("adds %w0, %w1, %w2\n\tcset %w0, " #cc : "=&r"(r) : "r"(a), "r"(b) : "cc"); \
    return r;                                                                 \
  }                                                                           \
  static uint64_t ccand_##cc(uint64_t a, uint64_t b) {                        \
    uint64_t r;                                                               \
    __asm__("tst %1, %2\n\tcsinc %0, %1, %2, " #cc : "=r"(r) : "r"(a), "r"(b) : "cc"); \
    return r;                                                                 \
  }
COND(eq) COND(ne) COND(cs) COND(cc) COND(mi) COND(pl) COND(vs) COND(vc)
COND(hi) COND(ls) COND(ge) COND(lt) COND(gt) COND(le)

static uint64_t ccmp_chain(uint64_t a, uint64_t b) {
  uint64_t r;
  __asm__("cmp %1, #5\n\t"
          "ccmp %2, %1, #4, ne\n\t"
          "ccmn %1, #3, #2, ge\n\t"
          "csneg %0, %1, %2, lo"
          : "=r"(r) : "r"(a), "r"(b) : "cc");
  return r;
}

// AL and NV both mean "always" for csel-class instructions (cset refuses them as aliases).
static uint64_t always(uint64_t a, uint64_t b) {
  uint64_t r1, r2;
  __asm__("cmp %2, %3\n\tcsel %0, %2, %3, al\n\tcsinc %1, %3, %2, nv" : "=&r"(r1), "=r"(r2) : "r"(a), "r"(b) : "cc");
  return r1 ^ (r2 << 1);
}

static uint64_t sbcs_chain(uint64_t a, uint64_t b) {
  uint64_t r, f;
  __asm__("subs %0, %2, %3\n\t"
          "sbcs %0, %0, %3\n\t"
          "adcs %0, %0, %2\n\t"
          "ngcs %0, %0\n\t"
          "mrs %1, nzcv"
          : "=&r"(r), "=r"(f) : "r"(a), "r"(b) : "cc");
  return r ^ f;
}

int main(void) {
  for (int i = 0; i < 120; i++) {
    uint64_t a = val(i), b = val((i * 5 + 2) % 120);
    out("%016llx %016llx ", (unsigned long long)a, (unsigned long long)b);
#define SHOW(cc) out("%llu%llu%llx ", (unsigned long long)cc_##cc(a, b), (unsigned long long)cc32_##cc(a, b), \
                     (unsigned long long)(ccand_##cc(a, b) & 0xfff));
    SHOW(eq) SHOW(ne) SHOW(cs) SHOW(cc) SHOW(mi) SHOW(pl) SHOW(vs) SHOW(vc)
    SHOW(hi) SHOW(ls) SHOW(ge) SHOW(lt) SHOW(gt) SHOW(le)
    out("ccmp %llx sbcs %llx al %llx\n", (unsigned long long)ccmp_chain(a, b), (unsigned long long)sbcs_chain(a, b),
        (unsigned long long)always(a, b));
    // Compiler-chosen branchless forms.
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    int64_t sel = sa > sb ? sa - 1 : ~sb;
    int64_t neg = sa < 0 ? -(sa / 2) : sa;
    int both = (sa > 0 && sb < 100) || (a & 3) == 2;
    uint32_t w = (uint32_t)a, v = (uint32_t)b;
    uint32_t inc = w == v ? w + 1 : v;
    int64_t clamp = sa < -1000 ? -1000 : sa > 1000 ? 1000 : sa;
    out("  sel %llx neg %llx both %d inc %x clamp %lld sign %d\n", (unsigned long long)sel, (unsigned long long)neg,
        both, inc, (long long)clamp, (sa > 0) - (sa < 0));
  }
  return diff_status();
}
