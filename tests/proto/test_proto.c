/* test_proto.c — libemuproto: round trips of every message, list builders, and every class
 * of malformed input the decoder must refuse (header, lengths, strings, counts, values). */
#include "samples.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

static proto_buf buf, buf2;

static void setup(void) {
    proto_buf_init(&buf);
    proto_buf_init(&buf2);
}
static void teardown(void) {
    proto_buf_free(&buf);
    proto_buf_free(&buf2);
}
TestSuite(proto, .init = setup, .fini = teardown);

static void encode_sample(uint16_t t) {
    proto_msg m;
    sample_msg(t, &m);
    proto_buf_reset(&buf);
    int rc = proto_encode(&buf, &m);
    cr_assert_eq(rc, 0, "%s: %s", proto_type_name(t), proto_strerror(rc));
}

static void put32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; i++)
        buf.data[at + i] = (uint8_t)(v >> (8 * i));
}
static void put16(size_t at, uint16_t v) {
    buf.data[at] = (uint8_t)v;
    buf.data[at + 1] = (uint8_t)(v >> 8);
}

static int decode_buf(void) {
    proto_msg m;
    int rc = proto_decode(buf.data, buf.len, &m);
    if (rc == 0) proto_msg_release(&m);
    return rc;
}

Test(proto, every_type_round_trips_byte_exact) {
    for (uint16_t t = 1; t <= PROTO_TYPE_MAX; t++) {
        encode_sample(t);
        proto_msg d;
        int rc = proto_decode(buf.data, buf.len, &d);
        cr_assert_eq(rc, 0, "%s: %s", proto_type_name(t), proto_strerror(rc));
        cr_assert_eq(d.type, t);
        cr_assert_eq(d.version, PROTO_VERSION);
        cr_assert_eq(d.request_id, 0x1000u + t);
        proto_buf_reset(&buf2);
        cr_assert_eq(proto_encode(&buf2, &d), 0);
        cr_assert_eq(buf2.len, buf.len, "%s", proto_type_name(t));
        cr_assert_arr_eq(buf2.data, buf.data, buf.len, "%s", proto_type_name(t));
        proto_msg_release(&d);
        proto_msg_release(&d); /* repeat is harmless */
    }
}

Test(proto, decoded_fields) {
    proto_msg d;
    encode_sample(PROTO_HELLO);
    cr_assert_eq(proto_decode(buf.data, buf.len, &d), 0);
    cr_assert_eq(d.u.hello.pid, 4242);
    cr_assert_str_eq(d.u.hello.exe, "/usr/bin/make");
    cr_assert_str_eq(d.u.hello.jail, "/srv/jail");
    proto_msg_release(&d);

    encode_sample(PROTO_WARM_REPLY);
    cr_assert_eq(proto_decode(buf.data, buf.len, &d), 0);
    cr_assert_eq(d.u.warm_reply.count, 3);
    cr_assert_eq(d.u.warm_reply.items[1].offset, 0x2040);
    cr_assert_eq(d.u.warm_reply.items[1].record_len, 7);
    cr_assert_arr_eq(d.u.warm_reply.items[1].record, sample_record[1], 7);
    proto_msg_release(&d);

    encode_sample(PROTO_PS_REPLY);
    cr_assert_eq(proto_decode(buf.data, buf.len, &d), 0);
    cr_assert_eq(d.u.ps_reply.guests[0].nimages, 2);
    cr_assert_str_eq(d.u.ps_reply.guests[0].images[0].path, "/bin/sh");
    cr_assert_null(d.u.ps_reply.guests[0].images[1].path);
    cr_assert_null(d.u.ps_reply.guests[1].exe);
    proto_msg_release(&d);

    encode_sample(PROTO_WARM_GET);
    cr_assert_eq(proto_decode(buf.data, buf.len, &d), 0);
    cr_assert_str_eq(d.u.warm_get.path, "", "empty string is not absent");
    proto_msg_release(&d);

    encode_sample(PROTO_DETACH);
    cr_assert_eq(proto_decode(buf.data, buf.len, &d), 0);
    cr_assert_eq(d.u.detach.exit_status, -9);
    proto_msg_release(&d);
}

