/* procfs.c — /proc as the guest must see it: its own exe, cmdline, auxv and memory map
 * (never the emulator's code, heap or translation buffers) and an arm64 /proc/cpuinfo. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include <emujit.h>

#include "hostsys.h"
#include "mm.h"
#include "procfs.h"
#include "shim.h"

/* A growing text buffer; on allocation failure it stops growing and reports -ENOMEM. */
typedef struct text {
    char *p;
    size_t len, cap;
    int err;
} text;

static void text_put(text *t, const char *s, size_t n) {
    if (t->err) return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *np = realloc(t->p, cap);
        if (!np) {
            t->err = -ENOMEM;
            return;
        }
        t->p = np;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = 0;
}

__attribute__((format(printf, 2, 3))) static void text_printf(text *t, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0) text_put(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* The file name in /proc/self/NAME (also /proc/thread-self/NAME, /proc/<our pid>/NAME), or
 * NULL for any other path. */
static const char *proc_self_name(const char *p) {
    if (strncmp(p, "/proc/", 6)) return NULL;
    p += 6;
    char own[32];
    int n = snprintf(own, sizeof own, "%d/", getpid());
    if (!strncmp(p, "self/", 5)) return p + 5;
    if (!strncmp(p, "thread-self/", 12)) return p + 12;
    if (!strncmp(p, own, n)) return p + n;
    return NULL;
}

bool procfs_is_exe(const char *path) {
    const char *n = proc_self_name(path);
    return n && !strcmp(n, "exe");
}

/* --- /proc/self/maps ------------------------------------------------------------------- */

/* One line of the host's maps: range, the 's'/'p' flag, offset, "dev inode" and path. */
typedef struct host_map {
    uint64_t start, end, off;
    char share;
    char devino[64];
    const char *path;
} host_map;

static bool parse_host_map(char *line, host_map *m) {
    char perms[8];
    unsigned long long s, e, off;
    char dev[16];
    unsigned long long ino;
    int pos = 0;
    if (sscanf(line, "%llx-%llx %7s %llx %15s %llu %n", &s, &e, perms, &off, dev, &ino, &pos) < 6)
        return false;
    m->start = s, m->end = e, m->off = off;
    m->share = perms[3];
    snprintf(m->devino, sizeof m->devino, "%s %llu", dev, ino);
    m->path = pos ? line + pos : "";
    return true;
}

/* Print one guest map line as Linux does: the path starts at column 73. */
static void put_map_line(text *t, const host_map *m, uint64_t s, uint64_t e, int prot,
                         const char *path) {
    char head[160];
    int n = snprintf(head, sizeof head, "%08llx-%08llx %c%c%c%c %08llx %s ", (unsigned long long)s,
                     (unsigned long long)e, prot & GPROT_READ ? 'r' : '-',
                     prot & GPROT_WRITE ? 'w' : '-', prot & GPROT_EXEC ? 'x' : '-', m->share,
                     (unsigned long long)(m->off ? m->off + (s - m->start) : 0), m->devino);
    text_put(t, head, n);
    if (*path) {
        for (; n < 73; n++)
            text_put(t, " ", 1);
        text_put(t, path, strlen(path));
    }
    text_put(t, "\n", 1);
}

/* The label Linux gives an anonymous guest mapping: the initial stack and the brk area. */
static const char *guest_label(const host_map *m, uint64_t s, uint64_t e) {
    if (*m->path && m->path[0] != '[') return m->path;
    uint64_t blo, bhi;
    guest_brk_range(&blo, &bhi);
    if (s < shim.stack_hi && e > shim.stack_lo) return "[stack]";
    if (bhi > blo && s < bhi && e > blo) return "[heap]";
    return "";
}

/* The part of one host mapping that is guest memory, split where the guest's protection
 * changes (the host mapping never has PROT_EXEC) and merged where the guest sees one. */
static void put_guest_parts(text *t, const host_map *m) {
    mm_lock(); /* other guest threads may map and unmap meanwhile */
    size_t n = mm_region_count();
    uint64_t run_s = 0, run_e = 0;
    int run_prot = -1;
    for (size_t i = 0; i < n; i++) {
        const mm_region *r = mm_region_at(i);
        uint64_t s = r->start > m->start ? r->start : m->start;
        uint64_t e = r->end < m->end ? r->end : m->end;
        if (s >= e) continue;
        if (run_prot == r->prot && run_e == s) {
            run_e = e;
            continue;
        }
        if (run_prot >= 0) put_map_line(t, m, run_s, run_e, run_prot, guest_label(m, run_s, run_e));
        run_s = s, run_e = e, run_prot = r->prot;
    }
    if (run_prot >= 0) put_map_line(t, m, run_s, run_e, run_prot, guest_label(m, run_s, run_e));
    mm_unlock();
}

static int render_maps(text *t) {
    FILE *f = fopen("/proc/self/maps", "re");
    if (!f) return -errno;
    char line[PATH_MAX + 256];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        host_map m;
        if (parse_host_map(line, &m)) put_guest_parts(t, &m);
    }
    fclose(f);
    return 0;
}

/* --- /proc/cpuinfo --------------------------------------------------------------------- */

