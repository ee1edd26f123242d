/*
 * received.c: `received [page]`, the I-messages I was given, whole.
 */
#include "handlers.h"

static const char *const h_received_aliases[] = { "inbox", "受信",
    "もらった", NULL };

static enum h_ret
h_received_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	h_ilist_page(ctx, reply, true, args);
	return H_OK;
}

const struct handler handler_received = {
	.name = "received",
	.aliases = h_received_aliases,
	.usage = "received.usage",
	.summary = "received.summary",
	.role = ROLE_STAFF,
	.exec = h_received_exec,
};
