/* harness.h — what the emud integration tests share: a real emud process in its own temp
 * directory (cache, path socket, unique abstract name, log), emuctl runs with captured output,
 * and guest blocks cut out of a real arm64 static binary. */
#ifndef EMUD_HARNESS_H
#define EMUD_HARNESS_H

#include "emuclient.h"
#include "emujit.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct emud_proc {
    char dir[128]; /* temp dir: cache/, emud.sock, emud.log */
    char cache[160];
    char path_url[192]; /* ipc://DIR/emud.sock */
    char abs_url[96];   /* abstract://emud-test-PID-N */
    char log[160];
    char stderr_file[160];
    pid_t pid;
} emud_proc;

/* Make the directory and names (no process yet). */
void emud_prepare(emud_proc *e);
/* Start emud --foreground on e's cache and sockets (extra arguments may be NULL-terminated
 * after the first); wait until it answers. Returns the pid. */
pid_t emud_start(emud_proc *e, const char *extra, ...);
void emud_kill(emud_proc *e, int sig); /* signal and reap */
int emud_stop(emud_proc *e);           /* SIGTERM, reap, exit status */
void emud_cleanup(emud_proc *e);       /* stop if running, remove the directory */

/* Run a program with arguments (NULL-terminated), capturing stdout+stderr. Returns the exit
 * status (or -1). *out is malloc'ed (may be NULL). */
int run_capture(char **out, const char *prog, ...);
/* emuctl --socket URL ARGS... */
int emuctl(char **out, const char *url, ...);

/* A counter from emud's statistics (section kind, name); asserts it exists. */
uint64_t emud_counter(const char *url, uint16_t kind, const char *name);
/* Wait until the server's translate queue is empty and at least n translations happened. */
void emud_wait_translated(const char *url, uint64_t n);

/* A client adopted by emud at url (asserts the adoption). */
emuclient *client_open(const char *url, const char *exe);

/* Blocks of the sample arm64 binary, as a guest that maps it at base would translate them. */
typedef struct guest_block {
    uint64_t offset;
    uint32_t len; /* bytes the local translation depends on */
} guest_block;

typedef struct sample_image {
    uint8_t *map; /* the whole file, mapped read-only at a page boundary */
    size_t size;
    uint8_t hash[16];
    guest_block *blocks; /* function entries in .text, sorted, unique */
    size_t nblocks;
} sample_image;

void sample_load(sample_image *img, jit_t *j, size_t max_blocks);
void sample_free(sample_image *img);
/* Submit blocks [from, to) through c; returns how many were queued. */
size_t sample_submit(emuclient *c, const sample_image *img, size_t from, size_t to);

double now_ms(void);

#endif
