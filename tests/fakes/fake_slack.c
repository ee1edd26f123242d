/*
 * fake_slack.c: a Slack for the integration tests, on loopback: the Web API
 * over HTTP(S) and Socket Mode over WebSocket, in one libwebsockets server.
 * It behaves as Slack's documentation says where yelld can tell: tokens in
 * the Authorization header (app-level for apps.connections.open, bot for
 * the rest), one-use connection URLs, hello, envelopes with envelope_id,
 * redelivery of unacked events with retry_attempt raised, disconnect
 * messages, 429 with Retry-After, ok:false errors, trigger ids that expire
 * after 3 s and work once.  It keeps the messages chat.postMessage posted
 * (a user id posts into that user's DM, D + the id's tail; blocks without
 * a block_id get one), so that a button in one can be pressed and
 * chat.update can edit it; chat.postEphemeral wants the user in the
 * channel (C0GENERAL holds every user who has not left).  A connection
 * that was sent disconnect "warning" or "refresh_requested" gets no new
 * envelopes (it still takes acks until it closes).  A slash command or an
 * interaction that finds no connection fails for the user at once
 * (dispatch_failed), and one left unacked is not sent again: only events
 * are redelivered.
 *
 * It takes commands on stdin, one a line (see fake_command), and reports
 * what it sees on stdout, one event a line, for the test to grep:
 *   listening PORT          api METHOD BODY          http429 METHOD S
 *   violation METHOD MS     ws open|hello|close ID    send ID ENV TYPE R EV
 *   ws peer_close ID CODE   (yelld closed with CODE)
 *   ack ID ENV [PAYLOAD]    ack_dup ENV              ack_unknown ENV
 *   redeliver ENV EV R      expired ENV              gap_start / gap_end
 *   frame ID BYTES          (text frames yelld sent that were not acks)
 *   pressed CHANNEL TS ACTION_ID            press_none USER ACTION_ID
 *   dispatch_failed ENV     (a slash command or action found no connection)
 *   slash_stats BURST_SENT ACKED FAILED EXPIRED LATE   (slash commands)
 * It is test code: it trusts its own commands and keeps everything in
 * memory.  It shares no code with yelld, so it cannot share its bugs.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libwebsockets.h>

#define BODY_MAX	(4 * 1024 * 1024)
#define TRIGGER_TTL_MS	3000
#define MAX_LIMITS	16

enum env_state { ENV_QUEUED, ENV_SENT, ENV_ACKED, ENV_DEAD };

struct env {
	char		*id;
	char		*event_id;	/* events_api only */
	char		*type;
	json_t		*payload;
	bool		 accepts;
	int		 retry;
	enum env_state	 state;
	long long	 sent_ms;
	int		 conn;
	bool		 burst;		/* sent by slash_burst */
	struct env	*next;
};

struct frame {
	struct frame	*next;
	bool		 binary;
	bool		 drop_after;	/* shut the socket once written */
	size_t		 len;
	unsigned char	 data[];	/* LWS_PRE + payload */
};

struct fconn {
	int		 id;
	struct lws	*wsi;
	bool		 up;		/* hello written */
	bool		 leaving;	/* told to go: no new envelopes */
	long long	 close_at_ms;	/* after a disconnect; 0: never */
	struct frame	*q, *qtail;
	char		*rx;
	size_t		 rxlen;
	struct fconn	*next;
};

struct limit {			/* injected answers for a method */
	char		 method[64];
	int		 count;
	int		 status;	/* 429 or another HTTP status */
	int		 retry_after;
	char		 error[64];	/* ok:false error */
	long long	 blocked_until;	/* after a 429 */
	int		 delay_ms;	/* "slow": answer this much later */
};

struct user {
	char		*id;
	char		*email;
	char		*team;		/* NULL: the fake's own */
	bool		 guest;		/* is_restricted */
	bool		 deleted;
	bool		 left;		/* has left C0GENERAL */
	struct user	*next;
};

struct fmsg {			/* a message chat.postMessage posted */
	char		*channel;
	char		 ts[32];
	json_t		*text;
	json_t		*blocks;
	struct fmsg	*next;
};

struct trigger {
	char		 id[32];
	long long	 at;
	bool		 used;
	struct trigger	*next;
};

struct pss {
	bool		 ws;
	struct fconn	*conn;
	char		 method[64];
	char		 auth[1024];
	char		 ctype[128];
	char		*body;
	size_t		 blen;
	char		*resp;
	size_t		 rlen;
	struct lws	*wsi;		/* for a delayed answer */
	lws_sorted_usec_list_t	 sul_slow;
};

static struct {
	struct lws_context	*context;
	const char		*app_token, *bot_token;
	const char		*team, *app, *bot_user, *host;
	char			*hello_app;	/* app_id said in hello */
	char			*view_callback;	/* of the last view opened */
	bool			 tls;
	int			 port;
	int			 ack_timeout_ms;
	int			 max_retries;
	int			 refresh_close_ms;
	struct env		*envs, *envs_tail;
	struct env		*live;		/* no settled one before it */
	int			 nenv;
	int			 nposted;	/* chat.postMessage taken */
	bool			 forget;	/* keep no posted message (soak) */
	struct fconn		*conns;
	int			 next_conn;
	int			 next_ticket;
	char			*tickets[4096];
	int			 ntickets;
	struct limit		 limits[MAX_LIMITS];
	struct user		*users;
	struct fmsg		*msgs;		/* newest first */
	int			 next_ts, next_block;
	struct trigger		*triggers;
	int			 next_trigger;
	int			 drop_after;	/* envelopes until a drop */
	int			 nohello;	/* connections left unwelcomed */
	int			 burst_left, burst_n, burst_interval;
	char			*burst_user, *burst_text;
	long long		 burst_next;
	bool			 ever_up, in_gap;
	long long		 gap_since;
	int			 rr;
	lws_sorted_usec_list_t	 tick;
	char			 line[2 * 1024 * 1024];
	size_t			 linelen;
	bool			 quit;
} F;

/* The benchmark's load generator: its section is near the end. */
static bool	 load_silent(void);
static bool	 load_ack(struct fconn *, const char *, json_t *);
static bool	 load_writeable(struct fconn *, struct lws *);
static json_t	*load_api(const char *, const char *, const char *, json_t *,
		    int *, int *);
