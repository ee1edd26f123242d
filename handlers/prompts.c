/*
 * prompts.c: the weekly MVV prompt job (接触機会の拡大).  Once a week, on
 * [prompts] day at [prompts] time (the next working day of the same week
 * if that one is a holiday, and never outside working hours), each
 * conversation of [prompts] channels gets one prompt from the pool, as a
 * post that everyone there sees.  prompt_post's (conversation, week) and
 * the outbox key make it once a week whatever the restarts; a week whose
 * working days all passed while yelld was down is skipped, not caught up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_PROMPTS_TIME_DEFAULT	(9 * 60 + 30)

/* When this week's prompt is due, or 0 if the week has no working time. */
static time_t
h_prompts_due(const struct ctx *ctx, time_t week_start)
{
	struct tm	tm, dt;
	time_t		day, at, end = week_start + 7 * 86400;
	int		min = H_PROMPTS_TIME_DEFAULT, i;

	if (ctx->cfg->prompt_time != NULL)
		clock_parse_hhmm(ctx->cfg->prompt_time, &min);
	clock_local(week_start + 12 * 3600, &tm);
	for (i = ctx->cfg->prompt_day; i < 7; i++) {
		day = clock_from_local(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday + i, 12, 0);
		clock_local(day, &dt);
		if (!workcal_is_working_day(ctx->cal, dt.tm_year + 1900,
		    dt.tm_mon + 1, dt.tm_mday))
			continue;
		/* A time outside working hours: the next working time. */
		if ((at = workcal_day_at(ctx->cal, day, min)) == (time_t)-1)
			return 0;
		if (!workcal_in_hours(ctx->cal, at))
			at = workcal_next_slot(ctx->cal, at);
		if (at != (time_t)-1 && at < end)
			return at;
	}
	return 0;
}

/* Posts this week's prompt to one conversation.  Returns 1, 0 or -1. */
static int
h_prompts_post(struct ctx *ctx, const char *conversation, const char *week)
{
	const struct mvv_prompt	*p;
	const struct mvv_value	*v;
	struct outbox_msg	 m;
	struct reply		 msg;
	char			*body, *key, *ref, *to, *theme;
	int64_t			 id;
	int			 cycle, rc;
	bool			 en = strcmp(ctx->lang, "en") == 0;

	if ((p = h_prompt_pick(ctx, conversation, &cycle)) == NULL)
		return 0;
	rc = q_prompt_add(ctx->db, conversation, week, p->id, cycle, ctx->now,
	    &id);
	if (rc <= 0)
		return rc;
	v = mvv_find_value(ctx->mvv, p->value);
	theme = v != NULL ? xstrdup(en ? v->tag_en : v->tag) :
	    h_msg(ctx, "prompt.theme_mission", NULL);
	reply_init(&msg);
	h_say(ctx, &msg, "prompt.title", "theme", theme, NULL);
	reply_add(&msg, REPLY_TEXT, xstrdup(en ? p->text_en : p->text));
	reply_add(&msg, REPLY_CONTEXT, h_msg(ctx, "prompt.hint", NULL));
	memset(&m, 0, sizeof m);
	xasprintf(&key, "prompt:%s:%s", conversation, week);
	xasprintf(&ref, "prompts:%lld", (long long)id);
	xasprintf(&to, "#%s", conversation);
	m.dedupe_key = key;
	m.recipient = to;
	m.method = OUTBOX_POST;
	m.conversation = conversation;
	m.body = body = reply_to_json(&msg);
	m.ref = ref;
	m.not_before = ctx->now;
	rc = q_outbox_add(ctx->db, &m) < 0 ? -1 : 1;
	free(body);
	free(key);
	free(ref);
	free(to);
	free(theme);
	reply_clear(&msg);
	return rc;
}

static int
h_prompts_tick(struct ctx *ctx)
{
	time_t	 start = h_week_start(ctx->now), due;
	char	 week[16], **ch;
	size_t	 n, i;
	int	 posted = 0, r;

	due = h_prompts_due(ctx, start);
	if (due == 0 || ctx->now < due || !workcal_in_hours(ctx->cal,
	    ctx->now))
		return 0;
	h_week_key(ctx->now, week, sizeof week);
	ch = h_prompt_channels(ctx->cfg, &n);
	if (n == 0 || db_begin(ctx->db) != 0)
		goto out;
	for (i = 0; i < n && posted >= 0; i++) {
		if ((r = h_prompts_post(ctx, ch[i], week)) < 0)
			posted = -1;
		else
			posted += r;
	}
	if (posted < 0)
		db_rollback(ctx->db);
	else if (db_commit(ctx->db) != 0)
		posted = -1;
out:
	nudge_ids_free(ch, n);
	return posted;
}

/* Whether every conversation has this week's prompt.  1, 0 or -1. */
static int
h_prompts_done(struct ctx *ctx)
{
	char	 week[16], **ch, *id;
	size_t	 n, i;
	int	 rc = 1;

	h_week_key(ctx->now, week, sizeof week);
	ch = h_prompt_channels(ctx->cfg, &n);
	for (i = 0; i < n && rc == 1; i++) {
		rc = q_prompt_of_week(ctx->db, ch[i], week, &id);
		free(id);
	}
	nudge_ids_free(ch, n);
	return rc;
}

static int
h_prompts_next(struct ctx *ctx, time_t *when)
{
	time_t	 start = h_week_start(ctx->now), due;
	size_t	 n;
	char	**ch;

	ch = h_prompt_channels(ctx->cfg, &n);
	nudge_ids_free(ch, n);
	if (n == 0)
		return 0;
	due = h_prompts_due(ctx, start);
	if (due != 0 && h_prompts_done(ctx) == 0) {
		if (ctx->now < due)
			*when = due;
		else
			*when = workcal_next_slot(ctx->cal, ctx->now);
		if (*when < start + 7 * 86400)
			return 1;
	}
	/* Next week's (a week with no working time: the one after). */
	due = h_prompts_due(ctx, h_week_start(start + 8 * 86400));
	if (due == 0)
		due = h_prompts_due(ctx, h_week_start(start + 15 * 86400));
	*when = due != 0 ? due : start + 21 * 86400;
	return 1;
}

/* The outbox posted prompt id. */
static int
h_prompts_sent(struct db *db, const char *id, time_t at, const char *msg_ref)
{
	/* The post's reference is how a reaction to it names it. */
	return q_prompt_sent(db, strtoll(id, NULL, 10), at, msg_ref);
}

/*
 * A reaction to, or a thread reply under, a message: engagement if the
 * message is one of our prompts.  Who it was is kept as the platform's
 * id only, for counting people once; the figures are aggregates.
 */
static int
h_prompts_event(struct ctx *ctx)
{
	const struct request	*req = ctx->req;

	if (req->channel == NULL)
		return 0;
	return q_prompt_engage(ctx->db, req->channel, req->kind ==
	    REQUEST_REACTION ? "reaction" : "reply", req->chat_user,
	    req->about_at, req->about_ref, ctx->now, req->delivery_id) < 0 ?
	    -1 : 0;
}

static const char *const h_prompts_inputs[] = { "prompt_post", NULL };

const struct handler handler_prompts = {
	.name = "prompts",
	.role = ROLE_ADMIN,
	.flags = H_JOB,
	.on_tick = h_prompts_tick,
	.next_due = h_prompts_next,
	.on_sent = h_prompts_sent,
	.on_event = h_prompts_event,
	.inputs = h_prompts_inputs,
};
