/*
 * nudge_thanks.c: the nudge job for someone who received an I-message and
 * has neither thanked the sender (thanks.c) nor written back to them in
 * [nudges] thanks_days: a one-click thank-you.
 * Only for people the roll-out lets send I-messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_NH_WINDOW	(14 * 86400)	/* older ones are left alone */

static bool
h_nh_enabled(const struct config *cfg)
{
	return cfg->nudge_thanks_days > 0;
}

static int
h_nh_person(struct ctx *ctx, const struct staff *p, char **subject,
    struct reply *msg)
{
	struct nudge_person	*m;
	time_t			 until;
	size_t			 n;
	char			 days[32], *cmd, *text;

	if (!h_imessage_may_send(ctx, p))
		return 0;
	until = ctx->now - ctx->cfg->nudge_thanks_days * 86400;
	m = q_nudge_unanswered(ctx->db, p->employee_id, until - H_NH_WINDOW,
	    until, &n);
	if (n == 0)
		return 0;
	snprintf(days, sizeof days, "%ld", ctx->cfg->nudge_thanks_days);
	h_say(ctx, msg, "nudge.thanks.body", "name", m[0].name, NULL);
	/* The recipient's answer kept with the I-message (thanks.c). */
	text = h_msg(ctx, "nudge.thanks.text", NULL);
	xasprintf(&cmd, "%lld %s", (long long)m[0].id, text);
	reply_add_button(msg, h_msg(ctx, "nudge.thanks.button", NULL),
	    "thanks", cmd);
	reply_add(msg, REPLY_CONTEXT, h_msg(ctx, "nudge.thanks.why", "name",
	    m[0].name, "days", days, NULL));
	xasprintf(subject, "imessage:%lld", (long long)m[0].id);
	free(text);
	free(cmd);
	nudge_people_free(m, n);
	return 1;
}

static const struct h_nudge_kind h_nh_kind = {
	.kind = "thanks",
	.job = "nudge_thanks",
	.enabled = h_nh_enabled,
	.person = h_nh_person,
};

static int
h_nh_tick(struct ctx *ctx)
{
	return h_nudge_tick(ctx, &h_nh_kind);
}

static int
h_nh_next(struct ctx *ctx, time_t *when)
{
	return h_nudge_next(ctx, &h_nh_kind, when);
}

const struct handler handler_nudge_thanks = {
	.name = "nudge_thanks",
	.role = ROLE_ADMIN,
	.flags = H_JOB,
	.on_tick = h_nh_tick,
	.next_due = h_nh_next,
	.on_sent = h_nudge_sent,
	.inputs = h_nudge_inputs,
};
