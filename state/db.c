/*
 * db.c: opening a SQLite database with the pragmas yell relies on, and the
 * per-connection statement cache.
 *
 * A struct db belongs to one thread.  Statements are keyed by their SQL
 * text, which callers pass as string literals.
 *
 * Two things a connection can report besides results: how many rows it
 * changed in a table (db_changes, for the scheduler's cache), and that a
 * commit grew the WAL (db_checkpoint_by, for a checkpointer thread that
 * then does the checkpoints this connection no longer does itself).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib.h"
#include "state.h"

/* Tables db_changes can count: the jobs' inputs together (each a short
   linear scan in the update hook, so a few more cost nothing). */
#define DB_WATCH_MAX		16
/*
 * The WAL file is cut back to this when it starts over: as large as the
 * checkpointer lets the WAL grow (4,000 frames of a 4 KiB page, see
 * bot/checkpoint.c), so that the file, once grown, is written over in
 * place.  A WAL that grows again after each cut extends its file, and
 * each fsync then writes the file's metadata too: measured, about 3 %
 * more CPU per I-message and a higher p99 at 1,000 commands a second.
 */
#define DB_WAL_KEEP		(17 * 1024 * 1024)

struct db_watch {
	const char	*table;
	uint64_t	 changes;
};

struct db_cached {
	const char		*sql;
	sqlite3_stmt		*stmt;
	struct db_cached	*next;
};

/* A statement by the address of its SQL text, in db->slots. */
struct db_slot {
	const char		*sql;
	sqlite3_stmt		*stmt;
};

struct db {
	sqlite3			*handle;
	struct db_cached	*cache;
	struct db_slot		*slots;		/* open addressing */
	size_t			 nslots;	/* a power of 2, or 0 */
	size_t			 used;
	struct db_watch		 watch[DB_WATCH_MAX];
	size_t			 nwatch;
	void			(*ckpt_fn)(void *, int);
	void			*ckpt_arg;
	struct timespec		 busy_since;	/* this wait for a lock */
	long			 busy_ms;	/* gives up after */
};

/* Test hook: when positive, the Nth call of db_stmt from now fails. */
static int db_fault_countdown;

/*
 * The checkpointer that connections opened from now on report their
 * commits to (db_checkpoint_all_by).  Set by yelld before its threads open
 * theirs, cleared after they are closed.
 */
static void	(*db_ckpt_fn)(void *, int);
static pthread_once_t db_configured = PTHREAD_ONCE_INIT;
static void	*db_ckpt_arg;

#define DB_BUSY_SHORT	100	/* tries 100 us apart (10 ms), then 1 ms */
#define DB_BUSY_MS	5000	/* in all, by the clock */

/*
 * Waits for another connection's write lock.  SQLite's own busy timeout
 * sleeps 1, 2, 5 ... up to 100 ms between tries, which turns a lock held
 * for a millisecond (the sender marking a batch) into a wait of tens of
 * milliseconds for a group commit, and its acks; short naps first keep the
 * wait about as long as the lock is held.  Returns nonzero to try again.
 */
static int
db_busy(void *arg, int count)
{
	struct db	*db = arg;
	struct timespec	 now, ts;
	long		 ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0)
		db->busy_since = now;
	/* By the clock: on a loaded machine the naps take longer. */
	ms = (now.tv_sec - db->busy_since.tv_sec) * 1000 +
	    (now.tv_nsec - db->busy_since.tv_nsec) / 1000000;
	if (ms >= db->busy_ms)
		return 0;
	ts.tv_sec = 0;
	ts.tv_nsec = count < DB_BUSY_SHORT ? 100000L : 1000000L;
	nanosleep(&ts, NULL);
	return 1;
}

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
	    "PRAGMA trusted_schema=OFF;"
	    /*
	     * Statement journals in memory: a request's savepoint keeps there
	     * the first copy of each page it changes (about 64 KiB for an
	     * I-message), and past 64 KiB SQLite would spill them into a
	     * temporary file that it creates and unlinks each time.  A larger
	     * SQLITE_CONFIG_STMTJRNL_SPILL, which would keep them in one
	     * piece, makes SQLite 3.40 fail a big statement with "database or
	     * disk is full" when it does spill (test_big_statement_journal).
	     */
	    "PRAGMA temp_store=MEMORY;";

	db->busy_ms = DB_BUSY_MS;
	sqlite3_busy_handler(db->handle, db_busy, db);
	if (sqlite3_exec(db->handle, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s", sqlite3_errmsg(db->handle));
		return -1;
	}
	return 0;
}

