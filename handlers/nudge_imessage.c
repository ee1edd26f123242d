/*
 * nudge_imessage.c: the nudge job for someone who may send I-messages and
 * has sent none in [nudges] imessage_days: a suggestion drawn from real
 * data (a colleague met in a class lately, else a member of their own
 * unit they have recognised least lately), never a generic text alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_NI_CLASSMATES	(60 * 86400)	/* a class within this many seconds */

static bool
h_ni_enabled(const struct config *cfg)
{
	return cfg->nudge_imessage_days > 0;
}

/* Adds the suggestion: 1 if there is one, 0 if not. */
static int
h_ni_suggest(struct ctx *ctx, const struct staff *p, struct reply *msg)
{
	struct nudge_person	*who;
	size_t			 n;
	char			*cmd;

	who = q_nudge_classmates(ctx->db, p->employee_id,
	    ctx->now - H_NI_CLASSMATES, ctx->now, 1, &n);
	if (n == 1)
		h_say(ctx, msg, "nudge.imessage.classmate", "name", who->name,
		    "title", who->title, NULL);
	else {
		nudge_people_free(who, n);
		if ((who = q_nudge_unit_mate(ctx->db, p->employee_id)) == NULL)
			return 0;
		n = 1;
		h_say(ctx, msg, "nudge.imessage.unitmate", "name", who->name,
		    NULL);
	}
	xasprintf(&cmd, "@%s", who->employee_id);
	reply_add_button(msg, h_msg(ctx, "nudge.imessage.button", "name",
	    who->name, NULL), "imessage", cmd);
	free(cmd);
	nudge_people_free(who, n);
	return 1;
}

static int
h_ni_person(struct ctx *ctx, const struct staff *p, char **subject,
    struct reply *msg)
{
	time_t	 last, since = ctx->now - ctx->cfg->nudge_imessage_days * 86400;
	char	 week[16], days[32];
	int	 rc;

	if (!h_imessage_may_send(ctx, p))
		return 0;
	if (q_nudge_last_imessage(ctx->db, p->employee_id, false, &last) != 0)
		return -1;
	if (last >= since)
		return 0;
	if ((rc = q_nudge_last(ctx->db, p->employee_id, "imessage", &last)) < 0)
		return -1;
	if (rc == 1 && last >= since)
		return 0;	/* once in the same quiet spell is enough */
	snprintf(days, sizeof days, "%ld", ctx->cfg->nudge_imessage_days);
	h_say(ctx, msg, "nudge.imessage.body", NULL);
	if (h_ni_suggest(ctx, p, msg) == 0)
		return 0;
	reply_add(msg, REPLY_CONTEXT, h_msg(ctx, "nudge.imessage.why", "days",
	    days, NULL));
	h_week_key(ctx->now, week, sizeof week);
	*subject = xstrdup(week);
	return 1;
}

static const struct h_nudge_kind h_ni_kind = {
	.kind = "imessage",
	.job = "nudge_imessage",
	.enabled = h_ni_enabled,
	.person = h_ni_person,
};

static int
h_ni_tick(struct ctx *ctx)
{
	return h_nudge_tick(ctx, &h_ni_kind);
}

static int
h_ni_next(struct ctx *ctx, time_t *when)
{
	return h_nudge_next(ctx, &h_ni_kind, when);
}

const struct handler handler_nudge_imessage = {
	.name = "nudge_imessage",
	.role = ROLE_ADMIN,
	.flags = H_JOB,
	.on_tick = h_ni_tick,
	.next_due = h_ni_next,
	.on_sent = h_nudge_sent,
	.inputs = h_nudge_inputs,
};
