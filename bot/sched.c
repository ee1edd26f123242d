/*
 * sched.c: the scheduler.  Handlers with an on_tick (reminders, later the
 * prompts, nudges and digests) say when they next have work; one lws_sul
 * is armed for the earliest of those and re-armed after each run and after
 * each commit that may have added work (sched_kick).  Nothing polls.
 *
 * The sul runs on the monotonic clock while due times are wall-clock
 * times, so a sleep is capped: a wall clock moved by the operator or the
 * demo (/time) is noticed within SCHED_MAX_SLEEP.
 */
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "chat.h"
#include "handlers.h"

#define SCHED_MAX_SLEEP	(15 * 60)	/* seconds */
#define SCHED_RETRY	60		/* seconds after a failed job */

static void	sched_fire(lws_sorted_usec_list_t *);

struct sched {
	struct app		*app;
	struct lws_context	*context;
	lws_sorted_usec_list_t	 sul;
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

static void
sched_fire(lws_sorted_usec_list_t *sul)
{
	sched_run(lws_container_of(sul, struct sched, sul));
}

/*
 * Runs every job now, then re-arms.  The timer calls it; so does the
 * console after moving the clock, since a script's lines are all handled
 * in one read and would otherwise race past the timer.
 */
void
sched_run(struct sched *s)
{
	const struct handler	*h;
	struct ctx		 ctx;
	size_t			 i;
	int			 queued = 0, failed = 0, n;

	for (i = 0; i < handler_count; i++) {
		h = handler_table[i];
		if (h->on_tick == NULL)
			continue;
		sched_job_ctx(s->app, &ctx);
		if ((n = h->on_tick(&ctx)) < 0) {
			log_warnx("%s: %s failed; will retry", __func__,
			    h->name);
			failed = 1;
		} else
			queued += n;
	}
	if (queued > 0)
		outbox_wake(s->app->outbox);
	if (failed)	/* the job is still due: do not spin on it */
		lws_sul_schedule(s->context, 0, &s->sul, sched_fire,
		    SCHED_RETRY * LWS_US_PER_SEC);
	else
		sched_kick(s);
}

/* Re-arms the timer for the earliest job.  Call after any commit. */
void
sched_kick(struct sched *s)
{
	const struct handler	*h;
	struct ctx		 ctx;
	time_t			 when, next = 0, now = clock_now();
	size_t			 i;

	for (i = 0; i < handler_count; i++) {
		h = handler_table[i];
		if (h->next_due == NULL)
			continue;
		sched_job_ctx(s->app, &ctx);
		if (h->next_due(&ctx, &when) == 1 && (next == 0 || when < next))
			next = when;
	}
	if (next == 0 || next - now > SCHED_MAX_SLEEP)
		next = now + SCHED_MAX_SLEEP;
	if (next < now)
		next = now;
	lws_sul_schedule(s->context, 0, &s->sul, sched_fire,
	    (lws_usec_t)(next - now) * LWS_US_PER_SEC);
}

/* Creates the scheduler and runs what is due now (caller frees). */
struct sched *
sched_create(struct app *app, struct loop *loop)
{
	struct sched	*s = xcalloc(1, sizeof *s);

	s->app = app;
	s->context = loop_context(loop);
	sched_kick(s);
	return s;
}

void
sched_free(struct sched *s)
{
	if (s == NULL)
		return;
	lws_sul_cancel(&s->sul);
	free(s);
}
