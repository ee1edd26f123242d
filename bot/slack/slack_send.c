/*
 * slack_send.c: the outbox rows' way to Slack, on the sender thread.  A row
 * names an employee and a neutral reply, and the outbox has found the
 * person's Slack user id (its chat_identity, else slack_sender_find by the
 * roster's email, which the outbox then links if nobody holds either
 * side yet); this renders Block Kit and calls chat.postMessage (direct, post),
 * views.publish (home) or chat.postEphemeral (private: the row's
 * conversation, seen by the person only).  An edit row changes the message
 * its msg_ref names (made by slack_envelope.c: the message's channel, ts
 * and blocks as Slack sent them, and the pressed button) with
 * chat.update: the button is replaced by the row's reply, a line saying
 * what was done.
 *
 * The outbox paces posts to each conversation (the adapter's pace_ms,
 * [slack] post_interval_ms) and this turns Slack's answers into the
 * outbox's outcomes: sent, retry with back-off, defer for a 429's
 * Retry-After (which slack_api.c enforces for the method), or failed with
 * Slack's reason.  Everything here runs on the sender thread only and
 * touches no state.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chat.h"
#include "net.h"
#include "slack.h"
#include "state.h"	/* struct outbox_row, OUTBOX_* */

#define SLACK_SEND_NAP_MS	1000	/* waits up to this are slept */

struct slack_sender {
	struct slack_web	*web;
	const char		*token;		/* the adapter's; outlives us */
	const struct config	*cfg;
	const struct msgcat	*msg;
	pthread_mutex_t		 lock;		/* for team_id */
	char			*team_id;	/* ours, from auth.test */
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
	pthread_mutex_init(&ss->lock, NULL);
	return ss;
}

/*
 * Loop thread: our team, once auth.test has said it, so that an account
 * found by email in another team (or a guest, as configured) is never
 * linked.
 */
void
slack_sender_team(struct slack_sender *ss, const char *team_id)
{
	pthread_mutex_lock(&ss->lock);
	free(ss->team_id);
	ss->team_id = team_id != NULL ? xstrdup(team_id) : NULL;
	pthread_mutex_unlock(&ss->lock);
}

