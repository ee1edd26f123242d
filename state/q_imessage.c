/*
 * q_imessage.c: I-messages and their value tags.
 *
 * An I-message is private to its sender and recipient, so every query here
 * is scoped to one person.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

/*
 * Inserts an I-message and its value tags inside the caller's transaction.
 * delivery_id may be NULL.  OUT: *id.  Returns 0, or -1 (logged).
 */
int
q_imessage_insert(struct db *db, const struct imessage *m,
    const char *const *values, size_t nvalues, const char *delivery_id,
    int64_t *id)
{
	static const char *ins =
	    "INSERT INTO imessage (sender, recipient, body, created_at, "
	    "delivery_id) VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char *ins_value =
	    "INSERT OR IGNORE INTO imessage_value (imessage_id, value) "
	    "VALUES (?1, ?2)";
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 rc;

	if ((stmt = db_stmt(db, ins)) == NULL)
		return -1;
	db_bind_text(stmt, 1, m->sender);
	db_bind_text(stmt, 2, m->recipient);
	sqlite3_bind_text(stmt, 3, m->body, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 4, m->created_at);
	db_bind_text(stmt, 5, delivery_id);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	for (i = 0; i < nvalues; i++) {
		if ((stmt = db_stmt(db, ins_value)) == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, *id);
		db_bind_text(stmt, 2, values[i]);
		rc = sqlite3_step(stmt);
		db_done(stmt);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	return 0;
fail:
	log_warnx("%s: %s", __func__, db_errmsg(db));
	return -1;
}

void
imessage_array_free(struct imessage *a, size_t n)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(a[i].sender);
		free(a[i].sender_name);
		free(a[i].recipient);
		free(a[i].recipient_name);
		free(a[i].body);
		free(a[i].values);
	}
	free(a);
}

/*
 * Returns the latest I-messages one person received (or sent), newest
 * first, at most limit.  Caller frees with imessage_array_free.
 */
struct imessage *
q_imessage_latest(struct db *db, const char *employee_id, bool received,
    int limit, size_t *n)
{
	static const char *sql_received =
	    "SELECT m.id, m.sender, s.name, m.recipient, r.name, m.body, "
	    "(SELECT group_concat(value, ' ') FROM (SELECT value FROM "
	    "imessage_value WHERE imessage_id = m.id ORDER BY value)), "
	    "m.created_at FROM imessage m JOIN staff s ON s.employee_id = "
	    "m.sender JOIN staff r ON r.employee_id = m.recipient "
	    "WHERE m.recipient = ?1 ORDER BY m.created_at DESC, m.id DESC "
	    "LIMIT ?2";
	static const char *sql_sent =
	    "SELECT m.id, m.sender, s.name, m.recipient, r.name, m.body, "
	    "(SELECT group_concat(value, ' ') FROM (SELECT value FROM "
	    "imessage_value WHERE imessage_id = m.id ORDER BY value)), "
	    "m.created_at FROM imessage m JOIN staff s ON s.employee_id = "
	    "m.sender JOIN staff r ON r.employee_id = m.recipient "
	    "WHERE m.sender = ?1 ORDER BY m.created_at DESC, m.id DESC "
	    "LIMIT ?2";
	sqlite3_stmt	*stmt;
	struct imessage	*a;

	*n = 0;
	if (limit <= 0)
		return NULL;
	stmt = db_stmt(db, received ? sql_received : sql_sent);
	if (stmt == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int(stmt, 2, limit);
	a = xcalloc((size_t)limit, sizeof *a);
	while (*n < (size_t)limit && sqlite3_step(stmt) == SQLITE_ROW) {
		struct imessage	*m = &a[(*n)++];

		m->id = sqlite3_column_int64(stmt, 0);
		m->sender = db_column_text(stmt, 1);
		m->sender_name = db_column_text(stmt, 2);
		m->recipient = db_column_text(stmt, 3);
		m->recipient_name = db_column_text(stmt, 4);
		m->body = db_column_text(stmt, 5);
		m->values = db_column_text(stmt, 6);
		m->created_at = (time_t)sqlite3_column_int64(stmt, 7);
	}
	db_done(stmt);
	return a;
}

/*
 * Counts one person's I-messages received (or sent) in [from, to) by value
 * tag.  OUT: *value_ids and *counts, arrays of *n (caller frees each id and
 * both arrays).  Returns 0 or -1.
 */
int
q_imessage_count_values(struct db *db, const char *employee_id,
    bool received, time_t from, time_t to, char ***value_ids, int **counts,
    size_t *n)
{
	static const char *sql_received =
	    "SELECT v.value, count(*) FROM imessage m JOIN imessage_value v "
	    "ON v.imessage_id = m.id WHERE m.recipient = ?1 AND "
	    "m.created_at >= ?2 AND m.created_at < ?3 GROUP BY v.value "
	    "ORDER BY v.value";
	static const char *sql_sent =
	    "SELECT v.value, count(*) FROM imessage m JOIN imessage_value v "
	    "ON v.imessage_id = m.id WHERE m.sender = ?1 AND "
	    "m.created_at >= ?2 AND m.created_at < ?3 GROUP BY v.value "
	    "ORDER BY v.value";
	sqlite3_stmt	*stmt;
	size_t		 cap = 0;

	*value_ids = NULL;
	*counts = NULL;
	*n = 0;
	stmt = db_stmt(db, received ? sql_received : sql_sent);
	if (stmt == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, from);
	sqlite3_bind_int64(stmt, 3, to);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			*value_ids = xrealloc(*value_ids, cap * sizeof **value_ids);
			*counts = xrealloc(*counts, cap * sizeof **counts);
		}
		(*value_ids)[*n] = db_column_text(stmt, 0);
		(*counts)[*n] = sqlite3_column_int(stmt, 1);
		(*n)++;
	}
	db_done(stmt);
	return 0;
}

/* Counts one person's I-messages received (or sent) in [from, to). */
int
q_imessage_count(struct db *db, const char *employee_id, bool received,
    time_t from, time_t to)
{
	static const char *sql_received =
	    "SELECT count(*) FROM imessage WHERE recipient = ?1 AND "
	    "created_at >= ?2 AND created_at < ?3";
	static const char *sql_sent =
	    "SELECT count(*) FROM imessage WHERE sender = ?1 AND "
	    "created_at >= ?2 AND created_at < ?3";
	sqlite3_stmt	*stmt;
	int		 n = -1;

	stmt = db_stmt(db, received ? sql_received : sql_sent);
	if (stmt == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, from);
	sqlite3_bind_int64(stmt, 3, to);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	db_done(stmt);
	return n;
}

/* Records when the recipient's copy of I-message id went out: 0 or -1. */
int
q_imessage_delivered(struct db *db, int64_t id, time_t at)
{
	static const char *sql =
	    "UPDATE imessage SET delivered_at = ?2 WHERE id = ?1 AND "
	    "delivered_at IS NULL";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, at);
	return db_run(db, stmt, __func__);
}
