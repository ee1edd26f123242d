/*
 * slack_envelope.c: Socket Mode envelopes (events_api, slash_commands,
 * interactive) turned into typed requests.  Pure functions: no lws, no
 * database, no globals, so that every byte Slack can send is fuzzed
 * (tests/fuzz/fuzz_slack_envelope.c).  Nothing here knows a command: a
 * slash command other than /yell names its command, a button's action id
 * names the command that made it and its value holds the words, and a
 * submitted form carries its command in the view's callback_id.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "slack.h"

/* o's member key if it is a string (borrowed), else NULL. */
const char *
slack_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A string member, or "" when it is missing or not a string. */
static const char *
slack_sdef(json_t *o, const char *key)
{
	const char	*s = slack_str(o, key);

	return s != NULL ? s : "";
}

/* A copy of o's string member key (caller frees), or NULL. */
char *
slack_dup(json_t *o, const char *key)
{
	const char	*s = slack_str(o, key);

	return s != NULL ? xstrdup(s) : NULL;
}

void
slack_env_free(struct slack_env *env)
{
	if (env == NULL)
		return;
	free(env->envelope_id);
	request_clear(&env->req);
	free(env->chat_user);
	free(env->trigger_id);
	free(env);
}

/* Sets the request's text from what Slack sent (entities decoded). */
static void
slack_env_text(struct slack_env *env, const char *prefix, const char *text)
{
	char	*in = slack_text_in(text != NULL ? text : ""), *clean;

	clean = text_sanitize(in, strlen(in));
	free(in);
	if (prefix != NULL && *clean != '\0') {
		xasprintf(&env->req.text, "%s %s", prefix, clean);
		free(clean);
	} else if (prefix != NULL) {
		env->req.text = xstrdup(prefix);
		free(clean);
	} else
		env->req.text = clean;
}

/* Drops what the bot itself, other bots, edits and deletions produce. */
static bool
slack_event_ignored(const struct slack_self *self, json_t *ev)
{
	const char	*user = slack_str(ev, "user");

	if (json_object_get(ev, "bot_id") != NULL ||
	    json_object_get(ev, "subtype") != NULL ||
	    json_is_true(json_object_get(ev, "hidden")))
		return true;
	return user == NULL || (self->bot_user != NULL &&
	    strcmp(user, self->bot_user) == 0);
}

/*
 * "<@UBOT> imessage …" → "imessage …"; also "<@UBOT|name> …".  A mention
 * that never closes is left as it is (it names nobody).
 */
static const char *
slack_strip_mention(const struct slack_self *self, const char *text)
{
	const char	*end;
	size_t		 n;

	text = text_skip_space(text);
	if (self->bot_user == NULL || strncmp(text, "<@", 2) != 0)
		return text;
	n = strlen(self->bot_user);
	if (strncmp(text + 2, self->bot_user, n) != 0 ||
	    (text[2 + n] != '>' && text[2 + n] != '|'))
		return text;
	if ((end = strchr(text + 2 + n, '>')) == NULL)
		return text;
	return end + 1;
}

/* Whether team (NULL: not said) may be ours. */
static bool
slack_team_ours(const struct slack_self *self, const char *team)
{
	return self->team_id == NULL || team == NULL ||
	    strcmp(team, self->team_id) == 0;
}

/*
 * Whether a Slack user object (users.info, users.lookupByEmail, the
 * user_change event) is a person of this workplace: not a bot, not
 * deleted, of our own team (team_id; NULL while we do not know it yet),
 * and no guest (is_restricted, is_ultra_restricted) unless guests are
 * allowed.  OUT: *why, the reason when not (static text).
 */
bool
slack_user_ours(json_t *u, const char *team_id, bool guests, const char **why)
{
	const char	*team = slack_str(u, "team_id");

	*why = NULL;
	if (!json_is_object(u) || slack_str(u, "id") == NULL)
		*why = "no user";
	else if (json_is_true(json_object_get(u, "is_bot")) ||
	    strcmp(slack_sdef(u, "id"), "USLACKBOT") == 0)
		*why = "a bot";
	else if (json_is_true(json_object_get(u, "deleted")))
		*why = "deactivated";
	else if (team_id != NULL && (team == NULL || strcmp(team,
	    team_id) != 0))
		*why = "of another team";
	else if (!guests && (json_is_true(json_object_get(u,
	    "is_restricted")) || json_is_true(json_object_get(u,
	    "is_ultra_restricted"))))
		*why = "a guest, and [slack] guests = refuse";
	return *why == NULL;
}

