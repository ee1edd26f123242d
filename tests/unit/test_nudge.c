/*
 * test_nudge.c: personal nudges on the demo roster over twelve simulated
 * weeks with a set clock: each kind's daily run kept, the weekly cap never
 * exceeded, nothing outside working hours or on holidays or to inactive
 * staff, opt-outs at once; acted-on figures; and a run cut short by a
 * restart sends nothing twice.
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

static const char *const kinds[] = { "imessage", "team", "class", "thanks" };

static int
setup(void **state)
{
	struct tfix	*f = tfix_create();

	f->cfg.imessage_senders = CFG_SENDERS_ALL;
	f->cfg.nudge_per_week = 2;
	f->cfg.nudge_time = (char *)"10:00";
	f->cfg.nudge_imessage_days = 30;
	f->cfg.nudge_team_days = 30;
	f->cfg.nudge_after_class = 1;
	f->cfg.nudge_thanks_days = 3;
	f->cfg.prompt_channels = (char *)"C1, C2";
	f->cfg.prompt_day = 0;
	f->cfg.prompt_time = (char *)"09:30";
	assert_int_equal(tfix_demo_roster(f), 43);
	assert_true(tfix_catalog(f) > 90);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	tfix_free(*state);
	return 0;
}

/* What the sender thread does: deliver every pending row, run on_sent. */
static void
drain(struct tfix *f)
{
	sqlite3		*h = db_handle(f->app.db);
	sqlite3_stmt	*st;
	const struct handler *hd;
	int64_t		 ids[512];
	char		*refs[512], *colon;
	size_t		 n = 0, i;

	assert_int_equal(sqlite3_prepare_v2(h, "SELECT id, ref FROM outbox "
	    "WHERE status = 'pending' LIMIT 512", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(st, 0);
		refs[n++] = db_column_text(st, 1);
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++) {
		if (refs[i] != NULL && (colon = strchr(refs[i], ':')) != NULL) {
			*colon = '\0';
			hd = handler_named(refs[i]);
			assert_non_null(hd);
			if (hd->on_sent != NULL)
				assert_int_equal(hd->on_sent(f->app.db,
				    colon + 1, clock_now(), NULL), 0);
		}
		free(refs[i]);
		assert_int_equal(sqlite3_prepare_v2(h, "UPDATE outbox SET "
		    "status = 'sent' WHERE id = ?1", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, ids[i]);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
}

/* Every time in column 0 of sql is in working hours on a working day. */
static void
all_in_hours(struct tfix *f, const char *sql)
{
	sqlite3_stmt	*st;
	time_t		 t;
	int		 n = 0;

	assert_int_equal(sqlite3_prepare_v2(db_handle(f->app.db), sql, -1,
	    &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		t = sqlite3_column_int64(st, 0);
		if (!workcal_in_hours(f->app.cal, t))
			fail_msg("%s: %s is out of working hours", sql,
			    clock_format_datetime(t));
		n++;
	}
	sqlite3_finalize(st);
	assert_true(n > 0);
}

static void
say(struct tfix *f, const char *who, const char *text, const char *expect)
{
	assert_int_equal(tfix_say(f, who, text, NULL), DISPATCH_DONE);
	if (expect != NULL)
		tfix_contains(f->text, expect);
}

static int
count(struct tfix *f, const char *fmt, ...)
{
	va_list	 ap;
	char	*sql;
	int	 n;

	va_start(ap, fmt);
	xvasprintf(&sql, fmt, ap);
	va_end(ap);
	n = tfix_count(f, sql);
	free(sql);
	return n;
}

/* The working days in [from, to). */
static int
working_days(struct tfix *f, time_t from, time_t to)
{
	struct tm	tm;
	time_t		t;
	int		n = 0;

	for (t = from; t < to; t += 86400) {
		clock_local(t, &tm);
		n += workcal_is_working_day(f->app.cal, tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
	}
	return n;
}

/* Twelve weeks from Monday 2024-06-03, every half hour. */
static void
test_twelve_weeks(void **state)
{
	struct tfix	*f = *state;
	time_t		 start = tfix_at("2024-06-03 09:00"), t;
	time_t		 end = start + 12 * 7 * 86400, off = 0;
	size_t		 k;

	assert_int_equal(tfix_count(f, "UPDATE staff SET active = 0 WHERE "
	    "employee_id = 'E0005' RETURNING 1"), 1);
	say(f, "E0016", "imessage @E0017 窓口の応援ありがとう #たすけあエール",
	    "Iメッセージを送りました");
	say(f, "E0002", "imessage @E0003 研修の準備ありがとう", NULL);
	say(f, "E0016", "enroll S-07", "申し込みました");
	say(f, "E0017", "enroll S-07", "申し込みました");
	say(f, "E0009", "enroll S-07", "申し込みました");
	for (t = start; t < end; t += 1800) {
		clock_set(t);
		if (t == tfix_at("2024-06-04 09:00"))
			say(f, "E0003", "imessage @E0002 ご指導ありがとうございます",
			    NULL);
		if (t == tfix_at("2024-06-17 08:00")) {
			off = t;
			say(f, "E0019", "settings nudges off", "止めました");
			say(f, "E0020", "settings nudges off Iメッセージ",
			    "止めました");
		}
		assert_true(tfix_tick(f) >= 0);
		drain(f);
	}
	/* The cap, across kinds, every week. */
	assert_true(tfix_count(f, "SELECT count(*) FROM nudge_log") > 40);
	assert_int_equal(tfix_count(f, "SELECT max(c) FROM (SELECT count(*) "
	    "AS c FROM nudge_log GROUP BY employee_id, week)"), 2);
	/* Working hours, working days, for nudges and prompts alike. */
	all_in_hours(f, "SELECT created_at FROM nudge_log");
	all_in_hours(f, "SELECT not_before / 1000 FROM outbox WHERE "
	    "dedupe_key LIKE 'nudge:%' OR dedupe_key LIKE 'prompt:%'");
	all_in_hours(f, "SELECT created_at FROM prompt_post");
	/* Each kind ran once each working day, and all went out. */
	for (k = 0; k < 4; k++)
		assert_int_equal(count(f, "SELECT count(*) FROM nudge_run WHERE "
		    "kind = '%s'", kinds[k]), working_days(f, start, end));
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM nudge_log WHERE "
	    "sent_at IS NULL"), 0);
	/* Never to inactive staff; opt-outs hold from the moment they are. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM nudge_log WHERE "
	    "employee_id = 'E0005'"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM nudge_log WHERE "
	    "employee_id = 'E0019' AND created_at >= %lld", (long long)off), 0);
	assert_true(count(f, "SELECT count(*) FROM nudge_log WHERE "
	    "employee_id = 'E0019' AND created_at < %lld", (long long)off) > 0);
	assert_int_equal(count(f, "SELECT count(*) FROM nudge_log WHERE "
	    "employee_id = 'E0020' AND kind = 'imessage' AND created_at >= "
	    "%lld", (long long)off), 0);
	/* Every kind went out; each says why and how to stop it. */
	for (k = 0; k < 4; k++)
		assert_true(count(f, "SELECT count(*) FROM nudge_log WHERE kind "
		    "= '%s'", kinds[k]) > 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'nudge:%' AND (body NOT LIKE '%このお知らせは%' OR "
	    "body NOT LIKE '%nudges off%')"), 0);
	/* The manager is told who in the team has had no recognition. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'nudge:team:E0016:%'"), 2);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'nudge:team:E0016:2024-07-01' AND body LIKE "
	    "'%チームの山口 智子さんは、この30日間%'"), 1);
	/* The day after S-07 (12 July; the 15th is a holiday): the 16th. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM nudge_log n JOIN "
	    "outbox o ON o.dedupe_key = 'nudge:class:' || n.employee_id || ':' "
	    "|| n.subject WHERE n.kind = 'class' AND n.employee_id = 'E0017' "
	    "AND o.body LIKE '%心理的安全性講演会%' AND o.body LIKE "
	    "'%吉田 直樹さん、清水 剛さんに%'"),
	    1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM nudge_log WHERE "
	    "kind = 'class' AND date(created_at, 'unixepoch', '+9 hours') <> "
	    "'2024-07-16'"), 0);
	/* An answered I-message asks for no thank-you; an unanswered does. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM nudge_log WHERE "
	    "kind = 'thanks' AND employee_id = 'E0003'"), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM nudge_log WHERE "
	    "kind = 'thanks' AND employee_id = 'E0017'"), 1);
	/* Its button is the recipient's thank-you, kept with the I-message. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'nudge:thanks:E0017:%' AND body LIKE "
	    "'%\"action_id\":\"thanks\",\"value\":\"_%'"), 1);
	/* Prompts: twelve weeks, twelve different ones in each channel. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM prompt_post WHERE "
	    "conversation = 'C1'"), 12);
	assert_int_equal(tfix_count(f, "SELECT count(DISTINCT prompt_id) FROM "
	    "prompt_post WHERE conversation = 'C2'"), 12);
	/* Mondays at 09:30, but Tuesdays after 海の日 and 振替休日. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM prompt_post WHERE "
	    "time(created_at, 'unixepoch', '+9 hours') <> '09:30:00' OR "
	    "(strftime('%w', created_at, 'unixepoch', '+9 hours') <> '1' AND "
	    "date(created_at, 'unixepoch', '+9 hours') NOT IN ('2024-07-16', "
	    "'2024-08-13'))"), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM prompt_post WHERE "
	    "date(created_at, 'unixepoch', '+9 hours') IN ('2024-07-16', "
	    "'2024-08-13')"), 4);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM prompt_post WHERE "
	    "sent_at IS NULL"), 0);
}

/* A holiday Monday moves the prompt to Tuesday of the same week. */
static void
test_prompt_holiday(void **state)
{
	struct tfix	*f = *state;
	time_t		 t;

	for (t = tfix_at("2024-07-15 08:00"); t < tfix_at("2024-07-20 08:00");
	    t += 1800) {
		clock_set(t);
		assert_true(tfix_tick(f) >= 0);
	}
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM prompt_post WHERE "
	    "datetime(created_at, 'unixepoch', '+9 hours') = "
	    "'2024-07-16 09:30:00'"), 2);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM prompt_post"), 2);
}

/* Acted on: an I-message sent or a course enrolled within 7 days. */
static void
test_conversions(void **state)
{
	struct tfix		*f = *state;
	struct nudge_stat	*s;
	size_t			 n, i;
	bool			 seen = false, outs = false;

	clock_set(tfix_at("2024-06-03 10:00"));
	assert_true(tfix_tick(f) > 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM nudge_log WHERE "
	    "kind = 'imessage' AND employee_id IN ('E0012', 'E0013', "
	    "'E0014')"), 3);
	clock_set(tfix_at("2024-06-04 11:00"));
	say(f, "E0012", "enroll P-01", NULL);
	clock_set(tfix_at("2024-06-05 11:00"));
	say(f, "E0013", "imessage @E0014 資料の確認ありがとう", NULL);
	say(f, "E0011", "settings nudges off", "止めました");
	clock_set(tfix_at("2024-06-13 11:00"));
	say(f, "E0014", "imessage @E0013 こちらこそ", NULL);
	s = q_nudge_stats(f->app.db, tfix_at("2024-06-01 00:00"),
	    tfix_at("2024-07-01 00:00"), &n);
	for (i = 0; i < n; i++) {
		if (strcmp(s[i].kind, "imessage") == 0 &&
		    strcmp(s[i].department, "総務部") == 0) {
			assert_int_equal(s[i].acted, 2);
			/* 加藤 (部長級) has nobody in his unit to suggest. */
			assert_int_equal(s[i].queued, 6);
			seen = true;
		}
		if (*s[i].kind == '\0' && strcmp(s[i].department, "総務部") == 0) {
			assert_int_equal(s[i].optouts, 1);
			outs = true;
		}
	}
	assert_true(seen && outs);
	nudge_stats_free(s, n);
	/* HR's view in chat; staff are refused. */
	say(f, "E0002", "stats nudges", "【今年度のお知らせ（ナッジ）】");
	tfix_contains(f->text, "・すべてのお知らせを停止: 1人");
	/* By department too: 総務部's conversions and its opt-out. */
	tfix_contains(f->text, "【部ごと】");
	tfix_contains(f->text, "・総務部: 9 / 0 / 2 / 停止 1");
	tfix_contains(f->text, "投稿 1回、リアクション 0、返信 0");
	say(f, "E0019", "stats nudges", NULL);
	assert_null(strstr(f->text, "【今年度のお知らせ"));
}

/*
 * A run stopped after its first slice (a crash) and run again from the
 * start (the bookmark lost with the process) sends nobody a second nudge.
 */
static void
test_restart_mid_run(void **state)
{
	struct tfix	*f = *state;
	struct ctx	 ctx;
	int		 first, total;

	f->cfg.nudge_per_week = 5;
	clock_set(tfix_at("2024-06-03 10:00"));
	sched_job_ctx(&f->app, &ctx);
	first = handler_nudge_imessage.on_tick(&ctx);
	assert_true(first > 0);
	assert_true(ctx.more);
	/* The restart: no bookmark, every job from the top. */
	total = tfix_tick(f);
	assert_true(total > 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'nudge:imessage:%'"), first + count(f,
	    "SELECT count(*) FROM nudge_log WHERE kind = 'imessage'") - first);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM (SELECT "
	    "employee_id FROM nudge_log WHERE kind = 'imessage' GROUP BY "
	    "employee_id HAVING count(*) > 1)"), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM nudge_log n WHERE "
	    "NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'nudge:' "
	    "|| n.kind || ':' || n.employee_id || ':' || n.subject)"), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM nudge_run WHERE "
	    "kind = 'imessage'"), 1);
	/* Done for the day: later ticks add nothing. */
	clock_set(tfix_at("2024-06-03 15:00"));
	assert_int_equal(tfix_tick(f), 0);
}

/* The stop button runs `settings nudges off <kind>`, at once. */
static void
test_stop_button(void **state)
{
	struct tfix	*f = *state;

	clock_set(tfix_at("2024-06-03 10:00"));
	assert_true(tfix_tick(f) > 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'nudge:imessage:E0013:2024-06-03' AND body LIKE "
	    "'%\"action_id\":\"settings\"%' AND body LIKE "
	    "'%\"value\":\"nudges off imessage\"%'"), 1);
	say(f, "E0013", "settings nudges off imessage", "止めました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM preference WHERE "
	    "employee_id = 'E0013' AND key = 'nudges.imessage' AND value = "
	    "'off'"), 1);
	say(f, "E0013", "settings", "停止中 — Iメッセージのおすすめ");
	say(f, "E0013", "settings nudges off 何か", "使い方");
	say(f, "E0013", "settings nudges on imessage", "受け取ります");
	say(f, "E0013", "settings", "すべて受け取る");
	say(f, "E0013", "settings nudges off", "すべて止めました");
	say(f, "E0013", "settings", "すべて停止中");
	f->reply_in_ack = true;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_twelve_weeks, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prompt_holiday, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_conversions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_restart_mid_run, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_stop_button, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
