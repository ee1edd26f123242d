/*
 * himessage.c: what the I-message commands share: who the roll-out lets
 * send, the coach's word lists, finding an I-message by the number typed
 * and showing one whole.  Privacy lives here: an I-message is shown only
 * to its sender and its recipient, and never once withdrawn or hidden.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

/*
 * Whether the roll-out lets s send I-messages ([imessage] senders: the
 * plan's 管理職, everyone, or a pilot's segments).  Help, hints and buttons
 * ask this before inviting.
 */
bool
h_imessage_may_send(const struct ctx *ctx, const struct staff *s)
{
	return senders_match(ctx->cfg->imessage_senders,
	    ctx->cfg->imessage_segments, s);
}

/*
 * The coach's word lists, read from the data directory on first use and
 * kept (loop thread only, as every handler).  NULL when they cannot be
 * read: I-messages then go out without hints, and the log says why once.
 */
static struct coach	*h_coach_cached;
static char		*h_coach_dir;

const struct coach *
h_coach(const struct ctx *ctx)
{
	char	*cause = NULL;

	if (h_coach_dir != NULL && strcmp(h_coach_dir, ctx->cfg->data_dir) == 0)
		return h_coach_cached;
	coach_free(h_coach_cached);
	free(h_coach_dir);
	h_coach_dir = xstrdup(ctx->cfg->data_dir);
	if ((h_coach_cached = coach_load(h_coach_dir, &cause)) == NULL) {
		log_warnx("%s: no hints: %s", __func__, cause);
		free(cause);
	}
	return h_coach_cached;
}

/* "#たすけあエール #攻守混同" for space-separated value ids (caller frees). */
char *
h_imessage_tags(struct ctx *ctx, const char *ids)
{
	const struct mvv_value	*v;
	struct buf		 b;
	char			*copy, *p, *id;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	copy = xstrdup(ids != NULL ? ids : "");
	for (p = copy; (id = strsep(&p, " ")) != NULL;) {
		if (*id == '\0' || (v = mvv_find_value(ctx->mvv, id)) == NULL)
			continue;
		buf_printf(&b, "%s#%s", b.len > 0 ? " " : "",
		    strcmp(ctx->lang, "en") == 0 ? v->tag_en : v->tag);
	}
	free(copy);
	return buf_steal(&b);
}

/* Reads "12", "#12" or "１２".  Returns the id, or 0 if it is none. */
static int64_t
h_imessage_id(const char *word)
{
	char		*t, *end;
	const char	*p;
	long long	 id;

	t = text_norm_token(word);
	p = *t == '#' ? t + 1 : t;
	id = strtoll(p, &end, 10);
	if (*p == '\0' || *end != '\0' || id <= 0)
		id = 0;
	free(t);
	return id;
}

/*
 * Finds the I-message the word names that the asker may act on as who
 * says (H_IM_RECIPIENT, H_IM_SENDER, or both).  One refusal for every
 * other case, the same whether it does not exist or is someone else's, so
 * that nobody learns about other people's I-messages by trying numbers.
 * Returns it (caller frees with imessage_array_free(m, 1)), or NULL with
 * the refusal in the reply.
 */
struct imessage *
h_imessage_arg(struct ctx *ctx, const char *word, int who,
    struct reply *reply)
{
	struct imessage	*m;
	int64_t		 id;
	bool		 mine;

	if (word == NULL || (id = h_imessage_id(word)) == 0) {
		h_say(ctx, reply, "imessage.bad_id", "id", word != NULL ?
		    word : "", NULL);
		return NULL;
	}
	m = q_imessage_get(ctx->db, id);
	mine = m != NULL && (((who & H_IM_RECIPIENT) &&
	    strcmp(m->recipient, ctx->me->employee_id) == 0) ||
	    ((who & H_IM_SENDER) &&
	    strcmp(m->sender, ctx->me->employee_id) == 0));
	if (!mine || m->withdrawn_at != 0 || m->hidden_at != 0) {
		h_say(ctx, reply, "imessage.no_such", "id", word, NULL);
		imessage_array_free(m, m != NULL ? 1 : 0);
		return NULL;
	}
	return m;
}

/*
 * Adds one I-message, whole, as the asker sees it: who, when, the text,
 * the tags, and whether it was thanked or shared.
 */
