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
		n = strcspn(s, "<&");	/* plain text, copied whole */
		buf_add(&b, s, n);
		if (*(s += n) == '\0')
			break;
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
	size_t	n = strnlen(s, max + 1), i;

	if (n <= max)		/* no more bytes than max: no more characters */
		return n;
	n = text_prefix_chars(s, max);
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

/* A text object of text, which is escaped already. */
static void
slack_text_object(struct jw *w, const char *key, const char *type,
    const char *text, size_t len)
{
	jw_obj(w, key);
	jw_str(w, "type", type);
	if (len > 0)
		jw_strn(w, "text", text, len);
	else
		jw_str(w, "text", " ");		/* Slack refuses "" */
	if (strcmp(type, "mrkdwn") == 0)
		jw_bool(w, "verbatim", true);
	else
		jw_bool(w, "emoji", true);
	jw_end(w);
}

/* A plain_text object of user-visible text, escaped and cut to max. */
static void
slack_plain(struct jw *w, const char *key, const char *text, size_t max)
{
	char	*esc = slack_escape(text);

	slack_text_object(w, key, "plain_text", esc, slack_cut(esc, max));
	free(esc);
}

/* A context block of one line of user-visible text. */
static void
slack_context(struct jw *w, const char *text, size_t len)
{
	jw_obj(w, NULL);
	jw_str(w, "type", "context");
	jw_arr(w, "elements");
	slack_text_object(w, NULL, "mrkdwn", text, len);
	jw_end(w);
	jw_end(w);
}

/* Where a rendering of blocks stands. */
struct slack_blocks {
	struct jw	*w;
	size_t		 n;		/* blocks written */
	size_t		 max;
	size_t		 buttons;	/* in the open actions block */
	bool		 in_actions;	/* an actions block is open */
	bool		 full;
};

static bool
slack_room(struct slack_blocks *sb)
{
	if (sb->n + 1 < sb->max)
		return true;
	sb->full = true;
	return false;
}

static void
slack_end_actions(struct slack_blocks *sb)
{
	if (!sb->in_actions)
		return;
	jw_end(sb->w);		/* elements */
	jw_end(sb->w);		/* the block */
	sb->in_actions = false;
}

/* A text or context block, split into as many blocks as its length needs. */
static void
slack_render_text(struct slack_blocks *sb, const struct reply_block *rb)
{
	char	*esc = slack_escape(rb->text), *p;
	size_t	 n;

	for (p = esc; *p != '\0' && slack_room(sb); p += n) {
		n = slack_cut(p, SLACK_TEXT_MAX);
		sb->n++;
		if (rb->kind == REPLY_CONTEXT) {
			slack_context(sb->w, p, n);
			continue;
		}
		jw_obj(sb->w, NULL);
		jw_str(sb->w, "type", "section");
		slack_text_object(sb->w, "text", "mrkdwn", p, n);
		jw_end(sb->w);
	}
	free(esc);
}

/*
 * Adds a button to the open actions block, opening a new one when needed.
 * Action ids must be unique within a block, so a repeated one gets "~N"
 * appended (slack_action_id removes it again).
 */
static void
slack_render_button(struct slack_blocks *sb, const struct reply_block *rb)
{
	struct jw	*w = sb->w;
	char		*id;

	if (sb->in_actions && sb->buttons >= SLACK_ACTIONS_MAX)
		slack_end_actions(sb);
	if (!sb->in_actions) {
		if (!slack_room(sb))
			return;
		sb->n++;
		jw_obj(w, NULL);
		jw_str(w, "type", "actions");
		jw_arr(w, "elements");
		sb->in_actions = true;
		sb->buttons = 0;
	}
	if (sb->buttons > 0)
		xasprintf(&id, "%s~%zu", rb->action_id, sb->buttons);
	else
		id = xstrdup(rb->action_id);
	sb->buttons++;
	jw_obj(w, NULL);
	jw_str(w, "type", "button");
	slack_plain(w, "text", rb->text, SLACK_BUTTON_TEXT_MAX);
	jw_str(w, "action_id", id);
	if (rb->value != NULL)
		jw_strn(w, "value", rb->value, text_prefix_chars(rb->value,
		    SLACK_VALUE_MAX));
	jw_end(w);
	free(id);
}

/*
 * Writes the reply as the Block Kit array key of at most max_blocks
 * blocks: text as sections, context as context blocks, consecutive buttons
 * as one actions block.  What does not fit is replaced by a context block
 * saying truncated.
 */
