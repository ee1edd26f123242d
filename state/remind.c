/*
 * remind.c: plans the reminders of one enrolment, as rows of the reminder
 * table, from the reminder policy and the working calendar.
 *
 * A class is reminded at each offset before its first day (by default 7
 * days before, the previous working day, and the morning of); a course run
 * over a period (e-learning) at its start, weekly, and 3 working days before
 * its end.  Every time is moved back to the previous working slot, never
 * dropped, so nobody is pinged at night, at weekends or on holidays.
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

/* When the reminder at offset o for a class starting at start is due. */
static time_t
remind_class_due(const struct workcal *cal, const struct remind_policy *p,
    const struct remind_offset *o, time_t start)
{
	time_t	due;

	if (o->n == 0) {
		due = workcal_day_at(cal, start, p->work_start_min);
		if (due > start)	/* a class before office hours */
			due = start;
	} else if (o->working)
		due = workcal_day_at(cal, workcal_add_working_days(cal, start,
		    -o->n), p->time_min);
	else
		due = workcal_day_at(cal, start - o->n * REMIND_DAY,
		    p->time_min);
	return workcal_prev_slot(cal, due);
}

static int
remind_add(struct db *db, int64_t id, const char *what, long long at,
    time_t due, time_t until, time_t now)
{
	char	kind[64];

	if (due <= now || due >= until)
		return 0;	/* too late already: the confirmation says it */
	snprintf(kind, sizeof kind, "%s@%lld", what, at);
	return q_reminder_add(db, id, kind, due, until);
}

static int
remind_class(struct db *db, const struct workcal *cal,
    const struct remind_policy *p, const struct enrollment *e, time_t now)
{
	char	what[16];
	size_t	i;

	for (i = 0; i < p->noffsets; i++) {
		snprintf(what, sizeof what, "%d%s", p->offsets[i].n,
		    p->offsets[i].working ? "wd" : "d");
		if (remind_add(db, e->id, what, (long long)e->starts_at,
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
    const struct course *c, time_t now)
{
	time_t	start, ending, due, next;
	char	what[16];
	int	week;

	start = workcal_next_slot(cal, workcal_day_at(cal, c->window_from,
	    p->time_min));
	ending = workcal_prev_slot(cal, workcal_day_at(cal,
	    workcal_add_working_days(cal, c->window_to - REMIND_DAY,
	    -REMIND_ENDING_WDAYS), p->time_min));
	if (remind_add(db, e->id, "start", (long long)c->window_from, start,
	    c->window_to, now) != 0)
		return -1;
	for (week = 1; week <= REMIND_MAX_WEEKLY; week++) {
		due = workcal_prev_slot(cal, start + week * 7 * REMIND_DAY);
		if (due >= ending)
			break;
		/* A weekly reminder is stale once the next one is due. */
		next = workcal_prev_slot(cal, start + (week + 1) * 7 *
		    REMIND_DAY);
		snprintf(what, sizeof what, "week%d", week);
		if (remind_add(db, e->id, what, (long long)c->window_from, due,
		    next < ending ? next : ending, now) != 0)
			return -1;
	}
	return remind_add(db, e->id, "ending", (long long)c->window_to, ending,
	    c->window_to, now);
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
	struct enrollment	*e;
	struct course		*c = NULL;
	int			 rc = -1;

	if ((e = q_enroll_get(db, enrollment_id)) == NULL)
		return -1;
	if (q_reminder_drop(db, enrollment_id) != 0)
		goto out;
	rc = 0;
	if (strcmp(e->status, "enrolled") != 0)
		goto out;
	if (e->class_id != 0) {
		rc = remind_class(db, cal, p, e, now);
		goto out;
	}
	if ((c = q_course_by_id(db, e->course_id)) == NULL) {
		rc = -1;
		goto out;
	}
	if (c->window_kind != NULL && strcmp(c->window_kind, "period") == 0)
		rc = remind_period(db, cal, p, e, c, now);
out:
	course_free(c);
	enrollment_array_free(e, 1);
	return rc;
}
