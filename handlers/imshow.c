/*
 * imshow.c: `imshow <id>`, one I-message I sent or received, whole.  The
 * same as `imessage show <id>`, for those the roll-out does not let send
 * yet (imessage itself is closed to them).
 */
#include <stdlib.h>

#include "handlers.h"

static const char *const h_imshow_aliases[] = { "見る", NULL };

static enum h_ret
h_imshow_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct imessage	*m;
	char		*id, *rest;

	if (h_imessage_split(ctx, argv, "imshow.usage_hint", &id, &rest,
	    reply) != 0)
		return H_OK;
	m = h_imessage_arg(ctx, id, H_IM_RECIPIENT | H_IM_SENDER, reply);
	if (m != NULL)
		h_imessage_show(ctx, reply, m);
	imessage_array_free(m, m != NULL ? 1 : 0);
	free(id);
	free(rest);
	return H_OK;
}

const struct handler handler_imshow = {
	.name = "imshow",
	.aliases = h_imshow_aliases,
	.usage = "imshow.usage",
	.summary = "imshow.summary",
	.role = ROLE_STAFF,
	.exec = h_imshow_exec,
};
