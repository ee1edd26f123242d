/*
 * json_read.c: a pull reader over JSON text, for what comes in on every
 * message (outbox bodies on the sender thread, Slack's envelopes on the
 * loop).  It walks the text in place and copies out only the strings the
 * caller asks for, where a jansson tree would allocate every value of the
 * document.  Strict as RFC 8259 asks: a document that jansson would refuse
 * is refused here too (bad UTF-8, bad escapes, trailing commas), and
 * nesting stops at JR_DEPTH, so the reader's stack is bounded.
 *
 * Use: jr_init, then jr_obj / jr_arr to enter a container, jr_member or
 * jr_element to step through it (each returns false at its end), one of
 * the value readers or jr_skip for every member, and jr_done at the end.
 * Once anything is wrong every call fails and jr_done says so.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"

void
jr_init(struct jr *r, const char *s, size_t len)
{
	memset(r, 0, sizeof *r);
	r->p = s;
	r->end = s + len;
}

static void
jr_ws(struct jr *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
	    *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/* The next significant character, or 0 at the end or after an error. */
char
jr_peek(struct jr *r)
{
	jr_ws(r);
	return r->bad || r->p == r->end ? '\0' : *r->p;
}

static bool
jr_fail(struct jr *r)
{
	r->bad = true;
	return false;
}

static bool
jr_open(struct jr *r, char open)
{
	if (jr_peek(r) != open || r->depth == JR_DEPTH)
		return jr_fail(r);
	r->p++;
	r->first[r->depth++] = true;
	return true;
}

bool
jr_obj(struct jr *r)
{
	return jr_open(r, '{');
}

bool
jr_arr(struct jr *r)
{
	return jr_open(r, '[');
}

/* Whether another item follows in the container closed by close. */
static bool
jr_more(struct jr *r, char close)
{
	char	c = jr_peek(r);

	if (r->bad || r->depth == 0)
		return jr_fail(r);
	if (c == close) {	/* "[1,]" fails on the value after the comma */
		r->p++;
		r->depth--;
		return false;
	}
	if (!r->first[r->depth - 1]) {
		if (c != ',')
			return jr_fail(r);
		r->p++;
	}
	r->first[r->depth - 1] = false;
	return true;
}

/* \uXXXX's four digits at p.  Returns the code unit, or -1. */
static long
jr_hex4(const char *p)
{
	long	v = 0;
	int	i;

	for (i = 0; i < 4; i++) {
		v <<= 4;
		if (p[i] >= '0' && p[i] <= '9')
			v |= p[i] - '0';
		else if (p[i] >= 'a' && p[i] <= 'f')
			v |= p[i] - 'a' + 10;
		else if (p[i] >= 'A' && p[i] <= 'F')
			v |= p[i] - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void
jr_put_utf8(struct buf *out, unsigned long cp)
{
	char	u[4];
	size_t	n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (out != NULL)
		buf_add(out, u, n);
}

/*
 * A \u escape at r->p (past the backslash and the u), with the low half
 * of a surrogate pair if one follows.  jansson refuses a lone surrogate;
 * so does this.
 */
static bool
jr_escape_u(struct jr *r, struct buf *out)
{
	long	hi, lo;

	if (r->end - r->p < 4 || (hi = jr_hex4(r->p)) < 0)
		return jr_fail(r);
	r->p += 4;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return jr_fail(r);
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' ||
		    (lo = jr_hex4(r->p + 2)) < 0xdc00 || lo > 0xdfff)
			return jr_fail(r);
		r->p += 6;
		hi = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	}
	jr_put_utf8(out, (unsigned long)hi);
	return true;
}

static bool
jr_escape(struct jr *r, struct buf *out)
{
	static const char	from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char		*e;

	if (r->p == r->end)
		return jr_fail(r);
	if (*r->p == 'u') {
		r->p++;
		return jr_escape_u(r, out);
	}
	if ((e = memchr(from, *r->p, sizeof from - 1)) == NULL)
		return jr_fail(r);
	r->p++;
	if (out != NULL)
		buf_add(out, &to[e - from], 1);
	return true;
}

/*
 * A string at r->p, decoded into out (appended; NULL: only checked).
 * Spans of plain bytes are copied whole.
 */
static bool
jr_string_into(struct jr *r, struct buf *out)
{
	const char	*run;
	unsigned char	 c;

	if (jr_peek(r) != '"')
		return jr_fail(r);
	for (run = ++r->p; r->p < r->end;) {
		r->p += json_plain_len(r->p, (size_t)(r->end - r->p));
		if (r->p == r->end)
			break;
		c = (unsigned char)*r->p;
		if (c >= 0x80)
			return jr_fail(r);	/* not UTF-8 */
		if (out != NULL)
			buf_add(out, run, (size_t)(r->p - run));
		if (c == '"') {
			r->p++;
			return true;
		}
		if (c != '\\')
			return jr_fail(r);	/* a control character */
		r->p++;
		if (!jr_escape(r, out))
			return false;
		run = r->p;
	}
	return jr_fail(r);
}

/*
 * The key at r->p into key, or "" if it does not fit keysize or holds a
 * NUL (\u0000), which a C string cannot.
 */
