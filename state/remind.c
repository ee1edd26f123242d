/*
 * remind.c: plans the reminders of one enrolment, as rows of the reminder
 * table, from the reminder policy and the working calendar.
 *
 * One policy, for classes and periods alike:
 * - a reminder "N days before" goes out at [reminders] time (09:00) on
 *   that day; a day off moves it to the previous working day, at the same
 *   time, never to the evening before;
 * - the morning-of reminder goes out at the start of working hours
 *   (08:30) on the class's day, if that is before the class starts; a
 *   class at 08:00 has none (the working day before covers it);
 * - a period (e-learning) is reminded on its first working day, weekly,
 *   and 3 working days before its end, each at [reminders] time;
 * - two reminders that land on the same day are one, and a reminder
 *   already in the past is not planned.  remind_plan_count says how many
 *   were planned, so that a confirmation promises only those.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

#define REMIND_DAY		(24 * 3600)
#define REMIND_ENDING_WDAYS	3	/* before a period's end */
#define REMIND_MAX_WEEKLY	60

/*
 * Parses "7d, 1wd, 0d": calendar days (d) or working days (wd) before a
 * class; 0d is the morning of the first day.  Returns 0 or -1.
 */
int
remind_parse_offsets(const char *s, struct remind_policy *p)
{
	const char	*q = s;
	char		*end;
	long		 n;

	p->noffsets = 0;
	while (*q != '\0') {
		while (*q == ' ' || *q == ',')
			q++;
		if (*q == '\0')
			break;
		if (!isdigit((unsigned char)*q))
			return -1;
		n = strtol(q, &end, 10);
		if (n > 60 || p->noffsets == REMIND_MAX_OFFSETS)
			return -1;
		p->offsets[p->noffsets].n = (int)n;
		if (strncmp(end, "wd", 2) == 0) {
			p->offsets[p->noffsets].working = true;
			q = end + 2;
		} else if (*end == 'd') {
			p->offsets[p->noffsets].working = false;
			q = end + 1;
		} else
			return -1;
		if (*q != '\0' && *q != ',' && *q != ' ')
			return -1;
		p->noffsets++;
	}
	return p->noffsets > 0 ? 0 : -1;
}

