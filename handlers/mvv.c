/*
 * mvv.c: `mvv`, the ward's Mission, Vision and Values from the action plan
 * (config/mvv.ja.json), in the asker's language.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_mvv_aliases[] = { "ミッション", "ビジョン",
    "バリュー", NULL };

static enum h_ret
h_mvv_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	const struct mvv	*m = ctx->mvv;
	bool			 en = strcmp(ctx->lang, "en") == 0;
	size_t			 i;

	(void)args;
	h_say(ctx, reply, "mvv.mission", "text", en ? m->mission_en :
	    m->mission, NULL);
	h_say(ctx, reply, "mvv.vision", "text", en ? m->vision_en : m->vision,
	    NULL);
	h_say(ctx, reply, "mvv.staff_ideal", "text", en ? m->staff_ideal_en :
	    m->staff_ideal, NULL);
	h_say(ctx, reply, "mvv.workplace_ideal", "text",
	    en ? m->workplace_ideal_en : m->workplace_ideal, NULL);
	for (i = 0; i < m->nvalues; i++)
		reply_add(reply, REPLY_CONTEXT, h_msg(ctx, "mvv.value",
		    "tag", m->values[i].tag, "text", en ? m->values[i].text_en :
		    m->values[i].text, NULL));
	h_say(ctx, reply, "mvv.hint", NULL);
	return H_OK;
}

const struct handler handler_mvv = {
	.name = "mvv",
	.aliases = h_mvv_aliases,
	.usage = "mvv.usage",
	.summary = "mvv.summary",
	.role = ROLE_STAFF,
	.exec = h_mvv_exec,
};
