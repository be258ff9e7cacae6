/* test_decode.c — the A64 decoder: known encodings (taken from GNU objdump output) reach the
 * right pattern, unallocated ones reach none, and the NZCV classification is right. */
#include "a64.h"

#include <criterion/criterion.h>
#include <string.h>

static const struct {
    uint32_t insn;
    const char *name;
} known[] = {
    {0x14000010, "b/bl"},        {0x94000010, "b/bl"},
    {0x54ffffa1, "b.cond"},      {0xb4000040, "cbz/cbnz"},
    {0x37100041, "tbz/tbnz"},    {0xd61f0200, "br/blr"},
    {0xd63f0020, "br/blr"},      {0xd65f03c0, "ret"},
    {0xd4000001, "svc"},         {0xd4207d00, "brk"},
    {0xd503201f, "hint"},        {0xd5033bbf, "barrier"},
    {0xd53bd040, "mrs"},         {0xd51b4400, "msr"},
    {0xd50b7420, "dc zva"},      {0xf00000f2, "adr/adrp"},
    {0x913fc240, "add/sub imm"}, {0xf10400ff, "add/sub imm"},
    {0x72000002, "logic imm"},   {0x52906406, "movw"},
    {0x72bdb706, "movw"},        {0x53017c00, "bitfield"},
    {0x93407cc9, "bitfield"},    {0x93c14400, "extr"},
    {0x4a422002, "logic reg"},   {0xeb03003f, "add/sub shifted"},
    {0x8b2dc3e1, "add/sub ext"}, {0x9a0300a5, "adc/sbc"},
    {0xfa451824, "ccmp/ccmn"},   {0x1a801040, "csel"},
    {0x9ac30c41, "dp 2-source"}, {0xdac01020, "dp 1-source"},
    {0x9b047c00, "dp 3-source"}, {0x9bc37c41, "dp 3-source"},
    {0x1ac24020, "crc32"},     {0xb9402006, "ldst uimm"},
    {0xf85f8c20, "ldst imm9"},   {0xb8277900, "ldst reg"},
    {0xa9a97bfd, "ldst pair"},   {0x58000040, "ldr literal"},
    {0xc85ffc20, "exclusive"},   {0xc8dffc20, "exclusive"},
    {0xf8e00020, "lse atomic"},  {0xb8a08020, "lse atomic"},
};

Test(decode, known_encodings_reach_their_pattern) {
    a64_decode_init();
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        int slot;
        const a64_pattern *p = a64_decode(known[i].insn, &slot);
        cr_expect(p != NULL, "%08x undecoded", known[i].insn);
        if (p)
            cr_expect(strcmp(p->name, known[i].name) == 0, "%08x: %s, want %s", known[i].insn,
                      p->name, known[i].name);
    }
}

Test(decode, unallocated_encodings_decode_to_nothing) {
    a64_decode_init();
    static const uint32_t bad[] = {0x00000000, 0x0000ffff /* UDF */, 0xffffffff};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect(a64_decode(bad[i], NULL) == NULL, "%08x decoded", bad[i]);
}

Test(decode, helper_slots_are_distinct_and_in_range) {
    a64_decode_init();
    int n = a64_helper_count(), slot;
    cr_assert(n > 0);
    const a64_pattern *p = a64_decode(0x9ac04c00 /* crc32x */, &slot);
    cr_assert(p && p->helper);
    cr_expect(slot >= 0 && slot < n);
    cr_expect(a64_helper_table()[slot] == (void *)p->helper);
}

Test(decode, nzcv_use) {
    a64_decode_init();
    cr_expect(a64_nzcv_use(0xeb03003f) == A64_NZCV_WRITE); /* cmp x1, x3 */
    cr_expect(a64_nzcv_use(0xf10400ff) == A64_NZCV_WRITE); /* cmp x7, #0x100 */
    cr_expect(a64_nzcv_use(0x54ffffa1) == A64_NZCV_READ);  /* b.ne */
    cr_expect(a64_nzcv_use(0x1a801040) == A64_NZCV_READ);  /* csel */
    cr_expect(a64_nzcv_use(0x9a0300a5) == A64_NZCV_READ);  /* adc */
    cr_expect(a64_nzcv_use(0x8b030041) == A64_NZCV_NONE);  /* add */
    cr_expect(a64_nzcv_use(0xd65f03c0) == A64_NZCV_STOP);  /* ret */
}
