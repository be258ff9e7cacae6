// tests/diff/progs/unix_cmsg.c: ancillary data over AF_UNIX socket pairs: SCM_RIGHTS passes
// descriptors (the receiver reads a pipe and a file through them), SCM_CREDENTIALS passes and
// checks the sender's pid/uid/gid (SO_PASSCRED); a control buffer too short for every
// descriptor.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "diff.h"

static int send_fds(int sock, const int *fds, int n) {
  char data = 'F';
  struct iovec iov = {&data, 1};
  union {
    char buf[CMSG_SPACE(sizeof(int) * 4)];
    struct cmsghdr align;
  } u;
  memset(&u, 0, sizeof u);
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                     .msg_controllen = CMSG_SPACE(sizeof(int) * n)};
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int) * n);
  memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
  return (int)sendmsg(sock, &m, 0);
}

static int recv_fds(int sock, int *fds, int max, size_t ctl_space, int *flags) {
  char data;
  struct iovec iov = {&data, 1};
  union {
    char buf[CMSG_SPACE(sizeof(int) * 4)];
    struct cmsghdr align;
  } u;
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                     .msg_controllen = ctl_space};
  if (recvmsg(sock, &m, 0) != 1) return -1;
  *flags = m.msg_flags;
  int n = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int) && n < max; i++)
        memcpy(&fds[n++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
  return n;
}

static void rights(void) {
  int sv[2], p[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) || pipe(p)) abort();
  FILE *tmp = tmpfile();
  fputs("through a passed file descriptor\n", tmp);
  fflush(tmp);
  int f = fileno(tmp);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    close(sv[0]);
    int got[4], flags;
    int n = recv_fds(sv[1], got, 4, CMSG_SPACE(sizeof(int) * 4), &flags);
    out("child received %d descriptors, ctrunc %d\n", n, !!(flags & MSG_CTRUNC));
    char buf[64] = {0};
    ssize_t r = read(got[0], buf, sizeof buf - 1);
    out("from the pipe: %zd '%s'\n", r, buf);
    lseek(got[1], 0, SEEK_SET);
    memset(buf, 0, sizeof buf);
    r = read(got[1], buf, sizeof buf - 1);
    out("from the file: %zd %s", r, buf);
    n = recv_fds(sv[1], got, 4, CMSG_LEN(sizeof(int)), &flags);
    /* Linux also sets MSG_CTRUNC here (emu-exec does, as the native build shows); qemu 7.2
       does not, so the flag is left out of what is compared */
    out("short control buffer: %d descriptor(s)\n", n);
    fflush(stdout);
    _exit(0);
  }
  close(sv[1]);
  int fds[2] = {p[0], f};
  out("sent %d bytes with two descriptors\n", send_fds(sv[0], fds, 2));
  int three[3] = {p[0], f, p[1]};
  out("sent %d bytes with three descriptors\n", send_fds(sv[0], three, 3));
  if (write(p[1], "pipe data", 9) != 9) abort();
  int st;
  waitpid(child, &st, 0);
  out("child exit %d\n", WEXITSTATUS(st));
}

static void credentials(void) {
  int sv[2], on = 1;
  if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)) abort();
  out("SO_PASSCRED: %d\n", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
  struct ucred me = {getpid(), getuid(), getgid()};
  char data = 'C';
  struct iovec iov = {&data, 1};
  union {
    char buf[CMSG_SPACE(sizeof(struct ucred))];
    struct cmsghdr align;
  } u;
  memset(&u, 0, sizeof u);
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                     .msg_controllen = sizeof u.buf};
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_CREDENTIALS;
  c->cmsg_len = CMSG_LEN(sizeof me);
  memcpy(CMSG_DATA(c), &me, sizeof me);
  out("sent with credentials: %zd\n", sendmsg(sv[0], &m, 0));
  memset(&u, 0, sizeof u);
  m.msg_controllen = sizeof u.buf;
  out("received: %zd\n", recvmsg(sv[1], &m, 0));
  c = CMSG_FIRSTHDR(&m);
  struct ucred got = {0};
  if (c && c->cmsg_type == SCM_CREDENTIALS) memcpy(&got, CMSG_DATA(c), sizeof got);
  out("credentials match: pid %d uid %d gid %d\n", got.pid == me.pid, got.uid == me.uid,
      got.gid == me.gid);
  /* someone else's pid is refused (unless privileged: then it must be a real process) */
  me.pid = 1;
  memcpy(CMSG_DATA(CMSG_FIRSTHDR(&m)), &me, sizeof me);
  m.msg_controllen = CMSG_SPACE(sizeof me);
  CMSG_FIRSTHDR(&m)->cmsg_level = SOL_SOCKET;
  CMSG_FIRSTHDR(&m)->cmsg_type = SCM_CREDENTIALS;
  CMSG_FIRSTHDR(&m)->cmsg_len = CMSG_LEN(sizeof me);
  ssize_t r = sendmsg(sv[0], &m, 0);
  out("pid 1 as sender: %s\n", r == 1 ? "accepted" : strerror(errno));
}

int main(void) {
  rights();
  credentials();
  return 0;
}
