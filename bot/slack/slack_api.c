/*
 * slack_api.c: Slack's Web API over the REST client (net_rest.c): every
 * method is a POST to https://slack.com/api/METHOD with a bearer token and
 * a JSON or form body, and Slack answers almost everything with HTTP 200
 * and {"ok": …}.  What is Slack's here is that reading: which "error"
 * codes mean a bad token, which are worth trying again, which count as
 * success.  Transport, 429s and Retry-After, per-thread curl handles and
 * the answer's size cap are the REST client's.
 *
 * apps.connections.open answers with a URL that carries a ticket, so
 * answers are never logged (neither are tokens).
 */
#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "slack.h"

#define SLACK_RESPONSE_MAX	(4 * 1024 * 1024)	/* bytes */
#define SLACK_DEFAULT_RETRY	30	/* seconds, 429 without Retry-After */

struct slack_web {
	struct net_rest	*rest;
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

/* The REST client's classification hook: what an answer says, to Slack. */
static void
slack_classify(struct net_result *r, void *arg)
{
	const char	*error, *needed;

	(void)arg;
	if (r->http_status != 200) {
		/* Only a 429 is meaningful besides 200 (slack.md 2.1). */
		if (r->outcome != NET_RETRY)
			r->outcome = NET_PERMANENT;
		return;
	}
	free(r->error);
	r->error = NULL;
	if (!json_is_object(r->body)) {
		r->outcome = NET_RETRY;
		r->error = xstrdup("unreadable answer");
		return;
	}
	if (json_is_true(json_object_get(r->body, "ok"))) {
		r->outcome = NET_OK;
		return;
	}
	error = net_result_string(r, "error");
	if (error == NULL)
		error = "unknown_error";
	needed = net_result_string(r, "needed");
	if (needed != NULL)
		xasprintf(&r->error, "%s (needed: %s)", error, needed);
	else
		r->error = xstrdup(error);
	if (strcmp(error, "already_reacted") == 0)
		r->outcome = NET_OK;
	else if (slack_in(slack_auth_errors, error))
		r->outcome = NET_AUTH;
	else if (slack_in(slack_retry_errors, error))
		r->outcome = NET_RETRY;
	else
		r->outcome = NET_PERMANENT;
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
	struct net_rest_options	 o;
	struct slack_web	*w;

	memset(&o, 0, sizeof o);
	o.base_url = base_url;
	o.ca_file = ca_file;
	o.timeout_ms = timeout_ms;
	o.max_response = SLACK_RESPONSE_MAX;
	o.default_retry = SLACK_DEFAULT_RETRY;
	o.classify = slack_classify;
	w = xcalloc(1, sizeof *w);
	w->rest = net_rest_create(&o);
	return w;
}

/* Makes calls in progress and future calls fail at once (shutdown). */
void
slack_web_abort(struct slack_web *w)
{
	net_rest_abort(w->rest);
}

/* Frees the client and the calling thread's handle.  NULL is a no-op. */
void
slack_web_free(struct slack_web *w)
{
	if (w == NULL)
		return;
	net_rest_free(w->rest);
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

static enum slack_outcome
slack_outcome_of(enum net_outcome o)
{
	switch (o) {
	case NET_OK:
		return SLACK_OK;
	case NET_RATELIMITED:
		return SLACK_RATELIMITED;
	case NET_AUTH:
		return SLACK_AUTH;
	case NET_PERMANENT:
		return SLACK_PERMANENT;
	case NET_RETRY:
		break;
	}
	return SLACK_RETRY;
}

/*
 * Calls method with token, with a JSON body (json_args, as text) or form
 * arguments ("email=a%40b", already encoded), or neither.  OUT: *r, the outcome and
 * the parsed answer (clear it with slack_result_clear).  Returns 0 if the
 * method answered ok, -1 otherwise (r says why).  Blocks: never call it on
 * the loop thread.
 */
int
slack_web_call(struct slack_web *w, const char *method, const char *token,
    const char *json_args, const char *form_args, struct slack_result *r)
{
	struct net_request	q;
	struct net_result	res;

	memset(&q, 0, sizeof q);
	q.method = NET_POST;
	q.path = method;
	q.token = token;
	q.json = json_args;
	q.form = json_args == NULL ? form_args : NULL;
	net_rest_call(w->rest, &q, &res);
	r->outcome = slack_outcome_of(res.outcome);
	r->http_status = res.http_status;
	r->body = res.body;		/* moved */
	r->error = res.error;
	r->retry_after = res.retry_after;
	r->wait_ms = res.wait_ms;
	return r->outcome == SLACK_OK ? 0 : -1;
}
