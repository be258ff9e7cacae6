/* emuclient.h — the public contract of libemuclient: the client side of emud's protocol over
 * nng. Adoption, warm sets, background submission of translated blocks, tool requests.
 *
 * @par Promise to the guest
 * No emud, a slow emud, an emud that dies or restarts: every call returns quickly (bounded by
 * the timeouts below, most at once) and the guest runs on with private translation only.
 * Nothing here ever aborts the process.
 *
 * @par How emu-exec uses it (the whole integration)
 *   1. At start, once the guest address space is set up (nng creates host threads whose
 *      stacks are ordinary host mmaps; they must not sit where the guest maps MAP_FIXED):
 *          emuclient_identity id = {.pid = getpid(), .abi_id = jit_abi_id(),
 *                                   .jail = "/", .exe = guest_exe_path};
 *          emuclient *ec = NULL;
 *          emuclient_open(&ec, NULL, &id);          // 0 even when emud is absent
 *   2. For each executable mapping of a file (the program's and ld.so's text as the loader
 *      maps them, and every PROT_EXEC mmap of a file the guest's ld.so makes for a library):
 *      image = emuclient_image_hash() of the file's whole contents (computed once per file),
 *      base = mapping address - file offset of the mapping, so that an offset is the block's
 *      offset in the file (ELF keeps vaddr and offset congruent mod the page, so pc & 0xfff
 *      == offset & 0xfff) and the same in every process whatever the load address:
 *          emuclient_warm_get(ec, image, base, path, install_cb, jit, NULL);
 *      with
 *          static int install_cb(void *jit, const emuclient_block *b) {
 *              return jit_install_blob(jit, b->pc, b->guest, b->guest_len, b->blob,
 *                                      b->blob_len);
 *          }
 *      (Blocks of the set that lie outside this mapping fail jit_install_blob's check
 *      harmlessly.)
 *   3. In the jit_set_translated_hook callback (pc, guest, guest_len): find the file mapping
 *      that holds pc and call
 *          emuclient_submit(ec, m ? m->image : NULL, pc - m->base, pc & 0xfff, guest,
 *                           guest_len);
 *      (image NULL for code outside any file mapping: counted as cold, not sent). It only
 *      copies the bytes into a bounded queue: it never blocks.
 *   4. In the child of a fork (clone without CLONE_VM), first thing: emuclient_after_fork(ec).
 *      The child then runs with private translation (nng cannot be used after fork).
 *   5. Before exit_group, and before execve (a fresh emu-exec adopts itself again):
 *          emuclient_close(ec, status);   ec = NULL;
 *      It sends what is still queued and DETACH, within opt.close_flush_ms. If execve then
 *      fails, go on with ec == NULL: every function takes a NULL handle as "offline".
 *   Linking: target_link_libraries(emu-exec PRIVATE emuclient) brings Debian's static nng
 *   (with the static mbedtls it needs, client/nng.cmake), the record code of libemucache and
 *   static xxhash; it links -static-pie (ctest client_static_smoke). Hash images with
 *   emuclient_image_hash rather than by linking the emucache target, whose LMDB import is a
 *   shared object a static link refuses.
 *
 * @par Threads and memory
 * A guest handle runs one background thread; nng adds its own, started by the first
 * emuclient_open: with Debian's nng 1.5, 2 task threads, 1 expiry, 1 poller, 4 resolvers (a
 * number fixed in that version), a reaper and a timer per process. All of them block every
 * signal, so the guest's signals reach guest threads only. Their stacks are ordinary host mmaps.
 * The submission queue holds at most queue_blocks blocks / queue_bytes bytes.
 *
 * @par Threading
 * emuclient_warm_get, emuclient_submit, emuclient_stats_get and emuclient_call may be called from
 * any threads at once. emuclient_close and emuclient_after_fork must not race with other
 * calls on the same handle. One background thread per handle (not in EMUCLIENT_TOOL mode)
 * sends submissions, re-adopts after emud restarts and redials.
 *
 * @par Errors
 * Functions return 0 or a negative errno-style code (-ENOTCONN: not adopted / not shared,
 * -ETIMEDOUT, -EAGAIN: queue full, -EPROTO: unexpected reply, -EINVAL, -ENOMEM), or a code
 * emud sent in an ERROR reply (negative errno or a PROTO_E* code). emuclient_strerror
 * describes them.
 */
