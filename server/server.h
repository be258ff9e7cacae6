/* server.h — emud's private interfaces: the server state, requests as small state objects,
 * and the pieces acting on them (handlers, adoption table, translation pool, nng listener). */
#ifndef EMUD_SERVER_H
#define EMUD_SERVER_H

#include "emucache.h"
#include "emujit.h"
#include "emuproto.h"
#include "map.h"
#include "xlat.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct srv srv;
typedef struct srv_req srv_req;

typedef struct srv_config {
    const char *cache_dir;
    uint64_t max_bytes;      /* cache size limit; 0 = none */
    unsigned workers;        /* translation threads */
    size_t xlat_queue;       /* jobs waiting for translation, at most */
    size_t xlat_queue_bytes; /* guest bytes waiting for translation, at most */
    size_t warm_max_bytes;   /* of records in one warm reply */
    const char *admin_group; /* members may flush ("emud"); NULL = none */
    bool nosync;             /* CACHE_OPEN_NOSYNC (tests) */
    const char *packs_dir;   /* where warm packs are published (packs.h); NULL = nowhere */
    bool packs_tmpfs;        /* mount a tmpfs with huge pages there first (packs.h) */
} srv_config;

/* How requests travel: nng contexts in emud (listen.c), direct calls in unit tests. Every
 * request ends in exactly one of reply or drop. */
typedef struct srv_transport {
    void (*reply)(srv_req *r);                 /* send r->out; the request is then recycled */
    void (*drop)(srv_req *r, bool close_pipe); /* no reply */
    void (*queue_work)(srv_req *r);            /* r->work off the loop, then r->done on it */
} srv_transport;

/* One request in flight. data/len belong to the transport; everything else is reset by
 * srv_req_reset. */
struct srv_req {
    srv *s;
    uint32_t pipe; /* id of the pipe it came on; 0 = none */
    const uint8_t *data;
    size_t len;
    proto_msg msg;
    bool decoded;
    proto_buf out; /* the reply */
    void (*work)(srv_req *r);
    void (*done)(srv_req *r);
    /* what work hands to done */
    int err;
    uint64_t n1, n2;
    cache_stats cstats;
    cache_image_id *images; /* FLUSH of a jail */
    size_t nimages;
    cache_image_id image; /* WARM_GET: the warm set read, in the guest's namespace */
    uint32_t key_flags;   /* WARM_GET: the key flags its records must carry */
    char *save;           /* JAIL_ADD / JAIL_REMOVE: the registry to write */
    size_t save_len;
    uint64_t save_gen;
};

void srv_req_init(srv_req *r, srv *s);
void srv_req_reset(srv_req *r); /* after a reply or drop: frees decoded state, keeps buffers */
void srv_req_free(srv_req *r);

/* Loop-only counters (the xlat pool has its own, atomic). */
typedef struct srv_counters {
    uint64_t requests, malformed, version_refused, pipes_opened, pipes_closed, pipes_closed_bad;
    uint64_t adopted, detached, vanished, adopt_refused, abi_mismatch;
    uint64_t warm_gets, warm_blocks_served, warm_bytes_served, warm_truncated, warm_failed;
    uint64_t submits, blocks_submitted, blocks_refused, blocks_queue_full;
    uint64_t flushes, flushed_blocks, denied, stats_gets, ps_gets;
    uint64_t reported_warm, reported_cold; /* from DETACH */
    uint64_t jails_added, jails_removed, isolated_adopted, unknown_root_unshared;
    uint64_t packfd_served, packfd_missing, packfd_refused, packfd_malformed; /* packfd.c */
} srv_counters;

/* A jail recorded with `emuctl jail add` (jails.c). */
typedef struct srv_jail_reg {
    char *root;
    size_t len;
    uint32_t flags;    /* PROTO_JAIL_* */
    uint32_t ns;       /* cache namespace; 0 = shared */
    uint64_t added_ns; /* CLOCK_REALTIME */
} srv_jail_reg;

/* Cache namespaces of isolated jails: key flags bits 8..31 (emucache.h), 0 = shared. */
#define SRV_NS_SHIFT CACHE_KEY_NS_SHIFT
#define SRV_NS_MAX   (0xffffffffu >> CACHE_KEY_NS_SHIFT)

struct srv {
    srv_config cfg;
    cache_t *cache;
    struct srv_packs *packs; /* NULL: packs are off */
    jit_t *jit;
    uint64_t abi_id;
    uint64_t epoch; /* high half of guest ids: ids of an earlier run never match */
    uint32_t next_guest;
    uint64_t start_ns; /* CLOCK_REALTIME */
    uint64_t start_mono_ns;
    const srv_transport *tp;
    xlat_pool *xlat;
    srv_counters cnt;
    srv_map pipes, guests, images, jails; /* guests.c */
    srv_jail_reg *reg;                    /* jails.c: recorded jails */
    uint32_t nreg;
    uint64_t reg_gen, reg_saved_gen; /* registry changes made / written to the state file */
    uid_t self_uid;
    bool have_admin_gid;
    gid_t admin_gid;
};

