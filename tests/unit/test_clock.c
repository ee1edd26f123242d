/*
 * test_clock.c: the settable clock, local time in Asia/Tokyo and the
 * Japanese fiscal year (1 April to 31 March), lib/clock.c.
 *
 * Epoch values were checked with date(1): 2024-04-01 00:00 JST is
 * 2024-03-31T15:00:00Z = 1711897200.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "bot.h"

#define FY2024_START	((time_t)1711897200)	/* 2024-04-01 00:00 JST */
#define FY2025_START	((time_t)1743433200)	/* 2025-04-01 00:00 JST */
#define JUN3_0900	((time_t)1717372800)	/* 2024-06-03 09:00 JST */

static int
setup(void **state)
{
	(void)state;
	clock_reset();
	return clock_set_zone("Asia/Tokyo");
}

static void
test_fiscal_year_local(void **state)
{
	(void)state;
	assert_int_equal(clock_fiscal_year(clock_from_local(2024, 3, 31, 23,
	    59)), 2023);
	assert_int_equal(clock_fiscal_year(clock_from_local(2024, 4, 1, 0, 0)),
	    2024);
	assert_int_equal(clock_fiscal_year(clock_from_local(2024, 1, 1, 0, 0)),
	    2023);
	assert_int_equal(clock_fiscal_year(clock_from_local(2024, 12, 31, 23,
	    59)), 2024);
	assert_int_equal(clock_from_local(2024, 4, 1, 0, 0), FY2024_START);
}

/* The boundary is midnight in Tokyo, nine hours before midnight UTC. */
static void
test_fiscal_year_utc(void **state)
{
	(void)state;
	assert_int_equal(clock_fiscal_year(FY2024_START), 2024);
	assert_int_equal(clock_fiscal_year(FY2024_START - 1), 2023);
	assert_int_equal(clock_fiscal_year(FY2025_START - 1), 2024);
	assert_int_equal(clock_fiscal_year(FY2025_START), 2025);
}

static void
test_fiscal_bounds(void **state)
{
	time_t	start = 0, end = 0;

	(void)state;
	clock_fiscal_bounds(2024, &start, &end);
	assert_int_equal(start, FY2024_START);
	assert_int_equal(end, FY2025_START);
	assert_int_equal(clock_fiscal_year(start), 2024);
	assert_int_equal(clock_fiscal_year(end - 1), 2024);
	assert_int_equal(clock_fiscal_year(end), 2025);

	/* 2023 ends where 2024 starts: no gap, no overlap. */
	clock_fiscal_bounds(2023, &start, &end);
	assert_int_equal(end, FY2024_START);
	assert_int_equal(start, 1680274800);	/* 2023-04-01 00:00 JST */
}

