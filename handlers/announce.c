/*
 * announce.c: `announce`, HR's inner-PR announcements (インナーPR), written
 * as a short dialogue on a draft: `announce new TITLE`, then `body`, `to`
 * (the audience), `at`, `ack`, `remind`, `channel`, `dm`, `urgent`, each
 * answered with the preview; `send` confirms, `cancel` withdraws one that
 * has not gone out, `list` and `show` look back; where the platform has
 * forms, `announce` alone opens one with every field, which makes the
 * draft at once.  Nothing goes out before
 * HR has seen the preview and confirmed; the delivery job
 * (announcements.c) sends it at its time.  Its on_sent hook records each
 * copy's delivery.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_ANN_TITLE_MAX	100	/* characters */
#define H_ANN_BODY_MAX	3000	/* what one chat message carries whole */
#define H_ANN_LIST	10
#define H_ANN_REMIND_MAX 30	/* working days */

static const char *const h_announce_aliases[] = { "お知らせ", NULL };

struct h_ann_field {
	const char	*word;
	const char	*alias;
	int		(*set)(struct ctx *, struct announcement *,
			    const char *value, struct reply *);
	size_t		 flag;	/* set NULL: the offset of an on/off field */
};

/* "on"/"off" in either language: 1, 0, or -1 for neither. */
static int
h_ann_bool(const char *value)
{
	char	*v = text_norm_token(value);
	int	 b = -1;

	if (strcmp(v, "on") == 0 || strcmp(v, "はい") == 0 ||
	    strcmp(v, "あり") == 0 || strcmp(v, "yes") == 0)
		b = 1;
	else if (strcmp(v, "off") == 0 || strcmp(v, "いいえ") == 0 ||
	    strcmp(v, "なし") == 0 || strcmp(v, "no") == 0)
		b = 0;
	free(v);
	return b;
}

/* A text field: one line or many, within max characters.  0 or -1. */
static int
h_ann_text(struct ctx *ctx, char **field, const char *value, size_t max,
    const char *name, struct reply *reply)
{
	char	*label, n[16];

	if (*value == '\0' || text_chars(value) > max) {
		label = h_msg(ctx, name, NULL);
		snprintf(n, sizeof n, "%zu", max);
		h_say(ctx, reply, "announce.bad_text", "field", label, "max",
		    n, NULL);
		free(label);
		return -1;
	}
	free(*field);
	*field = xstrdup(value);
	return 0;
}

static int
h_ann_set_title(struct ctx *ctx, struct announcement *a, const char *v,
    struct reply *reply)
{
	return h_ann_text(ctx, &a->title, v, H_ANN_TITLE_MAX,
	    "announce.field_title", reply);
}

static int
h_ann_set_body(struct ctx *ctx, struct announcement *a, const char *v,
    struct reply *reply)
{
	return h_ann_text(ctx, &a->body, v, H_ANN_BODY_MAX,
	    "announce.field_body", reply);
}

static int
h_ann_set_audience(struct ctx *ctx, struct announcement *a, const char *v,
    struct reply *reply)
{
	struct segment	*seg;
	char		*bad = NULL;

	if ((seg = segment_parse(v, &bad)) == NULL) {
		h_say(ctx, reply, "announce.bad_audience", "part",
		    bad != NULL ? bad : v, NULL);
		free(bad);
		return -1;
	}
	segment_free(seg);
	free(a->audience);
	a->audience = xstrdup(v);
	return 0;
}

static int
h_ann_set_at(struct ctx *ctx, struct announcement *a, const char *v,
    struct reply *reply)
{
	char	*norm = text_norm_token(v);
	time_t	 t;
	int	 rc = 0;

	if (strcmp(norm, "now") == 0 || strcmp(norm, "今すぐ") == 0)
		a->send_at = ctx->now;
	else if (clock_parse(norm, &t) == 0 && t > ctx->now - 60)
		a->send_at = t;
	else {
		h_say(ctx, reply, "announce.bad_at", "value", v, NULL);
		rc = -1;
	}
	free(norm);
	return rc;
}

