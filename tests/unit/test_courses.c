/*
 * test_courses.c: `courses` over the real FY2024 catalogue: words found in
 * titles and summaries however they are typed, a skill, a month, a
 * category, the default of the next 30 days, refusals, and an enrol button
 * for each course listed.
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

static int
setup(void **state)
{
	struct tfix	*f = tfix_create();

	tfix_catalog(f);
	tfix_staff(f, "E1", "山田 太郎", "ヤマダ タロウ", "staff", NULL);
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
test_words_any_width(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "courses ＥＸＣＥＬ", NULL);
	tfix_contains(f->text, "見つかった研修: 2件");
	tfix_contains(f->text, "・P-05 Excel基礎（8月上旬）");
	tfix_contains(f->text, "・P-06 Excel関数（8月上旬）");
	/* A word of a summary, in katakana typed as half-width. */
	tfix_say(f, "E1", "courses ﾌｧｼﾘﾃｰｼｮﾝ", NULL);
	tfix_contains(f->text, "S-06 ロジックモデル作成研修");
}

static void
test_skill_month_category(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "courses ＃倫理　7月", NULL);
	tfix_contains(f->text, "見つかった研修: 5件");
	tfix_contains(f->text, "S-07 心理的安全性講演会（2024年7月12日（金））"
	    "【必修（対象の一部）】");
	assert_null(strstr(f->text, "S-06"));	/* no 倫理 in S-06 */
	/* A month shows that month's class, and only courses held in it. */
	tfix_say(f, "E1", "courses 7月", NULL);
	tfix_contains(f->text, "R-06 新任(メンタルヘルス)（2024年7月11日（木））");
	tfix_contains(f->text, "R-54 新任技能(メンタルヘルス)（2024年7月11日（木））");
	assert_null(strstr(f->text, "6月24日"));
	assert_null(strstr(f->text, "S-04"));
	tfix_say(f, "E1", "courses 派遣", NULL);
	tfix_contains(f->text, "見つかった研修: 3件");
	tfix_contains(f->text, "D-01 国内都市派遣（通年）");
	tfix_say(f, "E1", "courses #juggling", NULL);
	tfix_contains(f->text, "「#juggling」という能力はありません");
	tfix_say(f, "E1", "courses ないしょの研修", NULL);
	tfix_contains(f->text, "条件に合う研修は見つかりませんでした");
}

/* Without arguments: what starts in the next 30 days (from 6/3). */
static void
test_next_30_days(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "courses", NULL);
	tfix_contains(f->text, "R-05 新任(防災)（2024年6月5日（水））");
	assert_null(strstr(f->text, "S-07"));	/* 7/12: later */
	/* Only courses with something still to start. */
	assert_null(strstr(f->text, "今後の日程なし"));
}

/* In a fiscal year whose plan is not loaded, say so. */
static void
test_next_year_not_loaded(void **state)
{
	struct tfix	*f = *state;

	clock_set(tfix_at("2025-05-01 10:00"));
	tfix_say(f, "E1", "courses", NULL);
	tfix_contains(f->text, "今年度の研修計画はまだ読み込まれていません");
	tfix_say(f, "E1", "courses Excel", NULL);
	tfix_contains(f->text, "今年度の研修計画はまだ読み込まれていません");
}

/* help: the list with the other names, and one command with examples. */
static void
test_help(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "help", NULL);
	tfix_contains(f->text, "・courses [言葉|#能力|月|分類]（別名: 研修・研修一覧・search）");
	tfix_contains(f->text, "（別名: enrol・申込・申し込む・申込み）");
	tfix_contains(f->text, "キャンセル");
	tfix_say(f, "E1", "help 研修", NULL);
	tfix_contains(f->text, "courses [言葉|#能力|月|分類]\n");
	tfix_contains(f->text, "例:\ncourses\ncourses 7月");
	assert_null(strstr(f->text, "enroll"));
	tfix_say(f, "E1", "help enroll", NULL);
	tfix_contains(f->text, "enroll R-06 3");
	tfix_say(f, "E1", "help frobnicate", NULL);
	tfix_contains(f->text, "「frobnicate」というコマンドはありません");
}

/* The English catalogue: month names, dates, seats, examples. */
static void
test_english(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "settings language en", NULL);
	tfix_say(f, "E1", "courses July", NULL);
	tfix_contains(f->text, "R-06");
	tfix_contains(f->text, "(Thu 11 Jul 2024)");
	tfix_say(f, "E1", "courses jul", NULL);
	tfix_contains(f->text, "R-06");
	tfix_say(f, "E1", "course P-01", NULL);
	tfix_contains(f->text, "no seat limit");
	assert_null(strstr(f->text, "seats none"));
	tfix_say(f, "E1", "enroll", NULL);
	tfix_contains(f->text, "(e.g. enroll R-01)");
}

static void
test_enrol_button_per_course(void **state)
{
	struct tfix	*f = *state;
	size_t		 i, buttons = 0;

	tfix_say(f, "E1", "courses Excel", NULL);
	for (i = 0; i < f->reply.nblocks; i++) {
		if (f->reply.blocks[i].kind != REPLY_BUTTON)
			continue;
		assert_string_equal(f->reply.blocks[i].action_id, "enroll");
		assert_string_equal(f->reply.blocks[i].value, buttons == 0 ?
		    "P-05" : "P-06");
		buttons++;
	}
	assert_int_equal(buttons, 2);
	tfix_contains(f->text, "・P-05 Excel基礎（8月上旬）  [申し込む]\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_words_any_width, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_skill_month_category,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_30_days, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_next_year_not_loaded,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_english, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enrol_button_per_course,
		    setup, teardown),
	};

	log_init(LOG_LVL_ERROR, "test_courses");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
