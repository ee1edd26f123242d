/*
 * buf.c: a growable byte buffer with a hard cap, for network and user input
 * whose size the peer controls (curl's dynbuf).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"

/*
 * The first room made: most buffers hold a message or a JSON body of a
 * few hundred bytes to a few KiB, and each doubling is a realloc.
 */
#define BUF_FIRST	256

void
buf_init(struct buf *b, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->limit = limit;
}

/*
 * Makes room for len more bytes, so that appending them moves nothing.
 * Returns 0, or -1 if they would pass the limit.
 */
int
buf_reserve(struct buf *b, size_t len)
{
	size_t	need = b->len + len + 1;

	if (b->limit != 0 && b->len + len > b->limit)
		return -1;
	if (need > b->cap) {
		b->cap = b->cap == 0 ? BUF_FIRST : b->cap;
		while (b->cap < need)
			b->cap *= 2;
		b->data = xrealloc(b->data, b->cap);
	}
	return 0;
}

/* Appends len bytes.  Returns 0, or -1 if that would pass the limit. */
int
buf_add(struct buf *b, const void *p, size_t len)
{
	if (buf_reserve(b, len) != 0)
		return -1;
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

/*
 * The length of the valid UTF-8 sequence at p (1-4), or 0 if it is not one
 * or would end past avail bytes.
 */
size_t
utf8_len(const char *s, size_t avail)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;

	if (avail == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xf4)
		n = p[0] <= 0xef ? 3 : 4;
	else
		return 0;
	if (n > avail || (p[1] & 0xc0) != 0x80)
		return 0;
	if (n == 2)
		return 2;
	if ((p[2] & 0xc0) != 0x80 ||
	    (p[0] == 0xe0 && p[1] < 0xa0) ||	/* overlong */
	    (p[0] == 0xed && p[1] >= 0xa0) ||	/* surrogate */
	    (p[0] == 0xf0 && p[1] < 0x90) ||	/* overlong */
	    (p[0] == 0xf4 && p[1] >= 0x90))	/* past U+10FFFF */
		return 0;
	if (n == 4 && (p[3] & 0xc0) != 0x80)
		return 0;
	return n;
}

/*
 * Appends s as a JSON string literal, quotes included: what jansson's
 * json_dumps writes, without building a tree for it (the outbox writes one
 * per message).  A byte that is not UTF-8 becomes U+FFFD, so the output
 * always parses.
 */
int
buf_add_json_string(struct buf *b, const char *s)
{
	return buf_add_json_stringn(b, s, strlen(s));
}

/*
 * The length of the run at s, of avail bytes at most, that a JSON string
 * holds as it is, for the writer and the reader alike: plain ASCII and
 * whole UTF-8 sequences.  The three-byte sequences of Japanese text whose
 * lead byte needs none of utf8_len's checks for overlong forms and
 * surrogates (E1-EC, EE, EF) are taken here without the call.
 */
size_t
json_plain_len(const char *s, size_t avail)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*e = p + avail;
	size_t			 n;

	while (p < e) {
		if (*p < 0x80) {
			if (*p < 0x20 || *p == '"' || *p == '\\')
				break;
			p++;
		} else if (*p >= 0xe1 && *p <= 0xef && *p != 0xed &&
		    e - p >= 3 && (p[1] & 0xc0) == 0x80 &&
		    (p[2] & 0xc0) == 0x80)
			p += 3;
		else if ((n = utf8_len((const char *)p, (size_t)(e - p))) != 0)
			p += n;
		else
			break;
	}
	return (size_t)(p - (const unsigned char *)s);
}

/*
 * buf_add_json_string of the first len bytes of s.  Room for the usual
 * case, nothing escaped, is made at once, so that a message's buffer
 * grows once rather than doubling its way up.
 */
int
buf_add_json_stringn(struct buf *b, const char *s, size_t len)
{
	const char	*p = s, *end = s + len;
	unsigned char	 c;
	size_t		 run;
	char		 esc[8];
	int		 rc;

	if ((rc = buf_reserve(b, len + 2)) == 0)
		rc = buf_add(b, "\"", 1);
	while (p < end) {
		run = json_plain_len(p, (size_t)(end - p));
		rc |= buf_add(b, p, run);
		if ((p += run) == end)
			break;
		c = (unsigned char)*p++;
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			rc |= buf_add(b, esc, 2);
		} else if (c == '\n')
			rc |= buf_add(b, "\\n", 2);
		else if (c < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			rc |= buf_add(b, esc, 6);
		} else
			rc |= buf_add(b, "\\ufffd", 6);
	}
	rc |= buf_add(b, "\"", 1);
	return rc != 0 ? -1 : 0;
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
