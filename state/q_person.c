/*
 * q_person.c: everything stored about one person, to hand it over (export)
 * or to remove it (erase), as the privacy rules of DESIGN.md ask.  The
 * tables that name a person are listed here once, as data, so that the
 * export and the erasure cannot disagree about what "everything" is.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib.h"
#include "state.h"

/*
 * What names a person: a table, the rows of theirs (?1 is the employee
 * id), and how an erasure treats them.  Rows that feed aggregate counts
 * (I-messages, enrolments, endorsements, selections, announcement
 * receipts, nudges) are kept, moved to a stand-in with no name, their
 * words removed; the rest goes.
 */
static const struct {
	const char	*name;		/* in the export */
	const char	*select;
} person_parts[] = {
	{ "staff", "SELECT * FROM staff WHERE employee_id = ?1" },
	{ "chat_identity",
	    "SELECT * FROM chat_identity WHERE employee_id = ?1" },
	{ "preference", "SELECT * FROM preference WHERE employee_id = ?1" },
	{ "imessage_sent", "SELECT i.*, (SELECT group_concat(value, ' ') "
	    "FROM imessage_value v WHERE v.imessage_id = i.id) AS "
	    "\"values\" FROM imessage i WHERE sender = ?1 ORDER BY id" },
	{ "imessage_received", "SELECT i.*, (SELECT group_concat(value, ' ') "
	    "FROM imessage_value v WHERE v.imessage_id = i.id) AS "
	    "\"values\" FROM imessage i WHERE recipient = ?1 ORDER BY id" },
	{ "imessage_report", "SELECT * FROM imessage_report WHERE "
	    "reporter = ?1 ORDER BY imessage_id" },
	{ "enrollment", "SELECT * FROM enrollment WHERE employee_id = ?1 "
	    "ORDER BY id" },
	{ "reminder", "SELECT r.* FROM reminder r JOIN enrollment e ON "
	    "e.id = r.enrollment_id WHERE e.employee_id = ?1 ORDER BY r.id" },
	{ "endorsement", "SELECT * FROM endorsement WHERE employee_id = ?1 "
	    "OR manager_id = ?1 ORDER BY id" },
	{ "selection", "SELECT * FROM selection WHERE employee_id = ?1" },
	{ "outbox", "SELECT id, dedupe_key, method, body, status, attempts, "
	    "created_at, sent_at FROM outbox WHERE recipient = ?1 ORDER BY id" },
	{ "announcement_receipt", "SELECT * FROM announcement_receipt WHERE "
	    "employee_id = ?1 ORDER BY id" },
	{ "announcement_written", "SELECT id, title, status, send_at, "
	    "created_at FROM announcement WHERE author = ?1 ORDER BY id" },
	{ "nudge_log", "SELECT * FROM nudge_log WHERE employee_id = ?1 "
	    "ORDER BY id" },
	{ "nudge_optout", "SELECT * FROM nudge_optout WHERE employee_id = ?1 "
	    "ORDER BY id" },
	{ "prompt_engagement", "SELECT * FROM prompt_engagement WHERE "
	    "chat_user IN (SELECT chat_user_id FROM chat_identity WHERE "
	    "employee_id = ?1) ORDER BY id" },
	{ "declaration_written", "SELECT * FROM declaration WHERE author = ?1 "
	    "ORDER BY id" },
	{ "audit", "SELECT * FROM audit WHERE actor = ?1 ORDER BY id" },
};

/*
 * The erasure, in order; ?1 the person, ?2 the stand-in.  The stand-in
 * keeps what the figures are counted by (department, section, level) and
 * nothing that names anyone.
 */
