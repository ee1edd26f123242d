/*
 * text.c: UTF-8 as users type it.
 *
 * Input from chat is made valid UTF-8 once, at the edge (text_sanitize).
 * Normalisation is utf8proc's NFKC, which turns the full-width ＠ ＃ and the
 * ideographic space U+3000 of a Japanese input method into @ # and a space.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "lib.h"

#define TEXT_REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

/*
 * Returns how many bytes of an invalid sequence at p to replace with one
 * U+FFFD: the lead byte and the continuation bytes that could still have
 * completed it (Unicode's "maximal subpart", as browsers decode).
 */
static size_t
text_bad_len(const unsigned char *p, size_t len)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		need, n;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		need = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		need = 4;
	else
		return 1;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	for (n = 1; n < need && n < len; n++) {
		if (p[n] < lo || p[n] > hi)
			break;
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

/*
 * Returns a NUL-terminated copy of len bytes in which every invalid UTF-8
 * sequence and NUL byte is replaced by U+FFFD and CR is dropped.  Caller
 * frees.
 */
char *
text_sanitize(const char *s, size_t len)
{
	struct buf		 b;
	const utf8proc_uint8_t	*p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 n;
	size_t			 i = 0, kept = 0;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	/* Runs of good bytes are copied at once, up to what replaces or
	   drops a byte. */
	while (i < len) {
		if (p[i] < 0x80 && p[i] != '\0' && p[i] != '\r') {
			i++;
			continue;
		}
		if (p[i] >= 0x80 && (n = utf8proc_iterate(p + i,
		    (utf8proc_ssize_t)(len - i), &cp)) > 0) {
			i += (size_t)n;
			continue;
		}
		buf_add(&b, p + kept, i - kept);
		if (p[i] == '\r')
			i++;
		else {
			buf_addstr(&b, TEXT_REPLACEMENT);
			i += p[i] == '\0' ? 1 : text_bad_len(p + i, len - i);
		}
		kept = i;
	}
	buf_add(&b, p + kept, i - kept);
	return buf_steal(&b);
}

/* Counts the characters (code points) of valid UTF-8. */
size_t
text_chars(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return n;
}

/* Returns the byte length of the first n characters of s. */
size_t
text_prefix_chars(const char *s, size_t n)
{
	const char	*p = s;

	while (*p != '\0') {
		if (((unsigned char)*p & 0xc0) != 0x80 && n-- == 0)
			break;
		p++;
	}
	return (size_t)(p - s);
}

/* Returns the length in bytes of the space at s: ASCII or U+3000; else 0. */
size_t
text_space_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\v' ||
	    *s == '\f')
		return 1;
	if (strncmp(s, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

const char *
text_skip_space(const char *s)
{
	size_t	n;

	while ((n = text_space_len(s)) != 0)
		s += n;
	return s;
}

/* Returns a copy without leading and trailing spaces (caller frees). */
char *
text_trim(const char *s)
{
	const char	*end, *p;
	size_t		 n;

	s = text_skip_space(s);
	end = s;
	for (p = s; *p != '\0'; ) {
		if ((n = text_space_len(p)) != 0) {
			p += n;
			continue;
		}
		p++;
		end = p;
	}
	return xstrndup(s, (size_t)(end - s));
}

/*
 * Whether NFKC, case folded or not, leaves the character as it is in any
 * text: it has no decomposition, no case folding, no combining class and
 * takes no part in a composition, or only as the first of a kana and a
 * voiced sound mark (U+3099, U+309A), which are not inert themselves, so
 * that a text holding one is mapped.  Hangul, which utf8proc decomposes
 * and composes by rule rather than by its tables, is left to utf8proc.
 */
bool
text_nfkc_inert(int32_t cp)
{
	const utf8proc_property_t	*p;

	if (cp < 0x80)
		return !(cp >= 'A' && cp <= 'Z');
	if ((cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) ||
	    (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xac00 && cp <= 0xd7ff))
		return false;
	p = utf8proc_get_property(cp);
	return p->decomp_seqindex == UINT16_MAX &&
	    p->casefold_seqindex == UINT16_MAX && p->combining_class == 0 &&
	    (p->comb_index == UINT16_MAX || (cp >= 0x3040 && cp <= 0x30ff));
}

/*
 * Whether s is valid UTF-8 made only of characters NFKC leaves alone, so
 * that it is its own normal form: most Japanese text is, and it is then
 * not mapped (which costs several times more than this look).
 */
static bool
text_nfkc_is_stable(const char *s)
{
	const utf8proc_uint8_t	*p;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 len;

	for (p = (const utf8proc_uint8_t *)s; *p != '\0'; p += len) {
		if (*p < 0x80) {
			if (*p >= 'A' && *p <= 'Z')
				return false;
			len = 1;
			continue;
		}
		len = utf8proc_iterate(p, -1, &cp);
		if (len <= 0 || !text_nfkc_inert(cp))
			return false;
	}
	return true;
}

/* NFKC with utf8proc; the result is malloc'd (free with free). */
static char *
text_nfkc(const char *s, int casefold)
{
	utf8proc_uint8_t	*out = NULL;
	int			 opts;

	if (text_nfkc_is_stable(s))
		return xstrdup(s);
	opts = UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_COMPAT;
	if (casefold)
		opts |= UTF8PROC_CASEFOLD;
	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	    (utf8proc_option_t)opts) < 0)
		return xstrdup(s);
	return (char *)out;
}

