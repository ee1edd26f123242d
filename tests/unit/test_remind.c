/*
 * test_remind.c: enrolment, the waitlist and course reminders on a small
 * catalogue with the real working calendar: reminder times around
 * weekends and holidays, a class at 13:00, a three-day class, an
 * e-learning period, digests, working hours, downtime and a failed run.
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

#define COURSE(code, title, sessions, cap) \
	"{\"code\": \"" code "\", \"category\": \"special\", \"title\": \"" \
	title "\", \"target_text\": \"希望する職員\", \"target_rule\": " \
	"{\"open\": true}, \"format\": \"classroom\", \"skills\": [], " \
	"\"classes\": [{\"id\": \"1\", \"capacity\": " cap ", \"sessions\": [" \
	sessions "]}]}"
#define DAY(d, s, e) \
	"{\"date\": \"" d "\", \"start\": " s ", \"end\": " e "}"

static const char catalogue[] = "{\"fiscal_year\": 2024, \"courses\": ["
    COURSE("T-1", "午後の研修", DAY("2024-07-16", "\"13:00\"", "\"17:00\""),
    "null") ","
    COURSE("T-2", "三日間の研修", DAY("2024-10-15", "null", "null") ","
    DAY("2024-10-16", "null", "null") "," DAY("2024-10-17", "null", "null"),
    "null") ","
    COURSE("T-4", "祝日明けの研修", DAY("2024-07-22", "\"09:30\"",
    "\"12:00\""), "null") ","
    COURSE("T-5", "少人数の研修", DAY("2024-07-10", "\"10:00\"",
    "\"12:00\""), "2") ","
    COURSE("T-6", "朝早い研修", DAY("2024-07-24", "\"08:00\"",
    "\"10:00\""), "null") ","
    "{\"code\": \"T-3\", \"category\": \"special\", \"title\": \"eラーニング\","
    " \"target_text\": \"全職員\", \"target_rule\": {\"everyone\": true},"
    " \"format\": \"elearning\", \"skills\": [], \"window\": {\"from\": "
    "\"2024-08-01\", \"to\": \"2024-08-31\", \"label\": \"8月\", \"kind\": "
    "\"period\"}}]}";

static int
setup(void **state)
{
	struct tfix	*f = tfix_create();
	struct catalog	 cat;
	char		 path[] = "/tmp/yell-remind-XXXXXX";
	int		 fd, a, u;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, catalogue, strlen(catalogue)),
	    (ssize_t)strlen(catalogue));
	close(fd);
	if (catalog_read(path, &cat) != 0)
		fail_msg("%s", cat.errors);
	assert_int_equal(catalog_apply(f->app.db, &cat, &a, &u), 0);
	catalog_clear(&cat);
	unlink(path);
	tfix_staff(f, "E1", "山田 太郎", "ヤマダ タロウ", "section_chief", NULL);
	tfix_staff(f, "E2", "佐藤 花子", "サトウ ハナコ", "staff", "E1");
	tfix_staff(f, "E3", "鈴木 一郎", "スズキ イチロウ", "staff", "E1");
	tfix_staff(f, "E4", "田中 次郎", "タナカ ジロウ", "staff", "E1");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	tfix_free(*state);
	return 0;
}

/* The planned reminders of E1's enrolment in code, as local times. */
static void
assert_plan(struct tfix *f, const char *code, const char *expect)
{
	sqlite3_stmt	*stmt;
	struct buf	 b;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->app.db),
	    "SELECT strftime('%m-%d %H:%M', r.due_at, 'unixepoch', "
	    "'+9 hours') FROM reminder r JOIN enrollment e ON e.id = "
	    "r.enrollment_id JOIN course c ON c.id = e.course_id WHERE "
	    "c.code = ?1 AND e.employee_id = 'E1' ORDER BY r.due_at", -1,
	    &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		buf_printf(&b, "%s%s", b.len > 0 ? ", " : "",
		    (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (strcmp(b.data, expect) != 0)
		fail_msg("%s: planned \"%s\", expected \"%s\"", code, b.data,
		    expect);
	buf_free(&b);
}

static void
test_class_at_13_after_a_holiday(void **state)
{
	struct tfix	*f = *state;

	assert_int_equal(tfix_say(f, "E1", "enroll T-1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "申し込みました");
	/* 7 days before; the working day before skips 7/15 (海の日) and the
	 * weekend; the morning of is 08:30, before the 13:00 start. */
	assert_plan(f, "T-1", "07-09 09:00, 07-12 09:00, 07-16 08:30");
}

static void
test_three_day_class(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "enroll T-2", NULL);
	/* Reminded for the first day only; 10/14 is スポーツの日. */
	assert_plan(f, "T-2", "10-08 09:00, 10-11 09:00, 10-15 08:30");
}

static void
test_moved_off_a_holiday(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "enroll T-4", NULL);
	/* 7 days before 7/22 is 7/15, 海の日: moved back to the previous
	 * working day at the same time, Friday 7/12 09:00, never dropped
	 * and never the evening before. */
	assert_plan(f, "T-4", "07-12 09:00, 07-19 09:00, 07-22 08:30");
	tfix_contains(f->text, "お知らせ予定: 2024年7月12日（金）9:00・"
	    "2024年7月19日（金）9:00・2024年7月22日（月）8:30");
}

static void
test_elearning_period(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "enroll T-3", NULL);
	tfix_contains(f->text, "お知らせ予定: 2024年8月1日（木）9:00・"
	    "2024年8月8日（木）9:00・2024年8月15日（木）9:00…（毎週と終了3勤務日前、"
	    "計5回）");
	/* Start, weekly, and 3 working days before Saturday 8/31. */
	assert_plan(f, "T-3", "08-01 09:00, 08-08 09:00, 08-15 09:00, "
	    "08-22 09:00, 08-28 09:00");
}

