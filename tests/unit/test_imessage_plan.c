/*
 * test_imessage_plan.c: what the plan wants of I-messages, through
 * dispatch on a real database: coaching at send time, thanks, sharing by
 * the recipient only ("never share me" wins), withdrawal within ten
 * minutes, report and hide, whole texts with paging, privacy against a
 * third person, and the roll-out by job level.
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

#define COMPLETE "資料を作成してくれて、会議がスムーズに進みました。ありがとう"

static int
setup(void **state)
{
	struct tfix		*f = tfix_create();
	struct tfix_person	 hr = { .id = "E5", .name = "人事 五郎",
	    .level = "senior", .hired = "2015-04-01", .roles = "hr" };
	struct tfix_person	 chief = { .id = "E6", .name = "係長 六子",
	    .level = "unit_chief", .manager = "E1", .hired = "2010-04-01" };
	struct tfix_person	 member = { .id = "E7", .name = "係員 七海",
	    .level = "staff", .manager = "E6", .hired = "2022-04-01" };

	tfix_staff(f, "E1", "山田 太郎", "ヤマダ タロウ", "section_chief", NULL);
	tfix_staff(f, "E2", "佐藤 花子", "サトウ ハナコ", "staff", "E1");
	tfix_staff(f, "E3", "鈴木 一郎", "スズキ イチロウ", "staff", "E1");
	tfix_person(f, &hr);
	tfix_person(f, &chief);
	tfix_person(f, &member);
	f->cfg.imessage_hints = 1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	tfix_free(*state);
	return 0;
}

/* The body of the newest outbox row with this dedupe key, as text. */
static char *
outbox_text(struct tfix *f, const char *key)
{
	sqlite3_stmt	*stmt;
	struct reply	 r;
	char		*text = NULL;

	assert_int_equal(sqlite3_prepare_v2(db_handle(f->app.db),
	    "SELECT body FROM outbox WHERE dedupe_key = ?1", -1, &stmt, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		assert_int_equal(reply_from_json(&r,
		    (const char *)sqlite3_column_text(stmt, 0)), 0);
		text = reply_to_text(&r);
		reply_clear(&r);
	}
	sqlite3_finalize(stmt);
	return text;
}

static bool
has_button(const struct reply *r, const char *action, const char *value)
{
	size_t	i;

	for (i = 0; i < r->nblocks; i++) {
		if (r->blocks[i].kind == REPLY_BUTTON &&
		    strcmp(r->blocks[i].action_id, action) == 0 &&
		    (value == NULL || strcmp(r->blocks[i].value, value) == 0))
			return true;
	}
	return false;
}

static void
send_complete(struct tfix *f, const char *from, const char *to)
{
	char	*cmd;

	xasprintf(&cmd, "imessage @%s %s #たすけあエール", to, COMPLETE);
	assert_int_equal(tfix_say(f, from, cmd, NULL), DISPATCH_DONE);
	tfix_contains(f->text, "Iメッセージを送りました");
	free(cmd);
}

static void
test_coach_hint_and_as_is(void **state)
{
	struct tfix	*f = *state;

	assert_int_equal(tfix_say(f, "E1", "imessage @E2 ありがとう #たすけあエール",
	    NULL), DISPATCH_DONE);
	tfix_contains(f->text, "「何をしてくれたか」");
	tfix_contains(f->text, "型: 「（相手の行動）をしてくれて");
	tfix_contains(f->text,
	    "このまま送るには: imessage そのまま @E2 ありがとう #たすけあエール");
	assert_true(has_button(&f->reply, "imessage",
	    "そのまま @E2 ありがとう #たすけあエール"));
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage"), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox"), 0);

	/* The button's words (or the same typed) send it as it is. */
	assert_int_equal(tfix_say(f, "E1",
	    "imessage そのまま @E2 ありがとう #たすけあエール", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "佐藤 花子さんにIメッセージを送りました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage WHERE "
	    "body = 'ありがとう' AND parts = 4 AND coached = 1"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage_value "
	    "WHERE value = 'help'"), 1);

	/* A whole I-message goes at once, its parts stored. */
	send_complete(f, "E1", "E3");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage WHERE "
	    "recipient = 'E3' AND parts = 7 AND coached = 0"), 1);

	/* Judging and you-messages are named with the word. */
	assert_int_equal(tfix_say(f, "E1", "imessage @E2 さすが！" COMPLETE,
	    NULL), DISPATCH_DONE);
	tfix_contains(f->text, "「さすが」は相手を評価する言葉です");
	assert_int_equal(tfix_say(f, "E1", "imessage @E2 あなたは本当に頼りになる",
	    NULL), DISPATCH_DONE);
	tfix_contains(f->text, "「あなたは」は相手を主語にした");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage"), 2);
}

