/*
 * q_outbox.c: the durable outbox.  Handlers push rows inside their
 * transaction; the sender thread takes due rows in batches and marks them
 * in batches.  Rows carry the neutral reply; only conversation and msg_ref
 * are the platform's, and only its adapter reads them.
 *
 * dedupe_key is unique, so pushing the same effect twice (a redelivered
 * envelope, a job re-run after a restart) is harmless.
 *
 * not_before is kept in milliseconds of the wall clock (clock_now_ms), so
 * that the sender can pace a conversation to the millisecond; the rest of
 * the tree speaks of seconds (struct outbox_msg, q_outbox_mark, yellctl's
 * listing), converted here.
 */
#define Q_OUTBOX_MS(s)	((sqlite3_int64)(s) * 1000)
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

/*
 * Queues one message for recipient's direct conversation or home view
 * (method OUTBOX_DIRECT or OUTBOX_HOME), for whichever adapter reaches
 * them.  Returns 1 if queued, 0 if a row with this dedupe key already
 * exists, -1 on error (logged).
 */
int
q_outbox_push(struct db *db, const char *dedupe_key, const char *recipient,
    const char *method, const char *body, time_t not_before)
{
	struct outbox_msg	m;

	memset(&m, 0, sizeof m);
	m.dedupe_key = dedupe_key;
	m.recipient = recipient;
	m.method = method;
	m.body = body;
	m.not_before = not_before;
	return q_outbox_add(db, &m);
}

/* Queues m (see struct outbox_msg).  Returns 1, 0 or -1 as q_outbox_push. */
int
q_outbox_add(struct db *db, const struct outbox_msg *m)
{
	static const char *sql =
	    "INSERT INTO outbox (dedupe_key, recipient, method, body, "
	    "not_before, created_at, conversation, msg_ref, platform, ref, "
	    "chat_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
	    "ON CONFLICT (dedupe_key) DO NOTHING";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, m->dedupe_key);
	/* '' is a recipient of its own: someone on no roster (chat_user). */
	if (m->recipient != NULL)
		sqlite3_bind_text(stmt, 2, m->recipient, -1, SQLITE_TRANSIENT);
	db_bind_text(stmt, 3, m->method);
	db_bind_text(stmt, 4, m->body);
	sqlite3_bind_int64(stmt, 5, Q_OUTBOX_MS(m->not_before));
	sqlite3_bind_int64(stmt, 6, clock_now());
	db_bind_text(stmt, 7, m->conversation);
	db_bind_text(stmt, 8, m->msg_ref);
	db_bind_text(stmt, 9, m->platform);
	db_bind_text(stmt, 10, m->ref);
	db_bind_text(stmt, 11, m->chat_user);
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
	free(r->platform);
	free(r->recipient);
	free(r->method);
	free(r->body);
	free(r->conversation);
	free(r->chat_user);
	free(r->msg_ref);
	free(r->ref);
	free(r->error);
	free(r->sent_ref);
	memset(r, 0, sizeof *r);
}

void
outbox_rows_free(struct outbox_row *rows, size_t n)
{
	size_t	i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++)
		outbox_row_clear(&rows[i]);
	free(rows);
}

static void
outbox_row_from(sqlite3_stmt *stmt, void *p)
{
	struct outbox_row	*r = p;

	r->id = sqlite3_column_int64(stmt, 0);
	r->dedupe_key = db_column_text(stmt, 1);
	r->recipient = db_column_text(stmt, 2);
	r->method = db_column_text(stmt, 3);
	r->body = db_column_text(stmt, 4);
	r->not_before_ms = sqlite3_column_int64(stmt, 5);
	r->attempts = sqlite3_column_int(stmt, 6);
	r->conversation = db_column_text(stmt, 7);
	r->msg_ref = db_column_text(stmt, 8);
	r->platform = db_column_text(stmt, 9);
	r->ref = db_column_text(stmt, 10);
	r->chat_user = db_column_text(stmt, 11);
}

/*
 * Up to max pending rows due at now_ms that platform's adapter may deliver
 * (platform NULL: only rows for any adapter), oldest first.  OUT: *rows
 * (free with outbox_rows_free; NULL when none), *n.  Returns 0, or -1 on
 * error (logged).
 */
int
q_outbox_due(struct db *db, const char *platform, long long now_ms,
    size_t max, struct outbox_row **rows, size_t *n)
{
	static const char *sql =
	    "SELECT id, dedupe_key, recipient, method, body, not_before, "
	    "attempts, conversation, msg_ref, platform, ref, chat_user "
	    "FROM outbox WHERE status = 'pending' AND not_before <= ?1 AND "
	    "(platform IS NULL OR platform = ?2) "
	    "ORDER BY not_before, id LIMIT ?3";
	sqlite3_stmt	*stmt;

	*rows = NULL;
	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now_ms);
	db_bind_text(stmt, 2, platform);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)max);
	*rows = db_collect(stmt, sizeof(struct outbox_row), outbox_row_from,
	    n);
	return 0;
}

