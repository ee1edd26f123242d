/*
 * imessage.c: `imessage <@who> <text> [#value ...]`, written recognition of
 * what a colleague did well (Iメッセージ), and `imessage show <id>`.
 *
 * A draft first meets the coach (lib/coach.c): when it lacks what the
 * person did, how it affected me or what I feel, or judges instead of
 * describing, the sender gets a hint and a template, and may rewrite or
 * send it as it is ("imessage そのまま ...", which the hint's button runs).
 * Which parts were present is stored for HR's figures.
 *
 * The I-message and the recipient's copy in the outbox are written in the
 * caller's transaction, so both exist or neither does.  The sender's
 * confirmation is the reply, which dispatch commits or carries in the ack.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_imessage_aliases[] = { "i", "iメッセージ",
    "ありがとう", NULL };

/* The word that sends a draft as it is, past the coach. */
#define H_IMESSAGE_AS_IS	"そのまま"

/* The plan's roll-out: managers first (FY2024), all staff later. */
static bool
h_imessage_may(const struct ctx *ctx)
{
	return h_imessage_may_send(ctx, ctx->me);
}

static char *
h_imessage_known_tags(struct ctx *ctx)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (i = 0; i < ctx->mvv->nvalues; i++)
		buf_printf(&b, "%s#%s", i > 0 ? " " : "",
		    ctx->mvv->values[i].tag);
	return buf_steal(&b);
}

/*
 * Takes the value tags at the end of the arguments.  OUT: *first, the index
 * of the first tag; values[] (borrowed ids).  Returns 0, or -1 with the
 * refusal in the reply.
 */
static int
h_imessage_tags_arg(struct ctx *ctx, const struct args *a, size_t from,
    size_t *first, const char **values, size_t *nvalues, struct reply *reply)
{
	const struct mvv_value	*v;
	char			*known;
	size_t			 i, j;

	*first = a->n;
	while (*first > from && a->v[*first - 1].kind == ARG_TAG)
		(*first)--;
	*nvalues = 0;
	for (i = *first; i < a->n; i++) {
		if ((v = mvv_find_value(ctx->mvv, a->v[i].value)) == NULL) {
			known = h_imessage_known_tags(ctx);
			h_say(ctx, reply, "imessage.unknown_tag", "tag",
			    a->v[i].value, "known", known, NULL);
			free(known);
			return -1;
		}
		for (j = 0; j < *nvalues && strcmp(values[j], v->id) != 0; j++)
			;
		if (j == *nvalues)
			values[(*nvalues)++] = v->id;
	}
	return 0;
}

static const char *
h_imessage_tag_label(struct ctx *ctx, const char *id)
{
	size_t	i;

	for (i = 0; i < ctx->mvv->nvalues; i++) {
		if (strcmp(ctx->mvv->values[i].id, id) == 0)
			return ctx->mvv->values[i].tag;
	}
	return id;
}

static char *
h_imessage_tag_list(struct ctx *ctx, const char *const *values, size_t n)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s#%s", i > 0 ? " " : "",
		    h_imessage_tag_label(ctx, values[i]));
	return buf_steal(&b);
}

/* The buttons under the recipient's copy: thanks, share, answer. */
static void
h_imessage_buttons(struct ctx *ctx, int64_t id, const struct staff *to,
    struct reply *msg)
{
	char	*v, n[32];

	snprintf(n, sizeof n, "%lld", (long long)id);
	reply_add_button(msg, h_msg(ctx, "imessage.thank_back", NULL),
	    "thanks", n);
	if (h_imessage_share_channel(ctx) != NULL &&
	    !h_imessage_never_shared(ctx, ctx->me->employee_id) &&
	    !h_imessage_never_shared(ctx, to->employee_id))
		reply_add_button(msg, h_msg(ctx, "imessage.share_button", NULL),
		    "share", n);
	/* Invite an I-message back only from someone the roll-out lets send. */
	if (h_imessage_may_send(ctx, to)) {
		xasprintf(&v, "@%s", ctx->me->employee_id);
		reply_add_button(msg, h_msg(ctx, "imessage.write_back", NULL),
		    "imessage", v);
		free(v);
	}
}

