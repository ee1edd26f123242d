/*
 * test_csv.c: the RFC 4180 reader, on files written to /tmp.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bot.h"

#define U_FFFD	"\xef\xbf\xbd"

/* One open reader over a temporary file, and the row last read. */
struct fixture {
	char		 path[32];
	struct csv	*csv;
	char		**fields;
	size_t		 n;
	int		 lineno;
	char		*cause;
};

static int
setup(void **state)
{
	struct fixture	*f;

	f = xcalloc(1, sizeof *f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	csv_fields_free(f->fields, f->n);
	free(f->cause);
	csv_free(f->csv);
	if (f->path[0] != '\0')
		unlink(f->path);
	free(f);
	return 0;
}

/* Writes len bytes of data to a new temporary file and opens it. */
static void
open_data(struct fixture *f, const char *data, size_t len)
{
	char	*cause = NULL;
	int	 fd;

	strcpy(f->path, "/tmp/yell-csv-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	f->csv = csv_open(f->path, &cause);
	assert_null(cause);
	assert_non_null(f->csv);
}

static void
open_str(struct fixture *f, const char *data)
{
	open_data(f, data, strlen(data));
}

/* Reads the next row, freeing the previous one.  Returns csv_next's result. */
static int
next(struct fixture *f)
{
	csv_fields_free(f->fields, f->n);
	free(f->cause);
	f->fields = NULL;
	f->n = 0;
	f->cause = NULL;
	return csv_next(f->csv, &f->fields, &f->n, &f->lineno, &f->cause);
}

static void
test_simple(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "a,b,c\n1,2,3\n");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 1);
	assert_int_equal(f->n, 3);
	assert_string_equal(f->fields[0], "a");
	assert_string_equal(f->fields[2], "c");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 2);
	assert_string_equal(f->fields[1], "2");
	assert_int_equal(next(f), 0);
	assert_null(f->fields);
	assert_int_equal(next(f), 0);
}

static void
test_quoted(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "\"a,b\",\"say \"\"hi\"\"\",plain,\"\"\n");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->n, 4);
	assert_string_equal(f->fields[0], "a,b");
	assert_string_equal(f->fields[1], "say \"hi\"");
	assert_string_equal(f->fields[2], "plain");
	assert_string_equal(f->fields[3], "");
	assert_int_equal(next(f), 0);
}

static void
test_empty_fields(void **state)
{
	struct fixture	*f = *state;

	open_str(f, ",,\n");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->n, 3);
	assert_string_equal(f->fields[0], "");
	assert_string_equal(f->fields[2], "");
}

/* Line numbers stay right after a quoted field that spans lines. */
static void
test_embedded_newline(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "id,text\n1,\"two\nlines, and more\n\"\n2,after\n");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 1);
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 2);
	assert_int_equal(f->n, 2);
	assert_string_equal(f->fields[1], "two\nlines, and more\n");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 5);
	assert_string_equal(f->fields[0], "2");
	assert_string_equal(f->fields[1], "after");
	assert_int_equal(next(f), 0);
}

static void
test_bom(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "\xef\xbb\xbfid,name\nE1,x\n");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 1);
	assert_string_equal(f->fields[0], "id");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 2);
}

/* A file that starts like a BOM but is not one loses no bytes. */
static void
test_not_bom(void **state)
{
	struct fixture	*f = *state;

	/* U+FEE0 shares two bytes with the BOM; U+FF21 shares one. */
	open_str(f, "\xef\xbb\xa0,\xef\xbc\xa1\n\xef\xbc\xa1\n");
	assert_int_equal(next(f), 1);
	assert_string_equal(f->fields[0], "\xef\xbb\xa0");
	assert_string_equal(f->fields[1], "Ａ");
	csv_free(f->csv);
	unlink(f->path);
	open_str(f, "\xef\xbc\xa1\n");
	assert_int_equal(next(f), 1);
	assert_string_equal(f->fields[0], "Ａ");
}

static void
test_bom_only(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "\xef\xbb\xbf");
	assert_int_equal(next(f), 0);
}

static void
test_empty_file(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "");
	assert_int_equal(next(f), 0);
}

static void
test_crlf(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "a,b\r\n\"x\r\ny\",z\r\nnext\r\n");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 1);
	assert_string_equal(f->fields[1], "b");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 2);
	assert_string_equal(f->fields[0], "x\ny");
	assert_string_equal(f->fields[1], "z");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 4);
	assert_string_equal(f->fields[0], "next");
	assert_int_equal(next(f), 0);
}

/* Old Mac line ends (a lone CR) end lines too. */
static void
test_cr_only(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "a\rb\r");
	assert_int_equal(next(f), 1);
	assert_string_equal(f->fields[0], "a");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 2);
	assert_string_equal(f->fields[0], "b");
	assert_int_equal(next(f), 0);
}

/* A trailing empty line, or blank lines between rows, are not rows. */
static void
test_blank_lines(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "a\n\n\nb\n\n");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 1);
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 4);
	assert_string_equal(f->fields[0], "b");
	assert_int_equal(next(f), 0);
}

static void
test_no_final_newline(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "a,\"b\"");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->n, 2);
	assert_string_equal(f->fields[1], "b");
	assert_int_equal(next(f), 0);
}

