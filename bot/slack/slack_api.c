/*
 * slack_api.c: Slack Web API calls over HTTPS with libcurl, and what their
 * answers mean (ok, retry, rate limited, bad token, permanent error).
 *
 * Every thread that calls the API gets its own easy handle, created on its
 * first call and cleaned up by the same thread when it exits (a pthread key
 * destructor), so handles never cross threads (libcurl-thread.md).  Tokens
 * go only into the Authorization header; neither they nor response bodies
 * (apps.connections.open's URL carries a ticket) are ever logged.
 *
 * A 429 pauses the method for every thread until Retry-After has passed:
 * calls made meanwhile come back SLACK_RATELIMITED without touching the
 * network, so Slack never sees a request sooner than it asked.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "slack.h"

#define SLACK_RESPONSE_MAX	(4 * 1024 * 1024)	/* bytes */
#define SLACK_DEFAULT_RETRY	30	/* seconds, 429 without Retry-After */
#define SLACK_MAX_PAUSES	32
#define SLACK_METHOD_MAX	64

struct slack_pause {
	char		method[SLACK_METHOD_MAX];
	struct timespec	until;		/* CLOCK_MONOTONIC */
};

struct slack_web {
	char			*base_url;	/* ends with '/' */
	char			*ca_file;	/* NULL: the system's CAs */
	long			 timeout_ms;
	pthread_key_t		 key;		/* this thread's CURL * */
	pthread_mutex_t		 lock;		/* pauses */
	struct slack_pause	 pauses[SLACK_MAX_PAUSES];
	atomic_bool		 abort;
};

/* Slack's error codes that mean the token itself is wrong. */
static const char *const slack_auth_errors[] = {
	"not_authed", "invalid_auth", "account_inactive", "token_revoked",
	"token_expired", "user_removed_from_team", "team_disabled",
	"not_allowed_token_type", "no_permission", NULL
};
/* ... and the ones worth trying again. */
static const char *const slack_retry_errors[] = {
	"internal_error", "fatal_error", "service_unavailable",
	"request_timeout", "ratelimited", NULL
};

static bool
slack_in(const char *const *list, const char *s)
{
	for (; *list != NULL; list++) {
		if (strcmp(*list, s) == 0)
			return true;
	}
	return false;
}

static void
slack_curl_cleanup(void *curl)
{
	curl_easy_cleanup(curl);
}

/*
 * Creates the client: base_url is Slack's ("https://slack.com/api/") or a
 * test server's, ca_file the CA bundle to trust (NULL: the system's).
 * Returns the client, shared by every thread; free it with slack_web_free
 * after the other threads that used it have ended.
 */
struct slack_web *
slack_web_create(const char *base_url, const char *ca_file, long timeout_ms)
{
	struct slack_web	*w;
	size_t			 len = strlen(base_url);

	w = xcalloc(1, sizeof *w);
	if (len > 0 && base_url[len - 1] == '/')
		w->base_url = xstrdup(base_url);
	else
		xasprintf(&w->base_url, "%s/", base_url);
	w->ca_file = ca_file != NULL ? xstrdup(ca_file) : NULL;
	w->timeout_ms = timeout_ms;
	if (pthread_key_create(&w->key, slack_curl_cleanup) != 0)
		fatalx("%s: pthread_key_create", __func__);
	pthread_mutex_init(&w->lock, NULL);
	atomic_init(&w->abort, false);
	return w;
}

/* Makes calls in progress and future calls fail at once (shutdown). */
void
slack_web_abort(struct slack_web *w)
{
	atomic_store(&w->abort, true);
}

/* Frees the client and the calling thread's handle.  NULL is a no-op. */
void
slack_web_free(struct slack_web *w)
{
	CURL	*curl;

	if (w == NULL)
		return;
	curl = pthread_getspecific(w->key);
	if (curl != NULL) {
		curl_easy_cleanup(curl);
		pthread_setspecific(w->key, NULL);
	}
	pthread_key_delete(w->key);
	pthread_mutex_destroy(&w->lock);
	free(w->base_url);
	free(w->ca_file);
	free(w);
}

void
slack_result_clear(struct slack_result *r)
{
	json_decref(r->body);
	free(r->error);
	memset(r, 0, sizeof *r);
}

/* Returns a string member of the answer (borrowed), or NULL. */
const char *
slack_result_string(const struct slack_result *r, const char *key)
{
	return json_string_value(json_object_get(r->body, key));
}