/* An on/off field of a; 0 or -1 (said why). */
static int
h_ann_flag(struct ctx *ctx, bool *flag, const char *v, struct reply *reply)
{
	int	b;

	if ((b = h_ann_bool(v)) < 0) {
		h_say(ctx, reply, "announce.bad_onoff", "value", v, NULL);
		return -1;
	}
	*flag = b == 1;
	return 0;
}

static int
h_ann_set_remind(struct ctx *ctx, struct announcement *a, const char *v,
    struct reply *reply)
{
	char	*norm = text_norm_token(v), *end;
	long	 n;

	n = strtol(norm, &end, 10);
	if (h_ann_bool(v) == 0)
		n = 0, end = norm + strlen(norm);
	if (*norm == '\0' || *end != '\0' || n < 0 || n > H_ANN_REMIND_MAX) {
		free(norm);
		h_say(ctx, reply, "announce.bad_remind", "value", v, NULL);
		return -1;
	}
	free(norm);
	a->remind_after = (int)n;
	if (n > 0)
		a->ack = true;	/* a reminder needs something to remind of */
	return 0;
}

static int
h_ann_set_channel(struct ctx *ctx, struct announcement *a, const char *v,
    struct reply *reply)
{
	char	*norm = text_norm_token(v);

	free(a->channel);
	a->channel = NULL;
	if (h_ann_bool(v) != 0) {
		/* A channel mention <#C123|name> or the bare id. */
		if (norm[0] == '<' && norm[1] == '#')
			a->channel = xstrndup(v + 2, strcspn(v + 2, "|>"));
		else if (strcspn(v, " \t<>@!") == strlen(v))
			a->channel = xstrdup(v);
		else {
			h_say(ctx, reply, "announce.bad_channel", "value", v,
			    NULL);
			free(norm);
			return -1;
		}
	}
	free(norm);
	return 0;
}

/* `announce every RULE` (or off): the draft becomes a series when sent. */
static int
h_ann_set_every(struct ctx *ctx, struct announcement *a, const char *v,
    struct reply *reply)
{
	struct series_rule	 rule;
	char			*cause = NULL;

	free(a->every);
	a->every = NULL;
	if (h_ann_bool(v) == 0)
		return 0;
	if (h_series_parse(v, &rule, &cause) != 0) {
		free(cause);
		h_say(ctx, reply, "announce.bad_every", "value", v, NULL);
		return -1;
	}
	a->every = xstrdup(v);
	return 0;
}

/* The first edition of a's series, or (time_t)-1 if its rule is bad. */
static time_t
h_ann_first_edition(struct ctx *ctx, const struct announcement *a,
    struct series_rule *rule)
{
	char	*cause = NULL;

	if (h_series_parse(a->every, rule, &cause) != 0) {
		free(cause);
		return (time_t)-1;
	}
	return h_series_next_at(ctx->cal, rule, (a->send_at > ctx->now ?
	    a->send_at : ctx->now) - 1);
}

static const struct h_ann_field h_ann_fields[] = {
	{ "title", "題名", h_ann_set_title, 0 },
	{ "body", "本文", h_ann_set_body, 0 },
	{ "to", "宛先", h_ann_set_audience, 0 },
	{ "at", "日時", h_ann_set_at, 0 },
	{ "ack", "既読確認", NULL, offsetof(struct announcement, ack) },
	{ "remind", "催促", h_ann_set_remind, 0 },
	{ "channel", "チャンネル", h_ann_set_channel, 0 },
	{ "dm", "個別", NULL, offsetof(struct announcement, dm) },
	{ "urgent", "至急", NULL, offsetof(struct announcement, urgent) },
	{ "every", "繰り返し", h_ann_set_every, 0 },
};

/* Sets field f of a from value.  Returns 0, or -1 (said why). */
static int
h_ann_apply(struct ctx *ctx, const struct h_ann_field *f,
    struct announcement *a, const char *value, struct reply *reply)
{
	if (f->set != NULL)
		return f->set(ctx, a, value, reply);
	return h_ann_flag(ctx, (bool *)((char *)a + f->flag), value, reply);
}

