/*
 * received.c: `received`, the I-messages I was given.
 */
#include "handlers.h"

static const char *const h_received_aliases[] = { "inbox", "受信",
    "もらった", NULL };

static enum h_ret
h_received_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	(void)args;
	h_ilist(ctx, reply, true);
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
