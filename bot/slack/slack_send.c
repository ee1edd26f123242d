/*
 * slack_send.c: the outbox rows' way to Slack, on the sender thread.  A row
 * names an employee and a neutral reply; this finds the person's Slack user
 * id (chat_identity, else users.lookupByEmail with the roster's email),
 * renders Block Kit and calls chat.postMessage ("dm"), views.publish
 * ("home") or chat.postEphemeral ("ephemeral": the row's channel, seen by
 * the person only).  An "update" row edits the message at the row's
 * channel and ts with chat.update; its body is already Slack's message.
 *
 * It paces posts to each channel (post_interval_ms apart, about one a
 * second by default, as Slack asks) and turns Slack's answers into the
 * outbox's outcomes: sent, retry with back-off, defer for a 429's
 * Retry-After (which slack_api.c enforces for the method), or failed with
 * Slack's reason.  Everything here runs on the sender thread only, with its
 * own database connection.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chat.h"
#include "net.h"
#include "slack.h"
#include "state.h"

#define SLACK_SEND_PACE_SLOTS	256	/* channels remembered for pacing */
#define SLACK_SEND_NAP_MS	1000	/* waits up to this are slept */

struct slack_pace {
	char		channel[32];
	struct timespec	next;		/* CLOCK_MONOTONIC */
};

struct slack_sender {
	struct slack_web	*web;
	const char		*token;		/* the adapter's; outlives us */
	const struct config	*cfg;
	const struct msgcat	*msg;
	struct db		*db;		/* opened on first use */
	struct slack_pace	 pace[SLACK_SEND_PACE_SLOTS];
	size_t			 npace;
};

/*
 * Creates the sender.  token is the bot token, borrowed: it must outlive
 * the sender.  Returns it; free with slack_sender_free once the sender
 * thread has stopped.
 */
struct slack_sender *
slack_sender_create(struct slack_web *web, const char *token,
    const struct config *cfg, const struct msgcat *msg)
{
	struct slack_sender	*ss;

	ss = xcalloc(1, sizeof *ss);
	ss->web = web;
	ss->token = token;
	ss->cfg = cfg;
	ss->msg = msg;
	return ss;
}

void
slack_sender_free(struct slack_sender *ss)
{
	if (ss == NULL)
		return;
	db_close(ss->db);
	free(ss);
}

static void
slack_nap(long ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0)
		;
}

static long
slack_ms_since(const struct timespec *a, const struct timespec *b)
{
	return (long)(b->tv_sec - a->tv_sec) * 1000 +
	    (b->tv_nsec - a->tv_nsec) / 1000000;
}

/*
 * Waits until channel may be posted to again, then books its next slot.
 * The sender thread is the only poster, so sleeping here is pacing.
 */
