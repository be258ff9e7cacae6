/* map.h — a small chained hash map for emud's tables (pipes, guests, images, jails): the caller
 * hashes the key and says what equality means; values are the caller's. Not thread-safe. */
#ifndef EMUD_MAP_H
#define EMUD_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct srv_map_entry {
    struct srv_map_entry *next;
    uint64_t hash;
    void *val;
} srv_map_entry;

typedef struct srv_map {
    srv_map_entry **b;
    size_t nb, n;
} srv_map;

typedef bool (*srv_map_eq)(const void *val, const void *key);

typedef struct srv_map_iter {
    const srv_map *m;
    size_t i;
    srv_map_entry *e;
} srv_map_iter;

int map_init(srv_map *m);
void map_fini(srv_map *m); /* frees the entries, not the values */
void *map_find(const srv_map *m, uint64_t hash, srv_map_eq eq, const void *key);
int map_put(srv_map *m, uint64_t hash, void *val); /* the caller knows the key is new */
void *map_remove(srv_map *m, uint64_t hash, srv_map_eq eq, const void *key);

/* Values in no particular order; the map must not change while iterating. */
void map_iter_init(srv_map_iter *it, const srv_map *m);
void *map_next(srv_map_iter *it);

uint64_t map_hash_u64(uint64_t x);
uint64_t map_hash_str(const char *s);

#endif
