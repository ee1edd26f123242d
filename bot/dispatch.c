/*
 * dispatch.c: runs a group of requests in one transaction (group commit):
 * who is asking, which handler, may they, then the handler, each request
 * inside its own savepoint with its dedupe record and outbox rows.  Only
 * after the one COMMIT may the adapters ack (DESIGN.md, data flow).
 *
 * DESIGN
 * A request that fails rolls back to its savepoint alone and is not acked,
 * so the platform sends it again; the others in the group are committed
 * and acked.  If the COMMIT itself fails, nothing of the group is durable
 * and nothing is acked.  What a request answers is decided here, once for
 * every adapter: the reply in the ack where the platform takes it, else an
 * outbox row to the asker (direct, private in the conversation, or their
 * home view); a stranger's answer, which the outbox cannot address; a form
 * to open; or silence for a duplicate.
 */
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "handlers.h"

/* Replies that need no handler: unknown user, unknown command. */
static void
dispatch_say(struct ctx *ctx, struct reply *reply, const char *key,
    const char *word)
{
	reply_add(reply, REPLY_TEXT, msgcat_fmt(ctx->msg, ctx->lang, key,
	    "command", word, NULL));
}

/* A dedupe key for what answers the request (caller frees). */
static char *
dispatch_key(const struct ctx *ctx, const char *what)
{
	char	*key;

	if (ctx->req->delivery_id != NULL)
		xasprintf(&key, "%s:%s:%s", what, ctx->req->platform,
		    ctx->req->delivery_id);
	else	/* a request that can never come again: any unique key */
		xasprintf(&key, "%s:%s:%lld:%08x%08x", what, ctx->req->platform,
		    (long long)ctx->now, arc4random(), arc4random());
	return key;
}

/*
 * Carries the reply to the asker through the outbox when the platform
 * cannot take it in the ack: as their home view, privately in the
 * conversation they asked in, or in their direct conversation.
 */
static int
dispatch_queue_to(struct ctx *ctx, const struct reply *reply,
    const char *recipient, char *key)
{
	const struct request	*req = ctx->req;
	struct outbox_msg	 m;
	char			*body;
	int			 rc;

	if (reply->nblocks == 0) {
		free(key);
		return 0;
	}
	memset(&m, 0, sizeof m);
	m.platform = req->platform;
	m.recipient = recipient;
	/* The account that asked, even should the link have changed. */
	m.chat_user = req->chat_user;
	m.method = OUTBOX_DIRECT;
	if (req->reply_home)
		m.method = OUTBOX_HOME;
	else if (req->reply_ephemeral && req->channel != NULL) {
		m.method = OUTBOX_PRIVATE;
		m.conversation = req->channel;
	}
	m.dedupe_key = key;
	m.body = body = reply_to_json(reply);
	m.not_before = ctx->now;
	rc = q_outbox_add(ctx->db, &m) < 0 ? -1 : 0;
	free(body);
	free(key);
	return rc;
}

static int
dispatch_queue_reply(struct ctx *ctx, const struct reply *reply)
{
	return dispatch_queue_to(ctx, reply, ctx->me->employee_id,
	    dispatch_key(ctx, "reply"));
}

/*
 * Someone on no roster: told so once in [limits] stranger_hours (the
 * window's key is claimed like a delivery id, so it holds across restarts),
 * in the ack where the platform takes it, else through the paced outbox to
 * the account that asked.  Otherwise silence: a stranger who keeps writing
 * costs nothing.  Returns DISPATCH_STRANGER, or DISPATCH_FAILED.
 */
static enum dispatch_result
dispatch_stranger(struct ctx *ctx, struct answer *ans)
{
	const struct request	*req = ctx->req;
	long			 hours = ctx->cfg->limit_stranger_hours;
	char			*key;
	int			 first = 1;

	if (req->chat_user == NULL)
		return DISPATCH_STRANGER;
	if (hours > 0) {
		xasprintf(&key, "stranger:%s:%s:%lld", req->platform,
		    req->chat_user, (long long)(ctx->now / (hours * 3600)));
		first = q_seen_claim(ctx->db, key, ctx->now);
		free(key);
		if (first < 0)
			return DISPATCH_FAILED;
	}
	if (first == 0)
		return DISPATCH_STRANGER;
	dispatch_say(ctx, &ans->reply, "dispatch.unknown_user", "");
	if (req->reply_in_ack)
		return DISPATCH_STRANGER;
	xasprintf(&key, "stranger:%s:%s:%lld", req->platform, req->chat_user,
	    (long long)ctx->now);
	if (dispatch_queue_to(ctx, &ans->reply, "", key) != 0)
		return DISPATCH_FAILED;
	reply_clear(&ans->reply);	/* it went to the outbox */
	return DISPATCH_STRANGER;
}