static void
slack_pace(struct slack_sender *ss, const char *channel)
{
	struct slack_pace	*p = NULL, *oldest = &ss->pace[0];
	struct timespec		 now;
	long			 wait, ms = ss->cfg->slack_post_interval_ms;
	size_t			 i;

	if (ms <= 0)
		return;
	for (i = 0; i < ss->npace && p == NULL; i++) {
		if (strcmp(ss->pace[i].channel, channel) == 0)
			p = &ss->pace[i];
		else if (slack_ms_since(&ss->pace[i].next,
		    &oldest->next) > 0)
			oldest = &ss->pace[i];
	}
	if (p == NULL) {
		p = ss->npace < SLACK_SEND_PACE_SLOTS ?
		    &ss->pace[ss->npace++] : oldest;
		snprintf(p->channel, sizeof p->channel, "%s", channel);
		clock_gettime(CLOCK_MONOTONIC, &p->next);
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	wait = slack_ms_since(&now, &p->next);
	if (wait > 0) {
		slack_nap(wait);
		clock_gettime(CLOCK_MONOTONIC, &now);
	}
	p->next = now;
	p->next.tv_sec += ms / 1000;
	p->next.tv_nsec += (ms % 1000) * 1000000L;
	if (p->next.tv_nsec >= 1000000000L) {
		p->next.tv_sec++;
		p->next.tv_nsec -= 1000000000L;
	}
}

/* Maps an API outcome to the outbox's, moving Slack's reason to *error. */
static enum chat_delivery
slack_outcome(struct slack_result *res, const char *what, char **error,
    int *retry_after)
{
	switch (res->outcome) {
	case SLACK_OK:
		return CHAT_SENT;
	case SLACK_RATELIMITED:
		*retry_after = res->retry_after;
		return CHAT_DEFER;
	case SLACK_RETRY:
		break;
	case SLACK_AUTH:
		log_warnx("%s: %s: Slack refused the bot token (%s); check "
		    "[slack] bot_token_file", __func__, what, res->error);
		/* FALLTHROUGH */
	case SLACK_PERMANENT:
		*error = res->error;
		res->error = NULL;
		return CHAT_FAILED;
	}
	*error = res->error;
	res->error = NULL;
	return CHAT_RETRY;
}

/*
 * Calls method; a rate-limit wait short enough is slept and the call made
 * again, so a busy minute does not cost a trip through the outbox.
 */
static void
slack_call(struct slack_sender *ss, const char *method, const json_t *args,
    const char *form, struct slack_result *res)
{
	int	i;

	for (i = 0; i < 3; i++) {
		slack_web_call(ss->web, method, ss->token, args, form, res);
		if (res->outcome != SLACK_RATELIMITED || res->wait_ms <= 0 ||
		    res->wait_ms > SLACK_SEND_NAP_MS)
			return;
		slack_nap(res->wait_ms);
		slack_result_clear(res);
	}
}

/*
 * Finds the Slack user id of employee_id, asking Slack by the roster's
 * email the first time and remembering the answer.  Returns the id (caller
 * frees) or NULL with the outcome in *d and the reason in *error.
 */
static char *
slack_recipient(struct slack_sender *ss, const char *employee_id,
    enum chat_delivery *d, char **error, int *retry_after)
{
	struct slack_result	 res;
	struct staff		*st;
	const char		*id;
	char			*user, *email, *form;

	user = q_identity_chat_user(ss->db, "slack", employee_id);
	if (user != NULL)
		return user;
	st = q_staff_get(ss->db, employee_id);
	if (st == NULL || st->email == NULL) {
		*d = CHAT_FAILED;
		*error = xstrdup("no Slack account is linked and the roster "
		    "has no email to look it up");
		staff_free(st);
		return NULL;
	}
	email = net_form_escape(st->email);
	xasprintf(&form, "email=%s", email);
	staff_free(st);
	slack_call(ss, "users.lookupByEmail", NULL, form, &res);
	free(form);
	free(email);
	*d = slack_outcome(&res, "users.lookupByEmail", error, retry_after);
	user = NULL;
	id = json_string_value(json_object_get(json_object_get(res.body,
	    "user"), "id"));
	if (*d == CHAT_SENT && (id == NULL || *id == '\0')) {
		*d = CHAT_FAILED;
		*error = xstrdup("users.lookupByEmail: no user id");
	} else if (*d == CHAT_SENT) {
		user = xstrdup(id);
		if (q_identity_set(ss->db, "slack", user, employee_id) == 0)
			log_info("%s: linked %s to Slack user %s by email",
			    __func__, employee_id, user);
	}
	slack_result_clear(&res);
	return user;
}

/*
 * The call a row asks for: chat.postMessage, chat.postEphemeral or
 * views.publish.  Returns a new reference, or NULL for a row it cannot
 * make a call of.
 */
static json_t *
slack_row_args(struct slack_sender *ss, const struct outbox_row *row,
    const char *user, const struct reply *r, const char **method)
{
	const char	*truncated;
	json_t		*args;

	truncated = msgcat_raw(ss->msg, ss->cfg->language, "slack.truncated");
	if (strcmp(row->method, "home") == 0) {
		*method = "views.publish";
		return json_pack("{s:s, s:o}", "user_id", user, "view",
		    slack_render_home(r, truncated));
	}
	if (strcmp(row->method, "ephemeral") == 0) {
		if (row->channel == NULL)
			return NULL;
		*method = "chat.postEphemeral";
		args = slack_render_message(r, truncated);
		json_object_set_new(args, "channel", json_string(row->channel));
		json_object_set_new(args, "user", json_string(user));
		return args;
	}
	if (strcmp(row->method, "dm") != 0)
		return NULL;
	*method = "chat.postMessage";
	args = slack_render_message(r, truncated);
	json_object_set_new(args, "channel", json_string(user));
	json_object_set_new(args, "unfurl_links", json_false());
	json_object_set_new(args, "unfurl_media", json_false());
	return args;
}

/*
 * An "update" row: chat.update of the message at the row's channel and ts
 * with the text and blocks in its body.  Nobody needs looking up: the
 * message is ours and Slack named its conversation.
 */
static enum chat_delivery
slack_update(struct slack_sender *ss, const struct outbox_row *row,
    char **error, int *retry_after)
{
	struct slack_result	 res;
	enum chat_delivery	 d;
	json_t			*args;

	args = json_loads(row->body, 0, NULL);
	if (!json_is_object(args) || row->channel == NULL || row->ts == NULL) {
		json_decref(args);
		*error = xstrdup("an update without a message to update");
		return CHAT_FAILED;
	}
	json_object_set_new(args, "channel", json_string(row->channel));
	json_object_set_new(args, "ts", json_string(row->ts));
	slack_call(ss, "chat.update", args, NULL, &res);
	d = slack_outcome(&res, "chat.update", error, retry_after);
	slack_result_clear(&res);
	json_decref(args);
	return d;
}

/*
 * Sender thread: carries one outbox row to Slack.  OUT: *error (caller
 * frees) on CHAT_RETRY and CHAT_FAILED, *retry_after on CHAT_DEFER.
 */
enum chat_delivery
slack_sender_deliver(struct slack_sender *ss, const struct outbox_row *row,
    char **error, int *retry_after)
{
	struct slack_result	 res;
	struct reply		 r;
	enum chat_delivery	 d = CHAT_FAILED;
	const char		*method = NULL;
	char			*user = NULL, *cause = NULL;
	json_t			*args = NULL;

	if (ss->db == NULL)
		ss->db = db_open(ss->cfg->database, &cause);
	if (ss->db == NULL) {
		*error = cause;
		return CHAT_RETRY;
	}
	if (strcmp(row->method, "update") == 0)
		return slack_update(ss, row, error, retry_after);
	if (reply_from_json(&r, row->body) != 0) {
		*error = xstrdup("unreadable message body");
		return CHAT_FAILED;
	}
	user = slack_recipient(ss, row->recipient, &d, error, retry_after);
	if (user == NULL)
		goto out;
	args = slack_row_args(ss, row, user, &r, &method);
	if (args == NULL) {
		xasprintf(error, "unknown outbox method \"%s\" or no channel",
		    row->method);
		d = CHAT_FAILED;
		goto out;
	}
	if (strcmp(method, "chat.postMessage") == 0)
		slack_pace(ss, user);
	slack_call(ss, method, args, NULL, &res);
	d = slack_outcome(&res, method, error, retry_after);
	slack_result_clear(&res);
out:
	json_decref(args);
	free(user);
	reply_clear(&r);
	return d;
}
