/*
 * test_workcal.c: working days, hours and slots in Asia/Tokyo over the
 * real holiday table, $YELL_SOURCE_DIR/config/holidays, lib/workcal.c.
 *
 * Expected instants are built with clock_from_local, which test_clock.c
 * checks against epoch values from date(1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "bot.h"

#define AT(y, m, d, hh, mm)	clock_from_local(y, m, d, hh, mm)

/* Asserts two instants are equal, showing both as local times if not. */
#define assert_time(got, want)	check_time(got, want, __FILE__, __LINE__)

static void
check_time(time_t got, time_t want, const char *file, int line)
{
	char	*g, *w;

	if (got == want)
		return;
	g = clock_format_datetime(got);
	w = clock_format_datetime(want);
	print_error("%s:%d: got %s (%lld), want %s (%lld)\n", file, line, g,
	    (long long)got, w, (long long)want);
	free(g);
	free(w);
	fail();
}

static int
setup(void **state)
{
	struct workcal	*wc;
	const char	*src = getenv("YELL_SOURCE_DIR");
	char		*dir, *cause = NULL;

	if (src == NULL) {
		fprintf(stderr, "YELL_SOURCE_DIR is not set\n");
		return -1;
	}
	if (clock_set_zone("Asia/Tokyo") != 0)
		return -1;
	xasprintf(&dir, "%s/config/holidays", src);
	wc = workcal_load(dir, -1, -1, &cause);
	if (wc == NULL)
		fprintf(stderr, "%s\n", cause);
	free(cause);
	free(dir);
	*state = wc;
	return wc != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	workcal_free(*state);
	return 0;
}

static void
test_weekends(void **state)
{
	struct workcal	*wc = *state;

	assert_false(workcal_is_working_day(wc, 2024, 7, 6));	/* Sat */
	assert_false(workcal_is_working_day(wc, 2024, 7, 7));	/* Sun */
	assert_true(workcal_is_working_day(wc, 2024, 7, 8));	/* Mon */
	assert_true(workcal_is_working_day(wc, 2024, 7, 5));	/* Fri */
	assert_null(workcal_holiday(wc, 2024, 7, 6));
	assert_true(workcal_is_working_day(wc, 2024, 2, 29));	/* leap */
	assert_false(workcal_is_working_day(wc, 2025, 2, 29));	/* no day */
	assert_false(workcal_is_working_day(wc, 2024, 13, 1));
	assert_null(workcal_holiday(wc, 2024, 0, 1));
}

/* Every 2024 closed day, as the Cabinet Office lists them. */
static const struct {
	int		 m, d;
	const char	*name;
} holidays_2024[] = {
	{ 1, 1, "元日" }, { 1, 2, "年末年始" }, { 1, 3, "年末年始" },
	{ 1, 8, "成人の日" }, { 2, 11, "建国記念の日" },
	{ 2, 12, "振替休日" }, { 2, 23, "天皇誕生日" }, { 3, 20, "春分の日" },
	{ 4, 29, "昭和の日" }, { 5, 3, "憲法記念日" }, { 5, 4, "みどりの日" },
	{ 5, 5, "こどもの日" }, { 5, 6, "振替休日" }, { 7, 15, "海の日" },
	{ 8, 11, "山の日" }, { 8, 12, "振替休日" }, { 9, 16, "敬老の日" },
	{ 9, 22, "秋分の日" }, { 9, 23, "振替休日" },
	{ 10, 14, "スポーツの日" }, { 11, 3, "文化の日" },
	{ 11, 4, "振替休日" }, { 11, 23, "勤労感謝の日" },
	{ 12, 29, "年末年始" }, { 12, 30, "年末年始" }, { 12, 31, "年末年始" },
};

