/*
 * q_course.c: courses, their classes (dated occurrences) and sessions.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

#define COURSE_COLUMNS \
	"c.id, c.fiscal_year, c.code, c.category, c.grp, c.title, " \
	"c.target_text, c.target_rule, c.summary, c.days_text, c.format, " \
	"c.skills, c.mandatory, c.window_from, c.window_to, c.window_label, " \
	"c.window_kind, c.notes, c.mandatory_rule, c.designated, c.details"

/* The plan's order: rank, practical, policy, dispatch, special. */
#define COURSE_ORDER \
	"CASE c.category WHEN 'rank' THEN 1 WHEN 'practical' THEN 2 " \
	"WHEN 'policy' THEN 3 WHEN 'dispatch' THEN 4 ELSE 5 END, c.code"

#define CLASS_COLUMNS \
	"k.id, k.course_id, k.class_key, k.capacity, k.location, k.status, " \
	"k.starts_at, k.ends_at, " \
	"(SELECT count(*) FROM session s WHERE s.class_id = k.id), " \
	"(SELECT count(*) FROM enrollment e WHERE e.class_id = k.id AND " \
	"e.status IN ('enrolled', 'completed')), " \
	"(SELECT count(*) FROM enrollment e WHERE e.class_id = k.id AND " \
	"e.status = 'waitlisted'), " \
	"NOT EXISTS (SELECT 1 FROM session s WHERE s.class_id = k.id AND " \
	"NOT s.times_known), k.moved_at IS NOT NULL, k.revision"

static void
course_clear(struct course *c)
{
	free(c->code);
	free(c->category);
	free(c->grp);
	free(c->title);
	free(c->target_text);
	free(c->target_rule);
	free(c->summary);
	free(c->days_text);
	free(c->format);
	free(c->skills);
	free(c->window_label);
	free(c->window_kind);
	free(c->notes);
	free(c->mandatory_rule);
	free(c->details);
}

void
course_free(struct course *c)
{
	if (c == NULL)
		return;
	course_clear(c);
	free(c);
}

void
course_array_free(struct course *a, size_t n)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < n; i++)
		course_clear(&a[i]);
	free(a);
}

void
class_array_free(struct class *a, size_t n)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(a[i].key);
		free(a[i].location);
	}
	free(a);
}

void
session_array_free(struct session *a, size_t n)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < n; i++)
		free(a[i].location);
	free(a);
}

static void
course_from_row(sqlite3_stmt *stmt, void *p)
{
	struct course	*c = p;

	c->id = sqlite3_column_int64(stmt, 0);
	c->fiscal_year = sqlite3_column_int(stmt, 1);
	c->code = db_column_text(stmt, 2);
	c->category = db_column_text(stmt, 3);
	c->grp = db_column_text(stmt, 4);
	c->title = db_column_text(stmt, 5);
	c->target_text = db_column_text(stmt, 6);
	c->target_rule = db_column_text(stmt, 7);
	c->summary = db_column_text(stmt, 8);
	c->days_text = db_column_text(stmt, 9);
	c->format = db_column_text(stmt, 10);
	c->skills = db_column_text(stmt, 11);
	c->mandatory = sqlite3_column_int(stmt, 12) != 0;
	c->window_from = (time_t)sqlite3_column_int64(stmt, 13);
	c->window_to = (time_t)sqlite3_column_int64(stmt, 14);
	c->window_label = db_column_text(stmt, 15);
	c->window_kind = db_column_text(stmt, 16);
	c->notes = db_column_text(stmt, 17);
	c->mandatory_rule = db_column_text(stmt, 18);
	c->designated = sqlite3_column_int(stmt, 19) != 0;
	c->details = db_column_text(stmt, 20);
}

static struct course *
course_collect(sqlite3_stmt *stmt, size_t *n)
{
	return db_collect(stmt, sizeof(struct course), course_from_row, n);
}

