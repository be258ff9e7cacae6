/* emud_link.c — joins emu-exec to emud through libemuclient: images are identified by the
 * hash of the mapped file, so offsets (not addresses) name blocks across processes. */
#include "emud_link.h"
#include "shim.h"

#include <emuclient.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_IMAGES 256

typedef struct image_map {
    uint64_t start, end; /* guest range of the executable mapping */
    uint64_t base;       /* start - file offset: block offset = pc - base */
    int file;            /* index in L.files: the warm set is per file */
} image_map;

/* Hashes of files already seen, by identity, so a library mapped twice is read once. */
typedef struct file_hash {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    uint8_t hash[EMUCLIENT_HASH_LEN];
    bool fetched;             /* its warm set was asked for */
    emuclient_warm_set *set;  /* installed from on demand (NULL: none) */
    bool from_pack;           /* set came from emud's pack, not from a request */
    uint32_t misses;          /* blocks of this file translated here */
    uint32_t hits;            /* blocks of this file installed from its warm sets */
    emuclient_warm_set *set2; /* asked for when the pack proved stale (see on_translated) */
} file_hash;

/* A block translated here before the client was opened (see connect_locked). */
typedef struct pending_block {
    bool in_image;
    uint8_t hash[EMUCLIENT_HASH_LEN];
    uint64_t offset;
    uint32_t pc_bits, len;
    void *guest;
} pending_block;

/* Connect once this many blocks wait: a process served from packs may never need emud, and
 * starting nng (its threads, a dial, adoption) costs more than such a process's whole run. */
#define LAZY_BLOCKS 32

/* Misses in one image's pack after which it is taken as stale (see pack_stale), unless the
 * pack served at least STALE_RATIO times as many blocks. */
#define STALE_MISSES 8
#define STALE_RATIO  16

static struct {
    jit_t *jit;
    emuclient *ec;
    bool started, connect_tried, forked;
    char *exe;
    pending_block pend[LAZY_BLOCKS];
    uint32_t npend, pend_dropped;
    uint32_t warm_installed, warm_rejected, warm_received, packs_used;
    pthread_mutex_t mu;        /* maps, files and their sets: guest threads map and miss at once */
    uint64_t ns_open, ns_warm; /* time spent talking to emud, for EMU_STATS */
    image_map maps[MAX_IMAGES];
    int nmaps;
    file_hash files[MAX_IMAGES];
    int nfiles;
} L = {.mu = PTHREAD_MUTEX_INITIALIZER};

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static bool connect_locked(void);

/* Where the emulator's own descriptors go: near the top of the range, clear of the guest's. */
static int emu_fd_floor(void) {
    int floor = shim_fd_floor(64);
    return floor < 200 ? 200 : floor;
}

/* emud's pack directory if this process can see it (a chroot sees it only when bound in:
 * `emuctl jail add --bind`); looked up once. */
static const char *packs_dir_here(char *buf, size_t len) {
    static int visible = -1;
    const char *dir = emuclient_packs_dir(buf, len);
    if (dir && visible < 0) visible = access(dir, X_OK) == 0;
    return dir && visible ? dir : NULL;
}

/* The image's warm set is taken from emud's pack for it (from the pack directory, or by
 * descriptor where the directory is out of sight), else fetched once, when the image is first
 * mapped (one request per image); its blocks are installed when the guest first reaches them
 * (miss_hook). */
static void warm(image_map *m) {
    file_hash *f = &L.files[m->file];
    if (f->fetched) return;
    emuclient_warm_result r = {0};
    uint64_t t0 = now_ns();
    char buf[512];
    const char *dir = packs_dir_here(buf, sizeof buf);
    int pr = dir ? emuclient_warm_pack(dir, f->hash, jit_abi_id(), &f->set, &r)
                 : emuclient_warm_pack_remote(f->hash, jit_abi_id(), emu_fd_floor(), &f->set, &r);
    if (pr == 0) {
        f->fetched = f->from_pack = true;
        L.packs_used++;
    } else if (L.started && (L.ec || connect_locked())) {
        f->fetched = true;
        emuclient_warm_fetch(L.ec, f->hash, NULL, &f->set, &r);
    }
    L.ns_warm += now_ns() - t0;
    L.warm_received += r.received;
}

/* EMU_EMUD=0: no emud, no packs: every block is translated here. */
static bool link_disabled(void) {
    static int off = -1;
    if (off < 0) {
        const char *e = getenv("EMU_EMUD");
        off = e && !strcmp(e, "0");
    }
    return off;
}