/* True if url's host is this machine: plain http/ws is allowed only there. */
bool
slack_url_is_loopback(const char *url)
{
	static const char *const hosts[] = { "127.0.0.1", "localhost",
	    "[::1]", NULL };
	const char	*p = strstr(url, "://");
	size_t		 i, n;

	if (p == NULL)
		return false;
	p += 3;
	for (i = 0; hosts[i] != NULL; i++) {
		n = strlen(hosts[i]);
		if (strncmp(p, hosts[i], n) == 0 &&
		    (p[n] == ':' || p[n] == '/' || p[n] == '\0'))
			return true;
	}
	return false;
}

static long
slack_ms_until(const struct timespec *until)
{
	struct timespec	now;
	long		ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long)(until->tv_sec - now.tv_sec) * 1000 +
	    (until->tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? ms : 0;
}

/* Returns how long method is still paused, in ms (0: not paused). */
static long
slack_paused(struct slack_web *w, const char *method)
{
	long	ms = 0;
	size_t	i;

	pthread_mutex_lock(&w->lock);
	for (i = 0; i < SLACK_MAX_PAUSES; i++) {
		if (strcmp(w->pauses[i].method, method) == 0) {
			ms = slack_ms_until(&w->pauses[i].until);
			break;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return ms;
}

/* Pauses method for secs seconds from now (a 429's Retry-After). */
static void
slack_pause(struct slack_web *w, const char *method, int secs)
{
	struct slack_pause	*p = NULL;
	struct timespec		 now;
	size_t			 i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&w->lock);
	for (i = 0; i < SLACK_MAX_PAUSES && p == NULL; i++) {
		if (strcmp(w->pauses[i].method, method) == 0 ||
		    w->pauses[i].method[0] == '\0' ||
		    slack_ms_until(&w->pauses[i].until) == 0)
			p = &w->pauses[i];
	}
	if (p == NULL)
		p = &w->pauses[0];	/* all busy: reuse the first */
	snprintf(p->method, sizeof p->method, "%s", method);
	p->until.tv_sec = now.tv_sec + secs;
	p->until.tv_nsec = now.tv_nsec;
	pthread_mutex_unlock(&w->lock);
}

static size_t
slack_write(char *data, size_t size, size_t n, void *arg)
{
	struct buf	*b = arg;

	if (buf_add(b, data, size * n) != 0)
		return 0;	/* over the cap: curl fails the transfer */
	return size * n;
}

static int
slack_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct slack_web	*w = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return atomic_load(&w->abort) ? 1 : 0;
}

/* This thread's easy handle, reset for a new request. */
static CURL *
slack_curl(struct slack_web *w)
{
	CURL	*curl = pthread_getspecific(w->key);

	if (curl != NULL) {
		curl_easy_reset(curl);
		return curl;
	}
	curl = curl_easy_init();
	if (curl != NULL)
		pthread_setspecific(w->key, curl);
	return curl;
}

/* Classifies a JSON answer with HTTP status 200. */
static void
slack_classify(struct slack_result *r)
{
	const char	*error, *needed;

	if (!json_is_object(r->body)) {
		r->outcome = SLACK_RETRY;
		r->error = xstrdup("unreadable answer");
		return;
	}
	if (json_is_true(json_object_get(r->body, "ok"))) {
		r->outcome = SLACK_OK;
		return;
	}
	error = slack_result_string(r, "error");
	if (error == NULL)
		error = "unknown_error";
	needed = slack_result_string(r, "needed");
	if (needed != NULL)
		xasprintf(&r->error, "%s (needed: %s)", error, needed);
	else
		r->error = xstrdup(error);
	if (strcmp(error, "already_reacted") == 0)
		r->outcome = SLACK_OK;
	else if (slack_in(slack_auth_errors, error))
		r->outcome = SLACK_AUTH;
	else if (slack_in(slack_retry_errors, error))
		r->outcome = SLACK_RETRY;
	else
		r->outcome = SLACK_PERMANENT;
}

static void
slack_rate_limited(struct slack_web *w, CURL *curl, const char *method,
    struct slack_result *r)
{
	curl_off_t	ra = -1;

