/*
 * buf.c: a growable byte buffer with a hard cap, for network and user input
 * whose size the peer controls (curl's dynbuf).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"

void
buf_init(struct buf *b, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->limit = limit;
}

/* Appends len bytes.  Returns 0, or -1 if that would pass the limit. */
int
buf_add(struct buf *b, const void *p, size_t len)
{
	size_t	need = b->len + len + 1;

	if (b->limit != 0 && b->len + len > b->limit)
		return -1;
	if (need > b->cap) {
		b->cap = b->cap == 0 ? 64 : b->cap;
		while (b->cap < need)
			b->cap *= 2;
		b->data = xrealloc(b->data, b->cap);
	}
	if (len > 0)
		memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_addstr(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 rc;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	rc = buf_addstr(b, s);
	free(s);
	return rc;
}

/* Returns the contents (caller frees; never NULL) and empties the buffer. */
char *
buf_steal(struct buf *b)
{
	char	*s = b->data != NULL ? b->data : xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
