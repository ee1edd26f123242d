/*
 * test_enroll.c: enrolment over the real FY2024 catalogue is for the
 * people a course is for: a target, anyone for an open course, those HR
 * selected (or managers endorsed, for 推薦) for a selection course, and
 * nobody once the course's time has passed.  Typed widths do not matter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testlib.h"

static void
person_roles(struct tfix *f, const char *id, const char *level,
    const char *manager, const char *hired, const char *roles);

static void
person(struct tfix *f, const char *id, const char *level, const char *manager,
    const char *hired)
{
	person_roles(f, id, level, manager, hired, "");
}

static void
person_roles(struct tfix *f, const char *id, const char *level,
    const char *manager, const char *hired, const char *roles)
{
	struct tfix_person	p = { .id = id, .level = level,
				    .manager = manager, .hired = hired,
				    .roles = roles, .facts = true };

	tfix_person(f, &p);
}

static int
setup(void **state)
{
	struct tfix	*f = tfix_create();

	tfix_catalog(f);
	person(f, "C1", "section_chief", NULL, "2000-04-01");
	person(f, "U1", "unit_chief", "C1", "2010-04-01");
	person(f, "S5", "staff", "U1", "2020-04-01");	/* 採用5年目 */
	person(f, "N1", "staff", "U1", "2024-04-01");	/* 新規採用 */
	person(f, "M1", "senior", "U1", "2015-04-01");
	person_roles(f, "H1", "staff", "U1", "2015-04-01", "hr");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	tfix_free(*state);
	return 0;
}

static int
enrolled(struct tfix *f, const char *who, const char *code)
{
	char	sql[256];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM enrollment e JOIN "
	    "course c ON c.id = e.course_id WHERE e.employee_id = '%s' AND "
	    "c.code = '%s' AND e.status IN ('enrolled', 'waitlisted')", who,
	    code);
	return tfix_count(f, sql);
}

/* Not the target: refused with the reason; nothing stored. */
static void
test_not_a_target(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "S5", "enroll R-06", NULL);
	tfix_contains(f->text, "申し込めません");
	tfix_contains(f->text, "採用5年目のため");
	assert_int_equal(enrolled(f, "S5", "R-06"), 0);
	tfix_say(f, "S5", "enroll S-07", NULL);
	tfix_contains(f->text, "申し込めません");
	assert_int_equal(enrolled(f, "S5", "S-07"), 0);
	/* The target and those who may apply are taken. */
	tfix_say(f, "N1", "enroll R-06", NULL);
	assert_int_equal(enrolled(f, "N1", "R-06"), 1);
	tfix_say(f, "U1", "enroll S-07", NULL);
	assert_int_equal(enrolled(f, "U1", "S-07"), 1);
	tfix_say(f, "S5", "enroll P-01", NULL);
	assert_int_equal(enrolled(f, "S5", "P-01"), 1);
}

/* A course whose period is over takes nobody. */
static void
test_time_has_passed(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "N1", "enroll R-01", NULL);
	tfix_contains(f->text, "終わったため、申し込めません");
	assert_int_equal(enrolled(f, "N1", "R-01"), 0);
}

/* Selection (選抜) needs HR's record; 推薦 also a manager's endorsement. */
static void
test_selection(void **state)
{
	struct tfix	*f = *state;
	struct course	*c;

	tfix_say(f, "M1", "enroll S-06", NULL);
	tfix_contains(f->text, "申し込めません");
	tfix_say(f, "U1", "enroll S-06", NULL);
	tfix_contains(f->text, "選抜・推薦された方が受講する研修です");
	assert_int_equal(enrolled(f, "U1", "S-06"), 0);
	tfix_say(f, "C1", "endorse @U1 S-06", NULL);
	tfix_say(f, "U1", "enroll S-06", NULL);
	assert_int_equal(enrolled(f, "U1", "S-06"), 1);
	/* R-07 is 選抜: only HR's record counts. */
	tfix_say(f, "N1", "enroll R-07", NULL);
	tfix_contains(f->text, "選抜・推薦された方が受講する研修です");
	c = q_course_get(f->app.db, 2024, "R-07");
	assert_non_null(c);
	assert_int_equal(q_selection_add(f->app.db, "N1", c->id, "selected",
	    "hr", clock_now()), 0);
	course_free(c);
	tfix_say(f, "N1", "enroll R-07", NULL);
	assert_int_equal(enrolled(f, "N1", "R-07"), 1);
	/* Recommended to the selected, as a target. */
	tfix_say(f, "U1", "recommend @N1", NULL);
	tfix_contains(f->text, "R-07");
}

/* HR records a selection from chat; the person is told and may enrol. */
static void
test_selection_from_chat(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "U1", "selection @N1 R-07", NULL);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM selection"), 0);
	tfix_say(f, "H1", "selection @N1 R-01", NULL);
	tfix_contains(f->text, "選抜・推薦で決まる研修ではありません");
	tfix_say(f, "H1", "選抜 @N1 R-07", NULL);
	tfix_contains(f->text, "登録し、本人にお知らせしました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'N1' AND body LIKE '%受講者に選ばれました%'"), 1);
	tfix_say(f, "N1", "enroll R-07", NULL);
	assert_int_equal(enrolled(f, "N1", "R-07"), 1);
	/* Once a selection is recorded, the others are not selected. */
	person(f, "N2", "staff", "U1", "2024-04-01");
	tfix_say(f, "N2", "course R-07", NULL);
	tfix_contains(f->text, "あなたは対象ではありません");
}

/* A class number typed in full width is the same class (NFKC). */
static void
test_full_width_class(void **state)
{
	struct tfix	*f = *state;


	tfix_say(f, "N1", "enroll R-06 ３", NULL);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM enrollment e "
	    "JOIN class k ON k.id = e.class_id WHERE e.employee_id = 'N1' "
	    "AND k.class_key = '3'"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_not_a_target, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_time_has_passed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_selection, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_full_width_class, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_selection_from_chat, setup,
		    teardown),
	};

	log_init(LOG_LVL_ERROR, "test_enroll");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
