/*
 * sched.c: the scheduler.  Handlers with an on_tick (reminders, the
 * digest, later the prompts and nudges) say when they next have work; one
 * lws_sul is armed for the earliest of those.  Nothing polls.
 *
 * DESIGN
 * Asking a job when it is next due can cost an organisation-wide query
 * (the digest's), and the core calls sched_kick after every group commit,
 * so each job's answer is cached and sched_kick only re-arms from the
 * cache.  A job's cached time is asked for again only when:
 *  - the job has just run (after each run it says when it is next due);
 *  - a row of one of its inputs changed: each job names the tables its
 *    next_due reads (struct handler .inputs), and db_changes() counts the
 *    rows the loop's connection changed in each table (an SQLite update
 *    hook), so a commit that touched none of them costs a comparison;
 *    A job whose answer read none of its inputs (the weekly digest's
 *    time, while it is ahead) says so (ctx->steady) and is not asked
 *    again for their changes: only for the other reasons here;
 *  - the clock moved (sched_run, called by the console's /time) or the
 *    timer fired for the SCHED_MAX_SLEEP cap.  The cap also bounds how
 *    late a change made by another process (yellctl) is noticed, since the
 *    update hook only sees this connection's writes.
 * A cached time that has passed is not stale: the timer fires, the job
 * runs and says anew.  A counted change that was rolled back only costs a
 * needless recomputation.
 *
 * Jobs run in bounded slices: on_tick does a few rows, commits them with
 * their outbox rows and sets ctx->more if more is due; the scheduler then
 * re-arms at once (0 delay, or YELL_SCHED_GAP_MS for a test), so that lws
 * services the sockets between two slices and no ack waits behind a whole
 * run.  A job's ctx->resume bookmark is kept here between slices and
 * dropped when the run is over.  A crash between two slices loses nothing
 * and repeats nothing: each slice's effects are committed whole, and what
 * is left is still due after the restart.  A run that found nothing while
 * its job said it was due waits SCHED_RETRY, so that a job whose next_due
 * and on_tick disagree cannot make the timer spin.
 *
 * At start, jobs wait until the adapter has a connection up (loop_connected)
 * or SCHED_HOLD has passed: the connection's round trips, and the acks of
 * what the platform redelivers after a restart, would otherwise wait
 * behind the first slices of every run that fell due while yelld was down.
 *
 * The sul runs on the monotonic clock while due times are wall-clock
 * times, so a sleep is capped: a wall clock moved by the operator is
 * noticed within SCHED_MAX_SLEEP.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "chat.h"
#include "handlers.h"

#define SCHED_MAX_SLEEP	(15 * 60)	/* seconds */
#define SCHED_RETRY	60		/* seconds after a failed job */
#define SCHED_HOLD	(5 * LWS_US_PER_SEC)	/* at most, for a connection */

static void	sched_fire(lws_sorted_usec_list_t *);

/* What the scheduler knows of one job between runs. */
struct sched_job {
	const struct handler	*h;
	bool			 known;		/* due is up to date */
	bool			 steady;	/* and holds whatever the
						   inputs do (ctx.steady) */
	time_t			 due;		/* 0: nothing planned */
	uint64_t		 inputs;	/* db_changes sum when asked */
	time_t			 retry_at;	/* not before: after a failed
						   or an idle run */
	bool			 more;		/* a run stopped at its bound */
	char			 resume[sizeof(((struct ctx *)0)->resume)];
};

struct sched {
	struct app		*app;
	struct lws_context	*context;
	lws_sorted_usec_list_t	 sul;
	time_t			 armed;		/* when the sul fires; 0 none */
	lws_usec_t		 gap;		/* between two slices of a run */
	lws_usec_t		 hold_until;	/* lws_now_usecs; 0: not held */
	struct sched_job	*jobs;
	size_t			 njobs;
	unsigned long		 asked;		/* next_due calls, for tests */
};

/* A context for jobs: no asker; the default language. */
void
sched_job_ctx(struct app *app, struct ctx *ctx)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->db = app->db;
	ctx->cfg = app->cfg;
	ctx->msg = app->msg;
	ctx->mvv = app->mvv;
	ctx->cal = app->cal;
	ctx->remind = app->remind;
	ctx->lang = app->cfg->language;
	ctx->now = clock_now();
}

