/*
 * test_sched.c: the scheduler's cache of when each job is next due
 * (bot/sched.c), and the jobs' bounded slices (handlers/reminders.c), on
 * the real FY2024 catalogue with a real lws context, which is only armed,
 * never serviced.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libwebsockets.h>

#include "testlib.h"

#define TEST_PEOPLE	80	/* more than two slices of reminders */

struct tsched {
	struct tfix	*f;
	struct loop	*loop;
};

static int
proto_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	(void)wsi;
	(void)reason;
	(void)user;
	(void)in;
	(void)len;
	return 0;
}

/* lws wants a protocol on the vhost; the tests' adapter has none. */
static const struct lws_protocols proto = { "test", proto_cb, 0, 0, 0,
    NULL, 0 };

static int
setup(void **state)
{
	struct tsched	*t = xcalloc(1, sizeof *t);
	char		*cause = NULL;

	t->f = tfix_create();
	tfix_catalog(t->f);
	tfix_staff(t->f, "E1", "山田 太郎", "ヤマダ タロウ", "section_chief",
	    NULL);
	tfix_staff(t->f, "E2", "佐藤 花子", "サトウ ハナコ", "staff", "E1");
	t->f->chat.protocol = &proto;
	t->loop = loop_create(&t->f->app, &cause);
	assert_non_null(t->loop);
	t->f->app.sched = sched_create(&t->f->app, t->loop);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct tsched	*t = *state;

	sched_free(t->f->app.sched);
	loop_free(t->loop);
	tfix_free(t->f);
	free(t);
	return 0;
}

/* How many jobs read the table (or say nothing of what they read). */
static unsigned long
jobs_reading(const char *table)
{
	const char *const	*t;
	unsigned long		 n = 0;
	size_t			 i;

	for (i = 0; i < handler_count; i++) {
		if (handler_table[i]->on_tick == NULL)
			continue;
		t = handler_table[i]->inputs;
		while (t != NULL && *t != NULL && strcmp(*t, table) != 0)
			t++;
		n += t == NULL || *t != NULL;
	}
	return n;
}

/* Requests that change no job's inputs never ask a job when it is due. */
static void
test_request_asks_no_job(void **state)
{
	struct tsched	*t = *state;
	struct sched	*s = t->f->app.sched;
	unsigned long	 asked = sched_asked(s), jobs = 0;
	size_t		 i;

	for (i = 0; i < handler_count; i++)
		jobs += handler_table[i]->on_tick != NULL;
	assert_int_equal(asked, jobs);	/* every job once, at start */
	assert_int_equal(tfix_say(t->f, "E2", "my", NULL), DISPATCH_DONE);
	assert_int_equal(tfix_say(t->f, "E1", "help", NULL), DISPATCH_DONE);
	assert_int_equal(sched_asked(s), asked);
	/*
	 * An I-message on Monday asks no job: the weekly digest, which reads
	 * them, is due on Friday whatever they are (jobs_reading("") counts
	 * the jobs that name no inputs, asked every time).
	 */
	assert_int_equal(tfix_say(t->f, "E1", "imessage @E2 窓口の応援ありがとう "
	    "#たすけあエール", NULL), DISPATCH_DONE);
	tfix_contains(t->f->text, "Iメッセージを送りました");
	assert_int_equal(sched_asked(s), asked + jobs_reading(""));
}

/*
 * Once this week's digest is due, an I-message asks the jobs that read
 * them again, and one to someone who has had no digest this week arms the
 * timer at once.
 */
