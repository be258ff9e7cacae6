// tests/diff/progs/sysv_ipc.c: System V message queues (types, IPC_NOWAIT, MSG_NOERROR,
// MSG_EXCEPT, msgctl, a receive woken by a child, EINTR), semaphores (semop, semtimedop timeout,
// semctl values, counts, stat/set), shared memory (attach anywhere, at an address, SHM_RND,
// SHM_REMAP, SHM_RDONLY, a fork child, nattch, /proc/self/maps, detach, IPC_RMID) and POSIX
// message queues (priorities, attributes, timeouts, EINTR). Only deterministic values; no ids.
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "diff.h"

#define BAD ((void *)8) // never mapped

static void show(const char *what, long r) {
    if (r < 0)
        out("%s = -1 errno %d\n", what, errno);
    else
        out("%s = %ld\n", what, r);
}

static volatile sig_atomic_t got_sig;
static void on_sig(int s) {
    got_sig = s;
}

static void handle(int sig, int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sig;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

// SIGALRM every ms milliseconds (0: stop): one that comes before the call blocks is followed by
// another, so a slow machine cannot leave the call waiting forever.
static void alarm_in_ms(int ms) {
    struct itimerval it = {{0, ms * 1000}, {0, ms * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

struct msg {
    long type;
    char text[32];
};

static int send_text(int q, long type, const char *s, int flags) {
    struct msg m = {type, ""};
    strcpy(m.text, s);
    return msgsnd(q, &m, strlen(s) + 1, flags);
}

static void recv_show(int q, size_t size, long type, int flags) {
    struct msg m;
    memset(&m, 0, sizeof m);
    long n = msgrcv(q, &m, size, type, flags);
    if (n < 0)
        out("msgrcv(type %ld, flags %#x) = -1 errno %d\n", type, flags, errno);
    else
        out("msgrcv(type %ld, flags %#x) = %ld type %ld \"%.*s\"\n", type, flags, n, m.type, (int)n,
            m.text);
}

static void msg_stat(int q) {
    struct msqid_ds ds;
    if (msgctl(q, IPC_STAT, &ds) < 0) {
        show("msgctl IPC_STAT", -1);
        return;
    }
    out("msq: qnum %lu cbytes %lu qbytes %lu mode %o key %d uid_ok %d\n",
        (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes, (unsigned long)ds.msg_qbytes,
        ds.msg_perm.mode & 0777, ds.msg_perm.__key, ds.msg_perm.uid == getuid());
}

static void message_queues(void) {
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    if (q < 0) abort();
    show("send 3", send_text(q, 3, "three", 0));
    show("send 1", send_text(q, 1, "one", 0));
    show("send 2", send_text(q, 2, "two", 0));
    show("send 5", send_text(q, 5, "five, a longer text", 0));
    msg_stat(q);
    recv_show(q, 32, 2, 0);
    recv_show(q, 32, -3, 0);
    recv_show(q, 4, 5, 0);                        // E2BIG, stays queued
    recv_show(q, 4, 5, MSG_NOERROR);              // truncated
    recv_show(q, 32, 3, MSG_EXCEPT | IPC_NOWAIT); // only type 3 is left: ENOMSG
    show("send 4", send_text(q, 4, "four", 0));
    recv_show(q, 32, 3, MSG_EXCEPT);
    recv_show(q, 32, 0, 0);
    recv_show(q, 32, 0, IPC_NOWAIT); // ENOMSG
    recv_show(q, 32, 7, IPC_NOWAIT);
    show("send type 0", send_text(q, 0, "x", 0));
    show("send bad pointer", msgsnd(q, BAD, 4, 0));
    struct msg *big = calloc(1, 9000);
    big->type = 1;
    show("send longer than msgmax", msgsnd(q, big, 8193, 0));
    free(big);
    show("msgctl bad cmd", msgctl(q, 77, NULL));
    show("msgctl IPC_STAT bad buffer", msgctl(q, IPC_STAT, BAD));
    show("msgrcv negative size", msgrcv(q, &(struct msg){0}, (size_t)-1, 0, IPC_NOWAIT));

    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    ds.msg_perm.mode = 0640;
    ds.msg_qbytes = 40;
    show("msgctl IPC_SET", msgctl(q, IPC_SET, &ds));
    msg_stat(q);
    show("fill 1", send_text(q, 1, "0123456789012345678", IPC_NOWAIT));
    show("fill 2", send_text(q, 1, "0123456789012345678", IPC_NOWAIT));
    show("fill 3 (full)", send_text(q, 1, "0123456789012345678", IPC_NOWAIT));
    msg_stat(q);
    recv_show(q, 32, 0, 0);
    recv_show(q, 32, 0, 0);

    // a blocked receive, woken by a child's send
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        usleep(50000);
        _exit(send_text(q, 9, "from the child", 0) ? 1 : 0);
    }
    recv_show(q, 32, 9, 0);
    int st;
    waitpid(child, &st, 0);
    out("child status %d\n", WEXITSTATUS(st));

    // interrupted by a signal: never restarted, with or without SA_RESTART
    for (int restart = 0; restart < 2; restart++) {
        handle(SIGALRM, restart ? SA_RESTART : 0);
        got_sig = 0;
        alarm_in_ms(50);
        recv_show(q, 32, 0, 0);
        alarm_in_ms(0);
        out("handler ran %d (SA_RESTART %d)\n", got_sig == SIGALRM, restart);
    }
    show("msgctl IPC_RMID", msgctl(q, IPC_RMID, NULL));
    show("send after RMID", send_text(q, 1, "gone", 0));
    show("msgctl IPC_RMID again", msgctl(q, IPC_RMID, NULL));
}

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static void sem_show(int s, int n) {
    unsigned short v[8];
    if (semctl(s, 0, GETALL, (union semun){.array = v}) < 0) {
        show("semctl GETALL", -1);
        return;
    }
    out("sems:");
    for (int i = 0; i < n; i++)
        out(" %u", v[i]);
    out("\n");
}

static int sem_add(int s, int num, int op, int flags) {
    struct sembuf b = {(unsigned short)num, (short)op, (short)flags};
    return semop(s, &b, 1);
}

static void semaphores(void) {
    int s = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
    if (s < 0) abort();
    sem_show(s, 3);
    show("SETVAL 0 5", semctl(s, 0, SETVAL, (union semun){.val = 5}));
    show("GETVAL 0", semctl(s, 0, GETVAL));
    unsigned short init[3] = {1, 2, 3};
    show("SETALL", semctl(s, 0, SETALL, (union semun){.array = init}));
    sem_show(s, 3);
    show("semop 1 -= 2", sem_add(s, 1, -2, 0));
    show("GETVAL 1", semctl(s, 1, GETVAL));
    show("GETPID is us", semctl(s, 1, GETPID) == getpid());
    show("GETNCNT 1", semctl(s, 1, GETNCNT));
    show("semop nowait on 0", sem_add(s, 1, -1, IPC_NOWAIT));
    struct sembuf two[2] = {{0, -1, 0}, {2, 3, 0}};
    show("semop two ops", semop(s, two, 2));
    sem_show(s, 3);
    struct timespec ts = {0, 50 * 1000 * 1000};
    struct sembuf wait1 = {1, -1, 0};
    show("semtimedop timeout", semtimedop(s, &wait1, 1, &ts));
    struct sembuf zero = {2, 0, IPC_NOWAIT};
    show("wait for zero nowait", semop(s, &zero, 1));

    struct semid_ds ds;
    show("IPC_STAT", semctl(s, 0, IPC_STAT, (union semun){.buf = &ds}));
    out("nsems %lu mode %o uid_ok %d\n", (unsigned long)ds.sem_nsems, ds.sem_perm.mode & 0777,
        ds.sem_perm.uid == getuid());
    ds.sem_perm.mode = 0640;
    show("IPC_SET", semctl(s, 0, IPC_SET, (union semun){.buf = &ds}));
    memset(&ds, 0, sizeof ds);
    semctl(s, 0, IPC_STAT, (union semun){.buf = &ds});
    out("nsems %lu mode %o\n", (unsigned long)ds.sem_nsems, ds.sem_perm.mode & 0777);

    // a child waits for sem 1; the parent sees it in GETNCNT, then lets it through
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) _exit(sem_add(s, 1, -1, 0) ? 1 : 0);
    int n = 0;
    for (int i = 0; i < 400 && n == 0; i++) {
        n = semctl(s, 1, GETNCNT);
        if (n == 0) usleep(5000);
    }
    out("GETNCNT with a waiter %d\n", n);
    show("GETZCNT 1", semctl(s, 1, GETZCNT));
    show("semop 1 += 1", sem_add(s, 1, 1, 0));
    int st;
    waitpid(child, &st, 0);
    out("child status %d\n", WEXITSTATUS(st));
    sem_show(s, 3);

    handle(SIGALRM, 0);
    got_sig = 0;
    alarm_in_ms(50);
    show("semop interrupted", sem_add(s, 1, -1, 0));
    alarm_in_ms(0);
    out("handler ran %d\n", got_sig == SIGALRM);

    show("semop 0 ops", semop(s, two, 0));
    show("semop bad pointer", semop(s, BAD, 1));
    show("semtimedop bad timeout", semtimedop(s, &wait1, 1, BAD));
    show("GETVAL bad semnum", semctl(s, 7, GETVAL));
    show("SETVAL -1", semctl(s, 0, SETVAL, (union semun){.val = -1}));
    show("SETVAL 40000", semctl(s, 0, SETVAL, (union semun){.val = 40000}));
    show("IPC_STAT bad buffer", semctl(s, 0, IPC_STAT, (union semun){.buf = BAD}));
    show("GETALL bad buffer", semctl(s, 0, GETALL, (union semun){.array = BAD}));
    show("bad cmd", semctl(s, 0, 99));
    show("IPC_RMID", semctl(s, 0, IPC_RMID));
    show("GETVAL after RMID", semctl(s, 0, GETVAL));
    show("semget 0 sems", semget(IPC_PRIVATE, 0, IPC_CREAT | 0600));
}

static sigjmp_buf segv_jmp;
static void on_segv(int s) {
    (void)s;
    siglongjmp(segv_jmp, 1);
}

// The /proc/self/maps line of the mapping at p: its size, permissions and name.
static void maps_show(const void *p) {
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int found = 0;
    while (f && fgets(line, sizeof line, f)) {
        unsigned long s, e;
        char perms[8], name[128] = "";
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %127[^\n]", &s, &e, perms, name) < 3) continue;
        if (s != (unsigned long)p) continue;
        out("maps: %lu bytes %s %s\n", e - s, perms, name);
        found = 1;
    }
    if (f) fclose(f);
    if (!found) out("maps: nothing at the address\n");
}

static int shm_nattch(int id) {
    struct shmid_ds ds;
    if (shmctl(id, IPC_STAT, &ds) < 0) return -errno;
    return (int)ds.shm_nattch;
}

static void shared_memory(void) {
    long page = sysconf(_SC_PAGESIZE);
    int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
    if (id < 0) abort();
    struct shmid_ds ds;
    show("IPC_STAT", shmctl(id, IPC_STAT, &ds));
    out("segsz %lu nattch %lu mode %o\n", (unsigned long)ds.shm_segsz, (unsigned long)ds.shm_nattch,
        ds.shm_perm.mode & 0777);
    char *p = shmat(id, NULL, 0);
    if (p == (void *)-1) abort();
    out("aligned %d nattch %d\n", ((unsigned long)p % page) == 0, shm_nattch(id));
    strcpy(p, "written by the parent");
    strcpy(p + 9000, "near the end");
    maps_show(p);
    int fds[2];
    pipe(fds);
    show("write() from the segment", write(fds[1], p, 21)); // a syscall sees guest memory
    close(fds[0]);
    close(fds[1]);

    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        int ok = !strcmp(p, "written by the parent") && shm_nattch(id) == 2;
        strcpy(p + 100, "written by the child");
        _exit(ok ? 0 : 1);
    }
    int st;
    waitpid(child, &st, 0);
    out("child status %d, parent reads \"%s\", nattch %d\n", WEXITSTATUS(st), p + 100,
        shm_nattch(id));

    // read-only, at an address the program chose (SHM_RND rounds a misaligned one down)
    char *area = mmap(NULL, 8 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(area, 8 * page);
    char *ro = shmat(id, area + 5, SHM_RDONLY | SHM_RND);
    out("SHM_RND attach at the rounded address %d, reads \"%s\", nattch %d\n", ro == area,
        ro + 9000, shm_nattch(id));
    maps_show(ro);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sigaction(SIGSEGV, &sa, &old);
    if (!sigsetjmp(segv_jmp, 1)) {
        ro[0] = 'X';
        out("write to SHM_RDONLY did not fault\n");
    } else {
        out("write to SHM_RDONLY faulted\n");
    }
    sigaction(SIGSEGV, &old, NULL);
    show("attach misaligned without SHM_RND", (long)shmat(id, area + 5 * page + 5, 0));
    show("attach over a mapping", (long)shmat(id, ro, 0));
    char *re = shmat(id, ro, SHM_REMAP);
    out("SHM_REMAP over the read-only attach %d, reads \"%s\", nattch %d\n", re == ro, re + 100,
        shm_nattch(id));
    re[200] = 'w'; // writable now
    maps_show(re);
    show("shmdt misaligned", shmdt(re + 1));
    show("shmdt not attached", shmdt(re + 3 * page));
    show("shmdt", shmdt(re));
    maps_show(re);
    char *again =
        mmap(re, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    out("address free again %d, nattch %d\n", again == re, shm_nattch(id));
    munmap(again, page);

    show("IPC_RMID while attached", shmctl(id, IPC_RMID, NULL));
    shmctl(id, IPC_STAT, &ds);
    out("SHM_DEST %d nattch %lu reads \"%c\"\n", (ds.shm_perm.mode & SHM_DEST) != 0,
        (unsigned long)ds.shm_nattch, p[200]);
    show("shmdt last", shmdt(p));
    show("IPC_STAT after the last detach", shmctl(id, IPC_STAT, &ds));
    show("shmget size 0", shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600));
    show("shmctl bad cmd", shmctl(0, 99, NULL));
    int id2 = shmget(IPC_PRIVATE, page, IPC_CREAT | 0600);
    show("IPC_STAT bad buffer", shmctl(id2, IPC_STAT, BAD));
    show("shmat bad id", (long)shmat(-1, NULL, 0));
    show("IPC_RMID", shmctl(id2, IPC_RMID, NULL));
}

static void mq_show_attr(mqd_t q) {
    struct mq_attr a;
    if (mq_getattr(q, &a) < 0) {
        show("mq_getattr", -1);
        return;
    }
    out("mq: flags %#lx maxmsg %ld msgsize %ld curmsgs %ld\n", a.mq_flags, a.mq_maxmsg,
        a.mq_msgsize, a.mq_curmsgs);
}

static void mq_recv_show(mqd_t q, size_t len) {
    char buf[128];
    unsigned prio = 99;
    long n = mq_receive(q, buf, len, &prio);
    if (n < 0)
        out("mq_receive = -1 errno %d\n", errno);
    else
        out("mq_receive = %ld prio %u \"%.*s\"\n", n, prio, (int)n, buf);
}

static void posix_queues(void) {
    char name[64];
    snprintf(name, sizeof name, "/emud-diff-ipc-%d", getpid());
    struct mq_attr attr = {0, 3, 64, 0, {0}};
    mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
    if (q < 0) {
        show("mq_open", -1);
        return;
    }
    show("mq_open O_EXCL again", mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr));
    mq_show_attr(q);
    show("send low", mq_send(q, "low", 3, 1));
    show("send high", mq_send(q, "high", 4, 9));
    show("send mid", mq_send(q, "mid", 3, 5));
    mq_show_attr(q);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct timespec soon = now;
    soon.tv_nsec += 50 * 1000 * 1000;
    if (soon.tv_nsec >= 1000000000) soon.tv_sec++, soon.tv_nsec -= 1000000000;
    show("mq_timedsend on a full queue", mq_timedsend(q, "x", 1, 0, &soon));
    struct timespec badts = {now.tv_sec, 2000000000};
    show("mq_timedsend bad timeout", mq_timedsend(q, "x", 1, 0, &badts));
    mq_recv_show(q, 8); // EMSGSIZE: shorter than msgsize
    mq_recv_show(q, 64);
    mq_recv_show(q, 64);
    mq_recv_show(q, 128);
    show("send too long", mq_send(q, name, 65, 0));
    char buf[64];
    clock_gettime(CLOCK_REALTIME, &soon);
    soon.tv_nsec += 50 * 1000 * 1000;
    if (soon.tv_nsec >= 1000000000) soon.tv_sec++, soon.tv_nsec -= 1000000000;
    show("mq_timedreceive timeout", mq_timedreceive(q, buf, 64, NULL, &soon));
    struct mq_attr nb = {O_NONBLOCK, 0, 0, 0, {0}}, prev;
    show("mq_setattr O_NONBLOCK", mq_setattr(q, &nb, &prev));
    out("previous flags %#lx\n", prev.mq_flags);
    mq_show_attr(q);
    mq_recv_show(q, 64); // EAGAIN
    nb.mq_flags = 0;
    mq_setattr(q, &nb, NULL);

    // (mq_notify is left out: qemu-aarch64 does not offer it)
    show("send", mq_send(q, "ping", 4, 3));
    mq_recv_show(q, 64);

    handle(SIGALRM, 0);
    got_sig = 0;
    alarm_in_ms(50);
    mq_recv_show(q, 64); // EINTR
    alarm_in_ms(0);
    out("handler ran %d\n", got_sig == SIGALRM);

    show("mq_open bad name", syscall(SYS_mq_open, BAD, O_RDONLY, 0, NULL));
    show("mq_open bad attr", syscall(SYS_mq_open, name + 1, O_CREAT | O_RDWR, 0600, BAD));
    show("mq_close", mq_close(q));
    show("mq_send closed", mq_send(q, "x", 1, 0));
    show("mq_unlink", mq_unlink(name));
    show("mq_unlink again", mq_unlink(name));
    show("mq_open missing", mq_open(name, O_RDONLY));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    out("-- message queues\n");
    message_queues();
    out("-- semaphores\n");
    semaphores();
    out("-- shared memory\n");
    shared_memory();
    out("-- POSIX message queues\n");
    posix_queues();
    return diff_status();
}
