/*
 * test_pace.c: pacing by conversation (bot/pace.c): a busy conversation's
 * posts are booked one interval apart, nobody else waits behind it, and
 * the pace of every conversation is kept, however many are written to at
 * once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "bot.h"

#define T0	1700000000000LL		/* ms */

static void
test_one_conversation(void **state)
{
	struct pace	*p = pace_new();

	(void)state;
	assert_true(pace_book(p, "D1", T0, 1000) == 0);		/* goes */
	assert_true(pace_book(p, "D1", T0 + 10, 1000) == T0 + 1000);
	assert_true(pace_book(p, "D1", T0 + 20, 1000) == T0 + 2000);
	assert_true(pace_book(p, "D2", T0 + 30, 1000) == 0);	/* no wait */
	/* The first booked post goes at its slot; a new one queues after. */
	assert_true(pace_book(p, "D1", T0 + 1000, 1000) == 0);
	assert_true(pace_book(p, "D1", T0 + 1500, 1000) == T0 + 3000);
	assert_true(pace_book(p, "D1", T0 + 4000, 1000) == 0);
	assert_true(pace_book(p, "", 0, 1000) == 0);	/* any clock, any key */
	pace_free(p);
}

/* 1,500 conversations in one interval, then 1,500 others. */
static void
test_many_conversations(void **state)
{
	struct pace	*p = pace_new();
	char		 key[32];
	int		 i, round, early = 0;

	(void)state;
	for (round = 0; round < 2; round++) {
		for (i = 0; i < 1500; i++) {
			snprintf(key, sizeof key, "%c%05d", 'U' + round, i);
			assert_true(pace_book(p, key, T0 + round * 5000 +
			    i / 10, 1000) == 0);
		}
		/* Again within the interval: each waits for its slot. */
		for (i = 0; i < 1500; i++) {
			snprintf(key, sizeof key, "%c%05d", 'U' + round, i);
			if (pace_book(p, key, T0 + round * 5000 + 600,
			    1000) == 0)
				early++;
		}
		/* The second round takes the spent paces of the first. */
		assert_int_equal(early, 0);
	}
	pace_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_conversation),
		cmocka_unit_test(test_many_conversations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
