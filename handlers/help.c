/*
 * help.c: `help`, what the asking person may do here.  Commands their role
 * or the roll-out phase does not open to them are left out.
 */
#include <stdlib.h>

#include "handlers.h"

static const char *const h_help_aliases[] = { "ヘルプ", "?", "使い方", NULL };

static enum h_ret
h_help_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	const struct handler	*h;
	size_t			 i;

	(void)args;
	h_say(ctx, reply, "help.title", "name", ctx->me->name, NULL);
	for (i = 0; i < handler_count; i++) {
		h = handler_table[i];
		if ((h->flags & H_JOB) || !handler_allowed(h, ctx) ||
		    (h->may != NULL && !h->may(ctx)))
			continue;
		h_say(ctx, reply, "help.item", "usage",
		    msgcat_raw(ctx->msg, ctx->lang, h->usage), "summary",
		    msgcat_raw(ctx->msg, ctx->lang, h->summary), NULL);
	}
	h_say(ctx, reply, "help.footer", NULL);
	return H_OK;
}

const struct handler handler_help = {
	.name = "help",
	.aliases = h_help_aliases,
	.usage = "help.usage",
	.summary = "help.summary",
	.role = ROLE_STAFF,
	.exec = h_help_exec,
};
