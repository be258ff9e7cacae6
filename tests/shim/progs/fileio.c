/* fileio.c — file descriptors and paths: open/read/write/seek, vectors, positioned I/O,
 * fcntl flags, dup, pipes, links, renames, directories and getdents64. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define SHOW(expr)                                                                                 \
    printf("%-44s = %ld%s%s\n", #expr, (long)(expr), errno ? " errno=" : "",                       \
           errno ? strerror(errno) : ""),                                                          \
        errno = 0

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *d) {
    char buf[4096], *names[64];
    int n = 0, fd = open(d, O_RDONLY | O_DIRECTORY);
    long got;
    while ((got = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
        for (long off = 0; off < got;) {
            struct dirent64 *e = (void *)(buf + off);
            if (n < 64) names[n++] = strdup(e->d_name);
            off += e->d_reclen;
        }
    close(fd);
    qsort(names, n, sizeof *names, cmp);
    printf("dir:");
    for (int i = 0; i < n; i++)
        printf(" %s", names[i]);
    printf("\n");
}

int main(void) {
    char dir[] = "/tmp/shim-fileio-XXXXXX", p[256], q[256], buf[256];
    if (!mkdtemp(dir)) return 1;
    if (chdir(dir)) return 1;
    errno = 0;
    umask(022);
    int fd = open("a.txt", O_CREAT | O_RDWR | O_TRUNC, 0640);
    SHOW(fd >= 0);
    SHOW(write(fd, "hello, world\n", 13));
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(lseek(fd, 7, SEEK_SET));
    SHOW(read(fd, buf, sizeof buf));
    SHOW(pwrite(fd, "WORLD", 5, 7));
    memset(buf, 0, sizeof buf);
    SHOW(pread(fd, buf, 100, 0));
    printf("content: %s", buf);
    struct iovec iov[3] = {{"one ", 4}, {"two ", 4}, {"three\n", 6}};
    SHOW(lseek(fd, 0, SEEK_END));
    SHOW(writev(fd, iov, 3));
    char b1[5] = {0}, b2[9] = {0};
    struct iovec rv[2] = {{b1, 4}, {b2, 8}};
    SHOW(lseek(fd, 13, SEEK_SET));
    SHOW(readv(fd, rv, 2));
    printf("readv: [%s] [%s]\n", b1, b2);
    SHOW(ftruncate(fd, 5));
    struct stat st;
    SHOW(fstat(fd, &st));
    printf("size %ld mode %o nlink %ld\n", (long)st.st_size, st.st_mode & 07777, (long)st.st_nlink);
    SHOW(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND));
    SHOW(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
    SHOW((fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK)) == (O_APPEND | O_NONBLOCK));
    SHOW(fcntl(fd, F_GETFD));
    int d = dup(fd);
    SHOW(d > fd);
    SHOW(dup3(fd, 20, O_CLOEXEC));
    SHOW(fcntl(20, F_GETFD));
    SHOW(close(20));
    SHOW(close(20));
    close(d);
    close(fd);

    int pp[2];
    SHOW(pipe2(pp, O_CLOEXEC));
    SHOW(write(pp[1], "through a pipe", 14));
    memset(buf, 0, sizeof buf);
    SHOW(read(pp[0], buf, sizeof buf));
    printf("pipe: %s\n", buf);
    close(pp[0]);
    close(pp[1]);

    SHOW(mkdir("sub", 0755));
    SHOW(mkdir("sub", 0755));
    SHOW(link("a.txt", "sub/b.txt"));
    SHOW(symlink("a.txt", "c.lnk"));
    memset(buf, 0, sizeof buf);
    SHOW(readlink("c.lnk", buf, sizeof buf));
    printf("link -> %s\n", buf);
    SHOW(rename("sub/b.txt", "sub/d.txt"));
    SHOW(access("sub/d.txt", R_OK | W_OK));
    SHOW(access("sub/nothere", F_OK));
    SHOW(chmod("a.txt", 0600));
    SHOW(stat("a.txt", &st));
    printf("mode %o nlink %ld\n", st.st_mode & 07777, (long)st.st_nlink);
    list_dir(".");
    list_dir("sub");
    SHOW(getcwd(p, sizeof p) != NULL);
    printf("cwd is dir: %d\n", strcmp(p, dir) == 0);
    SHOW(getcwd(p, 3) == NULL);
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    SHOW(fchdir(dfd));
    SHOW(access("d.txt", F_OK));
    SHOW(chdir(".."));
    SHOW(unlinkat(dfd, "d.txt", 0));
    close(dfd);
    SHOW(rmdir("sub"));
    SHOW(unlink("c.lnk"));
    SHOW(unlink("a.txt"));
    SHOW(open("missing", O_RDONLY));
    snprintf(q, sizeof q, "%s", dir);
    SHOW(chdir("/"));
    SHOW(rmdir(q));
    return 0;
}
