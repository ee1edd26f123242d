/*
 * imweekly.c: the weekly I-message digest job.  On the last working day of
 * each week (Monday to Sunday, Asia/Tokyo), from 15:00 and in working
 * hours, each person who received I-messages that week gets one message:
 * how many, by value, with a word on what the plan wants them for.  Nobody
 * is ranked or compared.  `settings weekly off` stops it.  The outbox key
 * (person, week) makes it once a week whatever the restarts; a run goes in
 * slices of H_IMWEEKLY_SLICE people, each committed with its rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_IMWEEKLY_SLICE	32
#define H_IMWEEKLY_AT		(15 * 60)	/* minutes after midnight */

/*
 * The week of t: OUT: *monday (00:00 local), *next (the Monday after) and
 * *key ("2024-06-03").  Returns when its digest is due: the last working
 * day at H_IMWEEKLY_AT, or -1 for a week with no working day.
 */
static time_t
h_imweekly_week(const struct ctx *ctx, time_t t, time_t *monday,
    time_t *next, char *key, size_t len)
{
	struct tm	tm, d;
	int		i;
	time_t		day;

	clock_local(t, &tm);
	*monday = clock_from_local(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday - (tm.tm_wday + 6) % 7, 0, 0);
	clock_local(*monday, &d);
	*next = clock_from_local(d.tm_year + 1900, d.tm_mon + 1, d.tm_mday + 7,
	    0, 0);
	snprintf(key, len, "%04d-%02d-%02d", d.tm_year + 1900, d.tm_mon + 1,
	    d.tm_mday);
	for (i = 6; i >= 0; i--) {
		day = clock_from_local(d.tm_year + 1900, d.tm_mon + 1,
		    d.tm_mday + i, 12, 0);
		clock_local(day, &tm);
		if (workcal_is_working_day(ctx->cal, tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday))
			return workcal_day_at(ctx->cal, day, H_IMWEEKLY_AT);
	}
	return -1;
}

/* One person's digest, in their language.  Returns 0 or -1. */
static int
h_imweekly_person(struct ctx *ctx, const char *id, time_t from, time_t to,
    const char *week)
{
	struct h_for	 hf;
	struct reply	 msg;
	struct buf	 b;
	const struct mvv_value *v;
	char		**vids, *key, total[16];
	int		*counts, all;
	size_t		 n, i;
	int		 rc;

	all = q_imessage_count(ctx->db, id, true, from, to);
	if (all < 0 || q_imessage_count_values(ctx->db, id, true, from, to,
	    &vids, &counts, &n) != 0)
		return -1;
	h_for(ctx, id, &hf);
	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (i = 0; i < n; i++) {
		if ((v = mvv_find_value(ctx->mvv, vids[i])) != NULL)
			buf_printf(&b, "%s#%s %d", b.len > 0 ? "  " : "",
			    strcmp(ctx->lang, "en") == 0 ? v->tag_en : v->tag,
			    counts[i]);
		free(vids[i]);
	}
	free(vids);
	free(counts);
	snprintf(total, sizeof total, "%d", all);
	reply_init(&msg);
	h_say(ctx, &msg, "imweekly.title", "total", total, NULL);
	if (b.len > 0)
		h_say(ctx, &msg, "imweekly.values", "values", b.data, NULL);
	reply_add(&msg, REPLY_CONTEXT, h_msg(ctx, "imweekly.hint", NULL));
	h_for_end(ctx, &hf);
	buf_free(&b);
	xasprintf(&key, "imweekly:%s:%s", id, week);
	rc = h_notify(ctx, key, id, &msg);
	free(key);
	reply_clear(&msg);
	return rc;
}

static int
h_imweekly_tick(struct ctx *ctx)
{
	time_t		 monday, next, due;
	char		 week[48], **ids;
	const char	*after;
	size_t		 n, i;
	int		 sent = 0;

	due = h_imweekly_week(ctx, ctx->now, &monday, &next, week, sizeof week);
	if (due < 0 || ctx->now < due || ctx->now >= next ||
	    !workcal_in_hours(ctx->cal, ctx->now))
		return 0;
	after = strncmp(ctx->resume, week, strlen(week)) == 0 &&
	    ctx->resume[strlen(week)] == ' ' ? ctx->resume + strlen(week) + 1 :
	    "";
	ids = q_imessage_weekly_due(ctx->db, monday, next, week, after,
	    H_IMWEEKLY_SLICE, &n);
	if (n > 0 && db_begin(ctx->db) == 0) {
		for (i = 0; i < n && sent >= 0; i++)
			sent = h_imweekly_person(ctx, ids[i], monday, next,
			    week) == 0 ? sent + 1 : -1;
		if (sent < 0)
			db_rollback(ctx->db);
		else if (db_commit(ctx->db) != 0)
			sent = -1;
		else if (n == H_IMWEEKLY_SLICE) {
			ctx->more = true;
			snprintf(ctx->resume, sizeof ctx->resume, "%s %s", week,
			    ids[n - 1]);
		}
	}
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return sent;
}

/*
 * This week's digest time if ahead; the next working moment while this
 * week's is due and someone waits for it; else next week's.  Only the
 * middle case reads I-messages: the others are steady, so that the many
 * I-messages of a week do not each ask again.
 */
static int
h_imweekly_next(struct ctx *ctx, time_t *when)
{
	time_t	monday, next, due, m2, n2;
	char	week[48], **ids;
	size_t	n, i;

	due = h_imweekly_week(ctx, ctx->now, &monday, &next, week, sizeof week);
	if (due >= 0 && ctx->now < due) {
		*when = due;
		ctx->steady = true;
		return 1;
	}
	if (due >= 0 && ctx->now < next) {
		ids = q_imessage_weekly_due(ctx->db, monday, next, week, "", 1,
		    &n);
		for (i = 0; i < n; i++)
			free(ids[i]);
		free(ids);
		if (n > 0 && workcal_next_slot(ctx->cal, ctx->now) < next) {
			*when = workcal_next_slot(ctx->cal, ctx->now);
			return 1;
		}
	}
	due = h_imweekly_week(ctx, next, &m2, &n2, week, sizeof week);
	*when = due >= 0 ? due : n2;
	return 1;
}

/*
 * New I-messages.  Not preference: someone turning it off only makes a
 * run find one person fewer, and a run asks next_due again anyway.
 */
static const char *const h_imweekly_inputs[] = { "imessage", NULL };

const struct handler handler_imweekly = {
	.name = "imweekly",
	.role = ROLE_ADMIN,
	.flags = H_JOB,
	.on_tick = h_imweekly_tick,
	.next_due = h_imweekly_next,
	.inputs = h_imweekly_inputs,
};
