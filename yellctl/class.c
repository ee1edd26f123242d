/*
 * class.c: `yellctl class move|cancel`.  A class that changes tells the
 * people enrolled and re-plans their reminders, in one transaction with the
 * change itself.  A move to a past date, a day off or another fiscal year
 * needs --force; moving a cancelled class needs --reopen; a class is
 * cancelled once.  `class capacity` sets the seats of one class.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

struct yellctl_class {
	struct course	*course;
	struct class	*class;
	bool		 force;		/* --force */
	bool		 reopen;	/* --reopen */
};

/* Takes --force and --reopen out of argv.  Returns the new argc. */
static int
yellctl_class_flags(int argc, char **argv, struct yellctl_class *k)
{
	int	i, n = 0;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			k->force = true;
		else if (strcmp(argv[i], "--reopen") == 0)
			k->reopen = true;
		else
			argv[n++] = argv[i];
	}
	return n;
}

/* Parses "CODE CLASS ... [--year YEAR]"; finds both.  0 or an exit code. */
static int
yellctl_class_find(struct yellctl *y, int argc, char **argv,
    struct yellctl_class *k)
{
	struct class	*all;
	size_t		 n, i;
	long		 fy = clock_fiscal_year(clock_now());
	char		*end;

	if (argc >= 2 && strcmp(argv[argc - 2], "--year") == 0) {
		fy = strtol(argv[argc - 1], &end, 10);
		if (*end != '\0' || fy < 2000)
			return EX_USAGE_;
	}
	if ((k->course = q_course_get(y->db, (int)fy, argv[0])) == NULL) {
		fprintf(stderr, "yellctl: no course %s in FY%ld\n", argv[0], fy);
		return EX_DATAERR_;
	}
	all = q_class_list(y->db, k->course->id, &n);
	for (i = 0; i < n && k->class == NULL; i++) {
		if (strcmp(all[i].key, argv[1]) == 0)
			k->class = q_class_get(y->db, all[i].id);
	}
	class_array_free(all, n);
	if (k->class == NULL) {
		fprintf(stderr, "yellctl: course %s has no class %s\n", argv[0],
		    argv[1]);
		return EX_DATAERR_;
	}
	return 0;
}

static void
yellctl_class_free(struct yellctl_class *k)
{
	course_free(k->course);
	class_array_free(k->class, k->class != NULL ? 1 : 0);
}

/* Tells everyone in the class, and re-plans or cancels each enrolment. */
static int
yellctl_class_tell(struct yellctl *y, struct yellctl_notify *n,
    const struct yellctl_class *k, bool cancelled)
{
	struct enrollment	*e;
	size_t			 count, i;
	char			*when, *key;
	int			 rc = 0;

	e = q_enroll_of_class(y->db, k->class->id, &count);
	/* The plan gives most classes no time: say the date alone then. */
	when = k->class->times_known ? clock_format_datetime(
	    k->class->starts_at) : clock_format_date(k->class->starts_at);
	for (i = 0; i < count && rc == 0; i++) {
		xasprintf(&key, "class%s:%lld:%lld:%lld", cancelled ?
		    "cancel" : "move", (long long)k->class->id,
		    (long long)k->class->starts_at, (long long)e[i].id);
		rc = yellctl_notify(n, e[i].employee_id, key, cancelled ?
		    "notice.class_cancelled" : "notice.class_moved", "title",
		    k->course->title, "when", when, NULL);
		if (rc == 0 && cancelled)
			rc = q_enroll_set(y->db, e[i].id, "cancelled", 0,
			    clock_now());
		if (rc == 0)
			rc = yellctl_replan(y, n, e[i].id);
		free(key);
	}
	free(when);
	enrollment_array_free(e, count);
	return rc == 0 ? (int)count : -1;
}

/*
 * A reopened class: those whose enrolment its cancellation ended are told
 * it is back and how to enrol again.  Returns how many, or -1.
 */
static int
yellctl_class_tell_reopened(struct yellctl *y, struct yellctl_notify *n,
    const struct yellctl_class *k)
{
	struct enrollment	*e;
	size_t			 count, i;
	char			*when, *key;
	int			 rc = 0;

	e = q_enroll_of_cancelled_class(y->db, k->class->id, &count);
	when = k->class->times_known ? clock_format_datetime(
	    k->class->starts_at) : clock_format_date(k->class->starts_at);
	for (i = 0; i < count && rc == 0; i++) {
		xasprintf(&key, "classreopen:%lld:%d:%lld",
		    (long long)k->class->id, k->class->revision,
		    (long long)e[i].id);
		rc = yellctl_notify(n, e[i].employee_id, key,
		    "notice.class_reopened", "title", k->course->title,
		    "when", when, "code", k->course->code, NULL);
		free(key);
	}
	free(when);
	enrollment_array_free(e, count);
	return rc == 0 ? (int)count : -1;
}

/* Runs the change and the notices in one transaction. */
static int
yellctl_class_change(struct yellctl *y, struct yellctl_class *k,
    time_t delta, bool cancel)
{
	struct yellctl_notify	*n;
	struct class		*moved;
	char			*cause = NULL;
	int			 told = -1, back;

	if ((n = yellctl_notify_open(y, &cause)) == NULL) {
		fprintf(stderr, "yellctl: %s\n", cause);
		free(cause);
		return EX_CONFIG_;
	}
	if (db_begin(y->db) != 0)
		goto out;
	if ((cancel ? q_class_cancel(y->db, k->class->id) :
	    q_class_move(y->db, k->class->id, delta)) == 0 &&
	    (!k->reopen || q_class_reopen(y->db, k->class->id) == 0) &&
	    (moved = q_class_get(y->db, k->class->id)) != NULL) {
		class_array_free(k->class, 1);
		k->class = moved;
		told = yellctl_class_tell(y, n, k, cancel);
		if (told >= 0 && k->reopen && (back =
		    yellctl_class_tell_reopened(y, n, k)) >= 0)
			told += back;
		else if (k->reopen)
			told = -1;
	}
	if (told < 0 || db_commit(y->db) != 0) {
		db_rollback(y->db);
		told = -1;
	}
out:
	yellctl_notify_close(n);
	if (told < 0) {
		fprintf(stderr, "yellctl: the change failed; nothing changed\n");
		return EX_SOFTWARE_;
	}
	printf("%s class %s %s; %d people told\n", k->course->code,
	    k->class->key, cancel ? "cancelled" : k->reopen ?
	    "moved and reopened" : "moved", told);
	return 0;
}

