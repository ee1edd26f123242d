/*
 * test_imessage.c: the I-message flow through dispatch, on a real SQLite
 * database in memory with the real catalogues and MVV: what is stored, what
 * is queued for the recipient, and every refusal.
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

	tfix_staff(f, "E1", "山田 太郎", "ヤマダ タロウ", "section_chief", NULL);
	tfix_staff(f, "E2", "佐藤 花子", "サトウ ハナコ", "staff", "E1");
	tfix_staff(f, "E3", "佐藤 次郎", "サトウ ジロウ", "staff", "E1");
	tfix_staff(f, "E4", "鈴木 一郎", "スズキ イチロウ", "staff", "E1");
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
test_send(void **state)
{
	struct tfix		*f = *state;
	struct outbox_row	 row;
	struct reply		 dm;
	char			*text;

	assert_int_equal(tfix_say(f, "E1", "imessage @E2 窓口の応援ありがとう "
	    "#たすけあエール #攻守混同", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "佐藤 花子さんにIメッセージを送りました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage WHERE "
	    "sender = 'E1' AND recipient = 'E2' AND body = '窓口の応援ありがとう'"),
	    1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage_value"), 2);
	assert_int_equal(q_outbox_next(f->app.db, clock_now(), &row), 1);
	assert_string_equal(row.dedupe_key, "imessage:1:recipient");
	assert_string_equal(row.recipient, "E2");
	assert_int_equal(reply_from_json(&dm, row.body), 0);
	text = reply_to_text(&dm);
	tfix_contains(text, "山田 太郎さんからIメッセージが届きました");
	tfix_contains(text, "窓口の応援ありがとう");
	tfix_contains(text, "#たすけあエール #攻守混同");
	free(text);
	reply_clear(&dm);
	outbox_row_clear(&row);
}

static void
test_fullwidth(void **state)
{
	struct tfix	*f = *state;

	assert_int_equal(tfix_say(f, "E1", "ＩＭＥＳＳＡＧＥ　＠さとうはなこ　"
	    "いつも丁寧な資料を　ありがとう　＃そんちょうしあエール", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "佐藤 花子さんにIメッセージを送りました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage WHERE "
	    "body = 'いつも丁寧な資料を　ありがとう'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage_value "
	    "WHERE value = 'respect'"), 1);
}

static void
test_name_with_space(void **state)
{
	struct tfix	*f = *state;

	assert_int_equal(tfix_say(f, "E1", "imessage @佐藤 次郎 ありがとう", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "佐藤 次郎さんに");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage WHERE "
	    "recipient = 'E3' AND body = 'ありがとう'"), 1);
}

static void
test_refusals(void **state)
{
	static const struct {
		const char	*text;
		const char	*expect;
	} cases[] = {
		{ "imessage @佐藤 ありがとう", "複数います" },
		{ "imessage @田中 ありがとう", "「田中」に当てはまる職員が見つかりません" },
		{ "imessage @E1 自分へ", "自分自身には" },
		{ "imessage @E2", "本文が空です" },
		{ "imessage @E2 　 #たすけあエール", "本文が空です" },
		{ "imessage @E2 ありがとう #がんばれ", "#たすけあエール #そんちょうしあエール" },
		{ "imessage ありがとう", "使い方" },
		{ "imessage", "使い方" },
	};
	struct tfix	*f = *state;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(tfix_say(f, "E1", cases[i].text, NULL),
		    DISPATCH_DONE);
		tfix_contains(f->text, cases[i].expect);
	}
	tfix_contains(f->text, "使い方");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage"), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox"), 0);
}

static void
test_ambiguous_lists_candidates(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E1", "imessage @サトウ ありがとう", NULL);
	tfix_contains(f->text, "佐藤 花子（人事課／E2）");
	tfix_contains(f->text, "佐藤 次郎（人事課／E3）");
}

static void
test_length_in_characters(void **state)
{
	struct tfix	*f = *state;
	struct buf	 b;
	int		 i;

	buf_init(&b, 0);
	buf_addstr(&b, "imessage @E2 ");
	for (i = 0; i < 500; i++)
		buf_addstr(&b, "あ");	/* 500 characters, 1500 bytes */
	assert_int_equal(tfix_say(f, "E1", b.data, NULL), DISPATCH_DONE);
	tfix_contains(f->text, "送りました");
	buf_addstr(&b, "い");
	assert_int_equal(tfix_say(f, "E1", b.data, NULL), DISPATCH_DONE);
	tfix_contains(f->text, "本文が長すぎます（501文字）。500文字以内");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage"), 1);
	buf_free(&b);
}

