/*
 * q_imessage.c: I-messages and their value tags.
 *
 * An I-message is private to its sender and recipient, so every query here
 * is scoped to one person.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

/*
 * Inserts an I-message and its value tags inside the caller's transaction.
 * delivery_id may be NULL.  OUT: *id.  Returns 0, or -1 (logged).
 */
int
q_imessage_insert(struct db *db, const struct imessage *m,
    const char *const *values, size_t nvalues, const char *delivery_id,
    int64_t *id)
{
	static const char *ins =
	    "INSERT INTO imessage (sender, recipient, body, created_at, "
	    "delivery_id, parts, coached) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char *ins_value =
	    "INSERT OR IGNORE INTO imessage_value (imessage_id, value) "
	    "VALUES (?1, ?2)";
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 rc;

	if ((stmt = db_stmt(db, ins)) == NULL)
		return -1;
	db_bind_text(stmt, 1, m->sender);
	db_bind_text(stmt, 2, m->recipient);
	sqlite3_bind_text(stmt, 3, m->body, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 4, m->created_at);
	db_bind_text(stmt, 5, delivery_id);
	if (m->parts >= 0)
		sqlite3_bind_int(stmt, 6, m->parts);
	sqlite3_bind_int(stmt, 7, m->coached);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	for (i = 0; i < nvalues; i++) {
		if ((stmt = db_stmt(db, ins_value)) == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, *id);
		db_bind_text(stmt, 2, values[i]);
		rc = sqlite3_step(stmt);
		db_done(stmt);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	return 0;
fail:
	log_warnx("%s: %s", __func__, db_errmsg(db));
	return -1;
}

void
imessage_array_free(struct imessage *a, size_t n)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(a[i].sender);
		free(a[i].sender_name);
		free(a[i].recipient);
		free(a[i].recipient_name);
		free(a[i].body);
		free(a[i].values);
		free(a[i].thanks);
	}
	free(a);
}

/* Columns every reader of whole I-messages takes, for q_imessage_row. */
#define Q_IMESSAGE_COLS \
	"m.id, m.sender, s.name, m.recipient, r.name, m.body, " \
	"(SELECT group_concat(value, ' ') FROM (SELECT value FROM " \
	"imessage_value WHERE imessage_id = m.id ORDER BY value)), " \
	"m.created_at, m.parts, m.thanked_at, m.thanks, m.withdrawn_at, " \
	"m.shared_at, m.hidden_at, m.delivered_at FROM imessage m " \
	"JOIN staff s ON s.employee_id = m.sender " \
	"JOIN staff r ON r.employee_id = m.recipient "

/* What a person may still read: neither withdrawn nor hidden by HR. */
#define Q_IMESSAGE_SHOWN "m.withdrawn_at IS NULL AND m.hidden_at IS NULL"

static void
q_imessage_row(sqlite3_stmt *stmt, struct imessage *m)
{
	m->id = sqlite3_column_int64(stmt, 0);
	m->sender = db_column_text(stmt, 1);
	m->sender_name = db_column_text(stmt, 2);
	m->recipient = db_column_text(stmt, 3);
	m->recipient_name = db_column_text(stmt, 4);
	m->body = db_column_text(stmt, 5);
	m->values = db_column_text(stmt, 6);
	m->created_at = (time_t)sqlite3_column_int64(stmt, 7);
	m->parts = sqlite3_column_type(stmt, 8) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(stmt, 8);
	m->thanked_at = (time_t)sqlite3_column_int64(stmt, 9);
	m->thanks = db_column_text(stmt, 10);
	m->withdrawn_at = (time_t)sqlite3_column_int64(stmt, 11);
	m->shared_at = (time_t)sqlite3_column_int64(stmt, 12);
	m->hidden_at = (time_t)sqlite3_column_int64(stmt, 13);
	m->delivered_at = (time_t)sqlite3_column_int64(stmt, 14);
}

/*
 * Returns one page of the I-messages a person received (or sent) and may
 * still read, newest first: at most limit, after skipping offset.  Caller
 * frees with imessage_array_free.
 */