static void	 load_command(char *);
static void	 load_stop(void);

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
out(const char *fmt, ...)
{
	va_list	ap;

	if (load_silent())
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static char *
xdup(const char *s)
{
	char	*p = strdup(s != NULL ? s : "");

	if (p == NULL)
		abort();
	return p;
}

/* --- WebSocket side ------------------------------------------------- */

static void
conn_queue(struct fconn *c, const void *data, size_t len, bool binary,
    bool drop_after)
{
	struct frame	*f = malloc(sizeof *f + LWS_PRE + len);

	if (f == NULL)
		abort();
	f->next = NULL;
	f->binary = binary;
	f->drop_after = drop_after;
	f->len = len;
	memcpy(f->data + LWS_PRE, data, len);
	if (c->qtail != NULL)
		c->qtail->next = f;
	else
		c->q = f;
	c->qtail = f;
	lws_callback_on_writable(c->wsi);
}

static void
conn_queue_json(struct fconn *c, json_t *o, bool drop_after)
{
	char	*s = json_dumps(o, JSON_COMPACT);

	conn_queue(c, s, strlen(s), false, drop_after);
	free(s);
	json_decref(o);
}

static int
conns_up(void)
{
	struct fconn	*c;
	int		 n = 0;

	for (c = F.conns; c != NULL; c = c->next)
		n += c->up && !c->leaving;
	return n;
}

/* Notes any moment with no connection that has said hello. */
static void
gap_check(void)
{
	int	n = conns_up();

	if (n == 0 && F.ever_up && !F.in_gap) {
		F.in_gap = true;
		F.gap_since = now_ms();
		out("gap_start");
	} else if (n > 0 && F.in_gap) {
		F.in_gap = false;
		out("gap_end %lld", now_ms() - F.gap_since);
	}
	if (n > 0)
		F.ever_up = true;
}

static struct fconn *
conn_pick(void)
{
	struct fconn	*c, *pick = NULL;
	int		 n = conns_up(), i = 0, want;

	if (n == 0)
		return NULL;
	want = F.rr++ % n;
	for (c = F.conns; c != NULL; c = c->next) {
		if (c->up && !c->leaving && i++ == want)
			pick = c;
	}
	return pick;
}

static json_t *
env_json(struct env *e)
{
	json_t	*o;

	o = json_pack("{s:s, s:s, s:O, s:b}", "type", e->type, "envelope_id",
	    e->id, "payload", e->payload, "accepts_response_payload",
	    e->accepts);
	if (strcmp(e->type, "events_api") == 0) {
		json_object_set_new(o, "retry_attempt", json_integer(e->retry));
		json_object_set_new(o, "retry_reason", json_string(e->retry > 0 ?
		    "timeout" : ""));
	}
	return o;
}

static void	slash_settled(struct env *, enum env_state);
static void	sburst_step(void);

/*
 * Slack cannot hold a slash command or an interaction until a connection
 * comes: with none ready the user sees it fail (dispatch_failed) at once.
 * Events wait, and are retried, as the Events API does.
 */
static bool
env_undeliverable(struct env *e)
{
	if (conns_up() > 0 || strcmp(e->type, "events_api") == 0)
		return false;
	out("dispatch_failed %s", e->id);
	slash_settled(e, ENV_DEAD);
	return true;
}

/*
 * The first envelope not yet acked or dead: the scans start there, so
 * that a long run does not cost the time of every envelope it ever sent.
 */
static struct env *
env_live(void)
{
	while (F.live != NULL && (F.live->state == ENV_ACKED ||
	    F.live->state == ENV_DEAD))
		F.live = F.live->next;
	return F.live;
}

/* "env_stats": envelopes by state, and the messages posted. */
static void
env_stats(void)
{
	struct env	*e;
	int		 n[4] = { 0, 0, 0, 0 };

	for (e = F.envs; e != NULL; e = e->next)
		n[e->state]++;
	out("env_stats queued=%d sent=%d acked=%d dead=%d posted=%d", n[0],
	    n[1], n[2], n[3], F.nposted);
}

/* Hands queued envelopes to connections that have said hello. */
static void
pump(void)
{
	struct env	*e;
	struct fconn	*c;
	bool		 drop;

	for (e = env_live(); e != NULL; e = e->next) {
		if (e->state != ENV_QUEUED || env_undeliverable(e))
			continue;
		if ((c = conn_pick()) == NULL)
			continue;	/* events wait for a connection */
		e->state = ENV_SENT;
		e->sent_ms = now_ms();
		e->conn = c->id;
		drop = F.drop_after > 0 && --F.drop_after == 0;
		out("send %d %s %s %d %s", c->id, e->id, e->type, e->retry,
		    e->event_id != NULL ? e->event_id : "-");
		conn_queue_json(c, env_json(e), drop);
	}
}

/* Queues an envelope (id NULL: a new one) and sends what can be sent. */
static struct env *
env_add(const char *type, json_t *payload, bool accepts, const char *event_id,
    const char *id, int retry)
{
	struct env	*e = calloc(1, sizeof *e);
	char		 newid[64];

	if (e == NULL)
		abort();
	if (id == NULL) {
		snprintf(newid, sizeof newid, "env-%d", ++F.nenv);
		id = newid;
	}
	e->id = xdup(id);
	e->retry = retry;
	e->type = xdup(type);
	e->payload = payload;
	e->accepts = accepts;
	e->event_id = event_id != NULL ? xdup(event_id) : NULL;
	if (F.envs_tail != NULL)
		F.envs_tail->next = e;
	else
		F.envs = e;
	F.envs_tail = e;
	if (env_live() == NULL)
		F.live = e;
	pump();
	return e;
}

static void
ack(struct fconn *c, const char *text, size_t len)
{
	json_t		*o = json_loadb(text, len, 0, NULL), *p;
	const char	*id = json_string_value(json_object_get(o, "envelope_id"));
	struct env	*e;
	char		*ps = NULL;

	if (id == NULL) {
		out("frame %d %zu", c->id, len);
		json_decref(o);
		return;
	}
	if (load_ack(c, id, o)) {
		json_decref(o);
		return;
	}
	for (e = env_live(); e != NULL && strcmp(e->id, id) != 0; e = e->next)
		;
	if (e == NULL) {	/* settled before, or never sent */
		for (e = F.envs; e != NULL && strcmp(e->id, id) != 0;
		    e = e->next)
			;
	}
	if (e == NULL)
		out("ack_unknown %s", id);
	else if (e->state == ENV_ACKED)
		out("ack_dup %s", id);
	else {
		slash_settled(e, ENV_ACKED);
		if (F.forget) {		/* never sent again */
			json_decref(e->payload);
			e->payload = NULL;
		}
		if ((p = json_object_get(o, "payload")) != NULL)
			ps = json_dumps(p, JSON_COMPACT);
		out("ack %d %s %lld %s", c->id, id, now_ms() - e->sent_ms,
		    ps != NULL ? ps : "");
		free(ps);
		sburst_step();
	}
	json_decref(o);
}

/* Unacked events come again with retry_attempt raised; others expire. */
static void
redeliver(void)
{
	struct env	*e;
	char		 id[80];

	for (e = env_live(); e != NULL; e = e->next) {
		if (e->state != ENV_SENT || now_ms() - e->sent_ms <
		    F.ack_timeout_ms)
			continue;
		if (e->event_id == NULL || e->retry >= F.max_retries) {
			slash_settled(e, ENV_DEAD);
			out("expired %s", e->id);
			continue;
		}
		e->state = ENV_DEAD;
		snprintf(id, sizeof id, "%s-r%d", e->id, e->retry + 1);
		out("redeliver %s %s %d", id, e->event_id, e->retry + 1);
		env_add(e->type, json_incref(e->payload), e->accepts,
		    e->event_id, id, e->retry + 1);
	}
	pump();
}

static void
conn_free(struct fconn *c)
{
	struct fconn	**pp;
	struct frame	*f, *n;

	for (pp = &F.conns; *pp != c; pp = &(*pp)->next)
		;
	*pp = c->next;
	for (f = c->q; f != NULL; f = n) {
		n = f->next;
		free(f);
	}
	free(c->rx);
	free(c);
}

static int
conn_writeable(struct fconn *c, struct lws *wsi)
{
	struct frame	*f = c->q;
	bool		 drop;

	if (load_writeable(c, wsi))
		return 0;
	if (f == NULL)
		return 0;
	c->q = f->next;
	if (c->q == NULL)
		c->qtail = NULL;
	if (lws_write(wsi, f->data + LWS_PRE, f->len, f->binary ?
	    LWS_WRITE_BINARY : LWS_WRITE_TEXT) < (int)f->len) {
		free(f);
		return -1;
	}
	drop = f->drop_after;
	free(f);
	if (!c->up) {		/* the hello is always first */
		c->up = true;
		out("ws hello %d", c->id);
		gap_check();
		pump();
	}
	if (drop) {
		out("ws drop %d", c->id);
		shutdown(lws_get_socket_fd(wsi), SHUT_RDWR);
		c->up = false;
		gap_check();
		return 0;
	}
	if (c->q != NULL)
		lws_callback_on_writable(wsi);
	return 0;
}

static int
ws_filter(struct lws *wsi)
{
	const char	*ticket;
	char		 buf[128];
	int		 i;

	ticket = lws_get_urlarg_by_name(wsi, "ticket=", buf, sizeof buf);
	for (i = 0; ticket != NULL && i < F.ntickets; i++) {
		if (F.tickets[i] != NULL && strcmp(F.tickets[i], ticket) == 0) {
			free(F.tickets[i]);	/* one connection per URL */
			F.tickets[i] = NULL;
			return 0;
		}
	}
	out("ws refused");
	return 1;
}

static void
ws_established(struct pss *pss, struct lws *wsi)
{
	struct fconn	*c = calloc(1, sizeof *c);

	if (c == NULL)
		abort();
	c->id = ++F.next_conn;
	c->wsi = wsi;
	c->next = F.conns;
	F.conns = c;
	pss->ws = true;
	pss->conn = c;
	out("ws open %d", c->id);
	if (F.nohello > 0) {	/* a server that never says hello */
		F.nohello--;
		return;
	}
	conn_queue_json(c, json_pack("{s:s, s:i, s:{s:s, s:i, s:i}, "
	    "s:{s:s}}", "type", "hello", "num_connections", conns_up() + 1,
	    "debug_info", "host", "fake-applink", "build_number", 1,
	    "approximate_connection_time", 18060, "connection_info", "app_id",
	    F.hello_app != NULL ? F.hello_app : F.app), false);
}

static void
ws_receive(struct fconn *c, struct lws *wsi, const void *in, size_t len)
{
	char	*n = realloc(c->rx, c->rxlen + len + 1);

	if (n == NULL)
		abort();
	c->rx = n;
	memcpy(c->rx + c->rxlen, in, len);
	c->rxlen += len;
	if (!lws_is_final_fragment(wsi))
		return;
	c->rx[c->rxlen] = '\0';
	ack(c, c->rx, c->rxlen);
	c->rxlen = 0;
}

/* --- Web API side --------------------------------------------------- */

static struct limit *
limit_find(const char *method)
{
	int	i;

	for (i = 0; i < MAX_LIMITS; i++) {
		if (strcmp(F.limits[i].method, method) == 0)
			return &F.limits[i];
	}
	return NULL;
}

static struct limit *
limit_get(const char *method)
{
	struct limit	*l = limit_find(method);
	int		 i;

	for (i = 0; l == NULL && i < MAX_LIMITS; i++) {
		if (F.limits[i].method[0] == '\0') {
			l = &F.limits[i];
			snprintf(l->method, sizeof l->method, "%s", method);
		}
	}
	return l;
}

static struct user *
user_find(const char *id, const char *email)
{
	struct user	*u;

	for (u = F.users; u != NULL; u = u->next) {
		if ((id != NULL && strcmp(u->id, id) == 0) ||
		    (email != NULL && strcasecmp(u->email, email) == 0))
			return u;
	}
	return NULL;
}

static void
user_add(const char *id, const char *email)
{
	struct user	*u = calloc(1, sizeof *u);

	if (u == NULL)
		abort();
	u->id = xdup(id);
	u->email = xdup(email);
	u->next = F.users;
	F.users = u;
}

static char *
trigger_new(void)
{
	struct trigger	*t = calloc(1, sizeof *t);

	if (t == NULL)
		abort();
	snprintf(t->id, sizeof t->id, "TRG.%d", ++F.next_trigger);
	t->at = now_ms();
	t->next = F.triggers;
	F.triggers = t;
	return t->id;
}

static const char *
trigger_use(const char *id)
{
	struct trigger	*t;

	for (t = F.triggers; t != NULL; t = t->next) {
		if (id == NULL || strcmp(t->id, id) != 0)
			continue;
		if (t->used)
			return "exchanged_trigger_id";
		t->used = true;
		return now_ms() - t->at > TRIGGER_TTL_MS ?
		    "expired_trigger_id" : NULL;
	}
	return "invalid_trigger_id";
}

/* Reads one urlencoded form argument (no decoding beyond %XX). */
static char *
form_arg(const char *body, const char *name)
{
	size_t		 n = strlen(name);
	const char	*p = body;
	char		*v, *q;
	unsigned int	 c;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			v = xdup(p + n + 1);
			v[strcspn(v, "&")] = '\0';
			for (q = v; *q != '\0'; q++) {
				if (*q == '%' && sscanf(q + 1, "%2x", &c) == 1) {
					*q = (char)c;
					memmove(q + 1, q + 3, strlen(q + 3) + 1);
				} else if (*q == '+')
					*q = ' ';
			}
			return v;
		}
		p = strchr(p, '&');
		if (p != NULL)
			p++;
	}
	return NULL;
}

/* Block Kit as Slack checks it: text objects 1–3000, at most 50 blocks. */
static const char *
blocks_check(json_t *blocks, size_t max)
{
	json_t		*b, *v;
	const char	*t;
	size_t		 i, chars;

	if (blocks == NULL)
		return NULL;
	if (!json_is_array(blocks) || json_array_size(blocks) > max)
		return "invalid_blocks";
	json_array_foreach(blocks, i, b) {
		if (json_string_value(json_object_get(b, "type")) == NULL)
			return "invalid_blocks";
		v = json_object_get(b, "text");
		t = json_string_value(json_object_get(v, "text"));
		if (v == NULL)
			continue;
		for (chars = 0; t != NULL && *t != '\0'; t++)
			chars += ((unsigned char)*t & 0xc0) != 0x80;
		if (chars == 0 || chars > 3000)
			return "invalid_blocks";
	}
	return NULL;
}

