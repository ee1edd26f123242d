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
	size_t		 errors;
	int		 col[COMP_NCOLS];	/* field index, -1 if absent */
};

static void
comp_error(struct comp_file *f, const char *path, int line, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
comp_error(struct comp_file *f, const char *path, int line, const char *fmt,
    ...)
{
	va_list	ap;

	fprintf(stderr, "%s:%d: ", path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	f->errors++;
}

static int
comp_header(struct comp_file *f, const char *path, char **fields, size_t n)
{
	size_t	i, c;

	for (c = 0; c < COMP_NCOLS; c++)
		f->col[c] = -1;
	for (i = 0; i < n; i++) {
		for (c = 0; c < COMP_NCOLS; c++) {
			if (strcmp(fields[i], comp_columns[c]) == 0)
				f->col[c] = (int)i;
		}
	}
	if (f->col[COMP_EMPLOYEE] < 0 || f->col[COMP_COURSE] < 0) {
		comp_error(f, path, 1, "the header needs the columns "
		    "employee_id and course");
		return -1;
	}
	return 0;
}

static const char *
comp_field(const struct comp_file *f, char **fields, size_t n, int c)
{
	if (f->col[c] < 0 || (size_t)f->col[c] >= n || *fields[f->col[c]] ==
	    '\0')
		return NULL;
	return fields[f->col[c]];
}

/* Checks one row.  Returns the course id, or 0 with the error printed. */
static int64_t
comp_check(struct yellctl *y, struct comp_file *f, const char *path, int line,
    char **fields, size_t n, time_t *when)
{
	const char	*who, *code, *fys, *date;
	struct course	*c;
	int64_t		 id;
	int		 fy = clock_fiscal_year(clock_now()), yy, mm, dd;

	who = comp_field(f, fields, n, COMP_EMPLOYEE);
	code = comp_field(f, fields, n, COMP_COURSE);
	fys = comp_field(f, fields, n, COMP_FY);
	date = comp_field(f, fields, n, COMP_DATE);
	*when = clock_now();
	if (who == NULL || q_staff_exists(y->db, who) != 1) {
		comp_error(f, path, line, "unknown employee_id \"%s\"",
		    who != NULL ? who : "");
		return 0;
	}
	if (fys != NULL && (fy = atoi(fys)) < 2000) {
		comp_error(f, path, line, "bad fiscal_year \"%s\"", fys);
		return 0;
	}
	if (date != NULL && clock_parse_date(date, &yy, &mm, &dd) != 0) {
		comp_error(f, path, line, "completed_on \"%s\" is not a date "
		    "written YYYY-MM-DD", date);
		return 0;
	}
	if (date != NULL)
		*when = clock_from_local(yy, mm, dd, 12, 0);
	if (code == NULL || (c = q_course_get(y->db, fy, code)) == NULL) {
		comp_error(f, path, line, "unknown course \"%s\" in FY%d",
		    code != NULL ? code : "", fy);
		return 0;
	}
	id = c->id;
	course_free(c);
	return id;
}

/* Adds a good row to f->rows. */
static void
comp_row(struct yellctl *y, struct comp_file *f, const char *path, int line,
    char **fields, size_t n)
{
	int64_t	course_id;
	time_t	when;

	if ((course_id = comp_check(y, f, path, line, fields, n, &when)) == 0)
		return;
	f->rows = xrealloc(f->rows, (f->n + 1) * sizeof *f->rows);
	f->rows[f->n].employee_id = xstrdup(comp_field(f, fields, n,
	    COMP_EMPLOYEE));
	f->rows[f->n].course_id = course_id;
	f->rows[f->n].when = when;
	f->n++;
}

static void
comp_read(struct yellctl *y, const char *path, struct comp_file *f)
{
	struct csv	*csv;
	char		**fields, *cause = NULL;
	size_t		 n;
	int		 line, rc, header = 1;

	if ((csv = csv_open(path, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		f->errors++;
		return;
	}
	while ((rc = csv_next(csv, &fields, &n, &line, &cause)) != 0) {
		if (rc < 0) {
			comp_error(f, path, line, "%s", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		if (header)
			rc = comp_header(f, path, fields, n);
		else
			comp_row(y, f, path, line, fields, n);
		csv_fields_free(fields, n);
		if (header && rc != 0)
			break;
		header = 0;
	}
	csv_free(csv);
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
	comp_read(y, argv[0], &f);
	if (f.errors > 0) {
		fprintf(stderr, "%zu error%s; nothing was changed\n", f.errors,
		    f.errors == 1 ? "" : "s");
		rc = EX_DATAERR_;
	} else if (db_begin(y->db) != 0)
		rc = EX_SOFTWARE_;
	else {
		for (i = 0; i < f.n && rc == 0; i++) {
			if (q_enroll_complete(y->db, f.rows[i].employee_id,
			    f.rows[i].course_id, f.rows[i].when) != 0)
				rc = EX_SOFTWARE_;
		}
		if (rc != 0 || db_commit(y->db) != 0) {
			db_rollback(y->db);
			rc = EX_SOFTWARE_;
		} else
			printf("recorded %zu completions\n", f.n);
	}
	for (i = 0; i < f.n; i++)
		free(f.rows[i].employee_id);
	free(f.rows);
	return rc;
}
