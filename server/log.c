/* log.c — emud's log sink: one mutex around a FILE (stderr or --log FILE) or syslog; lines carry
 * a timestamp and level when not in syslog. */
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_fp;
static const char *log_path;
static bool log_syslog, log_verbose;

int srv_log_open(const char *file, bool use_syslog, bool verbose) {
    log_path = file;
    log_syslog = use_syslog;
    log_verbose = verbose;
    if (use_syslog) {
        openlog("emud", LOG_PID | LOG_NDELAY, LOG_DAEMON);
        return 0;
    }
    return srv_log_reopen();
}

int srv_log_reopen(void) {
    int r = 0;
    pthread_mutex_lock(&log_mu);
    if (log_syslog) {
        closelog();
        openlog("emud", LOG_PID | LOG_NDELAY, LOG_DAEMON);
    } else if (log_path) {
        FILE *f = fopen(log_path, "ae");
        if (f) {
            setvbuf(f, NULL, _IOLBF, 0);
            if (log_fp && log_fp != stderr) fclose(log_fp);
            log_fp = f;
        } else {
            r = -errno;
        }
    } else {
        log_fp = stderr;
    }
    pthread_mutex_unlock(&log_mu);
    return r;
}

void srv_log_close(void) {
    pthread_mutex_lock(&log_mu);
    if (log_syslog) closelog();
    if (log_fp && log_fp != stderr) fclose(log_fp);
    log_fp = NULL;
    pthread_mutex_unlock(&log_mu);
}

static const char *level(int prio) {
    switch (prio) {
    case LOG_EMERG:
    case LOG_ALERT:
    case LOG_CRIT:
    case LOG_ERR: return "error";
    case LOG_WARNING: return "warning";
    case LOG_DEBUG: return "debug";
    default: return "info";
    }
}

void srv_log(int prio, const char *fmt, ...) {
    if (prio == LOG_DEBUG && !log_verbose) return;
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&log_mu);
    if (log_syslog) {
        vsyslog(prio, fmt, ap);
    } else {
        FILE *f = log_fp ? log_fp : stderr;
        char ts[32];
        struct timespec t;
        struct tm tm;
        clock_gettime(CLOCK_REALTIME, &t);
        localtime_r(&t.tv_sec, &tm);
        strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
        fprintf(f, "%s.%03ld emud[%s]: ", ts, t.tv_nsec / 1000000, level(prio));
        vfprintf(f, fmt, ap);
        fputc('\n', f);
        fflush(f);
    }
    pthread_mutex_unlock(&log_mu);
    va_end(ap);
}
