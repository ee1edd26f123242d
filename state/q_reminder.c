/*
 * q_reminder.c: planned course reminders.  Each row is one reminder for
 * one enrolment; (enrollment, kind) is unique and kind names the offset and
 * the class start it was planned for, so a restart or a re-plan never makes
 * a second one.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

#define REMINDER_COLUMNS \
	"r.id, r.enrollment_id, e.employee_id, r.kind, r.due_at, " \
	"r.useful_until, c.code, c.title, coalesce(k.starts_at, 0), " \
	"c.window_label, coalesce(c.window_to, 0), " \
	"coalesce(k.location, (SELECT location FROM session s WHERE " \
	"s.class_id = k.id ORDER BY seq LIMIT 1)), " \
	"NOT EXISTS (SELECT 1 FROM session s WHERE s.class_id = k.id AND " \
	"NOT s.times_known)"
#define REMINDER_FROM \
	" FROM reminder r JOIN enrollment e ON e.id = r.enrollment_id " \
	"JOIN course c ON c.id = e.course_id " \
	"LEFT JOIN class k ON k.id = e.class_id "

void
reminder_array_free(struct reminder *a, size_t n)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(a[i].employee_id);
		free(a[i].kind);
		free(a[i].code);
		free(a[i].title);
		free(a[i].window_label);
		free(a[i].location);
	}
	free(a);
}

static void
reminder_from_row(sqlite3_stmt *stmt, void *p)
{
	struct reminder	*r = p;

	r->id = sqlite3_column_int64(stmt, 0);
	r->enrollment_id = sqlite3_column_int64(stmt, 1);
	r->employee_id = db_column_text(stmt, 2);
	r->kind = db_column_text(stmt, 3);
	r->due_at = (time_t)sqlite3_column_int64(stmt, 4);
	r->useful_until = (time_t)sqlite3_column_int64(stmt, 5);
	r->code = db_column_text(stmt, 6);
	r->title = db_column_text(stmt, 7);
	r->class_start = (time_t)sqlite3_column_int64(stmt, 8);
	r->window_label = db_column_text(stmt, 9);
	r->window_to = (time_t)sqlite3_column_int64(stmt, 10);
	r->location = db_column_text(stmt, 11);
	r->class_times = sqlite3_column_int(stmt, 12) != 0;
}

static struct reminder *
reminder_collect(sqlite3_stmt *stmt, size_t *n)
{
	return db_collect(stmt, sizeof(struct reminder), reminder_from_row, n);
}

/* Plans a reminder; an existing (enrollment, kind) is left alone. */
int
q_reminder_add(struct db *db, int64_t enrollment_id, const char *kind,
    time_t due_at, time_t useful_until)
{
	static const char *sql =
	    "INSERT INTO reminder (enrollment_id, kind, due_at, useful_until) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (enrollment_id, kind) "
	    "DO NOTHING";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, enrollment_id);
	db_bind_text(stmt, 2, kind);
	sqlite3_bind_int64(stmt, 3, due_at);
	sqlite3_bind_int64(stmt, 4, useful_until);
	return db_run(db, stmt, __func__);
}

/* Drops an enrolment's reminders not yet sent (cancelled, moved, done). */
int
q_reminder_drop(struct db *db, int64_t enrollment_id)
{
	/* "+status": look rows up by enrolment, not among all pending. */
	static const char *sql = "DELETE FROM reminder WHERE "
	    "enrollment_id = ?1 AND +status = 'pending'";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, enrollment_id);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The pending reminders due at now and still useful of at most people
 * persons, grouped by person (so that a caller can merge each person's into
 * one digest), soonest class first.  A person's are never split between
 * two calls.  Caller frees.
 *
 * Why two steps: a run may find thousands of people due, and the loop must
 * not sort them all for every slice.  The CTE takes the first few people
 * off the due-time index (the "+" keeps the planner on it: most pending
 * reminders are useful, few are due); only their rows are then read, by
 * person, and sorted (there the "+"s keep the planner on the person's
 * enrolments rather than on all pending reminders).
 */
struct reminder *
q_reminder_due(struct db *db, time_t now, int people, size_t *n)
{
	static const char *sql = "WITH who(employee_id) AS (SELECT DISTINCT "
	    "e.employee_id FROM reminder r JOIN enrollment e ON "
	    "e.id = r.enrollment_id WHERE r.status = 'pending' AND "
	    "r.due_at <= ?1 AND +r.useful_until > ?1 AND "
	    "e.status = 'enrolled' LIMIT ?2) "
	    "SELECT " REMINDER_COLUMNS " FROM who JOIN enrollment e ON "
	    "e.employee_id = who.employee_id AND e.status = 'enrolled' "
	    "JOIN reminder r ON r.enrollment_id = e.id "
	    "JOIN course c ON c.id = e.course_id "
	    "LEFT JOIN class k ON k.id = e.class_id "
	    "WHERE +r.status = 'pending' AND +r.due_at <= ?1 AND "
	    "+r.useful_until > ?1 "
	    "ORDER BY e.employee_id, coalesce(k.starts_at, c.window_to), "
	    "e.id, r.id";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_int(stmt, 2, people);
	return reminder_collect(stmt, n);
}

/* A person's next pending reminders, soonest first (caller frees). */
struct reminder *
q_reminder_upcoming(struct db *db, const char *employee_id, time_t now,
    int limit, size_t *n)
{
	static const char *sql = "SELECT " REMINDER_COLUMNS REMINDER_FROM
	    "WHERE e.employee_id = ?1 AND r.status = 'pending' AND "
	    "r.useful_until > ?2 AND e.status = 'enrolled' "
	    "ORDER BY r.due_at, r.id LIMIT ?3";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, now);
	sqlite3_bind_int(stmt, 3, limit);
	return reminder_collect(stmt, n);
}

int
q_reminder_mark(struct db *db, int64_t id, const char *status)
{
	static const char *sql = "UPDATE reminder SET status = ?2 WHERE id = ?1";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	db_bind_text(stmt, 2, status);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Marks skipped at most limit pending reminders that are no longer useful
 * (the class has started: a late reminder would only confuse).  After a
 * long downtime there may be tens of thousands; a bounded batch keeps one
 * run short.  Returns how many, or -1.
 */
int
q_reminder_skip_stale(struct db *db, time_t now, int limit)
{
	static const char *sql = "UPDATE reminder SET status = 'skipped' "
	    "WHERE id IN (SELECT id FROM reminder WHERE status = 'pending' "
	    "AND useful_until <= ?1 LIMIT ?2)";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_int(stmt, 2, limit);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	return rc == SQLITE_DONE ? sqlite3_changes(db_handle(db)) : -1;
}

/* OUT: *when, the earliest pending reminder.  Returns 1, 0 (none), -1. */
int
q_reminder_next(struct db *db, time_t *when)
{
	static const char *sql = "SELECT min(due_at) FROM reminder "
	    "WHERE status = 'pending'";
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