/*
 * The oldest row due in the second now for any adapter.  OUT: *r (clear it
 * with outbox_row_clear).  Returns 1 if a row was found, 0 if none, -1.
 */
int
q_outbox_next(struct db *db, time_t now, struct outbox_row *r)
{
	struct outbox_row	*rows;
	size_t			 n;

	memset(r, 0, sizeof *r);
	if (q_outbox_due(db, NULL, Q_OUTBOX_MS(now) + 999, 1, &rows, &n) != 0)
		return -1;
	if (n == 1)
		*r = rows[0];
	free(rows);
	return n == 1;
}

/*
 * OUT: *when_ms, the earliest not_before of a pending row platform's
 * adapter may deliver.  Returns 1, 0 (none), -1.
 */
int
q_outbox_earliest(struct db *db, const char *platform, long long *when_ms)
{
	static const char *sql =
	    "SELECT min(not_before) FROM outbox WHERE status = 'pending' AND "
	    "(platform IS NULL OR platform = ?1)";
	sqlite3_stmt	*stmt;
	int		 found = -1;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, platform);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		found = sqlite3_column_type(stmt, 0) != SQLITE_NULL;
		if (found)
			*when_ms = sqlite3_column_int64(stmt, 0);
	}
	db_done(stmt);
	return found;
}

/*
 * One attempt's outcome (see q_outbox_mark); when keep, also what the
 * platform called the message a sent row posted (sent_ref) and which
 * adapter posted it, so that a feature can edit the message later: kept
 * in msg_ref, which only edit rows read before sending, so not for those.
 * One UPDATE, since each rewrites the whole row.  Returns 0 or -1.
 */
static int
q_outbox_mark_row(struct db *db, int64_t id, enum outbox_status status,
    const char *error, time_t now, long long retry_ms, bool keep,
    const char *sent_ref, const char *sent_platform)
{
	static const char *sql =
	    "UPDATE outbox SET status = ?2, last_error = ?3, "
	    "attempts = attempts + 1, sent_at = ?4, "
	    "not_before = coalesce(?5, not_before), "
	    "msg_ref = CASE WHEN ?6 AND method <> 'edit' THEN ?7 "
	    "ELSE msg_ref END, "
	    "platform = CASE WHEN ?6 AND method <> 'edit' THEN "
	    "coalesce(platform, ?8) ELSE platform END WHERE id = ?1";
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
		sqlite3_bind_int64(stmt, 5, retry_ms);
	sqlite3_bind_int(stmt, 6, keep);
	if (keep) {
		db_bind_text(stmt, 7, sent_ref);
		db_bind_text(stmt, 8, sent_platform);
	}
	return db_run(db, stmt, __func__);
}

/*
 * Records the outcome of one attempt: OUTBOX_SENT, OUTBOX_FAILED (for
 * good), or OUTBOX_PENDING to retry at retry_at.  Returns 0 or -1.
 */
int
q_outbox_mark(struct db *db, int64_t id, enum outbox_status status,
    const char *error, time_t now, time_t retry_at)
{
	return q_outbox_mark_row(db, id, status, error, now,
	    Q_OUTBOX_MS(retry_at), false, NULL, NULL);
}

/*
 * Records the outcomes of a batch, inside the caller's transaction: each
 * row's status, error and retry_ms as the sender filled them, and a sent
 * row's sent_ref; a row OUTBOX_DEFERRED stays pending until retry_ms, no
 * attempt counted.  Returns 0 or -1.
 */
int
q_outbox_mark_batch(struct db *db, struct outbox_row *rows, size_t n,
    time_t now)
{
	struct outbox_row	*r;
	size_t			 i;

	for (i = 0; i < n; i++) {
		r = &rows[i];
		if (r->status == OUTBOX_DEFERRED ?
		    q_outbox_defer(db, r->id, r->retry_ms) != 0 :
		    q_outbox_mark_row(db, r->id, r->status, r->error, now,
		    r->retry_ms, r->status == OUTBOX_SENT && r->sent_ref != NULL,
		    r->sent_ref, r->sent_platform) != 0)
			return -1;
	}
	return 0;
}

/*
 * The message a sent row posted: 1 with *platform and *msg_ref (caller
 * frees both), 0 if the row is not sent or its platform kept no
 * reference, -1.
 */
int
q_outbox_sent_ref(struct db *db, const char *dedupe_key, char **platform,
    char **msg_ref)
{
	static const char *sql =
	    "SELECT platform, msg_ref FROM outbox WHERE dedupe_key = ?1 AND "
	    "status = 'sent' AND method <> 'edit' AND msg_ref IS NOT NULL AND "
	    "platform IS NOT NULL";
	sqlite3_stmt	*stmt;
	int		 rc;

	*platform = *msg_ref = NULL;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, dedupe_key);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*platform = db_column_text(stmt, 0);
		*msg_ref = db_column_text(stmt, 1);
	}
	db_done(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Gives up a row that has not gone out yet (what it carries was taken
 * back): 1 if it was pending, 0 if not, -1.
 */
int
q_outbox_cancel(struct db *db, const char *dedupe_key, const char *why)
{
	static const char *sql =
	    "UPDATE outbox SET status = 'failed', last_error = ?2 WHERE "
	    "dedupe_key = ?1 AND status = 'pending'";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, dedupe_key);
	db_bind_text(stmt, 2, why);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	return sqlite3_changes(db_handle(db)) > 0;
}

