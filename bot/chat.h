/*
 * chat.h: the interface every chat adapter implements, and the core that
 * drives it: ingress, dispatch (group commit), the loop, the worker.
 *
 * An adapter turns what its platform sends into struct request and hands it
 * to ingress on the loop thread; ingress calls ack() once the request's
 * group has committed.  The sender thread calls find() and deliver() to
 * carry outbox rows to the platform.  An adapter includes no handler and
 * writes no state; a handler sees no adapter.
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


enum dispatch_result {
	DISPATCH_DONE,		/* committed: ack, and show the reply */
	DISPATCH_DUPLICATE,	/* seen before: ack, say nothing */
	DISPATCH_STRANGER,	/* not on the roster: ack, answer them */
	DISPATCH_FORM,		/* open the form, then ack */
	DISPATCH_FAILED,	/* nothing committed: do not ack */
};

enum chat_delivery {
	CHAT_SENT,		/* done */
	CHAT_RETRY,		/* transient: try again later */
	CHAT_FAILED,		/* permanent: give up, keep the reason */
	CHAT_DEFER,		/* rate limited: wait *retry_after seconds;
				   not counted as an attempt */
};

/* What a platform can do, so that the core asks only for that. */
#define CHAT_CAN_ACK_REPLY	0x01	/* carry a reply in the ack */
#define CHAT_CAN_PRIVATE	0x02	/* a message in a conversation seen by
					   one person */
#define CHAT_CAN_BUTTONS	0x04
#define CHAT_CAN_EDIT		0x08	/* change a message the bot sent */
#define CHAT_CAN_HOME		0x10	/* a per-person home view */
#define CHAT_CAN_FORMS		0x20	/* open a form on a trigger */

struct lws_protocols;
struct answer;

/* Who an outbox row goes to, as the sender found them. */
struct chat_recipient {
	const char	*employee_id;
	const char	*name;		/* from the roster for a platform with
					   no find (the console); else it may
					   be the employee id */
	const char	*chat_user;	/* on this platform; NULL: not known */
};

/*
 * A chat adapter.  It turns what its platform sends into struct request
 * and hands it to ingress_submit with a token of its own; ingress calls
 * ack() with that token once the request is durable (or known to be a
 * duplicate, a stranger's, a form to open), and never for one that
 * failed, which the platform then sends again.  An adapter knows no
 * command and writes no state: identities and outbox rows are ingress's
 * and dispatch's.
 */
struct chat {
	const char	*platform;
	unsigned	 caps;		/* CHAT_CAN_* */
	/* ms between two posts to one conversation; 0: no pacing */
	long		 pace_ms;
	/* The adapter's lws protocol, added to the loop's vhost. */
	const struct lws_protocols *protocol;
	/* Loop thread: connect or adopt descriptors.  0 or -1 with *cause. */
	int		(*start)(struct chat *, struct loop *, char **cause);
	/* Loop thread: stop taking input. */
	void		(*stop)(struct chat *);
	/*
	 * Loop thread, on SIGTERM, before stop: leave the platform cleanly
	 * (acks of what is committed still go out, then close); left says
	 * when every connection is gone.  NULL: nothing to leave.
	 */
	void		(*leave)(struct chat *);
	bool		(*left)(struct chat *);
	/* Loop thread: connections up now.  NULL: always connected. */
	int		(*connections)(struct chat *);
	/*
	 * Loop thread: the outcome of a request the adapter submitted,
	 * exactly once per token; for DISPATCH_FAILED the adapter must not
	 * ack (the platform sends the request again).
	 * ans is the reply (in the ack where the request took it there, or
	 * a stranger's, which the outbox cannot address), or a form to
	 * open; it is only borrowed.
	 */
	void		(*ack)(struct chat *, void *token, enum dispatch_result,
			    const struct answer *ans);
	/*
	 * Worker thread: the verified email of a chat user, to link them to
	 * the roster.  Returns 1 with *email (caller frees), 0 when the user
	 * is no person of this workplace (a bot, deleted, another team, a
	 * guest refused), 2 when they may be but the platform shows no email
	 * (a missing permission: nobody can be linked, and no link is undone
	 * for it), -1 on a transient failure (the request is then not
	 * acked).  NULL: the
	 * platform's users are linked some other way (the console).
	 * OUT: *retry_after, seconds the platform asked to wait (rate
	 * limited; with -1), else 0.
	 */
	int		(*lookup)(struct chat *, const char *chat_user,
			    char **email, int *retry_after);
	/*
	 * Sender thread: the chat user with this verified email, for an
	 * employee the platform has not named yet; the outbox links them.
	 * OUT: *chat_user on CHAT_SENT, else *error, *retry_after as for
	 * deliver.  NULL: the platform needs no chat user (the console).
	 */
	enum chat_delivery (*find)(struct chat *, const char *email,
			    char **chat_user, char **error, int *retry_after);
	/*
	 * Sender thread: carry one outbox row.  OUT: *error, *retry_after;
	 * on CHAT_SENT, *sent_ref (caller frees), the platform's reference
	 * of the message it posted, for a later edit row, or NULL.
	 */
	enum chat_delivery (*deliver)(struct chat *, const struct outbox_row *,
			    const struct chat_recipient *, char **error,
			    int *retry_after, char **sent_ref);
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
	struct worker		*worker;
	struct worker		*lookups;	/* chat users' lookups */
	struct ingress		*ingress;
	struct app_old		*old;	/* replaced by SIGHUP; see loop.c */
	struct http		*http;	/* /healthz, /metrics; NULL: off */
};

