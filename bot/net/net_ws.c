/*
 * net_ws.c: one WebSocket client connection, as a struct its owner embeds
 * and drives: connect to a ws:// or wss:// URL, gather each message's
 * fragments (up to a cap), queue text frames and write them one lws_write
 * per CLIENT_WRITEABLE with LWS_PRE headroom, close with 1000, wait out a
 * back-off, and give the owner's own handshake a deadline.  It knows no
 * platform: what the messages mean is the owner's (struct net_ws_ops).
 *
 * lws pings a connection that has been quiet for the policy's
 * secs_since_valid_ping and hangs up one still silent at
 * secs_since_valid_hangup, so a half-open network is noticed without any
 * timer here.  Everything runs on the loop thread.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"

struct net_ws_frame {
	struct net_ws_frame	*next;
	size_t			 len;
	unsigned char		 data[];	/* LWS_PRE, then the text */
};

/*
 * Prepares ws (zeroed or cleared) for use on context's vhost with the lws
 * protocol named protocol.  policy (borrowed; it must outlive ws) gives the
 * back-off and the ping and hang-up times; messages over rx_max bytes are
 * dropped; the owner's handshake must end (net_ws_ready) within ready_ms
 * of connecting, 0 for no deadline.
 */
void
net_ws_init(struct net_ws *ws, const struct net_ws_ops *ops,
    struct lws_context *context, struct lws_vhost *vhost,
    const char *protocol, const lws_retry_bo_t *policy, size_t rx_max,
    long ready_ms)
{
	memset(ws, 0, sizeof *ws);
	ws->ops = ops;
	ws->context = context;
	ws->vhost = vhost;
	ws->protocol = protocol;
	ws->policy = policy;
	ws->rx_max = rx_max;
	ws->ready_ms = ready_ms;
	buf_init(&ws->rx, rx_max);
	snprintf(ws->name, sizeof ws->name, "connection");
}

/* Names the connection in log lines, e.g. "connection 3". */
void
net_ws_name(struct net_ws *ws, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ws->name, sizeof ws->name, fmt, ap);
	va_end(ap);
}

static void
net_ws_drop_txq(struct net_ws *ws)
{
	struct net_ws_frame	*f, *next;

	for (f = ws->txq; f != NULL; f = next) {
		next = f->next;
		free(f);
	}
	ws->txq = ws->txq_tail = NULL;
}

static void
net_ws_ready_cb(lws_sorted_usec_list_t *sul)
{
	struct net_ws	*ws = lws_container_of(sul, struct net_ws, sul_ready);

	if (ws->wsi == NULL)
		return;
	if (ws->ops->ready_timeout != NULL)
		ws->ops->ready_timeout(ws);
	net_ws_kill(ws);
}

static void
net_ws_retry_cb(lws_sorted_usec_list_t *sul)
{
	struct net_ws	*ws = lws_container_of(sul, struct net_ws, sul_retry);

	ws->ops->retry(ws);
}

/*
 * Starts the handshakes to url: wss://, or ws:// to this machine only.
 * The URL may carry a secret (a one-time ticket), so no copy of it is
 * kept or logged: only its host.  Returns 0, after which ops->lost will
 * say if the connection fails, or -1 with *cause (caller frees) when no
 * attempt was started.
 */
