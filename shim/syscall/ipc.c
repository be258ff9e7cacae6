/* ipc.c — System V message queues, semaphores and shared memory, and POSIX message queues.
 * Their structures have the same layout on arm64 and x86-64 except struct semid64_ds; shmat
 * places a segment in the guest's address space and registers it with mm. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "../abi/arm64.h"
#include "../emud_link.h"
#include "../mm.h"
#include "syscall.h"

/* A host address no process can map. It replaces a guest pointer that is not guest memory
 * (it may point into the emulator's), so the host kernel fails with EFAULT at the same point
 * of its checks as the arm64 kernel does for the bad pointer, and never touches the emulator. */
#define HOST_FAULT_PTR 0xffff800000000000ull

static uint64_t gptr(uint64_t addr, uint64_t len, int prot) {
    return guest_access_ok(addr, len, prot) ? addr : HOST_FAULT_PTR;
}

#define TS_SIZE       16  /* struct timespec */
#define MSQID_SIZE    120 /* struct msqid64_ds */
#define SHMID_SIZE    112 /* struct shmid64_ds */
#define MSGINFO_SIZE  32  /* struct msginfo */
#define SEMINFO_SIZE  40  /* struct seminfo */
#define SHMINFO_SIZE  72  /* struct shminfo64 */
#define SHM_INFO_SIZE 48  /* struct shm_info */
#define MQ_ATTR_SIZE  64  /* struct mq_attr */
#define NOTIFY_COOKIE 32  /* bytes SIGEV_THREAD's sigev_value points to (mq_notify) */

/* A ctl command and its buffer: how many bytes, and whether the kernel reads or writes it. */
typedef struct ctl_cmd {
    int cmd, size, prot;
} ctl_cmd;

static const ctl_cmd msgctl_cmds[] = {
    {IPC_RMID, 0, 0},
    {IPC_SET, MSQID_SIZE, GPROT_READ},
    {IPC_STAT, MSQID_SIZE, GPROT_WRITE},
    {MSG_STAT, MSQID_SIZE, GPROT_WRITE},
    {MSG_STAT_ANY, MSQID_SIZE, GPROT_WRITE},
    {IPC_INFO, MSGINFO_SIZE, GPROT_WRITE},
    {MSG_INFO, MSGINFO_SIZE, GPROT_WRITE},
};

static const ctl_cmd shmctl_cmds[] = {
    {IPC_RMID, 0, 0},
    {SHM_LOCK, 0, 0},
    {SHM_UNLOCK, 0, 0},
    {IPC_SET, SHMID_SIZE, GPROT_READ},
    {IPC_STAT, SHMID_SIZE, GPROT_WRITE},
    {SHM_STAT, SHMID_SIZE, GPROT_WRITE},
    {SHM_STAT_ANY, SHMID_SIZE, GPROT_WRITE},
    {IPC_INFO, SHMINFO_SIZE, GPROT_WRITE},
    {SHM_INFO, SHM_INFO_SIZE, GPROT_WRITE},
};

/* msgctl/shmctl: the structures are the same on both, so the host kernel fills the guest's
 * buffer. A command the kernel does not know (IPC_64 set, too: the 64-bit layouts are the
 * only ones these syscalls have) gets EINVAL from the host. */
static long ctl_call(long nr, const ctl_cmd *cmds, size_t n, sys_call *c) {
    int cmd = (int)c->a[1];
    uint64_t buf = HOST_FAULT_PTR;
    for (size_t i = 0; i < n; i++)
        if (cmds[i].cmd == cmd) buf = cmds[i].size ? gptr(c->a[2], cmds[i].size, cmds[i].prot) : 0;
    return hsys3(nr, (int)c->a[0], cmd, buf);
}

/* --- message queues ------------------------------------------------------------------- */

SYS(msgget) {
    return hsys2(SYS_msgget, (int)c->a[0], (int)c->a[1]);
}

SYS(msgctl) {
    return ctl_call(SYS_msgctl, msgctl_cmds, sizeof msgctl_cmds / sizeof *msgctl_cmds, c);
}

/* Linux reads mtype, checks the size against msgmax, then copies the text. */
SYS(msgsnd) {
    uint64_t msgp = c->a[1], size = c->a[2];
    if (!guest_access_ok(msgp, 8 + size, GPROT_READ)) {
        struct msginfo mi;
        bool too_long = hsys3(SYS_msgctl, 0, IPC_INFO, &mi) >= 0 && size > (uint64_t)mi.msgmax;
        if (!too_long || !guest_access_ok(msgp, 8, GPROT_READ)) msgp = HOST_FAULT_PTR;
    }
    return ssys4(SYS_msgsnd, (int)c->a[0], msgp, size, (int)c->a[3]);
}

