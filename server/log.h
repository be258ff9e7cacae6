/* log.h — emud's log: stderr, a file (reopened on SIGHUP, for logrotate) or syslog.
 * Any thread may log. */
#ifndef EMUD_LOG_H
#define EMUD_LOG_H

#include <stdbool.h>
#include <syslog.h>

/* file NULL: stderr, unless use_syslog. verbose: LOG_DEBUG lines too. */
int srv_log_open(const char *file, bool use_syslog, bool verbose);
int srv_log_reopen(void);
void srv_log_close(void);
void srv_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
