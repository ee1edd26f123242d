/*
 * log.c: levelled logging to stderr, which systemd hands to journald.
 * Lines carry a syslog priority prefix ("<4>") so journald keeps the level.
 * Never pass a token or a request body above debug level.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"

static enum log_level	 log_level = LOG_LVL_INFO;
static const char	*log_prog = "yell";
static int		 log_journal;
static pthread_mutex_t	 log_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Under systemd (JOURNAL_STREAM is set) each line gets a "<N>" priority
 * prefix so journald keeps the level; on a terminal it would only be noise.
 */
void
log_init(enum log_level level, const char *progname)
{
	log_level = level;
	log_prog = progname;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

static void __attribute__((format(printf, 3, 0)))
log_vwrite(enum log_level level, const char *errstr, const char *fmt,
    va_list ap)
{
	static const int prio[] = { 3, 4, 6, 7 };
	static const char *const tag[] = { "error", "warn", "info", "debug" };

	if (level > log_level)
		return;
	pthread_mutex_lock(&log_lock);
	if (log_journal)
		fprintf(stderr, "<%d>", prio[level]);
	fprintf(stderr, "%s: %s: ", log_prog, tag[level]);
	vfprintf(stderr, fmt, ap);
	if (errstr != NULL)
		fprintf(stderr, ": %s", errstr);
	fputc('\n', stderr);
	fflush(stderr);
	pthread_mutex_unlock(&log_lock);
}

void
log_warn(const char *fmt, ...)
{
	va_list		 ap;
	const char	*e = strerror(errno);

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_WARN, e, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_WARN, NULL, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_INFO, NULL, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_DEBUG, NULL, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list		 ap;
	const char	*e = strerror(errno);

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_ERROR, e, fmt, ap);
	va_end(ap);
	exit(EX_SOFTWARE_);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_ERROR, NULL, fmt, ap);
	va_end(ap);
	exit(EX_SOFTWARE_);
}
