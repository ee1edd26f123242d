/*
 * slack.h: what the Slack modules share, and nothing else includes: the
 * Web API client (slack_api.c), Block Kit rendering and Slack's text
 * conventions (slack_render.c).  The adapter itself (slack_socket.c) is
 * declared in chat.h like the others.
 *
 * JSON stops here: handlers only ever see struct request and struct reply.
 */
#ifndef YELL_SLACK_H
#define YELL_SLACK_H

#include <jansson.h>

#include "chat.h"

/* slack_api.c: Web API calls, over the REST client of net.h. */
enum slack_outcome {
	SLACK_OK,		/* "ok": true */
	SLACK_RETRY,		/* transient: network, 5xx, internal_error */
	SLACK_RATELIMITED,	/* 429: wait retry_after seconds */
	SLACK_AUTH,		/* the token is bad: an operator must act */
	SLACK_PERMANENT,	/* this request will never work */
};
struct slack_result {
	enum slack_outcome	 outcome;
	long			 http_status;	/* 0: no HTTP answer */
	json_t			*body;		/* owned; NULL if not JSON */
	char			*error;		/* owned; NULL when ok */
	int			 retry_after;	/* seconds, when rate limited */
	long			 wait_ms;	/* the same, exactly */
};
struct slack_web;
struct slack_web *slack_web_create(const char *base_url, const char *ca_file,
		    long timeout_ms);
void		 slack_web_abort(struct slack_web *);
void		 slack_web_free(struct slack_web *);
int		 slack_web_call(struct slack_web *, const char *method,
		    const char *token, const char *json_args,
		    const char *form_args, struct slack_result *);
void		 slack_result_clear(struct slack_result *);
const char	*slack_result_string(const struct slack_result *,
		    const char *key);

/* slack_send.c: outbox rows to Slack, on the sender thread. */
struct outbox_row;
struct slack_sender;
struct slack_sender *slack_sender_create(struct slack_web *, const char *token,
		    const struct config *, const struct msgcat *);
enum chat_delivery slack_sender_deliver(struct slack_sender *,
		    const struct outbox_row *, const struct chat_recipient *,
		    char **error, int *retry_after, char **sent_ref);
enum chat_delivery slack_sender_find(struct slack_sender *, const char *email,
		    char **user, char **error, int *retry_after);
void		 slack_sender_team(struct slack_sender *, const char *team_id);
void		 slack_sender_free(struct slack_sender *);

/* slack_render.c: Block Kit and Slack's text conventions. */
#define SLACK_VIEW_FORM		"yell_form:"	/* + the command: callback_id */
char		*slack_escape(const char *);
char		*slack_text_in(const char *);
void		 slack_render_blocks(struct jw *, const char *key,
		    const struct reply *, size_t max_blocks,
		    const char *truncated);
char		*slack_render_fallback(const struct reply *);
void		 slack_render_message(struct jw *, const struct reply *,
		    const char *truncated);
void		 slack_render_home(struct jw *, const char *key,
		    const struct reply *, const char *truncated);
json_t		*slack_render_pressed(const json_t *blocks,
		    const char *block_id, const char *action_id,
		    const char *note);
char		*slack_action_id(const char *rendered);
void		 slack_render_form(struct jw *, const char *key,
		    const struct form_view *);

/* slack_envelope.c: envelopes to typed requests; pure (a fuzz target). */
#define SLACK_PLATFORM		"slack"
#define SLACK_SLASH_BOT		"/yell"	/* its text is the command */
enum slack_env_kind { ENV_COMMAND, ENV_HOME, ENV_IGNORE,
	ENV_USER };		/* a profile changed: check it again */
struct slack_self {		/* who we are, from auth.test */
	const char	*bot_user;
	const char	*team_id;
};
/* An envelope, typed: the request and how to answer it. */
struct slack_env {
	unsigned		 serial;	/* connection it came on */
	char			*envelope_id;
	bool			 accepts_payload;
	enum slack_env_kind	 kind;
	struct request		 req;		/* moves to ingress */
	/* kept for the answer once req has gone */
	char			*chat_user;
	char			*trigger_id;
};
struct slack_frame {		/* a frame's head, read without a tree */
	char		*type;		/* NULL: none said */
	char		*envelope_id;
	bool		 accepts_payload;
	long long	 retry_attempt;
	const char	*payload;	/* its text, within the frame */
	size_t		 payload_len;
	bool		 payload_object;
};
int		 slack_frame_head(const char *, size_t, struct slack_frame *);
void		 slack_frame_clear(struct slack_frame *);
bool		 slack_frame_is_envelope(const struct slack_frame *);
struct slack_env *slack_env_parse(const struct slack_frame *,
		    const struct slack_self *, unsigned serial);
void		 slack_env_free(struct slack_env *);
const char	*slack_str(json_t *, const char *key);
bool		 slack_user_ours(json_t *user, const char *team_id,
		    bool guests, const char **why);
char		*slack_dup(json_t *, const char *key);
char		*slack_msg_ref(const char *channel, const char *ts);
int		 slack_frame_parse(const char *data, size_t len,
		    const struct slack_self *, struct slack_env **);

#endif
