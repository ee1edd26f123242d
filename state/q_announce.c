/*
 * q_announce.c: HR's announcements, their series, and the receipts that
 * say who each one was for, when it reached them and when they
 * acknowledged it.  Choosing the audience is lib/segment.c's; rendering
 * and delivering are the handlers'.  Figures are computed here in SQL, so
 * that no caller holds a whole audience in memory.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

#define ANN_COLUMNS \
	"id, author, title, body, audience, channel, dm, ack, remind_after, " \
	"urgent, send_at, status, created_at, coalesce(sent_at, 0), " \
	"coalesce(series_id, 0), coalesce(edition, 0), every"

static void
announce_from_row(sqlite3_stmt *stmt, void *p)
{
	struct announcement	*a = p;

	a->id = sqlite3_column_int64(stmt, 0);
	a->author = db_column_text(stmt, 1);
	a->title = db_column_text(stmt, 2);
	a->body = db_column_text(stmt, 3);
	a->audience = db_column_text(stmt, 4);
	a->channel = db_column_text(stmt, 5);
	a->dm = sqlite3_column_int(stmt, 6) != 0;
	a->ack = sqlite3_column_int(stmt, 7) != 0;
	a->remind_after = sqlite3_column_int(stmt, 8);
	a->urgent = sqlite3_column_int(stmt, 9) != 0;
	a->send_at = (time_t)sqlite3_column_int64(stmt, 10);
	a->status = db_column_text(stmt, 11);
	a->created_at = (time_t)sqlite3_column_int64(stmt, 12);
	a->sent_at = (time_t)sqlite3_column_int64(stmt, 13);
	a->series_id = sqlite3_column_int64(stmt, 14);
	a->edition = sqlite3_column_int(stmt, 15);
	a->every = db_column_text(stmt, 16);
	if (a->audience == NULL)
		a->audience = xstrdup("");
	if (a->title == NULL)
		a->title = xstrdup("");
	if (a->body == NULL)
		a->body = xstrdup("");
}

void
announcement_clear(struct announcement *a)
{
	if (a == NULL)
		return;
	free(a->author);
	free(a->title);
	free(a->body);
	free(a->audience);
	free(a->channel);
	free(a->status);
	free(a->every);
	memset(a, 0, sizeof *a);
}

void
announcement_free(struct announcement *a)
{
	announcement_clear(a);
	free(a);
}

void
announcement_array_free(struct announcement *a, size_t n)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < n; i++)
		announcement_clear(&a[i]);
	free(a);
}

/*
 * Binds what an announcement and a series' template share, in this
 * order, to ?1 ... ?9: author, title, body, audience, channel, dm, ack,
 * remind_after, urgent.
 */
static void
announce_bind(sqlite3_stmt *stmt, const struct announcement *a)
{
	db_bind_text(stmt, 1, a->author);
	sqlite3_bind_text(stmt, 2, a->title != NULL ? a->title : "", -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 3, a->body != NULL ? a->body : "", -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 4, a->audience != NULL ? a->audience : "",
	    -1, SQLITE_TRANSIENT);
	db_bind_text(stmt, 5, a->channel);
	sqlite3_bind_int(stmt, 6, a->dm);
	sqlite3_bind_int(stmt, 7, a->ack);
	sqlite3_bind_int(stmt, 8, a->remind_after);
	sqlite3_bind_int(stmt, 9, a->urgent);
}

/* A statement's single integer result, NULL meaning none: 1, 0 or -1. */
static int
announce_min(sqlite3_stmt *stmt, time_t *when)
{
	int	rc = -1;

	if (sqlite3_step(stmt) == SQLITE_ROW) {
		rc = sqlite3_column_type(stmt, 0) != SQLITE_NULL;
		*when = (time_t)sqlite3_column_int64(stmt, 0);
	}
	db_done(stmt);
	return rc;
}

