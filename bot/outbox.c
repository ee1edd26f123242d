/*
 * outbox.c: the sender thread.  It reads the outbox table through its own
 * database connection and drains it through the adapter's deliver(); each
 * row comes out sent, to be retried, or failed, and a batch's marks are
 * written by the loop thread, in one transaction.  It takes only the rows
 * its adapter may deliver, and paces conversations by moving their rows'
 * not_before, never by sleeping.
 *
 * DESIGN
 * Rows are committed before anyone is told about them, so a crash at any
 * point loses nothing: a row that was delivered but not yet marked is sent
 * again after a restart (at least once), which the platforms' idempotent
 * DMs and the per-effect dedupe keys keep harmless.  The thread sleeps on a
 * condition variable until woken or until the earliest not_before, measured
 * on the monotonic clock.
 *
 * The loop writes what the sender learns: a delivered batch is handed to it
 * (the marks ride in the next group commit, or go alone when the sender
 * has waited OUTBOX_SETTLE_MS for one) and the sender waits until its
 * marks are written before it reads the next one.  Two writers would
 * take turns at the write lock, and each group commit, with its acks,
 * would wait out the sender's commits.  The one write left to the sender is the rare link
 * of an account it found by email (outbox_find), a statement of its own.
 */
#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "chat.h"
#include "handlers.h"

#define OUTBOX_MAX_ATTEMPTS	8
#define OUTBOX_MAX_BACKOFF	300	/* seconds */
#define OUTBOX_MAX_SLEEP	60	/* seconds, so clock changes are seen */
#define OUTBOX_BATCH		64	/* rows taken, and marked, at once */
#define OUTBOX_SETTLE_MS	5	/* marks wait for a group this long */

struct outbox {
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	pthread_cond_t		 idle;
	pthread_cond_t		 settled;	/* the loop wrote the handed */
	struct outbox_row	*handed;	/* a batch for the loop to mark */
	size_t			 nhanded;
	int			 handed_rc;
	int			 group_rc;	/* of the marks a group took */
	bool			 handed_done;
	bool			 settle_due;	/* no group came: mark alone */
	bool			 exited;
	bool			 woken;
	bool			 sleeping;	/* idle: everything due is done */
	bool			 stopping;
	bool			 drain;
	bool			 hold;		/* test hook: deliver nothing */
	struct chat		*chat;
	struct loop		*loop;
	struct db		*db;		/* the sender's, for reading */
	struct db		*loop_db;	/* the loop's: marks go there */
	struct pace		*pace;
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

/*
 * Pacing (pace.c): a row for a conversation posted to less than the
 * platform's pace_ms ago is not slept on but moved to a later slot, its
 * not_before; in milliseconds of the wall clock (clock_now_ms), since a
 * slot rounded to a whole second held the post back for up to a second
 * more than its pace.
 */
static bool
outbox_paced(struct outbox *ob, struct outbox_row *row, long long now_ms)
{
	long long	slot;

	if (ob->chat->pace_ms <= 0)
		return false;
	slot = pace_book(ob->pace, row->conversation != NULL ?
	    row->conversation : row->recipient, now_ms, row->not_before_ms,
	    ob->chat->pace_ms);
	if (slot == 0)
		return false;
	row->status = OUTBOX_DEFERRED;	/* moved with the batch's marks */
	row->retry_ms = slot;
	return true;
}

/*
 * The roster's email of employee_id, if it is this active person's alone
 * (the check the inbound path makes): an address two rows share links
 * nobody.  Returns 1, 0 (shared, or not theirs), -1.
 */
static int
outbox_email_theirs(struct outbox *ob, const char *employee_id,
    const char *email)
{
	char	*owner;
	int	 rc;

	owner = q_identity_by_email(ob->db, email);
	rc = owner != NULL && strcmp(owner, employee_id) == 0;
	free(owner);
	return rc;
}

/*
 * The chat user a row goes to on this platform: the one the row names
 * (the account that asked, a stranger), the recipient's linked account
 * (one indexed lookup, the usual case), or one found by the roster's email
 * and linked now, so that it is asked once.  A link is never re-pointed:
 * an account that is someone else's, or an employee who has another, fails
 * the row.  OUT: *user (caller frees; NULL when the platform needs none or
 * the roster has no email, which deliver then reports), *st (the roster's
 * record when it was read, caller frees).  Returns CHAT_SENT when delivery
 * may go on, else the search's outcome.
 */
static enum chat_delivery
outbox_find(struct outbox *ob, const struct outbox_row *row,
    struct staff **st, char **user, char **error, int *retry_after)
{
	const char		*platform = ob->chat->platform;
	const char		*employee_id = row->recipient;
	enum chat_delivery	 d;
	int			 rc;