/* The sum of the row changes to a job's inputs; UINT64_MAX: always ask. */
static uint64_t
sched_inputs(struct sched *s, const struct sched_job *j)
{
	const char *const	*t;
	uint64_t		 sum = 0;

	if (j->h->inputs == NULL)
		return UINT64_MAX;
	for (t = j->h->inputs; *t != NULL; t++)
		sum += db_changes(s->app->db, *t);
	return sum;
}

/* Asks a job when it is next due, if its cached answer may be stale. */
static void
sched_refresh(struct sched *s, struct sched_job *j)
{
	struct ctx	ctx;
	uint64_t	inputs;
	time_t		when;
	int		rc;

	if (j->more || (j->known && j->steady))
		return;
	inputs = sched_inputs(s, j);
	if (j->known && inputs == j->inputs && inputs != UINT64_MAX)
		return;
	sched_job_ctx(s->app, &ctx);
	s->asked++;
	rc = j->h->next_due(&ctx, &when);
	j->due = rc == 1 ? when : 0;
	j->steady = rc == 1 && ctx.steady;
	if (rc < 0) {
		log_warnx("%s: %s: cannot tell when it is due; will ask again",
		    __func__, j->h->name);
		j->due = ctx.now + SCHED_RETRY;
	}
	/* Read again: next_due itself may not change rows, but be sure. */
	j->inputs = sched_inputs(s, j);
	j->known = true;
}

/* When a job wants to run: now if it has more, else its due time. */
static time_t
sched_when(const struct sched_job *j, time_t now)
{
	time_t	when = j->more ? now : j->due;

	if (when != 0 && j->retry_at > when)
		when = j->retry_at;
	return when;
}

/* Whether jobs still wait for the adapter's first connection. */
static bool
sched_held(struct sched *s)
{
	struct chat	*chat = s->app->chat;
	lws_usec_t	 now;

	if (s->hold_until == 0)
		return false;
	now = lws_now_usecs();
	if (chat == NULL || chat->connections == NULL ||
	    chat->connections(chat) > 0 || now >= s->hold_until) {
		s->hold_until = 0;
		return false;
	}
	lws_sul_schedule(s->context, 0, &s->sul, sched_fire,
	    s->hold_until - now);
	return true;
}

/*
 * Re-arms the timer for the earliest job from the cache, asking only the
 * jobs whose inputs changed.  Call after any commit; it is cheap.
 */
void
sched_kick(struct sched *s)
{
	time_t	when, next = 0, now = clock_now();
	size_t	i;

	if (sched_held(s))
		return;
	for (i = 0; i < s->njobs; i++) {
		sched_refresh(s, &s->jobs[i]);
		when = sched_when(&s->jobs[i], now);
		if (when != 0 && (next == 0 || when < next))
			next = when;
	}
	if (next == 0 || next - now > SCHED_MAX_SLEEP)
		next = now + SCHED_MAX_SLEEP;
	if (next <= now) {
		/* Due now, or a run goes on: after the sockets are served. */
		s->armed = now;
		lws_sul_schedule(s->context, 0, &s->sul, sched_fire, s->gap);
		return;
	}
	/* A kick that finds the same time leaves the timer alone. */
	if (next == s->armed)
		return;
	s->armed = next;
	lws_sul_schedule(s->context, 0, &s->sul, sched_fire,
	    (lws_usec_t)(next - now) * LWS_US_PER_SEC);
}

