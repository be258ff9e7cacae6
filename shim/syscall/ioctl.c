/* ioctl.c — the ioctls the guest may use, as a table: terminal and generic file ioctls,
 * whose numbers and structures are the same asm-generic ones on arm64 and x86-64. */
#include <errno.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <termios.h>

#include "../abi/arm64.h"
#include "../mm.h"
#include "syscall.h"

/* struct termios2 requests: the kernel headers define them with a struct glibc lacks */
#undef TCGETS2
#undef TCSETS2
#undef TCSETSW2
#undef TCSETSF2
#define TCGETS2  0x802c542aul
#define TCSETS2  0x402c542bul
#define TCSETSW2 0x402c542cul
#define TCSETSF2 0x402c542dul

enum ioctl_arg {
    IA_NONE,  /* no argument, or an integer value */
    IA_IN,    /* points to size bytes the kernel reads */
    IA_OUT,   /* points to size bytes the kernel writes */
    IA_INOUT, /* both */
    IA_OFLAGS /* integer open flags (arm64 bits differ) */
};

/* {request, argument kind, size, name}: the name is for --strace. The terminal requests
 * use the kernel's struct termios (36 bytes: 4 flag words, c_line, c_cc[19]). */
#define IO(req, kind, size)                                                                        \
    { req, kind, size, #req }
static const struct {
    unsigned long cmd;
    unsigned char arg;
    unsigned short size;
    const char *name;
} ioctls[] = {
    IO(TCGETS, IA_OUT, 36),         IO(TCSETS, IA_IN, 36),         IO(TCSETSW, IA_IN, 36),
    IO(TCSETSF, IA_IN, 36),         IO(TCGETS2, IA_OUT, 44),       IO(TCSETS2, IA_IN, 44),
    IO(TCSETSW2, IA_IN, 44),        IO(TCSETSF2, IA_IN, 44),       IO(TCSBRK, IA_NONE, 0),
    IO(TCSBRKP, IA_NONE, 0),        IO(TCXONC, IA_NONE, 0),        IO(TCFLSH, IA_NONE, 0),
    IO(TIOCEXCL, IA_NONE, 0),       IO(TIOCNXCL, IA_NONE, 0),      IO(TIOCSCTTY, IA_NONE, 0),
    IO(TIOCNOTTY, IA_NONE, 0),      IO(TIOCGPGRP, IA_OUT, 4),      IO(TIOCSPGRP, IA_IN, 4),
    IO(TIOCGSID, IA_OUT, 4),        IO(TIOCOUTQ, IA_OUT, 4),       IO(TIOCSTI, IA_IN, 1),
    IO(TIOCGWINSZ, IA_OUT, 8),      IO(TIOCSWINSZ, IA_IN, 8),      IO(TIOCMGET, IA_OUT, 4),
    IO(TIOCMSET, IA_IN, 4),         IO(TIOCMBIS, IA_IN, 4),        IO(TIOCMBIC, IA_IN, 4),
    IO(TIOCGPTN, IA_OUT, 4),        IO(TIOCSPTLCK, IA_IN, 4),      IO(TIOCGPTLCK, IA_OUT, 4),
    IO(TIOCGPTPEER, IA_OFLAGS, 0),  IO(TIOCGDEV, IA_OUT, 4),       IO(TIOCSETD, IA_IN, 4),
    IO(TIOCGETD, IA_OUT, 4),        IO(FIONREAD, IA_OUT, 4),       IO(FIONBIO, IA_IN, 4),
    IO(FIOASYNC, IA_IN, 4),         IO(FIOCLEX, IA_NONE, 0),       IO(FIONCLEX, IA_NONE, 0),
    IO(FIOQSIZE, IA_OUT, 8),        IO(BLKGETSIZE64, IA_OUT, 8),   IO(BLKSSZGET, IA_OUT, 4),
    IO(FS_IOC_GETFLAGS, IA_OUT, 4), IO(FS_IOC_SETFLAGS, IA_IN, 4), IO(FICLONE, IA_NONE, 0),
};

const char *ioctl_name(unsigned long cmd) {
    for (size_t i = 0; i < sizeof ioctls / sizeof *ioctls; i++)
        if (ioctls[i].cmd == cmd) return ioctls[i].name;
    return NULL;
}

SYS(ioctl) {
    unsigned long cmd = (unsigned int)c->a[1];
    for (size_t i = 0; i < sizeof ioctls / sizeof *ioctls; i++) {
        if (ioctls[i].cmd != cmd) continue;
        uint64_t arg = c->a[2];
        switch (ioctls[i].arg) {
        case IA_IN: GUEST_CHECK(arg, ioctls[i].size, GPROT_READ); break;
        case IA_OUT: GUEST_CHECK(arg, ioctls[i].size, GPROT_WRITE); break;
        case IA_INOUT: GUEST_CHECK(arg, ioctls[i].size, GPROT_READ | GPROT_WRITE); break;
        case IA_OFLAGS: arg = abi_oflags_from_arm64(arg); break;
        }
        return hsys3(SYS_ioctl, c->a[0], cmd, arg);
    }
    /* what the kernel answers for a request the file does not know */
    return -ENOTTY;
}
