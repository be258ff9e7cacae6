/* badptr.c — invalid guest pointers given to system calls come back as EFAULT (or a
 * short transfer), never as a crash of the emulator. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        errno = 0;                                                                                 \
        long r_ = (long)(expr);                                                                    \
        printf("%-50s = %ld %s\n", #expr, r_, r_ < 0 ? strerror(errno) : "");                      \
    } while (0)

int main(void) {
    void *bad = (void *)0x1000;
    int fd = open("/dev/zero", O_RDONLY);
    TRY(write(1, bad, 10));
    TRY(read(fd, bad, 10));
    TRY(syscall(SYS_openat, AT_FDCWD, bad, O_RDONLY));
    TRY(syscall(SYS_newfstatat, AT_FDCWD, "/", bad, 0));
    TRY(syscall(SYS_fstat, fd, bad));
    TRY(syscall(SYS_uname, bad));
    TRY(syscall(SYS_clock_gettime, CLOCK_REALTIME, bad));
    TRY(syscall(SYS_pipe2, bad, 0));
    struct iovec iov[2] = {{"ok\n", 3}, {bad, 5}};
    TRY(writev(1, iov, 2));
    TRY(syscall(SYS_getcwd, bad, 100));
    TRY(syscall(SYS_rt_sigaction, 10, bad, NULL, 8));
    char small[8];
    TRY(read(fd, small, 8));
    return 0;
}