/* Reads "#12", "12" or "１２".  Returns the id, or 0. */
static int64_t
h_ann_id(const char *s)
{
	char		*norm = text_norm_token(s), *p = norm, *end;
	long long	 id;

	if (*p == '#')
		p++;
	id = strtoll(p, &end, 10);
	if (end == p || *end != '\0' || id <= 0)
		id = 0;
	free(norm);
	return id;
}

/* The preview's lines on whom and when. */
static int
h_ann_preview_reach(struct ctx *ctx, const struct announcement *a,
    struct reply *reply)
{
	struct announce_reach	 r;
	struct buf		 names;
	char			*bad, n[16], u[16], *everyone;
	size_t			 i;

	if (h_announce_reach(ctx->db, a->audience, &r, &bad) != 0) {
		if (bad == NULL)
			return -1;
		h_say(ctx, reply, "announce.bad_audience", "part", bad, NULL);
		free(bad);
		return 0;
	}
	snprintf(n, sizeof n, "%d", r.targeted);
	snprintf(u, sizeof u, "%d", r.unlinked);
	everyone = h_msg(ctx, "announce.everyone", NULL);
	h_say(ctx, reply, "announce.preview_reach", "n", n, "audience",
	    *a->audience != '\0' ? a->audience : everyone, NULL);
	free(everyone);
	if (r.unlinked > 0) {
		buf_init(&names, 0);
		for (i = 0; i < r.nnames; i++)
			buf_printf(&names, "%s%s", i > 0 ? "、" : "",
			    r.names[i]);
		if ((size_t)r.unlinked > r.nnames)
			buf_addstr(&names, "…");
		h_say(ctx, reply, "announce.preview_unlinked", "n", u,
		    "names", names.data, NULL);
		buf_free(&names);
	}
	h_announce_reach_clear(&r);
	return 0;
}

/* A series' rule and its next editions. */
static void
h_ann_preview_series(struct ctx *ctx, const struct announcement *a,
    struct reply *reply)
{
	struct series_rule	 rule;
	struct buf		 dates;
	time_t			 t;
	char			*d;
	int			 i;

	t = h_ann_first_edition(ctx, a, &rule);
	buf_init(&dates, 0);
	for (i = 0; i < 3 && t != (time_t)-1; i++) {
		d = h_when(ctx, t);
		buf_printf(&dates, "%s%s", i > 0 ? "、" : "", d);
		free(d);
		t = h_series_next_at(ctx->cal, &rule, t);
	}
	h_say(ctx, reply, "announce.preview_series", "rule", a->every,
	    "dates", dates.data != NULL ? dates.data : "-", NULL);
	buf_free(&dates);
}

static void
h_ann_preview_when(struct ctx *ctx, const struct announcement *a,
    struct reply *reply)
{
	time_t	 t = h_announce_when(ctx->cal, a, ctx->now);
	char	*when, *how, n[16];

	if (a->every != NULL)
		h_ann_preview_series(ctx, a, reply);
	else {
		when = h_when(ctx, t);
		h_say(ctx, reply, a->urgent ? "announce.preview_urgent" :
		    t != (a->send_at > ctx->now ? a->send_at : ctx->now) ?
		    "announce.preview_moved" : "announce.preview_when", "when",
		    when, NULL);
		free(when);
	}
	how = h_msg(ctx, a->dm && a->channel != NULL ? "announce.how_both" :
	    a->channel != NULL ? "announce.how_channel" : a->dm ?
	    "announce.how_dm" : "announce.how_none", "channel",
	    a->channel != NULL ? a->channel : "", NULL);
	h_say(ctx, reply, "announce.preview_how", "how", how, NULL);
	free(how);
	snprintf(n, sizeof n, "%d", a->remind_after);
	if (a->ack)
		h_say(ctx, reply, a->remind_after > 0 ?
		    "announce.preview_ack_remind" : "announce.preview_ack",
		    "n", n, NULL);
}

