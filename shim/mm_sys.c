/* mm_sys.c — the guest's memory system calls (mmap, munmap, mprotect, mremap, madvise,
 * brk) on top of the region list: same argument checks and errors as Linux arm64. */
#include "emud_link.h"
#include "mm.h"

#include <errno.h>
#include <sys/mman.h>

#include "hostsys.h"

#define GPROT_BTI  0x10 /* arm64 branch protection: accepted, nothing to enforce */
#define GPROT_MTE  0x20 /* arm64 memory tagging: not offered (no HWCAP2_MTE) */
#define GMAP_32BIT 0x40 /* x86-only flag; the guest bit means nothing on arm64 */

/* Host protection for a guest one: never executable (guest code is only read by the
 * translator), but readable when the guest may execute it. */
static int host_prot(int prot) {
    int h = prot & (PROT_READ | PROT_WRITE);
    if (prot & PROT_EXEC) h |= PROT_READ;
    return h | (prot & (PROT_GROWSDOWN | PROT_GROWSUP));
}

static int guest_prot_ok(int prot) {
    return !(prot &
             ~(PROT_READ | PROT_WRITE | PROT_EXEC | GPROT_BTI | PROT_GROWSDOWN | PROT_GROWSUP));
}

/* The guest's private anonymous memory (a compiler's heap) is offered transparent huge
 * pages: under shadow paging (the virtual machines builds run in) each 4 KiB page a process
 * touches first costs 5-15 us, a 2 MiB huge page one fault and its zeroing. Nothing the
 * guest can observe changes but its resident size: every such mapping gets the same advice,
 * so they merge into one area (and mremap across them works) exactly as they would natively;
 * its own madvise (MADV_NOHUGEPAGE) still decides. MAP_STACK is left alone: the kernel gives
 * stacks no huge pages, natively too. */
static void huge_hint(uint64_t addr, uint64_t len, int flags) {
    if ((flags & (MAP_ANONYMOUS | MAP_SHARED_VALIDATE | MAP_STACK)) ==
        (MAP_ANONYMOUS | MAP_PRIVATE))
        hsys3(SYS_madvise, addr, len, MADV_HUGEPAGE);
}

static long mmap_fixed(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off) {
    if (addr & (GUEST_PAGE - 1)) return -EINVAL;
    long r = mm_claim_fixed(addr, len, flags & MAP_FIXED_NOREPLACE);
    if (r) return r;
    flags = (flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED;
    r = hsys6(SYS_mmap, addr, len, host_prot(prot), flags, fd, off);
    if (hsys_is_err(r)) {
        mm_release_fixed(addr, len);
        return r;
    }
    mm_invalidate_exec(addr, addr + len);
    mm_region_add(addr, addr + len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
    huge_hint(addr, len, flags);
    if ((prot & PROT_EXEC) && fd >= 0)
        emud_link_image(fd, addr, len, off);
    else
        emud_link_unmap(addr, len);
    return r;
}

static long guest_mmap_nl(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off) {
    if (!guest_prot_ok(prot)) return -EINVAL;
    if (len == 0 || (off & (GUEST_PAGE - 1))) return -EINVAL;
    int type = flags & MAP_SHARED_VALIDATE;
    if (type == 0) return -EINVAL;
    if (GUEST_PAGE_UP(len) < len || GUEST_PAGE_UP(len) > GUEST_ADDR_TOP) return -ENOMEM;
    len = GUEST_PAGE_UP(len);
    flags &= ~GMAP_32BIT;
    if (flags & MAP_ANONYMOUS) fd = -1;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))
        return mmap_fixed(addr, len, prot, flags, fd, off);

    uint64_t hint = GUEST_PAGE_DOWN(addr);
    if (hint >= GUEST_ADDR_TOP || GUEST_ADDR_TOP - hint < len) hint = 0;
    long r = hsys6(SYS_mmap, hint, len, host_prot(prot), flags, fd, off);
    if (hsys_is_err(r)) return r;
    if ((uint64_t)r + len > GUEST_ADDR_TOP) { /* only with 5-level paging and a high hint */
        hsys2(SYS_munmap, r, len);
        return -ENOMEM;
    }
    mm_region_add(r, r + len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
    if ((prot & PROT_EXEC) && fd >= 0) emud_link_image(fd, (uint64_t)r, len, off);
    huge_hint((uint64_t)r, len, flags);
    return r;
}

static long guest_munmap_nl(uint64_t addr, uint64_t len) {
    if ((addr & (GUEST_PAGE - 1)) || len == 0) return -EINVAL;
    len = GUEST_PAGE_UP(len);
    if (len > GUEST_ADDR_TOP || addr > GUEST_ADDR_TOP - len) return -EINVAL;
    uint64_t end = addr + len;
    /* only the guest's own pieces: the gaps may be emulator memory */
    for (size_t i = 0; i < mm_region_count(); i++) {
        const mm_region *g = mm_region_at(i);
        if (g->end <= addr) continue;
        if (g->start >= end) break;
        uint64_t s = g->start > addr ? g->start : addr, e = g->end < end ? g->end : end;
        long r = hsys2(SYS_munmap, s, e - s);
        if (hsys_is_err(r)) return r;
    }
    mm_invalidate_exec(addr, end);
    mm_region_remove(addr, end);
    emud_link_unmap(addr, len);
    return 0;
}

static long guest_mprotect_nl(uint64_t addr, uint64_t len, int prot) {
    if (addr & (GUEST_PAGE - 1)) return -EINVAL;
    if ((prot & GPROT_MTE) || !guest_prot_ok(prot)) return -EINVAL;
    if (len == 0) return 0;
    len = GUEST_PAGE_UP(len);
    if (len == 0 || addr + len < addr) return -ENOMEM;
    if (!guest_access_ok(addr, len, 0)) return -ENOMEM;
    long r = hsys3(SYS_mprotect, addr, len, host_prot(prot));
    if (hsys_is_err(r)) return r;
    prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
    for (uint64_t p = addr; p < addr + len;) {
        const mm_region *g = mm_region_find(p);
        uint64_t e = g->end < addr + len ? g->end : addr + len;
        if (g->prot != prot) mm_invalidate_exec(p, e);
        p = e;
    }
    mm_region_add(addr, addr + len, prot);
    return 0;
}

static long guest_mremap_nl(uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
                            uint64_t new_addr) {
    if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) return -EINVAL;
    if ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) && !(flags & MREMAP_MAYMOVE)) return -EINVAL;
    if (old & (GUEST_PAGE - 1)) return -EINVAL;
    old_len = GUEST_PAGE_UP(old_len);
    new_len = GUEST_PAGE_UP(new_len);
    if (new_len == 0 || new_len > GUEST_ADDR_TOP) return -EINVAL;
    const mm_region *g = mm_region_find(old);
    if (!g || !guest_access_ok(old, old_len, 0)) return -EFAULT;
    int prot = g->prot;
    long r;
    if (flags & MREMAP_FIXED) {
        if (new_addr & (GUEST_PAGE - 1)) return -EINVAL;
        if (new_addr < old + old_len && old < new_addr + new_len) return -EINVAL;
        r = mm_claim_fixed(new_addr, new_len, false);
        if (r) return r;
        r = hsys5(SYS_mremap, old, old_len, new_len, flags, new_addr);
        if (hsys_is_err(r)) {
            mm_release_fixed(new_addr, new_len);
            return r;
        }
    } else {
        /* in place, the kernel only grows into unmapped space; a move goes where it likes */
        r = hsys4(SYS_mremap, old, old_len, new_len, flags);
        if (hsys_is_err(r)) return r;
    }
    mm_invalidate_exec(old, old + (old_len ? old_len : new_len));
    if (!(flags & MREMAP_DONTUNMAP)) mm_region_remove(old, old + old_len);
    mm_invalidate_exec(r, r + new_len);
    mm_region_add(r, r + new_len, prot);
    return r;
}

