/* main.c — emud: options, daemonising with a readiness pipe, the pidfile, and the libuv loop
 * (signals, the periodic cache commit) around the listener and the server state. */
#include "listen.h"
#include "packfd.h"
#include "log.h"
#include "packs.h"
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#define DEFAULT_CACHE   "/var/cache/emud"
#define DEFAULT_PIDFILE "/run/emud/emud.pid"
#define COMMIT_EVERY_MS 2000
#define PACKS_EVERY_MS  300 /* how soon a grown warm set reaches its pack (each at most 1/s) */
#define MAX_SOCKETS     8

typedef struct emud_opts {
    const char *cache_dir, *pidfile, *log_file, *group, *packs_dir;
    bool packs_tmpfs;
    const char *urls[MAX_SOCKETS];
    int nurls;
    int socket_mode;
    bool foreground, use_syslog, verbose, nosync;
    uint64_t max_bytes;
    unsigned workers, contexts;
} emud_opts;

typedef struct emud {
    emud_opts o;
    srv s;
    uv_loop_t *loop;
    srv_listener *lis;
    srv_packfd *pfd; /* NULL: no pack descriptors (packfd.h) */
    uv_signal_t sig_term, sig_int, sig_hup;
    uv_timer_t commit_timer, packs_timer;
    uv_work_t commit_work, packs_work;
    bool commit_busy, packs_busy, stopping;
    int pid_fd;
} emud;

static void usage(FILE *f) {
    fprintf(f, "usage: emud [options]\n"
               "  --cache DIR         translation cache directory (" DEFAULT_CACHE ")\n"
               "  --socket URL        listen here (repeatable; default ipc:///run/emud/emud.sock\n"
               "                      and abstract://emud)\n"
               "  --socket-mode MODE  permissions of path sockets, octal (0666)\n"
               "  --socket-group G    group of path sockets, and of admins (emud, if it exists)\n"
               "  --foreground        do not daemonise\n"
               "  --pidfile FILE      write the pid here (" DEFAULT_PIDFILE " when daemonising)\n"
               "  --max-bytes N       bound the cache's records to N bytes (K, M, G suffixes)\n"
               "  --workers N         translation threads (CPUs - 1, at least 1)\n"
               "  --contexts N        requests served at once (32)\n"
               "  --syslog            log to syslog\n"
               "  --log FILE          log to FILE (reopened on SIGHUP)\n"
               "  --nosync            do not fsync cache commits (tests)\n"
               "  --verbose           debug messages\n"
               "  --packs DIR         publish warm packs here (default: packs/ beside the first\n"
               "                      path socket; \"\" = none)\n"
               "  --packs-tmpfs       mount a tmpfs with huge pages at the packs directory\n"
               "                      (root; faster warm start-up of large programs)\n");
}

static int parse_size(const char *s, uint64_t *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s) return -EINVAL;
    unsigned shift = 0;
    switch (*end) {
    case 0: break;
    case 'k':
    case 'K': shift = 10; break;
    case 'm':
    case 'M': shift = 20; break;
    case 'g':
    case 'G': shift = 30; break;
    case 't':
    case 'T': shift = 40; break;
    default: return -EINVAL;
    }
    if (*end && end[1] && strcmp(end + 1, "iB") && strcmp(end + 1, "B")) return -EINVAL;
    if (shift && v > (UINT64_MAX >> shift)) return -ERANGE;
    *out = (uint64_t)v << shift;
    return 0;
}

static int parse_uint(const char *s, unsigned max, unsigned *out) {
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v == 0 || v > max) return -EINVAL;
    *out = (unsigned)v;
    return 0;
}

