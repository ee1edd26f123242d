/*
 * dispatch.c: runs one request: who is asking, which handler, may they,
 * then the handler inside one transaction with the dedupe record and any
 * outbox rows.  Only after COMMIT may the adapter ack (DESIGN.md, data flow).
 */
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "handlers.h"

/* Replies that need no transaction: unknown user, unknown command. */
static void
dispatch_say(struct ctx *ctx, struct reply *reply, const char *key,
    const char *word)
{
	reply_add(reply, REPLY_TEXT, msgcat_fmt(ctx->msg, ctx->lang, key,
	    "command", word, NULL));
}

/*
 * Carries the reply to the asker through the outbox when the platform
 * cannot take it in the ack: as a DM, or in the channel they asked in,
 * seen by them only.  Runs inside the transaction.
 */
static int
dispatch_queue_reply(struct ctx *ctx, const struct reply *reply)
{
	char	*key, *body;
	int	 rc;

	if (reply->nblocks == 0)
		return 0;
	if (ctx->req->delivery_id != NULL)
		xasprintf(&key, "reply:%s:%s", ctx->req->platform,
		    ctx->req->delivery_id);
	else	/* a request that can never come again: any unique key */
		xasprintf(&key, "reply:%s:%lld:%08x%08x", ctx->req->platform,
		    (long long)ctx->now, arc4random(), arc4random());
	if (ctx->req->reply_ephemeral && ctx->req->channel != NULL) {
		body = reply_to_json(reply);
		rc = q_outbox_push_to(ctx->db, key, ctx->me->employee_id,
		    "ephemeral", body, ctx->req->channel, NULL, ctx->now) < 0 ?
		    -1 : 0;
		free(body);
	} else
		rc = h_notify(ctx, key, ctx->me->employee_id, reply);
	free(key);
	return rc;
}

/*
 * A refusal that ran no handler (unknown command, not allowed) still has
 * to reach a platform that cannot carry it in the ack.
 */
static enum dispatch_result
dispatch_queue_said(struct ctx *ctx, const struct reply *reply)
{
	if (db_begin(ctx->db) != 0)
		return DISPATCH_FAILED;
	if (dispatch_queue_reply(ctx, reply) != 0 || db_commit(ctx->db) != 0) {
		db_rollback(ctx->db);
		return DISPATCH_FAILED;
	}
	return DISPATCH_DONE;
}

/* Runs the handler in a transaction; see dispatch(). */
static enum dispatch_result
dispatch_run(struct ctx *ctx, const struct handler *h, const char *args,
    struct reply *reply)
{
	int		seen = 1;
	enum h_ret	ret;

	if (db_begin(ctx->db) != 0)
		return DISPATCH_FAILED;
	if (ctx->req->delivery_id != NULL)
		seen = q_seen_claim(ctx->db, ctx->req->delivery_id, ctx->now);
	if (seen <= 0) {
		db_rollback(ctx->db);
		return seen == 0 ? DISPATCH_DUPLICATE : DISPATCH_FAILED;
	}
	if (h->may != NULL && !h->may(ctx)) {
		h_say(ctx, reply, h->denied, NULL);
		ret = q_audit(ctx->db, ctx->me->employee_id, "denied", h->name,
		    ctx->now) == 0 ? H_OK : H_ERROR;
	} else {
		ret = h->exec(ctx, args, reply);
		if (ret == H_OK && ctx->req->on_success != NULL &&
		    ctx->req->on_success(ctx, ctx->req->on_success_arg) != 0)
			ret = H_ERROR;
	}
	if (ret == H_OK && !ctx->req->reply_in_ack)
		ret = dispatch_queue_reply(ctx, reply) == 0 ? H_OK : H_ERROR;
	if (ret == H_ERROR || db_commit(ctx->db) != 0) {
		db_rollback(ctx->db);
		reply_clear(reply);
		return DISPATCH_FAILED;
	}
	return DISPATCH_DONE;
}

static enum dispatch_result
dispatch_command(struct ctx *ctx, struct reply *reply)
{
	const struct handler	*h;
	const char		*args;
	char			*word;
	enum dispatch_result	 res = DISPATCH_DONE;

	if (request_split(ctx->req->text, &word, &args) != 0)
		return DISPATCH_DONE;	/* nothing was said */
	h = handler_find(word);
	if (h == NULL)
		dispatch_say(ctx, reply, "dispatch.unknown_command", word);
	else if (!handler_allowed(h, ctx)) {
		dispatch_say(ctx, reply, h->denied != NULL ? h->denied :
		    "dispatch.not_allowed", h->name);
		if (q_audit(ctx->db, ctx->me->employee_id, "denied", h->name,
		    ctx->now) != 0)
			res = DISPATCH_FAILED;
	} else if ((h->flags & H_DM_ONLY) && !ctx->req->direct)
		dispatch_say(ctx, reply, "dispatch.dm_only", h->name);
	else {
		free(word);
		return dispatch_run(ctx, h, args, reply);
	}
	free(word);
	if (res == DISPATCH_DONE && !ctx->req->reply_in_ack)
		res = dispatch_queue_said(ctx, reply);
	return res;
}

/*
 * Runs one request on the loop thread.  OUT: reply, what to tell the asker
 * (initialised by the caller; empty for a duplicate).  Returns
 * DISPATCH_DONE once everything is committed, DISPATCH_DUPLICATE for a
 * delivery seen before, DISPATCH_FAILED when nothing could be committed and
 * the adapter must not ack.
 */
enum dispatch_result
dispatch(struct app *app, const struct request *req, struct reply *reply)
{
	struct ctx		 ctx;
	struct staff		*me;
	char			*lang;
	enum dispatch_result	 res;

	memset(&ctx, 0, sizeof ctx);
	ctx.db = app->db;
	ctx.cfg = app->cfg;
	ctx.msg = app->msg;
	ctx.mvv = app->mvv;
	ctx.cal = app->cal;
	ctx.remind = app->remind;
	ctx.req = req;
	ctx.now = clock_now();
	ctx.lang = app->cfg->language;
	switch (q_staff_by_chat(app->db, req->platform, req->chat_user, &me)) {
	case 0:
		dispatch_say(&ctx, reply, "dispatch.unknown_user", "");
		return DISPATCH_DONE;
	case -1:
		dispatch_say(&ctx, reply, "dispatch.failed", "");
		return DISPATCH_FAILED;
	}
	ctx.me = me;
	lang = h_lang_of(&ctx, me->employee_id);
	ctx.lang = lang;
	res = dispatch_command(&ctx, reply);
	if (res == DISPATCH_DONE && app->sched != NULL)
		sched_kick(app->sched);	/* the request may have added work */
	if (res == DISPATCH_FAILED) {
		log_warnx("%s: %s request from %s failed; not acked", __func__,
		    req->platform, me->employee_id);
		reply_add(reply, REPLY_TEXT, msgcat_fmt(app->msg, lang,
		    "dispatch.failed", NULL));
	}
	free(lang);
	staff_free(me);
	return res;
}
