/*
 * net_rest.c: HTTP requests to a REST API with libcurl: GET, POST, PUT and
 * PATCH with a JSON or form body, a bearer token, a cap on the answer's
 * size, and what an answer means (net_outcome), read by HTTP status and
 * then by the platform's own hook.  It knows no platform.
 *
 * Every thread that makes requests gets its own easy handle, created on
 * its first request and cleaned up by the same thread when it exits (a
 * pthread key destructor), so handles never cross threads
 * (libcurl-thread.md).  Tokens go only into the Authorization header, and
 * neither they, query strings nor bodies are ever logged.
 *
 * A 429 pauses that path for every thread until its Retry-After (seconds
 * or an HTTP date) has passed: requests made meanwhile come back
 * NET_RATELIMITED without touching the network, so the server never sees
 * one sooner than it asked.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "net.h"

#define NET_DEFAULT_RETRY	30	/* seconds, a 429 without Retry-After */
#define NET_RETRY_CAP		3600
#define NET_MAX_PAUSES		32
#define NET_PATH_MAX		64

struct net_pause {
	char		path[NET_PATH_MAX];
	struct timespec	until;		/* CLOCK_MONOTONIC */
};

struct net_rest {
	char			*base_url;	/* ends with '/' */
	char			*ca_file;
	char			*protocols;
	long			 timeout_ms;
	size_t			 max_response;
	int			 default_retry;
	net_classify_fn		*classify;
	void			*classify_arg;
	pthread_key_t		 key;		/* this thread's CURL * */
	pthread_mutex_t		 lock;		/* pauses */
	struct net_pause	 pauses[NET_MAX_PAUSES];
	atomic_bool		 abort;
};

/* What one transfer gathers: the body, up to the cap, and Retry-After. */
struct net_xfer {
	struct buf	 body;
	bool		 toobig;
	char		 retry_after[64];
};

static void
net_curl_cleanup(void *curl)
{
	curl_easy_cleanup(curl);
}

/*
 * Creates a client for the API at o->base_url.  Returns it, shared by
 * every thread; free it with net_rest_free after the other threads that
 * used it have ended.
 */
struct net_rest *
net_rest_create(const struct net_rest_options *o)
{
	struct net_rest	*r;
	size_t		 len = strlen(o->base_url);

	r = xcalloc(1, sizeof *r);
	if (len > 0 && o->base_url[len - 1] == '/')
		r->base_url = xstrdup(o->base_url);
	else
		xasprintf(&r->base_url, "%s/", o->base_url);
	r->ca_file = o->ca_file != NULL ? xstrdup(o->ca_file) : NULL;
	r->protocols = xstrdup(o->protocols != NULL ? o->protocols :
	    "https,http");
	r->timeout_ms = o->timeout_ms;
	r->max_response = o->max_response > 0 ? o->max_response :
	    NET_RESPONSE_MAX;
	r->default_retry = o->default_retry > 0 ? o->default_retry :
	    NET_DEFAULT_RETRY;
	r->classify = o->classify;
	r->classify_arg = o->classify_arg;
	if (pthread_key_create(&r->key, net_curl_cleanup) != 0)
		fatalx("%s: pthread_key_create", __func__);
	pthread_mutex_init(&r->lock, NULL);
	atomic_init(&r->abort, false);
	return r;
}

/* Makes requests in progress and future ones fail at once (shutdown). */
void
net_rest_abort(struct net_rest *r)
{
	atomic_store(&r->abort, true);
}

/* Frees the client and the calling thread's handle.  NULL is a no-op. */
void
net_rest_free(struct net_rest *r)
{
	CURL	*curl;

	if (r == NULL)
		return;
	curl = pthread_getspecific(r->key);
	if (curl != NULL) {
		curl_easy_cleanup(curl);
		pthread_setspecific(r->key, NULL);
	}
	pthread_key_delete(r->key);
	pthread_mutex_destroy(&r->lock);
	free(r->base_url);
	free(r->ca_file);
	free(r->protocols);
	free(r);
}

void
net_result_clear(struct net_result *res)
{
	json_decref(res->body);
	free(res->error);
	memset(res, 0, sizeof *res);
}

/* Returns a string member of the JSON answer (borrowed), or NULL. */
const char *
net_result_string(const struct net_result *res, const char *key)
{
	return json_string_value(json_object_get(res->body, key));
}

