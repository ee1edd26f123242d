/*
 * my.c: `my`, my enrolments this fiscal year and my next reminders.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_MY_REMINDERS	5

static const char *const h_my_aliases[] = { "マイ", "自分", "mine", NULL };

/* The class's start, with its time only when the plan gives one. */
static char *
h_my_when(struct ctx *ctx, const struct enrollment *e)
{
	struct class	*k;
	bool		 times;

	k = q_class_get(ctx->db, e->class_id);
	times = k != NULL && k->times_known;
	class_array_free(k, k != NULL ? 1 : 0);
	return times ? h_when(ctx, e->starts_at) : h_date(ctx, e->starts_at);
}

static void
h_my_enrolments(struct ctx *ctx, struct reply *reply)
{
	struct enrollment	*e;
	size_t			 n, i;
	char			*when, key[32];

	e = q_enroll_mine(ctx->db, ctx->me->employee_id, h_fy(ctx), &n);
	if (n == 0) {
		h_say(ctx, reply, "my.none", NULL);
		return;
	}
	h_say(ctx, reply, "my.title", NULL);
	for (i = 0; i < n; i++) {
		if (e[i].starts_at != 0)
			when = h_my_when(ctx, &e[i]);
		else
			when = xstrdup(e[i].window_label != NULL ?
			    e[i].window_label : msgcat_raw(ctx->msg, ctx->lang,
			    "my.no_date"));
		snprintf(key, sizeof key, "my.status_%s", e[i].status);
		h_say(ctx, reply, "my.item", "code", e[i].code, "title",
		    e[i].title, "when", when, "status", msgcat_raw(ctx->msg,
		    ctx->lang, key), NULL);
		free(when);
	}
	enrollment_array_free(e, n);
}

static void
h_my_reminders(struct ctx *ctx, struct reply *reply)
{
	struct reminder	*r;
	size_t		 n, i;
	char		*when;

	r = q_reminder_upcoming(ctx->db, ctx->me->employee_id, ctx->now,
	    H_MY_REMINDERS, &n);
	if (n == 0)
		return;
	h_say(ctx, reply, "my.reminders", NULL);
	for (i = 0; i < n; i++) {
		when = h_when(ctx, r[i].due_at);
		h_say(ctx, reply, "my.reminder", "when", when, "code",
		    r[i].code, "title", r[i].title, NULL);
		free(when);
	}
	reminder_array_free(r, n);
}

static enum h_ret
h_my_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	(void)args;
	h_my_enrolments(ctx, reply);
	h_my_reminders(ctx, reply);
	return H_OK;
}

const struct handler handler_my = {
	.name = "my",
	.aliases = h_my_aliases,
	.usage = "my.usage",
	.summary = "my.summary",
	.role = ROLE_STAFF,
	.exec = h_my_exec,
};