static bool
remind_working(const struct workcal *cal, time_t t)
{
	struct tm	tm;

	clock_local(t, &tm);
	return workcal_is_working_day(cal, tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

/* The working day at or before (dir -1) or after (dir 1) t's day. */
static time_t
remind_working_day(const struct workcal *cal, time_t t, int dir)
{
	int	i;

	for (i = 0; i < 40 && !remind_working(cal, t); i++)
		t += dir * REMIND_DAY;
	return t;
}

/*
 * When the reminder at offset o for a class starting at start is due, or
 * -1 for none (a morning-of reminder for a class before office hours).
 */
static time_t
remind_class_due(const struct workcal *cal, const struct remind_policy *p,
    const struct remind_offset *o, time_t start)
{
	time_t	day, due;

	if (o->n == 0) {
		due = workcal_day_at(cal, start, p->work_start_min);
		return remind_working(cal, start) && due < start ? due : -1;
	}
	day = o->working ? workcal_add_working_days(cal, start, -o->n) :
	    start - o->n * REMIND_DAY;
	return workcal_day_at(cal, remind_working_day(cal, day, -1),
	    p->time_min);
}

/* Whether a reminder is already planned on due's local day. */
static bool
remind_same_day(const time_t *planned, size_t n, time_t due)
{
	struct tm	a, b;
	size_t		i;

	clock_local(due, &a);
	for (i = 0; i < n; i++) {
		clock_local(planned[i], &b);
		if (a.tm_year == b.tm_year && a.tm_yday == b.tm_yday)
			return true;
	}
	return false;
}

/* What one plan has added so far. */
struct remind_acc {
	time_t	 planned[REMIND_MAX_OFFSETS + REMIND_MAX_WEEKLY + 2];
	size_t	 n;
};

static int
remind_add(struct db *db, struct remind_acc *acc, int64_t id,
    const char *what, long long at, time_t due, time_t until, time_t now)
{
	char	kind[64];

	if (due == (time_t)-1 || due <= now || due >= until)
		return 0;	/* none, or too late already */
	if (remind_same_day(acc->planned, acc->n, due))
		return 0;	/* one reminder a day is enough */
	snprintf(kind, sizeof kind, "%s@%lld", what, at);
	if (q_reminder_add(db, id, kind, due, until) != 0)
		return -1;
	if (acc->n < sizeof acc->planned / sizeof acc->planned[0])
		acc->planned[acc->n++] = due;
	return 0;
}

static int
remind_class(struct db *db, const struct workcal *cal,
    const struct remind_policy *p, const struct enrollment *e, time_t now,
    struct remind_acc *acc)
{
	char	what[16];
	size_t	i;

	for (i = 0; i < p->noffsets; i++) {
		snprintf(what, sizeof what, "%d%s", p->offsets[i].n,
		    p->offsets[i].working ? "wd" : "d");
		if (remind_add(db, acc, e->id, what, (long long)e->starts_at,
		    remind_class_due(cal, p, &p->offsets[i], e->starts_at),
		    e->starts_at, now) != 0)
			return -1;
	}
	return 0;
}

/* A period (e-learning): the start, weekly, and 3 working days before end. */
static int
remind_period(struct db *db, const struct workcal *cal,
    const struct remind_policy *p, const struct enrollment *e,
    const struct course *c, time_t now, struct remind_acc *acc)
{
	time_t	start, ending, due, next;
	char	what[16];
	int	week;

	start = workcal_day_at(cal, remind_working_day(cal, c->window_from, 1),
	    p->time_min);
	ending = workcal_day_at(cal, workcal_add_working_days(cal,
	    c->window_to - REMIND_DAY, -REMIND_ENDING_WDAYS), p->time_min);
	if (remind_add(db, acc, e->id, "start", (long long)c->window_from,
	    start, c->window_to, now) != 0)
		return -1;
	for (week = 1; week <= REMIND_MAX_WEEKLY; week++) {
		due = workcal_day_at(cal, remind_working_day(cal, start +
		    week * 7 * REMIND_DAY, -1), p->time_min);
		if (due >= ending)
			break;
		/* A weekly reminder is stale once the next one is due. */
		next = workcal_day_at(cal, remind_working_day(cal, start +
		    (week + 1) * 7 * REMIND_DAY, -1), p->time_min);
		snprintf(what, sizeof what, "week%d", week);
		if (remind_add(db, acc, e->id, what, (long long)c->window_from,
		    due, next < ending ? next : ending, now) != 0)
			return -1;
	}
	return remind_add(db, acc, e->id, "ending", (long long)c->window_to,
	    ending, c->window_to, now);
}

/*
 * Plans (or re-plans, after a move) the reminders of an enrolment inside
 * the caller's transaction: pending ones are dropped, then every reminder
 * still ahead of now is added.  Sent ones stay sent.  Returns 0 or -1.
 */
int
remind_plan(struct db *db, const struct workcal *cal,
    const struct remind_policy *p, int64_t enrollment_id, time_t now)
{
	int	n;

	return remind_plan_count(db, cal, p, enrollment_id, now, &n);
}

/*
 * remind_plan, and OUT: *planned, how many reminders it planned, so that
 * a confirmation promises only what will be sent.
 */
int
remind_plan_count(struct db *db, const struct workcal *cal,
    const struct remind_policy *p, int64_t enrollment_id, time_t now,
    int *planned)
{
	struct enrollment	*e;
	struct course		*c = NULL;
	struct remind_acc	 acc;
	int			 rc = -1;

	acc.n = 0;
	*planned = 0;
	if ((e = q_enroll_get(db, enrollment_id)) == NULL)
		return -1;
	if (q_reminder_drop(db, enrollment_id) != 0)
		goto out;
	rc = 0;
	if (strcmp(e->status, "enrolled") != 0)
		goto out;
	if (e->class_id != 0) {
		rc = remind_class(db, cal, p, e, now, &acc);
		goto out;
	}
	if ((c = q_course_by_id(db, e->course_id)) == NULL) {
		rc = -1;
		goto out;
	}
	if (c->window_kind != NULL && strcmp(c->window_kind, "period") == 0)
		rc = remind_period(db, cal, p, e, c, now, &acc);
out:
	*planned = (int)acc.n;
	course_free(c);
	enrollment_array_free(e, 1);
	return rc;
}