Test(proto, several_messages_in_one_buffer) {
    proto_msg m;
    for (uint16_t t = 1; t <= PROTO_TYPE_MAX; t++) {
        sample_msg(t, &m);
        cr_assert_eq(proto_encode(&buf, &m), 0);
    }
    size_t off = 0;
    for (uint16_t t = 1; t <= PROTO_TYPE_MAX; t++) {
        proto_header h;
        cr_assert_eq(proto_header_decode(buf.data + off, buf.len - off, &h), 0);
        cr_assert_eq(h.type, t);
        proto_msg d;
        cr_assert_eq(proto_decode(buf.data + off, PROTO_HEADER_LEN + h.length, &d), 0);
        proto_msg_release(&d);
        off += PROTO_HEADER_LEN + h.length;
    }
    cr_assert_eq(off, buf.len);
}

Test(proto, header_classes) {
    encode_sample(PROTO_OK);
    buf.data[0] ^= 1;
    cr_assert_eq(decode_buf(), PROTO_EMAGIC);
    encode_sample(PROTO_OK);
    put16(4, 2);
    cr_assert_eq(decode_buf(), PROTO_EVERSION);
    encode_sample(PROTO_ERROR);
    put16(4, 9); /* ERROR's layout is frozen: any version decodes */
    proto_msg d;
    cr_assert_eq(proto_decode(buf.data, buf.len, &d), 0);
    cr_assert_eq(d.version, 9);
    cr_assert_eq(d.u.error.code, -22);
    proto_msg_release(&d);
    encode_sample(PROTO_OK);
    put16(6, 0);
    cr_assert_eq(decode_buf(), PROTO_ETYPE);
    put16(6, PROTO_TYPE_MAX + 1);
    cr_assert_eq(decode_buf(), PROTO_ETYPE);
    encode_sample(PROTO_OK);
    put32(8, PROTO_MAX_PAYLOAD + 1);
    cr_assert_eq(decode_buf(), PROTO_ELIMIT);
    encode_sample(PROTO_OK);
    put32(8, 9); /* says more than there is */
    cr_assert_eq(decode_buf(), PROTO_ETRUNC);
    encode_sample(PROTO_OK);
    put32(8, 7); /* says less than there is */
    cr_assert_eq(decode_buf(), PROTO_ETRAILING);
    cr_assert_eq(proto_decode(buf.data, 15, &d), PROTO_ETRUNC);
    cr_assert_eq(proto_decode(NULL, 0, &d), -EINVAL);
}

Test(proto, every_truncation_refused) {
    for (uint16_t t = 1; t <= PROTO_TYPE_MAX; t++) {
        encode_sample(t);
        size_t full = buf.len;
        for (size_t n = 0; n < full; n++) {
            proto_msg d;
            cr_assert_neq(proto_decode(buf.data, n, &d), 0, "%s len %zu", proto_type_name(t), n);
            /* The header agreeing with the shorter length: the body is what is cut. */
            if (n >= PROTO_HEADER_LEN) {
                put32(8, (uint32_t)(n - PROTO_HEADER_LEN));
                int rc = proto_decode(buf.data, n, &d);
                cr_assert(rc == PROTO_ETRUNC || rc == PROTO_ELIMIT || rc == PROTO_EVALUE,
                          "%s body %zu: %s", proto_type_name(t), n, proto_strerror(rc));
                put32(8, (uint32_t)(full - PROTO_HEADER_LEN));
            }
        }
    }
}

Test(proto, trailing_payload_bytes_refused) {
    for (uint16_t t = 1; t <= PROTO_TYPE_MAX; t++) {
        proto_msg m;
        sample_msg(t, &m);
        proto_buf_reset(&buf);
        cr_assert_eq(proto_encode(&buf, &m), 0);
        /* One more message appended: its first byte, claimed by the first header. */
        cr_assert_eq(proto_encode(&buf, &m), 0);
        size_t first = buf.len / 2;
        put32(8, (uint32_t)(first + 1 - PROTO_HEADER_LEN));
        proto_msg d;
        cr_assert_eq(proto_decode(buf.data, first + 1, &d), PROTO_ETRAILING, "%s",
                     proto_type_name(t));
    }
}

