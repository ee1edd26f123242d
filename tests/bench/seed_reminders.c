/*
 * seed_reminders.c: puts bench_reminders' ward (10,000 staff, 50,000
 * enrolments in FY2024's classes) into yelld's database and makes the
 * reminders that would be due at AT fall due DELAY seconds later, so that
 * the Slack benchmark can measure acks while that reminder run is due.
 *
 *	seed_reminders SOURCE_DIR DATABASE 'YYYY-MM-DD HH:MM' DELAY
 *
 * The staff have no email, so the outbox gives their reminders up without
 * a call to the fake: what is measured is the run on the loop thread.
 */
#include <stdio.h>
#include <stdlib.h>

#include "benchlib.h"

/* Reminders due by at and still useful then move to at + delay. */
static int
seed_due(struct db *db, time_t at, long delay)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(db_handle(db), "UPDATE reminder SET due_at = ?2 "
	    "WHERE status = 'pending' AND due_at <= ?1 AND useful_until > ?2",
	    -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(stmt, 1, at);
	sqlite3_bind_int64(stmt, 2, at + delay);
	rc = sqlite3_step(stmt) == SQLITE_DONE ? sqlite3_changes(
	    db_handle(db)) : -1;
	sqlite3_finalize(stmt);
	return rc;
}

int
main(int argc, char **argv)
{
	struct bench	 b;
	time_t		 at;
	int		 made, due;

	if (argc != 5) {
		fprintf(stderr, "usage: seed_reminders SOURCE_DIR DATABASE "
		    "'YYYY-MM-DD HH:MM' DELAY\n");
		return 64;
	}
	if (bench_open_db(&b, argv[1], argv[2]) != 0)
		return 1;
	if (clock_parse(argv[3], &at) != 0) {	/* in the ward's zone */
		fprintf(stderr, "seed_reminders: %s: not YYYY-MM-DD HH:MM\n",
		    argv[3]);
		return 64;
	}
	bench_seed_staff(b.app.db, BENCH_STAFF);
	made = bench_seed_enrol(b.app.db, b.app.cal, &b.policy, clock_now());
	due = seed_due(b.app.db, at, atol(argv[4]));
	printf("staff %d, enrolments %d, reminders %d, due together %d\n",
	    BENCH_STAFF, made, bench_count(b.app.db,
	    "SELECT count(*) FROM reminder"), due);
	bench_close(&b);
	return due > 0 ? 0 : 1;
}
