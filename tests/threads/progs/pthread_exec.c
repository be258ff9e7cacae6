/* pthread_exec.c — execve from a non-initial thread while two others spin in translated
 * code: the kernel ends the other threads and the new program runs (here a host program).
 * The exit status is the new program's. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
static void *spin(void *a) {
    (void)a;
    for (;;) {
        volatile int x = 0;
        (void)x;
    }
    return NULL;
}
static void *execer(void *a) {
    (void)a;
    usleep(30000);
    char *av[] = {"echo", "exec from a thread", NULL};
    execv("/bin/echo", av);
    perror("execv");
    return NULL;
}
int main(void) {
    pthread_t t[3];
    pthread_create(&t[0], NULL, spin, NULL);
    pthread_create(&t[1], NULL, spin, NULL);
    pthread_create(&t[2], NULL, execer, NULL);
    pthread_join(t[2], NULL);
    return 3;
}