/* Offsets below are payload offsets of the sample messages (header is 16 bytes). */
#define P(x) (PROTO_HEADER_LEN + (x))

Test(proto, string_classes) {
    /* HELLO: pid 4, flags 4, abi 8, then jail string length at 16. */
    encode_sample(PROTO_HELLO);
    size_t jail = P(16), n = strlen("/srv/jail") + 1;
    buf.data[jail + 2 + n - 1] = 'x'; /* no NUL */
    cr_assert_eq(decode_buf(), PROTO_ESTRING);
    encode_sample(PROTO_HELLO);
    buf.data[jail + 2 + 3] = 0; /* NUL inside */
    cr_assert_eq(decode_buf(), PROTO_ESTRING);
    encode_sample(PROTO_HELLO);
    put16(jail, PROTO_MAX_STR + 1);
    cr_assert_eq(decode_buf(), PROTO_ELIMIT);
    encode_sample(PROTO_HELLO);
    put16(jail, 0xffff);
    cr_assert_eq(decode_buf(), PROTO_ELIMIT);

    /* exe is required: encode refuses NULL, decode refuses absent. */
    proto_msg m;
    sample_msg(PROTO_HELLO, &m);
    m.u.hello.exe = NULL;
    proto_buf_reset(&buf);
    cr_assert_eq(proto_encode(&buf, &m), -EINVAL);
    cr_assert_eq(buf.len, 0, "rolled back");
    m.u.hello.exe = "";
    m.u.hello.jail = NULL;
    cr_assert_eq(proto_encode(&buf, &m), 0);
    size_t exe = P(16) + 2; /* jail absent: 2 bytes */
    put16(exe, 0);
    put32(8, (uint32_t)(buf.len - PROTO_HEADER_LEN - 1));
    buf.len -= 1;
    cr_assert_eq(decode_buf(), PROTO_EVALUE);

    char *longs = malloc(PROTO_MAX_STR + 1);
    memset(longs, 'a', PROTO_MAX_STR);
    longs[PROTO_MAX_STR - 1] = 0; /* 4095 chars + NUL: the longest allowed */
    m.u.hello.exe = longs;
    proto_buf_reset(&buf);
    cr_assert_eq(proto_encode(&buf, &m), 0);
    cr_assert_eq(decode_buf(), 0);
    longs[PROTO_MAX_STR - 1] = 'a';
    longs[PROTO_MAX_STR] = 0;
    proto_buf_reset(&buf);
    cr_assert_eq(proto_encode(&buf, &m), -EINVAL);
    free(longs);
}

Test(proto, count_classes) {
    /* WARM_REPLY: hash 16, abi 8, flags 4, count at 28, items from 32. */
    encode_sample(PROTO_WARM_REPLY);
    put32(P(28), 4); /* one more item than present */
    cr_assert_eq(decode_buf(), PROTO_ETRUNC);
    put32(P(28), PROTO_MAX_ITEMS + 1);
    cr_assert_eq(decode_buf(), PROTO_ELIMIT);
    put32(P(28), 0xffffffffu);
    cr_assert_eq(decode_buf(), PROTO_ELIMIT);
    put32(P(28), 2); /* fewer: the third item is left over */
    cr_assert_eq(decode_buf(), PROTO_ETRAILING);

    encode_sample(PROTO_WARM_REPLY);
    put32(P(32 + 8), 0); /* record length 0 */
    cr_assert_eq(decode_buf(), PROTO_ELIMIT);
    put32(P(32 + 8), PROTO_MAX_RECORD + 1);
    cr_assert_eq(decode_buf(), PROTO_ELIMIT);
    put32(P(32 + 8), 10000); /* past the end */
    cr_assert_eq(decode_buf(), PROTO_ETRUNC);

    /* STATS_REPLY: count at 0; first section: kind 2, rsv 2, hash 16, name (absent) 2, count. */
    encode_sample(PROTO_STATS_REPLY);
    put32(P(4 + 22), PROTO_MAX_COUNTERS + 1);
    cr_assert_eq(decode_buf(), PROTO_ELIMIT);
    encode_sample(PROTO_STATS_REPLY);
    put32(P(0), PROTO_MAX_SECTIONS + 1);
    cr_assert_eq(decode_buf(), PROTO_ELIMIT);
    encode_sample(PROTO_PS_REPLY);
    put32(P(0), 1000);
    cr_assert_eq(decode_buf(), PROTO_ETRUNC);
}

