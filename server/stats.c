/* stats.c — STATS_REPLY and PS_REPLY from the server's counters, the translation pool, the
 * cache, and the adoption table: server, cache, per-image and per-jail sections. */
#include "packs.h"
#include "server.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct sect_list {
    proto_stats_section *s;
    size_t n, cap;
    int err;
} sect_list;

/* Start a section with room for max counters; add with C(). */
static proto_stats_section *sect_new(sect_list *l, uint16_t kind, const char *name, size_t max) {
    if (l->err) return NULL;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        proto_stats_section *n = realloc(l->s, cap * sizeof *n);
        if (!n) {
            l->err = -ENOMEM;
            return NULL;
        }
        l->s = n;
        l->cap = cap;
    }
    proto_counter *c = calloc(max, sizeof *c);
    if (!c) {
        l->err = -ENOMEM;
        return NULL;
    }
    proto_stats_section *s = &l->s[l->n++];
    *s = (proto_stats_section){.kind = kind, .name = name, .counters = c};
    return s;
}

static void C(proto_stats_section *s, const char *name, uint64_t v) {
    ((proto_counter *)s->counters)[s->count++] = (proto_counter){.name = name, .value = v};
}

static uint64_t ratio_ppm(uint64_t part, uint64_t whole) {
    return whole ? (uint64_t)((double)part * 1e6 / (double)whole) : 0;
}

