/* emuproto.h — the public contract of libemuproto: every message that crosses the socket
 * between emu-exec / emuctl and emud, with explicit encoders and one strict decoder.
 *
 * @par Framing
 * A message is a 16-byte header followed by a payload, all little-endian, no padding:
 *   u32 magic "EMUP"  u16 version  u16 type  u32 payload length  u32 request id
 * nng keeps message boundaries, so one nng message carries exactly one proto message; a
 * stream transport would read the header first (proto_header_decode) to learn the length.
 * The request id is the caller's: a reply carries the id of its request.
 *
 * @par Payload conventions
 *   string: u16 n, then n bytes. n == 0 means absent (NULL); otherwise the last byte is NUL,
 *           no other byte is, and n <= PROTO_MAX_STR. So decoded strings point into the input
 *           and are ordinary C strings, with no copy.
 *   hash:   16 raw bytes.    list: u32 count, then the items.
 *   Reserved fields must be 0; unknown flag bits are refused.
 *
 * @par Versions
 * The header version must equal PROTO_VERSION, except for PROTO_ERROR whose layout is frozen
 * forever: a peer of another version can always be told why it was refused (the server
 * answers a mismatched HELLO with ERROR code PROTO_EVERSION, its own version in the header).
 *
 * @par Decoding untrusted bytes
 * proto_decode never reads outside [buf, buf+len), checks every length and count against the
 * bytes remaining and against the PROTO_MAX_* limits before using or allocating for it, and
 * refuses trailing bytes. Memory it allocates (arrays of items) is bounded by a small
 * multiple of len and is owned by the proto_msg: release it with proto_msg_release.
 * Strings and byte blobs in a decoded message point INTO buf: buf must outlive the message.
 *
 * @par Errors and threading
 * Functions return 0 or a negative code: the PROTO_E* codes below or -ENOMEM / -EINVAL.
 * proto_strerror describes them. No global state: any function may run on any thread;
 * a given proto_buf or proto_msg must be used by one thread at a time.
 */
#ifndef EMUPROTO_H
#define EMUPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROTO_MAGIC      0x50554d45u /* "EMUP" */
#define PROTO_VERSION    1
#define PROTO_HEADER_LEN 16

/* Limits enforced by encoders and decoder alike. */
#define PROTO_MAX_PAYLOAD     (64u << 20) /* bytes after the header */
#define PROTO_MAX_STR         4096        /* bytes of a string, NUL included */
#define PROTO_MAX_GUEST_BYTES 65536       /* guest code of one submitted block */
#define PROTO_MAX_RECORD      (4u << 20)  /* one block record in a warm reply */
#define PROTO_MAX_ITEMS       (1u << 20)  /* warm items, submitted blocks */
#define PROTO_MAX_SECTIONS    65536       /* stats sections */
#define PROTO_MAX_COUNTERS    4096        /* counters per stats section */
#define PROTO_MAX_GUESTS      65536       /* ps entries */
#define PROTO_MAX_IMAGES      4096        /* images per ps entry */
#define PROTO_MAX_JAILS       1024        /* registered jails */

/* Error codes (besides -ENOMEM, -EINVAL). */
#define PROTO_EMAGIC    (-4201) /* not a proto message */
#define PROTO_EVERSION  (-4202) /* protocol version not supported */
#define PROTO_ETYPE     (-4203) /* unknown message type */
#define PROTO_ETRUNC    (-4204) /* shorter than its header or its fields say */
#define PROTO_ELIMIT    (-4205) /* a length or count beyond the PROTO_MAX_* limits */
#define PROTO_ESTRING   (-4206) /* string without its NUL, or with one inside */
#define PROTO_EVALUE    (-4207) /* reserved field set, unknown flag or enum value */
#define PROTO_ETRAILING (-4208) /* bytes left over after the last field */
#define PROTO_ETOOBIG   (-4209) /* encoding: the message would pass PROTO_MAX_PAYLOAD */

const char *proto_strerror(int err); /* static text, never NULL */