Test(proto, value_classes) {
    encode_sample(PROTO_HELLO);
    put32(P(4), 1); /* flags reserved */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_WELCOME);
    put32(P(16), 2); /* unknown flag */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_WELCOME);
    put32(P(20), 1); /* reserved */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_DETACH);
    put32(P(12), 1);
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_WARM_GET);
    put32(P(36), 1);
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_WARM_REPLY);
    put32(P(24), 2);
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_STATS_GET);
    put32(P(0), 0x10);
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_STATS_REPLY);
    put16(P(4), 9); /* section kind */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_PS_GET);
    put32(P(0), 1);
    cr_assert_eq(decode_buf(), PROTO_EVALUE);

    /* SUBMIT: guest 8, hash 16, abi 8, count 4, rsv 4, block: off 8, pc 4, flags 4, len. */
    encode_sample(PROTO_SUBMIT);
    put32(P(36), 1);
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_SUBMIT);
    put32(P(40 + 16), 6); /* not a whole number of instructions */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    put32(P(40 + 16), 0);
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    put32(P(40 + 16), PROTO_MAX_GUEST_BYTES + 4);
    cr_assert_eq(decode_buf(), PROTO_ELIMIT);

    /* FLUSH: scope 2, rsv 2, hash 16, jail. */
    encode_sample(PROTO_FLUSH);
    put16(P(0), 0);
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    put16(P(0), 4);
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    put16(P(0), PROTO_FLUSH_ALL); /* ALL with an image */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    put16(P(0), PROTO_FLUSH_JAIL); /* JAIL without a jail */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_FLUSH);
    put16(P(2), 1);
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
}

Test(proto, encoders_refuse_what_decoder_refuses) {
    proto_buf_reset(&buf);
    proto_flush f = {PROTO_FLUSH_JAIL, {{0}}, NULL};
    cr_assert_eq(proto_encode_flush(&buf, 1, &f), -EINVAL);
    f = (proto_flush){PROTO_FLUSH_ALL, {{1}}, NULL};
    cr_assert_eq(proto_encode_flush(&buf, 1, &f), -EINVAL);
    f = (proto_flush){PROTO_FLUSH_JAIL, {{0}}, "/j"};
    cr_assert_eq(proto_encode_flush(&buf, 1, &f), 0);
    size_t keep = buf.len;

    proto_submit_block b = {0, 0, 0, sample_guest[0], 6};
    proto_submit s = {1, {{0}}, 1, 1, &b};
    cr_assert_eq(proto_encode_submit(&buf, 2, &s), -EINVAL);
    proto_welcome w = {1, 1, 4};
    cr_assert_eq(proto_encode_welcome(&buf, 3, &w), -EINVAL);
    proto_stats_section sec = {7, {{0}}, NULL, 0, NULL};
    proto_stats_reply sr = {1, &sec};
    cr_assert_eq(proto_encode_stats_reply(&buf, 4, &sr), -EINVAL);
    proto_counter cnt = {NULL, 1};
    sec = (proto_stats_section){PROTO_SECTION_CACHE, {{0}}, NULL, 1, &cnt};
    cr_assert_eq(proto_encode_stats_reply(&buf, 4, &sr), -EINVAL);
    proto_warm_item it = {0, sample_record[0], 0};
    proto_warm_reply wr = {{{0}}, 1, 0, 1, &it};
    cr_assert_eq(proto_encode_warm_reply(&buf, 5, &wr), -EINVAL);
    proto_msg m = {.type = 99};
    cr_assert_eq(proto_encode(&buf, &m), PROTO_ETYPE);
    cr_assert_eq(buf.len, keep, "failed encoders leave the buffer as it was");
    cr_assert_eq(decode_buf(), 0);
}

