/*
 * ingress.c: the one way in for every chat adapter.  An adapter hands in a
 * neutral request with a token of its own; ingress links the chat users it
 * names to the roster, queues it, runs the ready ones as one group commit
 * (dispatch_group) and tells the adapter the outcome of each through
 * chat->ack.  Strangers, duplicates and failures are answered here, once,
 * for every adapter.
 *
 * DESIGN
 * Requests are handled in the order they came, so that one person's
 * commands run in the order typed and a chat user is looked up once, not
 * once per request in flight.  A request whose asker or mentioned users
 * are not linked yet waits at the head of the queue while the adapter's
 * lookup (chat user -> verified email) runs on the worker; the roster
 * match and the link are made back on the loop thread.  Resolved requests
 * gather in the ready list; a zero-delay sul runs them after the current
 * turn of the loop, up to INGRESS_GROUP_MAX in one transaction, so that
 * everything that arrived in one turn shares one COMMIT (one fsync) and
 * only then is acked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "chat.h"
#include "handlers.h"

#define INGRESS_GROUP_MAX	256	/* requests in one transaction */
#define INGRESS_STRANGERS	256	/* chat users remembered as no one */
#define INGRESS_STRANGER_TTL	600	/* seconds before asking again */

struct ingress_item {
	struct ingress_item	*next;
	struct request		 req;		/* owned */
	void			*token;		/* the adapter's */
	char			**lookups;	/* chat users to link first */
	size_t			 nlookups;
	size_t			 next_lookup;
};

struct ingress_list {
	struct ingress_item	*head, *tail;
	size_t			 n;
};

struct ingress {
	struct app		*app;
	struct lws_context	*context;
	struct ingress_list	 waiting;	/* in arrival order */
	struct ingress_list	 ready;
	bool			 resolving;	/* the head awaits a lookup */
	/*
	 * Chat users the platform or the roster said are nobody of ours:
	 * not looked up again for a while, so a stranger who keeps writing
	 * costs one lookup, not one per message.
	 */
	struct {
		char	 id[64];
		time_t	 until;
	}			 strangers[INGRESS_STRANGERS];
	size_t			 next_stranger;
	lws_sorted_usec_list_t	 sul_group;
};

/* A lookup on the worker, finished on the loop thread. */
struct ingress_lookup {
	struct ingress		*in;
	struct chat		*chat;
	char			*chat_user;
	char			*email;
	int			 rc;
};

static void	ingress_pump(struct ingress *);

static void
ingress_append(struct ingress_list *l, struct ingress_item *it)
{
	it->next = NULL;
	if (l->tail != NULL)
		l->tail->next = it;
	else
		l->head = it;
	l->tail = it;
	l->n++;
}

static struct ingress_item *
ingress_pop(struct ingress_list *l)
{
	struct ingress_item	*it = l->head;

	if (it != NULL) {
		l->head = it->next;
		if (l->head == NULL)
			l->tail = NULL;
		l->n--;
		it->next = NULL;
	}
	return it;
}

static void
ingress_item_free(struct ingress_item *it)
{
	size_t	i;

	request_clear(&it->req);
	for (i = 0; i < it->nlookups; i++)
		free(it->lookups[i]);
	free(it->lookups);
	free(it);
}

static void
ingress_want(struct ingress_item *it, const char *user)
{
	size_t	i;

	if (user == NULL || *user == '\0')
		return;
	for (i = 0; i < it->nlookups; i++) {
		if (strcmp(it->lookups[i], user) == 0)
			return;
	}
	it->lookups = xrealloc(it->lookups, (it->nlookups + 1) *
	    sizeof *it->lookups);
	it->lookups[it->nlookups++] = xstrdup(user);
}

/* The asker and every chat user the words mention must be linked first. */
static void
ingress_lookups(struct ingress_item *it)
{
	struct args	 a;
	char		*text;
	size_t		 i;

	/* Reactions and thread replies are counted, never answered. */
	if (it->req.kind != REQUEST_COMMAND)
		return;
	ingress_want(it, it->req.chat_user);
	text = dispatch_text(&it->req);
	args_parse(&a, text);
	for (i = 0; i < a.n; i++) {
		if (a.v[i].chat_id)
			ingress_want(it, a.v[i].value);
	}
	args_clear(&a);
	free(text);
}

