// tests/diff/progs/atomics.c: __atomic and __sync builtins at 8/16/32/64 bits in every memory
// order (single thread: values are deterministic), compare-exchange success and failure paths.
#include "diff.h"

#define ATOMICS(T, FMT)                                                                              \
  static void atomics_##T(void) {                                                                    \
    static T cell;                                                                                   \
    for (int i = 0; i < 40; i++) {                                                                   \
      T a = (T)val(i), b = (T)val(39 - i);                                                           \
      __atomic_store_n(&cell, a, __ATOMIC_RELEASE);                                                  \
      T r1 = __atomic_fetch_add(&cell, b, __ATOMIC_SEQ_CST);                                         \
      T r2 = __atomic_fetch_sub(&cell, (T)3, __ATOMIC_ACQ_REL);                                      \
      T r3 = __atomic_fetch_and(&cell, b, __ATOMIC_RELAXED);                                         \
      T r4 = __atomic_fetch_or(&cell, (T)0x41, __ATOMIC_ACQUIRE);                                    \
      T r5 = __atomic_fetch_xor(&cell, a, __ATOMIC_SEQ_CST);                                         \
      T r6 = __atomic_fetch_nand(&cell, b, __ATOMIC_SEQ_CST);                                        \
      T r7 = __atomic_add_fetch(&cell, (T)1, __ATOMIC_SEQ_CST);                                      \
      T r8 = __atomic_exchange_n(&cell, b, __ATOMIC_SEQ_CST);                                        \
      T expect = a;                                                                                  \
      int ok1 = __atomic_compare_exchange_n(&cell, &expect, (T)7, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED); \
      T seen = expect;                                                                               \
      expect = __atomic_load_n(&cell, __ATOMIC_ACQUIRE);                                             \
      int ok2 = __atomic_compare_exchange_n(&cell, &expect, (T)(a ^ b), 0, __ATOMIC_ACQ_REL,         \
                                            __ATOMIC_ACQUIRE);                                       \
      int weak = 0;                                                                                  \
      expect = __atomic_load_n(&cell, __ATOMIC_RELAXED);                                             \
      while (!__atomic_compare_exchange_n(&cell, &expect, (T)(expect + 5), 1, __ATOMIC_SEQ_CST,      \
                                          __ATOMIC_SEQ_CST))                                         \
        weak++;                                                                                      \
      T s1 = __sync_fetch_and_add(&cell, (T)2);                                                      \
      T s2 = __sync_val_compare_and_swap(&cell, (T)(s1 + 2), (T)100);                                \
      int s3 = __sync_bool_compare_and_swap(&cell, (T)99, (T)1);                                     \
      T s4 = __sync_lock_test_and_set(&cell, (T)55);                                                 \
      __sync_lock_release(&cell);                                                                    \
      out(#T " " FMT " " FMT " " FMT " " FMT " " FMT " " FMT " " FMT " " FMT " cas %d " FMT " %d "    \
          "weak<=%d sync " FMT " " FMT " %d " FMT " end " FMT "\n",                                  \
          r1, r2, r3, r4, r5, r6, r7, r8, ok1, seen, ok2, weak > 0, s1, s2, s3, s4, cell);           \
    }                                                                                                \
  }

ATOMICS(uint8_t, "%u")
ATOMICS(uint16_t, "%u")
ATOMICS(uint32_t, "%u")
ATOMICS(uint64_t, "%lu")

int main(void) {
  atomics_uint8_t();
  atomics_uint16_t();
  atomics_uint32_t();
  atomics_uint64_t();
  static _Bool flag;
  out("tas %d %d\n", __atomic_test_and_set(&flag, __ATOMIC_SEQ_CST), __atomic_test_and_set(&flag, __ATOMIC_SEQ_CST));
  __atomic_clear(&flag, __ATOMIC_SEQ_CST);
  out("after clear %d lockfree %d %d\n", __atomic_test_and_set(&flag, __ATOMIC_SEQ_CST),
      __atomic_always_lock_free(8, 0), __atomic_always_lock_free(4, 0));
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  // A counter loop long enough to run the same exclusive-pair block many times.
  static uint64_t counter;
  for (int i = 0; i < 300000; i++) __atomic_fetch_add(&counter, (uint64_t)i, __ATOMIC_RELAXED);
  out("counter %lu\n", counter);
  return diff_status();
}
