/* show.c — `emuctl stats` (text or JSON: server, cache, per image, per jail) and `emuctl ps`
 * (the guests emud has adopted). */
#include "emuctl.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void json_str(const char *s) {
    putchar('"');
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static const char *kind_name(uint16_t k) {
    switch (k) {
    case PROTO_SECTION_SERVER: return "server";
    case PROTO_SECTION_CACHE: return "cache";
    case PROTO_SECTION_IMAGE: return "image";
    default: return "jail";
    }
}

static void print_text(const proto_stats_reply *r) {
    for (uint32_t i = 0; i < r->count; i++) {
        const proto_stats_section *s = &r->sections[i];
        char id[33];
        if (i) putchar('\n');
        printf("%s", kind_name(s->kind));
        if (s->kind == PROTO_SECTION_IMAGE) {
            hex16(s->id.b, id);
            printf(" %s", id);
        }
        if (s->name) printf(" %s", s->name);
        putchar('\n');
        for (uint32_t k = 0; k < s->count; k++)
            printf("  %-26s %llu\n", s->counters[k].name, (unsigned long long)s->counters[k].value);
    }
}

/* One section as a JSON object: its identity, then its counters. */
static void json_section(const proto_stats_section *s) {
    char id[33];
    bool first = true;
    putchar('{');
    if (s->kind == PROTO_SECTION_IMAGE) {
        hex16(s->id.b, id);
        printf("\"id\": \"%s\", \"path\": ", id);
        if (s->name)
            json_str(s->name);
        else
            printf("null");
        first = false;
    } else if (s->kind != PROTO_SECTION_SERVER) {
        printf("\"%s\": ", s->kind == PROTO_SECTION_CACHE ? "dir" : "root");
        json_str(s->name);
        first = false;
    }
    for (uint32_t k = 0; k < s->count; k++) {
        printf("%s", first ? "" : ", ");
        first = false;
        json_str(s->counters[k].name);
        printf(": %llu", (unsigned long long)s->counters[k].value);
    }
    putchar('}');
}

/* {"server": {...}, "cache": {"dir": ..., ...}, "images": [...], "jails": [...]} */
static void print_json(const proto_stats_reply *r, uint32_t want) {
    const char *names[] = {NULL, "server", "cache", "images", "jails"};
    bool first = true;
    putchar('{');
    for (uint16_t kind = PROTO_SECTION_SERVER; kind <= PROTO_SECTION_JAIL; kind++) {
        bool list = kind == PROTO_SECTION_IMAGE || kind == PROTO_SECTION_JAIL, any = false;
        for (uint32_t i = 0; i < r->count; i++) {
            const proto_stats_section *s = &r->sections[i];
            if (s->kind != kind || (any && !list)) continue;
            if (!any)
                printf("%s\"%s\": %s", first ? "" : ", ", names[kind], list ? "[" : "");
            else
                printf(", ");
            first = false;
            any = true;
            json_section(s);
        }
        if (list && any) {
            putchar(']');
        } else if (list && (want & (kind == PROTO_SECTION_IMAGE ? PROTO_STATS_IMAGES
                                                                : PROTO_STATS_JAILS))) {
            printf("%s\"%s\": []", first ? "" : ", ", names[kind]);
            first = false;
        }
    }
    printf("}\n");
}

int cmd_stats(ctl *x, int argc, char **argv) {
    static const struct option lo[] = {{"json", 0, 0, 'j'},  {"server", 0, 0, 's'},
                                       {"cache", 0, 0, 'c'}, {"images", 0, 0, 'i'},
                                       {"jails", 0, 0, 'J'}, {0, 0, 0, 0}};
    bool json = false;
    uint32_t sections = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'j': json = true; break;
        case 's': sections |= PROTO_STATS_SERVER; break;
        case 'c': sections |= PROTO_STATS_CACHE; break;
        case 'i': sections |= PROTO_STATS_IMAGES; break;
        case 'J': sections |= PROTO_STATS_JAILS; break;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "emuctl stats: unexpected argument %s\n", argv[optind]);
        return EXIT_USAGE;
    }
    proto_msg req = {.type = PROTO_STATS_GET, .u.stats_get.sections = sections};
    emuclient_reply *rep;
    int rc = ctl_call(x, &req, PROTO_STATS_REPLY, &rep);
    if (rc) return rc;
    const proto_stats_reply *r = &emuclient_reply_msg(rep)->u.stats_reply;
    if (json)
        print_json(r, sections ? sections : PROTO_STATS_ALL);
    else
        print_text(r);
    emuclient_reply_free(rep);
    return EXIT_OK;
}

static void print_age(uint64_t start_ns) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    uint64_t now = (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
    uint64_t s = now > start_ns ? (now - start_ns) / 1000000000u : 0;
    if (s < 3600)
        printf("%3llu:%02llu ", (unsigned long long)(s / 60), (unsigned long long)(s % 60));
    else
        printf("%3lluh%02llu ", (unsigned long long)(s / 3600),
               (unsigned long long)(s % 3600 / 60));
}

int cmd_ps(ctl *x, int argc, char **argv) {
    static const struct option lo[] = {{"jail", 1, 0, 'j'}, {0, 0, 0, 0}};
    const char *jail = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        if (c != 'j') return EXIT_USAGE;
        jail = optarg;
    }
    if (optind < argc) {
        fprintf(stderr, "emuctl ps: unexpected argument %s\n", argv[optind]);
        return EXIT_USAGE;
    }
    proto_msg req = {.type = PROTO_PS_GET, .u.ps_get.jail = jail};
    emuclient_reply *rep;
    int rc = ctl_call(x, &req, PROTO_PS_REPLY, &rep);
    if (rc) return rc;
    const proto_ps_reply *r = &emuclient_reply_msg(rep)->u.ps_reply;
    printf("%-16s %7s %6s %7s %8s %8s %6s %-16s %s\n", "GUEST", "PID", "UID", "AGE", "WARM", "COLD",
           "IMAGES", "JAIL", "EXE");
    for (uint32_t i = 0; i < r->count; i++) {
        const proto_guest *g = &r->guests[i];
        printf("%016llx %7u %6u ", (unsigned long long)g->guest_id, g->pid, g->uid);
        print_age(g->start_time_ns);
        printf("%8llu %8llu %6u %-16s %s\n", (unsigned long long)g->warm_blocks,
               (unsigned long long)g->cold_blocks, g->nimages, g->jail ? g->jail : "-",
               g->exe ? g->exe : "-");
    }
    emuclient_reply_free(rep);
    return EXIT_OK;
}