static void
test_invalid_utf8(void **state)
{
	static const char data[] = "ok,x\n\"a\0b\",\xe4\xb8\xad\n";
	static const char bad[] = "ok\nok,\xff\xfe,\xe3\x81\n";
	struct fixture	*f = *state;
	char		*cause = NULL;
	int		 fd;

	open_data(f, data, sizeof data - 1);
	assert_int_equal(next(f), 1);
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 2);
	assert_string_equal(f->fields[0], "a" U_FFFD "b");
	assert_string_equal(f->fields[1], "中");
	/* A file that is not UTF-8 (a CP932 export) is refused whole. */
	unlink(f->path);
	csv_free(f->csv);
	f->csv = NULL;
	strcpy(f->path, "/tmp/yell-csv-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bad, sizeof bad - 1),
	    (ssize_t)(sizeof bad - 1));
	close(fd);
	assert_null(csv_open(f->path, &cause));
	assert_non_null(strstr(cause, ":2: this file is not UTF-8"));
	free(cause);
}

/* Blanks around a quoted field are a common hand-editing slip. */
static void
test_blanks_around_quotes(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "x, \"a, b\" ,c\n");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->n, 3);
	assert_string_equal(f->fields[1], "a, b");
	assert_string_equal(f->fields[2], "c");
}

static void
test_unterminated(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "a\nb,\"open\nc\nd\n");
	assert_int_equal(next(f), 1);
	assert_int_equal(next(f), -1);
	assert_int_equal(f->lineno, 2);
	assert_null(f->fields);
	assert_string_equal(f->cause, "line 2: unterminated quoted field");
	assert_int_equal(next(f), 0);
}

/* A quote opened on a later line of the row is named. */
static void
test_unterminated_later_line(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "\"multi\nline\",\"open\nrest\n");
	assert_int_equal(next(f), -1);
	assert_string_equal(f->cause, "line 1: unterminated quoted field "
	    "(the quote opened on line 2)");
}

/* After a malformed row the reader goes on with the next one. */
static void
test_bad_quotes_resync(void **state)
{
	struct fixture	*f = *state;

	open_str(f, "\"a\"b,c\nd\nab\"c,d\ne\n");
	assert_int_equal(next(f), -1);
	assert_int_equal(f->lineno, 1);
	assert_string_equal(f->cause,
	    "line 1: unexpected character after a closing quote");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 2);
	assert_string_equal(f->fields[0], "d");
	assert_int_equal(next(f), -1);
	assert_string_equal(f->cause,
	    "line 3: quote inside an unquoted field");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 4);
	assert_string_equal(f->fields[0], "e");
}

/* A row of exactly 64 KiB is fine; one byte more is an error. */
static void
test_long_rows(void **state)
{
	struct fixture	*f = *state;
	size_t		 max = 64 * 1024, len;
	char		*data, *p;

	len = 2 + (max + 1) + (max + 2) + 2 + (max + 10) + 2;
	data = xmalloc(len + 1);
	p = data;
	memcpy(p, "a\n", 2);
	p += 2;
	memset(p, 'x', max);		/* exactly the limit */
	p += max;
	*p++ = '\n';
	*p++ = '"';			/* a quoted field one byte over */
	memset(p, 'y', max - 1);
	p += max - 1;
	*p++ = '"';
	*p++ = '\n';
	memcpy(p, "b\n", 2);
	p += 2;
	memset(p, ',', max + 10);	/* many empty fields */
	p += max + 10;
	memcpy(p, "\nc", 2);
	p += 2;
	open_data(f, data, (size_t)(p - data));
	free(data);

	assert_int_equal(next(f), 1);
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 2);
	assert_int_equal(f->n, 1);
	assert_int_equal(strlen(f->fields[0]), max);
	assert_int_equal(next(f), -1);
	assert_int_equal(f->lineno, 3);
	assert_string_equal(f->cause, "line 3: row is longer than 65536 bytes");
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 4);
	assert_string_equal(f->fields[0], "b");
	assert_int_equal(next(f), -1);
	assert_int_equal(f->lineno, 5);
	assert_int_equal(next(f), 1);
	assert_int_equal(f->lineno, 6);
	assert_string_equal(f->fields[0], "c");
	assert_int_equal(next(f), 0);
}

/* A runaway quote over a huge file is reported as what it is. */
static void
test_runaway_quote(void **state)
{
	struct fixture	*f = *state;
	size_t		 len = 200 * 1024;
	char		*data;

	data = xmalloc(len);
	memset(data, 'z', len);
	data[0] = '"';
	data[1000] = '\n';
	open_data(f, data, len);
	free(data);
	assert_int_equal(next(f), -1);
	assert_string_equal(f->cause, "line 1: unterminated quoted field");
	assert_int_equal(next(f), 0);
}

static void
test_open_errors(void **state)
{
	char	*cause = NULL;

	(void)state;
	assert_null(csv_open("/nonexistent/yell.csv", &cause));
	assert_string_equal(cause,
	    "/nonexistent/yell.csv: No such file or directory");
	free(cause);
	cause = NULL;
	assert_null(csv_open("/tmp", &cause));
	assert_string_equal(cause, "/tmp: Is a directory");
	free(cause);
	csv_free(NULL);
	csv_fields_free(NULL, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_simple, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_fields, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_embedded_newline, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom_only, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cr_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blank_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_final_newline, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_blanks_around_quotes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unterminated, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unterminated_later_line,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_quotes_resync, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_long_rows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_runaway_quote, setup,
		    teardown),
		cmocka_unit_test(test_open_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
