/* emud_link.h — the guest process's side of the shared translation cache: adoption by emud,
 * the warm set of every executable file mapping, submission of locally translated blocks. */
#ifndef SHIM_EMUD_LINK_H
#define SHIM_EMUD_LINK_H

#include <stdint.h>

#include <emujit.h>

/* Connect to emud (EMUD_SOCKET, default sockets; EMU_EMUD=0 disables) and fetch the warm
 * sets of the images recorded so far. Never fails: without emud the guest runs with private
 * translation only. */
void emud_link_start(jit_t *j, const char *exe);

/* An executable mapping of the file open on fd: guest [addr, addr+len) holds the file from
 * offset off. Records the image (hashing the file once) and, when connected, installs its
 * warm set. */
void emud_link_image(int fd, uint64_t addr, uint64_t len, uint64_t off);

/* Guest memory [addr, addr+len) no longer maps what it did. */
void emud_link_unmap(uint64_t addr, uint64_t len);

/* Around a fork: the link's lock is held across it, so the child's copy of it (and of the
 * client's request lock, only taken under it) is free; in the child the parent's connection
 * is not ours. */
void emud_link_before_fork(void);
void emud_link_after_fork(bool child);

/* Before exit or execve: flush submissions and detach. */
void emud_link_stop(int status);

#endif
