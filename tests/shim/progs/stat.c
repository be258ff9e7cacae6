/* stat.c — stat, lstat, fstatat and statx on files, directories, links and devices: the
 * fields of the arm64 struct stat (converted from the host's) as the guest sees them. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

static void show(const char *what, int r, const struct stat *st) {
    if (r) {
        printf("%s: -1 %s\n", what, strerror(errno));
        return;
    }
    printf("%s: type %o perm %o nlink>0 %d size %lld blksize>0 %d blocks>=0 %d rdev %llx\n", what,
           st->st_mode & S_IFMT, st->st_mode & 07777, st->st_nlink > 0,
           S_ISREG(st->st_mode) || S_ISLNK(st->st_mode) ? (long long)st->st_size : -1,
           st->st_blksize > 0, st->st_blocks >= 0, (unsigned long long)st->st_rdev);
}

int main(void) {
    struct stat st, st2;
    char path[] = "/tmp/shim-stat-XXXXXX";
    int fd = mkstemp(path);
    if (write(fd, "0123456789", 10) != 10) return 1;
    fchmod(fd, 0604);
    show("fstat file", fstat(fd, &st), &st);
    show("stat file", stat(path, &st2), &st2);
    printf("same inode/dev: %d %d\n", st.st_ino == st2.st_ino, st.st_dev == st2.st_dev);
    printf("mtime sane: %d\n", st.st_mtime > 1600000000 && st.st_mtim.tv_nsec < 1000000000);
    show("stat /", stat("/", &st), &st);
    show("stat /dev/null", stat("/dev/null", &st), &st);
    char lnk[64];
    snprintf(lnk, sizeof lnk, "%s.lnk", path);
    symlink(path, lnk);
    show("lstat link", lstat(lnk, &st), &st);
    printf("link size is target length: %d\n", st.st_size == (off_t)strlen(path));
    show("fstatat nofollow", fstatat(AT_FDCWD, lnk, &st, AT_SYMLINK_NOFOLLOW), &st);
    show("fstatat follow", fstatat(AT_FDCWD, lnk, &st, 0), &st);
    show("fstatat empty path", fstatat(fd, "", &st, AT_EMPTY_PATH), &st);
    show("stat missing", stat("/nonexistent/x", &st), &st);
    show("stat bad ptr", stat((const char *)16, &st), &st);
    struct statx sx;
    int r = statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &sx);
    printf("statx: %d size %llu mode %o\n", r, (unsigned long long)sx.stx_size,
           sx.stx_mode & 07777);
    struct statfs sf;
    printf("statfs /tmp: %d bsize>0 %d\n", statfs("/tmp", &sf), sf.f_bsize > 0);
    printf("fstatfs: %d namelen %ld\n", fstatfs(fd, &sf), (long)sf.f_namelen);
    unlink(lnk);
    unlink(path);
    close(fd);
    return 0;
}
