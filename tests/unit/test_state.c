/*
 * test_state.c: the SQLite state (state/db.c, migrate.c and q_*.c) on
 * ":memory:" with the real migrations, one fresh database per test.
 *
 * Times are fixed epoch values, never the wall clock, except where
 * q_outbox_push stamps created_at itself.
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

#include "bot.h"
#include "state.h"

#define FY2024_START	((time_t)1711897200)	/* 2024-04-01 00:00 JST */
#define FY2025_START	((time_t)1743433200)

static int
setup(void **state)
{
	struct db	*db;
	char		*cause = NULL;

	db_set_fault(0);
	if (clock_set_zone("Asia/Tokyo") != 0)
		return -1;
	db = db_open(":memory:", &cause);
	if (db == NULL) {
		fprintf(stderr, "db_open: %s\n", cause);
		free(cause);
		return -1;
	}
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	db_set_fault(0);
	db_close(*state);
	return 0;
}

/* Runs a query that returns one integer. */
static int64_t
sql_int(struct db *db, const char *sql)
{
	sqlite3_stmt	*stmt;
	int64_t		 v = -1;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &stmt,
	    NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static void
add_staff(struct db *db, const char *id, const char *name, const char *kana,
    const char *level, const char *manager, const char *roles, bool active)
{
	struct staff	s;

	memset(&s, 0, sizeof s);
	s.employee_id = (char *)id;
	s.name = (char *)name;
	s.name_kana = (char *)kana;
	s.job_level = (char *)level;
	s.manager_id = (char *)manager;
	s.roles = (char *)roles;
	s.active = active;
	assert_int_equal(q_staff_upsert(db, &s), 0);
}

/* Two people who share a family name, one 佐藤, one who has left. */
static void
add_people(struct db *db)
{
	add_staff(db, "E1001", "山田 太郎", "やまだ たろう", "section_chief",
	    NULL, "hr;admin", true);
	add_staff(db, "E1002", "山田 花子", "ヤマダ ハナコ", "staff", "E1001",
	    NULL, true);
	add_staff(db, "E1003", "佐藤 次郎", "さとう じろう", "staff", "E1002",
	    "", true);
	add_staff(db, "E1004", "山田 三郎", "やまだ さぶろう", "staff",
	    "E1001", NULL, false);
}

static void
test_schema(void **state)
{
	static const char *const tables[] = { "staff", "chat_identity",
	    "imessage", "imessage_value", "outbox", "seen_delivery",
	    "preference", "audit" };
	struct db	*db = *state;
	char		*sql;
	size_t		 i;

	assert_true(migrate_latest() >= 1);
	assert_int_equal(db_version(db), migrate_latest());
	assert_int_equal(sql_int(db, "PRAGMA user_version"), migrate_latest());
	assert_int_equal(sql_int(db, "PRAGMA foreign_keys"), 1);
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		xasprintf(&sql, "SELECT count(*) FROM sqlite_master WHERE "
		    "type = 'table' AND name = '%s'", tables[i]);
		if (sql_int(db, sql) != 1)
			fail_msg("no table %s", tables[i]);
		free(sql);
	}
	/* Running the migrations again is a no-op. */
	{
		char	*cause = NULL;

		assert_int_equal(migrate_run(db, &cause), 0);
		assert_null(cause);
		assert_int_equal(db_version(db), migrate_latest());
	}
}

/*
 * Migration 17: a queued row's not_before, in seconds, becomes the same
 * moment in milliseconds, so a row due before the upgrade is due after.
 */
static void
test_outbox_ms_migration(void **state)
{
	struct db	*db = *state;
	char		*cause = NULL;

	assert_true(migrate_latest() >= 17);
	assert_int_equal(db_exec(db, "INSERT INTO outbox (dedupe_key, "
	    "recipient, method, body, not_before, created_at) VALUES ('old', "
	    "'E1', 'direct', '[]', 1700000000, 1700000000); "
	    "PRAGMA user_version = 16"), 0);
	assert_int_equal(migrate_run(db, &cause), 0);
	assert_null(cause);
	assert_int_equal(sql_int(db, "SELECT not_before / 1000 FROM outbox "
	    "WHERE dedupe_key = 'old'"), 1700000000);
	assert_int_equal(sql_int(db, "SELECT not_before % 1000 FROM outbox "
	    "WHERE dedupe_key = 'old'"), 0);
}

/*
 * A sender's batch: each row's outcome, and the reference of a sent post
 * (not of an edit, which keeps the message it edits; not of a failure);
 * a deferred row is moved, no attempt counted.
 */
