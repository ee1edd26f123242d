/*
 * q_pref.c: per-person settings such as the language of the bot's replies.
 */
#include "lib.h"
#include "state.h"

/* Returns the value (caller frees) or NULL when unset. */
char *
q_pref_get(struct db *db, const char *employee_id, const char *key)
{
	static const char *sql =
	    "SELECT value FROM preference WHERE employee_id = ?1 AND key = ?2";
	sqlite3_stmt	*stmt;
	char		*v = NULL;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	db_bind_text(stmt, 2, key);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = db_column_text(stmt, 0);
	db_done(stmt);
	return v;
}

int
q_pref_set(struct db *db, const char *employee_id, const char *key,
    const char *value)
{
	static const char *sql =
	    "INSERT INTO preference (employee_id, key, value) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (employee_id, key) "
	    "DO UPDATE SET value = ?3";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	db_bind_text(stmt, 2, key);
	db_bind_text(stmt, 3, value);
	return db_run(db, stmt, __func__);
}