/*
 * Refuses a move that is probably a typing mistake: a past date, a day
 * off (weekend or holiday), or a date outside the course's fiscal year.
 * Returns 0, or EX_DATAERR_ with the reason printed.
 */
static int
yellctl_class_check(struct yellctl *y, const struct yellctl_class *k,
    time_t to)
{
	struct workcal		*cal = NULL;
	struct remind_policy	 policy;
	struct tm		 tm;
	char			*cause = NULL;
	const char		*why = NULL;

	if (k->class->cancelled && !k->reopen) {
		fprintf(stderr, "yellctl: %s class %s is cancelled; pass "
		    "--reopen to move it and schedule it again\n",
		    k->course->code, k->class->key);
		return EX_DATAERR_;
	}
	clock_local(to, &tm);
	if (calendar_load(y->cfg, &cal, &policy, &cause) != 0) {
		fprintf(stderr, "yellctl: %s\n", cause);
		free(cause);
		return EX_CONFIG_;
	}
	if (to <= clock_now())
		why = "is in the past";
	else if (clock_fiscal_year(to) != k->course->fiscal_year)
		why = "is outside the course's fiscal year";
	else if (!workcal_is_working_day(cal, tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday))
		why = "is not a working day (weekend or holiday)";
	workcal_free(cal);
	if (why == NULL || k->force)
		return 0;
	fprintf(stderr, "yellctl: %04d-%02d-%02d %s; pass --force if it is "
	    "meant\n", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, why);
	return EX_DATAERR_;
}

int
yellctl_class_move(struct yellctl *y, int argc, char **argv)
{
	struct yellctl_class	k;
	time_t			to;
	struct tm		tm;
	char			*when;
	int			rc;

	memset(&k, 0, sizeof k);
	argc = yellctl_class_flags(argc, argv, &k);
	if (argc != 3 && argc != 5)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if ((rc = yellctl_class_find(y, argc, argv, &k)) != 0)
		goto out;
	/* A date alone keeps the class's time of day. */
	if (strlen(argv[2]) == 10) {
		clock_local(k.class->starts_at, &tm);
		xasprintf(&when, "%s %02d:%02d", argv[2], tm.tm_hour,
		    tm.tm_min);
	} else
		when = xstrdup(argv[2]);
	if (clock_parse(when, &to) != 0) {
		fprintf(stderr, "yellctl: \"%s\": expected YYYY-MM-DD or "
		    "'YYYY-MM-DD HH:MM'\n", argv[2]);
		rc = EX_DATAERR_;
	} else if ((rc = yellctl_class_check(y, &k, to)) == 0)
		rc = yellctl_class_change(y, &k, to - k.class->starts_at,
		    false);
	free(when);
out:
	yellctl_class_free(&k);
	return rc;
}

int
yellctl_class_cancel(struct yellctl *y, int argc, char **argv)
{
	struct yellctl_class	k;
	int			rc;

	memset(&k, 0, sizeof k);
	if (argc != 2 && argc != 4)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if ((rc = yellctl_class_find(y, argc, argv, &k)) == 0 &&
	    k.class->cancelled) {
		fprintf(stderr, "yellctl: %s class %s is already cancelled; "
		    "nothing changed\n", k.course->code, k.class->key);
		rc = EX_DATAERR_;
	} else if (rc == 0)
		rc = yellctl_class_change(y, &k, 0, true);
	yellctl_class_free(&k);
	return rc;
}

/*
 * `class capacity CODE CLASS N|none [--year YEAR]`: the seats of one
 * class, kept across catalogue imports.  Fewer seats than people enrolled
 * is refused: nobody loses a seat they have.
 */
int
yellctl_class_capacity(struct yellctl *y, int argc, char **argv)
{
	struct yellctl_class	k;
	char			*end, *val;
	long			cap = -1;
	int			rc;

	memset(&k, 0, sizeof k);
	if (argc != 3 && argc != 5)
		return EX_USAGE_;
	val = argv[2];
	if (strcmp(val, "none") != 0 && ((cap = strtol(val, &end, 10)) < 1 ||
	    cap > 100000 || *end != '\0')) {
		fprintf(stderr, "yellctl: \"%s\": expected a number of seats "
		    "or none\n", val);
		return EX_DATAERR_;
	}
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if ((rc = yellctl_class_find(y, argc, argv, &k)) != 0)
		goto out;
	if (cap > 0 && k.class->enrolled > cap) {
		fprintf(stderr, "yellctl: %s class %s has %d people enrolled; "
		    "nothing changed\n", k.course->code, k.class->key,
		    k.class->enrolled);
		rc = EX_DATAERR_;
	} else if (q_class_set_capacity(y->db, k.class->id, (int)cap) != 0)
		rc = EX_SOFTWARE_;
	else if (cap > 0)
		printf("%s class %s: %ld seats\n", k.course->code,
		    k.class->key, cap);
	else
		printf("%s class %s: no seat limit\n", k.course->code,
		    k.class->key);
out:
	yellctl_class_free(&k);
	return rc;
}
