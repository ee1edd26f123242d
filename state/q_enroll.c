/*
 * q_enroll.c: who is enrolled in which course and class, and the waitlist.
 * A person holds at most one active enrolment per course (a partial unique
 * index), so a repeated `enroll` cannot double-book.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

#define ENROLL_COLUMNS \
	"e.id, e.employee_id, e.course_id, coalesce(e.class_id, 0), " \
	"e.status, e.created_at, c.code, c.title, " \
	"coalesce(k.starts_at, 0), coalesce(k.ends_at, 0), c.window_label"
#define ENROLL_FROM \
	" FROM enrollment e JOIN course c ON c.id = e.course_id " \
	"LEFT JOIN class k ON k.id = e.class_id "

void
enrollment_clear(struct enrollment *e)
{
	free(e->employee_id);
	free(e->status);
	free(e->code);
	free(e->title);
	free(e->window_label);
	memset(e, 0, sizeof *e);
}

void
enrollment_array_free(struct enrollment *a, size_t n)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < n; i++)
		enrollment_clear(&a[i]);
	free(a);
}

static void
enroll_from_row(sqlite3_stmt *stmt, void *p)
{
	struct enrollment	*e = p;

	e->id = sqlite3_column_int64(stmt, 0);
	e->employee_id = db_column_text(stmt, 1);
	e->course_id = sqlite3_column_int64(stmt, 2);
	e->class_id = sqlite3_column_int64(stmt, 3);
	e->status = db_column_text(stmt, 4);
	e->created_at = (time_t)sqlite3_column_int64(stmt, 5);
	e->code = db_column_text(stmt, 6);
	e->title = db_column_text(stmt, 7);
	e->starts_at = (time_t)sqlite3_column_int64(stmt, 8);
	e->ends_at = (time_t)sqlite3_column_int64(stmt, 9);
	e->window_label = db_column_text(stmt, 10);
}

static struct enrollment *
enroll_collect(sqlite3_stmt *stmt, size_t *n)
{
	return db_collect(stmt, sizeof(struct enrollment), enroll_from_row, n);
}

/* Copies the one row of stmt into *e.  Returns 1, 0 (none) or -1. */
static int
enroll_one(sqlite3_stmt *stmt, struct enrollment *e)
{
	struct enrollment	*a;
	size_t			 n;

	memset(e, 0, sizeof *e);
	a = enroll_collect(stmt, &n);
	if (n == 0)
		return 0;
	*e = a[0];
	a[0].employee_id = a[0].status = a[0].code = a[0].title = NULL;
	a[0].window_label = NULL;
	enrollment_array_free(a, n);
	return 1;
}

/*
 * The person's enrolled, waitlisted or completed record for a course.
 * OUT: *e (clear it).  Returns 1 found, 0 none, -1 error.
 */
int
q_enroll_active(struct db *db, const char *employee_id, int64_t course_id,
    struct enrollment *e)
{
	static const char *sql = "SELECT " ENROLL_COLUMNS ENROLL_FROM
	    "WHERE e.employee_id = ?1 AND e.course_id = ?2 AND "
	    "e.status IN ('enrolled', 'waitlisted', 'completed')";
	sqlite3_stmt	*stmt;

	memset(e, 0, sizeof *e);
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, course_id);
	return enroll_one(stmt, e);
}

struct enrollment *
q_enroll_get(struct db *db, int64_t id)
{
	static const char *sql = "SELECT " ENROLL_COLUMNS ENROLL_FROM
	    "WHERE e.id = ?1";
	sqlite3_stmt	*stmt;
	size_t		 n;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	return enroll_collect(stmt, &n);
}

/* Inserts an enrolment (class_id 0 for none).  OUT: *id.  Returns 0/-1. */
int
q_enroll_insert(struct db *db, const char *employee_id, int64_t course_id,
    int64_t class_id, const char *status, const char *recommended_by,
    time_t now, int64_t *id)
{
	static const char *sql =
	    "INSERT INTO enrollment (employee_id, course_id, class_id, status, "
	    "recommended_by, created_at, updated_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?6)";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, course_id);
	if (class_id != 0)
		sqlite3_bind_int64(stmt, 3, class_id);
	db_bind_text(stmt, 4, status);
	db_bind_text(stmt, 5, recommended_by);
	sqlite3_bind_int64(stmt, 6, now);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, db_errmsg(db));
		return -1;
	}
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return 0;
}

/* Sets an enrolment's status and class (0 keeps the class). */
int
q_enroll_set(struct db *db, int64_t id, const char *status, int64_t class_id,
    time_t now)
{
	static const char *sql =
	    "UPDATE enrollment SET status = ?2, updated_at = ?3, "
	    "class_id = coalesce(?4, class_id), completed_at = CASE WHEN "
	    "?2 = 'completed' THEN ?3 ELSE completed_at END WHERE id = ?1";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	db_bind_text(stmt, 2, status);
	sqlite3_bind_int64(stmt, 3, now);
	if (class_id != 0)
		sqlite3_bind_int64(stmt, 4, class_id);
	return db_run(db, stmt, __func__);
}

/* The longest-waiting person on a class's waitlist.  Returns 1, 0, -1. */
int
q_enroll_first_waiting(struct db *db, int64_t class_id, struct enrollment *e)
{
	static const char *sql = "SELECT " ENROLL_COLUMNS ENROLL_FROM
	    "WHERE e.class_id = ?1 AND e.status = 'waitlisted' "
	    "ORDER BY e.created_at, e.id LIMIT 1";
	sqlite3_stmt	*stmt;

	memset(e, 0, sizeof *e);
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, class_id);
	return enroll_one(stmt, e);
}

