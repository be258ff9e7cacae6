/* jails.c — the jail registry: chroots recorded with `emuctl jail add`, kept in a state file in
 * the cache directory, matched against each guest's root, and the cache namespace of isolated
 * jails (mixed into the keys and warm-set identities of their guests' blocks). */
#include "log.h"
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#define STATE_FILE   "jails"
#define STATE_HEADER "emud-jails 1\n"
#define NS_SEED      0x4e534a41494c3031ull /* "NSJAIL01": never the seed of a file hash */

/* Saves run off the loop; several may be in flight: only a newer generation is written. */
static pthread_mutex_t save_mu = PTHREAD_MUTEX_INITIALIZER;

static uint64_t realtime_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int reg_append(srv *s, const char *root, uint32_t flags, uint32_t ns, uint64_t added) {
    if (s->nreg == PROTO_MAX_JAILS) return -ENOSPC;
    srv_jail_reg *n = realloc(s->reg, (s->nreg + 1) * sizeof *n);
    if (!n) return -ENOMEM;
    s->reg = n;
    char *r = strdup(root);
    if (!r) return -ENOMEM;
    s->reg[s->nreg++] = (srv_jail_reg){r, strlen(r), flags, ns, added};
    srv_jail_stat *j = guests_jail(s, root); /* listed in the statistics from now on */
    if (j) j->registered = true;
    return 0;
}

/* A root as recorded: absolute, no newline (one line per jail in the state file), no
 * trailing slash but for "/" itself. */
static bool root_ok(const char *root) {
    size_t n = strlen(root);
    return root[0] == '/' && !strchr(root, '\n') && (n == 1 || root[n - 1] != '/');
}

int jails_load(srv *s) {
    char path[4096];
    snprintf(path, sizeof path, "%s/" STATE_FILE, s->cfg.cache_dir);
    FILE *f = fopen(path, "re");
    if (!f) return errno == ENOENT ? 0 : -errno;
    char line[PROTO_MAX_STR + 64];
    int r = 0;
    if (!fgets(line, sizeof line, f) || strcmp(line, STATE_HEADER)) r = -EINVAL;
    while (!r && fgets(line, sizeof line, f)) {
        unsigned flags, ns;
        unsigned long long added;
        int at = 0;
        line[strcspn(line, "\n")] = 0;
        if (sscanf(line, "%x %x %llu %n", &flags, &ns, &added, &at) != 3 || !at ||
            (flags & ~PROTO_JAIL_FLAGS) || !(flags & PROTO_JAIL_ISOLATED) != !ns ||
            !root_ok(line + at) || jails_find(s, line + at)) {
            r = -EINVAL;
            break;
        }
        r = reg_append(s, line + at, flags, ns, added);
    }
    fclose(f);
    /* refuse to start rather than serve an isolated jail's guests from the shared cache */
    if (r)
        srv_log(LOG_ERR, "jail registry %s unreadable (%s): fix or remove it", path, strerror(-r));
    return r;
}

void jails_fini(srv *s) {
    for (uint32_t i = 0; i < s->nreg; i++)
        free(s->reg[i].root);
    free(s->reg);
    s->reg = NULL;
    s->nreg = 0;
}

srv_jail_reg *jails_find(srv *s, const char *root) {
    for (uint32_t i = 0; i < s->nreg; i++)
        if (!strcmp(s->reg[i].root, root)) return &s->reg[i];
    return NULL;
}

/* The innermost recorded jail holding root: a chroot nested in a jail belongs to that jail. */
const srv_jail_reg *jails_match(const srv *s, const char *root) {
    const srv_jail_reg *best = NULL;
    for (uint32_t i = 0; i < s->nreg; i++) {
        const srv_jail_reg *j = &s->reg[i];
        bool inside = j->len == 1 || (!strncmp(root, j->root, j->len) &&
                                      (root[j->len] == 0 || root[j->len] == '/'));
        if (inside && (!best || j->len > best->len)) best = j;
    }
    return best;
}

bool jails_any_isolated(const srv *s) {
    for (uint32_t i = 0; i < s->nreg; i++)
        if (s->reg[i].ns) return true;
    return false;
}

/* The warm-set identity of an image inside namespace ns. Seeded apart from file hashes, so no
 * file's contents can name another namespace's warm set. */
void jails_image_id(const proto_hash *image, uint32_t ns, cache_image_id *out) {
    memcpy(out->b, image->b, sizeof out->b);
    if (!ns) return;
    uint8_t in[20];
    memcpy(in, image->b, 16);
    for (int i = 0; i < 4; i++)
        in[16 + i] = (uint8_t)(ns >> (8 * i));
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, XXH3_128bits_withSeed(in, sizeof in, NS_SEED));
    memcpy(out->b, c.digest, sizeof out->b);
}

/* A namespace no recorded jail has: 24 random bits (the key flags keep the low 8 for the
 * translator), never 0, which is the shared namespace. */
static uint32_t new_ns(const srv *s) {
    for (;;) {
        uint32_t ns = 0;
        if (getrandom(&ns, sizeof ns, 0) != sizeof ns) ns = (uint32_t)realtime_ns() ^ getpid();
        ns &= SRV_NS_MAX;
        bool used = !ns;
        for (uint32_t i = 0; i < s->nreg && !used; i++)
            used = s->reg[i].ns == ns;
        if (!used) return ns;
    }
}

