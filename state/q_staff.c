/*
 * q_staff.c: the staff table, the roster of the ward's employees.
 *
 * Lookups by what people type (a name, a kana reading, an employee id) go
 * through folded keys computed here, so that full-width, half-width, spaces
 * and katakana/hiragana do not matter.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

#define STAFF_COLUMNS \
	"s.employee_id, s.name, s.name_kana, s.email, s.department, " \
	"s.section, s.job_family, s.job_level, s.level_since, s.hire_date, " \
	"s.hire_type, s.exam_category, s.birth_date, s.manager_id, s.roles, " \
	"s.active, (SELECT count(*) FROM staff r WHERE r.manager_id = " \
	"s.employee_id AND r.active), s.passed_exam, s.eligible_exam, " \
	"s.duties"

static void
staff_from_row(sqlite3_stmt *stmt, void *p)
{
	struct staff	*s = p;

	s->employee_id = db_column_text(stmt, 0);
	s->name = db_column_text(stmt, 1);
	s->name_kana = db_column_text(stmt, 2);
	s->email = db_column_text(stmt, 3);
	s->department = db_column_text(stmt, 4);
	s->section = db_column_text(stmt, 5);
	s->job_family = db_column_text(stmt, 6);
	s->job_level = db_column_text(stmt, 7);
	s->level_since = db_column_text(stmt, 8);
	s->hire_date = db_column_text(stmt, 9);
	s->hire_type = db_column_text(stmt, 10);
	s->exam_category = db_column_text(stmt, 11);
	s->birth_date = db_column_text(stmt, 12);
	s->manager_id = db_column_text(stmt, 13);
	s->roles = db_column_text(stmt, 14);
	if (s->roles == NULL)
		s->roles = xstrdup("");
	s->active = sqlite3_column_int(stmt, 15) != 0;
	s->reports = sqlite3_column_int(stmt, 16);
	s->passed_exam = db_column_text(stmt, 17);
	s->eligible_exam = db_column_text(stmt, 18);
	s->duties = db_column_text(stmt, 19);
}

/* Collects every row of a bound statement.  Caller frees the array. */
static struct staff *
staff_collect(sqlite3_stmt *stmt, size_t *n)
{
	return db_collect(stmt, sizeof(struct staff), staff_from_row, n);
}

/*
 * The first row of a bound statement that finds one person at most, and
 * ends its use: a lone struct staff (free with staff_free), or NULL.
 */
static struct staff *
staff_one(sqlite3_stmt *stmt)
{
	struct staff	*s = NULL;

	if (sqlite3_step(stmt) == SQLITE_ROW) {
		s = xcalloc(1, sizeof *s);
		staff_from_row(stmt, s);
	}
	db_done(stmt);
	return s;
}

/*
 * Binds a fact list keeping "" apart from NULL (db_bind_text merges them):
 * "" is the roster saying "none", NULL the roster not saying.
 */
static void
staff_bind_facts(sqlite3_stmt *stmt, int col, const char *list)
{
	if (list == NULL)
		sqlite3_bind_null(stmt, col);
	else
		sqlite3_bind_text(stmt, col, list, -1, SQLITE_TRANSIENT);
}

