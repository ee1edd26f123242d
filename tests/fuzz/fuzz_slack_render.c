/*
 * fuzz_slack_render.c: libFuzzer target for Block Kit rendering
 * (bot/slack/slack_render.c) of replies full of user text.  Each input
 * line is one reply block (its first byte picks text, context, button or
 * code), and the same lines make a form.  What is checked is the promise
 * of RELIABILITY.md: whatever the user typed, no text Slack shows holds a
 * "<" or ">" (so no <!channel>, <@U…>, <#C…> or disguised link), every
 * "&" starts one of the three entities, every mrkdwn object is verbatim,
 * and no shown text holds more "@channel", "@here" or "@everyone" than
 * the input did (the renderer never writes one of its own).  Text as
 * Slack sends it (slack_text_in) goes through the same checks after
 * escaping.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "slack.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fuzz_broadcasts[] = { "@channel", "@here",
    "@everyone" };

static size_t
fuzz_count(const char *s, const char *what)
{
	size_t	n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

/*
 * Aborts unless the shown text s is safe: no "<" or ">", entities only,
 * and no more broadcast words than the input held (had).
 */
static void
fuzz_shown(const char *s, const size_t *had)
{
	const char	*p;
	size_t		 i;

	if (strpbrk(s, "<>") != NULL)
		abort();
	for (p = strchr(s, '&'); p != NULL; p = strchr(p + 1, '&')) {
		if (strncmp(p, "&amp;", 5) != 0 && strncmp(p, "&lt;", 4) != 0 &&
		    strncmp(p, "&gt;", 4) != 0)
			abort();
	}
	for (i = 0; i < 3; i++) {
		if (fuzz_count(s, fuzz_broadcasts[i]) > had[i])
			abort();
	}
}

/* Walks a rendered view: every "text" and text object Slack displays. */
static void
fuzz_walk(const json_t *j, const size_t *had)
{
	const char	*key, *type;
	json_t		*v;
	size_t		 i;

	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			fuzz_walk(v, had);
		return;
	}
	if (!json_is_object(j))
		return;
	type = json_string_value(json_object_get(j, "type"));
	if (type != NULL && strcmp(type, "mrkdwn") == 0 &&
	    !json_is_true(json_object_get(j, "verbatim")))
		abort();
	json_object_foreach((json_t *)j, key, v) {
		if (strcmp(key, "text") == 0 && json_is_string(v))
			fuzz_shown(json_string_value(v), had);
		else
			fuzz_walk(v, had);
	}
}

static void
fuzz_check(json_t *j, const size_t *had)
{
	if (j == NULL)
		abort();
	fuzz_walk(j, had);
	json_decref(j);
}

/* What w holds, parsed: whatever the input, it must be JSON. */
static json_t *
fuzz_parsed(struct jw *w)
{
	char	*t = jw_steal(w);
	json_t	*j = t != NULL ? json_loads(t, 0, NULL) : NULL;

	free(t);
	return j;
}

/* Builds the reply and a form of one field per line. */
static void
fuzz_build(char *text, struct reply *r, struct form_view *v)
{
	static const enum form_kind kinds[] = { FORM_USER, FORM_TEXT,
	    FORM_VALUES };
	struct form_view_field	*f;
	char			*line, *next;

	reply_init(r);
	memset(v, 0, sizeof *v);
	v->command = xstrdup("imessage");
	v->title = xstrndup(text, strcspn(text, "\n"));
	v->submit = xstrdup(v->title);
	v->close = xstrdup("");
	v->fields = xcalloc(8, sizeof *v->fields);
	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		switch ((unsigned char)*line % 4) {
		case 0:
			reply_add(r, REPLY_TEXT, xstrdup(line));
			break;
		case 1:
			reply_add(r, REPLY_CONTEXT, xstrdup(line));
			break;
		case 2:
			reply_add_button(r, xstrdup(line), "act", line);
			break;
		default:
			reply_add(r, REPLY_CODE, xstrdup(line));
		}
		if (v->nfields < 8) {
			f = &v->fields[v->nfields++];
			f->name = "field";
			f->kind = kinds[(unsigned char)*line % 3];
			f->label = xstrdup(line);
			f->hint = xstrdup(line);
			f->max_length = (long)strlen(line);
			if (f->kind == FORM_VALUES) {
				f->choices = xcalloc(1, sizeof *f->choices);
				f->choices[0].id = xstrdup("help");
				f->choices[0].label = xstrdup(line);
				f->nchoices = 1;
			}
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct reply		 r;
	struct form_view	 v;
	struct jw		 w;
	json_t			*blocks, *pressed;
	char			*text, *in, *esc;
	size_t			 had[3], i;

	text = text_sanitize((const char *)data, len);
	in = slack_text_in(text);
	for (i = 0; i < 3; i++)
		had[i] = fuzz_count(text, fuzz_broadcasts[i]) +
		    fuzz_count(in, fuzz_broadcasts[i]);
	esc = slack_escape(in);
	fuzz_check(json_pack("{s:s}", "text", esc), had);
	free(esc);
	free(in);

	fuzz_build(text, &r, &v);
	/* The first line stands for the "truncated" and "pressed" notes. */
	jw_init(&w, 0);
	jw_obj(&w, NULL);
	slack_render_message(&w, &r, v.title);
	jw_end(&w);
	fuzz_check(fuzz_parsed(&w), had);
	slack_render_home(&w, NULL, &r, v.title);
	fuzz_check(fuzz_parsed(&w), had);
	slack_render_form(&w, NULL, &v);
	fuzz_check(fuzz_parsed(&w), had);
	slack_render_blocks(&w, NULL, &r, 50, v.title);
	blocks = fuzz_parsed(&w);
	pressed = slack_render_pressed(blocks, NULL, "act", v.title);
	if (pressed != NULL)
		fuzz_check(pressed, had);
	json_decref(blocks);
	reply_clear(&r);
	form_view_clear(&v);
	free(text);
	return 0;
}
