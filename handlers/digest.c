/*
 * digest.c: the managers' monthly digest job.  On the first working day of
 * each month, in working hours, each manager gets a short summary of the
 * team: who still has mandatory courses to take, and courses starting in
 * the next 30 days that fit someone.  Managers may turn it off with
 * `settings digest off`.  The outbox key (manager, month) makes it once a
 * month whatever the restarts.  A run goes in slices of H_DIGEST_SLICE
 * managers or H_DIGEST_MEMBERS team members, whichever comes first, each
 * committed with its outbox rows, so that the loop is never
 * held for long; the scheduler keeps where a slice stopped (ctx->resume)
 * and a lost bookmark only makes the next slice start over, since the
 * managers already done are not asked for again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_DIGEST_SLICE		8	/* at most, managers per slice */
#define H_DIGEST_MEMBERS	48	/* then stop after this many members */
#define H_DIGEST_SOON		(30 * 24 * 3600)
#define H_DIGEST_LATE		(7 * 24 * 3600)	/* then wait for next month */
#define H_DIGEST_HOUR		10	/* after the morning reminders */

/* When the digest of the month of t (+ months_ahead) is due. */
static time_t
h_digest_due(const struct ctx *ctx, time_t t, int months_ahead)
{
	struct tm	tm;
	int		y, m;

	clock_local(t, &tm);
	y = tm.tm_year + 1900;
	m = tm.tm_mon + 1 + months_ahead;
	if (m > 12) {
		m -= 12;
		y++;
	}
	/* 10:00 on the month's first working day. */
	return workcal_day_at(ctx->cal, workcal_next_slot(ctx->cal,
	    clock_from_local(y, m, 1, 0, 0)), H_DIGEST_HOUR * 60);
}

/* Adds one member's lines; returns how many. */
static int
h_digest_member(struct ctx *ctx, const struct reco_catalog *rc,
    const struct staff *member, struct reco *r, struct reply *msg)
{
	const struct course	*c;
	size_t			 n, i;
	char			*date;
	int			 lines = 0;

	n = h_reco_member(ctx, rc, member, NULL, false, r);
	for (i = 0; i < n; i++) {
		c = &rc->courses[r[i].course];
		if (r[i].status != 0)
			continue;	/* enrolled or waiting already */
		if (c->mandatory) {
			h_say(ctx, msg, "digest.mandatory", "name",
			    member->name, "code", c->code, "title", c->title,
			    NULL);
			lines++;
		} else if (rc->next[r[i].course] != 0 &&
		    rc->next[r[i].course] < ctx->now + H_DIGEST_SOON) {
			date = h_date(ctx, rc->next[r[i].course]);
			h_say(ctx, msg, "digest.soon", "name", member->name,
			    "code", c->code, "title", c->title, "date", date,
			    NULL);
			free(date);
			lines++;
		}
	}
	return lines;
}

/*
 * Builds and queues one manager's digest.  OUT: *members, the team's size.
 * Returns 1 if it said something, 0 if not, -1.
 */
static int
h_digest_manager(struct ctx *ctx, const struct reco_catalog *rc,
    const struct staff *manager, const char *key, size_t *members)
{
	struct h_for	 hf;
	struct staff	*team;
	struct reply	 msg;
	struct reco	*r;
	size_t		 n, i;
	int		 lines = 0, rc_ = 0;

	h_for(ctx, manager->employee_id, &hf);
	team = q_staff_team(ctx->db, manager->employee_id, false, &n);
	*members = n;
	r = xcalloc(rc->n + 1, sizeof *r);
	reply_init(&msg);
	h_say(ctx, &msg, "digest.title", NULL);
	for (i = 0; i < n; i++)
		lines += h_digest_member(ctx, rc, &team[i], r, &msg);
	h_say(ctx, &msg, "digest.hint", NULL);
	/* Nothing to say is still recorded, so that the month is done. */
	if (lines == 0) {
		reply_clear(&msg);
		h_say(ctx, &msg, "digest.quiet", NULL);
	}
	h_for_end(ctx, &hf);
	if (h_notify(ctx, key, manager->employee_id, &msg) != 0)
		rc_ = -1;
	reply_clear(&msg);
	free(r);
	staff_array_free(team, n);
	return rc_ == 0 ? lines > 0 : -1;
}

/*
 * The month's key ("2024-07") and where the last slice of this month's run
 * stopped ("" at the start).  The bookmark is "month employee_id".
 */
