/*
 * slack_render.c: the neutral reply as Block Kit, and Slack's text rules in
 * both directions.  Pure functions over JSON: no network, no database.
 *
 * Everything a handler wrote may hold user text, so every text object is
 * escaped (& < >) and marked verbatim: nothing a user typed can become a
 * mention (<!channel>, <!here>, <@U…>), a channel link or a disguised link,
 * and Slack's automatic parsing of bare "@here" is off.  Mentions the bot
 * makes on purpose would have to be added after escaping; none are yet.
 */
#include <stdlib.h>
#include <string.h>

#include "slack.h"

#define SLACK_TEXT_MAX		3000	/* characters in a text object */
#define SLACK_BUTTON_TEXT_MAX	75
#define SLACK_VALUE_MAX		2000
#define SLACK_ACTIONS_MAX	25	/* elements in an actions block */
#define SLACK_TITLE_MAX		24	/* a modal's title */
#define SLACK_LABEL_MAX		2000
#define SLACK_HINT_MAX		150
#define SLACK_MESSAGE_BLOCKS	50
#define SLACK_HOME_BLOCKS	100

/* Returns s with & < > as entities (caller frees). */
char *
slack_escape(const char *s)
{
	struct buf	b;

	size_t		n;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (;;) {
		n = strcspn(s, "&<>");
		buf_add(&b, s, n);
		s += n;
		if (*s == '\0')
			break;
		buf_addstr(&b, *s == '&' ? "&amp;" : *s == '<' ? "&lt;" :
		    "&gt;");
		s++;
	}
	return buf_steal(&b);
}

/* Appends an entity's readable form: the label, or the target. */
static void
slack_in_link(struct buf *b, const char *target, size_t tlen,
    const char *label, size_t llen)
{
	if (label == NULL)
		buf_add(b, target, tlen);
	else if (tlen >= llen && memcmp(target + tlen - llen, label, llen) == 0)
		buf_add(b, label, llen);	/* <mailto:a@b|a@b> */
	else {
		buf_add(b, label, llen);
		buf_addstr(b, " (");
		buf_add(b, target, tlen);
		buf_addstr(b, ")");
	}
}

/* One <…> entity of incoming text, without the brackets. */
static void
slack_in_entity(struct buf *b, const char *e, size_t len)
{
	const char	*bar = memchr(e, '|', len);
	size_t		 tlen = bar != NULL ? (size_t)(bar - e) : len;
	const char	*label = bar != NULL ? bar + 1 : NULL;
	size_t		 llen = bar != NULL ? len - tlen - 1 : 0;

	if (len > 1 && e[0] == '@') {
		buf_addstr(b, "<");		/* kept for args.c: <@U123> */
		buf_add(b, e, tlen);
		buf_addstr(b, ">");
	} else if (len > 1 && e[0] == '#') {
		buf_addstr(b, "#");
		if (label != NULL)
			buf_add(b, label, llen);
		else
			buf_add(b, e + 1, tlen - 1);
	} else if (len > 1 && e[0] == '!') {
		if (label != NULL)
			buf_add(b, label, llen);
		else {
			buf_addstr(b, "@");
			buf_add(b, e + 1, tlen - 1);
		}
	} else
		slack_in_link(b, e, tlen, label, llen);
}

/*
 * Turns text as Slack sends it (entities such as <@U1|sato>, <#C1|general>,
 * <!here>, <https://x|label>, and &amp; &lt; &gt;) into what the user
 * meant.  User mentions stay as <@U1>, the form args.c reads.  Returns a
 * copy (caller frees).
 */
char *
slack_text_in(const char *s)
{
	static const struct {
		const char	*entity;
		char		 c;
	} ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' } };
	struct buf	 b;
	const char	*end;
	size_t		 i, n;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	while (*s != '\0') {
		if (*s == '<' && (end = strchr(s + 1, '>')) != NULL &&
		    memchr(s + 1, '<', (size_t)(end - s - 1)) == NULL) {
			slack_in_entity(&b, s + 1, (size_t)(end - s - 1));
			s = end + 1;
			continue;
		}
		for (i = 0; i < sizeof ents / sizeof ents[0]; i++) {
			n = strlen(ents[i].entity);
			if (strncmp(s, ents[i].entity, n) == 0)
				break;
		}
		if (i < sizeof ents / sizeof ents[0]) {
			buf_add(&b, &ents[i].c, 1);
			s += n;
		} else
			buf_add(&b, s++, 1);
	}
	return buf_steal(&b);
}

