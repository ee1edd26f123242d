/*
 * enroll.c: `yellctl enroll EMPLOYEE CODE [CLASS]`, HR enrolling someone
 * whatever the course's target says (chat's enroll keeps to the target):
 * a seat in the class named or the first upcoming one with a seat, else
 * its waitlist; a course without classes records the enrolment.  The
 * person is told and reminders are planned, in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "yellctl.h"

/* The class named, or the first upcoming one with a seat, else the first
 * upcoming one; NULL (message printed) if there is none. */
static struct class *
yellctl_enroll_pick(struct yellctl *y, const struct course *c,
    const char *want)
{
	struct class	*k, *pick = NULL;
	size_t		 n, i;
	int		 first = -1, free_seat = -1;

	k = q_class_list(y->db, c->id, &n);
	for (i = 0; i < n; i++) {
		if (k[i].cancelled || k[i].starts_at <= clock_now())
			continue;
		if (want != NULL && strcasecmp(k[i].key, want) != 0)
			continue;
		if (first < 0)
			first = (int)i;
		if (free_seat < 0 && (k[i].capacity <= 0 ||
		    k[i].enrolled < k[i].capacity))
			free_seat = (int)i;
	}
	if (free_seat >= 0 || first >= 0)
		pick = q_class_get(y->db, k[free_seat >= 0 ? free_seat :
		    first].id);
	else
		fprintf(stderr, "yellctl: %s has no upcoming class%s%s\n",
		    c->code, want != NULL ? " " : "", want != NULL ? want : "");
	class_array_free(k, n);
	return pick;
}

static size_t
yellctl_enroll_nclasses(struct yellctl *y, const struct course *c)
{
	struct class	*k;
	size_t		 n;

	k = q_class_list(y->db, c->id, &n);
	class_array_free(k, n);
	return n;
}

/* Writes the enrolment and its notice.  Returns 0 or EX_SOFTWARE_. */
static int
yellctl_enroll_write(struct yellctl *y, const char *who,
    const struct course *c, const struct class *k)
{
	struct yellctl_notify	*n;
	const char		*status = "enrolled";
	char			*cause = NULL, *key, *when;
	int64_t			 id;
	int			 rc = EX_SOFTWARE_;

	if ((n = yellctl_notify_open(y, &cause)) == NULL) {
		fprintf(stderr, "yellctl: %s\n", cause);
		free(cause);
		return EX_CONFIG_;
	}
	if (k != NULL && k->capacity > 0 && k->enrolled >= k->capacity)
		status = "waitlisted";
	when = k == NULL ? xstrdup(c->window_label != NULL ?
	    c->window_label : "-") : k->times_known ?
	    clock_format_datetime(k->starts_at) : clock_format_date(
	    k->starts_at);
	xasprintf(&key, "hrenroll:%s:%lld", who, (long long)c->id);
	if (db_begin(y->db) == 0 && q_enroll_insert(y->db, who, c->id,
	    k != NULL ? k->id : 0, status, "hr", clock_now(), &id) == 0 &&
	    yellctl_replan(y, n, id) == 0 && yellctl_notify(n, who, key,
	    "notice.hr_enrolled", "title", c->title, "code", c->code, "when",
	    when, NULL) == 0 && q_audit(y->db, "yellctl", "enroll", c->code,
	    clock_now()) == 0 && db_commit(y->db) == 0)
		rc = 0;
	else
		db_rollback(y->db);
	if (rc == 0)
		printf("%s %s in %s%s%s\n", who, status, c->code,
		    k != NULL ? " class " : "", k != NULL ? k->key : "");
	free(key);
	free(when);
	yellctl_notify_close(n);
	return rc;
}

int
yellctl_enroll(struct yellctl *y, int argc, char **argv)
{
	struct course		*c = NULL;
	struct class		*k = NULL;
	struct enrollment	 e;
	int			 rc;

	memset(&e, 0, sizeof e);
	if (argc != 2 && argc != 3)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	rc = EX_DATAERR_;
	if (q_staff_exists(y->db, argv[0]) != 1)
		fprintf(stderr, "yellctl: unknown employee_id %s\n", argv[0]);
	else if ((c = q_course_get(y->db, clock_fiscal_year(clock_now()),
	    argv[1])) == NULL)
		fprintf(stderr, "yellctl: no course %s this fiscal year\n",
		    argv[1]);
	else if (q_enroll_active(y->db, argv[0], c->id, &e) == 1)
		fprintf(stderr, "yellctl: %s is already %s in %s\n", argv[0],
		    e.status, c->code);
	else if (yellctl_enroll_nclasses(y, c) > 0 &&
	    (k = yellctl_enroll_pick(y, c, argc == 3 ? argv[2] : NULL)) ==
	    NULL)
		;
	else
		rc = yellctl_enroll_write(y, argv[0], c, k);
	class_array_free(k, k != NULL ? 1 : 0);
	enrollment_clear(&e);
	course_free(c);
	return rc;
}
