/*
 * test_net.c: the transport of bot/net/: the REST client against a tiny
 * HTTP server on loopback (methods, bodies, the token, 429 and
 * Retry-After, the size cap, classification), Retry-After parsing, form
 * escaping, the WebSocket URL check, and reading secrets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "net.h"

#define SRV_MAX		8

/* A server that answers SRV_MAX requests at most, one per connection. */
struct srv {
	int		 fd;
	int		 port;
	pthread_t	 thread;
	char		*answers[SRV_MAX];
	int		 nanswers;
	char		 requests[SRV_MAX][8192];
	int		 nrequests;
	char		 base[64];
};

static void
srv_answer(struct srv *s, const char *status, const char *headers,
    const char *body)
{
	char	*a;

	assert_true(s->nanswers < SRV_MAX);
	assert_true(asprintf(&a, "HTTP/1.1 %s\r\nContent-Type: "
	    "application/json\r\nContent-Length: %zu\r\nConnection: close\r\n"
	    "%s\r\n%s", status, strlen(body), headers, body) > 0);
	s->answers[s->nanswers++] = a;
}

/* Reads one request: the head, then Content-Length bytes of body. */
static void
srv_read(int fd, char *req, size_t size)
{
	size_t		 len = 0, want = 0;
	const char	*end, *cl;
	ssize_t		 n;

	while (len < size - 1) {
		n = read(fd, req + len, size - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		req[len] = '\0';
		if ((end = strstr(req, "\r\n\r\n")) == NULL)
			continue;
		cl = strcasestr(req, "content-length:");
		want = (size_t)(end + 4 - req) + (cl != NULL && cl < end ?
		    strtoul(cl + 15, NULL, 10) : 0);
		if (len >= want)
			break;
	}
	req[len] = '\0';
}

static void *
srv_run(void *arg)
{
	struct srv	*s = arg;
	int		 i, c;

	for (i = 0; i < s->nanswers; i++) {
		if ((c = accept(s->fd, NULL, NULL)) < 0)
			break;
		srv_read(c, s->requests[i], sizeof s->requests[i]);
		s->nrequests = i + 1;
		/* The client may hang up first (the size cap): no SIGPIPE. */
		if (send(c, s->answers[i], strlen(s->answers[i]),
		    MSG_NOSIGNAL) < 0)
			break;
		close(c);
	}
	return NULL;
}

static void
srv_start(struct srv *s)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->fd >= 0);
	assert_int_equal(bind(s->fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(listen(s->fd, 8), 0);
	assert_int_equal(getsockname(s->fd, (struct sockaddr *)&sin, &len), 0);
	s->port = ntohs(sin.sin_port);
	snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d/api", s->port);
	assert_int_equal(pthread_create(&s->thread, NULL, srv_run, s), 0);
}

static void
srv_stop(struct srv *s)
{
	int	i;

	shutdown(s->fd, SHUT_RDWR);
	pthread_join(s->thread, NULL);
	close(s->fd);
	for (i = 0; i < s->nanswers; i++)
		free(s->answers[i]);
}

static struct net_rest *
rest(struct srv *s, size_t max, net_classify_fn *classify)
{
	struct net_rest_options	o;

	memset(&o, 0, sizeof o);
	o.base_url = s->base;
	o.timeout_ms = 5000;
	o.max_response = max;
	o.classify = classify;
	return net_rest_create(&o);
}

static void
call(struct net_rest *r, enum net_method m, const char *path,
    const json_t *json, const char *form, struct net_result *res)
{
	struct net_request	 q;
	char			*text = json != NULL ? json_dumps(json,
				    JSON_COMPACT) : NULL;

	memset(&q, 0, sizeof q);
	q.method = m;
	q.path = path;
	q.token = "tok-secret";
	q.json = text;
	q.form = form;
	net_rest_call(r, &q, res);
	free(text);
}

static void
test_rest_methods(void **state)
{
	struct srv		 s;
	struct net_rest		*r;
	struct net_result	 res;
	json_t			*args = json_pack("{s:s}", "name", "山田");
	int			 i;

	(void)state;
	memset(&s, 0, sizeof s);
	for (i = 0; i < 4; i++)
		srv_answer(&s, "200 OK", "", "{\"ok\":true,\"id\":\"x1\"}");
	srv_start(&s);
	r = rest(&s, 0, NULL);
	call(r, NET_GET, "users", NULL, "email=a%40b", &res);
	assert_int_equal(res.outcome, NET_OK);
	assert_int_equal(res.http_status, 200);
	assert_string_equal(net_result_string(&res, "id"), "x1");
	net_result_clear(&res);
	call(r, NET_POST, "posts", args, NULL, &res);
	assert_int_equal(res.outcome, NET_OK);
	net_result_clear(&res);
	call(r, NET_PUT, "posts/1", NULL, "a=b", &res);
	net_result_clear(&res);
	call(r, NET_PATCH, "posts/1", args, NULL, &res);
	net_result_clear(&res);
	net_rest_free(r);
	srv_stop(&s);
	assert_int_equal(s.nrequests, 4);
	assert_non_null(strstr(s.requests[0], "GET /api/users?email=a%40b "));
	assert_non_null(strstr(s.requests[0], "Authorization: Bearer "
	    "tok-secret\r\n"));
	assert_non_null(strstr(s.requests[1], "POST /api/posts "));
	assert_non_null(strstr(s.requests[1],
	    "Content-Type: application/json"));
	assert_non_null(strstr(s.requests[1], "{\"name\":\"山田\"}"));
	assert_non_null(strstr(s.requests[2], "PUT /api/posts/1 "));
	assert_non_null(strstr(s.requests[2], "\r\n\r\na=b"));
	assert_non_null(strstr(s.requests[3], "PATCH /api/posts/1 "));
	json_decref(args);
}

static void
test_rest_ratelimit(void **state)
{
	struct srv		 s;
	struct net_rest		*r;
	struct net_result	 res;

	(void)state;
	memset(&s, 0, sizeof s);
	srv_answer(&s, "429 Too Many Requests", "Retry-After: 2\r\n",
	    "{\"ok\":false,\"error\":\"ratelimited\"}");
	srv_answer(&s, "200 OK", "", "{\"ok\":true}");
	srv_answer(&s, "429 Too Many Requests", "", "{}");
	srv_start(&s);
	r = rest(&s, 0, NULL);
	call(r, NET_POST, "chat.postMessage", NULL, NULL, &res);
	assert_int_equal(res.outcome, NET_RATELIMITED);
	assert_int_equal(res.http_status, 429);
	assert_int_equal(res.retry_after, 2);
	assert_int_equal(res.wait_ms, 2000);
	net_result_clear(&res);
	/* Paused: no request reaches the server before Retry-After. */
	call(r, NET_POST, "chat.postMessage", NULL, NULL, &res);
	assert_int_equal(res.outcome, NET_RATELIMITED);
	assert_int_equal(res.http_status, 0);
	assert_true(res.wait_ms > 1000 && res.wait_ms <= 2000);
	assert_int_equal(res.retry_after, 2);
	net_result_clear(&res);
	/* Another path is not paused. */
	call(r, NET_POST, "users.info", NULL, NULL, &res);
	assert_int_equal(res.outcome, NET_OK);
	net_result_clear(&res);
	/* No Retry-After: the default wait. */
	call(r, NET_POST, "views.open", NULL, NULL, &res);
	assert_int_equal(res.outcome, NET_RATELIMITED);
	assert_int_equal(res.retry_after, 30);
	net_result_clear(&res);
	net_rest_free(r);
	srv_stop(&s);
	assert_int_equal(s.nrequests, 3);
}

static void
test_rest_cap(void **state)
{
	struct srv		 s;
	struct net_rest		*r;
	struct net_result	 res;
	char			 big[2048];

	(void)state;
	memset(&s, 0, sizeof s);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	srv_answer(&s, "200 OK", "", big);
	srv_answer(&s, "200 OK", "", "{\"ok\":true}");
	srv_start(&s);
	r = rest(&s, 64, NULL);
	call(r, NET_GET, "big", NULL, NULL, &res);
	assert_int_equal(res.outcome, NET_PERMANENT);
	assert_null(res.body);
	assert_string_equal(res.error, "an answer over 64 bytes");
	net_result_clear(&res);
	call(r, NET_GET, "small", NULL, NULL, &res);	/* the handle is fine */
	assert_int_equal(res.outcome, NET_OK);
	net_result_clear(&res);
	net_rest_free(r);
	srv_stop(&s);
}

/* A platform that says "ok": false in a 200, as Slack does. */
static void
classify_ok(struct net_result *res, void *arg)
{
	const char	*error;

	(void)arg;
	if (res->http_status != 200)
		return;
	if (json_is_true(json_object_get(res->body, "ok")))
		return;
	error = net_result_string(res, "error");
	free(res->error);
	res->error = strdup(error != NULL ? error : "?");
	res->outcome = strcmp(res->error, "busy") == 0 ? NET_RETRY :
	    NET_PERMANENT;
}

static void
test_rest_classify(void **state)
{
	static const struct {
		const char		*status, *body;
		enum net_outcome	 outcome;
		const char		*error;
	} cases[] = {
		{ "500 Internal Server Error", "", NET_RETRY, "http_500" },
		{ "401 Unauthorized", "{}", NET_AUTH, "http_401" },
		{ "404 Not Found", "{}", NET_PERMANENT, "http_404" },
		{ "200 OK", "{\"ok\":false,\"error\":\"busy\"}", NET_RETRY,
		    "busy" },
		{ "200 OK", "{\"ok\":false,\"error\":\"nope\"}", NET_PERMANENT,
		    "nope" },
		{ "200 OK", "{\"ok\":true}", NET_OK, NULL },
	};
	struct srv		 s;
	struct net_rest		*r;
	struct net_result	 res;
	size_t			 i;

	(void)state;
	memset(&s, 0, sizeof s);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		srv_answer(&s, cases[i].status, "", cases[i].body);
	srv_start(&s);
	r = rest(&s, 0, classify_ok);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		call(r, NET_POST, "m", NULL, "x=1", &res);
		assert_int_equal(res.outcome, cases[i].outcome);
		if (cases[i].error != NULL)
			assert_string_equal(res.error, cases[i].error);
		else
			assert_null(res.error);
		net_result_clear(&res);
	}
	net_rest_free(r);
	srv_stop(&s);
}

