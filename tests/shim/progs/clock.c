/* clock.c — clocks and sleeps: clock_gettime on several clocks, clock_getres, nanosleep
 * and clock_nanosleep durations, gettimeofday against time(), times(). */
#include <errno.h>
#include <stdio.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

static double now(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    static const clockid_t clocks[] = {CLOCK_REALTIME,           CLOCK_MONOTONIC,
                                       CLOCK_PROCESS_CPUTIME_ID, CLOCK_MONOTONIC_RAW,
                                       CLOCK_BOOTTIME,           CLOCK_REALTIME_COARSE};
    for (unsigned i = 0; i < sizeof clocks / sizeof *clocks; i++) {
        struct timespec a, b, res;
        int r1 = clock_gettime(clocks[i], &a), r2 = clock_gettime(clocks[i], &b);
        int r3 = clock_getres(clocks[i], &res);
        printf("clock %d: %d %d ordered %d res %d (<=1ms %d)\n", (int)clocks[i], r1, r2,
               b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec), r3,
               res.tv_sec == 0 && res.tv_nsec <= 4000000);
    }
    struct timespec bad;
    errno = 0;
    printf("bad clock: %d errno %d\n", clock_gettime(12345, &bad), errno);
    printf("bad pointer: %d errno %d\n", clock_gettime(CLOCK_REALTIME, (void *)8), errno);
    double t0 = now(CLOCK_MONOTONIC);
    struct timespec d = {0, 20 * 1000 * 1000};
    printf("nanosleep: %d\n", nanosleep(&d, NULL));
    double t1 = now(CLOCK_MONOTONIC);
    printf("slept >= 20ms: %d\n", t1 - t0 >= 0.02);
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += 10 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000) until.tv_sec++, until.tv_nsec -= 1000000000;
    printf("clock_nanosleep abs: %d\n",
           clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL));
    printf("reached: %d\n", now(CLOCK_MONOTONIC) >= until.tv_sec + until.tv_nsec / 1e9);
    struct timeval tv;
    time_t t = time(NULL);
    printf("gettimeofday: %d close to time(): %d\n", gettimeofday(&tv, NULL),
           tv.tv_sec - t >= 0 && tv.tv_sec - t <= 2);
    struct tms tm;
    clock_t c = times(&tm);
    printf("times: positive %d utime>=0 %d\n", c > 0, tm.tms_utime >= 0);
    printf("sysconf clk_tck %ld\n", sysconf(_SC_CLK_TCK));
    return 0;
}
