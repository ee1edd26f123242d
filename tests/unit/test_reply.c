/*
 * test_reply.c: the neutral reply's JSON form, which every outbox row
 * carries: written by hand (lib/reply.c, buf_add_json_string), read back
 * with jansson, for any text a user can type.
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

static char *
quoted(const char *s)
{
	struct buf	b;

	buf_init(&b, 0);
	assert_int_equal(buf_add_json_string(&b, s), 0);
	return buf_steal(&b);
}

/* What jansson reads back from the literal, or NULL if it does not parse. */
static char *
parsed(const char *literal)
{
	json_t	*v = json_loads(literal, JSON_DECODE_ANY, NULL);
	char	*s;

	if (v == NULL)
		return NULL;
	s = xstrdup(json_string_value(v));
	json_decref(v);
	return s;
}

static void
check(const char *in, const char *literal, const char *back)
{
	char	*q = quoted(in), *p;

	assert_string_equal(q, literal);
	p = parsed(q);
	assert_non_null(p);
	assert_string_equal(p, back);
	free(p);
	free(q);
}

static void
test_json_string(void **state)
{
	(void)state;
	check("", "\"\"", "");
	check("ありがとう", "\"ありがとう\"", "ありがとう");
	check("say \"hi\" \\ bye", "\"say \\\"hi\\\" \\\\ bye\"",
	    "say \"hi\" \\ bye");
	check("a\nb\tc\x01", "\"a\\nb\\u0009c\\u0001\"", "a\nb\tc\x01");
	check("<!channel> '; DROP TABLE outbox; --",
	    "\"<!channel> '; DROP TABLE outbox; --\"",
	    "<!channel> '; DROP TABLE outbox; --");
	/* Four-byte characters, and the last of Unicode. */
	check("\xf0\x9f\x91\x8d\xf4\x8f\xbf\xbf", "\"\xf0\x9f\x91\x8d"
	    "\xf4\x8f\xbf\xbf\"", "\xf0\x9f\x91\x8d\xf4\x8f\xbf\xbf");
}

/* Bytes that are not UTF-8 become U+FFFD; the literal always parses. */
static void
test_json_string_not_utf8(void **state)
{
	static const char *const bad[] = {
		"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\xe3\x81", "\xe3", "a\x80z",
	};
	char	*q, *p;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		q = quoted(bad[i]);
		p = parsed(q);
		assert_non_null(p);
		assert_non_null(strstr(p, "\xef\xbf\xbd"));
		free(p);
		free(q);
	}
}

static void
test_round_trip(void **state)
{
	struct reply	 r, back;
	char		*json, *json2;
	size_t		 i;

	(void)state;
	reply_init(&r);
	reply_add(&r, REPLY_TEXT, xstrdup("Iメッセージを送りました: \"窓口\"\n"
	    "ありがとう"));
	reply_add(&r, REPLY_CONTEXT, xstrdup("<@U1> & <!here>"));
	reply_add_button(&r, xstrdup("読みました"), "ack", "ack 12");
	reply_add_button(&r, xstrdup("申し込む"), "enroll", NULL);
	json = reply_to_json(&r);
	assert_int_equal(reply_from_json(&back, json), 0);
	assert_int_equal(back.nblocks, r.nblocks);
	for (i = 0; i < r.nblocks; i++) {
		assert_int_equal(back.blocks[i].kind, r.blocks[i].kind);
		assert_string_equal(back.blocks[i].text, r.blocks[i].text);
	}
	assert_string_equal(back.blocks[2].action_id, "ack");
	assert_string_equal(back.blocks[2].value, "ack 12");
	assert_null(back.blocks[3].value);
	json2 = reply_to_json(&back);
	assert_string_equal(json, json2);
	free(json2);
	free(json);
	reply_clear(&back);
	reply_clear(&r);
	reply_init(&r);
	json = reply_to_json(&r);
	assert_string_equal(json, "[]");
	assert_int_equal(reply_from_json(&back, json), 0);
	assert_int_equal(back.nblocks, 0);
	free(json);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_json_string_not_utf8),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
