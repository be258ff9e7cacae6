/* test_client.c — libemuclient without a working emud: nothing listening, a listener that
 * never answers, argument checks, tool mode, and the child of a fork. Every call must return
 * quickly and never harm the caller. */
#include "emuclient.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static const emuclient_identity ident = {.pid = 1, .abi_id = 42, .jail = "/", .exe = "/bin/true"};

static int install_never(void *arg, const emuclient_block *b) {
    (void)arg;
    (void)b;
    cr_assert_fail("no block can arrive without emud");
    return -1;
}

static void check_offline(emuclient *c) {
    uint8_t img[16] = {1};
    uint32_t guest[2] = {0xd503201f, 0xd65f03c0}; /* nop; ret */
    double t0 = now_ms();
    cr_expect(!emuclient_connected(c));
    cr_expect(emuclient_warm_get(c, img, 0x400000, "/bin/x", install_never, NULL, NULL) ==
              -ENOTCONN);
    for (int i = 0; i < 1000; i++)
        cr_expect(emuclient_submit(c, img, (uint64_t)i * 8, 0, guest, sizeof guest) == -ENOTCONN);
    cr_expect(emuclient_submit(c, NULL, 0, 0, guest, sizeof guest) == 0, "outside images: counted");
    cr_expect(now_ms() - t0 < 100, "offline calls took %.1f ms", now_ms() - t0);
    emuclient_stats st;
    cr_assert(emuclient_stats_get(c, &st) == 0);
    cr_expect(st.cold_blocks == 1001);
    cr_expect(st.dropped_unconnected == 1000);
    cr_expect(st.queue_len == 0);
}

Test(client, no_emud_path_socket, .timeout = 10) {
    emuclient_options o = {.socket = "ipc:///nonexistent/emud/emud.sock"};
    emuclient *c;
    double t0 = now_ms();
    cr_assert(emuclient_open(&c, &o, &ident) == 0, "open succeeds without emud");
    cr_expect(now_ms() - t0 < 50, "open took %.1f ms", now_ms() - t0);
    check_offline(c);
    t0 = now_ms();
    emuclient_close(c, 0);
    cr_expect(now_ms() - t0 < 50, "close took %.1f ms", now_ms() - t0);
}

Test(client, no_emud_abstract_socket, .timeout = 10) {
    char url[64];
    snprintf(url, sizeof url, "abstract://emud-test-nobody-%d", (int)getpid());
    emuclient_options o = {.socket = url};
    emuclient *c;
    double t0 = now_ms();
    cr_assert(emuclient_open(&c, &o, &ident) == 0);
    cr_expect(now_ms() - t0 < 50, "open took %.1f ms", now_ms() - t0);
    check_offline(c);
    emuclient_close(c, 0);
}

Test(client, environment_names_the_socket, .timeout = 10) {
    setenv(EMUCLIENT_SOCKET_ENV, "abstract://emud-test-env", 1);
    emuclient_options o = {.flags = EMUCLIENT_TOOL};
    emuclient *c = NULL;
    cr_expect(emuclient_open(&c, &o, NULL) == -ECONNREFUSED);
    cr_expect(c == NULL);
    unsetenv(EMUCLIENT_SOCKET_ENV);
}

Test(client, tool_mode_fails_without_emud, .timeout = 10) {
    emuclient_options o = {.socket = "ipc:///nonexistent/emud.sock", .flags = EMUCLIENT_TOOL};
    emuclient *c = NULL;
    cr_expect(emuclient_open(&c, &o, NULL) == -ENOENT);
    cr_expect(c == NULL);
}

/* A listener that accepts at the kernel level but never speaks: a stopped or wedged emud. */
Test(client, silent_listener_costs_at_most_the_connect_timeout, .timeout = 20) {
    char path[] = "/tmp/emud-test-silent-XXXXXX";
    cr_assert(mkdtemp(path));
    char sock[128], url[160];
    snprintf(sock, sizeof sock, "%s/s.sock", path);
    snprintf(url, sizeof url, "ipc://%s", sock);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    strcpy(sa.sun_path, sock);
    cr_assert(bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0);
    cr_assert(listen(fd, 16) == 0);

    emuclient_options o = {.socket = url, .connect_timeout_ms = 100};
    emuclient *c;
    double t0 = now_ms();
    cr_assert(emuclient_open(&c, &o, &ident) == 0);
    double took = now_ms() - t0;
    cr_expect(took >= 90 && took < 300, "open took %.1f ms", took);
    check_offline(c);
    t0 = now_ms();
    emuclient_close(c, 0);
    cr_expect(now_ms() - t0 < 600, "close took %.1f ms", now_ms() - t0);
    close(fd);
    unlink(sock);
    rmdir(path);
}

/* The kernel delivers a process's signals to any thread that does not block them: every
 * thread the client starts (ours and nng's) must block them all. */
