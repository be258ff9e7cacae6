/* /proc/self/maps shows the guest's own memory: the program's code, data and stack where the
 * program finds them, mappings it makes with the protections it asked for, and nothing else
 * (no emulator code, heap or translation buffer: every listed page can be touched by mincore). */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int data_var = 42;

/* The perms and path of the line that holds addr, or "" */
static void find(uintptr_t addr, char *perms, char *path) {
    FILE *f = fopen("/proc/self/maps", "r");
    char line[PATH_MAX + 128];
    perms[0] = path[0] = 0;
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char p[8], name[PATH_MAX] = "";
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %4095s", &lo, &hi, p, name) < 3) continue;
        if (addr >= lo && addr < hi) {
            strcpy(perms, p);
            strcpy(path, name);
        }
    }
    if (f) fclose(f);
}

static void show(const char *what, const void *addr, const char *exe) {
    char perms[8], path[PATH_MAX];
    find((uintptr_t)addr, perms, path);
    printf("%-18s %s %s\n", what, perms[0] ? perms : "(not listed)",
           !strcmp(path, exe) ? "the program" : path);
}

int main(int argc, char **argv) {
    char exe[PATH_MAX];
    if (!realpath(argv[0], exe)) return 1;
    int on_stack = 1;
    if (argc > 1 && !strcmp(argv[1], "strict")) goto strict;
    show("code (main)", (void *)main, exe);
    show("data", &data_var, exe);
    show("stack", &on_stack, exe);
    char *rx = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(rx + 4096, 4096, PROT_READ | PROT_EXEC);
    mprotect(rx + 8192, 4096, PROT_NONE);
    show("anon rw", rx, exe);
    show("anon rx", rx + 4096, exe);
    show("anon none", rx + 8192, exe);
    munmap(rx, 3 * 4096);
    show("unmapped", rx + 4096, exe);
    return 0;
strict:; /* strict (qemu lists host reservations of its own): nothing but guest memory */
    FILE *f = fopen("/proc/self/maps", "r");
    char line[PATH_MAX + 128];
    int lines = 0, foreign = 0, untouchable = 0;
    unsigned char vec[1];
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        lines++;
        if (strstr(line, "emu-exec") || strstr(line, "qemu")) foreign++;
        if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && mincore((void *)lo, 4096, vec)) untouchable++;
    }
    printf("lines %s, naming an emulator %d, not guest memory %d\n", lines > 3 ? "several" : "few",
           foreign, untouchable);
    return foreign || untouchable || lines <= 3;
}