/* Linux's names for the AT_HWCAP bits (index = bit) and the AT_HWCAP2 bits, in the order
 * arch/arm64/kernel/cpuinfo.c prints them. */
static const char *const hwcap_names[] = {
    "fp",      "asimd", "evtstrm", "aes",   "pmull",    "sha1",   "sha2", "crc32",
    "atomics", "fphp",  "asimdhp", "cpuid", "asimdrdm", "jscvt",  "fcma", "lrcpc",
    "dcpop",   "sha3",  "sm3",     "sm4",   "asimddp",  "sha512", "sve",  "asimdfhm",
    "dit",     "uscat", "ilrcpc",  "flagm", "ssbs",     "sb",     "paca", "pacg",
};
static const char *const hwcap2_names[] = {
    "dcpodp",    "sve2",      "sveaes",  "svepmull",  "svebitperm", "svesha3",    "svesm4",
    "flagm2",    "frint",     "svei8mm", "svef32mm",  "svef64mm",   "svebf16",    "i8mm",
    "bf16",      "dgh",       "rng",     "bti",       "mte",        "ecv",        "afp",
    "rpres",     "mte3",      "sme",     "smei16i64", "smef64f64",  "smei8i32",   "smef16f32",
    "smeb16f32", "smef32f32", "smefa64", "wfxt",      "ebf16",      "sveebf16",   "cssc",
    "rprfm",     "sve2p1",    "sme2",    "sme2p1",    "smei16i32",  "smebi32i32", "smeb16b16",
    "smef16f16", "mops",      "hbc",     "sveb16b16", "lrcpc3",     "lse128",
};

/* MIDR_EL1 as the translator's MRS reports it (a Cortex-A57 r1p0). */
#define CPUINFO_MIDR 0x411fd070u

static void put_features(text *t, uint64_t caps, const char *const *names, size_t n) {
    for (size_t b = 0; b < 64; b++)
        if (caps & (1ull << b) && b < n) text_printf(t, " %s", names[b]);
}

static int render_cpuinfo(text *t) {
    int ncpu = get_nprocs_conf();
    for (int i = 0; i < (ncpu > 0 ? ncpu : 1); i++) {
        text_printf(t, "processor\t: %d\nBogoMIPS\t: 50.00\nFeatures\t:", i);
        put_features(t, jit_hwcap(), hwcap_names, sizeof hwcap_names / sizeof *hwcap_names);
        put_features(t, jit_hwcap2(), hwcap2_names, sizeof hwcap2_names / sizeof *hwcap2_names);
        text_printf(t,
                    "\nCPU implementer\t: 0x%02x\nCPU architecture: 8\nCPU variant\t: 0x%x\n"
                    "CPU part\t: 0x%03x\nCPU revision\t: %u\n\n",
                    CPUINFO_MIDR >> 24, (CPUINFO_MIDR >> 20) & 0xf, (CPUINFO_MIDR >> 4) & 0xfff,
                    CPUINFO_MIDR & 0xf);
    }
    return 0;
}

/* --- opening ---------------------------------------------------------------------------- */

/* Linux takes cmdline and auxv from the process's stack at the time of the read. */
static int render(const char *path, text *t) {
    if (!strcmp(path, "/proc/cpuinfo")) return render_cpuinfo(t);
    const char *n = proc_self_name(path);
    if (!n) return -ENOENT;
    if (!strcmp(n, "cmdline")) {
        text_put(t, (const char *)(uintptr_t)shim.args_lo, shim.args_hi - shim.args_lo);
        return 0;
    }
    if (!strcmp(n, "auxv")) {
        text_put(t, (const char *)(uintptr_t)shim.auxv_at, shim.auxv_len);
        return 0;
    }
    if (!strcmp(n, "maps")) return render_maps(t);
    return -ENOENT;
}

static bool is_emulated(const char *path) {
    const char *n = proc_self_name(path);
    if (n) return !strcmp(n, "cmdline") || !strcmp(n, "auxv") || !strcmp(n, "maps");
    return !strcmp(path, "/proc/cpuinfo");
}

/* The guest gets the memfd's number back, but opened read-only at offset 0 as a real
 * /proc file would be. */
static long reopen_read_only(long fd, int flags) {
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%ld", fd);
    long ro = hsys3(SYS_open, self, O_RDONLY | (flags & O_CLOEXEC), 0);
    if (ro < 0) return ro;
    long r = hsys3(SYS_dup3, ro, fd, flags & O_CLOEXEC);
    hsys1(SYS_close, ro);
    return r < 0 ? r : 0;
}

long procfs_open(const char *path, int flags) {
    if (!is_emulated(path)) return 0;
    if ((flags & O_ACCMODE) != O_RDONLY) return -EACCES;
    text t = {0};
    int r = render(path, &t);
    if (!r) r = t.err;
    long fd = r ? r : hsys2(SYS_memfd_create, "emu-proc", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    if (fd >= 0) {
        long w = 0;
        for (size_t done = 0; done < t.len && w >= 0; done += w)
            w = hsys3(SYS_write, fd, t.p + done, t.len - done);
        if (w >= 0) w = reopen_read_only(fd, flags);
        if (w < 0) {
            hsys1(SYS_close, fd);
            fd = w;
        }
    }
    free(t.p);
    return fd;
}
