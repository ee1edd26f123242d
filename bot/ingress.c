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
 * lookup (chat user -> verified email) runs on a thread of app->lookups;
 * the roster match and the link are made back on the loop thread.  While
 * the head waits, the unknown users of the requests that come in behind it
 * are looked up ahead (INGRESS_AHEAD at once, on the lookups' other
 * threads) and the answers of one turn linked in one transaction, so that
 * a burst of first contacts costs a few round trips at once instead of a
 * round trip and a commit in turn for each; requests still run in the
 * order they came.
 *
 * Resolved requests gather in the ready list; a zero-delay sul runs them
 * after the current turn of the loop, up to INGRESS_GROUP_MAX in one
 * transaction, so that everything that arrived in one turn shares one
 * COMMIT (one fsync) and only then is acked.
 *
 * Fairness.  Each chat user has a token bucket ([limits] commands per
 * window seconds): a request beyond it is not run but still claimed and
 * acked, with one polite "slow down" and then silence until the bucket
 * has refilled, so that one person's flood neither runs nor comes again.
 * A message of too many words or mentions is answered so and not run,
 * and only the first [limits] lookups unknown mentions of a message are
 * looked up; misses are remembered for [limits] miss_cache seconds.  A
 * lookup the platform rate-limits keeps its request at the head of the
 * queue until Retry-After has passed, then asks again: never dropped
 * unacked.
 *
 * Identity.  A link is made only to the one active person with the
 * account's email and is never re-pointed (q_identity_link).  Linked
 * accounts are checked again: a few each minute (the first round soon
 * after start) once [limits] email_check_hours have passed since their
 * last check or link, and at once when the platform says a profile
 * changed (ingress_recheck).  An account whose
 * email no longer names its employee, or that is nobody of ours any more,
 * is unlinked, with an audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libwebsockets.h>

#include "chat.h"
#include "handlers.h"

#define INGRESS_GROUP_MAX	256	/* requests in one transaction */
#define INGRESS_STRANGERS	256	/* chat users remembered as no one */
#define INGRESS_BUCKETS		1024	/* chat users' token buckets */
#define INGRESS_PROBE		8	/* slots tried for one user */
#define INGRESS_CHECK_FIRST	5	/* seconds after start: links made
					   before an upgrade are due at once */
#define INGRESS_CHECK_EVERY	60	/* seconds between email checks */
#define INGRESS_CHECK_BATCH	20	/* accounts checked each time */
#define INGRESS_AHEAD		16	/* lookups ahead of the head at once */

/* One chat user's token bucket (see DESIGN). */
struct ingress_bucket {
	char		 id[64];
	double		 tokens;
	long long	 at_ms;		/* monotonic: last refill */
	bool		 warned;	/* "slow down" said since it ran dry */
};

struct ingress_item {
	struct ingress_item	*next;
	struct request		 req;		/* owned */
	void			*token;		/* the adapter's */
	char			**lookups;	/* chat users to link first */
	size_t			 nlookups;
	size_t			 next_lookup;
	struct timespec		 t_in;		/* for the ack latency */
	const char		*say;		/* see struct dispatch_job */
};

/* A lookup made ahead of the head, until its link is written. */
struct ingress_ahead {
	char		*user;		/* NULL: a free slot */
	char		*email;		/* the answer (NULL: none shown) */
	bool		 answered;
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
	bool			 head_waits;	/* ... that was made ahead */
	char			*head_lookup;	/* whom the head's is for */
	struct ingress_ahead	 ahead[INGRESS_AHEAD];
	long long		 ahead_until_ms;	/* rate-limited till */
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
	struct ingress_bucket	 buckets[INGRESS_BUCKETS];
	size_t			 checking;	/* email checks in flight */
	lws_sorted_usec_list_t	 sul_group;
	lws_sorted_usec_list_t	 sul_retry;	/* a rate-limited lookup */
	lws_sorted_usec_list_t	 sul_check;	/* the periodic email check */
	lws_sorted_usec_list_t	 sul_links;	/* answers looked up ahead */
};

