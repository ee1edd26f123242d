/*
 * test_prompt.c: the MVV in the plan's words and the explanations behind
 * them (`mvv 攻守混同`, `mvv ホーム`), the prompt pool used up before any
 * prompt repeats, engagement counted once per event, and departments'
 * and sections' declarations shown to their staff.
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

	f->cfg.prompt_channels = (char *)"C1";
	f->cfg.prompt_day = 0;
	f->cfg.prompt_time = (char *)"09:30";
	assert_int_equal(tfix_demo_roster(f), 43);
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
say(struct tfix *f, const char *who, const char *text, const char *expect)
{
	assert_int_equal(tfix_say(f, who, text, NULL), DISPATCH_DONE);
	if (expect != NULL)
		tfix_contains(f->text, expect);
}

/* The plan's own words, which the earlier paraphrase dropped. */
static void
test_plan_words(void **state)
{
	struct tfix	*f = *state;

	assert_true(f->app.mvv->nprompts >= 24);
	say(f, "E0019", "mvv", "区民のウェルビーイングの向上");
	tfix_contains(f->text, "そしてそれらのバランスをとり、変化の激しい時代に"
	    "対応するための柔軟性。");
	tfix_contains(f->text, "オフェンス（攻め）");
	tfix_contains(f->text, "ディフェンス（守り）");
	tfix_contains(f->text, "【今週の問いかけ】");
	say(f, "E0019", "mvv 攻守混同", "「公私混同」という四字熟語があります。");
	say(f, "E0019", "mvv ホーム", "戻って来られる場所");
	say(f, "E0019", "mvv　心理的安全性", "心理的安全性の高い職場であれば");
	say(f, "E0019", "mvv ｈｏｍｅ", "戻って来られる場所");
	say(f, "E0019", "mvv '); DROP TABLE staff; --", "見つかりませんでした");
	tfix_contains(f->text, "・めざす職員像「攻守混同」");
	say(f, "E0019", "settings language en", NULL);
	say(f, "E0019", "mvv home", "a place to come back to");
	say(f, "E0019", "mvv", "[This week's prompt]");
}

/* Every pass through the pool uses each prompt once. */
static void
test_pool_used_up(void **state)
{
	struct tfix	*f = *state;
	size_t		 pool = f->app.mvv->nprompts, w;
	time_t		 t = tfix_at("2024-04-01 10:00");
	char		 sql[256];

	for (w = 0; w < pool + 4; w++) {
		clock_set(t + (time_t)w * 7 * 86400);
		assert_true(tfix_tick(f) >= 0);
		/* The Monday was a holiday: Tuesday. */
		clock_set(t + (time_t)w * 7 * 86400 + 86400);
		assert_true(tfix_tick(f) >= 0);
	}
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM prompt_post"),
	    (int)pool + 4);
	snprintf(sql, sizeof sql, "SELECT count(DISTINCT prompt_id) FROM "
	    "prompt_post WHERE cycle = 0");
	assert_int_equal(tfix_count(f, sql), (int)pool);
	assert_int_equal(tfix_count(f, "SELECT count(DISTINCT prompt_id) FROM "
	    "prompt_post WHERE cycle = 1"), 4);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM prompt_post WHERE "
	    "cycle = 1"), 4);
	/* `mvv` shows the prompt this week's post has. */
	say(f, "E0019", "mvv", "今週の問いかけ");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "method = 'post' AND conversation = 'C1'"), (int)pool + 4);
}

/* A reaction or thread reply as the Slack adapter hands it in. */
static enum dispatch_result
engage_ref(struct tfix *f, enum request_kind kind, const char *channel,
    time_t about, const char *about_ref, const char *delivery_id)
{
	struct request		req;
	struct answer		ans;
	enum dispatch_result	res;

	memset(&req, 0, sizeof req);
	req.platform = xstrdup("test");
	req.chat_user = xstrdup("UNKNOWN1");	/* not even on the roster */
	req.channel = xstrdup(channel);
	req.text = xstrdup("");
	req.delivery_id = xstrdup(delivery_id);
	req.kind = kind;
	req.about_at = about;
	req.about_ref = about_ref != NULL ? xstrdup(about_ref) : NULL;
	answer_init(&ans);
	res = dispatch(&f->app, &req, &ans);
	assert_int_equal(ans.reply.nblocks, 0);	/* nobody is answered */
	answer_clear(&ans);
	request_clear(&req);
	return res;
}

static enum dispatch_result
engage(struct tfix *f, enum request_kind kind, const char *channel,
    time_t about, const char *delivery_id)
{
	return engage_ref(f, kind, channel, about, NULL, delivery_id);
}