/* The whole preview: reach, time, way, and the message itself. */
static enum h_ret
h_ann_preview(struct ctx *ctx, const struct announcement *a,
    struct reply *reply)
{
	struct reply	 msg;
	char		 id[32], *status, *key;
	size_t		 i;

	snprintf(id, sizeof id, "%lld", (long long)a->id);
	xasprintf(&key, "announce.status_%s", a->status);
	status = h_msg(ctx, key, NULL);
	h_say(ctx, reply, "announce.preview_head", "id", id, "status",
	    status, NULL);
	free(status);
	free(key);
	if (h_ann_preview_reach(ctx, a, reply) != 0)
		return H_ERROR;
	h_ann_preview_when(ctx, a, reply);
	h_say(ctx, reply, "announce.preview_message", NULL);
	reply_init(&msg);
	h_announce_render(ctx->msg, ctx->lang, a, &msg);
	for (i = 0; i < msg.nblocks; i++) {
		if (msg.blocks[i].kind == REPLY_BUTTON)
			reply_add(reply, REPLY_CONTEXT, h_msg(ctx,
			    "announce.preview_button", "button",
			    msg.blocks[i].text, NULL));
		else
			reply_add(reply, msg.blocks[i].kind,
			    xstrdup(msg.blocks[i].text));
	}
	reply_clear(&msg);
	h_say(ctx, reply, *a->body == '\0' ? "announce.need_body" :
	    "announce.preview_confirm", "id", id, NULL);
	if (*a->body != '\0' && strcmp(a->status, "draft") == 0) {
		xasprintf(&key, "send %s", id);
		reply_add_button(reply, h_msg(ctx, "announce.confirm_button",
		    NULL), "announce", key);
		free(key);
	}
	return H_OK;
}

/* `announce new TITLE`: a new draft, sent to everyone now by default. */
static enum h_ret
h_ann_new(struct ctx *ctx, const char *title, struct reply *reply)
{
	struct announcement	 a;
	char			 detail[48];
	enum h_ret		 ret = H_ERROR;

	memset(&a, 0, sizeof a);
	if (h_ann_set_title(ctx, &a, title, reply) != 0)
		return H_OK;
	a.author = xstrdup(ctx->me->employee_id);
	a.audience = xstrdup("");
	a.body = xstrdup("");
	a.dm = true;
	a.send_at = ctx->now;
	a.created_at = ctx->now;
	a.status = xstrdup("draft");
	if (q_announce_insert(ctx->db, &a, &a.id) != 0)
		goto out;
	snprintf(detail, sizeof detail, "#%lld", (long long)a.id);
	if (q_audit(ctx->db, ctx->me->employee_id, "announce.create", detail,
	    ctx->now) != 0)
		goto out;
	ret = h_ann_preview(ctx, &a, reply);
out:
	announcement_clear(&a);
	return ret;
}

/* Saves the edited draft a (and frees it), then shows its preview. */
static enum h_ret
h_ann_save(struct ctx *ctx, struct announcement *a, struct reply *reply)
{
	enum h_ret	ret;

	if (q_announce_update(ctx->db, a) < 0)
		ret = H_ERROR;
	else
		ret = h_ann_preview(ctx, a, reply);
	announcement_free(a);
	return ret;
}

/* `announce FIELD VALUE` on the asker's draft, then the preview again. */
static enum h_ret
h_ann_edit(struct ctx *ctx, const struct h_ann_field *f, const char *value,
    struct reply *reply)
{
	struct announcement	*a;
	enum h_ret		 ret = H_OK;

	if ((a = q_announce_draft_of(ctx->db, ctx->me->employee_id)) ==
	    NULL) {
		h_say(ctx, reply, "announce.no_draft", NULL);
		return H_OK;
	}
	if (h_ann_apply(ctx, f, a, value, reply) == 0)
		return h_ann_save(ctx, a, reply);
	announcement_free(a);
	return ret;
}