/* A lookup on the worker, finished on the loop thread. */
struct ingress_lookup {
	struct ingress		*in;
	struct chat		*chat;
	char			*chat_user;
	char			*email;
	int			 rc;
	int			 retry_after;
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

static bool	ingress_is_stranger(struct ingress *, const char *);

/*
 * The asker and the chat users the words mention must be linked first:
 * unknown ones up to [limits] lookups.  A message of too many words or
 * mentions is not run (it->say), and costs no lookup but the asker's.
 */
static void
ingress_lookups(struct ingress *in, struct ingress_item *it)
{
	const struct config	*cfg = in->app->cfg;
	struct args		 a;
	char			*text;
	size_t			 i, mentions = 0, unknown = 0;

	/* Reactions and thread replies are counted, never answered. */
	if (it->req.kind != REQUEST_COMMAND)
		return;
	ingress_want(it, it->req.chat_user);
	if (it->say != NULL)
		return;
	text = dispatch_text(&it->req);
	args_parse(&a, text);
	for (i = 0; i < a.n; i++)
		mentions += a.v[i].kind == ARG_MENTION;
	if ((long)a.n > cfg->limit_words)
		it->say = "ingress.too_many_words";
	else if ((long)mentions > cfg->limit_mentions)
		it->say = "ingress.too_many_mentions";
	for (i = 0; i < a.n && it->say == NULL; i++) {
		if (!a.v[i].chat_id || q_identity_known(in->app->db,
		    in->app->chat->platform, a.v[i].value) != 0 ||
		    ingress_is_stranger(in, a.v[i].value))
			continue;	/* linked, or known to be nobody */
		if ((long)unknown++ >= cfg->limit_lookups)
			break;
		ingress_want(it, a.v[i].value);
	}
	args_clear(&a);
	free(text);
}

static long long
ingress_mono_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The bucket of user: found, or a free or the stalest slot of its probe. */
static struct ingress_bucket *
ingress_bucket(struct ingress *in, const char *user)
{
	struct ingress_bucket	*b, *stale = NULL;
	uint32_t		 h = str_hash(user);
	size_t			 i;

	for (i = 0; i < INGRESS_PROBE; i++) {
		b = &in->buckets[(h + i) % INGRESS_BUCKETS];
		if (strcmp(b->id, user) == 0)
			return b;
		if (stale == NULL || b->at_ms < stale->at_ms)
			stale = b;
	}
	snprintf(stale->id, sizeof stale->id, "%s", user);
	stale->tokens = (double)in->app->cfg->limit_commands;
	stale->at_ms = ingress_mono_ms();
	stale->warned = false;
	return stale;
}

/*
 * Takes a token from the asker's bucket.  Returns NULL when the request
 * may run, else what to answer instead (see struct dispatch_job).
 */
static const char *
ingress_throttle(struct ingress *in, const char *user)
{
	const struct config	*cfg = in->app->cfg;
	struct ingress_bucket	*b;
	double			 cap = (double)cfg->limit_commands;
	long long		 now = ingress_mono_ms();

	/*
	 * A platform with no lookup has its users linked otherwise: the
	 * console's one local user, whose scripts may type as fast as
	 * they like.
	 */
	if (in->app->chat->lookup == NULL || user == NULL ||
	    strlen(user) >= sizeof b->id)
		return NULL;
	b = ingress_bucket(in, user);
	b->tokens += (double)(now - b->at_ms) * cap /
	    (1000.0 * (double)cfg->limit_window);
	if (b->tokens > cap)
		b->tokens = cap;
	b->at_ms = now;
	if (b->tokens >= 1.0) {
		b->tokens -= 1.0;
		b->warned = false;
		return NULL;
	}
	if (b->warned)
		return "";
	b->warned = true;
	log_info("%s: %s user %s is over [limits] commands; slowed down",
	    __func__, in->app->chat->platform, user);
	return "ingress.slow_down";
}

/* Tells the adapter; a failed request is not acked and comes again. */
static void
ingress_answer(struct ingress *in, struct ingress_item *it,
    enum dispatch_result res, const struct answer *ans)
{
	struct chat	*chat = in->app->chat;
	struct timespec	 now;

	chat->ack(chat, it->token, res, ans);
	clock_gettime(CLOCK_MONOTONIC, &now);
	metrics_answered(res != DISPATCH_FAILED, res == DISPATCH_DUPLICATE,
	    (double)(now.tv_sec - it->t_in.tv_sec) +
	    (double)(now.tv_nsec - it->t_in.tv_nsec) / 1e9);
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
		jobs[i].say = items[i]->say;
		answer_init(&jobs[i].answer);
	}
	dispatch_group(in->app, jobs, n);
	metrics_group(n);
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
	in->strangers[i].until = clock_now() + in->app->cfg->limit_miss_cache;
}

