/*
 * csv.c: an RFC 4180 CSV reader for files an operator hands us (the roster).
 *
 * It owns splitting bytes into rows and fields, and nothing about what the
 * fields mean.  Every field comes out as valid UTF-8 (text_sanitize), and a
 * row has a hard size cap, so a hostile or broken file costs an error line,
 * never a crash or unbounded memory.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <utf8proc.h>

#include "lib.h"

/*
 * The largest row, in bytes as they are in the file without its final line
 * end.  A roster row is a few hundred bytes; 64 KiB leaves room for any
 * honest file while bounding what a runaway quote can make us hold.
 */
#define CSV_ROW_MAX	(64 * 1024)

/* The largest file checked for its encoding before reading, in bytes. */
#define CSV_CHECK_MAX	(64 * 1024 * 1024)

struct csv {
	FILE		*f;
	int		 lineno;	/* line of the next byte */
	int		 done;		/* after a read error, stop */
	unsigned char	 back[4];	/* bytes pushed back, last on top */
	size_t		 nback;
	size_t		 rowbytes;	/* raw bytes read for this row */
	size_t		 lastlen;	/* raw bytes of the last character */
	char		*mem;		/* the converted file, or NULL */
};

/* The state of one row while it is read. */
static int	csv_start(struct csv *, const char *, char **);

struct csv_row {
	char		**fields;
	size_t		  n;
	size_t		  cap;
	struct buf	  field;
	char		 *why;		/* the first problem, or NULL */
	int		  quote_line;	/* where an unclosed quote opened */
};

static int
csv_rawc(struct csv *c)
{
	if (c->nback > 0)
		return c->back[--c->nback];
	return getc(c->f);
}

static void
csv_unget(struct csv *c, int ch)
{
	if (ch != EOF && c->nback < sizeof c->back)
		c->back[c->nback++] = (unsigned char)ch;
}

/*
 * Returns the next character with every line end (CRLF, LF or a lone CR)
 * turned into '\n', counting lines and the row's raw bytes as it goes.
 */
static int
csv_getc(struct csv *c)
{
	int	ch, next;

	c->lastlen = 0;
	ch = csv_rawc(c);
	if (ch == EOF)
		return EOF;
	c->lastlen = 1;
	if (ch == '\r') {
		next = csv_rawc(c);
		if (next == '\n')
			c->lastlen = 2;
		else
			csv_unget(c, next);
		ch = '\n';
	}
	c->rowbytes += c->lastlen;
	if (ch == '\n')
		c->lineno++;
	return ch;
}

/*
 * Checks that the file is UTF-8 and rewinds it.  Excel on Japanese Windows
 * saves "CSV" as Shift_JIS (CP932), whose bytes would otherwise come out
 * as U+FFFD in every name.  Returns the line of the first bad byte, or 0.
 */
static int
csv_check_utf8(FILE *f)
{
	unsigned char		 buf[8192];
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 k;
	size_t			 n, have = 0, i, total = 0;
	int			 line = 1;

	while ((n = fread(buf + have, 1, sizeof buf - have, f)) > 0 ||
	    have > 0) {
		n += have;
		for (i = 0; i < n; i += (size_t)k) {
			k = utf8proc_iterate(buf + i, (utf8proc_ssize_t)(n - i),
			    &cp);
			if (k < 0 && n - i < 4 && !feof(f))
				break;	/* a character cut by the buffer */
			if (k < 0)
				goto bad;
			if (cp == '\n')
				line++;
		}
		have = n - i;
		memmove(buf, buf + i, have);
		total += n;
		if (total > CSV_CHECK_MAX || (feof(f) && have > 0))
			break;
		if (feof(f))
			break;
	}
	if (have > 0)
		goto bad;
	rewind(f);
	return 0;
bad:
	rewind(f);
	return line;
}

/*
 * Converts the whole of f from encoding to UTF-8 with iconv.  Returns the
 * text (caller frees) and OUT: *len, or NULL with *cause set ("path:LINE:
 * reason", caller frees) for a byte the encoding does not have.
 */
static char *
csv_convert(FILE *f, const char *path, const char *encoding, size_t *len,
    char **cause)
{
	struct buf	 in, out;
	iconv_t		 cd;
	char		 chunk[8192], tmp[8192], *ip, *op;
	size_t		 n, il, ol;
	int		 line = 1;

	if ((cd = iconv_open("UTF-8", encoding)) == (iconv_t)-1) {
		xasprintf(cause, "%s: unknown encoding \"%s\"", path,
		    encoding);
		return NULL;
	}
	buf_init(&in, CSV_CHECK_MAX);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (buf_add(&in, chunk, n) != 0)
			break;
	}
	buf_add(&in, "", 0);
	buf_init(&out, 0);
	buf_add(&out, "", 0);
	ip = in.data;
	il = in.len;
	while (il > 0) {
		op = tmp;
		ol = sizeof tmp;
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 &&
		    errno != E2BIG) {
			for (op = in.data; op < ip; op++)
				line += *op == '\n';
			xasprintf(cause, "%s:%d: not %s text; nothing was "
			    "read", path, line, encoding);
			buf_free(&out);
			out.data = NULL;
			break;
		}
		buf_add(&out, tmp, sizeof tmp - ol);
	}
	iconv_close(cd);
	buf_free(&in);
	if (out.data == NULL)
		return NULL;
	*len = out.len;
	return buf_steal(&out);
}