static const image_map *map_at(uint64_t pc) {
    for (int i = 0; i < L.nmaps; i++)
        if (pc >= L.maps[i].start && pc < L.maps[i].end) return &L.maps[i];
    return NULL;
}

/* A copy of a found block's blob for installing without L.mu: the set's scratch buffer is
 * reused by the next find, which another thread may make meanwhile. */
static const void *own_blob(const emuclient_block *b) {
    static __thread uint8_t *buf;
    static __thread size_t cap;
    if (b->blob_len > cap) {
        size_t n = (b->blob_len + 4095) & ~(size_t)4095;
        uint8_t *p = aligned_alloc(64, n);
        if (!p) return NULL;
        free(buf);
        buf = p;
        cap = n;
    }
    return memcpy(buf, b->blob, b->blob_len);
}

static bool miss_hook(void *arg, uint64_t pc) {
    (void)arg;
    pthread_mutex_lock(&L.mu);
    const image_map *m = map_at(pc);
    file_hash *f = m ? &L.files[m->file] : NULL;
    emuclient_block b;
    int r = -ENOENT;
    if (f && f->set) r = emuclient_warm_find(f->set, m->base, pc - m->base, &b);
    if (f && f->set2 && r == -ENOENT) r = emuclient_warm_find(f->set2, m->base, pc - m->base, &b);
    const void *blob = r != 0 ? NULL : b.stable ? b.blob : own_blob(&b);
    if (r == 0 && !blob) r = -ENOMEM;
    /* sets live as long as the process: install without L.mu, whose holders (a guest mmap)
     * may wait for the address-space lock that jit_install_blob's code check takes */
    pthread_mutex_unlock(&L.mu);
    if (r == 0) r = jit_install_blob(L.jit, b.pc, b.guest, b.guest_len, blob, b.blob_len);
    pthread_mutex_lock(&L.mu);
    if (r == 0) {
        L.warm_installed++;
        f->hits++;
    } else if (r != -ENOENT)
        L.warm_rejected++;
    pthread_mutex_unlock(&L.mu);
    return r == 0;
}

/* A pack lags emud's cache: right after other processes ran new code in an image, it may lack
 * blocks emud already has. A process that keeps missing in a pack asks emud for the image's
 * whole warm set once (caller holds L.mu). Not when the pack serves it well: a large program
 * (cc1) reaches a few blocks no earlier run did in every run, and its whole set is megabytes
 * that cost emud and the guest a second or more, for a handful of blocks. */
static void pack_stale(file_hash *f) {
    if (!f->from_pack || f->set2 || ++f->misses < STALE_MISSES) return;
    if (f->misses * STALE_RATIO < f->hits) return;
    if (!L.ec && !connect_locked()) return;
    emuclient_warm_result r = {0};
    uint64_t t0 = now_ns();
    emuclient_warm_fetch(L.ec, f->hash, NULL, &f->set2, &r);
    L.ns_warm += now_ns() - t0;
    L.warm_received += r.received;
    f->from_pack = false; /* once */
}

static void on_translated(void *arg, uint64_t pc, const uint32_t *guest, uint32_t len) {
    (void)arg;
    pthread_mutex_lock(&L.mu);
    const image_map *m = map_at(pc);
    pending_block b = {.in_image = m != NULL, .pc_bits = (uint32_t)(pc & 0xfff), .len = len};
    if (m) {
        memcpy(b.hash, L.files[m->file].hash, sizeof b.hash);
        b.offset = pc - m->base;
    }
    if (m && L.started) pack_stale(&L.files[m->file]);
    /* under the lock: emud_link_stop (exit_group or execve on another thread) must not close
     * the client while a submission is in flight; submitting only queues, it never blocks */
    if (L.ec) {
        emuclient_submit(L.ec, m ? b.hash : NULL, b.offset, b.pc_bits, guest, len);
    } else if (L.started && !L.connect_tried && (b.guest = malloc(len))) {
        memcpy(b.guest, guest, len);
        L.pend[L.npend++] = b;
        if (L.npend == LAZY_BLOCKS) connect_locked();
    }
    pthread_mutex_unlock(&L.mu);
}

/* An ELF file's identity from its GNU build-id and size, without reading the whole file:
 * the linker derives the build-id from the contents, so the same library in every jail gets
 * the same identity, and a stripped copy (other size, other offsets) another one. Hashing
 * every byte of libc at every start-up costs more than the rest of a small program's start.
 * A wrong identity could only cost misses: every block is checked against guest memory. */