static void
test_outbox_mark_batch(void **state)
{
	struct db		*db = *state;
	struct outbox_msg	 m;
	struct outbox_row	 rows[5];
	static const char *const keys[] = { "b-sent", "b-edit", "b-failed",
	    "b-retry", "b-defer" };
	size_t			 i;

	memset(rows, 0, sizeof rows);
	for (i = 0; i < 5; i++) {
		memset(&m, 0, sizeof m);
		m.dedupe_key = keys[i];
		m.recipient = "E1";
		m.method = i == 1 ? OUTBOX_EDIT : OUTBOX_DIRECT;
		m.msg_ref = i == 1 ? "C1/100.1" : NULL;
		m.platform = i == 2 ? "slack" : NULL;
		m.body = "[]";
		m.not_before = 10;
		assert_int_equal(q_outbox_add(db, &m), 1);
		rows[i].id = sql_int(db, "SELECT max(id) FROM outbox");
	}
	rows[0].status = OUTBOX_SENT;
	rows[0].sent_ref = xstrdup("C1/200.2");
	rows[0].sent_platform = "slack";
	rows[1].status = OUTBOX_SENT;
	rows[1].sent_ref = xstrdup("C1/100.1-new");
	rows[1].sent_platform = "slack";
	rows[2].status = OUTBOX_FAILED;
	rows[2].error = xstrdup("no such user");
	rows[2].sent_ref = xstrdup("ignored");
	rows[3].status = OUTBOX_PENDING;
	rows[3].error = xstrdup("HTTP 500");
	rows[3].retry_ms = 70000;
	rows[4].status = OUTBOX_DEFERRED;
	rows[4].retry_ms = 80500;	/* a slot, to the millisecond */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(q_outbox_mark_batch(db, rows, 5, 50), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'b-sent' AND status = 'sent' AND sent_at = 50 AND "
	    "attempts = 1 AND msg_ref = 'C1/200.2' AND platform = 'slack' AND "
	    "not_before = 10000 AND last_error IS NULL"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'b-edit' AND status = 'sent' AND "
	    "msg_ref = 'C1/100.1' AND platform IS NULL"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'b-failed' AND status = 'failed' AND "
	    "sent_at IS NULL AND msg_ref IS NULL AND platform = 'slack' AND "
	    "last_error = 'no such user' AND attempts = 1"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'b-retry' AND status = 'pending' AND "
	    "not_before = 70000 AND attempts = 1 AND last_error = 'HTTP 500'"),
	    1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'b-defer' AND status = 'pending' AND "
	    "not_before = 80500 AND attempts = 0"), 1);
	/* A platform already named is kept. */
	rows[2].status = OUTBOX_SENT;
	assert_int_equal(q_outbox_mark_batch(db, &rows[2], 1, 60), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'b-failed' AND status = 'sent' AND "
	    "msg_ref = 'ignored' AND platform = 'slack'"), 1);
	for (i = 0; i < 5; i++) {
		free(rows[i].sent_ref);
		free(rows[i].error);
	}
}

/*
 * The statement cache: a text is prepared once, found again by its address
 * or, at another address, by the text; past the first table size every
 * statement is still its own.
 */
static void
test_stmt_cache(void **state)
{
	struct db	*db = *state;
	sqlite3_stmt	*first[200];
	char		*sql[200], *copy[200];
	int		 i;

	for (i = 0; i < 200; i++) {
		xasprintf(&sql[i], "SELECT %d", i);
		first[i] = db_stmt(db, sql[i]);
		assert_non_null(first[i]);
	}
	for (i = 0; i < 200; i++) {
		assert_ptr_equal(db_stmt(db, sql[i]), first[i]);
		copy[i] = xstrdup(sql[i]);
		assert_ptr_equal(db_stmt(db, copy[i]), first[i]);
		assert_ptr_equal(db_stmt(db, copy[i]), first[i]);
		assert_int_equal(sqlite3_step(first[i]), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(first[i], 0), i);
		db_done(first[i]);
	}
	/* The cache keeps the texts' addresses: they outlive it. */
	db_close(db);
	*state = NULL;
	for (i = 0; i < 200; i++) {
		free(sql[i]);
		free(copy[i]);
	}
}

/*
 * The transaction control statements are prepared once and kept: used
 * again and again, a failing savepoint is still undone alone, a failed
 * statement (COMMIT with no transaction) leaves them usable, and a
 * rollback undoes the whole transaction.
 */
static void
test_transaction_control(void **state)
{
	struct db	*db = *state;
	int		 round;

	add_people(db);
	for (round = 0; round < 3; round++) {
		assert_int_equal(db_begin(db), 0);
		assert_int_equal(db_savepoint(db), 0);
		assert_int_equal(q_pref_set(db, "E1001", "round", "kept"), 0);
		assert_int_equal(db_release(db), 0);
		assert_int_equal(db_savepoint(db), 0);
		assert_int_equal(q_pref_set(db, "E1002", "round", "undone"),
		    0);
		assert_int_equal(db_rollback_to(db), 0);
		assert_int_equal(db_savepoint(db), 0);
		assert_int_equal(q_pref_set(db, "E1003", "round", "kept"), 0);
		assert_int_equal(db_release(db), 0);
		assert_int_equal(db_commit(db), 0);
		assert_int_equal(sql_int(db, "SELECT count(*) FROM preference "
		    "WHERE key = 'round'"), 2);
		assert_int_equal(sql_int(db, "SELECT count(*) FROM preference "
		    "WHERE employee_id = 'E1002'"), 0);
		/* Nothing to commit: fails, and the statements still work. */
		assert_int_equal(db_commit(db), -1);
		assert_int_equal(db_release(db), -1);
		assert_int_equal(db_begin(db), 0);
		assert_int_equal(q_pref_set(db, "E1004", "round", "undone"), 0);
		db_rollback(db);
		assert_int_equal(sql_int(db, "SELECT count(*) FROM preference "
		    "WHERE employee_id = 'E1004'"), 0);
		assert_int_equal(db_exec(db, "DELETE FROM preference WHERE "
		    "key = 'round'"), 0);
	}
}

