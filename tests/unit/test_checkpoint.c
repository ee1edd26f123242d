/*
 * test_checkpoint.c: WAL checkpoints off the committing connection
 * (bot/checkpoint.c, db_checkpoint_by in state/db.c), on a database file
 * in a fresh temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "chat.h"
#include "state.h"

#define TEST_COMMITS	8000
#define TEST_ROW	2000	/* bytes: each commit writes a page or two */
#define TEST_FRAME	(4096 + 24)
#define TEST_PAUSE_US	100
/*
 * Checkpoints start at 1,000 frames and wait for the writers at 4,000:
 * the bound leaves room for the frames written meanwhile, and is far
 * below the WAL of the commits with no checkpoints.
 */
#define TEST_WAL_BOUND	(6000 * TEST_FRAME)
#define TEST_WAL_KEEP	(17 * 1024 * 1024 + 1000 * TEST_FRAME)
#define TEST_PINNED	3000	/* commits of a frame each, a reader on */
#define TEST_KEPT_COMMITS 1000	/* a WAL of about 8 MiB */

struct tdb {
	char		 dir[64];
	char		*path;
	char		*wal;
	struct db	*db;
	int		 notes;
	int		 max_frames;
};

static int
setup(void **state)
{
	struct tdb	*t = xcalloc(1, sizeof *t);
	char		*cause = NULL;

	log_init(LOG_LVL_WARN, "test");
	snprintf(t->dir, sizeof t->dir, "/tmp/yell-ckpt.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	xasprintf(&t->path, "%s/yell.db", t->dir);
	xasprintf(&t->wal, "%s-wal", t->path);
	t->db = db_open(t->path, &cause);
	assert_non_null(t->db);
	/* The mechanics of the WAL do not depend on fsync; spare the disk. */
	assert_int_equal(db_exec(t->db, "PRAGMA synchronous=OFF;"
	    "CREATE TABLE t (x TEXT)"), 0);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct tdb	*t = *state;
	char		*p;

	db_close(t->db);
	unlink(t->path);
	unlink(t->wal);
	xasprintf(&p, "%s-shm", t->path);
	unlink(p);
	free(p);
	rmdir(t->dir);
	free(t->path);
	free(t->wal);
	free(t);
	return 0;
}

static off_t
wal_size(const struct tdb *t)
{
	struct stat	st;

	return stat(t->wal, &st) == 0 ? st.st_size : 0;
}

/*
 * Commits n rows one by one, pausing pause_us between two (yelld's
 * commits wait for fsync; these do not).  Returns the largest WAL seen.
 */
static off_t
commit_many(struct tdb *t, int n, long pause_us)
{
	struct timespec	 ts = { 0, pause_us * 1000 };
	sqlite3_stmt	*stmt;
	char		 row[TEST_ROW + 1];
	off_t		 size, max = 0;
	int		 i;

	memset(row, 'x', TEST_ROW);
	row[TEST_ROW] = '\0';
	for (i = 0; i < n; i++) {
		stmt = db_stmt(t->db, "INSERT INTO t (x) VALUES (?1)");
		assert_non_null(stmt);
		db_bind_text(stmt, 1, row);
		assert_int_equal(db_run(t->db, stmt, __func__), 0);
		if ((size = wal_size(t)) > max)
			max = size;
		if (pause_us > 0)
			nanosleep(&ts, NULL);
	}
	return max;
}

static void
note(void *arg, int frames)
{
	struct tdb	*t = arg;

	t->notes++;
	if (frames > t->max_frames)
		t->max_frames = frames;
}

/*
 * A connection handed to a checkpointer never checkpoints in its commits:
 * with nobody checkpointing, the WAL only grows, and each commit is noted.
 */
static void
test_no_checkpoint_in_commits(void **state)
{
	struct tdb	*t = *state;
	off_t		 max;

	db_checkpoint_by(t->db, note, t);
	max = commit_many(t, TEST_COMMITS, 0);
	assert_int_equal(t->notes, TEST_COMMITS);
	assert_true(t->max_frames >= TEST_COMMITS);
	assert_true(max > TEST_WAL_BOUND);
	assert_int_equal(wal_size(t), max);
}

/*
 * With the checkpointer running, the WAL stays bounded; once it has run
 * and the WAL restarted, the file is cut back.  Stopping joins the thread.
 */
static void
test_checkpointer_bounds_wal(void **state)
{
	struct tdb		*t = *state;
	struct checkpoint	*ck;
	char			*cause = NULL;
	off_t			 max;
	time_t			 end;

	ck = checkpoint_start(t->db, &cause);
	assert_non_null(ck);
	max = commit_many(t, TEST_COMMITS, TEST_PAUSE_US);
	assert_true(max < TEST_WAL_BOUND);
	/*
	 * Once a checkpoint has caught up, the next commit starts the WAL
	 * over and cuts the file back to journal_size_limit; a WAL of fewer
	 * frames than start a checkpoint may stay.  On a loaded machine the
	 * checkpointer may need many rounds to catch up: up to 50 s by the
	 * clock (a round ends at the next run, which may come at once).
	 */
	end = time(NULL) + 50;
	while (wal_size(t) > TEST_WAL_KEEP && time(NULL) < end) {
		checkpoint_wait_run(ck, 500);
		commit_many(t, 1, 0);
	}
	assert_true(wal_size(t) <= TEST_WAL_KEEP);
	assert_true(checkpoint_wait_run(ck, 0) > 0);
	checkpoint_stop(ck);
}

/*
 * A reader that is always on the WAL (it takes a new snapshot after each
 * commit, as the sender's reads do under load) keeps the WAL from
 * starting over, so it holds more than CHECKPOINT_FRAMES frames after the
 * first thousand commits.  Checkpoints still run once per thousand frames
 * not yet copied, not after every commit.
 */
static void
test_checkpoints_count_new_frames(void **state)
{
	struct tdb		*t = *state;
	struct checkpoint	*ck;
	struct db		*reader;
	char			*cause = NULL;
	unsigned long		 runs;
	int			 i;

	reader = db_open(t->path, &cause);
	assert_non_null(reader);
	ck = checkpoint_start(t->db, &cause);
	assert_non_null(ck);
	for (i = 0; i < TEST_PINNED; i++) {
		assert_int_equal(db_exec(reader, "BEGIN;"
		    "SELECT count(*) FROM t"), 0);
		assert_int_equal(db_exec(t->db, "INSERT INTO t (x) "
		    "VALUES ('a row')"), 0);
		assert_int_equal(db_exec(reader, "COMMIT"), 0);
	}
	runs = checkpoint_wait_run(ck, 1000);	/* the last may still run */
	assert_true(runs >= 1);
	assert_true(runs <= TEST_PINNED / 1000 + 2);
	checkpoint_stop(ck);
	db_close(reader);
}

/*
 * The WAL file, once grown within the checkpointer's bound, is written
 * over in place when the WAL starts over, not cut back and grown again
 * (each fsync of a growing file writes its metadata too).
 */
static void
test_wal_kept_at_size(void **state)
{
	struct tdb	*t = *state;
	off_t		 grown;

	db_checkpoint_by(t->db, note, t);
	grown = commit_many(t, TEST_KEPT_COMMITS, 0);
	assert_true(grown > 6 * 1024 * 1024);
	assert_int_equal(sqlite3_wal_checkpoint_v2(db_handle(t->db), NULL,
	    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL), SQLITE_OK);
	commit_many(t, 1, 0);		/* starts the WAL over */
	assert_true(t->max_frames >= TEST_KEPT_COMMITS);
	assert_int_equal(wal_size(t), grown);
}

/* A database in memory has no WAL: nothing to start. */
static void
test_memory_has_none(void **state)
{
	struct db	*db;
	char		*cause = NULL;

	(void)state;
	db = db_open(":memory:", &cause);
	assert_non_null(db);
	assert_null(checkpoint_start(db, &cause));
	assert_non_null(cause);
	free(cause);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_checkpoint_in_commits,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpointer_bounds_wal,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_checkpoints_count_new_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_kept_at_size, setup,
		    teardown),
		cmocka_unit_test(test_memory_has_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
