/* emujit.h — the public contract of libemujit: guest AArch64 CPU state, the translator,
 * and the run loop that executes guest code until something needs the embedder (a syscall,
 * a guest exception). jit/ knows nothing of syscalls, nng or LMDB.
 *
 * Threading: one jit_t per process is shared by all guest threads, one emu_cpu per guest
 * thread (jit_cpu_init on the thread that runs it). jit_run, jit_invalidate, jit_install_blob
 * and jit_get_stats may be called from any threads at once; configuration (the set_* calls)
 * happens before threads start. Errors: functions return 0 or a negative errno-style code. */
#ifndef EMUJIT_H
#define EMUJIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One 128-bit SIMD&FP register. Lane 0 is the least significant, as in the ARM ARM. */
typedef union emu_vreg {
    uint8_t b[16];
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
    int8_t sb[16];
    int16_t sh[8];
    int32_t ss[4];
    int64_t sd[2];
    float f[4];
    double df[2];
} __attribute__((aligned(16))) emu_vreg;

/* Guest CPU state. The generated code reaches it through a fixed host register (r15), so
 * the offsets below are part of the translator ABI: change the layout => change
 * JIT_TRANSLATOR_VERSION. */
typedef struct emu_cpu {
    uint64_t x[32];     /* X0..X30, x[31] is SP (XZR is handled by the decoder) */
    uint64_t pc;        /* guest PC; precise at block exits, syscalls and faults */
    uint64_t nzcv_host; /* NZCV in host form: bits 15:8 = lahf image, bit 0 = OF (see nzcv.c) */
    uint32_t fpcr, fpsr;
    uint64_t tpidr; /* TPIDR_EL0 */
    emu_vreg v[32];

    /* exclusive monitor (LDXR/STXR): address, size in bytes, and the loaded value(s) */
    uint64_t excl_addr, excl_val, excl_val2;
    uint64_t excl_size; /* 0 = no reservation */

    /* run-time fields used by generated code (fixed offsets too) */
    void *jtab;            /* inline indirect-branch lookup table (jit_lookup_entry[]) */
    void *exit_fn;         /* where generated code jumps to leave to the run loop */
    void *const *helpers;  /* helper table: generated code calls [helpers + 8*slot] */
    uint64_t chain_site;   /* host address of the rel32 jmp that requested chaining, or 0 */
    uint64_t scratch[4];   /* spill slots for emitters */
    /* non-zero: the embedder wants control (a host signal handler sets it for a pending
     * guest signal); generated code checks it at every block entry and self-loop back edge
     * and leaves with JIT_EXIT_INTERRUPT. The embedder clears it. */
    volatile int32_t pending;
    int32_t pad_pending;

    /* why jit_run returned (jit_exit_reason) and details */
    int exit_reason;
    int sig_code;      /* si_code for JIT_EXIT_SIGNAL */
    int signo;         /* signal number for JIT_EXIT_SIGNAL */
    int pad0;
    uint64_t sig_addr; /* si_addr for JIT_EXIT_SIGNAL */
    uint32_t svc_imm;  /* immediate of SVC / BRK */
    uint32_t pad1;

    void *jit;      /* owning jit_t */
    void *host_ctx; /* embedder's per-thread data (shim's guest thread) */
} emu_cpu;

typedef struct jit jit_t;

enum jit_exit_reason {
    JIT_EXIT_SVC = 1, /* SVC #imm executed; cpu->pc is the next instruction */
    JIT_EXIT_SIGNAL,  /* guest exception: signo/sig_code/sig_addr; cpu->pc at the faulting insn */
    JIT_EXIT_INTERRUPT, /* cpu->pending was set; cpu->pc is the next instruction, state precise */
};

/* AT_HWCAP / AT_HWCAP2 bits naming exactly what the translator implements. */
uint64_t jit_hwcap(void);
uint64_t jit_hwcap2(void);

/* 64-bit identity of this build's translator (version + CPU feature configuration). */
uint64_t jit_abi_id(void);

/* Create a translator with a code buffer of code_size bytes (0 = default). */
int jit_create(jit_t **out, size_t code_size);
void jit_destroy(jit_t *j);

/* Initialise a cpu for this jit (zeroes the state, wires run-time fields). Call it on the
 * thread that will run the cpu: it sets that thread's MXCSR to the guest FP environment. */
void jit_cpu_init(jit_t *j, emu_cpu *cpu);

/* Before freeing a cpu whose thread ends while others go on using j (the jit keeps a list of
 * its cpus to make them leave guest code when it must flush). */
void jit_cpu_release(emu_cpu *cpu);

/* Around a fork (clone without CLONE_VM) made while other threads may use j: before takes
 * j's locks so the child's copy is consistent; after releases them, and in the child (child
 * true) also forgets every other thread, cpu being the one left. */
void jit_before_fork(jit_t *j);
void jit_after_fork(jit_t *j, emu_cpu *cpu, bool child);

/* Run guest code from cpu->pc until a syscall or a guest exception. Returns the
 * jit_exit_reason. Re-entrant per thread; each thread uses its own cpu. */
int jit_run(emu_cpu *cpu);

