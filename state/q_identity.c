/*
 * q_identity.c: which chat account belongs to which employee.  One account
 * per employee and one employee per account on a platform (the schema's
 * two unique keys): a link once made is never re-pointed here, only
 * removed (q_identity_unlink) by the email check or an operator.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

/*
 * Links chat_user on platform to employee_id.  Returns 1 when linked (now,
 * or already so), 0 when refused because the account belongs to someone
 * else or the employee has another account (logged), -1 on error.
 */
int
q_identity_link(struct db *db, const char *platform, const char *chat_user,
    const char *employee_id)
{
	/* Linking checked the email: the next check is due a while on. */
	static const char *ins =
	    "INSERT INTO chat_identity (platform, chat_user_id, employee_id, "
	    "checked_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";
	static const char *same =
	    "SELECT employee_id = ?3 AND chat_user_id = ?2 FROM chat_identity "
	    "WHERE platform = ?1 AND (chat_user_id = ?2 OR employee_id = ?3)";
	sqlite3_stmt	*stmt;
	int		 rc, ok = 0;

	if ((stmt = db_stmt(db, ins)) == NULL)
		return -1;
	db_bind_text(stmt, 1, platform);
	db_bind_text(stmt, 2, chat_user);
	db_bind_text(stmt, 3, employee_id);
	sqlite3_bind_int64(stmt, 4, clock_now());
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	if (sqlite3_changes(db_handle(db)) == 1)
		return 1;
	if ((stmt = db_stmt(db, same)) == NULL)
		return -1;
	db_bind_text(stmt, 1, platform);
	db_bind_text(stmt, 2, chat_user);
	db_bind_text(stmt, 3, employee_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		ok += sqlite3_column_int(stmt, 0) ? 1 : -100;
	db_done(stmt);
	if (rc != SQLITE_DONE)
		return -1;
	if (ok == 1)
		return 1;
	log_warnx("%s: %s user %s not linked to %s: the account or the "
	    "employee is linked to another", __func__, platform, chat_user,
	    employee_id);
	return 0;
}

/*
 * Removes the link of chat_user on platform.  OUT: *employee_id, whom it
 * was linked to (caller frees; may be NULL).  Returns 1 if there was one,
 * 0 if not, -1.
 */
int
q_identity_unlink(struct db *db, const char *platform, const char *chat_user,
    char **employee_id)
{
	static const char *sql =
	    "DELETE FROM chat_identity WHERE platform = ?1 AND "
	    "chat_user_id = ?2 RETURNING employee_id";
	sqlite3_stmt	*stmt;
	int		 rc, n = 0;

	if (employee_id != NULL)
		*employee_id = NULL;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, platform);
	db_bind_text(stmt, 2, chat_user);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (employee_id != NULL && *employee_id == NULL)
			*employee_id = db_column_text(stmt, 0);
		n++;
	}
	db_done(stmt);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, db_errmsg(db));
		return -1;
	}
	return n > 0;
}

/* Records that chat_user's email was found to match at now.  0 or -1. */
int
q_identity_checked(struct db *db, const char *platform, const char *chat_user,
    time_t now)
{
	static const char *sql =
	    "UPDATE chat_identity SET checked_at = ?3 WHERE platform = ?1 AND "
	    "chat_user_id = ?2";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, platform);
	db_bind_text(stmt, 2, chat_user);
	sqlite3_bind_int64(stmt, 3, now);
	return db_run(db, stmt, __func__);
}

static void
identity_from(sqlite3_stmt *stmt, void *p)
{
	struct identity	*id = p;

	id->platform = db_column_text(stmt, 0);
	id->chat_user = db_column_text(stmt, 1);
	id->employee_id = db_column_text(stmt, 2);
	id->email = db_column_text(stmt, 3);
	id->checked_at = (time_t)sqlite3_column_int64(stmt, 4);
}

/*
 * Links on platform (NULL: every platform) not checked since before, the
 * longest unchecked first, at most max (0: all), with the roster's email
 * of each.  Returns an array (free with identity_array_free) or NULL with
 * *n = 0.
 */
struct identity *
q_identity_list(struct db *db, const char *platform, time_t before, size_t max,
    size_t *n)
{
	static const char *sql =
	    "SELECT c.platform, c.chat_user_id, c.employee_id, s.email, "
	    "coalesce(c.checked_at, 0) FROM chat_identity c JOIN staff s ON "
	    "s.employee_id = c.employee_id WHERE (?1 IS NULL OR "
	    "c.platform = ?1) AND coalesce(c.checked_at, 0) < ?2 "
	    "ORDER BY coalesce(c.checked_at, 0), c.platform, c.chat_user_id "
	    "LIMIT ?3";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, platform);
	sqlite3_bind_int64(stmt, 2, before);
	sqlite3_bind_int64(stmt, 3, max > 0 ? (sqlite3_int64)max : -1);
	return db_collect(stmt, sizeof(struct identity), identity_from, n);
}

void
identity_array_free(struct identity *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].platform);
		free(v[i].chat_user);
		free(v[i].employee_id);
		free(v[i].email);
	}
	free(v);
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