static json_t *
api_ok(void)
{
	return json_pack("{s:b}", "ok", 1);
}

static json_t *
api_error(const char *error)
{
	return json_pack("{s:b, s:s}", "ok", 0, "error", error);
}

/* A user object as users.info and the user_change event carry it. */
static json_t *
user_json(const struct user *u)
{
	/* Email "-": hidden, as for an app without users:read.email. */
	return json_pack("{s:s, s:s, s:b, s:b, s:b, s:b, s:{s:s*}}", "id",
	    u->id, "team_id", u->team != NULL ? u->team : F.team, "deleted",
	    u->deleted, "is_bot", 0, "is_restricted", u->guest,
	    "is_ultra_restricted", 0, "profile", "email",
	    strcmp(u->email, "-") == 0 ? NULL : u->email);
}

static json_t *
api_user(const char *body, bool by_email)
{
	char		*arg = form_arg(body, by_email ? "email" : "user");
	struct user	*u = arg != NULL ? user_find(by_email ? NULL : arg,
			    by_email ? arg : NULL) : NULL;
	json_t		*r;

	free(arg);
	if (u == NULL)
		return api_error(by_email ? "users_not_found" :
		    "user_not_found");
	r = json_pack("{s:b, s:o}", "ok", 1, "user", user_json(u));
	return r;
}

/*
 * The conversation a channel argument names: C0GENERAL, a D… DM of a
 * known user, or a user id (chat.postMessage only), which means that
 * user's DM.  Returns it (caller frees) or NULL: channel_not_found.
 */
static char *
channel_resolve(const char *ch, bool user_ok)
{
	char	buf[64];

	if (ch == NULL)
		return NULL;
	if (strcmp(ch, "C0GENERAL") == 0)
		return xdup(ch);
	if ((ch[0] == 'U' && !user_ok) || (ch[0] != 'U' && ch[0] != 'D'))
		return NULL;
	snprintf(buf, sizeof buf, "U%s", ch + 1);
	if (user_find(buf, NULL) == NULL)
		return NULL;
	snprintf(buf, sizeof buf, "D%s", ch + 1);
	return xdup(buf);
}

static struct fmsg *
msg_find(const char *channel, const char *ts)
{
	struct fmsg	*m;

	for (m = F.msgs; m != NULL; m = m->next) {
		if (strcmp(m->channel, channel) == 0 && strcmp(m->ts, ts) == 0)
			return m;
	}
	return NULL;
}

/* Slack gives every block without a block_id one of its own. */
static json_t *
blocks_keep(json_t *blocks)
{
	json_t	*copy, *b;
	char	 id[32];
	size_t	 i;

	copy = blocks != NULL ? json_deep_copy(blocks) : json_array();
	json_array_foreach(copy, i, b) {
		if (json_object_get(b, "block_id") == NULL) {
			snprintf(id, sizeof id, "blk%d", ++F.next_block);
			json_object_set_new(b, "block_id", json_string(id));
		}
	}
	return copy;
}

/* The message arguments every chat method checks. */
static const char *
message_check(json_t *args)
{
	if (json_object_get(args, "text") == NULL &&
	    json_object_get(args, "blocks") == NULL)
		return "no_text";
	return blocks_check(json_object_get(args, "blocks"), 50);
}

static json_t *
api_post(json_t *args)
{
	struct fmsg	*m;
	const char	*err;
	char		*ch;

	if (args == NULL)
		return api_error("invalid_json");
	if ((ch = channel_resolve(json_string_value(json_object_get(args,
	    "channel")), true)) == NULL)
		return api_error("channel_not_found");
	if ((err = message_check(args)) != NULL) {
		free(ch);
		return api_error(err);
	}
	F.nposted++;
	if (F.forget) {		/* a soak keeps counts, not messages */
		free(ch);
		return json_pack("{s:b, s:s, s:s}", "ok", 1, "channel",
		    "D0SOAK", "ts", "1700000100.000000");
	}
	if ((m = calloc(1, sizeof *m)) == NULL)
		abort();
	m->channel = ch;
	snprintf(m->ts, sizeof m->ts, "1700000100.%06d", ++F.next_ts);
	m->text = json_object_get(args, "text") != NULL ?
	    json_incref(json_object_get(args, "text")) : json_string("");
	m->blocks = blocks_keep(json_object_get(args, "blocks"));
	m->next = F.msgs;
	F.msgs = m;
	return json_pack("{s:b, s:s, s:s}", "ok", 1, "channel", m->channel,
	    "ts", m->ts);
}

/* chat.postEphemeral: channel and user required, the user in it. */
static json_t *
api_ephemeral(json_t *args)
{
	const char	*user, *err;
	struct user	*u;
	char		*ch, ts[32];
	bool		 in;

	if (args == NULL)
		return api_error("invalid_json");
	user = json_string_value(json_object_get(args, "user"));
	if (json_object_get(args, "channel") == NULL || user == NULL)
		return api_error("invalid_arguments");
	if ((ch = channel_resolve(json_string_value(json_object_get(args,
	    "channel")), false)) == NULL)
		return api_error("channel_not_found");
	u = user_find(user, NULL);
	in = u != NULL && (strcmp(ch, "C0GENERAL") == 0 ? !u->left :
	    strcmp(ch + 1, user + 1) == 0);
	free(ch);
	if (u == NULL)
		return api_error("user_not_found");
	if (!in)
		return api_error("user_not_in_channel");
	if ((err = message_check(args)) != NULL)
		return api_error(err);
	snprintf(ts, sizeof ts, "1700000200.%06d", ++F.next_ts);
	return json_pack("{s:b, s:s}", "ok", 1, "message_ts", ts);
}

/* chat.update: the channel (never a user id) and ts of a message of ours. */
static json_t *
api_update(json_t *args)
{
	const char	*ts, *err;
	struct fmsg	*m;
	char		*ch;

	if (args == NULL)
		return api_error("invalid_json");
	if ((ch = channel_resolve(json_string_value(json_object_get(args,
	    "channel")), false)) == NULL)
		return api_error("channel_not_found");
	ts = json_string_value(json_object_get(args, "ts"));
	m = ts != NULL ? msg_find(ch, ts) : NULL;
	free(ch);
	if (m == NULL)
		return api_error("message_not_found");
	if ((err = message_check(args)) != NULL)
		return api_error(err);
	if (json_object_get(args, "text") != NULL) {
		json_decref(m->text);
		m->text = json_incref(json_object_get(args, "text"));
	}
	if (json_object_get(args, "blocks") != NULL) {
		json_decref(m->blocks);
		m->blocks = blocks_keep(json_object_get(args, "blocks"));
	}
	return json_pack("{s:b, s:s, s:s, s:O}", "ok", 1, "channel",
	    m->channel, "ts", m->ts, "text", m->text);
}

/* The answer to one call, given the token the caller used. */
static json_t *
api_answer(const char *method, const char *token, const char *body,
    json_t *args)
{
	bool		 app = strcmp(method, "apps.connections.open") == 0;
	const char	*want = app ? F.app_token : F.bot_token;
	const char	*other = app ? F.bot_token : F.app_token;
	const char	*err;
	char		 url[256], ticket[64];

	if (*token == '\0')
		return api_error("not_authed");
	if (strcmp(token, other) == 0)
		return api_error("not_allowed_token_type");
	if (strcmp(token, want) != 0)
		return api_error("invalid_auth");
	if (app) {
		snprintf(ticket, sizeof ticket, "TICKET-%d-secret",
		    ++F.next_ticket);
		if (F.ntickets < 4096)
			F.tickets[F.ntickets++] = xdup(ticket);
		snprintf(url, sizeof url, "%s://%s:%d/link/?ticket=%s&app_id=%s",
		    F.tls ? "wss" : "ws", F.host, F.port, ticket, F.app);
		return json_pack("{s:b, s:s}", "ok", 1, "url", url);
	}
	if (strcmp(method, "auth.test") == 0)
		return json_pack("{s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		    "ok", 1, "url", "https://fake.slack.com/", "team", "Fake",
		    "user", "yell", "team_id", F.team, "user_id", F.bot_user,
		    "bot_id", "B0FAKE", "app_id", F.app);
	if (strcmp(method, "users.info") == 0)
		return api_user(body, false);
	if (strcmp(method, "users.lookupByEmail") == 0)
		return api_user(body, true);
	if (strcmp(method, "chat.postMessage") == 0)
		return api_post(args);
	if (strcmp(method, "chat.postEphemeral") == 0)
		return api_ephemeral(args);
	if (strcmp(method, "chat.update") == 0)
		return api_update(args);
	if (strcmp(method, "views.open") == 0) {
		if ((err = trigger_use(json_string_value(json_object_get(args,
		    "trigger_id")))) != NULL)
			return api_error(err);
		free(F.view_callback);	/* a submission carries it back */
		F.view_callback = xdup(json_string_value(json_object_get(
		    json_object_get(args, "view"), "callback_id")));
		return api_ok();
	}
	if (strcmp(method, "views.publish") == 0) {
		if (json_string_value(json_object_get(args, "user_id")) == NULL)
			return api_error("invalid_arguments");
		if ((err = blocks_check(json_object_get(json_object_get(args,
		    "view"), "blocks"), 100)) != NULL)
			return api_error(err);
		return api_ok();
	}
	return api_error("unknown_method");
}

