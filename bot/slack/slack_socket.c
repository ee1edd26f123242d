/*
 * slack_socket.c: the Slack adapter's Socket Mode side: connections to Slack
 * (apps.connections.open, hello, disconnect, refresh, back-off) and the
 * envelopes they carry, turned into struct request, dispatched and acked.
 * Web API calls are in slack_api.c, Block Kit in slack_render.c, outbox
 * delivery in slack_send.c.  No JSON goes past this file into handlers.
 *
 * DESIGN
 * Everything here runs on the loop thread, except Web API calls, which are
 * worker jobs (auth.test, apps.connections.open, users.info, views.open)
 * whose results come back to the loop (worker.c).
 *
 * Connections.  [slack] connections slots each keep one connection up.  A
 * connection is counted up only after Slack's hello.  On disconnect
 * "warning" or "refresh_requested" a replacement for the same slot is
 * opened first, and the old one is closed (1000) only when the new one has
 * said hello, so no envelope finds us without a socket.  Lost connections
 * come back after an lws_retry_bo_t back-off with jitter; "too_many_
 * websockets" closes first and waits 30 s or more; "link_disabled" or a
 * refused token stops yelld (exit 78).  lws pings an idle connection and
 * hangs up one that stays silent (retry_and_idle_policy).
 *
 * Envelopes.  Each is typed by slack_envelope.c (pure functions) and
 * handed to ingress with the envelope itself as the token; ingress links
 * the Slack users it names (slack_lookup: users.info on the worker), runs
 * it in a group commit with its delivery id (event_id for events, else
 * envelope_id) and only then calls slack_ack, which acks on the connection
 * it came on, with the reply as payload for slash commands.  A request
 * that failed is not acked, so Slack sends it again; a duplicate is acked
 * and not run.  A stranger is answered here, since the outbox cannot name
 * them; a form is opened with views.open.
 *
 * Answers otherwise go through the outbox (slack_send.c): a DM with a DM,
 * a mention in a channel with an ephemeral message there, a pressed button
 * with a chat.update of the message that carried it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libwebsockets.h>

#include "slack.h"

#define SLACK_FRAME_MAX		(1024 * 1024)	/* bytes of one message */
#define SLACK_TOKEN_MAX		512
#define SLACK_TOO_MANY_WAIT	30	/* seconds, times the count */
#define SLACK_TOO_MANY_CAP	300

enum slack_conn_state {
	CONN_IDLE,		/* waiting to (re)connect */
	CONN_URL,		/* apps.connections.open in flight */
	CONN_CONNECTING,	/* TCP, TLS and WebSocket handshakes */
	CONN_HELLO,		/* connected, waiting for hello */
	CONN_UP,
};

struct slack_frame {
	struct slack_frame	*next;
	size_t			 len;
	unsigned char		 data[];	/* LWS_PRE, then the text */
};

struct slack_conn {
	struct slack		*s;
	struct slack_conn	*next;
	unsigned		 serial;	/* names it in logs and jobs */
	int			 slot;
	enum slack_conn_state	 state;
	struct lws		*wsi;
	char			*host;		/* for logs: never the URL */
	lws_sorted_usec_list_t	 sul_retry;
	lws_sorted_usec_list_t	 sul_hello;
	uint16_t		 retries;
	struct buf		 rx;
	bool			 rx_active;	/* inside a message */
	bool			 rx_binary;
	size_t			 rx_size;	/* bytes of it, kept or not */
	struct slack_frame	*txq, *txq_tail;
	struct slack_conn	*replacement;	/* opened to take over */
	struct slack_conn	*replaces;	/* closed when we say hello */
	bool			 closing;	/* we are leaving */
	bool			 too_many;	/* ... because of that reason */
};

struct slack {
	struct app		*app;
	const struct config	*cfg;
	struct loop		*loop;
	struct lws_context	*context;
	struct lws_vhost	*vhost;
	struct worker		*worker;
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
	json_t			*args;
	char			*form;
	struct slack_result	 res;
	unsigned		 serial;
	void			(*then)(struct slack_call *);
};

static void	slack_conn_open(struct slack_conn *);
static void	slack_conn_lost(struct slack_conn *, const char *why);

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
	buf_init(&c->rx, SLACK_FRAME_MAX);
	c->next = s->conns;
	s->conns = c;
	return c;
}