static void
test_staff_upsert_get(void **state)
{
	struct db	*db = *state;
	struct staff	 s, *g;

	memset(&s, 0, sizeof s);
	s.employee_id = "E2001";
	s.name = "品川 一郎";
	s.name_kana = "しながわ いちろう";
	s.email = "ichiro@example.jp";
	s.department = "総務部";
	s.section = "人事課";
	s.job_family = "事務";
	s.job_level = "unit_chief";
	s.level_since = "2022-04-01";
	s.hire_date = "2010-04-01";
	s.hire_type = "new_graduate";
	s.exam_category = "1類";
	s.birth_date = "1987-06-15";
	s.roles = "hr";
	s.active = true;
	assert_int_equal(q_staff_upsert(db, &s), 0);
	assert_int_equal(q_staff_count(db), 1);
	assert_int_equal(q_staff_exists(db, "E2001"), 1);
	assert_int_equal(q_staff_exists(db, "E9999"), 0);
	assert_null(q_staff_get(db, "E9999"));

	g = q_staff_get(db, "E2001");
	assert_non_null(g);
	assert_string_equal(g->employee_id, "E2001");
	assert_string_equal(g->name, "品川 一郎");
	assert_string_equal(g->name_kana, "しながわ いちろう");
	assert_string_equal(g->email, "ichiro@example.jp");
	assert_string_equal(g->department, "総務部");
	assert_string_equal(g->section, "人事課");
	assert_string_equal(g->job_family, "事務");
	assert_string_equal(g->job_level, "unit_chief");
	assert_string_equal(g->level_since, "2022-04-01");
	assert_string_equal(g->hire_date, "2010-04-01");
	assert_string_equal(g->hire_type, "new_graduate");
	assert_string_equal(g->exam_category, "1類");
	assert_string_equal(g->birth_date, "1987-06-15");
	assert_null(g->manager_id);
	assert_string_equal(g->roles, "hr");
	assert_true(g->active);
	assert_int_equal(g->reports, 0);
	assert_int_equal(staff_level(g), LEVEL_UNIT_CHIEF);
	staff_free(g);

	/* Update: same id, new section and name; still one row. */
	s.section = "職員課";
	s.name = "品川 一朗";
	s.roles = NULL;
	assert_int_equal(q_staff_upsert(db, &s), 0);
	assert_int_equal(q_staff_count(db), 1);
	g = q_staff_get(db, "E2001");
	assert_non_null(g);
	assert_string_equal(g->section, "職員課");
	assert_string_equal(g->name, "品川 一朗");
	assert_string_equal(g->roles, "");
	staff_free(g);

	/* The old name no longer finds them; the new one does. */
	{
		size_t		 n;
		struct staff	*a;

		a = q_staff_find(db, "品川一郎", &n);
		assert_int_equal(n, 0);
		assert_null(a);
		a = q_staff_find(db, "品川一朗", &n);
		assert_int_equal(n, 1);
		staff_array_free(a, n);
	}
	staff_free(NULL);
}

static void
test_staff_manager_fk(void **state)
{
	struct db	*db = *state;
	struct staff	 s;

	memset(&s, 0, sizeof s);
	s.employee_id = "E3001";
	s.name = "誰か";
	s.manager_id = "E0000";	/* not on the roster */
	s.active = true;
	assert_int_equal(q_staff_upsert(db, &s), -1);
	assert_int_equal(q_staff_count(db), 0);
}

static void
expect_find(struct db *db, const char *who, size_t want, const char *first)
{
	struct staff	*a;
	size_t		 n = 99;

	a = q_staff_find(db, who, &n);
	if (n != want)
		fail_msg("q_staff_find(\"%s\"): %zu, not %zu", who, n, want);
	if (want == 0)
		assert_null(a);
	else {
		assert_non_null(a);
		assert_string_equal(a[0].employee_id, first);
	}
	staff_array_free(a, n);
}

static void
test_staff_find(void **state)
{
	struct db	*db = *state;
	struct staff	*a;
	size_t		 n;

	add_people(db);

	/* By id, any case. */
	expect_find(db, "E1002", 1, "E1002");
	expect_find(db, "e1002", 1, "E1002");

	/* By full name, with or without the space (either kind). */
	expect_find(db, "山田 太郎", 1, "E1001");
	expect_find(db, "山田太郎", 1, "E1001");
	expect_find(db, "山田\xe3\x80\x80太郎", 1, "E1001");

	/* By reading, hiragana or katakana, full- or half-width. */
	expect_find(db, "やまだたろう", 1, "E1001");
	expect_find(db, "ヤマダタロウ", 1, "E1001");
	expect_find(db, "ﾔﾏﾀﾞ ﾀﾛｳ", 1, "E1001");
	expect_find(db, "やまだ はなこ", 1, "E1002");
	expect_find(db, "さとうじろう", 1, "E1003");

	/* By prefix: both active 山田s, not the one who left. */
	a = q_staff_find(db, "山田", &n);
	assert_int_equal(n, 2);
	assert_string_equal(a[0].employee_id, "E1001");
	assert_string_equal(a[1].employee_id, "E1002");
	staff_array_free(a, n);
	expect_find(db, "やまだ", 2, "E1001");
	expect_find(db, "ヤマダ", 2, "E1001");
	expect_find(db, "さと", 1, "E1003");

	/* Nobody, and someone who left. */
	expect_find(db, "鈴木", 0, NULL);
	expect_find(db, "E9999", 0, NULL);
	expect_find(db, "E1004", 0, NULL);
	expect_find(db, "山田三郎", 0, NULL);
	expect_find(db, "", 0, NULL);
	expect_find(db, "\xe3\x80\x80 ", 0, NULL);
}

/* Search text is data, never SQL or a LIKE pattern. */
static void
test_staff_find_metachars(void **state)
{
	static const char *const evil[] = { "' OR 1=1 --", "%", "_", "%%",
	    "山田%", "山_", "\"", "'", ";", "*", "\\", "' OR ''='" };
	struct db	*db = *state;
	size_t		 i;

	add_people(db);
	for (i = 0; i < sizeof evil / sizeof evil[0]; i++)
		expect_find(db, evil[i], 0, NULL);
	assert_int_equal(q_staff_count(db), 4);
}

static void
test_staff_manager_role(void **state)
{
	struct db	*db = *state;
	struct staff	*s, bare;

	add_people(db);
	add_staff(db, "E1005", "部長 です", NULL, "director", NULL, NULL,
	    true);
	add_staff(db, "E1006", "補佐 です", NULL, "deputy_chief", NULL, NULL,
	    true);

	s = q_staff_get(db, "E1001");		/* 課長級 */
	assert_int_equal(staff_level(s), LEVEL_SECTION_CHIEF);
	assert_true(staff_is_manager(s));
	assert_int_equal(s->reports, 1);	/* E1004 has left */
	staff_free(s);

	s = q_staff_get(db, "E1002");		/* staff with a report */
	assert_int_equal(staff_level(s), LEVEL_STAFF);
	assert_int_equal(s->reports, 1);
	assert_true(staff_is_manager(s));
	staff_free(s);

	s = q_staff_get(db, "E1003");		/* staff, no reports */
	assert_int_equal(s->reports, 0);
	assert_false(staff_is_manager(s));
	staff_free(s);

	s = q_staff_get(db, "E1005");
	assert_true(staff_is_manager(s));
	staff_free(s);

	s = q_staff_get(db, "E1006");		/* 課長補佐級 is not 管理職 */
	assert_false(staff_is_manager(s));
	staff_free(s);

	memset(&bare, 0, sizeof bare);
	assert_int_equal(staff_level(&bare), LEVEL_NONE);
	assert_false(staff_is_manager(&bare));
	bare.job_level = "unknown_code";
	assert_int_equal(staff_level(&bare), LEVEL_NONE);
}