enum proto_type {
    PROTO_HELLO = 1,        /* client -> server: adopt me */
    PROTO_WELCOME = 2,      /* reply to HELLO */
    PROTO_DETACH = 3,       /* client -> server: guest exits or execs; reply OK */
    PROTO_OK = 4,           /* generic success reply with one value */
    PROTO_ERROR = 5,        /* generic failure reply; frozen layout */
    PROTO_WARM_GET = 6,     /* client -> server: warm set of an image */
    PROTO_WARM_REPLY = 7,   /* reply to WARM_GET */
    PROTO_SUBMIT = 8,       /* client -> server: guest blocks to translate; reply OK (count) */
    PROTO_STATS_GET = 9,    /* emuctl -> server */
    PROTO_STATS_REPLY = 10, /* reply to STATS_GET */
    PROTO_PS_GET = 11,      /* emuctl -> server: adopted guests */
    PROTO_PS_REPLY = 12,    /* reply to PS_GET */
    PROTO_FLUSH = 13,       /* emuctl -> server; reply OK (blocks removed) or ERROR */
    PROTO_JAIL_ADD = 14,    /* emuctl -> server: record a jail; reply OK (its namespace) or ERROR */
    PROTO_JAIL_REMOVE = 15, /* emuctl -> server: forget a jail; reply OK (its flags) or ERROR */
    PROTO_JAIL_LIST = 16,   /* emuctl -> server: the recorded jails */
    PROTO_JAIL_LIST_REPLY = 17, /* reply to JAIL_LIST */
};
#define PROTO_TYPE_MAX PROTO_JAIL_LIST_REPLY

typedef struct proto_hash {
    uint8_t b[16];
} proto_hash;

/* ---- message bodies ----
 * Encoders borrow every pointer for the duration of the call. In decoded messages, strings and
 * bytes point into the decoded buffer, arrays into the message's own memory. */

typedef struct proto_hello {
    uint32_t pid;     /* as the client sees it; the server trusts the socket's credentials */
    uint32_t flags;   /* reserved: 0 */
    uint64_t abi_id;  /* the client's translator ABI id */
    const char *jail; /* jail root as the client knows it, or NULL */
    const char *exe;  /* executable path (required) */
} proto_hello;

#define PROTO_WELCOME_SHARED 1u /* the server translates for this ABI: submit and warm up */
typedef struct proto_welcome {
    uint64_t guest_id;
    uint64_t server_abi_id;
    uint32_t flags;
} proto_welcome;

typedef struct proto_detach {
    uint64_t guest_id;
    int32_t exit_status;
    uint64_t warm_blocks; /* blocks installed from the cache */
    uint64_t cold_blocks; /* blocks translated locally */
} proto_detach;

typedef struct proto_ok {
    uint64_t value; /* meaning depends on the request (blocks accepted, removed, ...) */
} proto_ok;

typedef struct proto_error {
    int32_t code;     /* negative errno-style or a module code */
    const char *text; /* may be NULL */
} proto_error;

typedef struct proto_warm_get {
    uint64_t guest_id;
    proto_hash image; /* content hash of the mapped file */
    uint64_t abi_id;
    uint32_t max_bytes; /* of records in the reply; 0 = the server's choice */
    const char *path;   /* where the image is mapped from, for statistics; may be NULL */
} proto_warm_get;

typedef struct proto_warm_item {
    uint64_t offset;       /* of the block in the image */
    const uint8_t *record; /* a block record (cache format), opaque here */
    uint32_t record_len;   /* 1..PROTO_MAX_RECORD */
} proto_warm_item;

#define PROTO_WARM_TRUNCATED 1u /* the set had more than fitted */
typedef struct proto_warm_reply {
    proto_hash image;
    uint64_t abi_id;
    uint32_t flags;
    uint32_t count;
    const proto_warm_item *items;
} proto_warm_reply;

