/* mm.c — bookkeeping of the guest address space: the sorted list of guest regions with
 * their guest protections, the emulator's own ranges, and access checks on guest pointers. */
#include "mm.h"

#include <emujit.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct range {
    uint64_t start, end;
} range;

static mm_region *regs;
static size_t nregs, capregs;
static range *emu_ranges;
static size_t nemu, capemu;
static struct jit *mm_jit;

/* Guest threads share the address space: every public entry point below takes this lock
 * (recursive: the memory syscalls in mm_sys.c hold it across a whole operation, so a
 * translation racing with munmap/mprotect either sees the old mapping and is then
 * invalidated, or the new one). */
static pthread_mutex_t mm_mu = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void mm_lock(void) {
    pthread_mutex_lock(&mm_mu);
}

void mm_unlock(void) {
    pthread_mutex_unlock(&mm_mu);
}

void mm_after_fork(void) {
    pthread_mutex_t fresh = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
    mm_mu = fresh;
}

static void *grow(void *p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return p;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    p = realloc(p, n * elem);
    if (!p) {
        fputs("emu-exec: out of memory (guest region list)\n", stderr);
        abort();
    }
    *cap = n;
    return p;
}

static void mm_own_emulator_nl(uint64_t start, uint64_t end) {
    if (start >= GUEST_ADDR_TOP || start >= end) return;
    emu_ranges = grow(emu_ranges, &capemu, nemu + 1, sizeof *emu_ranges);
    size_t i = nemu;
    while (i > 0 && emu_ranges[i - 1].start > start) {
        emu_ranges[i] = emu_ranges[i - 1];
        i--;
    }
    emu_ranges[i] = (range){start, end};
    nemu++;
}

static bool mm_is_emulator_nl(uint64_t start, uint64_t end) {
    for (size_t i = 0; i < nemu && emu_ranges[i].start < end; i++)
        if (emu_ranges[i].end > start) return true;
    return false;
}

/* Everything mapped before the guest exists is the emulator's: its image, heap, stacks,
 * vdso and the JIT's code buffer. Mappings made later are caught by mm_claim_fixed's
 * MAP_FIXED_NOREPLACE probe, so this snapshot need not be complete to be safe. */
int mm_init(struct jit *j) {
    mm_jit = j;
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    char buf[8192], line[512];
    size_t ll = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] != '\n') {
                if (ll < sizeof line - 1) line[ll++] = buf[i];
                continue;
            }
            line[ll] = 0;
            ll = 0;
            unsigned long long s, e;
            if (sscanf(line, "%llx-%llx", &s, &e) == 2) mm_own_emulator(s, e);
        }
    }
    close(fd);
    return n < 0 ? -errno : 0;
}