static void
test_holidays_2024(void **state)
{
	struct workcal	*wc = *state;
	size_t		 i, n = 0;
	int		 m, d;

	for (i = 0; i < sizeof holidays_2024 / sizeof *holidays_2024; i++) {
		m = holidays_2024[i].m;
		d = holidays_2024[i].d;
		assert_non_null(workcal_holiday(wc, 2024, m, d));
		assert_string_equal(workcal_holiday(wc, 2024, m, d),
		    holidays_2024[i].name);
		assert_false(workcal_is_working_day(wc, 2024, m, d));
	}
	/* Nothing else in 2024 is closed. */
	for (m = 1; m <= 12; m++) {
		for (d = 1; d <= 31; d++) {
			if (workcal_holiday(wc, 2024, m, d) != NULL)
				n++;
		}
	}
	assert_int_equal(n, sizeof holidays_2024 / sizeof *holidays_2024);
	/* The days after substitute holidays are working days again. */
	assert_true(workcal_is_working_day(wc, 2024, 2, 13));
	assert_true(workcal_is_working_day(wc, 2024, 5, 7));
	assert_true(workcal_is_working_day(wc, 2024, 9, 24));
	assert_true(workcal_is_working_day(wc, 2024, 11, 5));
}

/* The rules' corner cases in the later years. */
static void
test_holidays_later(void **state)
{
	struct workcal	*wc = *state;

	assert_string_equal(workcal_holiday(wc, 2025, 2, 24), "振替休日");
	assert_string_equal(workcal_holiday(wc, 2025, 5, 6), "振替休日");
	assert_string_equal(workcal_holiday(wc, 2025, 3, 20), "春分の日");
	assert_string_equal(workcal_holiday(wc, 2025, 9, 23), "秋分の日");
	assert_string_equal(workcal_holiday(wc, 2025, 11, 24), "振替休日");
	assert_string_equal(workcal_holiday(wc, 2026, 3, 20), "春分の日");
	assert_string_equal(workcal_holiday(wc, 2026, 5, 6), "振替休日");
	assert_string_equal(workcal_holiday(wc, 2026, 9, 21), "敬老の日");
	assert_string_equal(workcal_holiday(wc, 2026, 9, 22), "国民の休日");
	assert_string_equal(workcal_holiday(wc, 2026, 9, 23), "秋分の日");
	assert_string_equal(workcal_holiday(wc, 2027, 3, 21), "春分の日");
	assert_string_equal(workcal_holiday(wc, 2027, 3, 22), "振替休日");
	assert_string_equal(workcal_holiday(wc, 2027, 9, 23), "秋分の日");
	assert_string_equal(workcal_holiday(wc, 2027, 12, 31), "年末年始");
	assert_null(workcal_holiday(wc, 2027, 5, 6));	/* GW ends on Wed */
	assert_true(workcal_is_working_day(wc, 2027, 5, 6));
}

static void
test_year_end(void **state)
{
	struct workcal	*wc = *state;

	assert_true(workcal_is_working_day(wc, 2024, 12, 27));	/* Fri */
	assert_string_equal(workcal_holiday(wc, 2024, 12, 30), "年末年始");
	assert_string_equal(workcal_holiday(wc, 2025, 1, 1), "元日");
	assert_string_equal(workcal_holiday(wc, 2025, 1, 2), "年末年始");
	assert_string_equal(workcal_holiday(wc, 2025, 1, 3), "年末年始");
	assert_false(workcal_is_working_day(wc, 2025, 1, 3));
	assert_true(workcal_is_working_day(wc, 2025, 1, 6));	/* Mon */
	assert_false(workcal_in_hours(wc, AT(2024, 12, 30, 10, 0)));
}

/* [08:30, 17:15): the start is in, the end is out. */
static void
test_in_hours(void **state)
{
	struct workcal	*wc = *state;
	time_t		 open = AT(2024, 7, 3, 8, 30), close = AT(2024, 7, 3,
			    17, 15);

	assert_false(workcal_in_hours(wc, open - 1));
	assert_true(workcal_in_hours(wc, open));
	assert_true(workcal_in_hours(wc, close - 1));
	assert_false(workcal_in_hours(wc, close));
	assert_false(workcal_in_hours(wc, AT(2024, 7, 3, 2, 0)));
	/* A Saturday, then 海の日. */
	assert_false(workcal_in_hours(wc, AT(2024, 7, 6, 10, 0)));
	assert_false(workcal_in_hours(wc, AT(2024, 7, 15, 10, 0)));
}