/*
 * A message as the outbox keeps it once posted, {"channel","ts"} (caller
 * frees), so that a reaction to it names it the same way; NULL if either
 * is missing.
 */
char *
slack_msg_ref(const char *channel, const char *ts)
{
	struct jw	w;

	if (channel == NULL || ts == NULL)
		return NULL;
	jw_init(&w, 0);
	jw_obj(&w, NULL);
	jw_str(&w, "channel", channel);
	jw_str(&w, "ts", ts);
	jw_end(&w);
	return jw_steal(&w);
}

/* A Slack ts ("1360782400.498405"): epoch seconds.  0 if it is none. */
static time_t
slack_ts_time(const char *ts)
{
	long long	v = 0;
	const char	*p;

	if (ts == NULL || *ts < '0' || *ts > '9')
		return 0;
	for (p = ts; *p >= '0' && *p <= '9' && v < 100000000000LL; p++)
		v = v * 10 + (*p - '0');
	return (*p == '.' || *p == '\0') ? (time_t)v : 0;
}

/*
 * A reaction to a message in a shared conversation, or a reply in the
 * thread of one: a neutral request of its own kind, naming the
 * conversation and when the message it is about was posted.  Top-level
 * channel messages are not ours to read and stay ignored.
 */
static void
slack_parse_engagement(const char *type, json_t *ev, struct slack_env *env)
{
	json_t		*item = json_object_get(ev, "item");
	const char	*ts, *thread;

	if (strcmp(type, "reaction_added") == 0) {
		if (strcmp(slack_sdef(item, "type"), "message") != 0)
			return;
		free(env->req.channel);
		env->req.channel = slack_dup(item, "channel");
		env->req.kind = REQUEST_REACTION;
		env->req.about_at = slack_ts_time(slack_str(item, "ts"));
		env->req.about_ref = slack_msg_ref(env->req.channel,
		    slack_str(item, "ts"));
	} else {
		ts = slack_str(ev, "ts");
		thread = slack_str(ev, "thread_ts");
		if (thread == NULL || (ts != NULL && strcmp(ts, thread) == 0))
			return;
		env->req.kind = REQUEST_REPLY;
		env->req.about_at = slack_ts_time(thread);
		env->req.about_ref = slack_msg_ref(env->req.channel, thread);
	}
	if (env->req.channel == NULL || env->req.about_at == 0) {
		env->req.kind = REQUEST_COMMAND;
		return;
	}
	env->req.text = xstrdup("");
	env->kind = ENV_COMMAND;
}

static void
slack_parse_event(const struct slack_self *self, json_t *payload,
    struct slack_env *env)
{
	json_t		*ev = json_object_get(payload, "event");
	const char	*type = slack_str(ev, "type"), *team;

	team = slack_str(payload, "team_id");
	env->kind = ENV_IGNORE;
	if (type == NULL || !slack_team_ours(self, team) ||
	    !slack_team_ours(self, slack_str(ev, "user_team")))
		return;
	if (strcmp(type, "user_change") == 0) {
		/* A profile changed: its email is checked again. */
		env->req.chat_user = slack_dup(json_object_get(ev, "user"),
		    "id");
		env->kind = ENV_USER;
		return;
	}
	env->req.delivery_id = slack_dup(payload, "event_id");
	env->req.chat_user = slack_dup(ev, "user");
	env->req.channel = slack_dup(ev, "channel");
	if (strcmp(type, "app_home_opened") == 0) {
		if (env->req.chat_user != NULL &&
		    strcmp(slack_sdef(ev, "tab"), "home") == 0) {
			env->kind = ENV_HOME;
			env->req.text = xstrdup("home");
			env->req.reply_home = true;
			/* re-rendering is harmless: no dedupe */
			free(env->req.delivery_id);
			env->req.delivery_id = NULL;
		}
		return;
	}
	if (slack_event_ignored(self, ev))
		return;
	if (strcmp(type, "reaction_added") == 0 ||
	    (strcmp(type, "message") == 0 &&
	    strcmp(slack_sdef(ev, "channel_type"), "im") != 0)) {
		slack_parse_engagement(type, ev, env);
		return;
	}
	if (strcmp(type, "message") == 0 &&
	    strcmp(slack_sdef(ev, "channel_type"), "im") == 0) {
		env->req.direct = true;
		slack_env_text(env, NULL, slack_str(ev, "text"));
		env->kind = ENV_COMMAND;
	} else if (strcmp(type, "app_mention") == 0) {
		slack_env_text(env, NULL, slack_strip_mention(self,
		    slack_sdef(ev, "text")));
		/* Answered where it was asked, without filling the channel. */
		env->req.reply_ephemeral = env->req.channel != NULL &&
		    env->req.channel[0] != 'D';
		env->kind = ENV_COMMAND;
	}
}

