/*
 * test_recommend.c: managers' recommendations and endorsements over the
 * real FY2024 catalogue: the line a manager may see (direct reports, the
 * whole line for 部長級・課長級, nobody outside), reasons, endorsement and
 * enrolment marks, and the monthly digest's timing and opt-out.
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
person(struct tfix *f, const char *id, const char *name, const char *level,
    const char *manager, const char *hired, const char *since)
{
	struct tfix_person	p = { .id = id, .name = name, .level = level,
				    .manager = manager, .hired = hired,
				    .since = since };

	tfix_person(f, &p);
}

static int
setup(void **state)
{
	struct tfix	*f = tfix_create();

	tfix_catalog(f);
	person(f, "D1", "部長 一郎", "director", NULL, "1990-04-01",
	    "2020-04-01");
	person(f, "C1", "課長 二郎", "section_chief", "D1", "1995-04-01",
	    "2019-04-01");
	person(f, "U1", "係長 三郎", "unit_chief", "C1", "2010-04-01",
	    "2023-04-01");
	person(f, "S1", "主事 四郎", "staff", "U1", "2023-04-01",
	    "2023-04-01");
	person(f, "X1", "他課 五郎", "staff", "D1", "2023-04-01",
	    "2023-04-01");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	tfix_free(*state);
	return 0;
}

static void
test_direct_reports(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "U1", "recommend", NULL);
	tfix_contains(f->text, "■ 主事 四郎（主事／総務課）");
	/* 採用2年目 in FY2024: hired 2023-04-01. */
	/* A rank course is designated for its group, not 必修. */
	tfix_contains(f->text, "【指名】R-18 採用2年目(ロジカルシンキング)");
	assert_null(strstr(f->text, "【必修】R-18"));
	tfix_contains(f->text, "理由: 採用2年目");
	assert_null(strstr(f->text, "他課 五郎"));
	tfix_say(f, "C1", "recommend", NULL);
	tfix_contains(f->text, "■ 係長 三郎（係長級／総務課）");
	/* 係長昇任2年目 in FY2024: promoted 2023-04-01. */
	tfix_contains(f->text, "係長2年目(人材育成・OJT支援)");
	assert_null(strstr(f->text, "主事 四郎"));
}

/*
 * Mixed targets: S-07 is for 管理職 (必修) and 係長級 who apply; R-47 for
 * ① new first evaluators, ② new 課長, ③ 管理職 who apply.  A person matched
 * by a targeted part is a target, and 必修 is per part.
 */
static void
test_mixed_targets(void **state)
{
	struct tfix	*f = *state;

	person(f, "C2", "新任 課長", "section_chief", "D1", "2000-04-01",
	    "2024-04-01");
	tfix_say(f, "D1", "recommend @C1", NULL);
	tfix_contains(f->text, "【必修】S-07 心理的安全性講演会");
	/* ③ alone is an invitation, not a target. */
	assert_null(strstr(f->text, "R-47"));
	tfix_say(f, "D1", "recommend @C2", NULL);
	tfix_contains(f->text, "【必修】S-07");
	tfix_contains(f->text, "R-47");
	assert_null(strstr(f->text, "【必修】R-47"));
	/* 係長級 may apply to S-07: not recommended as a target. */
	tfix_say(f, "C1", "recommend @U1", NULL);
	assert_null(strstr(f->text, "S-07"));
	/* With a skill, open courses come too, never as 必修. */
	tfix_say(f, "C1", "recommend @U1 #組織・人材育成", NULL);
	assert_null(strstr(f->text, "【必修】S-07"));
	/* The course itself says what the plan says, and what it is for me. */
	tfix_say(f, "C1", "course S-07", NULL);
	tfix_contains(f->text, "一部の方");
	tfix_contains(f->text, "あなたは対象で、必修です");
	tfix_contains(f->text, "[申し込む]");
	tfix_say(f, "U1", "course S-07", NULL);
	tfix_contains(f->text, "希望すれば申し込めます");
	tfix_contains(f->text, "[申し込む]");
	/* No enrol button for someone who is no target of it. */
	tfix_say(f, "S1", "course S-07", NULL);
	tfix_contains(f->text, "あなたは対象ではありません");
	assert_null(strstr(f->text, "[申し込む]"));
	tfix_say(f, "S1", "course R-18", NULL);
	tfix_contains(f->text, "職層研修: 対象の方が受講する研修です");
	assert_null(strstr(f->text, "必修です"));
	/* HR's notes on reading the plan are not shown to staff. */
	tfix_say(f, "S1", "course R-02", NULL);
	assert_null(strstr(f->text, "結合セル"));
	/* What staff need beyond the summary is shown. */
	tfix_contains(f->text, "4/30・5/1）のうち、いずれかを受講します");
	tfix_say(f, "S1", "course R-07", NULL);
	tfix_contains(f->text, "選抜・推薦された方が受講します");
	assert_null(strstr(f->text, "必修です"));
}

