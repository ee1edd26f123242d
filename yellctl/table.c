/*
 * table.c: a CSV file of named columns for yellctl's importers (completions,
 * selection): which field holds which column, the fields of a row by
 * column, and errors reported as "file:line: reason" and counted, so that
 * a file with any error changes nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

/* Prints "path:line: reason" and counts it. */
void
table_error(struct table *t, int line, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "%s:%d: ", t->path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	t->errors++;
}

/*
 * Reads the header row: t->columns[0..ncols), of which the first two are
 * required (employee_id and course, for both importers).  Returns 0, or -1
 * with the error reported.
 */
int
table_header(struct table *t, char **fields, size_t n)
{
	size_t	i, c;

	for (c = 0; c < t->ncols; c++)
		t->col[c] = -1;
	for (i = 0; i < n; i++) {
		for (c = 0; c < t->ncols; c++) {
			if (strcmp(fields[i], t->columns[c]) == 0)
				t->col[c] = (int)i;
		}
	}
	if (t->col[0] < 0 || t->col[1] < 0) {
		table_error(t, 1, "the header needs the columns %s and %s",
		    t->columns[0], t->columns[1]);
		return -1;
	}
	return 0;
}

/* Column c of a row (borrowed), or NULL when absent or empty. */
const char *
table_field(const struct table *t, char **fields, size_t n, size_t c)
{
	if (t->col[c] < 0 || (size_t)t->col[c] >= n || *fields[t->col[c]] ==
	    '\0')
		return NULL;
	return fields[t->col[c]];
}

/*
 * Reads path, whose header names columns[0..ncols): the header, then
 * row(arg, line, fields, n) for each row, which reports its own errors
 * with table_error.  Returns 0 when the whole file is good, or EX_DATAERR_
 * with every error reported (an unreadable file, a bad CSV line, a header
 * without the required columns) and the count printed: the caller then
 * changes nothing.
 */
int
table_import(struct table *t, const char *path, const char *const *columns,
    size_t ncols, void (*row)(void *, int, char **, size_t), void *arg)
{
	struct csv	*csv;
	char		**fields, *cause = NULL;
	size_t		 n;
	int		 line, rc, header = 1;

	t->path = path;
	t->columns = columns;
	t->ncols = ncols;
	if ((csv = csv_open(t->path, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return EX_DATAERR_;
	}
	while ((rc = csv_next(csv, &fields, &n, &line, &cause)) != 0) {
		if (rc < 0) {
			table_error(t, line, "%s", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		if (header)
			rc = table_header(t, fields, n);
		else
			row(arg, line, fields, n);
		csv_fields_free(fields, n);
		if (header && rc != 0)
			break;
		header = 0;
	}
	csv_free(csv);
	if (t->errors == 0)
		return 0;
	fprintf(stderr, "%zu error%s; nothing was changed\n", t->errors,
	    t->errors == 1 ? "" : "s");
	return EX_DATAERR_;
}

/*
 * Writes an import's n rows in one transaction, all or none: add(arg, i)
 * writes row i (0 or -1); action, if not NULL, is audited with them.
 * Returns 0 or EX_SOFTWARE_.
 */
int
table_write(struct yellctl *y, size_t n, int (*add)(void *, size_t),
    void *arg, const char *action)
{
	size_t	i;
	int	rc = 0;

	if (db_begin(y->db) != 0)
		return EX_SOFTWARE_;
	for (i = 0; i < n && rc == 0; i++)
		rc = add(arg, i);
	if (rc == 0 && action != NULL && q_audit(y->db, "yellctl", action,
	    NULL, clock_now()) != 0)
		rc = -1;
	if (rc != 0 || db_commit(y->db) != 0) {
		db_rollback(y->db);
		return EX_SOFTWARE_;
	}
	return 0;
}
