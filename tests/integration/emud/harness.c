/* harness.c — real emud processes for the integration tests, emuctl runs, statistics, and the
 * sample arm64 binary cut into the blocks a guest would translate. */
#include "harness.h"

#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 32

double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void sleep_ms(int ms) {
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

void emud_prepare(emud_proc *e) {
    static int seq;
    memset(e, 0, sizeof *e);
    strcpy(e->dir, "/tmp/emud-it-XXXXXX");
    cr_assert(mkdtemp(e->dir));
    snprintf(e->cache, sizeof e->cache, "%s/cache", e->dir);
    snprintf(e->path_url, sizeof e->path_url, "ipc://%s/emud.sock", e->dir);
    snprintf(e->abs_url, sizeof e->abs_url, "abstract://emud-test-%d-%d", (int)getpid(), ++seq);
    snprintf(e->log, sizeof e->log, "%s/emud.log", e->dir);
    snprintf(e->stderr_file, sizeof e->stderr_file, "%s/emud.stderr", e->dir);
}

static bool answers(const char *url) {
    emuclient_options o = {.socket = url, .flags = EMUCLIENT_TOOL, .request_timeout_ms = 500};
    emuclient *c;
    if (emuclient_open(&c, &o, NULL)) return false;
    proto_msg m = {.type = PROTO_STATS_GET, .u.stats_get.sections = PROTO_STATS_SERVER};
    emuclient_reply *r;
    bool ok = emuclient_call(c, &m, &r) == 0;
    emuclient_reply_free(r);
    emuclient_close(c, 0);
    return ok;
}

pid_t emud_start(emud_proc *e, const char *extra, ...) {
    const char *argv[MAX_ARGS] = {EMUD_BIN,    "--foreground", "--cache",  e->cache,   "--socket",
                                  e->path_url, "--socket",     e->abs_url, "--nosync", "--workers",
                                  "1",         "--log",        e->log};
    int argc = 13;
    va_list ap;
    va_start(ap, extra);
    for (const char *a = extra; a && argc < MAX_ARGS - 1; a = va_arg(ap, const char *))
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        /* emud must neither outlive a crashed test nor hold its output pipe open */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int null = open("/dev/null", O_RDWR),
            err = open(e->stderr_file, O_WRONLY | O_CREAT | O_APPEND, 0644);
        dup2(null, 0);
        dup2(null, 1);
        dup2(err >= 0 ? err : null, 2);
        execv(argv[0], (char **)argv);
        _exit(127);
    }
    e->pid = pid;
    double t0 = now_ms();
    while (!answers(e->path_url)) {
        int st;
        cr_assert(waitpid(pid, &st, WNOHANG) == 0, "emud exited at start (status %#x)", st);
        cr_assert(now_ms() - t0 < 10000, "emud did not answer within 10 s");
        sleep_ms(10);
    }
    return pid;
}

void emud_kill(emud_proc *e, int sig) {
    if (e->pid <= 0) return;
    kill(e->pid, sig);
    waitpid(e->pid, NULL, 0);
    e->pid = 0;
}

/* Whatever emud said on stderr: under ASan+UBSan, a report there fails the test even when the
 * client side never noticed. */
static void check_stderr(const emud_proc *e) {
    FILE *f = fopen(e->stderr_file, "r");
    if (!f) return;
    char line[1024];
    while (fgets(line, sizeof line, f))
        cr_expect(!strstr(line, "Sanitizer") && !strstr(line, "runtime error"), "emud: %s", line);
    fclose(f);
}

int emud_stop(emud_proc *e) {
    if (e->pid <= 0) return -1;
    kill(e->pid, SIGTERM);
    int st = 0;
    double t0 = now_ms();
    while (waitpid(e->pid, &st, WNOHANG) == 0) {
        cr_assert(now_ms() - t0 < 15000, "emud did not stop within 15 s of SIGTERM");
        sleep_ms(5);
    }
    e->pid = 0;
    check_stderr(e);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f) {
    (void)st, (void)flag, (void)f;
    return remove(p);
}