/* Queues the recipient's copy, written in the recipient's language. */
static int
h_imessage_deliver(struct ctx *ctx, int64_t id, const struct staff *to,
    const char *body, const char *tags)
{
	struct h_for	 hf;
	struct reply	 msg;
	char		 key[64], ref[48], n[32];
	int		 rc;

	snprintf(n, sizeof n, "%lld", (long long)id);
	h_for(ctx, to->employee_id, &hf);
	reply_init(&msg);
	h_say(ctx, &msg, "imessage.received", "sender", ctx->me->name, NULL);
	reply_add(&msg, REPLY_TEXT, xstrdup(body));
	if (*tags != '\0')
		reply_add(&msg, REPLY_CONTEXT, xstrdup(tags));
	reply_add(&msg, REPLY_CONTEXT, h_msg(ctx, "imessage.received_hint",
	    "id", n, NULL));
	h_imessage_buttons(ctx, id, to, &msg);
	h_for_end(ctx, &hf);
	snprintf(key, sizeof key, "imessage:%lld:recipient", (long long)id);
	snprintf(ref, sizeof ref, "imessage:%lld", (long long)id);
	rc = h_notify_ref(ctx, key, to->employee_id, &msg, ref);
	reply_clear(&msg);
	return rc;
}

/* Validates the text; returns 0 or -1 with the refusal in the reply. */
static int
h_imessage_check_body(struct ctx *ctx, const char *body, struct reply *reply)
{
	char	 n[32], max[32];
	size_t	 chars = text_chars(body);

	if (chars == 0) {
		h_say(ctx, reply, "imessage.empty", NULL);
		return -1;
	}
	if (chars > (size_t)ctx->cfg->imessage_max_length) {
		snprintf(n, sizeof n, "%zu", chars);
		snprintf(max, sizeof max, "%ld", ctx->cfg->imessage_max_length);
		h_say(ctx, reply, "imessage.too_long", "chars", n, "max", max,
		    NULL);
		return -1;
	}
	return 0;
}

static enum h_ret
h_imessage_store(struct ctx *ctx, const struct staff *to, const char *body,
    const char **values, size_t nvalues, int parts, bool coached,
    struct reply *reply)
{
	struct imessage	 m;
	int64_t		 id;
	char		*tags, n[32];
	enum h_ret	 ret = H_ERROR;

	memset(&m, 0, sizeof m);
	m.sender = ctx->me->employee_id;
	m.recipient = to->employee_id;
	m.body = (char *)body;
	m.created_at = ctx->now;
	m.parts = parts;
	m.coached = coached;
	tags = h_imessage_tag_list(ctx, values, nvalues);
	if (q_imessage_insert(ctx->db, &m, values, nvalues,
	    ctx->req->delivery_id, &id) != 0)
		goto out;
	if (h_imessage_deliver(ctx, id, to, body, tags) != 0)
		goto out;
	h_say(ctx, reply, "imessage.sent", "recipient", to->name, NULL);
	if (*tags != '\0')
		reply_add(reply, REPLY_CONTEXT, xstrdup(tags));
	snprintf(n, sizeof n, "%lld", (long long)id);
	reply_add(reply, REPLY_CONTEXT, h_msg(ctx, "imessage.sent_hint", "id",
	    n, NULL));
	ret = H_OK;
out:
	free(tags);
	return ret;
}

/* Whether the sender wants hints (the ward's switch, then their own). */
static bool
h_imessage_wants_hints(struct ctx *ctx)
{
	char	*v;
	bool	 on;

	if (!ctx->cfg->imessage_hints || h_coach(ctx) == NULL)
		return false;
	v = q_pref_get(ctx->db, ctx->me->employee_id, "hints");
	on = v == NULL || strcmp(v, "off") != 0;
	free(v);
	return on;
}

/*
 * The coach's hint for a draft that is not yet a whole I-message: what is
 * missing or what judges, a template, and the way to send it as it is (a
 * button, and the same typed, for platforms without buttons).
 */
static void
h_imessage_hint(struct ctx *ctx, const struct staff *to, const char *body,
    const char **values, size_t nvalues, int parts, const char *word,
    struct reply *reply)
{
	enum coach_verdict	 v = coach_verdict(parts);
	char			*key, *tags, *again;

	xasprintf(&key, "imessage.coach_%s", coach_verdict_name(v));
	h_say(ctx, reply, key, "word", word != NULL ? word : "", NULL);
	free(key);
	reply_add(reply, REPLY_CONTEXT, h_msg(ctx, "imessage.coach_template",
	    NULL));
	tags = h_imessage_tag_list(ctx, values, nvalues);
	xasprintf(&again, "%s @%s %s%s%s", H_IMESSAGE_AS_IS, to->employee_id,
	    body, *tags != '\0' ? " " : "", tags);
	reply_add(reply, REPLY_CONTEXT, h_msg(ctx, "imessage.coach_as_is",
	    "command", again, NULL));
	reply_add_button(reply, h_msg(ctx, "imessage.coach_send", NULL),
	    "imessage", again);
	free(again);
	free(tags);
}