/*
 * Writes a new announcement (a->status: "draft" or "scheduled"; a->id,
 * sent_at ignored).  OUT: *id.  Returns 0 or -1 (logged).
 */
int
q_announce_insert(struct db *db, const struct announcement *a, int64_t *id)
{
	static const char *sql =
	    "INSERT INTO announcement (author, title, body, audience, channel, "
	    "dm, ack, remind_after, urgent, send_at, status, created_at, "
	    "series_id, edition, every) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	    "?9, ?10, ?11, ?12, ?13, ?14, ?15)";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	announce_bind(stmt, a);
	sqlite3_bind_int64(stmt, 10, a->send_at);
	db_bind_text(stmt, 11, a->status != NULL ? a->status : "draft");
	sqlite3_bind_int64(stmt, 12, a->created_at);
	if (a->series_id != 0) {
		sqlite3_bind_int64(stmt, 13, a->series_id);
		sqlite3_bind_int(stmt, 14, a->edition);
	}
	db_bind_text(stmt, 15, a->every);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return 0;
}

/* The announcement with this id (free with announcement_free), or NULL. */
struct announcement *
q_announce_get(struct db *db, int64_t id)
{
	static const char *sql = "SELECT " ANN_COLUMNS
	    " FROM announcement WHERE id = ?1";
	sqlite3_stmt		*stmt;
	struct announcement	*a;
	size_t			 n;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	a = db_collect(stmt, sizeof *a, announce_from_row, &n);
	if (n == 0) {
		free(a);
		return NULL;
	}
	return a;
}

/*
 * The latest limit announcements, newest first.  Returns an array (free
 * with announcement_array_free) or NULL with *n = 0.
 */
struct announcement *
q_announce_list(struct db *db, int limit, size_t *n)
{
	static const char *sql = "SELECT " ANN_COLUMNS
	    " FROM announcement ORDER BY id DESC LIMIT ?1";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int(stmt, 1, limit);
	return db_collect(stmt, sizeof(struct announcement),
	    announce_from_row, n);
}

/* Runs an UPDATE bound with id; returns the rows changed or -1. */
static int	announce_update(struct db *, const char *, int64_t, time_t);

/*
 * A confirmed draft with a rule became series series_id.  Returns 1, 0 if
 * it was no draft, or -1.
 */
int
q_announce_to_series(struct db *db, int64_t id, int64_t series_id)
{
	return announce_update(db, "UPDATE announcement SET status = "
	    "'series', series_id = ?2 WHERE id = ?1 AND status = 'draft'", id,
	    (time_t)series_id);
}

/* Runs an UPDATE bound with id; returns the rows changed or -1. */
static int
announce_update(struct db *db, const char *sql, int64_t id, time_t t)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, t);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	return sqlite3_changes(db_handle(db));
}

/* A draft becomes scheduled.  Returns 1, 0 if it was no draft, or -1. */
int
q_announce_confirm(struct db *db, int64_t id)
{
	return announce_update(db, "UPDATE announcement SET status = "
	    "'scheduled' WHERE id = ?1 AND status = 'draft' AND ?2 = ?2", id,
	    0);
}

/*
 * Cancels a draft or a scheduled announcement (one that went out stays).
 * Returns 1, 0 if there was nothing to cancel, or -1.
 */
int
q_announce_cancel(struct db *db, int64_t id)
{
	return announce_update(db, "UPDATE announcement SET status = "
	    "'cancelled' WHERE id = ?1 AND status IN ('draft', 'scheduled') "
	    "AND ?2 = ?2", id, 0);
}

/* Records that the announcement went out at.  Returns 1, 0 or -1. */
int
q_announce_mark_sent(struct db *db, int64_t id, time_t at)
{
	return announce_update(db, "UPDATE announcement SET status = 'sent', "
	    "sent_at = ?2 WHERE id = ?1 AND status = 'scheduled'", id, at);
}