/* What a slash command's payload says: flat strings (NULL: not said). */
struct slack_slash {
	char	*command, *text, *user_id, *channel_id, *trigger_id;
	char	*team_id, *user_team;
};

/*
 * Reads a slash command's payload in place, without a tree: it is the
 * envelope every /imessage comes in.  A member that is not a string counts
 * as not said.  Returns 0, or -1 if the payload is not a JSON object.
 */
static int
slack_slash_read(const char *json, size_t len, struct slack_slash *sl)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} fields[] = {
		{ "command", offsetof(struct slack_slash, command) },
		{ "text", offsetof(struct slack_slash, text) },
		{ "user_id", offsetof(struct slack_slash, user_id) },
		{ "channel_id", offsetof(struct slack_slash, channel_id) },
		{ "trigger_id", offsetof(struct slack_slash, trigger_id) },
		{ "team_id", offsetof(struct slack_slash, team_id) },
		{ "user_team", offsetof(struct slack_slash, user_team) },
	};
	struct jr	  r;
	char		  key[16], **into;
	size_t		  i;

	memset(sl, 0, sizeof *sl);
	jr_init(&r, json, len);
	jr_obj(&r);
	while (jr_member(&r, key, sizeof key)) {
		for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
			if (strcmp(key, fields[i].key) == 0)
				break;
		if (i == sizeof fields / sizeof fields[0] ||
		    jr_peek(&r) != '"') {
			jr_skip(&r);
			continue;
		}
		into = (char **)(void *)((char *)sl + fields[i].off);
		free(*into);		/* the last of a repeated key counts */
		*into = jr_strdup(&r);
	}
	return jr_done(&r);
}

static void
slack_slash_clear(struct slack_slash *sl)
{
	free(sl->command);
	free(sl->text);
	free(sl->user_id);
	free(sl->channel_id);
	free(sl->trigger_id);
	free(sl->team_id);
	free(sl->user_team);
}

/* "/yell enroll R-01" → "enroll R-01"; "/imessage …" → "imessage …". */
static void
slack_parse_slash(const struct slack_self *self, struct slack_slash *p,
    struct slack_env *env)
{
	const char	*command = p->command, *text;

	if (!slack_team_ours(self, p->team_id) ||
	    !slack_team_ours(self, p->user_team))
		return;		/* ENV_IGNORE */
	env->req.chat_user = p->user_id;
	env->req.channel = p->channel_id;
	env->req.trigger_id = p->trigger_id;
	p->user_id = p->channel_id = p->trigger_id = NULL;	/* moved */
	env->req.reply_in_ack = env->accepts_payload;
	env->req.direct = env->req.channel != NULL &&
	    env->req.channel[0] == 'D';
	text = p->text != NULL ? p->text : "";
	env->kind = ENV_COMMAND;
	if (command == NULL || command[0] != '/' || command[1] == '\0' ||
	    env->req.chat_user == NULL)
		env->kind = ENV_IGNORE;
	else if (strcmp(command, SLACK_SLASH_BOT) != 0)
		slack_env_text(env, command + 1, text);
	else if (*text_skip_space(text) == '\0')
		slack_env_text(env, NULL, "help");	/* a bare /yell */
	else
		slack_env_text(env, NULL, text);
}

/*
 * Keeps what is needed to edit the message a button was pressed in, as the
 * request's msg_ref (JSON only this adapter reads).  Not for buttons in
 * views (App Home, modals) or in ephemeral messages, which chat.update
 * cannot edit.
 */