static void
slack_conn_drop_txq(struct slack_conn *c)
{
	struct slack_frame	*f, *next;

	for (f = c->txq; f != NULL; f = next) {
		next = f->next;
		free(f);
	}
	c->txq = c->txq_tail = NULL;
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
	lws_sul_cancel(&c->sul_retry);
	lws_sul_cancel(&c->sul_hello);
	slack_conn_drop_txq(c);
	buf_free(&c->rx);
	free(c->host);
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

static void
slack_reopen_cb(lws_sorted_usec_list_t *sul)
{
	slack_conn_open(lws_container_of(sul, struct slack_conn, sul_retry));
}

/* Schedules the next attempt after the back-off (or at least min_ms). */
static void
slack_conn_retry(struct slack_conn *c, long min_ms)
{
	struct slack	*s = c->s;
	uint32_t	 ms;

	c->state = CONN_IDLE;
	ms = lws_retry_get_delay_ms(s->context, &s->retry, &c->retries, NULL);
	if ((long)ms < min_ms)
		ms = (uint32_t)min_ms;
	log_info("%s: connection %u: next attempt in %u ms", __func__,
	    c->serial, ms);
	lws_sul_schedule(s->context, 0, &c->sul_retry, slack_reopen_cb,
	    (lws_usec_t)ms * LWS_US_PER_MS);
}

static void
slack_hello_timeout(lws_sorted_usec_list_t *sul)
{
	struct slack_conn	*c = lws_container_of(sul, struct slack_conn,
				    sul_hello);

	if (c->state == CONN_UP || c->wsi == NULL)
		return;
	log_warnx("%s: connection %u to %s: no hello within %ld ms; "
	    "reconnecting", __func__, c->serial, c->host != NULL ? c->host :
	    "?", c->s->cfg->slack_hello_timeout_ms);
	lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
}

/* Starts the handshakes to the wss:// (or loopback ws://) URL. */
static int
slack_conn_connect(struct slack_conn *c, const char *url)
{
	struct slack			*s = c->s;
	struct lws_client_connect_info	 i;
	const char			*prot, *address, *path;
	char				*copy, *fullpath;
	int				 port, rc = -1;

	copy = xstrdup(url);
	if (lws_parse_uri(copy, &prot, &address, &port, &path) != 0 ||
	    (strcmp(prot, "wss") != 0 && (strcmp(prot, "ws") != 0 ||
	    !slack_url_is_loopback(url)))) {
		log_warnx("%s: connection %u: Slack gave a URL that is not "
		    "wss://", __func__, c->serial);
		goto out;
	}
	if (c->host != NULL)		/* a new socket, a new name: */
		c->serial = ++s->next_serial;	/* acks never cross sockets */
	free(c->host);
	c->host = xstrdup(address);
	xasprintf(&fullpath, "/%s", path);
	memset(&i, 0, sizeof i);
	i.context = s->context;
	i.vhost = s->vhost;
	i.address = address;
	i.port = port;
	i.path = fullpath;
	i.host = address;
	i.origin = address;
	i.ssl_connection = strcmp(prot, "wss") == 0 ? LCCSCF_USE_SSL : 0;
	i.local_protocol_name = "yell-slack";
	i.pwsi = &c->wsi;
	i.retry_and_idle_policy = &s->retry;
	i.opaque_user_data = c;
	c->state = CONN_CONNECTING;
	lws_sul_schedule(s->context, 0, &c->sul_hello, slack_hello_timeout,
	    (lws_usec_t)s->cfg->slack_hello_timeout_ms * LWS_US_PER_MS);
	log_info("%s: connection %u: connecting to %s", __func__, c->serial,
	    c->host);
	if (lws_client_connect_via_info(&i) == NULL &&
	    c->state == CONN_CONNECTING)
		c->wsi = NULL;	/* failed before any callback said so */
	else
		rc = 0;
	explicit_bzero(fullpath, strlen(fullpath));
	free(fullpath);
out:
	explicit_bzero(copy, strlen(url));	/* the ticket */
	free(copy);
	return rc;
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

/* Asks Slack for a fresh URL: each one is good for one connection. */
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
	slack_call_push(call);
}

/* Queues a text frame; written by CLIENT_WRITEABLE, one per callback. */
static void
slack_conn_send(struct slack_conn *c, json_t *msg)
{
	struct slack_frame	*f;
	char			*text;
	size_t			 len;

	text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (text == NULL || c->wsi == NULL) {
		free(text);
		return;
	}
	len = strlen(text);
	f = xmalloc(sizeof *f + LWS_PRE + len);
	f->next = NULL;
	f->len = len;
	memcpy(f->data + LWS_PRE, text, len);
	free(text);
	if (c->txq_tail != NULL)
		c->txq_tail->next = f;
	else
		c->txq = f;
	c->txq_tail = f;
	lws_callback_on_writable(c->wsi);
}

/* Leaves: flush the acks queued, then close with 1000. */
static void
slack_conn_close(struct slack_conn *c)
{
	c->closing = true;
	if (c->wsi != NULL)
		lws_callback_on_writable(c->wsi);
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
	lws_sul_cancel(&c->sul_hello);
	c->state = CONN_UP;
	c->retries = 0;
	s->too_many = 0;
	n = json_integer_value(json_object_get(root, "num_connections"));
	log_info("%s: connection %u to %s is up (slot %d); Slack counts %lld "
	    "connection(s) for this app", __func__, c->serial, c->host,
	    c->slot, (long long)n);
	if (n > slack_conns_up(s) + (c->replaces != NULL))
		log_warnx("%s: Slack counts more connections than this yelld "
		    "holds: is another process using the app token?",
		    __func__);
	if (c->replaces != NULL) {
		log_info("%s: connection %u replaces %u", __func__, c->serial,
		    c->replaces->serial);
		slack_conn_close(c->replaces);
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
	} else if (c->replacement == NULL && !c->closing) {
		/* warning, refresh_requested, or one we do not know yet */
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
slack_conn_lost(struct slack_conn *c, const char *why)
{
	struct slack	*s = c->s;
	bool		 replaced = c->replacement != NULL;

	c->wsi = NULL;
	c->rx_active = false;
	lws_sul_cancel(&c->sul_hello);
	slack_conn_drop_txq(c);
	if (s->stopping)
		return;
	log_info("%s: connection %u to %s closed: %s", __func__, c->serial,
	    c->host != NULL ? c->host : "?", why);
	if (c->too_many) {
		c->too_many = false;
		c->closing = false;
		s->too_many++;
		slack_conn_retry(c, (long)SLACK_TOO_MANY_WAIT * 1000 *
		    (s->too_many < SLACK_TOO_MANY_CAP / SLACK_TOO_MANY_WAIT ?
		    s->too_many : SLACK_TOO_MANY_CAP / SLACK_TOO_MANY_WAIT));
	} else if (replaced || c->closing)
		slack_conn_free(c);
	else
		slack_conn_retry(c, 0);
}

/* --- Envelopes ------------------------------------------------------ */

/* Acks on the connection the envelope came on, if it is still there. */
static void
slack_env_ack(struct slack *s, struct slack_env *env, json_t *payload)
{
	struct slack_conn	*c = slack_conn_find(s, env->serial);
	json_t			*msg;

	if (c == NULL || c->wsi == NULL) {
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

/*
 * A stranger, whom the outbox cannot address: the answer goes in the ack
 * where it can, on their App Home tab when that is what they opened (not a
 * DM each time), and otherwise straight to their DM.
 */
static void
slack_answer_stranger(struct slack *s, struct slack_env *env,
    const struct reply *r)
{
	const char	*truncated;
	json_t		*args;

	log_info("%s: Slack user %s is not on the roster", __func__,
	    env->chat_user);
	truncated = msgcat_raw(s->app->msg, s->cfg->language,
	    "slack.truncated");
	if (env->accepts_payload) {
		slack_env_ack(s, env, slack_ack_payload(s, r));
		return;
	}
	slack_env_ack(s, env, NULL);
	if (env->kind == ENV_HOME) {
		slack_call(s, "views.publish", s->bot_token,
		    json_pack("{s:s, s:o}", "user_id", env->chat_user, "view",
		    slack_render_home(r, truncated)), NULL);
		return;
	}
	args = slack_render_message(r, truncated);
	json_object_set_new(args, "channel", json_string(env->chat_user));
	slack_call(s, "chat.postMessage", s->bot_token, args, NULL);
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
	if (env->trigger_id != NULL)
		slack_call(s, "views.open", s->bot_token, json_pack(
		    "{s:s, s:o}", "trigger_id", env->trigger_id, "view",
		    slack_render_form(form)), slack_form_opened);
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
		slack_env_ack(s, env, env->accepts_payload ?
		    slack_ack_payload(s, &ans->reply) : NULL);
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
	slack_env_free(env);
}

/*
 * chat->lookup, on the worker: a Slack user's verified email (users.info),
 * so that ingress can link them to the roster.  Bots, deleted users and
 * users Slack does not know are nobody of ours.
 */
static int
slack_lookup(struct chat *chat, const char *user, char **email)
{
	struct slack		*s = chat->data;
	struct slack_result	 res;
	json_t			*u;
	const char		*e;
	char			*form;
	int			 rc = 0;

	*email = NULL;
	xasprintf(&form, "user=%s", user);
	slack_web_call(s->web, "users.info", s->bot_token, NULL, form, &res);
	free(form);
	u = json_object_get(res.body, "user");
	e = json_string_value(json_object_get(json_object_get(u, "profile"),
	    "email"));
	if (res.outcome == SLACK_RETRY || res.outcome == SLACK_RATELIMITED) {
		log_warnx("%s: users.info %s: %s", __func__, user, res.error);
		rc = -1;
	} else if (res.outcome == SLACK_OK && e != NULL &&
	    !json_is_true(json_object_get(u, "deleted")) &&
	    !json_is_true(json_object_get(u, "is_bot"))) {
		*email = xstrdup(e);
		rc = 1;
	}
	slack_result_clear(&res);
	return rc;
}

/* --- Frames --------------------------------------------------------- */

static void
slack_envelope(struct slack_conn *c, json_t *root, const char *type)
{
	struct slack		*s = c->s;
	struct slack_self	 self = { s->bot_user, s->team_id };
	struct slack_env	*env;

	if (slack_str(root, "envelope_id") == NULL) {
		log_warnx("%s: connection %u: %.40s frame without an "
		    "envelope_id; ignored", __func__, c->serial, type);
		return;
	}
	env = slack_env_parse(root, type, &self, c->serial);
	if (env == NULL) {
		log_warnx("%s: connection %u: %s envelope without a payload; "
		    "not acked", __func__, c->serial, type);
		return;
	}
	log_debug("%s: connection %u: %s %s (retry %lld)", __func__, c->serial,
	    type, env->envelope_id, (long long)json_integer_value(
	    json_object_get(root, "retry_attempt")));
	if (env->kind == ENV_IGNORE) {
		slack_env_ack(s, env, NULL);
		slack_env_free(env);
		return;
	}
	ingress_submit(s->app->ingress, &env->req, env);
}

/* One whole text message from Slack. */
static void
slack_conn_message(struct slack_conn *c, const char *data, size_t len)
{
	json_t		*root;
	json_error_t	 err;
	const char	*type;

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

/* Gathers a message's fragments, up to SLACK_FRAME_MAX bytes. */
static void
slack_conn_rx(struct slack_conn *c, struct lws *wsi, const void *in,
    size_t len)
{
	if (!c->rx_active) {
		c->rx_active = true;
		c->rx_binary = lws_frame_is_binary(wsi);
		c->rx_size = 0;
		buf_reset(&c->rx);
	}
	c->rx_size += len;
	if (!c->rx_binary && c->rx_size <= SLACK_FRAME_MAX &&
	    buf_add(&c->rx, in, len) != 0)
		buf_reset(&c->rx);
	if (!lws_is_final_fragment(wsi))
		return;
	c->rx_active = false;
	if (c->rx_binary)
		log_warnx("%s: connection %u: a %zu-byte binary frame; "
		    "ignored", __func__, c->serial, c->rx_size);
	else if (c->rx_size > SLACK_FRAME_MAX)
		log_warnx("%s: connection %u: a %zu-byte frame is over the "
		    "%d-byte limit; ignored", __func__, c->serial, c->rx_size,
		    SLACK_FRAME_MAX);
	else
		slack_conn_message(c, c->rx.data != NULL ? c->rx.data : "",
		    c->rx.len);
	buf_reset(&c->rx);
}

static int
slack_conn_writeable(struct slack_conn *c, struct lws *wsi)
{
	struct slack_frame	*f = c->txq;

	if (f != NULL) {
		c->txq = f->next;
		if (c->txq == NULL)
			c->txq_tail = NULL;
		if (lws_write(wsi, f->data + LWS_PRE, f->len, LWS_WRITE_TEXT) <
		    (int)f->len) {
			free(f);
			return -1;
		}
		free(f);
		if (c->txq != NULL || c->closing)
			lws_callback_on_writable(wsi);
		return 0;
	}
	if (c->closing) {
		lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, NULL, 0);
		return -1;
	}
	return 0;
}

static int
slack_callback(struct lws *wsi, enum lws_callback_reasons reason,
    void *user, void *in, size_t len)
{
	struct slack_conn	*c = lws_get_opaque_user_data(wsi);

	(void)user;
	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		if (c != NULL)
			slack_conn_lost(c, in != NULL ? (const char *)in :
			    "connection failed");
		return 0;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		if (c != NULL)
			c->state = CONN_HELLO;
		return 0;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (c != NULL)
			slack_conn_rx(c, wsi, in, len);
		return 0;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		return c != NULL ? slack_conn_writeable(c, wsi) : 0;
	case LWS_CALLBACK_CLIENT_CLOSED:
		if (c != NULL)
			slack_conn_lost(c, c->closing ? "closed by us" :
			    "closed");
		return 0;
	default:
		return 0;
	}
}

static const struct lws_protocols slack_protocols[] = {
	{ "yell-slack", slack_callback, 0, 65536, 0, NULL, 0 },
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
 * from the environment variable env, in that order, and checks its prefix.
 * The variable is wiped from the environment so that /proc/PID/environ
 * does not keep it.  Returns the token or NULL with *cause (never the
 * token itself).
 */
static char *
slack_token(const char *path, const char *name, const char *env,
    const char *prefix, const char *key, char **cause)
{
	char		 buf[SLACK_TOKEN_MAX + 2], *cred = NULL, *tok = NULL;
	const char	*dir = getenv("CREDENTIALS_DIRECTORY");
	char		*value = getenv(env);
	FILE		*f;
	size_t		 n = 0;

	if (path == NULL && dir != NULL) {
		xasprintf(&cred, "%s/%s", dir, name);
		if (access(cred, R_OK) == 0)
			path = cred;
	}
	if (path != NULL) {
		f = fopen(path, "r");
		if (f == NULL) {
			xasprintf(cause, "[slack] %s: %s: %s", key, path,
			    strerror(errno));
			goto out;
		}
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
	} else if (value != NULL) {
		n = strlen(value) < sizeof buf - 1 ? strlen(value) :
		    sizeof buf - 1;
		memcpy(buf, value, n);
	} else {
		xasprintf(cause, "[slack] %s is not set and neither is %s",
		    key, env);
		goto out;
	}
	buf[n] = '\0';
	buf[strcspn(buf, " \t\r\n")] = '\0';
	if (strncmp(buf, prefix, strlen(prefix)) != 0 ||
	    strlen(buf) > SLACK_TOKEN_MAX)
		xasprintf(cause, "[slack] %s: the token does not start with "
		    "\"%s\"", path != NULL ? key : env, prefix);
	else
		tok = xstrdup(buf);
out:
	explicit_bzero(buf, sizeof buf);
	if (value != NULL) {
		explicit_bzero(value, strlen(value));
		unsetenv(env);
	}
	free(cred);
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
	s->worker = loop_app(loop)->worker;
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
	lws_sul_cancel(&s->sul_auth);
	for (c = s->conns; c != NULL; c = c->next) {
		lws_sul_cancel(&c->sul_retry);
		lws_sul_cancel(&c->sul_hello);
	}
}

static enum chat_delivery
slack_deliver(struct chat *chat, const struct outbox_row *row,
    const struct chat_recipient *to, char **error, int *retry_after)
{
	struct slack	*s = chat->data;

	return slack_sender_deliver(s->sender, row, to, error, retry_after);
}

static enum chat_delivery
slack_find(struct chat *chat, const char *email, char **user, char **error,
    int *retry_after)
{
	struct slack	*s = chat->data;

	return slack_sender_find(s->sender, email, user, error, retry_after);
}

static void
slack_secret_free(char *p)
{
	if (p != NULL)
		explicit_bzero(p, strlen(p));
	free(p);
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
	slack_secret_free(s->app_token);
	slack_secret_free(s->bot_token);
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
	    !slack_url_is_loopback(cfg->slack_api_url))) {
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
		slack_secret_free(s->app_token);
		free(s);
		return NULL;
	}
	s->retry.retry_ms_table = slack_backoff_ms;
	s->retry.retry_ms_table_count = LWS_ARRAY_SIZE(slack_backoff_ms);
	s->retry.conceal_count = LWS_RETRY_CONCEAL_ALWAYS;
	s->retry.secs_since_valid_ping = (uint16_t)cfg->slack_ping_interval;
	s->retry.secs_since_valid_hangup = (uint16_t)cfg->slack_ping_timeout;
	s->retry.jitter_percent = 30;
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
	chat->ack = slack_ack;
	chat->lookup = slack_lookup;
	chat->find = slack_find;
	chat->deliver = slack_deliver;
	chat->free = slack_free;
	chat->data = s;
	return chat;
}
