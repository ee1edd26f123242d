/*
 * test_text.c: UTF-8 handling of what users type (lib/text.c).
 *
 * Byte strings are spelled with escapes where the bytes matter; the
 * Japanese literals are the real UTF-8 the source file holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "bot.h"

#define FFFD	"\xef\xbf\xbd"
#define IDSP	"\xe3\x80\x80"		/* U+3000 ideographic space */

static void
check_sanitize(const char *in, size_t len, const char *want)
{
	char	*s = text_sanitize(in, len);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void
test_sanitize_valid(void **state)
{
	(void)state;
	check_sanitize("", 0, "");
	check_sanitize("hello", 5, "hello");
	check_sanitize("山田さん、ありがとう！", strlen("山田さん、ありがとう！"),
	    "山田さん、ありがとう！");
	check_sanitize("ﾔﾏﾀﾞ ＡＢＣ 😀", strlen("ﾔﾏﾀﾞ ＡＢＣ 😀"),
	    "ﾔﾏﾀﾞ ＡＢＣ 😀");
	check_sanitize("line1\nline2", 11, "line1\nline2");
	/* Only len bytes are read. */
	check_sanitize("abcdef", 3, "abc");
}

static void
test_sanitize_invalid(void **state)
{
	(void)state;
	check_sanitize("a\0b", 3, "a" FFFD "b");
	check_sanitize("\0", 1, FFFD);
	check_sanitize("a\xff" "b", 3, "a" FFFD "b");
	check_sanitize("\xc3(", 2, FFFD "(");
	check_sanitize("x\x80y", 3, "x" FFFD "y");
	/* A UTF-16 surrogate is not a character. */
	check_sanitize("\xed\xa0\x80" "z", 4, FFFD FFFD FFFD "z");
	/* Overlong "/" must not survive as "/". */
	check_sanitize("\xc0\xaf", 2, FFFD FFFD);
}

static void
test_sanitize_cr(void **state)
{
	(void)state;
	check_sanitize("a\r\nb\r", 5, "a\nb");
	check_sanitize("\r\r\r", 3, "");
}

/*
 * A message cut inside its last character: the whole characters before the
 * cut are kept, the cut bytes become U+FFFD and the result is valid UTF-8.
 */
static void
test_sanitize_truncated(void **state)
{
	const char	*a = "あいう";	/* 9 bytes */
	char		*s, *again;

	(void)state;
	s = text_sanitize(a, 8);
	assert_int_equal(strncmp(s, "あい", 6), 0);
	assert_true(strlen(s) > 6);
	assert_int_equal(strncmp(s + 6, FFFD, 3), 0);
	/* Only U+FFFD after the kept part: nothing of the cut bytes. */
	assert_int_equal((strlen(s) - 6) % 3, 0);
	assert_true(strncmp(s + strlen(s) - 3, FFFD, 3) == 0);
	/* Valid already: a second pass changes nothing. */
	again = text_sanitize(s, strlen(s));
	assert_string_equal(again, s);
	free(again);
	free(s);
	s = text_sanitize(a, 6);
	assert_string_equal(s, "あい");
	free(s);
}

/*
 * The cut sequence is one U+FFFD, not one per byte (Unicode 3.9 "maximal
 * subpart" practice, as in the WHATWG decoder), so a cut "あ" counts as one
 * character, not two.
 */
static void
test_sanitize_truncated_one_fffd(void **state)
{
	const char	*a = "あいう";	/* 9 bytes */
	char		*s;

	(void)state;
	s = text_sanitize(a, 8);
	assert_string_equal(s, "あい" FFFD);
	free(s);
	s = text_sanitize(a, 7);
	assert_string_equal(s, "あい" FFFD);
	free(s);
	s = text_sanitize("ok\xf0\x9f\x98", 5);
	assert_string_equal(s, "ok" FFFD);
	free(s);
}

static void
test_chars(void **state)
{
	(void)state;
	assert_int_equal(text_chars(""), 0);
	assert_int_equal(text_chars("abc"), 3);
	assert_int_equal(text_chars("あいう"), 3);
	assert_int_equal(strlen("あいう"), 9);
	assert_int_equal(text_chars("a" IDSP "b"), 3);
	assert_int_equal(text_chars("😀"), 1);
	assert_int_equal(text_chars("ﾔﾏﾀﾞ"), 4);
}

static void
test_prefix_chars(void **state)
{
	(void)state;
	assert_int_equal(text_prefix_chars("あいう", 0), 0);
	assert_int_equal(text_prefix_chars("あいう", 1), 3);
	assert_int_equal(text_prefix_chars("あいう", 2), 6);
	assert_int_equal(text_prefix_chars("あいう", 3), 9);
	assert_int_equal(text_prefix_chars("あいう", 10), 9);
	assert_int_equal(text_prefix_chars("aあb", 2), 4);
	assert_int_equal(text_prefix_chars("", 5), 0);
	assert_int_equal(text_prefix_chars("😀x", 1), 4);
}

static void
check_fold(const char *in, const char *want)
{
	char	*s = text_fold(in);

	assert_string_equal(s, want);
	free(s);
}

static void
test_fold(void **state)
{
	char	*a, *b, *c;

	(void)state;
	a = text_fold("ヤマダ" IDSP "タロウ");
	b = text_fold("やまだ たろう");
	c = text_fold("ﾔﾏﾀﾞ ﾀﾛｳ");
	assert_string_equal(a, "やまだたろう");
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	free(a);
	free(b);
	free(c);

	check_fold("ＡＢＣ", "abc");
	check_fold("abc", "abc");
	check_fold("ABC", "abc");
	check_fold("山田 太郎", "山田太郎");
	check_fold("山田\t太郎\n", "山田太郎");
	check_fold("ｶﾞｷﾞｸﾞ", "がぎぐ");
	check_fold("", "");
	check_fold(IDSP IDSP, "");
	/* Different names stay different. */
	a = text_fold("やまだ");
	b = text_fold("やまた");
	assert_string_not_equal(a, b);
	free(a);
	free(b);
}

/*
 * Texts made of pieces that sanitize alone, each to a known text: a long
 * one is the pieces' results one after another, whatever the order.
 */
static void
test_sanitize_pieces(void **state)
{
	static const struct {
		const char	*in;
		size_t		 len;
		const char	*out;
	} piece[] = {
		{ "a", 1, "a" }, { "Z ", 2, "Z " }, { "あ", 3, "あ" },
		{ "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80" },
		{ "\r", 1, "" }, { "\r\n", 2, "\n" },
		{ "", 1, "\xef\xbf\xbd" }, { "\x80", 1, "\xef\xbf\xbd" },
		{ "\xff", 1, "\xef\xbf\xbd" },
	};
	const size_t	 npiece = sizeof piece / sizeof piece[0];
	char		 in[256], want[1024], *got;
	size_t		 len, k;
	unsigned	 seed = 7;
	int		 i, j;

	(void)state;
	for (i = 0; i < 2000; i++) {
		len = 0;
		want[0] = '\0';
		for (j = 0; j < i % 40; j++) {
			seed = seed * 1103515245u + 12345u;
			k = (seed >> 16) % npiece;
			memcpy(in + len, piece[k].in, piece[k].len);
			len += piece[k].len;
			strcat(want, piece[k].out);
		}
		got = text_sanitize(in, len);
		assert_string_equal(got, want);
		free(got);
	}
}

/* text_fold as utf8proc alone would make it, for test_fold_as_utf8proc. */
static char *
fold_reference(const char *s)
{
	utf8proc_uint8_t	*n = NULL, enc[4];
	const utf8proc_uint8_t	*p;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 len;
	struct buf		 b;

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &n, UTF8PROC_NULLTERM |
	    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
	    UTF8PROC_CASEFOLD) < 0)
		n = (utf8proc_uint8_t *)xstrdup(s);
	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (p = n; *p != '\0'; p += len) {
		if ((len = utf8proc_iterate(p, -1, &cp)) <= 0)
			break;
		if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ||
		    cp == '\t' || cp == '\n')
			continue;
		if (cp >= 0x30a1 && cp <= 0x30f6)
			cp -= 0x60;
		buf_add(&b, enc, (size_t)utf8proc_encode_char(cp, enc));
	}
	free(n);
	return buf_steal(&b);
}