static void
course_bind(sqlite3_stmt *stmt, const struct cat_course *c)
{
	char	*key, *text;

	xasprintf(&text, "%s %s", c->title, c->summary != NULL ?
	    c->summary : "");
	key = text_fold(text);
	db_bind_text(stmt, 3, c->category);
	db_bind_text(stmt, 4, c->group);
	db_bind_text(stmt, 5, c->title);
	sqlite3_bind_int(stmt, 6, c->tokken);
	db_bind_text(stmt, 7, c->target_text);
	db_bind_text(stmt, 8, c->target_rule);
	db_bind_text(stmt, 9, c->summary);
	db_bind_text(stmt, 10, c->timing_text);
	db_bind_text(stmt, 11, c->days_text);
	if (c->days >= 0)
		sqlite3_bind_double(stmt, 12, c->days);
	db_bind_text(stmt, 13, c->format);
	sqlite3_bind_text(stmt, 14, c->skills, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 15, c->mandatory);
	if (c->window_from != 0) {
		sqlite3_bind_int64(stmt, 16, c->window_from);
		sqlite3_bind_int64(stmt, 17, c->window_to);
	}
	db_bind_text(stmt, 18, c->window_label);
	db_bind_text(stmt, 19, c->window_kind);
	db_bind_text(stmt, 20, c->notes);
	sqlite3_bind_text(stmt, 21, key, -1, SQLITE_TRANSIENT);
	db_bind_text(stmt, 22, c->mandatory_rule);
	sqlite3_bind_int(stmt, 23, c->designated);
	db_bind_text(stmt, 24, c->details);
	free(key);
	free(text);
}

/*
 * Inserts or updates a course of fiscal year fy, matched by code.
 * OUT: *id.  Returns 1 if added, 0 if updated, -1 on error.
 */
int
q_course_upsert(struct db *db, int fy, const struct cat_course *c,
    int64_t *id)
{
	static const char *find =
	    "SELECT id FROM course WHERE fiscal_year = ?1 AND code = ?2";
	static const char *sql =
	    "INSERT INTO course (fiscal_year, code, category, grp, title, "
	    "tokken, target_text, target_rule, summary, timing_text, "
	    "days_text, days, format, skills, mandatory, window_from, "
	    "window_to, window_label, window_kind, notes, search_key, "
	    "mandatory_rule, designated, details) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	    "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24) "
	    "ON CONFLICT (fiscal_year, code) DO UPDATE SET category = ?3, "
	    "grp = ?4, title = ?5, tokken = ?6, target_text = ?7, "
	    "target_rule = ?8, summary = ?9, timing_text = ?10, "
	    "days_text = ?11, days = ?12, format = ?13, skills = ?14, "
	    "mandatory = ?15, window_from = ?16, window_to = ?17, "
	    "window_label = ?18, window_kind = ?19, notes = ?20, "
	    "search_key = ?21, mandatory_rule = ?22, designated = ?23, "
	    "details = ?24 RETURNING id";
	sqlite3_stmt	*stmt;
	int		 added, rc;

	if ((stmt = db_stmt(db, find)) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, fy);
	db_bind_text(stmt, 2, c->code);
	added = sqlite3_step(stmt) != SQLITE_ROW;
	db_done(stmt);
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, fy);
	db_bind_text(stmt, 2, c->code);
	course_bind(stmt, c);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	db_done(stmt);
	if (rc != SQLITE_ROW) {
		log_warnx("%s: %s: %s", __func__, c->code, db_errmsg(db));
		return -1;
	}
	return added;
}

static int
class_sessions(struct db *db, int64_t class_id, const struct cat_class *k)
{
	static const char *del = "DELETE FROM session WHERE class_id = ?1";
	static const char *ins =
	    "INSERT INTO session (class_id, seq, starts_at, ends_at, "
	    "times_known, location) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 rc;

	if ((stmt = db_stmt(db, del)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, class_id);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	for (i = 0; rc == SQLITE_DONE && i < k->nsessions; i++) {
		if ((stmt = db_stmt(db, ins)) == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, class_id);
		sqlite3_bind_int(stmt, 2, (int)i + 1);
		sqlite3_bind_int64(stmt, 3, k->sessions[i].starts_at);
		sqlite3_bind_int64(stmt, 4, k->sessions[i].ends_at);
		sqlite3_bind_int(stmt, 5, k->sessions[i].times_known);
		db_bind_text(stmt, 6, k->sessions[i].location);
		rc = sqlite3_step(stmt);
		db_done(stmt);
	}
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, db_errmsg(db));
		return -1;
	}
	return 0;
}

/*
 * Inserts or updates a class and replaces its sessions.  A class an
 * operator moved keeps its dates and sessions, one whose capacity was set
 * keeps it, and a cancelled one stays cancelled: the file knows none of
 * these.  OUT: *id; *kept, true
 * when the class was moved and its dates were kept.  Returns 0 or -1.
 */