/* ---- the state file, written off the loop ---- */

static char *serialise(const srv *s, size_t *len) {
    size_t cap = sizeof STATE_HEADER;
    for (uint32_t i = 0; i < s->nreg; i++)
        cap += s->reg[i].len + 64;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    size_t n = (size_t)snprintf(buf, cap, "%s", STATE_HEADER);
    for (uint32_t i = 0; i < s->nreg; i++) {
        const srv_jail_reg *j = &s->reg[i];
        n += (size_t)snprintf(buf + n, cap - n, "%x %x %llu %s\n", j->flags, j->ns,
                              (unsigned long long)j->added_ns, j->root);
    }
    *len = n;
    return buf;
}

static int write_state(const char *dir, const char *text, size_t len) {
    char tmp[4096], path[4096];
    if (snprintf(path, sizeof path, "%s/" STATE_FILE, dir) >= (int)sizeof path ||
        snprintf(tmp, sizeof tmp, "%s/" STATE_FILE ".tmp", dir) >= (int)sizeof tmp)
        return -ENAMETOOLONG;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return -errno;
    int r = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0 ? 0 : -EIO;
    close(fd);
    if (!r && rename(tmp, path)) r = -errno;
    if (r) unlink(tmp);
    return r;
}

static void save_work(srv_req *r) {
    srv *s = r->s;
    pthread_mutex_lock(&save_mu);
    if (r->save_gen > s->reg_saved_gen) {
        r->err = write_state(s->cfg.cache_dir, r->save, r->save_len);
        if (!r->err) s->reg_saved_gen = r->save_gen;
    }
    pthread_mutex_unlock(&save_mu);
}

static void save_done(srv_req *r) {
    if (r->err) {
        srv_reply_error(r, r->err, "the jail registry could not be saved");
        return;
    }
    srv_reply_ok(r, r->n1);
}

/* Reply with value once the registry as it is now is on disk. */
static void save_and_reply(srv *s, srv_req *r, uint64_t value) {
    r->n1 = value;
    r->save = serialise(s, &r->save_len);
    if (!r->save) {
        srv_reply_error(r, -ENOMEM, NULL);
        return;
    }
    r->save_gen = ++s->reg_gen;
    r->work = save_work;
    r->done = save_done;
    s->tp->queue_work(r);
}

/* ---- requests ---- */

static bool allowed(srv *s, srv_req *r) {
    if (guests_privileged(s, guests_pipe(s, r->pipe))) return true;
    s->cnt.denied++;
    srv_reply_error(r, -EPERM, "jails are recorded by root or the emud group");
    return false;
}

void srv_on_jail_add(srv *s, srv_req *r) {
    const proto_jail_add *m = &r->msg.u.jail_add;
    if (!allowed(s, r)) return;
    if (!root_ok(m->root)) {
        srv_reply_error(r, -EINVAL, "a jail root is absolute, without a trailing slash");
        return;
    }
    bool isolated = m->flags & PROTO_JAIL_ISOLATED;
    srv_jail_reg *j = jails_find(s, m->root);
    if (j && !!j->ns != isolated) {
        srv_reply_error(r, -EEXIST,
                        j->ns ? "recorded as isolated: remove it first"
                              : "recorded as shared: remove it first");
        return;
    }
    if (j) {
        j->flags = m->flags;
    } else {
        int e = reg_append(s, m->root, m->flags, isolated ? new_ns(s) : 0, realtime_ns());
        if (e) {
            srv_reply_error(r, e, e == -ENOSPC ? "too many jails" : NULL);
            return;
        }
        j = &s->reg[s->nreg - 1];
    }
    s->cnt.jails_added++;
    save_and_reply(s, r, j->ns);
}

void srv_on_jail_remove(srv *s, srv_req *r) {
    const proto_jail_remove *m = &r->msg.u.jail_remove;
    if (!allowed(s, r)) return;
    srv_jail_reg *j = jails_find(s, m->root);
    if (!j) {
        srv_reply_error(r, -ENOENT, "no such jail recorded");
        return;
    }
    uint32_t flags = j->flags;
    srv_jail_stat *st = guests_jail(s, j->root);
    if (st) st->registered = false;
    free(j->root);
    *j = s->reg[--s->nreg]; /* guests adopted inside keep their namespace until they exit */
    s->cnt.jails_removed++;
    save_and_reply(s, r, flags);
}

void srv_on_jail_list(srv *s, srv_req *r) {
    proto_jail_info *js = calloc(s->nreg ? s->nreg : 1, sizeof *js);
    if (!js) {
        srv_reply_error(r, -ENOMEM, NULL);
        return;
    }
    for (uint32_t i = 0; i < s->nreg; i++) {
        const srv_jail_reg *j = &s->reg[i];
        srv_jail_stat *st = guests_jail(s, j->root);
        js[i] = (proto_jail_info){.flags = j->flags,
                                  .ns = j->ns,
                                  .added_ns = j->added_ns,
                                  .guests = st ? st->guests_active : 0,
                                  .root = j->root};
    }
    proto_jail_list_reply rep = {.count = s->nreg, .jails = js};
    int e = proto_encode_jail_list_reply(&r->out, r->msg.request_id, &rep);
    free(js);
    if (e) {
        srv_reply_error(r, e, "jail list unavailable");
        return;
    }
    s->tp->reply(r);
}