static const char *const person_erase_sql[] = {
	"INSERT INTO staff (employee_id, name, department, section, "
	    "job_level, job_family, roles, active, name_key) SELECT ?2, "
	    "'(erased)', department, section, job_level, job_family, '', 0, "
	    "'' FROM staff WHERE employee_id = ?1",
	"UPDATE imessage SET body = '', sender = ?2 WHERE sender = ?1",
	"UPDATE imessage SET body = '', thanks = NULL, recipient = ?2 WHERE "
	    "recipient = ?1",
	"UPDATE imessage SET hidden_by = ?2 WHERE hidden_by = ?1",
	"UPDATE imessage_report SET reporter = ?2, reason = '' WHERE "
	    "reporter = ?1",
	"DELETE FROM reminder WHERE status = 'pending' AND enrollment_id IN "
	    "(SELECT id FROM enrollment WHERE employee_id = ?1)",
	"UPDATE enrollment SET employee_id = ?2 WHERE employee_id = ?1",
	"UPDATE enrollment SET recommended_by = ?2 WHERE recommended_by = ?1",
	"UPDATE endorsement SET employee_id = ?2 WHERE employee_id = ?1",
	"UPDATE endorsement SET manager_id = ?2 WHERE manager_id = ?1",
	"UPDATE selection SET employee_id = ?2 WHERE employee_id = ?1",
	"UPDATE selection SET recorded_by = ?2 WHERE recorded_by = ?1",
	"UPDATE announcement_receipt SET employee_id = ?2 WHERE "
	    "employee_id = ?1",
	"UPDATE announcement SET author = ?2 WHERE author = ?1",
	"UPDATE announcement_series SET author = ?2 WHERE author = ?1",
	"UPDATE nudge_log SET employee_id = ?2 WHERE employee_id = ?1",
	"UPDATE nudge_optout SET employee_id = ?2 WHERE employee_id = ?1",
	"UPDATE prompt_engagement SET chat_user = NULL WHERE chat_user IN "
	    "(SELECT chat_user_id FROM chat_identity WHERE employee_id = ?1)",
	"UPDATE declaration SET author = ?2 WHERE author = ?1",
	"UPDATE audit SET actor = ?2 WHERE actor = ?1",
	"DELETE FROM outbox WHERE recipient = ?1",
	"DELETE FROM preference WHERE employee_id = ?1",
	"DELETE FROM chat_identity WHERE employee_id = ?1",
	"UPDATE staff SET manager_id = NULL WHERE manager_id = ?1",
	"DELETE FROM staff WHERE employee_id = ?1",
};

/* One row as a JSON object of its columns. */
static json_t *
person_row(sqlite3_stmt *stmt)
{
	json_t		*o = json_object();
	const char	*name;
	int		 i;

	for (i = 0; i < sqlite3_column_count(stmt); i++) {
		name = sqlite3_column_name(stmt, i);
		switch (sqlite3_column_type(stmt, i)) {
		case SQLITE_INTEGER:
			json_object_set_new(o, name, json_integer(
			    sqlite3_column_int64(stmt, i)));
			break;
		case SQLITE_FLOAT:
			json_object_set_new(o, name, json_real(
			    sqlite3_column_double(stmt, i)));
			break;
		case SQLITE_NULL:
			json_object_set_new(o, name, json_null());
			break;
		default:
			json_object_set_new(o, name, json_string(
			    (const char *)sqlite3_column_text(stmt, i)));
			break;
		}
	}
	return o;
}

/*
 * Everything stored about employee_id, as one JSON object: a member per
 * table, each an array of rows.  OUT: *json (caller frees).  Returns 1, 0
 * when nobody has that id, -1 on error (logged).
 */
int
q_person_export(struct db *db, const char *employee_id, char **json)
{
	json_t		*root, *rows;
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 rc, found;

	*json = NULL;
	if ((found = q_staff_exists(db, employee_id)) <= 0)
		return found;
	root = json_pack("{s:s}", "employee_id", employee_id);
	for (i = 0; i < sizeof person_parts / sizeof person_parts[0]; i++) {
		if ((stmt = db_stmt(db, person_parts[i].select)) == NULL) {
			json_decref(root);
			return -1;
		}
		db_bind_text(stmt, 1, employee_id);
		rows = json_array();
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			json_array_append_new(rows, person_row(stmt));
		db_done(stmt);
		json_object_set_new(root, person_parts[i].name, rows);
		if (rc != SQLITE_DONE) {
			log_warnx("%s: %s", __func__, db_errmsg(db));
			json_decref(root);
			return -1;
		}
	}
	*json = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return 1;
}

/*
 * Erases employee_id inside the caller's transaction: their rows go, or
 * move to a nameless stand-in (stand_in, a new employee id) where the
 * figures count them.  Returns 1, 0 when nobody has that id, -1.
 */
int
q_person_erase(struct db *db, const char *employee_id, const char *stand_in)
{
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 found;

	if ((found = q_staff_exists(db, employee_id)) <= 0)
		return found;
	for (i = 0; i < sizeof person_erase_sql / sizeof person_erase_sql[0];
	    i++) {
		if ((stmt = db_stmt(db, person_erase_sql[i])) == NULL)
			return -1;
		db_bind_text(stmt, 1, employee_id);
		db_bind_text(stmt, 2, stand_in);
		if (db_run(db, stmt, __func__) != 0)
			return -1;
	}
	return 1;
}
