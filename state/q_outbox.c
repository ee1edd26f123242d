/*
 * q_outbox.c: the durable outbox.  Handlers push rows inside their
 * transaction; the sender thread takes due rows and marks them.
 *
 * dedupe_key is unique, so pushing the same effect twice (a redelivered
 * envelope, a job re-run after a restart) is harmless.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

/*
 * Queues one message for recipient's DM (method "dm") or App Home ("home").
 * Returns 1 if queued, 0 if a row with this dedupe key already exists, -1
 * on error (logged).
 */
int
q_outbox_push(struct db *db, const char *dedupe_key, const char *recipient,
    const char *method, const char *body, time_t not_before)
{
	return q_outbox_push_to(db, dedupe_key, recipient, method, body, NULL,
	    NULL, not_before);
}

/*
 * q_outbox_push for a row aimed somewhere else than the recipient's DM:
 * channel is the conversation (an ephemeral answer there, or the message
 * to edit), ts the message to edit.  Either may be NULL.  Returns 1, 0 or
 * -1 as q_outbox_push.
 */
int
q_outbox_push_to(struct db *db, const char *dedupe_key, const char *recipient,
    const char *method, const char *body, const char *channel, const char *ts,
    time_t not_before)
{
	static const char *sql =
	    "INSERT INTO outbox (dedupe_key, recipient, method, body, "
	    "not_before, created_at, channel, ts) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8) ON CONFLICT (dedupe_key) DO NOTHING";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, dedupe_key);
	db_bind_text(stmt, 2, recipient);
	db_bind_text(stmt, 3, method);
	db_bind_text(stmt, 4, body);
	sqlite3_bind_int64(stmt, 5, not_before);
	sqlite3_bind_int64(stmt, 6, clock_now());
	db_bind_text(stmt, 7, channel);
	db_bind_text(stmt, 8, ts);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, db_errmsg(db));
		return -1;
	}
	return sqlite3_changes(db_handle(db)) == 1;
}

void
outbox_row_clear(struct outbox_row *r)
{
	free(r->dedupe_key);
	free(r->recipient);
	free(r->method);
	free(r->body);
	free(r->channel);
	free(r->ts);
	memset(r, 0, sizeof *r);
}

/*
 * Fetches the oldest pending row due at now.  OUT: *r (clear it with
 * outbox_row_clear).  Returns 1 if a row was found, 0 if none, -1 on error.
 */
int
q_outbox_next(struct db *db, time_t now, struct outbox_row *r)
{
	static const char *sql =
	    "SELECT id, dedupe_key, recipient, method, body, not_before, "
	    "attempts, channel, ts FROM outbox WHERE status = 'pending' AND "
	    "not_before <= ?1 ORDER BY not_before, id LIMIT 1";
	sqlite3_stmt	*stmt;
	int		 rc;

	memset(r, 0, sizeof *r);
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(stmt, 0);
		r->dedupe_key = db_column_text(stmt, 1);
		r->recipient = db_column_text(stmt, 2);
		r->method = db_column_text(stmt, 3);
		r->body = db_column_text(stmt, 4);
		r->not_before = (time_t)sqlite3_column_int64(stmt, 5);
		r->attempts = sqlite3_column_int(stmt, 6);
		r->channel = db_column_text(stmt, 7);
		r->ts = db_column_text(stmt, 8);
	}
	db_done(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* OUT: *when, the earliest not_before of a pending row.  Returns 1, 0, -1. */
int
q_outbox_earliest(struct db *db, time_t *when)
{
	static const char *sql =
	    "SELECT min(not_before) FROM outbox WHERE status = 'pending'";
	sqlite3_stmt	*stmt;
	int		 found = -1;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		found = sqlite3_column_type(stmt, 0) != SQLITE_NULL;
		if (found)
			*when = (time_t)sqlite3_column_int64(stmt, 0);
	}
	db_done(stmt);
	return found;
}

/*
 * Records the outcome of one attempt: OUTBOX_SENT, OUTBOX_FAILED (for
 * good), or OUTBOX_PENDING to retry at retry_at.  Returns 0 or -1.
 */
int
q_outbox_mark(struct db *db, int64_t id, enum outbox_status status,
    const char *error, time_t now, time_t retry_at)
{
	static const char *sql =
	    "UPDATE outbox SET status = ?2, last_error = ?3, "
	    "attempts = attempts + 1, sent_at = ?4, "
	    "not_before = coalesce(?5, not_before) WHERE id = ?1";
	static const char *const names[] = { "pending", "sent", "failed" };
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	db_bind_text(stmt, 2, names[status]);
	db_bind_text(stmt, 3, error);
	if (status == OUTBOX_SENT)
		sqlite3_bind_int64(stmt, 4, now);
	if (status == OUTBOX_PENDING)
		sqlite3_bind_int64(stmt, 5, retry_at);
	return db_run(db, stmt, __func__);
}

/*
 * Moves a pending row to not_before without counting an attempt: the
 * platform asked us to wait (rate limit).  Returns 0 or -1.
 */
int
q_outbox_defer(struct db *db, int64_t id, time_t not_before)
{
	static const char *sql =
	    "UPDATE outbox SET not_before = ?2 WHERE id = ?1 AND "
	    "status = 'pending'";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, not_before);
	return db_run(db, stmt, __func__);
}

int
q_outbox_count(struct db *db, enum outbox_status status)
{
	static const char *sql = "SELECT count(*) FROM outbox WHERE status = ?1";
	static const char *const names[] = { "pending", "sent", "failed" };
	sqlite3_stmt	*stmt;
	int		 n = -1;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, names[status]);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	db_done(stmt);
	return n;
}

/* Returns 1 if a row with this dedupe key exists (in any state), 0, -1. */
int
q_outbox_exists(struct db *db, const char *dedupe_key)
{
	static const char *sql = "SELECT 1 FROM outbox WHERE dedupe_key = ?1";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, dedupe_key);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}
