/* mm.h — the guest address space: which host ranges belong to the guest (and with what
 * protection), which belong to the emulator, and the guest's mmap/munmap/mprotect/brk. */
#ifndef SHIM_MM_H
#define SHIM_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_PAGE         4096ull
#define GUEST_ADDR_TOP     (1ull << 47) /* guest user addresses are below this (x86-64 host limit) */
#define GUEST_PAGE_DOWN(a) ((uint64_t)(a) & ~(GUEST_PAGE - 1))
#define GUEST_PAGE_UP(a)   (((uint64_t)(a) + GUEST_PAGE - 1) & ~(GUEST_PAGE - 1))

/* Guest protection bits (arm64 = asm-generic values; PROT_BTI is accepted and ignored). */
#define GPROT_READ  0x1
#define GPROT_WRITE 0x2
#define GPROT_EXEC  0x4

/* One guest mapping [start, end) as the guest sees it. The host mapping never has
 * PROT_EXEC: guest code is only read by the translator. */
typedef struct mm_region {
    uint64_t start, end;
    int prot;
} mm_region;

struct jit;

/* Guest threads share the address space. The functions below lock it themselves, except
 * mm_region_find/count/at, whose callers hold mm_lock while they use the result (a recursive
 * lock). A fork child calls mm_after_fork first (the parent's other threads are gone). */
void mm_lock(void);
void mm_unlock(void);
void mm_after_fork(void);
/* The region holding addr, copied: true, or false when addr is not guest memory. */
bool mm_region_get(uint64_t addr, mm_region *out);

/* Snapshot the emulator's own mappings (/proc/self/maps). Call after jit_create and
 * before the guest is mapped. j is used for jit_invalidate (may be NULL in tests). */
int mm_init(struct jit *j);

/* Add [start, end) to the emulator-owned list (maps made by the emulator after mm_init). */
void mm_own_emulator(uint64_t start, uint64_t end);
bool mm_is_emulator(uint64_t start, uint64_t end);

/* Guest region bookkeeping (also used by the loader for the image and the stack). */
void mm_region_add(uint64_t start, uint64_t end, int prot);
void mm_region_remove(uint64_t start, uint64_t end);
const mm_region *mm_region_find(uint64_t addr);
/* Is the guest page holding addr mapped with PROT_EXEC? (the JIT asks before translating) */
bool mm_guest_executable(uint64_t addr);
size_t mm_region_count(void);
const mm_region *mm_region_at(size_t i);

/* Is every byte of [addr, addr+len) in a guest mapping with all of prot? len 0 => true. */
bool guest_access_ok(uint64_t addr, uint64_t len, int prot);
/* How many bytes from addr (at most len) are guest memory with prot: the kernel copies
 * until the first fault, so a long read() into a short mapping is a short read. */
uint64_t guest_extent(uint64_t addr, uint64_t len, int prot);

/* Claim [addr, addr+len) for a fixed guest mapping: fails with -ENOMEM if any part is
 * emulator memory (or not a valid user address), -EEXIST if noreplace and anything is
 * mapped there. On success the unowned gaps are reserved (PROT_NONE) on the host so
 * the caller's MAP_FIXED cannot race another host mapping. */
long mm_claim_fixed(uint64_t addr, uint64_t len, bool noreplace);

/* Undo mm_claim_fixed's reservations (the mapping that followed it failed). */
void mm_release_fixed(uint64_t addr, uint64_t len);
/* Drop JIT translations of guest code in [start, end) before that memory changes. */
void mm_invalidate_exec(uint64_t start, uint64_t end);

/* The guest system calls (arguments as the guest passed them; results as the kernel's). */
long guest_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off);
long guest_munmap(uint64_t addr, uint64_t len);
long guest_mprotect(uint64_t addr, uint64_t len, int prot);
long guest_mremap(uint64_t old, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr);
long guest_madvise(uint64_t addr, uint64_t len, int advice);

/* brk: start is the page-aligned end of the image; the area grows by whole pages. */
void guest_brk_init(uint64_t start);
uint64_t guest_brk(uint64_t want);
/* The brk area as /proc/self/maps labels it: [start, current break). */
void guest_brk_range(uint64_t *start, uint64_t *end);

#endif
