/*
 * workcal.c: the office's working calendar, the days and hours in which
 * the bot may ping staff.
 *
 * It owns the holiday tables (the CSV files in config/holidays) and the
 * local-time arithmetic over them, and knows nothing of reminders or the
 * scheduler.
 * Days are stepped as calendar dates and only then turned into instants
 * with mktime, so the zone's own rules decide, never a fixed UTC+9.
 */
#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"

/*
 * How far the slot searches look for a working day.  The longest closure
 * the office has (年末年始 with a weekend at each end, or Golden Week) is
 * about ten days; forty is a wide margin that still bounds the loop if a
 * holiday file closes everything.
 */
#define WORKCAL_SEARCH_DAYS	40

/* One closed day.  file and line only serve load-time error messages. */
struct workcal_day {
	int	 key;		/* yyyymmdd */
	int	 file;		/* index into the sorted file list */
	int	 line;
	char	*name;
};

struct workcal {
	struct workcal_day	*days;		/* sorted, unique keys */
	size_t			 ndays;
	size_t			 cap;
	int			 start_min;	/* [start_min, end_min) */
	int			 end_min;
};

static int
workcal_key(int y, int m, int d)
{
	return y * 10000 + m * 100 + d;
}

static bool
workcal_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
workcal_mdays(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	assert(m >= 1 && m <= 12);
	return m == 2 && workcal_leap(y) ? 29 : mdays[m - 1];
}

/* The day of the week, 0 for Sunday (Sakamoto's method; no time zone). */
static int
workcal_wday(int y, int m, int d)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };

	if (m < 3)
		y--;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* Moves the date one day forward (dir > 0) or back (dir < 0). */
static void
workcal_step(int *y, int *m, int *d, int dir)
{
	if (dir > 0) {
		if (++*d > workcal_mdays(*y, *m)) {
			*d = 1;
			if (++*m > 12) {
				*m = 1;
				++*y;
			}
		}
		return;
	}
	if (--*d < 1) {
		if (--*m < 1) {
			*m = 12;
			--*y;
		}
		*d = workcal_mdays(*y, *m);
	}
}

