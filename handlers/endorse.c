/*
 * endorse.c: `endorse @member <course>`, a manager's recommendation (推薦)
 * of a course to a member of the team: recorded, and the member gets a
 * message naming the manager and the course, with the way to enrol.
 * Only a course the member could then book: one still to come, that the
 * member may enrol in once endorsed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_endorse_aliases[] = { "推薦", "すすめる", NULL };

/* The member's message, in the member's language. */
static int
h_endorse_tell(struct ctx *ctx, const struct staff *member,
    const struct course *c)
{
	struct h_for	 hf;
	struct reply	 msg;
	char		*key;
	int		 rc;

	h_for(ctx, member->employee_id, &hf);
	reply_init(&msg);
	h_say(ctx, &msg, "endorse.received", "manager", ctx->me->name,
	    "title", c->title, "code", c->code, NULL);
	reply_add_button(&msg, h_msg(ctx, "course.enroll_button", NULL),
	    "enroll", c->code);
	h_say(ctx, &msg, "course.enroll_hint", "code", c->code, NULL);
	h_for_end(ctx, &hf);
	xasprintf(&key, "endorse:%s:%s:%lld", ctx->me->employee_id,
	    member->employee_id, (long long)c->id);
	rc = h_notify(ctx, key, member->employee_id, &msg);
	free(key);
	reply_clear(&msg);
	return rc;
}

/*
 * Refuses an endorsement the member could not act on: nothing left to
 * book, or a course the member may not enrol in even endorsed.  Returns 0,
 * or -1 with the reason in the reply.
 */
static int
h_endorse_check(struct ctx *ctx, const struct staff *member,
    const struct course *c, struct reply *reply)
{
	struct rule		*r;
	char			*cause = NULL, *why = NULL;
	bool			 targeted;
	enum rule_verdict	 v;

	if (!h_course_bookable(ctx, c)) {
		h_say(ctx, reply, "endorse.nothing_ahead", "title", c->title,
		    NULL);
		return -1;
	}
	if ((r = rule_parse(c->target_rule != NULL ? c->target_rule : "",
	    &cause)) == NULL) {
		free(cause);
		return 0;
	}
	v = h_reco_fits(ctx, c, r, member, H_FIT_ENROL | H_FIT_ENDORSED,
	    &targeted, &why);
	if (v == RULE_NO)
		h_say(ctx, reply, "endorse.not_target", "name", member->name,
		    "title", c->title, "target", c->target_text != NULL ?
		    c->target_text : "-", "why", why, NULL);
	free(why);
	rule_free(r);
	return v == RULE_NO ? -1 : 0;
}

static enum h_ret
h_endorse_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct staff	*member = NULL;
	struct course	*c = NULL;
	enum h_ret	 ret = H_OK;
	int		 rc;

	if (h_member_course(ctx, argv, "endorse.usage_hint", &member, &c,
	    reply) != 0)
		goto out;
	if (q_team_in_line(ctx->db, ctx->me->employee_id,
	    member->employee_id) != 1) {
		h_say(ctx, reply, "recommend.not_in_line", "name", member->name,
		    NULL);
		q_audit(ctx->db, ctx->me->employee_id, "denied",
		    "endorse outside line", ctx->now);
		goto out;
	}
	if (h_endorse_check(ctx, member, c, reply) != 0)
		goto out;
	rc = q_endorse_add(ctx->db, ctx->me->employee_id, member->employee_id,
	    c->id, ctx->now);
	if (rc < 0 || (rc == 1 && h_endorse_tell(ctx, member, c) != 0)) {
		ret = H_ERROR;
		goto out;
	}
	h_say(ctx, reply, rc == 1 ? "endorse.done" : "endorse.again", "name",
	    member->name, "title", c->title, NULL);
out:
	course_free(c);
	staff_free(member);
	return ret;
}

const struct handler handler_endorse = {
	.name = "endorse",
	.aliases = h_endorse_aliases,
	.usage = "endorse.usage",
	.summary = "endorse.summary",
	.role = ROLE_MANAGER,
	.denied = "recommend.managers_only",
	.exec = h_endorse_exec,
};
