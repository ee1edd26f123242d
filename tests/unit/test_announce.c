/*
 * test_announce.c: HR's announcements through dispatch and the jobs, on a
 * generated roster whose answers the test computes itself: the audience
 * and the preview's counts (with the unlinked named), confirmation and
 * refusal (audited), delivery in working hours or at once when urgent,
 * acknowledgement by command and by button, reminders only to those who
 * did not acknowledge, series editions on the right days, and the figures.
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

#define T_PEOPLE	120

static const char *const t_depts[] = { "総務部", "子ども育成部", "区民部" };
static const char *const t_levels[] = { "staff", "senior", "unit_chief",
    "section_chief" };

/* The generated roster's rules, which the expected answers also use. */
#define T_DEPT(i)	t_depts[(i) % 3]
#define T_LEVEL(i)	t_levels[(i) % 4]
#define T_ACTIVE(i)	((i) % 10 != 9)
#define T_LINKED(i)	((i) % 7 != 0)

static int
setup(void **state)
{
	struct tfix	*f = tfix_create();
	struct staff	 s;
	char		 id[16], name[32];
	int		 i;

	for (i = 0; i < T_PEOPLE; i++) {
		snprintf(id, sizeof id, "A%03d", i);
		snprintf(name, sizeof name, "職員 %03d", i);
		memset(&s, 0, sizeof s);
		s.employee_id = id;
		s.name = name;
		s.department = (char *)T_DEPT(i);
		s.job_level = (char *)T_LEVEL(i);
		s.roles = (char *)"";
		s.active = T_ACTIVE(i);
		assert_int_equal(q_staff_upsert(f->app.db, &s), 0);
		if (T_LINKED(i))
			assert_int_equal(q_identity_link(f->app.db, "test", id,
			    id), 1);
	}
	tfix_person(f, &(struct tfix_person){ .id = "H1", .name = "人事 花子",
	    .level = "unit_chief", .hired = "2010-04-01", .roles = "hr" });
	tfix_person(f, &(struct tfix_person){ .id = "S1", .name = "一般 次郎",
	    .level = "staff", .hired = "2020-04-01" });
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	clock_reset();
	tfix_free(*state);
	return 0;
}

/* How many generated people are active in dept (NULL: any) at level. */
static int
t_expect(const char *dept, const char *level, bool unlinked_only)
{
	int	i, n = 0;

	for (i = 0; i < T_PEOPLE; i++) {
		if (!T_ACTIVE(i) || (dept != NULL && strcmp(T_DEPT(i), dept)) ||
		    (level != NULL && strcmp(T_LEVEL(i), level)) ||
		    (unlinked_only && T_LINKED(i)))
			continue;
		n++;
	}
	return n;
}

static int64_t
t_last_id(struct tfix *f)
{
	return tfix_count(f, "SELECT max(id) FROM announcement");
}

/* Writes a draft through chat and confirms it; returns its id. */
static int64_t
t_announce(struct tfix *f, const char *to, bool ack, const char *extra)
{
	char	line[256];

	assert_int_equal(tfix_say(f, "H1", "announce new 男性育休の取得状況",
	    NULL), DISPATCH_DONE);
	tfix_contains(f->text, "のプレビュー");
	tfix_say(f, "H1", "announce body 今年度の取得率をお知らせします。\n"
	    "<!channel> も書けます", NULL);
	tfix_contains(f->text, "受け取る人にはこう見えます");
	if (to != NULL) {
		snprintf(line, sizeof line, "announce to %s", to);
		tfix_say(f, "H1", line, NULL);
	}
	if (ack)
		tfix_say(f, "H1", "announce ack on", NULL);
	if (extra != NULL)
		tfix_say(f, "H1", extra, NULL);
	tfix_say(f, "H1", "announce send", NULL);
	tfix_contains(f->text, "を確定しました");
	return t_last_id(f);
}

