/* main.c — emu-exec, the binfmt entry point: options, loading the program (and its ELF
 * interpreter), the initial stack, and the run loop between the JIT and the syscalls. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <unistd.h>

#include "emud_link.h"
#include "mm.h"
#include "shim.h"
#include "syscall/syscall.h"

#define GUEST_STACK_SIZE (8ull << 20)
#define PIE_BASE         0x5500000000ull /* where qemu-aarch64 puts ET_DYN programs */

typedef struct options {
    const char *argv0; /* -0: argv[0] for the guest */
    int prog;          /* index of PROGRAM in argv */
    int execfd;        /* binfmt_misc 'O': the program, opened by the kernel; -1 if none */
} options;

#define AT_FLAGS_PRESERVE_ARGV0 1 /* in AT_FLAGS: binfmt_misc's 'P' flag */

static void usage(FILE *f) {
    fprintf(f, "usage: " SHIM_NAME " [options] PROGRAM [ARGS...]\n"
               "Run an AArch64 Linux program on this x86-64 host.\n\n"
               "  -L DIR        sysroot for dynamic programs (env EMU_LD_PREFIX)\n"
               "  --strace      log system calls to stderr (env EMU_STRACE=1)\n"
               "  -0 ARGV0      argv[0] for the program (default: PROGRAM)\n"
               "  --version     print the version and exit\n"
               "  --help        print this help and exit\n\n"
               "As a binfmt_misc interpreter, register with flags F and P (O and C work too).\n");
}

/* Started by binfmt_misc? With 'P' the kernel says so in AT_FLAGS and passes
 * emu-exec PATH ARGV0 ARGS...; without it, emu-exec PATH ARGS..., where PATH is also the name
 * the exec was asked for (AT_EXECFN). With 'O' it hands over the opened program in AT_EXECFD.
 * Options then come from the environment only. */
static bool binfmt_invocation(int *argc, char **argv, options *o) {
    errno = 0;
    unsigned long fd = getauxval(AT_EXECFD);
    if (!errno) o->execfd = (int)fd;
    if ((getauxval(AT_FLAGS) & AT_FLAGS_PRESERVE_ARGV0) && *argc >= 3) {
        o->prog = 1;
        o->argv0 = argv[2];
        memmove(&argv[2], &argv[3], (*argc - 2) * sizeof *argv); /* argv[1] takes its place */
        (*argc)--;
        return true;
    }
    const char *fn = (const char *)getauxval(AT_EXECFN);
    if (*argc < 2 || !fn || argv[1][0] == '-' || strcmp(fn, argv[1])) return false;
    o->prog = 1;
    return true;
}

/* Options end at the first non-option, so the guest's own arguments are never eaten. */
static int parse_options(int argc, char **argv, options *o) {
    const char *env = getenv("EMU_LD_PREFIX");
    if (env && *env) shim.ld_prefix = env;
    env = getenv("EMU_STRACE");
    shim.strace = env && *env && strcmp(env, "0");
    o->execfd = -1;
    if ((shim.binfmt = binfmt_invocation(&argc, argv, o))) return argc;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        } else if (!strcmp(a, "--strace")) {
            shim.strace = true;
        } else if (!strcmp(a, "--version")) {
            printf(SHIM_NAME " (emud) AArch64 user-mode emulator, translator %016llx\n",
                   (unsigned long long)jit_abi_id());
            exit(0);
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        } else if ((!strcmp(a, "-L") || !strcmp(a, "-0")) && i + 1 < argc) {
            if (a[1] == 'L')
                shim.ld_prefix = argv[++i];
            else
                o->argv0 = argv[++i];
        } else {
            fprintf(stderr, SHIM_NAME ": unknown or incomplete option '%s'\n", a);
            usage(stderr);
            exit(1);
        }
    }
    if (i >= argc) {
        usage(stderr);
        exit(1);
    }
    o->prog = i;
    return argc;
}

static _Noreturn void fail_load(const char *path, int err, const char *why) {
    fprintf(stderr, SHIM_NAME ": %s: %s\n", path, why ? why : strerror(-err));
    exit(1);
}