#ifndef EMUCLIENT_H
#define EMUCLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emuproto.h"

#define EMUCLIENT_SOCKET_PATH     "ipc:///run/emud/emud.sock"
#define EMUCLIENT_SOCKET_ABSTRACT "abstract://emud"
#define EMUCLIENT_SOCKET_ENV      "EMUD_SOCKET"
#define EMUCLIENT_PACKS_ENV       "EMUD_PACKS"
#define EMUCLIENT_HASH_LEN        16

typedef struct emuclient emuclient;

enum emuclient_flags {
    /* A tool (emuctl): no adoption, no background thread, no reconnecting; open fails when
     * emud cannot be reached. Use emuclient_call. */
    EMUCLIENT_TOOL = 1 << 0,
    /* A guest that may not need emud at once (its warm sets come from packs): open returns
     * without waiting for the first dial and adoption; a warm-set request waits for them (at
     * most connect_timeout_ms), and blocks submitted meanwhile are queued. */
    EMUCLIENT_NOWAIT = 1 << 1,
};

/* Every field may be 0 for its default. */
typedef struct emuclient_options {
    /* Where emud listens. NULL: $EMUD_SOCKET if set, else EMUCLIENT_SOCKET_PATH and then
     * EMUCLIENT_SOCKET_ABSTRACT (reachable from chroots). */
    const char *socket;
    unsigned connect_timeout_ms; /* how long open waits to be connected and adopted: 200 */
    unsigned warm_timeout_ms;    /* one WARM_GET: 2000 */
    unsigned request_timeout_ms; /* emuclient_call: 5000 */
    unsigned submit_timeout_ms;  /* one SUBMIT batch in the background: 1000 */
    unsigned close_flush_ms;     /* all of emuclient_close: 200 */
    unsigned batch_delay_ms;     /* the longest a submitted block waits to be batched: 20 */
    unsigned batch_blocks;       /* send as soon as this many are queued: 64 */
    unsigned queue_blocks;       /* submission queue bound, blocks: 4096 */
    size_t queue_bytes;          /* submission queue bound, guest bytes: 4 MiB */
    unsigned flags;              /* emuclient_flags */
} emuclient_options;

/* Who is being adopted. Strings are copied. */
typedef struct emuclient_identity {
    uint32_t pid;     /* getpid(); emud trusts the socket's credentials, this is a cross-check */
    uint64_t abi_id;  /* jit_abi_id() */
    const char *jail; /* jail root as the guest sees it ("/"), or NULL */
    const char *exe;  /* guest executable path (required) */
} emuclient_identity;

/* Create a client and, unless EMUCLIENT_TOOL, let the background thread connect and adopt,
 * waiting for that at most connect_timeout_ms (no listener at all: it returns at once). Returns
 * 0 with a handle even when emud is not reachable (the thread keeps trying, with backoff);
 * only -EINVAL / -ENOMEM fail. URLs are tried in order; a path socket that does not exist is
 * skipped without a dial. In EMUCLIENT_TOOL mode id may be NULL, the dial is synchronous in the
 * caller, and an unreachable emud gives -ENOENT / -ECONNREFUSED. The handle is the caller's:
 * release it with emuclient_close. */
int emuclient_open(emuclient **out, const emuclient_options *opt, const emuclient_identity *id);

/* Keep every descriptor the client's transport makes at fd_floor or above, now and on every
 * redial (a guest owns the low numbers). 0 = no floor. Returns -ENOTSUP where the transport
 * cannot be told (an nng other than Debian's 1.5, which needs no fixups). */
int emuclient_set_fd_floor(int fd_floor);

/* Whether the client is adopted by an emud that translates for its ABI right now. */
bool emuclient_connected(emuclient *c);

