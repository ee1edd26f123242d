/*
 * hutil.c: small helpers every handler uses: catalogue texts in the asking
 * person's language, finding a colleague by what was typed, and queueing a
 * message for someone else through the outbox.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

/* Returns the catalogue text key in the asker's language (caller frees). */
char *
h_msg(struct ctx *ctx, const char *key, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, key);
	s = msgcat_vfmt(ctx->msg, ctx->lang, key, ap);
	va_end(ap);
	return s;
}

/* Appends the catalogue text key, formatted, to the reply. */
void
h_say(struct ctx *ctx, struct reply *reply, const char *key, ...)
{
	va_list	 ap;

	va_start(ap, key);
	reply_add(reply, REPLY_TEXT, msgcat_vfmt(ctx->msg, ctx->lang, key, ap));
	va_end(ap);
}

/* Returns "name (section, id)" for lists of candidates (caller frees). */
char *
h_staff_label(struct ctx *ctx, const struct staff *s)
{
	return h_msg(ctx, "staff.label", "name", s->name, "section",
	    s->section != NULL ? s->section : "-", "id", s->employee_id, NULL);
}

static void
h_candidates(struct ctx *ctx, struct reply *reply, const char *who,
    const struct staff *found, size_t n)
{
	struct buf	 b;
	char		*label;
	size_t		 i;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (i = 0; i < n; i++) {
		label = h_staff_label(ctx, &found[i]);
		buf_printf(&b, "%s- %s", i > 0 ? "\n" : "", label);
		free(label);
	}
	h_say(ctx, reply, "staff.ambiguous", "who", who, "candidates", b.data,
	    NULL);
	buf_free(&b);
}

/*
 * Resolves a mention to exactly one colleague.  OUT: *who (caller frees
 * with staff_free).  Returns 0, or -1 with the reason (nobody, or the list
 * of candidates) added to the reply unless reply is NULL.
 */
int
h_resolve(struct ctx *ctx, const struct arg *a, struct staff **who,
    struct reply *reply)
{
	struct staff	*found;
	size_t		 n = 0;

	*who = NULL;
	if (a->chat_id)
		n = q_staff_by_chat(ctx->db, ctx->req->platform, a->value,
		    &found) == 1;
	else
		found = q_staff_find(ctx->db, a->value, &n);
	if (n == 1) {
		*who = found;
		return 0;
	}
	if (reply != NULL && n == 0)
		h_say(ctx, reply, "staff.unknown", "who", a->value, NULL);
	else if (reply != NULL)
		h_candidates(ctx, reply, a->value, found, n);
	staff_array_free(found, n);
	return -1;
}

/*
 * Finds the colleague named by the first argument, a mention.  A name typed with a space ("@山田 太郎") splits into
 * two words, so the mention joined with the next word is tried first; then
 * the mention alone.  OUT: *who (caller frees), *used, the number of
 * arguments consumed.  Returns 0, or -1 with the refusal in the reply.
 */
int
h_mention(struct ctx *ctx, const struct args *a,
    struct staff **who, size_t *used, struct reply *reply)
{
	struct arg	joined;
	int		rc;

	*used = 1;
	if (a->n > 1 && a->v[1].kind == ARG_WORD && !a->v[0].chat_id) {
		joined = a->v[0];
		xasprintf(&joined.value, "%s%s", a->v[0].value, a->v[1].value);
		rc = h_resolve(ctx, &joined, who, NULL);
		free(joined.value);
		if (rc == 0) {
			*used = 2;
			return 0;
		}
	}
	return h_resolve(ctx, &a->v[0], who, reply);
}

/*
 * Writes to a colleague from now on: ctx->lang becomes the language they
 * read the bot in, until h_for_end puts the asker's back.  OUT: *f.
 */
void
h_for(struct ctx *ctx, const char *employee_id, struct h_for *f)
{
	f->saved = ctx->lang;
	f->lang = h_lang_of(ctx, employee_id);
	ctx->lang = f->lang;
}

void
h_for_end(struct ctx *ctx, struct h_for *f)
{
	ctx->lang = f->saved;
	free(f->lang);
	f->lang = NULL;
}

/* Returns the language a colleague reads the bot in (caller frees). */
char *
h_lang_of(struct ctx *ctx, const char *employee_id)
{
	char	*lang;

	lang = q_pref_get(ctx->db, employee_id, "language");
	if (lang == NULL || !msgcat_has_locale(ctx->msg, lang)) {
		free(lang);
		lang = xstrdup(ctx->cfg->language);
	}
	return lang;
}

/*
 * Queues a message for a colleague, inside the caller's transaction.  The
 * dedupe key makes a second push of the same effect a no-op.  ref, if not
 * NULL, is "<handler>:<id>": that handler's on_sent learns when it went
 * out.  Returns 0 or -1.
 */
int
h_notify_ref(struct ctx *ctx, const char *dedupe_key, const char *employee_id,
    const struct reply *msg, const char *ref)
{
	struct outbox_msg	 m;
	char			*body;
	int			 rc;

	memset(&m, 0, sizeof m);
	m.dedupe_key = dedupe_key;
	m.recipient = employee_id;
	m.method = OUTBOX_DIRECT;
	m.body = body = reply_to_json(msg);
	m.ref = ref;
	m.not_before = ctx->now;
	rc = q_outbox_add(ctx->db, &m);
	free(body);
	return rc < 0 ? -1 : 0;
}

/* h_notify_ref with nothing to record on delivery.  Returns 0 or -1. */
int
h_notify(struct ctx *ctx, const char *dedupe_key, const char *employee_id,
    const struct reply *msg)
{
	return h_notify_ref(ctx, dedupe_key, employee_id, msg, NULL);
}