/* Inserts or updates one person.  Returns 0 or -1 (logged). */
int
q_staff_upsert(struct db *db, const struct staff *s)
{
	static const char *sql =
	    "INSERT INTO staff (employee_id, name, name_kana, email, "
	    "department, section, job_family, job_level, level_since, "
	    "hire_date, hire_type, exam_category, birth_date, manager_id, "
	    "roles, active, name_key, kana_key, passed_exam, eligible_exam, "
	    "duties) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	    "coalesce(?15, ''), ?16, ?17, ?18, ?19, ?20, ?21) "
	    "ON CONFLICT (employee_id) DO UPDATE SET name = ?2, "
	    "name_kana = ?3, email = ?4, department = ?5, section = ?6, "
	    "job_family = ?7, job_level = ?8, level_since = ?9, "
	    "hire_date = ?10, hire_type = ?11, exam_category = ?12, "
	    "birth_date = ?13, manager_id = ?14, roles = coalesce(?15, ''), "
	    "active = ?16, name_key = ?17, kana_key = ?18, "
	    "passed_exam = ?19, eligible_exam = ?20, duties = ?21";
	sqlite3_stmt	*stmt;
	char		*name_key, *kana_key;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	name_key = text_fold(s->name);
	kana_key = s->name_kana != NULL ? text_fold(s->name_kana) : NULL;
	db_bind_text(stmt, 1, s->employee_id);
	db_bind_text(stmt, 2, s->name);
	db_bind_text(stmt, 3, s->name_kana);
	db_bind_text(stmt, 4, s->email);
	db_bind_text(stmt, 5, s->department);
	db_bind_text(stmt, 6, s->section);
	db_bind_text(stmt, 7, s->job_family);
	db_bind_text(stmt, 8, s->job_level);
	db_bind_text(stmt, 9, s->level_since);
	db_bind_text(stmt, 10, s->hire_date);
	db_bind_text(stmt, 11, s->hire_type);
	db_bind_text(stmt, 12, s->exam_category);
	db_bind_text(stmt, 13, s->birth_date);
	db_bind_text(stmt, 14, s->manager_id);
	db_bind_text(stmt, 15, s->roles);
	sqlite3_bind_int(stmt, 16, s->active);
	db_bind_text(stmt, 17, name_key);
	db_bind_text(stmt, 18, kana_key);
	staff_bind_facts(stmt, 19, s->passed_exam);
	staff_bind_facts(stmt, 20, s->eligible_exam);
	staff_bind_facts(stmt, 21, s->duties);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	free(name_key);
	free(kana_key);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s: %s", __func__, s->employee_id,
		    db_errmsg(db));
		return -1;
	}
	return 0;
}

/* Returns the person with this id (caller frees with staff_free) or NULL. */
struct staff *
q_staff_get(struct db *db, const char *employee_id)
{
	static const char *sql = "SELECT " STAFF_COLUMNS
	    " FROM staff s WHERE s.employee_id = ?1";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	return staff_one(stmt);
}

/* Returns 1 if the id is on the roster, 0 if not, -1 on error. */
int
q_staff_exists(struct db *db, const char *employee_id)
{
	static const char *sql =
	    "SELECT 1 FROM staff WHERE employee_id = ?1";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Finds active staff by what a user typed: an employee id, a full name or
 * reading, or the beginning of one ("佐藤" finds every 佐藤).  Exact matches
 * win over prefixes.  Returns an array of *n people (caller frees with
 * staff_array_free); *n is 0 when nobody matches.
 */
struct staff *
q_staff_find(struct db *db, const char *who, size_t *n)
{
	static const char *by_id = "SELECT " STAFF_COLUMNS
	    " FROM staff s WHERE s.active AND s.employee_id = ?1 "
	    "COLLATE NOCASE";
	static const char *exact = "SELECT " STAFF_COLUMNS
	    " FROM staff s WHERE s.active AND (s.name_key = ?1 OR "
	    "s.kana_key = ?1) ORDER BY s.employee_id";
	static const char *prefix = "SELECT " STAFF_COLUMNS
	    " FROM staff s WHERE s.active AND "
	    "(substr(s.name_key, 1, length(?1)) = ?1 OR "
	    "substr(s.kana_key, 1, length(?1)) = ?1) "
	    "ORDER BY s.employee_id LIMIT 20";
	const char *const queries[] = { by_id, exact, prefix };
	sqlite3_stmt	*stmt;
	struct staff	*a = NULL;
	char		*key, *id;
	size_t		 i;

	*n = 0;
	key = text_fold(who);
	/* "Ｅ００１７" typed through a Japanese input method is E0017. */
	id = text_norm_token(who);
	for (i = 0; i < 3 && *n == 0; i++) {
		free(a);
		a = NULL;
		if (i != 0 && *key == '\0')
			break;
		if ((stmt = db_stmt(db, queries[i])) == NULL)
			break;
		db_bind_text(stmt, 1, i == 0 ? id : key);
		a = staff_collect(stmt, n);
	}
	free(id);
	free(key);
	if (*n == 0) {
		free(a);
		return NULL;
	}
	return a;
}

/* Returns the whole roster ordered by id (caller frees). */
struct staff *
q_staff_list(struct db *db, size_t *n)
{
	static const char *sql = "SELECT " STAFF_COLUMNS
	    " FROM staff s ORDER BY s.department, s.employee_id";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	return staff_collect(stmt, n);
}

/*
 * Finds the person behind a chat account.  OUT: *who (caller frees with
 * staff_free), NULL when not found.  Returns 1 found, 0 not found, -1 on a
 * database error, so that a failure is not mistaken for a stranger.
 */
int
q_staff_by_chat(struct db *db, const char *platform, const char *chat_user,
    struct staff **who)
{
	static const char *sql = "SELECT " STAFF_COLUMNS
	    " FROM staff s JOIN chat_identity c ON c.employee_id = "
	    "s.employee_id WHERE c.platform = ?1 AND c.chat_user_id = ?2 "
	    "AND s.active";
	sqlite3_stmt	*stmt;

	*who = NULL;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, platform);
	db_bind_text(stmt, 2, chat_user);
	*who = staff_one(stmt);
	return *who != NULL;
}

