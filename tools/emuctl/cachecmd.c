/* cachecmd.c — `emuctl flush` (through emud, which checks the caller's credentials) and
 * `emuctl cache verify|export|import` on the cache directory (emud's own, found by asking it,
 * or --cache DIR): LMDB lets a reader share the store with a running emud. */
#include "emuctl.h"

#include "emucache.h"

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cmd_flush(ctl *x, int argc, char **argv) {
    static const struct option lo[] = {
        {"all", 0, 0, 'a'}, {"image", 1, 0, 'i'}, {"jail", 1, 0, 'j'}, {0, 0, 0, 0}};
    proto_flush f = {0};
    char jail[PATH_MAX];
    int c, n = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        n++;
        switch (c) {
        case 'a': f.scope = PROTO_FLUSH_ALL; break;
        case 'i':
            f.scope = PROTO_FLUSH_IMAGE;
            if (unhex16(optarg, f.image.b)) {
                fprintf(stderr, "emuctl flush: --image wants 32 hex digits, not %s\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'j':
            f.scope = PROTO_FLUSH_JAIL;
            /* emud knows jails by their real path, as /proc/PID/root shows it */
            f.jail = realpath(optarg, jail) ? jail : optarg;
            break;
        default: return EXIT_USAGE;
        }
    }
    if (n != 1 || optind < argc) {
        fprintf(stderr, "usage: emuctl flush --all | --image HASH | --jail DIR\n");
        return EXIT_USAGE;
    }
    proto_msg req = {.type = PROTO_FLUSH, .u.flush = f};
    emuclient_reply *rep;
    int rc = ctl_call(x, &req, PROTO_OK, &rep);
    if (rc) return rc;
    printf("flushed %llu blocks\n", (unsigned long long)emuclient_reply_msg(rep)->u.ok.value);
    emuclient_reply_free(rep);
    return EXIT_OK;
}

/* ---- cache maintenance ---- */

/* The directory emud uses (it names it in its cache statistics). *running says whether emud
 * answered. */
static char *emud_cache_dir(ctl *x, bool *running) {
    *running = ctl_connect(x, true) == 0;
    if (!*running) return NULL;
    proto_msg req = {.type = PROTO_STATS_GET, .u.stats_get.sections = PROTO_STATS_CACHE};
    emuclient_reply *rep;
    if (emuclient_call(x->c, &req, &rep)) return NULL;
    char *dir = NULL;
    const proto_msg *m = emuclient_reply_msg(rep);
    if (m->type == PROTO_STATS_REPLY)
        for (uint32_t i = 0; i < m->u.stats_reply.count; i++)
            if (m->u.stats_reply.sections[i].kind == PROTO_SECTION_CACHE &&
                m->u.stats_reply.sections[i].name)
                dir = strdup(m->u.stats_reply.sections[i].name);
    emuclient_reply_free(rep);
    return dir;
}

static bool in_admin_group(void) {
    if (getuid() == 0) return true;
    struct group *g = getgrnam("emud");
    if (!g) return false;
    if (getegid() == g->gr_gid) return true;
    gid_t groups[NGROUPS_MAX];
    int n = getgroups(NGROUPS_MAX, groups);
    for (int i = 0; i < n; i++)
        if (groups[i] == g->gr_gid) return true;
    return false;
}

/* create: an import may start a new store; the other commands need an existing one. */
static int open_store(const char *dir, bool rdonly, bool create, cache_t **out) {
    char data[PATH_MAX];
    struct stat st;
    if (snprintf(data, sizeof data, "%s/data.mdb", dir) >= (int)sizeof data ||
        (!create && stat(data, &st))) {
        fprintf(stderr, "emuctl cache: no cache in %s\n", dir);
        return EXIT_FAIL;
    }
    cache_options o = {.flags = rdonly ? CACHE_OPEN_RDONLY : 0};
    int r = cache_open(out, dir, &o);
    if (r) {
        fprintf(stderr, "emuctl cache: cannot open %s: %s\n", dir, cache_strerror(r));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static int cache_verify_cmd(const char *dir, bool running, bool repair) {
    if (repair && running) {
        fprintf(stderr, "emuctl cache verify --repair: emud is running; stop it first\n");
        return EXIT_FAIL;
    }
    cache_t *c;
    int rc = open_store(dir, !repair, false, &c);
    if (rc) return rc;
    cache_verify_result v;
    int r = cache_verify(c, repair ? CACHE_VERIFY_REPAIR : 0, &v);
    cache_close(c);
    if (r) {
        fprintf(stderr, "emuctl cache verify: %s\n", cache_strerror(r));
        return EXIT_FAIL;
    }
    bool clean = !v.bad && !v.index_errors && v.bytes_recorded == v.bytes_actual;
    printf("cache %s\n  good %llu\n  bad %llu\n  warm_dangling %llu\n  index_errors %llu\n"
           "  bytes_recorded %llu\n  bytes_actual %llu\n%s\n",
           dir, (unsigned long long)v.good, (unsigned long long)v.bad,
           (unsigned long long)v.warm_dangling, (unsigned long long)v.index_errors,
           (unsigned long long)v.bytes_recorded, (unsigned long long)v.bytes_actual,
           clean    ? "clean"
           : repair ? "repaired"
                    : "DAMAGED (emuctl cache verify --repair)");
    return clean || repair ? EXIT_OK : EXIT_FAIL;
}

static int cache_export_cmd(const char *dir, const char *dest) {
    cache_t *c;
    int rc = open_store(dir, true, false, &c);
    if (rc) return rc;
    int r = cache_export(c, dest);
    cache_close(c);
    if (r) {
        fprintf(stderr, "emuctl cache export: %s: %s\n", dest,
                r == -EEXIST ? "already holds a cache" : emuclient_strerror(r));
        return EXIT_FAIL;
    }
    printf("exported %s to %s\n", dir, dest);
    return EXIT_OK;
}

static int cache_import_cmd(const char *dir, bool running, const char *src) {
    if (!in_admin_group()) {
        fprintf(stderr, "emuctl cache import: refused: only root and members of group emud may "
                        "do this\n");
        return EXIT_FAIL;
    }
    if (running) {
        fprintf(stderr, "emuctl cache import: emud is running; stop it first\n");
        return EXIT_FAIL;
    }
    cache_t *c;
    int rc = open_store(dir, false, true, &c);
    if (rc) return rc;
    cache_import_result res;
    int r = cache_import(c, src, &res);
    cache_close(c);
    if (r) {
        fprintf(stderr, "emuctl cache import: %s: %s\n", src, cache_strerror(r));
        return EXIT_FAIL;
    }
    printf("imported %llu blocks (%llu present, %llu bad), %llu warm entries\n",
           (unsigned long long)res.imported, (unsigned long long)res.present,
           (unsigned long long)res.bad, (unsigned long long)res.warm_added);
    return EXIT_OK;
}

int cmd_cache(ctl *x, int argc, char **argv) {
    static const struct option lo[] = {{"cache", 1, 0, 'c'}, {"repair", 0, 0, 'r'}, {0, 0, 0, 0}};
    const char *dir = NULL;
    bool repair = false;
    int c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        if (c == 'c')
            dir = optarg;
        else if (c == 'r')
            repair = true;
        else
            return EXIT_USAGE;
    }
    const char *op = optind < argc ? argv[optind] : "";
    int nargs = argc - optind - 1;
    bool verify = !strcmp(op, "verify");
    if (!(verify && nargs == 0) && !(!strcmp(op, "export") && nargs == 1) &&
        !(!strcmp(op, "import") && nargs == 1)) {
        fprintf(stderr, "usage: emuctl cache verify [--repair] [--cache DIR]\n"
                        "       emuctl cache export DIR [--cache DIR]\n"
                        "       emuctl cache import DIR [--cache DIR]\n");
        return EXIT_USAGE;
    }
    if (repair && !verify) return EXIT_USAGE;
    bool running;
    char *found = emud_cache_dir(x, &running);
    /* --cache names another store: whether emud runs matters only if it is emud's own */
    char a[PATH_MAX], b[PATH_MAX];
    if (dir && found && (!realpath(dir, a) || !realpath(found, b) || strcmp(a, b))) running = false;
    if (!dir) dir = found ? found : EMUCTL_DEFAULT_CACHE;
    int rc;
    if (verify)
        rc = cache_verify_cmd(dir, running, repair);
    else if (!strcmp(op, "export"))
        rc = cache_export_cmd(dir, argv[optind + 1]);
    else
        rc = cache_import_cmd(dir, running, argv[optind + 1]);
    free(found);
    return rc;
}