/* Decides the HTTP answer; an injected limit or error comes first. */
static void
api_call(struct pss *pss, int *status, int *retry_after)
{
	struct limit	*l = limit_find(pss->method);
	const char	*token = pss->auth;
	json_t		*args = NULL, *r;
	long long	 now = now_ms();
	char		*form_token = NULL;

	*status = 200;
	*retry_after = 0;
	if (strncmp(token, "Bearer ", 7) == 0)
		token += 7;
	if (pss->body != NULL && strstr(pss->ctype, "json") != NULL)
		args = json_loads(pss->body, 0, NULL);
	/*
	 * Slack also takes a bot token as the form field "token" (slack-go
	 * sends it so), but apps.connections.open only in the header.
	 */
	if (*token == '\0' && args == NULL && pss->body != NULL &&
	    strcmp(pss->method, "apps.connections.open") != 0) {
		form_token = form_arg(pss->body, "token");
		if (form_token != NULL)
			token = form_token;
	}
	if (!F.forget || strcmp(pss->method, "chat.postMessage") != 0)
		out("api %s %s", pss->method, pss->body != NULL ?
		    pss->body : "");
	r = load_api(pss->method, token, pss->body, args, status, retry_after);
	if (r != NULL)
		goto answer;
	if (l != NULL && l->blocked_until > now) {
		out("violation %s %lld", pss->method, l->blocked_until - now);
		*status = 429;
		*retry_after = (int)((l->blocked_until - now + 999) / 1000);
		r = api_error("ratelimited");
	} else if (l != NULL && l->count > 0) {
		l->count--;
		if (l->status == 429) {
			*status = 429;
			*retry_after = l->retry_after;
			l->blocked_until = now + 1000LL * l->retry_after;
			out("http429 %s %d", pss->method, l->retry_after);
			r = api_error("ratelimited");
		} else if (l->status != 0) {
			*status = l->status;
			r = api_error("internal_error");
		} else
			r = api_error(l->error);
	} else
		r = api_answer(pss->method, token, pss->body != NULL ?
		    pss->body : "", args);
answer:
	pss->resp = json_dumps(r, JSON_COMPACT);
	pss->rlen = strlen(pss->resp);
	json_decref(r);
	json_decref(args);
	free(form_token);
}

static int
http_respond(struct pss *pss, struct lws *wsi)
{
	unsigned char	 buf[LWS_PRE + 1024], *start = buf + LWS_PRE;
	unsigned char	*p = start, *end = buf + sizeof buf - 1;
	char		 ra[16];
	int		 status, retry_after;

	api_call(pss, &status, &retry_after);
	if (lws_add_http_common_headers(wsi, (unsigned int)status,
	    "application/json; charset=utf-8", pss->rlen, &p, end))
		return -1;
	if (retry_after > 0) {
		snprintf(ra, sizeof ra, "%d", retry_after);
		if (lws_add_http_header_by_name(wsi, (const unsigned char *)
		    "retry-after:", (const unsigned char *)ra, (int)strlen(ra),
		    &p, end))
			return -1;
	}
	if (lws_finalize_write_http_header(wsi, start, &p, end))
		return -1;
	lws_callback_on_writable(wsi);
	return 0;
}

static void
http_slow_cb(lws_sorted_usec_list_t *sul)
{
	struct pss	*pss = lws_container_of(sul, struct pss, sul_slow);

	if (http_respond(pss, pss->wsi) != 0)
		lws_set_timeout(pss->wsi, PENDING_TIMEOUT_USER_OK,
		    LWS_TO_KILL_ASYNC);
}

/* Answers now, or later for a method made slow with "slow METHOD MS". */
static int
http_answer(struct pss *pss, struct lws *wsi)
{
	struct limit	*l = limit_find(pss->method);

	if (l == NULL || l->delay_ms <= 0)
		return http_respond(pss, wsi);
	pss->wsi = wsi;
	lws_sul_schedule(F.context, 0, &pss->sul_slow, http_slow_cb,
	    (lws_usec_t)l->delay_ms * LWS_US_PER_MS);
	return 0;
}

static int
http_writeable(struct pss *pss, struct lws *wsi)
{
	unsigned char	*buf;
	int		 n;

	if (pss->resp == NULL)
		return 0;
	buf = malloc(LWS_PRE + pss->rlen);
	if (buf == NULL)
		abort();
	memcpy(buf + LWS_PRE, pss->resp, pss->rlen);
	n = lws_write(wsi, buf + LWS_PRE, pss->rlen, LWS_WRITE_HTTP_FINAL);
	free(buf);
	free(pss->resp);
	pss->resp = NULL;
	free(pss->body);
	pss->body = NULL;
	pss->blen = 0;
	if (n < 0 || lws_http_transaction_completed(wsi))
		return -1;
	return 0;
}

static int
http_start(struct pss *pss, struct lws *wsi, const char *uri)
{
	memset(pss, 0, sizeof *pss);
	if (strncmp(uri, "/api/", 5) != 0)
		return lws_return_http_status(wsi, 404, NULL) ? -1 :
		    lws_http_transaction_completed(wsi);
	snprintf(pss->method, sizeof pss->method, "%s", uri + 5);
	lws_hdr_copy(wsi, pss->auth, sizeof pss->auth,
	    WSI_TOKEN_HTTP_AUTHORIZATION);
	lws_hdr_copy(wsi, pss->ctype, sizeof pss->ctype,
	    WSI_TOKEN_HTTP_CONTENT_TYPE);
	if (lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) == 0)
		return http_answer(pss, wsi);	/* GET: arguments unused */
	return 0;	/* BODY_COMPLETION comes, even for an empty body */
}

static int
http_body(struct pss *pss, const void *in, size_t len)
{
	char	*n;

	if (len == 0)
		return 0;
	if (pss->blen + len > BODY_MAX)
		return -1;
	if ((n = realloc(pss->body, pss->blen + len + 1)) == NULL)
		abort();
	pss->body = n;
	memcpy(pss->body + pss->blen, in, len);
	pss->blen += len;
	pss->body[pss->blen] = '\0';
	return 0;
}

static int
cb_slack(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct pss	*pss = user;

	if (pss == NULL)	/* a connection that never got that far */
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	switch (reason) {
	case LWS_CALLBACK_HTTP:
		return http_start(pss, wsi, in);
	case LWS_CALLBACK_HTTP_BODY:
		return http_body(pss, in, len);
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		return http_answer(pss, wsi);
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return http_writeable(pss, wsi);
	case LWS_CALLBACK_CLOSED_HTTP:
		lws_sul_cancel(&pss->sul_slow);
		free(pss->body);
		free(pss->resp);
		pss->body = pss->resp = NULL;
		return 0;
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		return ws_filter(wsi);
	case LWS_CALLBACK_ESTABLISHED:
		ws_established(pss, wsi);
		return 0;
	case LWS_CALLBACK_RECEIVE:
		ws_receive(pss->conn, wsi, in, len);
		return 0;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		if (pss->ws && pss->conn != NULL)
			return conn_writeable(pss->conn, wsi);
		return 0;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (pss->ws && pss->conn != NULL)
			out("ws peer_close %d %d", pss->conn->id, len >= 2 ?
			    ((const unsigned char *)in)[0] << 8 |
			    ((const unsigned char *)in)[1] : 0);
		return 0;
	case LWS_CALLBACK_CLOSED:
		if (pss->ws && pss->conn != NULL) {
			out("ws close %d", pss->conn->id);
			conn_free(pss->conn);
			pss->conn = NULL;
			gap_check();
		}
		return 0;
	default:
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
}

/* --- Commands ------------------------------------------------------- */

static struct fconn *
conn_oldest_up(void)
{
	struct fconn	*c, *found = NULL;

	for (c = F.conns; c != NULL; c = c->next) {
		if (c->up && !c->leaving)
			found = c;	/* the list is newest first */
	}
	return found;
}

static json_t *
event_payload(json_t *event)
{
	char	id[32];

	snprintf(id, sizeof id, "Ev%06d", F.nenv + 1);
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:[{s:s, s:s, s:b}]}",
	    "type", "event_callback", "team_id", F.team, "api_app_id", F.app,
	    "event_id", id, "event_time", 1700000000, "event", event,
	    "authorizations", "team_id", F.team, "user_id", F.bot_user,
	    "is_bot", 1);
}

static void
send_event(json_t *event)
{
	json_t	*p = event_payload(event);

	env_add("events_api", p, false, json_string_value(json_object_get(p,
	    "event_id")), NULL, 0);
}

static void
cmd_dm(const char *user, const char *text, const char *extra)
{
	json_t	*ev;

	ev = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", "message",
	    "channel", "D0USER", "channel_type", "im", "user", user, "text",
	    text, "ts", "1700000000.000200");
	if (extra != NULL && strcmp(extra, "bot") == 0)
		json_object_set_new(ev, "bot_id", json_string("B0OTHER"));
	else if (extra != NULL)
		json_object_set_new(ev, "subtype", json_string(extra));
	send_event(ev);
}

/*
 * A profile changed (email, or "deleted"): the user_change event.  Slack
 * sends it to every app of the workspace.
 */
static void
cmd_profile(const char *id, const char *what)
{
	struct user	*u = user_find(id, NULL);

	if (u == NULL || what == NULL)
		return;
	if (strcmp(what, "deleted") == 0)
		u->deleted = true;
	else {
		free(u->email);
		u->email = xdup(what);
	}
	send_event(json_pack("{s:s, s:o, s:s}", "type", "user_change", "user",
	    user_json(u), "event_ts", "1700000000.000400"));
}

static struct env *
cmd_slash(const char *user, const char *command, const char *text)
{
	return env_add("slash_commands", json_pack("{s:s, s:s, s:s, s:s, s:s, "
	    "s:s, s:s, s:s, s:s, s:s}", "team_id", F.team, "channel_id",
	    "C0GENERAL",
	    "channel_name", "general", "user_id", user, "user_name", "x",
	    "command", command, "text", text, "api_app_id", F.app,
	    "response_url", "https://hooks.invalid/commands/x", "trigger_id",
	    trigger_new()), true, NULL, NULL, 0);
}

static void
cmd_action(const char *user, const char *action, const char *value)
{
	env_add("interactive", json_pack("{s:s, s:{s:s, s:s}, s:s, s:s, "
	    "s:{s:s}, s:[{s:s, s:s, s:s, s:s}]}", "type", "block_actions",
	    "user", "id", user, "team_id", F.team, "api_app_id", F.app,
	    "trigger_id", trigger_new(), "channel", "id", "D0USER", "actions",
	    "type", "button", "action_id", action, "block_id", "b1", "value",
	    value), false, NULL, NULL, 0);
}

/* The button whose action_id is action (maybe with "~N"), or NULL. */
static json_t *
msg_button(struct fmsg *m, const char *action, json_t **block)
{
	json_t		*b, *e;
	const char	*id;
	size_t		 i, j, n = strlen(action);

	json_array_foreach(m->blocks, i, b) {
		json_array_foreach(json_object_get(b, "elements"), j, e) {
			id = json_string_value(json_object_get(e, "action_id"));
			if (id != NULL && strncmp(id, action, n) == 0 &&
			    (id[n] == '\0' || id[n] == '~')) {
				*block = b;
				return e;
			}
		}
	}
	return NULL;
}

