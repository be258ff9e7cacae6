/* packfd.h — emud hands pack files to guests by descriptor (emuproto.h, "pack descriptors"):
 * the guests of chroots that reach emud through its abstract socket and cannot see the pack
 * directory. Served on the loop; each request opens one file and sends its descriptor. */
#ifndef SERVER_PACKFD_H
#define SERVER_PACKFD_H

#include "server.h"

#include <uv.h>

typedef struct srv_packfd srv_packfd;

/* Listen on the abstract socket name + PROTO_PACKFD_SUFFIX. *out = NULL (and 0) when packs are
 * off or name is NULL: guests then ask over nng, as before. */
int packfd_start(srv_packfd **out, srv *s, uv_loop_t *loop, const char *name);

/* Stop listening and close every connection (their handles close on the loop). */
void packfd_stop(srv_packfd *p);

/* After uv_run has returned. */
void packfd_free(srv_packfd *p);

#endif
