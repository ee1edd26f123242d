/*
 * test_person.c: one person's data exported and erased (q_person.c).  The
 * erasure is checked against the schema itself: after it, no column that
 * refers to the staff table names the person, whatever tables the
 * migrations have added, and the figures still count what they counted.
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
	tfix_staff(f, "E3", "鈴木 一郎", "スズキ イチロウ", "staff", "E2");
	assert_true(tfix_catalog(f) > 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	tfix_free(*state);
	return 0;
}

/* Rows in any column that refers to staff(employee_id) naming id. */
static int
references(struct tfix *f, const char *id)
{
	sqlite3		*h = db_handle(f->app.db);
	sqlite3_stmt	*tables, *fks, *count;
	char		*sql;
	int		 n = 0;

	assert_int_equal(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master "
	    "WHERE type = 'table'", -1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		sql = sqlite3_mprintf("SELECT \"from\" FROM "
		    "pragma_foreign_key_list(%Q) WHERE \"table\" = 'staff'",
		    (const char *)sqlite3_column_text(tables, 0));
		assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &fks, NULL),
		    SQLITE_OK);
		sqlite3_free(sql);
		while (sqlite3_step(fks) == SQLITE_ROW) {
			sql = sqlite3_mprintf("SELECT count(*) FROM %w WHERE "
			    "%w = %Q", (const char *)sqlite3_column_text(tables,
			    0), (const char *)sqlite3_column_text(fks, 0), id);
			assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &count,
			    NULL), SQLITE_OK);
			sqlite3_free(sql);
			assert_int_equal(sqlite3_step(count), SQLITE_ROW);
			n += sqlite3_column_int(count, 0);
			sqlite3_finalize(count);
		}
		sqlite3_finalize(fks);
	}
	sqlite3_finalize(tables);
	return n;
}

static void
test_export_erase(void **state)
{
	struct tfix	*f = *state;
	struct db	*db = f->app.db;
	char		*json;

	assert_int_equal(tfix_say(f, "E1", "imessage @E2 窓口の応援ありがとう",
	    "d1"), DISPATCH_DONE);
	assert_int_equal(db_exec(db, "INSERT INTO enrollment (employee_id, "
	    "course_id, status, created_at, updated_at) SELECT 'E2', id, "
	    "'enrolled', 0, 0 FROM course LIMIT 1"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO preference VALUES "
	    "('E2', 'language', 'en')"), 0);
	assert_int_equal(q_identity_link(db, "slack", "U2", "E2"), 1);
	assert_int_equal(db_exec(db, "INSERT INTO announcement (id, author, "
	    "title, body, send_at, created_at) VALUES (1, 'E2', 't', 'b', 0, "
	    "0); INSERT INTO announcement_receipt (announcement_id, "
	    "employee_id, department) VALUES (1, 'E2', '人事課'); "
	    "INSERT INTO nudge_log (employee_id, kind, subject, week, "
	    "created_at) VALUES ('E2', 'k', 's', '2024-04-01', 0)"), 0);
	assert_true(references(f, "E2") > 0);

	assert_int_equal(q_person_export(db, "E2", &json), 1);
	tfix_contains(json, "窓口の応援ありがとう");
	tfix_contains(json, "\"chat_user_id\": \"U2\"");
	tfix_contains(json, "\"language\"");
	assert_null(strstr(json, "スズキ"));	/* not E3's record */
	free(json);

	assert_int_equal(db_begin(db), 0);
	assert_int_equal(q_person_erase(db, "E2", "erased-1"), 1);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(references(f, "E2"), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM imessage WHERE "
	    "recipient = 'erased-1' AND body = ''"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM enrollment WHERE "
	    "employee_id = 'erased-1'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM "
	    "announcement_receipt WHERE employee_id = 'erased-1' AND "
	    "department = '人事課'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM announcement "
	    "WHERE author = 'E2'"), 0);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM nudge_log WHERE "
	    "employee_id = 'erased-1'"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM staff WHERE "
	    "employee_id = 'erased-1' AND name = '(erased)' AND NOT active "
	    "AND email IS NULL"), 1);
	/* E3 reported to E2: no manager now, and still on the roster. */
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM staff WHERE "
	    "employee_id = 'E3' AND manager_id IS NULL"), 1);
	assert_int_equal(tfix_count(f, "SELECT count(*) FROM pragma_foreign_key_check"), 0);

	assert_int_equal(q_person_export(db, "E2", &json), 0);
	assert_null(json);
	assert_int_equal(q_person_erase(db, "E2", "erased-2"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_erase, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
