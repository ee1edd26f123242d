/*
 * withdraw.c: `withdraw <id>`, the sender takes an I-message back within
 * H_IMESSAGE_WITHDRAW seconds of sending it (a slip of the recipient or
 * the words).  It then shows nowhere, the recipient's copy is edited to
 * say so where the platform can (or never sent, if it has not gone out),
 * and the recipient is told, as their copy said they would be.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_withdraw_aliases[] = { "送信取消", "unsend",
    NULL };

/* Withdrawing is for those the roll-out lets send; help offers no one else. */
static bool
h_withdraw_may(const struct ctx *ctx)
{
	return h_imessage_may_send(ctx, ctx->me);
}

static int
h_withdraw_notify(struct ctx *ctx, const struct imessage *m)
{
	struct h_for	 hf;
	struct reply	 msg;
	char		*key, *when;
	int		 rc;

	h_for(ctx, m->recipient, &hf);
	reply_init(&msg);
	when = clock_format_datetime(m->created_at);
	h_say(ctx, &msg, "withdraw.to_recipient", "sender", m->sender_name,
	    "date", when, NULL);
	h_for_end(ctx, &hf);
	xasprintf(&key, "imessage:%lld:withdrawn", (long long)m->id);
	rc = h_notify(ctx, key, m->recipient, &msg);
	free(key);
	free(when);
	reply_clear(&msg);
	return rc;
}

static enum h_ret
h_withdraw_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct imessage	*m;
	char		*id, *rest;
	enum h_ret	 ret = H_OK;
	int		 r;

	if (h_imessage_split(ctx, argv, "withdraw.usage_hint", &id, &rest,
	    reply) != 0)
		return H_OK;
	if ((m = h_imessage_arg(ctx, id, H_IM_SENDER, reply)) == NULL)
		goto out;
	if (ctx->now - m->created_at > H_IMESSAGE_WITHDRAW) {
		h_say(ctx, reply, "withdraw.too_late", NULL);
		goto out;
	}
	if ((r = q_imessage_withdraw(ctx->db, m->id, ctx->now)) < 0 ||
	    (r == 1 && (h_imessage_retract(ctx, m, "withdraw.copy",
	    "withdrawn") != 0 ||
	    h_withdraw_notify(ctx, m) != 0))) {
		ret = H_ERROR;
		goto out;
	}
	h_say(ctx, reply, "withdraw.done", "recipient", m->recipient_name,
	    NULL);
out:
	imessage_array_free(m, m != NULL ? 1 : 0);
	free(id);
	free(rest);
	return ret;
}

const struct handler handler_withdraw = {
	.name = "withdraw",
	.aliases = h_withdraw_aliases,
	.usage = "withdraw.usage",
	.summary = "withdraw.summary",
	.role = ROLE_STAFF,
	.may = h_withdraw_may,
	.denied = "imessage.managers_only",
	.exec = h_withdraw_exec,
};