static void
test_parse(void **state)
{
	time_t	t;

	(void)state;
	t = 0;
	assert_int_equal(clock_parse("2024-06-03 09:00", &t), 0);
	assert_int_equal(t, JUN3_0900);
	t = 0;
	assert_int_equal(clock_parse("2024-06-03T09:00", &t), 0);
	assert_int_equal(t, JUN3_0900);
	t = 0;
	assert_int_equal(clock_parse("@1717372800", &t), 0);
	assert_int_equal(t, JUN3_0900);
	assert_int_equal(clock_parse("@0", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(clock_parse("2024-03-31 23:59", &t), 0);
	assert_int_equal(t, FY2024_START - 60);
	assert_int_equal(clock_parse("2024-02-29 00:00", &t), 0);
}

static void
test_parse_rejects(void **state)
{
	static const char *const bad[] = {
		"2024-02-30 09:00", "2024-06-03 24:00", "junk", "",
		"2024-06-03 09:60", "2024-06-03", "2024-06-03 9:00",
		"2024-06-03_09:00", "2024-06-03 09:00Z", "2024-06-03 09:00:00",
		"2023-02-29 09:00", "2024-13-03 09:00", "2024-06-03 -1:00",
		"@", "@-5", "@12x", "@ ", "x2024-06-03 09:0",
	};
	time_t	t = 12345;
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (clock_parse(bad[i], &t) != -1)
			fail_msg("clock_parse accepted \"%s\"", bad[i]);
	}
	/* A refused string leaves the output alone. */
	assert_int_equal(t, 12345);
}

static void
test_parse_date(void **state)
{
	int	y = 0, m = 0, d = 0;

	(void)state;
	assert_int_equal(clock_parse_date("2024-02-29", &y, &m, &d), 0);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_int_equal(clock_parse_date("2000-02-29", &y, &m, &d), 0);
	assert_int_equal(clock_parse_date("2024-12-31", &y, &m, &d), 0);
	assert_int_equal(clock_parse_date("2024-04-30", &y, &m, &d), 0);

	assert_int_equal(clock_parse_date("2023-02-29", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2100-02-29", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2024-02-30", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2024-04-31", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2024-13-01", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2024-00-10", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2024-01-00", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2024-4-1", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("20240401", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2024/04/01", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2024-04-011", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("", &y, &m, &d), -1);
}

/*
 * "Strictly" means digits only: sscanf's %d would also take a sign or a
 * leading blank inside the fixed-width fields.
 */
static void
test_parse_digits_only(void **state)
{
	static const char *const bad_dates[] = {
		"2024-+4-01", "2024- 4-01", "2024-04-+1", "2024-04- 1",
		"+202-04-01", " 202-04-01",
	};
	static const char *const bad_times[] = {
		"2024-06-03  9:00", "2024-06-03 +9:00", "2024-06-03 09:+0",
		"2024-06-03 09: 0", "2024-+6-03 09:00",
	};
	int	y, m, d;
	time_t	t;
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
		if (clock_parse_date(bad_dates[i], &y, &m, &d) != -1)
			fail_msg("clock_parse_date accepted \"%s\"",
			    bad_dates[i]);
	}
	for (i = 0; i < sizeof bad_times / sizeof bad_times[0]; i++) {
		if (clock_parse(bad_times[i], &t) != -1)
			fail_msg("clock_parse accepted \"%s\"", bad_times[i]);
	}
}

static void
test_set_now(void **state)
{
	time_t	now;

	(void)state;
	clock_set(JUN3_0900);
	now = clock_now();
	assert_true(now >= JUN3_0900 && now <= JUN3_0900 + 2);
	clock_set(FY2024_START - 1);
	now = clock_now();
	assert_true(now >= FY2024_START - 1 && now <= FY2024_START + 1);
	clock_reset();
	now = clock_now();
	assert_true(now >= time(NULL) - 1 && now <= time(NULL) + 1);
}

/*
 * clock_now_ms and clock_now read one clock: over a little more than a
 * second (so across a second's turn), the milliseconds never go back and
 * always fall in the second clock_now names then or just before.  (Made
 * of time(2)'s seconds and CLOCK_REALTIME's fraction, they went a second
 * back for a few milliseconds after each turn.)
 */
static void
test_now_ms(void **state)
{
	long long	ms, prev;
	time_t		sec, end;

	(void)state;
	clock_set(JUN3_0900);
	prev = clock_now_ms();
	end = clock_now() + 2;
	do {
		ms = clock_now_ms();
		sec = clock_now();
		assert_true(ms >= prev);
		assert_true(sec == ms / 1000 || sec == ms / 1000 + 1);
		prev = ms;
	} while (sec < end);
	assert_true(prev / 1000 >= JUN3_0900 + 1);
	clock_reset();
}

static void
test_format(void **state)
{
	char	*s;

	(void)state;
	s = clock_format_date(FY2024_START);
	assert_string_equal(s, "2024-04-01");
	free(s);
	s = clock_format_date(FY2024_START - 1);
	assert_string_equal(s, "2024-03-31");
	free(s);
	s = clock_format_datetime(FY2024_START - 1);
	assert_string_equal(s, "2024-03-31 23:59");
	free(s);
	s = clock_format_datetime(JUN3_0900);
	assert_string_equal(s, "2024-06-03 09:00");
	free(s);
	s = clock_format_datetime(0);
	assert_string_equal(s, "1970-01-01 09:00");
	free(s);
}

static void
test_zone(void **state)
{
	char	*s;

	(void)state;
	assert_int_equal(clock_set_zone("Asia/Tokio"), -1);
	assert_int_equal(clock_set_zone("../etc/passwd"), -1);
	assert_int_equal(clock_set_zone("Asia/../Asia/Tokyo"), -1);
	assert_int_equal(clock_set_zone("/etc/localtime"), -1);
	assert_int_equal(clock_set_zone(""), -1);
	/* A refused zone leaves Tokyo in force. */
	s = clock_format_datetime(JUN3_0900);
	assert_string_equal(s, "2024-06-03 09:00");
	free(s);

	assert_int_equal(clock_set_zone("UTC"), 0);
	s = clock_format_datetime(JUN3_0900);
	assert_string_equal(s, "2024-06-03 00:00");
	free(s);
	assert_int_equal(clock_fiscal_year(FY2024_START), 2023);
	assert_int_equal(clock_set_zone("Asia/Tokyo"), 0);
	assert_int_equal(clock_fiscal_year(FY2024_START), 2024);
}

/*
 * A name that exists under /usr/share/zoneinfo but is not a zone (a
 * directory, the zone.tab index) must be refused too: glibc would quietly
 * run on UTC, which is what the check is there to prevent.
 */
static void
test_zone_not_a_zone(void **state)
{
	static const char *const bad[] = { "Asia", "zone.tab", "tzdata.zi" };
	size_t	i;
	int	rc;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rc = clock_set_zone(bad[i]);
		assert_int_equal(clock_set_zone("Asia/Tokyo"), 0);
		if (rc != -1)
			fail_msg("clock_set_zone accepted \"%s\"", bad[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_fiscal_year_local, setup),
		cmocka_unit_test_setup(test_fiscal_year_utc, setup),
		cmocka_unit_test_setup(test_fiscal_bounds, setup),
		cmocka_unit_test_setup(test_parse, setup),
		cmocka_unit_test_setup(test_parse_rejects, setup),
		cmocka_unit_test_setup(test_parse_date, setup),
		cmocka_unit_test_setup(test_parse_digits_only, setup),
		cmocka_unit_test_setup(test_set_now, setup),
		cmocka_unit_test_setup(test_now_ms, setup),
		cmocka_unit_test_setup(test_format, setup),
		cmocka_unit_test_setup(test_zone, setup),
		cmocka_unit_test_setup(test_zone_not_a_zone, setup),
	};

	log_init(LOG_LVL_ERROR, "test_clock");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
