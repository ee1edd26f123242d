/*
 * test_catalog.c: the FY2024 catalogue holds every course of the action
 * plan's tables, with the plan's timings turned into classes and windows,
 * and a bad catalogue is refused whole with errors naming course and field.
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

#include "testlib.h"

static int
setup(void **state)
{
	*state = tfix_create();
	return 0;
}

static int
teardown(void **state)
{
	tfix_free(*state);
	return 0;
}

/* Row counts of the plan's tables (職層研修 by table, 実務, 政策形成, 派遣, 特別). */
static void
test_every_course_of_the_plan(void **state)
{
	static const struct {
		const char	*sql;
		int		 n;
	} counts[] = {
		{ "SELECT count(*) FROM course WHERE grp = 'staff'", 24 },
		{ "SELECT count(*) FROM course WHERE grp = 'senior'", 5 },
		{ "SELECT count(*) FROM course WHERE grp = 'unit_chief'", 13 },
		{ "SELECT count(*) FROM course WHERE grp = 'manager'", 7 },
		{ "SELECT count(*) FROM course WHERE grp = 'sanitation'", 13 },
		{ "SELECT count(*) FROM course WHERE category = 'rank'", 62 },
		{ "SELECT count(*) FROM course WHERE category = 'practical'", 11 },
		{ "SELECT count(*) FROM course WHERE category = 'policy'", 3 },
		{ "SELECT count(*) FROM course WHERE category = 'dispatch'", 3 },
		{ "SELECT count(*) FROM course WHERE category = 'special'", 18 },
		{ "SELECT count(*) FROM course WHERE fiscal_year = 2024", 97 },
		{ "SELECT count(*) FROM course WHERE tokken", 11 },
	};
	struct tfix	*f = *state;
	size_t		 i;

	assert_int_equal(tfix_catalog(f), 97);
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		if (tfix_count(f, counts[i].sql) != counts[i].n)
			fail_msg("%s: %d, expected %d", counts[i].sql,
			    tfix_count(f, counts[i].sql), counts[i].n);
	}
}

static void
assert_class_days(struct tfix *f, const char *code, const char *key,
    const char *first, int nsessions)
{
	char	sql[512];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM class k JOIN course c "
	    "ON c.id = k.course_id WHERE c.code = '%s' AND k.class_key = '%s' "
	    "AND date(k.starts_at, 'unixepoch', '+9 hours') = '%s' AND "
	    "(SELECT count(*) FROM session s WHERE s.class_id = k.id) = %d",
	    code, key, first, nsessions);
	if (tfix_count(f, sql) != 1)
		fail_msg("%s class %s: not %s with %d sessions", code, key,
		    first, nsessions);
}

static void
assert_window(struct tfix *f, const char *code, const char *kind,
    const char *from, const char *to)
{
	char	sql[512];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM course WHERE code = "
	    "'%s' AND window_kind = '%s' AND date(window_from, 'unixepoch', "
	    "'+9 hours') = '%s' AND date(window_to - 1, 'unixepoch', "
	    "'+9 hours') = '%s' AND NOT EXISTS (SELECT 1 FROM class k WHERE "
	    "k.course_id = course.id)", code, kind, from, to);
	if (tfix_count(f, sql) != 1)
		fail_msg("%s: not a %s window %s..%s", code, kind, from, to);
}