/* Tells the adapter; a failed request is not acked and comes again. */
static void
ingress_answer(struct ingress *in, struct ingress_item *it,
    enum dispatch_result res, const struct answer *ans)
{
	struct chat	*chat = in->app->chat;

	chat->ack(chat, it->token, res, ans);
	ingress_item_free(it);
}

static void
ingress_fail(struct ingress *in, struct ingress_item *it)
{
	struct answer	ans;

	answer_init(&ans);
	reply_add(&ans.reply, REPLY_TEXT, msgcat_fmt(in->app->msg,
	    in->app->cfg->language, "dispatch.failed", NULL));
	ingress_answer(in, it, DISPATCH_FAILED, &ans);
	answer_clear(&ans);
}

/* Runs up to INGRESS_GROUP_MAX ready requests as one group commit. */
static void
ingress_group(lws_sorted_usec_list_t *sul)
{
	struct ingress		*in = lws_container_of(sul, struct ingress,
				    sul_group);
	struct ingress_item	*items[INGRESS_GROUP_MAX];
	struct dispatch_job	*jobs;
	size_t			 i, n = 0;

	if (in->ready.head == NULL)
		return;
	while (n < INGRESS_GROUP_MAX && in->ready.head != NULL)
		items[n++] = ingress_pop(&in->ready);
	if (in->ready.head != NULL)	/* the rest in the next turn */
		lws_sul_schedule(in->context, 0, &in->sul_group,
		    ingress_group, 1);
	jobs = xcalloc(n, sizeof *jobs);
	for (i = 0; i < n; i++) {
		jobs[i].req = &items[i]->req;
		answer_init(&jobs[i].answer);
	}
	dispatch_group(in->app, jobs, n);
	log_debug("%s: %zu request(s) in one commit", __func__, n);
	for (i = 0; i < n; i++) {
		if (jobs[i].res == DISPATCH_FAILED) {
			answer_clear(&jobs[i].answer);
			ingress_fail(in, items[i]);
			continue;
		}
		ingress_answer(in, items[i], jobs[i].res, &jobs[i].answer);
		answer_clear(&jobs[i].answer);
	}
	free(jobs);
	if (n > 0)
		outbox_wake(in->app->outbox);
}

static void
ingress_ready(struct ingress *in, struct ingress_item *it)
{
	if (in->ready.head == NULL)
		lws_sul_schedule(in->context, 0, &in->sul_group,
		    ingress_group, 1);
	ingress_append(&in->ready, it);
}

static bool
ingress_is_stranger(struct ingress *in, const char *user)
{
	time_t	now = clock_now();
	size_t	i;

	for (i = 0; i < INGRESS_STRANGERS; i++) {
		if (in->strangers[i].until > now &&
		    strcmp(in->strangers[i].id, user) == 0)
			return true;
	}
	return false;
}

static void
ingress_stranger(struct ingress *in, const char *user)
{
	size_t	i = in->next_stranger++ % INGRESS_STRANGERS;

	if (strlen(user) >= sizeof in->strangers[i].id)
		return;
	snprintf(in->strangers[i].id, sizeof in->strangers[i].id, "%s", user);
	in->strangers[i].until = clock_now() + INGRESS_STRANGER_TTL;
}

static void
ingress_lookup_run(void *arg)
{
	struct ingress_lookup	*l = arg;

	l->rc = l->chat->lookup(l->chat, l->chat_user, &l->email);
}

static void
ingress_lookup_done(void *arg, bool cancelled)
{
	struct ingress_lookup	*l = arg;
	struct ingress		*in = l->in;
	struct ingress_item	*it;
	char			*employee;

	if (cancelled)
		goto out;
	in->resolving = false;
	it = in->waiting.head;
	if (l->rc < 0) {
		log_warnx("%s: cannot look up %s user %s now; not acked",
		    __func__, in->app->chat->platform, l->chat_user);
		ingress_fail(in, ingress_pop(&in->waiting));
	} else {
		employee = l->rc == 1 ? q_identity_by_email(in->app->db,
		    l->email) : NULL;
		if (employee == NULL)
			ingress_stranger(in, l->chat_user);
		else if (q_identity_set(in->app->db, in->app->chat->platform,
		    l->chat_user, employee) == 0)
			log_info("%s: linked %s user %s to %s by email",
			    __func__, in->app->chat->platform, l->chat_user,
			    employee);
		free(employee);
		it->next_lookup++;
	}
	ingress_pump(in);
out:
	free(l->chat_user);
	free(l->email);
	free(l);
}