/*
 * Returns the byte length of the longest prefix of escaped text s holding
 * at most max characters, cut neither inside a UTF-8 sequence nor inside
 * an entity.
 */
static size_t
slack_cut(const char *s, size_t max)
{
	size_t	n = text_prefix_chars(s, max), i;

	if (s[n] == '\0')
		return n;
	for (i = n; i > 0 && i + 5 > n; i--) {	/* entities are <= 5 bytes */
		if (s[i - 1] == ';')
			break;
		if (s[i - 1] == '&')
			return i - 1;
	}
	return n;
}

static json_t *
slack_text_object(const char *type, const char *text)
{
	json_t	*o = json_pack("{s:s, s:s}", "type", type, "text", text);

	if (strcmp(type, "mrkdwn") == 0)
		json_object_set_new(o, "verbatim", json_true());
	else
		json_object_set_new(o, "emoji", json_true());
	return o;
}

/* A plain_text object of user-visible text, escaped and cut to max. */
static json_t *
slack_plain(const char *text, size_t max)
{
	char	*esc = slack_escape(text), *cut;
	json_t	*o;

	cut = xstrndup(esc, slack_cut(esc, max));
	o = slack_text_object("plain_text", *cut != '\0' ? cut : " ");
	free(cut);
	free(esc);
	return o;
}

static bool
slack_room(json_t *blocks, size_t max)
{
	return json_array_size(blocks) + 1 < max;
}

/* A text or context block, split into as many blocks as its length needs. */
static void
slack_render_text(json_t *blocks, const struct reply_block *rb, size_t max,
    bool *full)
{
	char	*esc = slack_escape(rb->text), *p, *chunk;
	size_t	 n;
	json_t	*t;

	for (p = esc; *p != '\0' && !*full; p += n) {
		if (!slack_room(blocks, max)) {
			*full = true;
			break;
		}
		n = slack_cut(p, SLACK_TEXT_MAX);
		chunk = xstrndup(p, n);
		t = slack_text_object("mrkdwn", chunk);
		if (rb->kind == REPLY_CONTEXT)
			json_array_append_new(blocks, json_pack("{s:s, s:[o]}",
			    "type", "context", "elements", t));
		else
			json_array_append_new(blocks, json_pack("{s:s, s:o}",
			    "type", "section", "text", t));
		free(chunk);
	}
	free(esc);
}

/*
 * Adds a button to the actions block at the end of blocks, starting a new
 * one when needed.  Action ids must be unique within a block, so a repeated
 * one gets "~N" appended (slack_action_id removes it again).
 */
static void
slack_render_button(json_t *blocks, const struct reply_block *rb,
    bool *in_actions, size_t max, bool *full)
{
	json_t	*actions = NULL, *elements, *button;
	char	*id;
	size_t	 n;

	if (*in_actions) {
		actions = json_array_get(blocks, json_array_size(blocks) - 1);
		elements = json_object_get(actions, "elements");
		if (json_array_size(elements) >= SLACK_ACTIONS_MAX)
			actions = NULL;
	}
	if (actions == NULL) {
		if (!slack_room(blocks, max)) {
			*full = true;
			return;
		}
		actions = json_pack("{s:s, s:[]}", "type", "actions",
		    "elements");
		json_array_append_new(blocks, actions);
		*in_actions = true;
	}
	elements = json_object_get(actions, "elements");
	n = json_array_size(elements);
	if (n > 0)
		xasprintf(&id, "%s~%zu", rb->action_id, n);
	else
		id = xstrdup(rb->action_id);
	button = json_pack("{s:s, s:o, s:s}", "type", "button", "text",
	    slack_plain(rb->text, SLACK_BUTTON_TEXT_MAX), "action_id", id);
	if (rb->value != NULL)
		json_object_set_new(button, "value", json_stringn(rb->value,
		    text_prefix_chars(rb->value, SLACK_VALUE_MAX)));
	json_array_append_new(elements, button);
	free(id);
}

