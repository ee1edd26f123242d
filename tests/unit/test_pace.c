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
	/* pace_book(p, key, now, due, interval): new posts are due at once. */
	assert_true(pace_book(p, "D1", T0, T0, 1000) == 0);	/* goes */
	assert_true(pace_book(p, "D1", T0 + 10, T0, 1000) == T0 + 1000);
	assert_true(pace_book(p, "D1", T0 + 20, T0, 1000) == T0 + 2000);
	assert_true(pace_book(p, "D2", T0 + 30, T0, 1000) == 0);	/* no wait */
	/* The first booked post goes at its slot; a new one queues after. */
	assert_true(pace_book(p, "D1", T0 + 1000, T0 + 1000, 1000) == 0);
	assert_true(pace_book(p, "D1", T0 + 1500, T0 + 1000, 1000) ==
	    T0 + 3000);
	assert_true(pace_book(p, "D1", T0 + 2000, T0 + 2000, 1000) == 0);
	assert_true(pace_book(p, "D1", T0 + 3000, T0 + 3000, 1000) == 0);
	/* The queue is empty: a new post goes once an interval has passed. */
	assert_true(pace_book(p, "D1", T0 + 3500, T0 + 3500, 1000) ==
	    T0 + 4000);
	assert_true(pace_book(p, "D1", T0 + 4000, T0 + 4000, 1000) == 0);
	assert_true(pace_book(p, "D1", T0 + 5000, T0 + 5000, 1000) == 0);
	assert_true(pace_book(p, "", 0, 0, 1000) == 0);	/* any clock, any key */
	pace_free(p);
}

/*
 * Booked posts that come back later than their slots, each a little less
 * late than the one before (its place in the sender's batch), go at once:
 * each counts from the slot before it, never from when that one went.
 * Counted from when it went, every one of them was booked again at the
 * end of the queue.  New posts go on queueing behind them.
 */
static void
test_booked_back_late(void **state)
{
	struct pace	*p = pace_new();
	long long	 slot[10];
	int		 i;

	(void)state;
	assert_true(pace_book(p, "D1", T0, T0, 1000) == 0);
	for (i = 1; i < 10; i++) {
		slot[i] = pace_book(p, "D1", T0 + i, T0, 1000);
		assert_true(slot[i] == T0 + i * 1000LL);
	}
	for (i = 1; i < 10; i++)
		assert_true(pace_book(p, "D1", slot[i] + 20 - i, slot[i],
		    1000) == 0);
	/* A post that came before its slot's time waits, and is told so. */
	assert_true(pace_book(p, "D2", T0, T0, 1000) == 0);
	assert_true(pace_book(p, "D2", T0 + 1, T0, 1000) == T0 + 1000);
	assert_true(pace_book(p, "D2", T0 + 999, T0 + 1000, 1000) ==
	    T0 + 2000);
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
			    i / 10, T0, 1000) == 0);
		}
		/* Again within the interval: each waits for its slot. */
		for (i = 0; i < 1500; i++) {
			snprintf(key, sizeof key, "%c%05d", 'U' + round, i);
			if (pace_book(p, key, T0 + round * 5000 + 600, T0,
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
		cmocka_unit_test(test_booked_back_late),
		cmocka_unit_test(test_many_conversations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
