// tests/diff/progs/structs.c: aggregates: struct copies of many sizes (inline and memcpy-based),
// pass and return by value (registers, HFAs, indirect), packed and unaligned members, bitfields, unions.
#include "diff.h"

struct s1 { uint8_t a; };
struct s3 { uint8_t a, b, c; };
struct s12 { uint32_t a, b, c; };
struct s16 { uint64_t a, b; };
struct s24 { uint64_t a, b, c; };
struct big { uint64_t w[37]; uint8_t tail[5]; };
struct hfa { double x, y, z, w; };
struct hfaf { float x, y, z; };
struct mixed { char c; double d; short s; int64_t l; float f; };
struct __attribute__((packed)) packed { uint8_t tag; uint32_t u32; uint64_t u64; uint16_t u16; };
struct bits {
  unsigned a : 3;
  signed b : 5;
  unsigned c : 12;
  signed d : 20;
  unsigned long long e : 40;
  unsigned f : 1;
};
union pun { double d; uint64_t u; float f[2]; uint8_t b[8]; };

__attribute__((noinline)) static struct s24 make24(uint64_t x) { return (struct s24){x, x * 3, ~x}; }
__attribute__((noinline)) static struct s16 swap16(struct s16 v) { return (struct s16){v.b, v.a}; }
__attribute__((noinline)) static struct s3 rot3(struct s3 v) { return (struct s3){v.b, v.c, v.a}; }
__attribute__((noinline)) static struct hfa scale(struct hfa h, double k) {
  return (struct hfa){h.x * k, h.y * k, h.z + k, h.w - k};
}
__attribute__((noinline)) static struct hfaf addf(struct hfaf a, struct hfaf b) {
  return (struct hfaf){a.x + b.x, a.y + b.y, a.z * b.z};
}
__attribute__((noinline)) static uint64_t sum_big(struct big b) {
  uint64_t s = 0;
  for (int i = 0; i < 37; i++) s = s * 3 + b.w[i];
  return s + b.tail[4];
}
__attribute__((noinline)) static struct big bump(struct big b) {
  for (int i = 0; i < 37; i++) b.w[i] += (uint64_t)i;
  b.tail[0]++;
  return b;
}
__attribute__((noinline)) static struct mixed mix_in(struct mixed m, struct s12 t, struct s1 u) {
  m.c = (char)(m.c + u.a);
  m.d += t.a;
  m.s = (short)(m.s - (short)t.b);
  m.l ^= t.c;
  m.f *= 2;
  return m;
}

int main(void) {
  for (int i = 0; i < 60; i++) {
    uint64_t x = val(i);
    struct s24 a = make24(x);
    struct s16 b = swap16((struct s16){x, x >> 3});
    struct s3 c = rot3((struct s3){(uint8_t)x, (uint8_t)(x >> 8), (uint8_t)(x >> 16)});
    out("s24 %llx %llx %llx s16 %llx %llx s3 %u %u %u\n", (unsigned long long)a.a, (unsigned long long)a.b,
        (unsigned long long)a.c, (unsigned long long)b.a, (unsigned long long)b.b, c.a, c.b, c.c);
    struct hfa h = scale((struct hfa){(double)i, 0.5, -1.25, 1e10}, 1.5 + i);
    struct hfaf f = addf((struct hfaf){1.5f, (float)i, 2}, (struct hfaf){0.25f, -3, (float)i});
    out("hfa %a %a %a %a hfaf %a %a %a\n", h.x, h.y, h.z, h.w, (double)f.x, (double)f.y, (double)f.z);
    struct big g;
    for (int k = 0; k < 37; k++) g.w[k] = x + (uint64_t)k * 0x1111;
    memcpy(g.tail, "abcde", 5);
    struct big g2 = bump(g);
    struct big g3 = g2;  // plain assignment: an inline copy loop or memcpy
    out("big %016llx %016llx %c\n", (unsigned long long)sum_big(g), (unsigned long long)sum_big(g3), g3.tail[0]);
    struct mixed m = mix_in((struct mixed){'a', 2.5, 300, (int64_t)x, 1.5f}, (struct s12){1, 2, 3}, (struct s1){4});
    out("mixed %c %a %d %lld %a\n", m.c, m.d, m.s, (long long)m.l, (double)m.f);
  }
  struct packed arr[17];
  uint8_t *raw = (uint8_t *)arr;
  for (size_t k = 0; k < sizeof arr; k++) raw[k] = (uint8_t)(k * 37 + 11);
  for (int k = 0; k < 17; k++) {
    arr[k].u64 += (uint64_t)k << 40;
    arr[k].u32 ^= 0xdeadbeefu;
    out("packed %d %02x %08x %016llx %04x\n", k, arr[k].tag, arr[k].u32, (unsigned long long)arr[k].u64, arr[k].u16);
  }
  for (int k = 0; k < 50; k++) {
    uint64_t r = rnd();
    struct bits bf = {0};
    bf.a = r & 7;
    bf.b = (int)(r >> 3) % 16;
    bf.c = (r >> 8) & 0xfff;
    bf.d = (int)((r >> 20) & 0xfffff) - 0x80000;
    bf.e = r >> 24;
    bf.f = (r >> 63) & 1;
    bf.c += bf.a * 100;
    bf.b = (signed)(bf.b * 3 % 16);
    out("bits %u %d %u %d %llx %u size %zu\n", bf.a, bf.b, bf.c, bf.d, (unsigned long long)bf.e, bf.f, sizeof bf);
    union pun p = {.u = r};
    out("pun %a %a %a %u\n", p.d, (double)p.f[0], (double)p.f[1], p.b[7]);
  }
  return diff_status();
}