/* Load the program and, for a dynamic one, its interpreter from the sysroot (or /). */
static void load_images(const char *path, int execfd) {
    const char *why;
    int r = execfd >= 0 ? elf_load_fd(execfd, PIE_BASE, &shim.prog, &why)
                        : elf_load(path, PIE_BASE, &shim.prog, &why);
    if (r) fail_load(path, r, why);
    if (execfd >= 0) close(execfd); /* the guest did not open it */
    guest_brk_init(shim.prog.hi);
    if (!shim.prog.interp[0]) return;
    char ip[PATH_MAX];
    if (snprintf(ip, sizeof ip, "%s%s", shim.ld_prefix ? shim.ld_prefix : "", shim.prog.interp) >=
        (int)sizeof ip)
        fail_load(shim.prog.interp, -ENAMETOOLONG, NULL);
    r = elf_load(ip, 0, &shim.interp, &why);
    if (r) fail_load(ip, r, why);
    shim.has_interp = true;
}

static uint64_t build_stack(int argc, char **argv, const char *execfn) {
    extern char **environ;
    uint8_t rnd[16];
    if (getrandom(rnd, sizeof rnd, 0) != sizeof rnd) memset(rnd, 0x5a, sizeof rnd);
    int r = stack_map(GUEST_STACK_SIZE, shim.prog.exec_stack);
    if (r) fail_load("stack", r, NULL);
    stack_info si = {
        .argc = argc,
        .argv = argv,
        .envp = environ,
        .execfn = execfn,
        .prog = &shim.prog,
        .interp_base = shim.has_interp ? shim.interp.bias : 0,
        .hwcap = jit_hwcap(),
        .hwcap2 = jit_hwcap2(),
        .random = rnd,
    };
    uint64_t sp = stack_build(shim.stack_lo, shim.stack_hi, &si);
    if (!sp) fail_load(execfn, -E2BIG, NULL);
    shim.args_lo = si.args_lo;
    shim.args_hi = si.args_hi;
    shim.auxv_at = si.auxv_at;
    shim.auxv_len = si.auxv_len;
    return sp;
}

int main(int argc, char **argv) {
    options o = {0};
    argc = parse_options(argc, argv, &o);
    const char *path = argv[o.prog];
    if (!realpath(path, shim.exe_path)) {
        if (o.execfd < 0) fail_load(path, -errno, NULL);
        snprintf(shim.exe_path, sizeof shim.exe_path, "%s", path); /* unreadable path: 'O' */
    }
    /* a path, not an open fd: the guest owns every descriptor number (fd 3 is its first) */
    ssize_t n = readlink("/proc/self/exe", shim.self_path, sizeof shim.self_path - 1);
    shim.self_path[n > 0 ? n : 0] = 0;

    int r = jit_create(&shim.jit, 0);
    if (r) {
        fprintf(stderr, SHIM_NAME ": cannot start the translator: %s\n", jit_strerror(r));
        return 1;
    }
    /* after jit_create, so the code buffer counts as the emulator's */
    /* a jail without /proc (binfmt's F flag needs no file in it) leaves the snapshot of our
     * own mappings empty, which mm_init's callers tolerate: MAP_FIXED is probed anyway */
    r = mm_init(shim.jit);
    if ((r && r != -ENOENT) || (r = fault_install())) fail_load("startup", r, NULL);
    jit_set_exec_check(shim.jit, mm_guest_executable);
    signal_init();
    load_images(path, o.execfd);

    char **gargv = argv + o.prog;
    if (o.argv0) gargv[0] = (char *)o.argv0;
    uint64_t sp = build_stack(argc - o.prog, gargv, path);
    /* after the guest's memory is laid out: the client's threads get ordinary host maps */
    emud_link_start(shim.jit, shim.exe_path);

    emu_cpu *cpu = aligned_alloc(64, (sizeof(emu_cpu) + 63) & ~(size_t)63);
    if (!cpu) fail_load("startup", -ENOMEM, NULL);
    jit_cpu_init(shim.jit, cpu);
    cpu->pc = shim.has_interp ? shim.interp.entry : shim.prog.entry;
    cpu->x[31] = sp;
    shim_run(cpu);
}