static bool
jr_key(struct jr *r, char *key, size_t keysize)
{
	const char	*q;
	struct buf	 k;
	bool		 ok;

	if (jr_peek(r) != '"')
		return jr_fail(r);
	/* Most keys are plain ASCII: copied without a buffer. */
	for (q = r->p + 1; q < r->end && *q != '"' && *q != '\\' &&
	    (unsigned char)*q >= 0x20 && (unsigned char)*q < 0x80; q++)
		;
	if (q < r->end && *q == '"') {
		if ((size_t)(q - r->p - 1) < keysize) {
			memcpy(key, r->p + 1, (size_t)(q - r->p - 1));
			key[q - r->p - 1] = '\0';
		} else if (keysize > 0)
			key[0] = '\0';
		r->p = q + 1;
		return true;
	}
	buf_init(&k, 0);
	buf_add(&k, "", 0);
	ok = jr_string_into(r, &k);
	if (ok && k.len < keysize && memchr(k.data, '\0', k.len) == NULL)
		memcpy(key, k.data, k.len + 1);
	else if (keysize > 0)
		key[0] = '\0';
	buf_free(&k);
	return ok;
}

/*
 * Steps to the next member of the object being read: OUT: key, its name
 * (NUL-terminated; "" if it does not fit keysize or holds a NUL).  Returns false at the
 * object's end or on an error.
 */
bool
jr_member(struct jr *r, char *key, size_t keysize)
{
	if (!jr_more(r, '}') || !jr_key(r, key, keysize))
		return false;
	if (jr_peek(r) != ':')
		return jr_fail(r);
	r->p++;
	return true;
}

/* Steps to the next element of the array being read. */
bool
jr_element(struct jr *r)
{
	return jr_more(r, ']');
}

/* A string value, decoded into out (reset first).  Returns 0 or -1. */
int
jr_string(struct jr *r, struct buf *out)
{
	buf_reset(out);
	buf_add(out, "", 0);
	return jr_string_into(r, out) ? 0 : -1;
}

/* A string value as a new C string (caller frees), or NULL. */
char *
jr_strdup(struct jr *r)
{
	struct buf	b;

	buf_init(&b, 0);
	if (jr_string(r, &b) != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

static bool
jr_literal(struct jr *r, const char *word)
{
	size_t	n = strlen(word);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return jr_fail(r);
	r->p += n;
	return true;
}

/* true or false.  OUT: *v.  Returns 0, or -1 for anything else. */
int
jr_bool(struct jr *r, bool *v)
{
	char	c = jr_peek(r);

	*v = c == 't';
	if (c != 't' && c != 'f') {
		jr_fail(r);
		return -1;
	}
	return jr_literal(r, *v ? "true" : "false") ? 0 : -1;
}

static bool
jr_digits(struct jr *r)
{
	const char	*start = r->p;

	while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
		r->p++;
	return r->p > start || jr_fail(r);
}

/* A number as RFC 8259 writes one; its value is not kept. */
static bool
jr_number(struct jr *r)
{
	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (r->p < r->end && *r->p == '0')
		r->p++;
	else if (!jr_digits(r))
		return false;
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		if (!jr_digits(r))
			return false;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (!jr_digits(r))
			return false;
	}
	return true;
}

/* Skips one value of any kind, checking it.  Returns 0 or -1. */
int
jr_skip(struct jr *r)
{
	char	key[1];

	switch (jr_peek(r)) {
	case '{':
		jr_obj(r);
		while (jr_member(r, key, sizeof key))
			if (jr_skip(r) != 0)
				return -1;
		break;
	case '[':
		jr_arr(r);
		while (jr_element(r))
			if (jr_skip(r) != 0)
				return -1;
		break;
	case '"':
		jr_string_into(r, NULL);
		break;
	case 't':
		jr_literal(r, "true");
		break;
	case 'f':
		jr_literal(r, "false");
		break;
	case 'n':
		jr_literal(r, "null");
		break;
	default:
		jr_number(r);
	}
	return r->bad ? -1 : 0;
}

/*
 * Skips one value, checking it.  OUT: *start and *len, where its text
 * lies, for a caller that hands it on whole.  Returns 0 or -1.
 */
int
jr_span(struct jr *r, const char **start, size_t *len)
{
	jr_ws(r);
	*start = r->p;
	if (jr_skip(r) != 0)
		return -1;
	*len = (size_t)(r->p - *start);
	return 0;
}

/*
 * An integer (no fraction, no exponent) that fits a long long.  OUT: *v.
 * Returns 0, or -1 for anything else.
 */
int
jr_int(struct jr *r, long long *v)
{
	const char	*p;
	bool		 neg;
	long long	 n = 0;
	int		 d;

	jr_ws(r);
	p = r->p;
	if (jr_skip(r) != 0)
		return -1;
	neg = *p == '-';
	for (p += neg; p < r->p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		d = *p - '0';
		if (n > (LLONG_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*v = neg ? -n : n;
	return 0;
}

/* Whether the text was read whole and well.  Returns 0 or -1. */
int
jr_done(struct jr *r)
{
	jr_ws(r);
	return !r->bad && r->depth == 0 && r->p == r->end ? 0 : -1;
}
