/*
 * course.c: `course <code>`, one course in full: who it is for, what it
 * teaches, its classes with dates and seats, and how to enrol.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_course_aliases[] = { "研修詳細", "detail", NULL };

static void
h_course_class(struct ctx *ctx, const struct class *k, struct reply *reply)
{
	char	*from, *to, seats[32], taken[16], waiting[16];

	from = h_when(ctx, k->starts_at);
	to = h_date(ctx, k->ends_at);
	if (k->capacity > 0)
		snprintf(seats, sizeof seats, "%d", k->capacity);
	else
		snprintf(seats, sizeof seats, "%s", msgcat_raw(ctx->msg,
		    ctx->lang, "course.no_limit"));
	snprintf(taken, sizeof taken, "%d", k->enrolled);
	snprintf(waiting, sizeof waiting, "%d", k->waiting);
	h_say(ctx, reply, k->cancelled ? "course.class_cancelled" :
	    k->nsessions > 1 ? "course.class_multi" : "course.class",
	    "key", k->key, "from", from, "to", to, "seats", seats, "taken",
	    taken, "waiting", waiting, NULL);
	free(from);
	free(to);
}

static enum h_ret
h_course_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct course	*c;
	struct class	*k;
	size_t		 n, i;
	char		*skills, *code, catkey[32];

	code = text_trim(argv);
	c = h_course_arg(ctx, code, reply);
	free(code);
	if (c == NULL)
		return H_OK;
	snprintf(catkey, sizeof catkey, "category.%s", c->category);
	skills = h_skill_labels(ctx, c->skills);
	h_say(ctx, reply, "course.detail", "code", c->code, "title", c->title,
	    "category", msgcat_raw(ctx->msg, ctx->lang, catkey), "target",
	    c->target_text != NULL ? c->target_text : "-", "summary",
	    c->summary != NULL ? c->summary : "-", "days",
	    c->days_text != NULL ? c->days_text : "-", "skills", skills, NULL);
	if (c->mandatory)
		h_say(ctx, reply, "course.mandatory", NULL);
	k = q_class_list(ctx->db, c->id, &n);
	for (i = 0; i < n; i++)
		h_course_class(ctx, &k[i], reply);
	if (n == 0)
		h_say(ctx, reply, "course.window", "label",
		    c->window_label != NULL ? c->window_label : "-", NULL);
	if (c->notes != NULL)
		reply_add(reply, REPLY_CONTEXT, xstrdup(c->notes));
	reply_add_button(reply, h_msg(ctx, "course.enroll_button", NULL),
	    "enroll", c->code);
	h_say(ctx, reply, "course.enroll_hint", "code", c->code, NULL);
	class_array_free(k, n);
	free(skills);
	course_free(c);
	return H_OK;
}

const struct handler handler_course = {
	.name = "course",
	.aliases = h_course_aliases,
	.usage = "course.usage",
	.summary = "course.summary",
	.role = ROLE_STAFF,
	.exec = h_course_exec,
};