/* Receive into a guest buffer that is only partly writable: the host call fills a bounce
 * buffer (hdr bytes, then at most cap) and the result is copied out, so a message longer than
 * the writable part is consumed and fails with EFAULT, as the kernel's copy_to_user makes it. */
static long recv_bounced(long nr, long a0, uint64_t gbuf, size_t hdr, uint64_t cap, long a3,
                         long a4) {
    char *b = malloc(hdr + cap);
    if (!b) return -ENOMEM;
    long r = ssys5(nr, a0, b, cap, a3, a4);
    if (r >= 0 && guest_write(gbuf, b, hdr + r)) r = -EFAULT;
    free(b);
    return r;
}

SYS(msgrcv) {
    int id = (int)c->a[0];
    uint64_t msgp = c->a[1], size = c->a[2];
    if ((int64_t)size >= 0 && !guest_access_ok(msgp, 8 + size, GPROT_WRITE) &&
        guest_access_ok(msgp, 8, GPROT_WRITE)) {
        struct msginfo mi; /* no message is longer than msgmax */
        long r = hsys3(SYS_msgctl, 0, IPC_INFO, &mi);
        if (r < 0) return r;
        if (size > (uint64_t)mi.msgmax) size = mi.msgmax;
        return recv_bounced(SYS_msgrcv, id, msgp, 8, size, c->a[3], (int)c->a[4]);
    }
    return ssys5(SYS_msgrcv, id, gptr(msgp, 8 + size, GPROT_WRITE), size, c->a[3], (int)c->a[4]);
}

/* --- semaphores -------------------------------------------------------------------------- */

/* x86-64's struct semid64_ds pads each time to 16 bytes; arm64's is asm-generic. */
typedef struct host_semid64_ds {
    uint8_t perm[48];
    int64_t otime;
    uint64_t unused1;
    int64_t ctime;
    uint64_t unused2;
    uint64_t nsems, unused3, unused4;
} host_semid64_ds;

static long sem_stat(sys_call *c, int cmd) {
    host_semid64_ds h;
    long r = hsys4(SYS_semctl, (int)c->a[0], (int)c->a[1], cmd, &h);
    if (r < 0) return r;
    arm64_semid64_ds g = {.otime = h.otime, .ctime = h.ctime, .nsems = h.nsems};
    memcpy(g.perm, h.perm, sizeof g.perm);
    return guest_write(c->a[3], &g, sizeof g) ? -EFAULT : r;
}

static long sem_set(sys_call *c) {
    arm64_semid64_ds g;
    if (guest_read(&g, c->a[3], sizeof g)) return -EFAULT;
    host_semid64_ds h = {.otime = g.otime, .ctime = g.ctime, .nsems = g.nsems};
    memcpy(h.perm, g.perm, sizeof h.perm);
    return hsys4(SYS_semctl, (int)c->a[0], (int)c->a[1], IPC_SET, &h);
}

/* The number of semaphores in set id, from /proc/sysvipc/sem (readable without any right on
 * the set), or -EACCES. */
static long sem_nsems_proc(int id) {
    FILE *f = fopen("/proc/sysvipc/sem", "re");
    if (!f) return -EACCES;
    char line[256];
    long n = -EACCES;
    while (n < 0 && fgets(line, sizeof line, f)) {
        int key, sid;
        unsigned perms;
        long ns;
        if (sscanf(line, "%d %d %o %ld", &key, &sid, &perms, &ns) == 4 && sid == id) n = ns;
    }
    fclose(f);
    return n;
}

/* GETALL/SETALL: the kernel copies one unsigned short per semaphore of the set. SETALL needs
 * only the right to alter, IPC_STAT the right to read, hence the fallback. */
static long sem_all(sys_call *c, int cmd) {
    host_semid64_ds h;
    int id = (int)c->a[0];
    long n = hsys4(SYS_semctl, id, 0, IPC_STAT, &h);
    if (n == 0) n = (long)h.nsems;
    if (n == -EACCES && cmd == SETALL) n = sem_nsems_proc(id);
    if (n < 0) return n;
    uint64_t arr = gptr(c->a[3], 2 * (uint64_t)n, cmd == GETALL ? GPROT_WRITE : GPROT_READ);
    return hsys4(SYS_semctl, id, (int)c->a[1], cmd, arr);
}

