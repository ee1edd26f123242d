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
	struct table	 t;
	struct yellctl	*y;
};


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
sel_row(void *arg, int line, char **fields, size_t n)
{
	struct sel_file	*f = arg;
	struct yellctl	*y = f->y;
	const char	*who, *code, *kind, *fys;
	struct course	*c;
	int		 fy = clock_fiscal_year(clock_now());

	who = table_field(&f->t, fields, n, SEL_EMPLOYEE);
	code = table_field(&f->t, fields, n, SEL_COURSE);
	kind = table_field(&f->t, fields, n, SEL_KIND);
	fys = table_field(&f->t, fields, n, SEL_FY);
	if (who == NULL || q_staff_exists(y->db, who) != 1) {
		table_error(&f->t, line, "unknown employee_id \"%s\"",
		    who != NULL ? who : "");
		return;
	}
	if (kind != NULL && strcmp(kind, "selected") != 0 &&
	    strcmp(kind, "nominated") != 0) {
		table_error(&f->t, line, "kind \"%s\" is neither selected "
		    "nor nominated", kind);
		return;
	}
	if (fys != NULL && (fy = atoi(fys)) < 2000) {
		table_error(&f->t, line, "bad fiscal_year \"%s\"", fys);
		return;
	}
	if (code == NULL || (c = q_course_get(y->db, fy, code)) == NULL) {
		table_error(&f->t, line, "unknown course \"%s\" in FY%d",
		    code != NULL ? code : "", fy);
		return;
	}
	if (!sel_course_selects(c))
		table_error(&f->t, line, "%s is not decided by selection or "
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


static int
sel_add(void *arg, size_t i)
{
	struct sel_file	*f = arg;

	return q_selection_add(f->y->db, f->rows[i].employee_id,
	    f->rows[i].course_id, f->rows[i].kind, "yellctl", clock_now());
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
	f.y = y;
	rc = table_import(&f.t, argv[0], sel_columns, SEL_NCOLS, sel_row, &f);
	if (rc == 0 && (rc = table_write(y, f.n, sel_add, &f,
	    "selection.import")) == 0)
		printf("recorded %zu selections\n", f.n);
	for (i = 0; i < f.n; i++)
		free(f.rows[i].employee_id);
	free(f.rows);
	return rc;
}
