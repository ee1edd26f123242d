/*
 * checkpoint.c: the WAL checkpointer thread.  yelld's connections never
 * checkpoint themselves (db_checkpoint_by turns auto-checkpoint off), so
 * that no commit on the loop waits behind one; this thread runs them on a
 * connection of its own.  It touches no table and no loop state.
 *
 * DESIGN
 * After each commit a connection tells us how many frames the WAL holds
 * (checkpoint_note, on the committing thread: a flag and, at most once per
 * checkpoint, a signal).  The thread runs a PASSIVE checkpoint as soon as
 * the WAL holds CHECKPOINT_FRAMES that no checkpoint has copied yet (not
 * frames in all: a WAL that cannot start over, because a reader is always
 * on it, would otherwise start a checkpoint, with its two fsyncs, after
 * every commit), or CHECKPOINT_DELAY seconds after the first commit since
 * the last checkpoint, so that a quiet daemon's WAL is folded back too;
 * with no commits it sleeps.  PASSIVE never waits for a
 * reader or a writer: what a reader still needs is copied the next time.
 * After a checkpoint that could copy nothing new (a reader still needs
 * the old frames), the next waits CHECKPOINT_GAP_MS, so that a reader
 * pinning the WAL cannot make the thread spin.
 *
 * The WAL starts over (and SQLite cuts the file back, journal_size_limit)
 * only when a writer begins after a checkpoint has copied every frame and
 * while none is copying.
 * Writers that never pause let a passive checkpointer copy forever behind
 * them, so once the WAL holds CHECKPOINT_MAX_FRAMES the thread runs a
 * RESTART checkpoint, which waits for the writer of the moment, makes the
 * next one wait while it copies the last frames, and starts the WAL over.
 * That bounds the WAL; only a writer that outran the passive checkpoints
 * by that much ever waits for one.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chat.h"
#include "state.h"

#define CHECKPOINT_FRAMES	1000	/* SQLite's own auto-checkpoint size */
#define CHECKPOINT_MAX_FRAMES	4000	/* then wait for the writers */
#define CHECKPOINT_DELAY	30	/* seconds after a first commit */
#define CHECKPOINT_GAP_MS	50
#define CHECKPOINT_BUSY_MS	5000

struct checkpoint {
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	pthread_cond_t		 ran;
	atomic_bool		 dirty;		/* a commit since the last run */
	atomic_int		 frames;	/* in the WAL at the last commit */
	atomic_int		 copied;	/* of them, by the last run (0 once
						   the WAL started over) */
	bool			 full;		/* the WAL passed the size */
	bool			 stopping;
	struct timespec		 due;		/* when dirty: run by then */
	unsigned long		 runs;
	struct db		*db;
};

