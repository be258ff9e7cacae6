/* main.c — emuctl: global options, the command table, and the connection to emud shared by
 * the commands (a clear message and exit code 3 when emud is not running). */
#include "emuctl.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*fn)(ctl *x, int argc, char **argv);
    const char *help;
} command;

static const command commands[] = {
    {"stats", cmd_stats, "stats [--json] [--server] [--cache] [--images] [--jails]"},
    {"ps", cmd_ps, "ps [--jail DIR]"},
    {"flush", cmd_flush, "flush --all | --image HASH | --jail DIR"},
    {"cache", cmd_cache,
     "cache verify [--repair] [--cache DIR] | export DIR [--cache DIR] | import DIR [--cache DIR]"},
    {"binfmt", cmd_binfmt,
     "binfmt install [--flags FPOC] [--name NAME] [--interpreter PATH] [--replace] | "
     "remove [--name NAME] [--restore] | status [--name NAME]"},
    {"jail", cmd_jail, "jail add [--isolated] [--bind] DIR | list | remove DIR"},
};

static void usage(FILE *f) {
    fprintf(f, "usage: emuctl [--socket URL] [--timeout MS] COMMAND [ARGS]\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  emuctl %s\n", commands[i].help);
    fprintf(f, "EMUD_SOCKET names emud's socket when --socket is not given.\n"
               "Exit codes: 0 ok, 1 failed or refused, 2 usage, 3 emud not running.\n");
}

int ctl_connect(ctl *x, bool quiet) {
    if (x->c) return 0;
    emuclient_options o = {.socket = x->socket,
                           .connect_timeout_ms = x->timeout_ms < 2000 ? x->timeout_ms : 2000,
                           .request_timeout_ms = x->timeout_ms,
                           .flags = EMUCLIENT_TOOL};
    int r = emuclient_open(&x->c, &o, NULL);
    if (r == 0) return 0;
    if (!quiet) {
        const char *where = x->socket ? x->socket : getenv(EMUCLIENT_SOCKET_ENV);
        if (where && *where)
            fprintf(stderr, "emuctl: emud is not running (nothing answers on %s: %s)\n", where,
                    emuclient_strerror(r));
        else
            fprintf(stderr,
                    "emuctl: emud is not running (nothing answers on %s or %s: %s)\n"
                    "        start it with `systemctl start emud` or `emud`\n",
                    EMUCLIENT_SOCKET_PATH, EMUCLIENT_SOCKET_ABSTRACT, emuclient_strerror(r));
    }
    return EXIT_NO_EMUD;
}

int ctl_call(ctl *x, const proto_msg *req, uint16_t want, emuclient_reply **out) {
    int r = ctl_connect(x, false);
    if (r) return r;
    r = emuclient_call(x->c, req, out);
    if (r) {
        fprintf(stderr, "emuctl: %s to emud failed: %s\n", proto_type_name(req->type),
                emuclient_strerror(r));
        return r == -ETIMEDOUT || r == -ENOTCONN ? EXIT_NO_EMUD : EXIT_FAIL;
    }
    const proto_msg *m = emuclient_reply_msg(*out);
    if (m->type == want) return 0;
    if (m->type == PROTO_ERROR) {
        int code = m->u.error.code;
        if (code == -EPERM)
            fprintf(stderr, "emuctl: %s refused: only root and members of group emud may do this\n",
                    proto_type_name(req->type));
        else
            fprintf(stderr, "emuctl: emud refused %s: %s%s%s\n", proto_type_name(req->type),
                    emuclient_strerror(code), m->u.error.text ? ": " : "",
                    m->u.error.text ? m->u.error.text : "");
    } else {
        fprintf(stderr, "emuctl: unexpected %s reply to %s\n", proto_type_name(m->type),
                proto_type_name(req->type));
    }
    emuclient_reply_free(*out);
    *out = NULL;
    return EXIT_FAIL;
}

void hex16(const uint8_t *b, char out[33]) {
    static const char d[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        out[2 * i] = d[b[i] >> 4];
        out[2 * i + 1] = d[b[i] & 15];
    }
    out[32] = 0;
}

static int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int unhex16(const char *s, uint8_t out[16]) {
    if (strlen(s) != 32) return -EINVAL;
    for (int i = 0; i < 16; i++) {
        int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return -EINVAL;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

int main(int argc, char **argv) {
    static const struct option lo[] = {
        {"socket", 1, 0, 's'}, {"timeout", 1, 0, 't'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    ctl x = {.timeout_ms = 5000};
    int c;
    while ((c = getopt_long(argc, argv, "+", lo, NULL)) != -1) {
        switch (c) {
        case 's': x.socket = optarg; break;
        case 't': {
            char *end;
            unsigned long v = strtoul(optarg, &end, 10);
            if (*end || !v || v > 3600000) {
                fprintf(stderr, "emuctl: bad --timeout %s\n", optarg);
                return EXIT_USAGE;
            }
            x.timeout_ms = (unsigned)v;
            break;
        }
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[optind];
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(name, commands[i].name)) continue;
        int sub_argc = argc - optind;
        char **sub_argv = argv + optind;
        optind = 0; /* GNU getopt: start afresh on the command's own arguments */
        int rc = commands[i].fn(&x, sub_argc, sub_argv);
        emuclient_close(x.c, 0);
        return rc;
    }
    fprintf(stderr, "emuctl: unknown command '%s'\n", name);
    usage(stderr);
    return EXIT_USAGE;
}