/*
 * A click on the button action of the newest message in user's DM that
 * has one: block_actions as Slack sends it for a message container.  With
 * gone, the message is deleted first, as if someone removed it meanwhile.
 */
static void
cmd_press(const char *user, const char *action, bool gone)
{
	struct fmsg	*m, **pp;
	json_t		*e = NULL, *b = NULL, *p;
	char		 dm[64];

	snprintf(dm, sizeof dm, "D%s", user + 1);
	for (m = F.msgs; m != NULL; m = m->next) {
		if (strcmp(m->channel, dm) == 0 &&
		    (e = msg_button(m, action, &b)) != NULL)
			break;
	}
	if (m == NULL) {
		out("press_none %s %s", user, action);
		return;
	}
	out("pressed %s %s %s", m->channel, m->ts, json_string_value(
	    json_object_get(e, "action_id")));
	p = json_pack("{s:s, s:{s:s, s:s}, s:s, s:s, s:{s:s, s:s, s:s, s:b}, "
	    "s:{s:s}, s:{s:s, s:s, s:O, s:O}, s:[{s:s, s:O, s:O, s:O, s:s}]}",
	    "type", "block_actions", "user", "id", user, "team_id", F.team,
	    "api_app_id", F.app, "trigger_id", trigger_new(), "container",
	    "type", "message", "message_ts", m->ts, "channel_id", m->channel,
	    "is_ephemeral", 0, "channel", "id", m->channel, "message", "type",
	    "message", "ts", m->ts, "text", m->text, "blocks", m->blocks,
	    "actions", "type", "button",
	    "action_id", json_object_get(e, "action_id"), "block_id",
	    json_object_get(b, "block_id"), "text", json_object_get(e, "text"),
	    "action_ts", "1700000300.000001");
	if (json_object_get(e, "value") != NULL)
		json_object_set(json_array_get(json_object_get(p, "actions"),
		    0), "value", json_object_get(e, "value"));
	if (gone) {
		for (pp = &F.msgs; *pp != m; pp = &(*pp)->next)
			;
		*pp = m->next;
		free(m->channel);
		json_decref(m->text);
		json_decref(m->blocks);
		free(m);
	}
	env_add("interactive", p, false, NULL, NULL, 0);
}

static void
cmd_submit(const char *user, const char *to, const char *values,
    const char *text)
{
	json_t	*opts = json_array();
	char	*v = xdup(values), *tok, *save = NULL;

	for (tok = strtok_r(v, ",", &save); tok != NULL && strcmp(tok, "-");
	    tok = strtok_r(NULL, ",", &save))
		json_array_append_new(opts, json_pack("{s:s}", "value", tok));
	free(v);
	env_add("interactive", json_pack("{s:s, s:{s:s}, s:s, s:s, s:{s:s, "
	    "s:s, s:s, s:{s:{s:{s:{s:s, s:s}}, s:{s:{s:s, s:o}}, "
	    "s:{s:{s:s, s:s}}}}}}", "type", "view_submission", "user", "id",
	    user, "api_app_id", F.app, "trigger_id", trigger_new(), "view",
	    "id", "V0FAKE", "type", "modal", "callback_id", F.view_callback !=
	    NULL ? F.view_callback : "",
	    "state", "values", "recipient", "recipient", "type",
	    "users_select", "selected_user", to, "values", "values", "type",
	    "multi_static_select", "selected_options", opts, "body", "body",
	    "type", "plain_text_input", "value", text), false, NULL, NULL, 0);
}

static void
cmd_raw(const char *text, bool binary)
{
	struct fconn	*c = conn_oldest_up();

	if (c != NULL)
		conn_queue(c, text, strlen(text), binary, false);
}

static void
cmd_big(size_t n)
{
	char	*s = malloc(n + 1);
	int	 k;

	if (s == NULL)
		abort();
	k = snprintf(s, n + 1, "{\"type\":\"events_api\",\"envelope_id\":"
	    "\"big-%zu\",\"payload\":{\"pad\":\"", n);
	memset(s + k, 'x', n - (size_t)k - 3);
	memcpy(s + n - 3, "\"}}", 3);
	s[n] = '\0';
	cmd_raw(s, false);
	free(s);
}

/* After a disconnect Slack routes new envelopes to the other connections. */
static void
conn_leaving(struct fconn *c)
{
	c->leaving = true;
	gap_check();
}

static void
cmd_disconnect(const char *reason)
{
	struct fconn	*c = conn_oldest_up();

	if (c == NULL)
		return;
	out("disconnect %d %s", c->id, reason);
	conn_queue_json(c, json_pack("{s:s, s:s, s:{s:s}}", "type",
	    "disconnect", "reason", reason, "debug_info", "host",
	    "fake-applink"), false);
	if (strcmp(reason, "warning") == 0 ||
	    strcmp(reason, "refresh_requested") == 0) {
		c->close_at_ms = now_ms() + F.refresh_close_ms;
		conn_leaving(c);
	}
}

static void
cmd_limit(const char *method, int count, int status, int retry_after,
    const char *error)
{
	struct limit	*l = limit_get(method);

	if (l == NULL)
		return;
	l->count = count;
	l->status = status;
	l->retry_after = retry_after;
	snprintf(l->error, sizeof l->error, "%s", error != NULL ? error : "");
}

static void
cmd_burst_step(void)
{
	char	text[1024];

	while (F.burst_left > 0 && now_ms() >= F.burst_next) {
		snprintf(text, sizeof text, "%s %d", F.burst_text,
		    F.burst_n - F.burst_left + 1);
		cmd_dm(F.burst_user, text, NULL);
		F.burst_left--;
		F.burst_next += F.burst_interval;
	}
}

/*
 * Slash commands, counted, and a closed-loop burst of them: N commands,
 * at most INFLIGHT sent and not yet acked, failed or expired at a time,
 * as a crowd of users waiting for each answer would send them.
 */
static struct {
	int	 acked, failed, expired, late;
	int	 left, n, inflight, max_inflight;
	char	*user, *command, *text;
} SB;

static void
slash_settled(struct env *e, enum env_state state)
{
	bool	 slash = strcmp(e->type, "slash_commands") == 0;

	if (slash && e->state == ENV_DEAD) {	/* Slack gave up on it */
		SB.late++;
		e->state = state;
		return;
	}
	e->state = state;
	if (!slash)
		return;
	if (state == ENV_ACKED)
		SB.acked++;
	else if (e->sent_ms == 0)
		SB.failed++;
	else
		SB.expired++;
	if (e->burst)
		SB.inflight--;
}

static void
sburst_step(void)
{
	struct env	*e;
	char		 text[1024];

	while (SB.left > 0 && SB.inflight < SB.max_inflight) {
		snprintf(text, sizeof text, "%s %d", SB.text,
		    SB.n - SB.left + 1);
		SB.left--;
		e = cmd_slash(SB.user, SB.command, text);
		e->burst = true;
		if (e->state != ENV_DEAD)	/* else it failed at once */
			SB.inflight++;
	}
}

/* The next space-separated word of *p; *p moves past it. */
static char *
word(char **p)
{
	char	*w = *p;

	if (w == NULL)
		return (char *)"";
	*p = strchr(w, ' ');
	if (*p != NULL)
		*(*p)++ = '\0';
	return w;
}

/* slash_burst N INFLIGHT U /COMMAND TEXT */
static void
cmd_slash_burst(char *p)
{
	SB.n = SB.left = atoi(word(&p));
	SB.max_inflight = atoi(word(&p));
	free(SB.user);
	free(SB.command);
	free(SB.text);
	SB.user = xdup(word(&p));
	SB.command = xdup(word(&p));
	SB.text = xdup(p);
	sburst_step();
}

/*
 * One command line:
 *   dm U TEXT | botmsg U TEXT | edit U TEXT | mention U TEXT | home U
 *   slash U /COMMAND TEXT | action U ACTION_ID VALUE
 *   slash_burst N INFLIGHT U /COMMAND TEXT | slash_stats
 *   press U ACTION_ID [gone] (a button in the newest message to U's DM)
 *   leave U (U leaves C0GENERAL)
 *   submit U TO VALUES(a,b|-) TEXT
 *   user U EMAIL|- [TEAM|- [guest]] (-: no email shown; another team;
 *     a guest)
 *   profile U EMAIL|deleted (the profile changes: a user_change event)
 *   burst N INTERVAL_MS U TEXT | drop_after N | disconnect REASON
 *   nohello N (the next N connections get no hello)
 *   helloapp APP_ID (hello names another app from now on)
 *   raw TEXT | rawbin TEXT | big BYTES
 *   ratelimit METHOD N SECS | fail METHOD ERROR N | http METHOD STATUS N
 *   slow METHOD MS (answer METHOD that much later; 0: at once)
 *   forget (a soak: posts are counted, not kept or logged, and acked
 *   envelopes drop their payload) | env_stats (envelopes by state)
 *   load ... (the benchmark's load generator: see load_command)
 *   quit
 */