static void
ingress_lookup_run(void *arg)
{
	struct ingress_lookup	*l = arg;

	l->rc = l->chat->lookup(l->chat, l->chat_user, &l->email,
	    &l->retry_after);
}

static void
ingress_lookup_free(struct ingress_lookup *l)
{
	free(l->chat_user);
	free(l->email);
	free(l);
}

/* Looks chat_user up off the loop; done() gets the answer on the loop. */
static struct ingress_lookup *
ingress_lookup_push(struct ingress *in, const char *chat_user,
    void (*done)(void *, bool))
{
	struct ingress_lookup	*l;

	l = xcalloc(1, sizeof *l);
	l->in = in;
	l->chat = in->app->chat;
	l->chat_user = xstrdup(chat_user);
	worker_push(in->app->lookups, ingress_lookup_run, done, l);
	return l;
}

/* No lookup ahead of the head for the platform's Retry-After. */
static void
ingress_ahead_pause(struct ingress *in, int retry_after)
{
	in->ahead_until_ms = ingress_mono_ms() + (long long)retry_after * 1000;
}

/* Links chat_user to the one active person with email, if any. */
static void
ingress_link_email(struct ingress *in, const char *chat_user,
    const char *email)
{
	const char	*platform = in->app->chat->platform;
	char		*employee;

	employee = email != NULL ? q_identity_by_email(in->app->db, email) :
	    NULL;
	if (employee == NULL)
		ingress_stranger(in, chat_user);
	else if (q_identity_link(in->app->db, platform, chat_user,
	    employee) == 1)
		log_info("%s: linked %s user %s to %s by email", __func__,
		    platform, chat_user, employee);
	free(employee);
}

/* The head's lookup again, once the platform's Retry-After has passed. */
static void
ingress_retry(lws_sorted_usec_list_t *sul)
{
	struct ingress	*in = lws_container_of(sul, struct ingress,
			    sul_retry);

	in->resolving = false;
	ingress_pump(in);
}

static void
ingress_lookup_done(void *arg, bool cancelled)
{
	struct ingress_lookup	*l = arg;
	struct ingress		*in = l->in;
	struct ingress_item	*it;

	if (cancelled)
		goto out;
	in->head_lookup = NULL;
	it = in->waiting.head;
	if (l->rc < 0 && l->retry_after > 0) {
		/* Rate limited: the head waits, still queued, unacked. */
		log_info("%s: %s user %s waits %d s for the lookup", __func__,
		    in->app->chat->platform, l->chat_user, l->retry_after);
		lws_sul_schedule(in->context, 0, &in->sul_retry,
		    ingress_retry, (lws_usec_t)l->retry_after *
		    LWS_US_PER_SEC);
		ingress_ahead_pause(in, l->retry_after);
		goto out;	/* still resolving */
	}
	in->resolving = false;
	if (l->rc < 0) {
		log_warnx("%s: cannot look up %s user %s now; not acked",
		    __func__, in->app->chat->platform, l->chat_user);
		ingress_fail(in, ingress_pop(&in->waiting));
	} else {
		ingress_link_email(in, l->chat_user, l->rc == 1 ? l->email :
		    NULL);
		it->next_lookup++;
	}
	ingress_pump(in);
out:
	ingress_lookup_free(l);
}

/* The slot of the lookup made ahead for user (NULL: a free one), or NULL. */
static struct ingress_ahead *
ingress_ahead_slot(struct ingress *in, const char *user)
{
	struct ingress_ahead	*a;
	size_t			 i;

	for (i = 0; i < INGRESS_AHEAD; i++) {
		a = &in->ahead[i];
		if (user == NULL ? a->user == NULL :
		    a->user != NULL && strcmp(a->user, user) == 0)
			return a;
	}
	return NULL;
}

static void
ingress_ahead_clear(struct ingress_ahead *a)
{
	free(a->user);
	free(a->email);
	memset(a, 0, sizeof *a);
}

/*
 * The answers looked up ahead, linked in one transaction (one fsync for
 * all that came in one turn of the loop, not one each); then the head
 * may go on.  A failed transaction links nobody: the requests look their
 * users up again when they are the head.
 */
