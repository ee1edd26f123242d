/*
 * slack_socket.c: the Slack adapter's Socket Mode side: connections to Slack
 * (apps.connections.open, hello, disconnect, refresh) and the envelopes
 * they carry, turned into struct request, dispatched and acked.  The
 * socket itself (frames, send queue, back-off, pings) is a net_ws, the Web
 * API client is net_rest behind slack_api.c, and the tokens are read by
 * net_secret_read (bot/net/).  Block Kit is in slack_render.c, outbox
 * delivery in slack_send.c.  No JSON goes past this file into handlers.
 *
 * DESIGN
 * Everything here runs on the loop thread, except Web API calls, which are
 * worker jobs (auth.test, users.info, views.open on one worker,
 * apps.connections.open on a second one, so that a connection never waits
 * behind the others) whose results come back to the loop (worker.c).
 *
 * Connections.  [slack] connections slots (2 by default) each keep one
 * connection up.  A connection is counted up only after Slack's hello.  On
 * disconnect "warning" or "refresh_requested" Slack sends nothing new on
 * that connection, and a slash command or an interaction that finds no
 * connection fails for the user and is never sent again: so a replacement
 * for the same slot is opened at once, the other slot carries on
 * meanwhile, and the old connection is closed (1000) only when the new one
 * has said hello and every envelope that came on the old one has been
 * acked on it (or given up: slack_conn_settled), or after 10 s at most.
 * Lost connections come back after an lws_retry_bo_t back-off with jitter;
 * "too_many_websockets" closes first and waits 30 s or more;
 * "link_disabled" or a refused token stops yelld (exit 78).  lws pings an
 * idle connection and hangs up one that stays silent (the policy's
 * secs_since_valid_ping and secs_since_valid_hangup).
 *
 * Envelopes.  Each is parsed into a struct slack_env and handled in the
 * order it came.  Slack users seen for the first time (the asker, and users
 * mentioned) are linked to the roster by email through users.info; the
 * envelopes behind wait meanwhile.  Then dispatch() runs the request in one
 * transaction with the delivery id (event_id for events, else envelope_id),
 * and only then is the envelope acked, on the connection it came on.  A
 * request that failed is not acked, so Slack sends it again; a duplicate
 * is acked and not run.
 *
 * Answers.  A DM is answered with a DM and a mention in a channel with an
 * ephemeral message there, both through the outbox.  A button whose
 * command succeeded also queues, in the same transaction, a chat.update of
 * the message that carried it: its blocks as Slack sent them, the button
 * replaced by a line saying what was done (slack_pressed_done).
 */
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "handlers.h"
#include "net.h"
#include "slack.h"
#include "state.h"

#define SLACK_PLATFORM		"slack"
#define SLACK_PROTOCOL		"yell-slack"	/* our lws protocol */
#define SLACK_FRAME_MAX		(1024 * 1024)	/* bytes of one message */
#define SLACK_TOKEN_MAX		512
#define SLACK_TOO_MANY_WAIT	30	/* seconds, times the count */
#define SLACK_TOO_MANY_CAP	300
#define SLACK_DRAIN_MAX_MS	10000	/* a replaced connection's last acks */

enum slack_conn_state {
	CONN_IDLE,		/* waiting to (re)connect */
	CONN_URL,		/* apps.connections.open in flight */
	CONN_CONNECTING,	/* TCP, TLS and WebSocket handshakes */
	CONN_HELLO,		/* connected, waiting for hello */
	CONN_UP,
};

struct slack_conn {
	struct net_ws		 ws;		/* the socket (net.h) */
	struct slack		*s;
	struct slack_conn	*next;
	unsigned		 serial;	/* names it in logs and jobs */
	int			 slot;
	enum slack_conn_state	 state;
	char			**inflight;	/* envelope ids not yet acked */
	size_t			 ninflight, ainflight;
	lws_sorted_usec_list_t	 sul_drain;
	struct slack_conn	*replacement;	/* opened to take over */
	struct slack_conn	*replaces;	/* drained when we say hello */
	bool			 draining;	/* replaced: awaits its acks */
	bool			 too_many;	/* leaving for that reason */
};

struct slack {
	struct app		*app;
	const struct config	*cfg;
	struct loop		*loop;
	struct lws_context	*context;
	struct lws_vhost	*vhost;
	struct worker		*worker;
	struct worker		*conn_worker;	/* apps.connections.open */
	struct slack_web	*web;
	struct slack_sender	*sender;
	char			*app_token;
	char			*bot_token;
	char			*bot_user;	/* from auth.test */
	char			*bot_id;
	char			*team_id;
	char			*app_id;
	struct slack_conn	*conns;
	unsigned		 next_serial;
	struct slack_env	*envq, *envq_tail;	/* in arrival order */
	bool			 resolving;	/* the head awaits users.info */
	lws_sorted_usec_list_t	 sul_auth;
	uint16_t		 auth_retries;
	int			 too_many;	/* in a row, reset by hello */
	bool			 stopping;
	/*
	 * The back-off table is static; the policy is not only because its
	 * ping and hang-up times come from the configuration, so that the
	 * tests can run them in seconds.
	 */
	lws_retry_bo_t		 retry;
};

/* Reconnect back-off (slack.md 1.6): 1 s doubling to 60 s, 30 % jitter. */
static const uint32_t slack_backoff_ms[] = { 1000, 2000, 4000, 8000, 16000,
    32000, 60000 };

/* The message a pressed button sat in, to edit once the command ran. */
struct slack_pressed {
	char		*channel;	/* container.channel_id */
	char		*ts;		/* container.message_ts */
	char		*text;		/* message.text, or NULL */
	char		*blocks;	/* message.blocks, as JSON text */
	char		*block_id;
	char		*action_id;	/* as rendered: "enroll~1" */
	char		*label;		/* the button's text */
};

/* An envelope, typed: what the request is and how to answer it. */
enum slack_env_kind { ENV_COMMAND, ENV_HOME, ENV_COMPOSE, ENV_IGNORE };
struct slack_env {
	struct slack_env	*next;		/* in the queue */
	unsigned		 serial;	/* connection it came on */
	char			*envelope_id;
	bool			 accepts_payload;
	enum slack_env_kind	 kind;
	struct request		 req;
	char			*compose_to;	/* ENV_COMPOSE: employee id */
	struct slack_pressed	*pressed;	/* a button in a message */
	char			**lookups;	/* Slack users to link first */
	size_t			 nlookups;
	size_t			 next_lookup;
};

/* A Web API call made on the worker, finished on the loop thread. */
struct slack_call {
	struct slack		*s;
	const char		*method;
	const char		*token;
	json_t			*args;
	char			*form;
	struct slack_result	 res;
	unsigned		 serial;
	struct slack_env	*env;
	void			(*then)(struct slack_call *);
};

static void	slack_conn_open(struct slack_conn *);
static void	slack_env_resolve(struct slack *, struct slack_env *);
static void	slack_env_pump(struct slack *);

/* --- Worker calls --------------------------------------------------- */

static void
slack_call_run(void *arg)
{
	struct slack_call	*call = arg;

	slack_web_call(call->s->web, call->method, call->token, call->args,
	    call->form, &call->res);
}