struct imessage *
q_imessage_page(struct db *db, const char *employee_id, bool received,
    int offset, int limit, size_t *n)
{
	static const char *sql_received =
	    "SELECT " Q_IMESSAGE_COLS "WHERE m.recipient = ?1 AND "
	    Q_IMESSAGE_SHOWN " ORDER BY m.created_at DESC, m.id DESC "
	    "LIMIT ?2 OFFSET ?3";
	static const char *sql_sent =
	    "SELECT " Q_IMESSAGE_COLS "WHERE m.sender = ?1 AND "
	    Q_IMESSAGE_SHOWN " ORDER BY m.created_at DESC, m.id DESC "
	    "LIMIT ?2 OFFSET ?3";
	sqlite3_stmt	*stmt;
	struct imessage	*a;

	*n = 0;
	if (limit <= 0)
		return NULL;
	stmt = db_stmt(db, received ? sql_received : sql_sent);
	if (stmt == NULL)
		return NULL;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int(stmt, 2, limit);
	sqlite3_bind_int(stmt, 3, offset < 0 ? 0 : offset);
	a = xcalloc((size_t)limit, sizeof *a);
	while (*n < (size_t)limit && sqlite3_step(stmt) == SQLITE_ROW)
		q_imessage_row(stmt, &a[(*n)++]);
	db_done(stmt);
	return a;
}

/* The first page of q_imessage_page.  Caller frees. */
struct imessage *
q_imessage_latest(struct db *db, const char *employee_id, bool received,
    int limit, size_t *n)
{
	return q_imessage_page(db, employee_id, received, 0, limit, n);
}

/*
 * Returns I-message id whatever its state (withdrawn, hidden: the caller
 * decides who may see what), or NULL.  Caller frees with
 * imessage_array_free(m, 1).
 */
struct imessage *
q_imessage_get(struct db *db, int64_t id)
{
	static const char *sql = "SELECT " Q_IMESSAGE_COLS "WHERE m.id = ?1";
	sqlite3_stmt	*stmt;
	struct imessage	*m = NULL;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		m = xcalloc(1, sizeof *m);
		q_imessage_row(stmt, m);
	}
	db_done(stmt);
	return m;
}

/*
 * Counts one person's I-messages received (or sent) in [from, to) by value
 * tag.  OUT: *value_ids and *counts, arrays of *n (caller frees each id and
 * both arrays).  Returns 0 or -1.
 */
int
q_imessage_count_values(struct db *db, const char *employee_id,
    bool received, time_t from, time_t to, char ***value_ids, int **counts,
    size_t *n)
{
	static const char *sql_received =
	    "SELECT v.value, count(*) FROM imessage m JOIN imessage_value v "
	    "ON v.imessage_id = m.id WHERE m.recipient = ?1 AND "
	    Q_IMESSAGE_SHOWN " AND m.created_at >= ?2 AND m.created_at < ?3 GROUP BY v.value "
	    "ORDER BY v.value";
	static const char *sql_sent =
	    "SELECT v.value, count(*) FROM imessage m JOIN imessage_value v "
	    "ON v.imessage_id = m.id WHERE m.sender = ?1 AND "
	    Q_IMESSAGE_SHOWN " AND m.created_at >= ?2 AND m.created_at < ?3 GROUP BY v.value "
	    "ORDER BY v.value";
	sqlite3_stmt	*stmt;
	size_t		 cap = 0;

	*value_ids = NULL;
	*counts = NULL;
	*n = 0;
	stmt = db_stmt(db, received ? sql_received : sql_sent);
	if (stmt == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, from);
	sqlite3_bind_int64(stmt, 3, to);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			*value_ids = xrealloc(*value_ids, cap * sizeof **value_ids);
			*counts = xrealloc(*counts, cap * sizeof **counts);
		}
		(*value_ids)[*n] = db_column_text(stmt, 0);
		(*counts)[*n] = sqlite3_column_int(stmt, 1);
		(*n)++;
	}
	db_done(stmt);
	return 0;
}