/* Image identity, as emud keys warm sets: XXH3-128 of a mapped file's whole contents. */
int emuclient_image_hash(const void *data, size_t len, uint8_t out[EMUCLIENT_HASH_LEN]);

/* One warm block, handed to the caller's install callback. Checked before the call: the
 * record's checksum and limits, its translator ABI (== id.abi_id), its PC bits
 * (== pc & 0xfff). The caller's install (jit_install_blob) checks that guest memory at pc
 * still holds guest[0..guest_len). Pointers are valid during the callback only; blob is
 * 16-byte aligned. */
typedef struct emuclient_block {
    uint64_t pc;     /* base + offset */
    uint64_t offset; /* in the image */
    const void *guest;
    uint32_t guest_len;
    const void *blob;
    size_t blob_len;
    bool stable; /* blob points into a pack, which lives as long as the set: no copy needed */
} emuclient_block;

/* Return 0 if the block was installed; anything else counts it as rejected. */
typedef int (*emuclient_block_fn)(void *arg, const emuclient_block *b);

typedef struct emuclient_warm_result {
    uint32_t received;  /* items in emud's reply */
    uint32_t installed; /* callback returned 0 */
    uint32_t rejected;  /* failed the checks above, or the callback refused */
    bool truncated;     /* emud had more than fitted in one reply */
} emuclient_warm_result;

/* Fetch the warm set of image (EMUCLIENT_HASH_LEN bytes) mapped at base, and hand each block
 * to fn. path (may be NULL) is only for emud's statistics. Waits at most warm_timeout_ms, and
 * returns -ENOTCONN at once when not adopted. res may be NULL. */
int emuclient_warm_get(emuclient *c, const uint8_t *image, uint64_t base, const char *path,
                       emuclient_block_fn fn, void *arg, emuclient_warm_result *res);

/* A warm set kept for installing on demand: a process runs only part of what earlier
 * processes ran in an image (libc's set is the union over every program), so blocks are
 * installed when the guest first reaches them rather than all at start-up. The set holds
 * emud's reply; it stays valid after emuclient_close and in a fork child, and is released
 * with emuclient_warm_set_free (by the thread that owns it: the set is not locked). */
typedef struct emuclient_warm_set emuclient_warm_set;

/* Fetch the warm set of image, as emuclient_warm_get does, without installing anything.
 * On success *out is a set (possibly empty) and res->received its size. */
int emuclient_warm_fetch(emuclient *c, const uint8_t *image, const char *path,
                         emuclient_warm_set **out, emuclient_warm_result *res);

/* The block at image offset, checked as for emuclient_warm_get (then b->pc = base + offset);
 * b's pointers stay valid until the next call on this set. Returns 0, -ENOENT (not in the
 * set), -EBADMSG (failed a check: counted as rejected). */
int emuclient_warm_find(emuclient_warm_set *s, uint64_t base, uint64_t offset, emuclient_block *b);

/* The warm set of image from the pack emud published in dir (emucache.h's cache_pack_*),
 * without a request: the guest reads only the records of the blocks it reaches. Needs no
 * client handle. Returns 0, -ENOENT (no pack yet), -EPERM (a file emud cannot have written:
 * not root's or this user's, or writable), or a cache error for a damaged pack. */
int emuclient_warm_pack(const char *dir, const uint8_t *image, uint64_t abi_id,
                        emuclient_warm_set **out, emuclient_warm_result *res);

/* The same for a guest that cannot see the pack directory (it reaches emud through an
 * abstract socket: $EMUD_SOCKET abstract://NAME, or unset): emud hands the pack over by
 * descriptor on the abstract socket NAME.packs; the connection (one per process, made again
 * after a fork) is kept at fd_floor or above. -ENOENT: emud has no pack of the image;
 * -ENOTCONN, -ECONNREFUSED, -EPERM (not emud's user), -EACCES (an isolated jail: its blocks
 * are not in packs): ask emud over nng instead. Needs no client handle. */
int emuclient_warm_pack_remote(const uint8_t *image, uint64_t abi_id, int fd_floor,
                               emuclient_warm_set **out, emuclient_warm_result *res);