/*
 * Process-wide, before SQLite initialises itself: no memory statistics.
 * Nothing reads them, and keeping them takes a global mutex around every
 * allocation SQLite makes, some 15% of the instructions of a statement.
 */
static void
db_configure(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
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

	(void)pthread_once(&db_configured, db_configure);
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
	if (db_ckpt_fn != NULL)
		db_checkpoint_by(db, db_ckpt_fn, db_ckpt_arg);
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
	free(db->slots);
	free(db);
}

/* SQLite's update hook: counts the row changes to the watched tables. */
static void
db_update_hook(void *arg, int op, const char *dbname, const char *table,
    sqlite3_int64 rowid)
{
	struct db	*db = arg;
	size_t		 i;

	(void)op;
	(void)dbname;
	(void)rowid;
	for (i = 0; i < db->nwatch; i++) {
		if (strcmp(db->watch[i].table, table) == 0) {
			db->watch[i].changes++;
			return;
		}
	}
}

/*
 * How many rows of table (a string literal) this connection has inserted,
 * updated or deleted since the first call for that table, counting changes
 * made by triggers and foreign key actions and also those rolled back
 * later.  A caller compares two answers to learn whether a table may have
 * changed.  Changes made by other connections are not seen, nor those of
 * a table WITHOUT ROWID (SQLite's update hook skips them).
 */
uint64_t
db_changes(struct db *db, const char *table)
{
	size_t	i;

	for (i = 0; i < db->nwatch; i++) {
		if (db->watch[i].table == table ||
		    strcmp(db->watch[i].table, table) == 0)
			return db->watch[i].changes;
	}
	if (db->nwatch == DB_WATCH_MAX)
		fatalx("%s: more than %d tables watched", __func__,
		    DB_WATCH_MAX);
	if (db->nwatch == 0)
		sqlite3_update_hook(db->handle, db_update_hook, db);
	db->watch[db->nwatch].table = table;
	db->watch[db->nwatch].changes = 0;
	db->nwatch++;
	return 0;
}

/* SQLite's WAL hook: runs after each commit, with the WAL's frame count. */
static int
db_wal_hook(void *arg, sqlite3 *handle, const char *name, int frames)
{
	struct db	*db = arg;

	(void)handle;
	(void)name;
	db->ckpt_fn(db->ckpt_arg, frames);
	return SQLITE_OK;
}

/*
 * Hands this connection's WAL checkpoints to a checkpointer: SQLite's
 * auto-checkpoint (which would run inside a commit and hold the committer
 * up) is turned off, and fn(arg, frames) is called after each commit
 * instead, on the committing thread; it must only take note and return.
 * The WAL file is cut back to DB_WAL_KEEP bytes whenever it restarts, so
 * that a burst past the checkpointer's bound does not leave it large for
 * good.
 */
void
db_checkpoint_by(struct db *db, void (*fn)(void *, int), void *arg)
{
	char	sql[64];

	snprintf(sql, sizeof sql, "PRAGMA journal_size_limit=%d", DB_WAL_KEEP);
	if (sqlite3_exec(db->handle, sql, NULL, NULL, NULL) != SQLITE_OK)
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->handle));
	db->ckpt_fn = fn;
	db->ckpt_arg = arg;
	/* This replaces the auto-checkpoint, which is itself a WAL hook. */
	sqlite3_wal_hook(db->handle, db_wal_hook, db);
}

/*
 * db_checkpoint_by for every connection db_open opens from now on (the
 * sender thread's, for one); fn NULL stops that.  Call it before starting
 * the threads that open them.
 */