	*user = NULL;
	*st = NULL;
	if (ob->chat->find != NULL && row->chat_user != NULL) {
		*user = xstrdup(row->chat_user);
		return CHAT_SENT;
	}
	if (ob->chat->find != NULL && (*user = q_identity_chat_user(ob->db,
	    platform, employee_id)) != NULL)
		return CHAT_SENT;
	*st = q_staff_get(ob->db, employee_id);
	if (ob->chat->find == NULL || *st == NULL || (*st)->email == NULL)
		return CHAT_SENT;
	if ((rc = outbox_email_theirs(ob, employee_id, (*st)->email)) <= 0) {
		*error = xstrdup(rc < 0 ? "cannot read the roster" :
		    "the roster's email is not this person's alone");
		return rc < 0 ? CHAT_RETRY : CHAT_FAILED;
	}
	d = ob->chat->find(ob->chat, (*st)->email, user, error, retry_after);
	if (d != CHAT_SENT)
		return d;
	rc = q_identity_link(ob->db, platform, *user, employee_id);
	if (rc == 1) {
		log_info("%s: linked %s to %s user %s by email", __func__,
		    employee_id, platform, *user);
		return CHAT_SENT;
	}
	xasprintf(error, "%s user %s found by email is linked to someone "
	    "else", platform, *user);
	free(*user);
	*user = NULL;
	return rc < 0 ? CHAT_RETRY : CHAT_FAILED;
}

/*
 * Delivers one row; its outcome goes in row for the batch's marks.  A
 * wait the platform asks for (Retry-After) counts from its answer, not
 * from the start of the batch: the rows before this one took their time,
 * and a retry that soon would come back too early.
 */
static void
outbox_deliver(struct outbox *ob, struct outbox_row *row)
{
	struct chat_recipient	 to;
	struct staff		*st;
	enum chat_delivery	 d;
	char			*user;
	long long		 now_ms;
	int			 retry_after = 0;

	d = outbox_find(ob, row, &st, &user, &row->error, &retry_after);
	if (d == CHAT_SENT) {
		to.employee_id = row->recipient;
		to.name = st != NULL ? st->name : row->recipient;
		to.chat_user = user;
		d = ob->chat->deliver(ob->chat, row, &to, &row->error,
		    &retry_after, &row->sent_ref);
		row->sent_platform = ob->chat->platform;
	}
	now_ms = clock_now_ms();
	free(user);
	staff_free(st);
	if (d == CHAT_RETRY && row->attempts + 1 >= OUTBOX_MAX_ATTEMPTS)
		d = CHAT_FAILED;
	if (d == CHAT_SENT || d == CHAT_FAILED)
		metrics_delivered(row->ref, d == CHAT_SENT, row->error);
	else if (d == CHAT_DEFER)
		metrics_rate_wait();
	switch (d) {
	case CHAT_SENT:
		row->status = OUTBOX_SENT;
		break;
	case CHAT_RETRY:
		row->status = OUTBOX_PENDING;
		row->retry_ms = now_ms + outbox_backoff(row->attempts,
		    retry_after) * 1000LL;
		break;
	case CHAT_FAILED:
		log_warnx("%s: %s: giving up: %s", __func__, row->dedupe_key,
		    row->error != NULL ? row->error : "?");
		row->status = OUTBOX_FAILED;
		break;
	case CHAT_DEFER:	/* the platform's rate limit, not a failure */
		row->status = OUTBOX_DEFERRED;
		row->retry_ms = now_ms + (retry_after > 0 ? retry_after : 1) *
		    1000LL;
		break;
	}
}

/*
 * A row that went out tells the feature it delivers (its ref names the
 * handler and the thing), so that it can record when.
 */
static int
outbox_sent_hook(struct outbox *ob, const struct outbox_row *row, time_t now)
{
	const struct handler	*h;
	const char		*colon;
	char			*name;

	if (row->status != OUTBOX_SENT || row->ref == NULL ||
	    (colon = strchr(row->ref, ':')) == NULL)
		return 0;
	name = xstrndup(row->ref, (size_t)(colon - row->ref));
	h = handler_named(name);
	free(name);
	if (h == NULL || h->on_sent == NULL)
		return 0;
	return h->on_sent(ob->loop_db, colon + 1, now, row->sent_ref);
}

/*
 * Loop thread, in a transaction: marks a batch, moves its paced and
 * rate-limited rows, and runs its on-sent hooks.  Returns 0 or -1.
 */
static int
outbox_mark(struct outbox *ob, struct outbox_row *rows, size_t n)
{
	time_t	now = clock_now();
	size_t	i;

	if (q_outbox_mark_batch(ob->loop_db, rows, n, now) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (outbox_sent_hook(ob, &rows[i], now) != 0)
			return -1;
	}
	return 0;
}

/* The batch the sender handed over and waits for; NULL if none. */
static struct outbox_row *
outbox_handed(struct outbox *ob, size_t *n)
{
	struct outbox_row	*rows;

	pthread_mutex_lock(&ob->lock);
	rows = ob->handed_done ? NULL : ob->handed;
	*n = ob->nhanded;
	pthread_mutex_unlock(&ob->lock);
	return rows;
}

/* Lets the sender go on: its batch is marked (rc 0) or will come again. */
static void
outbox_release(struct outbox *ob, int rc)
{
	pthread_mutex_lock(&ob->lock);
	ob->handed_done = true;
	ob->handed_rc = rc;
	pthread_cond_signal(&ob->settled);
	pthread_mutex_unlock(&ob->lock);
}

/*
 * Loop thread: writes the marks of the batch the sender handed over, if
 * there is one, in a transaction of its own (one fsync for the batch),
 * and lets the sender go on.  A failure records nothing: the rows are
 * then delivered again, which their dedupe keys and the platforms make
 * harmless.
 */
static void
outbox_settle_now(struct outbox *ob)
{
	struct outbox_row	*rows;
	size_t			 n;
	int			 rc = -1;

	if ((rows = outbox_handed(ob, &n)) == NULL)
		return;
	/* The sender waits, so the rows stay as they are meanwhile. */
	if (db_begin(ob->loop_db) == 0) {
		if (outbox_mark(ob, rows, n) == 0 && db_commit(ob->loop_db) == 0)
			rc = 0;
		else
			db_rollback(ob->loop_db);
	}
	outbox_release(ob, rc);
}

/*
 * Loop thread, woken by the sender: a handed batch rides in the next group
 * commit (outbox_settle_begin), so that the two share an fsync; once the
 * sender has waited OUTBOX_SETTLE_MS for one, it is settled here alone.
 * Marks are waited for by nobody but the sender, and settling each batch
 * at once cost a commit per batch: with commands arriving one at a time,
 * nearly as many fsyncs as the commands' own.
 */
void
outbox_settle(struct outbox *ob)
{
	bool	due;

	if (ob == NULL)
		return;
	pthread_mutex_lock(&ob->lock);
	due = ob->settle_due && ob->handed != NULL && !ob->handed_done;
	pthread_mutex_unlock(&ob->lock);
	if (due)
		outbox_settle_now(ob);
}

/*
 * Loop thread, inside a group commit's transaction: writes the handed
 * batch's marks in a savepoint of their own, so that a failure undoes
 * them alone.  Returns whether it took a batch; outbox_settle_end, after
 * the COMMIT, then tells the sender.
 */
bool
outbox_settle_begin(struct outbox *ob)
{
	struct outbox_row	*rows;
	size_t			 n;

	if (ob == NULL || (rows = outbox_handed(ob, &n)) == NULL)
		return false;
	ob->group_rc = -1;
	if (db_savepoint(ob->loop_db) == 0) {
		if (outbox_mark(ob, rows, n) == 0 &&
		    db_release(ob->loop_db) == 0)
			ob->group_rc = 0;
		else
			(void)db_rollback_to(ob->loop_db);
	}
	return true;
}

/* After the group's COMMIT (committed: it held). */
void
outbox_settle_end(struct outbox *ob, bool committed)
{
	outbox_release(ob, committed ? ob->group_rc : -1);
}

/* *ts: ms milliseconds from now on the monotonic clock. */
static void
outbox_deadline(struct timespec *ts, long long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += (time_t)(ms / 1000);
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/*
 * Sender thread: hands a delivered batch to the loop and waits until its
 * marks are written (so that the next read does not take the same rows
 * again): for a group commit to take them, then, after OUTBOX_SETTLE_MS,
 * for the loop it wakes to write them alone.  The sender keeps that time,
 * not an lws timer: lws polls in whole milliseconds and spins through the
 * last fraction of one, which a timer this short made a loop thread's
 * busiest work.  Returns the loop's outcome, 0 or -1.
 */
static int
outbox_hand_over(struct outbox *ob, struct outbox_row *rows, size_t n)
{
	struct timespec	until;
	int		rc;

	if (n == 0)
		return 0;
	outbox_deadline(&until, OUTBOX_SETTLE_MS);
	pthread_mutex_lock(&ob->lock);
	ob->handed = rows;
	ob->nhanded = n;
	ob->handed_done = false;
	pthread_cond_broadcast(&ob->idle);	/* a flush or a stop settles */
	while (!ob->handed_done && pthread_cond_timedwait(&ob->settled,
	    &ob->lock, &until) != ETIMEDOUT)
		;
	if (!ob->handed_done) {
		ob->settle_due = true;
		pthread_mutex_unlock(&ob->lock);
		lws_cancel_service(loop_context(ob->loop));
		pthread_mutex_lock(&ob->lock);
	}
	while (!ob->handed_done)
		pthread_cond_wait(&ob->settled, &ob->lock);
	rc = ob->handed_rc;
	ob->handed = NULL;
	ob->nhanded = 0;
	ob->settle_due = false;
	pthread_mutex_unlock(&ob->lock);
	return rc;
}

/*
 * Loop thread, with ob->lock held: waits on ob->idle until done() or the
 * deadline, writing the marks the sender hands over meanwhile (it cannot
 * go on without them).  Returns false at the deadline.
 */
static bool
outbox_wait(struct outbox *ob, bool (*done)(const struct outbox *),
    const struct timespec *until)
{
	while (!done(ob)) {
		if (ob->handed != NULL && !ob->handed_done) {
			pthread_mutex_unlock(&ob->lock);
			outbox_settle_now(ob);
			pthread_mutex_lock(&ob->lock);
			continue;
		}
		if (pthread_cond_timedwait(&ob->idle, &ob->lock, until) ==
		    ETIMEDOUT)
			return false;
	}
	return true;
}

/*
 * Delivers every row due now, OUTBOX_BATCH at a time, and marks each batch
 * in one transaction.  Returns 0, or -1 on a database error.
 */
static int
outbox_drain_due(struct outbox *ob)
{
	struct outbox_row	*rows;
	size_t			 n, i;
	int			 rc = 0;

	do {
		if (q_outbox_due(ob->db, ob->chat->platform, clock_now_ms(),
		    OUTBOX_BATCH, &rows, &n) != 0)
			return -1;
		for (i = 0; i < n; i++) {
			if (!outbox_paced(ob, &rows[i], clock_now_ms()))
				outbox_deliver(ob, &rows[i]);
		}
		if (outbox_hand_over(ob, rows, n) != 0)
			rc = -1;
		outbox_rows_free(rows, n);
	} while (rc == 0 && n == OUTBOX_BATCH);
	return rc;
}

/*
 * Sleeps until woken, stopped, or the millisecond the next row is due
 * (a paced post's slot), OUTBOX_MAX_SLEEP at most.
 */
static void
outbox_sleep(struct outbox *ob)
{
	struct timespec	ts;
	long long	when, delay = OUTBOX_MAX_SLEEP * 1000LL;

	if (!ob->hold && q_outbox_earliest(ob->db, ob->chat->platform,
	    &when) == 1) {
		delay = when - clock_now_ms();
		if (delay < 0)
			delay = 0;
		if (delay > OUTBOX_MAX_SLEEP * 1000LL)
			delay = OUTBOX_MAX_SLEEP * 1000LL;
	}
	outbox_deadline(&ts, delay);
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
	pthread_mutex_lock(&ob->lock);
	ob->exited = true;
	pthread_cond_broadcast(&ob->idle);
	pthread_mutex_unlock(&ob->lock);
	return NULL;
}

/*
 * Starts the sender thread with its own connection to the database, for
 * reading; the marks are written through the loop's (app->db).
 * YELL_OUTBOX_HOLD=1 in the environment, with [test] hooks = on, keeps
 * every row pending (the durability tests kill yelld with work still in
 * the outbox).  Returns the
 * outbox (stop and free it with outbox_stop and outbox_free) or NULL with
 * *cause set.
 */
struct outbox *
outbox_start(const struct config *cfg, struct chat *chat, struct loop *loop,
    char **cause)
{
	struct outbox		*ob;
	pthread_condattr_t	 attr;
	const char		*hold = config_test_hook(cfg,
				    "YELL_OUTBOX_HOLD");

	ob = xcalloc(1, sizeof *ob);
	ob->chat = chat;
	ob->pace = pace_new();
	ob->loop = loop;
	ob->loop_db = loop_app(loop)->db;
	ob->hold = hold != NULL && strcmp(hold, "1") == 0;
	if ((ob->db = db_open(cfg->database, cause)) == NULL) {
		pace_free(ob->pace);
		free(ob);
		return NULL;
	}
	pthread_mutex_init(&ob->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&ob->cond, &attr);
	pthread_cond_init(&ob->idle, &attr);
	pthread_cond_init(&ob->settled, &attr);
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

static bool
outbox_idle(const struct outbox *ob)
{
	return !ob->woken && ob->sleeping;
}

static bool
outbox_exited(const struct outbox *ob)
{
	return ob->exited;
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

	outbox_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&ob->lock);
	ob->woken = true;
	pthread_cond_signal(&ob->cond);
	(void)outbox_wait(ob, outbox_idle, &ts);
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
	struct timespec	forever = { .tv_sec = (time_t)1 << 40 };

	if (ob == NULL)
		return;
	pthread_mutex_lock(&ob->lock);
	ob->stopping = true;
	ob->drain = drain;
	pthread_cond_signal(&ob->cond);
	(void)outbox_wait(ob, outbox_exited, &forever);
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
	pthread_cond_destroy(&ob->settled);
	pace_free(ob->pace);
	free(ob);
}