/* Where emud publishes packs: $EMUD_PACKS ("" = nowhere), else the directory of the path
 * socket ($EMUD_SOCKET or the default) + "/packs"; NULL when there is none (abstract socket).
 * buf holds the result when it is derived. */
const char *emuclient_packs_dir(char *buf, size_t len);

/* Blocks found and rejected in this set so far. */
void emuclient_warm_set_counts(const emuclient_warm_set *s, uint32_t *found, uint32_t *rejected);

void emuclient_warm_set_free(emuclient_warm_set *s);

/* Adds blocks installed (or rejected) from warm sets to what DETACH reports to emud. */
void emuclient_count_warm(emuclient *c, uint32_t installed, uint32_t rejected);

/* Queue a locally translated block for emud (which translates it again itself: a client never
 * places host code in the cache). guest/guest_len: the bytes the translation depends on
 * (jit_set_translated_hook gives them), a multiple of 4, at most PROTO_MAX_GUEST_BYTES;
 * pc_low12 = pc & 0xfff. Copies the bytes, never blocks, never waits for emud: returns 0
 * (queued), -EAGAIN (queue full: dropped and counted), -ENOTCONN (not adopted: counted), or
 * -EINVAL. image NULL: the block is only counted as cold (code outside any image). */
int emuclient_submit(emuclient *c, const uint8_t *image, uint64_t offset, uint32_t pc_low12,
                     const void *guest, uint32_t guest_len);

/* In the child right after a fork (clone without CLONE_VM): forget the connection without
 * touching nng, locks or the queue (the parent's threads do not exist here). From then on
 * every call returns -ENOTCONN at once and emuclient_close only returns. Async-signal-safe. */
void emuclient_after_fork(emuclient *c);

/* Send what is queued, DETACH with exit_status and the warm/cold counts, disconnect and free,
 * all within close_flush_ms (then whatever is left is dropped). NULL is a no-op. */
void emuclient_close(emuclient *c, int exit_status);

/* emuclient_close for a process about to exit or exec: the same flush and DETACH, but the
 * socket, nng's threads and the client are left to the kernel (every descriptor nng makes is
 * close-on-exec). nng 1.5's nng_close can wait forever for a pipe whose task was queued but
 * never started (nanomsg/nng#1813, fixed in 1.8): a compiler under a build hung in exit_group. */
void emuclient_leave(emuclient *c, int exit_status);

typedef struct emuclient_stats {
    bool connected, adopted, shared, forked;
    uint64_t guest_id;
    uint64_t adoptions;     /* successful HELLOs (the first, and one per emud restart) */
    uint64_t connects;      /* pipes that came up */
    uint64_t warm_requests; /* WARM_GETs sent */
    uint64_t warm_failures; /* of those: timed out, refused, or answered wrongly */
    uint64_t warm_received, warm_installed, warm_rejected;    /* blocks */
    uint64_t cold_blocks;                                     /* emuclient_submit calls */
    uint64_t queued;                                          /* blocks accepted by the queue */
    uint64_t dropped_full, dropped_unconnected, dropped_send; /* blocks */
    uint64_t sent_blocks, sent_batches;                       /* SUBMITs emud answered */
    uint32_t queue_len;                                       /* blocks waiting now */
} emuclient_stats;

int emuclient_stats_get(emuclient *c, emuclient_stats *out);

/* ---- requests of tools (emuctl) ---- */

typedef struct emuclient_reply emuclient_reply;

/* Send req (its request_id is replaced) and wait up to request_timeout_ms for the reply.
 * *out owns the decoded reply: any type, ERROR included (the caller looks). */
int emuclient_call(emuclient *c, const proto_msg *req, emuclient_reply **out);
const proto_msg *emuclient_reply_msg(const emuclient_reply *r);
void emuclient_reply_free(emuclient_reply *r); /* NULL is a no-op */

/* The URL this client is connected to (or last tried); static until emuclient_close. */
const char *emuclient_url(emuclient *c);

/* Text for any code this module returns (static, never NULL). */
const char *emuclient_strerror(int err);

#endif
