/*
 * ack.c: `ack ID`, a recipient acknowledging an announcement that asked
 * for it (the 「読みました」 button runs the same words).  A second
 * acknowledgement changes nothing and says so kindly; someone the
 * announcement was not for is told, and nothing is recorded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_ack_aliases[] = { "読みました", "既読", NULL };

static enum h_ret
h_ack_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	struct announcement	*a = NULL;
	char			*norm, *p, *end, id[32];
	long long		 n;
	int			 rc;

	norm = text_norm_token(args);
	p = norm + (*norm == '#');
	n = strtoll(p, &end, 10);
	if (end == p || *end != '\0' || n <= 0 ||
	    (a = q_announce_get(ctx->db, n)) == NULL) {
		h_say(ctx, reply, *text_skip_space(args) == '\0' ?
		    "ack.need_id" : "ack.usage_hint", "id", args, NULL);
		free(norm);
		return H_OK;
	}
	free(norm);
	snprintf(id, sizeof id, "%lld", n);
	rc = q_announce_ack(ctx->db, n, ctx->me->employee_id, ctx->now);
	if (rc < 0) {
		announcement_free(a);
		return H_ERROR;
	}
	h_say(ctx, reply, rc == 1 ? "ack.done" : rc == 2 ? "ack.already" :
	    "ack.not_yours", "id", id, "title", a->title, NULL);
	announcement_free(a);
	return H_OK;
}

const struct handler handler_ack = {
	.name = "ack",
	.aliases = h_ack_aliases,
	.usage = "ack.usage",
	.summary = "ack.summary",
	.role = ROLE_STAFF,
	.exec = h_ack_exec,
	.pressed = "ack.pressed",
};
