/* pthread_fork.c — fork from a multithreaded process while the other threads run guest code
 * and make system calls: the child has one thread (its copies of the translator's and the
 * address space's locks must be free), can create and join threads of its own, and exits
 * with a status the parent checks; vfork-style posix_spawn is not used (its exec would need
 * the emulator under qemu too). */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int stop;

static void *busy(void *arg) {
    long id = (long)arg, n = 0;
    while (!stop) {
        int fd = open("/dev/null", O_RDONLY);
        close(fd);
        char *p = malloc(64 + (size_t)(n % 512));
        p[0] = (char)id;
        free(p);
        n++;
    }
    return NULL;
}

static void *child_thread(void *arg) {
    return (void *)((long)arg * 3);
}

int main(void) {
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, busy, (void *)i);
    long total = 0;
    for (int i = 0; i < 15; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            pthread_t ct;
            void *r;
            pthread_create(&ct, NULL, child_thread, (void *)(long)i);
            pthread_join(ct, &r);
            _exit((int)((long)r % 100));
        }
        int st = 0;
        waitpid(pid, &st, 0);
        total += WIFEXITED(st) ? WEXITSTATUS(st) : 1000;
    }
    stop = 1;
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("children's statuses: %ld\n", total);
    return 0;
}
