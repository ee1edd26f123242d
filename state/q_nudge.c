/*
 * q_nudge.c: the nudges sent to people (for the weekly cap, the once-per-
 * subject rule and the figures), each kind's daily run, opt-outs, and the
 * facts the nudge kinds are drawn from (who sent or received I-messages
 * when, who met whom in a class).  Which nudge to send is the handlers'.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

/* Steps a statement returning one integer.  Returns it, or -1. */
static int
q_nudge_int(struct db *db, sqlite3_stmt *stmt, const char *caller)
{
	int	rc, v = -1;

	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	else
		log_warnx("%s: %s", caller, db_errmsg(db));
	db_done(stmt);
	return v;
}

/* How many nudges a person has had queued in week.  Returns it or -1. */
int
q_nudge_week_count(struct db *db, const char *employee_id, const char *week)
{
	static const char *sql = "SELECT count(*) FROM nudge_log WHERE "
	    "employee_id = ?1 AND week = ?2";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	db_bind_text(stmt, 2, week);
	return q_nudge_int(db, stmt, __func__);
}

/*
 * Records a nudge as queued, in the transaction that queues its outbox
 * row.  OUT: *id.  Returns 1 if new, 0 if this person had this kind about
 * this subject before, or -1.
 */
int
q_nudge_add(struct db *db, const char *employee_id, const char *kind,
    const char *subject, const char *week, time_t now, int64_t *id)
{
	static const char *sql = "INSERT INTO nudge_log (employee_id, kind, "
	    "subject, week, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
	    "ON CONFLICT DO NOTHING";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	db_bind_text(stmt, 2, kind);
	sqlite3_bind_text(stmt, 3, subject, -1, SQLITE_TRANSIENT);
	db_bind_text(stmt, 4, week);
	sqlite3_bind_int64(stmt, 5, now);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	if (sqlite3_changes(db_handle(db)) != 1)
		return 0;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return 1;
}

/* The outbox delivered nudge id at at.  Returns 0 or -1. */
int
q_nudge_sent(struct db *db, int64_t id, time_t at)
{
	static const char *sql = "UPDATE nudge_log SET sent_at = ?2 WHERE "
	    "id = ?1 AND sent_at IS NULL";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, at);
	return db_run(db, stmt, __func__);
}

/*
 * When a person last had a nudge of kind queued.  OUT: *at.  Returns 1, 0
 * if never, or -1.
 */
int
q_nudge_last(struct db *db, const char *employee_id, const char *kind,
    time_t *at)
{
	static const char *sql = "SELECT max(created_at) FROM nudge_log "
	    "WHERE employee_id = ?1 AND kind = ?2";
	sqlite3_stmt	*stmt;
	int		 rc;

	*at = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	db_bind_text(stmt, 2, kind);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		*at = sqlite3_column_int64(stmt, 0);
	db_done(stmt);
	if (rc != SQLITE_ROW)
		return -1;
	return *at != 0;
}

/* Whether kind's run of day ("2024-06-03") is done.  Returns 1, 0 or -1. */
int
q_nudge_run_done(struct db *db, const char *kind, const char *day)
{
	static const char *sql = "SELECT EXISTS (SELECT 1 FROM nudge_run "
	    "WHERE kind = ?1 AND day = ?2)";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, kind);
	db_bind_text(stmt, 2, day);
	return q_nudge_int(db, stmt, __func__);
}

/* Marks kind's run of day done.  Returns 0 or -1. */
int
q_nudge_run_mark(struct db *db, const char *kind, const char *day, time_t now)
{
	static const char *sql = "INSERT INTO nudge_run (kind, day, done_at) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, kind);
	db_bind_text(stmt, 2, day);
	sqlite3_bind_int64(stmt, 3, now);
	return db_run(db, stmt, __func__);
}

/* Records that a person turned nudges of kind ("" all) off.  0 or -1. */
int
q_nudge_optout(struct db *db, const char *employee_id, const char *kind,
    time_t now)
{
	static const char *sql = "INSERT INTO nudge_optout (employee_id, kind, "
	    "at) VALUES (?1, ?2, ?3)";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, now);
	return db_run(db, stmt, __func__);
}

/*
 * When a person last sent (received) an I-message.  OUT: *at, 0 if never.
 * Returns 0 or -1.
 */