void
db_checkpoint_all_by(void (*fn)(void *, int), void *arg)
{
	db_ckpt_fn = fn;
	db_ckpt_arg = arg;
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

/* Where sql's address is, or would go, in db->slots (nslots > 0). */
static size_t
db_slot(const struct db *db, const char *sql)
{
	size_t	i;

	i = (size_t)(((uintptr_t)sql >> 3) * 0x9e3779b97f4a7c15ULL >> 40);
	for (i &= db->nslots - 1; db->slots[i].sql != NULL &&
	    db->slots[i].sql != sql; i = (i + 1) & (db->nslots - 1))
		;
	return i;
}

/* Files stmt under the address sql, growing the table at half full. */
static void
db_slot_add(struct db *db, const char *sql, sqlite3_stmt *stmt)
{
	struct db_slot	*old = db->slots;
	size_t		 n = db->nslots, i;

	if (2 * (db->used + 1) > db->nslots) {
		db->nslots = n == 0 ? 64 : 2 * n;
		db->slots = xcalloc(db->nslots, sizeof *db->slots);
		for (i = 0; i < n; i++) {
			if (old[i].sql != NULL)
				db->slots[db_slot(db, old[i].sql)] = old[i];
		}
		free(old);
	}
	i = db_slot(db, sql);
	db->slots[i].sql = sql;
	db->slots[i].stmt = stmt;
	db->used++;
}

/*
 * The cached statement for sql, prepared on first use; NULL (logged).
 * Found by the address of the text first (callers pass literals), then,
 * for a text first seen at this address, by the text.
 */
static sqlite3_stmt *
db_cached(struct db *db, const char *sql)
{
	struct db_cached	*c;
	sqlite3_stmt		*stmt = NULL;
	size_t			 i;

	if (db->nslots > 0 && db->slots[i = db_slot(db, sql)].sql != NULL)
		return db->slots[i].stmt;
	for (c = db->cache; c != NULL && stmt == NULL; c = c->next) {
		if (strcmp(c->sql, sql) == 0)
			stmt = c->stmt;
	}
	if (stmt == NULL) {
		if (sqlite3_prepare_v3(db->handle, sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
			log_warnx("%s: %s", __func__,
			    sqlite3_errmsg(db->handle));
			return NULL;
		}
		c = xmalloc(sizeof *c);
		c->sql = sql;
		c->stmt = stmt;
		c->next = db->cache;
		db->cache = c;
	}
	db_slot_add(db, sql, stmt);
	return stmt;
}

/*
 * Returns the cached prepared statement for sql, preparing it on first use.
 * The statement is owned by the cache; end each use with db_done.  Returns
 * NULL (logged) if it cannot be prepared.
 */
sqlite3_stmt *
db_stmt(struct db *db, const char *sql)
{
	if (db_fault_countdown > 0 && --db_fault_countdown == 0) {
		log_warnx("%s: injected fault", __func__);
		return NULL;
	}
	return db_cached(db, sql);
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

/*
 * Health: can this connection take the write lock within ms, on a file
 * it may write?  Takes it and gives it back at once.  Returns 1 or 0.
 */
int
db_writable(struct db *db, int ms)
{
	long	saved = db->busy_ms;
	int	rc;

	db->busy_ms = ms;
	rc = sqlite3_exec(db->handle, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		(void)sqlite3_exec(db->handle, "ROLLBACK", NULL, NULL, NULL);
	db->busy_ms = saved;
	return rc == SQLITE_OK;
}

/*
 * Runs one statement of transaction control (a string literal).  They run
 * around every request, so they are prepared once and kept, not compiled
 * anew by sqlite3_exec each time; and they bypass db_set_fault, which
 * counts the queries of the features.  Returns 0 or -1 (logged).
 */
static int
db_control(struct db *db, const char *sql)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_cached(db, sql)) == NULL)
		return -1;
	if ((rc = sqlite3_step(stmt)) != SQLITE_DONE)
		log_warnx("%s: %s: %s", __func__, sql,
		    sqlite3_errmsg(db->handle));
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* BEGIN IMMEDIATE, so that a writer never has to upgrade its lock. */
int
db_begin(struct db *db)
{
	return db_control(db, "BEGIN IMMEDIATE");
}

int
db_commit(struct db *db)
{
	if (db_control(db, "COMMIT") != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->handle))
		(void)db_control(db, "ROLLBACK");
}

/*
 * Savepoints inside the transaction of a group commit: each request runs
 * between db_savepoint and db_release, and a failing one is undone alone
 * with db_rollback_to.  Return 0 or -1 (logged).
 */
int
db_savepoint(struct db *db)
{
	return db_control(db, "SAVEPOINT request");
}

int
db_release(struct db *db)
{
	return db_control(db, "RELEASE request");
}

int
db_rollback_to(struct db *db)
{
	if (db_control(db, "ROLLBACK TO request") != 0)
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