/*
 * A character text_fold passes through unmapped is one NFKC, case folded
 * or not, leaves as it is: every code point.  And mixed texts, of inert
 * characters and of those that are not (a combining mark after a kana,
 * Hangul jamo, half-width kana, upper case, spaces), fold as utf8proc
 * alone folds them.
 */
static void
test_fold_as_utf8proc(void **state)
{
	static const char *const pool[] = { "あ", "か", "ア", "カ", "ｶ", "ﾞ",
	    "\xe3\x82\x99", "山", "田", "。", "、", "A", "z", "Ａ", " ", IDSP,
	    "\t", "\xe1\x84\x80", "\xe1\x85\xa1", "\xea\xb0\x80", "e",
	    "\xcc\x81", "\xc3\x9f", "①", "㌔", "ﬁ", "!", "\xf0\x9f\x98\x80",
	    "\xff", "ー", "ヴ", "ｳ", "\xe0\xad\x87", "\xe0\xac\xbe" };
	const size_t	 npool = sizeof pool / sizeof pool[0];
	utf8proc_uint8_t enc[5], *out;
	utf8proc_ssize_t len;
	int32_t		 cp;
	unsigned	 seed = 1;
	char		 text[128], *a, *b;
	int		 i, j, k, opts;

	(void)state;
	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (!utf8proc_codepoint_valid(cp) || !text_nfkc_inert(cp))
			continue;
		len = utf8proc_encode_char(cp, enc);
		enc[len] = '\0';
		for (k = 0; k < 2; k++) {
			opts = UTF8PROC_NULLTERM | UTF8PROC_STABLE |
			    UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
			    (k ? UTF8PROC_CASEFOLD : 0);
			out = NULL;
			if (utf8proc_map(enc, 0, &out,
			    (utf8proc_option_t)opts) < 0 ||
			    strcmp((char *)out, (char *)enc) != 0)
				fail_msg("U+%04X is not inert", (unsigned)cp);
			free(out);
		}
	}
	/* Each kana before each mark that may voice it, or not. */
	for (cp = 0x3040; cp <= 0x30ff; cp++) {
		static const char *const marks[] = { "\xe3\x82\x99",
		    "\xe3\x82\x9a", "\xe3\x82\x9b", "\xe3\x82\x9c", "ﾞ",
		    "ﾟ", "\xcc\x81", "" };

		for (k = 0; k < 8; k++) {
			len = utf8proc_encode_char(cp, (utf8proc_uint8_t *)text);
			text[len] = '\0';
			strcat(text, marks[k]);
			strcat(text, "ア");
			a = text_fold(text);
			b = fold_reference(text);
			assert_string_equal(a, b);
			free(a);
			free(b);
		}
	}
	/* U+0B47 U+0B3E compose, though neither has a combining class. */
	a = text_fold("\xe0\xad\x87\xe0\xac\xbe");
	assert_string_equal(a, "\xe0\xad\x8b");
	free(a);
	for (i = 0; i < 3000; i++) {
		text[0] = '\0';
		for (j = 0; j < 1 + i % 12; j++) {
			seed = seed * 1103515245u + 12345u;
			strcat(text, pool[(seed >> 16) % npool]);
		}
		a = text_fold(text);
		b = fold_reference(text);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
}