/*
 * Renders the reply as a Block Kit array of at most max_blocks blocks: text
 * as sections, context as context blocks, consecutive buttons as one
 * actions block.  What does not fit is replaced by a context block saying
 * truncated.  Returns a new reference.
 */
json_t *
slack_render_blocks(const struct reply *r, size_t max_blocks,
    const char *truncated)
{
	json_t	*blocks = json_array();
	bool	 in_actions = false, full = false;
	size_t	 i;

	for (i = 0; i < r->nblocks && !full; i++) {
		if (r->blocks[i].kind == REPLY_BUTTON) {
			slack_render_button(blocks, &r->blocks[i], &in_actions,
			    max_blocks, &full);
			continue;
		}
		in_actions = false;
		slack_render_text(blocks, &r->blocks[i], max_blocks, &full);
	}
	if (full)
		json_array_append_new(blocks, json_pack("{s:s, s:[o]}", "type",
		    "context", "elements", slack_plain(truncated,
		    SLACK_TEXT_MAX)));
	return blocks;
}

/*
 * The notification text of a message: the reply as plain text, escaped
 * and cut to a text object's length.  Returns a copy (caller frees).
 */
char *
slack_render_fallback(const struct reply *r)
{
	char	*plain = reply_to_text(r), *esc, *cut;

	esc = slack_escape(plain);
	cut = xstrndup(esc, slack_cut(esc, SLACK_TEXT_MAX));
	free(esc);
	free(plain);
	return cut;
}

/*
 * The fields of a message (chat.postMessage, or a slash command's ack):
 * "text" and "blocks".  Returns a new reference.
 */
json_t *
slack_render_message(const struct reply *r, const char *truncated)
{
	char	*text = slack_render_fallback(r);
	json_t	*o;

	o = json_pack("{s:s, s:o}", "text", *text != '\0' ? text : " ",
	    "blocks", slack_render_blocks(r, SLACK_MESSAGE_BLOCKS, truncated));
	free(text);
	return o;
}

/* The App Home view for views.publish.  Returns a new reference. */
json_t *
slack_render_home(const struct reply *r, const char *truncated)
{
	return json_pack("{s:s, s:o}", "type", "home", "blocks",
	    slack_render_blocks(r, SLACK_HOME_BLOCKS, truncated));
}

/* The index of the button action_id in an actions block, or -1. */
static long
slack_find_button(json_t *block, const char *block_id, const char *action_id)
{
	json_t		*e;
	const char	*s;
	size_t		 i;

	s = json_string_value(json_object_get(block, "type"));
	if (s == NULL || strcmp(s, "actions") != 0)
		return -1;
	s = json_string_value(json_object_get(block, "block_id"));
	if (block_id != NULL && (s == NULL || strcmp(s, block_id) != 0))
		return -1;
	json_array_foreach(json_object_get(block, "elements"), i, e) {
		s = json_string_value(json_object_get(e, "action_id"));
		if (s != NULL && strcmp(s, action_id) == 0)
			return (long)i;
	}
	return -1;
}

/*
 * The blocks of a message after one of its buttons was pressed, for
 * chat.update: a copy of blocks (as Slack sent them in block_actions) with
 * the button action_id of the actions block block_id (any block if NULL)
 * taken out and a context block saying note (escaped) right after it.  An
 * actions block left empty, or one that would take the message over
 * Slack's block limit, is replaced by the note.  Returns a new reference,
 * or NULL if there is no such button.
 */