/* my: what applies to me and is not booked, and who endorsed what. */
static void
test_my_courses(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "C1", "my", NULL);
	tfix_contains(f->text, "あなたが対象の研修（未申込、必修が先）");
	tfix_contains(f->text, "・【必修】S-07 心理的安全性講演会");
	assert_true(strstr(f->text, "【必修】S-07") <
	    strstr(f->text, "【指名】"));
	tfix_say(f, "U1", "endorse @S1 R-18", NULL);
	tfix_say(f, "S1", "my", NULL);
	tfix_contains(f->text, "・【指名】R-18 採用2年目(ロジカルシンキング)");
	tfix_contains(f->text, "理由: 採用2年目");
	tfix_contains(f->text, "受け取った推薦:");
	tfix_contains(f->text, "・係長 三郎さんから R-18 採用2年目(ロジカルシンキング)");
	/* Booked, it moves to the enrolments. */
	tfix_say(f, "S1", "enroll R-18", NULL);
	tfix_say(f, "S1", "my", NULL);
	assert_null(strstr(f->text, "・【指名】R-18"));
}

/* An endorsement the member could not act on is refused. */
static void
test_endorse_only_bookable(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "U1", "endorse @S1 R-01", NULL);	/* 4月: over */
	tfix_contains(f->text, "今後申し込める日程がないため、推薦できません");
	tfix_say(f, "U1", "endorse @S1 R-35", NULL);	/* 係長2年目 */
	tfix_contains(f->text, "対象（");
	tfix_contains(f->text, "推薦できません");
	tfix_say(f, "U1", "endorse @S1 R-07", NULL);	/* 選抜: HR only */
	tfix_contains(f->text, "推薦できません");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM endorsement"), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox"), 0);
	/* 推薦 courses are what endorsements are for; an id typed in full
	 * width through a Japanese input method is the same id. */
	tfix_say(f, "C1", "endorse ＠Ｕ１ Ｓ－０６", NULL);
	tfix_contains(f->text, "係長 三郎さんに「ロジックモデル作成研修」を推薦しました");
}

/* The monthly digest tells a 部長 that a 課長 has S-07 (必修) to book. */
static void
test_digest_mixed_target(void **state)
{
	struct tfix	*f = *state;

	clock_set(tfix_at("2024-06-03 10:00"));
	assert_true(tfix_tick(f) > 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'digest:D1:2024-06' AND body LIKE '%課長 二郎さん: "
	    "必修の「心理的安全性講演会」%'"), 1);
	/* Not to the 係長 who may apply but need not. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "body LIKE '%係長 三郎さん: 必修の「心理的安全性講演会」%'"), 0);
}

/* The overflow hint names the same list; a year not loaded says so. */
static void
test_hint_and_next_year(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "C1", "recommend #知識・技術", NULL);
	tfix_contains(f->text, "で全部）");
	tfix_contains(f->text, "#知識・技術 で全部）");
	clock_set(tfix_at("2025-05-01 10:00"));
	tfix_say(f, "C1", "recommend", NULL);
	tfix_contains(f->text, "今年度の研修計画はまだ読み込まれていません");
}

static void
test_whole_line(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "C1", "recommend --all", NULL);
	tfix_contains(f->text, "■ 係長 三郎");
	tfix_contains(f->text, "■ 主事 四郎");
	tfix_say(f, "U1", "recommend --all", NULL);
	tfix_contains(f->text, "部長級・課長級の方が使えます");
	tfix_say(f, "D1", "recommend 全員", NULL);
	tfix_contains(f->text, "■ 他課 五郎");
	tfix_contains(f->text, "■ 主事 四郎");
}

