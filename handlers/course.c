/*
 * course.c: `course <code>`, one course in full: who it is for and what
 * the plan says about attending (必修, 指名, 選抜・推薦), whether it is for
 * the asker, what it teaches, its classes with dates and seats, and how
 * to enrol.  Notes on how HR read the plan are not shown here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_course_aliases[] = { "研修詳細", "detail", NULL };

static void
h_course_class(struct ctx *ctx, const struct class *k, struct reply *reply)
{
	char	*from, *to, *seats, cap[16], taken[16], waiting[16];

	/* The plan gives no times for most classes: never invent them. */
	from = k->times_known ? h_when(ctx, k->starts_at) :
	    h_date(ctx, k->starts_at);
	to = h_date(ctx, k->ends_at);
	snprintf(cap, sizeof cap, "%d", k->capacity);
	seats = k->capacity > 0 ? h_msg(ctx, "course.seats", "n", cap, NULL) :
	    h_msg(ctx, "course.no_limit", NULL);
	snprintf(taken, sizeof taken, "%d", k->enrolled);
	snprintf(waiting, sizeof waiting, "%d", k->waiting);
	h_say(ctx, reply, k->cancelled ? "course.class_cancelled" :
	    k->nsessions > 1 ? "course.class_multi" : "course.class",
	    "key", k->key, "from", from, "to", to, "seats", seats, "taken",
	    taken, "waiting", waiting, NULL);
	free(from);
	free(to);
	free(seats);
}

/*
 * What the plan says about attending, as it says it, then whether the
 * course is for the asker: 必修 only where the plan writes 必修, 指名 for
 * a rank course's group, 選抜・推薦 for courses HR decides.  Returns the
 * asker's verdict (RULE_UNKNOWN when the rule cannot be read).
 */
static enum rule_verdict
h_course_requirement(struct ctx *ctx, const struct course *c,
    struct reply *reply)
{
	struct rule	*r, *mr = NULL;
	char		*cause = NULL, *why = NULL;
	bool		 targeted;
	enum rule_verdict v = RULE_UNKNOWN;

	if ((r = rule_parse(c->target_rule != NULL ? c->target_rule : "",
	    &cause)) == NULL) {
		free(cause);
		return v;
	}
	if (c->mandatory)
		h_say(ctx, reply, c->mandatory_rule != NULL ?
		    "course.mandatory_some" : "course.mandatory", NULL);
	else if (c->designated)
		h_say(ctx, reply, "course.designated", NULL);
	else if (rule_needs_selection(r))
		h_say(ctx, reply, "course.selection", NULL);
	if (ctx->me != NULL) {
		v = h_reco_fits(ctx, c, r, ctx->me, 0, &targeted, &why);
		if (c->mandatory_rule != NULL)
			mr = rule_parse(c->mandatory_rule, &cause);
		free(cause);
		h_say(ctx, reply, v == RULE_NO ? "course.you_not" :
		    v == RULE_UNKNOWN ? "course.you_unknown" : !targeted ?
		    "course.you_may" : h_reco_mandatory(ctx, c, mr, ctx->me) ?
		    "course.you_mandatory" : "course.you_target", "why", why,
		    NULL);
		rule_free(mr);
		free(why);
	}
	rule_free(r);
	return v;
}

static enum h_ret
h_course_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct course		*c;
	struct class		*k;
	size_t			 n, i;
	char			*skills, *code, catkey[32];
	enum rule_verdict	 v;

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
	v = h_course_requirement(ctx, c, reply);
	k = q_class_list(ctx->db, c->id, &n);
	for (i = 0; i < n; i++)
		h_course_class(ctx, &k[i], reply);
	if (n == 0)
		h_say(ctx, reply, "course.window", "label",
		    c->window_label != NULL ? c->window_label : "-", NULL);
	if (c->details != NULL)
		reply_add(reply, REPLY_CONTEXT, xstrdup(c->details));
	/*
	 * No button for a course nobody can book any more, nor for one the
	 * asker is no target of (the line above says why; HR can still).
	 */
	if (v == RULE_NO)
		;
	else if (h_course_bookable(ctx, c)) {
		reply_add_button(reply, h_msg(ctx, "course.enroll_button",
		    NULL), "enroll", c->code);
		h_say(ctx, reply, "course.enroll_hint", "code", c->code, NULL);
	} else
		h_say(ctx, reply, "course.over", NULL);
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
