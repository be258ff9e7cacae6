/* memory.c — the guest cannot reach the emulator's memory: MAP_FIXED over emu-exec's own
 * code is refused (ENOMEM, EEXIST with NOREPLACE), munmap/mprotect leave it alone, and
 * syscalls given its addresses fail with EFAULT. Also brk and fixed maps of guest memory.
 * Expected: memory.expected. */
#include "raw.h"

#define MAP_PRIVATE_ANON 0x22
#define MAP_FIXED        0x10
#define MAP_NOREPLACE    0x100000
#define RW               3

static char maps[65536];

/* Start address of the first mapping of emu-exec itself in the maps file at path, or 0. */
static unsigned long emulator_code(const char *path) {
    long fd = sc(56, -100, (long)path, 0, 0, 0), n = 0, r;
    if (fd < 0) return 0;
    while ((r = sc(63, fd, (long)maps + n, sizeof maps - 1 - n, 0, 0)) > 0)
        n += r;
    maps[n] = 0;
    sc(57, fd, 0, 0, 0, 0);
    for (char *line = maps; *line;) {
        char *end = line;
        while (*end && *end != '\n')
            end++;
        for (char *p = line; p + 8 <= end; p++)
            if (p[0] == 'e' && p[1] == 'm' && p[2] == 'u' && p[3] == '-' && p[4] == 'e' &&
                p[5] == 'x') {
                unsigned long v = 0;
                for (char *q = line; *q != '-'; q++)
                    v = v * 16 + (*q <= '9' ? *q - '0' : *q - 'a' + 10);
                return v;
            }
        line = *end ? end + 1 : end;
    }
    return 0;
}

/* "/proc/self/task/TID/maps": the host's view of this thread's address space. The guest's
 * /proc/self/maps shows only guest mappings (as under qemu); this test needs the emulator's
 * own code to aim at, and the per-task file is not rewritten. */
static const char *task_maps(char *buf) {
    static const char head[] = "/proc/self/task/";
    char digits[24];
    int nd = 0;
    for (long tid = sc(178, 0, 0, 0, 0, 0); tid > 0 || nd == 0; tid /= 10)
        digits[nd++] = (char)('0' + tid % 10);
    char *w = buf;
    for (const char *h = head; *h;)
        *w++ = *h++;
    while (nd > 0)
        *w++ = digits[--nd];
    for (const char *t = "/maps"; *t;)
        *w++ = *t++;
    *w = 0;
    return buf;
}

void cstart(long *sp) {
    (void)sp;
    char path[64];
    say("emu-exec hidden from /proc/self/maps", emulator_code("/proc/self/maps") == 0);
    unsigned long emu = emulator_code(task_maps(path));
    say("found emu-exec", emu != 0);
    say("fixed over it", sc(222, emu, 4096, RW, MAP_PRIVATE_ANON | MAP_FIXED, -1));
    say("noreplace over it", sc(222, emu, 4096, RW, MAP_PRIVATE_ANON | MAP_NOREPLACE, -1));
    say("munmap it", sc(215, emu, 4096, 0, 0, 0));
    say("mprotect it", sc(226, emu, 4096, RW, 0, 0));
    say("write from it", sc(64, 1, emu, 16, 0, 0));
    say("read into it", sc(63, 0, emu, 16, 0, 0));

    unsigned long want = 0x10000000;
    say("fixed low", sc(222, want, 3 * 4096, RW, MAP_PRIVATE_ANON | MAP_FIXED, -1) == (long)want);
    *(volatile char *)(want + 8191) = 1;
    say("noreplace on guest memory",
        sc(222, want + 4096, 4096, RW, MAP_PRIVATE_ANON | MAP_NOREPLACE, -1));
    say("noreplace next to it", sc(222, want + 3 * 4096, 4096, RW, MAP_PRIVATE_ANON | MAP_NOREPLACE,
                                   -1) == (long)(want + 3 * 4096));
    say("munmap middle", sc(215, want + 4096, 4096, 0, 0, 0));
    say("write from hole", sc(64, 1, want + 4096, 1, 0, 0));
    say("mprotect hole", sc(226, want + 4096, 4096, 1, 0, 0));
    say("partial write at end", sc(64, 1, want + 4 * 4096 - 2, 8, 0, 0));
    out("\n");

    long b0 = sc(214, 0, 0, 0, 0, 0);
    say("brk aligned", (b0 & 4095) == 0);
    say("brk grows", sc(214, b0 + 100000, 0, 0, 0, 0) == b0 + 100000);
    *(volatile char *)(b0 + 99999) = 1;
    say("brk shrinks", sc(214, b0 + 10, 0, 0, 0, 0) == b0 + 10);
    say("brk below start", sc(214, b0 - 4096, 0, 0, 0, 0) == b0 + 10);
    say("gone", sc(64, 1, b0 + 8192, 1, 0, 0));
    sc(94, 0, 0, 0, 0, 0);
}
