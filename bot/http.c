/*
 * http.c: the operator's HTTP listener ([http] listen, loopback by
 * default), a vhost of its own on the loop's lws context, so that it runs
 * on the loop thread beside everything it reports on:
 *   GET /healthz  200 "ok" when the chat adapter is connected and the
 *                 database takes writes, else 503 with the reason;
 *   GET /metrics  the counters of metrics.c, Prometheus text format.
 * Nothing else is served, and nothing it answers names a person.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libwebsockets.h>

#include "chat.h"
#include "state.h"

#define HTTP_HEADERS	512	/* room for the response's headers */

struct http {
	struct app		*app;
	struct lws_vhost	*vhost;
	struct lws_protocols	 protocols[2];
	char			*iface;
};

struct http_pss {			/* one request, on one connection */
	char		*body;
	size_t		 len;
};

#define HTTP_DB_WAIT_MS	200	/* for the write lock, on the loop thread */

/* The gauges only the loop thread can read. */
static void
http_gauges(struct app *app, struct metrics_gauges *g)
{
	time_t	oldest = 0;

	memset(g, 0, sizeof *g);
	g->connections = app->chat->connections != NULL ?
	    app->chat->connections(app->chat) : 1;
	g->db_writable = db_writable(app->db, HTTP_DB_WAIT_MS) == 1;
	if (q_outbox_waiting(app->db, &g->outbox_depth, &oldest) == 0 &&
	    oldest != 0 && clock_now() > oldest)
		g->outbox_oldest_age = (long)(clock_now() - oldest);
}

/* The body and status of uri.  Returns the status; *type its type. */
static int
http_route(struct http *h, const char *uri, struct buf *b, const char **type)
{
	struct metrics_gauges	g;

	*type = "text/plain; charset=utf-8";
	if (strcmp(uri, "/metrics") == 0) {
		http_gauges(h->app, &g);
		metrics_write(b, &g);
		*type = "text/plain; version=0.0.4; charset=utf-8";
		return 200;
	}
	if (strcmp(uri, "/healthz") != 0) {
		buf_addstr(b, "not found\n");
		return 404;
	}
	http_gauges(h->app, &g);
	if (g.connections == 0)
		buf_printf(b, "not connected to %s\n", h->app->chat->platform);
	if (!g.db_writable)
		buf_addstr(b, "the database takes no writes\n");
	if (b->len > 0)
		return 503;
	buf_addstr(b, "ok\n");
	return 200;
}

/* Answers a GET: the headers now, the body when writable. */
static int
http_request(struct http *h, struct http_pss *pss, struct lws *wsi,
    const char *uri)
{
	unsigned char	 hdr[LWS_PRE + HTTP_HEADERS];
	unsigned char	*start = hdr + LWS_PRE, *p = start;
	unsigned char	*end = hdr + sizeof hdr - 1;
	const char	*type;
	struct buf	 b;
	int		 status;

	buf_init(&b, 0);
	status = http_route(h, uri, &b, &type);
	pss->len = b.len;
	pss->body = xmalloc(LWS_PRE + b.len + 1);
	memcpy(pss->body + LWS_PRE, b.data, b.len);
	buf_free(&b);
	if (lws_add_http_common_headers(wsi, (unsigned int)status, type,
	    pss->len, &p, end) != 0 ||
	    lws_finalize_write_http_header(wsi, start, &p, end) != 0)
		return -1;
	lws_callback_on_writable(wsi);
	return 0;
}

static int
http_writeable(struct http_pss *pss, struct lws *wsi)
{
	int	n;

	if (pss->body == NULL)
		return 0;
	n = lws_write(wsi, (unsigned char *)pss->body + LWS_PRE, pss->len,
	    LWS_WRITE_HTTP_FINAL);
	free(pss->body);
	pss->body = NULL;
	if (n < 0 || lws_http_transaction_completed(wsi))
		return -1;
	return 0;
}

static int
http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	const struct lws_protocols	*prot = lws_get_protocol(wsi);
	struct http_pss			*pss = user;
	struct http			*h = prot != NULL ? prot->user : NULL;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		if (h == NULL || pss == NULL)
			return -1;
		if (lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) == 0)
			return lws_return_http_status(wsi,
			    HTTP_STATUS_METHOD_NOT_ALLOWED, NULL) ? -1 :
			    lws_http_transaction_completed(wsi);
		return http_request(h, pss, wsi, in);
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return pss != NULL ? http_writeable(pss, wsi) : 0;
	case LWS_CALLBACK_CLOSED_HTTP:
		if (pss != NULL) {
			free(pss->body);
			pss->body = NULL;
		}
		return 0;
	default:
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
}

/* Splits "host:port" (host: an IPv4 address or localhost). */
static int
http_parse_listen(const char *listen, char **host, int *port)
{
	const char	*colon = strrchr(listen, ':');
	char		*end;
	long		 l;

	if (colon == NULL || colon == listen)
		return -1;
	l = strtol(colon + 1, &end, 10);
	if (*end != '\0' || l < 1 || l > 65535)
		return -1;
	*host = xstrndup(listen, (size_t)(colon - listen));
	if (strcmp(*host, "localhost") == 0) {
		free(*host);
		*host = xstrdup("127.0.0.1");
	}
	*port = (int)l;
	return 0;
}

/*
 * Starts listening on [http] listen.  Returns the listener (http_free),
 * NULL when the option is empty, or NULL with *cause when it cannot
 * listen (yelld then runs without it).
 */
struct http *
http_start(struct app *app, struct loop *loop, char **cause)
{
	struct lws_context_creation_info	 info;
	struct http				*h;
	int					 port;
	char					*host;

	if (app->cfg->http_listen == NULL || *app->cfg->http_listen == '\0')
		return NULL;
	if (http_parse_listen(app->cfg->http_listen, &host, &port) != 0) {
		xasprintf(cause, "[http] listen = %s: expected ADDRESS:PORT",
		    app->cfg->http_listen);
		return NULL;
	}
	if (strncmp(host, "127.", 4) != 0)
		log_warnx("%s: [http] listen = %s is not on loopback: anyone "
		    "who reaches it sees the metrics", __func__,
		    app->cfg->http_listen);
	h = xcalloc(1, sizeof *h);
	h->app = app;
	h->iface = host;
	h->protocols[0].name = "yell-http";
	h->protocols[0].callback = http_callback;
	h->protocols[0].per_session_data_size = sizeof(struct http_pss);
	h->protocols[0].user = h;
	memset(&info, 0, sizeof info);
	info.vhost_name = "http";
	info.port = port;
	info.iface = h->iface;
	info.protocols = h->protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	if ((h->vhost = lws_create_vhost(loop_context(loop), &info)) == NULL) {
		xasprintf(cause, "[http] listen = %s: cannot listen there",
		    app->cfg->http_listen);
		free(h->iface);
		free(h);
		return NULL;
	}
	log_info("%s: /healthz and /metrics on http://%s/", __func__,
	    app->cfg->http_listen);
	return h;
}

/*
 * Frees the listener, after loop_free: its vhost goes with the loop's
 * context.  http_free(NULL) is a no-op.
 */
void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	free(h->iface);
	free(h);
}
