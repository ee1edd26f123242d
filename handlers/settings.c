/*
 * settings.c: `settings` shows a person's settings; `settings language
 * ja|en` chooses the language the bot speaks to them in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_settings_aliases[] = { "設定", NULL };

static void	h_settings_show_imessage(struct ctx *, struct reply *);
/* Which nudges the asker gets, and how to change that. */
static void
h_settings_nudges_show(struct ctx *ctx, struct reply *reply)
{
	static const char *const kinds[] = { "imessage", "team", "class",
	    "thanks" };
	struct buf	 b;
	char		 key[32];
	size_t		 i;

	if (!h_nudge_wanted(ctx, ctx->me->employee_id, "")) {
		h_say(ctx, reply, "settings.nudges_all_off", NULL);
		return;
	}
	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (h_nudge_wanted(ctx, ctx->me->employee_id, kinds[i]))
			continue;
		snprintf(key, sizeof key, "nudge.kind.%s", kinds[i]);
		buf_printf(&b, "%s%s", b.len > 0 ? " / " : "",
		    msgcat_raw(ctx->msg, ctx->lang, key));
	}
	if (b.len == 0)
		h_say(ctx, reply, "settings.nudges_all_on", NULL);
	else
		h_say(ctx, reply, "settings.nudges_some_off", "kinds", b.data,
		    NULL);
	buf_free(&b);
}

static enum h_ret
h_settings_show(struct ctx *ctx, struct reply *reply)
{
	h_say(ctx, reply, "settings.current", "language",
	    msgcat_raw(ctx->msg, ctx->lang, "settings.language_name"), NULL);
	h_settings_show_imessage(ctx, reply);
	h_settings_nudges_show(ctx, reply);
	h_say(ctx, reply, "settings.usage_hint", NULL);
	return H_OK;
}

static enum h_ret
h_settings_language(struct ctx *ctx, const struct args *a,
    struct reply *reply)
{
	char	*lang;

	if (a->n != 2) {
		h_say(ctx, reply, "settings.usage_hint", NULL);
		return H_OK;
	}
	lang = text_norm_token(a->v[1].value);
	if (strcmp(lang, "日本語") == 0) {
		free(lang);
		lang = xstrdup("ja");
	} else if (strcmp(lang, "english") == 0 || strcmp(lang, "英語") == 0) {
		free(lang);
		lang = xstrdup("en");
	}
	if (!msgcat_has_locale(ctx->msg, lang)) {
		h_say(ctx, reply, "settings.bad_language", "language",
		    a->v[1].value, NULL);
		free(lang);
		return H_OK;
	}
	if (q_pref_set(ctx->db, ctx->me->employee_id, "language", lang) != 0) {
		free(lang);
		return H_ERROR;
	}
	/* Answer in the language just chosen. */
	ctx->lang = strcmp(lang, "en") == 0 ? "en" : "ja";
	free(lang);
	h_say(ctx, reply, "settings.language_set", "language",
	    msgcat_raw(ctx->msg, ctx->lang, "settings.language_name"), NULL);
	return H_OK;
}

/*
 * An on|off setting: `settings digest`, `settings hints` (the I-message
 * coach's hints for me), `settings weekly` (the weekly I-message digest).
 * pref is the preference key, said_on and said_off the answers' keys.
 */
static enum h_ret
h_settings_onoff(struct ctx *ctx, const struct args *a,
    const char *pref, const char *said_on, const char *said_off,
    struct reply *reply)
{
	char		*v;
	const char	*set = NULL;

	v = a->n == 2 ? text_norm_token(a->v[1].value) : xstrdup("");
	if (strcmp(v, "on") == 0 || strcmp(v, "オン") == 0)
		set = "on";
	else if (strcmp(v, "off") == 0 || strcmp(v, "オフ") == 0)
		set = "off";
	free(v);
	if (set == NULL) {
		h_say(ctx, reply, "settings.usage_hint", NULL);
		return H_OK;
	}
	if (q_pref_set(ctx->db, ctx->me->employee_id, pref, set) != 0)
		return H_ERROR;
	h_say(ctx, reply, strcmp(set, "on") == 0 ? said_on : said_off, NULL);
	return H_OK;
}

/* `settings digest on|off`: the managers' monthly digest. */
static enum h_ret
h_settings_digest(struct ctx *ctx, const struct args *a, struct reply *reply)
{
	return h_settings_onoff(ctx, a, "digest", "settings.digest_on",
	    "settings.digest_off", reply);
}