/* The fourth argument is union semun: a value (SETVAL) or a pointer, depending on cmd. */
SYS(semctl) {
    int id = (int)c->a[0], num = (int)c->a[1], cmd = (int)c->a[2];
    switch (cmd) {
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY: return sem_stat(c, cmd);
    case IPC_SET: return sem_set(c);
    case GETALL:
    case SETALL: return sem_all(c, cmd);
    case IPC_INFO:
    case SEM_INFO: return hsys4(SYS_semctl, id, num, cmd, gptr(c->a[3], SEMINFO_SIZE, GPROT_WRITE));
    case SETVAL: return hsys4(SYS_semctl, id, num, cmd, (int)c->a[3]);
    default: return hsys4(SYS_semctl, id, num, cmd, HOST_FAULT_PTR); /* no argument, or EINVAL */
    }
}

SYS(semget) {
    return hsys3(SYS_semget, (int)c->a[0], (int)c->a[1], (int)c->a[2]);
}

/* struct sembuf (3 shorts) and timespec are the same on both. */
SYS(semtimedop) {
    unsigned nsops = (unsigned)c->a[2];
    uint64_t sops = gptr(c->a[1], 6ull * nsops, GPROT_READ);
    uint64_t ts = c->a[3] ? gptr(c->a[3], TS_SIZE, GPROT_READ) : 0;
    return ssys4(SYS_semtimedop, (int)c->a[0], sops, nsops, ts);
}

SYS(semop) {
    unsigned nsops = (unsigned)c->a[2];
    return ssys3(SYS_semop, (int)c->a[0], gptr(c->a[1], 6ull * nsops, GPROT_READ), nsops);
}

/* --- shared memory ---------------------------------------------------------------------- */

SYS(shmget) {
    return hsys3(SYS_shmget, (int)c->a[0], c->a[1], (int)c->a[2]);
}

SYS(shmctl) {
    return ctl_call(SYS_shmctl, shmctl_cmds, sizeof shmctl_cmds / sizeof *shmctl_cmds, c);
}

/* Attach at the address the guest asked for (addr, already rounded as SHM_RND says; the host
 * gets the guest's own arguments, its SHMLBA is also the page size). Without SHM_REMAP the
 * host refuses any overlap itself; emulator memory is never the guest's to overlap. */
static long shmat_fixed(int id, uint64_t gaddr, int flg, uint64_t addr, uint64_t len) {
    if (addr + len < addr) return -EINVAL;
    if (addr + len > GUEST_ADDR_TOP) return -ENOMEM;
    if (!(flg & SHM_REMAP)) {
        if (mm_is_emulator(addr, addr + len)) return -EINVAL;
        return hsys3(SYS_shmat, id, gaddr, flg);
    }
    long r = mm_claim_fixed(addr, len, false);
    if (r) return r == -ENOMEM ? -EINVAL : r;
    r = hsys3(SYS_shmat, id, gaddr, flg);
    if (hsys_is_err(r)) mm_release_fixed(addr, len);
    return r;
}

static long shmat_nl(int id, uint64_t gaddr, int flg) {
    uint64_t addr = gaddr;
    if (addr & (GUEST_PAGE - 1)) {
        if (!(flg & SHM_RND)) return -EINVAL;
        addr = GUEST_PAGE_DOWN(addr);
        if (!addr && (flg & SHM_REMAP)) return -EINVAL;
    } else if (!addr && (flg & SHM_REMAP)) {
        return -EINVAL;
    }
    struct shmid_ds ds; /* the segment's size; shmat needs the read right that IPC_STAT does */
    long r = hsys3(SYS_shmctl, id, IPC_STAT, &ds);
    if (r < 0) return r;
    uint64_t len = GUEST_PAGE_UP(ds.shm_segsz);
    int hflg = flg & ~SHM_EXEC; /* the host mapping is never executable */
    r = gaddr ? shmat_fixed(id, gaddr, hflg, addr, len) : hsys3(SYS_shmat, id, 0, hflg);
    if (hsys_is_err(r)) return r;
    if ((uint64_t)r + len > GUEST_ADDR_TOP) { /* only with 5-level paging */
        hsys1(SYS_shmdt, r);
        return -ENOMEM;
    }
    int prot = (flg & SHM_RDONLY) ? GPROT_READ : GPROT_READ | GPROT_WRITE;
    mm_invalidate_exec(r, r + len);
    mm_region_add(r, r + len, prot | ((flg & SHM_EXEC) ? GPROT_EXEC : 0));
    emud_link_unmap(r, len);
    return r;
}

SYS(shmat) {
    mm_lock();
    long r = shmat_nl((int)c->a[0], c->a[1], (int)c->a[2]);
    mm_unlock();
    return r;
}

/* The host's shared-memory mappings at or above addr, from /proc/self/maps: shmdt removes some
 * of them (the segment's, however the guest split it). *n gets their count; NULL if none. */
