/*
 * db.c: opening a SQLite database with the pragmas yell relies on, and the
 * per-connection statement cache.
 *
 * A struct db belongs to one thread.  Statements are keyed by their SQL
 * text, which callers pass as string literals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

struct db_cached {
	const char		*sql;
	sqlite3_stmt		*stmt;
	struct db_cached	*next;
};

struct db {
	sqlite3			*handle;
	struct db_cached	*cache;
};

/* Test hook: when positive, the Nth call of db_stmt from now fails. */
static int db_fault_countdown;

/*
 * Sets the pragmas: WAL, synchronous=FULL (an acked message must survive a
 * power cut; see RELIABILITY.md), foreign keys and a busy timeout so that the
 * daemon and yellctl can share the file.
 */
static int
db_pragmas(struct db *db, char **cause)
{
	static const char *const pragmas =
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA trusted_schema=OFF;";

	sqlite3_busy_timeout(db->handle, 5000);
	if (sqlite3_exec(db->handle, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s", sqlite3_errmsg(db->handle));
		return -1;
	}
	return 0;
}

/*
 * Opens (creating if needed) the database at path and brings its schema up
 * to date.  Returns a db the caller frees with db_close, or NULL with *cause
 * set (caller frees).
 */
struct db *
db_open(const char *path, char **cause)
{
	struct db	*db;
	int		 flags;

	db = xcalloc(1, sizeof *db);
	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db->handle, flags, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, db->handle != NULL ?
		    sqlite3_errmsg(db->handle) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->handle, 1);
	if (db_pragmas(db, cause) != 0)
		goto fail;
	if (migrate_run(db, cause) != 0)
		goto fail;
	return db;
fail:
	db_close(db);
	return NULL;
}

/* Finalizes every cached statement, then closes.  db_close(NULL) is a no-op. */
void
db_close(struct db *db)
{
	struct db_cached	*c, *next;

	if (db == NULL)
		return;
	for (c = db->cache; c != NULL; c = next) {
		next = c->next;
		sqlite3_finalize(c->stmt);
		free(c);
	}
	sqlite3_close(db->handle);
	free(db);
}

sqlite3 *
db_handle(struct db *db)
{
	return db->handle;
}

const char *
db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->handle);
}

void
db_set_fault(int nth)
{
	db_fault_countdown = nth;
}

/*
 * Returns the cached prepared statement for sql, preparing it on first use.
 * The statement is owned by the cache; end each use with db_done.  Returns
 * NULL (logged) if it cannot be prepared.
 */
sqlite3_stmt *
db_stmt(struct db *db, const char *sql)
{
	struct db_cached	*c;
	sqlite3_stmt		*stmt;

	if (db_fault_countdown > 0 && --db_fault_countdown == 0) {
		log_warnx("%s: injected fault", __func__);
		return NULL;
	}
	for (c = db->cache; c != NULL; c = c->next) {
		if (c->sql == sql || strcmp(c->sql, sql) == 0)
			return c->stmt;
	}
	if (sqlite3_prepare_v3(db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &stmt, NULL) != SQLITE_OK) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->handle));
		return NULL;
	}
	c = xmalloc(sizeof *c);
	c->sql = sql;
	c->stmt = stmt;
	c->next = db->cache;
	db->cache = c;
	return stmt;
}

/* Ends one use of a cached statement. */
void
db_done(sqlite3_stmt *stmt)
{
	if (stmt == NULL)
		return;
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

/* Binds text, or NULL for a NULL or empty string. */
void
db_bind_text(sqlite3_stmt *stmt, int col, const char *s)
{
	if (s == NULL || *s == '\0')
		sqlite3_bind_null(stmt, col);
	else
		sqlite3_bind_text(stmt, col, s, -1, SQLITE_TRANSIENT);
}

/* Returns a copy of a text column (caller frees), or NULL if it is NULL. */
char *
db_column_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char	*s;

	s = sqlite3_column_text(stmt, col);
	return s == NULL ? NULL : xstrdup((const char *)s);
}

/*
 * Steps a bound statement to the end, turning each row into an element of
 * size bytes (zeroed, then filled by row()), and ends its use.  Returns the
 * array (caller frees the elements and it) or NULL with *n = 0.
 */
void *
db_collect(sqlite3_stmt *stmt, size_t size, void (*row)(sqlite3_stmt *,
    void *), size_t *n)
{
	char	*a = NULL;
	size_t	 cap = 0;

	*n = 0;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			a = xrealloc(a, cap * size);
		}
		memset(a + *n * size, 0, size);
		row(stmt, a + *n * size);
		(*n)++;
	}
	db_done(stmt);
	return a;
}

/*
 * Steps a bound statement that returns no rows and ends its use.  Returns
 * 0, or -1 logged under the caller's name.
 */
int
db_run(struct db *db, sqlite3_stmt *stmt, const char *caller)
{
	int	rc;

	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", caller, sqlite3_errmsg(db->handle));
		return -1;
	}
	return 0;
}

/* Runs sql that returns no rows.  Returns 0 or -1 (logged). */
int
db_exec(struct db *db, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(db->handle, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_warnx("%s: %s", __func__, err != NULL ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* BEGIN IMMEDIATE, so that a writer never has to upgrade its lock. */
int
db_begin(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int
db_commit(struct db *db)
{
	if (db_exec(db, "COMMIT") != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->handle))
		sqlite3_exec(db->handle, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * Savepoints inside the transaction of a group commit: each request runs
 * between db_savepoint and db_release, and a failing one is undone alone
 * with db_rollback_to.  Return 0 or -1 (logged).
 */
int
db_savepoint(struct db *db)
{
	return db_exec(db, "SAVEPOINT request");
}

int
db_release(struct db *db)
{
	return db_exec(db, "RELEASE request");
}

int
db_rollback_to(struct db *db)
{
	if (db_exec(db, "ROLLBACK TO request") != 0)
		return -1;
	return db_release(db);
}

int
db_version(struct db *db)
{
	sqlite3_stmt	*stmt;
	int		 v = -1;

	if (sqlite3_prepare_v2(db->handle, "PRAGMA user_version", -1, &stmt,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}
