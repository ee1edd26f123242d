/*
 * test_args.c: command arguments (lib/args.c) and the first-word split of a
 * request (lib/request.c), with the full-width ＠ ＃ and U+3000 a Japanese
 * input method types.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bot.h"

#define IDSP	"\xe3\x80\x80"		/* U+3000 ideographic space */

static void
check_arg(const struct args *a, size_t i, enum arg_kind kind,
    const char *value, bool chat_id)
{
	assert_true(i < a->n);
	assert_int_equal(a->v[i].kind, kind);
	assert_string_equal(a->v[i].value, value);
	assert_int_equal(a->v[i].chat_id, chat_id);
}

static void
test_ascii(void **state)
{
	const char	*s = "@山田 ありがとう #たすけあエール";
	struct args	 a;

	(void)state;
	args_parse(&a, s);
	assert_int_equal(a.n, 3);
	check_arg(&a, 0, ARG_MENTION, "山田", false);
	check_arg(&a, 1, ARG_WORD, "ありがとう", false);
	check_arg(&a, 2, ARG_TAG, "たすけあエール", false);
	/* Spans point into the source, sigils included. */
	assert_ptr_equal(a.v[0].start, s);
	assert_int_equal(a.v[0].end - a.v[0].start, strlen("@山田"));
	assert_ptr_equal(a.v[2].end, s + strlen(s));
	args_clear(&a);
	assert_int_equal(a.n, 0);
	assert_null(a.v);
}

static void
test_fullwidth(void **state)
{
	struct args	a, b;
	size_t		i;

	(void)state;
	args_parse(&a, "＠山田" IDSP "ありがとう" IDSP "＃たすけあエール");
	args_parse(&b, "@山田 ありがとう #たすけあエール");
	assert_int_equal(a.n, 3);
	assert_int_equal(a.n, b.n);
	for (i = 0; i < a.n; i++) {
		assert_int_equal(a.v[i].kind, b.v[i].kind);
		assert_string_equal(a.v[i].value, b.v[i].value);
		assert_false(a.v[i].chat_id);
	}
	check_arg(&a, 0, ARG_MENTION, "山田", false);
	check_arg(&a, 2, ARG_TAG, "たすけあエール", false);
	args_clear(&a);
	args_clear(&b);

	/* Mixed separators and runs of them. */
	args_parse(&a, IDSP " ＠山田 " IDSP "\t＃感謝" IDSP IDSP);
	assert_int_equal(a.n, 2);
	check_arg(&a, 0, ARG_MENTION, "山田", false);
	check_arg(&a, 1, ARG_TAG, "感謝", false);
	args_clear(&a);
}

static void
test_chat_mention(void **state)
{
	struct args	a;

	(void)state;
	args_parse(&a, "<@U123ABC> <@U123ABC|yamada> <@W0XYZ>");
	assert_int_equal(a.n, 3);
	check_arg(&a, 0, ARG_MENTION, "U123ABC", true);
	check_arg(&a, 1, ARG_MENTION, "U123ABC", true);
	check_arg(&a, 2, ARG_MENTION, "W0XYZ", true);
	args_clear(&a);

	/* Broadcasts and malformed ids are plain words. */
	args_parse(&a, "<!channel> <!here> <@> <@|x> <@U12");
	assert_int_equal(a.n, 5);
	check_arg(&a, 0, ARG_WORD, "<!channel>", false);
	check_arg(&a, 1, ARG_WORD, "<!here>", false);
	check_arg(&a, 2, ARG_WORD, "<@>", false);
	check_arg(&a, 3, ARG_WORD, "<@|x>", false);
	check_arg(&a, 4, ARG_WORD, "<@U12", false);
	args_clear(&a);
}