static void
test_staff_has_role(void **state)
{
	struct db	*db = *state;
	struct staff	*s, bare;

	add_people(db);
	s = q_staff_get(db, "E1001");
	assert_string_equal(s->roles, "hr;admin");
	assert_int_equal(staff_has_role(s, "hr"), 1);
	assert_int_equal(staff_has_role(s, "admin"), 1);
	assert_int_equal(staff_has_role(s, "h"), 0);
	assert_int_equal(staff_has_role(s, "adm"), 0);
	assert_int_equal(staff_has_role(s, "min"), 0);
	staff_free(s);

	s = q_staff_get(db, "E1002");		/* roles NULL on insert */
	assert_string_equal(s->roles, "");
	assert_int_equal(staff_has_role(s, "hr"), 0);
	staff_free(s);

	memset(&bare, 0, sizeof bare);
	assert_int_equal(staff_has_role(&bare, "hr"), 0);
	bare.roles = "hrx;admins";
	assert_int_equal(staff_has_role(&bare, "hr"), 0);
	assert_int_equal(staff_has_role(&bare, "admin"), 0);
	bare.roles = "admin;hr";
	assert_int_equal(staff_has_role(&bare, "hr"), 1);
}

static void
test_staff_list_and_chat(void **state)
{
	struct db	*db = *state;
	struct staff	*a, *s;
	struct identity	*ids;
	char		*was;
	size_t		 n;

	add_people(db);
	a = q_staff_list(db, &n);
	assert_int_equal(n, 4);		/* the whole roster, leavers too */
	staff_array_free(a, n);

	assert_int_equal(q_identity_link(db, "slack", "U123ABC", "E1002"), 1);
	assert_int_equal(q_staff_by_chat(db, "slack", "U123ABC", &s), 1);
	assert_non_null(s);
	assert_string_equal(s->employee_id, "E1002");
	staff_free(s);
	assert_int_equal(q_staff_by_chat(db, "mattermost", "U123ABC", &s), 0);
	assert_null(s);

	/* The same link again is fine. */
	assert_int_equal(q_identity_link(db, "slack", "U123ABC", "E1002"), 1);
	/* A link is never re-pointed: not the account to someone else... */
	assert_int_equal(q_identity_link(db, "slack", "U123ABC", "E1003"), 0);
	assert_int_equal(q_staff_by_chat(db, "slack", "U123ABC", &s), 1);
	assert_string_equal(s->employee_id, "E1002");
	staff_free(s);
	/* ...nor a second account to the employee. */
	assert_int_equal(q_identity_link(db, "slack", "U456DEF", "E1002"), 0);
	assert_int_equal(q_staff_by_chat(db, "slack", "U456DEF", &s), 0);
	/* Another platform is another account. */
	assert_int_equal(q_identity_link(db, "mattermost", "m1", "E1002"), 1);

	/* Unlinked, the account may be linked to its true owner. */
	assert_int_equal(q_identity_unlink(db, "slack", "U123ABC", &was), 1);
	assert_string_equal(was, "E1002");
	free(was);
	assert_int_equal(q_identity_unlink(db, "slack", "U123ABC", &was), 0);
	assert_null(was);
	assert_int_equal(q_identity_link(db, "slack", "U123ABC", "E1003"), 1);

	/* Checks: a link counts as checked when made; due after that. */
	ids = q_identity_list(db, "slack", clock_now() - 60, 0, &n);
	assert_int_equal(n, 0);
	ids = q_identity_list(db, "slack", clock_now() + 1, 0, &n);
	assert_int_equal(n, 1);
	identity_array_free(ids, n);
	assert_int_equal(q_identity_checked(db, "slack", "U123ABC", 50), 0);
	ids = q_identity_list(db, "slack", 100, 0, &n);
	assert_int_equal(n, 1);
	assert_string_equal(ids[0].chat_user, "U123ABC");
	assert_string_equal(ids[0].employee_id, "E1003");
	identity_array_free(ids, n);
	assert_int_equal(q_identity_checked(db, "slack", "U123ABC", 200), 0);
	ids = q_identity_list(db, "slack", 100, 0, &n);
	assert_int_equal(n, 0);
	assert_null(ids);

	/* No link to someone who is not on the roster. */
	assert_int_equal(q_identity_link(db, "slack", "U999", "E9999"), -1);
	/* A leaver's account finds nobody. */
	assert_int_equal(q_identity_link(db, "slack", "U777", "E1004"), 1);
	assert_int_equal(q_staff_by_chat(db, "slack", "U777", &s), 0);
	assert_null(s);
}

