/*
 * q_seen.c: platform delivery ids already handled, so that a redelivered
 * envelope or post is acked and dropped rather than run twice.
 */
#include "lib.h"
#include "state.h"

/*
 * Records a delivery id inside the caller's transaction.  Returns 1 if it
 * is new, 0 if it was seen before, -1 on error.
 */
int
q_seen_claim(struct db *db, const char *delivery_id, time_t now)
{
	static const char *sql =
	    "INSERT INTO seen_delivery (id, seen_at) VALUES (?1, ?2) "
	    "ON CONFLICT (id) DO NOTHING";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, delivery_id);
	sqlite3_bind_int64(stmt, 2, now);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, db_errmsg(db));
		return -1;
	}
	return sqlite3_changes(db_handle(db)) == 1;
}

/* Forgets delivery ids older than before.  Returns rows removed or -1. */
int
q_seen_purge(struct db *db, time_t before)
{
	static const char *sql = "DELETE FROM seen_delivery WHERE seen_at < ?1";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, before);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc != SQLITE_DONE)
		return -1;
	return sqlite3_changes(db_handle(db));
}