/* The instant of a local wall-clock time; mktime normalises overflow. */
static time_t
workcal_local(int y, int m, int d, int hour, int min, int sec)
{
	struct tm	tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static int
workcal_cmp(const void *a, const void *b)
{
	const struct workcal_day	*x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static void
workcal_add(struct workcal *wc, int key, int file, int line, const char *name)
{
	struct workcal_day	*day;

	if (wc->ndays == wc->cap) {
		wc->cap = wc->cap == 0 ? 64 : wc->cap * 2;
		wc->days = xrealloc(wc->days, wc->cap * sizeof *wc->days);
	}
	day = &wc->days[wc->ndays++];
	day->key = key;
	day->file = file;
	day->line = line;
	day->name = xstrdup(name);
}

/* csv_next says "line N: reason"; we name the file, so keep the reason. */
static const char *
workcal_reason(const char *why)
{
	const char	*p;

	p = strstr(why, ": ");
	return p != NULL ? p + 2 : why;
}

/*
 * Checks one data row and adds it.  Returns 0, or -1 with *cause set to
 * "path:line: reason".
 */
static int
workcal_row(struct workcal *wc, const char *path, int file, int lineno,
    char **f, size_t n, char **cause)
{
	int	y, m, d;

	if (n != 2) {
		xasprintf(cause, "%s:%d: expected 2 fields (date,name), found "
		    "%zu", path, lineno, n);
		return -1;
	}
	if (clock_parse_date(f[0], &y, &m, &d) != 0) {
		xasprintf(cause, "%s:%d: bad date \"%s\" (want YYYY-MM-DD)",
		    path, lineno, f[0]);
		return -1;
	}
	if (*f[1] == '\0') {
		xasprintf(cause, "%s:%d: the holiday has no name", path,
		    lineno);
		return -1;
	}
	workcal_add(wc, workcal_key(y, m, d), file, lineno, f[1]);
	return 0;
}

/* Reads one holiday file.  Returns 0, or -1 with *cause set. */
static int
workcal_read(struct workcal *wc, const char *path, int file, char **cause)
{
	struct csv	 *csv;
	char		**f = NULL, *why = NULL;
	size_t		  n = 0;
	int		  lineno, rc, ret = -1;
	bool		  header = true;

	csv = csv_open(path, cause);
	if (csv == NULL)
		return -1;
	for (;;) {
		csv_fields_free(f, n);
		f = NULL;
		n = 0;
		rc = csv_next(csv, &f, &n, &lineno, &why);
		if (rc == 0)
			break;
		if (rc == -1) {
			xasprintf(cause, "%s:%d: %s", path, lineno,
			    workcal_reason(why));
			goto out;
		}
		if (header) {
			if (n != 2 || strcmp(f[0], "date") != 0 ||
			    strcmp(f[1], "name") != 0) {
				xasprintf(cause, "%s:%d: the header must be "
				    "\"date,name\"", path, lineno);
				goto out;
			}
			header = false;
			continue;
		}
		if (workcal_row(wc, path, file, lineno, f, n, cause) != 0)
			goto out;
	}
	if (header) {
		xasprintf(cause, "%s:%d: empty file, expected the header "
		    "\"date,name\"", path, lineno);
		goto out;
	}
	ret = 0;
out:
	csv_fields_free(f, n);
	free(why);
	csv_free(csv);
	return ret;
}

/*
 * Sorts the days and drops repeats.  A date twice in one file is a typing
 * slip and an error; a date in two files is a ward closure that falls on a
 * national holiday, and the first file in name order names it.
 */
static int
workcal_sort(struct workcal *wc, char **paths, char **cause)
{
	struct workcal_day	*prev, *cur;
	size_t			 i, out;

	/* qsort's array must not be NULL, even for no elements. */
	if (wc->ndays == 0)
		return 0;
	qsort(wc->days, wc->ndays, sizeof *wc->days, workcal_cmp);
	/*
	 * Check before compacting, so that on error every name is still
	 * owned by exactly one slot for workcal_free.
	 */
	for (i = 1; i < wc->ndays; i++) {
		prev = &wc->days[i - 1];
		cur = &wc->days[i];
		if (prev->key == cur->key && prev->file == cur->file) {
			xasprintf(cause, "%s:%d: duplicate date "
			    "%04d-%02d-%02d (first on line %d)",
			    paths[cur->file], cur->line, cur->key / 10000,
			    cur->key / 100 % 100, cur->key % 100, prev->line);
			return -1;
		}
	}
	for (i = 0, out = 0; i < wc->ndays; i++) {
		cur = &wc->days[i];
		if (out > 0 && wc->days[out - 1].key == cur->key) {
			free(cur->name);
			continue;
		}
		wc->days[out++] = *cur;
	}
	wc->ndays = out;
	return 0;
}

/* Lists visible *.csv files; editors leave hidden .#x.csv files around. */
static int
workcal_is_csv(const struct dirent *de)
{
	size_t	len = strlen(de->d_name);

	return de->d_name[0] != '.' && len > 4 &&
	    strcmp(de->d_name + len - 4, ".csv") == 0;
}

/* Reads every *.csv in dir, in name order.  Returns 0 or -1 with *cause. */
static int
workcal_read_dir(struct workcal *wc, const char *dir, char **cause)
{
	struct dirent	**list = NULL;
	char		**paths = NULL;
	int		  i, n, ret = -1;

	n = scandir(dir, &list, workcal_is_csv, alphasort);
	if (n < 0) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		return -1;
	}
	paths = xcalloc((size_t)n + 1, sizeof *paths);
	for (i = 0; i < n; i++)
		xasprintf(&paths[i], "%s/%s", dir, list[i]->d_name);
	for (i = 0; i < n; i++) {
		if (workcal_read(wc, paths[i], i, cause) != 0)
			goto out;
	}
	if (workcal_sort(wc, paths, cause) != 0)
		goto out;
	ret = 0;
out:
	for (i = 0; i < n; i++) {
		free(paths[i]);
		free(list[i]);
	}
	free(paths);
	free(list);
	return ret;
}

/*
 * Returns a working calendar: Monday to Friday, less the days in every
 * *.csv file in dir (header "date,name", dates YYYY-MM-DD), with working
 * hours [start_min, end_min) in minutes after local midnight.  A negative
 * start_min or end_min selects the default, 08:30 or 17:15.  dir may be
 * NULL, and a directory without *.csv files is allowed: there are then no
 * holidays.  The caller frees the result with workcal_free.
 *
 * Returns NULL on error, with *cause set to "file:line: reason" (or to
 * "dir: reason"), which the caller frees.
 */
struct workcal *
workcal_load(const char *dir, int start_min, int end_min, char **cause)
{
	struct workcal	*wc;

	*cause = NULL;
	if (start_min < 0)
		start_min = WORKCAL_START_DEFAULT;
	if (end_min < 0)
		end_min = WORKCAL_END_DEFAULT;
	if (start_min >= end_min || end_min > 24 * 60) {
		xasprintf(cause, "working hours %02d:%02d-%02d:%02d are not "
		    "a range within one day", start_min / 60, start_min % 60,
		    end_min / 60, end_min % 60);
		return NULL;
	}
	wc = xcalloc(1, sizeof *wc);
	wc->start_min = start_min;
	wc->end_min = end_min;
	if (dir != NULL && workcal_read_dir(wc, dir, cause) != 0) {
		workcal_free(wc);
		return NULL;
	}
	return wc;
}

/* Frees a calendar.  workcal_free(NULL) is a no-op. */
void
workcal_free(struct workcal *wc)
{
	size_t	i;

	if (wc == NULL)
		return;
	for (i = 0; i < wc->ndays; i++)
		free(wc->days[i].name);
	free(wc->days);
	free(wc);
}

static bool
workcal_valid(int y, int m, int d)
{
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= workcal_mdays(y, m);
}

static int
workcal_search(const void *key, const void *elem)
{
	const int			*k = key;
	const struct workcal_day	*day = elem;

	return *k < day->key ? -1 : *k > day->key;
}

/*
 * Returns the name of the holiday or closure on y-m-d (borrowed from the
 * calendar, valid until workcal_free), or NULL if there is none.
 */
const char *
workcal_holiday(const struct workcal *wc, int y, int m, int d)
{
	const struct workcal_day	*day;
	int				 key;

	if (wc->ndays == 0 || !workcal_valid(y, m, d))
		return NULL;
	key = workcal_key(y, m, d);
	day = bsearch(&key, wc->days, wc->ndays, sizeof *wc->days,
	    workcal_search);
	return day != NULL ? day->name : NULL;
}

/*
 * Returns true if y-m-d is a weekday that is not a holiday; false for
 * weekends, holidays and dates that do not exist.
 */
bool
workcal_is_working_day(const struct workcal *wc, int y, int m, int d)
{
	int	wday;

	if (!workcal_valid(y, m, d))
		return false;
	wday = workcal_wday(y, m, d);
	if (wday == 0 || wday == 6)
		return false;
	return workcal_holiday(wc, y, m, d) == NULL;
}

/*
 * OUT: tm, t in local time.  Returns 0, or -1 outside the years 1 to 9999,
 * where localtime_r may fail and date keys could overflow; callers pass
 * that on rather than read garbage.
 */
static int
workcal_tm(time_t t, struct tm *tm)
{
	if (localtime_r(&t, tm) == NULL)
		return -1;
	return tm->tm_year >= 1 - 1900 && tm->tm_year <= 9999 - 1900 ? 0 : -1;
}

/* OUT: the local date of t and its wall-clock seconds after midnight. */
static int
workcal_split(time_t t, int *y, int *m, int *d, int *sod)
{
	struct tm	tm;

	if (workcal_tm(t, &tm) != 0)
		return -1;
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
	*sod = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return 0;
}

/* Returns true if t is on a working day and inside the working hours. */
bool
workcal_in_hours(const struct workcal *wc, time_t t)
{
	int	y, m, d, sod;

	if (workcal_split(t, &y, &m, &d, &sod) != 0)
		return false;
	return sod >= wc->start_min * 60 && sod < wc->end_min * 60 &&
	    workcal_is_working_day(wc, y, m, d);
}

/*
 * Returns the latest minute at or before t inside working hours: t itself
 * if it is inside, else one minute before the end of the last working
 * period (Saturday 10:00 gives Friday 17:14).  A reminder moved there
 * still reaches people before they leave.  Returns (time_t)-1 if no
 * working day lies within 40 days before t, or t is out of range.
 */
time_t
workcal_prev_slot(const struct workcal *wc, time_t t)
{
	int	y, m, d, sod, i, last = wc->end_min - 1;

	if (workcal_split(t, &y, &m, &d, &sod) != 0)
		return (time_t)-1;
	if (workcal_is_working_day(wc, y, m, d)) {
		if (sod >= wc->end_min * 60)
			return workcal_local(y, m, d, 0, last, 0);
		if (sod >= wc->start_min * 60)
			return t;
	}
	for (i = 0; i < WORKCAL_SEARCH_DAYS; i++) {
		workcal_step(&y, &m, &d, -1);
		if (workcal_is_working_day(wc, y, m, d))
			return workcal_local(y, m, d, 0, last, 0);
	}
	return (time_t)-1;
}

/*
 * Returns the earliest instant at or after t inside working hours: t
 * itself if it is inside, else the start of the next working period
 * (07:00 on a working day gives 08:30 that day, Saturday gives Monday
 * 08:30).  Returns (time_t)-1 if no working day lies within 40 days, or
 * t is out of range.
 */
time_t
workcal_next_slot(const struct workcal *wc, time_t t)
{
	int	y, m, d, sod, i;

	if (workcal_split(t, &y, &m, &d, &sod) != 0)
		return (time_t)-1;
	if (workcal_is_working_day(wc, y, m, d)) {
		if (sod < wc->start_min * 60)
			return workcal_local(y, m, d, 0, wc->start_min, 0);
		if (sod < wc->end_min * 60)
			return t;
	}
	for (i = 0; i < WORKCAL_SEARCH_DAYS; i++) {
		workcal_step(&y, &m, &d, 1);
		if (workcal_is_working_day(wc, y, m, d))
			return workcal_local(y, m, d, 0, wc->start_min, 0);
	}
	return (time_t)-1;
}

/*
 * Returns the local wall-clock time minutes after midnight on t's local
 * day (510 is 08:30).  minutes past a day's end roll into the next day.
 * Returns (time_t)-1 if t is out of range.
 */
time_t
workcal_day_at(const struct workcal *wc, time_t t, int minutes)
{
	int	y, m, d, sod;

	(void)wc;
	if (workcal_split(t, &y, &m, &d, &sod) != 0)
		return (time_t)-1;
	return workcal_local(y, m, d, 0, minutes, 0);
}

/*
 * Returns the same local time of day as t on the n-th working day after
 * t's day (n > 0) or before it (n < 0); t's own day need not be a working
 * day.  n == 0 returns t.  Returns (time_t)-1 if some step finds no working
 * day within 40 days, or t is out of range.  The cost grows with |n|.
 */
time_t
workcal_add_working_days(const struct workcal *wc, time_t t, int n)
{
	struct tm	tm;
	long		left;
	int		y, m, d, dir, gap;

	if (n == 0)
		return t;
	if (workcal_tm(t, &tm) != 0)
		return (time_t)-1;
	y = tm.tm_year + 1900;
	m = tm.tm_mon + 1;
	d = tm.tm_mday;
	dir = n > 0 ? 1 : -1;
	left = n > 0 ? (long)n : -(long)n;
	while (left > 0) {
		gap = 0;
		do {
			if (++gap > WORKCAL_SEARCH_DAYS || y > 9999 || y < 1)
				return (time_t)-1;
			workcal_step(&y, &m, &d, dir);
		} while (!workcal_is_working_day(wc, y, m, d));
		left--;
	}
	return workcal_local(y, m, d, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Parses H:MM or HH:MM up to 24:00.  Returns the rest of s, or NULL. */
static const char *
workcal_parse_hm(const char *s, int *min)
{
	int	h, mm;

	if (!isdigit((unsigned char)s[0]))
		return NULL;
	h = *s++ - '0';
	if (isdigit((unsigned char)*s))
		h = h * 10 + (*s++ - '0');
	if (s[0] != ':' || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]))
		return NULL;
	mm = (s[1] - '0') * 10 + (s[2] - '0');
	if (mm > 59 || h > 24 || (h == 24 && mm != 0))
		return NULL;
	*min = h * 60 + mm;
	return s + 3;
}

/*
 * Parses working hours written "08:30-17:15" (hours may have one digit;
 * the end may be 24:00; no blanks).  Returns 0, or -1 if s is malformed or
 * the range is empty, leaving the outputs alone.
 *
 * OUT: start_min, end_min, in minutes after midnight.
 */
int
workcal_parse_hours(const char *s, int *start_min, int *end_min)
{
	const char	*p;
	int		 a, b;

	p = workcal_parse_hm(s, &a);
	if (p == NULL || *p != '-')
		return -1;
	p = workcal_parse_hm(p + 1, &b);
	if (p == NULL || *p != '\0' || a >= b)
		return -1;
	*start_min = a;
	*end_min = b;
	return 0;
}
