/*
 * help.c: `help [command]`, what the asking person may do here.  Commands
 * their role or the roll-out phase does not open to them are left out.
 * With a command (or one of its other names), that command alone: how to
 * type it, its other names and examples.
 */
#include <stdio.h>
#include <stdlib.h>

#include "handlers.h"

static const char *const h_help_aliases[] = { "ヘルプ", "?", "使い方", NULL };

static bool
h_help_open(const struct handler *h, const struct ctx *ctx)
{
	return !(h->flags & H_JOB) && handler_allowed(h, ctx) &&
	    (h->may == NULL || h->may(ctx));
}

/* "研修・研修一覧・search" (caller frees), or NULL without aliases. */
static char *
h_help_aliases_of(struct ctx *ctx, const struct handler *h)
{
	struct buf	b;
	size_t		i;

	if (h->aliases == NULL || h->aliases[0] == NULL)
		return NULL;
	buf_init(&b, 0);
	for (i = 0; h->aliases[i] != NULL; i++)
		buf_printf(&b, "%s%s", i > 0 ? msgcat_raw(ctx->msg, ctx->lang,
		    "list.sep") : "", h->aliases[i]);
	return buf_steal(&b);
}

/* One command in full. */
static void
h_help_one(struct ctx *ctx, const struct handler *h, struct reply *reply)
{
	char	*aliases, key[48];

	h_say(ctx, reply, "help.one", "usage", msgcat_raw(ctx->msg,
	    ctx->lang, h->usage), "summary", msgcat_raw(ctx->msg, ctx->lang,
	    h->summary), NULL);
	if ((aliases = h_help_aliases_of(ctx, h)) != NULL)
		h_say(ctx, reply, "help.aliases", "aliases", aliases, NULL);
	free(aliases);
	snprintf(key, sizeof key, "%s.examples", h->name);
	h_say(ctx, reply, "help.examples", "examples", msgcat_raw(ctx->msg,
	    ctx->lang, key), NULL);
}

static enum h_ret
h_help_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	const struct handler	*h;
	char			*word, *aliases;
	size_t			 i;

	word = text_trim(args != NULL ? args : "");
	if (*word != '\0') {
		h = handler_find(word);
		if (h != NULL && h_help_open(h, ctx))
			h_help_one(ctx, h, reply);
		else
			h_say(ctx, reply, "help.unknown", "word", word, NULL);
		free(word);
		return H_OK;
	}
	free(word);
	h_say(ctx, reply, "help.title", "name", ctx->me->name, NULL);
	for (i = 0; i < handler_count; i++) {
		h = handler_table[i];
		if (!h_help_open(h, ctx))
			continue;
		aliases = h_help_aliases_of(ctx, h);
		h_say(ctx, reply, aliases != NULL ? "help.item_aliases" :
		    "help.item", "usage", msgcat_raw(ctx->msg, ctx->lang,
		    h->usage), "summary", msgcat_raw(ctx->msg, ctx->lang,
		    h->summary), "aliases", aliases != NULL ? aliases : "",
		    NULL);
		free(aliases);
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