/*
 * Moves a pending row to not_before_ms without counting an attempt: its
 * conversation's pace, or the platform, asks it to wait.  Returns 0 or -1.
 */
int
q_outbox_defer(struct db *db, int64_t id, long long not_before_ms)
{
	static const char *sql =
	    "UPDATE outbox SET not_before = ?2 WHERE id = ?1 AND "
	    "status = 'pending'";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, not_before_ms);
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

/*
 * OUT: *n, the rows waiting to be delivered, and *oldest, the created_at
 * of the oldest of them (0: none).  Returns 0 or -1.
 */
int
q_outbox_waiting(struct db *db, long *n, time_t *oldest)
{
	static const char *sql = "SELECT count(*), coalesce(min(created_at), 0) "
	    "FROM outbox WHERE status = 'pending'";
	sqlite3_stmt	*stmt;
	int		 rc = -1;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*n = (long)sqlite3_column_int64(stmt, 0);
		*oldest = (time_t)sqlite3_column_int64(stmt, 1);
		rc = 0;
	}
	db_done(stmt);
	return rc;
}

/*
 * Retention: deletes up to max delivered rows (and so their bodies) sent
 * before before.  Returns how many, or -1.
 */
int
q_outbox_purge_sent(struct db *db, time_t before, int max)
{
	static const char *sql = "DELETE FROM outbox WHERE id IN (SELECT id "
	    "FROM outbox WHERE status = 'sent' AND sent_at < ?1 LIMIT ?2)";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)before);
	sqlite3_bind_int(stmt, 2, max);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	return sqlite3_changes(db_handle(db));
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

/* --- For the operator (yellctl outbox) ------------------------------ */

static void
outbox_listed_from(sqlite3_stmt *stmt, void *p)
{
	struct outbox_listed	*r = p;

	r->id = sqlite3_column_int64(stmt, 0);
	r->recipient = db_column_text(stmt, 1);
	r->method = db_column_text(stmt, 2);
	r->status = db_column_text(stmt, 3);
	r->attempts = sqlite3_column_int(stmt, 4);
	r->not_before = (time_t)(sqlite3_column_int64(stmt, 5) / 1000);
	r->created_at = (time_t)sqlite3_column_int64(stmt, 6);
	r->last_error = db_column_text(stmt, 7);
	r->dedupe_key = db_column_text(stmt, 8);
}

/*
 * The rows not sent yet (pending or failed), or every row when all, oldest
 * first, at most max.  Returns an array (free with outbox_listed_free) or
 * NULL with *n = 0.
 */
struct outbox_listed *
q_outbox_list(struct db *db, bool all, size_t max, size_t *n)
{
	static const char *sql =
	    "SELECT id, recipient, method, status, attempts, not_before, "
	    "created_at, last_error, dedupe_key FROM outbox WHERE ?1 OR "
	    "status != 'sent' ORDER BY id LIMIT ?2";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int(stmt, 1, all);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)max);
	return db_collect(stmt, sizeof(struct outbox_listed),
	    outbox_listed_from, n);
}

void
outbox_listed_free(struct outbox_listed *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].recipient);
		free(v[i].method);
		free(v[i].status);
		free(v[i].last_error);
		free(v[i].dedupe_key);
	}
	free(v);
}

/*
 * A row not sent, sent again: pending, due at now, its attempts forgotten.
 * Returns 1, 0 (no such unsent row), -1.
 */
int
q_outbox_retry(struct db *db, int64_t id, time_t now)
{
	static const char *sql =
	    "UPDATE outbox SET status = 'pending', attempts = 0, "
	    "not_before = ?2, last_error = NULL WHERE id = ?1 AND "
	    "status != 'sent'";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, Q_OUTBOX_MS(now));
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	return sqlite3_changes(db_handle(db)) == 1;
}

/* Removes a row not sent.  Returns 1, 0 (no such unsent row), -1. */
int
q_outbox_drop(struct db *db, int64_t id)
{
	static const char *sql =
	    "DELETE FROM outbox WHERE id = ?1 AND status != 'sent'";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	return sqlite3_changes(db_handle(db)) == 1;
}

/*
 * Rows that should have gone and have not: pending with not_before more
 * than age seconds before now, and failed ones.  OUT: *stuck, *failed.
 * Returns 0 or -1.
 */
int
q_outbox_stuck(struct db *db, time_t now, time_t age, int *stuck, int *failed)
{
	static const char *sql =
	    "SELECT count(*) FILTER (WHERE status = 'pending' AND "
	    "not_before < ?1), count(*) FILTER (WHERE status = 'failed') "
	    "FROM outbox";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, Q_OUTBOX_MS(now - age));
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*stuck = sqlite3_column_int(stmt, 0);
		*failed = sqlite3_column_int(stmt, 1);
	}
	db_done(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}