/* The announcement named, or the asker's draft; NULL (said why) if none. */
static struct announcement *
h_ann_pick(struct ctx *ctx, const char *arg, struct reply *reply)
{
	struct announcement	*a;
	int64_t			 id;

	if (*arg == '\0') {
		if ((a = q_announce_draft_of(ctx->db, ctx->me->employee_id)) ==
		    NULL)
			h_say(ctx, reply, "announce.no_draft", NULL);
		return a;
	}
	if ((id = h_ann_id(arg)) == 0 || (a = q_announce_get(ctx->db, id)) ==
	    NULL) {
		h_say(ctx, reply, "announce.not_found", "id", arg, NULL);
		return NULL;
	}
	return a;
}

/*
 * A confirmed draft with a rule becomes a series: the draft is its
 * template, and each edition an announcement of its own.
 */
static enum h_ret
h_ann_send_series(struct ctx *ctx, struct announcement *a,
    const char *detail, struct reply *reply)
{
	struct series_rule	 rule;
	struct announcement	 t = *a;
	char			 id[32], sid[32], more[96], *when;
	int64_t			 series;

	if ((t.send_at = h_ann_first_edition(ctx, a, &rule)) == (time_t)-1) {
		h_say(ctx, reply, "announce.bad_every", "value", a->every,
		    NULL);
		return H_OK;
	}
	t.created_at = ctx->now;
	if (q_series_insert(ctx->db, &t, a->every, &series) != 0 ||
	    q_announce_to_series(ctx->db, a->id, series) != 1)
		return H_ERROR;
	snprintf(more, sizeof more, "%s series #%lld", detail,
	    (long long)series);
	if (q_audit(ctx->db, ctx->me->employee_id, "announce.send", more,
	    ctx->now) != 0)
		return H_ERROR;
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	snprintf(sid, sizeof sid, "%lld", (long long)series);
	when = h_when(ctx, t.send_at);
	h_say(ctx, reply, "announce.series_confirmed", "id", id, "series",
	    sid, "when", when, NULL);
	free(when);
	return H_OK;
}

/* `announce send [ID]`: the draft is confirmed, and goes out at its time. */
static enum h_ret
h_ann_send(struct ctx *ctx, const char *arg, struct reply *reply)
{
	struct announcement	*a;
	struct announce_reach	 r;
	char			 detail[64], id[32], *bad = NULL, *when;
	enum h_ret		 ret = H_OK;
	int			 targeted;

	if ((a = h_ann_pick(ctx, arg, reply)) == NULL)
		return H_OK;
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	if (strcmp(a->status, "draft") != 0) {
		h_say(ctx, reply, "announce.not_draft", "id", id, NULL);
		goto out;
	}
	if (*a->body == '\0' || (!a->dm && a->channel == NULL)) {
		h_say(ctx, reply, *a->body == '\0' ? "announce.need_body" :
		    "announce.need_way", "id", id, NULL);
		goto out;
	}
	if (h_announce_reach(ctx->db, a->audience, &r, &bad) != 0) {
		ret = bad == NULL ? H_ERROR : H_OK;
		if (bad != NULL)
			h_say(ctx, reply, "announce.bad_audience", "part", bad,
			    NULL);
		free(bad);
		goto out;
	}
	snprintf(detail, sizeof detail, "#%s %d", id, r.targeted);
	targeted = r.targeted;
	h_announce_reach_clear(&r);
	if (targeted == 0 && a->channel == NULL) {
		h_say(ctx, reply, "announce.nobody", NULL);
		goto out;
	}
	if (a->every != NULL) {
		ret = h_ann_send_series(ctx, a, detail, reply);
		goto out;
	}
	if (q_announce_confirm(ctx->db, a->id) != 1 ||
	    q_audit(ctx->db, ctx->me->employee_id, "announce.send", detail,
	    ctx->now) != 0) {
		ret = H_ERROR;
		goto out;
	}
	when = h_when(ctx, h_announce_when(ctx->cal, a, ctx->now));
	h_say(ctx, reply, "announce.confirmed", "id", id, "when", when, NULL);
	free(when);
out:
	announcement_free(a);
	return ret;
}

