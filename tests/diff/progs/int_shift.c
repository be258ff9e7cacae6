// tests/diff/progs/int_shift.c: shifts and rotates by constant and variable amounts at every
// width, including A64's modulo-width register shifts, and classic bit tricks.
#include "diff.h"

// LSLV/LSRV/ASRV/RORV use the amount modulo the register width; C calls that undefined.
#define VSHIFT(name, insn, w)                                   \
  static uint64_t name(uint64_t a, uint64_t s) {                \
    uint64_t r;                                                 \
    __asm__(insn " %" w "0, %" w "1, %" w "2" : "=r"(r) : "r"(a), "r"(s)); \
    return w[0] == 'w' ? (uint32_t)r : r;                       \
  }
VSHIFT(lslv64, "lsl", "x")
VSHIFT(lsrv64, "lsr", "x")
VSHIFT(asrv64, "asr", "x")
VSHIFT(rorv64, "ror", "x")
VSHIFT(lslv32, "lsl", "w")
VSHIFT(lsrv32, "lsr", "w")
VSHIFT(asrv32, "asr", "w")
VSHIFT(rorv32, "ror", "w")

static uint64_t rotl64(uint64_t x, unsigned s) { return (x << (s & 63)) | (x >> ((64 - s) & 63)); }
static uint32_t rotr32(uint32_t x, unsigned s) { return (x >> (s & 31)) | (x << ((32 - s) & 31)); }

static void register_shifts(void) {
  for (int i = 0; i < 40; i++) {
    uint64_t a = val(i);
    for (uint64_t s = 0; s < 140; s += 9) {
      uint64_t amt = s | (rnd() & 0xff00);
      out("v %016llx %3llu: %016llx %016llx %016llx %016llx | %08llx %08llx %08llx %08llx\n",
          (unsigned long long)a, (unsigned long long)amt, (unsigned long long)lslv64(a, amt),
          (unsigned long long)lsrv64(a, amt), (unsigned long long)asrv64(a, amt),
          (unsigned long long)rorv64(a, amt), (unsigned long long)lslv32(a, amt),
          (unsigned long long)lsrv32(a, amt), (unsigned long long)asrv32(a, amt),
          (unsigned long long)rorv32(a, amt));
    }
  }
}

static void c_shifts(void) {
  for (int i = 0; i < 200; i++) {
    uint64_t a = val(i);
    unsigned s = (unsigned)(rnd() % 64), s32 = s & 31;
    int64_t sa = (int64_t)a;
    int32_t sa32 = (int32_t)a;
    uint32_t a32 = (uint32_t)a;
    out("c %016llx %2u %016llx %016llx %016llx %016llx %08x %08x %08x %08x\n",
        (unsigned long long)a, s, (unsigned long long)(a << s), (unsigned long long)(a >> s),
        (unsigned long long)(sa >> s), (unsigned long long)rotl64(a, s), a32 << s32, a32 >> s32,
        (uint32_t)(sa32 >> s32), rotr32(a32, s32));
    // Constant shifts become ubfm/sbfm/extr; shifted operands become add/sub/logic with shift.
    out("k %016llx %016llx %016llx %08x %016llx %016llx %016llx\n", (unsigned long long)(a << 13),
        (unsigned long long)(sa >> 41), (unsigned long long)((a >> 7) | (a << 57)),
        (uint32_t)(sa32 >> 3), (unsigned long long)(a + (a << 4)),
        (unsigned long long)(a - (uint64_t)(sa >> 2)), (unsigned long long)((a & ~(a >> 9)) ^ (a << 30)));
    uint8_t b8 = (uint8_t)a;
    int16_t s16 = (int16_t)a;
    out("n %02x %02x %04x %04x\n", (uint8_t)(b8 << (s & 7)), (uint8_t)(b8 >> (s & 7)),
        (uint16_t)(s16 >> (s & 15)), (uint16_t)(s16 << (s & 15)));
  }
}

static void bit_tricks(void) {
  for (int i = 0; i < 200; i++) {
    uint64_t x = val(i);
    uint64_t lowest = x & (0 - x);
    uint64_t clear_lowest = x & (x - 1);
    uint64_t smear = x | (x >> 1);
    smear |= smear >> 2;
    smear |= smear >> 4;
    smear |= smear >> 8;
    smear |= smear >> 16;
    smear |= smear >> 32;
    uint64_t gray = x ^ (x >> 1);
    uint64_t swapped = ((x & 0x5555555555555555ull) << 1) | ((x >> 1) & 0x5555555555555555ull);
    int pow2 = x && !(x & (x - 1));
    uint64_t sext12 = (uint64_t)(((int64_t)(x << 52)) >> 52);
    uint64_t field = (x >> 11) & 0x3ff;
    uint64_t insert = (x & ~(0xffull << 20)) | ((gray & 0xff) << 20);
    out("t %016llx %016llx %016llx %016llx %016llx %016llx %d %016llx %03llx %016llx\n",
        (unsigned long long)x, (unsigned long long)lowest, (unsigned long long)clear_lowest,
        (unsigned long long)smear, (unsigned long long)gray, (unsigned long long)swapped, pow2,
        (unsigned long long)sext12, (unsigned long long)field, (unsigned long long)insert);
  }
}

int main(void) {
  register_shifts();
  c_shifts();
  bit_tricks();
  return diff_status();
}
