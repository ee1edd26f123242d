/*
 * args.c: splits command arguments into words, mentions and tags.
 *
 * A Japanese input method types ＠ ＃ and the ideographic space, so they
 * count as @ # and a space.  Each token remembers where it was in the text,
 * so a handler can take free text back exactly as the user wrote it.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"

#define FW_AT		"\xef\xbc\xa0"	/* U+FF20 ＠ */
#define FW_HASH		"\xef\xbc\x83"	/* U+FF03 ＃ */
#define ARGS_FIRST	16		/* tokens room is made for at first */

/* Returns the length of a mention/tag sigil at s, or 0. */
static size_t
args_sigil(const char *s, char ascii, const char *fullwidth)
{
	if (*s == ascii)
		return 1;
	if (strncmp(s, fullwidth, 3) == 0)
		return 3;
	return 0;
}

/* A Slack-style mention "<@U123>" or "<@U123|name>": the id. */
static char *
args_chat_mention(const char *start, const char *end)
{
	const char	*p;

	if (end - start < 4 || strncmp(start, "<@", 2) != 0 || end[-1] != '>')
		return NULL;
	for (p = start + 2; p < end - 1 && *p != '|'; p++) {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return NULL;
	}
	if (p == start + 2)
		return NULL;
	return xstrndup(start + 2, (size_t)(p - start - 2));
}

static void
args_classify(struct arg *a)
{
	size_t	n;
	char	*id;

	a->kind = ARG_WORD;
	if ((id = args_chat_mention(a->start, a->end)) != NULL) {
		a->kind = ARG_MENTION;
		a->chat_id = true;
		a->value = id;
		return;
	}
	if ((n = args_sigil(a->start, '@', FW_AT)) != 0)
		a->kind = ARG_MENTION;
	else if ((n = args_sigil(a->start, '#', FW_HASH)) != 0)
		a->kind = ARG_TAG;
	if (a->kind != ARG_WORD && a->start + n == a->end) {
		a->kind = ARG_WORD;	/* a lone "@" or "#" is just text */
		n = 0;
	}
	a->value = xstrndup(a->start + n, (size_t)(a->end - a->start - n));
}

/* Splits s (which must outlive args) into tokens. */
void
args_parse(struct args *args, const char *s)
{
	const char	*p = text_skip_space(s);
	struct arg	*a;

	memset(args, 0, sizeof *args);
	while (*p != '\0') {
		if (args->n == args->cap) {	/* a message is many words */
			args->cap = args->cap == 0 ? ARGS_FIRST : args->cap * 2;
			args->v = xrealloc(args->v, args->cap * sizeof *args->v);
		}
		a = &args->v[args->n++];
		memset(a, 0, sizeof *a);
		a->start = p;
		while (*p != '\0' && text_space_len(p) == 0)
			p++;
		a->end = p;
		args_classify(a);
		p = text_skip_space(p);
	}
}

void
args_clear(struct args *args)
{
	size_t	i;

	for (i = 0; i < args->n; i++)
		free(args->v[i].value);
	free(args->v);
	memset(args, 0, sizeof *args);
}

/*
 * Returns the source text of tokens [from, to) exactly as typed, inner
 * spaces and line breaks kept (caller frees); "" when the range is empty.
 */
char *
args_text(const struct args *args, size_t from, size_t to)
{
	if (from >= to || to > args->n)
		return xstrdup("");
	return xstrndup(args->v[from].start,
	    (size_t)(args->v[to - 1].end - args->v[from].start));
}
