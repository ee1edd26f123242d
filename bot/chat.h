/*
 * chat.h: the interface every chat adapter implements.
 *
 * An adapter turns what its platform sends into struct request, hands it to
 * dispatch on the loop thread, and acks only after dispatch has committed.
 * The sender thread calls deliver() to carry outbox rows to the platform.
 */
#ifndef YELL_CHAT_H
#define YELL_CHAT_H

#include "bot.h"

struct lws_context;
struct loop;
struct ctx;
struct remind_policy;
struct sched;
struct outbox_row;


enum chat_delivery {
	CHAT_SENT,		/* done */
	CHAT_RETRY,		/* transient: try again later */
	CHAT_FAILED,		/* permanent: give up, keep the reason */
	CHAT_DEFER,		/* rate limited: wait *retry_after seconds;
				   not counted as an attempt */
};

struct lws_protocols;

struct chat {
	const char	*platform;
	/* The adapter's lws protocol, added to the loop's vhost. */
	const struct lws_protocols *protocol;
	/* Loop thread: connect or adopt descriptors.  0 or -1 with *cause. */
	int		(*start)(struct chat *, struct loop *, char **cause);
	/* Loop thread: stop taking input. */
	void		(*stop)(struct chat *);
	/* Sender thread: carry one outbox row.  OUT: *error, *retry_after. */
	enum chat_delivery (*deliver)(struct chat *, const struct outbox_row *,
			    const char *recipient_name, char **error,
			    int *retry_after);
	void		(*free)(struct chat *);
	void		*data;		/* the adapter's own state */
};

/* The daemon's state, owned by the loop thread. */
struct app {
	struct config		*cfg;
	struct db		*db;
	struct msgcat		*msg;
	struct mvv		*mvv;
	struct chat		*chat;
	struct outbox		*outbox;
	struct workcal		*cal;
	struct remind_policy	*remind;
	struct sched		*sched;
};

/* dispatch.c */
enum dispatch_result {
	DISPATCH_DONE,		/* committed: ack, and show the reply */
	DISPATCH_DUPLICATE,	/* seen before: ack, say nothing */
	DISPATCH_FAILED,	/* nothing committed: do not ack */
};
enum dispatch_result dispatch(struct app *, const struct request *,
		    struct reply *);

/* sched.c: runs the handlers' scheduled jobs when they are due. */
struct sched	*sched_create(struct app *, struct loop *);
void		 sched_kick(struct sched *);
void		 sched_run(struct sched *);
void		 sched_free(struct sched *);
void		 sched_job_ctx(struct app *, struct ctx *);
unsigned long	 sched_asked(const struct sched *);

/* loop.c: the libwebsockets service loop on the main thread. */
enum loop_end { LOOP_END_SIGNAL, LOOP_END_INPUT, LOOP_END_ERROR,
		LOOP_END_CONFIG };	/* CONFIG: credentials refused (exit 78) */
struct loop	*loop_create(struct app *, char **cause);
enum loop_end	 loop_run(struct loop *);
void		 loop_stop(struct loop *, enum loop_end);
struct app	*loop_app(struct loop *);
struct lws_vhost *loop_vhost(struct loop *);
struct lws_context *loop_context(struct loop *);
void		 loop_free(struct loop *);

/* console.c */
struct chat	*chat_console_create(struct db *, const struct msgcat *,
		    const char *lang, const char *as);

/* slack_socket.c */
struct chat	*chat_slack_create(struct app *, char **cause);

/* worker.c: blocking jobs off the loop thread (STYLE.md rule 19). */
struct worker;
struct worker	*worker_create(struct lws_context *);
void		 worker_push(struct worker *, void (*run)(void *),
		    void (*done)(void *, bool cancelled), void *arg);
void		 worker_done(struct worker *);
void		 worker_free(struct worker *);

#endif
