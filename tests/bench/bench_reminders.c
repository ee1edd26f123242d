/*
 * bench_reminders.c: one reminder run over a ward-sized database: 10,000
 * staff, the whole FY2024 catalogue and 50,000 enrolments, with a few
 * thousand reminders due at once.  Prints the figures; it asserts nothing,
 * so it never flakes (`make bench`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chat.h"
#include "handlers.h"
#include "state.h"

#define BENCH_STAFF		10000
#define BENCH_ENROLMENTS	50000

static double
bench_ms(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1e3 + (b->tv_nsec - a->tv_nsec) / 1e6;
}

static int
bench_count(struct db *db, const char *sql)
{
	sqlite3_stmt	*stmt;
	int		 n = -1;

	sqlite3_prepare_v2(db_handle(db), sql, -1, &stmt, NULL);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

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
	struct app		 app;
	struct config		 cfg;
	struct remind_policy	 policy;
	struct catalog		 cat;
	struct ctx		 ctx;
	struct timespec		 t0, t1;
	char			*cause = NULL, *dir;
	int			 a, u, made, sent;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_reminders SOURCE_DIR\n");
		return 64;
	}
	log_init(LOG_LVL_ERROR, "bench");
	clock_set_zone("Asia/Tokyo");
	clock_set(clock_from_local(2024, 6, 3, 9, 0));
	memset(&app, 0, sizeof app);
	memset(&cfg, 0, sizeof cfg);
	xasprintf(&dir, "%s/config", argv[1]);
	cfg.language = (char *)"ja";
	cfg.data_dir = dir;
	cfg.work_hours = (char *)"08:30-17:15";
	cfg.remind_before = (char *)"7d, 1wd, 0d";
	cfg.remind_time = (char *)"09:00";
	app.cfg = &cfg;
	app.remind = &policy;
	if ((app.db = db_open(":memory:", &cause)) == NULL ||
	    (app.msg = msgcat_load(dir, &cause)) == NULL ||
	    calendar_load(&cfg, &app.cal, &policy, &cause) != 0) {
		fprintf(stderr, "bench: %s\n", cause);
		return 1;
	}
	free(cause);
	xasprintf(&cause, "%s/catalog/2024.json", dir);
	if (catalog_read(cause, &cat) != 0 ||
	    catalog_apply(app.db, &cat, &a, &u) != 0)
		return 1;
	catalog_clear(&cat);
	bench_staff(app.db);
	made = bench_enrol(app.db, app.cal, &policy, clock_now());
	printf("staff %d, courses %d, enrolments %d, reminders planned %d\n",
	    BENCH_STAFF, a, made, bench_count(app.db, "SELECT count(*) FROM "
	    "reminder"));
	/* The Monday before the busiest week of July, at opening time. */
	clock_set(clock_from_local(2024, 7, 1, 8, 30));
	sched_job_ctx(&app, &ctx);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sent = handler_reminders.on_tick(&ctx);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("one reminder run: %d digests queued in %.1f ms\n", sent,
	    bench_ms(&t0, &t1));
	sched_job_ctx(&app, &ctx);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sent = handler_reminders.on_tick(&ctx);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("a run with nothing due: %d in %.2f ms\n", sent,
	    bench_ms(&t0, &t1));
	workcal_free(app.cal);
	msgcat_free(app.msg);
	db_close(app.db);
	free(cause);
	free(dir);
	return 0;
}
