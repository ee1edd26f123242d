/*
 * net.h: the transport any chat adapter uses, and that knows no platform:
 * a WebSocket client connection (net_ws.c), a REST client over libcurl
 * (net_rest.c) and the reading of secrets (net_secret.c).  What a platform
 * says on these wires (hello, envelopes, error codes) stays in its adapter,
 * which drives them through the callbacks and hooks declared here.
 */
#ifndef YELL_NET_H
#define YELL_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <jansson.h>
#include <libwebsockets.h>

#include "lib.h"

/* net_ws.c: one WebSocket client connection, embedded in its owner. */
struct net_ws;
struct net_ws_ops {
	/* One whole text message: its fragments joined, at most rx_max. */
	void	(*message)(struct net_ws *, const char *data, size_t len);
	/* The WebSocket handshake is done; the owner's protocol starts. */
	void	(*established)(struct net_ws *);
	/*
	 * The socket is gone: it failed to connect, either side closed it,
	 * or it was killed.  why is for logs; ws->closing says whether we
	 * asked for it.  The owner may connect again, retry or free it
	 * (but not free it when called from inside net_ws_connect, where a
	 * connection can fail at once).
	 */
	void	(*lost)(struct net_ws *, const char *why);
	/* No net_ws_ready() within ready_ms: the socket is killed next. */
	void	(*ready_timeout)(struct net_ws *);
	/* The wait that net_ws_retry() set is over. */
	void	(*retry)(struct net_ws *);
};
struct net_ws_frame;
struct net_ws {
	const struct net_ws_ops	*ops;
	struct lws_context	*context;
	struct lws_vhost	*vhost;
	const char		*protocol;	/* the vhost's protocol name */
	const lws_retry_bo_t	*policy;	/* back-off, ping, hang-up */
	long			 ready_ms;	/* the owner's handshake */
	char			 name[32];	/* for logs: "connection 3" */
	char			*host;		/* for logs: never the URL */
	struct lws		*wsi;		/* NULL: no socket */
	bool			 closing;	/* net_ws_close() was called */
	bool			 lost_reported;
	uint16_t		 retries;
	struct buf		 rx;
	size_t			 rx_max, rx_size;
	bool			 rx_active, rx_binary;
	struct net_ws_frame	*txq, *txq_tail;
	lws_sorted_usec_list_t	 sul_ready, sul_retry;
};
void		 net_ws_init(struct net_ws *, const struct net_ws_ops *,
		    struct lws_context *, struct lws_vhost *,
		    const char *protocol, const lws_retry_bo_t *,
		    size_t rx_max, long ready_ms);
void		 net_ws_name(struct net_ws *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
int		 net_ws_connect(struct net_ws *, const char *url, char **cause);
void		 net_ws_ready(struct net_ws *);
int		 net_ws_send(struct net_ws *, const char *text, size_t len);
void		 net_ws_close(struct net_ws *);
void		 net_ws_kill(struct net_ws *);
uint32_t	 net_ws_retry(struct net_ws *, long min_ms);
void		 net_ws_stop(struct net_ws *);
void		 net_ws_clear(struct net_ws *);
int		 net_ws_callback(struct lws *, enum lws_callback_reasons,
		    void *in, size_t len);
void		 net_ws_policy(lws_retry_bo_t *, const uint32_t *table,
		    size_t n, long ping_secs, long hangup_secs);

/* net_rest.c: HTTP requests with libcurl, one easy handle per thread. */
enum net_outcome {
	NET_OK,			/* done */
	NET_RETRY,		/* transient: network, 5xx, overload */
	NET_RATELIMITED,	/* 429: wait retry_after seconds */
	NET_AUTH,		/* the credentials are bad: an operator acts */
	NET_PERMANENT,		/* this request will never work */
};
enum net_method { NET_GET, NET_POST, NET_PUT, NET_PATCH };
struct net_request {
	enum net_method	 method;
	const char	*path;		/* after the base URL; keys its pause */
	const char	*token;		/* "Authorization: Bearer", or NULL */
	const char	*json;		/* a JSON body (text), or NULL */
	const char	*form;		/* encoded; with NET_GET the query */
};
struct net_result {
	enum net_outcome outcome;
	long		 http_status;	/* 0: no HTTP answer */
	json_t		*body;		/* owned; NULL if not JSON */
	char		*error;		/* owned; NULL when ok */
	int		 retry_after;	/* seconds, when rate limited */
	long		 wait_ms;	/* the same, exactly */
};
/*
 * The platform's reading of an answer other than a 429: r->http_status and
 * r->body are set and r->outcome holds the reading by status alone (2xx
 * ok, 401/403 auth, 5xx retry, others permanent).  It may change outcome
 * and error (owned: free the old one).
 */
typedef void	 net_classify_fn(struct net_result *, void *arg);
struct net_rest_options {
	const char	*base_url;	/* the path is appended to it */
	const char	*ca_file;	/* NULL: the system's CAs */
	long		 timeout_ms;
	size_t		 max_response;	/* bytes; 0: NET_RESPONSE_MAX */
	int		 default_retry;	/* a 429 without Retry-After; 0: 30 */
	const char	*protocols;	/* curl's list; NULL: "https,http" */
	net_classify_fn	*classify;	/* NULL: by status alone */
	void		*classify_arg;
};
#define NET_RESPONSE_MAX	(4 * 1024 * 1024)
struct net_rest;
struct net_rest	*net_rest_create(const struct net_rest_options *);
void		 net_rest_abort(struct net_rest *);
void		 net_rest_free(struct net_rest *);
int		 net_rest_call(struct net_rest *, const struct net_request *,
		    struct net_result *);
void		 net_result_clear(struct net_result *);
const char	*net_result_string(const struct net_result *,
		    const char *key);
int		 net_retry_after(const char *value, time_t now);
char		*net_form_escape(const char *);
bool		 net_url_is_loopback(const char *url);
int		 net_url_check_api(const char *url, char **why);

/* net_secret.c: tokens and passwords, from files or the environment. */
char		*net_secret_read(const char *path, const char *cred,
		    const char *env, const char *label, const char *prefix,
		    size_t max, char **cause);
void		 net_secret_free(char *);

#endif