static void
fake_command(char *line)
{
	char		*p = line, *cmd = word(&p), *a, *b, *c;
	char		 text[512];
	struct user	*u;
	struct limit	*l;

	if (strcmp(cmd, "dm") == 0 || strcmp(cmd, "botmsg") == 0 ||
	    strcmp(cmd, "edit") == 0) {
		a = word(&p);
		cmd_dm(a, p != NULL ? p : "", strcmp(cmd, "dm") == 0 ? NULL :
		    strcmp(cmd, "botmsg") == 0 ? "bot" : "message_changed");
	} else if (strcmp(cmd, "mention") == 0) {
		a = word(&p);
		snprintf(text, sizeof text, "<@%s> %s", F.bot_user,
		    p != NULL ? p : "");
		send_event(json_pack("{s:s, s:s, s:s, s:s, s:s}", "type",
		    "app_mention", "user", a, "text", text, "channel",
		    "C0GENERAL", "ts", "1700000000.000300"));
	} else if (strcmp(cmd, "home") == 0)
		send_event(json_pack("{s:s, s:s, s:s, s:s}", "type",
		    "app_home_opened", "user", word(&p), "channel", "D0USER",
		    "tab", "home"));
	else if (strcmp(cmd, "slash") == 0) {
		a = word(&p);
		b = word(&p);
		cmd_slash(a, b, p != NULL ? p : "");
	} else if (strcmp(cmd, "action") == 0) {
		a = word(&p);
		b = word(&p);
		cmd_action(a, b, p != NULL ? p : "");
	} else if (strcmp(cmd, "press") == 0) {
		a = word(&p);
		b = word(&p);
		cmd_press(a, b, p != NULL && strcmp(p, "gone") == 0);
	} else if (strcmp(cmd, "leave") == 0) {
		if ((u = user_find(word(&p), NULL)) != NULL)
			u->left = true;
	} else if (strcmp(cmd, "submit") == 0) {
		a = word(&p);
		b = word(&p);
		c = word(&p);
		cmd_submit(a, b, c, p != NULL ? p : "");
	} else if (strcmp(cmd, "user") == 0) {
		a = word(&p);
		user_add(a, word(&p));
		if ((b = word(&p)) != NULL && *b != '\0' &&
		    strcmp(b, "-") != 0)
			F.users->team = xdup(b);
		F.users->guest = p != NULL && strcmp(p, "guest") == 0;
	} else if (strcmp(cmd, "profile") == 0) {
		a = word(&p);
		cmd_profile(a, p);
	} else if (strcmp(cmd, "burst") == 0) {
		F.burst_n = F.burst_left = atoi(word(&p));
		F.burst_interval = atoi(word(&p));
		free(F.burst_user);
		free(F.burst_text);
		F.burst_user = xdup(word(&p));
		F.burst_text = xdup(p);
		F.burst_next = now_ms();
		cmd_burst_step();
	} else if (strcmp(cmd, "slash_burst") == 0)
		cmd_slash_burst(p);
	else if (strcmp(cmd, "slash_stats") == 0)
		out("slash_stats %d %d %d %d %d", SB.n - SB.left, SB.acked,
		    SB.failed, SB.expired, SB.late);
	else if (strcmp(cmd, "drop_after") == 0)
		F.drop_after = atoi(word(&p));
	else if (strcmp(cmd, "forget") == 0)
		F.forget = true;
	else if (strcmp(cmd, "env_stats") == 0)
		env_stats();
	else if (strcmp(cmd, "nohello") == 0)
		F.nohello = atoi(word(&p));
	else if (strcmp(cmd, "helloapp") == 0) {
		free(F.hello_app);
		F.hello_app = xdup(word(&p));
	}
	else if (strcmp(cmd, "disconnect") == 0)
		cmd_disconnect(word(&p));
	else if (strcmp(cmd, "raw") == 0 || strcmp(cmd, "rawbin") == 0)
		cmd_raw(p != NULL ? p : "", strcmp(cmd, "rawbin") == 0);
	else if (strcmp(cmd, "big") == 0)
		cmd_big((size_t)atol(word(&p)));
	else if (strcmp(cmd, "ratelimit") == 0) {
		a = word(&p);
		b = word(&p);
		cmd_limit(a, atoi(b), 429, atoi(word(&p)), NULL);
	} else if (strcmp(cmd, "fail") == 0) {
		a = word(&p);
		b = word(&p);
		cmd_limit(a, atoi(word(&p)), 0, 0, b);
	} else if (strcmp(cmd, "http") == 0) {
		a = word(&p);
		b = word(&p);
		cmd_limit(a, atoi(word(&p)), atoi(b), 0, NULL);
	} else if (strcmp(cmd, "slow") == 0) {
		a = word(&p);
		if ((l = limit_get(a)) != NULL)
			l->delay_ms = atoi(word(&p));
	} else if (strcmp(cmd, "load") == 0)
		load_command(p);
	else if (strcmp(cmd, "quit") == 0)
		F.quit = true;
	else if (*cmd != '\0')
		out("unknown_command %s", cmd);
}

/* --- Load generation (tests/bench) ---------------------------------- */

/*
 * The benchmark's half of the fake: it plays a busy workspace against one
 * peer (yelld, or a reference app) and measures what Slack would see.
 * Load envelopes ("ld-N") bypass the envelope list above, which scans
 * linearly: they live in an array indexed by N, so 50,000 of them cost no
 * more than 50.  It sends `/imessage` slash commands from a pool of users
 * (load users), in a closed loop (a fixed number in flight) or an open
 * loop (a fixed rate), times every ack in microseconds, answers
 * chat.postMessage itself (counting DMs, optionally refusing a second post
 * to a channel within a window with 429, as Slack's ~1 message a second per
 * conversation), pings every connection (slack-go drops a connection that
 * Slack has not pinged for 30 s) and reads the peer's CPU time and memory
 * from /proc.  Results are single lines starting with "load_".
 */

#define LOAD_CHANNELS	4096	/* per-channel pacing slots (a hash) */
#define LOAD_LATE_US	3000000	/* Slack's ack deadline */
#define LOAD_TICK_US	1000	/* the load generator's clock */

enum load_phase { LOAD_NONE, LOAD_CLOSED, LOAD_OPEN, LOAD_IDLE };

struct load_chan {
	char		 id[32];
	long long	 last_us;
};

static struct {
	bool			 quiet;
	int			 nusers;
	int			 pid;
	/* Per envelope, by sequence number: when sent, 0 once acked. */
	long long		*sent_us;
	unsigned char		*serial;	/* the phase it belongs to */
	int			 cap, next;
	/* The phase in hand. */
	enum load_phase		 phase;
	int			 total, inflight, acked, outstanding;
	int			 base;		/* first sequence number measured */
	int			 sent0;		/* open loop: first of the phase */
	unsigned char		 cur;		/* serial of the phase in hand */
	bool			 window;	/* open loop: past the warm-up */
	int			 rate, warmup_s, secs;
	long long		 start_us, measure_us, end_us, last_ack_us;
	long long		 drain_until_us, stall_us;
	long long		 cpu0, cpu_end, self0;
	bool			 sending_done;
	long long		*lat;
	int			 nlat, late;
	/* DMs (chat.postMessage) and the per-channel limit. */
	int			 chan_limit_ms;
	int			 dms, dms_measured, r429;
	long long		 first_dm_us, last_dm_us;
	struct load_chan	 chans[LOAD_CHANNELS];
	/* Start-up: the first connection newer than hello_after. */
	int			 hello_after;
	long long		 hello_t0;
	/* Server pings. */
	int			 ping_s;
	long long		 next_ping_us;
	struct fconn		*ping_due[32];
	int			 nping;
	int			 drain_s, timeout_s;
	bool			 armed;
} L;

static long long
load_now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Result lines go out even when per-event lines are silenced. */
static void
load_out(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static bool
load_silent(void)
{
	return L.quiet;
}

/* The peer's user + system CPU time in ms (all threads), or -1. */
static long long
load_cpu_ms(void)
{
	char			 path[64], buf[2048], *p;
	unsigned long long	 ut, st;
	FILE			*f;
	size_t			 n;

	if (L.pid <= 0)
		return -1;
	snprintf(path, sizeof path, "/proc/%d/stat", L.pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* Fields 14 and 15, counted after the command name's ')'. */
	if ((p = strrchr(buf, ')')) == NULL || sscanf(p + 2,
	    "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut,
	    &st) != 2)
		return -1;
	return (long long)((ut + st) * 1000 / (unsigned long long)
	    sysconf(_SC_CLK_TCK));
}

/* VmRSS and VmHWM of the peer in kB (0 when unknown). */
static void
load_mem(long *rss, long *hwm)
{
	char	 path[64], line[256];
	FILE	*f;

	*rss = *hwm = 0;
	if (L.pid <= 0)
		return;
	snprintf(path, sizeof path, "/proc/%d/status", L.pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "VmRSS:", 6) == 0)
			*rss = atol(line + 6);
		else if (strncmp(line, "VmHWM:", 6) == 0)
			*hwm = atol(line + 6);
	}
	fclose(f);
}

static void
load_users(int n)
{
	char	id[32], email[64];
	int	i;

	for (i = L.nusers; i < n; i++) {
		snprintf(id, sizeof id, "UB%04d", i + 1);
		snprintf(email, sizeof email, "bench%04d@example.jp", i + 1);
		user_add(id, email);
	}
	if (n > L.nusers)
		L.nusers = n;
}

/* Sends load envelope number seq: an /imessage from one user to another. */
static void
load_send(int seq, bool measured)
{
	struct fconn	*c = conn_pick();
	int		 u = L.nusers, from, to;
	char		 id[32], user[32], text[256], trigger[48];
	json_t		*env;

	if (seq >= L.cap) {
		L.cap = L.cap == 0 ? 65536 : L.cap * 2;
		L.sent_us = realloc(L.sent_us, (size_t)L.cap * sizeof *L.sent_us);
		L.serial = realloc(L.serial, (size_t)L.cap);
		if (L.sent_us == NULL || L.serial == NULL)
			abort();
	}
	L.sent_us[seq] = 0;
	if (c == NULL || u < 2)
		return;		/* counted as lost */
	from = seq % u;
	to = (from + 1 + (seq / u) % (u - 1)) % u;
	snprintf(id, sizeof id, "ld-%d", seq);
	snprintf(user, sizeof user, "UB%04d", from + 1);
	snprintf(text, sizeof text, "<@UB%04d|bench%04d> 窓口の応援に入ってくれて"
	    "助かりました %d #たすけあエール", to + 1, to + 1, seq);
	snprintf(trigger, sizeof trigger, "TRG.load.%d", seq);
	env = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
	    "s:s, s:s, s:s}, s:b}", "type", "slash_commands", "envelope_id", id,
	    "payload", "team_id", F.team, "channel_id", "C0GENERAL",
	    "channel_name", "general", "user_id", user, "user_name", user,
	    "command", "/imessage", "text", text, "api_app_id", F.app,
	    "response_url", "https://hooks.invalid/commands/x", "trigger_id",
	    trigger, "accepts_response_payload", 1);
	L.sent_us[seq] = load_now_us();
	L.serial[seq] = measured ? L.cur : 0;
	L.outstanding++;
	conn_queue_json(c, env, false);
}

static void
load_send_next(bool measured)
{
	load_send(L.next++, measured);
}

/*
 * An ack of a load envelope: records its latency and, in a closed loop,
 * sends the next.  Returns false for an envelope that is not ours.
 */