static void
check_norm(const char *in, const char *want)
{
	char	*s = text_norm_token(in);

	assert_string_equal(s, want);
	free(s);
}

static void
test_norm_token(void **state)
{
	(void)state;
	check_norm("ＨＥＬＰ", "help");
	check_norm("Help", "help");
	check_norm("help", "help");
	check_norm("＠", "@");
	check_norm("＃", "#");
	check_norm("＠山田", "@山田");
	check_norm("＃たすけあエール", "#たすけあエール");
	check_norm("ヘルプ", "ヘルプ");
	check_norm("ﾍﾙﾌﾟ", "ヘルプ");
	check_norm("", "");
}

static void
check_trim(const char *in, const char *want)
{
	char	*s = text_trim(in);

	assert_string_equal(s, want);
	free(s);
}

static void
test_trim(void **state)
{
	(void)state;
	check_trim(IDSP "山田" IDSP, "山田");
	check_trim(IDSP " \t山田" IDSP "太郎 \n" IDSP, "山田" IDSP "太郎");
	check_trim("abc", "abc");
	check_trim("  a b  ", "a b");
	check_trim("", "");
	check_trim(IDSP IDSP "  ", "");
}

static void
check_printable(const char *in, const char *want)
{
	char	*s = text_printable(in);

	assert_string_equal(s, want);
	free(s);
}

static void
test_printable(void **state)
{
	(void)state;
	check_printable("plain", "plain");
	check_printable("a\x1b[31mb", "a" FFFD "[31mb");
	check_printable("abc\xe2\x80\xae" "def", "abc" FFFD "def");
	check_printable("\xe2\x81\xa6x", FFFD "x");	/* U+2066 */
	check_printable("line1\nline2\tx", "line1\nline2\tx");
	check_printable("a\x7f" "b", "a" FFFD "b");
	check_printable("\xc2\x85", FFFD);		/* U+0085 NEL */
	check_printable("\x07", FFFD);
	check_printable("山田さん" IDSP "ありがとう", "山田さん" IDSP
	    "ありがとう");
	check_printable("", "");
}

static void
test_space_len(void **state)
{
	(void)state;
	assert_int_equal(text_space_len(" x"), 1);
	assert_int_equal(text_space_len("\tx"), 1);
	assert_int_equal(text_space_len("\nx"), 1);
	assert_int_equal(text_space_len(IDSP "x"), 3);
	assert_int_equal(text_space_len("x "), 0);
	assert_int_equal(text_space_len(""), 0);
	assert_int_equal(text_space_len("あ"), 0);
	assert_int_equal(text_space_len("\xe3\x80"), 0);	/* cut U+3000 */
	assert_string_equal(text_skip_space(IDSP " " IDSP "x y"), "x y");
	assert_string_equal(text_skip_space("x"), "x");
	assert_string_equal(text_skip_space("  "), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_valid),
		cmocka_unit_test(test_sanitize_invalid),
		cmocka_unit_test(test_sanitize_cr),
		cmocka_unit_test(test_sanitize_truncated),
		cmocka_unit_test(test_sanitize_truncated_one_fffd),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_prefix_chars),
		cmocka_unit_test(test_sanitize_pieces),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_as_utf8proc),
		cmocka_unit_test(test_norm_token),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_space_len),
	};

	log_init(LOG_LVL_ERROR, "test_text");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