void
h_imessage_show(struct ctx *ctx, struct reply *reply,
    const struct imessage *m)
{
	bool	 received = strcmp(m->recipient, ctx->me->employee_id) == 0;
	char	*date, *tags, id[32];

	snprintf(id, sizeof id, "%lld", (long long)m->id);
	date = clock_format_datetime(m->created_at);
	h_say(ctx, reply, received ? "imessage.show_from" : "imessage.show_to",
	    "id", id, "date", date, "who", received ? m->sender_name :
	    m->recipient_name, NULL);
	reply_add(reply, REPLY_TEXT, xstrdup(m->body));
	tags = h_imessage_tags(ctx, m->values);
	if (*tags != '\0')
		reply_add(reply, REPLY_CONTEXT, xstrdup(tags));
	if (m->thanked_at != 0)
		reply_add(reply, REPLY_CONTEXT, h_msg(ctx, m->thanks != NULL ?
		    "imessage.show_thanked_words" : "imessage.show_thanked",
		    "thanks", m->thanks != NULL ? m->thanks : "", NULL));
	if (m->shared_at != 0)
		reply_add(reply, REPLY_CONTEXT, h_msg(ctx, "imessage.show_shared",
		    NULL));
	free(tags);
	free(date);
}

/* The conversation shared I-messages go to, or NULL: sharing is off. */
const char *
h_imessage_share_channel(const struct ctx *ctx)
{
	const char	*c = ctx->cfg->imessage_share_channel;

	return c != NULL && *c != '\0' ? c : NULL;
}

/* Whether the person asked never to be shared or announced. */
bool
h_imessage_never_shared(struct ctx *ctx, const char *employee_id)
{
	char	*v = q_pref_get(ctx->db, employee_id, "share");
	bool	 never = v != NULL && strcmp(v, "never") == 0;

	free(v);
	return never;
}

/*
 * Takes "<id> [words]" apart.  OUT: *id_word (caller frees), *rest
 * (trimmed words, caller frees, NULL when none).  Returns 0, or -1 when
 * there is no id (the reply then says how to use cmd).
 */
int
h_imessage_split(struct ctx *ctx, const char *argv, const char *usage_key,
    char **id_word, char **rest, struct reply *reply)
{
	const char	*r;
	char		*t;

	*id_word = *rest = NULL;
	if (request_split(argv, id_word, &r) != 0) {
		h_say(ctx, reply, usage_key, NULL);
		return -1;
	}
	t = text_trim(r);
	if (*t != '\0')
		*rest = t;
	else
		free(t);
	return 0;
}

/*
 * Replaces one posted copy of m (the outbox row "imessage:<id>:<what>")
 * by the catalogue text key, in lang; a copy not yet sent is given up.
 * (A copy on its way out at this very moment is delivered as it was.)
 * Returns 0 or -1.
 */
static int
h_imessage_retract_one(struct ctx *ctx, const struct imessage *m,
    const char *what, const char *lang, const char *key, const char *why)
{
	struct outbox_msg	 o;
	struct reply		 msg;
	const char		*saved = ctx->lang;
	char			*dk, *platform, *ref, *body, *when;
	int			 r, rc = 0;

	xasprintf(&dk, "imessage:%lld:%s", (long long)m->id, what);
	if ((r = q_outbox_sent_ref(ctx->db, dk, &platform, &ref)) == 0)
		rc = q_outbox_cancel(ctx->db, dk, why) < 0 ? -1 : 0;
	free(dk);
	if (r != 1)
		return r < 0 ? -1 : rc;
	ctx->lang = lang;
	reply_init(&msg);
	when = clock_format_datetime(m->created_at);
	h_say(ctx, &msg, key, "sender", m->sender_name, "date", when, NULL);
	ctx->lang = saved;
	memset(&o, 0, sizeof o);
	xasprintf(&dk, "imessage:%lld:%s:%s", (long long)m->id, what, key);
	o.dedupe_key = dk;
	o.platform = platform;
	o.recipient = m->recipient;
	o.method = OUTBOX_EDIT;
	o.msg_ref = ref;
	o.body = body = reply_to_json(&msg);
	o.not_before = ctx->now;
	rc = q_outbox_add(ctx->db, &o) < 0 ? -1 : 0;
	free(body);
	free(dk);
	free(when);
	free(platform);
	free(ref);
	reply_clear(&msg);
	return rc;
}

/*
 * Takes m out of the chat where it went: the recipient's copy and a
 * shared post are edited to say key's text (withdrawn, hidden) where the
 * platform kept their references, or never sent (why: the reason kept
 * with the row given up).  Returns 0 or -1.
 */
int
h_imessage_retract(struct ctx *ctx, const struct imessage *m,
    const char *key, const char *why)
{
	char	*lang = h_lang_of(ctx, m->recipient);
	int	 rc;

	rc = h_imessage_retract_one(ctx, m, "recipient", lang, key, why);
	if (rc == 0)
		rc = h_imessage_retract_one(ctx, m, "share",
		    ctx->cfg->language, key, why);
	free(lang);
	return rc;
}