/* Each timing form of the plan, as the catalogue carries it. */
static void
test_timing_forms(void **state)
{
	struct tfix	*f = *state;

	tfix_catalog(f);
	/* "4/25・26、 4/30・5/1", two days: two classes of two sessions. */
	assert_class_days(f, "R-02", "1", "2024-04-25", 2);
	assert_class_days(f, "R-02", "2", "2024-04-30", 2);
	/* "4/15～19", one day: one class per working day. */
	assert_class_days(f, "R-03", "1", "2024-04-15", 1);
	assert_class_days(f, "R-03", "5", "2024-04-19", 1);
	/* "5/22・24・28・29・6/5・7", half a day: six classes. */
	assert_class_days(f, "R-05", "1", "2024-05-22", 1);
	assert_class_days(f, "R-05", "6", "2024-06-07", 1);
	/* "7/3・24・25", three days: one class, three sessions. */
	assert_class_days(f, "R-32", "1", "2024-07-03", 3);
	/* "1/14～17" belongs to January 2025. */
	assert_class_days(f, "R-12", "1", "2025-01-14", 1);
	/* ロジックモデル: five days with the plan's times. */
	assert_class_days(f, "S-06", "1", "2024-07-08", 5);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM session s JOIN "
	    "class k ON k.id = s.class_id JOIN course c ON c.id = k.course_id "
	    "WHERE c.code = 'S-06' AND s.times_known AND "
	    "time(s.starts_at, 'unixepoch', '+9 hours') IN ('09:00:00', "
	    "'13:00:00')"), 5);
	/* Vague timings stay windows, never invented days. */
	assert_window(f, "P-04", "approximate", "2024-08-01", "2024-08-10");
	assert_window(f, "Y-02", "approximate", "2025-01-21", "2025-01-31");
	assert_window(f, "R-34", "approximate", "2024-09-11", "2024-09-20");
	assert_window(f, "S-08", "period", "2024-08-01", "2024-10-31");
	assert_window(f, "R-24", "period", "2024-06-01", "2025-02-28");
	assert_window(f, "S-17", "tba", "2024-04-01", "2025-03-31");
	assert_window(f, "D-01", "year_round", "2024-04-01", "2025-03-31");
	assert_window(f, "R-38", "handout", "2024-04-01", "2025-03-31");
	/* Mandatory: the managers' lecture and the e-learning for all. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM course WHERE "
	    "code IN ('S-07', 'S-08') AND mandatory"), 2);
}

static char *
write_tmp(const char *text)
{
	char	*path = xstrdup("/tmp/yell-cat-XXXXXX");
	int	 fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
test_bad_catalogue_changes_nothing(void **state)
{
	struct tfix	*f = *state;
	struct catalog	 cat;
	int		 a, u;
	char		*path;

	path = write_tmp("{\"fiscal_year\": 2024, \"courses\": ["
	    "{\"code\": \"X-1\", \"category\": \"rank\", \"title\": \"ok\","
	    " \"target_text\": \"全職員\", \"target_rule\": {\"everyone\": true},"
	    " \"format\": \"classroom\", \"skills\": [\"ethics\"],"
	    " \"classes\": [{\"id\": \"1\", \"sessions\": [{\"date\": "
	    "\"2024-07-01\", \"start\": null, \"end\": null}]}]},"
	    "{\"code\": \"X-2\", \"category\": \"cooking\", \"title\": \"bad\","
	    " \"target_text\": \"全職員\", \"target_rule\": {\"everyone\": true},"
	    " \"format\": \"classroom\", \"skills\": [\"juggling\"],"
	    " \"classes\": [{\"id\": \"1\", \"sessions\": [{\"date\": "
	    "\"2023-07-01\", \"start\": \"25:00\", \"end\": null}]}]},"
	    "{\"code\": \"X-1\", \"category\": \"rank\", \"title\": \"dup\","
	    " \"target_text\": \"t\", \"format\": \"classroom\","
	    " \"skills\": [], \"window\": {\"from\": \"2024-08-01\", \"to\":"
	    " \"2024-08-10\", \"label\": \"8月上旬\", \"kind\": \"soon\"}}]}");
	assert_int_equal(catalog_read(path, &cat), -1);
	tfix_contains(cat.errors, "course X-2: category: unknown value "
	    "\"cooking\"");
	tfix_contains(cat.errors, "course X-2: skills: unknown skill "
	    "\"juggling\"");
	tfix_contains(cat.errors, "course X-2: class 1: sessions.date: "
	    "2023-07-01 is outside fiscal year 2024");
	tfix_contains(cat.errors, "course X-1: code: used by another course");
	tfix_contains(cat.errors, "course X-1: target_rule: must be an object");
	tfix_contains(cat.errors, "course X-1: kind: unknown value \"soon\"");
	assert_int_equal(catalog_apply(f->app.db, &cat, &a, &u), -1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM course"), 0);
	catalog_clear(&cat);
	unlink(path);
	free(path);
}

/* A course of two classes in one file, with the given class bodies. */
static char *
write_two_classes(const char *first, const char *second)
{
	char	*text, *path;

	xasprintf(&text, "{\"fiscal_year\": 2024, \"courses\": ["
	    "{\"code\": \"R-02\", \"category\": \"rank\", \"title\": \"t\","
	    " \"target_text\": \"全職員\", \"target_rule\": {\"everyone\": "
	    "true}, \"format\": \"classroom\", \"skills\": [\"ethics\"],"
	    " \"classes\": [{%s\"sessions\": [{\"date\": \"2024-04-25\", "
	    "\"start\": null, \"end\": null}]}, {%s\"sessions\": [{\"date\": "
	    "\"2024-02-30\", \"start\": null, \"end\": null}]}]},"
	    "{\"code\": \"r-02\", \"category\": \"rank\", \"title\": \"again\","
	    " \"target_text\": \"全職員\", \"target_rule\": {\"everyone\": "
	    "true}, \"format\": \"classroom\", \"skills\": [],"
	    " \"window\": {\"from\": \"2024-08-01\", \"to\": \"2024-08-10\","
	    " \"label\": \"8月上旬\", \"kind\": \"approximate\"}}]}",
	    first, second);
	path = write_tmp(text);
	free(text);
	return path;
}

