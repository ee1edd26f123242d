/*
 * bench_recommend.c: recommendations for every manager of a 10,000-person
 * organisation (about 1,500 managers: 10 departments of 10 sections of 14
 * units), each member's list computed over the whole FY2024 catalogue, with
 * the reasons of the five shown; what the scheduler costs the core after
 * each request in the week the digest is due; then the monthly digest for
 * all of them, in slices.  Prints the figures (`make bench`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libwebsockets.h>

#include "benchlib.h"

#define BENCH_DEPTS	10
#define BENCH_SECTIONS	10	/* per department */
#define BENCH_UNITS	14	/* per section */
#define BENCH_MEMBERS	6	/* per unit */
#define BENCH_SHOWN	5
#define BENCH_KICKS	200

static const char *const bench_levels[] = { "staff", "senior", "staff",
    "deputy_chief", "staff", "senior" };

static void
bench_person(struct db *db, const char *id, const char *level,
    const char *manager, int n)
{
	struct staff	s;
	char		hired[16], since[16], born[16], name[32];

	memset(&s, 0, sizeof s);
	snprintf(hired, sizeof hired, "%04d-04-01", 2000 + n % 25);
	snprintf(since, sizeof since, "%04d-04-01", 2018 + n % 7);
	snprintf(born, sizeof born, "%04d-%02d-15", 1965 + n % 37, 1 + n % 12);
	snprintf(name, sizeof name, "職員 %s", id);
	s.employee_id = (char *)id;
	s.name = name;
	s.job_family = (char *)(n % 9 == 0 ? "welfare" : "admin");
	s.job_level = (char *)level;
	s.manager_id = (char *)manager;
	s.hire_date = hired;
	s.level_since = since;
	s.birth_date = born;
	s.hire_type = (char *)(n % 17 == 0 ? "experienced" : "new");
	s.exam_category = (char *)(n % 5 == 0 ? "II" : "I");
	s.passed_exam = (char *)(n % 23 == 0 ? "senior" : "");
	s.eligible_exam = (char *)"";
	s.duties = (char *)(n % 31 == 0 ? "ojt_trainer" : "");
	s.roles = (char *)"";
	s.active = true;
	if (q_staff_upsert(db, &s) != 0)
		exit(1);
}

/* Builds the organisation.  Returns the number of staff. */
static int
bench_org(struct db *db)
{
	char	d[16], c[16], u[16], m[16];
	int	i, j, k, l, n = 0;

	db_begin(db);
	for (i = 0; i < BENCH_DEPTS; i++) {
		snprintf(d, sizeof d, "D%d", i);
		bench_person(db, d, "director", NULL, n++);
		for (j = 0; j < BENCH_SECTIONS; j++) {
			snprintf(c, sizeof c, "C%d.%d", i, j);
			bench_person(db, c, "section_chief", d, n++);
			for (k = 0; k < BENCH_UNITS; k++) {
				snprintf(u, sizeof u, "U%d.%d.%d", i, j, k);
				bench_person(db, u, "unit_chief", c, n++);
				for (l = 0; l < BENCH_MEMBERS; l++) {
					snprintf(m, sizeof m, "M%d.%d.%d.%d", i,
					    j, k, l);
					bench_person(db, m, bench_levels[l], u,
					    n++);
				}
			}
		}
	}
	db_commit(db);
	return n;
}

/* One manager's `recommend`: every direct report's list and reasons. */
static size_t
bench_manager(struct ctx *ctx, const struct reco_catalog *rc,
    const struct staff *manager, struct reco *r)
{
	struct staff	*team;
	size_t		 n, i, j, k, lines = 0;
	char		*why;

	team = q_staff_team(ctx->db, manager->employee_id, false, &n);
	for (i = 0; i < n; i++) {
		k = h_reco_member(ctx, rc, &team[i], NULL, false, r);
		for (j = 0; j < k && j < BENCH_SHOWN; j++) {
			why = h_reco_why(ctx, rc, r[j].course, &team[i]);
			free(why);
			lines++;
		}
	}
	staff_array_free(team, n);
	return lines;
}

static int
bench_proto_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	(void)wsi;
	(void)reason;
	(void)user;
	(void)in;
	(void)len;
	return 0;
}

/*
 * What the core pays after each request for the scheduler: sched_kick in
 * the first week of a month, when the digest is due.  Prints the figure.
 */
static void
bench_kick(struct bench *b)
{
	static const struct lws_protocols proto = { "bench", bench_proto_cb,
	    0, 0, 0, NULL, 0 };
	struct chat	 chat;
	struct loop	*loop;
	struct timespec	 t0, t1;
	char		*cause = NULL;
	int		 i;

	memset(&chat, 0, sizeof chat);
	chat.protocol = &proto;
	b->app.chat = &chat;
	clock_set(clock_from_local(2024, 7, 2, 9, 0));
	if ((loop = loop_create(&b->app, &cause)) == NULL) {
		fprintf(stderr, "bench: %s\n", cause);
		free(cause);
		return;
	}
	b->app.sched = sched_create(&b->app, loop);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < BENCH_KICKS; i++)
		sched_kick(b->app.sched);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("scheduler after a request (sched_kick, digest due): %.1f us\n",
	    bench_ms(&t0, &t1) * 1000 / BENCH_KICKS);
	sched_free(b->app.sched);
	b->app.sched = NULL;
	loop_free(loop);
	b->app.chat = NULL;
}

int
main(int argc, char **argv)
{
	struct bench		 b;
	struct ctx		 ctx;
	struct reco_catalog	 rc;
	struct staff		*managers;
	struct reco		*r;
	struct timespec		 t0, t1;
	size_t			 n, i, lines = 0;
	int			 staff;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_recommend SOURCE_DIR\n");
		return 64;
	}
	if (bench_open(&b, argv[1]) != 0)
		return 1;
	staff = bench_org(b.app.db);
	sched_job_ctx(&b.app, &ctx);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	managers = q_staff_managers(b.app.db, &n);
	h_reco_load(&ctx, &rc);
	r = xcalloc(rc.n + 1, sizeof *r);
	for (i = 0; i < n; i++)
		lines += bench_manager(&ctx, &rc, &managers[i], r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("staff %d, managers %zu, courses %zu\n", staff, n, rc.n);
	printf("recommendations for every manager: %zu lines with reasons "
	    "in %.0f ms (%.2f ms a manager)\n", lines, bench_ms(&t0, &t1),
	    bench_ms(&t0, &t1) / (double)(n > 0 ? n : 1));
	free(r);
	h_reco_free(&rc);
	staff_array_free(managers, n);
	bench_kick(&b);
	/* The monthly digest: Monday 2024-07-01 at 10:00, every manager. */
	clock_set(clock_from_local(2024, 7, 1, 10, 0));
	bench_run(&b.app, &handler_digest, "monthly digest");
	bench_close(&b);
	return 0;
}