void
slack_sender_free(struct slack_sender *ss)
{
	if (ss == NULL)
		return;
	pthread_mutex_destroy(&ss->lock);
	free(ss->team_id);
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
 * again, so a busy minute does not cost a trip through the outbox.  The
 * last answer is kept whatever it is: a third 429 must reach the outbox
 * as a deferral (a cleared result would read as sent).
 */
static void
slack_call(struct slack_sender *ss, const char *method, const char *args,
    const char *form, struct slack_result *res)
{
	int	i;

	for (i = 0; i < 3; i++) {
		slack_web_call(ss->web, method, ss->token, args, form, res);
		if (res->outcome != SLACK_RATELIMITED || res->wait_ms <= 0 ||
		    res->wait_ms > SLACK_SEND_NAP_MS || i == 2)
			return;
		slack_nap(res->wait_ms);
		slack_result_clear(res);
	}
}

/*
 * Sender thread: the Slack user whose profile has this email
 * (users.lookupByEmail), so that the outbox can reach an employee whom
 * Slack has not named to us yet.  OUT: *user (caller frees) on CHAT_SENT,
 * else *error or *retry_after as for delivery.
 */
enum chat_delivery
slack_sender_find(struct slack_sender *ss, const char *email, char **user,
    char **error, int *retry_after)
{
	struct slack_result	 res;
	enum chat_delivery	 d;
	json_t			*u;
	const char		*id, *why = NULL;
	char			*esc, *form;
	bool			 ours;

	*user = NULL;
	esc = net_form_escape(email);
	xasprintf(&form, "email=%s", esc);
	free(esc);
	slack_call(ss, "users.lookupByEmail", NULL, form, &res);
	free(form);
	d = slack_outcome(&res, "users.lookupByEmail", error, retry_after);
	u = json_object_get(res.body, "user");
	id = json_string_value(json_object_get(u, "id"));
	pthread_mutex_lock(&ss->lock);
	ours = d != CHAT_SENT || slack_user_ours(u, ss->team_id,
	    ss->cfg->slack_guests == CFG_GUESTS_ALLOW, &why);
	pthread_mutex_unlock(&ss->lock);
	if (d == CHAT_SENT && (id == NULL || *id == '\0')) {
		d = CHAT_FAILED;
		*error = xstrdup("users.lookupByEmail: no user id");
	} else if (!ours) {
		d = CHAT_FAILED;
		xasprintf(error, "users.lookupByEmail: the account is %s", why);
	} else if (d == CHAT_SENT)
		*user = xstrdup(id);
	slack_result_clear(&res);
	return d;
}

/*
 * The call a row asks for: chat.postMessage, chat.postEphemeral or
 * views.publish.  Returns its JSON body (caller frees), or NULL for a row
 * it cannot make a call of.
 */
static char *
slack_row_args(struct slack_sender *ss, const struct outbox_row *row,
    const char *user, const struct reply *r, const char **method)
{
	const char	*truncated;
	struct jw	 w;

	truncated = msgcat_raw(ss->msg, ss->cfg->language, "slack.truncated");
	jw_init(&w, 0);
	jw_obj(&w, NULL);
	if (strcmp(row->method, OUTBOX_HOME) == 0) {
		*method = "views.publish";
		jw_str(&w, "user_id", user);
		slack_render_home(&w, "view", r, truncated);
	} else if (strcmp(row->method, OUTBOX_PRIVATE) == 0 &&
	    row->conversation != NULL) {
		*method = "chat.postEphemeral";
		slack_render_message(&w, r, truncated);
		jw_str(&w, "channel", row->conversation);
		jw_str(&w, "user", user);
	} else if (strcmp(row->method, OUTBOX_DIRECT) == 0 ||
	    (strcmp(row->method, OUTBOX_POST) == 0 &&
	    row->conversation != NULL)) {
		*method = "chat.postMessage";
		slack_render_message(&w, r, truncated);
		jw_str(&w, "channel", strcmp(row->method, OUTBOX_POST) == 0 ?
		    row->conversation : user);
		jw_bool(&w, "unfurl_links", false);
		jw_bool(&w, "unfurl_media", false);
	} else {
		jw_free(&w);
		return NULL;
	}
	jw_end(&w);
	return jw_steal(&w);
}

/*
 * An edit row for a message the bot posted, whose reference the delivery
 * kept ({"channel", "ts"}, slack_sent_ref; a pressed button's reference
 * has the message's blocks too): chat.update with the row's reply in
 * place of the whole message.
 */
static enum chat_delivery
slack_replace(struct slack_sender *ss, const char *channel, const char *ts,
    const struct reply *r, char **error, int *retry_after)
{
	struct slack_result	 res;
	enum chat_delivery	 d;
	struct jw		 w;
	char			*args;

	jw_init(&w, 0);
	jw_obj(&w, NULL);
	slack_render_message(&w, r, msgcat_raw(ss->msg, ss->cfg->language,
	    "slack.truncated"));
	jw_str(&w, "channel", channel);
	jw_str(&w, "ts", ts);
	jw_end(&w);
	args = jw_steal(&w);
	slack_call(ss, "chat.update", args, NULL, &res);
	d = slack_outcome(&res, "chat.update", error, retry_after);
	slack_result_clear(&res);
	free(args);
	return d;
}

/* What a post answered, as an edit row's msg_ref (caller frees), or NULL. */
static char *
slack_sent_ref(const struct slack_result *res)
{
	return slack_msg_ref(slack_result_string(res, "channel"),
	    slack_result_string(res, "ts"));
}

/* chat.update's body for a pressed button: the message's new blocks. */
static char *
slack_update_args(const char *channel, const char *ts, const char *text,
    const json_t *blocks)
{
	struct jw	 w;
	char		*b = json_dumps(blocks, JSON_COMPACT);

	jw_init(&w, 0);
	jw_obj(&w, NULL);
	jw_str(&w, "channel", channel);
	jw_str(&w, "ts", ts);
	jw_str(&w, "text", text != NULL && *text != '\0' ? text : " ");
	if (b != NULL)
		jw_raw(&w, "blocks", b);
	jw_end(&w);
	free(b);
	return jw_steal(&w);
}

/*
 * An edit row: chat.update of the message its msg_ref names, the pressed
 * button replaced by the row's reply.  Nobody needs looking up: the
 * message is ours and Slack named its conversation.
 */
static enum chat_delivery
slack_edit(struct slack_sender *ss, const struct outbox_row *row,
    const struct reply *r, char **error, int *retry_after)
{
	struct slack_result	 res;
	enum chat_delivery	 d = CHAT_FAILED;
	json_t			*ref, *blocks;
	const char		*channel, *ts, *text;
	char			*note, *args = NULL;

	ref = row->msg_ref != NULL ? json_loads(row->msg_ref, 0, NULL) : NULL;
	channel = json_string_value(json_object_get(ref, "channel"));
	ts = json_string_value(json_object_get(ref, "ts"));
	text = json_string_value(json_object_get(ref, "text"));
	/* A message the bot posted (no button pressed): replaced whole. */
	if (channel != NULL && ts != NULL &&
	    json_object_get(ref, "blocks") == NULL) {
		d = slack_replace(ss, channel, ts, r, error, retry_after);
		json_decref(ref);
		return d;
	}
	note = reply_to_text(r);
	blocks = slack_render_pressed(json_object_get(ref, "blocks"),
	    json_string_value(json_object_get(ref, "block_id")),
	    json_string_value(json_object_get(ref, "action_id")), note);
	free(note);
	if (channel == NULL || ts == NULL) {
		*error = xstrdup("an edit without a message to edit");
		goto out;
	}
	if (blocks == NULL) {	/* the button is gone: nothing to say */
		d = CHAT_SENT;
		goto out;
	}
	args = slack_update_args(channel, ts, text, blocks);
	slack_call(ss, "chat.update", args, NULL, &res);
	d = slack_outcome(&res, "chat.update", error, retry_after);
	slack_result_clear(&res);
out:
	json_decref(blocks);
	free(args);
	json_decref(ref);
	return d;
}

/*
 * Sender thread: carries one outbox row to Slack.  OUT: *error (caller
 * frees) on CHAT_RETRY and CHAT_FAILED, *retry_after on CHAT_DEFER.
 */
enum chat_delivery
slack_sender_deliver(struct slack_sender *ss, const struct outbox_row *row,
    const struct chat_recipient *to, char **error, int *retry_after,
    char **sent_ref)
{
	struct slack_result	 res;
	struct reply		 r;
	enum chat_delivery	 d = CHAT_FAILED;
	const char		*method = NULL;
	char			*args = NULL;

	if (reply_from_json(&r, row->body) != 0) {
		*error = xstrdup("unreadable message body");
		return CHAT_FAILED;
	}
	if (strcmp(row->method, OUTBOX_EDIT) == 0) {
		d = slack_edit(ss, row, &r, error, retry_after);
		goto out;
	}
	/* A post to a conversation is for everyone there: nobody to find. */
	if (to->chat_user == NULL && strcmp(row->method, OUTBOX_POST) != 0) {
		*error = xstrdup("no Slack account is linked and the roster "
		    "has no email to look it up");
		goto out;
	}
	args = slack_row_args(ss, row, to->chat_user, &r, &method);
	if (args == NULL) {
		xasprintf(error, "unknown outbox method \"%s\" or no channel",
		    row->method);
		d = CHAT_FAILED;
		goto out;
	}
	slack_call(ss, method, args, NULL, &res);
	d = slack_outcome(&res, method, error, retry_after);
	if (d == CHAT_SENT && strcmp(method, "chat.postMessage") == 0)
		*sent_ref = slack_sent_ref(&res);
	slack_result_clear(&res);
out:
	free(args);
	reply_clear(&r);
	return d;
}