typedef struct proto_submit_block {
    uint64_t offset;      /* of the block in the image */
    uint32_t pc_bits;     /* guest-PC bits of the translation context */
    uint32_t flags;       /* translator flags of the context */
    const uint8_t *guest; /* A64 code: a multiple of 4 bytes, 4..PROTO_MAX_GUEST_BYTES */
    uint32_t guest_len;
} proto_submit_block;

typedef struct proto_submit {
    uint64_t guest_id;
    proto_hash image;
    uint64_t abi_id;
    uint32_t count;
    const proto_submit_block *blocks;
} proto_submit;

enum proto_stats_sections {
    PROTO_STATS_SERVER = 1u << 0,
    PROTO_STATS_CACHE = 1u << 1,
    PROTO_STATS_IMAGES = 1u << 2,
    PROTO_STATS_JAILS = 1u << 3,
};
#define PROTO_STATS_ALL 0xfu

typedef struct proto_stats_get {
    uint32_t sections; /* proto_stats_sections bits; 0 = all */
} proto_stats_get;

enum proto_section_kind {
    PROTO_SECTION_SERVER = 1, /* name NULL */
    PROTO_SECTION_CACHE = 2,  /* name NULL */
    PROTO_SECTION_IMAGE = 3,  /* id = image hash, name = a path it was mapped from */
    PROTO_SECTION_JAIL = 4,   /* name = jail root */
};

typedef struct proto_counter {
    const char *name; /* required */
    uint64_t value;
} proto_counter;

typedef struct proto_stats_section {
    uint16_t kind;
    proto_hash id;
    const char *name;
    uint32_t count;
    const proto_counter *counters;
} proto_stats_section;

typedef struct proto_stats_reply {
    uint32_t count;
    const proto_stats_section *sections;
} proto_stats_reply;

typedef struct proto_ps_get {
    uint32_t flags;   /* reserved: 0 */
    const char *jail; /* only guests of this jail; NULL = all */
} proto_ps_get;

typedef struct proto_image_ref {
    proto_hash id;
    const char *path;
} proto_image_ref;

typedef struct proto_guest {
    uint64_t guest_id;
    uint32_t pid, uid;
    uint64_t start_time_ns; /* CLOCK_REALTIME */
    uint64_t warm_blocks, cold_blocks;
    const char *jail, *exe;
    uint32_t nimages;
    const proto_image_ref *images;
} proto_guest;

typedef struct proto_ps_reply {
    uint32_t count;
    const proto_guest *guests;
} proto_ps_reply;

enum proto_flush_scope {
    PROTO_FLUSH_ALL = 1,   /* image zero, jail NULL */
    PROTO_FLUSH_IMAGE = 2, /* image given, jail NULL */
    PROTO_FLUSH_JAIL = 3,  /* image zero, jail given */
};

typedef struct proto_flush {
    uint16_t scope;
    proto_hash image;
    const char *jail;
} proto_flush;

/* Jails: chroots (or mount namespaces) whose guests emud counts apart and, when isolated,
 * serves from a cache namespace of their own. A root is an absolute path as emud sees it
 * (the readlink of /proc/PID/root of a guest inside). */
#define PROTO_JAIL_ISOLATED 1u /* own cache namespace: shares no block with other jails */
#define PROTO_JAIL_BIND     2u /* emuctl bind-mounted the socket directory into it */
#define PROTO_JAIL_FLAGS    (PROTO_JAIL_ISOLATED | PROTO_JAIL_BIND)

typedef struct proto_jail_add {
    uint32_t flags;   /* PROTO_JAIL_* */
    const char *root; /* required, starts with '/' */
} proto_jail_add;

typedef struct proto_jail_remove {
    uint32_t flags;   /* reserved: 0 */
    const char *root; /* required, starts with '/' */
} proto_jail_remove;

typedef struct proto_jail_list {
    uint32_t flags; /* reserved: 0 */
} proto_jail_list;

