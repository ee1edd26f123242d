/*
 * q_selection.c: who HR selected or nominated (選抜・推薦) for a course,
 * as HR records it.  It decides nothing: the target rules and enrolment
 * ask here through rule_env.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

/*
 * Records that employee_id was selected ("selected") or nominated
 * ("nominated") for course_id by recorded_by; recording again replaces
 * the kind.  Returns 0 or -1.
 */
int
q_selection_add(struct db *db, const char *employee_id, int64_t course_id,
    const char *kind, const char *recorded_by, time_t now)
{
	static const char *sql =
	    "INSERT INTO selection (employee_id, course_id, kind, recorded_by, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (employee_id, "
	    "course_id) DO UPDATE SET kind = ?3, recorded_by = ?4, "
	    "created_at = ?5";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, course_id);
	db_bind_text(stmt, 3, kind);
	db_bind_text(stmt, 4, recorded_by);
	sqlite3_bind_int64(stmt, 5, now);
	return db_run(db, stmt, __func__);
}

/*
 * Whether employee_id is selected or nominated for course_id; when
 * endorsed, a manager's endorsement (推薦) counts too.  Returns 1 yes, 0 no
 * (HR recorded a selection for the course and they are not in it), -1
 * nothing recorded for the course yet (or a database error).
 */
int
q_selection_of(struct db *db, const char *employee_id, int64_t course_id,
    bool endorsed)
{
	static const char *sql =
	    "SELECT EXISTS (SELECT 1 FROM selection WHERE employee_id = ?1 "
	    "AND course_id = ?2) OR (?3 AND EXISTS (SELECT 1 FROM endorsement "
	    "WHERE employee_id = ?1 AND course_id = ?2)), "
	    "EXISTS (SELECT 1 FROM selection WHERE course_id = ?2)";
	sqlite3_stmt	*stmt;
	int		 rc = -1;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, course_id);
	sqlite3_bind_int(stmt, 3, endorsed);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		rc = sqlite3_column_int(stmt, 0) ? 1 :
		    sqlite3_column_int(stmt, 1) ? 0 : -1;
	db_done(stmt);
	return rc;
}

static void
endorsed_from_row(sqlite3_stmt *stmt, void *p)
{
	struct endorsed	*e = p;

	e->code = db_column_text(stmt, 0);
	e->title = db_column_text(stmt, 1);
	e->manager = db_column_text(stmt, 2);
	e->created_at = (time_t)sqlite3_column_int64(stmt, 3);
}

/*
 * The endorsements (推薦) employee_id received for courses of fiscal year
 * fy, newest first, with who endorsed.  Returns *n of them (caller frees
 * with endorsed_array_free), or NULL.
 */
struct endorsed *
q_endorsed_of(struct db *db, const char *employee_id, int fy, size_t *n)
{
	static const char *sql =
	    "SELECT c.code, c.title, s.name, d.created_at FROM endorsement d "
	    "JOIN course c ON c.id = d.course_id JOIN staff s ON "
	    "s.employee_id = d.manager_id WHERE d.employee_id = ?1 AND "
	    "c.fiscal_year = ?2 ORDER BY d.created_at DESC, d.id DESC";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int(stmt, 2, fy);
	return db_collect(stmt, sizeof(struct endorsed), endorsed_from_row, n);
}

void
endorsed_array_free(struct endorsed *a, size_t n)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(a[i].code);
		free(a[i].title);
		free(a[i].manager);
	}
	free(a);
}
