/*
 * stats.c: `stats VIEW`, HR's figures in chat.  Each view lives in its own
 * file (stats_*.c) and is listed here; all of them show aggregates only.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const struct {
	const char	*word;
	const char	*alias;		/* the Japanese word, or NULL */
	enum h_ret	(*run)(struct ctx *, const char *rest, struct reply *);
} h_stats_views[] = {
	{ "imessages", "iメッセージ", stats_imessages },
	{ "nudges", "ナッジ", stats_nudges },
	{ "announce", "お知らせ", stats_announce },
	{ NULL, NULL, NULL }	/* keeps the table valid while views are added */
};

static const char *const h_stats_aliases[] = { "統計", "集計", NULL };

/* The first word of args, and where the rest starts. */
static size_t
h_stats_word(const char *args, const char **rest)
{
	size_t	n = 0;

	args = text_skip_space(args);
	while (args[n] != '\0' && text_space_len(args + n) == 0)
		n++;
	*rest = text_skip_space(args + n);
	return n;
}

/* The views there are, for the usage line: "announce, imessages". */
static char *
h_stats_list(void)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (i = 0; h_stats_views[i].word != NULL; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "",
		    h_stats_views[i].word);
	return buf_steal(&b);
}

static enum h_ret
h_stats_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	const char	*word = text_skip_space(args), *rest;
	size_t		 n = h_stats_word(args, &rest), i;
	char		*list;

	for (i = 0; h_stats_views[i].word != NULL; i++) {
		if ((strlen(h_stats_views[i].word) == n &&
		    strncmp(h_stats_views[i].word, word, n) == 0) ||
		    (h_stats_views[i].alias != NULL &&
		    strlen(h_stats_views[i].alias) == n &&
		    strncmp(h_stats_views[i].alias, word, n) == 0))
			return h_stats_views[i].run(ctx, rest, reply);
	}
	list = h_stats_list();
	h_say(ctx, reply, "stats.usage_hint", "views", list, NULL);
	free(list);
	return H_OK;
}

const struct handler handler_stats = {
	.name = "stats",
	.aliases = h_stats_aliases,
	.usage = "stats.usage",
	.summary = "stats.summary",
	.role = ROLE_HR,
	.exec = h_stats_exec,
};