Test(proto, list_builders_and_truncation) {
    proto_list l;
    proto_hash img = {{0xaa}};
    cr_assert_eq(proto_warm_reply_begin(&l, &buf, 9, &img, 5, 0, 200), 0);
    int added = 0, rc;
    for (int i = 0; i < 100; i++) {
        proto_warm_item it = {(uint64_t)i * 4, sample_record[0], 40};
        if ((rc = proto_warm_reply_add(&l, &it)) == 0)
            added++;
        else
            cr_assert_eq(rc, PROTO_ETOOBIG);
    }
    cr_assert_eq(proto_list_end(&l), 0);
    cr_assert_eq(added, (200 - 32) / (12 + 40));
    proto_msg d;
    cr_assert_eq(proto_decode(buf.data, buf.len, &d), 0);
    cr_assert_eq(d.u.warm_reply.count, (uint32_t)added);
    cr_assert_eq(d.u.warm_reply.flags, PROTO_WARM_TRUNCATED);
    cr_assert_eq(d.u.warm_reply.items[2].offset, 8);
    proto_msg_release(&d);

    proto_buf_reset(&buf);
    cr_assert_eq(proto_submit_begin(&l, &buf, 10, 77, &img, 5, 0), 0);
    for (int i = 0; i < 50; i++) {
        proto_submit_block b = {(uint64_t)i * 16, (uint32_t)i * 16 & 0xfff, 0, sample_guest[0], 16};
        cr_assert_eq(proto_submit_add(&l, &b), 0);
    }
    proto_submit_block bad = {0, 0, 0, sample_guest[0], 5};
    cr_assert_eq(proto_submit_add(&l, &bad), -EINVAL);
    cr_assert_eq(proto_list_end(&l), 0);
    cr_assert_eq(proto_decode(buf.data, buf.len, &d), 0);
    cr_assert_eq(d.u.submit.count, 50);
    cr_assert_eq(d.u.submit.blocks[49].offset, 49 * 16);
    proto_msg_release(&d);

    proto_buf_reset(&buf);
    encode_sample(PROTO_OK);
    size_t keep = buf.len;
    cr_assert_eq(proto_submit_begin(&l, &buf, 11, 1, &img, 1, 0), 0);
    proto_submit_block b = {0, 0, 0, sample_guest[0], 16};
    cr_assert_eq(proto_submit_add(&l, &b), 0);
    proto_list_abort(&l);
    cr_assert_eq(buf.len, keep);
    cr_assert_eq(decode_buf(), 0);
}

Test(proto, payload_limit_enforced_when_encoding) {
    uint8_t *big = calloc(1, PROTO_MAX_RECORD);
    cr_assert(big);
    proto_warm_item items[17];
    for (int i = 0; i < 17; i++)
        items[i] = (proto_warm_item){(uint64_t)i, big, PROTO_MAX_RECORD};
    proto_warm_reply wr = {{{0}}, 1, 0, 17, items};
    cr_assert_eq(proto_encode_warm_reply(&buf, 1, &wr), PROTO_ETOOBIG);
    cr_assert_eq(buf.len, 0);
    wr.count = 15;
    cr_assert_eq(proto_encode_warm_reply(&buf, 1, &wr), 0);
    cr_assert_eq(decode_buf(), 0);
    items[0].record_len = PROTO_MAX_RECORD + 1;
    proto_buf_reset(&buf);
    cr_assert_eq(proto_encode_warm_reply(&buf, 1, &wr), PROTO_ELIMIT);
    free(big);
}

