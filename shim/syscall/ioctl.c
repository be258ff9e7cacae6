/* ioctl.c — the ioctls the guest may use, as a table: terminal and generic file ioctls,
 * whose numbers and structures are the same asm-generic ones on arm64 and x86-64. */
#include <errno.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <termios.h>

#include "../abi/arm64.h"
#include "../mm.h"
#include "syscall.h"

/* struct termios2 requests (glibc does not define the structure, so not the names) */
#define ARM64_TCGETS2  0x802c542aul
#define ARM64_TCSETS2  0x402c542bul
#define ARM64_TCSETSW2 0x402c542cul
#define ARM64_TCSETSF2 0x402c542dul

enum ioctl_arg {
    IA_NONE,  /* no argument, or an integer value */
    IA_IN,    /* points to size bytes the kernel reads */
    IA_OUT,   /* points to size bytes the kernel writes */
    IA_INOUT, /* both */
    IA_OFLAGS /* integer open flags (arm64 bits differ) */
};

static const struct {
    unsigned long cmd;
    unsigned char arg;
    unsigned short size;
} ioctls[] = {
    {TCGETS, IA_OUT, 36}, /* kernel struct termios: 4 flags, c_line, c_cc[19] */
    {TCSETS, IA_IN, 36},         {TCSETSW, IA_IN, 36},       {TCSETSF, IA_IN, 36},
    {ARM64_TCGETS2, IA_OUT, 44}, {ARM64_TCSETS2, IA_IN, 44}, {ARM64_TCSETSW2, IA_IN, 44},
    {ARM64_TCSETSF2, IA_IN, 44}, {TCSBRK, IA_NONE, 0},       {TCSBRKP, IA_NONE, 0},
    {TCXONC, IA_NONE, 0},        {TCFLSH, IA_NONE, 0},       {TIOCEXCL, IA_NONE, 0},
    {TIOCNXCL, IA_NONE, 0},      {TIOCSCTTY, IA_NONE, 0},    {TIOCNOTTY, IA_NONE, 0},
    {TIOCGPGRP, IA_OUT, 4},      {TIOCSPGRP, IA_IN, 4},      {TIOCGSID, IA_OUT, 4},
    {TIOCOUTQ, IA_OUT, 4},       {TIOCSTI, IA_IN, 1},        {TIOCGWINSZ, IA_OUT, 8},
    {TIOCSWINSZ, IA_IN, 8},      {TIOCMGET, IA_OUT, 4},      {TIOCMSET, IA_IN, 4},
    {TIOCMBIS, IA_IN, 4},        {TIOCMBIC, IA_IN, 4},       {TIOCGPTN, IA_OUT, 4},
    {TIOCSPTLCK, IA_IN, 4},      {TIOCGPTLCK, IA_OUT, 4},    {TIOCGPTPEER, IA_OFLAGS, 0},
    {TIOCGDEV, IA_OUT, 4},       {TIOCSETD, IA_IN, 4},       {TIOCGETD, IA_OUT, 4},
    {FIONREAD, IA_OUT, 4},       {FIONBIO, IA_IN, 4},        {FIOASYNC, IA_IN, 4},
    {FIOCLEX, IA_NONE, 0},       {FIONCLEX, IA_NONE, 0},     {FIOQSIZE, IA_OUT, 8},
    {BLKGETSIZE64, IA_OUT, 8},   {BLKSSZGET, IA_OUT, 4},     {FS_IOC_GETFLAGS, IA_OUT, 4},
    {FS_IOC_SETFLAGS, IA_IN, 4}, {FICLONE, IA_NONE, 0},
};

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
