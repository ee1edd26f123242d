/*
 * mvv.c: `mvv`, the ward's Mission, Vision and Values in the plan's words
 * (config/mvv.ja.json, mvv.en.json), this week's prompt and the asker's
 * units' declared focus; `mvv <word>` (攻守混同, ホーム, 心理的安全性, ...)
 * the plan's longer explanation behind it.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_mvv_aliases[] = { "ミッション", "ビジョン",
    "バリュー", NULL };

/* The explanation a word asks for, or the list of those there are. */
static enum h_ret
h_mvv_topic(struct ctx *ctx, const char *word, struct reply *reply)
{
	const struct mvv_topic	*t;
	bool			 en = strcmp(ctx->lang, "en") == 0;
	struct buf		 b;
	size_t			 i;

	if ((t = mvv_find_topic(ctx->mvv, word)) != NULL) {
		h_say(ctx, reply, "mvv.topic_title", "title", en ? t->title_en :
		    t->title, NULL);
		reply_add(reply, REPLY_TEXT, xstrdup(en ? t->text_en :
		    t->text));
		return H_OK;
	}
	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (i = 0; i < ctx->mvv->ntopics; i++)
		buf_printf(&b, "%s・%s", i > 0 ? "\n" : "", en ?
		    ctx->mvv->topics[i].title_en : ctx->mvv->topics[i].title);
	h_say(ctx, reply, "mvv.unknown_topic", "word", word, "topics", b.data,
	    NULL);
	buf_free(&b);
	return H_OK;
}

static enum h_ret
h_mvv_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	const struct mvv	*m = ctx->mvv;
	bool			 en = strcmp(ctx->lang, "en") == 0;
	enum h_ret		 ret;
	char			*word;
	size_t			 i;

	word = text_trim(args != NULL ? args : "");
	if (*word != '\0') {
		ret = h_mvv_topic(ctx, word, reply);
		free(word);
		return ret;
	}
	free(word);
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
	h_prompt_week(ctx, reply);
	h_declarations(ctx, reply);
	h_say(ctx, reply, "mvv.hint", NULL);
	h_say(ctx, reply, "mvv.topics_hint", NULL);
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