static void
slack_parse_pressed(json_t *p, json_t *a, struct slack_env *env)
{
	json_t		*container, *message, *ref;
	const char	*text;

	container = json_object_get(p, "container");
	message = json_object_get(p, "message");
	if (strcmp(slack_sdef(container, "type"), "message") != 0 ||
	    json_is_true(json_object_get(container, "is_ephemeral")) ||
	    slack_str(container, "channel_id") == NULL ||
	    slack_str(container, "message_ts") == NULL ||
	    !json_is_array(json_object_get(message, "blocks")))
		return;
	ref = json_pack("{s:s, s:s, s:s, s:O, s:s?, s:s?}", "channel",
	    slack_str(container, "channel_id"), "ts",
	    slack_str(container, "message_ts"), "text",
	    slack_sdef(message, "text"), "blocks",
	    json_object_get(message, "blocks"), "block_id",
	    slack_str(a, "block_id"), "action_id", slack_str(a, "action_id"));
	if (ref == NULL)
		return;
	env->req.msg_ref = json_dumps(ref, JSON_COMPACT);
	json_decref(ref);
	text = slack_str(json_object_get(a, "text"), "text");
	env->req.pressed_label = slack_text_in(text != NULL ? text : "");
}

/*
 * A button: its action id names the command that made it and its value
 * holds the words, so "imessage" + "@E0016" runs "imessage @E0016" (which
 * opens the command's form, since a trigger came with it).
 */
static void
slack_parse_action(json_t *p, struct slack_env *env)
{
	json_t		*a = json_array_get(json_object_get(p, "actions"), 0);
	const char	*id = slack_str(a, "action_id");
	const char	*value = slack_str(a, "value");
	char		*command, *raw;

	if (id == NULL || env->req.chat_user == NULL)
		return;
	command = slack_action_id(id);
	xasprintf(&raw, "%s %s", command, value != NULL ? value : "");
	env->req.text = text_sanitize(raw, strlen(raw));
	free(raw);
	free(command);
	env->req.direct = true;
	env->kind = ENV_COMMAND;
	slack_parse_pressed(p, a, env);
}

/* A form's answer: block ids are the fields, as slack_render_form made. */
static void
slack_parse_submit(json_t *p, struct slack_env *env)
{
	json_t		*view, *values, *block, *el, *opts, *o;
	const char	*callback, *field, *action, *v;
	size_t		 n, i;

	view = json_object_get(p, "view");
	callback = slack_sdef(view, "callback_id");
	n = strlen(SLACK_VIEW_FORM);
	values = json_object_get(json_object_get(view, "state"), "values");
	if (strncmp(callback, SLACK_VIEW_FORM, n) != 0 || callback[n] == '\0' ||
	    !json_is_object(values))
		return;
	env->req.form_command = xstrdup(callback + n);
	json_object_foreach(values, field, block) {
		json_object_foreach(block, action, el) {
			if ((v = slack_str(el, "selected_user")) != NULL ||
			    (v = slack_str(el, "value")) != NULL)
				form_value_add(&env->req.form_values,
				    &env->req.nform_values, field, v);
			opts = json_object_get(el, "selected_options");
			json_array_foreach(opts, i, o) {
				if ((v = slack_str(o, "value")) != NULL)
					form_value_add(&env->req.form_values,
					    &env->req.nform_values, field, v);
			}
		}
	}
	env->req.direct = true;
	env->kind = ENV_COMMAND;
}

static void
slack_parse_interactive(const struct slack_self *self, json_t *p,
    struct slack_env *env)
{
	const char	*type = slack_str(p, "type");

	if (!slack_team_ours(self, slack_str(json_object_get(p, "user"),
	    "team_id")) || !slack_team_ours(self,
	    slack_str(json_object_get(p, "team"), "id")))
		return;		/* ENV_IGNORE */
	env->req.chat_user = slack_dup(json_object_get(p, "user"), "id");
	env->req.trigger_id = slack_dup(p, "trigger_id");
	env->req.channel = slack_dup(json_object_get(p, "channel"), "id");
	if (type == NULL)
		return;
	if (strcmp(type, "block_actions") == 0)
		slack_parse_action(p, env);
	else if (strcmp(type, "view_submission") == 0)
		slack_parse_submit(p, env);
}

void
slack_frame_clear(struct slack_frame *f)
{
	free(f->type);
	free(f->envelope_id);
	memset(f, 0, sizeof *f);
}

/*
 * The head of a frame, read in place: its type, the envelope's id and
 * flags, and where its payload lies (handed on whole, so that the payload
 * is read once, by whatever reads its type).  OUT: *f (clear it with
 * slack_frame_clear).  Returns 0 for a JSON object, -1 for anything else.
 */