static void
test_hints_off(void **state)
{
	struct tfix	*f = *state;

	assert_int_equal(tfix_say(f, "E1", "settings hints off", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "ヒントを止めました");
	assert_int_equal(tfix_say(f, "E1", "settings", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "Iメッセージのヒント = オフ");
	assert_int_equal(tfix_say(f, "E1", "imessage @E2 窓口の応援ありがとう",
	    NULL), DISPATCH_DONE);
	tfix_contains(f->text, "Iメッセージを送りました");
	/* Stored with what it had: the act and the feeling, no effect. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage WHERE "
	    "parts = 5 AND coached = 0"), 1);
	/* The ward's switch turns them off for everyone. */
	f->cfg.imessage_hints = 0;
	assert_int_equal(tfix_say(f, "E6", "settings", NULL), DISPATCH_DONE);
	assert_int_equal(tfix_say(f, "E1", "imessage @E3 えらい", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "Iメッセージを送りました");
}

static void
test_thanks(void **state)
{
	struct tfix	*f = *state;
	char		*text;

	send_complete(f, "E1", "E2");
	text = outbox_text(f, "imessage:1:recipient");
	tfix_contains(text, "このIメッセージは #1 です");
	tfix_contains(text, "10分以内なら取り消す");
	free(text);
	assert_int_equal(tfix_say(f, "E3", "thanks 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "#1 のIメッセージは見つかりません");
	assert_int_equal(tfix_say(f, "E1", "thanks 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "見つかりません");
	assert_int_equal(tfix_say(f, "E2", "thanks ＃１ 見ていてくれてうれしい",
	    NULL), DISPATCH_DONE);
	tfix_contains(f->text, "山田 太郎さんにお礼を伝えました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage WHERE "
	    "thanks = '見ていてくれてうれしい' AND thanked_at IS NOT NULL"), 1);
	text = outbox_text(f, "imessage:1:thanks");
	tfix_contains(text, "佐藤 花子さんが、");
	tfix_contains(text, "見ていてくれてうれしい");
	free(text);
	assert_int_equal(tfix_say(f, "E2", "お礼 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "もうお礼を返しています");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'imessage:1:thanks%'"), 1);
	/* The sender sees it thanked, with the words. */
	assert_int_equal(tfix_say(f, "E1", "imessage show 1", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "お礼のことば: 見ていてくれてうれしい");
	assert_int_equal(tfix_say(f, "E2", "thanks abc", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "番号ではありません");
	assert_int_equal(tfix_say(f, "E2", "thanks", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "使い方: thanks 番号");
}

static void
test_share(void **state)
{
	struct tfix	*f = *state;
	char		*text;

	send_complete(f, "E1", "E2");
	/* No channel configured: no button, and share says so. */
	text = outbox_text(f, "imessage:1:recipient");
	assert_null(strstr(text, "チャンネルで共有する"));
	free(text);
	assert_int_equal(tfix_say(f, "E2", "share 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "共有先が設定されていません");
	f->cfg.imessage_share_channel = (char *)"C0SHARE";
	send_complete(f, "E1", "E2");
	text = outbox_text(f, "imessage:2:recipient");
	tfix_contains(text, "[チャンネルで共有する]");
	free(text);
	/* Only the recipient. */
	assert_int_equal(tfix_say(f, "E1", "share 2", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "見つかりません");
	assert_int_equal(tfix_say(f, "E3", "share 2", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "見つかりません");
	assert_int_equal(tfix_say(f, "E2", "share 2", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "共有しました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "method = 'post' AND conversation = 'C0SHARE' AND dedupe_key = "
	    "'imessage:2:share'"), 1);
	text = outbox_text(f, "imessage:2:share");
	tfix_contains(text, "佐藤 花子さんが、山田 太郎さんから受け取ったIメッセージ");
	tfix_contains(text, COMPLETE);
	free(text);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage WHERE "
	    "id = 2 AND visibility = 'shared'"), 1);
	assert_int_equal(tfix_say(f, "E2", "share 2", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "もう共有されています");
	/* "Never share me" of the sender wins over the recipient's wish. */
	assert_int_equal(tfix_say(f, "E1", "settings share never", NULL),
	    DISPATCH_DONE);
	send_complete(f, "E1", "E2");
	text = outbox_text(f, "imessage:3:recipient");
	assert_null(strstr(text, "チャンネルで共有する"));
	free(text);
	assert_int_equal(tfix_say(f, "E2", "share 3", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "共有しない");
	assert_int_equal(tfix_say(f, "E2", "share 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "共有しない");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "method = 'post'"), 1);
	f->cfg.imessage_share_channel = NULL;
}

static void
test_withdraw(void **state)
{
	struct tfix	*f = *state;
	time_t		 t0 = clock_now();
	char		*text;

	send_complete(f, "E1", "E2");
	tfix_contains(f->text, "「withdraw 1」で取り消せます");
	/* Not the recipient, nor a third person who may send. */
	assert_int_equal(tfix_say(f, "E2", "withdraw 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "管理職の方から順に");
	f->cfg.imessage_senders = CFG_SENDERS_ALL;
	assert_int_equal(tfix_say(f, "E2", "withdraw 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "見つかりません");
	assert_int_equal(tfix_say(f, "E3", "withdraw 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "見つかりません");
	f->cfg.imessage_senders = CFG_SENDERS_MANAGERS;
	clock_set(t0 + 9 * 60);
	assert_int_equal(tfix_say(f, "E1", "withdraw 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "取り消しました");
	/* Its copy had not gone out: it never will. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'imessage:1:recipient' AND status = 'failed' AND "
	    "last_error = 'withdrawn'"), 1);
	text = outbox_text(f, "imessage:1:withdrawn");
	tfix_contains(text, "山田 太郎さんが、2024-06-03 09:00に送ったIメッセージを"
	    "取り消しました");
	free(text);
	/* Gone from both lists and from show; thanks no longer reach it. */
	assert_int_equal(tfix_say(f, "E2", "received", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "まだIメッセージは届いていません");
	assert_int_equal(tfix_say(f, "E1", "sent", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "まだIメッセージを送っていません");
	assert_int_equal(tfix_say(f, "E2", "imshow 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "見つかりません");
	assert_int_equal(tfix_say(f, "E2", "thanks 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "見つかりません");
	/* Past ten minutes, no. */
	send_complete(f, "E1", "E2");
	clock_set(t0 + 9 * 60 + 601);
	assert_int_equal(tfix_say(f, "E1", "withdraw 2", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "10分を過ぎたため");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage WHERE "
	    "withdrawn_at IS NOT NULL"), 1);
}

static void
test_report_and_hide(void **state)
{
	struct tfix	*f = *state;
	char		*text;

	send_complete(f, "E1", "E2");
	send_complete(f, "E1", "E3");
	/* A report without a reason is a report. */
	assert_int_equal(tfix_say(f, "E3", "report 2", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "人事課に知らせました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage_report "
	    "WHERE imessage_id = 2 AND reason = ''"), 1);
	assert_int_equal(tfix_say(f, "E3", "report 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "見つかりません");
	assert_int_equal(tfix_say(f, "E2", "report 1 言い方が気になります", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "人事課に知らせました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM audit WHERE "
	    "action = 'imessage.report' AND actor = 'E2'"), 1);
	text = outbox_text(f, "imessage:1:report:E2:E5");
	tfix_contains(text, "理由: 言い方が気になります");
	tfix_contains(text, "hide 1");
	free(text);
	assert_int_equal(tfix_say(f, "E2", "report 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "もう報告しています");
	/* Only HR hides; a denial is audited and changes nothing. */
	assert_int_equal(tfix_say(f, "E2", "hide 1", NULL), DISPATCH_DONE);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM audit WHERE "
	    "action = 'denied' AND actor = 'E2' AND detail = 'hide'"), 1);
	assert_int_equal(tfix_say(f, "E5", "hide 1 報告により", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "#1 を非表示にしました");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'imessage:1:recipient' AND status = 'failed' AND "
	    "last_error = 'hidden'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM audit WHERE "
	    "action = 'imessage.hide' AND actor = 'E5' AND detail = "
	    "'imessage 1: 報告により'"), 1);
	assert_int_equal(tfix_say(f, "E5", "hide 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "もう非表示です");
	assert_int_equal(tfix_say(f, "E5", "hide 99", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "#99 のIメッセージはありません");
	/* Hidden everywhere. */
	assert_int_equal(tfix_say(f, "E2", "received", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "まだIメッセージは届いていません");
	assert_int_equal(tfix_say(f, "E1", "sent", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "・#2 ");
	assert_null(strstr(f->text, "・#1 "));
	assert_int_equal(tfix_say(f, "E1", "imessage show 1", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "見つかりません");
	assert_int_equal(tfix_say(f, "E2", "thanks 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "見つかりません");
	assert_int_equal(tfix_say(f, "E1", "withdraw 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "見つかりません");
	assert_int_equal(tfix_say(f, "E2", "home", NULL), DISPATCH_DONE);
	assert_null(strstr(f->text, COMPLETE));
}

static void
test_paging_whole_text(void **state)
{
	struct tfix	*f = *state;
	char		*cmd, body[64];
	int		 i;

	f->cfg.imessage_hints = 0;
	for (i = 1; i <= 12; i++) {
		snprintf(body, sizeof body, "その%02d", i);
		xasprintf(&cmd, "imessage @E2 %s %s #たのしめエール", body,
		    COMPLETE COMPLETE);
		assert_int_equal(tfix_say(f, "E1", cmd, NULL), DISPATCH_DONE);
		free(cmd);
		clock_set(clock_now() + 60);
	}
	assert_int_equal(tfix_say(f, "E2", "received", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "受け取ったIメッセージ（1/3ページ）");
	tfix_contains(f->text, "・#12 2024-06-03 山田 太郎さんから");
	/* The whole text, past the old 80 characters, and the tags. */
	tfix_contains(f->text, "その12 " COMPLETE COMPLETE);
	tfix_contains(f->text, "#たのしめエール");
	tfix_contains(f->text, "続きは「received 2」");
	assert_null(strstr(f->text, "その07"));
	assert_int_equal(tfix_say(f, "E2", "received ２", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "（2/3ページ）");
	tfix_contains(f->text, "その07");
	tfix_contains(f->text, "その03");
	assert_null(strstr(f->text, "その02 "));
	assert_null(strstr(f->text, "その08 "));
	assert_null(strstr(f->text, "令和6年度"));
	assert_int_equal(tfix_say(f, "E2", "received 9", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "（3/3ページ）");
	tfix_contains(f->text, "その01");
	tfix_contains(f->text, "ここまでです");
	assert_int_equal(tfix_say(f, "E1", "sent 3", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "・#1 2024-06-03 佐藤 花子さんへ");
	/* Nobody else sees any of them. */
	assert_int_equal(tfix_say(f, "E3", "received", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "まだIメッセージは届いていません");
	for (i = 1; i <= 12; i++) {
		xasprintf(&cmd, "imshow %d", i);
		assert_int_equal(tfix_say(f, "E3", cmd, NULL), DISPATCH_DONE);
		tfix_contains(f->text, "見つかりません");
		assert_null(strstr(f->text, COMPLETE));
		assert_int_equal(tfix_say(f, "E5", cmd, NULL), DISPATCH_DONE);
		assert_null(strstr(f->text, COMPLETE));
		free(cmd);
	}
	assert_int_equal(tfix_say(f, "E2", "imshow 3", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "#3 2024-06-03 09:02 山田 太郎さんから");
	tfix_contains(f->text, "その03 " COMPLETE COMPLETE);
}

static void
test_rollout(void **state)
{
	struct tfix	*f = *state;
	char		*text;
	struct reply	 r;
	sqlite3_stmt	*stmt;

	/* A 係長 with a member is no 管理職: not in the managers' phase. */
	assert_int_equal(tfix_say(f, "E6", "imessage @E7 " COMPLETE, NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "管理職の方から順に導入しています");
	assert_int_equal(tfix_say(f, "E6", "help", NULL), DISPATCH_DONE);
	assert_null(strstr(f->text, "imessage @相手"));
	assert_int_equal(tfix_say(f, "E6", "sent", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "今年度は管理職から送る段階");
	/* Their copy invites thanks, not an I-message back. */
	send_complete(f, "E1", "E6");
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->app.db),
	    "SELECT body FROM outbox WHERE dedupe_key = 'imessage:1:recipient'",
	    -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(reply_from_json(&r,
	    (const char *)sqlite3_column_text(stmt, 0)), 0);
	sqlite3_finalize(stmt);
	assert_true(has_button(&r, "thanks", "1"));
	assert_false(has_button(&r, "imessage", NULL));
	reply_clear(&r);
	/* They can still read and thank. */
	assert_int_equal(tfix_say(f, "E6", "imshow 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, COMPLETE);
	assert_int_equal(tfix_say(f, "E6", "thanks 1", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "お礼を伝えました");
	/* All staff: they send, and copies invite an answer. */
	f->cfg.imessage_senders = CFG_SENDERS_ALL;
	send_complete(f, "E6", "E7");
	text = outbox_text(f, "imessage:2:recipient");
	tfix_contains(text, "[Iメッセージを返す]");
	free(text);
}

/* FY2023's pilot: some managers of one department and HR's staff. */
static void
test_pilot_segments(void **state)
{
	struct tfix	*f = *state;

	f->cfg.imessage_senders = CFG_SENDERS_SEGMENTS;
	f->cfg.imessage_segments = (char *)"section=総務課 job_level=係長級 | "
	    "id=E3";
	assert_int_equal(tfix_say(f, "E6", "imessage @E7 " COMPLETE, NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "Iメッセージを送りました");
	assert_int_equal(tfix_say(f, "E3", "imessage @E2 " COMPLETE, NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "Iメッセージを送りました");
	/* A 課長 outside the pilot may not, nor a member of the section. */
	assert_int_equal(tfix_say(f, "E1", "imessage @E2 " COMPLETE, NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "管理職の方から順に");
	assert_int_equal(tfix_say(f, "E7", "imessage @E6 " COMPLETE, NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "管理職の方から順に");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage"), 2);
	f->cfg.imessage_segments = NULL;
}

/*
 * The weekly digest: on the week's last working day from 15:00, once, for
 * each person who received I-messages that week and did not turn it off.
 */
static void
test_weekly_digest(void **state)
{
	struct tfix	*f = *state;
	char		*text;

	send_complete(f, "E1", "E2");
	send_complete(f, "E1", "E3");
	send_complete(f, "E1", "E2");
	assert_int_equal(tfix_say(f, "E3", "settings weekly off", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "週次まとめを止めました");
	clock_set(tfix_at("2024-06-07 14:59"));
	assert_true(tfix_tick(f) >= 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'imweekly:%'"), 0);
	clock_set(tfix_at("2024-06-07 15:00"));
	assert_true(tfix_tick(f) >= 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'imweekly:%'"), 1);
	text = outbox_text(f, "imweekly:E2:2024-06-03");
	tfix_contains(text, "今週は2件のIメッセージが届きました。");
	tfix_contains(text, "バリュー別: #たすけあエール 2");
	free(text);
	clock_set(tfix_at("2024-06-07 16:00"));
	assert_true(tfix_tick(f) >= 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'imweekly:%'"), 1);

	/* A Friday holiday (2024-05-03): Thursday is the week's last day. */
	clock_set(tfix_at("2024-04-30 10:00"));
	send_complete(f, "E1", "E2");
	clock_set(tfix_at("2024-05-02 17:30"));
	assert_true(tfix_tick(f) >= 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'imweekly:E2:2024-04-29'"), 0);	/* after hours */
	clock_set(tfix_at("2024-05-02 15:10"));
	assert_true(tfix_tick(f) >= 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'imweekly:E2:2024-04-29'"), 1);
}

/* What my I-messages recognised: values, skills, and courses to grow. */
static void
test_strengths(void **state)
{
	struct tfix	*f = *state;

	assert_int_equal(tfix_say(f, "E2", "strengths", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "まだIメッセージが届いていません");
	assert_true(tfix_catalog(f) > 0);
	send_complete(f, "E1", "E2");	/* 作成: execution; help: cooperation */
	assert_int_equal(tfix_say(f, "E1", "imessage @E2 日程を調整してくれて、"
	    "会議がスムーズに進みました。ありがとう #攻守混同", NULL), DISPATCH_DONE);
	send_complete(f, "E1", "E3");		/* not E2's */
	assert_int_equal(tfix_say(f, "E2", "強み", NULL), DISPATCH_DONE);
	tfix_contains(f->text, "今年度に届いた2件のIメッセージ");
	tfix_contains(f->text, "#たすけあエール 1  #攻守混同 1");
	tfix_contains(f->text, "業務遂行 1");
	tfix_contains(f->text, "協調性 1");
	tfix_contains(f->text, "説明・調整 1");
	tfix_contains(f->text, "この強みをさらに伸ばせる研修:");
	tfix_contains(f->text, "\n・S-");
	tfix_contains(f->text, "比べるものではありません");
}

/* Erasing a person takes their thanks and reports with them. */
static void
test_erase(void **state)
{
	struct tfix	*f = *state;
	char		*json;

	send_complete(f, "E1", "E2");
	assert_int_equal(tfix_say(f, "E2", "thanks 1 うれしいです", NULL),
	    DISPATCH_DONE);
	assert_int_equal(tfix_say(f, "E2", "report 1 気になります", NULL),
	    DISPATCH_DONE);
	assert_int_equal(q_person_export(f->app.db, "E2", &json), 1);
	tfix_contains(json, "\"imessage_report\"");
	tfix_contains(json, "気になります");
	tfix_contains(json, "うれしいです");
	free(json);
	assert_int_equal(db_begin(f->app.db), 0);
	assert_int_equal(q_person_erase(f->app.db, "E2", "X0001"), 1);
	assert_int_equal(db_commit(f->app.db), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage WHERE "
	    "thanks IS NOT NULL OR body <> ''"), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage_report "
	    "WHERE reporter = 'X0001' AND reason = ''"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_coach_hint_and_as_is,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_hints_off, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_thanks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share, setup, teardown),
		cmocka_unit_test_setup_teardown(test_withdraw, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_report_and_hide, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_paging_whole_text, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rollout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pilot_segments, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_weekly_digest, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_strengths, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_erase, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
