/*
 * sent.c: `sent [page]`, the I-messages I wrote, whole.
 */
#include "handlers.h"

static const char *const h_sent_aliases[] = { "送信", "送った", NULL };

static enum h_ret
h_sent_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	h_ilist_page(ctx, reply, false, args);
	return H_OK;
}

const struct handler handler_sent = {
	.name = "sent",
	.aliases = h_sent_aliases,
	.usage = "sent.usage",
	.summary = "sent.summary",
	.role = ROLE_STAFF,
	.exec = h_sent_exec,
};