static void slack_env_free(struct slack_env *);

static void
slack_call_done(void *arg, bool cancelled)
{
	struct slack_call	*call = arg;

	if (!cancelled && call->then != NULL)
		call->then(call);
	else if (!cancelled && call->res.outcome != SLACK_OK)
		log_warnx("%s: %s failed: %s", __func__, call->method,
		    call->res.error);
	slack_env_free(call->env);
	slack_result_clear(&call->res);
	json_decref(call->args);
	free(call->form);
	free(call);
}

/*
 * A Web API call to queue with slack_call_push; then() will run on the
 * loop thread with the result.  The call owns args, form and env.
 */
static struct slack_call *
slack_call_new(struct slack *s, const char *method, const char *token,
    json_t *args, void (*then)(struct slack_call *))
{
	struct slack_call	*call;

	call = xcalloc(1, sizeof *call);
	call->s = s;
	call->method = method;
	call->token = token;
	call->args = args;
	call->then = then;
	return call;
}

/* Hands the call to the worker: from now on only the worker touches it. */
static void
slack_call_push(struct slack_call *call)
{
	worker_push(call->s->worker, slack_call_run, slack_call_done, call);
}

static void
slack_call(struct slack *s, const char *method, const char *token,
    json_t *args, void (*then)(struct slack_call *))
{
	slack_call_push(slack_call_new(s, method, token, args, then));
}

/* --- Connections ---------------------------------------------------- */

static const struct net_ws_ops slack_conn_ops;

static struct slack_conn *
slack_conn_find(struct slack *s, unsigned serial)
{
	struct slack_conn	*c;

	for (c = s->conns; c != NULL && c->serial != serial; c = c->next)
		;
	return c;
}

static struct slack_conn *
slack_conn_create(struct slack *s, int slot)
{
	struct slack_conn	*c;

	c = xcalloc(1, sizeof *c);
	c->s = s;
	c->slot = slot;
	c->serial = ++s->next_serial;
	net_ws_init(&c->ws, &slack_conn_ops, s->context, s->vhost,
	    SLACK_PROTOCOL, &s->retry, SLACK_FRAME_MAX,
	    s->cfg->slack_hello_timeout_ms);
	net_ws_name(&c->ws, "connection %u", c->serial);
	c->next = s->conns;
	s->conns = c;
	return c;
}

static struct slack_conn *
slack_conn_of(struct net_ws *ws)
{
	return lws_container_of(ws, struct slack_conn, ws);
}

/* Forgets the envelopes in flight: their acks have nowhere to go now. */
static void
slack_conn_drop_inflight(struct slack_conn *c)
{
	size_t	i;

	for (i = 0; i < c->ninflight; i++)
		free(c->inflight[i]);
	c->ninflight = 0;
	c->draining = false;
	lws_sul_cancel(&c->sul_drain);
}

/* Unlinks and frees a connection that has no socket any more. */
static void
slack_conn_free(struct slack_conn *c)
{
	struct slack_conn	**pp;

	for (pp = &c->s->conns; *pp != NULL && *pp != c; pp = &(*pp)->next)
		;
	if (*pp == c)
		*pp = c->next;
	if (c->replacement != NULL)
		c->replacement->replaces = NULL;
	if (c->replaces != NULL)
		c->replaces->replacement = NULL;
	slack_conn_drop_inflight(c);
	free(c->inflight);
	net_ws_clear(&c->ws);
	free(c);
}

static int
slack_conns_up(struct slack *s)
{
	struct slack_conn	*c;
	int			 n = 0;

	for (c = s->conns; c != NULL; c = c->next)
		n += c->state == CONN_UP;
	return n;
}

/* Waits out the back-off (or at least min_ms), then opens c again. */
static void
slack_conn_retry(struct slack_conn *c, long min_ms)
{
	c->state = CONN_IDLE;
	net_ws_retry(&c->ws, min_ms);
}

/* Starts the handshakes to the wss:// (or loopback ws://) URL. */
static int
slack_conn_connect(struct slack_conn *c, const char *url)
{
	char	*cause = NULL;

	if (c->ws.host != NULL) {	/* a new socket, a new name: */
		c->serial = ++c->s->next_serial; /* acks never cross sockets */
		net_ws_name(&c->ws, "connection %u", c->serial);
	}
	c->state = CONN_CONNECTING;
	if (net_ws_connect(&c->ws, url, &cause) == 0)
		return 0;
	log_warnx("%s: connection %u: the URL Slack gave: %s", __func__,
	    c->serial, cause);
	free(cause);
	return -1;
}

static void
slack_conn_url(struct slack_call *call)
{
	struct slack		*s = call->s;
	struct slack_conn	*c = slack_conn_find(s, call->serial);
	const char		*url;

	if (c == NULL || s->stopping)
		return;
	switch (call->res.outcome) {
	case SLACK_OK:
		url = slack_result_string(&call->res, "url");
		if (url != NULL && slack_conn_connect(c, url) == 0)
			return;
		slack_conn_retry(c, 0);
		return;
	case SLACK_AUTH:
		log_warnx("Slack refused the app-level token for "
		    "apps.connections.open (%s): check [slack] app_token_file "
		    "or YELL_SLACK_APP_TOKEN (an xapp- token with "
		    "connections:write); stopping", call->res.error);
		loop_stop(s->loop, LOOP_END_CONFIG);
		return;
	case SLACK_RATELIMITED:
		slack_conn_retry(c, call->res.wait_ms);
		return;
	default:
		log_warnx("%s: connection %u: apps.connections.open: %s",
		    __func__, c->serial, call->res.error);
		slack_conn_retry(c, 0);
	}
}

/*
 * Asks Slack for a fresh URL: each one is good for one connection.  The
 * call has a worker of its own, so that a replacement never waits behind
 * users.info or views.open calls.
 */
static void
slack_conn_open(struct slack_conn *c)
{
	struct slack_call	*call;

	if (c->s->stopping)
		return;
	c->state = CONN_URL;
	call = slack_call_new(c->s, "apps.connections.open", c->s->app_token,
	    NULL, slack_conn_url);
	call->serial = c->serial;
	worker_push(c->s->conn_worker, slack_call_run, slack_call_done, call);
}

/* Queues a text frame (net_ws writes one per CLIENT_WRITEABLE). */
static void
slack_conn_send(struct slack_conn *c, json_t *msg)
{
	char	*text;

	text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (text != NULL)
		net_ws_send(&c->ws, text, strlen(text));
	free(text);
}

/* Leaves: flush the acks queued, then close with 1000. */
static void
slack_conn_close(struct slack_conn *c)
{
	net_ws_close(&c->ws);
}

/*
 * An envelope came on c: it is in flight until acked or given up, and a
 * replaced connection stays open meanwhile, since Slack takes an ack only
 * on the connection that carried the envelope and never sends a slash
 * command or an interaction again.
 */