void emud_cleanup(emud_proc *e) {
    if (e->pid > 0) emud_stop(e); /* a clean exit: leaks are reported then */
    if (e->dir[0]) nftw(e->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int run_argv(char **out, const char *const *argv) {
    int fds[2];
    cr_assert(pipe(fds) == 0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], (char **)argv);
        _exit(127);
    }
    close(fds[1]);
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    ssize_t n;
    while ((n = read(fds[0], buf + len, cap - len - 1)) > 0) {
        len += (size_t)n;
        if (cap - len < 1024) buf = realloc(buf, cap *= 2);
    }
    buf[len] = 0;
    close(fds[0]);
    int st;
    waitpid(pid, &st, 0);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int run_capture(char **out, const char *prog, ...) {
    const char *argv[MAX_ARGS] = {prog};
    int argc = 1;
    va_list ap;
    va_start(ap, prog);
    for (const char *a; argc < MAX_ARGS - 1 && (a = va_arg(ap, const char *));)
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    return run_argv(out, argv);
}

int emuctl(char **out, const char *url, ...) {
    const char *argv[MAX_ARGS] = {EMUCTL_BIN, "--socket", url};
    int argc = 3;
    va_list ap;
    va_start(ap, url);
    for (const char *a; argc < MAX_ARGS - 1 && (a = va_arg(ap, const char *));)
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    return run_argv(out, argv);
}

uint64_t emud_counter(const char *url, uint16_t kind, const char *name) {
    emuclient_options o = {.socket = url, .flags = EMUCLIENT_TOOL};
    emuclient *c;
    cr_assert(emuclient_open(&c, &o, NULL) == 0, "emud answers on %s", url);
    proto_msg m = {.type = PROTO_STATS_GET};
    emuclient_reply *r;
    cr_assert(emuclient_call(c, &m, &r) == 0);
    const proto_msg *rep = emuclient_reply_msg(r);
    cr_assert(rep->type == PROTO_STATS_REPLY);
    bool found = false;
    uint64_t v = 0;
    for (uint32_t i = 0; i < rep->u.stats_reply.count && !found; i++) {
        const proto_stats_section *s = &rep->u.stats_reply.sections[i];
        if (s->kind != kind) continue;
        for (uint32_t k = 0; k < s->count; k++)
            if (!strcmp(s->counters[k].name, name)) {
                v = s->counters[k].value;
                found = true;
                break;
            }
    }
    emuclient_reply_free(r);
    emuclient_close(c, 0);
    cr_assert(found, "counter %s", name);
    return v;
}

void emud_wait_translated(const char *url, uint64_t n) {
    double t0 = now_ms();
    for (;;) {
        uint64_t done = emud_counter(url, PROTO_SECTION_SERVER, "translations") +
                        emud_counter(url, PROTO_SECTION_SERVER, "translate_failed") +
                        emud_counter(url, PROTO_SECTION_SERVER, "translations_skipped_cached");
        if (done >= n && emud_counter(url, PROTO_SECTION_SERVER, "translate_queue") == 0) return;
        cr_assert(now_ms() - t0 < 20000, "only %llu of %llu translated", (unsigned long long)done,
                  (unsigned long long)n);
        sleep_ms(20);
    }
}

emuclient *client_open(const char *url, const char *exe) {
    emuclient_identity id = {
        .pid = (uint32_t)getpid(), .abi_id = jit_abi_id(), .jail = "/", .exe = exe};
    emuclient_options o = {.socket = url, .connect_timeout_ms = 2000};
    emuclient *c;
    cr_assert(emuclient_open(&c, &o, &id) == 0);
    cr_assert(emuclient_connected(c), "adopted by emud at %s", url);
    return c;
}

/* ---- the sample binary ---- */

static int cmp_block(const void *a, const void *b) {
    uint64_t x = ((const guest_block *)a)->offset, y = ((const guest_block *)b)->offset;
    return x < y ? -1 : x > y;
}

void sample_load(sample_image *img, jit_t *j, size_t max_blocks) {
    memset(img, 0, sizeof *img);
    int fd = open(SAMPLE_BIN, O_RDONLY | O_CLOEXEC);
    cr_assert(fd >= 0, "%s: %s", SAMPLE_BIN, strerror(errno));
    struct stat st;
    cr_assert(fstat(fd, &st) == 0);
    img->size = (size_t)st.st_size;
    img->map = mmap(NULL, img->size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    cr_assert(img->map != MAP_FAILED);
    cr_assert(emuclient_image_hash(img->map, img->size, img->hash) == 0);

    const Elf64_Ehdr *eh = (const void *)img->map;
    cr_assert(!memcmp(eh->e_ident, ELFMAG, SELFMAG) && eh->e_machine == EM_AARCH64);
    const Elf64_Shdr *sh = (const void *)(img->map + eh->e_shoff);
    const char *shstr = (const char *)img->map + sh[eh->e_shstrndx].sh_offset;
    const Elf64_Shdr *text = NULL, *symtab = NULL;
    for (int i = 0; i < eh->e_shnum; i++) {
        if (!strcmp(shstr + sh[i].sh_name, ".text")) text = &sh[i];
        if (sh[i].sh_type == SHT_SYMTAB) symtab = &sh[i];
    }
    cr_assert(text && symtab, "the sample has .text and a symbol table");
    const Elf64_Sym *sym = (const void *)(img->map + symtab->sh_offset);
    size_t nsym = symtab->sh_size / sizeof *sym;
    img->blocks = calloc(nsym, sizeof *img->blocks);
    uint64_t text_end = text->sh_offset + text->sh_size;
    for (size_t i = 0; i < nsym; i++) {
        if (ELF64_ST_TYPE(sym[i].st_info) != STT_FUNC || !sym[i].st_size) continue;
        if (sym[i].st_value < text->sh_addr || sym[i].st_value >= text->sh_addr + text->sh_size)
            continue;
        img->blocks[img->nblocks++].offset = sym[i].st_value - text->sh_addr + text->sh_offset;
    }
    qsort(img->blocks, img->nblocks, sizeof *img->blocks, cmp_block);
    size_t n = 0;
    for (size_t i = 0; i < img->nblocks && n < max_blocks; i++) {
        uint64_t off = img->blocks[i].offset;
        if (n && img->blocks[n - 1].offset == off) continue;
        /* as the shim's translator sees it: at most to the end of the page */
        uint64_t words = (4096 - (off & 4095)) / 4;
        if (words > 64) words = 64;
        if (words > (text_end - off) / 4) words = (text_end - off) / 4;
        void *blob;
        size_t blen;
        uint32_t glen;
        uint64_t pc = (uint64_t)(uintptr_t)(img->map + off);
        if (jit_translate_blob(j, pc, (const uint32_t *)(img->map + off), (int)words, &blob, &blen,
                               &glen))
            continue;
        free(blob);
        img->blocks[n].offset = off;
        img->blocks[n].len = glen;
        n++;
    }
    img->nblocks = n;
    cr_assert(n >= 50, "the sample gives %zu blocks", n);
}

void sample_free(sample_image *img) {
    munmap(img->map, img->size);
    free(img->blocks);
}

size_t sample_submit(emuclient *c, const sample_image *img, size_t from, size_t to) {
    size_t queued = 0;
    for (size_t i = from; i < to && i < img->nblocks; i++) {
        const guest_block *b = &img->blocks[i];
        if (emuclient_submit(c, img->hash, b->offset, b->offset & 0xfff, img->map + b->offset,
                             b->len) == 0)
            queued++;
    }
    return queued;
}