	if (curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &ra) != CURLE_OK ||
	    ra <= 0)
		ra = SLACK_DEFAULT_RETRY;
	if (ra > 3600)
		ra = 3600;
	r->outcome = SLACK_RATELIMITED;
	r->retry_after = (int)ra;
	r->wait_ms = (long)ra * 1000;
	r->error = xstrdup("ratelimited");
	slack_pause(w, method, (int)ra);
	log_info("%s: %s rate limited: waiting %d s", __func__, method,
	    r->retry_after);
}

static struct curl_slist *
slack_headers(const char *token, bool json)
{
	struct curl_slist	*h = NULL, *n;
	char			*auth;

	xasprintf(&auth, "Authorization: Bearer %s", token);
	n = curl_slist_append(h, auth);
	explicit_bzero(auth, strlen(auth));
	free(auth);
	if (n == NULL)
		return NULL;
	h = n;
	if (json && (n = curl_slist_append(h,
	    "Content-Type: application/json; charset=utf-8")) != NULL)
		h = n;
	return h;
}

/* Wipes the copies of the token the header list holds, then frees it. */
static void
slack_headers_free(struct curl_slist *h)
{
	struct curl_slist	*p;

	for (p = h; p != NULL; p = p->next)
		explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

static void
slack_perform(struct slack_web *w, CURL *curl, const char *method,
    struct buf *body, struct slack_result *r)
{
	CURLcode	 rc;
	json_error_t	 err;

	rc = curl_easy_perform(curl);
	if (rc != CURLE_OK) {
		r->outcome = SLACK_RETRY;
		xasprintf(&r->error, "%s", curl_easy_strerror(rc));
		return;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r->http_status);
	if (r->http_status == 429) {
		slack_rate_limited(w, curl, method, r);
		return;
	}
	if (r->http_status != 200) {
		r->outcome = r->http_status >= 500 ? SLACK_RETRY :
		    SLACK_PERMANENT;
		xasprintf(&r->error, "http_%ld", r->http_status);
		return;
	}
	r->body = json_loadb(body->data != NULL ? body->data : "", body->len,
	    0, &err);
	slack_classify(r);
}

/*
 * Calls method with token, with a JSON body (json_args) or form arguments
 * ("email=a%40b", already encoded), or neither.  OUT: *r, the outcome and
 * the parsed answer (clear it with slack_result_clear).  Returns 0 if the
 * method answered ok, -1 otherwise (r says why).  Blocks: never call it on
 * the loop thread.
 */
int
slack_web_call(struct slack_web *w, const char *method, const char *token,
    const json_t *json_args, const char *form_args, struct slack_result *r)
{
	struct curl_slist	*headers = NULL;
	struct buf		 body;
	CURL			*curl;
	char			*url = NULL, *payload = NULL;

	memset(r, 0, sizeof *r);
	buf_init(&body, SLACK_RESPONSE_MAX);
	if (atomic_load(&w->abort)) {
		r->outcome = SLACK_RETRY;
		r->error = xstrdup("shutting down");
		goto out;
	}
	r->wait_ms = slack_paused(w, method);
	if (r->wait_ms > 0) {
		r->outcome = SLACK_RATELIMITED;
		r->retry_after = (int)((r->wait_ms + 999) / 1000);
		r->error = xstrdup("ratelimited");
		goto out;
	}
	curl = slack_curl(w);
	if (curl != NULL)
		headers = slack_headers(token, json_args != NULL);
	if (curl == NULL || headers == NULL) {
		r->outcome = SLACK_RETRY;
		r->error = xstrdup("out of memory");
		goto out;
	}
	xasprintf(&url, "%s%s", w->base_url, method);
	if (json_args != NULL)
		payload = json_dumps(json_args, JSON_COMPACT);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POST, 1L);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload != NULL ? payload :
	    form_args != NULL ? form_args : "");
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, w->timeout_ms);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "yelld/" YELL_VERSION);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, slack_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, slack_progress);
	curl_easy_setopt(curl, CURLOPT_XFERINFODATA, w);
	if (w->ca_file != NULL)
		curl_easy_setopt(curl, CURLOPT_CAINFO, w->ca_file);
	slack_perform(w, curl, method, &body, r);
	/* The handle keeps no pointer to what is freed below. */
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
	log_debug("%s: %s: http %ld, %s", __func__, method, r->http_status,
	    r->error != NULL ? r->error : "ok");
out:
	slack_headers_free(headers);
	free(url);
	free(payload);
	buf_free(&body);
	return r->outcome == SLACK_OK ? 0 : -1;
}