/* Open the cache, the translator and the pool. */
int srv_init(srv *s, const srv_config *cfg, const srv_transport *tp);
/* Stop the pool after its current batches, close the cache. */
void srv_fini(srv *s);

/* Handle one request (on the loop thread). */
void srv_handle(srv_req *r);

/* Reply helpers: encode into r->out and hand it to the transport. */
void srv_reply_error(srv_req *r, int code, const char *text);
void srv_reply_ok(srv_req *r, uint64_t value);

/* STATS and PS replies (stats.c), on the loop; r->cstats filled by the work step. */
int srv_encode_stats(srv *s, srv_req *r);
int srv_encode_ps(srv *s, srv_req *r);

/* ---- adoption table (guests.c) ---- */

typedef struct srv_pipe {
    uint32_t id;
    uint32_t pid, uid, gid; /* from the socket; UINT32_MAX when unknown */
    unsigned nguests;
} srv_pipe;

typedef struct srv_image_ref {
    proto_hash id;
    char *path;
} srv_image_ref;

typedef struct srv_guest {
    uint64_t id;
    uint32_t pipe, pid, uid;
    uint64_t start_ns;
    char *jail, *exe; /* jail: the recorded jail holding its root, else the root itself */
    uint32_t ns;      /* cache namespace of its blocks (isolated jail), 0 = shared */
    bool shared;
    uint64_t warm_served, submitted, warm_reported, cold_reported;
    srv_image_ref *images;
    uint32_t nimages, cap_images;
} srv_guest;

typedef struct srv_image_stat {
    proto_hash id;
    char *path;
    uint64_t last_use;
    uint64_t warm_gets, blocks_served, bytes_served, blocks_submitted, guests;
} srv_image_stat;

typedef struct srv_jail_stat {
    char *root;
    uint64_t last_use;
    uint64_t guests_total, guests_active, warm_gets, blocks_served, blocks_submitted;
    uint64_t reported_warm, reported_cold;
    uint64_t packfd_guests, packfd_served; /* guests given packs by descriptor, and packs */
    proto_hash *images;                    /* seen from this jail: FLUSH --jail removes them */
    uint32_t nimages, cap_images;
    bool registered; /* recorded with JAIL_ADD: never evicted */
} srv_jail_stat;

#define SRV_MAX_GUESTS       65536
#define SRV_MAX_IMAGE_STATS  4096
#define SRV_MAX_JAIL_STATS   1024
#define SRV_MAX_GUEST_IMAGES 256
#define SRV_MAX_JAIL_IMAGES  16384

void guests_init(srv *s);
void guests_fini(srv *s);
void guests_pipe_added(srv *s, uint32_t pipe, uint32_t pid, uint32_t uid, uint32_t gid);
void guests_pipe_removed(srv *s, uint32_t pipe);
srv_pipe *guests_pipe(srv *s, uint32_t pipe);
/* New guest for pipe (replacing the pipe's earlier one); jail resolved from the peer's /proc
 * root when possible. */
int guests_adopt(srv *s, srv_pipe *p, const proto_hello *h, srv_guest **out);
/* Where the process pid (in emud's pid namespace) runs, by its root: *jail (malloc'd: the
 * recorded jail it is in, else its root) and *ns, the cache namespace serving it. 0, -ENOMEM,
 * or -EACCES (with both set) when its root cannot be read while isolated jails exist. */
int guests_peer_place(srv *s, uint32_t pid, uint32_t *ns, char **jail);
/* A pack of image was handed by descriptor to a guest of jail (first: its first one). */
void guests_jail_pack(srv *s, const char *jail, const proto_hash *image, bool first);
/* The guest with this id, if it belongs to the peer on pipe (same pid); else NULL. */
srv_guest *guests_find(srv *s, uint64_t id, uint32_t pipe);
void guests_detach(srv *s, srv_guest *g, const proto_detach *d);
srv_image_stat *guests_image(srv *s, const proto_hash *id, const char *path);
srv_jail_stat *guests_jail(srv *s, const char *root);
void guests_note_image(srv *s, srv_guest *g, const proto_hash *id, const char *path);
/* Whether the peer on pipe may flush and import: root, emud's own uid, or the admin group. */
bool guests_privileged(srv *s, const srv_pipe *p);

/* ---- the jail registry (jails.c) ---- */

int jails_load(srv *s); /* the state file in the cache directory; 0 when there is none */
void jails_fini(srv *s);
srv_jail_reg *jails_find(srv *s, const char *root);
/* The innermost recorded jail that holds root (a path as emud sees it), or NULL. */
const srv_jail_reg *jails_match(const srv *s, const char *root);
bool jails_any_isolated(const srv *s);
/* The identity under which the warm set of image is kept in namespace ns (ns 0: image). */
void jails_image_id(const proto_hash *image, uint32_t ns, cache_image_id *out);
void srv_on_jail_add(srv *s, srv_req *r);
void srv_on_jail_remove(srv *s, srv_req *r);
void srv_on_jail_list(srv *s, srv_req *r);

#endif
