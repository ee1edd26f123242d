/*
 * test_ics.c: iCalendar output, lib/ics.c.
 *
 * The calendar is parsed back here as a calendar program would (RFC 5545
 * 3.1: unfold, split "name;params:value", unescape TEXT), so the tests
 * check what a reader sees and not how the writer happens to lay it out.
 *
 * 2024-07-03 09:00 JST is 2024-07-03T00:00:00Z = 1719964800 (date(1)).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bot.h"

#define JUL3_0900	((time_t)1719964800)

/* Long enough to fold twice, with every character TEXT must escape. */
static const char summary[] =
    "情報セキュリティ研修（基礎編）; 新任職員向け, 全3回・品川区役所本庁舎"
    "にて実施します。標的型メール訓練の振り返りを含みます";
static const char description[] =
    "持ち物: 職員証, 筆記用具; ノートPC\n"
    "申込: 庶務課 \\ 内線 1234\n"
    "\n"
    "😀 4 バイトの文字も折り返しで切れないこと。" "😀😀😀😀😀😀😀😀😀😀😀😀";
static const char location[] = "品川区役所 第二庁舎 6階, 会議室A;B";

/* One content line after unfolding, with its value unescaped. */
struct prop {
	char	*name;
	char	*params;	/* "" if none */
	char	*value;
};

struct parsed {
	struct prop	*v;
	size_t		 n;
};

static void
parsed_free(struct parsed *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].params);
		free(p->v[i].value);
	}
	free(p->v);
}

/* Returns true if s[0..len) is whole UTF-8 characters, none cut short. */
static bool
utf8_whole(const unsigned char *s, size_t len)
{
	size_t	i = 0, need, k;

	while (i < len) {
		if (s[i] < 0x80)
			need = 0;
		else if ((s[i] & 0xe0) == 0xc0)
			need = 1;
		else if ((s[i] & 0xf0) == 0xe0)
			need = 2;
		else if ((s[i] & 0xf8) == 0xf0)
			need = 3;
		else
			return false;
		if (i + need >= len)
			return false;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		}
		i += need + 1;
	}
	return true;
}

/* Returns true if s[0..len) ends inside a "\\x" escape. */
static bool
cuts_escape(const char *s, size_t len)
{
	size_t	n = 0;

	while (n < len && s[len - 1 - n] == '\\')
		n++;
	return n % 2 == 1;
}

/*
 * Checks the physical lines (CRLF ends, at most 75 octets, no character or
 * escape split by a fold) and returns the logical lines, unfolded.
 */
static char *
unfold(const char *ics)
{
	struct buf	 b;
	const char	*p = ics, *eol;
	size_t		 len;

	buf_init(&b, 0);
	assert_true(strlen(ics) >= 2);
	assert_memory_equal(ics + strlen(ics) - 2, "\r\n", 2);
	while (*p != '\0') {
		eol = strstr(p, "\r\n");
		assert_non_null(eol);
		len = (size_t)(eol - p);
		assert_true(len <= 75);
		assert_null(memchr(p, '\n', len));	/* no bare LF */
		assert_null(memchr(p, '\r', len));	/* no bare CR */
		assert_true(utf8_whole((const unsigned char *)p, len));
		assert_false(cuts_escape(p, len));
		if (*p == ' ') {
			assert_true(b.len > 0);
			buf_add(&b, p + 1, len - 1);
		} else {
			if (b.len > 0)
				buf_add(&b, "\n", 1);
			buf_add(&b, p, len);
		}
		p = eol + 2;
	}
	return buf_steal(&b);
}

/* RFC 5545 3.3.11, read side. */
static char *
unescape(const char *s)
{
	struct buf	b;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (; *s != '\0'; s++) {
		if (*s != '\\') {
			buf_add(&b, s, 1);
			continue;
		}
		s++;
		assert_true(*s == '\\' || *s == ';' || *s == ',' ||
		    *s == 'n' || *s == 'N');
		buf_add(&b, *s == 'n' || *s == 'N' ? "\n" : s, 1);
	}
	return buf_steal(&b);
}

/* Parses a whole calendar into *out (caller frees with parsed_free). */
static void
parse(const char *ics, struct parsed *out)
{
	char	*text, *line, *next, *colon, *semi;
	struct prop	*pr;

	memset(out, 0, sizeof *out);
	text = unfold(ics);
	for (line = text; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		/* No parameter of ours holds a ':', so the first splits. */
		colon = strchr(line, ':');
		assert_non_null(colon);
		*colon = '\0';
		out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
		pr = &out->v[out->n++];
		semi = strchr(line, ';');
		pr->params = xstrdup(semi != NULL ? semi + 1 : "");
		if (semi != NULL)
			*semi = '\0';
		pr->name = xstrdup(line);
		pr->value = unescape(colon + 1);
	}
	free(text);
}