/* Leave guest execution at once with a guest exception (signal). Must be called on the thread
 * running cpu inside jit_run (from a helper or from a host signal handler). Never returns.
 * cpu->pc must already name the faulting instruction. */
_Noreturn void jit_raise(emu_cpu *cpu, int signo, int code, uint64_t addr);

/* From a host signal handler: the cpu running on this thread, or NULL if this thread is not
 * executing guest code right now. */
emu_cpu *jit_current_cpu(void);

/* If host_pc lies in generated code, write the guest PC of the instruction it belongs to and
 * return true. Used to make host faults precise. */
bool jit_guest_pc_at(jit_t *j, uintptr_t host_pc, uint64_t *guest_pc);

/* From a host signal handler, before jit_raise: carries the guest FP environment over the
 * handler's fresh MXCSR, and if the ucontext shows a fault inside generated code makes cpu
 * precise (pc of the faulting guest instruction, every guest register) and returns true.
 * Returns false when the fault is not in generated code (then, if it was in a helper,
 * cpu->pc is already right and the registers are in cpu). Prefer this to jit_guest_pc_at. */
bool jit_fault_recover(emu_cpu *cpu, const void *ucontext);

/* Optional: tells whether guest code at pc may execute (the guest's PROT_EXEC). Without it
 * any readable page runs; with it, a jump into non-executable memory is a SIGSEGV
 * (SEGV_ACCERR) at that address, as on Linux. Called once per block translated. */
typedef bool (*jit_exec_check_fn)(uint64_t pc);
void jit_set_exec_check(jit_t *j, jit_exec_check_fn fn);

/* Drop every translation that covers guest bytes in [start, start+len) (guest wrote code,
 * munmap, mprotect). */
void jit_invalidate(jit_t *j, uint64_t start, uint64_t len);

/* NZCV as the architecture defines it (bits 31:28) <-> the host form kept in the cpu. */
uint32_t jit_nzcv_get(const emu_cpu *cpu);
void jit_nzcv_set(emu_cpu *cpu, uint32_t nzcv);

/* FPSR as the guest sees it (merges the host's sticky exception flags). */
uint32_t jit_fpsr_get(emu_cpu *cpu);
void jit_fpsr_set(emu_cpu *cpu, uint32_t v);
void jit_fpcr_set(emu_cpu *cpu, uint32_t v);

/* ---- relocatable translations, for the shared cache (see DESIGN.md) ----
 * A blob is one guest block's translation: host code, relocation records and the tables that
 * make faults precise. It names no absolute host or guest address, so it can be installed at
 * any guest PC whose low 12 bits equal those it was translated for (ADRP bakes them in). */

/* Translate the block of guest instruction words code[0..ncode) as if it sat at guest address
 * pc, without installing it. *blob is malloc'ed (caller frees); *guest_len receives how many
 * guest bytes (from code[0]) the translation depends on: the block and the instructions after
 * it that its analysis read. The cache key must cover exactly those bytes. Thread-safe: uses no state of j but its
 * configuration. Returns 0, -EINVAL (no instruction), -ENOMEM. */
int jit_translate_blob(jit_t *j, uint64_t pc, const uint32_t *code, int ncode, void **blob,
                       size_t *blob_len, uint32_t *guest_len);

/* Validate a blob (bounds of every table and relocation): 0 or -EBADMSG. Sets *guest_len. */
int jit_blob_check(const void *blob, size_t len, uint32_t *guest_len);

/* Install a blob for the block at guest pc, if guest memory at pc still holds exactly the
 * guest_len bytes in guest (the caller's proof that blob belongs to this code). Returns 0,
 * -EEXIST (already translated), -ESTALE (memory differs or is unreadable, or changed during
 * the check), -ENOSPC (code buffer full), -EBADMSG. */
int jit_install_blob(jit_t *j, uint64_t pc, const void *guest, uint32_t guest_len,
                     const void *blob, size_t blob_len);

/* Called (on the translating thread) after each local translation, e.g. to submit the guest
 * bytes to emud; guest/guest_len are the bytes the translation depends on (see above). */
typedef void (*jit_translated_fn)(void *arg, uint64_t pc, const uint32_t *guest,
                                  uint32_t guest_len);
void jit_set_translated_hook(jit_t *j, jit_translated_fn fn, void *arg);

/* Optional: called when guest code at pc has no translation yet, before translating it, to
 * install one from elsewhere (a warm set from the shared cache, with jit_install_blob).
 * Returns true if it installed the block at pc. Called on the thread that needs the block,
 * with no lock of j held (jit_install_blob takes j's lock itself). */
typedef bool (*jit_miss_fn)(void *arg, uint64_t pc);
void jit_set_miss_hook(jit_t *j, jit_miss_fn fn, void *arg);

/* Statistics of this jit (blocks translated, bytes emitted, ...). */
typedef struct jit_stats {
    uint64_t blocks_translated;
    uint64_t guest_insns_translated;
    uint64_t code_bytes;
    uint64_t chains;
    uint64_t flushes;
} jit_stats;
void jit_get_stats(jit_t *j, jit_stats *out);

/* Text description of an error code returned by this module. */
const char *jit_strerror(int err);

#endif