/*
 * Fuzzer finding: a class without id before one with an id made the
 * duplicate check compare with a NULL key.  Errors name the class, tell
 * an impossible date from a badly written one, and name the other course.
 */
static void
test_class_without_id_first(void **state)
{
	struct catalog	 cat;
	char		*path;

	(void)state;
	path = write_two_classes("", "\"id\": \"2\", ");
	assert_int_equal(catalog_read(path, &cat), -1);
	tfix_contains(cat.errors, "course R-02: class #1 (no id): id: is "
	    "required");
	tfix_contains(cat.errors, "course R-02: class 2: sessions.date: "
	    "2024-02-30 is not a real date");
	tfix_contains(cat.errors, "course r-02: code: used by another course "
	    "too (course #1, \"t\")");
	catalog_clear(&cat);
	unlink(path);
	free(path);
	path = write_two_classes("\"id\": \"1\", ", "\"id\": \"1\", ");
	assert_int_equal(catalog_read(path, &cat), -1);
	tfix_contains(cat.errors, "course R-02: class 1: id: \"1\" appears "
	    "twice (classes #1 and #2)");
	catalog_clear(&cat);
	unlink(path);
	free(path);
}

/* 必修 is read, not inferred: never on a selection course. */
static void
test_mandatory_as_the_plan_says(void **state)
{
	struct catalog	 cat;
	char		*path;

	(void)state;
	path = write_tmp("{\"fiscal_year\": 2024, \"courses\": ["
	    "{\"code\": \"X-1\", \"category\": \"special\", \"title\": "
	    "\"t\", \"target_text\": \"選抜\", \"target_rule\": {\"all\": "
	    "[{\"selected\": true}, {\"level\": [\"staff\"]}]}, "
	    "\"mandatory\": true, \"format\": \"classroom\", \"skills\": [],"
	    " \"window\": {\"from\": \"2024-08-01\", \"to\": \"2024-08-10\","
	    " \"label\": \"8月上旬\", \"kind\": \"approximate\"}},"
	    "{\"code\": \"X-2\", \"category\": \"special\", \"title\": "
	    "\"t\", \"target_text\": \"全職員\", \"target_rule\": "
	    "{\"everyone\": true}, \"mandatory_for\": {\"level\": "
	    "[\"boss\"]}, \"format\": \"classroom\", \"skills\": [],"
	    " \"window\": {\"from\": \"2024-08-01\", \"to\": \"2024-08-10\","
	    " \"label\": \"8月上旬\", \"kind\": \"approximate\"}}]}");
	assert_int_equal(catalog_read(path, &cat), -1);
	tfix_contains(cat.errors, "course X-1: mandatory: a course decided by "
	    "selection is neither mandatory nor designated");
	tfix_contains(cat.errors, "course X-2: mandatory_for: needs "
	    "\"mandatory\": true");
	tfix_contains(cat.errors, "course X-2: mandatory_for: ");
	catalog_clear(&cat);
	unlink(path);
	free(path);
}

static void
test_reimport_updates(void **state)
{
	struct tfix	*f = *state;

	tfix_catalog(f);
	tfix_catalog(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM course"), 97);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM class"), 146);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_course_of_the_plan,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_timing_forms, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_bad_catalogue_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_updates, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_class_without_id_first,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_mandatory_as_the_plan_says, setup, teardown),
	};

	log_init(LOG_LVL_ERROR, "test_catalog");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