static void server_section(srv *s, sect_list *l) {
    proto_stats_section *x = sect_new(l, PROTO_SECTION_SERVER, NULL, 64);
    if (!x) return;
    const srv_counters *c = &s->cnt;
    xlat_stats xs;
    xlat_get_stats(s->xlat, &xs);
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    uint64_t now = (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
    uint64_t avg = xs.translated + xs.failed ? xs.translate_ns / (xs.translated + xs.failed) : 0;
    C(x, "uptime_s", (now - s->start_mono_ns) / 1000000000u);
    C(x, "abi_id", s->abi_id);
    C(x, "workers", s->cfg.workers);
    C(x, "guests_active", s->guests.n);
    C(x, "pipes_active", s->pipes.n);
    C(x, "guests_adopted", c->adopted);
    C(x, "guests_detached", c->detached);
    C(x, "guests_vanished", c->vanished);
    C(x, "adopt_refused", c->adopt_refused);
    C(x, "abi_mismatch", c->abi_mismatch);
    C(x, "requests", c->requests);
    C(x, "malformed", c->malformed);
    C(x, "version_refused", c->version_refused);
    C(x, "pipes_opened", c->pipes_opened);
    C(x, "pipes_closed", c->pipes_closed);
    C(x, "pipes_closed_malformed", c->pipes_closed_bad);
    C(x, "warm_gets", c->warm_gets);
    C(x, "warm_failed", c->warm_failed);
    C(x, "warm_blocks_served", c->warm_blocks_served);
    C(x, "warm_bytes_served", c->warm_bytes_served);
    C(x, "submits", c->submits);
    C(x, "blocks_submitted", c->blocks_submitted);
    C(x, "blocks_refused", c->blocks_refused);
    C(x, "blocks_dropped", c->blocks_queue_full + xs.dropped_stop);
    C(x, "translate_queue", xs.queued);
    C(x, "translations", xs.translated);
    C(x, "translate_failed", xs.failed);
    C(x, "translations_skipped_cached", xs.known);
    C(x, "store_errors", xs.store_errors);
    C(x, "store_batches", xs.batches);
    C(x, "warm_entries_added", xs.warm_added);
    C(x, "translate_ns_total", xs.translate_ns);
    C(x, "translate_ns_avg", avg);
    /* what the guests would have spent translating the blocks they got warm */
    C(x, "time_saved_ns", c->warm_blocks_served * avg);
    C(x, "reported_warm_blocks", c->reported_warm);
    C(x, "reported_cold_blocks", c->reported_cold);
    C(x, "warm_ratio_ppm", ratio_ppm(c->reported_warm, c->reported_warm + c->reported_cold));
    uint64_t pk_written, pk_bytes, pk_published;
    packs_counts(s->packs, &pk_written, &pk_bytes, &pk_published);
    C(x, "packs_published", pk_published);
    C(x, "packs_written", pk_written);
    C(x, "packs_bytes_written", pk_bytes);
    C(x, "packfd_served", c->packfd_served);
    C(x, "packfd_missing", c->packfd_missing);
    C(x, "packfd_refused", c->packfd_refused);
    C(x, "packfd_malformed", c->packfd_malformed);
    C(x, "flushes", c->flushes);
    C(x, "flushed_blocks", c->flushed_blocks);
    C(x, "denied", c->denied);
    C(x, "jails_registered", s->nreg);
    C(x, "jails_added", c->jails_added);
    C(x, "jails_removed", c->jails_removed);
    C(x, "guests_isolated", c->isolated_adopted);
    C(x, "guests_root_unknown_unshared", c->unknown_root_unshared);
    C(x, "stats_gets", c->stats_gets);
    C(x, "ps_gets", c->ps_gets);
}

static void cache_section(srv *s, srv_req *r, sect_list *l) {
    proto_stats_section *x = sect_new(l, PROTO_SECTION_CACHE, s->cfg.cache_dir, 16);
    if (!x) return;
    const cache_stats *c = &r->cstats;
    C(x, "hits", c->hits);
    C(x, "misses", c->misses);
    C(x, "hit_ratio_ppm", ratio_ppm(c->hits, c->hits + c->misses));
    C(x, "blocks", c->blocks);
    C(x, "bytes", c->bytes);
    C(x, "inserts", c->inserts);
    C(x, "evictions", c->evictions);
    C(x, "corrupt_dropped", c->corrupt_dropped);
    C(x, "warm_images", c->warm_images);
    C(x, "warm_entries", c->warm_entries);
    C(x, "size_limit", c->size_limit);
    C(x, "map_size", c->map_size);
    C(x, "file_bytes", c->file_bytes);
    C(x, "format_version", c->format_version);
    C(x, "abi_count", c->abi_count);
}

static void image_sections(srv *s, sect_list *l) {
    srv_map_iter it;
    srv_image_stat *im;
    for (map_iter_init(&it, &s->images); (im = map_next(&it));) {
        proto_stats_section *x = sect_new(l, PROTO_SECTION_IMAGE, im->path, 5);
        if (!x) return;
        x->id = im->id;
        C(x, "warm_gets", im->warm_gets);
        C(x, "blocks_served", im->blocks_served);
        C(x, "bytes_served", im->bytes_served);
        C(x, "blocks_submitted", im->blocks_submitted);
        C(x, "guests", im->guests);
    }
}

static void jail_sections(srv *s, sect_list *l) {
    srv_map_iter it;
    srv_jail_stat *j;
    for (map_iter_init(&it, &s->jails); (j = map_next(&it));) {
        proto_stats_section *x = sect_new(l, PROTO_SECTION_JAIL, j->root, 14);
        if (!x) return;
        const srv_jail_reg *reg = jails_find(s, j->root);
        C(x, "registered", reg != NULL);
        C(x, "isolated", reg && reg->ns);
        C(x, "namespace", reg ? reg->ns : 0);
        C(x, "guests_total", j->guests_total);
        C(x, "guests_active", j->guests_active);
        C(x, "packfd_guests", j->packfd_guests);
        C(x, "packfd_served", j->packfd_served);
        C(x, "warm_gets", j->warm_gets);
        C(x, "blocks_served", j->blocks_served);
        C(x, "blocks_submitted", j->blocks_submitted);
        C(x, "reported_warm_blocks", j->reported_warm);
        C(x, "reported_cold_blocks", j->reported_cold);
        C(x, "warm_ratio_ppm", ratio_ppm(j->reported_warm, j->reported_warm + j->reported_cold));
        C(x, "images", j->nimages);
    }
}

int srv_encode_stats(srv *s, srv_req *r) {
    uint32_t want = r->msg.u.stats_get.sections ? r->msg.u.stats_get.sections : PROTO_STATS_ALL;
    sect_list l = {0};
    if (want & PROTO_STATS_SERVER) server_section(s, &l);
    if (want & PROTO_STATS_CACHE) cache_section(s, r, &l);
    if (want & PROTO_STATS_IMAGES) image_sections(s, &l);
    if (want & PROTO_STATS_JAILS) jail_sections(s, &l);
    int e = l.err;
    if (!e) {
        proto_stats_reply rep = {.count = (uint32_t)l.n, .sections = l.s};
        e = proto_encode_stats_reply(&r->out, r->msg.request_id, &rep);
    }
    for (size_t i = 0; i < l.n; i++)
        free((void *)l.s[i].counters);
    free(l.s);
    return e;
}

int srv_encode_ps(srv *s, srv_req *r) {
    const char *jail = r->msg.u.ps_get.jail;
    size_t n = 0, cap = s->guests.n ? s->guests.n : 1;
    proto_guest *gs = calloc(cap, sizeof *gs);
    if (!gs) return -ENOMEM;
    int e = 0;
    srv_map_iter it;
    srv_guest *g;
    for (map_iter_init(&it, &s->guests); (g = map_next(&it)) && n < PROTO_MAX_GUESTS;) {
        if (jail && strcmp(jail, g->jail)) continue;
        proto_image_ref *im = calloc(g->nimages ? g->nimages : 1, sizeof *im);
        if (!im) {
            e = -ENOMEM;
            break;
        }
        for (uint32_t i = 0; i < g->nimages; i++) {
            im[i].id = g->images[i].id;
            im[i].path = g->images[i].path;
        }
        gs[n++] = (proto_guest){.guest_id = g->id,
                                .pid = g->pid,
                                .uid = g->uid,
                                .start_time_ns = g->start_ns,
                                .warm_blocks = g->warm_served,
                                .cold_blocks = g->submitted,
                                .jail = g->jail,
                                .exe = g->exe,
                                .nimages = g->nimages,
                                .images = im};
    }
    if (!e) {
        proto_ps_reply rep = {.count = (uint32_t)n, .guests = gs};
        e = proto_encode_ps_reply(&r->out, r->msg.request_id, &rep);
    }
    for (size_t i = 0; i < n; i++)
        free((void *)gs[i].images);
    free(gs);
    return e;
}
