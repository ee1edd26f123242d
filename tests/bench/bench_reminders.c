/*
 * bench_reminders.c: one reminder run over a ward-sized database: 10,000
 * staff, the whole FY2024 catalogue and 50,000 enrolments, with a few
 * thousand reminders due at once, run in slices as the scheduler runs them.
 * Prints the figures, with the longest slice (how long the loop is held);
 * it asserts nothing, so it never flakes (`make bench`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "benchlib.h"

#define BENCH_STAFF		10000
#define BENCH_ENROLMENTS	50000

static void
bench_staff(struct db *db)
{
	struct staff	s;
	char		id[16], name[32];
	int		i;

	memset(&s, 0, sizeof s);
	s.employee_id = id;
	s.name = name;
	s.job_level = (char *)"staff";
	s.roles = (char *)"";
	s.active = true;
	db_begin(db);
	for (i = 0; i < BENCH_STAFF; i++) {
		snprintf(id, sizeof id, "B%05d", i);
		snprintf(name, sizeof name, "職員 %05d", i);
		if (q_staff_upsert(db, &s) != 0)
			exit(1);
	}
	db_commit(db);
}

/* Enrols people in classes round-robin and plans their reminders. */
static int
bench_enrol(struct db *db, const struct workcal *cal,
    const struct remind_policy *p, time_t now)
{
	sqlite3_stmt	*stmt;
	int64_t		*classes = NULL, *courses = NULL, id;
	size_t		 n = 0;
	char		 who[16];
	int		 i, made = 0;

	sqlite3_prepare_v2(db_handle(db), "SELECT id, course_id FROM class "
	    "WHERE starts_at > ?1", -1, &stmt, NULL);
	sqlite3_bind_int64(stmt, 1, now);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		classes = xrealloc(classes, (n + 1) * sizeof *classes);
		courses = xrealloc(courses, (n + 1) * sizeof *courses);
		classes[n] = sqlite3_column_int64(stmt, 0);
		courses[n++] = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	db_begin(db);
	for (i = 0; i < BENCH_ENROLMENTS; i++) {
		snprintf(who, sizeof who, "B%05d", i % BENCH_STAFF);
		/* Spread over classes; skip a second class of one course. */
		if (q_enroll_insert(db, who, courses[(size_t)(i / BENCH_STAFF +
		    i * 7) % n], classes[(size_t)(i / BENCH_STAFF + i * 7) % n],
		    "enrolled", NULL, now, &id) != 0)
			continue;
		remind_plan(db, cal, p, id, now);
		made++;
	}
	db_commit(db);
	free(classes);
	free(courses);
	return made;
}

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
	bench_staff(b.app.db);
	made = bench_enrol(b.app.db, b.app.cal, &b.policy, clock_now());
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