static void
test_managers_only(void **state)
{
	struct tfix	*f = *state;

	assert_int_equal(tfix_say(f, "E2", "imessage @E1 ありがとう", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "管理職の方から順に導入");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage"), 0);
	assert_int_equal(q_audit_count(f->app.db, "denied"), 1);
	tfix_say(f, "E2", "help", NULL);
	assert_null(strstr(f->text, "imessage @"));
	f->cfg.imessage_senders = CFG_SENDERS_ALL;
	assert_int_equal(tfix_say(f, "E2", "imessage @E1 ありがとう", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "山田 太郎さんにIメッセージを送りました");
	tfix_say(f, "E2", "help", NULL);
	tfix_contains(f->text, "imessage @");
}

static void
test_redelivery(void **state)
{
	struct tfix	*f = *state;

	assert_int_equal(tfix_say(f, "E1", "imessage @E2 ありがとう", "Ev1"),
	    DISPATCH_DONE);
	assert_int_equal(tfix_say(f, "E1", "imessage @E2 ありがとう", "Ev1"),
	    DISPATCH_DUPLICATE);
	assert_string_equal(f->text, "");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox"), 1);
}

static void
test_reply_through_outbox(void **state)
{
	struct tfix	*f = *state;

	f->reply_in_ack = false;	/* e.g. a DM: the reply is a post */
	assert_int_equal(tfix_say(f, "E1", "imessage @E2 ありがとう", "Ev2"),
	    DISPATCH_DONE);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'E1' AND dedupe_key = 'reply:test:Ev2'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'E2'"), 1);
}

static void
test_unknown_user_and_command(void **state)
{
	struct tfix	*f = *state;

	assert_int_equal(tfix_say(f, "U999", "help", NULL), DISPATCH_STRANGER);
	tfix_contains(f->text, "職員名簿と結びついていません");
	tfix_say(f, "E1", "dance", NULL);
	tfix_contains(f->text, "「dance」というコマンドはありません");
	assert_int_equal(tfix_say(f, "E1", "   ", NULL), DISPATCH_DONE);
	assert_string_equal(f->text, "");
}

/*
 * Fails the Nth database statement of the flow, for every N: each run is
 * all or nothing, and a failure is reported and not acked.
 */
static void
test_fault_commits_nothing(void **state)
{
	struct tfix		*f = *state;
	enum dispatch_result	 res;
	int			 nth, failed = 0, stored, queued;

	for (nth = 1; nth <= 30; nth++) {
		db_set_fault(nth);
		res = tfix_say(f, "E1", "imessage @E2 ありがとう #たすけあエール",
		    NULL);
		db_set_fault(0);
		stored = tfix_count(f, "SELECT count(*) FROM imessage");
		queued = tfix_count(f, "SELECT count(*) FROM outbox");
		assert_int_equal(stored, queued);
		if (res == DISPATCH_FAILED) {
			failed++;
			assert_int_equal(stored, 0);
			assert_string_equal(f->text, "");	/* no half */
		}
		assert_int_equal(sqlite3_exec(db_handle(f->app.db),
		    "DELETE FROM imessage_value; DELETE FROM imessage; "
		    "DELETE FROM outbox;", NULL, NULL, NULL), SQLITE_OK);
	}
	assert_true(failed >= 3);
	assert_int_equal(tfix_say(f, "E1", "imessage @E2 ありがとう", NULL),
	    DISPATCH_DONE);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage"), 1);
}

/*
 * Group commit: three requests in one transaction, the Nth statement made
 * to fail for every N.  A request that failed left nothing behind and the
 * others of its group are committed; at some N only the middle one fails.
 */
static void
test_group_one_fails(void **state)
{
	static const char *const texts[] = { "imessage @E2 一つ目",
	    "imessage @E2 二つ目", "imessage @E2 三つ目" };
	static const char *const bodies[] = { "一つ目", "二つ目", "三つ目" };
	struct tfix		*f = *state;
	struct request		 req[3];
	struct dispatch_job	 jobs[3];
	char			 sql[128];
	int			 nth, i, n, stored[3], isolated = 0;

	for (nth = 1; nth <= 80; nth++) {
		memset(req, 0, sizeof req);
		memset(jobs, 0, sizeof jobs);
		for (i = 0; i < 3; i++) {
			req[i].platform = xstrdup("test");
			req[i].chat_user = xstrdup("E1");
			req[i].text = xstrdup(texts[i]);
			req[i].reply_in_ack = true;
			jobs[i].req = &req[i];
			answer_init(&jobs[i].answer);
		}
		db_set_fault(nth);
		dispatch_group(&f->app, jobs, 3);
		db_set_fault(0);
		for (i = 0; i < 3; i++) {
			snprintf(sql, sizeof sql, "SELECT count(*) FROM "
			    "imessage WHERE body = '%s'", bodies[i]);
			stored[i] = n = tfix_count(f, sql);
			/* failed: nothing left; stored: committed and acked
			   (a DONE may also be a polite refusal) */
			assert_true(n == 0 || jobs[i].res == DISPATCH_DONE);
			assert_true(n <= 1);
			answer_clear(&jobs[i].answer);
			request_clear(&req[i]);
		}
		if (stored[0] && jobs[1].res == DISPATCH_FAILED && stored[2])
			isolated++;
		assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage"),
		    tfix_count(f, "SELECT count(*) FROM outbox"));
		assert_int_equal(sqlite3_exec(db_handle(f->app.db),
		    "DELETE FROM imessage_value; DELETE FROM imessage; "
		    "DELETE FROM outbox;", NULL, NULL, NULL), SQLITE_OK);
	}
	assert_true(isolated > 0);
}

static void
test_received_counts_this_fiscal_year(void **state)
{
	struct tfix	*f = *state;

	clock_set(clock_from_local(2024, 3, 31, 23, 59));
	tfix_say(f, "E1", "imessage @E2 年度末 #たすけあエール", NULL);
	clock_set(clock_from_local(2024, 4, 1, 0, 0));
	tfix_say(f, "E1", "imessage @E2 年度初め #たのしめエール", NULL);
	clock_set(clock_from_local(2025, 3, 31, 12, 0));
	tfix_say(f, "E2", "received", NULL);
	tfix_contains(f->text, "・#1 2024-03-31 山田 太郎さんから\n年度末");
	tfix_contains(f->text, "・#2 2024-04-01 山田 太郎さんから\n年度初め");
	tfix_contains(f->text, "令和6年度（2024年4月〜）の受信: 1件 ／ "
	    "バリュー別: #たのしめエール 1");
	tfix_say(f, "E1", "sent", NULL);
	tfix_contains(f->text, "の送信: 1件");
	tfix_say(f, "E3", "received", NULL);
	tfix_contains(f->text, "まだIメッセージは届いていません");
}

static void
test_settings_language(void **state)
{
	struct tfix	*f = *state;

	tfix_say(f, "E2", "settings language en", NULL);
	tfix_contains(f->text, "Your language is now English");
	tfix_say(f, "E1", "imessage @E2 ありがとう", NULL);
	tfix_contains(f->text, "送りました");	/* the sender's language */
	tfix_say(f, "E2", "settings language klingon", NULL);
	tfix_contains(f->text, "is not available");
	tfix_say(f, "E2", "設定　言語　日本語", NULL);
	tfix_contains(f->text, "表示言語を日本語にしました");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_send, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fullwidth, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_name_with_space, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ambiguous_lists_candidates,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_length_in_characters,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_managers_only, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_redelivery, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reply_through_outbox,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_user_and_command,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_commits_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_one_fails, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_received_counts_this_fiscal_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settings_language, setup,
		    teardown),
	};

	log_init(LOG_LVL_ERROR, "test_imessage");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
