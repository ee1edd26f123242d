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
 * Envelopes.  Each is typed by slack_envelope.c (pure functions) and
 * handed to ingress with the envelope itself as the token; ingress links
 * the Slack users it names (slack_lookup: users.info on the worker), runs
 * it in a group commit with its delivery id (event_id for events, else
 * envelope_id) and only then calls slack_ack, which acks on the connection
 * it came on, with the reply as payload for slash commands.  A request
 * that failed is not acked, so Slack sends it again; a duplicate is acked
 * and not run.  A stranger is answered by dispatch once in a while, in
 * the ack or through the outbox; a form is opened with views.open.
 *
 * Answers otherwise go through the outbox (slack_send.c): a DM with a DM,
 * a mention in a channel with an ephemeral message there, a pressed button
 * with a chat.update of the message that carried it.
 */
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "net.h"
#include "slack.h"

#define SLACK_PROTOCOL		"yell-slack"	/* our lws protocol */
#define SLACK_FRAME_MAX		(1024 * 1024)	/* bytes of one message */
#define SLACK_TOKEN_MAX		512
#define SLACK_TOO_MANY_WAIT	30	/* seconds, times the count */
#define SLACK_TOO_MANY_CAP	300
#define SLACK_DRAIN_MAX_MS	10000	/* a replaced connection's last acks */
#define SLACK_LEAVE_ACK_MS	2000	/* at SIGTERM: the acks in hand */
#define SLACK_LEAVE_CLOSE_MS	2000	/* then the answer to our close */

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

/* A Web API call made on the worker, finished on the loop thread. */
struct slack_call {
	struct slack		*s;
	const char		*method;
	const char		*token;
	char			*args;		/* JSON text */
	char			*form;
	struct slack_result	 res;
	unsigned		 serial;
	void			(*then)(struct slack_call *);
};

static void	slack_conn_open(struct slack_conn *);

/* --- Worker calls --------------------------------------------------- */

static void
slack_call_run(void *arg)
{
	struct slack_call	*call = arg;

	slack_web_call(call->s->web, call->method, call->token, call->args,
	    call->form, &call->res);
}

static void
slack_call_done(void *arg, bool cancelled)
{
	struct slack_call	*call = arg;

	if (!cancelled && call->then != NULL)
		call->then(call);
	else if (!cancelled && call->res.outcome != SLACK_OK)
		log_warnx("%s: %s failed: %s", __func__, call->method,
		    call->res.error);
	slack_result_clear(&call->res);
	free(call->args);
	free(call->form);
	free(call);
}

/*
 * A Web API call to queue with slack_call_push; then() will run on the
 * loop thread with the result.  The call owns args, form and env.
 */
static struct slack_call *
slack_call_new(struct slack *s, const char *method, const char *token,
    char *args, void (*then)(struct slack_call *))
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
    char *args, void (*then)(struct slack_call *))
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
	/* Plain ws:// only from a Slack that is itself plain http here. */
	if (strncmp(url, "ws://", 5) == 0 &&
	    strncmp(c->s->cfg->slack_api_url, "http://", 7) != 0)
		cause = xstrdup("ws:// from an https:// api_url");
	else if (net_ws_connect(&c->ws, url, &cause) == 0)
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
slack_conn_send(struct slack_conn *c, const char *text)
{
	if (text != NULL)
		net_ws_send(&c->ws, text, strlen(text));
}

/* Leaving: Slack did not answer our close frame in time; drop it. */
static void
slack_conn_close_timeout(lws_sorted_usec_list_t *sul)
{
	struct slack_conn	*c = lws_container_of(sul, struct slack_conn,
				    sul_drain);

	log_warnx("%s: connection %u: no answer to our close in %d ms; "
	    "dropping it", __func__, c->serial, SLACK_LEAVE_CLOSE_MS);
	net_ws_kill(&c->ws);
}

/* Leaves: flush the acks queued, then close with 1000. */
static void
slack_conn_close(struct slack_conn *c)
{
	net_ws_close(&c->ws);
	if (c->s->stopping)	/* yelld is leaving: wait for no one long */
		lws_sul_schedule(c->s->context, 0, &c->sul_drain,
		    slack_conn_close_timeout, (lws_usec_t)SLACK_LEAVE_CLOSE_MS *
		    LWS_US_PER_MS);
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
	    c->s->stopping ? SLACK_LEAVE_ACK_MS : SLACK_DRAIN_MAX_MS);
	slack_conn_close(c);
}

/*
 * c's replacement is up, so Slack sends c nothing new: close it now, or
 * once the envelopes it carried are acked on it.
 */