static int build_id_identity(int fd, uint64_t size, uint8_t out[EMUCLIENT_HASH_LEN]) {
    Elf64_Ehdr eh;
    Elf64_Phdr ph[32];
    if (pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
        eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof *ph || eh.e_phnum > 32 ||
        pread(fd, ph, sizeof *ph * eh.e_phnum, (off_t)eh.e_phoff) !=
            (ssize_t)(sizeof *ph * eh.e_phnum))
        return -1;
    for (int i = 0; i < eh.e_phnum; i++) {
        uint8_t notes[1024];
        if (ph[i].p_type != PT_NOTE || ph[i].p_filesz > sizeof notes) continue;
        ssize_t n = pread(fd, notes, ph[i].p_filesz, (off_t)ph[i].p_offset);
        for (ssize_t at = 0; n > 0 && at + 12 <= n;) {
            Elf64_Nhdr nh;
            memcpy(&nh, notes + at, sizeof nh);
            size_t name = (nh.n_namesz + 3) & ~3u, desc = (nh.n_descsz + 3) & ~3u;
            if (at + 12 + (ssize_t)(name + desc) > n) break;
            if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
                !memcmp(notes + at + 12, "GNU", 4) && nh.n_descsz >= 8 && nh.n_descsz <= 64) {
                uint8_t id[16 + 8 + 64] = "emu-build-id:v1";
                memcpy(id + 16, &size, 8);
                memcpy(id + 24, notes + at + 12 + name, nh.n_descsz);
                return emuclient_image_hash(id, 24 + nh.n_descsz, out) ? -1 : 0;
            }
            at += 12 + (ssize_t)(name + desc);
        }
    }
    return -1;
}

/* The index of the file in L.files, identifying its content the first time it is seen. */
static int file_of(int fd) {
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0) return -1;
    for (int i = 0; i < L.nfiles; i++) {
        file_hash *f = &L.files[i];
        if (f->dev == st.st_dev && f->ino == st.st_ino && f->size == st.st_size &&
            f->mtime.tv_sec == st.st_mtim.tv_sec && f->mtime.tv_nsec == st.st_mtim.tv_nsec)
            return i;
    }
    if (L.nfiles == MAX_IMAGES) return -1;
    file_hash *f = &L.files[L.nfiles];
    *f = (file_hash){.dev = st.st_dev, .ino = st.st_ino, .size = st.st_size, .mtime = st.st_mtim};
    if (build_id_identity(fd, (uint64_t)st.st_size, f->hash) == 0) return L.nfiles++;
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) return -1;
    int r = emuclient_image_hash(p, (size_t)st.st_size, f->hash);
    munmap(p, (size_t)st.st_size);
    return r ? -1 : L.nfiles++;
}

static void trim(uint64_t addr, uint64_t len);

void emud_link_image(int fd, uint64_t addr, uint64_t len, uint64_t off) {
    if (fd < 0 || link_disabled()) return;
    pthread_mutex_lock(&L.mu);
    trim(addr, len);
    int file = L.nmaps < MAX_IMAGES ? file_of(fd) : -1;
    if (file >= 0) {
        L.maps[L.nmaps] = (image_map){addr, addr + len, addr - off, file};
        warm(&L.maps[L.nmaps++]);
    }
    pthread_mutex_unlock(&L.mu);
}

void emud_link_unmap(uint64_t addr, uint64_t len) {
    pthread_mutex_lock(&L.mu);
    trim(addr, len);
    pthread_mutex_unlock(&L.mu);
}

/* Trim [addr, addr+len) out of every recorded mapping: ld.so maps a library's whole span
 * with the text's protection, then maps the data segments over its tail. */
static void trim(uint64_t addr, uint64_t len) {
    uint64_t end = addr + len;
    for (int i = 0; i < L.nmaps;) {
        image_map *m = &L.maps[i];
        if (m->end <= addr || end <= m->start) {
            i++;
        } else if (addr <= m->start && m->end <= end) {
            *m = L.maps[--L.nmaps]; /* wholly covered */
        } else if (addr > m->start && end < m->end) {
            if (L.nmaps < MAX_IMAGES) { /* a hole in the middle: keep both sides */
                L.maps[L.nmaps] = *m;
                L.maps[L.nmaps++].start = end;
            }
            m->end = addr;
            i++;
        } else {
            if (addr <= m->start)
                m->start = end;
            else
                m->end = addr;
            i++;
        }
    }
}

/* Open the client (caller holds L.mu) and hand it what waited. Once per process; never in a
 * fork child of a process that had one (nng's threads did not survive the fork). */