/*
 * Returns the first property called name from index from on, stopping at
 * the end of an event; NULL if there is none.
 */
static const struct prop *
find(const struct parsed *p, size_t from, const char *name)
{
	size_t	i;

	for (i = from; i < p->n; i++) {
		if (strcmp(p->v[i].name, name) == 0)
			return &p->v[i];
		if (strcmp(p->v[i].name, "END") == 0 &&
		    strcmp(p->v[i].value, "VEVENT") == 0)
			break;
	}
	return NULL;
}

/* Returns the index of the n-th BEGIN:VEVENT (from 0). */
static size_t
event(const struct parsed *p, int n)
{
	size_t	i;
	int	seen = 0;

	for (i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].name, "BEGIN") == 0 &&
		    strcmp(p->v[i].value, "VEVENT") == 0 && seen++ == n)
			return i;
	}
	fail_msg("no VEVENT %d", n);
	return 0;
}

static void
check_prop(const struct parsed *p, size_t ev, const char *name,
    const char *params, const char *value)
{
	const struct prop	*pr;

	pr = find(p, ev, name);
	if (pr == NULL) {
		fail_msg("no %s", name);
		return;
	}
	assert_string_equal(pr->params, params);
	assert_string_equal(pr->value, value);
}

/* BEGIN and END pair up like brackets, inside one VCALENDAR. */
static void
check_nesting(const struct parsed *p)
{
	const char	*stack[8] = { NULL };
	size_t		 i, depth = 0;

	assert_true(p->n > 0 && p->v != NULL);
	assert_string_equal(p->v[0].name, "BEGIN");
	assert_string_equal(p->v[0].value, "VCALENDAR");
	for (i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].name, "BEGIN") == 0) {
			assert_true(depth < 8);
			stack[depth++] = p->v[i].value;
		} else if (strcmp(p->v[i].name, "END") == 0) {
			assert_true(depth > 0);
			assert_string_equal(stack[--depth], p->v[i].value);
			if (depth == 0)
				assert_int_equal(i, p->n - 1);
		}
	}
	assert_int_equal(depth, 0);
}

static char *
make(void)
{
	struct ics_event	evs[2];

	memset(evs, 0, sizeof evs);
	evs[0].uid = "course-42@yell.shinagawa";
	evs[0].summary = summary;
	evs[0].description = description;
	evs[0].location = location;
	evs[0].start = JUL3_0900;
	evs[0].end = JUL3_0900 + (time_t)90 * 60;
	evs[1].uid = "course-43@yell.shinagawa";
	evs[1].summary = "終日研修";
	evs[1].start = clock_from_local(2024, 8, 1, 0, 0);
	evs[1].end = clock_from_local(2024, 8, 3, 0, 0);
	evs[1].all_day = true;
	/* 2024-07-01 12:34:56 UTC */
	return ics_calendar(evs, 2, (time_t)1719837296);
}

static int
setup(void **state)
{
	(void)state;
	return clock_set_zone("Asia/Tokyo");
}

static void
test_round_trip(void **state)
{
	struct parsed	 p;
	char		*ics;
	size_t		 ev;

	(void)state;
	ics = make();
	parse(ics, &p);
	check_nesting(&p);
	check_prop(&p, 0, "PRODID", "", "-//yell//yell//JA");
	check_prop(&p, 0, "VERSION", "", "2.0");
	check_prop(&p, 0, "CALSCALE", "", "GREGORIAN");
	check_prop(&p, 0, "METHOD", "", "PUBLISH");
	check_prop(&p, 0, "X-WR-TIMEZONE", "", "Asia/Tokyo");
	check_prop(&p, 0, "TZID", "", "Asia/Tokyo");
	check_prop(&p, 0, "TZOFFSETFROM", "", "+0900");
	check_prop(&p, 0, "TZOFFSETTO", "", "+0900");
	check_prop(&p, 0, "TZNAME", "", "JST");
	check_prop(&p, 0, "DTSTART", "", "19700101T000000");

	ev = event(&p, 0);
	check_prop(&p, ev, "UID", "", "course-42@yell.shinagawa");
	check_prop(&p, ev, "DTSTAMP", "", "20240701T123456Z");
	check_prop(&p, ev, "DTSTART", "TZID=Asia/Tokyo", "20240703T090000");
	check_prop(&p, ev, "DTEND", "TZID=Asia/Tokyo", "20240703T103000");
	check_prop(&p, ev, "SUMMARY", "", summary);
	check_prop(&p, ev, "DESCRIPTION", "", description);
	check_prop(&p, ev, "LOCATION", "", location);

	ev = event(&p, 1);
	check_prop(&p, ev, "UID", "", "course-43@yell.shinagawa");
	check_prop(&p, ev, "DTSTART", "VALUE=DATE", "20240801");
	check_prop(&p, ev, "DTEND", "VALUE=DATE", "20240803");
	check_prop(&p, ev, "SUMMARY", "", "終日研修");
	assert_null(find(&p, ev, "DESCRIPTION"));
	assert_null(find(&p, ev, "LOCATION"));
	parsed_free(&p);
	free(ics);
}