/*
 * A class at 08:00, before office hours: no morning-of reminder (nor one
 * at 17:14 the day before); the working day before at 09:00 covers it.
 */
static void
test_class_before_office_hours(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "enroll T-6", NULL);
	assert_plan(f, "T-6", "07-17 09:00, 07-23 09:00");
}

/* Enrolling the evening before promises only what is left. */
static void
test_enrol_the_evening_before(void **state)
{
	struct tfix	*f = *state;

	clock_set(tfix_at("2024-07-21 18:00"));
	tfix_say(f, "E1", "enroll T-4", NULL);
	assert_plan(f, "T-4", "07-22 08:30");
	tfix_contains(f->text, "お知らせ予定: 2024年7月22日（月）8:30");
	clock_set(tfix_at("2024-07-22 09:00"));
	tfix_say(f, "E2", "enroll T-4", NULL);
	tfix_contains(f->text, "事前のお知らせはありません");
}

static void
test_waitlist_and_promotion(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "enroll T-5", NULL);
	tfix_say(f, "E2", "enroll T-5", NULL);
	tfix_say(f, "E3", "enroll T-5", NULL);
	tfix_contains(f->text, "キャンセル待ち1番目");
	tfix_say(f, "E4", "enroll T-5", NULL);
	tfix_contains(f->text, "キャンセル待ち2番目");
	tfix_say(f, "E3", "enroll T-5", NULL);
	tfix_contains(f->text, "すでにキャンセル待ち");
	tfix_say(f, "E1", "course T-5", NULL);
	tfix_contains(f->text, "定員2名／申込 2名・待ち 2名");
	/* E2 cancels: E3, first in line, gets the seat and is told. */
	tfix_say(f, "E2", "cancel T-5", NULL);
	tfix_contains(f->text, "取り消しました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM enrollment WHERE "
	    "employee_id = 'E3' AND status = 'enrolled'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM enrollment WHERE "
	    "employee_id = 'E4' AND status = 'waitlisted'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'E3' AND body LIKE '%席が空き%'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM reminder r JOIN "
	    "enrollment e ON e.id = r.enrollment_id WHERE e.employee_id = "
	    "'E3'"), 3);
	tfix_say(f, "E2", "cancel T-5", NULL);
	tfix_contains(f->text, "申し込んでいません");
	/* my shows the place on the waitlist, and a held class as held. */
	tfix_say(f, "E4", "my", NULL);
	tfix_contains(f->text, "【キャンセル待ち 1番目】");
	clock_set(tfix_at("2024-07-11 10:00"));
	tfix_say(f, "E3", "my", NULL);
	tfix_contains(f->text, "T-5 少人数の研修 — 2024年7月10日（水）10:00【実施済み】");
	tfix_say(f, "E3", "course T-5", NULL);
	tfix_contains(f->text, "今年度の日程は終わりました");
	assert_null(strstr(f->text, "[申し込む]"));
}

