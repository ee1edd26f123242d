/*
 * completions.c: `yellctl completions import FILE.csv`, who finished which
 * course.  Columns (header row, any order): employee_id, course, and
 * optionally fiscal_year (default: this one) and completed_on (YYYY-MM-DD,
 * default: today).  Every bad row is reported with its line number and a
 * file with errors changes nothing.  A completion stops the course's
 * reminders and counts as "taken" for recommendations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

enum { COMP_EMPLOYEE, COMP_COURSE, COMP_FY, COMP_DATE, COMP_NCOLS };
static const char *const comp_columns[COMP_NCOLS] = { "employee_id",
    "course", "fiscal_year", "completed_on" };

struct comp_row {
	char	*employee_id;
	int64_t	 course_id;
	time_t	 when;
};

struct comp_file {
	struct comp_row	*rows;
	size_t		 n;
	struct table	 t;
	struct yellctl	*y;
};


/* Checks one row.  Returns the course id, or 0 with the error printed. */
static int64_t
comp_check(struct yellctl *y, struct comp_file *f, int line, char **fields,
    size_t n, time_t *when)
{
	const char	*who, *code, *fys, *date;
	struct course	*c;
	int64_t		 id;
	int		 fy = clock_fiscal_year(clock_now()), yy, mm, dd;

	who = table_field(&f->t, fields, n, COMP_EMPLOYEE);
	code = table_field(&f->t, fields, n, COMP_COURSE);
	fys = table_field(&f->t, fields, n, COMP_FY);
	date = table_field(&f->t, fields, n, COMP_DATE);
	*when = clock_now();
	if (who == NULL || q_staff_exists(y->db, who) != 1) {
		table_error(&f->t, line, "unknown employee_id \"%s\"",
		    who != NULL ? who : "");
		return 0;
	}
	if (fys != NULL && (fy = atoi(fys)) < 2000) {
		table_error(&f->t, line, "bad fiscal_year \"%s\"", fys);
		return 0;
	}
	if (date != NULL && clock_parse_date(date, &yy, &mm, &dd) != 0) {
		table_error(&f->t, line, "completed_on \"%s\" is not a date "
		    "written YYYY-MM-DD", date);
		return 0;
	}
	if (date != NULL)
		*when = clock_from_local(yy, mm, dd, 12, 0);
	if (code == NULL || (c = q_course_get(y->db, fy, code)) == NULL) {
		table_error(&f->t, line, "unknown course \"%s\" in FY%d",
		    code != NULL ? code : "", fy);
		return 0;
	}
	id = c->id;
	course_free(c);
	return id;
}

/* Adds a good row to f->rows. */
static void
comp_row(void *arg, int line, char **fields, size_t n)
{
	struct comp_file	*f = arg;
	struct yellctl		*y = f->y;
	int64_t			 course_id;
	time_t			 when;

	if ((course_id = comp_check(y, f, line, fields, n, &when)) == 0)
		return;
	f->rows = xrealloc(f->rows, (f->n + 1) * sizeof *f->rows);
	f->rows[f->n].employee_id = xstrdup(table_field(&f->t, fields, n,
	    COMP_EMPLOYEE));
	f->rows[f->n].course_id = course_id;
	f->rows[f->n].when = when;
	f->n++;
}

/* Records every row in one transaction.  Returns 0 or EX_SOFTWARE_. */
static int
comp_add(void *arg, size_t i)
{
	struct comp_file	*f = arg;

	return q_enroll_complete(f->y->db, f->rows[i].employee_id,
	    f->rows[i].course_id, f->rows[i].when);
}

int
yellctl_completions_import(struct yellctl *y, int argc, char **argv)
{
	struct comp_file	f;
	size_t			i;
	int			rc;

	if (argc != 1)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	memset(&f, 0, sizeof f);
	f.y = y;
	rc = table_import(&f.t, argv[0], comp_columns, COMP_NCOLS, comp_row,
	    &f);
	if (rc == 0 && (rc = table_write(y, f.n, comp_add, &f, NULL)) == 0)
		printf("recorded %zu completions\n", f.n);
	for (i = 0; i < f.n; i++)
		free(f.rows[i].employee_id);
	free(f.rows);
	return rc;
}