/*
 * Parses url with curl's own parser, so that the host checked is the host
 * curl would connect to (not "localhost" in "http://localhost:@evil/").
 * Returns the handle (curl_url_cleanup) or NULL if url does not parse.
 */
static CURLU *
net_url_parse(const char *url)
{
	CURLU	*u;

	if ((u = curl_url()) == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK) {
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

/* True if u has a user or password part, which would leave in clear. */
static bool
net_url_has_userinfo(CURLU *u)
{
	char	*part = NULL;
	bool	 has = false;

	if (curl_url_get(u, CURLUPART_USER, &part, 0) == CURLUE_OK)
		has = true;
	curl_free(part);
	part = NULL;
	if (curl_url_get(u, CURLUPART_PASSWORD, &part, 0) == CURLUE_OK)
		has = true;
	curl_free(part);
	return has;
}

/* True if u's host is this machine by name or address. */
static bool
net_url_host_is_loopback(CURLU *u)
{
	static const char *const hosts[] = { "127.0.0.1", "localhost",
	    "[::1]", NULL };
	char	*host = NULL;
	bool	 yes = false;
	size_t	 i;

	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		return false;
	for (i = 0; hosts[i] != NULL; i++) {
		if (strcasecmp(host, hosts[i]) == 0)
			yes = true;
	}
	curl_free(host);
	return yes;
}

/*
 * True if url goes to this machine, with no user-info part: plain http/ws
 * is allowed only there.
 */
bool
net_url_is_loopback(const char *url)
{
	CURLU	*u;
	bool	 yes;

	if ((u = net_url_parse(url)) == NULL)
		return false;
	yes = !net_url_has_userinfo(u) && net_url_host_is_loopback(u);
	curl_url_cleanup(u);
	return yes;
}

/*
 * Checks a Web API base URL before anything is sent to it: https://, or
 * http:// to this machine only, and no user-info part (a token would
 * follow it in clear, or to another host).  Returns 0, or -1 with *why
 * (caller frees).
 */
int
net_url_check_api(const char *url, char **why)
{
	CURLU	*u;
	char	*scheme = NULL;
	int	 rc = -1;

	if ((u = net_url_parse(url)) == NULL) {
		xasprintf(why, "\"%s\" is not a URL", url);
		return -1;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
		xasprintf(why, "\"%s\" has no scheme", url);
	else if (net_url_has_userinfo(u))
		xasprintf(why, "\"%s\" must not have a user or password "
		    "part", url);
	else if (strcmp(scheme, "https") != 0 && (strcmp(scheme, "http") !=
	    0 || !net_url_host_is_loopback(u)))
		xasprintf(why, "must be an https:// URL (plain http:// only "
		    "to this machine), not \"%s\"", url);
	else
		rc = 0;
	curl_free(scheme);
	curl_url_cleanup(u);
	return rc;
}

/* Percent-encodes s for a form body or a query (caller frees). */
char *
net_form_escape(const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	struct buf		 b;
	unsigned char		 c;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL)
			buf_add(&b, s, 1);
		else
			buf_printf(&b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
	return buf_steal(&b);
}

/*
 * Reads a Retry-After value (RFC 9110 10.2.3): delay-seconds, or an HTTP
 * date, counted from now.  Returns the seconds to wait (0 for a date
 * already past), or -1 for a value that is neither.
 */
int
net_retry_after(const char *value, time_t now)
{
	const char	*p;
	char		*end;
	long		 secs;
	time_t		 when;

	if (value == NULL)
		return -1;
	while (isspace((unsigned char)*value))
		value++;
	if (isdigit((unsigned char)*value)) {
		secs = strtol(value, &end, 10);
		for (p = end; isspace((unsigned char)*p); p++)
			;
		if (*p != '\0' || secs < 0)
			return -1;
		return secs > NET_RETRY_CAP ? NET_RETRY_CAP : (int)secs;
	}
	when = curl_getdate(value, NULL);
	if (when == -1)
		return -1;
	if (when <= now)
		return 0;
	return when - now > NET_RETRY_CAP ? NET_RETRY_CAP : (int)(when - now);
}

static long
net_ms_until(const struct timespec *until)
{
	struct timespec	now;
	long		ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long)(until->tv_sec - now.tv_sec) * 1000 +
	    (until->tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? ms : 0;
}

/* Returns how long path is still paused, in ms (0: not paused). */
static long
net_paused(struct net_rest *r, const char *path)
{
	long	ms = 0;
	size_t	i;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < NET_MAX_PAUSES; i++) {
		if (strcmp(r->pauses[i].path, path) == 0) {
			ms = net_ms_until(&r->pauses[i].until);
			break;
		}
	}
	pthread_mutex_unlock(&r->lock);
	return ms;
}

/* Pauses path for secs seconds from now (a 429's Retry-After). */
static void
net_pause(struct net_rest *r, const char *path, int secs)
{
	struct net_pause	*p = NULL;
	struct timespec		 now;
	size_t			 i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&r->lock);
	for (i = 0; i < NET_MAX_PAUSES && p == NULL; i++) {
		if (strcmp(r->pauses[i].path, path) == 0 ||
		    r->pauses[i].path[0] == '\0' ||
		    net_ms_until(&r->pauses[i].until) == 0)
			p = &r->pauses[i];
	}
	if (p == NULL)
		p = &r->pauses[0];	/* all busy: reuse the first */
	snprintf(p->path, sizeof p->path, "%s", path);
	p->until.tv_sec = now.tv_sec + secs;
	p->until.tv_nsec = now.tv_nsec;
	pthread_mutex_unlock(&r->lock);
}

static size_t
net_write(char *data, size_t size, size_t n, void *arg)
{
	struct net_xfer	*x = arg;

	if (buf_add(&x->body, data, size * n) != 0) {
		x->toobig = true;
		return 0;	/* over the cap: curl fails the transfer */
	}
	return size * n;
}

/* Keeps the Retry-After header; the others are not needed. */
static size_t
net_header(char *data, size_t size, size_t n, void *arg)
{
	struct net_xfer	*x = arg;
	size_t		 len = size * n, k = sizeof "retry-after:" - 1;

	if (len > k && strncasecmp(data, "retry-after:", k) == 0) {
		snprintf(x->retry_after, sizeof x->retry_after, "%.*s",
		    (int)(len - k), data + k);
		x->retry_after[strcspn(x->retry_after, "\r\n")] = '\0';
	}
	return len;
}

static int
net_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct net_rest	*r = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return atomic_load(&r->abort) ? 1 : 0;
}

