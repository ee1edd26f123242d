/*
 * bench_reminders.c: one reminder run over a ward-sized database: 10,000
 * staff, the whole FY2024 catalogue and 50,000 enrolments, with a few
 * thousand reminders due at once, run in slices as the scheduler runs them.
 * Prints the figures, with the longest slice (how long the loop is held);
 * it asserts nothing, so it never flakes (`make bench`).
 */
#include <stdio.h>

#include "benchlib.h"

int
main(int argc, char **argv)
{
	struct bench		 b;
	int			 made;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_reminders SOURCE_DIR\n");
		return 64;
	}
	if (bench_open(&b, argv[1]) != 0)
		return 1;
	bench_seed_staff(b.app.db, BENCH_STAFF);
	made = bench_seed_enrol(b.app.db, b.app.cal, &b.policy, clock_now());
	printf("staff %d, courses %d, enrolments %d, reminders planned %d\n",
	    BENCH_STAFF, b.courses, made, bench_count(b.app.db,
	    "SELECT count(*) FROM reminder"));
	/* The Monday before the busiest week of July, at opening time. */
	clock_set(clock_from_local(2024, 7, 1, 8, 30));
	bench_run(&b.app, &handler_reminders, "reminder");
	bench_run(&b.app, &handler_reminders, "reminder (nothing due)");
	bench_close(&b);
	return 0;
}