static mm_region *shm_maps_from(uint64_t addr, size_t *n) {
    FILE *f = fopen("/proc/self/maps", "re");
    mm_region *v = NULL;
    size_t cap = 0;
    *n = 0;
    if (!f) return NULL;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        unsigned long long s, e;
        char path[32] = "";
        if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %31s", &s, &e, path) < 2 || s < addr) continue;
        if (strncmp(path, "/SYSV", 5)) continue;
        if (*n == cap) {
            mm_region *nv = realloc(v, (cap = cap ? 2 * cap : 8) * sizeof *v);
            if (!nv) break;
            v = nv;
        }
        v[(*n)++] = (mm_region){s, e, 0};
    }
    fclose(f);
    return v;
}

/* Linux detaches the segment attached at addr: every piece of it the guest has left mapped.
 * The pieces the host no longer maps afterwards leave the guest's address space too. */
static long shmdt_nl(uint64_t addr) {
    if (addr & (GUEST_PAGE - 1)) return -EINVAL;
    size_t n;
    mm_region *maps = shm_maps_from(addr, &n);
    long r = hsys1(SYS_shmdt, addr);
    for (size_t i = 0; r == 0 && i < n; i++) {
        unsigned char v;
        if (hsys3(SYS_mincore, maps[i].start, GUEST_PAGE, &v) != -ENOMEM) continue;
        mm_invalidate_exec(maps[i].start, maps[i].end);
        mm_region_remove(maps[i].start, maps[i].end);
        emud_link_unmap(maps[i].start, maps[i].end - maps[i].start);
    }
    free(maps);
    return r;
}

SYS(shmdt) {
    mm_lock();
    long r = shmdt_nl(c->a[0]);
    mm_unlock();
    return r;
}

/* --- POSIX message queues ---------------------------------------------------------------- */

/* The name is not a path in the guest's file system: it goes to the kernel's mqueue mount. */
SYS(mq_open) {
    char attr[MQ_ATTR_SIZE];
    if (c->a[3] && guest_read(attr, c->a[3], sizeof attr)) return -EFAULT; /* read first */
    GUEST_PATH(name, c->a[0]);
    return hsys4(SYS_mq_open, name, abi_oflags_from_arm64(c->a[1]), c->a[2], c->a[3] ? attr : 0);
}

SYS(mq_unlink) {
    GUEST_PATH(name, c->a[0]);
    return hsys1(SYS_mq_unlink, name);
}

SYS(mq_timedsend) {
    uint64_t ts = c->a[4] ? gptr(c->a[4], TS_SIZE, GPROT_READ) : 0;
    return ssys5(SYS_mq_timedsend, (int)c->a[0], gptr(c->a[1], c->a[2], GPROT_READ), c->a[2],
                 (unsigned)c->a[3], ts);
}

SYS(mq_timedreceive) {
    int fd = (int)c->a[0];
    uint64_t buf = c->a[1], len = c->a[2];
    uint64_t prio = c->a[3] ? gptr(c->a[3], 4, GPROT_WRITE) : 0;
    uint64_t ts = c->a[4] ? gptr(c->a[4], TS_SIZE, GPROT_READ) : 0;
    if (len && !guest_access_ok(buf, len, GPROT_WRITE) && guest_access_ok(buf, 1, GPROT_WRITE)) {
        struct mq_attr_host {
            long flags, maxmsg, msgsize, curmsgs, reserved[4];
        } a; /* no message is longer than the queue's msgsize, which len must reach */
        long r = hsys3(SYS_mq_getsetattr, fd, 0, &a);
        if (r == 0 && len >= (uint64_t)a.msgsize)
            return recv_bounced(SYS_mq_timedreceive, fd, buf, 0, a.msgsize, prio, ts);
    }
    return ssys5(SYS_mq_timedreceive, fd, gptr(buf, len, GPROT_WRITE), len, prio, ts);
}

/* struct sigevent is the same on both; SIGEV_THREAD (glibc's mq_notify) makes the kernel read
 * a cookie from sigev_value. */
SYS(mq_notify) {
    struct {
        uint64_t value;
        int signo, notify;
        int pad[12];
    } ev;
    if (!c->a[1]) return hsys2(SYS_mq_notify, (int)c->a[0], 0);
    if (guest_read(&ev, c->a[1], sizeof ev)) return -EFAULT;
    if (ev.notify == SIGEV_THREAD) ev.value = gptr(ev.value, NOTIFY_COOKIE, GPROT_READ);
    return hsys2(SYS_mq_notify, (int)c->a[0], &ev);
}

SYS(mq_getsetattr) {
    uint64_t set = c->a[1] ? gptr(c->a[1], MQ_ATTR_SIZE, GPROT_READ) : 0;
    uint64_t old = c->a[2] ? gptr(c->a[2], MQ_ATTR_SIZE, GPROT_WRITE) : 0;
    return hsys3(SYS_mq_getsetattr, (int)c->a[0], set, old);
}
