/* jail.c — `emuctl jail add|list|remove`: chroots whose guests reach emud (through the abstract
 * socket, which needs nothing inside the jail, or a bind mount of the socket directory) and
 * that emud records, to count their guests apart and, with --isolated, to serve them from a
 * cache namespace of their own. */
#include "emuctl.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The directory of emud's path socket, as the guests will name it: --socket, $EMUD_SOCKET or
 * the default. NULL when emud is reached by an abstract name only. */
static const char *socket_dir(const ctl *x, char *buf, size_t cap) {
    const char *url = x->socket ? x->socket : getenv(EMUCLIENT_SOCKET_ENV);
    if (!url || !*url) url = EMUCLIENT_SOCKET_PATH;
    if (strncmp(url, "ipc://", 6)) return NULL;
    snprintf(buf, cap, "%s", url + 6);
    return dirname(buf);
}

static int mkdir_p(const char *path) {
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", path);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            if (mkdir(p, 0755) && errno != EEXIST) return -errno;
            *s = '/';
        }
    return mkdir(p, 0755) && errno != EEXIST ? -errno : 0;
}

static bool same_file(const char *a, const char *b) {
    struct stat sa, sb;
    return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Bind-mount the socket directory at the same path inside the jail, with what is mounted
 * below it (emud's packs may be a tmpfs of their own: emud --packs-tmpfs). */
static int bind_socket_dir(const char *root, const char *dir) {
    char target[PATH_MAX];
    if (snprintf(target, sizeof target, "%s%s", root, dir) >= (int)sizeof target)
        return -ENAMETOOLONG;
    if (same_file(dir, target)) return 0; /* bound already */
    int e = mkdir_p(target);
    if (!e && mount(dir, target, NULL, MS_BIND | MS_REC, NULL)) e = -errno;
    if (e)
        fprintf(stderr, "emuctl jail: cannot bind %s into %s: %s\n", dir, target, strerror(-e));
    else
        printf("bound %s into the jail (%s)\n", dir, target);
    return e;
}

/* The socket directory also holds emud's warm packs (shared-namespace translations, read by
 * guests without asking emud): an isolated jail must not see them, so an empty read-only
 * tmpfs covers them there. Its guests ask emud, which serves their own namespace. */
static int hide_packs(const char *root, const char *dir) {
    char target[PATH_MAX];
    if (snprintf(target, sizeof target, "%s%s/packs", root, dir) >= (int)sizeof target)
        return -ENAMETOOLONG;
    int e = mkdir_p(target);
    if (!e && mount("emud-nopacks", target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                    "size=4k,mode=0755"))
        e = -errno;
    if (e) fprintf(stderr, "emuctl jail: cannot hide %s: %s\n", target, strerror(-e));
    return e;
}

/* Where a guest inside a jail looks for packs when nothing says otherwise. */
#define JAIL_PACKS "/run/emud/packs"

/* The host directory emud publishes its packs in: beside its path socket (an emud reached only
 * by an abstract socket publishes none). */
static const char *host_packs_dir(const ctl *x, char *buf, size_t cap) {
    char sbuf[PATH_MAX];
    const char *dir = socket_dir(x, sbuf, sizeof sbuf);
    struct stat st;
    if (!dir || snprintf(buf, cap, "%s/packs", dir) >= (int)cap) return NULL;
    return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? buf : NULL;
}

/* A shared jail sees emud's packs read-only where its guests look for them, so they start
 * warm without asking emud (the abstract socket serves the rest). */
static int bind_packs(const char *root, const char *packs) {
    char target[PATH_MAX];
    if (snprintf(target, sizeof target, "%s%s", root, JAIL_PACKS) >= (int)sizeof target)
        return -ENAMETOOLONG;
    if (same_file(packs, target)) return 0;
    int e = mkdir_p(target);
    if (!e && mount(packs, target, NULL, MS_BIND, NULL)) e = -errno;
    if (!e && mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
                    NULL)) {
        e = -errno;
        umount2(target, MNT_DETACH);
    }
    if (e)
        fprintf(stderr, "emuctl jail: cannot bind %s into %s: %s (guests ask emud instead)\n",
                packs, target, strerror(-e));
    else
        printf("bound %s read-only into the jail (%s)\n", packs, target);
    return e;
}

static void unbind_packs(const char *root, const char *packs) {
    char target[PATH_MAX + sizeof JAIL_PACKS];
    snprintf(target, sizeof target, "%s%s", root, JAIL_PACKS);
    if (packs && same_file(packs, target)) umount2(target, MNT_DETACH);
}

static void unbind_socket_dir(const char *root, const char *dir) {
    char target[PATH_MAX];
    snprintf(target, sizeof target, "%s%s", root, dir);
    if (!same_file(dir, target)) return;
    if (umount2(target, MNT_DETACH))
        fprintf(stderr, "emuctl jail: cannot unmount %s: %s\n", target, strerror(errno));
    else
        printf("unmounted %s\n", target);
}

/* Whether arm64 programs inside the jail can start: with F the kernel holds emu-exec open;
 * without it, emu-exec must exist at its path inside. */
static void check_exec(const char *root) {
    char flags[16], interp[PATH_MAX], inside[2 * PATH_MAX];
    if (binfmt_a64_entry(flags, sizeof flags, interp, sizeof interp)) {
        printf("note: no binfmt_misc entry runs arm64 programs: `emuctl binfmt install` "
               "registers emu-exec\n");
        return;
    }
    snprintf(inside, sizeof inside, "%s%s", root, interp);
    if (!strchr(flags, 'F') && access(inside, X_OK))
        printf("note: the binfmt entry for arm64 has no F flag and %s does not exist: arm64 "
               "programs in the jail will not start\n",
               inside);
}

static int jail_add(ctl *x, int argc, char **argv) {
    static const struct option lo[] = {{"isolated", 0, 0, 'i'}, {"bind", 0, 0, 'b'}, {0, 0, 0, 0}};
    uint32_t flags = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        if (c == 'i')
            flags |= PROTO_JAIL_ISOLATED;
        else if (c == 'b')
            flags |= PROTO_JAIL_BIND;
        else
            return EXIT_USAGE;
    }
    if (optind + 1 != argc) {
        fprintf(stderr, "usage: emuctl jail add [--isolated] [--bind] DIR\n");
        return EXIT_USAGE;
    }
    char root[PATH_MAX], sbuf[PATH_MAX];
    struct stat st;
    if (!realpath(argv[optind], root) || stat(root, &st) || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "emuctl jail add: %s is not a directory\n", argv[optind]);
        return EXIT_FAIL;
    }
    if (flags & PROTO_JAIL_BIND) {
        const char *dir = socket_dir(x, sbuf, sizeof sbuf);
        if (!dir) {
            fprintf(stderr, "emuctl jail add: emud is reached by an abstract socket, which every "
                            "chroot reaches without a mount: --bind is not needed\n");
            return EXIT_USAGE;
        }
        if (geteuid()) {
            fprintf(stderr, "emuctl jail add --bind: needs root (a bind mount)\n");
            return EXIT_FAIL;
        }
        if (bind_socket_dir(root, dir)) return EXIT_FAIL;
        if ((flags & PROTO_JAIL_ISOLATED) && hide_packs(root, dir)) {
            unbind_socket_dir(root, dir);
            return EXIT_FAIL;
        }
    }
    char pbuf[PATH_MAX];
    const char *packs = host_packs_dir(x, pbuf, sizeof pbuf);
    if (!(flags & (PROTO_JAIL_ISOLATED | PROTO_JAIL_BIND)) && packs && !geteuid())
        bind_packs(root, packs); /* a failure only costs speed */
    proto_msg req = {.type = PROTO_JAIL_ADD, .u.jail_add = {.flags = flags, .root = root}};
    emuclient_reply *rep;
    int rc = ctl_call(x, &req, PROTO_OK, &rep);
    if (rc) return rc;
    uint64_t ns = emuclient_reply_msg(rep)->u.ok.value;
    emuclient_reply_free(rep);
    if (ns)
        printf("jail %s recorded: isolated, cache namespace %06llx\n", root,
               (unsigned long long)ns);
    else
        printf("jail %s recorded: shares the cache with every other jail\n", root);
    check_exec(root);
    return EXIT_OK;
}

