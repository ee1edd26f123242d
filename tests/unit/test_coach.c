/*
 * test_coach.c: the I-message coach (lib/coach.c) over the real word lists
 * in config/: a table of Japanese drafts, each with the verdict a reader of
 * the plan would give it, and the shape of the lists.
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

#include "lib.h"

static const struct {
	const char		*text;
	enum coach_verdict	 want;
} cases[] = {
	/* 「〜してくれて、〜だった。ありがとう」: complete */
	{ "資料を作成してくれて、会議がスムーズに進みました。ありがとう",
	    COACH_COMPLETE },
	{ "窓口を手伝ってくれたおかげで、昼休みに間に合いました。うれしかったです",
	    COACH_COMPLETE },
	{ "新人に声をかけてくれて、チームが落ち着きました。感謝しています",
	    COACH_COMPLETE },
	{ "急な依頼を引き受けていただき、本当に助かりました。ありがとうございます",
	    COACH_COMPLETE },
	{ "丁寧に説明してくれたので、区民の方も納得していました。心強かったです",
	    COACH_COMPLETE },
	{ "システムの設定を教えてくれて、作業が楽になりました。ありがとう！",
	    COACH_COMPLETE },
	{ "イベントの準備をしてくれたおかげで当日は安心でした。嬉しかったです",
	    COACH_COMPLETE },
	{ "ＦＡＱをまとめてくれて、問い合わせ対応が早く終わりました。感謝です",
	    COACH_COMPLETE },
	{ "  引き継ぎ資料を整えてくれて、異動後も迷わず進んでいます。ありがとう ",
	    COACH_COMPLETE },
	{ "You helped me with the report, so that I could finish on time. "
	  "Thank you", COACH_COMPLETE },
	/* lacks the act: what did the person do? */
	{ "ありがとう", COACH_LACKS_ACT },
	{ "いつもありがとうございます", COACH_LACKS_ACT },
	{ "本当に助かりました。うれしいです", COACH_LACKS_ACT },
	{ "おかげで安心しました", COACH_LACKS_ACT },
	{ "今日も一日お疲れさまでした", COACH_LACKS_ACT },
	/* lacks the effect on me */
	{ "窓口の応援ありがとう", COACH_LACKS_EFFECT },
	{ "資料を作成してくれてありがとう", COACH_LACKS_EFFECT },
	{ "会議の準備をしてくれて、うれしかったです", COACH_LACKS_EFFECT },
	{ "電話の取り次ぎをしてくださり感謝しています", COACH_LACKS_EFFECT },
	{ "Thanks for the slides!", COACH_LACKS_EFFECT },
	/* lacks the feeling */
	{ "資料を作成してくれたので、会議がスムーズに進みました",
	    COACH_LACKS_FEELING },
	{ "調整してくれたおかげで、締切に間に合いました", COACH_LACKS_FEELING },
	{ "手伝ってもらって作業が早く終わった", COACH_LACKS_FEELING },
	/* judging instead of describing */
	{ "さすが山田さん、資料を作成してくれて助かりました。ありがとう",
	    COACH_IS_JUDGING },
	{ "えらいね！", COACH_IS_JUDGING },
	{ "偉いです。よく頑張りました", COACH_IS_JUDGING },
	{ "もっと早く報告するべきでしたが、対応してくれて助かりました",
	    COACH_IS_JUDGING },
	{ "流石です", COACH_IS_JUDGING },
	{ "完璧な資料でした", COACH_IS_JUDGING },
	{ "Good job on the report", COACH_IS_JUDGING },
	/* you-messages */
	{ "あなたは本当に頼りになる", COACH_IS_YOU },
	{ "君はいつも丁寧だね", COACH_IS_YOU },
	{ "あなたって優しいですね。ありがとう", COACH_IS_YOU },
	{ "気配りができる人ですね", COACH_IS_YOU },
	{ "You are always so kind", COACH_IS_YOU },
	/* full-width and half-width forms read the same */
	{ "ｻｽｶﾞです", COACH_IS_JUDGING },
	{ "手伝ってくれて、スムーズでした。ありがとう", COACH_COMPLETE },
};

static int
setup(void **state)
{
	const char	*src = getenv("YELL_SOURCE_DIR");
	char		*dir, *cause = NULL;
	struct coach	*c;

	xasprintf(&dir, "%s/config", src != NULL ? src : ".");
	c = coach_load(dir, &cause);
	if (c == NULL)
		fprintf(stderr, "%s\n", cause);
	free(cause);
	free(dir);
	assert_non_null(c);
	*state = c;
	return 0;
}

static int
teardown(void **state)
{
	coach_free(*state);
	return 0;
}

static void
test_table(void **state)
{
	const struct coach	*c = *state;
	enum coach_verdict	 got;
	size_t			 i, bad = 0;
	int			 parts;

	assert_true(sizeof cases / sizeof cases[0] >= 30);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		parts = coach_read(c, cases[i].text, NULL);
		got = coach_verdict(parts);
		if (got != cases[i].want) {
			fprintf(stderr, "\"%s\": %s, want %s (parts %d)\n",
			    cases[i].text, coach_verdict_name(got),
			    coach_verdict_name(cases[i].want), parts);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void
test_word(void **state)
{
	const struct coach	*c = *state;
	const char		*word;
	int			 parts;

	parts = coach_read(c, "さすが！助かった", &word);
	assert_true(parts & COACH_JUDGING);
	assert_true(parts & COACH_EFFECT);
	assert_string_equal(word, "さすが");
	parts = coach_read(c, "手伝ってくれて助かりました。ありがとう", &word);
	assert_int_equal(parts, COACH_ACT | COACH_EFFECT | COACH_FEELING);
	assert_null(word);
	assert_true(coach_complete(parts));
	assert_int_equal(coach_read(c, "", &word), 0);
	assert_null(word);
	assert_string_equal(coach_verdict_name(COACH_LACKS_EFFECT),
	    "lacks_effect");
}

static void
test_skills(void **state)
{
	const struct coach	*c = *state;
	const char		*codes[8];
	size_t			 n;

	n = coach_skills(c, "日程を調整してくれて助かりました", "koshu help",
	    codes, 8);
	assert_int_equal(n, 4);
	assert_string_equal(codes[0], "coordination");
	assert_string_equal(codes[1], "planning");
	assert_string_equal(codes[2], "problem_solving");
	assert_string_equal(codes[3], "cooperation");
	/* Each once, and never more than asked for. */
	n = coach_skills(c, "調整と調整", "koshu koshu", codes, 2);
	assert_int_equal(n, 2);
	assert_int_equal(coach_skills(c, "ありがとう", NULL, codes, 8), 0);
}

static void
test_bad_files(void **state)
{
	char	 dir[] = "/tmp/test_coach.XXXXXX", *path, *cause = NULL;
	FILE	*f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	xasprintf(&path, "%s/coach.ja.json", dir);
	assert_null(coach_load(dir, &cause));	/* missing */
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	f = fopen(path, "w");
	fputs("{\"act\": \"してくれ\"}", f);
	fclose(f);
	assert_null(coach_load(dir, &cause));
	assert_non_null(strstr(cause, "\"act\" must be an array"));
	free(cause);
	cause = NULL;
	f = fopen(path, "w");
	fputs("{\"judging\": [\"\"]}", f);
	fclose(f);
	assert_null(coach_load(dir, &cause));
	assert_non_null(strstr(cause, "judging[0]"));
	free(cause);
	unlink(path);
	free(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_word),
		cmocka_unit_test(test_skills),
		cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
