/* pthread_cancel.c — cancellation of guest threads (SIGCANCEL sent with tgkill to a host tid)
 * blocked in a condition wait (cleanup handler runs), in a sleep, and spinning with
 * asynchronous cancellation (the signal interrupts translated code). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int cleanups;

static void cleanup(void *arg) {
    (void)arg;
    cleanups++;
    pthread_mutex_unlock(&mu);
}

static void *waiter(void *arg) {
    (void)arg;
    pthread_mutex_lock(&mu);
    pthread_cleanup_push(cleanup, NULL);
    for (;;)
        pthread_cond_wait(&cv, &mu);
    pthread_cleanup_pop(1);
    return NULL;
}

static void *sleeper(void *arg) {
    (void)arg;
    for (;;)
        sleep(10);
    return NULL;
}

static void *spinner(void *arg) {
    (void)arg;
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
    volatile unsigned long n = 0;
    for (;;)
        n++;
    return NULL;
}

int main(void) {
    void *(*fns[3])(void *) = {waiter, sleeper, spinner};
    const char *names[3] = {"cond_wait", "sleep", "async spin"};
    for (int i = 0; i < 3; i++) {
        pthread_t t;
        pthread_create(&t, NULL, fns[i], NULL);
        usleep(20000);
        pthread_cancel(t);
        void *r;
        pthread_join(t, &r);
        printf("%s: %s\n", names[i], r == PTHREAD_CANCELED ? "canceled" : "not canceled");
    }
    printf("cleanups %d\n", cleanups);
    return 0;
}
