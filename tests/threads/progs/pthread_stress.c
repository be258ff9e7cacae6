/* pthread_stress.c — many guest threads at once: mutexes, condition variables, C11 atomics
 * (LL/SC or LSE as compiled), barriers, rwlocks, semaphores, PI mutexes, timed waits, join
 * values, thread-local storage, thread ids. Every line it prints is the same on every run
 * (totals, never timings or interleavings), so any lost update or wrong wake-up shows. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NT 16

static void check(int ok, const char *what) {
    if (!ok) {
        printf("FAILED: %s\n", what);
        fflush(stdout);
        exit(1);
    }
}

static void spawn(void *(*fn)(void *), int n, long *ret) {
    pthread_t t[64];
    for (long i = 0; i < n; i++)
        check(pthread_create(&t[i], NULL, fn, (void *)i) == 0, "pthread_create");
    for (int i = 0; i < n; i++) {
        void *r;
        check(pthread_join(t[i], &r) == 0, "pthread_join");
        if (ret) ret[i] = (long)r;
    }
}

/* ---- mutex-protected counter ---- */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *mutex_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&mu);
        counter++;
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

/* ---- C11 atomics ---- */
static atomic_long a_add;
static atomic_uint a_cas;
static _Atomic uint64_t a_max;
static atomic_flag spin = ATOMIC_FLAG_INIT;
static long spin_counter;
static _Atomic unsigned char a_byte;
static _Atomic unsigned short a_half;

static void *atomic_worker(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < 30000; i++) {
        atomic_fetch_add(&a_add, 3);
        unsigned v = atomic_load_explicit(&a_cas, memory_order_relaxed);
        while (!atomic_compare_exchange_weak(&a_cas, &v, v + 1)) {
        }
        uint64_t want = (uint64_t)id * 100000 + (uint64_t)i, cur = atomic_load(&a_max);
        while (cur < want && !atomic_compare_exchange_strong(&a_max, &cur, want)) {
        }
        atomic_fetch_add(&a_byte, 1);
        atomic_fetch_sub(&a_half, 1);
        if (i % 8 == 0) {
            while (atomic_flag_test_and_set_explicit(&spin, memory_order_acquire)) {
            }
            spin_counter++;
            atomic_flag_clear_explicit(&spin, memory_order_release);
        }
    }
    return NULL;
}

/* ---- condition variable: bounded queue, several producers and consumers ---- */
#define QCAP 8
static struct {
    pthread_mutex_t mu;
    pthread_cond_t not_full, not_empty;
    long buf[QCAP];
    int head, len, producers_left;
} q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0, 0, 4};

static void *producer(void *arg) {
    long id = (long)arg;
    for (long i = 1; i <= 5000; i++) {
        pthread_mutex_lock(&q.mu);
        while (q.len == QCAP)
            pthread_cond_wait(&q.not_full, &q.mu);
        q.buf[(q.head + q.len++) % QCAP] = id * 1000000 + i;
        pthread_cond_signal(&q.not_empty);
        pthread_mutex_unlock(&q.mu);
    }
    pthread_mutex_lock(&q.mu);
    if (--q.producers_left == 0) pthread_cond_broadcast(&q.not_empty);
    pthread_mutex_unlock(&q.mu);
    return NULL;
}

static long consumed_sum, consumed_n;
static pthread_mutex_t cmu = PTHREAD_MUTEX_INITIALIZER;

static void *queue_thread(void *arg) {
    long i = (long)arg;
    if (i < 4) return producer((void *)i);
    long sum = 0, n = 0;
    for (;;) {
        pthread_mutex_lock(&q.mu);
        while (q.len == 0 && q.producers_left > 0)
            pthread_cond_wait(&q.not_empty, &q.mu);
        if (q.len == 0) {
            pthread_mutex_unlock(&q.mu);
            break;
        }
        long v = q.buf[q.head];
        q.head = (q.head + 1) % QCAP;
        q.len--;
        pthread_cond_signal(&q.not_full);
        pthread_mutex_unlock(&q.mu);
        sum += v;
        n++;
    }
    pthread_mutex_lock(&cmu);
    consumed_sum += sum;
    consumed_n += n;
    pthread_mutex_unlock(&cmu);
    return NULL;
}

/* ---- barrier rounds ---- */
static pthread_barrier_t bar;
static long slots[8];
static long round_sums;

static void *barrier_worker(void *arg) {
    long id = (long)arg;
    for (long r = 0; r < 200; r++) {
        slots[id] = r * 8 + id;
        if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD) {
            long s = 0;
            for (int i = 0; i < 8; i++)
                s += slots[i];
            round_sums += s;
        }
        pthread_barrier_wait(&bar);
    }
    return NULL;
}

/* ---- rwlock ---- */
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long rw_a, rw_b, rw_bad;

static void *rw_worker(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < 5000; i++) {
        if (id % 4 == 0) {
            pthread_rwlock_wrlock(&rw);
            rw_a++;
            rw_b++;
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            if (rw_a != rw_b) __atomic_fetch_add(&rw_bad, 1, __ATOMIC_RELAXED);
            pthread_rwlock_unlock(&rw);
        }
    }
    return NULL;
}