/* Random damage to every sample: never a crash, and whatever decodes re-encodes to the same
 * bytes (the decoder accepts only canonical messages). */
Test(proto, random_mutations_decode_or_refuse) {
    uint64_t s = 0x9e3779b97f4a7c15ull;
    int accepted = 0, refused = 0;
    for (uint16_t t = 1; t <= PROTO_TYPE_MAX; t++) {
        encode_sample(t);
        uint8_t *orig = malloc(buf.len);
        memcpy(orig, buf.data, buf.len);
        for (int round = 0; round < 3000; round++) {
            memcpy(buf.data, orig, buf.len);
            int flips = 1 + (int)(s % 4);
            for (int f = 0; f < flips; f++) {
                s ^= s << 13, s ^= s >> 7, s ^= s << 17;
                buf.data[PROTO_HEADER_LEN + s % (buf.len - PROTO_HEADER_LEN)] ^= (uint8_t)(s >> 32);
            }
            proto_msg d;
            if (proto_decode(buf.data, buf.len, &d) != 0) {
                refused++;
                continue;
            }
            accepted++;
            proto_buf_reset(&buf2);
            cr_assert_eq(proto_encode(&buf2, &d), 0, "%s round %d", proto_type_name(t), round);
            cr_assert_eq(buf2.len, buf.len);
            cr_assert_arr_eq(buf2.data, buf.data, buf.len);
            proto_msg_release(&d);
        }
        free(orig);
    }
    cr_log_info("mutations: %d accepted, %d refused", accepted, refused);
    cr_assert_gt(refused, 0);
    cr_assert_gt(accepted, 0);
}

Test(proto, names_and_errors) {
    cr_assert_str_eq(proto_type_name(PROTO_WARM_GET), "WARM_GET");
    cr_assert_str_eq(proto_type_name(0), "?");
    cr_assert_str_eq(proto_type_name(200), "?");
    int codes[] = {0,
                   PROTO_EMAGIC,
                   PROTO_EVERSION,
                   PROTO_ETYPE,
                   PROTO_ETRUNC,
                   PROTO_ELIMIT,
                   PROTO_ESTRING,
                   PROTO_EVALUE,
                   PROTO_ETRAILING,
                   PROTO_ETOOBIG,
                   -ENOMEM,
                   -EINVAL};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        cr_assert_str_neq(proto_strerror(codes[i]), "proto: unknown error");
    cr_assert_str_eq(proto_strerror(12345), "proto: unknown error");
}

Test(proto, jail_classes) {
    /* JAIL_ADD: flags 4, root. */
    encode_sample(PROTO_JAIL_ADD);
    put32(P(0), 4); /* unknown flag */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_JAIL_ADD);
    buf.data[P(6)] = 's'; /* "ssrv/jail": not absolute */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_JAIL_REMOVE);
    put32(P(0), PROTO_JAIL_ISOLATED); /* reserved on remove */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_JAIL_LIST);
    put32(P(0), 1);
    cr_assert_eq(decode_buf(), PROTO_EVALUE);

    /* JAIL_LIST_REPLY: count, then flags 4, ns 4, added 8, guests 8, root. */
    encode_sample(PROTO_JAIL_LIST_REPLY);
    put32(P(4 + 4), 7); /* shared jail with a namespace */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_JAIL_LIST_REPLY);
    put32(P(4), PROTO_JAIL_ISOLATED); /* isolated jail without one */
    cr_assert_eq(decode_buf(), PROTO_EVALUE);
    encode_sample(PROTO_JAIL_LIST_REPLY);
    put32(P(0), PROTO_MAX_JAILS + 1);
    cr_assert_eq(decode_buf(), PROTO_ELIMIT);
    put32(P(0), 4);
    cr_assert_eq(decode_buf(), PROTO_ETRUNC);
    encode_sample(PROTO_JAIL_LIST_REPLY);
    put16(P(4 + 24), 0); /* root absent */
    cr_assert_neq(decode_buf(), 0);

    proto_buf_reset(&buf);
    proto_jail_add a = {0, "relative"};
    cr_assert_eq(proto_encode_jail_add(&buf, 1, &a), -EINVAL);
    a = (proto_jail_add){8, "/j"};
    cr_assert_eq(proto_encode_jail_add(&buf, 1, &a), -EINVAL);
    proto_jail_info ji = {PROTO_JAIL_ISOLATED, 0, 0, 0, "/j"};
    proto_jail_list_reply lr = {1, &ji};
    cr_assert_eq(proto_encode_jail_list_reply(&buf, 1, &lr), -EINVAL);
    ji.ns = 5;
    cr_assert_eq(proto_encode_jail_list_reply(&buf, 1, &lr), 0);
    cr_assert_eq(decode_buf(), 0);
}

