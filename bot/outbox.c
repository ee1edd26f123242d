/*
 * outbox.c: the sender thread.  It owns its own database connection and
 * drains the outbox table through the adapter's deliver(), marking each row
 * sent, to be retried, or failed.  The loop thread only wakes it.
 *
 * DESIGN
 * Rows are committed before anyone is told about them, so a crash at any
 * point loses nothing: a row that was delivered but not yet marked is sent
 * again after a restart (at least once), which the platforms' idempotent
 * DMs and the per-effect dedupe keys keep harmless.  The thread sleeps on a
 * condition variable until woken or until the earliest not_before, measured
 * on the monotonic clock.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "state.h"

#define OUTBOX_MAX_ATTEMPTS	8
#define OUTBOX_MAX_BACKOFF	300	/* seconds */
#define OUTBOX_MAX_SLEEP	60	/* seconds, so clock changes are seen */

struct outbox {
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	pthread_cond_t		 idle;
	bool			 woken;
	bool			 sleeping;	/* idle: everything due is done */
	bool			 stopping;
	bool			 drain;
	bool			 hold;		/* test hook: deliver nothing */
	struct chat		*chat;
	struct db		*db;
};

static time_t
outbox_backoff(int attempts, int retry_after)
{
	time_t	delay = 1;

	if (retry_after > 0)
		return retry_after;
	while (attempts-- > 0 && delay < OUTBOX_MAX_BACKOFF)
		delay *= 2;
	return delay < OUTBOX_MAX_BACKOFF ? delay : OUTBOX_MAX_BACKOFF;
}

/* Delivers one row and records the outcome. */
static void
outbox_deliver(struct outbox *ob, struct outbox_row *row)
{
	struct staff		*to;
	enum chat_delivery	 d;
	char			*error = NULL;
	int			 retry_after = 0;
	time_t			 now = clock_now();

	to = q_staff_get(ob->db, row->recipient);
	d = ob->chat->deliver(ob->chat, row, to != NULL ? to->name :
	    row->recipient, &error, &retry_after);
	staff_free(to);
	if (d == CHAT_RETRY && row->attempts + 1 >= OUTBOX_MAX_ATTEMPTS)
		d = CHAT_FAILED;
	switch (d) {
	case CHAT_SENT:
		q_outbox_mark(ob->db, row->id, OUTBOX_SENT, NULL, now, 0);
		break;
	case CHAT_RETRY:
		q_outbox_mark(ob->db, row->id, OUTBOX_PENDING, error, now,
		    now + outbox_backoff(row->attempts, retry_after));
		break;
	case CHAT_FAILED:
		log_warnx("%s: %s: giving up: %s", __func__, row->dedupe_key,
		    error != NULL ? error : "?");
		q_outbox_mark(ob->db, row->id, OUTBOX_FAILED, error, now, 0);
		break;
	case CHAT_DEFER:	/* the platform's rate limit, not a failure */
		q_outbox_defer(ob->db, row->id, now + (retry_after > 0 ?
		    retry_after : 1));
		break;
	}
	free(error);
}

/* Delivers every row due now.  Returns 0, or -1 on a database error. */
static int
outbox_drain_due(struct outbox *ob)
{
	struct outbox_row	row;
	int			rc;

	for (;;) {
		rc = q_outbox_next(ob->db, clock_now(), &row);
		if (rc <= 0)
			return rc;
		outbox_deliver(ob, &row);
		outbox_row_clear(&row);
	}
}