/*
 * The scheduled announcements due at now (send_at passed), oldest first,
 * at most limit.  Returns an array (announcement_array_free) or NULL.
 */
struct announcement *
q_announce_due(struct db *db, time_t now, int limit, size_t *n)
{
	static const char *sql = "SELECT " ANN_COLUMNS " FROM announcement "
	    "WHERE status = 'scheduled' AND send_at <= ?1 "
	    "ORDER BY send_at, id LIMIT ?2";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_int(stmt, 2, limit);
	return db_collect(stmt, sizeof(struct announcement),
	    announce_from_row, n);
}

/*
 * The earliest send_at of a scheduled announcement that is urgent (or is
 * not).  Returns 1 (*when set), 0 if there is none, -1.
 */
int
q_announce_next(struct db *db, bool urgent, time_t *when)
{
	static const char *sql = "SELECT min(send_at) FROM announcement "
	    "WHERE status = 'scheduled' AND urgent = ?1";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, urgent);
	return announce_min(stmt, when);
}

/*
 * Records that s is one of announcement_id's recipients.  OUT: *receipt.
 * Returns 1 if added, 0 if they were already (a run after a crash), -1.
 */
int
q_announce_receipt_add(struct db *db, int64_t announcement_id,
    const struct staff *s, int64_t *receipt)
{
	static const char *ins =
	    "INSERT INTO announcement_receipt (announcement_id, employee_id, "
	    "department, job_level) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT DO NOTHING";
	static const char *get = "SELECT id FROM announcement_receipt "
	    "WHERE announcement_id = ?1 AND employee_id = ?2";
	sqlite3_stmt	*stmt;
	int		 added;

	if ((stmt = db_stmt(db, ins)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, announcement_id);
	db_bind_text(stmt, 2, s->employee_id);
	db_bind_text(stmt, 3, s->department);
	db_bind_text(stmt, 4, s->job_level);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	if ((added = sqlite3_changes(db_handle(db))) == 1) {
		*receipt = sqlite3_last_insert_rowid(db_handle(db));
		return 1;
	}
	if ((stmt = db_stmt(db, get)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, announcement_id);
	db_bind_text(stmt, 2, s->employee_id);
	added = sqlite3_step(stmt) == SQLITE_ROW ? 0 : -1;
	*receipt = sqlite3_column_int64(stmt, 0);
	db_done(stmt);
	return added;
}

/* A person's copy went out at (kept if already known).  Returns 0 or -1. */
int
q_announce_delivered(struct db *db, int64_t receipt, time_t at)
{
	return announce_update(db, "UPDATE announcement_receipt SET "
	    "delivered_at = ?2 WHERE id = ?1 AND delivered_at IS NULL",
	    receipt, at) < 0 ? -1 : 0;
}

/* The channel post went out: every recipient not reached yet counts. */
int
q_announce_delivered_all(struct db *db, int64_t announcement_id, time_t at)
{
	return announce_update(db, "UPDATE announcement_receipt SET "
	    "delivered_at = ?2 WHERE announcement_id = ?1 AND "
	    "delivered_at IS NULL", announcement_id, at) < 0 ? -1 : 0;
}

/*
 * employee_id acknowledges announcement_id at.  Returns 1 if recorded now,
 * 2 if they had already, 0 if they are none of its recipients, -1.
 */
int
q_announce_ack(struct db *db, int64_t announcement_id,
    const char *employee_id, time_t at)
{
	static const char *get = "SELECT acknowledged_at IS NOT NULL FROM "
	    "announcement_receipt WHERE announcement_id = ?1 AND "
	    "employee_id = ?2";
	static const char *set = "UPDATE announcement_receipt SET "
	    "acknowledged_at = ?3, delivered_at = coalesce(delivered_at, ?3) "
	    "WHERE announcement_id = ?1 AND employee_id = ?2 AND "
	    "acknowledged_at IS NULL";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, get)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, announcement_id);
	db_bind_text(stmt, 2, employee_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		rc = sqlite3_column_int(stmt, 0) ? 2 : 1;
	else
		rc = rc == SQLITE_DONE ? 0 : -1;
	db_done(stmt);
	if (rc != 1)
		return rc;
	if ((stmt = db_stmt(db, set)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, announcement_id);
	db_bind_text(stmt, 2, employee_id);
	sqlite3_bind_int64(stmt, 3, at);
	return db_run(db, stmt, __func__) == 0 ? 1 : -1;
}

/*
 * The sent announcements asking for acknowledgement whose reminders are
 * not all queued yet (at most limit).  Returns an array or NULL.
 */
struct announcement *
q_announce_remind_open(struct db *db, int limit, size_t *n)
{
	static const char *sql = "SELECT " ANN_COLUMNS " FROM announcement "
	    "WHERE status = 'sent' AND ack AND remind_after > 0 AND "
	    "NOT reminded ORDER BY sent_at, id LIMIT ?1";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int(stmt, 1, limit);
	return db_collect(stmt, sizeof(struct announcement),
	    announce_from_row, n);
}

/* Every reminder of the announcement is queued.  Returns 0 or -1. */
int
q_announce_reminded(struct db *db, int64_t id)
{
	return announce_update(db, "UPDATE announcement SET reminded = 1 "
	    "WHERE id = ?1 AND ?2 = ?2", id, 0) < 0 ? -1 : 0;
}

static void
receipt_from_row(sqlite3_stmt *stmt, void *p)
{
	struct receipt	*r = p;

	r->id = sqlite3_column_int64(stmt, 0);
	r->employee_id = db_column_text(stmt, 1);
}

/*
 * Up to limit recipients of announcement_id reached but not acknowledged
 * and not reminded yet.  Returns an array (receipt_array_free) or NULL.
 */
struct receipt *
q_announce_unacked(struct db *db, int64_t announcement_id, int limit,
    size_t *n)
{
	static const char *sql = "SELECT id, employee_id FROM "
	    "announcement_receipt WHERE announcement_id = ?1 AND "
	    "acknowledged_at IS NULL AND reminded_at IS NULL AND "
	    "delivered_at IS NOT NULL ORDER BY id LIMIT ?2";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, announcement_id);
	sqlite3_bind_int(stmt, 2, limit);
	return db_collect(stmt, sizeof(struct receipt), receipt_from_row, n);
}

/* The receipt's reminder was queued at.  Returns 0 or -1. */
int
q_announce_remind_mark(struct db *db, int64_t receipt, time_t at)
{
	return announce_update(db, "UPDATE announcement_receipt SET "
	    "reminded_at = ?2 WHERE id = ?1", receipt, at) < 0 ? -1 : 0;
}

void
receipt_array_free(struct receipt *r, size_t n)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < n; i++)
		free(r[i].employee_id);
	free(r);
}

