/*
 * home.c: `home`, a person's overview: the latest I-messages received, this
 * fiscal year's counts by value, their courses (what `my` shows), this
 * week's MVV prompt and their units' declared focus.
 * Slack shows the same reply on the App Home tab (slack_socket.c dispatches
 * "home" on app_home_opened), so it must read well as a page, not only as
 * a chat answer.
 */
#include "handlers.h"

static const char *const h_home_aliases[] = { "ホーム", "まとめ", NULL };

static enum h_ret
h_home_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	(void)args;
	h_say(ctx, reply, "home.title", "name", ctx->me->name, NULL);
	h_ilist(ctx, reply, true);
	if (handler_my.exec(ctx, "", reply) == H_ERROR)
		return H_ERROR;
	h_prompt_week(ctx, reply);
	h_declarations(ctx, reply);
	reply_add(reply, REPLY_CONTEXT, h_msg(ctx, "home.hint", NULL));
	return H_OK;
}

const struct handler handler_home = {
	.name = "home",
	.aliases = h_home_aliases,
	.usage = "home.usage",
	.summary = "home.summary",
	.role = ROLE_STAFF,
	.exec = h_home_exec,
};