int
q_class_upsert(struct db *db, int64_t course_id, const struct cat_class *k,
    int64_t *id, bool *kept)
{
	static const char *sql =
	    "INSERT INTO class (course_id, class_key, capacity, location, "
	    "starts_at, ends_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	    "ON CONFLICT (course_id, class_key) DO UPDATE SET "
	    "capacity = iif(capacity_set_at IS NULL, ?3, capacity), "
	    "location = ?4, "
	    "starts_at = iif(moved_at IS NULL, ?5, starts_at), "
	    "ends_at = iif(moved_at IS NULL, ?6, ends_at) "
	    "RETURNING id, moved_at IS NOT NULL";
	sqlite3_stmt	*stmt;
	int		 rc;

	if (k->nsessions == 0 || (stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, course_id);
	db_bind_text(stmt, 2, k->key);
	if (k->capacity > 0)
		sqlite3_bind_int(stmt, 3, k->capacity);
	db_bind_text(stmt, 4, k->location);
	sqlite3_bind_int64(stmt, 5, k->sessions[0].starts_at);
	sqlite3_bind_int64(stmt, 6, k->sessions[k->nsessions - 1].ends_at);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		*kept = sqlite3_column_int(stmt, 1) != 0;
	}
	db_done(stmt);
	if (rc != SQLITE_ROW) {
		log_warnx("%s: %s", __func__, db_errmsg(db));
		return -1;
	}
	return *kept ? 0 : class_sessions(db, *id, k);
}

/*
 * Returns the course of fiscal year fy with this code, in any width or
 * case (caller frees), or NULL.
 */
struct course *
q_course_get(struct db *db, int fy, const char *code)
{
	static const char *sql = "SELECT " COURSE_COLUMNS " FROM course c "
	    "WHERE c.fiscal_year = ?1 AND c.code = ?2 COLLATE NOCASE";
	sqlite3_stmt	*stmt;
	struct course	*c;
	char		*key;
	size_t		 n;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	/* "Ｒ－０１" from a Japanese input method, in a file or a command. */
	key = text_norm_token(code != NULL ? code : "");
	sqlite3_bind_int(stmt, 1, fy);
	db_bind_text(stmt, 2, key);
	c = course_collect(stmt, &n);
	free(key);
	return c;
}

struct course *
q_course_by_id(struct db *db, int64_t id)
{
	static const char *sql = "SELECT " COURSE_COLUMNS " FROM course c "
	    "WHERE c.id = ?1";
	sqlite3_stmt	*stmt;
	size_t		 n;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	return course_collect(stmt, &n);
}

/* Every course of a fiscal year, by code (caller frees). */
struct course *
q_course_list(struct db *db, int fy, size_t *n)
{
	static const char *sql = "SELECT " COURSE_COLUMNS " FROM course c "
	    "WHERE c.fiscal_year = ?1 ORDER BY " COURSE_ORDER;
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int(stmt, 1, fy);
	return course_collect(stmt, n);
}

/*
 * Searches a fiscal year's courses.  Each filter may be NULL (or from == to
 * for no period): words (already folded) found in the title or summary, a
 * skill code, a category, or a class starting in [from, to) or a dated
 * window overlapping it.
 * Returns an array of *n courses by code (caller frees) or NULL.
 */
struct course *
q_course_search(struct db *db, int fy, const char *words, const char *skill,
    const char *category, time_t from, time_t to, size_t *n)
{
	static const char *sql = "SELECT " COURSE_COLUMNS " FROM course c "
	    "WHERE c.fiscal_year = ?1 "
	    "AND (?2 IS NULL OR instr(c.search_key, ?2) > 0) "
	    "AND (?3 IS NULL OR instr(' ' || c.skills || ' ', "
	    "' ' || ?3 || ' ') > 0) "
	    "AND (?4 IS NULL OR c.category = ?4) "
	    "AND (?5 IS NULL OR EXISTS (SELECT 1 FROM class k WHERE "
	    "k.course_id = c.id AND k.status = 'scheduled' AND "
	    "k.starts_at < ?6 AND k.starts_at >= ?5) OR (c.window_kind IN "
	    "('approximate', 'period') AND c.window_from < ?6 AND "
	    "c.window_to > ?5)) ORDER BY " COURSE_ORDER;
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int(stmt, 1, fy);
	db_bind_text(stmt, 2, words);
	db_bind_text(stmt, 3, skill);
	db_bind_text(stmt, 4, category);
	if (from != to) {
		sqlite3_bind_int64(stmt, 5, from);
		sqlite3_bind_int64(stmt, 6, to);
	}
	return course_collect(stmt, n);
}

static void
class_from_row(sqlite3_stmt *stmt, void *p)
{
	struct class	*k = p;

	k->id = sqlite3_column_int64(stmt, 0);
	k->course_id = sqlite3_column_int64(stmt, 1);
	k->key = db_column_text(stmt, 2);
	k->capacity = sqlite3_column_type(stmt, 3) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(stmt, 3);
	k->location = db_column_text(stmt, 4);
	k->cancelled = strcmp((const char *)sqlite3_column_text(stmt, 5),
	    "cancelled") == 0;
	k->starts_at = (time_t)sqlite3_column_int64(stmt, 6);
	k->ends_at = (time_t)sqlite3_column_int64(stmt, 7);
	k->nsessions = sqlite3_column_int(stmt, 8);
	k->enrolled = sqlite3_column_int(stmt, 9);
	k->waiting = sqlite3_column_int(stmt, 10);
	k->times_known = sqlite3_column_int(stmt, 11) != 0;
	k->moved = sqlite3_column_int(stmt, 12) != 0;
	k->revision = sqlite3_column_int(stmt, 13);
}