/*
 * The active people reporting to manager_id: directly, or (whole_line) at
 * any depth, nearest first.  Returns an array (caller frees with
 * staff_array_free) or NULL with *n = 0.
 */
struct staff *
q_staff_team(struct db *db, const char *manager_id, bool whole_line,
    size_t *n)
{
	static const char *direct = "SELECT " STAFF_COLUMNS " FROM staff s "
	    "WHERE s.manager_id = ?1 AND s.active ORDER BY s.employee_id";
	static const char *line = "WITH RECURSIVE line(id, depth) AS ("
	    "SELECT employee_id, 1 FROM staff WHERE manager_id = ?1 AND active "
	    "UNION SELECT t.employee_id, line.depth + 1 FROM staff t JOIN line "
	    "ON t.manager_id = line.id WHERE t.active AND line.depth < " STATE_LINE_DEPTH_SQL ") "
	    "SELECT " STAFF_COLUMNS " FROM line JOIN staff s ON "
	    "s.employee_id = line.id ORDER BY line.depth, s.employee_id";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, whole_line ? line : direct)) == NULL)
		return NULL;
	db_bind_text(stmt, 1, manager_id);
	return staff_collect(stmt, n);
}

/* Every active person with active direct reports (caller frees). */
struct staff *
q_staff_managers(struct db *db, size_t *n)
{
	static const char *sql = "SELECT " STAFF_COLUMNS " FROM staff s "
	    "WHERE s.active AND EXISTS (SELECT 1 FROM staff r WHERE "
	    "r.manager_id = s.employee_id AND r.active) "
	    "ORDER BY s.employee_id";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	return staff_collect(stmt, n);
}

int
q_staff_count(struct db *db)
{
	static const char *sql = "SELECT count(*) FROM staff";
	sqlite3_stmt	*stmt;
	int		 n = -1;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	db_done(stmt);
	return n;
}

/*
 * Steps over the active staff in employee-id order, one row in memory at
 * a time, calling fn with each person, their chosen language (NULL: the
 * default) and whether a chat account is linked to them on any platform.
 * The person is only borrowed for the call.  fn may write to the database
 * (another statement).  A non-zero return from fn stops the walk and is
 * returned; otherwise 0, or -1 on a database error (logged).
 */
int
q_staff_each(struct db *db, int (*fn)(void *, const struct staff *,
    const char *lang, bool linked), void *arg)
{
	static const char *sql = "SELECT " STAFF_COLUMNS ", (SELECT p.value "
	    "FROM preference p WHERE p.employee_id = s.employee_id AND "
	    "p.key = 'language'), EXISTS (SELECT 1 FROM chat_identity c "
	    "WHERE c.employee_id = s.employee_id) FROM staff s WHERE s.active "
	    "ORDER BY s.employee_id";
	sqlite3_stmt	*stmt;
	struct staff	 s;
	char		*lang;
	int		 rc = 0, step = SQLITE_DONE;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	while (rc == 0 && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&s, 0, sizeof s);
		staff_from_row(stmt, &s);
		lang = db_column_text(stmt, 20);
		rc = fn(arg, &s, lang, sqlite3_column_int(stmt, 21) != 0);
		free(lang);
		staff_clear(&s);
	}
	if (rc == 0 && step != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, db_errmsg(db));
		rc = -1;
	}
	db_done(stmt);
	return rc;
}