static void
test_reach_and_preview(void **state)
{
	struct tfix		*f = *state;
	struct announce_reach	 r;
	char			*bad = NULL, want[64];
	size_t			 i;
	int			 n;

	assert_int_equal(h_announce_reach(f->app.db,
	    "department=総務部 job_level=unit_chief", &r, &bad), 0);
	assert_int_equal(r.targeted, t_expect("総務部", "unit_chief", false));
	assert_int_equal(r.unlinked, t_expect("総務部", "unit_chief", true));
	assert_int_equal(r.nnames, (size_t)r.unlinked);
	for (i = 0; i < r.nnames; i++)
		assert_non_null(strstr(r.names[i], "職員 "));
	h_announce_reach_clear(&r);
	/* Everyone: the generated roster's active people and H1, S1. */
	assert_int_equal(h_announce_reach(f->app.db, "", &r, &bad), 0);
	assert_int_equal(r.targeted, t_expect(NULL, NULL, false) + 2);
	h_announce_reach_clear(&r);
	assert_int_equal(h_announce_reach(f->app.db, "nonsense", &r, &bad),
	    -1);
	assert_non_null(bad);
	free(bad);

	/* The preview says the same numbers. */
	tfix_say(f, "H1", "announce new 研修のお知らせ", NULL);
	tfix_say(f, "H1", "announce to department=子ども育成部", NULL);
	n = t_expect("子ども育成部", NULL, false);
	snprintf(want, sizeof want, "届く人: %d人", n);
	tfix_contains(f->text, want);
	snprintf(want, sizeof want, "うち%d人は", t_expect("子ども育成部",
	    NULL, true));
	tfix_contains(f->text, want);
	tfix_say(f, "H1", "announce to 何か=変", NULL);
	tfix_contains(f->text, "が分かりませんでした");
	/* Nothing goes out before it is confirmed. */
	clock_set(tfix_at("2024-06-03 10:00"));
	assert_int_equal(tfix_tick(f), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM "
	    "announcement_receipt"), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM audit WHERE "
	    "action = 'announce.create'"), 1);
}

static void
test_refused_and_audited(void **state)
{
	struct tfix	*f = *state;
	int		 denied = tfix_count(f, "SELECT count(*) FROM audit WHERE "
	    "action = 'denied' AND detail = 'announce'");

	tfix_say(f, "S1", "announce new 勝手なお知らせ", NULL);
	tfix_contains(f->text, "権限がありません");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM announcement"),
	    0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM audit WHERE "
	    "action = 'denied' AND detail = 'announce'"), denied + 1);
}

static void
test_bad_input(void **state)
{
	struct tfix	*f = *state;
	char		 big[4000];

	tfix_say(f, "H1", "announce body 本文だけ", NULL);
	tfix_contains(f->text, "下書きがありません");
	tfix_say(f, "H1", "announce new", NULL);
	tfix_contains(f->text, "文字以内");
	tfix_say(f, "H1", "announce new ' OR 1=1 --", NULL);
	tfix_say(f, "H1", "announce send", NULL);
	tfix_contains(f->text, "本文がまだありません");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "body ", 5);
	{
		char *line;

		xasprintf(&line, "announce %s", big);
		tfix_say(f, "H1", line, NULL);
		free(line);
	}
	tfix_contains(f->text, "3000文字以内");
	tfix_say(f, "H1", "announce at 明日", NULL);
	tfix_contains(f->text, "日時「明日」");
	tfix_say(f, "H1", "announce remind ９９", NULL);
	tfix_contains(f->text, "0～30");
	tfix_say(f, "H1", "announce ack たぶん", NULL);
	tfix_contains(f->text, "on か off");
	tfix_say(f, "H1", "announce cancel ＃９９９", NULL);
	tfix_contains(f->text, "見つかりませんでした");
	tfix_say(f, "S1", "ack abc", NULL);
	tfix_contains(f->text, "見つかりませんでした");
	tfix_say(f, "S1", "ack", NULL);
	tfix_contains(f->text, "番号を添えてください");
	tfix_say(f, "S1", "ack ９９９９９９９９９９９９９９９９９９９９", NULL);
	tfix_contains(f->text, "見つかりませんでした");
}

/* Marks every queued copy delivered, as the sender's hook does. */
static void
t_deliver_all(struct tfix *f, time_t at)
{
	sqlite3_stmt	*stmt;
	const char	*ref;

	assert_int_equal(sqlite3_prepare_v2(db_handle(f->app.db), "SELECT "
	    "ref FROM outbox WHERE ref LIKE 'announce:%'", -1, &stmt, NULL),
	    SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		ref = (const char *)sqlite3_column_text(stmt, 0);
		assert_int_equal(handler_announce.on_sent(f->app.db,
		    ref + strlen("announce:"), at, NULL), 0);
	}
	sqlite3_finalize(stmt);
}

