/*
 * q_declaration.c: each department's and section's declared focus for a
 * fiscal year (部・課における重点実施内容).  A new declaration replaces the
 * unit's current one; the old rows stay as its history.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

/*
 * Records unit's declaration for fiscal year fy (unit_kind "department"
 * or "section"; author an employee id or NULL for an import).  Returns 0
 * or -1.
 */
int
q_declaration_add(struct db *db, const char *unit_kind, const char *unit,
    int fy, const char *body, const char *author, time_t now)
{
	static const char *sql = "INSERT INTO declaration (unit_kind, unit, "
	    "fiscal_year, body, author, created_at) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6)";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, unit_kind);
	db_bind_text(stmt, 2, unit);
	sqlite3_bind_int(stmt, 3, fy);
	db_bind_text(stmt, 4, body);
	db_bind_text(stmt, 5, author);
	sqlite3_bind_int64(stmt, 6, now);
	return db_run(db, stmt, __func__);
}

static void
q_declaration_row(sqlite3_stmt *stmt, void *p)
{
	struct declaration	*d = p;

	d->unit_kind = db_column_text(stmt, 0);
	d->unit = db_column_text(stmt, 1);
	d->body = db_column_text(stmt, 2);
	d->author = db_column_text(stmt, 3);
	d->created_at = sqlite3_column_int64(stmt, 4);
}

/*
 * The current declarations of fiscal year fy for a department and a
 * section (either may be NULL), the department's first.  Returns an array
 * (caller frees with declaration_array_free), NULL with *n = 0 if none.
 */
struct declaration *
q_declaration_for(struct db *db, const char *department, const char *section,
    int fy, size_t *n)
{
	static const char *sql = "SELECT d.unit_kind, d.unit, d.body, "
	    "d.author, d.created_at FROM declaration d WHERE d.fiscal_year = "
	    "?3 AND ((d.unit_kind = 'department' AND d.unit = ?1) OR "
	    "(d.unit_kind = 'section' AND d.unit = ?2)) AND d.id = (SELECT "
	    "max(x.id) FROM declaration x WHERE x.unit_kind = d.unit_kind AND "
	    "x.unit = d.unit AND x.fiscal_year = d.fiscal_year) ORDER BY "
	    "d.unit_kind";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, department);
	db_bind_text(stmt, 2, section);
	sqlite3_bind_int(stmt, 3, fy);
	return db_collect(stmt, sizeof(struct declaration), q_declaration_row,
	    n);
}

void
declaration_array_free(struct declaration *d, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(d[i].unit_kind);
		free(d[i].unit);
		free(d[i].body);
		free(d[i].author);
	}
	free(d);
}

/*
 * Whether someone on the roster belongs to unit (unit_kind "department"
 * or "section").  Returns 1, 0 or -1.
 */
int
q_declaration_unit_known(struct db *db, const char *unit_kind,
    const char *unit)
{
	static const char *sql_dept = "SELECT EXISTS (SELECT 1 FROM staff "
	    "WHERE department = ?1)";
	static const char *sql_sect = "SELECT EXISTS (SELECT 1 FROM staff "
	    "WHERE section = ?1)";
	sqlite3_stmt	*stmt;
	int		 rc, v = -1;

	if ((stmt = db_stmt(db, strcmp(unit_kind, "section") == 0 ? sql_sect :
	    sql_dept)) == NULL)
		return -1;
	db_bind_text(stmt, 1, unit);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	db_done(stmt);
	return v;
}