/* This thread's easy handle, reset for a new request. */
static CURL *
net_curl(struct net_rest *r)
{
	CURL	*curl = pthread_getspecific(r->key);

	if (curl != NULL) {
		curl_easy_reset(curl);
		return curl;
	}
	curl = curl_easy_init();
	if (curl != NULL)
		pthread_setspecific(r->key, curl);
	return curl;
}

static struct curl_slist *
net_headers(const char *token, bool json)
{
	struct curl_slist	*h = NULL, *n;
	char			*auth;

	if (token != NULL) {
		xasprintf(&auth, "Authorization: Bearer %s", token);
		n = curl_slist_append(h, auth);
		explicit_bzero(auth, strlen(auth));
		free(auth);
		if (n == NULL)
			return NULL;
		h = n;
	}
	if (json && (n = curl_slist_append(h,
	    "Content-Type: application/json; charset=utf-8")) != NULL)
		h = n;
	return h;
}

/* Wipes the copies of the token the header list holds, then frees it. */
static void
net_headers_free(struct curl_slist *h)
{
	struct curl_slist	*p;

	for (p = h; p != NULL; p = p->next)
		explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

static void
net_rate_limited(struct net_rest *r, const char *path, struct net_xfer *x,
    struct net_result *res)
{
	int	secs = net_retry_after(x->retry_after, time(NULL));

	if (secs <= 0)
		secs = r->default_retry;
	res->outcome = NET_RATELIMITED;
	res->retry_after = secs;
	res->wait_ms = (long)secs * 1000;
	res->error = xstrdup("ratelimited");
	net_pause(r, path, secs);
	log_info("%s: %s rate limited: waiting %d s", __func__, path, secs);
}

/* The reading by HTTP status alone, before the platform's hook. */
static void
net_classify_status(struct net_result *res)
{
	long	st = res->http_status;

	if (st >= 200 && st < 300)
		res->outcome = NET_OK;
	else if (st == 401 || st == 403)
		res->outcome = NET_AUTH;
	else if (st >= 500)
		res->outcome = NET_RETRY;
	else
		res->outcome = NET_PERMANENT;
	if (res->outcome != NET_OK)
		xasprintf(&res->error, "http_%ld", st);
}

static void
net_perform(struct net_rest *r, CURL *curl, const char *path,
    struct net_xfer *x, struct net_result *res)
{
	CURLcode	 rc;
	json_error_t	 err;

	rc = curl_easy_perform(curl);
	if (rc != CURLE_OK && x->toobig) {
		res->outcome = NET_PERMANENT;
		xasprintf(&res->error, "an answer over %zu bytes",
		    r->max_response);
		return;
	}
	if (rc != CURLE_OK) {
		res->outcome = NET_RETRY;
		xasprintf(&res->error, "%s", curl_easy_strerror(rc));
		return;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &res->http_status);
	if (res->http_status == 429) {
		net_rate_limited(r, path, x, res);
		return;
	}
	if (x->body.len > 0)
		res->body = json_loadb(x->body.data, x->body.len, 0, &err);
	net_classify_status(res);
	if (r->classify != NULL)
		r->classify(res, r->classify_arg);
}

static void
net_setopt_method(CURL *curl, const struct net_request *q,
    const char *payload)
{
	const char	*body = payload != NULL ? payload : q->form != NULL ?
			    q->form : "";

	switch (q->method) {
	case NET_GET:
		curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
		return;
	case NET_PUT:
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
		break;
	case NET_PATCH:
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PATCH");
		break;
	case NET_POST:
		break;
	}
	curl_easy_setopt(curl, CURLOPT_POST, 1L);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
}

/*
 * Makes request q.  OUT: *res, the outcome and the parsed answer (clear
 * it with net_result_clear).  Returns 0 if the outcome is NET_OK, -1
 * otherwise (res says why).  Blocks: never call it on the loop thread.
 */
int
net_rest_call(struct net_rest *r, const struct net_request *q,
    struct net_result *res)
{
	struct curl_slist	*headers = NULL;
	struct net_xfer		 x;
	CURL			*curl;
	const char		*payload = NULL;
	char			*url = NULL;

	memset(res, 0, sizeof *res);
	memset(&x, 0, sizeof x);
	buf_init(&x.body, r->max_response);
	if (atomic_load(&r->abort)) {
		res->outcome = NET_RETRY;
		res->error = xstrdup("shutting down");
		goto out;
	}
	res->wait_ms = net_paused(r, q->path);
	if (res->wait_ms > 0) {
		res->outcome = NET_RATELIMITED;
		res->retry_after = (int)((res->wait_ms + 999) / 1000);
		res->error = xstrdup("ratelimited");
		goto out;
	}
	curl = net_curl(r);
	if (curl != NULL)
		headers = net_headers(q->token, q->json != NULL);
	if (curl == NULL || headers == NULL) {
		res->outcome = NET_RETRY;
		res->error = xstrdup("out of memory");
		goto out;
	}
	if (q->method == NET_GET && q->form != NULL && *q->form != '\0')
		xasprintf(&url, "%s%s?%s", r->base_url, q->path, q->form);
	else
		xasprintf(&url, "%s%s", r->base_url, q->path);
	if (q->method != NET_GET)
		payload = q->json;
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	net_setopt_method(curl, q, payload);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, r->protocols);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, r->timeout_ms);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "yelld/" YELL_VERSION);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, net_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, net_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, &x);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, net_progress);
	curl_easy_setopt(curl, CURLOPT_XFERINFODATA, r);
	if (r->ca_file != NULL)
		curl_easy_setopt(curl, CURLOPT_CAINFO, r->ca_file);
	net_perform(r, curl, q->path, &x, res);
	/* The handle keeps no pointer to what is freed below. */
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
	log_debug("%s: %s: http %ld, %s", __func__, q->path, res->http_status,
	    res->error != NULL ? res->error : "ok");
out:
	net_headers_free(headers);
	if (url != NULL) {
		explicit_bzero(url, strlen(url));	/* the query */
		free(url);
	}
	buf_free(&x.body);
	return res->outcome == NET_OK ? 0 : -1;
}