static void
slack_conn_envelope(struct slack_conn *c, const char *envelope_id)
{
	if (c->ninflight == c->ainflight) {
		c->ainflight = c->ainflight == 0 ? 16 : 2 * c->ainflight;
		c->inflight = xrealloc(c->inflight, c->ainflight *
		    sizeof *c->inflight);
	}
	c->inflight[c->ninflight++] = xstrdup(envelope_id);
}

/*
 * The hook the envelope half calls for every envelope it took: it was
 * acked (slack_env_ack), or it is given up without an ack.  envelope_id
 * came on connection serial.  Calling it twice is harmless.  A replaced
 * connection is closed once nothing it carried is in flight.
 */
static void
slack_conn_settled(struct slack *s, unsigned serial, const char *envelope_id)
{
	struct slack_conn	*c = slack_conn_find(s, serial);
	size_t			 i;

	if (c == NULL || envelope_id == NULL)
		return;
	for (i = 0; i < c->ninflight; i++) {
		if (strcmp(c->inflight[i], envelope_id) == 0) {
			free(c->inflight[i]);
			c->inflight[i] = c->inflight[--c->ninflight];
			break;
		}
	}
	if (c->draining && c->ninflight == 0 && !c->ws.closing) {
		log_info("%s: connection %u: every envelope it carried is "
		    "acked; closing it", __func__, c->serial);
		slack_conn_close(c);
	}
}

/* A replaced connection that still waits for acks long after Slack's 3 s. */
static void
slack_conn_drain_timeout(lws_sorted_usec_list_t *sul)
{
	struct slack_conn	*c = lws_container_of(sul, struct slack_conn,
				    sul_drain);

	if (c->ws.closing)
		return;
	log_warnx("%s: connection %u: %zu envelope(s) still unacked after "
	    "%d ms; closing it anyway", __func__, c->serial, c->ninflight,
	    SLACK_DRAIN_MAX_MS);
	slack_conn_close(c);
}

/*
 * c's replacement is up, so Slack sends c nothing new: close it now, or
 * once the envelopes it carried are acked on it.
 */
static void
slack_conn_drain(struct slack_conn *c)
{
	c->draining = true;
	if (c->ninflight == 0) {
		slack_conn_close(c);
		return;
	}
	log_info("%s: connection %u: closing it once its %zu envelope(s) in "
	    "flight are acked", __func__, c->serial, c->ninflight);
	lws_sul_schedule(c->s->context, 0, &c->sul_drain,
	    slack_conn_drain_timeout, (lws_usec_t)SLACK_DRAIN_MAX_MS *
	    LWS_US_PER_MS);
}

static void
slack_conn_hello(struct slack_conn *c, json_t *root)
{
	struct slack	*s = c->s;
	const char	*app_id;
	json_int_t	 n;

	app_id = json_string_value(json_object_get(json_object_get(root,
	    "connection_info"), "app_id"));
	if (s->app_id != NULL && app_id != NULL &&
	    strcmp(s->app_id, app_id) != 0) {
		log_warnx("%s: connection %u: the app token is for app %.32s, "
		    "the bot token for app %s: stopping", __func__, c->serial,
		    app_id, s->app_id);
		loop_stop(s->loop, LOOP_END_CONFIG);
		return;
	}
	net_ws_ready(&c->ws);
	c->state = CONN_UP;
	s->too_many = 0;
	n = json_integer_value(json_object_get(root, "num_connections"));
	log_info("%s: connection %u to %s is up (slot %d); Slack counts %lld "
	    "connection(s) for this app", __func__, c->serial, c->ws.host,
	    c->slot, (long long)n);
	if (n > slack_conns_up(s) + (c->replaces != NULL))
		log_warnx("%s: Slack counts more connections than this yelld "
		    "holds: is another process using the app token?",
		    __func__);
	if (c->replaces != NULL) {
		log_info("%s: connection %u is replaced by %u", __func__,
		    c->replaces->serial, c->serial);
		slack_conn_drain(c->replaces);
	}
}

static void
slack_conn_disconnect(struct slack_conn *c, json_t *root)
{
	struct slack		*s = c->s;
	struct slack_conn	*n;
	const char		*reason;

	reason = json_string_value(json_object_get(root, "reason"));
	if (reason == NULL)
		reason = "";
	log_info("%s: connection %u: Slack asks us to leave (%.40s)",
	    __func__, c->serial, reason);
	if (strcmp(reason, "link_disabled") == 0) {
		log_warnx("Socket Mode is switched off for this Slack app "
		    "(link_disabled): switch it on in the app's settings and "
		    "restart yelld; stopping");
		loop_stop(s->loop, LOOP_END_CONFIG);
	} else if (strcmp(reason, "too_many_websockets") == 0) {
		c->too_many = true;
		slack_conn_close(c);
	} else if (c->replacement == NULL && !c->ws.closing) {
		/*
		 * warning, refresh_requested, or one we do not know yet: the
		 * replacement is opened now, with no back-off.
		 */
		n = slack_conn_create(s, c->slot);
		n->replaces = c;
		c->replacement = n;
		slack_conn_open(n);
	}
}

/*
 * The socket is gone.  A connection that was replaced, or was leaving for
 * good, is freed; any other reconnects after the back-off.
 */
static void
slack_conn_lost(struct net_ws *ws, const char *why)
{
	struct slack_conn	*c = slack_conn_of(ws);
	struct slack		*s = c->s;
	bool			 replaced = c->replacement != NULL;

	slack_conn_drop_inflight(c);
	if (s->stopping)
		return;
	log_info("%s: connection %u to %s closed: %s", __func__, c->serial,
	    c->ws.host != NULL ? c->ws.host : "?", why);
	if (c->too_many) {
		c->too_many = false;
		s->too_many++;
		slack_conn_retry(c, (long)SLACK_TOO_MANY_WAIT * 1000 *
		    (s->too_many < SLACK_TOO_MANY_CAP / SLACK_TOO_MANY_WAIT ?
		    s->too_many : SLACK_TOO_MANY_CAP / SLACK_TOO_MANY_WAIT));
	} else if (replaced || c->ws.closing)
		slack_conn_free(c);
	else
		slack_conn_retry(c, 0);
}

static void
slack_conn_established(struct net_ws *ws)
{
	slack_conn_of(ws)->state = CONN_HELLO;
}

static void
slack_conn_no_hello(struct net_ws *ws)
{
	struct slack_conn	*c = slack_conn_of(ws);

	log_warnx("%s: connection %u to %s: no hello within %ld ms; "
	    "reconnecting", __func__, c->serial, c->ws.host != NULL ?
	    c->ws.host : "?", c->s->cfg->slack_hello_timeout_ms);
}

static void
slack_conn_reopen(struct net_ws *ws)
{
	slack_conn_open(slack_conn_of(ws));
}

/* --- Envelopes ------------------------------------------------------ */

static void
slack_pressed_free(struct slack_pressed *p)
{
	if (p == NULL)
		return;
	free(p->channel);
	free(p->ts);
	free(p->text);
	free(p->blocks);
	free(p->block_id);
	free(p->action_id);
	free(p->label);
	free(p);
}