static const char *
h_digest_bookmark(const struct ctx *ctx, char *month, size_t len)
{
	struct tm	tm;
	size_t		n;

	clock_local(ctx->now, &tm);
	snprintf(month, len, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
	n = strlen(month);
	if (strncmp(ctx->resume, month, n) == 0 && ctx->resume[n] == ' ')
		return ctx->resume + n + 1;
	return "";
}

/*
 * The catalogue the slices of one run share, since reading it costs more
 * than a slice's managers: loaded by a run's first slice, dropped by its
 * last (or by the first slice of the next run, should one be cut short).
 * A catalogue changed during a run shows from the next month.  Loop
 * thread only, as every handler.
 */
static struct reco_catalog	h_digest_rc;
static bool			h_digest_rc_loaded;

static const struct reco_catalog *
h_digest_catalog(struct ctx *ctx, bool reload)
{
	if (h_digest_rc_loaded && !reload)
		return &h_digest_rc;
	if (h_digest_rc_loaded)
		h_reco_free(&h_digest_rc);
	h_reco_load(ctx, &h_digest_rc);
	h_digest_rc_loaded = true;
	return &h_digest_rc;
}

static void
h_digest_catalog_drop(void)
{
	if (h_digest_rc_loaded)
		h_reco_free(&h_digest_rc);
	h_digest_rc_loaded = false;
}

/* Queues one slice of the month's digests.  Returns how many said anything. */
static int
h_digest_slice(struct ctx *ctx, const char *month, const char *after)
{
	const struct reco_catalog	*rc;
	struct staff			*m;
	size_t				 n, i, members, work = 0;
	int				 sent = 0, r;
	char				*key;

	m = q_team_digest_due(ctx->db, month, after, H_DIGEST_SLICE, &n);
	if (n == 0) {
		h_digest_catalog_drop();
		return 0;
	}
	/* Reading the catalogue costs a slice: a run's first does only that. */
	if (*ctx->resume == '\0') {
		h_digest_catalog(ctx, true);
		ctx->more = true;
		snprintf(ctx->resume, sizeof ctx->resume, "%s ", month);
		goto out;
	}
	rc = h_digest_catalog(ctx, false);
	if (db_begin(ctx->db) != 0) {
		sent = -1;
		goto out;
	}
	/* A manager's cost is the team's: big teams make short slices. */
	for (i = 0; i < n && sent >= 0 && work < H_DIGEST_MEMBERS; i++) {
		xasprintf(&key, "digest:%s:%s", m[i].employee_id, month);
		if ((r = h_digest_manager(ctx, rc, &m[i], key, &members)) < 0)
			sent = -1;
		else
			sent += r;
		work += members;
		free(key);
	}
	if (sent < 0)
		db_rollback(ctx->db);
	else if (db_commit(ctx->db) != 0)
		sent = -1;
	else if (i < n || n == H_DIGEST_SLICE) {
		ctx->more = true;
		snprintf(ctx->resume, sizeof ctx->resume, "%s %s", month,
		    m[i - 1].employee_id);
	}
out:
	if (!ctx->more)
		h_digest_catalog_drop();
	staff_array_free(m, n);
	return sent;
}

static int
h_digest_tick(struct ctx *ctx)
{
	time_t		 due = h_digest_due(ctx, ctx->now, 0);
	char		 month[32];
	const char	*after;

	if (ctx->now < due || ctx->now > due + H_DIGEST_LATE ||
	    !workcal_in_hours(ctx->cal, ctx->now))
		return 0;
	after = h_digest_bookmark(ctx, month, sizeof month);
	return h_digest_slice(ctx, month, after);
}

/* Whether some manager who wants this month's digest has not had it. */
static bool
h_digest_pending(struct ctx *ctx)
{
	struct tm	tm;
	char		month[32];

	clock_local(ctx->now, &tm);
	snprintf(month, sizeof month, "%04d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1);
	return q_team_digest_pending(ctx->db, month) > 0;
}

/* This month's digest time if still ahead or unfinished, else next. */
static int
h_digest_next(struct ctx *ctx, time_t *when)
{
	time_t	due = h_digest_due(ctx, ctx->now, 0);

	if (ctx->now < due)
		*when = due;
	else if (ctx->now <= due + H_DIGEST_LATE &&
	    h_digest_pending(ctx))
		*when = workcal_next_slot(ctx->cal, ctx->now);
	else
		*when = h_digest_due(ctx, ctx->now, 1);
	return 1;
}

/*
 * Besides the clock, who is a manager (staff) and who turned it off
 * (preference).  Its outbox rows are written by its own runs only.
 */
static const char *const h_digest_inputs[] = { "staff", "preference", NULL };

const struct handler handler_digest = {
	.name = "digest",
	.role = ROLE_ADMIN,
	.flags = H_JOB,
	.on_tick = h_digest_tick,
	.next_due = h_digest_next,
	.inputs = h_digest_inputs,
};