static void
test_outbox(void **state)
{
	struct db		*db = *state;
	struct outbox_row	 r;
	long long		 when = 0;

	assert_int_equal(q_outbox_earliest(db, NULL, &when), 0);
	assert_int_equal(q_outbox_push(db, "k1", "E1", "dm", "[1]", 100), 1);
	assert_int_equal(q_outbox_push(db, "k1", "E1", "dm", "[other]", 10),
	    0);
	assert_int_equal(q_outbox_push(db, "k2", "E2", "dm", "[2]", 50), 1);
	assert_int_equal(q_outbox_push(db, "k3", "E3", "dm", "[3]", 200), 1);
	assert_int_equal(q_outbox_push(db, "k4", "E4", "dm", "[4]", 200), 1);
	assert_int_equal(q_outbox_count(db, OUTBOX_PENDING), 4);
	assert_int_equal(q_outbox_earliest(db, NULL, &when), 1);
	assert_int_equal(when, 50000);	/* kept in milliseconds */

	/* Nothing is due before its time. */
	assert_int_equal(q_outbox_next(db, 49, &r), 0);
	outbox_row_clear(&r);

	/* Due rows come oldest not_before first. */
	assert_int_equal(q_outbox_next(db, 1000, &r), 1);
	assert_string_equal(r.dedupe_key, "k2");
	assert_string_equal(r.recipient, "E2");
	assert_string_equal(r.method, "dm");
	assert_string_equal(r.body, "[2]");
	assert_int_equal(r.not_before_ms, 50000);
	assert_int_equal(r.attempts, 0);
	assert_int_equal(q_outbox_mark(db, r.id, OUTBOX_SENT, NULL, 60, 0), 0);
	assert_int_equal(sql_int(db, "SELECT sent_at FROM outbox WHERE "
	    "dedupe_key = 'k2'"), 60);
	outbox_row_clear(&r);
	assert_int_equal(q_outbox_count(db, OUTBOX_SENT), 1);

	/* The first push's body won: the duplicate changed nothing. */
	assert_int_equal(q_outbox_next(db, 100, &r), 1);
	assert_string_equal(r.dedupe_key, "k1");
	assert_string_equal(r.body, "[1]");
	assert_int_equal(r.not_before_ms, 100000);

	/* A retry moves not_before and counts the attempt. */
	assert_int_equal(q_outbox_mark(db, r.id, OUTBOX_PENDING, "HTTP 429",
	    100, 300), 0);
	outbox_row_clear(&r);
	assert_int_equal(q_outbox_next(db, 150, &r), 0);
	outbox_row_clear(&r);
	assert_int_equal(q_outbox_earliest(db, NULL, &when), 1);
	assert_int_equal(when, 200000);

	/* Same not_before: lower id first. */
	assert_int_equal(q_outbox_next(db, 250, &r), 1);
	assert_string_equal(r.dedupe_key, "k3");
	assert_int_equal(q_outbox_mark(db, r.id, OUTBOX_FAILED, "no such user",
	    250, 0), 0);
	outbox_row_clear(&r);
	assert_int_equal(q_outbox_count(db, OUTBOX_FAILED), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'k3' AND last_error = 'no such user' AND "
	    "sent_at IS NULL AND attempts = 1"), 1);

	assert_int_equal(q_outbox_next(db, 250, &r), 1);
	assert_string_equal(r.dedupe_key, "k4");
	assert_int_equal(q_outbox_mark(db, r.id, OUTBOX_SENT, NULL, 250, 0),
	    0);
	outbox_row_clear(&r);

	assert_int_equal(q_outbox_earliest(db, NULL, &when), 1);
	assert_int_equal(when, 300000);
	assert_int_equal(q_outbox_next(db, 300, &r), 1);
	assert_string_equal(r.dedupe_key, "k1");
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.not_before_ms, 300000);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM outbox WHERE "
	    "dedupe_key = 'k1' AND last_error = 'HTTP 429' AND "
	    "sent_at IS NULL"), 1);
	assert_int_equal(q_outbox_mark(db, r.id, OUTBOX_PENDING, "timeout",
	    300, 400), 0);
	outbox_row_clear(&r);
	assert_int_equal(q_outbox_next(db, 400, &r), 1);
	assert_int_equal(r.attempts, 2);
	assert_int_equal(q_outbox_mark(db, r.id, OUTBOX_SENT, NULL, 400, 0),
	    0);
	outbox_row_clear(&r);

	assert_int_equal(q_outbox_count(db, OUTBOX_PENDING), 0);
	assert_int_equal(q_outbox_count(db, OUTBOX_SENT), 3);
	assert_int_equal(q_outbox_count(db, OUTBOX_FAILED), 1);
	assert_int_equal(q_outbox_earliest(db, NULL, &when), 0);
	assert_int_equal(q_outbox_next(db, 100000, &r), 0);
	outbox_row_clear(&r);
	/* A pushed key stays taken after it was sent. */
	assert_int_equal(q_outbox_push(db, "k2", "E2", "dm", "[2]", 50), 0);
}

static void
test_seen(void **state)
{
	struct db	*db = *state;

	assert_int_equal(q_seen_claim(db, "Ev01", 100), 1);
	assert_int_equal(q_seen_claim(db, "Ev01", 101), 0);
	assert_int_equal(q_seen_claim(db, "Ev02", 200), 1);
	assert_int_equal(q_seen_claim(db, "ev01", 200), 1);	/* case */
	assert_int_equal(q_seen_purge(db, 150), 1);
	assert_int_equal(q_seen_claim(db, "Ev02", 201), 0);
	/* Purged ids are forgotten. */
	assert_int_equal(q_seen_claim(db, "Ev01", 300), 1);
	assert_int_equal(q_seen_purge(db, 150), 0);
	assert_int_equal(q_seen_purge(db, 1000), 3);
}