/*
 * Returns a search key for a name or reading (caller frees): NFKC, case
 * folded, spaces removed and katakana turned into hiragana, so that
 * "ヤマダ　タロウ", "やまだたろう" and "ﾔﾏﾀﾞ ﾀﾛｳ" are the same key.
 */
char *
text_fold(const char *s)
{
	char			*n, *out;
	const utf8proc_uint8_t	*p;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 len;

	/* In place: a katakana is as long as its hiragana, a space dropped. */
	out = n = text_nfkc(s, 1);
	for (p = (const utf8proc_uint8_t *)n; *p != '\0'; p += len) {
		if (*p < 0x80 && *p != ' ' && *p != '\t' && *p != '\n') {
			*out++ = (char)*p;
			len = 1;
			continue;
		}
		len = utf8proc_iterate(p, -1, &cp);
		if (len <= 0)
			break;
		if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ||
		    cp == '\t' || cp == '\n')
			continue;
		if (cp >= 0x30a1 && cp <= 0x30f6)	/* katakana */
			out += utf8proc_encode_char(cp - 0x60,
			    (utf8proc_uint8_t *)out);
		else {
			memmove(out, p, (size_t)len);
			out += len;
		}
	}
	*out = '\0';
	return n;
}

/*
 * Returns a command word, mention or tag in its canonical form (caller
 * frees): NFKC (so ＠ ＃ and full-width letters become ASCII) and ASCII
 * lower case.
 */
char *
text_norm_token(const char *s)
{
	char	*n, *p;

	n = text_nfkc(s, 0);
	for (p = n; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	return n;
}

/* Control and direction-override characters could rewrite a terminal. */
static int
text_is_unsafe(utf8proc_int32_t cp)
{
	if (cp == '\n' || cp == '\t')
		return 0;
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 1;
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 &&
	    cp <= 0x2069);
}

/*
 * Returns a copy of valid UTF-8 safe to print on a terminal: control
 * characters (but CR before LF) and bidirectional overrides become U+FFFD.
 * Caller frees.
 */
char *
text_printable(const char *s)
{
	struct buf		 b;
	const utf8proc_uint8_t	*p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 len;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (; *p != '\0'; p += len) {
		len = utf8proc_iterate(p, -1, &cp);
		if (len <= 0) {
			buf_addstr(&b, TEXT_REPLACEMENT);
			len = 1;
			continue;
		}
		if (text_is_unsafe(cp) && !(cp == '\r' && p[1] == '\n'))
			buf_addstr(&b, TEXT_REPLACEMENT);
		else
			buf_add(&b, p, (size_t)len);
	}
	return buf_steal(&b);
}