/* Counts one person's I-messages received (or sent) in [from, to). */
int
q_imessage_count(struct db *db, const char *employee_id, bool received,
    time_t from, time_t to)
{
	static const char *sql_received =
	    "SELECT count(*) FROM imessage m WHERE m.recipient = ?1 AND "
	    Q_IMESSAGE_SHOWN " AND m.created_at >= ?2 AND m.created_at < ?3";
	static const char *sql_sent =
	    "SELECT count(*) FROM imessage m WHERE m.sender = ?1 AND "
	    Q_IMESSAGE_SHOWN " AND m.created_at >= ?2 AND m.created_at < ?3";
	sqlite3_stmt	*stmt;
	int		 n = -1;

	stmt = db_stmt(db, received ? sql_received : sql_sent);
	if (stmt == NULL)
		return -1;
	db_bind_text(stmt, 1, employee_id);
	sqlite3_bind_int64(stmt, 2, from);
	sqlite3_bind_int64(stmt, 3, to);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	db_done(stmt);
	return n;
}

/* Records when the recipient's copy of I-message id went out: 0 or -1. */
int
q_imessage_delivered(struct db *db, int64_t id, time_t at)
{
	static const char *sql =
	    "UPDATE imessage SET delivered_at = ?2 WHERE id = ?1 AND "
	    "delivered_at IS NULL";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, at);
	return db_run(db, stmt, __func__);
}

/* One UPDATE of one I-message: 1 if it changed a row, 0 if not, -1. */
static int
q_imessage_update(struct db *db, const char *sql, int64_t id, time_t at,
    const char *text)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, at);
	if (sqlite3_bind_parameter_count(stmt) >= 3)
		db_bind_text(stmt, 3, text);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	return sqlite3_changes(db_handle(db)) > 0;
}

/*
 * Records the recipient's thanks (text may be NULL): once.  Returns 1, 0
 * if it was thanked already, or -1.
 */
int
q_imessage_thank(struct db *db, int64_t id, const char *text, time_t at)
{
	return q_imessage_update(db, "UPDATE imessage SET thanked_at = ?2, "
	    "thanks = ?3 WHERE id = ?1 AND thanked_at IS NULL", id, at, text);
}

/* Marks I-message id withdrawn by its sender: 1, 0 if it was, or -1. */
int
q_imessage_withdraw(struct db *db, int64_t id, time_t at)
{
	return q_imessage_update(db, "UPDATE imessage SET withdrawn_at = ?2, "
	    "visibility = 'private' WHERE id = ?1 AND withdrawn_at IS NULL", id,
	    at, NULL);
}

/* Marks I-message id shared by its recipient: 1, 0 if it was, or -1. */
int
q_imessage_share(struct db *db, int64_t id, time_t at)
{
	return q_imessage_update(db, "UPDATE imessage SET shared_at = ?2, "
	    "visibility = 'shared' WHERE id = ?1 AND shared_at IS NULL", id, at,
	    NULL);
}

/* Hides I-message id everywhere (HR): 1, 0 if it was hidden, or -1. */
int
q_imessage_hide(struct db *db, int64_t id, const char *by, time_t at)
{
	return q_imessage_update(db, "UPDATE imessage SET hidden_at = ?2, "
	    "hidden_by = ?3 WHERE id = ?1 AND hidden_at IS NULL", id, at, by);
}

/*
 * Records a report of I-message id by its recipient.  Returns 1, 0 if
 * they had reported it already, or -1.
 */
int
q_imessage_report(struct db *db, int64_t id, const char *reporter,
    const char *reason, time_t at)
{
	static const char *sql =
	    "INSERT OR IGNORE INTO imessage_report (imessage_id, reporter, "
	    "reason, created_at) VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	db_bind_text(stmt, 2, reporter);
	/* Not db_bind_text, which makes "" NULL: the column wants text. */
	sqlite3_bind_text(stmt, 3, reason != NULL ? reason : "", -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 4, at);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	return sqlite3_changes(db_handle(db)) > 0;
}

/*
 * HR's monthly figures.  Everything here is a count over many people; a
 * group of fewer than IMSTATS_MIN_GROUP staff (or a value tag used fewer
 * times) is marked suppressed and its numbers zeroed here, at the source,
 * so that no caller can show them by mistake.  Withdrawn and hidden
 * I-messages do not count.
 */
#define Q_IMSTATS_RANGE \
	"m.created_at >= ?1 AND m.created_at < ?2 AND " Q_IMESSAGE_SHOWN