/* Runs sql with ?1 employee_id and ?2 fy (caller frees the result). */
static struct enrollment *
enroll_by_person(struct db *db, const char *sql, const char *employee_id,
    int fy, size_t *n)
{
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int(stmt, 2, fy);
	return enroll_collect(stmt, n);
}

/* Runs sql with ?1 class_id (caller frees the result). */
static struct enrollment *
enroll_by_class(struct db *db, const char *sql, int64_t class_id, size_t *n)
{
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, class_id);
	return enroll_collect(stmt, n);
}

/* A person's enrolments in fiscal year fy, soonest first (caller frees). */
struct enrollment *
q_enroll_mine(struct db *db, const char *employee_id, int fy, size_t *n)
{
	static const char *sql = "SELECT " ENROLL_COLUMNS ENROLL_FROM
	    "WHERE e.employee_id = ?1 AND c.fiscal_year = ?2 AND "
	    "e.status IN ('enrolled', 'waitlisted', 'completed') "
	    "ORDER BY coalesce(k.starts_at, c.window_from, 0), c.code";

	return enroll_by_person(db, sql, employee_id, fy, n);
}

/* Active enrolments of a class, enrolled first (caller frees). */
struct enrollment *
q_enroll_of_class(struct db *db, int64_t class_id, size_t *n)
{
	static const char *sql = "SELECT " ENROLL_COLUMNS ENROLL_FROM
	    "WHERE e.class_id = ?1 AND e.status IN ('enrolled', 'waitlisted') "
	    "ORDER BY e.status, e.created_at, e.id";

	return enroll_by_class(db, sql, class_id, n);
}

/* The ids of the enrolled (not waiting) in fiscal year fy (caller frees). */
int64_t *
q_enroll_ids(struct db *db, int fy, size_t *n)
{
	static const char *sql = "SELECT e.id FROM enrollment e JOIN course c "
	    "ON c.id = e.course_id WHERE c.fiscal_year = ?1 AND "
	    "e.status = 'enrolled' ORDER BY e.id";
	sqlite3_stmt	*stmt;
	int64_t		*a = NULL;
	size_t		 cap = 0;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int(stmt, 1, fy);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			a = xrealloc(a, cap * sizeof *a);
		}
		a[(*n)++] = sqlite3_column_int64(stmt, 0);
	}
	db_done(stmt);
	return a;
}

/*
 * Records that a person finished a course: their active enrolment becomes
 * completed, or a completed record is made.  Returns 0 or -1.
 */
int
q_enroll_complete(struct db *db, const char *employee_id, int64_t course_id,
    time_t when)
{
	struct enrollment	e;
	int64_t			id;
	int			rc;

	rc = q_enroll_active(db, employee_id, course_id, &e);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		rc = q_enroll_insert(db, employee_id, course_id, 0,
		    "completed", NULL, when, &id);
		if (rc == 0)
			rc = q_enroll_set(db, id, "completed", 0, when);
	} else
		rc = q_enroll_set(db, e.id, "completed", 0, when);
	if (rc == 0 && e.id != 0)
		rc = q_reminder_drop(db, e.id);
	enrollment_clear(&e);
	return rc;
}

/*
 * The place of a waitlisted enrolment on its class's list: 1 for the
 * next to get a seat.  Returns it, or 0 if the enrolment is not waiting.
 */
int
q_enroll_wait_position(struct db *db, int64_t enrollment_id)
{
	static const char *sql =
	    "SELECT count(*) FROM enrollment w JOIN enrollment e ON "
	    "e.id = ?1 AND e.status = 'waitlisted' WHERE w.class_id = "
	    "e.class_id AND w.status = 'waitlisted' AND (w.created_at < "
	    "e.created_at OR (w.created_at = e.created_at AND w.id <= e.id))";
	sqlite3_stmt	*stmt;
	int		 n = 0;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return 0;
	sqlite3_bind_int64(stmt, 1, enrollment_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	db_done(stmt);
	return n;
}

/*
 * The enrolments of employee_id in fiscal year fy that ended because
 * their class was cancelled, so that a calendar can show the cancellation.
 * Returns *n of them (caller frees), or NULL.
 */
struct enrollment *
q_enroll_class_cancelled(struct db *db, const char *employee_id, int fy,
    size_t *n)
{
	static const char *sql = "SELECT " ENROLL_COLUMNS ENROLL_FROM
	    "WHERE e.employee_id = ?1 AND c.fiscal_year = ?2 AND "
	    "e.status = 'cancelled' AND k.status = 'cancelled' AND NOT EXISTS "
	    "(SELECT 1 FROM enrollment a WHERE a.employee_id = e.employee_id "
	    "AND a.class_id = e.class_id AND a.id > e.id) "
	    "ORDER BY k.starts_at, c.code";

	return enroll_by_person(db, sql, employee_id, fy, n);
}

/*
 * The people whose enrolment in class_id ended when it was cancelled (and
 * who have not enrolled again), so that they can be told it is back.
 * Returns *n enrolments (caller frees), or NULL.
 */
struct enrollment *
q_enroll_of_cancelled_class(struct db *db, int64_t class_id, size_t *n)
{
	static const char *sql = "SELECT " ENROLL_COLUMNS ENROLL_FROM
	    "WHERE e.class_id = ?1 AND e.status = 'cancelled' AND NOT EXISTS "
	    "(SELECT 1 FROM enrollment a WHERE a.employee_id = e.employee_id "
	    "AND a.course_id = e.course_id AND a.id > e.id) ORDER BY e.id";

	return enroll_by_class(db, sql, class_id, n);
}
