/* packfd.c — the pack-descriptor exchange (emuproto.h): fixed-size little-endian frames. */
#include "emuproto.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

static void put32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int proto_packfd_addr(const char *name, struct sockaddr_un *addr, size_t *len) {
    size_t n = strlen(name), sfx = strlen(PROTO_PACKFD_SUFFIX);
    if (n == 0) return -EINVAL;
    if (1 + n + sfx > sizeof addr->sun_path) return -ENAMETOOLONG;
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    memcpy(addr->sun_path + 1, name, n); /* sun_path[0] = 0: the abstract namespace */
    memcpy(addr->sun_path + 1 + n, PROTO_PACKFD_SUFFIX, sfx);
    *len = offsetof(struct sockaddr_un, sun_path) + 1 + n + sfx;
    return 0;
}

void proto_packfd_req_encode(uint8_t out[PROTO_PACKFD_REQ_LEN], const proto_hash *image,
                             uint64_t abi_id) {
    put32(out, PROTO_PACKFD_MAGIC);
    put32(out + 4, 0);
    memcpy(out + 8, image->b, sizeof image->b);
    put32(out + 24, (uint32_t)abi_id);
    put32(out + 28, (uint32_t)(abi_id >> 32));
}

int proto_packfd_req_decode(const uint8_t *in, size_t len, proto_hash *image, uint64_t *abi_id) {
    if (len != PROTO_PACKFD_REQ_LEN) return PROTO_ETRUNC;
    if (get32(in) != PROTO_PACKFD_MAGIC) return PROTO_EMAGIC;
    if (get32(in + 4) != 0) return PROTO_EVALUE;
    memcpy(image->b, in + 8, sizeof image->b);
    *abi_id = (uint64_t)get32(in + 24) | (uint64_t)get32(in + 28) << 32;
    return 0;
}

void proto_packfd_rep_encode(uint8_t out[PROTO_PACKFD_REP_LEN], int32_t status) {
    put32(out, PROTO_PACKFD_MAGIC);
    put32(out + 4, (uint32_t)status);
}

int proto_packfd_rep_decode(const uint8_t *in, size_t len, int32_t *status) {
    if (len != PROTO_PACKFD_REP_LEN) return PROTO_ETRUNC;
    if (get32(in) != PROTO_PACKFD_MAGIC) return PROTO_EMAGIC;
    int32_t st = (int32_t)get32(in + 4);
    if (st > 0) return PROTO_EVALUE;
    *status = st;
    return 0;
}