/* ---- pack descriptors ---- */

Test(packfd, request_round_trip) {
    proto_hash img, back;
    for (int i = 0; i < 16; i++)
        img.b[i] = (uint8_t)(0xa0 + i);
    uint8_t req[PROTO_PACKFD_REQ_LEN];
    proto_packfd_req_encode(req, &img, 0x0123456789abcdefull);
    uint64_t abi = 0;
    cr_assert_eq(proto_packfd_req_decode(req, sizeof req, &back, &abi), 0);
    cr_assert_eq(abi, 0x0123456789abcdefull);
    cr_assert_arr_eq(back.b, img.b, 16);
}

Test(packfd, malformed_requests_refused) {
    proto_hash img = {{0}}, back;
    uint8_t req[PROTO_PACKFD_REQ_LEN + 1];
    uint64_t abi;
    proto_packfd_req_encode(req, &img, 1);
    cr_assert_eq(proto_packfd_req_decode(req, PROTO_PACKFD_REQ_LEN - 1, &back, &abi), PROTO_ETRUNC);
    cr_assert_eq(proto_packfd_req_decode(req, PROTO_PACKFD_REQ_LEN + 1, &back, &abi), PROTO_ETRUNC);
    req[4] = 1; /* reserved */
    cr_assert_eq(proto_packfd_req_decode(req, PROTO_PACKFD_REQ_LEN, &back, &abi), PROTO_EVALUE);
    req[4] = 0;
    req[0] ^= 0xff;
    cr_assert_eq(proto_packfd_req_decode(req, PROTO_PACKFD_REQ_LEN, &back, &abi), PROTO_EMAGIC);
}

Test(packfd, replies) {
    uint8_t rep[PROTO_PACKFD_REP_LEN];
    int32_t st = 1;
    proto_packfd_rep_encode(rep, 0);
    cr_assert_eq(proto_packfd_rep_decode(rep, sizeof rep, &st), 0);
    cr_assert_eq(st, 0);
    proto_packfd_rep_encode(rep, -2);
    cr_assert_eq(proto_packfd_rep_decode(rep, sizeof rep, &st), 0);
    cr_assert_eq(st, -2);
    proto_packfd_rep_encode(rep, 5); /* statuses are 0 or -errno */
    cr_assert_eq(proto_packfd_rep_decode(rep, sizeof rep, &st), PROTO_EVALUE);
    cr_assert_eq(proto_packfd_rep_decode(rep, 4, &st), PROTO_ETRUNC);
}

Test(packfd, abstract_address) {
    struct sockaddr_un a;
    size_t len;
    cr_assert_eq(proto_packfd_addr("emud", &a, &len), 0);
    cr_assert_eq(a.sun_family, AF_UNIX);
    cr_assert_eq(a.sun_path[0], 0);
    cr_assert_eq(memcmp(a.sun_path + 1, "emud.packs", 10), 0);
    cr_assert_eq(len, offsetof(struct sockaddr_un, sun_path) + 11);
    char long_name[200];
    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = 0;
    cr_assert_eq(proto_packfd_addr(long_name, &a, &len), -ENAMETOOLONG);
    cr_assert_eq(proto_packfd_addr("", &a, &len), -EINVAL);
}
