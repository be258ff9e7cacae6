/* packs.h — emud's warm packs: each image's warm set published as a read-only file next to the
 * socket (emucache.h's cache_pack_*), so that a guest process maps it instead of asking. */
#ifndef SERVER_PACKS_H
#define SERVER_PACKS_H

#include <emucache.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct srv_packs srv_packs;

/* Publish packs in dir (created 0755 if missing; packs of other ABIs there are removed).
 * *out = NULL when dir is NULL or empty: packs are off and every call below does nothing.
 * tmpfs: unless dir is a mount point already, mount a tmpfs there whose files take 2 MiB huge
 * pages (see packs_mount); where that fails the packs go in dir as it is. */
int packs_open(srv_packs **out, const char *dir, bool tmpfs, cache_t *cache, uint64_t abi_id);
void packs_close(srv_packs *p);

/* Write a pack for every image whose warm set is new or has grown since its pack was written
 * (guests that find a pack do not ask, so their submissions are picked up here), and rewrite
 * those that shrank. idle: nothing waits for translation (every growth is published then).
 * Called periodically, off the loop. */
void packs_refresh(srv_packs *p, bool idle);

/* The cache lost image's blocks (flush): remove its pack; all = every pack. */
void packs_drop(srv_packs *p, const cache_image_id *image);
void packs_drop_all(srv_packs *p);

/* image's pack file opened read-only (handed to a guest by descriptor, packfd.c), or -errno:
 * -ENOENT when packs are off or image has none for this ABI. Any thread. */
int packs_open_fd(srv_packs *p, const cache_image_id *image, uint64_t abi_id);

/* Packs written since start, and their bytes. */
void packs_counts(srv_packs *p, uint64_t *written, uint64_t *bytes, uint64_t *published);

#endif