static int
q_imstats_totals(struct db *db, time_t from, time_t to, struct imstats *st)
{
	static const char *sql =
	    "SELECT count(*), coalesce(sum(coalesce(s.department, '') <> "
	    "coalesce(r.department, '')), 0), coalesce(sum(m.parts IS NOT "
	    "NULL), 0), coalesce(sum(m.parts & 7 = 7 AND m.parts & 24 = 0), "
	    "0) FROM imessage m JOIN staff s ON s.employee_id = m.sender "
	    "JOIN staff r ON r.employee_id = m.recipient WHERE "
	    Q_IMSTATS_RANGE;
	/* Up the sender's line, one manager at a time; UNION stops loops. */
	static const char *sql_up =
	    "WITH RECURSIVE up(id, mgr) AS (SELECT m.id, s.manager_id FROM "
	    "imessage m JOIN staff s ON s.employee_id = m.sender WHERE "
	    Q_IMSTATS_RANGE " AND s.manager_id IS NOT NULL UNION SELECT up.id, "
	    "s.manager_id FROM up JOIN staff s ON s.employee_id = up.mgr "
	    "WHERE s.manager_id IS NOT NULL) SELECT count(DISTINCT up.id) "
	    "FROM up JOIN imessage m ON m.id = up.id WHERE up.mgr = "
	    "m.recipient";
	sqlite3_stmt	*stmt;
	int		 rc = -1;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		st->messages = sqlite3_column_int(stmt, 0);
		st->cross_department = sqlite3_column_int(stmt, 1);
		st->coached = sqlite3_column_int(stmt, 2);
		st->complete = sqlite3_column_int(stmt, 3);
		rc = 0;
	}
	db_done(stmt);
	if (rc != 0 || (stmt = db_stmt(db, sql_up)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	rc = sqlite3_step(stmt) == SQLITE_ROW ? 0 : -1;
	st->upward = sqlite3_column_int(stmt, 0);
	db_done(stmt);
	return rc;
}

/* Reads staff, senders, recipients from column col on; suppresses. */
static void
q_imstats_fill(sqlite3_stmt *stmt, int col, struct imstats_group *g)
{
	g->staff = sqlite3_column_int(stmt, col);
	g->senders = sqlite3_column_int(stmt, col + 1);
	g->recipients = sqlite3_column_int(stmt, col + 2);
	g->suppressed = g->staff < IMSTATS_MIN_GROUP;
	if (g->suppressed)
		g->staff = g->senders = g->recipients = 0;
}

/* Active staff by department or by job level, with who sent, received. */
static int
q_imstats_groups(struct db *db, time_t from, time_t to, bool by_level,
    struct imstats_group **groups, size_t *n)
{
#define Q_IMSTATS_GROUP(col) \
	"SELECT coalesce(st." col ", ''), count(*), sum(EXISTS (SELECT 1 " \
	"FROM imessage m WHERE m.sender = st.employee_id AND " \
	Q_IMSTATS_RANGE ")), sum(EXISTS (SELECT 1 FROM imessage m WHERE " \
	"m.recipient = st.employee_id AND " Q_IMSTATS_RANGE ")) FROM staff " \
	"st WHERE st.active = 1 GROUP BY 1 ORDER BY 1"
	static const char *sql_dept = Q_IMSTATS_GROUP("department");
	static const char *sql_level = Q_IMSTATS_GROUP("job_level");
	sqlite3_stmt		*stmt;
	struct imstats_group	*g;
	size_t			 cap = 0;

	*groups = NULL;
	*n = 0;
	if ((stmt = db_stmt(db, by_level ? sql_level : sql_dept)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			*groups = xrealloc(*groups, cap * sizeof **groups);
		}
		g = &(*groups)[(*n)++];
		g->name = db_column_text(stmt, 0);
		q_imstats_fill(stmt, 1, g);
	}
	db_done(stmt);
	return 0;
}

/* Every active member of staff: the ward's own line. */
static int
q_imstats_ward(struct db *db, time_t from, time_t to, struct imstats_group *g)
{
	static const char *sql =
	    "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM imessage m "
	    "WHERE m.sender = st.employee_id AND " Q_IMSTATS_RANGE ")), 0), "
	    "coalesce(sum(EXISTS (SELECT 1 FROM imessage m WHERE "
	    "m.recipient = st.employee_id AND " Q_IMSTATS_RANGE ")), 0) "
	    "FROM staff st WHERE st.active = 1";
	sqlite3_stmt	*stmt;
	int		 rc = -1;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		g->name = NULL;
		q_imstats_fill(stmt, 0, g);
		rc = 0;
	}
	db_done(stmt);
	return rc;
}

