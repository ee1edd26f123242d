/*
 * declare.c: `yellctl declare import FILE.csv`, the departments' and
 * sections' declared focus (部・課における重点実施内容) as HR collects
 * them.  Columns (header row, any order): text, and department or section
 * (a row with a section declares for the section), and optionally
 * fiscal_year (default: this one).  A unit must be one someone on the
 * roster belongs to.  Every bad row is reported with its line number and
 * a file with errors changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

#define DECL_MAX	500	/* characters, as `declare` in chat */

enum { DECL_DEPARTMENT, DECL_SECTION, DECL_TEXT, DECL_FY, DECL_NCOLS };
static const char *const decl_columns[DECL_NCOLS] = { "department",
    "section", "text", "fiscal_year" };

struct decl_row {
	const char	*kind;
	char		*unit;
	char		*text;
	int		 fy;
};

struct decl_file {
	struct decl_row	*rows;
	size_t		 n;
	struct table	 t;
	struct yellctl	*y;
};

/* Checks one row and adds it to f->rows, or prints why not. */
static void
decl_row(void *arg, int line, char **fields, size_t n)
{
	struct decl_file	*f = arg;
	const char		*dept, *sect, *text, *fys, *kind, *unit;
	int			 fy = clock_fiscal_year(clock_now());

	dept = table_field(&f->t, fields, n, DECL_DEPARTMENT);
	sect = table_field(&f->t, fields, n, DECL_SECTION);
	text = table_field(&f->t, fields, n, DECL_TEXT);
	fys = table_field(&f->t, fields, n, DECL_FY);
	kind = sect != NULL ? "section" : "department";
	unit = sect != NULL ? sect : dept;
	if (unit == NULL) {
		table_error(&f->t, line, "neither department nor section");
		return;
	}
	if (q_declaration_unit_known(f->y->db, kind, unit) != 1) {
		table_error(&f->t, line, "no one on the roster is in %s \"%s\"",
		    kind, unit);
		return;
	}
	if (text == NULL || text_chars(text) > DECL_MAX) {
		table_error(&f->t, line, "text must be 1 to %d characters",
		    DECL_MAX);
		return;
	}
	if (fys != NULL && (fy = atoi(fys)) < 2000) {
		table_error(&f->t, line, "bad fiscal_year \"%s\"", fys);
		return;
	}
	f->rows = xrealloc(f->rows, (f->n + 1) * sizeof *f->rows);
	f->rows[f->n].kind = kind;
	f->rows[f->n].unit = xstrdup(unit);
	f->rows[f->n].text = xstrdup(text);
	f->rows[f->n].fy = fy;
	f->n++;
}

static int
decl_add(void *arg, size_t i)
{
	struct decl_file	*f = arg;

	return q_declaration_add(f->y->db, f->rows[i].kind, f->rows[i].unit,
	    f->rows[i].fy, f->rows[i].text, NULL, clock_now());
}

int
yellctl_declare_import(struct yellctl *y, int argc, char **argv)
{
	struct decl_file	f;
	size_t			i;
	int			rc;

	if (argc != 1)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	memset(&f, 0, sizeof f);
	f.y = y;
	rc = table_import(&f.t, argv[0], decl_columns, DECL_NCOLS, decl_row,
	    &f);
	if (rc == 0 && (rc = table_write(y, f.n, decl_add, &f,
	    "declare.import")) == 0)
		printf("recorded %zu declarations\n", f.n);
	for (i = 0; i < f.n; i++) {
		free(f.rows[i].unit);
		free(f.rows[i].text);
	}
	free(f.rows);
	return rc;
}
