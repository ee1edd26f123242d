/*
 * test_worker.c: blocking jobs off the loop thread (bot/worker.c) on a real
 * lws context: a worker of one thread runs its jobs in order, one of
 * several runs them at once, and every job's done() comes exactly once,
 * on the caller's thread, cancelled for those that never ran.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libwebsockets.h>
#include <pthread.h>

#include "chat.h"

struct shared {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	bool		 released;	/* the releasing job ran */
	int		 order[8];	/* jobs in the order they ran */
	int		 nrun;
	int		 ndone;
	int		 ncancelled;
};

struct tjob {
	struct shared	*sh;
	int		 id;
	bool		 waits;		/* for the releasing job, 2 s at most */
	bool		 saw_release;
};

static struct lws_context *
context_new(void)
{
	struct lws_context_creation_info	info;

	memset(&info, 0, sizeof info);
	info.port = CONTEXT_PORT_NO_LISTEN;
	lws_set_log_level(LLL_ERR, NULL);
	return lws_create_context(&info);
}

static void
job_run(void *arg)
{
	struct tjob	*j = arg;
	struct shared	*sh = j->sh;
	struct timespec	 until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	pthread_mutex_lock(&sh->lock);
	sh->order[sh->nrun++] = j->id;
	if (j->waits) {
		while (!sh->released && pthread_cond_timedwait(&sh->cond,
		    &sh->lock, &until) == 0)
			;
		j->saw_release = sh->released;
	} else {
		sh->released = true;
		pthread_cond_broadcast(&sh->cond);
	}
	pthread_mutex_unlock(&sh->lock);
}

static bool	 waiter_saw_release;

static void
job_done(void *arg, bool cancelled)
{
	struct tjob	*j = arg;

	j->sh->ndone++;
	j->sh->ncancelled += cancelled;
	if (j->waits && !cancelled)
		waiter_saw_release = j->saw_release;
	free(j);
}

static void
push(struct worker *w, struct shared *sh, int id, bool waits)
{
	struct tjob	*j = calloc(1, sizeof *j);

	assert_non_null(j);
	j->sh = sh;
	j->id = id;
	j->waits = waits;
	worker_push(w, job_run, job_done, j);
}

/* Calls worker_done until n jobs are done, 5 s at most. */
static void
collect(struct worker *w, struct shared *sh, int n)
{
	int	i;

	for (i = 0; i < 500 && sh->ndone < n; i++) {
		worker_done(w);
		if (sh->ndone < n)
			usleep(10000);
	}
	assert_int_equal(sh->ndone, n);
}

struct tworker {
	struct lws_context	*ctx;
	struct shared		 sh;
};

static int
setup(void **state)
{
	struct tworker	*t = calloc(1, sizeof *t);

	assert_non_null(t);
	t->ctx = context_new();
	assert_non_null(t->ctx);
	pthread_mutex_init(&t->sh.lock, NULL);
	pthread_cond_init(&t->sh.cond, NULL);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct tworker	*t = *state;

	lws_context_destroy(t->ctx);
	pthread_mutex_destroy(&t->sh.lock);
	pthread_cond_destroy(&t->sh.cond);
	free(t);
	return 0;
}

/*
 * Two threads: a job that waits for the next one is not stuck behind it.
 * (One thread would run the waiting job alone, for its 2 s.)
 */
static void
test_jobs_at_once(void **state)
{
	struct tworker	*t = *state;
	struct worker	*w = worker_create(t->ctx, 2);

	waiter_saw_release = false;
	push(w, &t->sh, 1, true);
	push(w, &t->sh, 2, false);
	collect(w, &t->sh, 2);
	assert_true(waiter_saw_release);
	assert_int_equal(t->sh.ncancelled, 0);
	worker_free(w);
}

/* One thread: jobs run one after another, in the order pushed. */
static void
test_one_thread_in_order(void **state)
{
	struct tworker	*t = *state;
	struct worker	*w = worker_create(t->ctx, 1);
	int		 i;

	for (i = 0; i < 6; i++)
		push(w, &t->sh, i, false);
	collect(w, &t->sh, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(t->sh.order[i], i);
	worker_free(w);
}

/* Freed with jobs queued: each one's done() comes, cancelled. */
static void
test_free_cancels(void **state)
{
	struct tworker	*t = *state;
	struct worker	*w = worker_create(t->ctx, 3);
	int		 i;

	for (i = 0; i < 5; i++)
		push(w, &t->sh, i, false);
	worker_free(w);		/* run or not, none was collected */
	assert_int_equal(t->sh.ndone, 5);
	assert_int_equal(t->sh.ncancelled, 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_jobs_at_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_one_thread_in_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_free_cancels, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