static void
test_imessage_insert(void **state)
{
	static const char *const values[] = { "thanks", "help", "help" };
	struct db	*db = *state;
	struct imessage	 m, *a;
	int64_t		 id = 0, id2 = 0;
	size_t		 n;

	add_people(db);
	memset(&m, 0, sizeof m);
	m.sender = "E1001";
	m.recipient = "E1002";
	m.body = "いつもありがとう";
	m.created_at = FY2024_START + 3600;
	assert_int_equal(q_imessage_insert(db, &m, values, 3, "Ev100", &id),
	    0);
	assert_true(id > 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM imessage_value"),
	    2);

	/* The same delivery again is refused and adds nothing. */
	assert_int_equal(q_imessage_insert(db, &m, values, 1, "Ev100", &id2),
	    -1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM imessage"), 1);

	/* No delivery id: no dedupe. */
	assert_int_equal(q_imessage_insert(db, &m, NULL, 0, NULL, &id2), 0);
	assert_int_equal(q_imessage_insert(db, &m, NULL, 0, NULL, &id2), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM imessage"), 3);

	/* Nobody outside the roster. */
	m.recipient = "E9999";
	assert_int_equal(q_imessage_insert(db, &m, NULL, 0, "Ev101", &id2),
	    -1);

	a = q_imessage_latest(db, "E1002", true, 10, &n);
	assert_int_equal(n, 3);
	/* Same created_at: the oldest id comes last. */
	assert_int_equal(a[2].id, id);
	assert_string_equal(a[2].sender, "E1001");
	assert_string_equal(a[2].sender_name, "山田 太郎");
	assert_string_equal(a[2].recipient, "E1002");
	assert_string_equal(a[2].recipient_name, "山田 花子");
	assert_string_equal(a[2].body, "いつもありがとう");
	assert_string_equal(a[2].values, "help thanks");
	assert_int_equal(a[2].created_at, FY2024_START + 3600);
	assert_null(a[0].values);
	imessage_array_free(a, n);

	/* Scoped to one person and one direction. */
	a = q_imessage_latest(db, "E1001", true, 10, &n);
	assert_int_equal(n, 0);
	imessage_array_free(a, n);
	a = q_imessage_latest(db, "E1001", false, 10, &n);
	assert_int_equal(n, 3);
	imessage_array_free(a, n);
	a = q_imessage_latest(db, "E1003", false, 10, &n);
	assert_int_equal(n, 0);
	imessage_array_free(a, n);
}

static void
test_imessage_latest_order(void **state)
{
	struct db	*db = *state;
	struct imessage	 m, *a;
	int64_t		 id;
	char		 body[32];
	size_t		 n, i;

	add_people(db);
	memset(&m, 0, sizeof m);
	m.sender = "E1003";
	m.recipient = "E1001";
	/* Inserted out of time order; 12 messages. */
	for (i = 0; i < 12; i++) {
		snprintf(body, sizeof body, "msg %zu", (i * 5) % 12);
		m.body = body;
		m.created_at = FY2024_START + (time_t)((i * 5) % 12) * 60;
		assert_int_equal(q_imessage_insert(db, &m, NULL, 0, NULL, &id),
		    0);
	}
	a = q_imessage_latest(db, "E1001", true, 10, &n);
	assert_int_equal(n, 10);
	for (i = 0; i < n; i++) {
		snprintf(body, sizeof body, "msg %zu", 11 - i);
		assert_string_equal(a[i].body, body);
		assert_int_equal(a[i].created_at,
		    FY2024_START + (time_t)(11 - i) * 60);
	}
	imessage_array_free(a, n);

	a = q_imessage_latest(db, "E1001", true, 1, &n);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].body, "msg 11");
	imessage_array_free(a, n);

	a = q_imessage_latest(db, "E1001", true, 50, &n);
	assert_int_equal(n, 12);
	imessage_array_free(a, n);

	a = q_imessage_latest(db, "E1001", true, 0, &n);
	assert_int_equal(n, 0);
	imessage_array_free(a, n);
}

static void
test_imessage_fiscal_year(void **state)
{
	static const char *const help[] = { "help" };
	static const char *const both[] = { "help", "challenge" };
	struct db	*db = *state;
	struct imessage	 m;
	time_t		 s23, e23, s24, e24;
	int64_t		 id;
	char		**ids;
	int		*counts;
	size_t		 n, i;

	add_people(db);
	clock_fiscal_bounds(2023, &s23, &e23);
	clock_fiscal_bounds(2024, &s24, &e24);
	memset(&m, 0, sizeof m);
	m.sender = "E1001";
	m.recipient = "E1002";
	m.body = "年度末";
	m.created_at = clock_from_local(2024, 3, 31, 23, 59);
	assert_int_equal(clock_fiscal_year(m.created_at), 2023);
	assert_int_equal(q_imessage_insert(db, &m, help, 1, NULL, &id), 0);
	m.body = "新年度";
	m.created_at = clock_from_local(2024, 4, 1, 0, 0);
	assert_int_equal(clock_fiscal_year(m.created_at), 2024);
	assert_int_equal(q_imessage_insert(db, &m, both, 2, NULL, &id), 0);
	m.created_at = e24;		/* FY2025 */
	assert_int_equal(q_imessage_insert(db, &m, help, 1, NULL, &id), 0);

	assert_int_equal(q_imessage_count(db, "E1002", true, s23, e23), 1);
	assert_int_equal(q_imessage_count(db, "E1002", true, s24, e24), 1);
	assert_int_equal(q_imessage_count(db, "E1001", false, s23, e23), 1);
	assert_int_equal(q_imessage_count(db, "E1001", false, s24, e24), 1);
	assert_int_equal(q_imessage_count(db, "E1001", true, s24, e24), 0);
	assert_int_equal(q_imessage_count(db, "E1002", true, s23, e24 + 1),
	    3);

	assert_int_equal(q_imessage_count_values(db, "E1002", true, s24, e24,
	    &ids, &counts, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ids[0], "challenge");
	assert_int_equal(counts[0], 1);
	assert_string_equal(ids[1], "help");
	assert_int_equal(counts[1], 1);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(counts);

	assert_int_equal(q_imessage_count_values(db, "E1002", true, s23, e24 +
	    1, &ids, &counts, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ids[1], "help");
	assert_int_equal(counts[1], 3);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(counts);

	assert_int_equal(q_imessage_count_values(db, "E1003", true, s23, e24,
	    &ids, &counts, &n), 0);
	assert_int_equal(n, 0);
	free(ids);
	free(counts);
}

static void
test_pref(void **state)
{
	struct db	*db = *state;
	char		*v;

	add_people(db);
	assert_null(q_pref_get(db, "E1001", "lang"));
	assert_int_equal(q_pref_set(db, "E1001", "lang", "en"), 0);
	v = q_pref_get(db, "E1001", "lang");
	assert_string_equal(v, "en");
	free(v);
	assert_int_equal(q_pref_set(db, "E1001", "lang", "ja"), 0);
	v = q_pref_get(db, "E1001", "lang");
	assert_string_equal(v, "ja");
	free(v);
	assert_null(q_pref_get(db, "E1002", "lang"));
	assert_null(q_pref_get(db, "E1001", "other"));
	assert_int_equal(q_pref_set(db, "E9999", "lang", "en"), -1);
}

static void
test_audit(void **state)
{
	struct db	*db = *state;

	assert_int_equal(q_audit_count(db, "roster.import"), 0);
	assert_int_equal(q_audit(db, "E1001", "roster.import", "4 rows",
	    FY2024_START), 0);
	assert_int_equal(q_audit(db, NULL, "roster.import", NULL,
	    FY2024_START + 1), 0);
	assert_int_equal(q_audit(db, "E1002", "denied", "imessage",
	    FY2024_START + 2), 0);
	assert_int_equal(q_audit_count(db, "roster.import"), 2);
	assert_int_equal(q_audit_count(db, "denied"), 1);
	assert_int_equal(q_audit_count(db, "roster"), 0);
	assert_int_equal(q_audit_count(db, "%"), 0);
}

/* Hostile text is stored and read back byte for byte. */
static void
test_body_roundtrip(void **state)
{
	static const char *const bodies[] = {
		"'); DROP TABLE imessage; --",
		"<!channel> <@U123ABC> <https://example.com|click>",
		"line1\nline2\ttab \"quoted\" 100% a_b \\ \xe2\x80\xae rtl",
		"絵文字😀と\xe3\x80\x80全角スペース",
	};
	struct db	*db = *state;
	struct imessage	 m, *a;
	int64_t		 id;
	size_t		 n, i;

	add_people(db);
	memset(&m, 0, sizeof m);
	m.sender = "E1001";
	m.recipient = "E1003";
	for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		m.body = (char *)bodies[i];
		m.created_at = FY2024_START + (time_t)i;
		assert_int_equal(q_imessage_insert(db, &m, NULL, 0, bodies[i],
		    &id), 0);
	}
	a = q_imessage_latest(db, "E1003", true, 10, &n);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++) {
		assert_int_equal(strlen(a[i].body), strlen(bodies[3 - i]));
		assert_memory_equal(a[i].body, bodies[3 - i],
		    strlen(bodies[3 - i]));
	}
	imessage_array_free(a, n);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE name = 'imessage'"), 1);
	assert_int_equal(q_audit(db, "'; DROP TABLE audit; --", "x",
	    bodies[0], 1), 0);
	assert_int_equal(q_audit_count(db, "x"), 1);
}