static void
test_imessage_in_digest_window(void **state)
{
	struct tsched	*t = *state;
	struct sched	*s = t->f->app.sched;
	unsigned long	 asked;

	tfix_staff(t->f, "E3", "鈴木 一郎", "スズキ イチロウ", "section_chief",
	    "E1");
	assert_int_equal(tfix_say(t->f, "E1", "imessage @E2 窓口の応援ありがとう "
	    "#たすけあエール", NULL), DISPATCH_DONE);
	clock_set(tfix_at("2024-06-07 15:30"));	/* Friday, in hours */
	sched_run(s);
	assert_int_equal(tfix_count(t->f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'imweekly:E2:2024-06-03'"), 1);
	assert_true(sched_armed(s) > clock_now());
	asked = sched_asked(s);
	assert_int_equal(tfix_say(t->f, "E3", "imessage @E1 資料の確認ありがとう "
	    "#たすけあエール", NULL), DISPATCH_DONE);
	tfix_contains(t->f->text, "Iメッセージを送りました");
	assert_int_equal(sched_asked(s), asked + jobs_reading("imessage"));
	assert_int_equal(sched_armed(s), clock_now());
}

/*
 * Every table a job names as its input is a rowid table on the roster of
 * tables: the update hook that counts their changes skips the others.
 */
static void
test_inputs_are_rowid_tables(void **state)
{
	struct tsched		*t = *state;
	const char *const	*in;
	char			*sql;
	size_t			 i;

	for (i = 0; i < handler_count; i++) {
		for (in = handler_table[i]->inputs; in != NULL && *in != NULL;
		    in++) {
			xasprintf(&sql, "SELECT count(*) FROM sqlite_master "
			    "WHERE type = 'table' AND name = '%s' AND "
			    "sql NOT LIKE '%%WITHOUT ROWID%%'", *in);
			if (tfix_count(t->f, sql) != 1)
				fail_msg("%s: input %s is no rowid table",
				    handler_table[i]->name, *in);
			free(sql);
		}
	}
}

/* A change to a job's input asks that job only; moving the clock, all. */
static void
test_inputs_ask_their_job(void **state)
{
	struct tsched	*t = *state;
	struct sched	*s = t->f->app.sched;
	unsigned long	 asked = sched_asked(s);

	/* A preference: the digest's input. */
	tfix_say(t->f, "E1", "settings digest off", NULL);
	tfix_contains(t->f->text, "月次まとめを止めました");
	assert_int_equal(sched_asked(s), asked + 1);
	/* An enrolment plans reminders: the reminder job's input. */
	tfix_say(t->f, "E1", "enroll S-07", NULL);
	tfix_contains(t->f->text, "申し込みました");
	assert_int_equal(sched_asked(s), asked + 2);
	/* Nothing changed since: a kick asks nobody. */
	sched_kick(s);
	assert_int_equal(sched_asked(s), asked + 2);
	/* The console's /time moves the clock and runs the jobs. */
	clock_set(tfix_at("2024-07-05 09:00"));
	sched_run(s);
	assert_true(sched_asked(s) >= asked + 4);
	assert_int_equal(tfix_count(t->f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'remind:E1:%'"), 1);
}

static void
enrol_many(struct tsched *t)
{
	char	id[16];
	int	i;

	/* Their manager's July digest would be one message more. */
	tfix_say(t->f, "E1", "settings digest off", NULL);
	for (i = 0; i < TEST_PEOPLE; i++) {
		snprintf(id, sizeof id, "M%03d", i);
		tfix_staff(t->f, id, "管理 職員", "カンリ ショクイン",
		    "section_chief", "E1");
		tfix_say(t->f, id, "enroll S-07", NULL);
		tfix_contains(t->f->text, "申し込みました");
	}
}

static void
assert_each_reminded_once(struct tsched *t)
{
	assert_int_equal(tfix_count(t->f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'remind:M%'"), TEST_PEOPLE);
	assert_int_equal(tfix_count(t->f, "SELECT count(DISTINCT recipient) "
	    "FROM outbox WHERE dedupe_key LIKE 'remind:M%'"), TEST_PEOPLE);
	assert_int_equal(tfix_count(t->f, "SELECT count(*) FROM reminder "
	    "WHERE status = 'sent'"), TEST_PEOPLE);
}

/* A run over many due reminders is split, and sends each once. */
static void
test_run_in_slices(void **state)
{
	struct tsched	*t = *state;

	enrol_many(t);
	clock_set(tfix_at("2024-07-05 09:00"));
	t->f->slices = 0;
	assert_int_equal(tfix_tick(t->f), TEST_PEOPLE);
	/* 32 + 32 + 16 reminders, and one slice of each other job. */
	assert_true(t->f->slices >= 3 + 1);
	assert_each_reminded_once(t);
	assert_int_equal(tfix_tick(t->f), 0);
	assert_each_reminded_once(t);
}

/*
 * One slice is committed whole with its outbox rows; a run that stops
 * after it (a crash, which also loses the bookmark) goes on where it
 * stopped and sends nobody twice.
 */
static void
test_crash_between_slices(void **state)
{
	struct tsched	*t = *state;
	struct ctx	 ctx;
	int		 first;

	enrol_many(t);
	clock_set(tfix_at("2024-07-05 09:00"));
	sched_job_ctx(&t->f->app, &ctx);
	first = handler_reminders.on_tick(&ctx);
	assert_true(first > 0 && first < TEST_PEOPLE);
	assert_true(ctx.more);
	assert_int_equal(tfix_count(t->f, "SELECT count(*) FROM outbox"),
	    first);
	assert_int_equal(tfix_tick(t->f), TEST_PEOPLE - first);
	assert_each_reminded_once(t);
}

/*
 * A run that only skips stale reminders queues nothing, and must not hold
 * back a reminder due a little later: the timer is armed for that one, not
 * for the back-off of a job that did nothing.
 */
static void
test_stale_run_keeps_next(void **state)
{
	struct tsched	*t = *state;
	struct sched	*s = t->f->app.sched;
	time_t		 now = tfix_at("2024-07-05 09:00");
	char		 sql[256];

	tfix_say(t->f, "E1", "settings digest off", NULL);
	tfix_say(t->f, "E1", "enroll S-07", NULL);
	tfix_contains(t->f->text, "申し込みました");
	assert_true(tfix_count(t->f, "SELECT count(*) FROM reminder") >= 2);
	/* One reminder long past its use, the others due in ten seconds. */
	snprintf(sql, sizeof sql, "UPDATE reminder SET due_at = %lld, "
	    "useful_until = %lld WHERE id = (SELECT min(id) FROM reminder)",
	    (long long)(now - 10 * 86400), (long long)(now - 9 * 86400));
	assert_int_equal(sqlite3_exec(db_handle(t->f->app.db), sql, NULL, NULL,
	    NULL), SQLITE_OK);
	snprintf(sql, sizeof sql, "UPDATE reminder SET due_at = %lld, "
	    "useful_until = %lld WHERE id > (SELECT min(id) FROM reminder)",
	    (long long)(now + 10), (long long)(now + 86400));
	assert_int_equal(sqlite3_exec(db_handle(t->f->app.db), sql, NULL, NULL,
	    NULL), SQLITE_OK);
	clock_set(now);
	sched_run(s);
	assert_int_equal(tfix_count(t->f, "SELECT count(*) FROM reminder "
	    "WHERE status = 'skipped'"), 1);
	assert_int_equal(tfix_count(t->f, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key LIKE 'remind:%'"), 0);
	assert_int_equal(sched_armed(s), now + 10);
}

static int	 test_conns;	/* what the adapter below says is up */

static int
test_connections(struct chat *chat)
{
	(void)chat;
	return test_conns;
}

/*
 * At start, with an adapter whose connection is not up yet, no job is
 * asked when it is due nor armed (the connection comes first), until
 * the adapter says it is connected.
 */
static void
test_held_until_connected(void **state)
{
	struct tsched	*t = *state;
	struct sched	*s;

	sched_free(t->f->app.sched);
	t->f->chat.connections = test_connections;
	test_conns = 0;
	s = t->f->app.sched = sched_create(&t->f->app, t->loop);
	assert_int_equal(sched_asked(s), 0);
	assert_int_equal(sched_armed(s), 0);
	assert_int_equal(tfix_say(t->f, "E2", "my", NULL), DISPATCH_DONE);
	assert_int_equal(sched_asked(s), 0);
	test_conns = 1;
	loop_connected(t->loop);
	assert_true(sched_asked(s) > 0);
	assert_true(sched_armed(s) != 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_request_asks_no_job,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_inputs_are_rowid_tables,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_imessage_in_digest_window,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_inputs_ask_their_job,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_in_slices, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_crash_between_slices,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_run_keeps_next,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_held_until_connected,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
