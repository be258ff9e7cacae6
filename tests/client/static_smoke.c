/* static_smoke.c — links libemuclient into a -static-pie program, as emu-exec does, and runs
 * the offline path: open without emud, submit, close. Exit 0 on success. */
#include "emuclient.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    emuclient_identity id = {.pid = (uint32_t)getpid(), .abi_id = 1, .jail = "/", .exe = "smoke"};
    emuclient_options o = {.socket = "ipc:///nonexistent/emud-static-smoke.sock"};
    emuclient *c;
    if (emuclient_open(&c, &o, &id)) return 1;
    uint8_t img[16] = {0}, hash[16];
    uint32_t w = 0xd65f03c0;
    if (emuclient_submit(c, img, 0, 0, &w, 4) != -ENOTCONN) return 2;
    if (emuclient_image_hash(&w, sizeof w, hash)) return 3;
    emuclient_close(c, 0);
    puts("static client ok");
    return 0;
}