typedef struct proto_jail_info {
    uint32_t flags;    /* PROTO_JAIL_* */
    uint32_t ns;       /* cache namespace: non-zero exactly when PROTO_JAIL_ISOLATED */
    uint64_t added_ns; /* CLOCK_REALTIME */
    uint64_t guests;   /* adopted guests inside it now */
    const char *root;  /* required, starts with '/' */
} proto_jail_info;

typedef struct proto_jail_list_reply {
    uint32_t count; /* <= PROTO_MAX_JAILS */
    const proto_jail_info *jails;
} proto_jail_list_reply;

/* Any message. type selects the member of u. */
typedef struct proto_msg {
    uint16_t type;
    uint16_t version;    /* decoded: as received */
    uint32_t request_id; /* decoded: as received; encode: see proto_encode */
    union {
        proto_hello hello;
        proto_welcome welcome;
        proto_detach detach;
        proto_ok ok;
        proto_error error;
        proto_warm_get warm_get;
        proto_warm_reply warm_reply;
        proto_submit submit;
        proto_stats_get stats_get;
        proto_stats_reply stats_reply;
        proto_ps_get ps_get;
        proto_ps_reply ps_reply;
        proto_flush flush;
        proto_jail_add jail_add;
        proto_jail_remove jail_remove;
        proto_jail_list jail_list;
        proto_jail_list_reply jail_list_reply;
    } u;
    void *arena_; /* private: memory of decoded arrays */
} proto_msg;

/* ---- growable output buffer ---- */

typedef struct proto_buf {
    uint8_t *data;
    size_t len, cap;
} proto_buf;

void proto_buf_init(proto_buf *b);
void proto_buf_reset(proto_buf *b); /* len = 0, keeps the memory */
void proto_buf_free(proto_buf *b);

/* ---- encoding ----
 * Each encoder appends one whole message to out (several may be appended in a row) and
 * validates what it writes by the rules the decoder applies (so whatever encodes, decodes).
 * On error out is left as it was: -EINVAL (bad argument, string too long, bad enum),
 * PROTO_ELIMIT, PROTO_ETOOBIG, -ENOMEM. */

int proto_encode_hello(proto_buf *out, uint32_t req, const proto_hello *m);
int proto_encode_welcome(proto_buf *out, uint32_t req, const proto_welcome *m);
int proto_encode_detach(proto_buf *out, uint32_t req, const proto_detach *m);
int proto_encode_ok(proto_buf *out, uint32_t req, const proto_ok *m);
int proto_encode_error(proto_buf *out, uint32_t req, const proto_error *m);
int proto_encode_warm_get(proto_buf *out, uint32_t req, const proto_warm_get *m);
int proto_encode_warm_reply(proto_buf *out, uint32_t req, const proto_warm_reply *m);
int proto_encode_submit(proto_buf *out, uint32_t req, const proto_submit *m);
int proto_encode_stats_get(proto_buf *out, uint32_t req, const proto_stats_get *m);
int proto_encode_stats_reply(proto_buf *out, uint32_t req, const proto_stats_reply *m);
int proto_encode_ps_get(proto_buf *out, uint32_t req, const proto_ps_get *m);
int proto_encode_ps_reply(proto_buf *out, uint32_t req, const proto_ps_reply *m);
int proto_encode_flush(proto_buf *out, uint32_t req, const proto_flush *m);
int proto_encode_jail_add(proto_buf *out, uint32_t req, const proto_jail_add *m);
int proto_encode_jail_remove(proto_buf *out, uint32_t req, const proto_jail_remove *m);
int proto_encode_jail_list(proto_buf *out, uint32_t req, const proto_jail_list *m);
int proto_encode_jail_list_reply(proto_buf *out, uint32_t req, const proto_jail_list_reply *m);

/* Encode m->u according to m->type with m->request_id (PROTO_ETYPE for an unknown type). */
int proto_encode(proto_buf *out, const proto_msg *m);