static bool
load_ack(struct fconn *c, const char *id, json_t *o)
{
	long long	 now = load_now_us(), us;
	char		*end;
	long		 seq;

	(void)c;
	(void)o;
	if (strncmp(id, "ld-", 3) != 0)
		return false;
	seq = strtol(id + 3, &end, 10);
	if (*end != '\0' || seq < 0 || seq >= L.next || L.sent_us[seq] == 0) {
		out("ack_dup %s", id);
		return true;
	}
	us = now - L.sent_us[seq];
	L.sent_us[seq] = 0;
	L.outstanding--;
	L.last_ack_us = now;
	if (L.serial[seq] != L.cur || L.cur == 0 || L.phase == LOAD_NONE)
		return true;
	L.acked++;
	L.late += us > LOAD_LATE_US;
	L.lat = realloc(L.lat, (size_t)(L.nlat + 1) * sizeof *L.lat);
	if (L.lat == NULL)
		abort();
	L.lat[L.nlat++] = us;
	if (L.phase == LOAD_CLOSED && L.next - L.base < L.total)
		load_send_next(true);
	return true;
}

static int
load_cmp(const void *a, const void *b)
{
	long long	x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static double
load_pct(double p)
{
	int	i;

	if (L.nlat == 0)
		return 0;
	i = (int)(p / 100.0 * L.nlat);
	if (i >= L.nlat)
		i = L.nlat - 1;
	return L.lat[i] / 1000.0;
}

/* Our own CPU time in ms, to tell whether the fake kept up. */
static long long
load_self_ms(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

/*
 * Prints the phase's figures and forgets it.  Latencies are left out when
 * nothing was acked, and CPU time is per 1,000 commands acked, so that a
 * peer that fell behind is not made to look fast or frugal.
 */
static void
load_report(const char *name)
{
	long long	cpu = L.cpu_end >= 0 && L.cpu0 >= 0 ? L.cpu_end - L.cpu0 :
			    -1;
	double		secs, dm_secs;
	int		sent = L.next - L.base;
	char		lat[160] = "", per[48] = "";

	qsort(L.lat, (size_t)L.nlat, sizeof *L.lat, load_cmp);
	secs = ((L.phase == LOAD_CLOSED ? L.last_ack_us : L.end_us) -
	    L.measure_us) / 1e6;
	dm_secs = (L.phase == LOAD_CLOSED ? L.last_dm_us - L.measure_us :
	    L.end_us - L.measure_us) / 1e6;
	if (L.nlat > 0)
		snprintf(lat, sizeof lat, " p50_ms=%.2f p99_ms=%.2f "
		    "max_ms=%.2f", load_pct(50), load_pct(99),
		    L.lat[L.nlat - 1] / 1000.0);
	if (L.acked > 0 && cpu >= 0)
		snprintf(per, sizeof per, " cpu_s_per_1000=%.3f",
		    (double)cpu / L.acked);
	load_out("load_result %s sent=%d acked=%d secs=%.2f acks_per_s=%.0f%s "
	    "late=%d lost=%d dms=%d dms_per_s=%.0f r429=%d cpu_ms=%lld%s "
	    "fake_cpu_ms=%lld wall_s=%.2f", name, sent, L.acked, secs, secs > 0 ?
	    L.acked / secs : 0, lat, L.late, sent - L.acked, L.dms_measured,
	    dm_secs > 0 ? L.dms_measured / dm_secs : 0, L.r429, cpu, per,
	    load_self_ms() - L.self0, (load_now_us() - L.measure_us) / 1e6);
	free(L.lat);
	L.lat = NULL;
	L.nlat = 0;
	L.phase = LOAD_NONE;
}

static void
load_begin(enum load_phase phase)
{
	L.phase = phase;
	L.cur = (unsigned char)(L.cur % 255 + 1);
	L.base = L.next;
	L.window = false;
	L.acked = L.late = L.dms_measured = L.r429 = 0;
	L.first_dm_us = L.last_dm_us = 0;
	L.sending_done = false;
	L.start_us = L.measure_us = L.last_ack_us = load_now_us();
	L.stall_us = L.start_us;
	L.cpu0 = load_cpu_ms();
	L.self0 = load_self_ms();
	L.cpu_end = -1;
}

/* Closed loop: n commands, inflight at a time; then the DMs drain. */
static void
load_closed_step(long long now)
{
	if (!L.sending_done && L.acked >= L.total) {
		L.sending_done = true;
		L.drain_until_us = now + (long long)L.drain_s * 1000000;
	}
	if (!L.sending_done && now - L.start_us > (long long)L.timeout_s *
	    1000000) {
		L.sending_done = true;	/* a peer that stopped acking */
		L.drain_until_us = now;
	}
	if (!L.sending_done)
		return;
	/* Done when every DM came, or none came for 5 s, or at the limit. */
	if (L.dms_measured >= L.total || now >= L.drain_until_us ||
	    now - L.stall_us > 5000000) {
		L.cpu_end = load_cpu_ms();
		load_report("closed");
	}
}

/* Open loop: rate a second; warm-up unmeasured, then secs measured. */
static void
load_open_step(long long now)
{
	long long	due, t = now - L.start_us;
	long long	warm = (long long)L.warmup_s * 1000000;
	long long	all = warm + (long long)L.secs * 1000000;

	if (!L.sending_done) {
		if (t > all)
			t = all;
		due = t * L.rate / 1000000;
		if (!L.window && t >= warm) {
			L.window = true;	/* the measured window opens */
			L.measure_us = now;
			L.base = L.next;
			L.dms_measured = L.r429 = 0;
			L.cpu0 = load_cpu_ms();
			L.self0 = load_self_ms();
		}
		while (L.next - L.sent0 < due)
			load_send_next(L.window);
		if (t >= all) {
			L.sending_done = true;
			L.end_us = now;
			L.cpu_end = load_cpu_ms();
			L.drain_until_us = now + LOAD_LATE_US;
		}
		return;
	}
	if (L.outstanding == 0 || now >= L.drain_until_us)
		load_report("open");
}

static void
load_ping_step(long long now)
{
	struct fconn	*c;

	if (L.ping_s <= 0 || now < L.next_ping_us)
		return;
	L.next_ping_us = now + (long long)L.ping_s * 1000000;
	L.nping = 0;
	for (c = F.conns; c != NULL && L.nping < 32; c = c->next) {
		if (c->up) {
			L.ping_due[L.nping++] = c;
			lws_callback_on_writable(c->wsi);
		}
	}
}

/* A due ping goes before the connection's next frame. */
static bool
load_writeable(struct fconn *c, struct lws *wsi)
{
	unsigned char	buf[LWS_PRE + 8];
	int		i;

	for (i = 0; i < L.nping; i++) {
		if (L.ping_due[i] != c)
			continue;
		L.ping_due[i] = L.ping_due[--L.nping];
		lws_write(wsi, buf + LWS_PRE, 0, LWS_WRITE_PING);
		if (c->q != NULL)
			lws_callback_on_writable(wsi);
		return true;
	}
	return false;
}

static void
load_hello_step(long long now)
{
	struct fconn	*c;

	if (L.hello_t0 == 0)
		return;
	for (c = F.conns; c != NULL; c = c->next) {
		if (c->up && c->id > L.hello_after) {
			load_out("load_hello ms=%.1f", (now - L.hello_t0) / 1e3);
			L.hello_t0 = 0;
			return;
		}
	}
}

static void
load_tick(void)
{
	long long	now = load_now_us();
	long		rss, hwm;

	load_hello_step(now);
	load_ping_step(now);
	if (L.phase == LOAD_CLOSED)
		load_closed_step(now);
	else if (L.phase == LOAD_OPEN)
		load_open_step(now);
	else if (L.phase == LOAD_IDLE && now >= L.end_us) {
		load_mem(&rss, &hwm);
		load_out("load_idle secs=%.1f cpu_ms=%lld rss_kb=%ld hwm_kb=%ld",
		    (now - L.start_us) / 1e6, load_cpu_ms() - L.cpu0, rss, hwm);
		L.phase = LOAD_NONE;
	}
}

/*
 * The load generator's clock: a timerfd that poll waits on, not an lws
 * timer.  libwebsockets 4.1.6 rounds a timer's distance down to whole
 * milliseconds and polls with no wait through the last fraction, so a
 * 1 ms timer kept this process spinning, and the peer measured shared
 * the machine's two cores with that spin.
 */
static int
cb_load_clock(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	uint64_t	expirations;

	(void)user;
	(void)in;
	(void)len;
	if (reason != LWS_CALLBACK_RAW_RX_FILE)
		return 0;
	if (read(lws_get_socket_fd(wsi), &expirations, sizeof expirations) !=
	    (ssize_t)sizeof expirations && errno != EAGAIN)
		return -1;
	load_tick();
	return 0;
}

/* Starts the clock: load_tick every LOAD_TICK_US.  Exits on failure. */
static void
load_clock_start(void)
{
	struct itimerspec	it = {
		.it_interval = { 0, LOAD_TICK_US * 1000L },
		.it_value = { 0, LOAD_TICK_US * 1000L },
	};
	lws_sock_file_fd_type	fd;

	fd.filefd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (fd.filefd == -1 || timerfd_settime(fd.filefd, 0, &it, NULL) == -1) {
		fprintf(stderr, "fake_slack: timerfd: %s\n", strerror(errno));
		exit(1);
	}
	if (lws_adopt_descriptor_vhost(lws_get_vhost_by_name(F.context,
	    "default"), LWS_ADOPT_RAW_FILE_DESC, fd, "load-clock", NULL) ==
	    NULL) {
		fprintf(stderr, "fake_slack: cannot poll the load clock\n");
		exit(1);
	}
}

/*
 * chat.postMessage while the benchmark runs: answered here, without
 * keeping the message, so that 50,000 DMs cost no memory.  With a channel
 * limit, a second post to a channel within it is refused with 429 and
 * Retry-After: 1.  Returns the answer, or NULL to answer as usual.
 */
static json_t *
load_api(const char *method, const char *token, const char *body,
    json_t *args, int *status, int *retry_after)
{
	struct load_chan	*ch = NULL;
	json_t			*r;
	const char		*want;
	char			*dm, *form;
	long long		 now;
	unsigned		 h = 5381;
	const char		*s;
	int			 i;

	if (L.nusers == 0 || strcmp(method, "chat.postMessage") != 0 ||
	    strcmp(token, F.bot_token) != 0)
		return NULL;
	/* Slack takes a form as well as JSON; the SDKs send forms. */
	form = args == NULL && body != NULL ? form_arg(body, "channel") : NULL;
	want = args != NULL ? json_string_value(json_object_get(args,
	    "channel")) : form;
	dm = channel_resolve(want, true);
	free(form);
	if (dm == NULL)
		return NULL;
	now = load_now_us();
	if (L.chan_limit_ms > 0) {
		for (s = dm; *s != '\0'; s++)
			h = h * 33 + (unsigned char)*s;
		for (i = 0; i < LOAD_CHANNELS; i++) {
			ch = &L.chans[(h + (unsigned)i) % LOAD_CHANNELS];
			if (ch->id[0] == '\0' || strcmp(ch->id, dm) == 0)
				break;
		}
		if (ch->id[0] != '\0' && now - ch->last_us <
		    (long long)L.chan_limit_ms * 1000) {
			free(dm);
			L.r429 += L.phase != LOAD_OPEN || L.window;
			*status = 429;
			*retry_after = 1;
			return api_error("ratelimited");
		}
		snprintf(ch->id, sizeof ch->id, "%s", dm);
		ch->last_us = now;
	}
	L.dms++;
	if (L.phase == LOAD_CLOSED || (L.phase == LOAD_OPEN && L.window)) {
		L.dms_measured++;
		L.last_dm_us = now;
		L.stall_us = now;
	}
	r = json_pack("{s:b, s:s, s:s}", "ok", 1, "channel", dm, "ts",
	    "1700000400.000001");
	free(dm);
	return r;
}

/*
 * The load commands:
 *   load users N            N users UB0001.. (bench0001@example.jp ..)
 *   load pid PID            whose CPU and memory to read
 *   load quiet on|off       silence the per-event lines
 *   load ping SECS          ping every connection that often (0: never)
 *   load chanlimit MS       refuse a 2nd post to a channel within MS
 *   load drain SECS         how long a closed loop waits for its DMs
 *   load hello              time until the next new connection's hello
 *   load closed N INFLIGHT  N commands, INFLIGHT at a time
 *   load open RATE WARMUP SECS   RATE/s, the first WARMUP s unmeasured
 *   load idle SECS          CPU used and memory after SECS of nothing
 *   load mem                the peer's VmRSS and VmHWM now, commands sent
 */
static void
load_command(char *p)
{
	char	*what = word(&p);
	long	 rss, hwm;

	if (!L.armed) {
		L.armed = true;
		L.drain_s = 120;
		L.timeout_s = 300;
		load_clock_start();
	}
	if (strcmp(what, "users") == 0)
		load_users(atoi(word(&p)));
	else if (strcmp(what, "pid") == 0)
		L.pid = atoi(word(&p));
	else if (strcmp(what, "quiet") == 0)
		L.quiet = strcmp(word(&p), "off") != 0;
	else if (strcmp(what, "ping") == 0) {
		L.ping_s = atoi(word(&p));
		L.next_ping_us = load_now_us() + (long long)L.ping_s * 1000000;
	} else if (strcmp(what, "chanlimit") == 0) {
		L.chan_limit_ms = atoi(word(&p));
		memset(L.chans, 0, sizeof L.chans);
	} else if (strcmp(what, "drain") == 0)
		L.drain_s = atoi(word(&p));
	else if (strcmp(what, "hello") == 0) {
		L.hello_after = F.next_conn;
		L.hello_t0 = load_now_us();
	} else if (strcmp(what, "closed") == 0 && L.phase == LOAD_NONE) {
		load_begin(LOAD_CLOSED);
		L.total = atoi(word(&p));
		L.inflight = atoi(word(&p));
		if (L.inflight < 1)
			L.inflight = 1;
		while (L.next - L.base < L.total && L.outstanding < L.inflight)
			load_send_next(true);
	} else if (strcmp(what, "open") == 0 && L.phase == LOAD_NONE) {
		load_begin(LOAD_OPEN);
		L.rate = atoi(word(&p));
		L.warmup_s = atoi(word(&p));
		L.secs = atoi(word(&p));
		L.sent0 = L.next;
	} else if (strcmp(what, "idle") == 0 && L.phase == LOAD_NONE) {
		load_begin(LOAD_IDLE);
		L.end_us = L.start_us + (long long)atoi(word(&p)) * 1000000;
	} else if (strcmp(what, "mem") == 0) {
		load_mem(&rss, &hwm);
		load_out("load_mem rss_kb=%ld hwm_kb=%ld sent=%d", rss, hwm,
		    L.next);
	} else
		load_out("load_error %s", what);
}

static void
load_stop(void)
{
	free(L.sent_us);
	free(L.serial);
	free(L.lat);
}

static void
tick(lws_sorted_usec_list_t *sul)
{
	struct fconn	*c;

	redeliver();
	cmd_burst_step();
	sburst_step();
	for (c = F.conns; c != NULL; c = c->next) {
		if (c->close_at_ms != 0 && now_ms() >= c->close_at_ms) {
			c->close_at_ms = 0;
			out("ws kill %d", c->id);
			c->up = false;
			lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK,
			    LWS_TO_KILL_ASYNC);
			gap_check();
		}
	}
	lws_sul_schedule(F.context, 0, sul, tick, 20 * LWS_US_PER_MS);
}

/* The control channel: stdin, one command a line. */
static int
cb_control(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	char	 buf[65536], *nl;
	ssize_t	 n, i;

	(void)user;
	(void)in;
	(void)len;
	switch (reason) {
	case LWS_CALLBACK_RAW_RX_FILE:
		n = read(lws_get_socket_fd(wsi), buf, sizeof buf);
		if (n <= 0)
			return -1;
		for (i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (F.linelen < sizeof F.line - 1)
					F.line[F.linelen++] = buf[i];
				continue;
			}
			F.line[F.linelen] = '\0';
			if ((nl = strchr(F.line, '\r')) != NULL)
				*nl = '\0';
			fake_command(F.line);
			F.linelen = 0;
		}
		return 0;
	case LWS_CALLBACK_RAW_CLOSE_FILE:
		F.quit = true;
		return 0;
	default:
		return 0;
	}
}

