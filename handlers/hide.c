/*
 * hide.c: `hide <id> [reason]` (HR), an I-message taken out of every view:
 * lists, show, thanks, sharing and the figures, and its copies in the chat
 * edited to say so where the platform can.  Audited with the reason.
 * HR acts on a number from a report; it sees no I-message by asking.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_hide_aliases[] = { "非表示", NULL };

/*
 * Whether I-message id exists; when hidden just now (retract), its copies
 * in the chat are edited to say so too.  Returns 1, 0, or -1.
 */
static int
h_hide_chat(struct ctx *ctx, int64_t id, bool retract)
{
	struct imessage	*m = q_imessage_get(ctx->db, id);
	int		 rc;

	if (m == NULL)
		return 0;
	rc = retract && h_imessage_retract(ctx, m, "hide.copy",
	    "hidden") != 0 ? -1 : 1;
	imessage_array_free(m, 1);
	return rc;
}

static enum h_ret
h_hide_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	char		*word, *reason, *detail, *t, *end;
	long long	 id;
	int		 r, e;
	enum h_ret	 ret = H_OK;

	if (h_imessage_split(ctx, argv, "hide.usage_hint", &word, &reason,
	    reply) != 0)
		return H_OK;
	t = word + (*word == '#');
	id = strtoll(t, &end, 10);
	if (*t == '\0' || *end != '\0' || id <= 0) {
		h_say(ctx, reply, "imessage.bad_id", "id", word, NULL);
		goto out;
	}
	if ((r = q_imessage_hide(ctx->db, id, ctx->me->employee_id,
	    ctx->now)) < 0) {
		ret = H_ERROR;
		goto out;
	}
	if ((e = h_hide_chat(ctx, id, r == 1)) < 0) {
		ret = H_ERROR;
		goto out;
	}
	if (r == 0 && e == 0) {
		h_say(ctx, reply, "hide.unknown", "id", word, NULL);
		goto out;
	}
	xasprintf(&detail, "imessage %lld: %s", id, reason != NULL ? reason :
	    "-");
	if (r == 1 && q_audit(ctx->db, ctx->me->employee_id, "imessage.hide",
	    detail, ctx->now) != 0)
		ret = H_ERROR;
	else
		h_say(ctx, reply, r == 1 ? "hide.done" : "hide.already", "id",
		    word, NULL);
	free(detail);
out:
	free(word);
	free(reason);
	return ret;
}

const struct handler handler_hide = {
	.name = "hide",
	.aliases = h_hide_aliases,
	.usage = "hide.usage",
	.summary = "hide.summary",
	.role = ROLE_HR,
	.exec = h_hide_exec,
};