static void
test_deliver_ack_figures(void **state)
{
	struct tfix		*f = *state;
	struct announce_figures	*fig;
	struct request		 req;
	struct answer		 ans;
	char			 line[128];
	int64_t			 id;
	int			 n = t_expect("総務部", NULL, false);
	size_t			 nf, i;

	/* Each in their language; one the catalogues lack gets the default. */
	assert_int_equal(q_pref_set(f->app.db, "A012", "language", "en"), 0);
	assert_int_equal(q_pref_set(f->app.db, "A015", "language", "fr"), 0);
	id = t_announce(f, "department=総務部", true, NULL);
	clock_set(tfix_at("2024-06-03 10:00"));
	assert_true(tfix_tick(f) >= 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "body LIKE '%If the button does not work%'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'A012' AND body LIKE '%If the button%'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'A015' AND body LIKE '%ボタンが使えない%'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM "
	    "announcement_receipt"), n);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "ref LIKE 'announce:%'"), n);
	/* Each copy carries the button and the words to type. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "ref LIKE 'announce:%' AND body LIKE '%読みました%' AND "
	    "body LIKE '%ack %'"), n);
	/* A second run sends nothing more. */
	assert_int_equal(tfix_tick(f), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "ref LIKE 'announce:%'"), n);
	t_deliver_all(f, tfix_at("2024-06-03 10:01"));

	/* By command (A003 is in 総務部: 3 % 3 == 0), twice. */
	clock_set(tfix_at("2024-06-03 11:01"));
	snprintf(line, sizeof line, "ack %lld", (long long)id);
	tfix_say(f, "A003", line, NULL);
	tfix_contains(f->text, "読んだことを記録しました");
	tfix_say(f, "A003", line, NULL);
	tfix_contains(f->text, "もう既読");
	/* Someone it was not for. */
	tfix_say(f, "A001", line, NULL);
	tfix_contains(f->text, "あなた宛てではありません");
	/* By the button: the same words, and the message is edited. */
	clock_set(tfix_at("2024-06-03 13:01"));
	memset(&req, 0, sizeof req);
	req.platform = xstrdup("test");
	req.chat_user = xstrdup("A006");
	req.text = xstrdup(line);
	req.direct = true;
	req.msg_ref = xstrdup("{\"ts\":\"1.2\"}");
	req.pressed_label = xstrdup("読みました");
	answer_init(&ans);
	assert_int_equal(dispatch(&f->app, &req, &ans), DISPATCH_DONE);
	answer_clear(&ans);
	request_clear(&req);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "method = 'edit' AND body LIKE '%既読にしました%'"), 1);

	fig = q_announce_figures(f->app.db, id, ANNOUNCE_BY_ALL, &nf);
	assert_int_equal(nf, 1);
	assert_int_equal(fig[0].targeted, n);
	assert_int_equal(fig[0].delivered, n);
	assert_int_equal(fig[0].failed, 0);
	assert_int_equal(fig[0].acknowledged, 2);
	assert_int_equal(fig[0].median_ack, 2 * 3600);	/* 1 h and 3 h */
	announce_figures_free(fig, nf);
	fig = q_announce_figures(f->app.db, id, ANNOUNCE_BY_LEVEL, &nf);
	for (i = 0; i < nf; i++)
		assert_int_equal(fig[i].targeted, t_expect("総務部",
		    fig[i].group, false));
	announce_figures_free(fig, nf);

	/* The chat view says the same. */
	tfix_say(f, "H1", "announce show", NULL);
	snprintf(line, sizeof line, "announce show %lld", (long long)id);
	tfix_say(f, "H1", line, NULL);
	snprintf(line, sizeof line, "対象 %d人・配信 %d人・失敗 0人・既読 2人", n,
	    n);
	tfix_contains(f->text, line);
	tfix_contains(f->text, "2時間0分");
	tfix_contains(f->text, "係長級");
}

