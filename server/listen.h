/* listen.h — emud's nng side: a rep0 socket listening on path and abstract sockets, served by
 * several nng contexts whose aio callbacks hand requests to the libuv loop. */
#ifndef EMUD_LISTEN_H
#define EMUD_LISTEN_H

#include "server.h"

#include <uv.h>

typedef struct srv_listener srv_listener;

typedef struct srv_listen_opts {
    const char *const *urls;
    int nurls;
    int socket_mode;          /* permissions of path sockets; -1 = 0666 */
    const char *socket_group; /* group of path sockets; NULL or missing group = unchanged */
    unsigned contexts;        /* requests served at once; 0 = 32 */
} srv_listen_opts;

/* The transport srv_init must be given when requests come through a listener. */
extern const srv_transport listen_transport;

/* Create the socket, its listeners and contexts; requests flow into s on loop. */
int listen_start(srv_listener **out, srv *s, uv_loop_t *loop, const srv_listen_opts *o);

/* Stop taking requests, close the socket (peers see their pipes close), close the loop
 * handle. Requests in flight finish without replies; uv_run then returns. */
void listen_stop(srv_listener *l);

/* After uv_run has returned. */
void listen_free(srv_listener *l);

#endif
