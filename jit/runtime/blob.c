/* blob.c — translations as self-contained relocatable blobs (what the shared cache stores):
 * translate without installing, validate, and install after checking the guest bytes. */
#include "runtime.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BLOB_MAGIC 0x31424A45u /* "EJB1" */

typedef struct blob_hdr {
    uint32_t magic, code_len, ninsn, nrelocs, ndirty, window; /* window: guest words depended on */
} blob_hdr;

/* Layout after the header: code (padded to 8 bytes, so the relocations are aligned), relocs,
 * offs[ninsn+1], dirty_off[ninsn+1], dirty[ndirty]. */
static size_t pad8(size_t n) { return (n + 7) & ~(size_t)7; }

static size_t blob_size(const blob_hdr *h) {
    return sizeof *h + pad8(h->code_len) + sizeof(jit_reloc) * h->nrelocs +
           sizeof(uint32_t) * (h->ninsn + 1) + sizeof(uint16_t) * (h->ninsn + 1) +
           sizeof(jit_dirty) * h->ndirty;
}

/* memcpy that allows src == NULL when n == 0 (empty tables) */
static uint8_t *put(uint8_t *w, const void *src, size_t n) {
    if (n) memcpy(w, src, n);
    return w + n;
}

static void *blob_pack(const jit_xlat *x, uint32_t window, size_t *len) {
    blob_hdr h = {BLOB_MAGIC, x->code_len, x->ninsn, x->nrelocs, x->ndirty, window};
    *len = blob_size(&h);
    uint8_t *p = calloc(1, *len), *w = p;
    if (!p) return NULL;
#define PUT(src, n) (w = put(w, (src), (n)))
    PUT(&h, sizeof h);
    PUT(x->code, x->code_len);
    w += pad8(x->code_len) - x->code_len;
    PUT(x->relocs, sizeof(jit_reloc) * x->nrelocs);
    PUT(x->offs, sizeof(uint32_t) * (x->ninsn + 1));
    PUT(x->dirty_off, sizeof(uint16_t) * (x->ninsn + 1));
    PUT(x->dirty, sizeof(jit_dirty) * x->ndirty);
#undef PUT
    return p;
}

/* Views into a blob after full bounds checking; the views alias the blob (which must be
 * suitably aligned for them: blobs come from malloc, so they are). */
static int blob_view(const void *blob, size_t len, jit_xlat *x, uint32_t *window) {
    blob_hdr h;
    if (len < sizeof h) return -EBADMSG;
    memcpy(&h, blob, sizeof h);
    if (h.magic != BLOB_MAGIC || h.ninsn == 0 || h.ninsn > JIT_MAX_BLOCK_INSNS ||
        h.code_len > (1u << 20) || h.nrelocs > (1u << 16) ||
        h.ndirty > (uint32_t)JIT_MAX_BLOCK_INSNS * RC_NREGS || h.window < h.ninsn ||
        h.window > JIT_MAX_BLOCK_INSNS || blob_size(&h) != len)
        return -EBADMSG;
    *window = h.window;
    const uint8_t *p = (const uint8_t *)blob + sizeof h;
    x->code = p;
    x->code_len = h.code_len;
    p += pad8(h.code_len);
    x->relocs = (const jit_reloc *)(const void *)p;
    x->nrelocs = h.nrelocs;
    p += sizeof(jit_reloc) * h.nrelocs;
    x->offs = (const uint32_t *)(const void *)p;
    x->ninsn = h.ninsn;
    p += sizeof(uint32_t) * (h.ninsn + 1);
    x->dirty_off = (const uint16_t *)(const void *)p;
    p += sizeof(uint16_t) * (h.ninsn + 1);
    x->dirty = (const jit_dirty *)(const void *)p;
    x->ndirty = h.ndirty;
    for (uint32_t i = 0; i < x->nrelocs; i++)
        if (x->relocs[i].kind != JIT_RELOC_PC64 || x->relocs[i].offset + 8u > x->code_len)
            return -EBADMSG;
    for (uint32_t i = 0; i <= x->ninsn; i++)
        if (x->offs[i] > x->code_len || x->dirty_off[i] > x->ndirty ||
            (i && (x->offs[i] < x->offs[i - 1] || x->dirty_off[i] < x->dirty_off[i - 1])))
            return -EBADMSG;
    for (uint32_t i = 0; i < x->ndirty; i++)
        if (x->dirty[i].guest > 31 || x->dirty[i].host > 15) return -EBADMSG;
    return 0;
}

int jit_blob_check(const void *blob, size_t len, uint32_t *guest_len) {
    jit_xlat x;
    uint32_t window;
    int r = blob_view(blob, len, &x, &window);
    if (r == 0 && guest_len) *guest_len = window * 4;
    return r;
}

int jit_translate_blob(jit_t *j, uint64_t pc, const uint32_t *code, int ncode, void **blob,
                       size_t *blob_len, uint32_t *guest_len) {
    (void)j;
    if (ncode <= 0) return -EINVAL;
    a64_tctx *t = calloc(1, sizeof *t);
    if (!t) return -ENOMEM;
    t->b.cap = 256u << 10;
    t->b.p = malloc(t->b.cap);
    int r = -ENOMEM;
    if (t->b.p && jit_translate(t, pc, code, ncode) == 0) {
        jit_xlat x = jit_xlat_of(t);
        *blob = blob_pack(&x, (uint32_t)t->window, blob_len);
        *guest_len = (uint32_t)t->window * 4;
        r = *blob ? 0 : -ENOMEM;
    }
    free(t->b.p);
    free(t->relocs);
    free(t);
    return r;
}

int jit_install_blob(jit_t *j, uint64_t pc, const void *guest, uint32_t guest_len, const void *blob,
                     size_t blob_len) {
    jit_xlat x;
    uint32_t mem[JIT_MAX_BLOCK_INSNS], window;
    if (blob_view(blob, blob_len, &x, &window) != 0 || window * 4 != guest_len) return -EBADMSG;
    uint64_t gen = __atomic_load_n(&j->gen, __ATOMIC_ACQUIRE);
    if (jit_fetch_code(j, pc, mem, (int)window, NULL) != (int)window || memcmp(mem, guest, guest_len))
        return -ESTALE;
    pthread_mutex_lock(&j->lock);
    int r = -EEXIST;
    if (j->gen != gen) /* guest code changed after the check: it proves nothing now */
        r = -ESTALE;
    else if (!jit_find_block(j, pc))
        r = jit_install(j, &x, pc) ? 0 : -ENOSPC; /* full: translated locally later */
    pthread_mutex_unlock(&j->lock);
    return r;
}

void jit_set_translated_hook(jit_t *j, jit_translated_fn fn, void *arg) {
    j->on_translated = fn;
    j->on_translated_arg = arg;
}

void jit_set_miss_hook(jit_t *j, jit_miss_fn fn, void *arg) {
    j->on_miss = fn;
    j->on_miss_arg = arg;
}
