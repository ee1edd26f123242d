/*
 * q_team.c: whether someone is in a manager's line, and the courses
 * managers have endorsed (推薦) to the people in it.  The people themselves
 * are read by q_staff.c.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

/* Returns 1 if employee_id reports to manager_id at any depth, 0, or -1. */
int
q_team_in_line(struct db *db, const char *manager_id, const char *employee_id)
{
	static const char *sql = "WITH RECURSIVE up(id, depth) AS ("
	    "SELECT manager_id, 1 FROM staff WHERE employee_id = ?2 "
	    "UNION SELECT s.manager_id, up.depth + 1 FROM staff s JOIN up ON "
	    "s.employee_id = up.id WHERE up.depth < " STATE_LINE_DEPTH_SQL ") "
	    "SELECT 1 FROM up WHERE id = ?1";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, manager_id);
	db_bind_text(stmt, 2, employee_id);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Records an endorsement.  Returns 1 if new, 0 if made before, -1. */
int
q_endorse_add(struct db *db, const char *manager_id, const char *employee_id,
    int64_t course_id, time_t now)
{
	static const char *sql = "INSERT INTO endorsement (manager_id, "
	    "employee_id, course_id, created_at) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT DO NOTHING";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, manager_id);
	db_bind_text(stmt, 2, employee_id);
	sqlite3_bind_int64(stmt, 3, course_id);
	sqlite3_bind_int64(stmt, 4, now);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, db_errmsg(db));
		return -1;
	}
	return sqlite3_changes(db_handle(db)) == 1;
}

/* The courses of fiscal year fy endorsed to a person (caller frees). */
int64_t *
q_endorse_courses(struct db *db, const char *employee_id, int fy, size_t *n)
{
	static const char *sql = "SELECT DISTINCT e.course_id FROM "
	    "endorsement e JOIN course c ON c.id = e.course_id WHERE "
	    "e.employee_id = ?1 AND c.fiscal_year = ?2";
	sqlite3_stmt	*stmt;
	int64_t		*a = NULL;
	size_t		 cap = 0;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int(stmt, 2, fy);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			a = xrealloc(a, cap * sizeof *a);
		}
		a[(*n)++] = sqlite3_column_int64(stmt, 0);
	}
	db_done(stmt);
	return a;
}

/* Who the digest is for: an active person with active direct reports. */
#define TEAM_DIGEST_WANTS \
	"m.active AND EXISTS (SELECT 1 FROM staff r WHERE r.manager_id = " \
	"m.employee_id AND r.active) AND NOT EXISTS (SELECT 1 FROM " \
	"preference p WHERE p.employee_id = m.employee_id AND " \
	"p.key = 'digest' AND p.value = 'off') AND NOT EXISTS (SELECT 1 " \
	"FROM outbox o WHERE o.dedupe_key = 'digest:' || m.employee_id || " \
	"':' || ?1)"

/*
 * Whether a manager who wants the monthly digest has no digest for month
 * ("2024-07") in the outbox yet.  It reads the whole staff table, so the
 * scheduler asks only when the job's inputs changed, never per request.
 * Returns 1, 0 or -1.
 */
int
q_team_digest_pending(struct db *db, const char *month)
{
	static const char *sql = "SELECT EXISTS (SELECT 1 FROM staff m WHERE "
	    TEAM_DIGEST_WANTS ")";
	sqlite3_stmt	*stmt;
	int		 n = -1;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, month);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	db_done(stmt);
	return n;
}

/*
 * The next at most limit managers after employee id after ("" for the
 * first) who want the digest of month and have not had it, in employee id
 * order, so that a run can go on where its last slice stopped.  Only
 * employee_id is set.  Returns an array (caller frees with
 * staff_array_free) or NULL with *n = 0.
 */
struct staff *
q_team_digest_due(struct db *db, const char *month, const char *after,
    int limit, size_t *n)
{
	/*
	 * Walks the managers in the index by manager (an organisation is
	 * mostly people who manage nobody), from where the last slice
	 * stopped, so that a slice reads only its managers' reports.
	 */
	static const char *sql = "SELECT m.employee_id FROM staff r JOIN "
	    "staff m ON m.employee_id = r.manager_id WHERE r.manager_id > ?2 "
	    "AND r.active AND m.active AND NOT EXISTS (SELECT 1 FROM "
	    "preference p WHERE p.employee_id = m.employee_id AND "
	    "p.key = 'digest' AND p.value = 'off') AND NOT EXISTS (SELECT 1 "
	    "FROM outbox o WHERE o.dedupe_key = 'digest:' || m.employee_id || "
	    "':' || ?1) GROUP BY r.manager_id ORDER BY r.manager_id LIMIT ?3";
	sqlite3_stmt	*stmt;
	struct staff	*a = NULL;
	size_t		 cap = 0;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, month);
	sqlite3_bind_text(stmt, 2, after, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 3, limit);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			a = xrealloc(a, cap * sizeof *a);
		}
		memset(&a[*n], 0, sizeof *a);
		a[(*n)++].employee_id = db_column_text(stmt, 0);
	}
	db_done(stmt);
	return a;
}