static int parse_args(int argc, char **argv, emud_opts *o) {
    enum {
        O_CACHE = 256,
        O_SOCKET,
        O_MODE,
        O_GROUP,
        O_FG,
        O_PID,
        O_MAX,
        O_WORK,
        O_CTX,
        O_SYSLOG,
        O_LOG,
        O_NOSYNC,
        O_VERBOSE,
        O_PACKS,
        O_PACKS_TMPFS,
        O_HELP
    };
    static const struct option lo[] = {{"cache", 1, 0, O_CACHE},
                                       {"socket", 1, 0, O_SOCKET},
                                       {"socket-mode", 1, 0, O_MODE},
                                       {"socket-group", 1, 0, O_GROUP},
                                       {"foreground", 0, 0, O_FG},
                                       {"pidfile", 1, 0, O_PID},
                                       {"max-bytes", 1, 0, O_MAX},
                                       {"workers", 1, 0, O_WORK},
                                       {"contexts", 1, 0, O_CTX},
                                       {"syslog", 0, 0, O_SYSLOG},
                                       {"log", 1, 0, O_LOG},
                                       {"nosync", 0, 0, O_NOSYNC},
                                       {"verbose", 0, 0, O_VERBOSE},
                                       {"help", 0, 0, O_HELP},
                                       {"packs", 1, 0, O_PACKS},
                                       {"packs-tmpfs", 0, 0, O_PACKS_TMPFS},
                                       {0, 0, 0, 0}};
    *o = (emud_opts){.cache_dir = DEFAULT_CACHE, .socket_mode = -1, .group = "emud"};
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    o->workers = n > 1 ? (unsigned)(n - 1) : 1;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case O_CACHE: o->cache_dir = optarg; break;
        case O_SOCKET:
            if (o->nurls == MAX_SOCKETS) {
                fprintf(stderr, "emud: at most %d --socket\n", MAX_SOCKETS);
                return -EINVAL;
            }
            o->urls[o->nurls++] = optarg;
            break;
        case O_MODE:
            errno = 0;
            o->socket_mode = (int)strtol(optarg, &end, 8);
            if (errno || *end || o->socket_mode < 0 || o->socket_mode > 0777) {
                fprintf(stderr, "emud: bad --socket-mode %s\n", optarg);
                return -EINVAL;
            }
            break;
        case O_GROUP: o->group = optarg; break;
        case O_FG: o->foreground = true; break;
        case O_PID: o->pidfile = optarg; break;
        case O_MAX:
            if (parse_size(optarg, &o->max_bytes)) {
                fprintf(stderr, "emud: bad --max-bytes %s\n", optarg);
                return -EINVAL;
            }
            break;
        case O_WORK:
            if (parse_uint(optarg, 256, &o->workers)) {
                fprintf(stderr, "emud: bad --workers %s\n", optarg);
                return -EINVAL;
            }
            break;
        case O_CTX:
            if (parse_uint(optarg, 4096, &o->contexts)) {
                fprintf(stderr, "emud: bad --contexts %s\n", optarg);
                return -EINVAL;
            }
            break;
        case O_SYSLOG: o->use_syslog = true; break;
        case O_LOG: o->log_file = optarg; break;
        case O_NOSYNC: o->nosync = true; break;
        case O_VERBOSE: o->verbose = true; break;
        case O_PACKS: o->packs_dir = optarg; break;
        case O_PACKS_TMPFS: o->packs_tmpfs = true; break;
        case O_HELP: usage(stdout); exit(0);
        default: usage(stderr); return -EINVAL;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "emud: unexpected argument %s\n", argv[optind]);
        return -EINVAL;
    }
    if (!o->nurls) {
        o->urls[o->nurls++] = "ipc:///run/emud/emud.sock";
        o->urls[o->nurls++] = "abstract://emud";
    }
    if (!o->foreground && !o->pidfile) o->pidfile = DEFAULT_PIDFILE;
    return 0;
}

/* ---- daemon and pidfile ---- */

/* Fork twice and detach. The first parent waits on a pipe for the daemon to say it is ready
 * (listening) or failed, so `emud && emuctl stats` works. Returns the write end (in the
 * daemon), or -1 on failure (in the caller, which is still the original process). */
static int daemonise(void) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC)) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid > 0) {
        close(fds[1]);
        char status = 1;
        ssize_t n;
        while ((n = read(fds[0], &status, 1)) < 0 && errno == EINTR) {
        }
        _exit(n == 1 && status == 0 ? 0 : 1);
    }
    close(fds[0]);
    setsid();
    pid = fork();
    if (pid < 0) _exit(1);
    if (pid > 0) _exit(0); /* the session leader goes; the daemon can never get a tty */
    umask(022);
    if (chdir("/")) {
    }
    return fds[1];
}

static void daemon_ready(int fd, bool ok) {
    if (fd < 0) return;
    char status = ok ? 0 : 1;
    if (write(fd, &status, 1) != 1) {
    }
    close(fd);
    if (ok) { /* from here on nobody reads our stdio */
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
            close(null);
        }
    }
}