static void
test_lone_sigils(void **state)
{
	struct args	a;

	(void)state;
	args_parse(&a, "@ # ＠ ＃");
	assert_int_equal(a.n, 4);
	check_arg(&a, 0, ARG_WORD, "@", false);
	check_arg(&a, 1, ARG_WORD, "#", false);
	check_arg(&a, 2, ARG_WORD, "＠", false);
	check_arg(&a, 3, ARG_WORD, "＃", false);
	args_clear(&a);
}

static void
test_text_span(void **state)
{
	const char	*s = "@山田 ありがとう、\n  いつも" IDSP "助かって います  ";
	struct args	 a;
	char		*t;

	(void)state;
	args_parse(&a, s);
	assert_int_equal(a.n, 5);
	t = args_text(&a, 1, a.n);
	assert_string_equal(t, "ありがとう、\n  いつも" IDSP "助かって います");
	free(t);
	t = args_text(&a, 0, 1);
	assert_string_equal(t, "@山田");
	free(t);
	t = args_text(&a, 0, a.n);
	assert_string_equal(t, "@山田 ありがとう、\n  いつも" IDSP
	    "助かって います");
	free(t);
	t = args_text(&a, 2, 2);
	assert_string_equal(t, "");
	free(t);
	t = args_text(&a, 3, 1);
	assert_string_equal(t, "");
	free(t);
	t = args_text(&a, 1, a.n + 1);
	assert_string_equal(t, "");
	free(t);
	args_clear(&a);
}

static void
test_empty(void **state)
{
	struct args	 a;
	char		*t;

	(void)state;
	args_parse(&a, "");
	assert_int_equal(a.n, 0);
	t = args_text(&a, 0, 0);
	assert_string_equal(t, "");
	free(t);
	args_clear(&a);

	args_parse(&a, "  " IDSP "\t\n" IDSP);
	assert_int_equal(a.n, 0);
	args_clear(&a);
}

/*
 * Far more words than the room args_parse makes at first: every word and
 * its span survive each time the array grows.
 */
static void
test_many_words(void **state)
{
	struct buf	 b;
	struct args	 a;
	char		 want[16];
	size_t		 i, nwords = 1000;
	char		*t;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < nwords; i++)
		buf_printf(&b, i % 2 ? "#w%zu" IDSP : "w%zu ", i);
	args_parse(&a, b.data);
	assert_int_equal(a.n, nwords);
	for (i = 0; i < nwords; i++) {
		snprintf(want, sizeof want, "w%zu", i);
		check_arg(&a, i, i % 2 ? ARG_TAG : ARG_WORD, want, false);
	}
	t = args_text(&a, nwords - 2, nwords);
	assert_string_equal(t, "w998 #w999");
	free(t);
	args_clear(&a);
	buf_free(&b);
}

static void
test_request_split(void **state)
{
	const char	*text = "  ＨＥＬＰ" IDSP "me", *rest = NULL;
	char		*word = NULL;

	(void)state;
	assert_int_equal(request_split(text, &word, &rest), 0);
	assert_string_equal(word, "help");
	assert_string_equal(rest, "me");
	assert_true(rest >= text && rest < text + strlen(text));
	free(word);

	assert_int_equal(request_split(IDSP "Help" IDSP IDSP " a  b ", &word,
	    &rest), 0);
	assert_string_equal(word, "help");
	assert_string_equal(rest, "a  b ");
	free(word);

	assert_int_equal(request_split("ヘルプ", &word, &rest), 0);
	assert_string_equal(word, "ヘルプ");
	assert_string_equal(rest, "");
	free(word);

	word = NULL;
	assert_int_equal(request_split("", &word, &rest), -1);
	assert_null(word);
	assert_int_equal(request_split(" " IDSP "\n", &word, &rest), -1);
	assert_null(word);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_fullwidth),
		cmocka_unit_test(test_chat_mention),
		cmocka_unit_test(test_lone_sigils),
		cmocka_unit_test(test_text_span),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_many_words),
		cmocka_unit_test(test_request_split),
	};

	log_init(LOG_LVL_ERROR, "test_args");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