static void
slack_env_free(struct slack_env *env)
{
	size_t	i;

	if (env == NULL)
		return;
	free(env->envelope_id);
	request_clear(&env->req);
	free(env->compose_to);
	slack_pressed_free(env->pressed);
	for (i = 0; i < env->nlookups; i++)
		free(env->lookups[i]);
	free(env->lookups);
	free(env);
}

static void
slack_env_lookup(struct slack_env *env, const char *user)
{
	size_t	i;

	if (user == NULL || *user == '\0')
		return;
	for (i = 0; i < env->nlookups; i++) {
		if (strcmp(env->lookups[i], user) == 0)
			return;
	}
	env->lookups = xrealloc(env->lookups, (env->nlookups + 1) *
	    sizeof *env->lookups);
	env->lookups[env->nlookups++] = xstrdup(user);
}

/* The users mentioned as <@U…> in text must be linked before dispatch. */
static void
slack_env_mentions(struct slack_env *env, const char *text)
{
	struct args	a;
	size_t		i;

	args_parse(&a, text);
	for (i = 0; i < a.n; i++) {
		if (a.v[i].chat_id)
			slack_env_lookup(env, a.v[i].value);
	}
	args_clear(&a);
}

static const char *
slack_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A string member, or "" when it is missing or not a string. */
static const char *
slack_sdef(json_t *o, const char *key)
{
	const char	*s = slack_str(o, key);

	return s != NULL ? s : "";
}

static char *
slack_dup(json_t *o, const char *key)
{
	const char	*s = slack_str(o, key);

	return s != NULL ? xstrdup(s) : NULL;
}

/* Sets the request's text from what Slack sent (entities decoded). */
static void
slack_env_text(struct slack_env *env, const char *prefix, const char *text)
{
	char	*in = slack_text_in(text != NULL ? text : ""), *clean;

	clean = text_sanitize(in, strlen(in));
	free(in);
	if (prefix != NULL) {
		xasprintf(&env->req.text, "%s %s", prefix, clean);
		free(clean);
	} else
		env->req.text = clean;
	slack_env_mentions(env, env->req.text);
}

/* Drops what the bot itself, other bots, edits and deletions produce. */
static bool
slack_event_ignored(struct slack *s, json_t *ev)
{
	const char	*user = slack_str(ev, "user");

	if (json_object_get(ev, "bot_id") != NULL ||
	    json_object_get(ev, "subtype") != NULL ||
	    json_is_true(json_object_get(ev, "hidden")))
		return true;
	return user == NULL || (s->bot_user != NULL &&
	    strcmp(user, s->bot_user) == 0);
}

/* "<@UBOT> imessage …" → "imessage …" */
static const char *
slack_strip_mention(struct slack *s, const char *text)
{
	size_t	n;

	text = text_skip_space(text);
	if (s->bot_user == NULL || strncmp(text, "<@", 2) != 0)
		return text;
	n = strlen(s->bot_user);
	if (strncmp(text + 2, s->bot_user, n) == 0 &&
	    (text[2 + n] == '>' || text[2 + n] == '|'))
		text = strchr(text, '>') + 1;
	return text;
}

static void
slack_parse_event(struct slack *s, json_t *payload, struct slack_env *env)
{
	json_t		*ev = json_object_get(payload, "event");
	const char	*type = slack_str(ev, "type"), *team;

	team = slack_str(payload, "team_id");
	env->kind = ENV_IGNORE;
	if (type == NULL || (s->team_id != NULL && team != NULL &&
	    strcmp(team, s->team_id) != 0))
		return;
	env->req.delivery_id = slack_dup(payload, "event_id");
	env->req.chat_user = slack_dup(ev, "user");
	env->req.channel = slack_dup(ev, "channel");
	if (strcmp(type, "app_home_opened") == 0) {
		if (env->req.chat_user != NULL &&
		    strcmp(slack_sdef(ev, "tab"), "home") == 0)
			env->kind = ENV_HOME;
		return;
	}
	if (slack_event_ignored(s, ev))
		return;
	if (strcmp(type, "message") == 0 &&
	    strcmp(slack_sdef(ev, "channel_type"), "im") == 0) {
		env->req.direct = true;
		slack_env_text(env, NULL, slack_str(ev, "text"));
		env->kind = ENV_COMMAND;
	} else if (strcmp(type, "app_mention") == 0) {
		slack_env_text(env, NULL, slack_strip_mention(s,
		    slack_sdef(ev, "text")));
		/* Answered where it was asked, without filling the channel. */
		env->req.reply_ephemeral = env->req.channel != NULL &&
		    env->req.channel[0] != 'D';
		env->kind = ENV_COMMAND;
	}
}

static void
slack_parse_slash(json_t *p, struct slack_env *env)
{
	const char	*command = slack_str(p, "command"), *text;

	env->req.chat_user = slack_dup(p, "user_id");
	env->req.channel = slack_dup(p, "channel_id");
	env->req.trigger_id = slack_dup(p, "trigger_id");
	env->req.reply_in_ack = env->accepts_payload;
	env->req.direct = *slack_sdef(p, "channel_id") == 'D';
	text = slack_sdef(p, "text");
	env->kind = ENV_COMMAND;
	if (command == NULL || env->req.chat_user == NULL)
		env->kind = ENV_IGNORE;
	else if (strcmp(command, "/imessage") == 0 &&
	    *text_skip_space(text) == '\0')
		env->kind = ENV_COMPOSE;
	else if (strcmp(command, "/imessage") == 0)
		slack_env_text(env, "imessage", text);
	else if (*text_skip_space(text) == '\0')
		slack_env_text(env, NULL, "help");	/* a bare /yell */
	else
		slack_env_text(env, NULL, text);
}

/* The catalogue key of the line that replaces a pressed button. */
static const char *
slack_pressed_key(const char *action_id)
{
	if (strcmp(action_id, "enroll") == 0)
		return "slack.pressed_enroll";
	return "slack.pressed";
}

/*
 * dispatch's on_success for a button in a message: queues the chat.update
 * that replaces the button by a line saying what was done, in the asker's
 * language, inside the handler's transaction.  The dedupe key names the
 * message and the button, so a second press or a redelivery edits once.
 * Returns 0 or -1.
 */
static int
slack_pressed_done(struct ctx *ctx, void *arg)
{
	struct slack_pressed	*p = arg;
	json_t			*blocks, *msg;
	char			*note, *base, *body, *key;
	int			 rc;

	blocks = json_loads(p->blocks, 0, NULL);
	base = slack_action_id(p->action_id);
	note = msgcat_fmt(ctx->msg, ctx->lang, slack_pressed_key(base),
	    "button", p->label, NULL);
	msg = slack_render_pressed(blocks, p->block_id, p->action_id, note);
	free(note);
	free(base);
	json_decref(blocks);
	if (msg == NULL) {
		log_debug("%s: no button %s in message %s; not edited",
		    __func__, p->action_id, p->ts);
		return 0;
	}
	msg = json_pack("{s:s, s:o}", "text", p->text != NULL ? p->text : " ",
	    "blocks", msg);
	body = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (body == NULL)
		fatalx("%s: json_dumps", __func__);
	xasprintf(&key, "update:%s:%s:%s:%s", SLACK_PLATFORM, p->channel,
	    p->ts, p->action_id);
	rc = q_outbox_push_to(ctx->db, key, ctx->me->employee_id, "update",
	    body, p->channel, p->ts, ctx->now) < 0 ? -1 : 0;
	free(key);
	free(body);
	return rc;
}

