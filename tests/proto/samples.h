/* samples.h — one representative instance of every message type, for the libemuproto tests:
 * lists with several items, absent and empty strings, nested arrays. */
#ifndef PROTO_SAMPLES_H
#define PROTO_SAMPLES_H

#include "emuproto.h"

#include <string.h>

static const uint8_t sample_record[3][40] = {{1, 2, 3}, {4, 5, 6, 7}, {9}};
static const uint8_t sample_guest[2][16] = {{0xd5, 0x03, 0x20, 0x1f}, {0xd6, 0x5f, 0x03, 0xc0}};

static const proto_warm_item sample_items[3] = {
    {0x1000, sample_record[0], 40}, {0x2040, sample_record[1], 7}, {0, sample_record[2], 1}};
static const proto_submit_block sample_blocks[2] = {{0x400, 0x400, 0, sample_guest[0], 16},
                                                    {0x99c, 0x99c, 3, sample_guest[1], 4}};
static const proto_counter sample_counters[3] = {{"hits", 10}, {"misses", 2}, {"", UINT64_MAX}};
static const proto_stats_section sample_sections[3] = {
    {PROTO_SECTION_SERVER, {{0}}, NULL, 2, sample_counters},
    {PROTO_SECTION_IMAGE, {{1, 2, 3}}, "/usr/lib/libc.so.6", 3, sample_counters},
    {PROTO_SECTION_JAIL, {{0}}, "/srv/jail", 0, NULL}};
static const proto_image_ref sample_images[2] = {{{{7}}, "/bin/sh"}, {{{8}}, NULL}};
static const proto_guest sample_guests[2] = {
    {1, 100, 0, 1700000000000000000ull, 50, 3, "/srv/jail", "/bin/sh", 2, sample_images},
    {2, 101, 1000, 1, 0, 0, NULL, NULL, 0, NULL}};
static const proto_jail_info sample_jails[3] = {
    {0, 0, 1700000000000000000ull, 3, "/srv/jail"},
    {PROTO_JAIL_ISOLATED | PROTO_JAIL_BIND, 0xabc, 1, 0, "/srv/private jail"},
    {PROTO_JAIL_BIND, 0, 0, UINT64_MAX, "/"}};

/* Fill m with the sample of type t (1..PROTO_TYPE_MAX). */
static inline void sample_msg(uint16_t t, proto_msg *m) {
    memset(m, 0, sizeof *m);
    m->type = t;
    m->request_id = 0x1000u + t;
    switch (t) {
    case PROTO_HELLO:
        m->u.hello = (proto_hello){4242, 0, 0xabcdef, "/srv/jail", "/usr/bin/make"};
        break;
    case PROTO_WELCOME: m->u.welcome = (proto_welcome){77, 0xabcdef, PROTO_WELCOME_SHARED}; break;
    case PROTO_DETACH: m->u.detach = (proto_detach){77, -9, 1000, 20}; break;
    case PROTO_OK: m->u.ok = (proto_ok){123456789}; break;
    case PROTO_ERROR: m->u.error = (proto_error){-22, "bad request"}; break;
    case PROTO_WARM_GET:
        m->u.warm_get = (proto_warm_get){77, {{0xee, 1}}, 0xabcdef, 1 << 20, ""};
        break;
    case PROTO_WARM_REPLY:
        m->u.warm_reply = (proto_warm_reply){{{0xee, 1}}, 0xabcdef, 0, 3, sample_items};
        break;
    case PROTO_SUBMIT:
        m->u.submit = (proto_submit){77, {{0xee, 2}}, 0xabcdef, 2, sample_blocks};
        break;
    case PROTO_STATS_GET: m->u.stats_get = (proto_stats_get){PROTO_STATS_IMAGES}; break;
    case PROTO_STATS_REPLY: m->u.stats_reply = (proto_stats_reply){3, sample_sections}; break;
    case PROTO_PS_GET: m->u.ps_get = (proto_ps_get){0, "/srv/jail"}; break;
    case PROTO_PS_REPLY: m->u.ps_reply = (proto_ps_reply){2, sample_guests}; break;
    case PROTO_FLUSH: m->u.flush = (proto_flush){PROTO_FLUSH_IMAGE, {{5, 5}}, NULL}; break;
    case PROTO_JAIL_ADD: m->u.jail_add = (proto_jail_add){PROTO_JAIL_ISOLATED, "/srv/jail"}; break;
    case PROTO_JAIL_REMOVE: m->u.jail_remove = (proto_jail_remove){0, "/srv/jail"}; break;
    case PROTO_JAIL_LIST: m->u.jail_list = (proto_jail_list){0}; break;
    case PROTO_JAIL_LIST_REPLY:
        m->u.jail_list_reply = (proto_jail_list_reply){3, sample_jails};
        break;
    }
}

#endif