void
slack_render_blocks(struct jw *w, const char *key, const struct reply *r,
    size_t max_blocks, const char *truncated)
{
	struct slack_blocks	 sb;
	char			*esc;
	size_t			 i;

	memset(&sb, 0, sizeof sb);
	sb.w = w;
	sb.max = max_blocks;
	jw_arr(w, key);
	for (i = 0; i < r->nblocks && !sb.full; i++) {
		if (r->blocks[i].kind == REPLY_BUTTON) {
			slack_render_button(&sb, &r->blocks[i]);
			continue;
		}
		slack_end_actions(&sb);
		slack_render_text(&sb, &r->blocks[i]);
	}
	slack_end_actions(&sb);
	if (sb.full) {
		esc = slack_escape(truncated);
		slack_context(w, esc, slack_cut(esc, SLACK_TEXT_MAX));
		free(esc);
	}
	jw_end(w);
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
 * The fields of a message (chat.postMessage, or a slash command's ack),
 * "text" and "blocks", written into the object open in w.
 */
void
slack_render_message(struct jw *w, const struct reply *r,
    const char *truncated)
{
	char	*text = slack_render_fallback(r);

	jw_str(w, "text", *text != '\0' ? text : " ");
	free(text);
	slack_render_blocks(w, "blocks", r, SLACK_MESSAGE_BLOCKS, truncated);
}

/* The App Home view for views.publish, as the member key. */
void
slack_render_home(struct jw *w, const char *key, const struct reply *r,
    const char *truncated)
{
	jw_obj(w, key);
	jw_str(w, "type", "home");
	slack_render_blocks(w, "blocks", r, SLACK_HOME_BLOCKS, truncated);
	jw_end(w);
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
	struct jw	 w;
	json_t		*copy, *b, *elements, *ctx;
	char		*esc, *text;
	size_t		 i;
	long		 at = -1;

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
	jw_init(&w, 0);
	slack_context(&w, esc, slack_cut(esc, SLACK_TEXT_MAX));
	free(esc);
	text = jw_steal(&w);
	ctx = json_loads(text, 0, NULL);
	free(text);
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

static void
slack_form_element(struct jw *w, const struct form_view_field *f)
{
	size_t	i;

	jw_obj(w, "element");
	switch (f->kind) {
	case FORM_USER:
		jw_str(w, "type", "users_select");
		jw_str(w, "action_id", f->name);
		if (f->initial != NULL)
			jw_str(w, "initial_user", f->initial);
		break;
	case FORM_VALUES:
		jw_str(w, "type", "multi_static_select");
		jw_str(w, "action_id", f->name);
		jw_arr(w, "options");
		for (i = 0; i < f->nchoices && i < 100; i++) {
			jw_obj(w, NULL);
			slack_plain(w, "text", f->choices[i].label,
			    SLACK_BUTTON_TEXT_MAX);
			jw_str(w, "value", f->choices[i].id);
			jw_end(w);
		}
		jw_end(w);
		break;
	case FORM_TEXT:
		jw_str(w, "type", "plain_text_input");
		jw_str(w, "action_id", f->name);
		jw_bool(w, "multiline", true);
		if (f->max_length > 0)
			jw_int(w, "max_length", f->max_length <
			    SLACK_TEXT_MAX ? f->max_length : SLACK_TEXT_MAX);
		if (f->hint != NULL)
			slack_plain(w, "placeholder", f->hint, SLACK_HINT_MAX);
		break;
	}
	jw_end(w);
}

/* One field as an input block. */
static void
slack_input(struct jw *w, const struct form_view_field *f)
{
	jw_obj(w, NULL);
	jw_str(w, "type", "input");
	jw_str(w, "block_id", f->name);
	slack_plain(w, "label", f->label, SLACK_LABEL_MAX);
	slack_form_element(w, f);
	if (f->optional)
		jw_bool(w, "optional", true);
	jw_end(w);
}

/*
 * A command's form as the modal view key: one input block per field, its
 * block and action ids the field's name.  Its view_submission comes back
 * with callback_id SLACK_VIEW_FORM followed by the command.
 */
void
slack_render_form(struct jw *w, const char *key, const struct form_view *v)
{
	char	*callback;
	size_t	 i;

	xasprintf(&callback, "%s%s", SLACK_VIEW_FORM, v->command);
	jw_obj(w, key);
	jw_str(w, "type", "modal");
	jw_str(w, "callback_id", callback);
	slack_plain(w, "title", v->title, SLACK_TITLE_MAX);
	slack_plain(w, "submit", v->submit, SLACK_TITLE_MAX);
	slack_plain(w, "close", v->close, SLACK_TITLE_MAX);
	jw_arr(w, "blocks");
	for (i = 0; i < v->nfields; i++) {
		if (v->fields[i].kind == FORM_VALUES &&
		    v->fields[i].nchoices == 0)
			continue;
		slack_input(w, &v->fields[i]);
	}
	jw_end(w);
	jw_end(w);
	free(callback);
}