/* An injected prepare failure is an error return, never a crash. */
static void
test_fault_reads(void **state)
{
	struct db	*db = *state;
	struct staff	*s;
	size_t		 n = 99;

	add_people(db);

	db_set_fault(1);
	assert_int_equal(q_staff_count(db), -1);
	assert_int_equal(q_staff_count(db), 4);	/* one fault only */

	db_set_fault(1);
	assert_null(q_staff_get(db, "E1001"));
	db_set_fault(1);
	assert_int_equal(q_staff_exists(db, "E1001"), -1);
	db_set_fault(1);
	s = q_staff_find(db, "山田", &n);
	assert_null(s);
	assert_int_equal(n, 0);
	db_set_fault(1);
	n = 99;
	assert_null(q_staff_list(db, &n));
	assert_int_equal(n, 0);
	db_set_fault(1);
	assert_int_equal(q_staff_by_chat(db, "slack", "U1", &s), -1);
	assert_null(s);

	/* Everything works again afterwards. */
	s = q_staff_find(db, "山田", &n);
	assert_int_equal(n, 2);
	staff_array_free(s, n);
}

static void
test_fault_writes(void **state)
{
	static const char *const help[] = { "help" };
	struct db		*db = *state;
	struct outbox_row	 r;
	struct imessage		 m, *a;
	struct staff		 st;
	long long		 when;
	int64_t			 id;
	char			**ids;
	int			*counts;
	size_t			 n;

	add_people(db);
	memset(&st, 0, sizeof st);
	st.employee_id = "E1010";
	st.name = "新人";
	st.active = true;
	db_set_fault(1);
	assert_int_equal(q_staff_upsert(db, &st), -1);
	assert_int_equal(q_staff_exists(db, "E1010"), 0);
	db_set_fault(1);
	assert_int_equal(q_identity_link(db, "slack", "U1", "E1001"), -1);

	db_set_fault(1);
	assert_int_equal(q_outbox_push(db, "k", "E1", "dm", "[]", 1), -1);
	assert_int_equal(q_outbox_count(db, OUTBOX_PENDING), 0);
	assert_int_equal(q_outbox_push(db, "k", "E1", "dm", "[]", 1), 1);
	db_set_fault(1);
	assert_int_equal(q_outbox_next(db, 10, &r), -1);
	outbox_row_clear(&r);
	db_set_fault(1);
	assert_int_equal(q_outbox_earliest(db, NULL, &when), -1);
	db_set_fault(1);
	assert_int_equal(q_outbox_mark(db, 1, OUTBOX_SENT, NULL, 2, 0), -1);
	db_set_fault(1);
	assert_int_equal(q_outbox_count(db, OUTBOX_PENDING), -1);
	assert_int_equal(q_outbox_count(db, OUTBOX_PENDING), 1);

	db_set_fault(1);
	assert_int_equal(q_seen_claim(db, "Ev1", 1), -1);
	assert_int_equal(q_seen_claim(db, "Ev1", 1), 1);
	db_set_fault(1);
	assert_int_equal(q_seen_purge(db, 10), -1);

	db_set_fault(1);
	assert_null(q_pref_get(db, "E1001", "lang"));
	db_set_fault(1);
	assert_int_equal(q_pref_set(db, "E1001", "lang", "en"), -1);
	db_set_fault(1);
	assert_int_equal(q_audit(db, "E1001", "x", NULL, 1), -1);
	db_set_fault(1);
	assert_int_equal(q_audit_count(db, "x"), -1);

	memset(&m, 0, sizeof m);
	m.sender = "E1001";
	m.recipient = "E1002";
	m.body = "ありがとう";
	m.created_at = FY2024_START;
	db_set_fault(1);
	assert_int_equal(q_imessage_insert(db, &m, help, 1, "Ev9", &id), -1);
	/* Fail on the value row, inside a transaction the caller undoes. */
	assert_int_equal(db_begin(db), 0);
	db_set_fault(2);
	assert_int_equal(q_imessage_insert(db, &m, help, 1, "Ev9", &id), -1);
	db_rollback(db);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM imessage"), 0);
	assert_int_equal(q_imessage_insert(db, &m, help, 1, "Ev9", &id), 0);

	db_set_fault(1);
	a = q_imessage_latest(db, "E1002", true, 10, &n);
	assert_null(a);
	assert_int_equal(n, 0);
	db_set_fault(1);
	assert_int_equal(q_imessage_count(db, "E1002", true, 0, FY2025_START),
	    -1);
	db_set_fault(1);
	assert_int_equal(q_imessage_count_values(db, "E1002", true, 0,
	    FY2025_START, &ids, &counts, &n), -1);
	assert_null(ids);
	assert_null(counts);
	assert_int_equal(n, 0);

	/* The Nth call, not the first: two succeed, the third fails. */
	db_set_fault(3);
	assert_int_equal(q_staff_count(db), 4);
	assert_int_equal(q_staff_count(db), 4);
	assert_int_equal(q_staff_count(db), -1);
	assert_int_equal(q_staff_count(db), 4);
}