/* Runs one slice of a job and records what it says.  Returns 0 or -1. */
static int
sched_slice(struct sched *s, struct sched_job *j, int *queued)
{
	struct ctx	ctx;
	int		n;

	sched_job_ctx(s->app, &ctx);
	memcpy(ctx.resume, j->resume, sizeof ctx.resume);
	n = j->h->on_tick(&ctx);
	j->known = false;		/* it says anew after each run */
	j->more = n >= 0 && ctx.more;
	if (j->more)
		memcpy(j->resume, ctx.resume, sizeof j->resume);
	else
		memset(j->resume, 0, sizeof j->resume);
	if (n < 0) {
		log_warnx("%s: %s failed; will retry", __func__, j->h->name);
		j->retry_at = ctx.now + SCHED_RETRY;
		return -1;
	}
	/*
	 * A run that found nothing to do while its job still says it is due
	 * must not make the timer spin: it is not run again for SCHED_RETRY
	 * (or until sched_run).  A run that did work without queueing (it
	 * skipped stale reminders) and is next due later keeps that time.
	 */
	j->retry_at = 0;
	if (n == 0 && !j->more) {
		sched_refresh(s, j);
		if (j->due != 0 && j->due <= ctx.now)
			j->retry_at = ctx.now + SCHED_RETRY;
	}
	*queued += n;
	return 0;
}

/*
 * The timer: one slice of every job that is due, then re-arm (at once if
 * one has more).  The cap's wake-up (nothing due) asks every job anew, so
 * that what another process changed is seen.
 */
static void
sched_fire(lws_sorted_usec_list_t *sul)
{
	struct sched	*s = lws_container_of(sul, struct sched, sul);
	struct sched_job *j;
	time_t		 now = clock_now(), when;
	size_t		 i;
	int		 queued = 0, ran = 0;

	s->armed = 0;
	for (i = 0; i < s->njobs; i++) {
		j = &s->jobs[i];
		when = sched_when(j, now);
		if (when == 0 || when > now)
			continue;
		sched_slice(s, j, &queued);
		ran++;
	}
	if (ran == 0) {
		for (i = 0; i < s->njobs; i++)
			s->jobs[i].known = false;
	}
	if (queued > 0 && s->app->outbox != NULL)
		outbox_wake(s->app->outbox);
	sched_kick(s);
}

/*
 * Runs every job now, each to the end of what is due, then re-arms.  The
 * console calls it after moving the clock, since a script's lines are all
 * handled in one read and would otherwise race past the timer; so every
 * cached due time is dropped too.
 */
void
sched_run(struct sched *s)
{
	struct sched_job	*j;
	size_t			 i;
	int			 queued = 0;

	s->armed = 0;	/* the sul's delay was counted from the old clock */
	for (i = 0; i < s->njobs; i++) {
		j = &s->jobs[i];
		j->more = false;
		j->retry_at = 0;
		memset(j->resume, 0, sizeof j->resume);
		do {
			if (sched_slice(s, j, &queued) != 0)
				break;
		} while (j->more);
		j->known = false;
	}
	if (queued > 0 && s->app->outbox != NULL)
		outbox_wake(s->app->outbox);
	sched_kick(s);
}

/* When the timer fires next, 0 if it is not armed (tests). */
time_t
sched_armed(const struct sched *s)
{
	return s->armed;
}

/* How many times a job was asked when it is next due (tests). */
unsigned long
sched_asked(const struct sched *s)
{
	return s->asked;
}

/*
 * Creates the scheduler and arms it for what is due (caller frees).
 * YELL_SCHED_GAP_MS in the environment ([test] hooks = on) puts that many milliseconds between
 * two slices of a run (a test kills yelld between two).
 */
struct sched *
sched_create(struct app *app, struct loop *loop)
{
	struct sched	*s = xcalloc(1, sizeof *s);
	const char	*gap = config_test_hook(app->cfg, "YELL_SCHED_GAP_MS");
	size_t		 i;

	s->app = app;
	if (gap != NULL)
		s->gap = (lws_usec_t)strtol(gap, NULL, 10) * LWS_US_PER_MS;
	s->context = loop_context(loop);
	s->hold_until = lws_now_usecs() + SCHED_HOLD;
	s->jobs = xcalloc(handler_count, sizeof *s->jobs);
	for (i = 0; i < handler_count; i++) {
		if (handler_table[i]->on_tick != NULL &&
		    handler_table[i]->next_due != NULL)
			s->jobs[s->njobs++].h = handler_table[i];
	}
	sched_kick(s);
	return s;
}

void
sched_free(struct sched *s)
{
	if (s == NULL)
		return;
	lws_sul_cancel(&s->sul);
	free(s->jobs);
	free(s);
}