/* The figures' SQL for each grouping (column names cannot be bound). */
static const char *const announce_count_sql[] = {
	"SELECT '', count(*), count(r.delivered_at), "
	"sum(o.status = 'failed'), count(r.acknowledged_at) FROM "
	"announcement_receipt r LEFT JOIN outbox o ON o.dedupe_key = "
	"'announce:' || r.id WHERE r.announcement_id = ?1",
	"SELECT coalesce(r.department, ''), count(*), count(r.delivered_at), "
	"sum(o.status = 'failed'), count(r.acknowledged_at) FROM "
	"announcement_receipt r LEFT JOIN outbox o ON o.dedupe_key = "
	"'announce:' || r.id WHERE r.announcement_id = ?1 GROUP BY 1 "
	"ORDER BY 1",
	"SELECT coalesce(r.job_level, ''), count(*), count(r.delivered_at), "
	"sum(o.status = 'failed'), count(r.acknowledged_at) FROM "
	"announcement_receipt r LEFT JOIN outbox o ON o.dedupe_key = "
	"'announce:' || r.id WHERE r.announcement_id = ?1 GROUP BY 1 "
	"ORDER BY 1",
};
static const char *const announce_ack_sql[] = {
	"SELECT '', r.acknowledged_at - coalesce(r.delivered_at, "
	"r.acknowledged_at) FROM announcement_receipt r WHERE "
	"r.announcement_id = ?1 AND r.acknowledged_at IS NOT NULL ORDER BY 2",
	"SELECT coalesce(r.department, ''), r.acknowledged_at - "
	"coalesce(r.delivered_at, r.acknowledged_at) FROM "
	"announcement_receipt r WHERE r.announcement_id = ?1 AND "
	"r.acknowledged_at IS NOT NULL ORDER BY 1, 2",
	"SELECT coalesce(r.job_level, ''), r.acknowledged_at - "
	"coalesce(r.delivered_at, r.acknowledged_at) FROM "
	"announcement_receipt r WHERE r.announcement_id = ?1 AND "
	"r.acknowledged_at IS NOT NULL ORDER BY 1, 2",
};