int
slack_frame_head(const char *data, size_t len, struct slack_frame *f)
{
	struct jr	 r;
	char		 key[32];
	bool		 b;

	memset(f, 0, sizeof *f);
	jr_init(&r, data, len);
	jr_obj(&r);
	while (jr_member(&r, key, sizeof key)) {
		if (strcmp(key, "type") == 0 && jr_peek(&r) == '"') {
			free(f->type);
			f->type = jr_strdup(&r);
		} else if (strcmp(key, "envelope_id") == 0 &&
		    jr_peek(&r) == '"') {
			free(f->envelope_id);
			f->envelope_id = jr_strdup(&r);
		} else if (strcmp(key, "accepts_response_payload") == 0 &&
		    (jr_peek(&r) == 't' || jr_peek(&r) == 'f')) {
			jr_bool(&r, &b);
			f->accepts_payload = b;
		} else if (strcmp(key, "retry_attempt") == 0)
			(void)jr_int(&r, &f->retry_attempt);
		else if (strcmp(key, "payload") == 0) {
			f->payload_object = jr_peek(&r) == '{';
			jr_span(&r, &f->payload, &f->payload_len);
		} else
			jr_skip(&r);
	}
	if (jr_done(&r) != 0) {
		slack_frame_clear(f);
		return -1;
	}
	return 0;
}

/* The payload of an event or an interaction, as a tree; NULL if none. */
static json_t *
slack_payload_tree(const struct slack_frame *f)
{
	return f->payload_object ? json_loadb(f->payload, f->payload_len, 0,
	    NULL) : NULL;
}

/*
 * Types an envelope (events_api, slash_commands, interactive) that came on
 * connection serial.  Returns the env (caller frees with slack_env_free;
 * kind ENV_IGNORE for one to ack and drop), or NULL for one that must not
 * be acked (no envelope_id or no payload).
 */
struct slack_env *
slack_env_parse(const struct slack_frame *f, const struct slack_self *self,
    unsigned serial)
{
	struct slack_env	*env;
	struct slack_slash	 slash;
	json_t			*payload = NULL;

	if (!f->payload_object || f->envelope_id == NULL || f->type == NULL)
		return NULL;
	if (strcmp(f->type, "slash_commands") == 0) {
		if (slack_slash_read(f->payload, f->payload_len, &slash) != 0) {
			slack_slash_clear(&slash);
			return NULL;
		}
	} else if ((payload = slack_payload_tree(f)) == NULL)
		return NULL;
	env = xcalloc(1, sizeof *env);
	env->serial = serial;
	env->envelope_id = xstrdup(f->envelope_id);
	env->accepts_payload = f->accepts_payload;
	env->kind = ENV_IGNORE;
	env->req.platform = xstrdup(SLACK_PLATFORM);
	if (strcmp(f->type, "events_api") == 0)
		slack_parse_event(self, payload, env);
	else if (strcmp(f->type, "slash_commands") == 0) {
		slack_parse_slash(self, &slash, env);
		slack_slash_clear(&slash);
	} else
		slack_parse_interactive(self, payload, env);
	json_decref(payload);
	if (env->req.delivery_id == NULL && env->kind != ENV_HOME)
		env->req.delivery_id = xstrdup(env->envelope_id);
	if (env->req.chat_user == NULL)
		env->kind = ENV_IGNORE;
	if (env->req.text == NULL && env->req.form_command == NULL &&
	    env->kind == ENV_COMMAND)
		env->kind = ENV_IGNORE;
	env->chat_user = env->req.chat_user != NULL ?
	    xstrdup(env->req.chat_user) : NULL;
	env->trigger_id = env->req.trigger_id != NULL ?
	    xstrdup(env->req.trigger_id) : NULL;
	return env;
}

/* Whether a frame of this type is an envelope to ack. */
bool
slack_frame_is_envelope(const struct slack_frame *f)
{
	return f->type != NULL && (strcmp(f->type, "events_api") == 0 ||
	    strcmp(f->type, "slash_commands") == 0 ||
	    strcmp(f->type, "interactive") == 0);
}

/*
 * One text frame, as far as envelopes go: OUT: *env, the typed envelope
 * (NULL when the frame is not one, or must not be acked).  Returns 0 for
 * JSON objects, -1 for anything else.  The fuzz target's entry point.
 */
int
slack_frame_parse(const char *data, size_t len, const struct slack_self *self,
    struct slack_env **env)
{
	struct slack_frame	f;

	*env = NULL;
	if (slack_frame_head(data, len, &f) != 0)
		return -1;
	if (slack_frame_is_envelope(&f))
		*env = slack_env_parse(&f, self, 0);
	slack_frame_clear(&f);
	return 0;
}
