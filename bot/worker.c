/*
 * worker.c: threads for blocking work the loop must not wait for (Web API
 * calls such as views.open or users.info).  A job's run() happens on a
 * worker thread; its done() happens back on the loop thread.  A worker of
 * one thread runs its jobs in order; one of several runs them at once, and
 * their done() come in the order they finished.
 *
 * DESIGN (Redis bio.c, lws minimal -tx example; STYLE.md rule 19)
 * Jobs are queued under a mutex and a condition variable.  When one is
 * finished the worker moves it to a done-queue and calls lws_cancel_service,
 * the only lws call allowed from another thread.  The loop thread then gets
 * LWS_CALLBACK_EVENT_WAIT_CANCELLED and calls worker_done, which runs the
 * done() callbacks.  A job owns its payload; done() must free it, and is
 * also called, with cancelled set, for jobs that never ran.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include <libwebsockets.h>

#include "chat.h"

struct job {
	void		(*run)(void *);
	void		(*done)(void *, bool cancelled);
	void		*arg;
	struct job	*next;
};

struct job_list {
	struct job	*head;
	struct job	*tail;
};

struct worker {
	pthread_t		*threads;
	int			 nthreads;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct job_list		 todo;
	struct job_list		 done;
	bool			 stopping;
	struct lws_context	*context;
};

static void
worker_append(struct job_list *l, struct job *j)
{
	j->next = NULL;
	if (l->tail != NULL)
		l->tail->next = j;
	else
		l->head = j;
	l->tail = j;
}

/* Takes the whole list (the caller now owns every job in it). */
static struct job *
worker_take_all(struct job_list *l)
{
	struct job	*all = l->head;

	l->head = l->tail = NULL;
	return all;
}

static void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	struct job	*j;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->todo.head == NULL && !w->stopping)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->stopping)
			break;
		j = w->todo.head;
		w->todo.head = j->next;
		if (w->todo.head == NULL)
			w->todo.tail = NULL;
		pthread_mutex_unlock(&w->lock);
		j->run(j->arg);
		pthread_mutex_lock(&w->lock);
		worker_append(&w->done, j);
		lws_cancel_service(w->context);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/*
 * Starts the worker's threads (at least one); finished jobs wake context.
 * Returns the worker (stop and free it with worker_free before the context
 * is destroyed).
 */
struct worker *
worker_create(struct lws_context *context, int threads)
{
	struct worker	*w;
	int		 i;

	w = xcalloc(1, sizeof *w);
	w->context = context;
	w->nthreads = threads > 1 ? threads : 1;
	w->threads = xcalloc((size_t)w->nthreads, sizeof *w->threads);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	for (i = 0; i < w->nthreads; i++) {
		errno = pthread_create(&w->threads[i], NULL, worker_main, w);
		if (errno != 0)
			fatal("%s: pthread_create", __func__);
	}
	return w;
}

/*
 * Queues a job: run(arg) on the worker, then done(arg, false) on the loop
 * thread.  The job owns arg from now on; done must free it.
 */
void
worker_push(struct worker *w, void (*run)(void *),
    void (*done)(void *, bool), void *arg)
{
	struct job	*j;

	j = xcalloc(1, sizeof *j);
	j->run = run;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&w->lock);
	worker_append(&w->todo, j);
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

/* Loop thread: runs the done() callbacks of finished jobs, in order. */
void
worker_done(struct worker *w)
{
	struct job	*j, *next;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	j = worker_take_all(&w->done);
	pthread_mutex_unlock(&w->lock);
	for (; j != NULL; j = next) {
		next = j->next;
		j->done(j->arg, false);
		free(j);
	}
}

/*
 * Stops the threads after the jobs in hand, waits for them, and hands every
 * job left (finished or not) to its done() with cancelled set, so payloads
 * are freed.  worker_free(NULL) is a no-op.
 */
void
worker_free(struct worker *w)
{
	struct job	*lists[2], *j, *next;
	size_t		 i;
	int		 t;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	for (t = 0; t < w->nthreads; t++)
		pthread_join(w->threads[t], NULL);
	free(w->threads);
	lists[0] = worker_take_all(&w->done);
	lists[1] = worker_take_all(&w->todo);
	for (i = 0; i < 2; i++) {
		for (j = lists[i]; j != NULL; j = next) {
			next = j->next;
			j->done(j->arg, true);
			free(j);
		}
	}
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}
