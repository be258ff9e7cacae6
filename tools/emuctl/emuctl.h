/* emuctl.h — what emuctl's command files share: the parsed global options, the connection
 * to emud, and exit codes. One function per command: cmd_NAME(ctx, argc, argv) -> exit code. */
#ifndef EMUCTL_H
#define EMUCTL_H

#include "emuclient.h"

#include <stdbool.h>
#include <stddef.h>

enum {
    EXIT_OK = 0,
    EXIT_FAIL = 1,    /* the operation failed or was refused */
    EXIT_USAGE = 2,   /* bad command line */
    EXIT_NO_EMUD = 3, /* emud is not running (or not reachable) */
};

#define EMUCTL_DEFAULT_CACHE "/var/cache/emud"

typedef struct ctl {
    const char *socket; /* --socket, or NULL for the client's defaults */
    unsigned timeout_ms;
    emuclient *c; /* once connected */
} ctl;

/* Connect to emud; on failure print why and return EXIT_NO_EMUD (quiet: no message). */
int ctl_connect(ctl *x, bool quiet);

/* One request and its reply; prints errors. Returns 0 or an exit code. *out must be freed
 * with emuclient_reply_free. */
int ctl_call(ctl *x, const proto_msg *req, uint16_t want, emuclient_reply **out);

int cmd_stats(ctl *x, int argc, char **argv);
int cmd_ps(ctl *x, int argc, char **argv);
int cmd_flush(ctl *x, int argc, char **argv);
int cmd_cache(ctl *x, int argc, char **argv);
int cmd_binfmt(ctl *x, int argc, char **argv);
int cmd_jail(ctl *x, int argc, char **argv);

/* Helpers. */
/* Flags and interpreter of an enabled binfmt_misc entry for arm64 programs, one with flag F if
 * there is one (binfmt.c); -ENOENT if none. */
int binfmt_a64_entry(char *flags, size_t fcap, char *interp, size_t icap);
void hex16(const uint8_t *b, char out[33]);
int unhex16(const char *s, uint8_t out[16]);

#endif