int
q_nudge_last_imessage(struct db *db, const char *employee_id, bool received,
    time_t *at)
{
	static const char *sent = "SELECT coalesce(max(created_at), 0) FROM "
	    "imessage WHERE sender = ?1";
	static const char *recv = "SELECT coalesce(max(created_at), 0) FROM "
	    "imessage WHERE recipient = ?1";
	sqlite3_stmt	*stmt;
	int		 rc;

	*at = 0;
	if ((stmt = db_stmt(db, received ? recv : sent)) == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*at = sqlite3_column_int64(stmt, 0);
	db_done(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

static void
q_nudge_person_row(sqlite3_stmt *stmt, void *p)
{
	struct nudge_person	*np = p;

	np->employee_id = db_column_text(stmt, 0);
	np->name = db_column_text(stmt, 1);
	np->id = sqlite3_column_int64(stmt, 2);
	np->at = sqlite3_column_int64(stmt, 3);
	np->code = db_column_text(stmt, 4);
	np->title = db_column_text(stmt, 5);
	np->skills = db_column_text(stmt, 6);
}

/* Who went to the same class as employee_id: "enrolled" or "completed". */
#define Q_NUDGE_MET "e.status IN ('enrolled', 'completed')"

/*
 * Active colleagues who attended a class with employee_id that ended in
 * [from, to), the latest class first: id is the class, at its end, code
 * and title the course's.  Returns an array of at most limit (caller frees
 * with nudge_people_free), NULL with *n = 0 if none.
 */
struct nudge_person *
q_nudge_classmates(struct db *db, const char *employee_id, time_t from,
    time_t to, int limit, size_t *n)
{
	static const char *sql = "SELECT s.employee_id, s.name, k.id, "
	    "k.ends_at, c.code, c.title, c.skills FROM enrollment me JOIN "
	    "class k ON k.id = me.class_id JOIN course c ON c.id = k.course_id "
	    "JOIN enrollment e ON e.class_id = k.id AND e.employee_id <> "
	    "me.employee_id AND " Q_NUDGE_MET " JOIN staff s ON s.employee_id "
	    "= e.employee_id AND s.active WHERE me.employee_id = ?1 AND "
	    "me.status IN ('enrolled', 'completed') AND k.status = 'scheduled' "
	    "AND k.ends_at >= ?2 AND k.ends_at < ?3 ORDER BY k.ends_at DESC, "
	    "s.employee_id LIMIT ?4";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, from);
	sqlite3_bind_int64(stmt, 3, to);
	sqlite3_bind_int(stmt, 4, limit);
	return db_collect(stmt, sizeof(struct nudge_person),
	    q_nudge_person_row, n);
}

/*
 * The active colleague of employee_id's own section whom they recognised
 * least recently (never first), so that a suggestion spreads.  Returns
 * the person (caller frees with nudge_people_free(p, 1)) or NULL.
 */
struct nudge_person *
q_nudge_unit_mate(struct db *db, const char *employee_id)
{
	static const char *sql = "SELECT s.employee_id, s.name, 0, "
	    "coalesce((SELECT max(i.created_at) FROM imessage i WHERE "
	    "i.sender = ?1 AND i.recipient = s.employee_id), 0) AS last, "
	    "NULL, NULL, NULL FROM staff me JOIN staff s ON s.section = "
	    "me.section AND s.employee_id <> me.employee_id AND s.active "
	    "WHERE me.employee_id = ?1 ORDER BY last, s.employee_id LIMIT 1";
	sqlite3_stmt	*stmt;
	size_t		 n;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	return db_collect(stmt, sizeof(struct nudge_person),
	    q_nudge_person_row, &n);
}

/*
 * A manager's active direct reports who have received no I-message since
 * since, by employee id.  Returns an array (caller frees with
 * nudge_people_free), NULL with *n = 0 if none.
 */
struct nudge_person *
q_nudge_unrecognised(struct db *db, const char *manager_id, time_t since,
    size_t *n)
{
	static const char *sql = "SELECT s.employee_id, s.name, 0, 0, NULL, "
	    "NULL, NULL FROM staff s WHERE s.manager_id = ?1 AND s.active AND "
	    "NOT EXISTS (SELECT 1 FROM imessage i WHERE i.recipient = "
	    "s.employee_id AND i.created_at >= ?2) ORDER BY s.employee_id";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, manager_id);
	sqlite3_bind_int64(stmt, 2, since);
	return db_collect(stmt, sizeof(struct nudge_person),
	    q_nudge_person_row, n);
}

/*
 * The classes employee_id attended (enrolled or completed, not cancelled)
 * that ended in [from, to): id the class, at its end, code, title and
 * skills of the course.  Returns an array (caller frees with
 * nudge_people_free), NULL with *n = 0 if none.
 */
struct nudge_person *
q_nudge_attended(struct db *db, const char *employee_id, time_t from,
    time_t to, size_t *n)
{
	static const char *sql = "SELECT e.employee_id, NULL, k.id, k.ends_at, "
	    "c.code, c.title, c.skills FROM enrollment e JOIN class k ON "
	    "k.id = e.class_id JOIN course c ON c.id = k.course_id WHERE "
	    "e.employee_id = ?1 AND " Q_NUDGE_MET " AND k.status = "
	    "'scheduled' AND k.ends_at >= ?2 AND k.ends_at < ?3 ORDER BY "
	    "k.ends_at, k.id";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, from);
	sqlite3_bind_int64(stmt, 3, to);
	return db_collect(stmt, sizeof(struct nudge_person),
	    q_nudge_person_row, n);
}

/*
 * The I-messages employee_id received in [from, to) and has not answered
 * (sent nothing back to that sender since), oldest first: employee_id and
 * name are the sender's, id the I-message's, at when it came.  Returns an
 * array (caller frees with nudge_people_free), NULL with *n = 0 if none.
 */