/* `settings share never|ok`: whether I may be shown or announced at all. */
static enum h_ret
h_settings_share(struct ctx *ctx, const struct args *a, struct reply *reply)
{
	char		*v;
	const char	*set = NULL;

	v = a->n == 2 ? text_norm_token(a->v[1].value) : xstrdup("");
	if (strcmp(v, "never") == 0 || strcmp(v, "しない") == 0)
		set = "never";
	else if (strcmp(v, "ok") == 0 || strcmp(v, "する") == 0)
		set = "ok";
	free(v);
	if (set == NULL) {
		h_say(ctx, reply, "settings.usage_hint", NULL);
		return H_OK;
	}
	if (q_pref_set(ctx->db, ctx->me->employee_id, "share", set) != 0)
		return H_ERROR;
	h_say(ctx, reply, strcmp(set, "never") == 0 ? "settings.share_never" :
	    "settings.share_ok", NULL);
	return H_OK;
}

/* The I-message settings' part of `settings`. */
static void
h_settings_show_imessage(struct ctx *ctx, struct reply *reply)
{
	char	*hints = q_pref_get(ctx->db, ctx->me->employee_id, "hints");
	char	*share = q_pref_get(ctx->db, ctx->me->employee_id, "share");

	h_say(ctx, reply, "settings.current_imessage", "hints",
	    msgcat_raw(ctx->msg, ctx->lang, hints != NULL &&
	    strcmp(hints, "off") == 0 ? "settings.off" : "settings.on"),
	    "share", msgcat_raw(ctx->msg, ctx->lang, share != NULL &&
	    strcmp(share, "never") == 0 ? "settings.share_never_short" :
	    "settings.share_ok_short"), NULL);
	free(hints);
	free(share);
}

/*
 * `settings nudges off|on [kind]`: every nudge, or one kind of them; the
 * next run already reads it.  Turning off is counted for the figures.
 */
static enum h_ret
h_settings_nudges(struct ctx *ctx, const struct args *a, struct reply *reply)
{
	const char	*kind = NULL;
	char		*v, *key;
	bool		 on;

	v = a->n >= 2 ? text_norm_token(a->v[1].value) : xstrdup("");
	on = strcmp(v, "on") == 0 || strcmp(v, "オン") == 0;
	if ((!on && strcmp(v, "off") != 0 && strcmp(v, "オフ") != 0) ||
	    a->n > 3 || (a->n == 3 &&
	    (kind = h_nudge_kind_name(a->v[2].value)) == NULL)) {
		free(v);
		h_say(ctx, reply, "settings.nudges_usage", NULL);
		return H_OK;
	}
	free(v);
	if (kind != NULL)
		xasprintf(&key, "nudges.%s", kind);
	else
		key = xstrdup("nudges");
	if (q_pref_set(ctx->db, ctx->me->employee_id, key, on ? "on" :
	    "off") != 0 || (!on && q_nudge_optout(ctx->db,
	    ctx->me->employee_id, kind != NULL ? kind : "", ctx->now) != 0)) {
		free(key);
		return H_ERROR;
	}
	free(key);
	if (kind != NULL) {
		xasprintf(&key, "nudge.kind.%s", kind);
		h_say(ctx, reply, on ? "settings.nudge_kind_on" :
		    "settings.nudge_kind_off", "kind", msgcat_raw(ctx->msg,
		    ctx->lang, key), "code", kind, NULL);
		free(key);
	} else
		h_say(ctx, reply, on ? "settings.nudges_on" :
		    "settings.nudges_off", NULL);
	return H_OK;
}

static enum h_ret
h_settings_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct args	 a;
	enum h_ret	 ret;
	char		*what;

	args_parse(&a, argv);
	if (a.n == 0) {
		args_clear(&a);
		return h_settings_show(ctx, reply);
	}
	what = text_norm_token(a.v[0].value);
	if (strcmp(what, "language") == 0 || strcmp(what, "lang") == 0 ||
	    strcmp(what, "言語") == 0)
		ret = h_settings_language(ctx, &a, reply);
	else if (strcmp(what, "digest") == 0 || strcmp(what, "月次") == 0)
		ret = h_settings_digest(ctx, &a, reply);
	else if (strcmp(what, "hints") == 0 || strcmp(what, "ヒント") == 0)
		ret = h_settings_onoff(ctx, &a, "hints",
		    "settings.hints_on", "settings.hints_off", reply);
	else if (strcmp(what, "weekly") == 0 || strcmp(what, "週次") == 0)
		ret = h_settings_onoff(ctx, &a, "weekly",
		    "settings.weekly_on", "settings.weekly_off", reply);
	else if (strcmp(what, "share") == 0 || strcmp(what, "共有") == 0)
		ret = h_settings_share(ctx, &a, reply);
	else if (strcmp(what, "nudges") == 0 || strcmp(what, "nudge") == 0)
		ret = h_settings_nudges(ctx, &a, reply);
	else {
		h_say(ctx, reply, "settings.usage_hint", NULL);
		ret = H_OK;
	}
	free(what);
	args_clear(&a);
	return ret;
}

const struct handler handler_settings = {
	.name = "settings",
	.aliases = h_settings_aliases,
	.usage = "settings.usage",
	.summary = "settings.summary",
	.role = ROLE_STAFF,
	.exec = h_settings_exec,
};
