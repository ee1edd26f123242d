/*
 * share.c: `share <id>`, the recipient shows an I-message they received in
 * the ward's configured channel ([imessage] share_channel).  Only the
 * recipient may, once; a sender or recipient who set `settings share
 * never` is never shown there, whoever asks.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_share_aliases[] = { "共有", NULL };

/* Queues the post, in the ward's language, since the channel is shared. */
static int
h_share_post(struct ctx *ctx, const struct imessage *m)
{
	struct outbox_msg	 o;
	struct reply		 msg;
	const char		*saved = ctx->lang;
	char			*key, *body, *tags;
	int			 rc;

	ctx->lang = ctx->cfg->language;
	reply_init(&msg);
	h_say(ctx, &msg, "share.post", "recipient", m->recipient_name,
	    "sender", m->sender_name, NULL);
	reply_add(&msg, REPLY_TEXT, xstrdup(m->body));
	tags = h_imessage_tags(ctx, m->values);
	if (*tags != '\0')
		reply_add(&msg, REPLY_CONTEXT, tags);
	else
		free(tags);
	ctx->lang = saved;
	memset(&o, 0, sizeof o);
	xasprintf(&key, "imessage:%lld:share", (long long)m->id);
	o.dedupe_key = key;
	o.recipient = m->recipient;
	o.method = OUTBOX_POST;
	o.conversation = h_imessage_share_channel(ctx);
	o.body = body = reply_to_json(&msg);
	o.not_before = ctx->now;
	rc = q_outbox_add(ctx->db, &o) < 0 ? -1 : 0;
	free(body);
	free(key);
	reply_clear(&msg);
	return rc;
}

static enum h_ret
h_share_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct imessage	*m;
	char		*id, *rest;
	enum h_ret	 ret = H_OK;
	int		 r;

	if (h_imessage_split(ctx, argv, "share.usage_hint", &id, &rest,
	    reply) != 0)
		return H_OK;
	if ((m = h_imessage_arg(ctx, id, H_IM_RECIPIENT, reply)) == NULL)
		goto out;
	if (h_imessage_share_channel(ctx) == NULL) {
		h_say(ctx, reply, "share.off", NULL);
		goto out;
	}
	/* "Never share or announce me" wins over the recipient's wish. */
	if (h_imessage_never_shared(ctx, m->sender) ||
	    h_imessage_never_shared(ctx, m->recipient)) {
		h_say(ctx, reply, "share.never", NULL);
		goto out;
	}
	if ((r = q_imessage_share(ctx->db, m->id, ctx->now)) < 0 ||
	    (r == 1 && h_share_post(ctx, m) != 0)) {
		ret = H_ERROR;
		goto out;
	}
	h_say(ctx, reply, r == 1 ? "share.done" : "share.already", NULL);
out:
	imessage_array_free(m, m != NULL ? 1 : 0);
	free(id);
	free(rest);
	return ret;
}

const struct handler handler_share = {
	.name = "share",
	.aliases = h_share_aliases,
	.usage = "share.usage",
	.summary = "share.summary",
	.role = ROLE_STAFF,
	.exec = h_share_exec,
	.pressed = "share.pressed",
};
