/* nzcv.c — conversion between the architectural NZCV and the host form kept in emu_cpu
 * (lahf image in bits 15:8 with CF = NOT C, OF in bit 0), see translate.h. */
#include "emujit.h"

uint32_t jit_nzcv_get(const emu_cpu *cpu) {
    uint32_t ah = (uint32_t)(cpu->nzcv_host >> 8) & 0xff;
    uint32_t n = (ah >> 7) & 1, z = (ah >> 6) & 1, c = !(ah & 1), v = cpu->nzcv_host & 1;
    return (n << 31) | (z << 30) | (c << 29) | (v << 28);
}

void jit_nzcv_set(emu_cpu *cpu, uint32_t nzcv) {
    uint32_t n = (nzcv >> 31) & 1, z = (nzcv >> 30) & 1, c = (nzcv >> 29) & 1, v = (nzcv >> 28) & 1;
    uint32_t ah = (n << 7) | (z << 6) | 0x02 | (c ? 0 : 1);
    cpu->nzcv_host = (ah << 8) | v;
}