json_t *
slack_render_pressed(const json_t *blocks, const char *block_id,
    const char *action_id, const char *note)
{
	json_t	*copy, *b, *elements, *ctx;
	char	*esc, *cut;
	size_t	 i;
	long	 at = -1;

	if (!json_is_array(blocks) || action_id == NULL)
		return NULL;
	copy = json_deep_copy(blocks);
	json_array_foreach(copy, i, b) {
		if ((at = slack_find_button(b, block_id, action_id)) >= 0)
			break;
	}
	if (at < 0) {
		json_decref(copy);
		return NULL;
	}
	esc = slack_escape(note);
	cut = xstrndup(esc, slack_cut(esc, SLACK_TEXT_MAX));
	ctx = json_pack("{s:s, s:[o]}", "type", "context", "elements",
	    slack_text_object("mrkdwn", *cut != '\0' ? cut : " "));
	free(cut);
	free(esc);
	elements = json_object_get(b, "elements");
	json_array_remove(elements, (size_t)at);
	if (json_array_size(elements) == 0 ||
	    json_array_size(copy) >= SLACK_MESSAGE_BLOCKS)
		json_array_set_new(copy, i, ctx);
	else
		json_array_insert_new(copy, i + 1, ctx);
	return copy;
}

/* The action id a button was given, without the "~N" that kept it unique. */
char *
slack_action_id(const char *rendered)
{
	const char	*tilde = strchr(rendered, '~');

	return tilde != NULL ? xstrndup(rendered, (size_t)(tilde - rendered)) :
	    xstrdup(rendered);
}

static json_t *
slack_input(const char *block_id, const char *label, json_t *element,
    bool optional)
{
	json_t	*o;

	o = json_pack("{s:s, s:s, s:o, s:o}", "type", "input", "block_id",
	    block_id, "label", slack_plain(label, SLACK_LABEL_MAX), "element",
	    element);
	if (optional)
		json_object_set_new(o, "optional", json_true());
	return o;
}

static json_t *
slack_form_element(const struct form_view_field *f)
{
	json_t	*e, *options;
	size_t	 i;

	switch (f->kind) {
	case FORM_USER:
		e = json_pack("{s:s, s:s}", "type", "users_select",
		    "action_id", f->name);
		if (f->initial != NULL)
			json_object_set_new(e, "initial_user",
			    json_string(f->initial));
		return e;
	case FORM_VALUES:
		options = json_array();
		for (i = 0; i < f->nchoices && i < 100; i++)
			json_array_append_new(options, json_pack("{s:o, s:s}",
			    "text", slack_plain(f->choices[i].label,
			    SLACK_BUTTON_TEXT_MAX), "value",
			    f->choices[i].id));
		return json_pack("{s:s, s:s, s:o}", "type",
		    "multi_static_select", "action_id", f->name, "options",
		    options);
	case FORM_TEXT:
		break;
	}
	e = json_pack("{s:s, s:s, s:b}", "type", "plain_text_input",
	    "action_id", f->name, "multiline", 1);
	if (f->max_length > 0)
		json_object_set_new(e, "max_length", json_integer(
		    f->max_length < SLACK_TEXT_MAX ? f->max_length :
		    SLACK_TEXT_MAX));
	if (f->hint != NULL)
		json_object_set_new(e, "placeholder", slack_plain(f->hint,
		    SLACK_HINT_MAX));
	return e;
}

/*
 * A command's form as a modal: one input block per field, its block and
 * action ids the field's name.  Its view_submission comes back with
 * callback_id SLACK_VIEW_FORM followed by the command.  Returns a new
 * reference.
 */
json_t *
slack_render_form(const struct form_view *v)
{
	const struct form_view_field	*f;
	json_t				*blocks, *view;
	char				*callback;
	size_t				 i;

	blocks = json_array();
	for (i = 0; i < v->nfields; i++) {
		f = &v->fields[i];
		if (f->kind == FORM_VALUES && f->nchoices == 0)
			continue;
		json_array_append_new(blocks, slack_input(f->name, f->label,
		    slack_form_element(f), f->optional));
	}
	xasprintf(&callback, "%s%s", SLACK_VIEW_FORM, v->command);
	view = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "type", "modal",
	    "callback_id", callback, "title", slack_plain(v->title,
	    SLACK_TITLE_MAX), "submit", slack_plain(v->submit,
	    SLACK_TITLE_MAX), "close", slack_plain(v->close, SLACK_TITLE_MAX),
	    "blocks", blocks);
	free(callback);
	return view;
}