/*
 * A pressed button whose command ran: the message that carried it is
 * edited to say so, in the asker's language.  The dedupe key names the
 * message and the command, so a second press or a redelivery edits once.
 */
static int
dispatch_queue_pressed(struct ctx *ctx, const struct handler *h)
{
	const struct request	*req = ctx->req;
	struct outbox_msg	 m;
	struct reply		 note;
	char			*key, *body;
	int			 rc;

	if (req->msg_ref == NULL)
		return 0;
	reply_init(&note);
	h_say(ctx, &note, h->pressed != NULL ? h->pressed : "chat.pressed",
	    "button", req->pressed_label != NULL ? req->pressed_label : "",
	    NULL);
	memset(&m, 0, sizeof m);
	m.platform = req->platform;
	m.recipient = ctx->me->employee_id;
	m.method = OUTBOX_EDIT;
	m.msg_ref = req->msg_ref;
	xasprintf(&key, "edit:%s:%s:%s", req->platform, req->msg_ref, h->name);
	m.dedupe_key = key;
	m.body = body = reply_to_json(&note);
	m.not_before = ctx->now;
	rc = q_outbox_add(ctx->db, &m) < 0 ? -1 : 0;
	free(body);
	free(key);
	reply_clear(&note);
	return rc;
}

/* True when the words are nothing, or only the person the form is for. */
static bool
dispatch_wants_form(const struct handler *h, const struct request *req,
    const char *args, struct args *a)
{
	if (h->form == NULL || req->trigger_id == NULL)
		return false;
	args_parse(a, args);
	return a->n == 0 || (a->n == 1 && a->v[0].kind == ARG_MENTION);
}

static void
dispatch_form_field(struct ctx *ctx, const struct form_field *f,
    const char *initial, struct form_view_field *v)
{
	const struct mvv_value	*mv;
	size_t			 i;
	bool			 en = strcmp(ctx->lang, "en") == 0;

	v->name = f->name;
	v->kind = f->kind;
	v->optional = f->optional;
	v->label = h_msg(ctx, f->label, NULL);
	v->hint = f->hint != NULL ? h_msg(ctx, f->hint, NULL) : NULL;
	if (f->kind == FORM_USER && initial != NULL)
		v->initial = xstrdup(initial);
	if (f->kind != FORM_VALUES)
		return;
	v->choices = xcalloc(ctx->mvv->nvalues, sizeof *v->choices);
	for (i = 0; i < ctx->mvv->nvalues; i++) {
		mv = &ctx->mvv->values[i];
		v->choices[i].id = xstrdup(mv->id);
		v->choices[i].label = xstrdup(en ? mv->tag_en : mv->tag);
	}
	v->nchoices = ctx->mvv->nvalues;
}

/*
 * The handler's form in the asker's language.  A person named in the
 * words is filled in as the platform knows them.  OUT: *v.
 */
static void
dispatch_form(struct ctx *ctx, const struct handler *h, const struct args *a,
    struct form_view *v)
{
	const struct form	*form = h->form;
	struct staff		*to = NULL;
	char			*initial = NULL;
	size_t			 i;

	if (a->n == 1 && h_resolve(ctx, &a->v[0], &to, NULL) == 0) {
		initial = q_identity_chat_user(ctx->db, ctx->req->platform,
		    to->employee_id);
		staff_free(to);
	}
	v->command = xstrdup(h->name);
	v->title = h_msg(ctx, form->title, NULL);
	v->submit = h_msg(ctx, form->submit, NULL);
	v->close = h_msg(ctx, form->close, NULL);
	v->fields = xcalloc(form->nfields, sizeof *v->fields);
	v->nfields = form->nfields;
	for (i = 0; i < form->nfields; i++) {
		dispatch_form_field(ctx, &form->fields[i], initial,
		    &v->fields[i]);
		if (form->fields[i].kind == FORM_TEXT &&
		    form->max_length != NULL)
			v->fields[i].max_length = form->max_length(ctx->cfg);
	}
	free(initial);
}