Test(client, helper_threads_block_every_signal, .timeout = 10) {
    emuclient_options o = {.socket = "ipc:///nonexistent/emud.sock"};
    emuclient *c;
    cr_assert(emuclient_open(&c, &o, &ident) == 0);
    DIR *d = opendir("/proc/self/task");
    cr_assert(d);
    int helpers = 0;
    for (struct dirent *e; (e = readdir(d));) {
        int tid = atoi(e->d_name);
        if (tid <= 0 || tid == getpid()) continue;
        char path[64], line[256];
        snprintf(path, sizeof path, "/proc/self/task/%d/status", tid);
        FILE *f = fopen(path, "r");
        if (!f) continue; /* gone meanwhile */
        unsigned long long blk = 0;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "SigBlk: %llx", &blk) == 1) break;
        fclose(f);
        unsigned long long want = 1ull << (SIGINT - 1) | 1ull << (SIGTERM - 1) |
                                  1ull << (SIGCHLD - 1) | 1ull << (SIGUSR1 - 1) |
                                  1ull << (SIGALRM - 1) | 1ull << (SIGPIPE - 1);
        cr_expect((blk & want) == want, "thread %d blocks %#llx", tid, blk);
        helpers++;
    }
    closedir(d);
    cr_expect(helpers >= 2, "the client's thread and nng's (%d)", helpers);
    sigset_t now;
    pthread_sigmask(SIG_SETMASK, NULL, &now);
    cr_expect(!sigismember(&now, SIGINT), "the caller's mask is as it was");
    emuclient_close(c, 0);
}

Test(client, argument_checks) {
    emuclient *c;
    cr_expect(emuclient_open(NULL, NULL, &ident) == -EINVAL);
    emuclient_identity noexe = ident;
    noexe.exe = NULL;
    cr_expect(emuclient_open(&c, NULL, &noexe) == -EINVAL);
    cr_expect(emuclient_open(&c, NULL, NULL) == -EINVAL);

    emuclient_options o = {.socket = "ipc:///nonexistent/emud.sock"};
    cr_assert(emuclient_open(&c, &o, &ident) == 0);
    uint8_t img[16] = {0};
    uint32_t w[3] = {0};
    cr_expect(emuclient_submit(c, img, 0, 0, w, 6) == -EINVAL, "not whole words");
    cr_expect(emuclient_submit(c, img, 0, 0, w, 0) == -EINVAL);
    cr_expect(emuclient_submit(c, img, 0, 0x1000, w, 4) == -EINVAL, "pc bits past 12");
    cr_expect(emuclient_submit(c, img, 0, 0, NULL, 4) == -EINVAL);
    cr_expect(emuclient_submit(c, img, 0, 0, w, PROTO_MAX_GUEST_BYTES + 4) == -EINVAL);
    cr_expect(emuclient_warm_get(c, NULL, 0, NULL, install_never, NULL, NULL) == -ENOTCONN ||
              emuclient_warm_get(c, NULL, 0, NULL, install_never, NULL, NULL) == -EINVAL);
    emuclient_close(c, 0);

    /* a NULL handle (open failed) is offline, not a crash */
    cr_expect(emuclient_submit(NULL, img, 0, 0, w, 4) == -ENOTCONN);
    cr_expect(emuclient_warm_get(NULL, img, 0, NULL, install_never, NULL, NULL) == -ENOTCONN);
    cr_expect(!emuclient_connected(NULL));
    emuclient_after_fork(NULL);
    emuclient_close(NULL, 0);
}

Test(client, strerror_names_codes) {
    cr_expect(strcmp(emuclient_strerror(0), "success") == 0);
    cr_expect(strlen(emuclient_strerror(-ENOTCONN)) > 0);
    cr_expect(strcmp(emuclient_strerror(PROTO_EVERSION), proto_strerror(PROTO_EVERSION)) == 0);
    cr_expect(strlen(emuclient_strerror(-99999)) > 0);
}

/* The child must not touch nng (it would abort: nng refuses to run after fork) nor the
 * parent's locks. Both sides go on. */
Test(client, child_of_fork_goes_offline, .timeout = 10) {
    emuclient_options o = {.socket = "ipc:///nonexistent/emud.sock"};
    emuclient *c;
    cr_assert(emuclient_open(&c, &o, &ident) == 0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        emuclient_after_fork(c);
        uint8_t img[16] = {0};
        uint32_t w = 0xd65f03c0;
        int bad = 0;
        bad |= emuclient_submit(c, img, 0, 0, &w, 4) != -ENOTCONN;
        bad |= emuclient_warm_get(c, img, 0, NULL, install_never, NULL, NULL) != -ENOTCONN;
        bad |= emuclient_connected(c);
        emuclient_stats st;
        bad |= emuclient_stats_get(c, &st) != 0 || !st.forked;
        emuclient_reply *rep;
        proto_msg m = {.type = PROTO_STATS_GET};
        bad |= emuclient_call(c, &m, &rep) != -ENOTCONN;
        emuclient_close(c, 0);
        _exit(bad ? 1 : 0);
    }
    int status;
    cr_assert(waitpid(pid, &status, 0) == pid);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
    check_offline(c); /* the parent is unaffected */
    emuclient_close(c, 0);
}
