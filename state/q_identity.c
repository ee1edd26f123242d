/*
 * q_identity.c: which chat account belongs to which employee.
 */
#include <stdlib.h>

#include "lib.h"
#include "state.h"

/* Links a chat account to an employee, replacing an older link. */
int
q_identity_set(struct db *db, const char *platform, const char *chat_user,
    const char *employee_id)
{
	static const char *sql =
	    "INSERT INTO chat_identity (platform, chat_user_id, employee_id) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (platform, chat_user_id) "
	    "DO UPDATE SET employee_id = ?3";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, platform);
	db_bind_text(stmt, 2, chat_user);
	db_bind_text(stmt, 3, employee_id);
	return db_run(db, stmt, __func__);
}

/* Returns 1 if the chat account is linked to an employee, 0 if not, -1. */
int
q_identity_known(struct db *db, const char *platform, const char *chat_user)
{
	static const char *sql =
	    "SELECT 1 FROM chat_identity WHERE platform = ?1 AND "
	    "chat_user_id = ?2";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, platform);
	db_bind_text(stmt, 2, chat_user);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The reverse lookup: the chat account of an employee on platform (the
 * latest linked, should there be several).  Returns a copy (caller frees),
 * or NULL if there is none or on error.
 */
char *
q_identity_chat_user(struct db *db, const char *platform,
    const char *employee_id)
{
	static const char *sql =
	    "SELECT chat_user_id FROM chat_identity WHERE platform = ?1 AND "
	    "employee_id = ?2 ORDER BY rowid DESC LIMIT 1";
	sqlite3_stmt	*stmt;
	char		*id = NULL;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, platform);
	db_bind_text(stmt, 2, employee_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		id = db_column_text(stmt, 0);
	db_done(stmt);
	return id;
}

/*
 * The active employee whose roster email is email, compared without regard
 * to ASCII case.  Returns the employee id (caller frees), or NULL if nobody
 * or more than one person has it (an ambiguous roster links no one).
 */
char *
q_identity_by_email(struct db *db, const char *email)
{
	static const char *sql =
	    "SELECT employee_id FROM staff WHERE active AND "
	    "lower(email) = lower(?1) LIMIT 2";
	sqlite3_stmt	*stmt;
	char		*id = NULL;

	if (email == NULL || *email == '\0')
		return NULL;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, email);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		id = db_column_text(stmt, 0);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			free(id);
			id = NULL;
		}
	}
	db_done(stmt);
	return id;
}
