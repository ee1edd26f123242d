/*
 * thanks.c: `thanks <id> [words]`, the recipient's answer to an I-message
 * (one click on the copy's button, or typed).  It is kept with the
 * I-message, once, and the sender is told in their own language; the
 * pressed button turns into "thanked" (.pressed).
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_thanks_aliases[] = { "お礼", "おれい", "thank",
    NULL };

/* Tells the sender; the dedupe key makes it once per I-message. */
static int
h_thanks_notify(struct ctx *ctx, const struct imessage *m, const char *words)
{
	struct h_for	 hf;
	struct reply	 msg;
	char		*key, *date;
	int		 rc;

	h_for(ctx, m->sender, &hf);
	reply_init(&msg);
	date = h_date(ctx, m->created_at);
	h_say(ctx, &msg, "thanks.to_sender", "recipient", ctx->me->name,
	    "date", date, NULL);
	if (words != NULL)
		reply_add(&msg, REPLY_TEXT, xstrdup(words));
	h_for_end(ctx, &hf);
	xasprintf(&key, "imessage:%lld:thanks", (long long)m->id);
	rc = h_notify(ctx, key, m->sender, &msg);
	free(key);
	free(date);
	reply_clear(&msg);
	return rc;
}

static enum h_ret
h_thanks_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct imessage	*m;
	char		*id, *words;
	enum h_ret	 ret = H_OK;
	int		 r;

	if (h_imessage_split(ctx, argv, "thanks.usage_hint", &id, &words,
	    reply) != 0)
		return H_OK;
	if ((m = h_imessage_arg(ctx, id, H_IM_RECIPIENT, reply)) == NULL)
		goto out;
	if (words != NULL &&
	    text_chars(words) > (size_t)ctx->cfg->imessage_max_length) {
		h_say(ctx, reply, "thanks.too_long", NULL);
		goto out;
	}
	if ((r = q_imessage_thank(ctx->db, m->id, words, ctx->now)) < 0 ||
	    (r == 1 && h_thanks_notify(ctx, m, words) != 0)) {
		ret = H_ERROR;
		goto out;
	}
	h_say(ctx, reply, r == 1 ? "thanks.done" : "thanks.already", "sender",
	    m->sender_name, NULL);
out:
	imessage_array_free(m, m != NULL ? 1 : 0);
	free(id);
	free(words);
	return ret;
}

const struct handler handler_thanks = {
	.name = "thanks",
	.aliases = h_thanks_aliases,
	.usage = "thanks.usage",
	.summary = "thanks.summary",
	.role = ROLE_STAFF,
	.exec = h_thanks_exec,
	.pressed = "thanks.pressed",
};