/* `announce cancel ID`: only before it went out. */
static enum h_ret
h_ann_cancel(struct ctx *ctx, const char *arg, struct reply *reply)
{
	struct announcement	*a;
	char			 id[32];
	int			 rc;

	if ((a = h_ann_pick(ctx, arg, reply)) == NULL)
		return H_OK;
	snprintf(id, sizeof id, "#%lld", (long long)a->id);
	rc = q_announce_cancel(ctx->db, a->id);
	announcement_free(a);
	if (rc < 0 || (rc == 1 && q_audit(ctx->db, ctx->me->employee_id,
	    "announce.cancel", id, ctx->now) != 0))
		return H_ERROR;
	h_say(ctx, reply, rc == 1 ? "announce.cancelled" :
	    "announce.cannot_cancel", "id", id + 1, NULL);
	return H_OK;
}

static enum h_ret
h_ann_list(struct ctx *ctx, struct reply *reply)
{
	struct announcement	*a;
	size_t			 n, i;
	char			 id[32], *when, *key, *status;

	a = q_announce_list(ctx->db, H_ANN_LIST, &n);
	if (n == 0)
		h_say(ctx, reply, "announce.list_empty", NULL);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%lld", (long long)a[i].id);
		xasprintf(&key, "announce.status_%s", a[i].status);
		status = h_msg(ctx, key, NULL);
		when = h_when(ctx, a[i].sent_at != 0 ? a[i].sent_at :
		    h_announce_when(ctx->cal, &a[i], ctx->now));
		h_say(ctx, reply, "announce.list_item", "id", id, "title",
		    a[i].title, "status", status, "when", when, NULL);
		free(when);
		free(status);
		free(key);
	}
	announcement_array_free(a, n);
	return H_OK;
}

/* `announce show ID`: the preview of a draft, else its figures. */
static enum h_ret
h_ann_show(struct ctx *ctx, const char *arg, struct reply *reply)
{
	struct announcement	*a;
	enum h_ret		 ret;
	char			 id[32];

	if ((a = h_ann_pick(ctx, arg, reply)) == NULL)
		return H_OK;
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	if (strcmp(a->status, "sent") == 0)
		ret = stats_announce(ctx, id, reply);
	else
		ret = h_ann_preview(ctx, a, reply);
	announcement_free(a);
	return ret;
}

/*
 * A submitted form (platforms with forms): a new draft with every field
 * given, then its preview; a field not understood is said, and left as
 * the draft's default, to be set again by its command.
 */
static enum h_ret
h_ann_form(struct ctx *ctx, struct reply *reply)
{
	const struct request	*req = ctx->req;
	struct announcement	*a;
	const char		*title = "";
	enum h_ret		 ret;
	size_t			 i, k;

	for (i = 0; i < req->nform_values; i++) {
		if (strcmp(req->form_values[i].name, "title") == 0)
			title = req->form_values[i].value;
	}
	/* A title refused makes no draft: say so, and change no other. */
	if (*title == '\0' || text_chars(title) > H_ANN_TITLE_MAX)
		return h_ann_new(ctx, title, reply);
	if ((ret = h_ann_new(ctx, title, reply)) != H_OK ||
	    (a = q_announce_draft_of(ctx->db, ctx->me->employee_id)) == NULL)
		return ret;
	reply_clear(reply);
	for (i = 0; i < req->nform_values; i++) {
		for (k = 1; k < sizeof h_ann_fields / sizeof h_ann_fields[0];
		    k++) {
			if (strcmp(req->form_values[i].name,
			    h_ann_fields[k].word) == 0 &&
			    *req->form_values[i].value != '\0')
				h_ann_apply(ctx, &h_ann_fields[k], a,
				    req->form_values[i].value, reply);
		}
	}
	return h_ann_save(ctx, a, reply);
}