static void
ingress_links(lws_sorted_usec_list_t *sul)
{
	struct ingress		*in = lws_container_of(sul, struct ingress,
				    sul_links);
	struct ingress_ahead	*a;
	bool			 open;
	size_t			 i;

	open = db_begin(in->app->db) == 0;
	for (i = 0; i < INGRESS_AHEAD; i++) {
		a = &in->ahead[i];
		if (a->user == NULL || !a->answered)
			continue;
		if (open)
			ingress_link_email(in, a->user, a->email);
		ingress_ahead_clear(a);
	}
	if (open && db_commit(in->app->db) != 0)
		db_rollback(in->app->db);
	if (in->head_waits) {
		in->head_waits = in->resolving = false;
		ingress_pump(in);
	}
}

/*
 * A lookup made ahead of the head: its answer is linked by ingress_links,
 * with the others of this turn, as the head's own would be; a failure is
 * forgotten (the request asks again once it is the head).
 */
static void
ingress_ahead_done(void *arg, bool cancelled)
{
	struct ingress_lookup	*l = arg;
	struct ingress		*in = l->in;
	struct ingress_ahead	*a;

	if (cancelled || (a = ingress_ahead_slot(in, l->chat_user)) == NULL)
		goto out;
	if (l->rc >= 0) {
		if (l->rc == 1) {
			a->email = l->email;
			l->email = NULL;
		}
		a->answered = true;
	} else {
		if (l->retry_after > 0)
			ingress_ahead_pause(in, l->retry_after);
		ingress_ahead_clear(a);
	}
	/* The transaction, and the head, wait for the end of this turn. */
	lws_sul_schedule(in->context, 0, &in->sul_links, ingress_links, 1);
out:
	ingress_lookup_free(l);
}

/*
 * While the head waits for a lookup, starts those of a request that came
 * in behind it: for each user not linked, not a known stranger and not
 * being looked up already, while a slot is free.
 */
static void
ingress_ahead(struct ingress *in, const struct ingress_item *it)
{
	struct chat		*chat = in->app->chat;
	struct ingress_ahead	*a;
	const char		*user;
	size_t			 i;

	if (!in->resolving || chat->lookup == NULL ||
	    ingress_mono_ms() < in->ahead_until_ms)
		return;
	for (i = 0; i < it->nlookups; i++) {
		user = it->lookups[i];
		if ((in->head_lookup != NULL &&
		    strcmp(in->head_lookup, user) == 0) ||
		    ingress_ahead_slot(in, user) != NULL ||
		    ingress_is_stranger(in, user) ||
		    q_identity_known(in->app->db, chat->platform, user) != 0)
			continue;
		if ((a = ingress_ahead_slot(in, NULL)) == NULL)
			return;
		a->user = xstrdup(user);
		(void)ingress_lookup_push(in, user, ingress_ahead_done);
	}
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
		    it->lookups[it->next_lookup])) {
			if (ingress_ahead_slot(in,
			    it->lookups[it->next_lookup]) != NULL) {
				in->resolving = in->head_waits = true;
				return false;
			}
			break;
		}
	}
	if (chat->lookup == NULL || it->next_lookup == it->nlookups) {
		ingress_ready(in, ingress_pop(&in->waiting));
		return true;
	}
	in->resolving = true;
	l = ingress_lookup_push(in, it->lookups[it->next_lookup],
	    ingress_lookup_done);
	in->head_lookup = l->chat_user;
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
	clock_gettime(CLOCK_MONOTONIC, &it->t_in);
	metrics_received();
	/* Only commands cost a token: reactions and replies are counted. */
	if (it->req.kind == REQUEST_COMMAND)
		it->say = ingress_throttle(in, it->req.chat_user);
	ingress_lookups(in, it);
	ingress_append(&in->waiting, it);
	ingress_pump(in);
	if (in->waiting.tail == it)	/* it waits behind a lookup */
		ingress_ahead(in, it);
}

/*
 * Links chat_user of the running adapter to employee_id, for an adapter
 * whose users are who they say (the console's /as).  Returns 0 or -1.
 */
int
ingress_link(struct ingress *in, const char *chat_user,
    const char *employee_id)
{
	return q_identity_link(in->app->db, in->app->chat->platform,
	    chat_user, employee_id) == 1 ? 0 : -1;
}

