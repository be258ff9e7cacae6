/* fuzz_proto.c — libFuzzer target for libemuproto's decoder: any bytes either decode or are
 * refused; whatever decodes must re-encode to exactly the same bytes (canonical form). */
#include "emuproto.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    proto_header h;
    (void)proto_header_decode(data, size, &h);

    proto_msg m;
    if (proto_decode(data, size, &m) != 0) return 0;
    proto_buf b;
    proto_buf_init(&b);
    if (proto_encode(&b, &m) != 0) abort();
    /* ERROR decodes whatever its version; the encoder writes the current one. */
    if (m.type == PROTO_ERROR && b.len >= 6) memcpy(b.data + 4, data + 4, 2);
    if (b.len != size || memcmp(b.data, data, size) != 0) abort();
    proto_buf_free(&b);
    proto_msg_release(&m);
    return 0;
}
