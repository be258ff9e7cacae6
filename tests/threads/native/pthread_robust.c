/* pthread_robust.c — robust mutexes: the owner thread exits holding the lock, the kernel walks
 * that thread's robust list (set_robust_list, passed to the host per thread) and the next
 * locker gets EOWNERDEAD; also a PTHREAD_MUTEX_ERRORCHECK owner check and a recursive mutex.
 * The oracle is this program built for the host: qemu-aarch64 does not implement robust lists
 * (set_robust_list is ENOSYS there, and the locker waits forever). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t robust;

static void *die_holding(void *arg) {
    pthread_mutex_lock(&robust);
    return arg;
}

static const char *err_name(int r) {
    return r == 0                 ? "0"
           : r == EOWNERDEAD      ? "EOWNERDEAD"
           : r == ENOTRECOVERABLE ? "ENOTRECOVERABLE"
           : r == EPERM           ? "EPERM"
           : r == EDEADLK         ? "EDEADLK"
                                  : strerror(r);
}

int main(void) {
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &ma);
    for (int round = 0; round < 3; round++) {
        pthread_t t;
        pthread_create(&t, NULL, die_holding, NULL);
        pthread_join(t, NULL);
        int r = pthread_mutex_lock(&robust);
        printf("round %d: lock after the owner died: %s", round, err_name(r));
        if (r == EOWNERDEAD) printf(", consistent %s", err_name(pthread_mutex_consistent(&robust)));
        printf(", unlock %s\n", err_name(pthread_mutex_unlock(&robust)));
    }
    /* a dead owner and no pthread_mutex_consistent: the mutex becomes unrecoverable */
    pthread_t t;
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    int r = pthread_mutex_lock(&robust);
    printf("abandoned: %s", err_name(r));
    pthread_mutex_unlock(&robust);
    printf(", then %s\n", err_name(pthread_mutex_lock(&robust)));

    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_t ec;
    pthread_mutex_init(&ec, &ma);
    pthread_mutex_lock(&ec);
    printf("errorcheck: relock %s", err_name(pthread_mutex_lock(&ec)));
    pthread_mutex_unlock(&ec);
    printf(", unlock unowned %s\n", err_name(pthread_mutex_unlock(&ec)));

    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_t rec;
    pthread_mutex_init(&rec, &ma);
    int depth = 0;
    for (int i = 0; i < 5; i++)
        depth += pthread_mutex_lock(&rec) == 0;
    for (int i = 0; i < 5; i++)
        depth -= pthread_mutex_unlock(&rec) == 0;
    printf("recursive: balance %d, extra unlock %s\n", depth, err_name(pthread_mutex_unlock(&rec)));
    return 0;
}
