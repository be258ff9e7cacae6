/* /proc/self/exe and /proc/<pid>/exe: the link names the guest program and opening it opens
 * the program's file (an arm64 ELF of the same size as argv[0]), not the emulator. */
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(const char *link, const char *shown, const char *want) {
    char got[PATH_MAX];
    ssize_t n = readlink(link, got, sizeof got - 1);
    if (n < 0) {
        printf("%s: readlink failed\n", shown);
        return;
    }
    got[n] = 0;
    printf("%s: %s\n", shown, strcmp(got, want) ? got : "the program's path");
    char small[4];
    printf("  short buffer: %zd '%.4s'\n", readlink(link, small, sizeof small), small);
    int fd = open(link, O_RDONLY);
    Elf64_Ehdr eh;
    struct stat a, b;
    if (fd < 0 || read(fd, &eh, sizeof eh) != sizeof eh || fstat(fd, &a) || stat(want, &b)) {
        printf("  open/read/stat failed\n");
        return;
    }
    printf("  opens an ELF for machine %d, %s size as the program, %s inode\n", eh.e_machine,
           a.st_size == b.st_size ? "same" : "another", a.st_ino == b.st_ino ? "same" : "another");
    close(fd);
}

/* Without arguments: what qemu-aarch64 shows too. With "strict": /proc/thread-self/exe as well
 * (qemu leaves it to the host), and the exit status says whether every check passed. */
int main(int argc, char **argv) {
    char want[PATH_MAX], link[64];
    if (!realpath(argv[0], want)) return 1;
    if (argc > 1 && !strcmp(argv[1], "strict")) {
        char got[PATH_MAX];
        ssize_t n = readlink("/proc/thread-self/exe", got, sizeof got - 1);
        got[n > 0 ? n : 0] = 0;
        int ok = n > 0 && !strcmp(got, want);
        printf("/proc/thread-self/exe names the program: %s\n", ok ? "yes" : got);
        return !ok;
    }
    check("/proc/self/exe", "/proc/self/exe", want);
    snprintf(link, sizeof link, "/proc/%d/exe", getpid());
    check(link, "/proc/<pid>/exe", want);
    struct stat st;
    printf("lstat is a link: %d\n", lstat("/proc/self/exe", &st) == 0 && S_ISLNK(st.st_mode));
    printf("stat is the program: %d\n", stat("/proc/self/exe", &st) == 0 && S_ISREG(st.st_mode));
    return 0;
}
