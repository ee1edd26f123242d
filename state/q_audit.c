/*
 * q_audit.c: who did what, for privileged commands and refusals.
 */
#include "lib.h"
#include "state.h"

int
q_audit(struct db *db, const char *actor, const char *action,
    const char *detail, time_t now)
{
	static const char *sql =
	    "INSERT INTO audit (at, actor, action, detail) "
	    "VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	db_bind_text(stmt, 2, actor);
	db_bind_text(stmt, 3, action);
	db_bind_text(stmt, 4, detail);
	return db_run(db, stmt, __func__);
}

/* Returns how many audit rows carry this action, or -1. */
int
q_audit_count(struct db *db, const char *action)
{
	static const char *sql = "SELECT count(*) FROM audit WHERE action = ?1";
	sqlite3_stmt	*stmt;
	int		 n = -1;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, action);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	db_done(stmt);
	return n;
}
