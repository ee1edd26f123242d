/*
 * selection.c: `yellctl selection import FILE.csv`, who HR selected or
 * nominated (選抜・推薦) for a course decided that way.  Columns (header
 * row, any order): employee_id, course, and optionally kind (selected or
 * nominated, default selected) and fiscal_year (default: this one).  Every
 * bad row is reported with its line number and a file with errors changes
 * nothing.  Once a course has a selection, only those in it may enrol.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

enum { SEL_EMPLOYEE, SEL_COURSE, SEL_KIND, SEL_FY, SEL_NCOLS };
static const char *const sel_columns[SEL_NCOLS] = { "employee_id",
    "course", "kind", "fiscal_year" };

struct sel_row {
	char		*employee_id;
	int64_t		 course_id;
	const char	*kind;
};

struct sel_file {
	struct sel_row	*rows;
	size_t		 n;
	size_t		 errors;
	int		 col[SEL_NCOLS];	/* field index, -1 if absent */
};

static void
sel_error(struct sel_file *f, const char *path, int line, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
sel_error(struct sel_file *f, const char *path, int line, const char *fmt,
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
sel_header(struct sel_file *f, const char *path, char **fields, size_t n)
{
	size_t	i, c;

	for (c = 0; c < SEL_NCOLS; c++)
		f->col[c] = -1;
	for (i = 0; i < n; i++) {
		for (c = 0; c < SEL_NCOLS; c++) {
			if (strcmp(fields[i], sel_columns[c]) == 0)
				f->col[c] = (int)i;
		}
	}
	if (f->col[SEL_EMPLOYEE] < 0 || f->col[SEL_COURSE] < 0) {
		sel_error(f, path, 1, "the header needs the columns "
		    "employee_id and course");
		return -1;
	}
	return 0;
}

static const char *
sel_field(const struct sel_file *f, char **fields, size_t n, int c)
{
	if (f->col[c] < 0 || (size_t)f->col[c] >= n || *fields[f->col[c]] ==
	    '\0')
		return NULL;
	return fields[f->col[c]];
}

/* Whether a course's target needs a selection at all. */
static bool
sel_course_selects(const struct course *c)
{
	struct rule	*r;
	char		*cause = NULL;
	bool		 yes;

	if ((r = rule_parse(c->target_rule != NULL ? c->target_rule : "",
	    &cause)) == NULL) {
		free(cause);
		return false;
	}
	yes = rule_needs_selection(r);
	rule_free(r);
	return yes;
}

/* Checks one row and adds it to f->rows, or prints why not. */
static void
sel_row(struct yellctl *y, struct sel_file *f, const char *path, int line,
    char **fields, size_t n)
{
	const char	*who, *code, *kind, *fys;
	struct course	*c;
	int		 fy = clock_fiscal_year(clock_now());

	who = sel_field(f, fields, n, SEL_EMPLOYEE);
	code = sel_field(f, fields, n, SEL_COURSE);
	kind = sel_field(f, fields, n, SEL_KIND);
	fys = sel_field(f, fields, n, SEL_FY);
	if (who == NULL || q_staff_exists(y->db, who) != 1) {
		sel_error(f, path, line, "unknown employee_id \"%s\"",
		    who != NULL ? who : "");
		return;
	}
	if (kind != NULL && strcmp(kind, "selected") != 0 &&
	    strcmp(kind, "nominated") != 0) {
		sel_error(f, path, line, "kind \"%s\" is neither selected "
		    "nor nominated", kind);
		return;
	}
	if (fys != NULL && (fy = atoi(fys)) < 2000) {
		sel_error(f, path, line, "bad fiscal_year \"%s\"", fys);
		return;
	}
	if (code == NULL || (c = q_course_get(y->db, fy, code)) == NULL) {
		sel_error(f, path, line, "unknown course \"%s\" in FY%d",
		    code != NULL ? code : "", fy);
		return;
	}
	if (!sel_course_selects(c))
		sel_error(f, path, line, "%s is not decided by selection or "
		    "nomination (its target: %s)", c->code,
		    c->target_text != NULL ? c->target_text : "-");
	else {
		f->rows = xrealloc(f->rows, (f->n + 1) * sizeof *f->rows);
		f->rows[f->n].employee_id = xstrdup(who);
		f->rows[f->n].course_id = c->id;
		f->rows[f->n].kind = kind != NULL && strcmp(kind,
		    "nominated") == 0 ? "nominated" : "selected";
		f->n++;
	}
	course_free(c);
}

static void
sel_read(struct yellctl *y, const char *path, struct sel_file *f)
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
			sel_error(f, path, line, "%s", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		if (header)
			rc = sel_header(f, path, fields, n);
		else
			sel_row(y, f, path, line, fields, n);
		csv_fields_free(fields, n);
		if (header && rc != 0)
			break;
		header = 0;
	}
	csv_free(csv);
}

/* Writes the rows in one transaction.  Returns 0 or EX_SOFTWARE_. */
static int
sel_write(struct yellctl *y, const struct sel_file *f)
{
	size_t	i;
	int	rc = 0;

	if (db_begin(y->db) != 0)
		return EX_SOFTWARE_;
	for (i = 0; i < f->n && rc == 0; i++) {
		if (q_selection_add(y->db, f->rows[i].employee_id,
		    f->rows[i].course_id, f->rows[i].kind, "yellctl",
		    clock_now()) != 0)
			rc = EX_SOFTWARE_;
	}
	if (rc == 0 && q_audit(y->db, "yellctl", "selection.import", NULL,
	    clock_now()) != 0)
		rc = EX_SOFTWARE_;
	if (rc != 0 || db_commit(y->db) != 0) {
		db_rollback(y->db);
		return EX_SOFTWARE_;
	}
	return 0;
}

int
yellctl_selection_import(struct yellctl *y, int argc, char **argv)
{
	struct sel_file	f;
	size_t		i;
	int		rc;

	if (argc != 1)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	memset(&f, 0, sizeof f);
	sel_read(y, argv[0], &f);
	if (f.errors > 0) {
		fprintf(stderr, "%zu error%s; nothing was changed\n", f.errors,
		    f.errors == 1 ? "" : "s");
		rc = EX_DATAERR_;
	} else if ((rc = sel_write(y, &f)) == 0)
		printf("recorded %zu selections\n", f.n);
	for (i = 0; i < f.n; i++)
		free(f.rows[i].employee_id);
	free(f.rows);
	return rc;
}