static void
test_prev_slot(void **state)
{
	struct workcal	*wc = *state;
	time_t		 t;

	/* Inside: unchanged, to the second. */
	t = AT(2024, 7, 3, 11, 0) + 17;
	assert_time(workcal_prev_slot(wc, t), t);
	assert_time(workcal_prev_slot(wc, AT(2024, 7, 3, 8, 30)),
	    AT(2024, 7, 3, 8, 30));
	assert_time(workcal_prev_slot(wc, AT(2024, 7, 3, 17, 15) - 1),
	    AT(2024, 7, 3, 17, 15) - 1);
	/* At and after closing: 17:14 the same day. */
	assert_time(workcal_prev_slot(wc, AT(2024, 7, 3, 17, 15)),
	    AT(2024, 7, 3, 17, 14));
	assert_time(workcal_prev_slot(wc, AT(2024, 7, 3, 23, 59)),
	    AT(2024, 7, 3, 17, 14));
	/* Before opening and at night: the previous evening. */
	assert_time(workcal_prev_slot(wc, AT(2024, 7, 3, 8, 29)),
	    AT(2024, 7, 2, 17, 14));
	assert_time(workcal_prev_slot(wc, AT(2024, 7, 4, 2, 0)),
	    AT(2024, 7, 3, 17, 14));
	/* Weekends: Friday. */
	assert_time(workcal_prev_slot(wc, AT(2024, 7, 6, 10, 0)),
	    AT(2024, 7, 5, 17, 14));
	assert_time(workcal_prev_slot(wc, AT(2024, 7, 8, 8, 0)),
	    AT(2024, 7, 5, 17, 14));
	/* 海の日 Monday: Friday. */
	assert_time(workcal_prev_slot(wc, AT(2024, 7, 15, 9, 0)),
	    AT(2024, 7, 12, 17, 14));
}

static void
test_next_slot(void **state)
{
	struct workcal	*wc = *state;
	time_t		 t;

	t = AT(2024, 7, 3, 11, 0) + 17;
	assert_time(workcal_next_slot(wc, t), t);
	assert_time(workcal_next_slot(wc, AT(2024, 7, 3, 7, 0)),
	    AT(2024, 7, 3, 8, 30));
	assert_time(workcal_next_slot(wc, AT(2024, 7, 3, 8, 30) - 1),
	    AT(2024, 7, 3, 8, 30));
	assert_time(workcal_next_slot(wc, AT(2024, 7, 3, 8, 30)),
	    AT(2024, 7, 3, 8, 30));
	assert_time(workcal_next_slot(wc, AT(2024, 7, 3, 17, 15)),
	    AT(2024, 7, 4, 8, 30));
	assert_time(workcal_next_slot(wc, AT(2024, 7, 6, 10, 0)),
	    AT(2024, 7, 8, 8, 30));
	assert_time(workcal_next_slot(wc, AT(2024, 7, 5, 20, 0)),
	    AT(2024, 7, 8, 8, 30));
	/* Friday evening before 海の日: Tuesday. */
	assert_time(workcal_next_slot(wc, AT(2024, 7, 12, 18, 0)),
	    AT(2024, 7, 16, 8, 30));
}

/* 2024: 4/29 Mon, then 5/3 Fri to 5/6 Mon (振替休日) are closed. */
static void
test_golden_week(void **state)
{
	struct workcal	*wc = *state;
	int		 d;

	for (d = 3; d <= 6; d++)
		assert_false(workcal_is_working_day(wc, 2024, 5, d));
	assert_time(workcal_prev_slot(wc, AT(2024, 5, 6, 10, 0)),
	    AT(2024, 5, 2, 17, 14));
	assert_time(workcal_prev_slot(wc, AT(2024, 5, 3, 8, 0)),
	    AT(2024, 5, 2, 17, 14));
	assert_time(workcal_next_slot(wc, AT(2024, 5, 2, 17, 15)),
	    AT(2024, 5, 7, 8, 30));
	assert_time(workcal_next_slot(wc, AT(2024, 5, 4, 12, 0)),
	    AT(2024, 5, 7, 8, 30));
	assert_time(workcal_prev_slot(wc, AT(2024, 4, 29, 12, 0)),
	    AT(2024, 4, 26, 17, 14));
	assert_time(workcal_add_working_days(wc, AT(2024, 5, 2, 10, 0), 1),
	    AT(2024, 5, 7, 10, 0));
}