/*
 * Keeps what is needed to edit the message a button was pressed in.  Not
 * for buttons in views (App Home, modals) or in ephemeral messages, which
 * chat.update cannot edit.
 */
static void
slack_parse_pressed(json_t *p, json_t *a, struct slack_env *env)
{
	json_t			*container, *message;
	struct slack_pressed	*pr;
	const char		*text;
	char			*blocks;

	container = json_object_get(p, "container");
	message = json_object_get(p, "message");
	if (strcmp(slack_sdef(container, "type"), "message") != 0 ||
	    json_is_true(json_object_get(container, "is_ephemeral")) ||
	    slack_str(container, "channel_id") == NULL ||
	    slack_str(container, "message_ts") == NULL ||
	    !json_is_array(json_object_get(message, "blocks")))
		return;
	blocks = json_dumps(json_object_get(message, "blocks"), JSON_COMPACT);
	if (blocks == NULL)
		return;
	pr = xcalloc(1, sizeof *pr);
	pr->channel = slack_dup(container, "channel_id");
	pr->ts = slack_dup(container, "message_ts");
	pr->text = slack_dup(message, "text");
	pr->blocks = blocks;
	pr->block_id = slack_dup(a, "block_id");
	pr->action_id = slack_dup(a, "action_id");
	text = slack_str(json_object_get(a, "text"), "text");
	pr->label = slack_text_in(text != NULL ? text : "");
	env->pressed = pr;
	env->req.on_success = slack_pressed_done;
	env->req.on_success_arg = pr;
}

/*
 * A button: its action id names the command that made it and its value
 * holds the arguments, so "imessage" + "@E0016" runs "imessage @E0016".
 * An imessage button with only a recipient opens the compose modal.
 */
static void
slack_parse_action(json_t *p, struct slack_env *env)
{
	json_t		*a = json_array_get(json_object_get(p, "actions"), 0);
	const char	*id = slack_str(a, "action_id");
	const char	*value = slack_str(a, "value");

	if (id == NULL || env->req.chat_user == NULL)
		return;
	env->req.action_id = slack_action_id(id);
	env->req.action_value = xstrdup(value != NULL ? value : "");
	env->req.direct = true;
	if (strcmp(env->req.action_id, SLACK_ACTION_COMPOSE) == 0 &&
	    *env->req.action_value == '@' &&
	    strpbrk(env->req.action_value, " \t\n") == NULL) {
		env->compose_to = xstrdup(env->req.action_value + 1);
		env->kind = ENV_COMPOSE;
		return;
	}
	xasprintf(&env->req.text, "%s %s", env->req.action_id,
	    env->req.action_value);
	env->kind = ENV_COMMAND;
	slack_parse_pressed(p, a, env);
}

/* The compose modal's answer, typed as the command it stands for. */
static void
slack_parse_submit(json_t *p, struct slack_env *env)
{
	json_t		*values, *opts, *o;
	const char	*to, *body, *id;
	struct buf	 b;
	size_t		 i;

	values = json_object_get(json_object_get(json_object_get(p, "view"),
	    "state"), "values");
	to = slack_str(json_object_get(json_object_get(values, "recipient"),
	    "recipient"), "selected_user");
	body = slack_str(json_object_get(json_object_get(values, "body"),
	    "body"), "value");
	opts = json_object_get(json_object_get(json_object_get(values,
	    "values"), "values"), "selected_options");
	if (strcmp(slack_sdef(json_object_get(p, "view"), "callback_id"),
	    SLACK_VIEW_COMPOSE) != 0 || to == NULL || body == NULL)
		return;
	buf_init(&b, 0);
	buf_printf(&b, "imessage <@%s> %s", to, body);
	json_array_foreach(opts, i, o) {
		id = slack_str(o, "value");
		if (id != NULL && strpbrk(id, " \t\n") == NULL)
			buf_printf(&b, " #%s", id);
	}
	env->req.text = text_sanitize(b.data, b.len);
	buf_free(&b);
	env->req.direct = true;
	env->kind = ENV_COMMAND;
	slack_env_lookup(env, to);
}

static void
slack_parse_interactive(json_t *p, struct slack_env *env)
{
	const char	*type = slack_str(p, "type");

	env->req.chat_user = slack_dup(json_object_get(p, "user"), "id");
	env->req.trigger_id = slack_dup(p, "trigger_id");
	env->req.channel = slack_dup(json_object_get(p, "channel"), "id");
	if (type == NULL)
		return;
	if (strcmp(type, "block_actions") == 0)
		slack_parse_action(p, env);
	else if (strcmp(type, "view_submission") == 0)
		slack_parse_submit(p, env);
}

/*
 * Types an envelope.  Returns the env (caller frees with slack_env_free),
 * or NULL for one that must not be acked (logged).
 */
static struct slack_env *
slack_env_parse(struct slack_conn *c, json_t *root, const char *type)
{
	struct slack_env	*env;
	json_t			*payload = json_object_get(root, "payload");

	if (!json_is_object(payload)) {
		log_warnx("%s: connection %u: %s envelope without a payload; "
		    "not acked", __func__, c->serial, type);
		return NULL;
	}
	env = xcalloc(1, sizeof *env);
	env->serial = c->serial;
	env->envelope_id = slack_dup(root, "envelope_id");
	env->accepts_payload = json_is_true(json_object_get(root,
	    "accepts_response_payload"));
	env->kind = ENV_IGNORE;
	env->req.platform = xstrdup(SLACK_PLATFORM);
	if (strcmp(type, "events_api") == 0)
		slack_parse_event(c->s, payload, env);
	else if (strcmp(type, "slash_commands") == 0)
		slack_parse_slash(payload, env);
	else
		slack_parse_interactive(payload, env);
	if (env->req.delivery_id == NULL)
		env->req.delivery_id = xstrdup(env->envelope_id);
	if (env->kind != ENV_IGNORE && env->req.chat_user == NULL)
		env->kind = ENV_IGNORE;
	else if (env->kind != ENV_IGNORE)
		slack_env_lookup(env, env->req.chat_user);
	return env;
}

/* Acks on the connection the envelope came on, if it is still there. */
static void
slack_env_ack(struct slack *s, struct slack_env *env, json_t *payload)
{
	struct slack_conn	*c = slack_conn_find(s, env->serial);
	json_t			*msg;

	if (c == NULL || c->ws.wsi == NULL) {
		log_info("%s: connection %u is gone; Slack will send %s again",
		    __func__, env->serial, env->envelope_id);
		json_decref(payload);
		return;
	}
	msg = json_pack("{s:s}", "envelope_id", env->envelope_id);
	if (payload != NULL && env->accepts_payload)
		json_object_set_new(msg, "payload", payload);
	else
		json_decref(payload);
	slack_conn_send(c, msg);
	slack_conn_settled(s, env->serial, env->envelope_id);
}

