/*
 * reply.c: the platform-neutral reply.  Handlers fill it with plain text
 * blocks; each adapter renders them (and escapes them) for its platform.
 * Outbox rows store replies as JSON so that the sender can render them
 * later, for whichever platform the recipient is on.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"

static const char *const reply_kinds[] = { "text", "context", "button",
    "code" };

void
reply_init(struct reply *r)
{
	memset(r, 0, sizeof *r);
}

static struct reply_block *
reply_grow(struct reply *r)
{
	struct reply_block	*b;

	r->blocks = xrealloc(r->blocks, (r->nblocks + 1) * sizeof *r->blocks);
	b = &r->blocks[r->nblocks++];
	memset(b, 0, sizeof *b);
	return b;
}

/* Appends a block; the reply takes ownership of text. */
void
reply_add(struct reply *r, enum reply_kind kind, char *text)
{
	struct reply_block	*b = reply_grow(r);

	b->kind = kind;
	b->text = text;
}

/* Appends a button; the reply takes ownership of text. */
void
reply_add_button(struct reply *r, char *text, const char *action_id,
    const char *value)
{
	struct reply_block	*b = reply_grow(r);

	b->kind = REPLY_BUTTON;
	b->text = text;
	b->action_id = xstrdup(action_id);
	b->value = value != NULL ? xstrdup(value) : NULL;
}

void
reply_clear(struct reply *r)
{
	size_t	i;

	for (i = 0; i < r->nblocks; i++) {
		free(r->blocks[i].text);
		free(r->blocks[i].action_id);
		free(r->blocks[i].value);
	}
	free(r->blocks);
	reply_init(r);
}

/*
 * Returns the reply as JSON (caller frees): an array of objects with the
 * string members kind, text, and for a button action_id and value.  Written
 * by hand, since every outbox row takes one.
 */
char *
reply_to_json(const struct reply *r)
{
	const struct reply_block	*rb;
	struct buf			 b;
	size_t				 i;

	buf_init(&b, 0);
	buf_add(&b, "[", 1);
	for (i = 0; i < r->nblocks; i++) {
		rb = &r->blocks[i];
		buf_addstr(&b, i > 0 ? ",{\"kind\":" : "{\"kind\":");
		buf_add_json_string(&b, reply_kinds[rb->kind]);
		buf_addstr(&b, ",\"text\":");
		buf_add_json_string(&b, rb->text);
		if (rb->action_id != NULL) {
			buf_addstr(&b, ",\"action_id\":");
			buf_add_json_string(&b, rb->action_id);
		}
		if (rb->value != NULL) {
			buf_addstr(&b, ",\"value\":");
			buf_add_json_string(&b, rb->value);
		}
		buf_add(&b, "}", 1);
	}
	buf_add(&b, "]", 1);
	return buf_steal(&b);
}

static int
reply_kind(const char *s, enum reply_kind *kind)
{
	size_t	i;

	for (i = 0; i < sizeof reply_kinds / sizeof reply_kinds[0]; i++) {
		if (s != NULL && strcmp(s, reply_kinds[i]) == 0) {
			*kind = (enum reply_kind)i;
			return 0;
		}
	}
	return -1;
}

/* A string member, replacing one read before (the last one counts). */
static void
reply_take(struct jr *jr, char **into)
{
	free(*into);
	*into = jr_strdup(jr);
}

/* One block of reply_to_json's output, appended to r.  Returns 0 or -1. */
static int
reply_read_block(struct jr *jr, struct reply *r)
{
	char		 key[16], *kind = NULL, *text = NULL, *action = NULL;
	char		*value = NULL;
	enum reply_kind	 k;
	int		 rc = -1;

	if (!jr_obj(jr))
		return -1;
	while (jr_member(jr, key, sizeof key)) {
		if (strcmp(key, "kind") == 0)
			reply_take(jr, &kind);
		else if (strcmp(key, "text") == 0)
			reply_take(jr, &text);
		else if (strcmp(key, "action_id") == 0)
			reply_take(jr, &action);
		else if (strcmp(key, "value") == 0)
			reply_take(jr, &value);
		else
			jr_skip(jr);
	}
	if (jr->bad || text == NULL || reply_kind(kind, &k) != 0)
		goto out;
	if (k == REPLY_BUTTON) {
		if (action == NULL)
			goto out;
		reply_add_button(r, text, action, value);
	} else
		reply_add(r, k, text);
	text = NULL;
	rc = 0;
out:
	free(kind);
	free(text);
	free(action);
	free(value);
	return rc;
}

/*
 * Parses reply_to_json's output into r (initialised here).  Read in place
 * rather than through a jansson tree: the sender reads one per message.
 * Returns 0 or -1.
 */
int
reply_from_json(struct reply *r, const char *s)
{
	struct jr	jr;

	reply_init(r);
	jr_init(&jr, s, strlen(s));
	if (!jr_arr(&jr))
		return -1;
	while (jr_element(&jr)) {
		if (reply_read_block(&jr, r) != 0)
			break;
	}
	if (jr_done(&jr) != 0) {
		reply_clear(r);
		return -1;
	}
	return 0;
}

/*
 * Returns the reply as plain text, one block a line (caller frees).  A
 * button follows the line it belongs to, as "[label]", so that a list with
 * a button per item stays one line per item.
 */
char *
reply_to_text(const struct reply *r)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (i = 0; i < r->nblocks; i++) {
		if (r->blocks[i].kind == REPLY_BUTTON) {
			buf_addstr(&b, i > 0 ? "  [" : "[");
			buf_addstr(&b, r->blocks[i].text);
			buf_addstr(&b, "]");
			continue;
		}
		if (i > 0)
			buf_addstr(&b, "\n");
		buf_addstr(&b, r->blocks[i].text);
	}
	return buf_steal(&b);
}