static void
checkpoint_after(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/*
 * Called after each commit on any connection handed to us, on the
 * committing thread.  Most calls read one flag and return.
 */
static void
checkpoint_note(void *arg, int frames)
{
	struct checkpoint	*ck = arg;
	int			 fresh, before;

	before = atomic_exchange_explicit(&ck->frames, frames,
	    memory_order_relaxed);
	if (frames < before)	/* the WAL started over */
		atomic_store_explicit(&ck->copied, 0, memory_order_relaxed);
	fresh = frames - atomic_load_explicit(&ck->copied,
	    memory_order_relaxed);
	if (fresh < CHECKPOINT_FRAMES &&
	    atomic_load_explicit(&ck->dirty, memory_order_relaxed))
		return;
	pthread_mutex_lock(&ck->lock);
	if (!atomic_load(&ck->dirty)) {
		atomic_store(&ck->dirty, true);
		checkpoint_after(&ck->due, CHECKPOINT_DELAY * 1000L);
		pthread_cond_signal(&ck->cond);
	}
	if (fresh >= CHECKPOINT_FRAMES) {
		ck->full = true;
		pthread_cond_signal(&ck->cond);
	}
	pthread_mutex_unlock(&ck->lock);
}

/*
 * One checkpoint: PASSIVE, or RESTART when the writers have outrun the
 * passive ones.  Returns whether it copied frames or the whole WAL, false
 * when a reader kept it from copying any.
 */
static bool
checkpoint_run(struct checkpoint *ck)
{
	int	rc, mode = SQLITE_CHECKPOINT_PASSIVE, frames, copied = 0;
	int	before;
	bool	progress;

	before = atomic_load(&ck->copied);
	if ((frames = atomic_load(&ck->frames)) >= CHECKPOINT_MAX_FRAMES)
		mode = SQLITE_CHECKPOINT_RESTART;
	/*
	 * The commits made while it copies count from what it will have
	 * copied, not from what the last run did: counted from that, they
	 * found a full CHECKPOINT_FRAMES still to copy and started a second
	 * run, with its fsyncs, right after this one.
	 */
	atomic_store(&ck->copied, frames);
	rc = sqlite3_wal_checkpoint_v2(db_handle(ck->db), NULL, mode,
	    &frames, &copied);
	if ((rc != SQLITE_OK && rc != SQLITE_BUSY) || copied < 0) {
		if (rc != SQLITE_OK && rc != SQLITE_BUSY)
			log_warnx("%s: %s", __func__, db_errmsg(ck->db));
		atomic_store(&ck->copied, before);
		return false;
	}
	log_debug("%s: %s: %d of %d frames copied", __func__,
	    mode == SQLITE_CHECKPOINT_PASSIVE ? "passive" : "restart", copied,
	    frames);
	progress = copied == frames || copied != before;
	/* A WAL that started over since holds none of what was copied. */
	atomic_store(&ck->copied, atomic_load(&ck->frames) < frames ? 0 :
	    copied);
	return progress;
}

/*
 * The busy handler of our connection, for RESTART: retry soon and often,
 * since a busy writer frees the lock only between two commits, which
 * SQLite's default sleeps (1 ms, then more) would mostly miss.  Gives up
 * after about CHECKPOINT_BUSY_MS; the next commit asks again.
 */
static int
checkpoint_busy(void *arg, int tries)
{
	struct timespec	ts = { 0, 100 * 1000 };

	(void)arg;
	if (tries >= CHECKPOINT_BUSY_MS * 10)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

/* Waits on cond until ts or stopping.  Returns false once ts has passed. */
static bool
checkpoint_wait(struct checkpoint *ck, const struct timespec *ts)
{
	return pthread_cond_timedwait(&ck->cond, &ck->lock, ts) != ETIMEDOUT;
}

static void *
checkpoint_main(void *arg)
{
	struct checkpoint	*ck = arg;
	struct timespec		 gap;
	bool			 progress;

	pthread_mutex_lock(&ck->lock);
	while (!ck->stopping) {
		if (!atomic_load(&ck->dirty)) {
			pthread_cond_wait(&ck->cond, &ck->lock);
			continue;
		}
		if (!ck->full && checkpoint_wait(ck, &ck->due))
			continue;	/* woken: look again */
		if (ck->stopping)
			break;
		atomic_store(&ck->dirty, false);
		ck->full = false;
		pthread_mutex_unlock(&ck->lock);
		progress = checkpoint_run(ck);
		pthread_mutex_lock(&ck->lock);
		ck->runs++;
		pthread_cond_broadcast(&ck->ran);
		if (progress)
			continue;
		checkpoint_after(&gap, CHECKPOINT_GAP_MS);
		while (!ck->stopping && checkpoint_wait(ck, &gap))
			;
	}
	pthread_mutex_unlock(&ck->lock);
	return NULL;
}

/*
 * Starts the checkpointer for the database of db, with a connection of its
 * own, and hands it db's checkpoints and those of every connection
 * db_open opens from now on.  Returns it (caller stops it with
 * checkpoint_stop once those connections are closed) or NULL with *cause
 * set (caller frees).
 */
struct checkpoint *
checkpoint_start(struct db *db, char **cause)
{
	struct checkpoint	*ck;
	pthread_condattr_t	 attr;
	const char		*path;

	path = sqlite3_db_filename(db_handle(db), "main");
	if (path == NULL || *path == '\0') {
		xasprintf(cause, "a database in memory has no WAL");
		return NULL;
	}
	ck = xcalloc(1, sizeof *ck);
	if ((ck->db = db_open(path, cause)) == NULL) {
		free(ck);
		return NULL;
	}
	sqlite3_busy_handler(db_handle(ck->db), checkpoint_busy, NULL);
	atomic_init(&ck->dirty, false);
	atomic_init(&ck->frames, 0);
	pthread_mutex_init(&ck->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&ck->cond, &attr);
	pthread_cond_init(&ck->ran, &attr);
	pthread_condattr_destroy(&attr);
	if ((errno = pthread_create(&ck->thread, NULL, checkpoint_main,
	    ck)) != 0)
		fatal("%s: pthread_create", __func__);
	db_checkpoint_by(db, checkpoint_note, ck);
	db_checkpoint_all_by(checkpoint_note, ck);
	return ck;
}

/*
 * Waits, at most timeout_ms, until a checkpoint has run after this call.
 * Returns the number of checkpoints run so far (tests).
 */
unsigned long
checkpoint_wait_run(struct checkpoint *ck, int timeout_ms)
{
	struct timespec	ts;
	unsigned long	runs;

	checkpoint_after(&ts, timeout_ms);
	pthread_mutex_lock(&ck->lock);
	runs = ck->runs;
	while (ck->runs == runs) {
		if (pthread_cond_timedwait(&ck->ran, &ck->lock, &ts) ==
		    ETIMEDOUT)
			break;
	}
	runs = ck->runs;
	pthread_mutex_unlock(&ck->lock);
	return runs;
}

/*
 * Stops the thread and closes its connection.  Call it after the
 * connections handed to it are closed.  checkpoint_stop(NULL) is a no-op.
 */
void
checkpoint_stop(struct checkpoint *ck)
{
	if (ck == NULL)
		return;
	db_checkpoint_all_by(NULL, NULL);
	pthread_mutex_lock(&ck->lock);
	ck->stopping = true;
	pthread_cond_signal(&ck->cond);
	pthread_mutex_unlock(&ck->lock);
	pthread_join(ck->thread, NULL);
	db_close(ck->db);
	pthread_cond_destroy(&ck->cond);
	pthread_cond_destroy(&ck->ran);
	pthread_mutex_destroy(&ck->lock);
	free(ck);
}
