/*
 * benchlib.c: see benchlib.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchlib.h"

/* Opens the app at Monday 2024-06-03 09:00 JST.  Returns 0 or -1. */
int
bench_open(struct bench *b, const char *source_dir)
{
	return bench_open_db(b, source_dir, ":memory:");
}

/* The same on the database at db_path (yelld's, for the Slack benchmark). */
int
bench_open_db(struct bench *b, const char *source_dir, const char *db_path)
{
	struct catalog	 cat;
	char		*cause = NULL, *path;
	int		 updated, rc = -1;

	memset(b, 0, sizeof *b);
	log_init(LOG_LVL_ERROR, "bench");
	clock_set_zone("Asia/Tokyo");
	clock_set(clock_from_local(2024, 6, 3, 9, 0));
	xasprintf(&b->cfg.data_dir, "%s/config", source_dir);
	b->cfg.language = xstrdup("ja");
	b->cfg.work_hours = xstrdup("08:30-17:15");
	b->cfg.remind_before = xstrdup("7d, 1wd, 0d");
	b->cfg.remind_time = xstrdup("09:00");
	b->app.cfg = &b->cfg;
	b->app.remind = &b->policy;
	if ((b->app.db = db_open(db_path, &cause)) == NULL ||
	    (b->app.msg = msgcat_load(b->cfg.data_dir, &cause)) == NULL ||
	    calendar_load(&b->cfg, &b->app.cal, &b->policy, &cause) != 0) {
		fprintf(stderr, "bench: %s\n", cause);
		free(cause);
		return -1;
	}
	xasprintf(&path, "%s/catalog/2024.json", b->cfg.data_dir);
	if (catalog_read(path, &cat) == 0 && catalog_apply(b->app.db, &cat,
	    &b->courses, &updated) == 0)
		rc = 0;
	catalog_clear(&cat);
	free(path);
	return rc;
}

void
bench_close(struct bench *b)
{
	workcal_free(b->app.cal);
	msgcat_free(b->app.msg);
	db_close(b->app.db);
	free(b->cfg.data_dir);
	free(b->cfg.language);
	free(b->cfg.work_hours);
	free(b->cfg.remind_before);
	free(b->cfg.remind_time);
}

int
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

double
bench_ms(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1e3 + (b->tv_nsec - a->tv_nsec) / 1e6;
}

/*
 * Runs a job's slices back to back, as the scheduler does with the loop
 * idle, and prints the run's figures and its longest slice: how long the
 * loop is held (wall clock, and the CPU time, which other processes on
 * the machine disturb less).  Returns the messages queued, or -1.
 */
int
bench_run(struct app *app, const struct handler *h, const char *what)
{
	struct ctx	 ctx;
	struct timespec	 t0, t1, s0, s1, c0, c1;
	char		 resume[sizeof ctx.resume];
	double		 wall = 0, cpu = 0;
	int		 n, queued = 0, slices = 0;

	memset(resume, 0, sizeof resume);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		sched_job_ctx(app, &ctx);
		memcpy(ctx.resume, resume, sizeof resume);
		clock_gettime(CLOCK_MONOTONIC, &s0);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
		n = h->on_tick(&ctx);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
		clock_gettime(CLOCK_MONOTONIC, &s1);
		memcpy(resume, ctx.resume, sizeof resume);
		if (n < 0) {
			printf("%s run: failed\n", what);
			return -1;
		}
		queued += n;
		slices++;
		if (bench_ms(&s0, &s1) > wall)
			wall = bench_ms(&s0, &s1);
		if (bench_ms(&c0, &c1) > cpu)
			cpu = bench_ms(&c0, &c1);
	} while (ctx.more);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%s run: %d messages queued in %.1f ms, %d slices, longest "
	    "slice %.2f ms (%.2f ms of CPU)\n", what, queued,
	    bench_ms(&t0, &t1), slices, wall, cpu);
	return queued;
}

/* Staff B00000… at job level 主事, with no email: not on chat. */
void
bench_seed_staff(struct db *db, int n)
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
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "B%05d", i);
		snprintf(name, sizeof name, "職員 %05d", i);
		if (q_staff_upsert(db, &s) != 0)
			exit(1);
	}
	db_commit(db);
}

/*
 * Enrols BENCH_STAFF people in classes after now round-robin, BENCH_ENROLMENTS
 * in all, and plans their reminders.  Returns the enrolments made.
 */
int
bench_seed_enrol(struct db *db, const struct workcal *cal,
    const struct remind_policy *p, time_t now)
{
	sqlite3_stmt	*stmt;
	int64_t		*classes = NULL, *courses = NULL, id;
	size_t		 n = 0, k;
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
	for (i = 0; n > 0 && i < BENCH_ENROLMENTS; i++) {
		snprintf(who, sizeof who, "B%05d", i % BENCH_STAFF);
		/* Spread over classes; skip a second class of one course. */
		k = (size_t)(i / BENCH_STAFF + i * 7) % n;
		if (q_enroll_insert(db, who, courses[k], classes[k],
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