static long guest_madvise_nl(uint64_t addr, uint64_t len, int advice) {
    if (addr & (GUEST_PAGE - 1)) return -EINVAL;
    if (GUEST_PAGE_UP(len) < len) return -EINVAL;
    len = GUEST_PAGE_UP(len);
    if (len == 0) return 0;
    if (!guest_access_ok(addr, len, 0)) return -ENOMEM;
    if (advice == MADV_DONTNEED || advice == MADV_FREE || advice == MADV_REMOVE)
        mm_invalidate_exec(addr, addr + len);
    return hsys3(SYS_madvise, addr, len, advice);
}

static uint64_t brk_start, brk_cur, brk_mapped;

void guest_brk_init(uint64_t start) {
    brk_start = brk_cur = brk_mapped = GUEST_PAGE_UP(start);
}

/* Linux semantics: the break moves by whole pages, fails (returns the old break) when
 * anything is in the way, and memory given back and taken again reads as zero. */
static uint64_t guest_brk_nl(uint64_t want) {
    if (want < brk_start || want > GUEST_ADDR_TOP) return brk_cur;
    uint64_t end = GUEST_PAGE_UP(want);
    if (end > brk_mapped) {
        if (mm_is_emulator(brk_mapped, end)) return brk_cur;
        long r = hsys6(SYS_mmap, brk_mapped, end - brk_mapped, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (hsys_is_err(r)) return brk_cur;
        if ((uint64_t)r != brk_mapped) {
            hsys2(SYS_munmap, r, end - brk_mapped);
            return brk_cur;
        }
        mm_region_add(brk_mapped, end, PROT_READ | PROT_WRITE);
    } else if (end < brk_mapped) {
        hsys2(SYS_munmap, end, brk_mapped - end);
        mm_invalidate_exec(end, brk_mapped);
        mm_region_remove(end, brk_mapped);
    }
    brk_mapped = end;
    brk_cur = want;
    return brk_cur;
}

void guest_brk_range(uint64_t *start, uint64_t *end) {
    *start = brk_start;
    *end = brk_mapped;
}

/* One memory syscall at a time: the guest's threads share the address space. */
long guest_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off) {
    mm_lock();
    long r = guest_mmap_nl(addr, len, prot, flags, fd, off);
    mm_unlock();
    return r;
}

long guest_munmap(uint64_t addr, uint64_t len) {
    mm_lock();
    long r = guest_munmap_nl(addr, len);
    mm_unlock();
    return r;
}

long guest_mprotect(uint64_t addr, uint64_t len, int prot) {
    mm_lock();
    long r = guest_mprotect_nl(addr, len, prot);
    mm_unlock();
    return r;
}

long guest_mremap(uint64_t old, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr) {
    mm_lock();
    long r = guest_mremap_nl(old, old_len, new_len, flags, new_addr);
    mm_unlock();
    return r;
}

long guest_madvise(uint64_t addr, uint64_t len, int advice) {
    mm_lock();
    long r = guest_madvise_nl(addr, len, advice);
    mm_unlock();
    return r;
}

uint64_t guest_brk(uint64_t want) {
    mm_lock();
    uint64_t r = guest_brk_nl(want);
    mm_unlock();
    return r;
}