static int pidfile_open(const char *path) {
    char *copy = strdup(path);
    if (copy) {
        char *dir = dirname(copy);
        if (mkdir(dir, 0755) && errno != EEXIST) {
        }
        free(copy);
    }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "emud: cannot open pidfile %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB)) {
        char buf[32] = {0};
        if (read(fd, buf, sizeof buf - 1) < 0) buf[0] = 0;
        buf[strcspn(buf, "\n")] = 0;
        fprintf(stderr, "emud: already running (pid %s, pidfile %s)\n", buf[0] ? buf : "?", path);
        close(fd);
        return -1;
    }
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%d\n", (int)getpid());
    if (ftruncate(fd, 0) || pwrite(fd, buf, (size_t)n, 0) != n) {
        fprintf(stderr, "emud: cannot write pidfile %s: %s\n", path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* ---- the loop ---- */

static void commit_work(uv_work_t *w) {
    emud *d = w->data;
    int r = cache_commit_pending(d->s.cache);
    if (r) srv_log(LOG_WARNING, "cache commit: %s", cache_strerror(r));
}

static void packs_work(uv_work_t *w) {
    emud *d = w->data;
    xlat_stats xs;
    xlat_get_stats(d->s.xlat, &xs);
    packs_refresh(d->s.packs, xs.queued == 0);
}

static void packs_done(uv_work_t *w, int status) {
    (void)status;
    ((emud *)w->data)->packs_busy = false;
}

static void on_packs_timer(uv_timer_t *t) {
    emud *d = t->data;
    if (d->packs_busy || d->stopping || !d->s.packs) return;
    d->packs_busy = true;
    d->packs_work.data = d;
    if (uv_queue_work(d->loop, &d->packs_work, packs_work, packs_done)) d->packs_busy = false;
}

/* Packs go next to the first path socket (where its clients look for them), unless --packs
 * names a place ("" = none). An abstract socket alone has no directory: no packs. */
static const char *packs_dir(const emud_opts *o, char *buf, size_t len) {
    if (o->packs_dir) return o->packs_dir;
    const char *url = o->nurls ? NULL : "ipc:///run/emud/emud.sock";
    for (int i = 0; !url && i < o->nurls; i++)
        if (!strncmp(o->urls[i], "ipc://", 6)) url = o->urls[i];
    const char *slash = url ? strrchr(url + 6, '/') : NULL;
    if (!slash || (size_t)(slash - url) + sizeof "/packs" > len) return NULL;
    snprintf(buf, len, "%.*s/packs", (int)(slash - (url + 6)), url + 6);
    return buf;
}

/* The name of the first abstract socket (pack descriptors are offered beside it), or NULL. */
static const char *abstract_name(const emud_opts *o) {
    for (int i = 0; i < o->nurls; i++)
        if (!strncmp(o->urls[i], "abstract://", 11)) return o->urls[i] + 11;
    return NULL;
}

static void commit_done(uv_work_t *w, int status) {
    (void)status;
    ((emud *)w->data)->commit_busy = false;
}

static void on_commit_timer(uv_timer_t *t) {
    emud *d = t->data;
    if (d->commit_busy || d->stopping) return;
    d->commit_busy = true;
    d->commit_work.data = d;
    if (uv_queue_work(d->loop, &d->commit_work, commit_work, commit_done)) d->commit_busy = false;
}

static void on_signal(uv_signal_t *h, int signum) {
    emud *d = h->data;
    if (signum == SIGHUP) {
        int r = srv_log_reopen();
        srv_log(r ? LOG_ERR : LOG_INFO, "log reopened%s%s", r ? ": " : "", r ? strerror(-r) : "");
        return;
    }
    if (d->stopping) return;
    d->stopping = true;
    srv_log(LOG_INFO, "signal %d: finishing the current batch and exiting", signum);
    listen_stop(d->lis);
    packfd_stop(d->pfd);
    uv_timer_stop(&d->commit_timer);
    uv_close((uv_handle_t *)&d->commit_timer, NULL);
    uv_timer_stop(&d->packs_timer);
    uv_close((uv_handle_t *)&d->packs_timer, NULL);
    uv_close((uv_handle_t *)&d->sig_term, NULL);
    uv_close((uv_handle_t *)&d->sig_int, NULL);
    uv_close((uv_handle_t *)&d->sig_hup, NULL);
}

static int start_loop(emud *d) {
    uv_signal_t *sigs[] = {&d->sig_term, &d->sig_int, &d->sig_hup};
    int nums[] = {SIGTERM, SIGINT, SIGHUP};
    for (int i = 0; i < 3; i++) {
        uv_signal_init(d->loop, sigs[i]);
        sigs[i]->data = d;
        if (uv_signal_start(sigs[i], on_signal, nums[i])) return -EIO;
    }
    uv_timer_init(d->loop, &d->commit_timer);
    d->commit_timer.data = d;
    uv_timer_start(&d->commit_timer, on_commit_timer, COMMIT_EVERY_MS, COMMIT_EVERY_MS);
    uv_timer_init(d->loop, &d->packs_timer);
    d->packs_timer.data = d;
    uv_timer_start(&d->packs_timer, on_packs_timer, PACKS_EVERY_MS, PACKS_EVERY_MS);
    return 0;
}

static void close_handle(uv_handle_t *h, void *arg) {
    (void)arg;
    if (!uv_is_closing(h)) uv_close(h, NULL);
}

static int run(emud *d, int ready_fd) {
    const emud_opts *o = &d->o;
    char packs_buf[PATH_MAX];
    srv_config cfg = {.cache_dir = o->cache_dir,
                      .max_bytes = o->max_bytes,
                      .workers = o->workers,
                      .admin_group = o->group,
                      .nosync = o->nosync,
                      .packs_dir = packs_dir(o, packs_buf, sizeof packs_buf),
                      .packs_tmpfs = o->packs_tmpfs};
    int r = srv_init(&d->s, &cfg, &listen_transport);
    if (r) {
        fprintf(stderr, "emud: cannot open the cache in %s: %s\n", o->cache_dir, cache_strerror(r));
        return 1;
    }
    static char abs_dir[PATH_MAX]; /* emuctl finds the cache by the name in the statistics */
    if (realpath(o->cache_dir, abs_dir)) d->s.cfg.cache_dir = abs_dir;
    d->loop = uv_default_loop();
    srv_listen_opts lo = {.urls = o->urls,
                          .nurls = o->nurls,
                          .socket_mode = o->socket_mode,
                          .socket_group = o->group,
                          .contexts = o->contexts};
    if ((r = start_loop(d)) == 0) r = listen_start(&d->lis, &d->s, d->loop, &lo);
    if (r == 0) r = packfd_start(&d->pfd, &d->s, d->loop, abstract_name(o));
    if (r) {
        fprintf(stderr, "emud: cannot listen: %s\n", strerror(r < 0 ? -r : r));
        d->stopping = true;
        uv_walk(d->loop, close_handle, NULL);
        uv_run(d->loop, UV_RUN_DEFAULT);
        srv_fini(&d->s);
        return 1;
    }
    srv_log(LOG_INFO, "ready: cache %s, %u translation workers, translator abi %016llx",
            o->cache_dir, o->workers, (unsigned long long)d->s.abi_id);
    daemon_ready(ready_fd, true);
    uv_run(d->loop, UV_RUN_DEFAULT);

    xlat_stats xs;
    xlat_get_stats(d->s.xlat, &xs);
    listen_free(d->lis);
    packfd_free(d->pfd);
    srv_fini(&d->s); /* the workers finish their batch; the cache commits and closes */
    uv_loop_close(d->loop);
    srv_log(LOG_INFO, "stopped: %llu blocks translated, %llu requests",
            (unsigned long long)xs.translated, (unsigned long long)d->s.cnt.requests);
    return 0;
}

int main(int argc, char **argv) {
    static emud d;
    if (parse_args(argc, argv, &d.o)) return 2;
    signal(SIGPIPE, SIG_IGN);
    /* no nng, libuv or LMDB state may exist before this fork: nng refuses to work after one */
    int ready_fd = -1;
    if (!d.o.foreground && (ready_fd = daemonise()) < 0) {
        fprintf(stderr, "emud: cannot daemonise: %s\n", strerror(errno));
        return 1;
    }
    d.pid_fd = -1;
    if (d.o.pidfile && (d.pid_fd = pidfile_open(d.o.pidfile)) < 0) {
        daemon_ready(ready_fd, false);
        return 1;
    }
    bool to_syslog = d.o.use_syslog || (!d.o.foreground && !d.o.log_file);
    if (srv_log_open(d.o.log_file, to_syslog, d.o.verbose)) {
        fprintf(stderr, "emud: cannot open log %s: %s\n", d.o.log_file, strerror(errno));
        daemon_ready(ready_fd, false);
        return 1;
    }
    int rc = run(&d, ready_fd);
    if (rc) daemon_ready(ready_fd, false);
    if (d.pid_fd >= 0) {
        unlink(d.o.pidfile);
        close(d.pid_fd);
    }
    srv_log_close();
    return rc;
}