/* 2024-12-28 (Sat) to 2025-01-05 (Sun) is one closure. */
static void
test_new_year(void **state)
{
	struct workcal	*wc = *state;

	assert_time(workcal_prev_slot(wc, AT(2025, 1, 1, 10, 0)),
	    AT(2024, 12, 27, 17, 14));
	assert_time(workcal_prev_slot(wc, AT(2025, 1, 6, 8, 0)),
	    AT(2024, 12, 27, 17, 14));
	assert_time(workcal_next_slot(wc, AT(2024, 12, 27, 17, 15)),
	    AT(2025, 1, 6, 8, 30));
	assert_time(workcal_next_slot(wc, AT(2024, 12, 31, 23, 59)),
	    AT(2025, 1, 6, 8, 30));
	assert_time(workcal_add_working_days(wc, AT(2024, 12, 27, 9, 0), 1),
	    AT(2025, 1, 6, 9, 0));
	assert_time(workcal_add_working_days(wc, AT(2025, 1, 6, 9, 0), -1),
	    AT(2024, 12, 27, 9, 0));
}

static void
test_day_at(void **state)
{
	struct workcal	*wc = *state;
	time_t		 t = AT(2024, 7, 3, 15, 42) + 30;

	assert_time(workcal_day_at(wc, t, 510), AT(2024, 7, 3, 8, 30));
	assert_time(workcal_day_at(wc, t, 0), AT(2024, 7, 3, 0, 0));
	assert_time(workcal_day_at(wc, t, 1035), AT(2024, 7, 3, 17, 15));
	assert_time(workcal_day_at(wc, t, 24 * 60), AT(2024, 7, 4, 0, 0));
	/* Just after midnight JST is the previous day in UTC. */
	assert_time(workcal_day_at(wc, AT(2024, 7, 3, 0, 5), 510),
	    AT(2024, 7, 3, 8, 30));
}

static void
test_add_working_days(void **state)
{
	struct workcal	*wc = *state;
	time_t		 t = AT(2024, 7, 12, 10, 0) + 7;	/* Fri */

	assert_time(workcal_add_working_days(wc, t, 0), t);
	/* 7/15 is 海の日, a Monday. */
	assert_time(workcal_add_working_days(wc, t, 1),
	    AT(2024, 7, 16, 10, 0) + 7);
	assert_time(workcal_add_working_days(wc, t, 2),
	    AT(2024, 7, 17, 10, 0) + 7);
	assert_time(workcal_add_working_days(wc, AT(2024, 7, 16, 10, 0), -1),
	    AT(2024, 7, 12, 10, 0));
	assert_time(workcal_add_working_days(wc, AT(2024, 7, 16, 10, 0), -2),
	    AT(2024, 7, 11, 10, 0));
	/* From a Saturday: the next Monday, or the Friday before. */
	assert_time(workcal_add_working_days(wc, AT(2024, 7, 6, 20, 0), 1),
	    AT(2024, 7, 8, 20, 0));
	assert_time(workcal_add_working_days(wc, AT(2024, 7, 6, 20, 0), -1),
	    AT(2024, 7, 5, 20, 0));
	/* July 2024 has 22 working days once 海の日 is out. */
	assert_time(workcal_add_working_days(wc, AT(2024, 7, 1, 9, 0), 21),
	    AT(2024, 7, 31, 9, 0));
	assert_time(workcal_add_working_days(wc, AT(2024, 7, 31, 9, 0), -21),
	    AT(2024, 7, 1, 9, 0));
}

/*
 * Every quarter hour from 2024 to 2027: the slots are inside working
 * hours, on the right side of t, and nothing in between is inside.
 */
static void
test_slots_everywhere(void **state)
{
	struct workcal	*wc = *state;
	time_t		 t, p, n, end = AT(2028, 1, 1, 0, 0);

	for (t = AT(2024, 1, 1, 0, 7); t < end; t += (time_t)15 * 60) {
		p = workcal_prev_slot(wc, t);
		n = workcal_next_slot(wc, t);
		assert_true(p != (time_t)-1 && p <= t);
		assert_true(n != (time_t)-1 && n >= t);
		assert_true(workcal_in_hours(wc, p));
		assert_true(workcal_in_hours(wc, n));
		if (workcal_in_hours(wc, t)) {
			assert_time(p, t);
			assert_time(n, t);
		} else {
			/* The minute after p is outside: p is the last one. */
			assert_false(workcal_in_hours(wc, p + 60));
			assert_false(workcal_in_hours(wc, n - 1));
		}
	}
}

