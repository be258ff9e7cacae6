/* seeds.c — writes the seed corpora for the fuzz targets: every sample protocol message
 * (tests/proto/samples.h) and a few block records. Usage: fuzz_seeds PROTO_DIR RECORD_DIR */
#include "emucache.h"
#include "emuproto.h"
#include "samples.h"

#include <stdio.h>
#include <sys/stat.h>

static int write_file(const char *dir, const char *name, const void *p, size_t n) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n) return -1;
    return fclose(f);
}

static int proto_seeds(const char *dir) {
    proto_buf b;
    proto_buf_init(&b);
    for (uint16_t t = 1; t <= PROTO_TYPE_MAX; t++) {
        proto_msg m;
        sample_msg(t, &m);
        proto_buf_reset(&b);
        if (proto_encode(&b, &m) != 0 || write_file(dir, proto_type_name(t), b.data, b.len))
            return -1;
    }
    proto_buf_free(&b);
    return 0;
}

static int record_seeds(const char *dir) {
    static uint8_t guest[64], host[256], rec[4096];
    for (size_t i = 0; i < sizeof guest; i++)
        guest[i] = (uint8_t)(i * 37);
    for (size_t i = 0; i < sizeof host; i++)
        host[i] = (uint8_t)(i * 11 + 3);
    cache_reloc relocs[3] = {{0, 1, 0, 8}, {100, 2, 0, -4}, {255, 3, 0, 1ll << 40}};
    for (uint32_t n = 0; n <= 3; n++) {
        cache_block blk = {{0xabcdef, n * 4, n}, guest, 16 + 16 * n, host, 64 * (n + 1), relocs, n};
        size_t len;
        char name[32];
        snprintf(name, sizeof name, "record%u", n);
        if (cache_record_encode(&blk, rec, sizeof rec, &len) != 0 ||
            write_file(dir, name, rec, len))
            return -1;
    }
    return 0;
}

static void mkdir_p(const char *dir) {
    char p[4096];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0755);
            *s = '/';
        }
    mkdir(p, 0755);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s PROTO_DIR RECORD_DIR\n", argv[0]);
        return 2;
    }
    mkdir_p(argv[1]);
    mkdir_p(argv[2]);
    if (proto_seeds(argv[1]) || record_seeds(argv[2])) {
        perror("fuzz_seeds");
        return 1;
    }
    return 0;
}