static void
test_rest_unreachable(void **state)
{
	struct net_rest_options	 o;
	struct net_rest		*r;
	struct net_result	 res;
	struct net_request	 q;

	(void)state;
	memset(&o, 0, sizeof o);
	o.base_url = "http://127.0.0.1:1/api/";
	o.timeout_ms = 2000;
	r = net_rest_create(&o);
	memset(&q, 0, sizeof q);
	q.method = NET_POST;
	q.path = "m";
	net_rest_call(r, &q, &res);
	assert_int_equal(res.outcome, NET_RETRY);
	assert_int_equal(res.http_status, 0);
	assert_non_null(res.error);
	net_result_clear(&res);
	net_rest_abort(r);
	net_rest_call(r, &q, &res);
	assert_int_equal(res.outcome, NET_RETRY);
	assert_string_equal(res.error, "shutting down");
	net_result_clear(&res);
	net_rest_free(r);
}

static void
test_retry_after(void **state)
{
	time_t	when = curl_getdate("Wed, 21 Oct 2015 07:28:00 GMT", NULL);

	(void)state;
	assert_true(when > 0);
	assert_int_equal(net_retry_after("7", 0), 7);
	assert_int_equal(net_retry_after(" 30 ", 0), 30);
	assert_int_equal(net_retry_after("0", 0), 0);
	assert_int_equal(net_retry_after("999999", 0), 3600);
	assert_int_equal(net_retry_after("12abc", 0), -1);
	assert_int_equal(net_retry_after("soon", 0), -1);
	assert_int_equal(net_retry_after("", 0), -1);
	assert_int_equal(net_retry_after(NULL, 0), -1);
	assert_int_equal(net_retry_after("Wed, 21 Oct 2015 07:28:00 GMT",
	    when - 120), 120);
	assert_int_equal(net_retry_after("Wed, 21 Oct 2015 07:28:00 GMT",
	    when + 5), 0);
	assert_int_equal(net_retry_after("Wed, 21 Oct 2015 07:28:00 GMT",
	    when - 86400), 3600);
}

