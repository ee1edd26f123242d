/*
 * json_write.c: JSON text written straight into a buffer, for what goes
 * out on every message (Block Kit, acks, Web API bodies).  A jansson tree
 * costs an allocation per value and a second walk to print it; this costs
 * the bytes.  Containers nest to JW_DEPTH; keys and strings are escaped as
 * buf_add_json_string does, so the output always parses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"

void
jw_init(struct jw *w, size_t limit)
{
	memset(w, 0, sizeof *w);
	buf_init(&w->b, limit);
}

/* Whether key may be written as it is: printable ASCII, no quote. */
static bool
jw_plain(const char *key, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (key[i] < 0x20 || key[i] > 0x7e || key[i] == '"' ||
		    key[i] == '\\')
			return false;
	}
	return true;
}

/*
 * The separator and key before a value at the current level.  Keys are
 * the callers' names, short and plain, and go out as they are; one that
 * would need escaping is escaped.
 */
static void
jw_item(struct jw *w, const char *key)
{
	char	out[40];
	size_t	n = 0, len;

	if (w->depth > 0) {
		if (w->more[w->depth - 1])
			out[n++] = ',';
		w->more[w->depth - 1] = true;
	}
	if (key != NULL && (len = strlen(key)) + 4 <= sizeof out &&
	    jw_plain(key, len)) {
		out[n++] = '"';
		memcpy(out + n, key, len);
		n += len;
		out[n++] = '"';
		out[n++] = ':';
		key = NULL;
	}
	w->bad |= buf_add(&w->b, out, n) != 0;
	if (key != NULL) {
		w->bad |= buf_add_json_string(&w->b, key) != 0;
		w->bad |= buf_add(&w->b, ":", 1) != 0;
	}
}

static void
jw_open(struct jw *w, const char *key, char open, char close)
{
	jw_item(w, key);
	if (w->depth == JW_DEPTH) {
		w->bad = true;
		return;
	}
	w->close[w->depth] = close;
	w->more[w->depth++] = false;
	w->bad |= buf_add(&w->b, &open, 1) != 0;
}

/* Opens an object; key NULL for an array's element or the top. */
void
jw_obj(struct jw *w, const char *key)
{
	jw_open(w, key, '{', '}');
}

void
jw_arr(struct jw *w, const char *key)
{
	jw_open(w, key, '[', ']');
}

/* Closes the innermost container. */
void
jw_end(struct jw *w)
{
	if (w->depth == 0) {
		w->bad = true;
		return;
	}
	w->depth--;
	w->bad |= buf_add(&w->b, &w->close[w->depth], 1) != 0;
}

void
jw_str(struct jw *w, const char *key, const char *s)
{
	jw_strn(w, key, s, strlen(s));
}

/* A string of the first n bytes of s. */
void
jw_strn(struct jw *w, const char *key, const char *s, size_t n)
{
	jw_item(w, key);
	w->bad |= buf_add_json_stringn(&w->b, s, n) != 0;
}

void
jw_bool(struct jw *w, const char *key, bool v)
{
	jw_item(w, key);
	w->bad |= buf_addstr(&w->b, v ? "true" : "false") != 0;
}

void
jw_int(struct jw *w, const char *key, long long v)
{
	char	num[24];
	int	n;

	jw_item(w, key);
	n = snprintf(num, sizeof num, "%lld", v);
	w->bad |= buf_add(&w->b, num, (size_t)n) != 0;
}

/* A value that is JSON text already (the caller vouches for it). */
void
jw_raw(struct jw *w, const char *key, const char *json)
{
	jw_item(w, key);
	w->bad |= buf_addstr(&w->b, json) != 0;
}

/*
 * Returns the text (caller frees), or NULL if a container was left open,
 * one was nested too deep or the buffer's limit was reached.  Empties w.
 */
char *
jw_steal(struct jw *w)
{
	char	*s;

	if (w->bad || w->depth != 0) {
		jw_free(w);
		return NULL;
	}
	s = buf_steal(&w->b);
	jw_init(w, w->b.limit);
	return s;
}

void
jw_free(struct jw *w)
{
	size_t	limit = w->b.limit;

	buf_free(&w->b);
	jw_init(w, limit);
}