/*
 * Opens the CSV file at path in encoding ("CP932" for Excel's "CSV" on
 * Japanese Windows), converting it to UTF-8 first; NULL is csv_open.
 */
struct csv *
csv_open_enc(const char *path, const char *encoding, char **cause)
{
	struct csv	*c;
	FILE		*f;
	char		*text;
	size_t		 len = 0;

	if (encoding == NULL || strcasecmp(encoding, "utf-8") == 0)
		return csv_open(path, cause);
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	text = csv_convert(f, path, encoding, &len, cause);
	fclose(f);
	if (text == NULL)
		return NULL;
	if (len == 0) {		/* fmemopen takes no empty buffer */
		free(text);
		return csv_open(path, cause);
	}
	c = xcalloc(1, sizeof *c);
	c->lineno = 1;
	c->mem = text;
	if ((c->f = fmemopen(text, len, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		csv_free(c);
		return NULL;
	}
	return c;
}

/*
 * Opens the CSV file at path and skips a UTF-8 byte order mark, which
 * spreadsheets on Windows write.  A file that is not UTF-8 is refused.
 * Returns a reader the caller frees with csv_free, or NULL with *cause
 * set to "path: reason" (caller frees).
 */
struct csv *
csv_open(const char *path, char **cause)
{
	struct csv	*c;
	struct stat	 st;

	c = xcalloc(1, sizeof *c);
	c->lineno = 1;
	c->f = fopen(path, "r");
	if (c->f == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	/* A directory opens fine on Linux and fails only on the first read. */
	if (fstat(fileno(c->f), &st) == 0 && S_ISDIR(st.st_mode)) {
		xasprintf(cause, "%s: %s", path, strerror(EISDIR));
		goto fail;
	}
	if (csv_start(c, path, cause) != 0)
		goto fail;
	return c;
fail:
	csv_free(c);
	return NULL;
}

/*
 * csv_open over the len bytes at data (copied), named path in errors: the
 * same reader without a file, for the fuzz targets and for text already
 * in memory.  Returns a reader the caller frees with csv_free, or NULL
 * with *cause set (caller frees).
 */
struct csv *
csv_open_mem(const char *data, size_t len, const char *path, char **cause)
{
	struct csv	*c;

	c = xcalloc(1, sizeof *c);
	c->lineno = 1;
	c->mem = xmalloc(len + 1);
	memcpy(c->mem, data, len);
	c->f = fmemopen(c->mem, len, "r");
	if (c->f == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (csv_start(c, path, cause) != 0)
		goto fail;
	return c;
fail:
	csv_free(c);
	return NULL;
}

/*
 * Checks that the open c->f is UTF-8 and skips a byte order mark.
 * Returns 0, or -1 with *cause set (caller frees).
 */
static int
csv_start(struct csv *c, const char *path, char **cause)
{
	static const unsigned char	 bom[] = { 0xef, 0xbb, 0xbf };
	int				 ch[3], line;
	size_t				 i, n;

	if ((line = csv_check_utf8(c->f)) != 0) {
		xasprintf(cause, "%s:%d: this file is not UTF-8 (Excel's "
		    "\"CSV\" on Japanese Windows is Shift_JIS); save it as "
		    "\"CSV UTF-8\" or pass --encoding cp932; nothing was read",
		    path, line);
		return -1;
	}
	for (n = 0; n < 3; n++) {
		ch[n] = getc(c->f);
		if (ch[n] != bom[n])
			break;
	}
	if (n < 3) {
		/* Not a BOM: give back what was read, last byte first. */
		for (i = ch[n] != EOF ? n + 1 : n; i > 0; i--)
			csv_unget(c, ch[i - 1]);
	}
	return 0;
}

/* Appends one byte to the field, unless the row is already too long. */
static void
csv_put(struct csv *c, struct csv_row *r, int ch)
{
	char	byte = (char)ch;

	if (c->rowbytes <= CSV_ROW_MAX + 2)
		buf_add(&r->field, &byte, 1);
}

/* Ends the current field: it becomes sanitised UTF-8 in the row. */
static void
csv_end_field(struct csv *c, struct csv_row *r)
{
	if (c->rowbytes <= CSV_ROW_MAX + 2) {
		if (r->n == r->cap) {
			r->cap = r->cap == 0 ? 16 : r->cap * 2;
			r->fields = xrealloc(r->fields,
			    r->cap * sizeof *r->fields);
		}
		r->fields[r->n++] = text_sanitize(r->field.data != NULL ?
		    r->field.data : "", r->field.len);
	}
	buf_reset(&r->field);
}

static void
csv_problem(struct csv_row *r, const char *why)
{
	if (r->why == NULL)
		r->why = xstrdup(why);
}

/*
 * Reads a quoted field whose opening quote has been read.  Returns the
 * character after the closing quote (and any blanks after it), or EOF.
 */
static int
csv_quoted(struct csv *c, struct csv_row *r)
{
	int	ch;

	r->quote_line = c->lineno;
	for (;;) {
		ch = csv_getc(c);
		if (ch == EOF) {
			csv_problem(r, "unterminated quoted field");
			return EOF;
		}
		if (ch == '"') {
			/* "" is a quote; anything else closes the field. */
			ch = csv_getc(c);
			if (ch != '"')
				break;
		}
		csv_put(c, r, ch);
	}
	r->quote_line = 0;
	/* Blanks after the closing quote are a common hand-editing slip. */
	while (ch == ' ' || ch == '\t')
		ch = csv_getc(c);
	if (ch != ',' && ch != '\n' && ch != EOF) {
		csv_problem(r, "unexpected character after a closing quote");
		/* Read on as if unquoted, to find the end of the row. */
		while (ch != ',' && ch != '\n' && ch != EOF)
			ch = csv_getc(c);
	}
	return ch;
}

/* Reads one field from its first character ch.  Returns what ended it. */
static int
csv_field(struct csv *c, struct csv_row *r, int ch)
{
	size_t	i;
	int	blank;

	for (;;) {
		if (ch == ',' || ch == '\n' || ch == EOF)
			return ch;
		if (ch == '"') {
			/* A quote after blanks only still opens a field. */
			blank = 1;
			for (i = 0; i < r->field.len; i++) {
				if (r->field.data[i] != ' ' &&
				    r->field.data[i] != '\t')
					blank = 0;
			}
			if (blank) {
				buf_reset(&r->field);
				return csv_quoted(c, r);
			}
			csv_problem(r, "quote inside an unquoted field");
		}
		csv_put(c, r, ch);
		ch = csv_getc(c);
	}
}

/*
 * Reads the next row.  Empty lines are not rows: they are skipped, so a
 * trailing line end or blank lines between rows do no harm.  Returns 1 with
 * *fields set to *n sanitised UTF-8 strings (caller frees them with
 * csv_fields_free) and *lineno to the line the row starts on; 0 at the end
 * of the file; or -1 for a malformed row, with *lineno set as for a row and
 * *cause to "line N: reason" where N is *lineno (caller frees).  After -1 the
 * bad row has been consumed, so the caller may read on to report every bad
 * row in one pass.
 *
 * OUT: fields, n, lineno, cause.
 */
int
csv_next(struct csv *c, char ***fields, size_t *n, int *lineno, char **cause)
{
	struct csv_row	 r;
	int		 ch, rc = -1;

	*fields = NULL;
	*n = 0;
	*lineno = c->lineno;
	if (c->done)
		return 0;
	memset(&r, 0, sizeof r);
	buf_init(&r.field, 0);
	do {
		c->rowbytes = 0;
		*lineno = c->lineno;
		ch = csv_getc(c);
	} while (ch == '\n');
	if (ch == EOF) {
		rc = 0;
		goto check_read;
	}
	for (;;) {
		ch = csv_field(c, &r, ch);
		csv_end_field(c, &r);
		if (ch != ',')
			break;
		ch = csv_getc(c);
	}
	/* An unclosed quote makes rows long: name the cause, not that. */
	if (c->rowbytes - c->lastlen > CSV_ROW_MAX && r.why == NULL)
		xasprintf(&r.why, "row is longer than %d bytes", CSV_ROW_MAX);
check_read:
	if (ferror(c->f)) {
		free(r.why);
		xasprintf(&r.why, "read error: %s", strerror(errno));
		c->done = 1;
	}
	if (r.why != NULL) {
		if (r.quote_line != 0 && r.quote_line != *lineno) {
			xasprintf(cause, "line %d: %s (the quote opened on "
			    "line %d)", *lineno, r.why, r.quote_line);
		} else
			xasprintf(cause, "line %d: %s", *lineno, r.why);
		csv_fields_free(r.fields, r.n);
		rc = -1;
		goto out;
	}
	if (rc == 0)
		goto out;
	*fields = r.fields;
	*n = r.n;
	rc = 1;
out:
	free(r.why);
	buf_free(&r.field);
	return rc;
}

/* Frees the n fields of a row from csv_next.  NULL is a no-op. */
void
csv_fields_free(char **fields, size_t n)
{
	size_t	i;

	if (fields == NULL)
		return;
	for (i = 0; i < n; i++)
		free(fields[i]);
	free(fields);
}

/* Closes the file and frees the reader.  csv_free(NULL) is a no-op. */
void
csv_free(struct csv *c)
{
	if (c == NULL)
		return;
	if (c->f != NULL)
		fclose(c->f);
	free(c->mem);
	free(c);
}