static enum h_ret
h_announce_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	const char	*rest;
	char		*word;
	enum h_ret	 ret = H_OK;
	size_t		 i;

	if (ctx->req != NULL && ctx->req->form_command != NULL &&
	    strcmp(ctx->req->form_command, "announce") == 0)
		return h_ann_form(ctx, reply);
	if (request_split(args, &word, &rest) != 0) {
		h_say(ctx, reply, "announce.help", NULL);
		return H_OK;
	}
	if (strcmp(word, "new") == 0 || strcmp(word, "新規") == 0)
		ret = h_ann_new(ctx, rest, reply);
	else if (strcmp(word, "send") == 0 || strcmp(word, "送信") == 0)
		ret = h_ann_send(ctx, rest, reply);
	else if (strcmp(word, "cancel") == 0 || strcmp(word, "取消") == 0)
		ret = h_ann_cancel(ctx, rest, reply);
	else if (strcmp(word, "list") == 0 || strcmp(word, "一覧") == 0)
		ret = h_ann_list(ctx, reply);
	else if (strcmp(word, "show") == 0 || strcmp(word, "preview") == 0 ||
	    strcmp(word, "確認") == 0)
		ret = h_ann_show(ctx, rest, reply);
	else {
		for (i = 0; i < sizeof h_ann_fields / sizeof h_ann_fields[0];
		    i++) {
			if (strcmp(word, h_ann_fields[i].word) == 0 ||
			    strcmp(word, h_ann_fields[i].alias) == 0)
				break;
		}
		if (i < sizeof h_ann_fields / sizeof h_ann_fields[0])
			ret = h_ann_edit(ctx, &h_ann_fields[i], rest, reply);
		else
			h_say(ctx, reply, "announce.help", NULL);
	}
	free(word);
	return ret;
}

/*
 * The outbox's ref "announce:ID" (one person's copy, ID its receipt) or
 * "announce:cID" (the channel post of announcement ID) went out at at.
 */
static int
h_announce_sent(struct db *db, const char *id, time_t at,
    const char *msg_ref)
{
	bool		 post = *id == 'c';
	long long	 n;
	char		*end;

	(void)msg_ref;
	n = strtoll(id + post, &end, 10);
	if (*end != '\0' || n <= 0)
		return 0;
	return post ? q_announce_delivered_all(db, n, at) :
	    q_announce_delivered(db, n, at);
}

static const struct form_field h_announce_fields[] = {
	{ "title", FORM_TEXT, "announce.form_title", NULL, false },
	{ "body", FORM_TEXT, "announce.form_body", NULL, false },
	{ "to", FORM_TEXT, "announce.form_to", "announce.form_to_hint", true },
	{ "at", FORM_TEXT, "announce.form_at", "announce.form_at_hint", true },
	{ "dm", FORM_TEXT, "announce.form_dm", "announce.form_onoff", true },
	{ "channel", FORM_TEXT, "announce.form_channel",
	    "announce.form_channel_hint", true },
	{ "ack", FORM_TEXT, "announce.form_ack", "announce.form_onoff", true },
	{ "urgent", FORM_TEXT, "announce.form_urgent", "announce.form_onoff",
	    true },
	{ "every", FORM_TEXT, "announce.form_every", "announce.form_every_hint",
	    true },
};

static long
h_announce_max_length(const struct config *cfg)
{
	(void)cfg;
	return H_ANN_BODY_MAX;
}

static const struct form h_announce_form = {
	.title = "announce.form_heading",
	.submit = "announce.form_submit",
	.close = "form.close",
	.fields = h_announce_fields,
	.nfields = sizeof h_announce_fields / sizeof h_announce_fields[0],
	.max_length = h_announce_max_length,
};

const struct handler handler_announce = {
	.name = "announce",
	.aliases = h_announce_aliases,
	.usage = "announce.usage",
	.summary = "announce.summary",
	.role = ROLE_HR,
	.exec = h_announce_exec,
	.form = &h_announce_form,
	.on_sent = h_announce_sent,
};
