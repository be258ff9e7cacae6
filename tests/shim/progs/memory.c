/* memory.c — the guest address space: MAP_FIXED anywhere low, MAP_FIXED_NOREPLACE, munmap,
 * mprotect, mremap, file mappings and the program break (brk/sbrk). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SHOW(expr)                                                                                 \
    printf("%-60s = %ld%s%s\n", #expr, (long)(expr), errno ? " errno=" : "",                       \
           errno ? strerror(errno) : ""),                                                          \
        errno = 0

int main(void) {
    const long pg = 4096;
    char *want = (char *)0x10000000;
    errno = 0;
    char *p =
        mmap(want, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    SHOW(p == want);
    memset(p, 'x', 4 * pg);
    SHOW(mmap(want + 2 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
         want + 2 * pg);
    SHOW(p[2 * pg] == 0 && p[pg] == 'x');
    SHOW(munmap(want + pg, pg));
    SHOW(mprotect(want + pg, pg, PROT_READ));
    SHOW(mprotect(want, pg, PROT_READ));
    SHOW(msync(want, pg, MS_SYNC));
    SHOW(madvise(want + 3 * pg, pg, MADV_DONTNEED));
    SHOW(p[3 * pg]);
    SHOW(write(1, want + pg, 1));
    char *q = mremap(want + 3 * pg, pg, 16 * pg, MREMAP_MAYMOVE);
    SHOW(q != MAP_FAILED);
    q[15 * pg] = 5;
    SHOW(q[15 * pg]);
    SHOW(mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
    SHOW(munmap((void *)0x10000001, pg));
    SHOW(mmap((void *)0x7ffffffff000, 2 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
              -1, 0) == MAP_FAILED);

    char path[] = "/tmp/shim-mem-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    SHOW(write(fd, "file contents", 13));
    char *f = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0);
    SHOW(f != MAP_FAILED);
    printf("mapped: %.13s\n", f);
    char *s = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    memcpy(s, "FILE", 4);
    char back[16] = {0};
    SHOW(pread(fd, back, 13, 0));
    printf("shared write visible: %s\n", back);
    close(fd);

    void *b0 = sbrk(0);
    char *b1 = sbrk(100000);
    SHOW(b1 == b0);
    memset(b1, 1, 100000);
    SHOW(sbrk(0) == (char *)b0 + 100000);
    SHOW(sbrk(-50000) == (char *)b0 + 100000);
    SHOW(brk(b0));
    SHOW(sbrk(0) == b0);
    void *big = malloc(10 << 20);
    SHOW(big != NULL);
    memset(big, 3, 10 << 20);
    free(big);
    return 0;
}