static const struct lws_protocols protocols[] = {
	{ "slack", cb_slack, sizeof(struct pss), 65536, 0, NULL, 0 },
	{ "control", cb_control, 0, 0, 0, NULL, 0 },
	{ "load-clock", cb_load_clock, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
usage(void)
{
	fprintf(stderr, "usage: fake_slack --app-token T --bot-token T "
	    "[--port-file F] [--port N] [--id-base N] [--cert C --key K] [--host H]\n"
	    "       [--ack-timeout-ms N] [--retries N] [--refresh-close-ms N] "
	    "[--team T] [--app A] [--bot-user U]\n");
	exit(64);
}

static void
on_signal(int sig)
{
	(void)sig;
	F.quit = true;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "app-token", required_argument, NULL, 'a' },
		{ "bot-token", required_argument, NULL, 'b' },
		{ "port-file", required_argument, NULL, 'p' },
		{ "port", required_argument, NULL, 'P' },
		{ "id-base", required_argument, NULL, 'I' },
		{ "cert", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		{ "host", required_argument, NULL, 'H' },
		{ "ack-timeout-ms", required_argument, NULL, 't' },
		{ "retries", required_argument, NULL, 'r' },
		{ "refresh-close-ms", required_argument, NULL, 'R' },
		{ "team", required_argument, NULL, 'T' },
		{ "app", required_argument, NULL, 'A' },
		{ "bot-user", required_argument, NULL, 'U' },
		{ NULL, 0, NULL, 0 }
	};
	struct lws_context_creation_info	 info;
	struct lws_vhost			*vh;
	lws_sock_file_fd_type			 fd;
	const char				*port_file = NULL, *cert = NULL;
	const char				*key = NULL;
	FILE					*f;
	char					 tmp[4096];
	int					 ch, port = 0;

	F.host = "127.0.0.1";
	F.team = "T0FAKE";
	F.app = "A0FAKE";
	F.bot_user = "U0BOT";
	F.ack_timeout_ms = 3000;
	F.max_retries = 3;
	F.refresh_close_ms = 10000;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': F.app_token = optarg; break;
		case 'b': F.bot_token = optarg; break;
		case 'p': port_file = optarg; break;
		case 'P': port = atoi(optarg); break;
		/* A restarted Slack does not hand out the same ids again. */
		case 'I': F.nenv = atoi(optarg); break;
		case 'c': cert = optarg; break;
		case 'k': key = optarg; break;
		case 'H': F.host = optarg; break;
		case 't': F.ack_timeout_ms = atoi(optarg); break;
		case 'r': F.max_retries = atoi(optarg); break;
		case 'R': F.refresh_close_ms = atoi(optarg); break;
		case 'T': F.team = optarg; break;
		case 'A': F.app = optarg; break;
		case 'U': F.bot_user = optarg; break;
		default: usage();
		}
	}
	if (F.app_token == NULL || F.bot_token == NULL)
		usage();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	lws_set_log_level(getenv("FAKE_LWS_LOG") != NULL ?
	    atoi(getenv("FAKE_LWS_LOG")) : LLL_ERR, NULL);
	memset(&info, 0, sizeof info);
	info.port = port;	/* --port: the same one again after a restart */
	info.iface = "127.0.0.1";
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	if (cert != NULL) {
		info.ssl_cert_filepath = cert;
		info.ssl_private_key_filepath = key;
		F.tls = true;
	}
	if ((F.context = lws_create_context(&info)) == NULL) {
		fprintf(stderr, "fake_slack: cannot create the server\n");
		return 1;
	}
	vh = lws_get_vhost_by_name(F.context, "default");
	F.port = lws_get_vhost_listen_port(vh);
	fd.filefd = STDIN_FILENO;
	if (lws_adopt_descriptor_vhost(vh, LWS_ADOPT_RAW_FILE_DESC, fd,
	    "control", NULL) == NULL) {
		fprintf(stderr, "fake_slack: cannot read stdin\n");
		return 1;
	}
	if (port_file != NULL) {	/* written whole, then renamed */
		snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
		if ((f = fopen(tmp, "w")) != NULL) {
			fprintf(f, "%d\n", F.port);
			fclose(f);
			rename(tmp, port_file);
		}
	}
	out("listening %d", F.port);
	lws_sul_schedule(F.context, 0, &F.tick, tick, 20 * LWS_US_PER_MS);
	while (!F.quit && lws_service(F.context, 0) >= 0)
		;
	lws_sul_cancel(&F.tick);
	load_stop();
	lws_context_destroy(F.context);
	return 0;
}
