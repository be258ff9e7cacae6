/* map.c — the chained hash map behind emud's tables; doubles its buckets at load 1. */
#include "map.h"

#include <errno.h>
#include <stdlib.h>

int map_init(srv_map *m) {
    m->nb = 64;
    m->n = 0;
    m->b = calloc(m->nb, sizeof *m->b);
    return m->b ? 0 : -ENOMEM;
}

void map_fini(srv_map *m) {
    for (size_t i = 0; i < m->nb; i++)
        for (srv_map_entry *e = m->b[i], *n; e; e = n) {
            n = e->next;
            free(e);
        }
    free(m->b);
    m->b = NULL;
    m->nb = m->n = 0;
}

void *map_find(const srv_map *m, uint64_t hash, srv_map_eq eq, const void *key) {
    for (srv_map_entry *e = m->b[hash & (m->nb - 1)]; e; e = e->next)
        if (e->hash == hash && eq(e->val, key)) return e->val;
    return NULL;
}

static void grow(srv_map *m) {
    size_t nb = m->nb * 2;
    srv_map_entry **b = calloc(nb, sizeof *b);
    if (!b) return; /* longer chains, still correct */
    for (size_t i = 0; i < m->nb; i++)
        for (srv_map_entry *e = m->b[i], *n; e; e = n) {
            n = e->next;
            e->next = b[e->hash & (nb - 1)];
            b[e->hash & (nb - 1)] = e;
        }
    free(m->b);
    m->b = b;
    m->nb = nb;
}

int map_put(srv_map *m, uint64_t hash, void *val) {
    srv_map_entry *e = malloc(sizeof *e);
    if (!e) return -ENOMEM;
    if (m->n >= m->nb) grow(m);
    e->hash = hash;
    e->val = val;
    e->next = m->b[hash & (m->nb - 1)];
    m->b[hash & (m->nb - 1)] = e;
    m->n++;
    return 0;
}

void *map_remove(srv_map *m, uint64_t hash, srv_map_eq eq, const void *key) {
    for (srv_map_entry **p = &m->b[hash & (m->nb - 1)]; *p; p = &(*p)->next) {
        srv_map_entry *e = *p;
        if (e->hash == hash && eq(e->val, key)) {
            void *v = e->val;
            *p = e->next;
            free(e);
            m->n--;
            return v;
        }
    }
    return NULL;
}

void map_iter_init(srv_map_iter *it, const srv_map *m) {
    it->m = m;
    it->i = 0;
    it->e = NULL;
}

void *map_next(srv_map_iter *it) {
    if (it->e) it->e = it->e->next;
    while (!it->e && it->i < it->m->nb)
        it->e = it->m->b[it->i++];
    return it->e ? it->e->val : NULL;
}

uint64_t map_hash_u64(uint64_t x) { /* splitmix64 finaliser */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

uint64_t map_hash_str(const char *s) { /* FNV-1a */
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
    return map_hash_u64(h);
}
