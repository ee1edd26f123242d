/*
 * q_selection.c: who HR selected or nominated (選抜・推薦) for a course,
 * as HR records it.  It decides nothing: the target rules and enrolment
 * ask here through rule_env.
 */
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
