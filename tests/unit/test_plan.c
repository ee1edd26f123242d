/*
 * test_plan.c: every query on the ack and delivery paths, and those of the
 * scheduled jobs' slices, runs on an index.  Each query is run for real on
 * a migrated :memory: database, so that what is checked is the SQL the
 * code runs; then every statement the connection has prepared is compiled
 * with EXPLAIN, and a full scan (Rewind, Last or Count on a cursor) of a
 * table that grows with the staff or the messages fails the test, printing
 * the query plan; so does a search on few-valued columns only (the
 * platform), which reads as much.  The catalogue tables (course, class,
 * session) are small and may be scanned.
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

#define PLAN_CURSORS	64

/*
 * Columns with a handful of values: a search on them alone reads a table
 * whole in practice (every chat account is on the one platform).
 */
static const char *const plan_few[] = { "platform", "active", NULL };

static const char *const plan_growing[] = { "staff", "chat_identity",
    "imessage", "imessage_value", "outbox", "seen_delivery", "preference",
    "audit", "enrollment", "reminder", "endorsement", "nudge_log", NULL };

static int
setup(void **state)
{
	*state = tfix_create();
	return 0;
}

static int
teardown(void **state)
{
	tfix_free(*state);
	return 0;
}

/* The table whose b-tree (or whose index's) starts at page root. */
static char *
plan_table(sqlite3 *h, int root)
{
	sqlite3_stmt	*stmt;
	char		*t = NULL;

	assert_int_equal(sqlite3_prepare_v2(h, "SELECT tbl_name FROM "
	    "sqlite_schema WHERE rootpage = ?1", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int(stmt, 1, root);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		t = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return t;
}

static bool
plan_in(const char *const *list, const char *s, size_t len)
{
	size_t	i;

	for (i = 0; s != NULL && list[i] != NULL; i++) {
		if (strlen(list[i]) == len && strncmp(list[i], s, len) == 0)
			return true;
	}
	return false;
}

static bool
plan_grows(const char *table)
{
	return table != NULL && plan_in(plan_growing, table, strlen(table));
}

/*
 * Whether an EXPLAIN QUERY PLAN line searches an index of a growing table
 * on few-valued columns only, as "SEARCH c USING INDEX x (platform=?)".
 * Returns the table (caller frees) or NULL.
 */
static char *
plan_weak_search(sqlite3 *h, const char *detail)
{
	sqlite3_stmt	*stmt;
	const char	*p, *q, *end;
	char		*index, *t = NULL;

	if (strncmp(detail, "SEARCH ", 7) != 0 ||
	    (p = strstr(detail, "INDEX ")) == NULL ||
	    (q = strstr(p, " (")) == NULL || (end = strchr(q, ')')) == NULL)
		return NULL;
	for (q += 2; q < end; q += strspn(q, " AND")) {
		if (!plan_in(plan_few, q, strcspn(q, "=<>")))
			return NULL;
		q += strcspn(q, " )");
	}
	p += 6;
	index = xstrdup(p);
	index[strcspn(index, " ")] = '\0';
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT tbl_name FROM "
	    "sqlite_schema WHERE name = ?1", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, index, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    plan_grows((const char *)sqlite3_column_text(stmt, 0)))
		t = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	free(index);
	return t;
}

/*
 * Runs EXPLAIN QUERY PLAN for sql, printing it if print.  Returns a table
 * searched on few-valued columns only (caller frees), or NULL.
 */
static char *
plan_eqp(sqlite3 *h, const char *sql, bool print)
{
	sqlite3_stmt	*stmt;
	const char	*detail;
	char		*eqp, *t, *weak = NULL;

	xasprintf(&eqp, "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(h, eqp, -1, &stmt, NULL),
	    SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		detail = (const char *)sqlite3_column_text(stmt, 3);
		if (print)
			fprintf(stderr, "    %s\n", detail);
		if (weak == NULL && (t = plan_weak_search(h, detail)) != NULL)
			weak = t;
	}
	sqlite3_finalize(stmt);
	free(eqp);
	return weak;
}

/*
 * Returns the table sql scans whole, or NULL (caller frees).  A cursor is
 * scanned whole when the program rewinds it (or counts it) and never
 * seeks in it or compares its index key to a bound: a range with only an
 * upper bound also starts with a Rewind, then stops at an Idx* compare.
 */
static char *
plan_scan(sqlite3 *h, const char *sql)
{
	sqlite3_stmt	*stmt;
	const char	*op;
	char		*explain, *t, *scanned = NULL;
	int		 root[PLAN_CURSORS] = { 0 }, p1, i;
	bool		 rewound[PLAN_CURSORS] = { false };
	bool		 bounded[PLAN_CURSORS] = { false };

	xasprintf(&explain, "EXPLAIN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(h, explain, -1, &stmt, NULL),
	    SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		op = (const char *)sqlite3_column_text(stmt, 1);
		p1 = sqlite3_column_int(stmt, 2);
		if (p1 < 0 || p1 >= PLAN_CURSORS)
			continue;
		if (strcmp(op, "OpenRead") == 0 || strcmp(op, "OpenWrite") == 0)
			root[p1] = sqlite3_column_int(stmt, 3);
		else if (strcmp(op, "Rewind") == 0 || strcmp(op, "Last") == 0 ||
		    strcmp(op, "Count") == 0)
			rewound[p1] = true;
		else if (strncmp(op, "Seek", 4) == 0 ||
		    strncmp(op, "Idx", 3) == 0 || strcmp(op, "NotFound") == 0 ||
		    strcmp(op, "Found") == 0 || strcmp(op, "NoConflict") == 0)
			bounded[p1] = true;
	}
	sqlite3_finalize(stmt);
	free(explain);
	for (i = 0; i < PLAN_CURSORS && scanned == NULL; i++) {
		if (root[i] == 0 || !rewound[i] || bounded[i])
			continue;
		t = plan_table(h, root[i]);
		if (plan_grows(t))
			scanned = t;
		else
			free(t);
	}
	return scanned;
}

/* Checks every statement prepared on the connection.  Returns how many. */
static int
plan_check_all(struct db *db)
{
	sqlite3		*h = db_handle(db);
	sqlite3_stmt	*stmt = NULL;
	char		*t;
	int		 n = 0, bad = 0;

	while ((stmt = sqlite3_next_stmt(h, stmt)) != NULL) {
		n++;
		if ((t = plan_scan(h, sqlite3_sql(stmt))) == NULL &&
		    (t = plan_eqp(h, sqlite3_sql(stmt), false)) == NULL)
			continue;
		fprintf(stderr, "reads all of %s: %s\n", t, sqlite3_sql(stmt));
		free(plan_eqp(h, sqlite3_sql(stmt), true));
		free(t);
		bad++;
	}
	assert_int_equal(bad, 0);
	return n;
}

/* The checker itself finds a scan of a growing table, and no other. */
static void
test_plan_checker(void **state)
{
	struct tfix	*f = *state;
	sqlite3		*h = db_handle(f->app.db);
	char		*t;

	t = plan_scan(h, "SELECT employee_id FROM chat_identity WHERE "
	    "chat_user_id = ?1");
	assert_string_equal(t, "chat_identity");
	free(t);
	t = plan_scan(h, "SELECT count(*) FROM outbox");
	assert_string_equal(t, "outbox");
	free(t);
	assert_null(plan_scan(h, "SELECT * FROM course"));
	assert_null(plan_scan(h, "SELECT * FROM staff WHERE "
	    "employee_id = ?1"));
	/* A range with an upper bound only is a search, not a scan. */
	assert_null(plan_scan(h, "SELECT id FROM seen_delivery WHERE "
	    "seen_at < ?1"));
	/* The primary key's prefix: every account is on the one platform. */
	t = plan_eqp(h, "SELECT 1 FROM chat_identity WHERE platform = ?1",
	    false);
	assert_string_equal(t, "chat_identity");
	free(t);
	assert_null(plan_eqp(h, "SELECT 1 FROM chat_identity WHERE "
	    "platform = ?1 AND chat_user_id = ?2", false));
}

static void
plan_ack_path(struct tfix *f)
{
	struct db		*db = f->app.db;
	struct staff		*who;
	struct imessage		 m;
	struct outbox_msg	 o;
	static const char *const values[] = { "v1", "v2" };
	int64_t			 id;
	char			*s;

	assert_int_equal(q_staff_by_chat(db, "test", "E1", &who), 1);
	staff_free(who);
	assert_int_equal(q_identity_known(db, "test", "E1"), 1);
	s = q_identity_chat_user(db, "test", "E2");
	assert_string_equal(s, "E2");
	free(s);
	free(q_identity_by_email(db, "e1@example.jp"));
	assert_int_equal(q_seen_claim(db, "d-1", 100), 1);
	assert_int_equal(q_seen_purge(db, 50), 0);
	free(q_pref_get(db, "E1", "language"));
	assert_int_equal(q_pref_set(db, "E1", "digest", "off"), 0);
	memset(&m, 0, sizeof m);
	m.sender = (char *)"E1";
	m.recipient = (char *)"E2";
	m.body = (char *)"ありがとう";
	m.created_at = 100;
	assert_int_equal(q_imessage_insert(db, &m, values, 2, "d-1", &id), 0);
	assert_int_equal(q_audit(db, "E1", "imessage", "E2", 100), 0);
	assert_int_equal(q_outbox_push(db, "k1", "E2", OUTBOX_DIRECT, "{}",
	    100), 1);
	memset(&o, 0, sizeof o);
	o.dedupe_key = "k2";
	o.platform = "test";
	o.recipient = "E1";
	o.method = OUTBOX_PRIVATE;
	o.body = "{}";
	o.conversation = "C1";
	o.ref = "imessage:1";
	o.not_before = 100;
	assert_int_equal(q_outbox_add(db, &o), 1);
	assert_int_equal(q_imessage_delivered(db, id, 100), 0);
	assert_int_equal(q_outbox_exists(db, "k1"), 1);
}

static void
plan_delivery_path(struct tfix *f)
{
	struct db		*db = f->app.db;
	struct outbox_row	 row, *rows;
	struct staff		*to;
	long long		 when;
	size_t			 n;

	assert_int_equal(q_outbox_due(db, "test", clock_now_ms(), 64, &rows,
	    &n), 0);
	assert_int_equal(n, 2);
	rows[0].status = OUTBOX_SENT;
	rows[1].status = OUTBOX_PENDING;
	rows[1].retry_ms = 300000;
	assert_int_equal(q_outbox_mark_batch(db, rows, n, 100), 0);
	outbox_rows_free(rows, n);
	assert_int_equal(db_exec(db, "UPDATE outbox SET status = 'pending'"),
	    0);
	assert_int_equal(q_outbox_next(db, clock_now(), &row), 1);
	to = q_staff_get(db, row.recipient);
	assert_non_null(to);
	staff_free(to);
	free(q_identity_chat_user(db, "test", row.recipient));
	assert_int_equal(q_outbox_mark(db, row.id, OUTBOX_SENT, NULL, 100, 0),
	    0);
	assert_int_equal(q_outbox_defer(db, row.id, 200000), 0);
	assert_int_equal(q_outbox_mark(db, row.id, OUTBOX_PENDING, "x", 100,
	    300), 0);
	assert_int_equal(q_outbox_earliest(db, "test", &when), 1);
	outbox_row_clear(&row);
}

static void
plan_jobs(struct tfix *f)
{
	struct db		*db = f->app.db;
	struct enrollment	 e, *ee;
	struct reminder		*r;
	struct staff		*m;
	size_t			 n;
	int64_t			 id;
	time_t			 when;

	assert_int_equal(db_exec(db, "INSERT INTO course (id, fiscal_year, "
	    "code, category, title, format, search_key) VALUES (1, 2024, "
	    "'T-1', 'x', 't', 'class', 't'); INSERT INTO class (id, "
	    "course_id, class_key, starts_at, ends_at) VALUES (1, 1, '1', "
	    "2000000000, 2000003600)"), 0);
	assert_int_equal(q_enroll_insert(db, "E1", 1, 1, "enrolled", NULL, 100,
	    &id), 0);
	assert_int_equal(q_enroll_active(db, "E1", 1, &e), 1);
	enrollment_clear(&e);
	ee = q_enroll_get(db, id);
	enrollment_array_free(ee, 1);
	ee = q_enroll_mine(db, "E1", 2024, &n);
	enrollment_array_free(ee, n);
	assert_int_equal(q_reminder_add(db, id, "7d@1", 1000, 2000000000), 0);
	assert_int_equal(q_reminder_next(db, &when), 1);
	assert_int_equal(q_reminder_skip_stale(db, 1500, 100), 0);
	r = q_reminder_due(db, 1500, 32, &n);
	assert_int_equal(n, 1);
	assert_int_equal(q_reminder_mark(db, r[0].id, "sent"), 0);
	reminder_array_free(r, n);
	r = q_reminder_upcoming(db, "E1", 1500, 5, &n);
	reminder_array_free(r, n);
	assert_int_equal(q_reminder_drop(db, id), 0);
	m = q_team_digest_due(db, "2024-07", "", 16, &n);
	staff_array_free(m, n);
}

/* A nudge run's slice: the facts each person's nudge is drawn from. */
static void
plan_nudges(struct tfix *f)
{
	struct db		*db = f->app.db;
	struct nudge_person	*p;
	char			**ids;
	size_t			 n;
	int64_t			 id;
	time_t			 at;

	ids = q_nudge_people(db, "", 16, &n);
	nudge_ids_free(ids, n);
	assert_int_equal(q_nudge_week_count(db, "E1", "2024-W27"), 0);
	assert_int_equal(q_nudge_add(db, "E1", "imessage", "2024-W27",
	    "2024-W27", 100, &id), 1);
	assert_int_equal(q_nudge_sent(db, id, 200), 0);
	assert_true(q_nudge_last(db, "E1", "imessage", &at) >= 0);
	assert_int_equal(q_nudge_last_imessage(db, "E1", false, &at), 0);
	assert_int_equal(q_nudge_last_imessage(db, "E1", true, &at), 0);
	p = q_nudge_classmates(db, "E1", 0, 2100000000, 1, &n);
	nudge_people_free(p, n);
	nudge_people_free(q_nudge_unit_mate(db, "E1"), 1);
	p = q_nudge_unrecognised(db, "E2", 0, &n);
	nudge_people_free(p, n);
	p = q_nudge_attended(db, "E1", 0, 2100000000, &n);
	nudge_people_free(p, n);
	p = q_nudge_unanswered(db, "E2", 0, 2100000000, &n);
	nudge_people_free(p, n);
}

/* The I-message path: identity both ways, claim, insert, outbox. */
static void
test_plan_hot_queries(void **state)
{
	struct tfix	*f = *state;

	tfix_staff(f, "E2", "二 花子", "に はなこ", "section_chief", NULL);
	tfix_staff(f, "E1", "一 太郎", "いち たろう", "staff", "E2");
	plan_ack_path(f);
	plan_delivery_path(f);
	plan_jobs(f);
	plan_nudges(f);
	assert_true(plan_check_all(f->app.db) >= 30);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_checker, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_plan_hot_queries, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