/* The ack payload of a slash command: the reply, seen by the asker only. */
static json_t *
slack_ack_payload(struct slack *s, const struct reply *reply)
{
	json_t	*p;

	if (reply->nblocks == 0)
		return NULL;
	p = slack_render_message(reply, msgcat_raw(s->app->msg,
	    s->cfg->language, "slack.truncated"));
	json_object_set_new(p, "response_type", json_string("ephemeral"));
	return p;
}

/* The language employee_id reads the bot in (caller frees). */
static char *
slack_lang(struct slack *s, const char *employee_id)
{
	struct ctx	ctx;

	memset(&ctx, 0, sizeof ctx);
	ctx.db = s->app->db;
	ctx.cfg = s->cfg;
	ctx.msg = s->app->msg;
	return h_lang_of(&ctx, employee_id);
}

/* Posts a reply straight to a user's DM (people the outbox cannot name). */
static void
slack_post_direct(struct slack *s, const char *user, const struct reply *r)
{
	json_t	*args;

	args = slack_render_message(r, msgcat_raw(s->app->msg,
	    s->cfg->language, "slack.truncated"));
	json_object_set_new(args, "channel", json_string(user));
	slack_call(s, "chat.postMessage", s->bot_token, args, NULL);
}

/*
 * Someone Slack knows and the roster does not: a polite word, no crash.
 * It goes in the ack where it can, on their App Home tab when that is
 * what they opened (not a DM each time), and otherwise as a DM.
 */
static void
slack_env_unknown(struct slack *s, struct slack_env *env)
{
	struct reply	 r;
	const char	*truncated;

	log_info("%s: Slack user %s is not on the roster", __func__,
	    env->req.chat_user);
	truncated = msgcat_raw(s->app->msg, s->cfg->language,
	    "slack.truncated");
	reply_init(&r);
	reply_add(&r, REPLY_TEXT, msgcat_fmt(s->app->msg, s->cfg->language,
	    "dispatch.unknown_user", NULL));
	if (env->accepts_payload)
		slack_env_ack(s, env, slack_ack_payload(s, &r));
	else if (env->kind == ENV_HOME) {
		slack_env_ack(s, env, NULL);
		slack_call(s, "views.publish", s->bot_token,
		    json_pack("{s:s, s:o}", "user_id", env->req.chat_user,
		    "view", slack_render_home(&r, truncated)), NULL);
	} else {
		slack_env_ack(s, env, NULL);
		slack_post_direct(s, env->req.chat_user, &r);
	}
	reply_clear(&r);
}

static void
slack_compose_opened(struct slack_call *call)
{
	if (call->res.outcome != SLACK_OK)
		log_warnx("%s: views.open: %s", __func__, call->res.error);
}

/* Opens the compose modal with the trigger (valid for 3 s), then acks. */
static void
slack_env_compose(struct slack *s, struct slack_env *env,
    const struct staff *me)
{
	struct slack_compose	 c;
	const char		**ids, **labels;
	char			*lang, *to = NULL;
	size_t			 i;

	if (env->req.trigger_id == NULL) {
		slack_env_ack(s, env, NULL);
		return;
	}
	lang = slack_lang(s, me->employee_id);
	memset(&c, 0, sizeof c);
	c.title = msgcat_raw(s->app->msg, lang, "slack.compose_title");
	c.submit = msgcat_raw(s->app->msg, lang, "slack.compose_submit");
	c.close = msgcat_raw(s->app->msg, lang, "slack.compose_close");
	c.recipient_label = msgcat_raw(s->app->msg, lang, "slack.compose_to");
	c.values_label = msgcat_raw(s->app->msg, lang, "slack.compose_values");
	c.body_label = msgcat_raw(s->app->msg, lang, "slack.compose_body");
	c.body_hint = msgcat_raw(s->app->msg, lang, "slack.compose_hint");
	if (env->compose_to != NULL)
		to = q_identity_chat_user(s->app->db, SLACK_PLATFORM,
		    env->compose_to);
	c.initial_user = to;
	c.nvalues = s->app->mvv->nvalues;
	ids = xcalloc(c.nvalues + 1, sizeof *ids);
	labels = xcalloc(c.nvalues + 1, sizeof *labels);
	for (i = 0; i < c.nvalues; i++) {
		ids[i] = s->app->mvv->values[i].id;
		labels[i] = strcmp(lang, "en") == 0 ?
		    s->app->mvv->values[i].tag_en : s->app->mvv->values[i].tag;
	}
	c.value_ids = ids;
	c.value_labels = labels;
	c.max_length = s->cfg->imessage_max_length;
	slack_call(s, "views.open", s->bot_token, json_pack("{s:s, s:o}",
	    "trigger_id", env->req.trigger_id, "view",
	    slack_render_compose(&c)), slack_compose_opened);
	slack_env_ack(s, env, NULL);
	free(ids);
	free(labels);
	free(to);
	free(lang);
}

/*
 * App Home: the "home" command's reply, published through the outbox so
 * that it waits out rate limits like any message.
 */
static enum dispatch_result
slack_env_home(struct slack *s, struct slack_env *env, const char *employee_id)
{
	struct reply		 reply;
	enum dispatch_result	 res;
	char			*body, *key;

	free(env->req.text);
	env->req.text = xstrdup("home");
	env->req.reply_in_ack = true;	/* hand the reply back to us */
	free(env->req.delivery_id);	/* re-rendering is harmless */
	env->req.delivery_id = NULL;
	reply_init(&reply);
	res = dispatch(s->app, &env->req, &reply);
	if (res == DISPATCH_DONE && reply.nblocks > 0) {
		body = reply_to_json(&reply);
		xasprintf(&key, "home:%s", env->envelope_id);
		if (db_begin(s->app->db) != 0 || q_outbox_push(s->app->db, key,
		    employee_id, "home", body, clock_now()) < 0 ||
		    db_commit(s->app->db) != 0) {
			db_rollback(s->app->db);
			res = DISPATCH_FAILED;
		}
		free(key);
		free(body);
	}
	reply_clear(&reply);
	return res;
}

/* Everyone involved is linked (or never will be): run it and ack. */
static void
slack_env_finish(struct slack *s, struct slack_env *env)
{
	struct staff		*me = NULL;
	struct reply		 reply;
	enum dispatch_result	 res;

	switch (q_staff_by_chat(s->app->db, SLACK_PLATFORM, env->req.chat_user,
	    &me)) {
	case -1:
		return;		/* not acked: Slack sends it again */
	case 0:
		slack_env_unknown(s, env);
		return;
	}
	if (env->kind == ENV_COMPOSE) {
		slack_env_compose(s, env, me);
		staff_free(me);
		return;
	}
	reply_init(&reply);
	if (env->kind == ENV_HOME)
		res = slack_env_home(s, env, me->employee_id);
	else
		res = dispatch(s->app, &env->req, &reply);
	if (res == DISPATCH_DONE) {
		slack_env_ack(s, env, env->req.reply_in_ack ?
		    slack_ack_payload(s, &reply) : NULL);
		outbox_wake(s->app->outbox);
	} else if (res == DISPATCH_DUPLICATE)
		slack_env_ack(s, env, NULL);
	reply_clear(&reply);
	staff_free(me);
}

