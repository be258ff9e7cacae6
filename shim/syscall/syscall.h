/* syscall.h — the Linux arm64 system-call layer: one table (number, name, argument kinds,
 * handler) drives both dispatch and --strace; handlers live in one file per family. */
#ifndef SHIM_SYSCALL_H
#define SHIM_SYSCALL_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include <emujit.h>

#include "../guestmem.h"
#include "../hostsys.h"
#include "../signal.h" /* safe_sys6: blocking host calls */

/* One guest system call in flight: the arm64 number (x8) and arguments (x0..x5). */
typedef struct sys_call {
    emu_cpu *cpu;
    unsigned nr;
    uint64_t a[6];
} sys_call;

typedef long (*sys_fn)(sys_call *c);

/* How --strace prints an argument. */
enum sys_arg_kind {
    SA_NONE = 0,
    SA_INT,     /* int, decimal */
    SA_LONG,    /* long, decimal */
    SA_UINT,    /* unsigned long (sizes, counts), decimal */
    SA_HEX,     /* 0x... */
    SA_PTR,     /* guest pointer: NULL or 0x... */
    SA_FD,      /* file descriptor */
    SA_DIRFD,   /* AT_FDCWD or an fd */
    SA_STR,     /* NUL-terminated guest string, quoted */
    SA_OFLAGS,  /* open flags: O_RDONLY|O_CLOEXEC */
    SA_OCT,     /* modes: 0644 */
    SA_PROT,    /* PROT_READ|PROT_WRITE */
    SA_MFLAGS,  /* MAP_PRIVATE|MAP_ANONYMOUS */
    SA_SIG,     /* signal number: SIGSEGV */
    SA_ATFLAGS, /* AT_* flags, hex */
    SA_CLOCK,   /* clock id: CLOCK_MONOTONIC */
    SA_IOCTL,   /* ioctl request: TCGETS */
    SA_OMODE,   /* open mode: 0644, shown only when the flags before it create a file */
    SA_WHENCE,  /* lseek origin: SEEK_SET */
};

/* How --strace prints the result. */
enum sys_ret_kind {
    SR_INT = 0, /* decimal */
    SR_ADDR,    /* 0x%016lx (brk, mmap) */
    SR_NONE,    /* does not return (exit) */
};

typedef struct sys_desc {
    const char *name;
    sys_fn fn; /* NULL: known to the table, not offered (-ENOSYS, like an older kernel) */
    uint8_t ret;
    uint8_t arg[6];
} sys_desc;

#define SYS_TABLE_SIZE 452

/* The entry for arm64 syscall nr, or NULL when nr names no syscall at all. */
const sys_desc *sys_lookup(unsigned nr);

/* Execute the system call the guest asked for (x8, x0..x5) and put the result in x0. */
void sys_dispatch(emu_cpu *cpu);

/* strace.c: the qemu -strace format ("PID name(args) = result"). */
void strace_enter(const sys_call *c, const sys_desc *d);
void strace_leave(const sys_call *c, const sys_desc *d, long ret);
void strace_signal(int signo, int code, uint64_t addr);
const char *strace_signame(int sig);       /* "SIGSEGV", or NULL */
const char *ioctl_name(unsigned long cmd); /* "TCGETS", or NULL */

/* Handlers are named sys_<name>; this declares/defines one. */
#define SYS(name) long sys_##name(sys_call *c __attribute__((unused)))

/* A guest pointer argument must be inside guest memory with the given access, else the
 * handler returns -EFAULT (the kernel's answer for a bad pointer). */
#define GUEST_CHECK(addr, len, prot)                                                               \
    do {                                                                                           \
        if (!guest_access_ok((addr), (len), (prot))) return -EFAULT;                               \
    } while (0)

/* A guest path argument: declares const char *var, or returns -EFAULT/-ENAMETOOLONG. */
#define GUEST_PATH(var, addr)                                                                      \
    const char *var;                                                                               \
    do {                                                                                           \
        long r_ = guest_path((addr), &var);                                                        \
        if (r_ < 0) return r_;                                                                     \
    } while (0)

/* fs.c: the host path of a guest path (the -L sysroot's file when it has one, the guest
 * program for /proc/self/exe); buf (PATH_MAX bytes) may hold the result. */
const char *fs_guest_path(const char *p, char *buf);

/* Declares const char *var (and var_g, the path as the guest gave it): the host path for the
 * guest path at addr, or returns -EFAULT/-ENAMETOOLONG. */
#define HOST_PATH(var, addr)                                                                       \
    char var##_buf[PATH_MAX];                                                                      \
    GUEST_PATH(var##_g, addr);                                                                     \
    const char *var = fs_guest_path(var##_g, var##_buf)

#include "handlers.h"

#endif