struct nudge_person *
q_nudge_unanswered(struct db *db, const char *employee_id, time_t from,
    time_t to, size_t *n)
{
	static const char *sql = "SELECT i.sender, s.name, i.id, i.created_at, "
	    "NULL, NULL, NULL FROM imessage i JOIN staff s ON s.employee_id = "
	    "i.sender AND s.active WHERE i.recipient = ?1 AND i.created_at >= "
	    "?2 AND i.created_at < ?3 AND i.thanked_at IS NULL AND "
	    "i.withdrawn_at IS NULL AND i.hidden_at IS NULL AND NOT EXISTS "
	    "(SELECT 1 FROM imessage b WHERE b.sender = i.recipient AND "
	    "b.recipient = i.sender AND b.created_at >= i.created_at) "
	    "ORDER BY i.created_at, i.id";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, from);
	sqlite3_bind_int64(stmt, 3, to);
	return db_collect(stmt, sizeof(struct nudge_person),
	    q_nudge_person_row, n);
}

void
nudge_people_free(struct nudge_person *p, size_t n)
{
	size_t	i;

	for (i = 0; p != NULL && i < n; i++) {
		free(p[i].employee_id);
		free(p[i].name);
		free(p[i].code);
		free(p[i].title);
		free(p[i].skills);
	}
	free(p);
}

static void
q_nudge_stat_row(sqlite3_stmt *stmt, void *p)
{
	struct nudge_stat	*s = p;

	s->kind = db_column_text(stmt, 0);
	s->department = db_column_text(stmt, 1);
	s->queued = sqlite3_column_int(stmt, 2);
	s->sent = sqlite3_column_int(stmt, 3);
	s->acted = sqlite3_column_int(stmt, 4);
	s->optouts = sqlite3_column_int(stmt, 5);
}

/*
 * The nudges queued in [from, to) by kind and department: queued, sent,
 * acted on (the person sent an I-message or enrolled in a course within
 * NUDGE_ACT_DAYS of it) and opt-outs in the same period (kind "" = all
 * kinds at once).  Returns an array (caller frees with nudge_stats_free),
 * NULL with *n = 0 if none.
 */
struct nudge_stat *
q_nudge_stats(struct db *db, time_t from, time_t to, size_t *n)
{
	static const char *sql = "WITH acts AS (SELECT n.kind, "
	    "coalesce(s.department, '') AS dept, n.sent_at, "
	    "(EXISTS (SELECT 1 FROM imessage i WHERE i.sender = n.employee_id "
	    "AND i.created_at >= n.created_at AND i.created_at < n.created_at "
	    "+ ?3) OR EXISTS (SELECT 1 FROM enrollment e WHERE e.employee_id = "
	    "n.employee_id AND e.created_at >= n.created_at AND e.created_at < "
	    "n.created_at + ?3)) AS acted FROM nudge_log n JOIN staff s ON "
	    "s.employee_id = n.employee_id WHERE n.created_at >= ?1 AND "
	    "n.created_at < ?2), outs AS (SELECT o.kind, coalesce(s.department, "
	    "'') AS dept, count(*) AS c FROM nudge_optout o JOIN staff s ON "
	    "s.employee_id = o.employee_id WHERE o.at >= ?1 AND o.at < ?2 "
	    "GROUP BY 1, 2), keys AS (SELECT kind, dept FROM acts UNION "
	    "SELECT kind, dept FROM outs) SELECT k.kind, k.dept, "
	    "(SELECT count(*) FROM acts a WHERE a.kind = k.kind AND a.dept = "
	    "k.dept), (SELECT count(a.sent_at) FROM acts a WHERE a.kind = "
	    "k.kind AND a.dept = k.dept), (SELECT coalesce(sum(a.acted), 0) "
	    "FROM acts a WHERE a.kind = k.kind AND a.dept = k.dept), "
	    "coalesce((SELECT c FROM outs o WHERE o.kind = k.kind AND o.dept = "
	    "k.dept), 0) FROM keys k ORDER BY k.kind, k.dept";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)NUDGE_ACT_DAYS * 86400);
	return db_collect(stmt, sizeof(struct nudge_stat), q_nudge_stat_row,
	    n);
}

void
nudge_stats_free(struct nudge_stat *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(s[i].kind);
		free(s[i].department);
	}
	free(s);
}

/*
 * The next at most limit active staff after employee id after ("" for
 * the first), in employee id order, so that a run goes on where its last
 * slice stopped.  Returns their ids (caller frees with nudge_ids_free),
 * NULL with *n = 0 if none.
 */
char **
q_nudge_people(struct db *db, const char *after, int limit, size_t *n)
{
	static const char *sql = "SELECT employee_id FROM staff WHERE "
	    "employee_id > ?1 AND active ORDER BY employee_id LIMIT ?2";
	sqlite3_stmt	*stmt;
	char		**ids = NULL;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_text(stmt, 1, after, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 2, limit);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		ids = xrealloc(ids, (*n + 1) * sizeof *ids);
		ids[(*n)++] = db_column_text(stmt, 0);
	}
	db_done(stmt);
	return ids;
}

void
nudge_ids_free(char **ids, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}