/* Incremental lists, for WARM_REPLY and SUBMIT built item by item (a server streaming a warm
 * set out of the cache, a client queueing blocks) without an item array. Between begin and
 * end nothing else may be appended to the buffer. add refuses an item that would take the
 * payload past max_payload (0 = PROTO_MAX_PAYLOAD) with PROTO_ETOOBIG, leaving the list as it
 * was; for WARM_REPLY, end then sets PROTO_WARM_TRUNCATED. Abandoning a list: proto_list_abort
 * takes the partial message out of the buffer. */
typedef struct proto_list {
    proto_buf *buf;
    size_t start;    /* of the message in buf */
    size_t count_at; /* of its u32 count */
    size_t max_payload;
    uint32_t count;
    uint16_t type;
    bool refused;
} proto_list;

int proto_warm_reply_begin(proto_list *l, proto_buf *out, uint32_t req, const proto_hash *image,
                           uint64_t abi_id, uint32_t flags, size_t max_payload);
int proto_warm_reply_add(proto_list *l, const proto_warm_item *item);
int proto_submit_begin(proto_list *l, proto_buf *out, uint32_t req, uint64_t guest_id,
                       const proto_hash *image, uint64_t abi_id, size_t max_payload);
int proto_submit_add(proto_list *l, const proto_submit_block *block);
int proto_list_end(proto_list *l);
void proto_list_abort(proto_list *l);

/* ---- decoding ---- */

typedef struct proto_header {
    uint32_t magic;
    uint16_t version;
    uint16_t type;
    uint32_t length; /* of the payload */
    uint32_t request_id;
} proto_header;

/* Check the header at buf (len >= PROTO_HEADER_LEN): magic, version (any for ERROR), known
 * type, length <= PROTO_MAX_PAYLOAD. Does not look at the payload. */
int proto_header_decode(const void *buf, size_t len, proto_header *out);

/* Decode exactly one message occupying all of buf[0..len). On success out holds the message
 * (release it with proto_msg_release); on error out holds nothing that needs releasing. */
int proto_decode(const void *buf, size_t len, proto_msg *out);

void proto_msg_release(proto_msg *m); /* frees decoded arrays; NULL and repeats are fine */

/* A name for a message type ("HELLO", ...), or "?" for an unknown one. */
const char *proto_type_name(uint16_t type);

/* ---- pack descriptors ----------------------------------------------------------------
 * A guest in a chroot that cannot see emud's pack directory (it reaches emud through the
 * abstract socket) asks for a pack by descriptor instead: a SOCK_SEQPACKET connection to the
 * abstract name of emud's nng socket + PROTO_PACKFD_SUFFIX ("emud.packs"), one request per
 * image. Request: magic, 0, image (16), abi_id (u64). Reply: magic, status (0 or -errno, as
 * i32), and when 0 the pack file's descriptor (SCM_RIGHTS). Little-endian, fixed sizes. */
#define PROTO_PACKFD_SUFFIX  ".packs"
#define PROTO_PACKFD_MAGIC   0x4b504d45u /* "EMPK" */
#define PROTO_PACKFD_REQ_LEN 32
#define PROTO_PACKFD_REP_LEN 8

struct sockaddr_un;
/* The socket address of emud's pack descriptors beside the abstract name (without
 * "abstract://"): 0 and *len, or -ENAMETOOLONG (or -EINVAL for an empty name). */
int proto_packfd_addr(const char *name, struct sockaddr_un *addr, size_t *len);
void proto_packfd_req_encode(uint8_t out[PROTO_PACKFD_REQ_LEN], const proto_hash *image,
                             uint64_t abi_id);
/* 0, PROTO_ETRUNC (other length), PROTO_EMAGIC, PROTO_EVALUE (reserved field set). */
int proto_packfd_req_decode(const uint8_t *in, size_t len, proto_hash *image, uint64_t *abi_id);
void proto_packfd_rep_encode(uint8_t out[PROTO_PACKFD_REP_LEN], int32_t status);
/* 0, PROTO_ETRUNC, PROTO_EMAGIC, PROTO_EVALUE (a positive status). */
int proto_packfd_rep_decode(const uint8_t *in, size_t len, int32_t *status);

#endif