static bool connect_locked(void) {
    if (L.connect_tried || L.forked || !L.started) return L.ec != NULL;
    L.connect_tried = true;
    emuclient_identity id = {.pid = getpid(), .abi_id = jit_abi_id(), .jail = "/", .exe = L.exe};
    uint64_t t0 = now_ns();
    /* nng's descriptors (epoll, eventfd, the socket, and a redial's) would take the lowest
     * free numbers, which belong to the guest (its first open is 3; `exec 3>file` must not hit
     * nng): they go to the top of the descriptor range instead. Where that cannot be asked,
     * placeholders park on the low numbers while the client opens. */
    int floor = emu_fd_floor();
    emuclient_options opt = {.flags = EMUCLIENT_NOWAIT};
    if (emuclient_set_fd_floor(floor) == 0) {
        if (emuclient_open(&L.ec, &opt, &id) != 0) L.ec = NULL;
    } else {
        enum { FD_FLOOR = 200 };
        int parked[FD_FLOOR], nparked = 0;
        for (int fd; nparked < FD_FLOOR && (fd = fcntl(0, F_DUPFD_CLOEXEC, 0)) >= 0;) {
            if (fd >= FD_FLOOR) {
                close(fd);
                break;
            }
            parked[nparked++] = fd;
        }
        if (emuclient_open(&L.ec, NULL, &id) != 0) L.ec = NULL;
        while (nparked > 0)
            close(parked[--nparked]);
    }
    L.ns_open = now_ns() - t0;
    for (uint32_t i = 0; i < L.npend; i++) {
        pending_block *b = &L.pend[i];
        if (L.ec)
            emuclient_submit(L.ec, b->in_image ? b->hash : NULL, b->offset, b->pc_bits, b->guest,
                             b->len);
        free(b->guest);
    }
    L.npend = 0;
    return L.ec != NULL;
}

void emud_link_start(jit_t *j, const char *exe) {
    L.jit = j;
    if (link_disabled()) return;
    pthread_mutex_lock(&L.mu);
    L.exe = strdup(exe ? exe : "");
    L.started = L.exe != NULL;
    jit_set_translated_hook(j, on_translated, NULL);
    jit_set_miss_hook(j, miss_hook, NULL);
    for (int i = 0; i < L.nmaps; i++)
        warm(&L.maps[i]);
    pthread_mutex_unlock(&L.mu);
}

void emud_link_before_fork(void) {
    pthread_mutex_lock(&L.mu);
}

void emud_link_after_fork(bool child) {
    if (!child) {
        pthread_mutex_unlock(&L.mu);
        return;
    }
    pthread_mutex_init(&L.mu, NULL);
    if (L.ec) emuclient_after_fork(L.ec);
    /* nng's threads are the parent's: a child whose parent had started nng cannot start it */
    L.forked = L.connect_tried;
}

void emud_link_stop(int status) {
    if (getenv("EMU_STATS")) { /* what this process took from the cache and made itself */
        jit_stats st;
        jit_get_stats(L.jit, &st);
        fprintf(stderr,
                "emu-exec: %s; warm blocks received %u installed %u rejected %u (%u images from "
                "packs); translated locally %llu blocks (%llu insns; %u not sent); open %.2f ms, "
                "warm sets %.2f ms",
                emuclient_connected(L.ec) ? "adopted by emud"
                : L.connect_tried         ? "no emud"
                                          : "not connected",
                L.warm_received, L.warm_installed, L.warm_rejected, L.packs_used,
                (unsigned long long)st.blocks_translated,
                (unsigned long long)st.guest_insns_translated, L.npend, L.ns_open / 1e6,
                L.ns_warm / 1e6);
    }
    pthread_mutex_lock(&L.mu); /* other guest threads may still translate and submit */
    /* a short process that never needed emud leaves its few blocks untold: telling them would
     * start nng, which costs more than translating them again next time */
    L.pend_dropped += L.npend;
    while (L.npend > 0)
        free(L.pend[--L.npend].guest);
    L.started = false;
    emuclient *ec = L.ec;
    emuclient_count_warm(ec, L.warm_installed, L.warm_rejected);
    L.ec = NULL;
    pthread_mutex_unlock(&L.mu);
    uint64_t t0 = now_ns();
    emuclient_leave(ec, status); /* this process exits or execs */
    if (getenv("EMU_STATS")) fprintf(stderr, ", close %.2f ms\n", (now_ns() - t0) / 1e6);
}
