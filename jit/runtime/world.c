/* world.c — guest threads sharing one jit: who is running guest code, and stopping them all
 * when the code buffer is full.
 *
 * Choice: a full code buffer is flushed with the world stopped, as QEMU does. Translated code
 * is never freed or overwritten while another thread may execute it; invalidation does not
 * need this (blockmap.c only unlinks), a flush does. A thread counts as running from its
 * outermost jit_run until that returns (to a syscall, a guest signal, an exception); the
 * flushing thread sets stop, sets cpu->pending on every cpu so that threads in chained or
 * looping guest code leave at their next block entry (JIT_EXIT_INTERRUPT), and waits until it
 * is the only one running. Threads blocked in syscalls do not count; when they come back,
 * jit_run waits while stop is set. The common path costs one atomic add at jit_run entry and
 * one relaxed load per trip through the run loop. */
#include "runtime.h"

#include <stdlib.h>

static __thread int world_depth; /* nested jit_run frames on this thread */

void jit_world_init(jit_t *j) {
    pthread_mutex_init(&j->world_mu, NULL);
    pthread_cond_init(&j->world_cv, NULL);
}

void jit_world_destroy(jit_t *j) {
    pthread_cond_destroy(&j->world_cv);
    pthread_mutex_destroy(&j->world_mu);
    free(j->cpus);
}

void jit_world_register(jit_t *j, emu_cpu *cpu) {
    pthread_mutex_lock(&j->world_mu);
    for (size_t i = 0; i < j->ncpus; i++)
        if (j->cpus[i] == cpu) goto out;
    if (j->ncpus == j->cpus_cap) {
        size_t cap = j->cpus_cap ? 2 * j->cpus_cap : 16;
        emu_cpu **v = realloc(j->cpus, sizeof *v * cap);
        if (!v) goto out; /* not kickable: a flush then waits for its next syscall */
        j->cpus = v;
        j->cpus_cap = cap;
    }
    j->cpus[j->ncpus++] = cpu;
out:
    pthread_mutex_unlock(&j->world_mu);
}

void jit_cpu_release(emu_cpu *cpu) {
    jit_t *j = cpu->jit;
    if (!j) return;
    pthread_mutex_lock(&j->world_mu);
    for (size_t i = 0; i < j->ncpus; i++)
        if (j->cpus[i] == cpu) {
            j->cpus[i] = j->cpus[--j->ncpus];
            break;
        }
    pthread_mutex_unlock(&j->world_mu);
}

/* Called with world_mu held by a thread that counts as running: wait out the stop. */
static void park_locked(jit_t *j, emu_cpu *cpu) {
    __atomic_fetch_sub(&j->running, 1, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&j->world_cv);
    while (__atomic_load_n(&j->stop, __ATOMIC_SEQ_CST))
        pthread_cond_wait(&j->world_cv, &j->world_mu);
    __atomic_fetch_add(&j->running, 1, __ATOMIC_SEQ_CST);
    if (cpu) cpu->chain_site = 0; /* the flush took the block it was in */
}

void jit_world_poll(jit_t *j, emu_cpu *cpu) {
    if (!__atomic_load_n(&j->stop, __ATOMIC_RELAXED)) return;
    pthread_mutex_lock(&j->world_mu);
    park_locked(j, cpu);
    pthread_mutex_unlock(&j->world_mu);
}

void jit_world_enter(jit_t *j, emu_cpu *cpu) {
    if (world_depth++) return;
    /* Dekker with jit_world_flush: either it sees us running, or we see its stop */
    __atomic_fetch_add(&j->running, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&j->stop, __ATOMIC_SEQ_CST)) jit_world_poll(j, cpu);
}

void jit_world_leave(jit_t *j) {
    if (--world_depth) return;
    __atomic_fetch_sub(&j->running, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&j->stop, __ATOMIC_SEQ_CST)) {
        pthread_mutex_lock(&j->world_mu);
        pthread_cond_broadcast(&j->world_cv);
        pthread_mutex_unlock(&j->world_mu);
    }
}

void jit_world_flush(jit_t *j, emu_cpu *cpu) {
    pthread_mutex_lock(&j->world_mu);
    if (__atomic_load_n(&j->stop, __ATOMIC_SEQ_CST)) { /* another thread flushes: wait for it */
        park_locked(j, cpu);
        pthread_mutex_unlock(&j->world_mu);
        return;
    }
    __atomic_store_n(&j->stop, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&j->running, __ATOMIC_SEQ_CST) > 1)
        for (size_t i = 0; i < j->ncpus; i++)
            if (j->cpus[i] != cpu) __atomic_store_n(&j->cpus[i]->pending, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&j->running, __ATOMIC_SEQ_CST) > 1)
        pthread_cond_wait(&j->world_cv, &j->world_mu);
    pthread_mutex_lock(&j->lock);
    jit_flush_all(j);
    j->stats.flushes++;
    pthread_mutex_unlock(&j->lock);
    if (cpu) cpu->chain_site = 0;
    __atomic_store_n(&j->stop, 0, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&j->world_cv);
    pthread_mutex_unlock(&j->world_mu);
}

void jit_before_fork(jit_t *j) {
    pthread_mutex_lock(&j->world_mu);
    pthread_mutex_lock(&j->lock);
}

void jit_after_fork(jit_t *j, emu_cpu *cpu, bool child) {
    if (child) { /* one thread, not running guest code: the others' state is meaningless */
        pthread_mutex_init(&j->lock, NULL);
        pthread_mutex_init(&j->world_mu, NULL);
        pthread_cond_init(&j->world_cv, NULL);
        j->running = 0;
        j->stop = 0;
        j->ncpus = 0;
        jit_world_register(j, cpu);
        return;
    }
    pthread_mutex_unlock(&j->lock);
    pthread_mutex_unlock(&j->world_mu);
}