static int
q_imstats_values(struct db *db, time_t from, time_t to, struct imstats *st)
{
	static const char *sql =
	    "SELECT v.value, count(*) FROM imessage m JOIN imessage_value v "
	    "ON v.imessage_id = m.id WHERE " Q_IMSTATS_RANGE " GROUP BY "
	    "v.value ORDER BY v.value";
	sqlite3_stmt		*stmt;
	struct imstats_group	*g;
	size_t			 cap = 0;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (st->nvalues == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			st->values = xrealloc(st->values, cap *
			    sizeof *st->values);
		}
		g = &st->values[st->nvalues++];
		memset(g, 0, sizeof *g);
		g->name = db_column_text(stmt, 0);
		g->senders = sqlite3_column_int(stmt, 1);	/* uses */
		g->suppressed = g->senders < IMSTATS_MIN_GROUP;
		if (g->suppressed)
			g->senders = 0;
	}
	db_done(stmt);
	return 0;
}

/*
 * Fills st with the figures of [from, to) (a month, as the caller says).
 * The ward-wide counts are over all active staff; each department and job
 * level is suppressed under IMSTATS_MIN_GROUP people.  OUT: *st (caller
 * frees with imstats_clear).  Returns 0 or -1.
 */
int
q_imessage_stats(struct db *db, time_t from, time_t to, struct imstats *st)
{
	memset(st, 0, sizeof *st);
	if (q_imstats_totals(db, from, to, st) != 0 ||
	    q_imstats_groups(db, from, to, false, &st->departments,
	    &st->ndepartments) != 0 ||
	    q_imstats_groups(db, from, to, true, &st->levels,
	    &st->nlevels) != 0 ||
	    q_imstats_values(db, from, to, st) != 0 ||
	    q_imstats_ward(db, from, to, &st->all) != 0) {
		imstats_clear(st);
		return -1;
	}
	/* A ward too small to hide anyone in shows no shares at all. */
	if (st->all.suppressed)
		st->messages = st->cross_department = st->upward =
		    st->coached = st->complete = 0;
	return 0;
}

static void
imstats_groups_free(struct imstats_group *g, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(g[i].name);
	free(g);
}

void
imstats_clear(struct imstats *st)
{
	imstats_groups_free(st->departments, st->ndepartments);
	imstats_groups_free(st->levels, st->nlevels);
	imstats_groups_free(st->values, st->nvalues);
	free(st->all.name);
	memset(st, 0, sizeof *st);
}

/*
 * The recipients of I-messages in [from, to) (neither withdrawn nor
 * hidden) who want the weekly digest and have not had the one keyed
 * "imweekly:<id>:<week>", after employee id after, at most limit.
 * Returns their ids (caller frees each and the array).
 */
char **
q_imessage_weekly_due(struct db *db, time_t from, time_t to,
    const char *week, const char *after, int limit, size_t *n)
{
	static const char *sql =
	    "SELECT DISTINCT m.recipient FROM imessage m JOIN staff r ON "
	    "r.employee_id = m.recipient WHERE " Q_IMSTATS_RANGE " AND "
	    "r.active AND m.recipient > ?4 AND NOT EXISTS (SELECT 1 FROM "
	    "preference p WHERE p.employee_id = m.recipient AND p.key = "
	    "'weekly' AND p.value = 'off') AND NOT EXISTS (SELECT 1 FROM "
	    "outbox o WHERE o.dedupe_key = 'imweekly:' || m.recipient || "
	    "':' || ?3) ORDER BY m.recipient LIMIT ?5";
	sqlite3_stmt	*stmt;
	char		**ids;

	*n = 0;
	if (limit <= 0 || (stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	db_bind_text(stmt, 3, week);
	sqlite3_bind_text(stmt, 4, after, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 5, limit);
	ids = xcalloc((size_t)limit, sizeof *ids);
	while (*n < (size_t)limit && sqlite3_step(stmt) == SQLITE_ROW)
		ids[(*n)++] = db_column_text(stmt, 0);
	db_done(stmt);
	return ids;
}
