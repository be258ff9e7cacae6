/* shim.h — the guest process as the shim's files share it: options, the loaded images,
 * the loader and initial-stack builder, and the run loop's entry points. */
#ifndef SHIM_SHIM_H
#define SHIM_SHIM_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <emujit.h>

#define SHIM_NAME "emu-exec"

/* One loaded ELF image (the program or its interpreter). */
typedef struct elf_image {
    uint64_t bias;  /* load address minus link address (0 for ET_EXEC) */
    uint64_t entry; /* run-time entry point */
    uint64_t phdr;  /* run-time address of the program headers (AT_PHDR) */
    uint16_t phnum, phent;
    uint64_t lo, hi;       /* lowest and highest (exclusive) mapped guest addresses */
    bool exec_stack;       /* PT_GNU_STACK asks for an executable stack */
    char interp[PATH_MAX]; /* PT_INTERP path, "" if none */
} elf_image;

typedef struct shim_proc {
    jit_t *jit;
    const char *ld_prefix; /* -L / EMU_LD_PREFIX, NULL = / */
    bool strace;
    char exe_path[PATH_MAX]; /* absolute path of the program: /proc/self/exe for the guest */
    elf_image prog, interp;
    bool has_interp;
    uint64_t stack_lo, stack_hi; /* the guest stack mapping (without its guard page) */
    uint64_t args_lo, args_hi;   /* the argument strings on it: /proc/self/cmdline */
    uint64_t auxv_at, auxv_len;  /* the auxiliary vector on it: /proc/self/auxv */
    char self_path[PATH_MAX];    /* emu-exec itself, for exec'd arm64 programs ("" = unknown) */
    bool binfmt; /* started by binfmt_misc: the kernel runs exec'd arm64 programs too */
} shim_proc;

extern shim_proc shim;

/* loader.c: map an AArch64 ELF file. For ET_DYN, base_hint is tried first (0 = any).
 * Errors: negative errno; *why says what is wrong with the file when it is malformed. */
int elf_load(const char *path, uint64_t base_hint, elf_image *img, const char **why);
/* The same from an open file (binfmt_misc's AT_EXECFD); fd stays open. */
int elf_load_fd(int fd, uint64_t base_hint, elf_image *img, const char **why);

/* Strict checks on an ELF header and its program headers (separate for the unit tests):
 * 0, or -ENOEXEC with *why set. */
int elf_check_ehdr(const void *ehdr, uint64_t file_size, const char **why);
int elf_check_phdrs(const void *phdrs, unsigned phnum, uint64_t file_size, const char **why);

/* stack.c: the initial process stack, laid out as Linux arm64 lays it out. */
typedef struct stack_info {
    int argc;
    char *const *argv;
    char *const *envp;
    const char *execfn;
    const elf_image *prog;
    uint64_t interp_base; /* AT_BASE: the interpreter's load address or 0 */
    uint64_t hwcap, hwcap2;
    const uint8_t *random; /* 16 bytes for AT_RANDOM */
    /* out: where the argument strings and the auxv went (for /proc/self/cmdline, auxv) */
    uint64_t args_lo, args_hi, auxv_at, auxv_len;
} stack_info;

/* Build the stack in [lo, hi) (guest memory, already mapped) and return the initial SP,
 * or 0 when it does not fit. */
uint64_t stack_build(uint64_t lo, uint64_t hi, stack_info *si);
/* Map the guest stack (size bytes plus a guard page below) and record it in shim. */
int stack_map(uint64_t size, bool exec);

/* fault.c: the host SIGSEGV/SIGBUS handler (on its own stack) and the handlers that give
 * core-dumping signals qemu's ending. */
int fault_install(void);
bool fault_is_core_signal(int sig);
/* syscall/signal.c: the guest's signal state from what exec passed on (mask, ignored). */
void signal_init(void);
/* The guest's action for sig as it set it (arm64 layout), or NULL for a bad number. */
const struct arm64_sigaction *signal_guest_action(int sig);
/* The guest set sig to SIG_DFL: make the host act as the guest's default would. */
void fault_set_default(int sig);
/* Take the default action for a guest signal that nobody handles: print what qemu
 * prints, then die of that signal so the parent sees the same wait status. */
_Noreturn void fault_die(emu_cpu *cpu, int signo);
/* sigqueue.c: the host handler of signals the guest handles (also for kill()ed SIGSEGV). */
void sig_host_async(int sig, siginfo_t *si, void *ucontext);

/* proc.c: where the emulator's own descriptors go, above the guest's numbering (its first
 * open is 3, a shell's saved ones are >= 10): the top of the descriptor range (at most 4096)
 * less margin, or 0 when the limit is too low to leave room. */
int shim_fd_floor(int margin);

/* run.c: a guest thread's run loop (translated code, syscalls, signals); never returns. */
_Noreturn void shim_run(emu_cpu *cpu);

#endif