static void
slack_user_looked_up(struct slack_call *call)
{
	struct slack		*s = call->s;
	struct slack_env	*env = call->env;
	json_t			*user = json_object_get(call->res.body, "user");
	const char		*email, *id = env->lookups[env->next_lookup];
	char			*employee;

	call->env = NULL;	/* ours again */
	s->resolving = false;
	if (call->res.outcome == SLACK_RETRY ||
	    call->res.outcome == SLACK_RATELIMITED) {
		log_warnx("%s: users.info %s: %s; not acked", __func__, id,
		    call->res.error);
		slack_conn_settled(s, env->serial, env->envelope_id);
		slack_env_free(env);
		slack_env_pump(s);
		return;
	}
	email = json_string_value(json_object_get(json_object_get(user,
	    "profile"), "email"));
	if (call->res.outcome == SLACK_OK && !json_is_true(json_object_get(user,
	    "deleted")) && !json_is_true(json_object_get(user, "is_bot")) &&
	    (employee = q_identity_by_email(s->app->db, email)) != NULL) {
		if (q_identity_set(s->app->db, SLACK_PLATFORM, id,
		    employee) == 0)
			log_info("%s: linked Slack user %s to %s by email",
			    __func__, id, employee);
		free(employee);
	}
	env->next_lookup++;
	slack_env_resolve(s, env);
	slack_env_pump(s);
}

/*
 * Links the envelope's Slack users to the roster, one users.info call at a
 * time, then finishes it.  Takes ownership of env.  While a call is out,
 * the envelopes behind it wait (slack_env_pump).
 */
static void
slack_env_resolve(struct slack *s, struct slack_env *env)
{
	struct slack_call	*call;
	int			 known;

	for (; env->next_lookup < env->nlookups; env->next_lookup++) {
		known = q_identity_known(s->app->db, SLACK_PLATFORM,
		    env->lookups[env->next_lookup]);
		if (known < 0) {
			slack_conn_settled(s, env->serial, env->envelope_id);
			slack_env_free(env);	/* not acked */
			return;
		}
		if (known == 0)
			break;
	}
	if (env->next_lookup == env->nlookups) {
		slack_env_finish(s, env);	/* acked, or not: */
		slack_conn_settled(s, env->serial, env->envelope_id);
		slack_env_free(env);
		return;
	}
	s->resolving = true;
	call = slack_call_new(s, "users.info", s->bot_token, NULL,
	    slack_user_looked_up);
	xasprintf(&call->form, "user=%s", env->lookups[env->next_lookup]);
	call->env = env;
	slack_call_push(call);
}

/*
 * Runs queued envelopes in the order they came, so that one person's
 * commands are handled in the order typed and a Slack user is looked up
 * once, not once per envelope in flight.
 */
static void
slack_env_pump(struct slack *s)
{
	struct slack_env	*env;

	while (!s->resolving && s->envq != NULL) {
		env = s->envq;
		s->envq = env->next;
		if (s->envq == NULL)
			s->envq_tail = NULL;
		env->next = NULL;
		slack_env_resolve(s, env);
	}
}

/* --- Frames --------------------------------------------------------- */

static void
slack_envelope(struct slack_conn *c, json_t *root, const char *type)
{
	struct slack_env	*env;

	if (json_string_value(json_object_get(root, "envelope_id")) == NULL) {
		log_warnx("%s: connection %u: %.40s frame without an "
		    "envelope_id; ignored", __func__, c->serial, type);
		return;
	}
	env = slack_env_parse(c, root, type);
	if (env == NULL)
		return;
	slack_conn_envelope(c, env->envelope_id);
	log_debug("%s: connection %u: %s %s (retry %lld)", __func__, c->serial,
	    type, env->envelope_id, (long long)json_integer_value(
	    json_object_get(root, "retry_attempt")));
	if (env->kind == ENV_IGNORE) {
		slack_env_ack(c->s, env, NULL);
		slack_env_free(env);
		return;
	}
	if (c->s->envq_tail != NULL)
		c->s->envq_tail->next = env;
	else
		c->s->envq = env;
	c->s->envq_tail = env;
	slack_env_pump(c->s);
}

/* One whole text message from Slack. */
static void
slack_conn_message(struct net_ws *ws, const char *data, size_t len)
{
	struct slack_conn	*c = slack_conn_of(ws);
	json_t			*root;
	json_error_t		 err;
	const char		*type;

	root = json_loadb(data, len, 0, &err);
	if (!json_is_object(root)) {
		log_warnx("%s: connection %u: a %zu-byte frame is not a JSON "
		    "object; ignored", __func__, c->serial, len);
		json_decref(root);
		return;
	}
	type = slack_str(root, "type");
	if (type == NULL)
		log_warnx("%s: connection %u: a frame without a type; ignored",
		    __func__, c->serial);
	else if (strcmp(type, "hello") == 0)
		slack_conn_hello(c, root);
	else if (strcmp(type, "disconnect") == 0)
		slack_conn_disconnect(c, root);
	else if (strcmp(type, "app_rate_limited") == 0)
		log_warnx("%s: Slack is dropping events: this app went over "
		    "its event rate limit", __func__);
	else if (c->state != CONN_UP)
		log_warnx("%s: connection %u: %.40s before hello; ignored",
		    __func__, c->serial, type);
	else if (strcmp(type, "events_api") == 0 ||
	    strcmp(type, "slash_commands") == 0 ||
	    strcmp(type, "interactive") == 0)
		slack_envelope(c, root, type);
	else
		log_warnx("%s: connection %u: unknown frame type \"%.40s\"; "
		    "not acked", __func__, c->serial, type);
	json_decref(root);
}

static struct slack *
slack_of(struct lws *wsi)
{
	struct loop	*loop = lws_context_user(lws_get_context(wsi));

	if (loop == NULL || loop_app(loop)->chat == NULL ||
	    strcmp(loop_app(loop)->chat->platform, SLACK_PLATFORM) != 0)
		return NULL;
	return loop_app(loop)->chat->data;
}

static const struct net_ws_ops slack_conn_ops = {
	.message = slack_conn_message,
	.established = slack_conn_established,
	.lost = slack_conn_lost,
	.ready_timeout = slack_conn_no_hello,
	.retry = slack_conn_reopen,
};

static int
slack_callback(struct lws *wsi, enum lws_callback_reasons reason,
    void *user, void *in, size_t len)
{
	struct slack	*s;

	(void)user;
	if (reason == LWS_CALLBACK_EVENT_WAIT_CANCELLED) {
		s = slack_of(wsi);
		if (s != NULL) {
			worker_done(s->conn_worker);
			worker_done(s->worker);
		}
		return 0;
	}
	return net_ws_callback(wsi, reason, in, len);
}

