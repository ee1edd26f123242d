/*
 * announcements.c: the job that sends confirmed announcements when their
 * time comes, in working hours on working days unless urgent.  Each one
 * is resolved against the roster as it is then and written, receipts and
 * outbox rows, in one transaction, which the outbox then delivers at the
 * platform's pace; a crash before the commit leaves it scheduled, after it
 * leaves it sent, so that nobody gets it twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_ANNS_SLICE	4	/* announcements looked at per slice */

/* Sends one due announcement.  Returns 1 if sent, 0 if not now, -1. */
static int
h_anns_send(struct ctx *ctx, const struct announcement *a)
{
	char	*bad = NULL, detail[64];
	int	 count, rc;

	if (!a->urgent && !workcal_in_hours(ctx->cal, ctx->now))
		return 0;
	if (db_begin(ctx->db) != 0)
		return -1;
	rc = h_announce_enqueue(ctx->db, ctx->msg, ctx->cfg->language, a,
	    ctx->now, &count, &bad);
	if (rc != 0 && bad == NULL)
		goto fail;
	if (rc != 0) {
		/* The audience no longer parses: withdraw it, loudly. */
		db_rollback(ctx->db);
		log_warnx("%s: announcement %lld: audience not understood: %s",
		    __func__, (long long)a->id, bad);
		free(bad);
		if (db_begin(ctx->db) != 0)
			return -1;
		snprintf(detail, sizeof detail, "#%lld audience",
		    (long long)a->id);
		if (q_announce_cancel(ctx->db, a->id) < 0 ||
		    q_audit(ctx->db, NULL, "announce.failed", detail,
		    ctx->now) != 0)
			goto fail;
		return db_commit(ctx->db) == 0 ? 0 : -1;
	}
	snprintf(detail, sizeof detail, "#%lld %d", (long long)a->id, count);
	if (q_announce_mark_sent(ctx->db, a->id, ctx->now) < 0 ||
	    q_audit(ctx->db, NULL, "announce.sent", detail, ctx->now) != 0)
		goto fail;
	if (db_commit(ctx->db) != 0)
		return -1;
	log_info("%s: announcement %lld to %d people", __func__,
	    (long long)a->id, count);
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
}

/*
 * A series whose next edition is due gets it: a scheduled announcement of
 * its own (with its own figures), made with the series' next time in one
 * transaction, so that a crash makes it once or not at all.
 */
static int
h_series_edition(struct ctx *ctx, struct announce_series *s)
{
	struct announcement	 a = s->tmpl;
	struct series_rule	 rule;
	char			*cause = NULL;
	time_t			 next;
	int64_t			 id;

	if (h_series_parse(s->every, &rule, &cause) != 0) {
		log_warnx("%s: series %lld: %s", __func__,
		    (long long)s->tmpl.id, cause);
		free(cause);
		return q_series_cancel(ctx->db, s->tmpl.id) < 0 ? -1 : 0;
	}
	next = h_series_next_at(ctx->cal, &rule, s->tmpl.send_at);
	a.id = 0;
	a.series_id = s->tmpl.id;
	a.edition = s->tmpl.edition + 1;
	a.status = "scheduled";
	a.created_at = ctx->now;
	if (db_begin(ctx->db) != 0)
		return -1;
	if (q_announce_insert(ctx->db, &a, &id) != 0 ||
	    (next == (time_t)-1 ? q_series_cancel(ctx->db, s->tmpl.id) < 0 :
	    q_series_advance(ctx->db, s->tmpl.id, next) != 0)) {
		db_rollback(ctx->db);
		return -1;
	}
	return db_commit(ctx->db) == 0 ? 1 : -1;
}

static int
h_series_tick(struct ctx *ctx)
{
	struct announce_series	*s;
	size_t			 n, i;
	int			 rc = 0;

	s = q_series_due(ctx->db, ctx->now, H_ANNS_SLICE, &n);
	for (i = 0; i < n && rc >= 0; i++)
		rc = h_series_edition(ctx, &s[i]);
	announce_series_array_free(s, n);
	return rc < 0 ? -1 : 0;
}

static int
h_series_next(struct ctx *ctx, time_t *when)
{
	return q_series_next(ctx->db, when);
}

static int
h_anns_tick(struct ctx *ctx)
{
	struct announcement	*a;
	size_t			 n, i;
	int			 sent = 0, r;

	if (h_series_tick(ctx) < 0)
		return -1;
	a = q_announce_due(ctx->db, ctx->now, H_ANNS_SLICE, &n);
	/* One send is a slice: it may write ten thousand rows. */
	for (i = 0; i < n && sent == 0; i++) {
		if ((r = h_anns_send(ctx, &a[i])) < 0)
			sent = -1;
		else
			sent += r;
	}
	if (sent > 0 && (i < n || n == H_ANNS_SLICE))
		ctx->more = true;
	announcement_array_free(a, n);
	return sent;
}

/* The next moment something may be sent: earliest time, in hours. */
static int
h_anns_next(struct ctx *ctx, time_t *when)
{
	time_t	t, best = 0, slot;
	int	found = 0;

	if (q_announce_next(ctx->db, true, &t) == 1) {
		best = t;
		found = 1;
	}
	if (q_announce_next(ctx->db, false, &t) == 1) {
		slot = workcal_next_slot(ctx->cal, t > ctx->now ? t : ctx->now);
		if (slot == (time_t)-1)
			slot = t;
		if (!found || slot < best)
			best = slot;
		found = 1;
	}
	if (h_series_next(ctx, &t) == 1 && (!found || t < best)) {
		best = t;
		found = 1;
	}
	*when = best;
	return found;
}

static const char *const h_anns_inputs[] = { "announcement",
    "announcement_series", NULL };

const struct handler handler_announcements = {
	.name = "announcements",
	.role = ROLE_ADMIN,
	.flags = H_JOB,
	.on_tick = h_anns_tick,
	.next_due = h_anns_next,
	.inputs = h_anns_inputs,
};
