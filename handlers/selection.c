/*
 * selection.c: `selection @member <course>`, HR recording from chat that a
 * member was selected or nominated (選抜・推薦) for a course decided that
 * way, as `yellctl selection import` does for a whole list.  The member
 * is told, with the way to enrol.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_selection_aliases[] = { "選抜", "select", NULL };

/* "selected" or "nominated", as the course's target says; NULL if neither. */
static const char *
h_selection_kind(const struct course *c)
{
	struct rule	*r;
	char		*cause = NULL;
	const char	*kind = NULL;

	if ((r = rule_parse(c->target_rule != NULL ? c->target_rule : "",
	    &cause)) == NULL) {
		free(cause);
		return NULL;
	}
	if (rule_needs_selection(r))
		kind = strstr(c->target_rule, "\"nominated\"") != NULL ?
		    "nominated" : "selected";
	rule_free(r);
	return kind;
}

/* The member's message, in the member's language. */
static int
h_selection_tell(struct ctx *ctx, const struct staff *member,
    const struct course *c)
{
	struct h_for	 hf;
	struct reply	 msg;
	char		*key;
	int		 rc;

	h_for(ctx, member->employee_id, &hf);
	reply_init(&msg);
	h_say(ctx, &msg, "selection.received", "title", c->title, "code",
	    c->code, NULL);
	reply_add_button(&msg, h_msg(ctx, "course.enroll_button", NULL),
	    "enroll", c->code);
	h_say(ctx, &msg, "course.enroll_hint", "code", c->code, NULL);
	h_for_end(ctx, &hf);
	xasprintf(&key, "selection:%s:%lld", member->employee_id,
	    (long long)c->id);
	rc = h_notify(ctx, key, member->employee_id, &msg);
	free(key);
	reply_clear(&msg);
	return rc;
}

static enum h_ret
h_selection_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct staff	*member = NULL;
	struct course	*c = NULL;
	const char	*kind;
	enum h_ret	 ret = H_OK;

	if (h_member_course(ctx, argv, "selection.usage_hint", &member, &c,
	    reply) != 0)
		goto out;
	if ((kind = h_selection_kind(c)) == NULL) {
		h_say(ctx, reply, "selection.not_selection", "code", c->code,
		    "target", c->target_text != NULL ? c->target_text : "-",
		    NULL);
		goto out;
	}
	if (q_selection_add(ctx->db, member->employee_id, c->id, kind,
	    ctx->me->employee_id, ctx->now) != 0 ||
	    q_audit(ctx->db, ctx->me->employee_id, "selection", c->code,
	    ctx->now) != 0 || h_selection_tell(ctx, member, c) != 0) {
		ret = H_ERROR;
		goto out;
	}
	h_say(ctx, reply, "selection.done", "name", member->name, "title",
	    c->title, NULL);
out:
	course_free(c);
	staff_free(member);
	return ret;
}

const struct handler handler_selection = {
	.name = "selection",
	.aliases = h_selection_aliases,
	.usage = "selection.usage",
	.summary = "selection.summary",
	.role = ROLE_HR,
	.exec = h_selection_exec,
};