static void
figures_from_row(sqlite3_stmt *stmt, void *p)
{
	struct announce_figures	*f = p;

	f->group = db_column_text(stmt, 0);
	if (f->group == NULL)
		f->group = xstrdup("");
	f->targeted = sqlite3_column_int(stmt, 1);
	f->delivered = sqlite3_column_int(stmt, 2);
	f->failed = sqlite3_column_int(stmt, 3);
	f->acknowledged = sqlite3_column_int(stmt, 4);
	f->median_ack = -1;
}

/* The median of the sorted v[0..n), or -1 if n is 0. */
static long
announce_median(const long *v, size_t n)
{
	if (n == 0)
		return -1;
	if (n % 2 == 1)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Fills each group's median time to acknowledge. */
static int
announce_medians(struct db *db, int64_t id, enum announce_by by,
    struct announce_figures *f, size_t n)
{
	sqlite3_stmt	*stmt;
	long		*v = NULL;
	size_t		 nv = 0, cap = 0, g = 0;
	char		*group, *cur = NULL;

	if ((stmt = db_stmt(db, announce_ack_sql[by])) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	for (;;) {
		group = NULL;
		if (sqlite3_step(stmt) == SQLITE_ROW)
			group = db_column_text(stmt, 0);
		if (cur != NULL && (group == NULL || strcmp(group, cur) != 0)) {
			/* Both lists are ordered by group. */
			while (g < n && strcmp(f[g].group, cur) < 0)
				g++;
			if (g < n && strcmp(f[g].group, cur) == 0)
				f[g].median_ack = announce_median(v, nv);
			nv = 0;
			free(cur);
			cur = NULL;
		}
		if (group == NULL)
			break;
		if (cur == NULL)
			cur = group;
		else
			free(group);
		if (nv == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[nv++] = (long)sqlite3_column_int64(stmt, 1);
	}
	db_done(stmt);
	free(v);
	return 0;
}

/*
 * The figures of announcement id, as one total (ANNOUNCE_BY_ALL) or one
 * row per department or job level, in that key's order.  Returns an array
 * (announce_figures_free) or NULL with *n = 0.
 */
struct announce_figures *
q_announce_figures(struct db *db, int64_t id, enum announce_by by,
    size_t *n)
{
	struct announce_figures	*f;
	sqlite3_stmt		*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, announce_count_sql[by])) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	f = db_collect(stmt, sizeof *f, figures_from_row, n);
	if (by == ANNOUNCE_BY_ALL && *n == 1 && f[0].targeted == 0) {
		announce_figures_free(f, *n);
		*n = 0;
		return NULL;
	}
	announce_medians(db, id, by, f, *n);
	return f;
}

void
announce_figures_free(struct announce_figures *f, size_t n)
{
	size_t	i;

	if (f == NULL)
		return;
	for (i = 0; i < n; i++)
		free(f[i].group);
	free(f);
}

/*
 * Why deliveries of announcement id failed: each distinct reason with its
 * count, most frequent first.  OUT: *reasons, *counts (caller frees both,
 * and each reason).  Returns 0 or -1.
 */
int
q_announce_failures(struct db *db, int64_t id, char ***reasons,
    int **counts, size_t *n)
{
	static const char *sql = "SELECT coalesce(o.last_error, '?'), "
	    "count(*) FROM announcement_receipt r JOIN outbox o ON "
	    "o.dedupe_key = 'announce:' || r.id WHERE r.announcement_id = ?1 "
	    "AND o.status = 'failed' GROUP BY 1 ORDER BY 2 DESC, 1";
	sqlite3_stmt	*stmt;
	size_t		 cap = 0;

	*reasons = NULL;
	*counts = NULL;
	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			*reasons = xrealloc(*reasons, cap * sizeof **reasons);
			*counts = xrealloc(*counts, cap * sizeof **counts);
		}
		(*reasons)[*n] = db_column_text(stmt, 0);
		(*counts)[*n] = sqlite3_column_int(stmt, 1);
		(*n)++;
	}
	db_done(stmt);
	return 0;
}