/* dispatch.c: group commit; see there. */
struct answer {
	struct reply		 reply;
	struct form_view	 form;		/* DISPATCH_FORM */
};
struct dispatch_job {
	const struct request	*req;
	/*
	 * Set by ingress for a request it will not run (too fast, too
	 * long): the message key to answer instead, or "" for silence.  It
	 * is still claimed as seen and acked.  NULL: run it.
	 */
	const char		*say;
	struct answer		 answer;
	enum dispatch_result	 res;
};
void		 dispatch_group(struct app *, struct dispatch_job *, size_t n);
enum dispatch_result dispatch(struct app *, const struct request *,
		    struct answer *);
char		*dispatch_text(const struct request *);
void		 answer_init(struct answer *);
void		 answer_clear(struct answer *);

/* ingress.c: the one way in for every adapter; see there. */
struct ingress;
struct ingress	*ingress_create(struct app *, struct loop *);
void		 ingress_submit(struct ingress *, struct request *,
		    void *token);
int		 ingress_link(struct ingress *, const char *chat_user,
		    const char *employee_id);
void		 ingress_recheck(struct ingress *, const char *chat_user);
char		*ingress_lang_of(struct ingress *, const char *employee_id);
char		*ingress_when(struct ingress *, const char *lang, time_t);
void		 ingress_free(struct ingress *);

/* sched.c: runs the handlers' scheduled jobs when they are due. */
struct sched	*sched_create(struct app *, struct loop *);
void		 sched_kick(struct sched *);
void		 sched_run(struct sched *);
void		 sched_free(struct sched *);
void		 sched_job_ctx(struct app *, struct ctx *);
time_t		 sched_armed(const struct sched *);
unsigned long	 sched_asked(const struct sched *);

/* loop.c: the libwebsockets service loop on the main thread. */
enum loop_end { LOOP_END_SIGNAL, LOOP_END_INPUT, LOOP_END_ERROR,
		LOOP_END_CONFIG };	/* CONFIG: credentials refused (exit 78) */
struct loop	*loop_create(struct app *, char **cause);
enum loop_end	 loop_run(struct loop *);
void		 loop_stop(struct loop *, enum loop_end);
void		 loop_connected(struct loop *);
struct app	*loop_app(struct loop *);
struct lws_vhost *loop_vhost(struct loop *);
struct lws_context *loop_context(struct loop *);
void		 loop_free(struct loop *);
int		 app_reload(struct app *, char **cause);
void		 app_old_free(struct app *);

/* http.c: /healthz and /metrics on [http] listen. */
struct http	*http_start(struct app *, struct loop *, char **cause);
void		 http_free(struct http *);

/* console.c */
struct chat	*chat_console_create(struct db *, const struct msgcat *,
		    const char *lang, const char *as);

/* slack_socket.c */
struct chat	*chat_slack_create(struct app *, char **cause);
int		 chat_slack_check(const struct config *, char **cause);

/* worker.c: blocking jobs off the loop thread (STYLE.md rule 19). */
struct worker;
struct worker	*worker_create(struct lws_context *, int threads);
void		 worker_push(struct worker *, void (*run)(void *),
		    void (*done)(void *, bool cancelled), void *arg);
void		 worker_done(struct worker *);
void		 worker_free(struct worker *);

#endif
