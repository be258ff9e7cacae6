/* guests.c — the adoption table: pipes with their peer credentials, adopted guests, and the
 * per-image and per-jail statistics they feed. Loop thread only. */
#include "server.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static bool eq_pipe(const void *v, const void *k) {
    return ((const srv_pipe *)v)->id == *(const uint32_t *)k;
}
static bool eq_guest(const void *v, const void *k) {
    return ((const srv_guest *)v)->id == *(const uint64_t *)k;
}
static bool eq_image(const void *v, const void *k) {
    return !memcmp(&((const srv_image_stat *)v)->id, k, sizeof(proto_hash));
}
static bool eq_jail(const void *v, const void *k) {
    return !strcmp(((const srv_jail_stat *)v)->root, k);
}
static uint64_t hash_image(const proto_hash *h) {
    uint64_t x;
    memcpy(&x, h->b, sizeof x); /* already a hash */
    return x;
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static uint64_t use_clock; /* orders last uses for eviction of statistics */

void guests_init(srv *s) {
    map_init(&s->pipes);
    map_init(&s->guests);
    map_init(&s->images);
    map_init(&s->jails);
}

static void guest_free(srv_guest *g) {
    for (uint32_t i = 0; i < g->nimages; i++)
        free(g->images[i].path);
    free(g->images);
    free(g->jail);
    free(g->exe);
    free(g);
}

static void jail_free(srv_jail_stat *j) {
    free(j->root);
    free(j->images);
    free(j);
}

void guests_fini(srv *s) {
    srv_map_iter it;
    void *v;
    for (map_iter_init(&it, &s->guests); (v = map_next(&it));)
        guest_free(v);
    for (map_iter_init(&it, &s->pipes); (v = map_next(&it));)
        free(v);
    for (map_iter_init(&it, &s->images); (v = map_next(&it));) {
        free(((srv_image_stat *)v)->path);
        free(v);
    }
    for (map_iter_init(&it, &s->jails); (v = map_next(&it));)
        jail_free(v);
    map_fini(&s->pipes);
    map_fini(&s->guests);
    map_fini(&s->images);
    map_fini(&s->jails);
}

void guests_pipe_added(srv *s, uint32_t pipe, uint32_t pid, uint32_t uid, uint32_t gid) {
    s->cnt.pipes_opened++;
    if (guests_pipe(s, pipe)) return;
    srv_pipe *p = calloc(1, sizeof *p);
    if (!p) return;
    *p = (srv_pipe){.id = pipe, .pid = pid, .uid = uid, .gid = gid};
    if (map_put(&s->pipes, map_hash_u64(pipe), p)) free(p);
}

srv_pipe *guests_pipe(srv *s, uint32_t pipe) {
    return map_find(&s->pipes, map_hash_u64(pipe), eq_pipe, &pipe);
}

static void guest_remove(srv *s, srv_guest *g) {
    map_remove(&s->guests, map_hash_u64(g->id), eq_guest, &g->id);
    srv_pipe *p = guests_pipe(s, g->pipe);
    if (p && p->nguests) p->nguests--;
    srv_jail_stat *j = guests_jail(s, g->jail);
    if (j && j->guests_active) j->guests_active--;
    guest_free(g);
}

/* Guests of a pipe that never said DETACH: the process died or exec'd, or adopts again. */
static void drop_pipe_guests(srv *s, uint32_t pipe, unsigned n) {
    while (n--) {
        srv_map_iter it;
        srv_guest *g, *found = NULL;
        for (map_iter_init(&it, &s->guests); (g = map_next(&it));)
            if (g->pipe == pipe) {
                found = g;
                break;
            }
        if (!found) break;
        guest_remove(s, found);
        s->cnt.vanished++;
    }
}

void guests_pipe_removed(srv *s, uint32_t pipe) {
    s->cnt.pipes_closed++;
    srv_pipe *p = map_remove(&s->pipes, map_hash_u64(pipe), eq_pipe, &pipe);
    if (!p) return;
    unsigned n = p->nguests;
    p->nguests = 0;
    free(p);
    drop_pipe_guests(s, pipe, n);
}

/* The peer's root directory as emud sees it: the jail, even though the guest sees "/". The
 * socket's pid is already translated out of any pid namespace. *known: read from /proc (else
 * the client's claim, which is good for statistics only). */
static char *peer_root(uint32_t pid, const char *claimed, bool *known) {
    char path[64], buf[PATH_MAX];
    *known = false;
    if (pid != UINT32_MAX && pid) {
        snprintf(path, sizeof path, "/proc/%u/root", pid);
        ssize_t n = readlink(path, buf, sizeof buf - 1);
        if (n > 0 && n < PROTO_MAX_STR) {
            buf[n] = 0;
            *known = true;
            return strdup(buf);
        }
    }
    return strdup(claimed && *claimed ? claimed : "/");
}

/* Where the process pid runs: *jail (the recorded jail it is in, else its root; malloc'd),
 * *ns (the cache namespace of that jail, when its root could be read) and *known. */
static int peer_place(srv *s, uint32_t pid, const char *claimed, uint32_t *ns, char **jail,
                      bool *known) {
    char *root = peer_root(pid, claimed, known);
    if (!root) return -ENOMEM;
    const srv_jail_reg *j = jails_match(s, root);
    if (j) {
        free(root);
        if (!(root = strdup(j->root))) return -ENOMEM;
    }
    *jail = root;
    *ns = *known && j ? j->ns : 0;
    return 0;
}

/* Which jail a new guest counts in and which cache namespace serves it. A root emud could not
 * see cannot be trusted to pick a namespace: while isolated jails exist, such a guest shares
 * nothing (it runs with private translation). */
static int place_guest(srv *s, srv_guest *g, uint32_t pid, const char *claimed) {
    bool known;
    int r = peer_place(s, pid, claimed, &g->ns, &g->jail, &known);
    if (r) return r;
    if (!known && jails_any_isolated(s)) {
        g->shared = false;
        s->cnt.unknown_root_unshared++;
    }
    if (g->ns) s->cnt.isolated_adopted++;
    return 0;
}

static void jail_note_image(srv_jail_stat *j, const proto_hash *id);

int guests_peer_place(srv *s, uint32_t pid, uint32_t *ns, char **jail) {
    bool known;
    int r = peer_place(s, pid, NULL, ns, jail, &known);
    if (r) return r;
    return !known && jails_any_isolated(s) ? -EACCES : 0;
}

void guests_jail_pack(srv *s, const char *jail, const proto_hash *image, bool first) {
    srv_jail_stat *j = guests_jail(s, jail);
    if (!j) return;
    j->packfd_guests += first;
    j->packfd_served++;
    jail_note_image(j, image); /* packs are of the shared namespace: the id is the file's */
}

int guests_adopt(srv *s, srv_pipe *p, const proto_hello *h, srv_guest **out) {
    /* one guest per connection: a HELLO again (the client retried) replaces the last */
    drop_pipe_guests(s, p->id, p->nguests);
    if (s->guests.n >= SRV_MAX_GUESTS) return -EBUSY;
    srv_guest *g = calloc(1, sizeof *g);
    if (!g) return -ENOMEM;
    g->id = s->epoch << 32 | ++s->next_guest;
    g->pipe = p->id;
    g->pid = p->pid != UINT32_MAX ? p->pid : h->pid;
    g->uid = p->uid;
    g->start_ns = now_ns();
    g->exe = strdup(h->exe ? h->exe : "");
    g->shared = h->abi_id == s->abi_id;
    if (place_guest(s, g, p->pid, h->jail) || !g->exe ||
        map_put(&s->guests, map_hash_u64(g->id), g)) {
        guest_free(g);
        return -ENOMEM;
    }
    p->nguests++;
    srv_jail_stat *j = guests_jail(s, g->jail);
    if (j) {
        j->guests_total++;
        j->guests_active++;
    }
    *out = g;
    return 0;
}

srv_guest *guests_find(srv *s, uint64_t id, uint32_t pipe) {
    srv_guest *g = map_find(&s->guests, map_hash_u64(id), eq_guest, &id);
    return g && g->pipe == pipe ? g : NULL; /* another peer cannot act as this guest */
}

void guests_detach(srv *s, srv_guest *g, const proto_detach *d) {
    s->cnt.detached++;
    s->cnt.reported_warm += d->warm_blocks;
    s->cnt.reported_cold += d->cold_blocks;
    srv_jail_stat *j = guests_jail(s, g->jail);
    if (j) {
        j->reported_warm += d->warm_blocks;
        j->reported_cold += d->cold_blocks;
    }
    guest_remove(s, g);
}

/* Statistics tables are bounded: past the limit the entry used longest ago goes (jails
 * with live guests are kept). */
static void *evict_oldest(srv_map *m, bool jails) {
    srv_map_iter it;
    void *v, *old = NULL;
    uint64_t oldest = UINT64_MAX;
    for (map_iter_init(&it, m); (v = map_next(&it));) {
        uint64_t lu = jails ? ((srv_jail_stat *)v)->last_use : ((srv_image_stat *)v)->last_use;
        if (jails && (((srv_jail_stat *)v)->guests_active || ((srv_jail_stat *)v)->registered))
            continue;
        if (lu < oldest) {
            oldest = lu;
            old = v;
        }
    }
    return old;
}

srv_image_stat *guests_image(srv *s, const proto_hash *id, const char *path) {
    uint64_t h = hash_image(id);
    srv_image_stat *im = map_find(&s->images, h, eq_image, id);
    if (!im) {
        if (s->images.n >= SRV_MAX_IMAGE_STATS) {
            srv_image_stat *old = evict_oldest(&s->images, false);
            if (old) {
                map_remove(&s->images, hash_image(&old->id), eq_image, &old->id);
                free(old->path);
                free(old);
            }
        }
        if (!(im = calloc(1, sizeof *im))) return NULL;
        im->id = *id;
        if (map_put(&s->images, h, im)) {
            free(im);
            return NULL;
        }
    }
    if (path && *path && (!im->path || strcmp(im->path, path))) {
        char *p = strdup(path);
        if (p) {
            free(im->path);
            im->path = p;
        }
    }
    im->last_use = ++use_clock;
    return im;
}

srv_jail_stat *guests_jail(srv *s, const char *root) {
    uint64_t h = map_hash_str(root);
    srv_jail_stat *j = map_find(&s->jails, h, eq_jail, root);
    if (!j) {
        if (s->jails.n >= SRV_MAX_JAIL_STATS) {
            srv_jail_stat *old = evict_oldest(&s->jails, true);
            if (!old) return NULL;
            map_remove(&s->jails, map_hash_str(old->root), eq_jail, old->root);
            jail_free(old);
        }
        if (!(j = calloc(1, sizeof *j)) || !(j->root = strdup(root))) {
            free(j);
            return NULL;
        }
        if (map_put(&s->jails, h, j)) {
            jail_free(j);
            return NULL;
        }
    }
    j->last_use = ++use_clock;
    return j;
}

static void jail_note_image(srv_jail_stat *j, const proto_hash *id) {
    for (uint32_t i = 0; i < j->nimages; i++)
        if (!memcmp(&j->images[i], id, sizeof *id)) return;
    if (j->nimages == SRV_MAX_JAIL_IMAGES) return;
    if (j->nimages == j->cap_images) {
        uint32_t cap = j->cap_images ? j->cap_images * 2 : 16;
        proto_hash *n = realloc(j->images, cap * sizeof *n);
        if (!n) return;
        j->images = n;
        j->cap_images = cap;
    }
    j->images[j->nimages++] = *id;
}

void guests_note_image(srv *s, srv_guest *g, const proto_hash *id, const char *path) {
    srv_jail_stat *j = guests_jail(s, g->jail);
    if (j) { /* what FLUSH --jail removes: for an isolated jail, its own namespace's sets */
        cache_image_id nid;
        proto_hash h;
        jails_image_id(id, g->ns, &nid);
        memcpy(h.b, nid.b, sizeof h.b);
        jail_note_image(j, &h);
    }
    for (uint32_t i = 0; i < g->nimages; i++)
        if (!memcmp(&g->images[i].id, id, sizeof *id)) return;
    if (g->nimages == SRV_MAX_GUEST_IMAGES) return;
    if (g->nimages == g->cap_images) {
        uint32_t cap = g->cap_images ? g->cap_images * 2 : 8;
        srv_image_ref *n = realloc(g->images, cap * sizeof *n);
        if (!n) return;
        g->images = n;
        g->cap_images = cap;
    }
    g->images[g->nimages].id = *id;
    g->images[g->nimages].path = path && *path ? strdup(path) : NULL;
    g->nimages++;
    srv_image_stat *im = guests_image(s, id, path);
    if (im) im->guests++;
}

/* Supplementary groups of a process, from its status file. */
static bool proc_in_group(uint32_t pid, gid_t gid) {
    char path[64], line[4096];
    snprintf(path, sizeof path, "/proc/%u/status", pid);
    FILE *f = fopen(path, "re");
    if (!f) return false;
    bool found = false;
    while (!found && fgets(line, sizeof line, f)) {
        if (strncmp(line, "Groups:", 7)) continue;
        for (char *p = line + 7, *end; *p && *p != '\n'; p = end) {
            unsigned long g = strtoul(p, &end, 10);
            if (end == p) break;
            if (g == gid) found = true;
        }
        break;
    }
    fclose(f);
    return found;
}

bool guests_privileged(srv *s, const srv_pipe *p) {
    if (!p || p->uid == UINT32_MAX) return false;
    if (p->uid == 0 || p->uid == s->self_uid) return true;
    if (!s->have_admin_gid) return false;
    return p->gid == s->admin_gid || (p->pid != UINT32_MAX && proc_in_group(p->pid, s->admin_gid));
}
