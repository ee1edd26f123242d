/*
 * benchlib.h: a yell on an in-memory database with the real catalogues,
 * calendar and FY2024 catalogue, for the benchmarks.
 */
#ifndef YELL_BENCHLIB_H
#define YELL_BENCHLIB_H

#include <time.h>

#include "chat.h"
#include "handlers.h"
#include "state.h"

struct bench {
	struct app		 app;
	struct config		 cfg;
	struct remind_policy	 policy;
	int			 courses;
};

/* A ward-sized roster: staff B00000… and enrolments in FY2024's classes. */
#define BENCH_STAFF		10000
#define BENCH_ENROLMENTS	50000

int	bench_open(struct bench *, const char *source_dir);
int	bench_open_db(struct bench *, const char *source_dir,
	    const char *db_path);
void	bench_seed_staff(struct db *, int n);
int	bench_seed_enrol(struct db *, const struct workcal *,
	    const struct remind_policy *, time_t now);
void	bench_close(struct bench *);
int	bench_count(struct db *, const char *sql);
double	bench_ms(const struct timespec *, const struct timespec *);
int	bench_run(struct app *, const struct handler *, const char *what);

#endif