/* Runs the handler, or opens its form; see dispatch_one(). */
static enum dispatch_result
dispatch_run(struct ctx *ctx, const struct handler *h, const char *args,
    struct answer *ans)
{
	struct args	a;
	enum h_ret	ret;
	bool		form;

	memset(&a, 0, sizeof a);
	form = dispatch_wants_form(h, ctx->req, args, &a);
	if (h->may != NULL && !h->may(ctx)) {
		h_say(ctx, &ans->reply, h->denied, NULL);
		ret = q_audit(ctx->db, ctx->me->employee_id, "denied", h->name,
		    ctx->now) == 0 ? H_OK : H_ERROR;
	} else if (form) {
		dispatch_form(ctx, h, &a, &ans->form);
		args_clear(&a);
		return DISPATCH_FORM;
	} else {
		ret = h->exec(ctx, args, &ans->reply);
		if (ret == H_OK && dispatch_queue_pressed(ctx, h) != 0)
			ret = H_ERROR;
	}
	args_clear(&a);
	return ret == H_ERROR ? DISPATCH_FAILED : DISPATCH_DONE;
}

static enum dispatch_result
dispatch_command(struct ctx *ctx, const char *text, struct answer *ans)
{
	const struct handler	*h;
	const char		*args;
	char			*word;
	enum dispatch_result	 res = DISPATCH_DONE;

	if (request_split(text, &word, &args) != 0)
		return DISPATCH_DONE;	/* nothing was said */
	h = handler_find(word);
	if (h == NULL)
		dispatch_say(ctx, &ans->reply, "dispatch.unknown_command", word);
	else if (!handler_allowed(h, ctx)) {
		dispatch_say(ctx, &ans->reply, h->denied != NULL ? h->denied :
		    "dispatch.not_allowed", h->name);
		if (q_audit(ctx->db, ctx->me->employee_id, "denied", h->name,
		    ctx->now) != 0)
			res = DISPATCH_FAILED;
	} else if ((h->flags & H_DM_ONLY) && !ctx->req->direct)
		dispatch_say(ctx, &ans->reply, "dispatch.dm_only", h->name);
	else
		res = dispatch_run(ctx, h, args, ans);
	free(word);
	return res;
}

/*
 * The words a request stands for: typed, or those of a submitted form.
 * Returns them (caller frees).
 */
char *
dispatch_text(const struct request *req)
{
	const struct handler	*h;

	if (req->form_command == NULL)
		return xstrdup(req->text != NULL ? req->text : "");
	h = handler_find(req->form_command);
	if (h == NULL || h->form == NULL)
		return xstrdup("");
	return form_text(h->form, h->name, req->form_values,
	    req->nform_values);
}

/*
 * A reaction or a thread reply: each handler that counts them is told,
 * once per delivery, and nobody is answered (strangers neither).
 */
static enum dispatch_result
dispatch_event(struct ctx *ctx)
{
	size_t	i;
	int	seen = 1;

	if (ctx->req->delivery_id != NULL)
		seen = q_seen_claim(ctx->db, ctx->req->delivery_id, ctx->now);
	if (seen <= 0)
		return seen == 0 ? DISPATCH_DUPLICATE : DISPATCH_FAILED;
	for (i = 0; i < handler_count; i++) {
		if (handler_table[i]->on_event != NULL &&
		    handler_table[i]->on_event(ctx) != 0)
			return DISPATCH_FAILED;
	}
	return DISPATCH_DONE;
}

/* One request, inside the group's transaction; see dispatch_group(). */
static enum dispatch_result
dispatch_one(struct app *app, const struct request *req, const char *say,
    struct answer *ans)
{
	struct ctx		 ctx;
	struct staff		*me;
	char			*lang, *text;
	enum dispatch_result	 res;
	int			 seen = 1;

