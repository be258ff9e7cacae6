/* arm64.h — Linux arm64 user ABI structures and constants that differ from the x86-64
 * host's, and the small functions that convert them at the syscall boundary. */
#ifndef SHIM_ABI_ARM64_H
#define SHIM_ABI_ARM64_H

#include <stdint.h>
#include <sys/stat.h>

/* What the kernel reports in AT_MINSIGSTKSZ for a frame with FPSIMD state (no SVE);
 * the shim's own signal frames must fit in it. Same as arm64's MINSIGSTKSZ. */
#define ARM64_MINSIGSTKSZ 5120

/* asm-generic struct stat (newfstatat, fstat): 128 bytes, 32-bit mode/nlink/uid/gid. */
typedef struct arm64_stat {
    uint64_t st_dev, st_ino;
    uint32_t st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev, pad1;
    int64_t st_size;
    int32_t st_blksize, pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t unused4, unused5;
} arm64_stat;
_Static_assert(sizeof(arm64_stat) == 128, "arm64 struct stat is 128 bytes");

/* 0, or -EOVERFLOW when a value does not fit the arm64 field (as cp_new_stat does). */
int abi_stat_to_arm64(const struct stat *h, arm64_stat *g);

/* The kernel struct sigaction (rt_sigaction): same field order as x86-64's, but it is
 * the guest's and is kept as the guest wrote it. */
typedef struct arm64_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
} arm64_sigaction;

/* struct epoll_event is not packed on arm64 (16 bytes), it is on x86-64 (12). */
typedef struct arm64_epoll_event {
    uint32_t events;
    uint32_t pad;
    uint64_t data;
} arm64_epoll_event;

/* semctl's struct semid64_ds is asm-generic on arm64 (88 bytes); x86-64 pads each time to 16
 * bytes. The struct ipc64_perm at its head (48 bytes) is the same on both. */
typedef struct arm64_semid64_ds {
    uint8_t perm[48];
    int64_t otime, ctime;
    uint64_t nsems, unused3, unused4;
} arm64_semid64_ds;
_Static_assert(sizeof(arm64_semid64_ds) == 88, "arm64 struct semid64_ds is 88 bytes");

/* open(2) flags: arm64 swaps the bits of O_DIRECTORY/O_NOFOLLOW/O_DIRECT/O_LARGEFILE. */
#define ARM64_O_DIRECTORY 0040000
#define ARM64_O_NOFOLLOW  0100000
#define ARM64_O_DIRECT    0200000
#define ARM64_O_LARGEFILE 0400000
int abi_oflags_from_arm64(uint64_t g);
uint64_t abi_oflags_to_arm64(int h);

/* ---- signal frames (arch/arm64/include/uapi/asm/{sigcontext,ucontext}.h) ---- */

/* stack_t: sigaltstack and uc_stack. */
typedef struct arm64_stack {
    uint64_t sp;
    int32_t flags, pad;
    uint64_t size;
} arm64_stack;

typedef struct arm64_sigcontext {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp, pc, pstate;
    uint8_t reserved[4096] __attribute__((aligned(16))); /* records, ending with a null one */
} arm64_sigcontext;

typedef struct arm64_ucontext {
    uint64_t flags;
    uint64_t link;
    arm64_stack stack;
    uint64_t sigmask;
    uint8_t unused[1024 / 8 - 8]; /* the kernel's sigset_t room for growth */
    arm64_sigcontext mcontext;
} arm64_ucontext;

/* What a handler finds on its stack: x1 = &info, x2 = &uc. */
typedef struct arm64_rt_sigframe {
    uint8_t info[128]; /* siginfo_t: the same layout on x86-64 */
    arm64_ucontext uc;
} arm64_rt_sigframe;

/* A record in sigcontext.reserved. */
typedef struct arm64_ctx_head {
    uint32_t magic, size;
} arm64_ctx_head;

#define ARM64_FPSIMD_MAGIC 0x46508001u
#define ARM64_ESR_MAGIC    0x45535201u
#define ARM64_EXTRA_MAGIC  0x45585401u

typedef struct arm64_fpsimd_context {
    arm64_ctx_head head;
    uint32_t fpsr, fpcr;
    uint64_t vregs[64]; /* V0..V31, 128 bits each, low half first */
} arm64_fpsimd_context;

_Static_assert(sizeof(arm64_fpsimd_context) == 528, "fpsimd_context is 528 bytes");
_Static_assert(__builtin_offsetof(arm64_ucontext, mcontext) == 176, "uc_mcontext at 176");
_Static_assert(__builtin_offsetof(arm64_sigcontext, reserved) == 288, "__reserved at 288");
_Static_assert(sizeof(arm64_rt_sigframe) == 4688, "rt_sigframe is 4688 bytes");

#endif