static struct class *
class_collect(sqlite3_stmt *stmt, size_t *n)
{
	return db_collect(stmt, sizeof(struct class), class_from_row, n);
}

/* A course's classes by start, with seats taken (caller frees). */
struct class *
q_class_list(struct db *db, int64_t course_id, size_t *n)
{
	static const char *sql = "SELECT " CLASS_COLUMNS " FROM class k "
	    "WHERE k.course_id = ?1 ORDER BY k.starts_at, k.id";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, course_id);
	return class_collect(stmt, n);
}

struct class *
q_class_get(struct db *db, int64_t class_id)
{
	static const char *sql = "SELECT " CLASS_COLUMNS " FROM class k "
	    "WHERE k.id = ?1";
	sqlite3_stmt	*stmt;
	size_t		 n;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, class_id);
	return class_collect(stmt, &n);
}

/* A class's sessions in order (caller frees). */
struct session *
q_session_list(struct db *db, int64_t class_id, size_t *n)
{
	static const char *sql = "SELECT starts_at, ends_at, times_known, "
	    "location FROM session WHERE class_id = ?1 ORDER BY seq";
	sqlite3_stmt	*stmt;
	struct session	*a = NULL;
	size_t		 cap = 0;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, class_id);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			a = xrealloc(a, cap * sizeof *a);
		}
		a[*n].starts_at = (time_t)sqlite3_column_int64(stmt, 0);
		a[*n].ends_at = (time_t)sqlite3_column_int64(stmt, 1);
		a[*n].times_known = sqlite3_column_int(stmt, 2) != 0;
		a[*n].location = db_column_text(stmt, 3);
		(*n)++;
	}
	db_done(stmt);
	return a;
}

static int
class_exec(struct db *db, const char *sql, int64_t class_id, time_t arg)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, class_id);
	sqlite3_bind_int64(stmt, 2, arg);
	return db_run(db, stmt, __func__);
}

/*
 * Shifts a class and its sessions by delta seconds and marks it moved, so
 * that a catalogue import keeps the new dates (caller's txn).  A cancelled
 * class stays cancelled: reopening it is q_class_reopen.
 */
int
q_class_move(struct db *db, int64_t class_id, time_t delta)
{
	if (class_exec(db, "UPDATE session SET starts_at = starts_at + ?2, "
	    "ends_at = ends_at + ?2 WHERE class_id = ?1", class_id, delta) != 0)
		return -1;
	return class_exec(db, "UPDATE class SET starts_at = starts_at + ?2, "
	    "ends_at = ends_at + ?2, moved_at = unixepoch(), "
	    "revision = revision + 1 WHERE id = ?1",
	    class_id, delta);
}

int
q_class_cancel(struct db *db, int64_t class_id)
{
	return class_exec(db, "UPDATE class SET status = 'cancelled', "
	    "revision = revision + 1 WHERE id = ?1 AND ?2 = ?2", class_id, 0);
}

/*
 * Sets a class's capacity by hand (-1: no limit); a catalogue import then
 * keeps it.  Returns 0 or -1.
 */
int
q_class_set_capacity(struct db *db, int64_t class_id, int capacity)
{
	static const char *sql = "UPDATE class SET capacity = ?2, "
	    "capacity_set_at = unixepoch() WHERE id = ?1";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, class_id);
	if (capacity > 0)
		sqlite3_bind_int(stmt, 2, capacity);
	return db_run(db, stmt, __func__);
}

/* Schedules a cancelled class again (caller's txn).  Returns 0 or -1. */
int
q_class_reopen(struct db *db, int64_t class_id)
{
	return class_exec(db, "UPDATE class SET status = 'scheduled', "
	    "revision = revision + 1 WHERE id = ?1 AND ?2 = ?2", class_id, 0);
}

/* How many courses fiscal year fy has: 0 when its plan is not loaded. */
int
q_course_count(struct db *db, int fy)
{
	static const char *sql =
	    "SELECT count(*) FROM course WHERE fiscal_year = ?1";
	sqlite3_stmt	*stmt;
	int		 n = -1;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, fy);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	db_done(stmt);
	return n;
}
