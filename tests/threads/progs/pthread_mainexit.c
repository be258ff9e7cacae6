/* pthread_mainexit.c — the initial thread ends with pthread_exit while another thread runs;
 * that thread joins it (the initial thread's clear_child_tid is zeroed and woken at its exit)
 * and the process ends when the last thread does. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
static pthread_t mainth;
static void *worker(void *a) {
    (void)a;
    usleep(50000);
    void *r;
    int e = pthread_join(mainth, &r);
    printf("joined main: %d %ld\n", e, (long)r);
    fflush(stdout);
    return NULL;
}
int main(void) {
    mainth = pthread_self();
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    printf("main exits\n");
    fflush(stdout);
    pthread_exit((void *)42);
}