static void
slack_conn_drain(struct slack_conn *c)
{
	int	ms = c->s->stopping ? SLACK_LEAVE_ACK_MS : SLACK_DRAIN_MAX_MS;

	c->draining = true;
	if (c->ninflight == 0) {
		slack_conn_close(c);
		return;
	}
	log_info("%s: connection %u: closing it once its %zu envelope(s) in "
	    "flight are acked", __func__, c->serial, c->ninflight);
	lws_sul_schedule(c->s->context, 0, &c->sul_drain,
	    slack_conn_drain_timeout, (lws_usec_t)ms * LWS_US_PER_MS);
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
	loop_connected(s->loop);
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

/*
 * Acks on the connection the envelope came on, if it is still there.  A
 * slash command's ack carries the reply (if any), seen by the asker only.
 */
static void
slack_env_ack(struct slack *s, struct slack_env *env,
    const struct reply *reply)
{
	struct slack_conn	*c = slack_conn_find(s, env->serial);
	struct jw		 w;
	char			*text;

	if (c == NULL || c->ws.wsi == NULL) {
		log_info("%s: connection %u is gone; Slack will send %s again",
		    __func__, env->serial, env->envelope_id);
		return;
	}
	jw_init(&w, 0);
	jw_obj(&w, NULL);
	jw_str(&w, "envelope_id", env->envelope_id);
	if (reply != NULL && reply->nblocks > 0 && env->accepts_payload) {
		jw_obj(&w, "payload");
		slack_render_message(&w, reply, msgcat_raw(s->app->msg,
		    s->cfg->language, "slack.truncated"));
		jw_str(&w, "response_type", "ephemeral");
		jw_end(&w);
	}
	jw_end(&w);
	text = jw_steal(&w);
	slack_conn_send(c, text);
	free(text);
	slack_conn_settled(s, env->serial, env->envelope_id);
}

/*
 * A stranger: dispatch answered them once in a while, in the ack where it
 * can (a slash command), else through the outbox; otherwise only the ack.
 */
static void
slack_answer_stranger(struct slack *s, struct slack_env *env,
    const struct reply *r)
{
	log_info("%s: Slack user %s is not on the roster", __func__,
	    env->chat_user);
	slack_env_ack(s, env, r);
}

static void
slack_form_opened(struct slack_call *call)
{
	if (call->res.outcome != SLACK_OK)
		log_warnx("%s: views.open: %s", __func__, call->res.error);
}

/* Opens a command's form with the trigger (valid for 3 s), then acks. */
static void
slack_open_form(struct slack *s, struct slack_env *env,
    const struct form_view *form)
{
	struct jw	w;

	if (env->trigger_id != NULL) {
		jw_init(&w, 0);
		jw_obj(&w, NULL);
		jw_str(&w, "trigger_id", env->trigger_id);
		slack_render_form(&w, "view", form);
		jw_end(&w);
		slack_call(s, "views.open", s->bot_token, jw_steal(&w),
		    slack_form_opened);
	}
	slack_env_ack(s, env, NULL);
}

/* chat->ack: ingress's outcome for an envelope we submitted. */
static void
slack_ack(struct chat *chat, void *token, enum dispatch_result res,
    const struct answer *ans)
{
	struct slack		*s = chat->data;
	struct slack_env	*env = token;

	switch (res) {
	case DISPATCH_DONE:
		slack_env_ack(s, env, &ans->reply);
		break;
	case DISPATCH_DUPLICATE:
		slack_env_ack(s, env, NULL);
		break;
	case DISPATCH_STRANGER:
		slack_answer_stranger(s, env, &ans->reply);
		break;
	case DISPATCH_FORM:
		slack_open_form(s, env, &ans->form);
		break;
	case DISPATCH_FAILED:
		break;		/* not acked: Slack sends it again */
	}
	slack_conn_settled(s, env->serial, env->envelope_id);
	slack_env_free(env);
}

/*
 * chat->lookup, on the worker: a Slack user's verified email (users.info),
 * so that ingress can link them to the roster.  Bots, deleted users and
 * users Slack does not know are nobody of ours.
 */
static int
slack_lookup(struct chat *chat, const char *user, char **email,
    int *retry_after)
{
	struct slack		*s = chat->data;
	struct slack_result	 res;
	json_t			*u;
	const char		*e, *why = NULL;
	char			*form, *esc;
	int			 rc = 0;

	*email = NULL;
	*retry_after = 0;
	esc = net_form_escape(user);
	xasprintf(&form, "user=%s", esc);
	free(esc);
	slack_web_call(s->web, "users.info", s->bot_token, NULL, form, &res);
	free(form);
	u = json_object_get(res.body, "user");
	e = json_string_value(json_object_get(json_object_get(u, "profile"),
	    "email"));
	if (res.outcome == SLACK_RATELIMITED) {
		log_warnx("%s: users.info %s: rate limited for %d s", __func__,
		    user, res.retry_after);
		*retry_after = res.retry_after > 0 ? res.retry_after : 1;
		rc = -1;
	} else if (res.outcome == SLACK_RETRY) {
		log_warnx("%s: users.info %s: %s", __func__, user, res.error);
		rc = -1;
	} else if (res.outcome == SLACK_OK && !slack_user_ours(u, s->team_id,
	    s->cfg->slack_guests == CFG_GUESTS_ALLOW, &why))
		log_info("%s: Slack user %s is %s: not linked", __func__, user,
		    why);
	else if (res.outcome == SLACK_OK && e != NULL) {
		*email = xstrdup(e);
		rc = 1;
	} else if (res.outcome == SLACK_OK) {
		log_warnx("%s: users.info %s shows no email: does the app "
		    "have the users:read.email scope?", __func__, user);
		rc = 2;
	}
	slack_result_clear(&res);
	return rc;
}

/* --- Frames --------------------------------------------------------- */

static void
slack_envelope(struct slack_conn *c, const struct slack_frame *f)
{
	struct slack		*s = c->s;
	struct slack_self	 self = { s->bot_user, s->team_id };
	struct slack_env	*env;

	if (f->envelope_id == NULL) {
		log_warnx("%s: connection %u: %.40s frame without an "
		    "envelope_id; ignored", __func__, c->serial, f->type);
		return;
	}
	env = slack_env_parse(f, &self, c->serial);
	if (env == NULL) {
		log_warnx("%s: connection %u: %s envelope without a payload; "
		    "not acked", __func__, c->serial, f->type);
		return;
	}
	slack_conn_envelope(c, env->envelope_id);
	log_debug("%s: connection %u: %s %s (retry %lld)", __func__, c->serial,
	    f->type, env->envelope_id, f->retry_attempt);
	if (env->kind == ENV_USER)
		ingress_recheck(s->app->ingress, env->req.chat_user);
	if (env->kind == ENV_IGNORE || env->kind == ENV_USER) {
		slack_env_ack(s, env, NULL);
		slack_env_free(env);
		return;
	}
	ingress_submit(s->app->ingress, &env->req, env);
}

/* A frame about the connection itself (rare): read as a tree. */
static void
slack_conn_control(struct slack_conn *c, const char *data, size_t len,
    const char *type)
{
	json_t	*root = json_loadb(data, len, 0, NULL);

	if (strcmp(type, "hello") == 0)
		slack_conn_hello(c, root);
	else
		slack_conn_disconnect(c, root);
	json_decref(root);
}

/*
 * One whole text message from Slack.  Only its head is read here; an
 * envelope's payload is read by its parser.
 */
static void
slack_conn_message(struct net_ws *ws, const char *data, size_t len)
{
	struct slack_conn	*c = slack_conn_of(ws);
	struct slack_frame	 f;
	const char		*type;

	if (slack_frame_head(data, len, &f) != 0) {
		log_warnx("%s: connection %u: a %zu-byte frame is not a JSON "
		    "object; ignored", __func__, c->serial, len);
		return;
	}
	type = f.type;
	if (type == NULL)
		log_warnx("%s: connection %u: a frame without a type; ignored",
		    __func__, c->serial);
	else if (strcmp(type, "hello") == 0 ||
	    strcmp(type, "disconnect") == 0)
		slack_conn_control(c, data, len, type);
	else if (strcmp(type, "app_rate_limited") == 0)
		log_warnx("%s: Slack is dropping events: this app went over "
		    "its event rate limit", __func__);
	else if (c->state != CONN_UP)
		log_warnx("%s: connection %u: %.40s before hello; ignored",
		    __func__, c->serial, type);
	else if (slack_frame_is_envelope(&f))
		slack_envelope(c, &f);
	else
		log_warnx("%s: connection %u: unknown frame type \"%.40s\"; "
		    "not acked", __func__, c->serial, type);
	slack_frame_clear(&f);
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
		if (s != NULL)		/* the loop runs its own worker's */
			worker_done(s->conn_worker);
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
	slack_sender_team(s->sender, s->team_id);
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

/*
 * yelld -n: what chat_slack_create would need, without any network: both
 * tokens readable and well-formed, the CA file a PEM file.  Returns 0, or
 * -1 with *cause (caller frees).
 */
int
chat_slack_check(const struct config *cfg, char **cause)
{
	char	*tok, line[128];
	FILE	*f;
	bool	 pem = false;

	if ((tok = slack_token(cfg->slack_app_token_file, "slack_app_token",
	    "YELL_SLACK_APP_TOKEN", "xapp-", "app_token_file", cause)) == NULL)
		return -1;
	net_secret_free(tok);
	if ((tok = slack_token(cfg->slack_bot_token_file, "slack_bot_token",
	    "YELL_SLACK_BOT_TOKEN", "xoxb-", "bot_token_file", cause)) == NULL)
		return -1;
	net_secret_free(tok);
	if (cfg->slack_ca_file == NULL)
		return 0;
	if ((f = fopen(cfg->slack_ca_file, "r")) == NULL) {
		xasprintf(cause, "[slack] ca_file: %s: %m", cfg->slack_ca_file);
		return -1;
	}
	while (!pem && fgets(line, sizeof line, f) != NULL)
		pem = strncmp(line, "-----BEGIN CERTIFICATE-----", 27) == 0;
	fclose(f);
	if (!pem)
		xasprintf(cause, "[slack] ca_file: %s holds no PEM certificate",
		    cfg->slack_ca_file);
	return pem ? 0 : -1;
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
	/*
	 * Plain http to loopback (tests, benchmarks) speaks ws:// only: no
	 * TLS context, which costs a sixth of start-up, and no CA store.
	 */
	if (strncmp(s->cfg->slack_api_url, "http://", 7) == 0)
		info.options = LWS_SERVER_OPTION_DISABLE_OS_CA_CERTS;
	else
		info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.client_ssl_ca_filepath = s->cfg->slack_ca_file;
	s->vhost = lws_create_vhost(s->context, &info);
	if (s->vhost == NULL) {
		xasprintf(cause, "cannot set up TLS for Slack (is [slack] "
		    "ca_file a PEM file?)");
		return -1;
	}
	s->worker = loop_app(loop)->worker;
	s->conn_worker = worker_create(s->context, 1);
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
	slack_web_abort(s->web);	/* the worker stops after us */
	worker_free(s->conn_worker);
	s->conn_worker = NULL;
	lws_sul_cancel(&s->sul_auth);
	for (c = s->conns; c != NULL; c = c->next) {
		net_ws_stop(&c->ws);
		lws_sul_cancel(&c->sul_drain);
	}
}

/*
 * SIGTERM: no connection is opened or reopened any more; each open one is
 * drained (the acks of what is being committed go out on it) and closed
 * with 1000, and dropped if Slack does not answer the close.
 */
static void
slack_leave(struct chat *chat)
{
	struct slack		*s = chat->data;
	struct slack_conn	*c;

	s->stopping = true;
	lws_sul_cancel(&s->sul_auth);
	for (c = s->conns; c != NULL; c = c->next) {
		net_ws_stop(&c->ws);
		lws_sul_cancel(&c->sul_drain);
		if (c->ws.wsi == NULL || c->ws.closing)
			continue;
		if (c->state == CONN_UP)
			slack_conn_drain(c);
		else
			slack_conn_close(c);
	}
}

static int
slack_connections(struct chat *chat)
{
	return slack_conns_up(chat->data);
}

/* True once no connection has a socket. */
static bool
slack_left(struct chat *chat)
{
	struct slack		*s = chat->data;
	struct slack_conn	*c;

	for (c = s->conns; c != NULL; c = c->next) {
		if (c->ws.wsi != NULL)
			return false;
	}
	return true;
}

static enum chat_delivery
slack_deliver(struct chat *chat, const struct outbox_row *row,
    const struct chat_recipient *to, char **error, int *retry_after,
    char **sent_ref)
{
	struct slack	*s = chat->data;

	return slack_sender_deliver(s->sender, row, to, error, retry_after,
	    sent_ref);
}

static enum chat_delivery
slack_find(struct chat *chat, const char *email, char **user, char **error,
    int *retry_after)
{
	struct slack	*s = chat->data;

	return slack_sender_find(s->sender, email, user, error, retry_after);
}

static void
slack_free(struct chat *chat)
{
	struct slack		*s;

	if (chat == NULL)
		return;
	s = chat->data;
	if (!s->stopping)
		slack_stop(chat);
	while (s->conns != NULL)
		slack_conn_free(s->conns);
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

	if (net_url_check_api(cfg->slack_api_url, cause) != 0)
		return NULL;	/* config_load checked it; this is a backstop */
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
	chat->caps = CHAT_CAN_ACK_REPLY | CHAT_CAN_PRIVATE | CHAT_CAN_BUTTONS |
	    CHAT_CAN_EDIT | CHAT_CAN_HOME | CHAT_CAN_FORMS;
	chat->pace_ms = cfg->slack_post_interval_ms;
	chat->stop = slack_stop;
	chat->leave = slack_leave;
	chat->left = slack_left;
	chat->connections = slack_connections;
	chat->ack = slack_ack;
	chat->lookup = slack_lookup;
	chat->find = slack_find;
	chat->deliver = slack_deliver;
	chat->free = slack_free;
	chat->data = s;
	return chat;
}