/* Reactions and replies count once each, for the prompt they are about. */
static void
test_engagement(void **state)
{
	struct tfix		*f = *state;
	struct prompt_stat	*s;
	time_t			 at = tfix_at("2024-06-03 09:30");
	size_t			 n;

	clock_set(at);
	assert_int_equal(tfix_tick(f) >= 1, 1);
	/* Not yet delivered: nothing to react to. */
	assert_int_equal(engage(f, REQUEST_REACTION, "C1", at, "Ev0"),
	    DISPATCH_DONE);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM "
	    "prompt_engagement"), 0);
	assert_int_equal(handler_prompts.on_sent(f->app.db, "1", at + 2,
	    NULL), 0);
	clock_set(at + 600);
	assert_int_equal(engage(f, REQUEST_REACTION, "C1", at, "Ev1"),
	    DISPATCH_DONE);
	assert_int_equal(engage(f, REQUEST_REACTION, "C1", at, "Ev1"),
	    DISPATCH_DUPLICATE);	/* redelivered */
	assert_int_equal(engage(f, REQUEST_REPLY, "C1", at, "Ev2"),
	    DISPATCH_DONE);
	/* Another message of the channel, an hour later; another channel. */
	assert_int_equal(engage(f, REQUEST_REACTION, "C1", at + 3600, "Ev3"),
	    DISPATCH_DONE);
	assert_int_equal(engage(f, REQUEST_REPLY, "C9", at, "Ev4"),
	    DISPATCH_DONE);
	s = q_prompt_stats(f->app.db, at - 86400, at + 86400, &n);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].posts, 1);
	assert_int_equal(s[0].reactions, 1);
	assert_int_equal(s[0].replies, 1);
	prompt_stats_free(s, n);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "method <> 'post'"), 0);
}

/*
 * A post its platform named is matched by that name: a reaction to another
 * message posted the same second is not about the prompt.
 */
static void
test_engagement_by_ref(void **state)
{
	struct tfix	*f = *state;
	time_t		 at = tfix_at("2024-06-03 09:30");
	const char	*ref = "{\"channel\":\"C1\",\"ts\":\"1717374602.000100\"}";

	clock_set(at);
	assert_int_equal(tfix_tick(f) >= 1, 1);
	assert_int_equal(handler_prompts.on_sent(f->app.db, "1", at + 2, ref),
	    0);
	clock_set(at + 600);
	assert_int_equal(engage_ref(f, REQUEST_REACTION, "C1", at + 2,
	    "{\"channel\":\"C1\",\"ts\":\"1717374602.000200\"}", "Ev1"),
	    DISPATCH_DONE);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM "
	    "prompt_engagement"), 0);
	assert_int_equal(engage_ref(f, REQUEST_REACTION, "C1", at + 2, ref,
	    "Ev2"), DISPATCH_DONE);
	assert_int_equal(engage_ref(f, REQUEST_REPLY, "C1", at + 2, ref,
	    "Ev3"), DISPATCH_DONE);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM "
	    "prompt_engagement"), 2);
}

/* Heads declare for their unit, HR for any; staff read it in `mvv`. */
static void
test_declarations(void **state)
{
	struct tfix	*f = *state;
	char		 big[2048];

	say(f, "E0016", "declare 窓口の待ち時間を減らすため、毎朝の業務分担の"
	    "打合せを行います。<!channel>", "戸籍住民課の今年度の重点実施内容");
	say(f, "E0019", "mvv", "【戸籍住民課の重点実施内容】窓口の待ち時間");
	say(f, "E0019", "home", "【戸籍住民課の重点実施内容】窓口の待ち時間");
	tfix_contains(f->text, "【今週の問いかけ】");
	say(f, "E0017", "declare 私の係で", "部長級・課長級の職員と人事課");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM audit WHERE "
	    "action = 'denied' AND detail = 'declare'"), 1);
	say(f, "E0002", "declare department＝福祉部　Iメッセージを月1回以上"
	    "贈り合います。", "福祉部の今年度の重点実施内容");
	say(f, "E0029", "mvv", "【福祉部の重点実施内容】Iメッセージを月1回");
	say(f, "E0015", "declare 区民生活部は挑戦を応援します。", NULL);
	say(f, "E0016", "declare 窓口の案内表示を見直します。", NULL);
	say(f, "E0019", "mvv", "【区民生活部の重点実施内容】");
	tfix_contains(f->text, "【戸籍住民課の重点実施内容】窓口の案内表示");
	assert_null(strstr(f->text, "毎朝の業務分担"));
	say(f, "E0016", "declare", "窓口の案内表示");
	memset(big, 'a', 600);
	memcpy(big, "declare ", 8);
	big[600] = '\0';
	say(f, "E0016", big, "500文字まで");
	say(f, "E0016", "declare 　", "宣言するには");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM audit WHERE "
	    "action = 'declare'"), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_words, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pool_used_up, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_engagement_by_ref, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_engagement, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_declarations, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