static const struct lws_protocols slack_protocols[] = {
	{ SLACK_PROTOCOL, slack_callback, 0, 65536, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* --- Start-up: tokens, auth.test ------------------------------------ */

static void slack_auth(lws_sorted_usec_list_t *);

static void
slack_authed(struct slack_call *call)
{
	struct slack	*s = call->s;
	long		 i;

	if (call->res.outcome == SLACK_AUTH ||
	    call->res.outcome == SLACK_PERMANENT) {
		log_warnx("Slack refused the bot token at auth.test (%s): check "
		    "[slack] bot_token_file or YELL_SLACK_BOT_TOKEN (an xoxb- "
		    "token) and [slack] api_url; stopping", call->res.error);
		loop_stop(s->loop, LOOP_END_CONFIG);
		return;
	}
	if (call->res.outcome != SLACK_OK) {
		log_warnx("%s: auth.test: %s; trying again", __func__,
		    call->res.error);
		lws_sul_schedule(s->context, 0, &s->sul_auth, slack_auth,
		    (lws_usec_t)lws_retry_get_delay_ms(s->context, &s->retry,
		    &s->auth_retries, NULL) * LWS_US_PER_MS);
		return;
	}
	s->bot_user = slack_dup(call->res.body, "user_id");
	s->bot_id = slack_dup(call->res.body, "bot_id");
	s->team_id = slack_dup(call->res.body, "team_id");
	s->app_id = slack_dup(call->res.body, "app_id");
	log_info("%s: signed in to Slack team %s as bot user %s", __func__,
	    s->team_id != NULL ? s->team_id : "?", s->bot_user != NULL ?
	    s->bot_user : "?");
	for (i = 0; i < s->cfg->slack_connections; i++)
		slack_conn_open(slack_conn_create(s, (int)i));
}

static void
slack_auth(lws_sorted_usec_list_t *sul)
{
	struct slack	*s = lws_container_of(sul, struct slack, sul_auth);

	slack_call(s, "auth.test", s->bot_token, NULL, slack_authed);
}

/*
 * Reads a token from path, from $CREDENTIALS_DIRECTORY/name (systemd), or
 * from the environment variable env (then wiped), and checks its prefix:
 * net_secret_read.  key names the setting in messages.  Returns the token
 * (free with net_secret_free) or NULL with *cause (never the token).
 */
static char *
slack_token(const char *path, const char *name, const char *env,
    const char *prefix, const char *key, char **cause)
{
	char	*label, *tok;

	xasprintf(&label, "[slack] %s", key);
	tok = net_secret_read(path, name, env, label, prefix, SLACK_TOKEN_MAX,
	    cause);
	free(label);
	return tok;
}

/* --- The adapter ---------------------------------------------------- */

static int
slack_start(struct chat *chat, struct loop *loop, char **cause)
{
	struct slack			*s = chat->data;
	struct lws_context_creation_info info;

	s->loop = loop;
	s->context = loop_context(loop);
	memset(&info, 0, sizeof info);
	info.vhost_name = "slack";
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = slack_protocols;
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.client_ssl_ca_filepath = s->cfg->slack_ca_file;
	s->vhost = lws_create_vhost(s->context, &info);
	if (s->vhost == NULL) {
		xasprintf(cause, "cannot set up TLS for Slack (is [slack] "
		    "ca_file a PEM file?)");
		return -1;
	}
	s->worker = worker_create(s->context);
	s->conn_worker = worker_create(s->context);
	lws_sul_schedule(s->context, 0, &s->sul_auth, slack_auth, 1);
	return 0;
}

/* Loop thread, after the loop has ended and before its context goes. */
static void
slack_stop(struct chat *chat)
{
	struct slack		*s = chat->data;
	struct slack_conn	*c;

	s->stopping = true;
	slack_web_abort(s->web);
	worker_free(s->conn_worker);
	s->conn_worker = NULL;
	worker_free(s->worker);
	s->worker = NULL;
	lws_sul_cancel(&s->sul_auth);
	for (c = s->conns; c != NULL; c = c->next) {
		net_ws_stop(&c->ws);
		lws_sul_cancel(&c->sul_drain);
	}
}

static enum chat_delivery
slack_deliver(struct chat *chat, const struct outbox_row *row,
    const char *recipient_name, char **error, int *retry_after)
{
	struct slack	*s = chat->data;

	(void)recipient_name;
	return slack_sender_deliver(s->sender, row, error, retry_after);
}

static void
slack_free(struct chat *chat)
{
	struct slack		*s;
	struct slack_env	*env;

	if (chat == NULL)
		return;
	s = chat->data;
	if (s->worker != NULL)
		slack_stop(chat);
	while (s->conns != NULL)
		slack_conn_free(s->conns);
	while (s->envq != NULL) {	/* never acked: Slack sends again */
		env = s->envq;
		s->envq = env->next;
		slack_env_free(env);
	}
	slack_sender_free(s->sender);
	slack_web_free(s->web);
	net_secret_free(s->app_token);
	net_secret_free(s->bot_token);
	free(s->bot_user);
	free(s->bot_id);
	free(s->team_id);
	free(s->app_id);
	free(s);
	free(chat);
}

/*
 * Creates the Slack adapter for app (whose configuration, catalogues and
 * loop-thread database it uses).  Reads the tokens now, so a missing or
 * malformed one stops start-up with a clear message.  Returns the adapter
 * (freed through chat->free) or NULL with *cause set (caller frees).
 */
struct chat *
chat_slack_create(struct app *app, char **cause)
{
	const struct config	*cfg = app->cfg;
	struct chat		*chat;
	struct slack		*s;

	if (strncmp(cfg->slack_api_url, "https://", 8) != 0 &&
	    (strncmp(cfg->slack_api_url, "http://", 7) != 0 ||
	    !net_url_is_loopback(cfg->slack_api_url))) {
		xasprintf(cause, "[slack] api_url must be an https:// URL "
		    "(plain http:// only to this machine), not \"%s\"",
		    cfg->slack_api_url);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->app = app;
	s->cfg = cfg;
	s->app_token = slack_token(cfg->slack_app_token_file,
	    "slack_app_token", "YELL_SLACK_APP_TOKEN", "xapp-",
	    "app_token_file", cause);
	if (s->app_token != NULL)
		s->bot_token = slack_token(cfg->slack_bot_token_file,
		    "slack_bot_token", "YELL_SLACK_BOT_TOKEN", "xoxb-",
		    "bot_token_file", cause);
	if (s->bot_token == NULL) {
		net_secret_free(s->app_token);
		free(s);
		return NULL;
	}
	net_ws_policy(&s->retry, slack_backoff_ms,
	    LWS_ARRAY_SIZE(slack_backoff_ms), cfg->slack_ping_interval,
	    cfg->slack_ping_timeout);
	s->web = slack_web_create(cfg->slack_api_url, cfg->slack_ca_file,
	    cfg->slack_http_timeout_ms);
	s->sender = slack_sender_create(s->web, s->bot_token, cfg, app->msg);
	chat = xcalloc(1, sizeof *chat);
	chat->platform = SLACK_PLATFORM;
	chat->protocol = &slack_protocols[0];
	chat->start = slack_start;
	chat->stop = slack_stop;
	chat->deliver = slack_deliver;
	chat->free = slack_free;
	chat->data = s;
	return chat;
}
