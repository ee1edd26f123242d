/*
 * report.c: the tables yellctl reports print, one row at a time so that a
 * report over years of data never sits in memory whole.
 *
 * CSV is for HR's Excel on Japanese Windows: UTF-8 with a byte order mark
 * (without it Excel reads the file as Shift_JIS), CRLF line ends, RFC 4180
 * quoting, and text cells that Excel would run as a formula (=, +, -, @,
 * tab, CR) prefixed with an apostrophe.  JSON is an array of objects keyed
 * by the column names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib.h"

struct report {
	FILE			*fp;
	enum report_format	 format;
	const struct report_col	*cols;
	size_t			 ncols;
	size_t			 rows;
	int			 error;
};

int
report_format_parse(const char *s, enum report_format *f)
{
	if (s != NULL && strcmp(s, "csv") == 0)
		*f = REPORT_CSV;
	else if (s != NULL && strcmp(s, "json") == 0)
		*f = REPORT_JSON;
	else
		return -1;
	return 0;
}

static void
report_csv_cell(struct report *r, const char *cell, bool number)
{
	const char	*p;

	if (cell == NULL)
		return;
	if (number) {
		fputs(cell, r->fp);
		return;
	}
	fputc('"', r->fp);
	if (strchr("=+-@\t\r", cell[0]) != NULL && cell[0] != '\0')
		fputc('\'', r->fp);
	for (p = cell; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', r->fp);
		fputc(*p, r->fp);
	}
	fputc('"', r->fp);
}

static void
report_csv_row(struct report *r, const char *const *cells, bool header)
{
	size_t	i;

	for (i = 0; i < r->ncols; i++) {
		if (i > 0)
			fputc(',', r->fp);
		report_csv_cell(r, header ? r->cols[i].name : cells[i],
		    !header && r->cols[i].number);
	}
	fputs("\r\n", r->fp);
}

struct report *
report_open(FILE *fp, enum report_format format,
    const struct report_col *cols, size_t ncols)
{
	struct report	*r = xcalloc(1, sizeof *r);

	r->fp = fp;
	r->format = format;
	r->cols = cols;
	r->ncols = ncols;
	if (format == REPORT_CSV) {
		fputs("\xef\xbb\xbf", fp);
		report_csv_row(r, NULL, true);
	} else
		fputc('[', fp);
	return r;
}

/* A number cell that does not parse is written as a string, not lost. */
static json_t *
report_json_cell(const char *cell, bool number)
{
	json_t	*v;
	char	*end;
	double	 d;

	if (cell == NULL)
		return json_null();
	if (number) {
		d = strtod(cell, &end);
		if (end != cell && *end == '\0')
			return d == (double)(json_int_t)d ?
			    json_integer((json_int_t)d) : json_real(d);
	}
	/* Text that is not UTF-8 (a corrupt row) becomes null, not a gap. */
	v = json_string(cell);
	return v != NULL ? v : json_null();
}

static void
report_json_row(struct report *r, const char *const *cells)
{
	json_t	*o = json_object();
	size_t	 i;

	for (i = 0; i < r->ncols; i++)
		json_object_set_new(o, r->cols[i].name,
		    report_json_cell(cells[i], r->cols[i].number));
	fputs(r->rows > 0 ? ",\n" : "\n", r->fp);
	if (json_dumpf(o, r->fp, JSON_PRESERVE_ORDER | JSON_COMPACT |
	    JSON_REAL_PRECISION(12)) != 0)
		r->error = -1;
	json_decref(o);
}

void
report_row(struct report *r, const char *const *cells)
{
	if (r->format == REPORT_CSV)
		report_csv_row(r, cells, false);
	else
		report_json_row(r, cells);
	r->rows++;
}

/* Ends the table and frees r; -1 if anything could not be written. */
int
report_close(struct report *r)
{
	int	rc;

	if (r->format == REPORT_JSON)
		fputs(r->rows > 0 ? "\n]\n" : "]\n", r->fp);
	rc = r->error;
	if (fflush(r->fp) != 0 || ferror(r->fp))
		rc = -1;
	free(r);
	return rc;
}