static void
test_outside_the_line(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "U1", "recommend @X1", NULL);
	tfix_contains(f->text, "他課 五郎さんはあなたのラインのメンバーではない");
	tfix_say(f, "U1", "endorse @X1 R-18", NULL);
	tfix_contains(f->text, "ラインのメンバーではない");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM endorsement"), 0);
	assert_int_equal(q_audit_count(f->app.db, "denied"), 2);
	/* Staff without a team are told politely, and audited. */
	tfix_say(f, "S1", "recommend", NULL);
	tfix_contains(f->text, "部下のいる管理職・係長の方が使える機能です");
	tfix_say(f, "S1", "endorse @X1 R-18", NULL);
	tfix_contains(f->text, "部下のいる管理職・係長の方が使える機能です");
	assert_int_equal(q_audit_count(f->app.db, "denied"), 4);
}

static void
test_endorse_then_enrol(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "U1", "endorse @S1 R-18", NULL);
	tfix_contains(f->text, "主事 四郎さんに「採用2年目(ロジカルシンキング)」を"
	    "推薦しました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'S1' AND body LIKE '%係長 三郎さんから研修%' AND body "
	    "LIKE '%\"action_id\":\"enroll\"%' AND body LIKE '%enroll R-18%'"),
	    1);
	tfix_say(f, "U1", "endorse @S1 R-18", NULL);
	tfix_contains(f->text, "すでに推薦しています");
	tfix_say(f, "U1", "recommend @S1", NULL);
	tfix_contains(f->text, "R-18 採用2年目(ロジカルシンキング)");
	tfix_contains(f->text, "【推薦済み】");
	tfix_say(f, "S1", "enroll R-18", NULL);
	tfix_say(f, "U1", "recommend @S1", NULL);
	tfix_contains(f->text, "【申込済み】");
	/* A skill narrows the list and brings in courses open to all. */
	tfix_say(f, "U1", "recommend @S1 #判断・企画", NULL);
	tfix_contains(f->text, "R-18");
	assert_null(strstr(f->text, "R-13"));
}

static void
test_digest_timing(void **state)
{
	struct tfix	*f = *state;

	/* June 2024 starts on a Saturday: Monday 6/3, 10:00. */
	clock_set(tfix_at("2024-06-03 09:59"));
	assert_int_equal(tfix_tick(f), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'digest:%'"), 0);
	tfix_say(f, "C1", "settings digest off", NULL);
	tfix_contains(f->text, "月次まとめを止めました");
	clock_set(tfix_at("2024-06-03 10:00"));
	assert_true(tfix_tick(f) > 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'digest:U1:2024-06' AND body LIKE '%主事 四郎さん: "
	    "必修の%'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'digest:C1:2024-06'"), 0);
	/* Once a month, whatever the runs. */
	clock_set(tfix_at("2024-06-04 11:00"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'digest:U1:%'"), 1);
	/* July: Monday 7/1; not at night, and not after the first week. */
	clock_set(tfix_at("2024-07-01 20:00"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'digest:U1:2024-07'"), 0);
	clock_set(tfix_at("2024-07-10 10:00"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'digest:U1:2024-07'"), 0);
}

/*
 * A manager with nothing to book in their team still hears so, in their
 * own language: the quiet line used to come after the swap back.
 */
static void
test_digest_quiet_in_their_language(void **state)
{
	struct tfix	*f = *state;

	person(f, "Q1", "課長 静香", "section_chief", NULL, "1990-04-01",
	    "2015-04-01");
	person(f, "Q2", "技能 長雄", "foreman", "Q1", "1985-04-01",
	    "2000-04-01");
	tfix_say(f, "Q1", "settings language en", NULL);
	tfix_say(f, "Q2", "enroll S-08", NULL);	/* 必修 for all: booked */
	clock_set(tfix_at("2024-06-03 10:00"));
	assert_true(tfix_tick(f) > 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'digest:Q1:2024-06' AND body LIKE "
	    "'%Your team''s training this month: no mandatory%'"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_direct_reports, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_whole_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_mixed_targets, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hint_and_next_year, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_endorse_only_bookable,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_my_courses, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_digest_mixed_target, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_outside_the_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_endorse_then_enrol, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_digest_quiet_in_their_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_digest_timing, setup,
		    teardown),
	};

	log_init(LOG_LVL_ERROR, "test_recommend");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