/*
 * Moves the head of the queue on: links its users one lookup at a time,
 * then hands it to the next group.  Returns false while a lookup is out.
 */
static bool
ingress_resolve(struct ingress *in, struct ingress_item *it)
{
	struct chat		*chat = in->app->chat;
	struct ingress_lookup	*l;
	int			 known;

	for (; it->next_lookup < it->nlookups; it->next_lookup++) {
		if (chat->lookup == NULL)
			break;
		known = q_identity_known(in->app->db, chat->platform,
		    it->lookups[it->next_lookup]);
		if (known < 0) {
			ingress_fail(in, ingress_pop(&in->waiting));
			return true;
		}
		if (known == 0 && !ingress_is_stranger(in,
		    it->lookups[it->next_lookup]))
			break;
	}
	if (chat->lookup == NULL || it->next_lookup == it->nlookups) {
		ingress_ready(in, ingress_pop(&in->waiting));
		return true;
	}
	l = xcalloc(1, sizeof *l);
	l->in = in;
	l->chat = chat;
	l->chat_user = xstrdup(it->lookups[it->next_lookup]);
	in->resolving = true;
	worker_push(in->app->worker, ingress_lookup_run, ingress_lookup_done,
	    l);
	return false;
}

static void
ingress_pump(struct ingress *in)
{
	while (!in->resolving && in->waiting.head != NULL) {
		if (!ingress_resolve(in, in->waiting.head))
			return;
	}
}

/*
 * Loop thread: takes a request from an adapter.  Its contents move to
 * ingress (req is left cleared); token is handed back through chat->ack,
 * exactly once, when the outcome is known.
 */
void
ingress_submit(struct ingress *in, struct request *req, void *token)
{
	struct ingress_item	*it;

	it = xcalloc(1, sizeof *it);
	it->req = *req;
	memset(req, 0, sizeof *req);
	it->token = token;
	ingress_lookups(it);
	ingress_append(&in->waiting, it);
	ingress_pump(in);
}

/*
 * Links chat_user of the running adapter to employee_id, for an adapter
 * whose users are who they say (the console's /as).  Returns 0 or -1.
 */
int
ingress_link(struct ingress *in, const char *chat_user,
    const char *employee_id)
{
	return q_identity_set(in->app->db, in->app->chat->platform, chat_user,
	    employee_id);
}

/*
 * For an adapter that speaks for itself (the console's own commands): the
 * language employee_id reads the bot in (caller frees).
 */
char *
ingress_lang_of(struct ingress *in, const char *employee_id)
{
	struct ctx	ctx;

	sched_job_ctx(in->app, &ctx);
	return h_lang_of(&ctx, employee_id);
}

/* when as a date and time in lang, as handlers write it (caller frees). */
char *
ingress_when(struct ingress *in, const char *lang, time_t when)
{
	struct ctx	ctx;

	sched_job_ctx(in->app, &ctx);
	ctx.lang = lang;
	return h_when(&ctx, when);
}

/* Creates ingress on the loop's context (caller frees with ingress_free). */
struct ingress *
ingress_create(struct app *app, struct loop *loop)
{
	struct ingress	*in;

	in = xcalloc(1, sizeof *in);
	in->app = app;
	in->context = loop_context(loop);
	return in;
}

/*
 * Drops what was never run: those requests were not acked, so the
 * platform sends them again.  Call after the worker has stopped.
 */
void
ingress_free(struct ingress *in)
{
	struct ingress_item	*it;

	if (in == NULL)
		return;
	lws_sul_cancel(&in->sul_group);
	while ((it = ingress_pop(&in->waiting)) != NULL)
		ingress_fail(in, it);
	while ((it = ingress_pop(&in->ready)) != NULL)
		ingress_fail(in, it);
	free(in);
}