static int jail_remove(ctl *x, int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: emuctl jail remove DIR\n");
        return EXIT_USAGE;
    }
    char root[PATH_MAX], sbuf[PATH_MAX];
    if (!realpath(argv[1], root)) snprintf(root, sizeof root, "%s", argv[1]);
    proto_msg req = {.type = PROTO_JAIL_REMOVE, .u.jail_remove = {.root = root}};
    emuclient_reply *rep;
    int rc = ctl_call(x, &req, PROTO_OK, &rep);
    if (rc) return rc;
    uint64_t flags = emuclient_reply_msg(rep)->u.ok.value;
    emuclient_reply_free(rep);
    printf("jail %s removed\n", root);
    char pbuf[PATH_MAX];
    unbind_packs(root, host_packs_dir(x, pbuf, sizeof pbuf));
    const char *dir = socket_dir(x, sbuf, sizeof sbuf);
    if ((flags & PROTO_JAIL_BIND) && dir) unbind_socket_dir(root, dir);
    return EXIT_OK;
}

static int jail_list(ctl *x, int argc, char **argv) {
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: emuctl jail list\n");
        return EXIT_USAGE;
    }
    proto_msg req = {.type = PROTO_JAIL_LIST};
    emuclient_reply *rep;
    int rc = ctl_call(x, &req, PROTO_JAIL_LIST_REPLY, &rep);
    if (rc) return rc;
    const proto_jail_list_reply *r = &emuclient_reply_msg(rep)->u.jail_list_reply;
    printf("%-16s %-6s %7s %-19s %s\n", "CACHE", "SOCKET", "GUESTS", "ADDED", "ROOT");
    for (uint32_t i = 0; i < r->count; i++) {
        const proto_jail_info *j = &r->jails[i];
        char when[32] = "-", mode[24];
        time_t t = (time_t)(j->added_ns / 1000000000u);
        struct tm tm;
        if (localtime_r(&t, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
        if (j->ns)
            snprintf(mode, sizeof mode, "isolated:%06x", j->ns);
        else
            snprintf(mode, sizeof mode, "shared");
        printf("%-16s %-6s %7llu %-19s %s\n", mode, j->flags & PROTO_JAIL_BIND ? "bind" : "abstr",
               (unsigned long long)j->guests, when, j->root);
    }
    emuclient_reply_free(rep);
    return EXIT_OK;
}

int cmd_jail(ctl *x, int argc, char **argv) {
    if (argc >= 2 && !strcmp(argv[1], "add")) return jail_add(x, argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "remove")) return jail_remove(x, argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "list")) return jail_list(x, argc - 1, argv + 1);
    fprintf(stderr, "usage: emuctl jail add [--isolated] [--bind] DIR | list | remove DIR\n");
    return EXIT_USAGE;
}
