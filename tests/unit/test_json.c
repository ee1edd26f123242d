/*
 * test_json.c: the JSON writer and pull reader of lib/json_write.c and
 * lib/json_read.c, checked against jansson: what the writer writes jansson
 * reads as meant, and the reader takes what jansson takes and refuses
 * what it refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "lib.h"

static void
test_write_nested(void **state)
{
	struct jw	 w;
	json_t		*j;
	char		*s;

	(void)state;
	jw_init(&w, 0);
	jw_obj(&w, NULL);
	jw_str(&w, "text", "「ありがとう」\n\"quoted\" \\ <!channel>");
	jw_arr(&w, "blocks");
	jw_obj(&w, NULL);
	jw_int(&w, "n", -42);
	jw_bool(&w, "on", true);
	jw_end(&w);
	jw_raw(&w, NULL, "{\"pre\":[1,2]}");
	jw_arr(&w, NULL);
	jw_end(&w);
	jw_end(&w);
	jw_strn(&w, "cut", "abcdef", 3);
	jw_str(&w, "a \"quoted\"\tkey", "k");	/* escaped, not as it is */
	jw_end(&w);
	s = jw_steal(&w);
	assert_non_null(s);
	j = json_loads(s, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "text")),
	    "「ありがとう」\n\"quoted\" \\ <!channel>");
	assert_string_equal(json_string_value(json_object_get(j, "cut")),
	    "abc");
	assert_string_equal(json_string_value(json_object_get(j,
	    "a \"quoted\"\tkey")), "k");
	assert_int_equal(json_array_size(json_object_get(j, "blocks")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(j, "blocks"), 0), "n")), -42);
	assert_true(json_is_true(json_object_get(json_array_get(
	    json_object_get(j, "blocks"), 0), "on")));
	json_decref(j);
	free(s);
}

/* A cut inside a UTF-8 sequence still writes JSON: U+FFFD, not a half. */
static void
test_write_cut_utf8(void **state)
{
	struct jw	 w;
	char		*s;

	(void)state;
	jw_init(&w, 0);
	jw_arr(&w, NULL);
	jw_strn(&w, NULL, "あい", 4);		/* あ and one byte of い */
	jw_end(&w);
	s = jw_steal(&w);
	assert_string_equal(s, "[\"あ\\ufffd\"]");
	free(s);
}

static void
test_write_misuse(void **state)
{
	struct jw	 w;
	int		 i;

	(void)state;
	jw_init(&w, 0);
	jw_obj(&w, NULL);
	assert_null(jw_steal(&w));		/* left open */
	jw_end(&w);
	assert_null(jw_steal(&w));		/* closed what was not open */
	for (i = 0; i <= JW_DEPTH; i++)
		jw_arr(&w, NULL);
	for (i = 0; i <= JW_DEPTH; i++)
		jw_end(&w);
	assert_null(jw_steal(&w));		/* too deep */
	jw_init(&w, 8);
	jw_arr(&w, NULL);
	jw_str(&w, NULL, "longer than eight");
	jw_end(&w);
	assert_null(jw_steal(&w));		/* over the limit */
}

/* Reads {"a": "…", "n": [..], "b": true} the way the callers do. */
static void
test_read_members(void **state)
{
	static const char doc[] = " {\"a\" : \"x\\u3042\\ud83d\\ude00\\n\\/\","
	    "\"n\":[1, -2.5e+3, {\"deep\":[null]}],\"\\u0062\":true,"
	    "\"a-key-far-longer-than-the-buffer\":\"skip\"} ";
	struct jr	 r;
	struct buf	 b;
	char		 key[16];
	bool		 v = false;
	int		 seen = 0;

	(void)state;
	buf_init(&b, 0);
	jr_init(&r, doc, strlen(doc));
	assert_true(jr_obj(&r));
	while (jr_member(&r, key, sizeof key)) {
		if (strcmp(key, "a") == 0) {
			assert_int_equal(jr_string(&r, &b), 0);
			assert_string_equal(b.data, "xあ😀\n/");
			seen |= 1;
		} else if (strcmp(key, "b") == 0) {
			assert_int_equal(jr_bool(&r, &v), 0);
			seen |= 2;
		} else {
			assert_true(strcmp(key, "n") == 0 || key[0] == '\0');
			assert_int_equal(jr_skip(&r), 0);
			seen |= 4;
		}
	}
	assert_int_equal(jr_done(&r), 0);
	assert_int_equal(seen, 7);
	assert_true(v);
	buf_free(&b);
}

/* The reader's verdict on a whole document: 0 if it reads, -1 if not. */
static int
jr_verdict(const char *doc)
{
	struct jr	r;

	jr_init(&r, doc, strlen(doc));
	if (jr_skip(&r) != 0)
		return -1;
	return jr_done(&r);
}