int
net_ws_connect(struct net_ws *ws, const char *url, char **cause)
{
	struct lws_client_connect_info	 i;
	const char			*prot, *address, *path;
	char				*copy, *fullpath = NULL;
	int				 port, rc = -1;

	copy = xstrdup(url);
	if (lws_parse_uri(copy, &prot, &address, &port, &path) != 0 ||
	    (strcmp(prot, "wss") != 0 && (strcmp(prot, "ws") != 0 ||
	    !net_url_is_loopback(url)))) {
		xasprintf(cause, "not a wss:// URL (ws:// only to this "
		    "machine)");
		goto out;
	}
	free(ws->host);
	ws->host = xstrdup(address);
	ws->closing = false;
	ws->lost_reported = false;
	ws->rx_active = false;
	xasprintf(&fullpath, "/%s", path);
	memset(&i, 0, sizeof i);
	i.context = ws->context;
	i.vhost = ws->vhost;
	i.address = address;
	i.port = port;
	i.path = fullpath;
	i.host = address;
	i.origin = address;
	i.ssl_connection = strcmp(prot, "wss") == 0 ? LCCSCF_USE_SSL : 0;
	i.local_protocol_name = ws->protocol;
	i.pwsi = &ws->wsi;
	i.retry_and_idle_policy = ws->policy;
	i.opaque_user_data = ws;
	if (ws->ready_ms > 0)
		lws_sul_schedule(ws->context, 0, &ws->sul_ready,
		    net_ws_ready_cb, (lws_usec_t)ws->ready_ms * LWS_US_PER_MS);
	log_info("%s: %s: connecting to %s", __func__, ws->name, ws->host);
	if (lws_client_connect_via_info(&i) != NULL || ws->lost_reported)
		rc = 0;		/* under way, or already reported lost */
	else {
		ws->wsi = NULL;
		lws_sul_cancel(&ws->sul_ready);
		xasprintf(cause, "cannot start a connection to %s", ws->host);
	}
out:
	if (fullpath != NULL) {
		explicit_bzero(fullpath, strlen(fullpath));
		free(fullpath);
	}
	explicit_bzero(copy, strlen(url));
	free(copy);
	return rc;
}

/* The owner's handshake is done: no deadline, and the back-off restarts. */
void
net_ws_ready(struct net_ws *ws)
{
	lws_sul_cancel(&ws->sul_ready);
	ws->retries = 0;
}

/*
 * Queues a text frame, written by CLIENT_WRITEABLE.
 * Returns 0, or -1 if there is no socket to write it to.
 */
int
net_ws_send(struct net_ws *ws, const char *text, size_t len)
{
	struct net_ws_frame	*f;

	if (ws->wsi == NULL)
		return -1;
	f = xmalloc(sizeof *f + LWS_PRE + len);
	f->next = NULL;
	f->len = len;
	memcpy(f->data + LWS_PRE, text, len);
	if (ws->txq_tail != NULL)
		ws->txq_tail->next = f;
	else
		ws->txq = f;
	ws->txq_tail = f;
	lws_callback_on_writable(ws->wsi);
	return 0;
}

/* Leaves: writes what is queued, then closes with 1000. */
void
net_ws_close(struct net_ws *ws)
{
	ws->closing = true;
	if (ws->wsi != NULL)
		lws_callback_on_writable(ws->wsi);
}

/* Drops the socket at once, without a close frame. */
void
net_ws_kill(struct net_ws *ws)
{
	if (ws->wsi != NULL)
		lws_set_timeout(ws->wsi, PENDING_TIMEOUT_USER_OK,
		    LWS_TO_KILL_ASYNC);
}

/*
 * Calls ops->retry after the policy's next back-off (jittered, growing
 * with each call until net_ws_ready), or after min_ms if that is longer.
 * Returns the wait in ms.
 */
uint32_t
net_ws_retry(struct net_ws *ws, long min_ms)
{
	uint32_t	ms;

	ms = lws_retry_get_delay_ms(ws->context, ws->policy, &ws->retries,
	    NULL);
	if ((long)ms < min_ms)
		ms = (uint32_t)min_ms;
	log_info("%s: %s: next attempt in %u ms", __func__, ws->name, ms);
	lws_sul_schedule(ws->context, 0, &ws->sul_retry, net_ws_retry_cb,
	    (lws_usec_t)ms * LWS_US_PER_MS);
	return ms;
}

/* Cancels the timers (shutdown): no callback comes from them any more. */
void
net_ws_stop(struct net_ws *ws)
{
	lws_sul_cancel(&ws->sul_ready);
	lws_sul_cancel(&ws->sul_retry);
}

/* Frees what ws holds, once it has no socket any more. */
void
net_ws_clear(struct net_ws *ws)
{
	net_ws_stop(ws);
	net_ws_drop_txq(ws);
	buf_free(&ws->rx);
	free(ws->host);
	ws->host = NULL;
}

