/* /proc/cpuinfo is an arm64 one: each processor's Features line names exactly the AT_HWCAP and
 * AT_HWCAP2 bits (with the kernel's names), and its MIDR fields match what MRS MIDR_EL1 returns. */
#include <asm/hwcap.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static const struct { unsigned long bit; const char *name; } caps[] = {
    {HWCAP_FP, "fp"}, {HWCAP_ASIMD, "asimd"}, {HWCAP_EVTSTRM, "evtstrm"}, {HWCAP_AES, "aes"},
    {HWCAP_PMULL, "pmull"}, {HWCAP_SHA1, "sha1"}, {HWCAP_SHA2, "sha2"}, {HWCAP_CRC32, "crc32"},
    {HWCAP_ATOMICS, "atomics"}, {HWCAP_FPHP, "fphp"}, {HWCAP_ASIMDHP, "asimdhp"},
    {HWCAP_CPUID, "cpuid"}, {HWCAP_ASIMDRDM, "asimdrdm"}, {HWCAP_JSCVT, "jscvt"},
    {HWCAP_FCMA, "fcma"}, {HWCAP_LRCPC, "lrcpc"}, {HWCAP_DCPOP, "dcpop"}, {HWCAP_SHA3, "sha3"},
    {HWCAP_SM3, "sm3"}, {HWCAP_SM4, "sm4"}, {HWCAP_ASIMDDP, "asimddp"}, {HWCAP_SHA512, "sha512"},
    {HWCAP_SVE, "sve"}, {HWCAP_ASIMDFHM, "asimdfhm"}, {HWCAP_DIT, "dit"}, {HWCAP_USCAT, "uscat"},
    {HWCAP_ILRCPC, "ilrcpc"}, {HWCAP_FLAGM, "flagm"}, {HWCAP_SSBS, "ssbs"}, {HWCAP_SB, "sb"},
    {HWCAP_PACA, "paca"}, {HWCAP_PACG, "pacg"},
};
static const struct { unsigned long bit; const char *name; } caps2[] = {
    {HWCAP2_DCPODP, "dcpodp"}, {HWCAP2_SVE2, "sve2"}, {HWCAP2_SVEAES, "sveaes"},
    {HWCAP2_SVEPMULL, "svepmull"}, {HWCAP2_SVEBITPERM, "svebitperm"}, {HWCAP2_SVESHA3, "svesha3"},
    {HWCAP2_SVESM4, "svesm4"}, {HWCAP2_FLAGM2, "flagm2"}, {HWCAP2_FRINT, "frint"},
    {HWCAP2_SVEI8MM, "svei8mm"}, {HWCAP2_SVEF32MM, "svef32mm"}, {HWCAP2_SVEF64MM, "svef64mm"},
    {HWCAP2_SVEBF16, "svebf16"}, {HWCAP2_I8MM, "i8mm"}, {HWCAP2_BF16, "bf16"}, {HWCAP2_DGH, "dgh"},
    {HWCAP2_RNG, "rng"}, {HWCAP2_BTI, "bti"}, {HWCAP2_MTE, "mte"},
};

int main(void) {
    char want[1024] = "", line[1024];
    unsigned long h = getauxval(AT_HWCAP), h2 = getauxval(AT_HWCAP2), known = 0, known2 = 0;
    for (size_t i = 0; i < sizeof caps / sizeof *caps; i++) {
        known |= caps[i].bit;
        if (h & caps[i].bit) strcat(strcat(want, " "), caps[i].name);
    }
    for (size_t i = 0; i < sizeof caps2 / sizeof *caps2; i++) {
        known2 |= caps2[i].bit;
        if (h2 & caps2[i].bit) strcat(strcat(want, " "), caps2[i].name);
    }
    if ((h & ~known) || (h2 & ~known2)) printf("hwcaps this test cannot name: %lx %lx\n", h & ~known, h2 & ~known2);
    uint64_t midr = 0;
    if (h & HWCAP_CPUID) __asm__ volatile("mrs %0, midr_el1" : "=r"(midr));
    FILE *f = fopen("/proc/cpuinfo", "r");
    int procs = 0, bad = 0, fields = 0;
    unsigned v;
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!strncmp(line, "processor\t:", 11)) procs++;
        else if (!strncmp(line, "Features\t:", 10)) {
            if (strcmp(line + 10, want)) printf("Features:%s\n    want:%s\n", line + 10, want), bad++;
        } else if (sscanf(line, "CPU implementer\t: %x", &v) == 1) {
            fields++, bad += v != (midr >> 24 & 0xff);
        } else if (sscanf(line, "CPU variant\t: %x", &v) == 1) {
            fields++, bad += v != (midr >> 20 & 0xf);
        } else if (sscanf(line, "CPU part\t: %x", &v) == 1) {
            fields++, bad += v != (midr >> 4 & 0xfff);
        } else if (sscanf(line, "CPU revision\t: %u", &v) == 1) {
            fields++, bad += v != (midr & 0xf);
        }
    }
    long online = sysconf(_SC_NPROCESSORS_CONF);
    printf("processors %s, MIDR fields %s, mismatches %d\n", procs > 0 && procs == online ? "as many as configured" : "wrong",
           fields == 4 * procs ? "all present" : "missing", bad);
    return bad || !procs;
}