/* Two reminders falling together reach the person as one message. */
static void
test_digest_in_working_hours(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "enroll T-1", NULL);
	tfix_say(f, "E1", "enroll T-4", NULL);
	/* Saturday 7/13 10:00: the 7/12 reminders are due but it is the
	 * weekend, so nothing is sent until Tuesday 7/16 (7/15 is a holiday). */
	clock_set(tfix_at("2024-07-13 10:00"));
	assert_int_equal(tfix_tick(f), 0);
	clock_set(tfix_at("2024-07-16 08:30"));
	assert_int_equal(tfix_tick(f), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'E1'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "body LIKE '%まとめて%' AND body LIKE '%午後の研修%' AND body LIKE "
	    "'%祝日明けの研修%'"), 1);
	/* Running again sends nothing twice. */
	assert_int_equal(tfix_tick(f), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox"), 1);
}

/*
 * A class the plan gives no time for is reminded of by its date alone
 * (T-2's three days have none); one with a time shows it (T-1 at 13:00).
 */
static void
test_reminder_without_time(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "enroll T-2", NULL);
	tfix_say(f, "E2", "enroll T-1", NULL);
	clock_set(tfix_at("2024-07-09 09:00"));
	assert_int_equal(tfix_tick(f), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'E2' AND body LIKE '%2024年7月16日（火）13:00 午後の研修%'"),
	    1);
	clock_set(tfix_at("2024-10-08 09:00"));
	assert_int_equal(tfix_tick(f), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'E1' AND body LIKE '%2024年10月15日（火） 三日間の研修%'"),
	    1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'E1' AND body LIKE '%9:00%'"), 0);
}

/* After downtime a useful reminder is sent once; a stale one never. */
static void
test_downtime(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "enroll T-1", NULL);
	clock_set(tfix_at("2024-07-16 14:00"));	/* the class has begun */
	assert_int_equal(tfix_tick(f), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM reminder WHERE "
	    "status = 'skipped'"), 3);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox"), 0);
}

/* A run that fails half-way commits nothing; the next sends each once. */
static void
test_failed_run_then_restart(void **state)
{
	struct tfix	*f = *state;
	int		 nth, failures = 0;

	tfix_say(f, "E1", "enroll T-1", NULL);
	tfix_say(f, "E2", "enroll T-1", NULL);
	clock_set(tfix_at("2024-07-09 09:00"));
	for (nth = 1; nth < 8; nth++) {
		db_set_fault(nth);
		if (tfix_tick(f) < 0) {
			failures++;
			assert_int_equal(tfix_count(f, "SELECT count(*) FROM "
			    "outbox"), 0);
			assert_int_equal(tfix_count(f, "SELECT count(*) FROM "
			    "reminder WHERE status = 'sent'"), 0);
		}
		db_set_fault(0);
		if (tfix_count(f, "SELECT count(*) FROM outbox") > 0)
			break;
	}
	assert_true(failures > 0);
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox"), 2);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM reminder WHERE "
	    "status = 'sent'"), 2);
}