/* Sleeps until woken, stopped, or the next row is due. */
static void
outbox_sleep(struct outbox *ob)
{
	struct timespec	ts;
	time_t		when, delay = OUTBOX_MAX_SLEEP;

	if (!ob->hold && q_outbox_earliest(ob->db, &when) == 1) {
		delay = when - clock_now();
		if (delay < 0)
			delay = 0;
		if (delay > OUTBOX_MAX_SLEEP)
			delay = OUTBOX_MAX_SLEEP;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += delay;
	pthread_mutex_lock(&ob->lock);
	ob->sleeping = true;
	pthread_cond_broadcast(&ob->idle);
	while (!ob->woken && !ob->stopping) {
		if (pthread_cond_timedwait(&ob->cond, &ob->lock, &ts) ==
		    ETIMEDOUT)
			break;
	}
	ob->sleeping = false;
	ob->woken = false;
	pthread_mutex_unlock(&ob->lock);
}

static void *
outbox_main(void *arg)
{
	struct outbox	*ob = arg;
	bool		 stop, drain;

	for (;;) {
		if (!ob->hold && outbox_drain_due(ob) != 0)
			log_warnx("%s: outbox query failed; will retry",
			    __func__);
		pthread_mutex_lock(&ob->lock);
		stop = ob->stopping;
		drain = ob->drain;
		pthread_mutex_unlock(&ob->lock);
		if (stop)
			break;
		outbox_sleep(ob);
	}
	if (drain && !ob->hold)
		outbox_drain_due(ob);
	return NULL;
}

/*
 * Starts the sender thread with its own connection to the database.
 * YELL_OUTBOX_HOLD=1 in the environment keeps every row pending (the
 * durability tests kill yelld with work still in the outbox).  Returns the
 * outbox (stop and free it with outbox_stop and outbox_free) or NULL with
 * *cause set.
 */
struct outbox *
outbox_start(const struct config *cfg, struct chat *chat, char **cause)
{
	struct outbox		*ob;
	pthread_condattr_t	 attr;
	const char		*hold = getenv("YELL_OUTBOX_HOLD");

	ob = xcalloc(1, sizeof *ob);
	ob->chat = chat;
	ob->hold = hold != NULL && strcmp(hold, "1") == 0;
	if ((ob->db = db_open(cfg->database, cause)) == NULL) {
		free(ob);
		return NULL;
	}
	pthread_mutex_init(&ob->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&ob->cond, &attr);
	pthread_cond_init(&ob->idle, &attr);
	pthread_condattr_destroy(&attr);
	if (ob->hold)
		log_warnx("%s: YELL_OUTBOX_HOLD is set: nothing will be "
		    "delivered", __func__);
	if ((errno = pthread_create(&ob->thread, NULL, outbox_main, ob)) != 0)
		fatal("%s: pthread_create", __func__);
	return ob;
}

/* Called by the loop thread after each commit that queued rows. */
void
outbox_wake(struct outbox *ob)
{
	pthread_mutex_lock(&ob->lock);
	ob->woken = true;
	pthread_cond_signal(&ob->cond);
	pthread_mutex_unlock(&ob->lock);
}

/*
 * Wakes the sender and waits, at most timeout_ms, until it has delivered
 * everything due.  Only the console uses it, to keep its transcript in the
 * order things happened; chat platforms never wait for the outbox.
 */
void
outbox_flush(struct outbox *ob, int timeout_ms)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&ob->lock);
	ob->woken = true;
	pthread_cond_signal(&ob->cond);
	while (ob->woken || !ob->sleeping) {
		if (pthread_cond_timedwait(&ob->idle, &ob->lock, &ts) ==
		    ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&ob->lock);
}

/*
 * Stops the thread and waits for it.  With drain, rows already due are
 * delivered first (the console's end of input); otherwise they stay in
 * the outbox for the next start.
 */
void
outbox_stop(struct outbox *ob, bool drain)
{
	pthread_mutex_lock(&ob->lock);
	ob->stopping = true;
	ob->drain = drain;
	pthread_cond_signal(&ob->cond);
	pthread_mutex_unlock(&ob->lock);
	pthread_join(ob->thread, NULL);
}

void
outbox_free(struct outbox *ob)
{
	if (ob == NULL)
		return;
	db_close(ob->db);
	pthread_mutex_destroy(&ob->lock);
	pthread_cond_destroy(&ob->cond);
	pthread_cond_destroy(&ob->idle);
	free(ob);
}