static void
unlink_db(const char *path)
{
	char	*p;

	unlink(path);
	xasprintf(&p, "%s-wal", path);
	unlink(p);
	free(p);
	xasprintf(&p, "%s-shm", path);
	unlink(p);
	free(p);
	xasprintf(&p, "%s-journal", path);
	unlink(p);
	free(p);
}

/* A new database in a file of its own: path (a mkstemp template) is set. */
static struct db *
file_db(char *path)
{
	struct db	*db;
	char		*cause = NULL;
	int		 fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	db = db_open(path, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	return db;
}

/* A file keeps its data and is not migrated twice. */
static void
test_file_reopen(void **state)
{
	struct db	*db;
	char		 path[] = "/tmp/yell-test-db-XXXXXX", *cause = NULL;

	(void)state;
	db = file_db(path);
	add_people(db);
	assert_int_equal(sql_int(db, "PRAGMA foreign_keys"), 1);
	db_close(db);

	db = db_open(path, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	assert_int_equal(db_version(db), migrate_latest());
	assert_int_equal(q_staff_count(db), 4);
	db_close(db);
	unlink_db(path);
}

/*
 * A statement that changes many rows inside a savepoint keeps a large
 * statement journal (megabytes here, as when a reminder run skips a slice
 * of stale reminders in a ward-sized database): it must succeed on a file
 * database, whatever SQLite does with such a journal.
 */
static void
test_big_statement_journal(void **state)
{
	struct db	*db;
	char		 path[] = "/tmp/yell-test-db-XXXXXX";

	(void)state;
	db = file_db(path);
	assert_int_equal(db_exec(db, "CREATE TABLE big (id INTEGER PRIMARY "
	    "KEY, a TEXT UNIQUE, b TEXT, c INTEGER); CREATE INDEX big_b ON "
	    "big(b); CREATE INDEX big_c ON big(c);"), 0);
	assert_int_equal(db_exec(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION "
	    "ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO big SELECT "
	    "i, printf('a%06d', i), printf('%0200d', i), i % 97 FROM n"), 0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_savepoint(db), 0);
	assert_int_equal(db_exec(db, "UPDATE big SET b = b || 'x', c = c + 1 "
	    "WHERE id IN (SELECT id FROM big WHERE c < 40 LIMIT 5000)"), 0);
	assert_int_equal(db_release(db), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM big WHERE b LIKE "
	    "'%x'"), 5000);
	db_close(db);
	unlink_db(path);
}

/* An older yell must not write to a newer schema. */
static void
test_newer_schema_refused(void **state)
{
	struct db	*db;
	sqlite3		*h;
	char		 path[] = "/tmp/yell-test-db-XXXXXX", *cause = NULL;
	char		*sql;
	int		 fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	xasprintf(&sql, "CREATE TABLE future (x); PRAGMA user_version = %d;",
	    migrate_latest() + 1);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	assert_int_equal(sqlite3_close(h), SQLITE_OK);

	db = db_open(path, &cause);
	assert_null(db);
	assert_non_null(cause);
	if (strstr(cause, "newer") == NULL)
		fail_msg("cause: %s", cause);
	free(cause);

	/* And the file was left as it was. */
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	{
		sqlite3_stmt	*stmt;

		assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA user_version",
		    -1, &stmt, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(stmt, 0),
		    migrate_latest() + 1);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(h);
	unlink_db(path);
}

static void
test_open_bad_path(void **state)
{
	struct db	*db;
	char		*cause = NULL;

	(void)state;
	db = db_open("/tmp/yell-test-no-such-dir/x/y.db", &cause);
	assert_null(db);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "/tmp/yell-test-no-such-dir/x/y.db"));
	free(cause);
	db_close(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_ms_migration, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_stmt_cache, setup,
		    teardown),
		cmocka_unit_test(test_big_statement_journal),
		cmocka_unit_test_setup_teardown(test_transaction_control,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_upsert_get, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_staff_manager_fk, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_staff_find, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_staff_find_metachars,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_manager_role, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_staff_has_role, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_staff_list_and_chat,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_mark_batch, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_seen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imessage_insert, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_imessage_latest_order,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_imessage_fiscal_year,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pref, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_body_roundtrip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fault_reads, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fault_writes, setup,
		    teardown),
		cmocka_unit_test(test_file_reopen),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_open_bad_path),
	};

	log_init(LOG_LVL_ERROR, "test_state");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