/* Instants no struct tm can hold give -1 or false, not garbage. */
static void
test_out_of_range(void **state)
{
	struct workcal	*wc = *state;
	time_t		 far = (time_t)1 << 62;

	assert_false(workcal_in_hours(wc, far));
	assert_int_equal(workcal_prev_slot(wc, far), -1);
	assert_int_equal(workcal_next_slot(wc, -far), -1);
	assert_int_equal(workcal_day_at(wc, far, 510), -1);
	assert_int_equal(workcal_add_working_days(wc, far, 1), -1);
	assert_int_equal(workcal_add_working_days(wc, AT(2024, 7, 1, 9, 0),
	    INT32_MAX), -1);
}

static void
test_parse_hours(void **state)
{
	int	s = -1, e = -1;

	(void)state;
	assert_int_equal(workcal_parse_hours("08:30-17:15", &s, &e), 0);
	assert_int_equal(s, 510);
	assert_int_equal(e, 1035);
	assert_int_equal(workcal_parse_hours("9:00-24:00", &s, &e), 0);
	assert_int_equal(s, 540);
	assert_int_equal(e, 1440);
	assert_int_equal(workcal_parse_hours("00:00-00:01", &s, &e), 0);
	assert_int_equal(s, 0);
	assert_int_equal(e, 1);

	s = e = 7;
	assert_int_equal(workcal_parse_hours("", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("08:30", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("08:30-", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("17:15-08:30", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("08:30-08:30", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("0830-1715", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("08:60-17:00", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("08:30-24:01", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("25:00-26:00", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("108:30-17:15", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("08:30-17:15x", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("08:30 - 17:15", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("8:3-17:15", &s, &e), -1);
	assert_int_equal(workcal_parse_hours("-1:00-17:15", &s, &e), -1);
	assert_int_equal(s, 7);
	assert_int_equal(e, 7);
}

/* A directory under /tmp holding the files given, removed by rm_dir. */
struct tmpdir {
	char	path[32];
	char	files[4][64];
	int	n;
};

static void
mk_dir(struct tmpdir *td)
{
	memset(td, 0, sizeof *td);
	strcpy(td->path, "/tmp/yell-workcal-XXXXXX");
	assert_non_null(mkdtemp(td->path));
}

static void
mk_file(struct tmpdir *td, const char *name, const char *data)
{
	char	*path;
	FILE	*f;

	assert_true(td->n < 4);
	strcpy(td->files[td->n++], name);
	xasprintf(&path, "%s/%s", td->path, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(data, f);
	fclose(f);
	free(path);
}

static void
rm_dir(struct tmpdir *td)
{
	char	*path;
	int	 i;

	for (i = 0; i < td->n; i++) {
		xasprintf(&path, "%s/%s", td->path, td->files[i]);
		unlink(path);
		free(path);
	}
	rmdir(td->path);
}

/* Loads a directory holding one file, expecting cause "<path>/x.csv:why". */
static void
check_bad(const char *data, const char *why)
{
	struct tmpdir	 td;
	struct workcal	*wc;
	char		*cause = NULL, *want;

	mk_dir(&td);
	mk_file(&td, "x.csv", data);
	wc = workcal_load(td.path, -1, -1, &cause);
	assert_null(wc);
	assert_non_null(cause);
	xasprintf(&want, "%s/x.csv:%s", td.path, why);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	rm_dir(&td);
}

static void
test_bad_files(void **state)
{
	(void)state;
	check_bad("date,name\n2024-01-01,元日\n2024-02-30,x\n",
	    "3: bad date \"2024-02-30\" (want YYYY-MM-DD)");
	check_bad("date,name\n\n2024-01-01,元日,extra\n",
	    "3: expected 2 fields (date,name), found 3");
	check_bad("date,name\n2024-01-01,\n",
	    "2: the holiday has no name");
	check_bad("day,name\n2024-01-01,元日\n",
	    "1: the header must be \"date,name\"");
	check_bad("", "1: empty file, expected the header \"date,name\"");
	check_bad("date,name\n2024-01-01,\"元日\n",
	    "2: unterminated quoted field");
	check_bad("date,name\n2024-01-01,元日\n2024-01-02,x\n2024-01-01,y\n",
	    "4: duplicate date 2024-01-01 (first on line 2)");
}

static void
test_bad_load(void **state)
{
	struct workcal	*wc;
	char		*cause = NULL;

	(void)state;
	wc = workcal_load("/nonexistent/yell", -1, -1, &cause);
	assert_null(wc);
	assert_string_equal(cause,
	    "/nonexistent/yell: No such file or directory");
	free(cause);
	cause = NULL;
	wc = workcal_load(NULL, 600, 600, &cause);
	assert_null(wc);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	wc = workcal_load(NULL, 600, 1441, &cause);
	assert_null(wc);
	free(cause);
}

/* Several files merge; a date in two files keeps the first file's name. */
static void
test_merge(void **state)
{
	struct tmpdir	 td;
	struct workcal	*wc;
	char		*cause = NULL;

	(void)state;
	mk_dir(&td);
	mk_file(&td, "b.csv", "date,name\r\n2024-07-10,区の記念日\r\n"
	    "2024-07-03,二つ目\r\n");
	mk_file(&td, "a.csv", "\xef\xbb\xbf" "date,name\n2024-07-03,一つ目\n");
	mk_file(&td, "notes.txt", "not a calendar\n");
	mk_file(&td, ".#a.csv", "an editor's lock file\n");
	wc = workcal_load(td.path, 9 * 60, 18 * 60, &cause);
	assert_null(cause);
	assert_non_null(wc);
	assert_string_equal(workcal_holiday(wc, 2024, 7, 3), "一つ目");
	assert_string_equal(workcal_holiday(wc, 2024, 7, 10), "区の記念日");
	assert_null(workcal_holiday(wc, 2024, 7, 15));	/* not in these */
	assert_true(workcal_is_working_day(wc, 2024, 7, 15));
	/* 9:00-18:00: Tuesday evening goes back to Tuesday 17:59. */
	assert_time(workcal_prev_slot(wc, AT(2024, 7, 2, 20, 0)),
	    AT(2024, 7, 2, 17, 59));
	assert_time(workcal_prev_slot(wc, AT(2024, 7, 4, 8, 0)),
	    AT(2024, 7, 2, 17, 59));
	assert_time(workcal_next_slot(wc, AT(2024, 7, 2, 20, 0)),
	    AT(2024, 7, 4, 9, 0));
	workcal_free(wc);
	rm_dir(&td);
}

/* No holidays: only weekends and hours count. */
static void
test_no_holidays(void **state)
{
	struct tmpdir	 td;
	struct workcal	*wc;
	char		*cause = NULL;

	(void)state;
	wc = workcal_load(NULL, -1, -1, &cause);
	assert_non_null(wc);
	assert_null(cause);
	assert_true(workcal_is_working_day(wc, 2024, 1, 1));
	assert_null(workcal_holiday(wc, 2024, 1, 1));
	assert_false(workcal_is_working_day(wc, 2024, 1, 6));
	assert_time(workcal_prev_slot(wc, AT(2024, 1, 1, 8, 0)),
	    AT(2023, 12, 29, 17, 14));
	workcal_free(wc);

	mk_dir(&td);
	wc = workcal_load(td.path, -1, -1, &cause);
	assert_non_null(wc);
	assert_null(cause);
	assert_true(workcal_is_working_day(wc, 2024, 1, 1));
	workcal_free(wc);
	rm_dir(&td);
	workcal_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_weekends),
		cmocka_unit_test(test_holidays_2024),
		cmocka_unit_test(test_holidays_later),
		cmocka_unit_test(test_year_end),
		cmocka_unit_test(test_in_hours),
		cmocka_unit_test(test_prev_slot),
		cmocka_unit_test(test_next_slot),
		cmocka_unit_test(test_golden_week),
		cmocka_unit_test(test_new_year),
		cmocka_unit_test(test_day_at),
		cmocka_unit_test(test_add_working_days),
		cmocka_unit_test(test_slots_everywhere),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_parse_hours),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_bad_load),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_no_holidays),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