	sched_job_ctx(app, &ctx);
	ctx.req = req;
	if (req->kind != REQUEST_COMMAND)
		return dispatch_event(&ctx);
	switch (q_staff_by_chat(app->db, req->platform, req->chat_user, &me)) {
	case 0:
		return dispatch_stranger(&ctx, ans);
	case -1:
		return DISPATCH_FAILED;
	}
	ctx.me = me;
	ctx.lang = lang = h_lang_of(&ctx, me->employee_id);
	if (req->delivery_id != NULL)
		seen = q_seen_claim(app->db, req->delivery_id, ctx.now);
	if (seen <= 0)
		res = seen == 0 ? DISPATCH_DUPLICATE : DISPATCH_FAILED;
	else if (say != NULL) {
		/* Not run (ingress's limits): answered, or silence. */
		if (*say != '\0')
			dispatch_say(&ctx, &ans->reply, say, "");
		res = DISPATCH_DONE;
	} else {
		text = dispatch_text(req);
		res = dispatch_command(&ctx, text, ans);
		free(text);
	}
	if (res == DISPATCH_DONE && !req->reply_in_ack &&
	    dispatch_queue_reply(&ctx, &ans->reply) != 0)
		res = DISPATCH_FAILED;
	if (res == DISPATCH_FAILED)
		log_warnx("%s: %s request from %s failed; not acked", __func__,
		    req->platform, me->employee_id);
	if (res == DISPATCH_DUPLICATE || res == DISPATCH_FAILED) {
		reply_clear(&ans->reply);
		form_view_clear(&ans->form);
	}
	free(lang);
	staff_free(me);
	return res;
}

/* Runs one request in its own savepoint: a failure undoes it alone. */
static void
dispatch_saved(struct app *app, struct dispatch_job *j)
{
	if (db_savepoint(app->db) != 0) {
		j->res = DISPATCH_FAILED;
		return;
	}
	j->res = dispatch_one(app, j->req, j->say, &j->answer);
	if (j->res == DISPATCH_FAILED ? db_rollback_to(app->db) != 0 :
	    db_release(app->db) != 0)
		j->res = DISPATCH_FAILED;
}

/*
 * Runs jobs[0..n) on the loop thread in one transaction, each request in
 * its own savepoint, then commits once.  OUT: each job's res and answer
 * (the caller initialised the answers with answer_init).  A job is
 * DISPATCH_FAILED when it or the COMMIT failed: nothing of it is durable
 * and it must not be acked.
 */
void
dispatch_group(struct app *app, struct dispatch_job *jobs, size_t n)
{
	size_t	i;
	bool	committed, marks = false;

	if (n == 0)
		return;
	committed = db_begin(app->db) == 0;
	for (i = 0; i < n; i++) {
		if (committed)
			dispatch_saved(app, &jobs[i]);
		else
			jobs[i].res = DISPATCH_FAILED;
	}
	/* The sender's marks waiting for the loop share this fsync. */
	if (committed)
		marks = outbox_settle_begin(app->outbox);
	if (committed && db_commit(app->db) != 0) {
		log_warnx("%s: COMMIT of %zu requests failed; none acked",
		    __func__, n);
		committed = false;
	}
	if (marks)
		outbox_settle_end(app->outbox, committed);
	else
		outbox_settle(app->outbox);	/* handed over meanwhile */
	for (i = 0; i < n && !committed; i++) {
		jobs[i].res = DISPATCH_FAILED;
		answer_clear(&jobs[i].answer);
	}
	if (app->sched != NULL)
		sched_kick(app->sched);	/* the group may have added work */
}

/* The one-request group, for callers with no queue (tests, yellctl). */
enum dispatch_result
dispatch(struct app *app, const struct request *req, struct answer *ans)
{
	struct dispatch_job	j;

	memset(&j, 0, sizeof j);
	j.req = req;
	j.answer = *ans;
	dispatch_group(app, &j, 1);
	*ans = j.answer;
	return j.res;
}

void
answer_init(struct answer *a)
{
	memset(a, 0, sizeof *a);
	reply_init(&a->reply);
}

void
answer_clear(struct answer *a)
{
	reply_clear(&a->reply);
	form_view_clear(&a->form);
}