/* The author's latest draft (announcement_free), or NULL if none. */
struct announcement *
q_announce_draft_of(struct db *db, const char *author)
{
	static const char *sql = "SELECT " ANN_COLUMNS " FROM announcement "
	    "WHERE author = ?1 AND status = 'draft' ORDER BY id DESC LIMIT 1";
	sqlite3_stmt		*stmt;
	struct announcement	*a;
	size_t			 n;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, author);
	a = db_collect(stmt, sizeof *a, announce_from_row, &n);
	if (n == 0) {
		free(a);
		return NULL;
	}
	return a;
}

/*
 * Saves the fields HR edits of a draft (a->id).  Returns 1, 0 if it is no
 * draft any more, or -1.
 */
int
q_announce_update(struct db *db, const struct announcement *a)
{
	static const char *sql = "UPDATE announcement SET author = ?1, "
	    "title = ?2, body = ?3, audience = ?4, channel = ?5, dm = ?6, "
	    "ack = ?7, remind_after = ?8, urgent = ?9, send_at = ?10, "
	    "every = ?12 WHERE id = ?11 AND status = 'draft'";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	announce_bind(stmt, a);
	sqlite3_bind_int64(stmt, 10, a->send_at);
	sqlite3_bind_int64(stmt, 11, a->id);
	db_bind_text(stmt, 12, a->every);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	return sqlite3_changes(db_handle(db));
}

#define SERIES_COLUMNS \
	"id, author, title, body, audience, channel, dm, ack, remind_after, " \
	"urgent, next_at, status, created_at, 0, id, editions, every"

static void
series_from_row(sqlite3_stmt *stmt, void *p)
{
	struct announce_series	*s = p;

	announce_from_row(stmt, &s->tmpl);
	s->every = s->tmpl.every;	/* the rule: column 16 in both */
	s->tmpl.every = NULL;
}

void
announce_series_array_free(struct announce_series *s, size_t n)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < n; i++) {
		announcement_clear(&s[i].tmpl);
		free(s[i].every);
	}
	free(s);
}

/*
 * Writes a series: its template (tmpl: send_at is the first edition's
 * time) and its rule.  OUT: *id.  Returns 0 or -1.
 */
int
q_series_insert(struct db *db, const struct announcement *t,
    const char *every, int64_t *id)
{
	static const char *sql =
	    "INSERT INTO announcement_series (author, title, body, audience, "
	    "channel, dm, ack, remind_after, urgent, every, next_at, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12)";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	announce_bind(stmt, t);
	db_bind_text(stmt, 10, every);
	sqlite3_bind_int64(stmt, 11, t->send_at);
	sqlite3_bind_int64(stmt, 12, t->created_at);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return 0;
}