static void
test_read_like_jansson(void **state)
{
	static const char *const docs[] = {
		"{}", "[]", "[1,2,3]", "{\"a\":{\"b\":[true,false,null]}}",
		"\"top\"", "0", "-0.5", "1e9", " [ ] ",
		"[1,]", "{\"a\":1,}", "[01]", "[1.]", "[.5]", "[+1]", "[-]",
		"{\"a\" 1}", "{1:2}", "[\"\\x\"]", "[\"\\u12\"]",
		"[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud800\\u0041\"]",
		"[\"tab\there\"]", "[\"\xff\"]", "[\"\xe3\x81\"]",
		"[\"\xed\xa0\x80\"]", "[\"\xc0\xaf\"]", "[tru]", "[nul]",
		"[1] [2]", "", "   ", "{", "[", "\"open", "[1,,2]", "{,}",
		"[true false]", "{\"a\":1 \"b\":2}",
	};
	json_t	*j;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		j = json_loads(docs[i], JSON_DECODE_ANY, NULL);
		if ((j != NULL) != (jr_verdict(docs[i]) == 0))
			fail_msg("%s: jansson %s it, the reader does not",
			    docs[i], j != NULL ? "takes" : "refuses");
		json_decref(j);
	}
}

static void
test_read_depth(void **state)
{
	char	doc[2 * (JR_DEPTH + 1) + 1];
	int	i;

	(void)state;
	for (i = 0; i < JR_DEPTH; i++) {
		doc[i] = '[';
		doc[JR_DEPTH + i] = ']';
	}
	doc[2 * JR_DEPTH] = '\0';
	assert_int_equal(jr_verdict(doc), 0);
	for (i = 0; i <= JR_DEPTH; i++) {
		doc[i] = '[';
		doc[JR_DEPTH + 1 + i] = ']';
	}
	doc[2 * (JR_DEPTH + 1)] = '\0';
	assert_int_equal(jr_verdict(doc), -1);
}

/* Once wrong, every call fails: a caller's loop always ends. */
static void
test_read_sticky(void **state)
{
	struct jr	 r;
	struct buf	 b;
	char		 key[8];

	(void)state;
	buf_init(&b, 0);
	jr_init(&r, "{\"a\":", 5);
	assert_true(jr_obj(&r));
	assert_true(jr_member(&r, key, sizeof key));
	assert_int_equal(jr_string(&r, &b), -1);
	assert_false(jr_member(&r, key, sizeof key));
	assert_false(jr_element(&r));
	assert_int_equal(jr_skip(&r), -1);
	assert_int_equal(jr_done(&r), -1);
	buf_free(&b);
}

/*
 * The string writer, byte by byte, as it was before its fast path: every
 * byte judged alone, every UTF-8 sequence by utf8_len.  The oracle for
 * test_write_string_fast.
 */
static void
json_string_slow(struct buf *b, const char *s, size_t len)
{
	const char	*p = s, *end = s + len;
	unsigned char	 c;
	size_t		 n;
	char		 esc[8];

	buf_addstr(b, "\"");
	while (p < end) {
		c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			buf_add(b, p++, 1);
			continue;
		}
		if (c >= 0x80 && (n = utf8_len(p, (size_t)(end - p))) != 0) {
			buf_add(b, p, n);
			p += n;
			continue;
		}
		p++;
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			buf_add(b, esc, 2);
		} else if (c == '\n')
			buf_addstr(b, "\\n");
		else if (c < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			buf_addstr(b, esc);
		} else
			buf_addstr(b, "\\ufffd");
	}
	buf_addstr(b, "\"");
}

/*
 * The fast path writes what judging each byte alone writes, for strings
 * made of the bytes where UTF-8 and JSON have edges: lead bytes of every
 * length, the overlong and surrogate leads (E0, ED, F0, F4), stray
 * continuation bytes, controls, quotes, and sequences cut at the end.
 * And what it writes, jansson reads.
 */
static void
test_write_string_fast(void **state)
{
	static const unsigned char alphabet[] = {
		0x00, 0x01, 0x09, '\n', 0x1f, ' ', '"', '\\', '/', 'a', 'Z',
		0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2,
		0xdf, 0xe0, 0xe1, 0xe3, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf3,
		0xf4, 0xf5, 0xff,
	};
	struct buf	 fast, slow;
	char		 s[24];
	json_t		*j;
	size_t		 len, i;
	unsigned	 seed = 12345;
	int		 n;

	(void)state;
	buf_init(&fast, 0);
	buf_init(&slow, 0);
	for (n = 0; n < 200000; n++) {
		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % sizeof s;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (char)alphabet[(seed >> 16) % sizeof alphabet];
		}
		buf_reset(&fast);
		buf_reset(&slow);
		assert_int_equal(buf_add_json_stringn(&fast, s, len), 0);
		json_string_slow(&slow, s, len);
		assert_string_equal(fast.data, slow.data);
		j = json_loads(fast.data, JSON_DECODE_ANY | JSON_ALLOW_NUL,
		    NULL);
		assert_non_null(j);
		json_decref(j);
	}
	buf_free(&fast);
	buf_free(&slow);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_nested),
		cmocka_unit_test(test_write_cut_utf8),
		cmocka_unit_test(test_write_misuse),
		cmocka_unit_test(test_write_string_fast),
		cmocka_unit_test(test_read_members),
		cmocka_unit_test(test_read_like_jansson),
		cmocka_unit_test(test_read_depth),
		cmocka_unit_test(test_read_sticky),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