static void
test_completion_stops_reminders(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "enroll T-3", NULL);
	assert_int_equal(q_enroll_complete(f->app.db, "E1", tfix_count(f,
	    "SELECT id FROM course WHERE code = 'T-3'"), clock_now()), 0);
	assert_plan(f, "T-3", "");
	tfix_say(f, "E1", "enroll T-3", NULL);
	tfix_contains(f->text, "すでに修了");
}

static void
test_ics(void **state)
{
	struct tfix	*f = *state;
	char		 want[64], sql[96];
	int		 id, e;

	tfix_say(f, "E1", "ics", NULL);
	tfix_contains(f->text, "日程のある申し込みがありません");
	tfix_say(f, "E1", "enroll T-2", NULL);
	tfix_say(f, "E1", "ics", NULL);
	tfix_contains(f->text, "BEGIN:VCALENDAR\r\n");
	/* No times in the plan: all-day events, never an invented 9:00. */
	tfix_contains(f->text, "DTSTART;VALUE=DATE:20241015\r\n");
	tfix_contains(f->text, "DTEND;VALUE=DATE:20241016\r\n");
	tfix_contains(f->text, "DTSTART;VALUE=DATE:20241017\r\n");
	assert_null(strstr(f->text, "T090000"));
	tfix_contains(f->text, "SUMMARY:三日間の研修\r\n");
	/* Times the plan gives are kept. */
	tfix_say(f, "E1", "enroll T-4", NULL);
	tfix_say(f, "E1", "ics", NULL);
	tfix_contains(f->text, "DTSTART;TZID=Asia/Tokyo:20240722T093000\r\n");
	/* And the class shows its date only, in `my` too. */
	tfix_say(f, "E1", "my", NULL);
	tfix_contains(f->text, "2024年10月15日（火）");
	tfix_contains(f->text, "2024年7月22日（月）9:30");
	assert_null(strstr(f->text, "15日（火）9:00"));
	tfix_say(f, "E1", "course T-2", NULL);
	tfix_contains(f->text, "2024年10月15日（火）〜");
	assert_null(strstr(f->text, "9:00"));
	tfix_say(f, "E1", "ics", NULL);
	tfix_contains(f->text, "SEQUENCE:0\r\nSTATUS:CONFIRMED\r\n");
	/* Moved: the same UID, a higher SEQUENCE and the new day. */
	id = tfix_count(f, "SELECT k.id FROM class k JOIN course c ON "
	    "c.id = k.course_id WHERE c.code = 'T-4'");
	snprintf(want, sizeof want, "UID:%d-1@yell\r\n", id);
	tfix_contains(f->text, want);
	assert_int_equal(q_class_move(f->app.db, id, 24 * 3600), 0);
	tfix_say(f, "E1", "ics", NULL);
	tfix_contains(f->text, want);
	tfix_contains(f->text, "DTSTART;TZID=Asia/Tokyo:20240723T093000\r\n");
	tfix_contains(f->text, "SEQUENCE:1\r\nSTATUS:CONFIRMED\r\n");
	/* Cancelled (as yellctl class cancel does it): STATUS:CANCELLED. */
	assert_int_equal(q_class_cancel(f->app.db, id), 0);
	snprintf(sql, sizeof sql, "SELECT id FROM enrollment WHERE "
	    "class_id = %d", id);
	e = tfix_count(f, sql);
	assert_int_equal(q_enroll_set(f->app.db, e, "cancelled", 0,
	    clock_now()), 0);
	tfix_say(f, "E1", "ics", NULL);
	tfix_contains(f->text, want);
	tfix_contains(f->text, "SEQUENCE:2\r\nSTATUS:CANCELLED\r\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_class_at_13_after_a_holiday, setup, teardown),
		cmocka_unit_test_setup_teardown(test_three_day_class, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_moved_off_a_holiday,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_elearning_period, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_waitlist_and_promotion,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_class_before_office_hours,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_enrol_the_evening_before,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_digest_in_working_hours,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_reminder_without_time,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_downtime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_run_then_restart,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_completion_stops_reminders,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_ics, setup, teardown),
	};

	log_init(LOG_LVL_ERROR, "test_remind");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
