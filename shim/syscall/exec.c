/* exec.c — execve: an arm64 program (or a #! script whose interpreter is one) is run by
 * a fresh emu-exec with the same options; anything else goes to the host's execve. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../emud_link.h"
#include "../mm.h"
#include "../shim.h"
#include "syscall.h"

#define ARG_MAX_GUEST 32768 /* pointers in argv or envp */

/* Read a NULL-terminated guest pointer array into out[0..max); returns the count. */
static long read_strv(uint64_t addr, const char **out, long max) {
    long n = 0;
    for (;; n++) {
        uint64_t p;
        if (n >= max) return -E2BIG;
        if (!addr) break; /* Linux accepts a NULL argv/envp as empty */
        if (guest_read(&p, addr + 8 * n, 8)) return -EFAULT;
        if (!p) break;
        long len = guest_strnlen(p, 1 << 20);
        if (len < 0) return len == -ENAMETOOLONG ? -E2BIG : len;
        out[n] = (const char *)(uintptr_t)p;
    }
    out[n] = NULL;
    return n;
}

/* 1 if path is an AArch64 ELF file, 0 if another kind of file, or -errno. A #! line is
 * returned in shebang (NUL-terminated, without "#!"). */
static int probe(const char *path, char *shebang, size_t cap) {
    char buf[256];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0) return -errno;
    shebang[0] = 0;
    if (n >= (ssize_t)sizeof(Elf64_Ehdr) && !memcmp(buf, ELFMAG, SELFMAG)) {
        const Elf64_Ehdr *e = (const void *)buf;
        return e->e_machine == EM_AARCH64;
    }
    if (n > 2 && buf[0] == '#' && buf[1] == '!') {
        buf[n] = 0;
        char *nl = strchr(buf, '\n');
        if (!nl) return -ENOEXEC;
        *nl = 0;
        if ((size_t)(nl - buf) >= cap) return -ENAMETOOLONG;
        strcpy(shebang, buf + 2);
    }
    return 0;
}

/* Split "interp [arg]" as the kernel does: one optional argument, the rest of the line. */
static void split_shebang(char *line, char **interp, char **arg) {
    while (*line == ' ' || *line == '\t')
        line++;
    *interp = line;
    while (*line && *line != ' ' && *line != '\t')
        line++;
    *arg = NULL;
    if (!*line) return;
    *line++ = 0;
    while (*line == ' ' || *line == '\t')
        line++;
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
        line[--n] = 0;
    if (n) *arg = line;
}

/* execve of ourselves: emu-exec [--strace] [-L dir] -0 argv0 path argv[1..]. */
static long exec_self(const char *path, const char **argv, long argc, const char **envp) {
    const char **nv = malloc((argc + 9) * sizeof *nv);
    if (!nv) return -ENOMEM;
    int k = 0;
    nv[k++] = SHIM_NAME;
    if (shim.strace) nv[k++] = "--strace";
    if (shim.ld_prefix) {
        nv[k++] = "-L";
        nv[k++] = shim.ld_prefix;
    }
    nv[k++] = "-0";
    nv[k++] = argc > 0 ? argv[0] : "";
    nv[k++] = "--";
    nv[k++] = path;
    for (long i = 1; i < argc; i++)
        nv[k++] = argv[i];
    nv[k] = NULL;
    /* /proc/self/exe still names us after a rename or inside a chroot that has /proc */
    long r = hsys3(SYS_execve, "/proc/self/exe", nv, envp);
    if (r == -ENOENT && shim.self_path[0]) r = hsys3(SYS_execve, shim.self_path, nv, envp);
    free(nv);
    return r;
}

static long do_exec(const char *path, const char **argv, long argc, const char **envp, int depth) {
    char pbuf[PATH_MAX], line[256];
    const char *hp = fs_guest_path(path, pbuf);
    struct stat st;
    if (stat(hp, &st)) return -errno;
    if (!S_ISREG(st.st_mode) || access(hp, X_OK)) return -EACCES; /* as the kernel answers */
    int kind = probe(hp, line, sizeof line);
    if (kind < 0) return kind;
    /* under binfmt_misc the kernel runs arm64 programs (with the registered flags) itself */
    if (kind == 1 && !shim.binfmt) return exec_self(hp, argv, argc, envp);
    if (kind == 1) return hsys3(SYS_execve, hp, argv, envp);
    if (!line[0]) return hsys3(SYS_execve, hp, argv, envp);
    if (depth >= 4) return -ELOOP;
    char *interp, *arg;
    split_shebang(line, &interp, &arg);
    if (!*interp) return -ENOEXEC;
    const char **nv = malloc((argc + 3) * sizeof *nv);
    if (!nv) return -ENOMEM;
    long k = 0;
    nv[k++] = interp;
    if (arg) nv[k++] = arg;
    nv[k++] = path;
    for (long i = 1; i < argc; i++)
        nv[k++] = argv[i];
    nv[k] = NULL;
    long r = do_exec(interp, nv, k, envp, depth + 1);
    free(nv);
    return r;
}

SYS(execve) {
    static const char *argv[ARG_MAX_GUEST + 1], *envp[ARG_MAX_GUEST + 1];
    GUEST_PATH(path, c->a[0]);
    long argc = read_strv(c->a[1], argv, ARG_MAX_GUEST);
    if (argc < 0) return argc;
    long envc = read_strv(c->a[2], envp, ARG_MAX_GUEST);
    if (envc < 0) return envc;
    /* the new image adopts itself again; if execve fails we go on with private translation */
    emud_link_stop(0);
    return do_exec(path, argv, argc, envp, 0);
}