/*
 * Loop thread: an email check's answer.  The account stays linked only
 * while the platform still gives an email that names its employee alone.
 */
static void
ingress_check_done(void *arg, bool cancelled)
{
	struct ingress_lookup	*l = arg;
	struct ingress		*in = l->in;
	struct db		*db = in->app->db;
	const char		*platform = in->app->chat->platform;
	struct staff		*me = NULL;
	char			*owner = NULL, *was = NULL, *detail;
	int			 linked;

	if (cancelled)
		goto out;
	in->checking--;
	if (l->rc < 0 || l->rc == 2)	/* asked again at the next round */
		goto out;
	linked = q_staff_by_chat(db, platform, l->chat_user, &me);
	if (linked <= 0)
		goto out;
	if (l->rc == 1)
		owner = q_identity_by_email(db, l->email);
	if (owner != NULL && strcmp(owner, me->employee_id) == 0) {
		(void)q_identity_checked(db, platform, l->chat_user,
		    clock_now());
		goto out;
	}
	/* The unlink and its audit entry, together or not at all. */
	if (db_begin(db) != 0)
		goto out;
	if (q_identity_unlink(db, platform, l->chat_user, &was) != 1) {
		db_rollback(db);
		goto out;
	}
	xasprintf(&detail, "%s %s %s: %s", platform, l->chat_user, was,
	    l->rc == 1 ? "the account's email no longer names this person" :
	    "the account is no person of ours any more");
	if (q_audit(db, "yelld", "identity.unlink", detail,
	    clock_now()) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		log_warnx("%s: could not unlink %s; asked again later",
		    __func__, detail);
	} else {
		log_warnx("%s: unlinked %s", __func__, detail);
		ingress_stranger(in, l->chat_user);
	}
	free(detail);
out:
	free(was);
	free(owner);
	staff_free(me);
	ingress_lookup_free(l);
}

/*
 * Loop thread: checks a linked account's email again (the platform said
 * its profile changed, or its check is due).  Does nothing for an account
 * that is not linked, or on a platform with no lookup.
 */
void
ingress_recheck(struct ingress *in, const char *chat_user)
{
	struct chat	*chat = in->app->chat;

	if (chat->lookup == NULL || chat_user == NULL ||
	    q_identity_known(in->app->db, chat->platform, chat_user) != 1)
		return;
	in->checking++;
	(void)ingress_lookup_push(in, chat_user, ingress_check_done);
}

/* Every minute: the accounts whose check is due, a few at a time. */
static void
ingress_check_tick(lws_sorted_usec_list_t *sul)
{
	struct ingress		*in = lws_container_of(sul, struct ingress,
				    sul_check);
	long			 hours = in->app->cfg->limit_email_check_hours;
	struct identity		*v;
	size_t			 i, n;

	lws_sul_schedule(in->context, 0, &in->sul_check, ingress_check_tick,
	    (lws_usec_t)INGRESS_CHECK_EVERY * LWS_US_PER_SEC);
	if (in->checking > 0)
		return;		/* the last round is still out */
	v = q_identity_list(in->app->db, in->app->chat->platform,
	    clock_now() - hours * 3600, INGRESS_CHECK_BATCH, &n);
	for (i = 0; i < n; i++)
		ingress_recheck(in, v[i].chat_user);
	identity_array_free(v, n);
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
	if (app->chat->lookup != NULL && app->cfg->limit_email_check_hours > 0)
		lws_sul_schedule(in->context, 0, &in->sul_check,
		    ingress_check_tick, (lws_usec_t)INGRESS_CHECK_FIRST *
		    LWS_US_PER_SEC);
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
	size_t			 i;

	if (in == NULL)
		return;
	lws_sul_cancel(&in->sul_group);
	lws_sul_cancel(&in->sul_retry);
	lws_sul_cancel(&in->sul_check);
	lws_sul_cancel(&in->sul_links);
	while ((it = ingress_pop(&in->waiting)) != NULL)
		ingress_fail(in, it);
	while ((it = ingress_pop(&in->ready)) != NULL)
		ingress_fail(in, it);
	for (i = 0; i < INGRESS_AHEAD; i++)
		ingress_ahead_clear(&in->ahead[i]);
	free(in);
}
