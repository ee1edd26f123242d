/*
 * my.c: `my`, my enrolments this fiscal year (held, booked or waiting, and
 * where on the waitlist), the courses I am a target of and have not
 * booked (mandatory first, with why), the endorsements I received, and my
 * next reminders.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_MY_REMINDERS	5
#define H_MY_COURSES	10	/* targeted courses not booked */

static const char *const h_my_aliases[] = { "マイ", "自分", "mine", NULL };

/* One enrolment: held already, booked, or waiting in place N. */
static void
h_my_item(struct ctx *ctx, const struct enrollment *e, const char *when,
    struct reply *reply)
{
	char	key[32], pos[16];

	if (strcmp(e->status, "waitlisted") == 0) {
		snprintf(pos, sizeof pos, "%d", q_enroll_wait_position(ctx->db,
		    e->id));
		h_say(ctx, reply, "my.item_waiting", "code", e->code, "title",
		    e->title, "when", when, "position", pos, NULL);
		return;
	}
	if (strcmp(e->status, "enrolled") == 0 && e->starts_at != 0 &&
	    e->ends_at < ctx->now)
		snprintf(key, sizeof key, "my.status_held");
	else
		snprintf(key, sizeof key, "my.status_%s", e->status);
	h_say(ctx, reply, "my.item", "code", e->code, "title", e->title,
	    "when", when, "status", msgcat_raw(ctx->msg, ctx->lang, key), NULL);
}

/*
 * The courses of this year I am a target of and have not booked yet,
 * mandatory first, with why: what applies to me, without asking anyone.
 */
static void
h_my_courses(struct ctx *ctx, struct reply *reply)
{
	struct reco_catalog	 rc;
	struct reco		*r;
	const struct course	*c;
	size_t			 n, i, shown = 0;
	char			*why, *line;

	h_reco_load(ctx, &rc);
	r = xcalloc(rc.n + 1, sizeof *r);
	n = h_reco_member(ctx, &rc, ctx->me, NULL, false, r);
	for (i = 0; i < n && shown < H_MY_COURSES; i++) {
		if (r[i].status != 0)
			continue;	/* booked or waiting: listed above */
		if (shown++ == 0)
			h_say(ctx, reply, "my.courses", NULL);
		c = &rc.courses[r[i].course];
		why = h_reco_why(ctx, &rc, r[i].course, ctx->me);
		line = rc.next[r[i].course] != 0 ? h_date(ctx,
		    rc.next[r[i].course]) : xstrdup(c->window_label != NULL ?
		    c->window_label : "-");
		h_say(ctx, reply, r[i].mandatory ? "my.course_mandatory" :
		    c->designated ? "my.course_designated" : "my.course",
		    "code", c->code, "title", c->title, "when", line, "why",
		    why, NULL);
		free(line);
		free(why);
	}
	free(r);
	h_reco_free(&rc);
}

/* Who endorsed which course to me (推薦), newest first. */
static void
h_my_endorsed(struct ctx *ctx, struct reply *reply)
{
	struct endorsed	*e;
	size_t		 n, i;
	char		*date;

	e = q_endorsed_of(ctx->db, ctx->me->employee_id, h_fy(ctx), &n);
	if (n > 0)
		h_say(ctx, reply, "my.endorsed", NULL);
	for (i = 0; i < n; i++) {
		date = h_date(ctx, e[i].created_at);
		h_say(ctx, reply, "my.endorsed_item", "manager", e[i].manager,
		    "code", e[i].code, "title", e[i].title, "date", date, NULL);
		free(date);
	}
	endorsed_array_free(e, n);
}

static void
h_my_enrolments(struct ctx *ctx, struct reply *reply)
{
	struct enrollment	*e;
	size_t			 n, i;
	char			*when;

	e = q_enroll_mine(ctx->db, ctx->me->employee_id, h_fy(ctx), &n);
	if (n == 0) {
		h_say(ctx, reply, "my.none", NULL);
		return;
	}
	h_say(ctx, reply, "my.title", NULL);
	for (i = 0; i < n; i++) {
		if (e[i].starts_at != 0)
			when = h_class_when(ctx, e[i].class_id,
			    e[i].starts_at);
		else
			when = xstrdup(e[i].window_label != NULL ?
			    e[i].window_label : msgcat_raw(ctx->msg, ctx->lang,
			    "my.no_date"));
		h_my_item(ctx, &e[i], when, reply);
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
	h_my_courses(ctx, reply);
	h_my_endorsed(ctx, reply);
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