/* Takes a leading "そのまま" (or "as-is").  Returns whether it was there. */
static bool
h_imessage_as_is(const char **argv)
{
	const char	*rest;
	char		*word;
	bool		 as_is = false;

	if (request_split(*argv, &word, &rest) != 0)
		return false;
	if (strcmp(word, H_IMESSAGE_AS_IS) == 0 || strcmp(word, "as-is") == 0 ||
	    strcmp(word, "asis") == 0) {
		as_is = true;
		*argv = rest;
	}
	free(word);
	return as_is;
}

/* `imessage show <id>`: one of mine, whole. */
static bool
h_imessage_show_cmd(struct ctx *ctx, const char *argv, struct reply *reply)
{
	const char	*rest;
	char		*word;
	struct imessage	*m;
	bool		 show;

	if (request_split(argv, &word, &rest) != 0)
		return false;
	show = strcmp(word, "show") == 0 || strcmp(word, "表示") == 0;
	free(word);
	if (!show)
		return false;
	rest = text_skip_space(rest);
	m = h_imessage_arg(ctx, *rest != '\0' ? rest : NULL,
	    H_IM_RECIPIENT | H_IM_SENDER, reply);
	if (m != NULL)
		h_imessage_show(ctx, reply, m);
	imessage_array_free(m, m != NULL ? 1 : 0);
	return true;
}

static enum h_ret
h_imessage_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct args	 a;
	struct staff	*to = NULL;
	const char	**values = NULL, *word = NULL;
	size_t		 used, first, nvalues;
	char		*raw = NULL, *body = NULL;
	enum h_ret	 ret = H_OK;
	bool		 as_is, hints;
	int		 parts = -1;

	if (h_imessage_show_cmd(ctx, argv, reply))
		return H_OK;
	as_is = h_imessage_as_is(&argv);
	args_parse(&a, argv);
	if (a.n == 0 || a.v[0].kind != ARG_MENTION) {
		h_say(ctx, reply, "imessage.usage_hint", NULL);
		goto out;
	}
	if (h_mention(ctx, &a, &to, &used, reply) != 0)
		goto out;
	if (strcmp(to->employee_id, ctx->me->employee_id) == 0) {
		h_say(ctx, reply, "imessage.self", NULL);
		goto out;
	}
	values = xcalloc(ctx->mvv->nvalues, sizeof *values);
	if (h_imessage_tags_arg(ctx, &a, used, &first, values, &nvalues,
	    reply) != 0)
		goto out;
	raw = args_text(&a, used, first);
	body = text_trim(raw);
	if (h_imessage_check_body(ctx, body, reply) != 0)
		goto out;
	hints = h_imessage_wants_hints(ctx);
	if (h_coach(ctx) != NULL)
		parts = coach_read(h_coach(ctx), body, &word);
	if (hints && !as_is && !coach_complete(parts)) {
		h_imessage_hint(ctx, to, body, values, nvalues, parts, word,
		    reply);
		goto out;
	}
	ret = h_imessage_store(ctx, to, body, values, nvalues, parts,
	    as_is && parts >= 0 && !coach_complete(parts), reply);
out:
	free(values);
	free(raw);
	free(body);
	staff_free(to);
	args_clear(&a);
	return ret;
}

/* The outbox's on_sent: the recipient's copy went out. */
static int
h_imessage_sent(struct db *db, const char *id, time_t at,
    const char *msg_ref)
{
	(void)msg_ref;	/* the outbox keeps it, for a withdrawal's edit */
	return q_imessage_delivered(db, strtoll(id, NULL, 10), at);
}

static long
h_imessage_max_length(const struct config *cfg)
{
	return cfg->imessage_max_length;
}

/* The compose form: recipient, text, values, in the command's word order. */
static const struct form_field h_imessage_fields[] = {
	{ "recipient", FORM_USER, "form.imessage_to", NULL, false },
	{ "body", FORM_TEXT, "form.imessage_body", "form.imessage_hint", false },
	{ "values", FORM_VALUES, "form.imessage_values", NULL, true },
};
static const struct form h_imessage_form = {
	.title = "form.imessage_title",
	.submit = "form.submit",
	.close = "form.close",
	.fields = h_imessage_fields,
	.nfields = sizeof h_imessage_fields / sizeof h_imessage_fields[0],
	.max_length = h_imessage_max_length,
};

const struct handler handler_imessage = {
	.name = "imessage",
	.aliases = h_imessage_aliases,
	.usage = "imessage.usage",
	.summary = "imessage.summary",
	.role = ROLE_STAFF,
	.may = h_imessage_may,
	.denied = "imessage.managers_only",
	.exec = h_imessage_exec,
	.form = &h_imessage_form,
	.on_sent = h_imessage_sent,
};
