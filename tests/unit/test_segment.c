/*
 * test_segment.c: staff segments as HR writes them, and the report tables
 * yellctl prints from them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib.h"

static struct staff
person(const char *id, const char *dept, const char *section,
    const char *level, const char *family, const char *hired,
    const char *roles)
{
	struct staff	s;

	memset(&s, 0, sizeof s);
	s.employee_id = (char *)id;
	s.department = (char *)dept;
	s.section = (char *)section;
	s.job_level = (char *)level;
	s.job_family = (char *)family;
	s.hire_date = (char *)hired;
	s.roles = (char *)roles;
	s.active = true;
	return s;
}

static bool
matches(const char *expr, const struct staff *s)
{
	struct segment	*seg;
	char		*bad;
	bool		 m;

	seg = segment_parse(expr, &bad);
	assert_non_null(seg);
	assert_null(bad);
	m = segment_match(seg, s);
	segment_free(seg);
	return m;
}

static void
test_everyone(void **state)
{
	struct staff	 a = person("E1", "総務部", "人事課", "staff",
	    "admin", "2020-04-01", NULL);
	struct segment	*seg;
	char		*bad;

	(void)state;
	assert_true(matches("", &a));
	assert_true(matches("all", &a));
	assert_true(matches("全職員", &a));
	seg = segment_parse("  ", &bad);
	assert_true(segment_is_all(seg));
	segment_free(seg);
	seg = segment_parse("department=総務部", &bad);
	assert_false(segment_is_all(seg));
	segment_free(seg);
}

static void
test_keys_and_values(void **state)
{
	struct staff	a = person("E1", "総務部", "人事課", "unit_chief",
	    "admin", "2020-04-01", NULL);
	struct staff	b = person("E2", "子ども育成部", "保育課", "staff",
	    "welfare", "2024-03-31", "hr");

	(void)state;
	assert_true(matches("department=総務部,子ども育成部 job_level=係長級",
	    &a));
	assert_false(matches("department=総務部,子ども育成部 job_level=係長級",
	    &b));
	assert_true(matches("department=総務部,子ども育成部", &b));
	assert_true(matches("section=保育課 job_family=福祉系", &b));
	assert_false(matches("section=保育課 job_family=事務系", &b));
	/* Hired 31 March 2024: fiscal year 2023. */
	assert_true(matches("hire_fy=2023", &b));
	assert_false(matches("hire_fy=2024", &b));
	assert_true(matches("hire_fy=2020", &a));
	assert_true(matches("role=hr", &b));
	assert_false(matches("role=hr", &a));
	assert_true(matches("id=E2,E9", &b));
	assert_true(matches("id=e1", &a));
	assert_false(matches("id=E2", &a));
}

static void
test_bands(void **state)
{
	struct staff	chief = person("E3", "総務部", "総務課", "section_chief",
	    "admin", NULL, NULL);
	struct staff	deputy = person("E4", "総務部", "総務課", "deputy_chief",
	    "admin", NULL, NULL);
	struct staff	lead = person("E5", "総務部", "総務課", "staff",
	    "admin", NULL, NULL);

	(void)state;
	assert_true(matches("job_level=管理職", &chief));
	assert_false(matches("job_level=管理職", &deputy));
	assert_true(matches("job_level=managers", &chief));
	assert_true(matches("job_level=section_chief", &chief));
	/* The role "manager" is whoever leads people, direct reports too. */
	assert_false(matches("role=manager", &lead));
	lead.reports = 2;
	assert_true(matches("role=manager", &lead));
	/* No hire date: no hire year matches. */
	assert_false(matches("hire_fy=2020", &chief));
}

static void
test_full_width(void **state)
{
	struct staff	a = person("E1", "総務部", "人事課", "unit_chief",
	    "admin", NULL, NULL);
	struct staff	b = person("E2", "区民部", "戸籍課", "unit_chief",
	    "admin", NULL, NULL);

	(void)state;
	assert_true(matches("ｄｅｐａｒｔｍｅｎｔ＝総務部，区民部　職層＝係長級", &a));
	assert_true(matches("部＝総務部、区民部", &b));
	assert_true(matches("department=総務部、区民部", &b));
}

static void
test_refused(void **state)
{
	static const char *const bad_exprs[][2] = {
		{ "department", "department" },
		{ "colour=red", "colour=red" },
		{ "department=", "department=" },
		{ "=総務部", "=総務部" },
		{ "department=総務部,,区民部", "department=総務部,,区民部" },
		{ "department=a department=b", "department=b" },
		{ "all '; DROP TABLE staff; --", "';" },
	};
	struct segment	*seg;
	char		*bad;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof bad_exprs / sizeof bad_exprs[0]; i++) {
		seg = segment_parse(bad_exprs[i][0], &bad);
		assert_null(seg);
		assert_non_null(bad);
		assert_string_equal(bad, bad_exprs[i][1]);
		free(bad);
	}
}

/* Reads back what a report wrote into a memory stream. */
static char *
run_report(enum report_format f, const char *const rows[][3], size_t n)
{
	static const struct report_col cols[] = {
		{ "department", false }, { "targeted", true }, { "note", false },
	};
	struct report	*r;
	char		*out = NULL;
	size_t		 len = 0, i;
	FILE		*fp = open_memstream(&out, &len);

	r = report_open(fp, f, cols, 3);
	for (i = 0; i < n; i++)
		report_row(r, rows[i]);
	assert_int_equal(report_close(r), 0);
	fclose(fp);
	return out;
}

static void
test_report_csv(void **state)
{
	static const char *const rows[][3] = {
		{ "総務部", "12", "said \"hi\"" },
		{ "=HYPERLINK(\"x\")", "0", NULL },
		{ "区民部", NULL, "a,b\r\nc" },
	};
	char	*out;

	(void)state;
	out = run_report(REPORT_CSV, rows, 3);
	assert_string_equal(out, "\xef\xbb\xbf"
	    "\"department\",\"targeted\",\"note\"\r\n"
	    "\"総務部\",12,\"said \"\"hi\"\"\"\r\n"
	    "\"'=HYPERLINK(\"\"x\"\")\",0,\r\n"
	    "\"区民部\",,\"a,b\r\nc\"\r\n");
	free(out);
}

static void
test_report_json(void **state)
{
	static const char *const rows[][3] = {
		{ "総務部", "12", "x" },
		{ "区民部", "0.5", NULL },
		{ "\xff", "n/a", "y" },
	};
	enum report_format	 f;
	char			*out;

	(void)state;
	out = run_report(REPORT_JSON, rows, 0);
	assert_string_equal(out, "[]\n");
	free(out);
	out = run_report(REPORT_JSON, rows, 3);
	assert_string_equal(out, "[\n"
	    "{\"department\":\"総務部\",\"targeted\":12,\"note\":\"x\"},\n"
	    "{\"department\":\"区民部\",\"targeted\":0.5,\"note\":null},\n"
	    "{\"department\":null,\"targeted\":\"n/a\",\"note\":\"y\"}\n]\n");
	free(out);
	assert_int_equal(report_format_parse("csv", &f), 0);
	assert_int_equal(f, REPORT_CSV);
	assert_int_equal(report_format_parse("json", &f), 0);
	assert_int_equal(f, REPORT_JSON);
	assert_int_equal(report_format_parse("xlsx", &f), -1);
	assert_int_equal(report_format_parse(NULL, &f), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_everyone),
		cmocka_unit_test(test_keys_and_values),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_full_width),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_report_csv),
		cmocka_unit_test(test_report_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