/* ---- semaphores: ping-pong ---- */
static sem_t ping, pong;
static long pings;

static void *pinger(void *arg) {
    (void)arg;
    for (int i = 0; i < 3000; i++) {
        sem_wait(&ping);
        pings++;
        sem_post(&pong);
    }
    return NULL;
}

/* ---- thread-local storage and join values ---- */
static __thread long tls_val = 7;
static __thread char tls_name[16] = "init";
static atomic_int tid_fail;
static pid_t tids[NT];

static void *tls_worker(void *arg) {
    long id = (long)arg;
    if (tls_val != 7 || strcmp(tls_name, "init")) atomic_fetch_add(&tid_fail, 1);
    tls_val = id;
    snprintf(tls_name, sizeof tls_name, "t%ld", id);
    for (int i = 0; i < 10000; i++)
        tls_val += 2;
    sched_yield();
    char want[16];
    snprintf(want, sizeof want, "t%ld", id);
    if (tls_val != id + 20000 || strcmp(tls_name, want)) atomic_fetch_add(&tid_fail, 1);
    tids[id] = (pid_t)syscall(SYS_gettid);
    if (tids[id] == getpid()) atomic_fetch_add(&tid_fail, 1);
    return (void *)(id * id + 1);
}

/* ---- priority-inheritance mutex (FUTEX_LOCK_PI / UNLOCK_PI) ---- */
static pthread_mutex_t pi;
static long pi_counter;

static void *pi_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 5000; i++) {
        pthread_mutex_lock(&pi);
        pi_counter++;
        pthread_mutex_unlock(&pi);
    }
    return NULL;
}

/* ---- once ---- */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int once_runs;
static void once_fn(void) {
    atomic_fetch_add(&once_runs, 1);
}
static void *once_worker(void *arg) {
    (void)arg;
    pthread_once(&once, once_fn);
    return NULL;
}

static void *short_lived(void *arg) {
    return (void *)((long)arg + 1);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    spawn(mutex_worker, NT, NULL);
    printf("mutex counter: %ld\n", counter);

    spawn(atomic_worker, NT, NULL);
    printf("atomic add: %ld cas: %u max: %llu byte: %u half: %u spin: %ld\n",
           (long)atomic_load(&a_add), atomic_load(&a_cas), (unsigned long long)atomic_load(&a_max),
           (unsigned)atomic_load(&a_byte), (unsigned)atomic_load(&a_half), spin_counter);

    spawn(queue_thread, 10, NULL);
    printf("queue: consumed %ld items, sum %ld\n", consumed_n, consumed_sum);

    pthread_barrier_init(&bar, NULL, 8);
    spawn(barrier_worker, 8, NULL);
    printf("barrier: %ld\n", round_sums);

    spawn(rw_worker, 12, NULL);
    printf("rwlock: a=%ld b=%ld torn reads=%ld\n", rw_a, rw_b, rw_bad);

    sem_init(&ping, 0, 0);
    sem_init(&pong, 0, 0);
    pthread_t pt;
    check(pthread_create(&pt, NULL, pinger, NULL) == 0, "create pinger");
    for (int i = 0; i < 3000; i++) {
        sem_post(&ping);
        sem_wait(&pong);
    }
    pthread_join(pt, NULL);
    printf("semaphores: %ld\n", pings);

    long ret[NT];
    spawn(tls_worker, NT, ret);
    long rsum = 0;
    for (int i = 0; i < NT; i++)
        rsum += ret[i];
    int distinct = 1;
    for (int i = 0; i < NT; i++)
        for (int k = i + 1; k < NT; k++)
            if (tids[i] == tids[k]) distinct = 0;
    printf("tls: failures %d, join sum %ld, tids distinct %d, main tls %ld %s\n",
           atomic_load(&tid_fail), rsum, distinct, tls_val, tls_name);

    pthread_mutexattr_t ma;
    int r;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setprotocol(&ma, PTHREAD_PRIO_INHERIT);
    pthread_mutex_init(&pi, &ma);
    spawn(pi_worker, 8, NULL);
    printf("pi mutex: %ld\n", pi_counter);

    spawn(once_worker, NT, NULL);
    printf("once: %d\n", atomic_load(&once_runs));

    /* a timed wait that times out: FUTEX_WAIT_BITSET with an absolute CLOCK_MONOTONIC time */
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_t cv;
    pthread_cond_init(&cv, &ca);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += 20 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&mu);
    r = pthread_cond_timedwait(&cv, &mu, &ts);
    pthread_mutex_unlock(&mu);
    printf("timedwait: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : strerror(r));

    /* many short-lived threads, in waves: thread exit, stack reuse, clear_child_tid */
    long total = 0;
    for (int wave = 0; wave < 25; wave++) {
        long rv[8];
        spawn(short_lived, 8, rv);
        for (int i = 0; i < 8; i++)
            total += rv[i];
    }
    printf("waves: %ld\n", total);
    return 0;
}