static void
test_reminder_only_to_non_ackers(void **state)
{
	struct tfix	*f = *state;
	char		 line[64];
	int64_t		 id;
	int		 n = t_expect("区民部", NULL, false);

	id = t_announce(f, "department=区民部", true, "announce remind 2");
	clock_set(tfix_at("2024-06-03 10:00"));
	tfix_tick(f);
	t_deliver_all(f, tfix_at("2024-06-03 10:00"));
	snprintf(line, sizeof line, "ack %lld", (long long)id);
	tfix_say(f, "A002", line, NULL);	/* 2 % 3 == 2: 区民部 */
	tfix_say(f, "A005", line, NULL);
	/* One working day later: not yet. */
	clock_set(tfix_at("2024-06-04 10:30"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'announce-remind:%'"), 0);
	/* Two: everyone else, once. */
	clock_set(tfix_at("2024-06-05 10:30"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'announce-remind:%'"), n - 2);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'announce-remind:%' AND recipient IN ('A002', "
	    "'A005')"), 0);
	clock_set(tfix_at("2024-06-06 10:30"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'announce-remind:%'"), n - 2);
}

static void
test_working_hours_and_urgent(void **state)
{
	struct tfix	*f = *state;
	int64_t		 late, urgent;

	/* Confirmed on Friday evening for Saturday: goes out on Monday. */
	clock_set(tfix_at("2024-06-07 18:00"));
	late = t_announce(f, "id=A003,A006", false,
	    "announce at 2024-06-08 10:00");
	urgent = t_announce(f, "id=A008", false, "announce urgent on");
	tfix_contains(f->text, "を確定しました");
	clock_set(tfix_at("2024-06-07 18:05"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'A008' AND ref LIKE 'announce:%'"), 1);
	clock_set(tfix_at("2024-06-08 10:00"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient IN ('A003', 'A006')"), 0);
	clock_set(tfix_at("2024-06-10 08:30"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient IN ('A003', 'A006')"), 2);
	(void)late;
	(void)urgent;
}

static void
test_cancel_before_it_goes(void **state)
{
	struct tfix	*f = *state;
	char		 line[64];
	int64_t		 id;

	clock_set(tfix_at("2024-06-03 09:00"));
	id = t_announce(f, NULL, false, "announce at 2024-06-04 10:00");
	snprintf(line, sizeof line, "announce cancel %lld", (long long)id);
	tfix_say(f, "H1", line, NULL);
	tfix_contains(f->text, "取り消しました");
	clock_set(tfix_at("2024-06-04 10:00"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "ref LIKE 'announce:%'"), 0);
	tfix_say(f, "H1", line, NULL);
	tfix_contains(f->text, "取り消せません");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM audit WHERE "
	    "action IN ('announce.create', 'announce.send', "
	    "'announce.cancel')"), 3);
}

static void
test_series_days(void **state)
{
	struct tfix		*f = *state;
	struct series_rule	 r;
	struct announcement	 t;
	char			*cause = NULL;
	int64_t			 sid;

	assert_int_equal(h_series_parse("month 1st working day 10:00", &r,
	    &cause), 0);
	assert_int_equal(h_series_next_at(f->app.cal, &r,
	    tfix_at("2024-06-03 10:00")), tfix_at("2024-07-01 10:00"));
	/* 2024-09-01 is a Sunday. */
	assert_int_equal(h_series_next_at(f->app.cal, &r,
	    tfix_at("2024-08-01 10:00")), tfix_at("2024-09-02 10:00"));
	assert_int_equal(h_series_parse("week mon 10:00", &r, &cause), 0);
	/* 2024-07-15 is 海の日. */
	assert_int_equal(h_series_next_at(f->app.cal, &r,
	    tfix_at("2024-07-09 10:00")), tfix_at("2024-07-16 10:00"));
	assert_int_equal(h_series_parse("month last working day 16:00", &r,
	    &cause), 0);
	/* 2024-06-30 is a Sunday. */
	assert_int_equal(h_series_next_at(f->app.cal, &r,
	    tfix_at("2024-06-03 10:00")), tfix_at("2024-06-28 16:00"));
	assert_int_equal(h_series_parse("毎月 15 9:00", &r, &cause), 0);
	/* 2024-09-15 is a Sunday, 16 敬老の日. */
	assert_int_equal(h_series_next_at(f->app.cal, &r,
	    tfix_at("2024-09-01 10:00")), tfix_at("2024-09-17 09:00"));
	assert_int_equal(h_series_parse("fortnightly", &r, &cause), -1);
	free(cause);

	/* Each edition is an announcement of its own. */
	memset(&t, 0, sizeof t);
	t.author = (char *)"H1";
	t.title = (char *)"MVV通信";
	t.body = (char *)"今月のMVV";
	t.audience = (char *)"id=A003";
	t.dm = true;
	t.send_at = tfix_at("2024-06-03 10:00");
	assert_int_equal(q_series_insert(f->app.db, &t, "month 1st working "
	    "day 10:00", &sid), 0);
	clock_set(tfix_at("2024-06-03 10:00"));
	tfix_tick(f);
	clock_set(tfix_at("2024-07-01 10:00"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM announcement "
	    "WHERE series_id IS NOT NULL AND status = 'sent'"), 2);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'A003'"), 2);
	assert_int_equal(tfix_count(f, "SELECT next_at FROM "
	    "announcement_series"), (int)tfix_at("2024-08-01 10:00"));

	/* In chat: a draft with a rule becomes a series when confirmed. */
	tfix_say(f, "H1", "announce new 今月のMVV", NULL);
	tfix_say(f, "H1", "announce body 今月のバリューは「たすけあエール」です。",
	    NULL);
	tfix_say(f, "H1", "announce to id=A006", NULL);
	tfix_say(f, "H1", "announce every fortnightly", NULL);
	tfix_contains(f->text, "繰り返し「fortnightly」");
	tfix_say(f, "H1", "announce every week mon 9:00", NULL);
	tfix_contains(f->text, "次の3回: 2024年7月8日（月）9:00、2024年7月16日（火）9:00、"
	    "2024年7月22日（月）9:00");
	tfix_say(f, "H1", "announce send", NULL);
	tfix_contains(f->text, "シリーズ #2");
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM announcement "
	    "WHERE status = 'series' AND series_id = 2"), 1);
	clock_set(tfix_at("2024-07-08 09:00"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = 'A006'"), 1);
}

/* Only a channel post: one row, and its delivery counts for everyone. */
static void
test_channel_post(void **state)
{
	struct tfix	*f = *state;
	char		 line[128];
	int64_t		 id;
	int		 n = t_expect(NULL, "section_chief", false);

	id = t_announce(f, "job_level=課長級", false,
	    "announce channel <#C0GENERAL|general>");
	tfix_say(f, "H1", "announce new 二通目", NULL);
	tfix_say(f, "H1", "announce body 本文", NULL);
	tfix_say(f, "H1", "announce dm off", NULL);
	tfix_contains(f->text, "dm on かチャンネルを指定");
	tfix_say(f, "H1", "announce send", NULL);
	tfix_contains(f->text, "届け方がありません");
	clock_set(tfix_at("2024-06-03 10:00"));
	tfix_tick(f);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "method = 'post' AND conversation = 'C0GENERAL'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM outbox WHERE "
	    "method = 'direct'"), n);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM "
	    "announcement_receipt"), n);
	assert_int_equal(handler_announce.on_sent(f->app.db, "c1",
	    tfix_at("2024-06-03 10:01"), NULL), 0);
	snprintf(line, sizeof line, "stats announce %lld", (long long)id);
	tfix_say(f, "H1", line, NULL);
	snprintf(line, sizeof line, "対象 %d人・配信 %d人", n, n);
	tfix_contains(f->text, line);
	tfix_say(f, "H1", "stats announce", NULL);
	tfix_contains(f->text, "最近のお知らせ:");
	tfix_say(f, "S1", "stats announce", NULL);
	tfix_contains(f->text, "権限がありません");
}

/* Where forms exist, `announce` opens one; its submission makes a draft. */
static void
test_form(void **state)
{
	struct tfix		*f = *state;
	struct request		 req;
	struct answer		 ans;
	struct announcement	*a;

	memset(&req, 0, sizeof req);
	req.platform = xstrdup("test");
	req.chat_user = xstrdup("H1");
	req.text = xstrdup("announce");
	req.trigger_id = xstrdup("trig");
	req.direct = true;
	answer_init(&ans);
	assert_int_equal(dispatch(&f->app, &req, &ans), DISPATCH_FORM);
	assert_int_equal(ans.form.nfields, 9);
	answer_clear(&ans);
	request_clear(&req);

	memset(&req, 0, sizeof req);
	req.platform = xstrdup("test");
	req.chat_user = xstrdup("H1");
	req.form_command = xstrdup("announce");
	form_value_add(&req.form_values, &req.nform_values, "title",
	    "ストレスチェックのお願い");
	form_value_add(&req.form_values, &req.nform_values, "body",
	    "今月末までに回答してください。");
	form_value_add(&req.form_values, &req.nform_values, "to",
	    "department=区民部");
	form_value_add(&req.form_values, &req.nform_values, "ack", "on");
	form_value_add(&req.form_values, &req.nform_values, "at", "いつか");
	answer_init(&ans);
	assert_int_equal(dispatch(&f->app, &req, &ans), DISPATCH_DONE);
	free(f->text);
	f->text = reply_to_text(&ans.reply);
	answer_clear(&ans);
	request_clear(&req);
	tfix_contains(f->text, "日時「いつか」");
	tfix_contains(f->text, "のプレビュー");
	tfix_contains(f->text, "[確定する]");
	a = q_announce_get(f->app.db, t_last_id(f));
	assert_non_null(a);
	assert_string_equal(a->title, "ストレスチェックのお願い");
	assert_string_equal(a->audience, "department=区民部");
	assert_true(a->ack && a->dm);
	announcement_free(a);
	/* The confirm button's words. */
	tfix_say(f, "H1", "announce send 1", NULL);
	tfix_contains(f->text, "を確定しました");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reach_and_preview, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused_and_audited,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deliver_ack_figures,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_reminder_only_to_non_ackers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_working_hours_and_urgent,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_before_it_goes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_series_days, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_channel_post, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