static void
test_form_escape(void **state)
{
	char	*e;

	(void)state;
	e = net_form_escape("a b&c=d/é~._-");
	assert_string_equal(e, "a%20b%26c%3Dd%2F%C3%A9~._-");
	free(e);
	e = net_form_escape("");
	assert_string_equal(e, "");
	free(e);
}

static void
test_url(void **state)
{
	static const struct net_ws_ops	 ops;
	struct net_ws			 ws;
	char				*cause = NULL;

	(void)state;
	assert_true(net_url_is_loopback("ws://127.0.0.1:80/x"));
	assert_true(net_url_is_loopback("http://localhost/api"));
	assert_true(net_url_is_loopback("ws://[::1]:9/"));
	assert_false(net_url_is_loopback("ws://127.0.0.1.evil/x"));
	assert_false(net_url_is_loopback("wss://example.com/"));
	assert_false(net_url_is_loopback("localhost"));
	/* The host curl would connect to, not the text after "://". */
	assert_false(net_url_is_loopback("http://localhost:@example.org/"));
	assert_false(net_url_is_loopback("http://127.0.0.1@example.org/"));
	assert_false(net_url_is_loopback("http://u:p@127.0.0.1/"));
	assert_true(net_url_is_loopback("http://LOCALHOST:8/"));
	assert_int_equal(net_url_check_api("https://slack.com/api/", &cause), 0);
	assert_int_equal(net_url_check_api("http://[::1]:9/api/", &cause), 0);
	assert_int_equal(net_url_check_api("http://localhost:@example.org/"
	    "api/", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(net_url_check_api("wss://slack.com/", &cause), -1);
	free(cause);
	cause = NULL;
	/* Plain ws:// only to this machine; nothing else at all. */
	net_ws_init(&ws, &ops, NULL, NULL, "p", NULL, 1024, 0);
	assert_int_equal(net_ws_connect(&ws, "ws://example.com/link?"
	    "ticket=SECRET", &cause), -1);
	assert_non_null(strstr(cause, "not a wss:// URL"));
	assert_null(strstr(cause, "SECRET"));
	free(cause);
	cause = NULL;
	assert_int_equal(net_ws_connect(&ws, "https://example.com/", &cause),
	    -1);
	free(cause);
	net_ws_clear(&ws);
}

static char *
tmpfile_with(const char *dir, const char *name, const char *text)
{
	char	*path;
	FILE	*f;

	assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_secret(void **state)
{
	char	 dir[] = "/tmp/test_net.XXXXXX", *path, *cause = NULL, *s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	unsetenv("CREDENTIALS_DIRECTORY");
	path = tmpfile_with(dir, "tok", "xapp-123  \nsecond line\n");
	s = net_secret_read(path, "tok", "TEST_NET_TOKEN", "[t] token_file",
	    "xapp-", 64, &cause);
	assert_string_equal(s, "xapp-123");
	net_secret_free(s);
	/* The wrong kind of token: named by the setting, never shown. */
	s = net_secret_read(path, NULL, NULL, "[t] token_file", "xoxb-", 64,
	    &cause);
	assert_null(s);
	assert_string_equal(cause, "[t] token_file: the token does not start "
	    "with \"xoxb-\"");
	assert_null(strstr(cause, "123"));
	free(cause);
	s = net_secret_read(path, NULL, NULL, "[t] token_file", NULL, 4,
	    &cause);
	assert_null(s);
	assert_non_null(strstr(cause, "longer than 4 bytes"));
	free(cause);
	unlink(path);
	s = net_secret_read(path, NULL, NULL, "[t] token_file", NULL, 64,
	    &cause);
	assert_null(s);
	assert_non_null(strstr(cause, "No such file or directory"));
	free(cause);
	free(path);

	/* A systemd credential, when no file is named. */
	path = tmpfile_with(dir, "cred_tok", "from-cred\n");
	setenv("CREDENTIALS_DIRECTORY", dir, 1);
	s = net_secret_read(NULL, "cred_tok", "TEST_NET_TOKEN", "[t] token",
	    NULL, 64, &cause);
	assert_string_equal(s, "from-cred");
	net_secret_free(s);
	unsetenv("CREDENTIALS_DIRECTORY");
	unlink(path);
	free(path);

	/* The environment, wiped once read (and also when not used). */
	setenv("TEST_NET_TOKEN", "from-env", 1);
	s = net_secret_read(NULL, "cred_tok", "TEST_NET_TOKEN", "[t] token",
	    NULL, 64, &cause);
	assert_string_equal(s, "from-env");
	assert_null(getenv("TEST_NET_TOKEN"));
	net_secret_free(s);
	s = net_secret_read(NULL, NULL, "TEST_NET_TOKEN", "[t] token", NULL,
	    64, &cause);
	assert_null(s);
	assert_string_equal(cause, "[t] token is not set and neither is "
	    "TEST_NET_TOKEN");
	free(cause);
	net_secret_free(NULL);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rest_methods),
		cmocka_unit_test(test_rest_ratelimit),
		cmocka_unit_test(test_rest_cap),
		cmocka_unit_test(test_rest_classify),
		cmocka_unit_test(test_rest_unreachable),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_form_escape),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_secret),
	};
	int	rc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