/*
 * The text as written: escapes in place, and the long lines really were
 * folded (with one space, never two).
 */
static void
test_raw(void **state)
{
	char	*ics, *text;

	(void)state;
	ics = make();
	assert_memory_equal(ics, "BEGIN:VCALENDAR\r\n", 17);
	assert_non_null(strstr(ics, "\r\n "));
	assert_null(strstr(ics, "\r\n  "));
	assert_non_null(strstr(ics, "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"));
	text = unfold(ics);
	assert_non_null(strstr(text, "\nSUMMARY:情報セキュリティ研修"
	    "（基礎編）\\; 新任職員向け\\, 全3回"));
	assert_non_null(strstr(text, "\\, 筆記用具\\; ノートPC\\n申込: 庶務課 "
	    "\\\\ 内線 1234\\n\\n😀"));
	assert_non_null(strstr(text, "\nLOCATION:品川区役所 第二庁舎 6階\\, "
	    "会議室A\\;B\n"));
	free(text);
	free(ics);
}

/*
 * Folds at every offset: a one-byte ASCII prefix of each length before
 * 3- and 4-byte characters must never put a fold inside a character.
 */
static void
test_fold_offsets(void **state)
{
	struct ics_event	 ev;
	struct parsed		 p;
	char			 text[512], *ics;
	size_t			 pad, ev0;

	(void)state;
	for (pad = 0; pad < 8; pad++) {
		memset(text, 'x', pad);
		text[pad] = '\0';
		strcat(text, "あいうえおかきくけこさしすせそたちつてと"
		    "😀😀😀😀😀なにぬねのはひふへほまみむめも😀"
		    "やゆよらりるれろわをん");
		memset(&ev, 0, sizeof ev);
		ev.uid = "u";
		ev.summary = text;
		ev.start = JUL3_0900;
		ics = ics_calendar(&ev, 1, JUL3_0900);
		parse(ics, &p);	/* checks every physical line */
		ev0 = event(&p, 0);
		check_prop(&p, ev0, "SUMMARY", "", text);
		/* end == start: no DTEND. */
		assert_null(find(&p, ev0, "DTEND"));
		parsed_free(&p);
		free(ics);
	}
}

/* Control characters and broken UTF-8 cannot break the format. */
static void
test_sanitize(void **state)
{
	struct ics_event	 ev;
	struct parsed		 p;
	char			*ics;

	(void)state;
	memset(&ev, 0, sizeof ev);
	ev.uid = "a;b,c";
	ev.summary = "one\r\ntwo\x01\tthree \xff end";
	ev.start = JUL3_0900;
	ev.end = JUL3_0900 - 60;	/* backwards: no DTEND */
	ics = ics_calendar(&ev, 1, JUL3_0900);
	parse(ics, &p);
	check_prop(&p, event(&p, 0), "UID", "", "a;b,c");
	check_prop(&p, event(&p, 0), "SUMMARY", "",
	    "one\ntwo\tthree \xef\xbf\xbd end");
	assert_null(find(&p, event(&p, 0), "DTEND"));
	parsed_free(&p);
	free(ics);
}

/* An all-day event with a same-day end still spans its one day. */
static void
test_all_day_one(void **state)
{
	struct ics_event	 ev;
	struct parsed		 p;
	char			*ics;
	size_t			 e;

	(void)state;
	memset(&ev, 0, sizeof ev);
	ev.uid = "u";
	ev.summary = "s";
	ev.start = clock_from_local(2024, 12, 31, 0, 0);
	ev.end = ev.start;
	ev.all_day = true;
	ics = ics_calendar(&ev, 1, JUL3_0900);
	parse(ics, &p);
	e = event(&p, 0);
	check_prop(&p, e, "DTSTART", "VALUE=DATE", "20241231");
	check_prop(&p, e, "DTEND", "VALUE=DATE", "20250101");
	parsed_free(&p);
	free(ics);
}

static void
test_empty(void **state)
{
	struct parsed	 p;
	char		*ics;

	(void)state;
	ics = ics_calendar(NULL, 0, JUL3_0900);
	parse(ics, &p);
	check_nesting(&p);
	assert_string_equal(p.v[p.n - 2].value, "VTIMEZONE");
	parsed_free(&p);
	free(ics);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_fold_offsets),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_all_day_one),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