/*
 * Active series whose next edition is due at now (at most limit), or all
 * active ones (now 0).  The template's send_at is next_at, its edition the
 * editions made so far.  Returns an array or NULL with *n = 0.
 */
struct announce_series *
q_series_due(struct db *db, time_t now, int limit, size_t *n)
{
	static const char *sql = "SELECT " SERIES_COLUMNS " FROM "
	    "announcement_series WHERE status = 'active' AND (?1 = 0 OR "
	    "next_at <= ?1) ORDER BY next_at, id LIMIT ?2";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_int(stmt, 2, limit);
	return db_collect(stmt, sizeof(struct announce_series),
	    series_from_row, n);
}

/* The earliest next_at of an active series.  Returns 1, 0 or -1. */
int
q_series_next(struct db *db, time_t *when)
{
	static const char *sql = "SELECT min(next_at) FROM "
	    "announcement_series WHERE status = 'active'";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	return announce_min(stmt, when);
}

/* The edition was made; the next is at next.  Returns 0 or -1. */
int
q_series_advance(struct db *db, int64_t id, time_t next)
{
	return announce_update(db, "UPDATE announcement_series SET "
	    "editions = editions + 1, next_at = ?2 WHERE id = ?1", id, next) <
	    0 ? -1 : 0;
}

/*
 * Stops a series: no more editions, and its scheduled ones are cancelled.
 * Returns 1, 0 if it was not active, or -1.
 */
int
q_series_cancel(struct db *db, int64_t id)
{
	int	rc;

	rc = announce_update(db, "UPDATE announcement_series SET status = "
	    "'cancelled' WHERE id = ?1 AND status = 'active' AND ?2 = ?2", id,
	    0);
	if (rc == 1 && announce_update(db, "UPDATE announcement SET status = "
	    "'cancelled' WHERE series_id = ?1 AND status IN ('draft', "
	    "'scheduled') AND ?2 = ?2", id, 0) < 0)
		return -1;
	return rc;
}

/*
 * Queues the direct message of every recipient of announcement id whose
 * chosen language is lang (lang NULL: every recipient not queued yet), in
 * one statement, so that a big audience costs the database's work and
 * no round trip a person.  The outbox key and ref are "announce:<receipt
 * id>", as the sender's on_sent hook reads them.  Returns the rows
 * queued, or -1.
 */
int
q_announce_queue_direct(struct db *db, int64_t id, const char *lang,
    const char *body, time_t now)
{
	static const char *sql =
	    "INSERT INTO outbox (dedupe_key, recipient, method, body, "
	    "not_before, created_at, ref) SELECT 'announce:' || r.id, "
	    "r.employee_id, 'direct', ?3, ?4 * 1000, ?4, 'announce:' || r.id "
	    "FROM announcement_receipt r WHERE r.announcement_id = ?1 AND "
	    "(?2 IS NULL OR (SELECT p.value FROM preference p WHERE "
	    "p.employee_id = r.employee_id AND p.key = 'language') = ?2) "
	    "ON CONFLICT (dedupe_key) DO NOTHING";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	db_bind_text(stmt, 2, lang);
	db_bind_text(stmt, 3, body);
	sqlite3_bind_int64(stmt, 4, now);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	return sqlite3_changes(db_handle(db));
}

/*
 * The languages the recipients of announcement id chose, each once.
 * Returns an array of *n strings (caller frees each and it), or NULL.
 */
char **
q_announce_languages(struct db *db, int64_t id, size_t *n)
{
	static const char *sql = "SELECT DISTINCT p.value FROM "
	    "announcement_receipt r JOIN preference p ON p.employee_id = "
	    "r.employee_id AND p.key = 'language' WHERE r.announcement_id = ?1";
	sqlite3_stmt	*stmt;
	char		**v = NULL;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = db_column_text(stmt, 0);
	}
	db_done(stmt);
	return v;
}
