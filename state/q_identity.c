/*
 * q_identity.c: which chat account belongs to which employee.
 */
#include "bot.h"
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
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, platform);
	db_bind_text(stmt, 2, chat_user);
	db_bind_text(stmt, 3, employee_id);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, db_errmsg(db));
		return -1;
	}
	return 0;
}
