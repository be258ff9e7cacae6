/* /proc/self/auxv holds the guest's auxiliary vector: each entry agrees with getauxval and the
 * vector ends with AT_NULL; the entries that name the program match its own headers. */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char __ehdr_start[];

int main(void) {
    uint64_t v[256];
    int fd = open("/proc/self/auxv", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, v, sizeof v);
    if (n <= 0 || n % 16) {
        printf("read /proc/self/auxv: %zd\n", n);
        return 1;
    }
    int entries = 0, agree = 0, ended = 0;
    for (ssize_t i = 0; i < n / 8; i += 2) {
        if (v[i] == AT_NULL) {
            ended = 1;
            break;
        }
        entries++;
        agree += getauxval(v[i]) == v[i + 1];
    }
    printf("AT_NULL at the end: %d; every entry agrees with getauxval: %d\n", ended, agree == entries);
    printf("AT_PAGESZ %lu, AT_PHENT %lu, AT_PHNUM is the program's: %d\n", getauxval(AT_PAGESZ),
           getauxval(AT_PHENT), getauxval(AT_PHNUM) == ((Elf64_Ehdr *)__ehdr_start)->e_phnum);
    printf("AT_ENTRY is the program's: %d\n", getauxval(AT_ENTRY) == ((Elf64_Ehdr *)__ehdr_start)->e_entry);
    printf("AT_EXECFN: %s\n", (const char *)getauxval(AT_EXECFN) ? "present" : "missing");
    return 0;
}
