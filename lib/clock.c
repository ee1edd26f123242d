/*
 * clock.c: the daemon's idea of "now" and of local time.
 *
 * The demo and the tests move the wall clock (yelld --now, YELL_NOW); time
 * then keeps flowing from that point, so timers still behave.  Local time is
 * the configured zone (Asia/Tokyo by default) from the system tz database.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"

static time_t	clock_offset;

/*
 * The system's wall clock, read the one way that clock_now_ms shares:
 * time(2) reads a coarser clock that can still name the last second a few
 * milliseconds into the next, and a time in milliseconds made of its
 * seconds and CLOCK_REALTIME's fraction was then a second early.
 */
static struct timespec
clock_real(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts;
}

time_t
clock_now(void)
{
	return clock_real().tv_sec + clock_offset;
}

/* clock_now() in milliseconds: the same clock, its fraction too. */
long long
clock_now_ms(void)
{
	struct timespec	ts = clock_real();

	return (long long)(ts.tv_sec + clock_offset) * 1000 +
	    ts.tv_nsec / 1000000;
}

/* Makes clock_now() return t from this moment on. */
void
clock_set(time_t t)
{
	clock_offset = t - clock_real().tv_sec;
}

void
clock_reset(void)
{
	clock_offset = 0;
}

/*
 * Returns 0 if zone names a zone of the tz database, -1 if not.  glibc
 * quietly uses UTC for a name it does not know, so names are checked.
 */
int
clock_check_zone(const char *zone)
{
	char	*path, magic[4];
	FILE	*f;
	int	 ok = 0;

	if (*zone == '\0' || strstr(zone, "..") != NULL || *zone == '/')
		return -1;
	xasprintf(&path, "/usr/share/zoneinfo/%s", zone);
	if ((f = fopen(path, "rb")) != NULL) {	/* a zone file, not zone.tab */
		ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
		fclose(f);
	}
	free(path);
	return ok ? 0 : -1;
}

/* Selects the local time zone.  Returns 0, or -1 if it does not exist. */
int
clock_set_zone(const char *zone)
{
	if (clock_check_zone(zone) != 0)
		return -1;
	setenv("TZ", zone, 1);
	tzset();
	return 0;
}

void
clock_local(time_t t, struct tm *tm)
{
	localtime_r(&t, tm);
}

/* Returns the UTC time of a local wall-clock time in the configured zone. */
time_t
clock_from_local(int year, int mon, int mday, int hour, int min)
{
	struct tm	tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = mday;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* Parses YYYY-MM-DD strictly (a real calendar day).  Returns 0 or -1. */
int
clock_parse_date(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	i, leap;

	if (strlen(s) != 10)
		return -1;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return -1;
	}
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1 ||
	    *d > mdays[*m - 1])
		return -1;
	leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
	if (*m == 2 && *d == 29 && !leap)
		return -1;
	return 0;
}

/*
 * Parses a moment given by an operator or a test: "YYYY-MM-DD HH:MM",
 * "YYYY-MM-DDTHH:MM" (local time) or "@EPOCH".  Returns 0 or -1.
 */
int
clock_parse(const char *s, time_t *t)
{
	char		 date[11], *end;
	int		 y, m, d, hh, mm;
	long long	 epoch;

	if (*s == '@') {
		epoch = strtoll(s + 1, &end, 10);
		if (end == s + 1 || *end != '\0' || epoch < 0)
			return -1;
		*t = (time_t)epoch;
		return 0;
	}
	if (strlen(s) != 16 || (s[10] != ' ' && s[10] != 'T'))
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (clock_parse_date(date, &y, &m, &d) != 0)
		return -1;
	if (!isdigit((unsigned char)s[11]) || !isdigit((unsigned char)s[12]) ||
	    s[13] != ':' || !isdigit((unsigned char)s[14]) ||
	    !isdigit((unsigned char)s[15]))
		return -1;
	hh = atoi(s + 11);
	mm = atoi(s + 14);
	if (hh > 23 || mm > 59)
		return -1;
	*t = clock_from_local(y, m, d, hh, mm);
	return 0;
}

/* The fiscal year (April to March) that t falls in, in local time. */
int
clock_fiscal_year(time_t t)
{
	struct tm	tm;

	clock_local(t, &tm);
	return tm.tm_mon >= 3 ? tm.tm_year + 1900 : tm.tm_year + 1900 - 1;
}

/* OUT: [*start, *end), fiscal year fy from 1 April 00:00 local time. */
void
clock_fiscal_bounds(int fy, time_t *start, time_t *end)
{
	*start = clock_from_local(fy, 4, 1, 0, 0);
	*end = clock_from_local(fy + 1, 4, 1, 0, 0);
}

/* Returns "YYYY-MM-DD" in local time (caller frees). */
char *
clock_format_date(time_t t)
{
	struct tm	 tm;
	char		*s;

	clock_local(t, &tm);
	xasprintf(&s, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	return s;
}

/* Returns "YYYY-MM-DD HH:MM" in local time (caller frees). */
char *
clock_format_datetime(time_t t)
{
	struct tm	 tm;
	char		*s;

	clock_local(t, &tm);
	xasprintf(&s, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	return s;
}

/* Parses "HH:MM" into minutes after midnight.  Returns 0 or -1. */
int
clock_parse_hhmm(const char *s, int *min)
{
	if (strlen(s) != 5 || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]) ||
	    atoi(s) > 23 || atoi(s + 3) > 59)
		return -1;
	*min = atoi(s) * 60 + atoi(s + 3);
	return 0;
}