/* Index of the first region whose end is above addr (nregs if none). */
static size_t first_after(uint64_t addr) {
    size_t lo = 0, hi = nregs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (regs[mid].end <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Replace regs[i, j) by the n regions in put. */
static void regs_splice(size_t i, size_t j, const mm_region *put, size_t n) {
    if (n > j - i) regs = grow(regs, &capregs, nregs + n - (j - i), sizeof *regs);
    memmove(regs + i + n, regs + j, (nregs - j) * sizeof *regs);
    memcpy(regs + i, put, n * sizeof *regs);
    nregs = nregs + n - (j - i);
}

static void mm_region_remove_nl(uint64_t start, uint64_t end) {
    size_t i = first_after(start), j = i;
    mm_region keep[2];
    size_t nk = 0;
    for (; j < nregs && regs[j].start < end; j++) {
        if (regs[j].start < start) keep[nk++] = (mm_region){regs[j].start, start, regs[j].prot};
        if (regs[j].end > end) keep[nk++] = (mm_region){end, regs[j].end, regs[j].prot};
    }
    if (j > i) regs_splice(i, j, keep, nk);
}

static void mm_region_add_nl(uint64_t start, uint64_t end, int prot) {
    if (start >= end) return;
    mm_region_remove(start, end);
    size_t i = first_after(start);
    mm_region r = {start, end, prot};
    /* merge with equal neighbours so a list of many small mprotects stays short */
    size_t lo = i, hi = i;
    if (i > 0 && regs[i - 1].end == start && regs[i - 1].prot == prot) r.start = regs[--lo].start;
    if (i < nregs && regs[i].start == end && regs[i].prot == prot) r.end = regs[hi++].end;
    regs_splice(lo, hi, &r, 1);
}

const mm_region *mm_region_find(uint64_t addr) {
    size_t i = first_after(addr);
    return i < nregs && regs[i].start <= addr ? &regs[i] : NULL;
}

size_t mm_region_count(void) {
    return nregs;
}
const mm_region *mm_region_at(size_t i) {
    return i < nregs ? &regs[i] : NULL;
}

static bool guest_access_ok_nl(uint64_t addr, uint64_t len, int prot) {
    if (len == 0) return true;
    uint64_t end = addr + len;
    if (end < addr || end > GUEST_ADDR_TOP) return false;
    for (size_t i = first_after(addr); addr < end; i++) {
        if (i >= nregs || regs[i].start > addr || (regs[i].prot & prot) != prot) return false;
        addr = regs[i].end;
    }
    return true;
}

static uint64_t guest_extent_nl(uint64_t addr, uint64_t len, int prot) {
    uint64_t end = addr + len, p = addr;
    if (end < addr || end > GUEST_ADDR_TOP) end = GUEST_ADDR_TOP;
    if (addr >= end) return 0;
    for (size_t i = first_after(addr); p < end; i++) {
        if (i >= nregs || regs[i].start > p || (regs[i].prot & prot) != prot) break;
        p = regs[i].end;
    }
    return (p < end ? p : end) - addr;
}

/* Drop translations of guest code in [start, end) before that memory changes. */
static void mm_invalidate_exec_nl(uint64_t start, uint64_t end) {
    for (size_t i = first_after(start); i < nregs && regs[i].start < end; i++) {
        if (!(regs[i].prot & GPROT_EXEC) || !mm_jit) continue;
        uint64_t s = regs[i].start > start ? regs[i].start : start;
        uint64_t e = regs[i].end < end ? regs[i].end : end;
        jit_invalidate(mm_jit, s, e - s);
    }
}

/* Call fn on each part of [start, end) that no guest region covers. Stops at the first
 * non-zero return of fn and returns it. */
static long for_each_gap(uint64_t start, uint64_t end, long (*fn)(uint64_t, uint64_t)) {
    uint64_t p = start;
    for (size_t i = first_after(start); p < end; i++) {
        uint64_t next = i < nregs && regs[i].start < end ? regs[i].start : end;
        if (next > p) {
            long r = fn(p, next);
            if (r) return r;
        }
        if (i >= nregs || regs[i].start >= end) break;
        p = regs[i].end;
    }
    return 0;
}

/* Gap reservation state (under mm_mu). */
static uint64_t claim_done;

static long reserve_gap(uint64_t s, uint64_t e) {
    void *r = mmap((void *)s, e - s, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (r == MAP_FAILED) return -errno;
    if ((uint64_t)r != s) { /* kernel without MAP_FIXED_NOREPLACE: treat as taken */
        munmap(r, e - s);
        return -EEXIST;
    }
    claim_done = e;
    return 0;
}

static long release_gap(uint64_t s, uint64_t e) {
    if (s >= claim_done) return 1;
    munmap((void *)s, (e < claim_done ? e : claim_done) - s);
    return 0;
}

static void mm_release_fixed_nl(uint64_t addr, uint64_t len) {
    claim_done = addr + len;
    for_each_gap(addr, addr + len, release_gap);
}

/* The guest may not take emulator memory. The kernel answers ENOMEM for addresses that
 * are not available to a process at all (beyond TASK_SIZE), which is what emulator
 * memory is from the guest's point of view; NOREPLACE callers expect EEXIST and retry
 * elsewhere, so they get that. */
static long mm_claim_fixed_nl(uint64_t addr, uint64_t len, bool noreplace) {
    uint64_t end = addr + len;
    long busy = noreplace ? -EEXIST : -ENOMEM;
    if (len == 0 || end < addr || end > GUEST_ADDR_TOP) return -ENOMEM;
    if (mm_is_emulator(addr, end)) return busy;
    if (noreplace) {
        size_t i = first_after(addr);
        if (i < nregs && regs[i].start < end) return -EEXIST;
    }
    claim_done = addr;
    long r = for_each_gap(addr, end, reserve_gap);
    if (r) {
        for_each_gap(addr, end, release_gap);
        return r == -EEXIST ? busy : r;
    }
    return 0;
}

static bool mm_guest_executable_nl(uint64_t addr) {
    const mm_region *r = mm_region_find(addr);
    return r && (r->prot & GPROT_EXEC);
}

/* ---- locked entry points ---- */

void mm_own_emulator(uint64_t start, uint64_t end) {
    mm_lock();
    mm_own_emulator_nl(start, end);
    mm_unlock();
}

bool mm_is_emulator(uint64_t start, uint64_t end) {
    mm_lock();
    bool r = mm_is_emulator_nl(start, end);
    mm_unlock();
    return r;
}

void mm_region_remove(uint64_t start, uint64_t end) {
    mm_lock();
    mm_region_remove_nl(start, end);
    mm_unlock();
}

void mm_region_add(uint64_t start, uint64_t end, int prot) {
    mm_lock();
    mm_region_add_nl(start, end, prot);
    mm_unlock();
}

bool guest_access_ok(uint64_t addr, uint64_t len, int prot) {
    mm_lock();
    bool r = guest_access_ok_nl(addr, len, prot);
    mm_unlock();
    return r;
}

uint64_t guest_extent(uint64_t addr, uint64_t len, int prot) {
    mm_lock();
    uint64_t r = guest_extent_nl(addr, len, prot);
    mm_unlock();
    return r;
}

void mm_invalidate_exec(uint64_t start, uint64_t end) {
    mm_lock();
    mm_invalidate_exec_nl(start, end);
    mm_unlock();
}

void mm_release_fixed(uint64_t addr, uint64_t len) {
    mm_lock();
    mm_release_fixed_nl(addr, len);
    mm_unlock();
}

long mm_claim_fixed(uint64_t addr, uint64_t len, bool noreplace) {
    mm_lock();
    long r = mm_claim_fixed_nl(addr, len, noreplace);
    mm_unlock();
    return r;
}

bool mm_guest_executable(uint64_t addr) {
    mm_lock();
    bool r = mm_guest_executable_nl(addr);
    mm_unlock();
    return r;
}

bool mm_region_get(uint64_t addr, mm_region *out) {
    mm_lock();
    const mm_region *r = mm_region_find(addr);
    if (r) *out = *r;
    mm_unlock();
    return r != NULL;
}