/* The socket is gone, whichever way: one path for all of them. */
static void
net_ws_lost(struct net_ws *ws, const char *why)
{
	ws->wsi = NULL;
	ws->rx_active = false;
	ws->lost_reported = true;
	lws_sul_cancel(&ws->sul_ready);
	net_ws_drop_txq(ws);
	buf_reset(&ws->rx);
	ws->ops->lost(ws, why);
}

/* Gathers a message's fragments, up to rx_max bytes. */
static void
net_ws_rx(struct net_ws *ws, struct lws *wsi, const void *in, size_t len)
{
	if (!ws->rx_active) {
		ws->rx_active = true;
		ws->rx_binary = lws_frame_is_binary(wsi);
		ws->rx_size = 0;
		buf_reset(&ws->rx);
	}
	ws->rx_size += len;
	if (!ws->rx_binary && ws->rx_size <= ws->rx_max &&
	    buf_add(&ws->rx, in, len) != 0)
		buf_reset(&ws->rx);
	if (!lws_is_final_fragment(wsi))
		return;
	ws->rx_active = false;
	if (ws->rx_binary)
		log_warnx("%s: %s: a %zu-byte binary frame; ignored", __func__,
		    ws->name, ws->rx_size);
	else if (ws->rx_size > ws->rx_max)
		log_warnx("%s: %s: a %zu-byte frame is over the %zu-byte "
		    "limit; ignored", __func__, ws->name, ws->rx_size,
		    ws->rx_max);
	else
		ws->ops->message(ws, ws->rx.data != NULL ? ws->rx.data : "",
		    ws->rx.len);
	buf_reset(&ws->rx);
}

/*
 * Writes queued frames while the socket takes them without blocking: a
 * group commit's acks go out in one callback, not one turn of the loop
 * each (every turn is a poll and a chance to start a smaller group).
 */
static int
net_ws_writeable(struct net_ws *ws, struct lws *wsi)
{
	struct net_ws_frame	*f;
	int			 n;

	if (ws->txq != NULL) {
		do {
			f = ws->txq;
			ws->txq = f->next;
			if (ws->txq == NULL)
				ws->txq_tail = NULL;
			n = lws_write(wsi, f->data + LWS_PRE, f->len,
			    LWS_WRITE_TEXT);
			if (n < (int)f->len) {
				free(f);
				return -1;
			}
			free(f);
		} while (ws->txq != NULL && !lws_send_pipe_choked(wsi));
		if (ws->txq != NULL || ws->closing)
			lws_callback_on_writable(wsi);
		return 0;
	}
	if (ws->closing) {
		lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, NULL, 0);
		return -1;
	}
	return 0;
}

/*
 * The client half of an lws protocol callback, for connections made by
 * net_ws_connect; the owner's callback hands it every reason it does not
 * handle itself.  Returns what lws expects of the callback.
 */
int
net_ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *in,
    size_t len)
{
	struct net_ws	*ws = lws_get_opaque_user_data(wsi);

	if (ws == NULL)
		return 0;
	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		net_ws_lost(ws, in != NULL ? (const char *)in :
		    "connection failed");
		return 0;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		if (ws->ops->established != NULL)
			ws->ops->established(ws);
		return 0;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		net_ws_rx(ws, wsi, in, len);
		return 0;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		return net_ws_writeable(ws, wsi);
	case LWS_CALLBACK_CLIENT_CLOSED:
		net_ws_lost(ws, ws->closing ? "closed by us" : "closed");
		return 0;
	default:
		return 0;
	}
}

/*
 * Fills a back-off policy: table (borrowed, static) in ms, 30 % jitter,
 * the last entry repeated for ever; pings after ping_secs of quiet and a
 * hang-up after hangup_secs.
 */
void
net_ws_policy(lws_retry_bo_t *p, const uint32_t *table, size_t n,
    long ping_secs, long hangup_secs)
{
	memset(p, 0, sizeof *p);
	p->retry_ms_table = table;
	p->retry_ms_table_count = (uint16_t)n;
	p->conceal_count = LWS_RETRY_CONCEAL_ALWAYS;
	p->secs_since_valid_ping = (uint16_t)ping_secs;
	p->secs_since_valid_hangup = (uint16_t)hangup_secs;
	p->jitter_percent = 30;
}
