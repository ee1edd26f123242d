/*
 * recommend.c: `recommend [@member] [#skill] [--all]`, for managers: for
 * each member of the team, the courses of this year they are a target of
 * and have not taken, with why, the next date and seats, mandatory first,
 * and who has been endorsed or has enrolled.  A manager sees only the
 * people in their own line; 部長級 and 課長級 may ask for the whole line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_RECOMMEND_TEAM	5	/* courses per member in a team list */
#define H_RECOMMEND_ONE		12	/* for one member */

static const char *const h_recommend_aliases[] = { "reco", "おすすめ",
    "推奨", NULL };

struct h_recommend_args {
	struct staff	*member;	/* one member, or NULL: the team */
	const char	*skill;
	bool		 all;
};

/* The label of a course's date: next class, or the window. */
static char *
h_recommend_when(struct ctx *ctx, const struct reco_catalog *rc, size_t i)
{
	char	*date, *s, seats[16];

	if (rc->next[i] == 0)
		return xstrdup(rc->courses[i].window_label != NULL ?
		    rc->courses[i].window_label : "-");
	date = h_date(ctx, rc->next[i]);
	if (rc->seats[i] < 0)
		s = h_msg(ctx, "recommend.next", "date", date, NULL);
	else {
		snprintf(seats, sizeof seats, "%d", rc->seats[i]);
		s = h_msg(ctx, "recommend.next_seats", "date", date, "seats",
		    seats, NULL);
	}
	free(date);
	return s;
}

static void
h_recommend_line(struct ctx *ctx, const struct reco_catalog *rc,
    const struct reco *r, const struct staff *member, struct reply *reply)
{
	const struct course	*c = &rc->courses[r->course];
	char			*when, *why;
	const char		*mark = "";

	when = h_recommend_when(ctx, rc, r->course);
	why = h_reco_why(ctx, rc, r->course, member);
	if (r->status == 'e')
		mark = "recommend.mark_enrolled";
	else if (r->status == 'w')
		mark = "recommend.mark_waitlisted";
	else if (r->endorsed)
		mark = "recommend.mark_endorsed";
	h_say(ctx, reply, r->mandatory ? "recommend.item_mandatory" :
	    c->designated && !r->open ? "recommend.item_designated" :
	    "recommend.item", "code", c->code, "title", c->title, "when", when,
	    "why", why, "mark", *mark != '\0' ? msgcat_raw(ctx->msg,
	    ctx->lang, mark) : "", NULL);
	free(when);
	free(why);
}

static void
h_recommend_member(struct ctx *ctx, const struct reco_catalog *rc,
    const struct staff *member, const struct h_recommend_args *a,
    struct reply *reply)
{
	struct reco	*r;
	size_t		 n, i, max;
	char		 levelkey[40], more[24], skillkey[48];

	r = xcalloc(rc->n + 1, sizeof *r);
	n = h_reco_member(ctx, rc, member, a->skill, a->skill != NULL, r);
	snprintf(levelkey, sizeof levelkey, "level.%s", member->job_level !=
	    NULL ? member->job_level : "none");
	h_say(ctx, reply, "recommend.member", "name", member->name, "level",
	    msgcat_raw(ctx->msg, ctx->lang, levelkey), "section",
	    member->section != NULL ? member->section : "-", NULL);
	max = a->member != NULL ? H_RECOMMEND_ONE : H_RECOMMEND_TEAM;
	for (i = 0; i < n && i < max; i++)
		h_recommend_line(ctx, rc, &r[i], member, reply);
	if (n == 0)
		h_say(ctx, reply, "recommend.none", NULL);
	else if (n > max) {
		snprintf(more, sizeof more, "%zu", n - max);
		/* The hint must name the same list, skill and all. */
		snprintf(skillkey, sizeof skillkey, "skill.%s",
		    a->skill != NULL ? a->skill : "");
		if (a->skill != NULL)
			h_say(ctx, reply, "recommend.more_skill", "n", more,
			    "id", member->employee_id, "skill",
			    msgcat_raw(ctx->msg, ctx->lang, skillkey), NULL);
		else
			h_say(ctx, reply, "recommend.more", "n", more, "id",
			    member->employee_id, NULL);
	}
	free(r);
}

/* Reads @member, #skill and --all.  Returns 0, or -1 with a refusal. */
static int
h_recommend_parse(struct ctx *ctx, const char *argv,
    struct h_recommend_args *out, struct reply *reply)
{
	struct args	a;
	size_t		i = 0;
	int		rc = 0;

	memset(out, 0, sizeof *out);
	args_parse(&a, argv);
	if (a.n > 0 && a.v[0].kind == ARG_MENTION)
		rc = h_mention(ctx, &a, &out->member, &i, reply);
	for (; i < a.n && rc == 0; i++) {
		if (a.v[i].kind == ARG_TAG &&
		    (out->skill = h_skill_code(ctx, a.v[i].value)) == NULL) {
			h_say(ctx, reply, "courses.unknown_skill", "skill",
			    a.v[i].value, NULL);
			rc = -1;
		} else if (a.v[i].kind == ARG_WORD) {
			if (strcmp(a.v[i].value, "--all") == 0 ||
			    strcmp(a.v[i].value, "全員") == 0)
				out->all = true;
			else {
				h_say(ctx, reply, "recommend.usage_hint", NULL);
				rc = -1;
			}
		}
	}
	args_clear(&a);
	return rc;
}

/* Checks who the manager may look at.  Returns 0 or -1 with a refusal. */
static int
h_recommend_allowed(struct ctx *ctx, const struct h_recommend_args *a,
    struct reply *reply)
{
	enum job_level	l = staff_level(ctx->me);

	if (a->all && l != LEVEL_DIRECTOR && l != LEVEL_SECTION_CHIEF) {
		h_say(ctx, reply, "recommend.all_denied", NULL);
		return -1;
	}
	if (a->member != NULL && q_team_in_line(ctx->db, ctx->me->employee_id,
	    a->member->employee_id) != 1) {
		h_say(ctx, reply, "recommend.not_in_line", "name",
		    a->member->name, NULL);
		q_audit(ctx->db, ctx->me->employee_id, "denied",
		    "recommend outside line", ctx->now);
		return -1;
	}
	return 0;
}

static enum h_ret
h_recommend_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct h_recommend_args	 a;
	struct reco_catalog	 rc;
	struct staff		*team;
	size_t			 n, i;

	if (h_recommend_parse(ctx, argv, &a, reply) != 0 ||
	    h_recommend_allowed(ctx, &a, reply) != 0) {
		staff_free(a.member);
		return H_OK;
	}
	if (q_course_count(ctx->db, h_fy(ctx)) == 0) {
		h_say(ctx, reply, "courses.no_catalog", NULL);
		staff_free(a.member);
		return H_OK;
	}
	if (a.member != NULL) {
		team = a.member;
		n = 1;
	} else
		team = q_staff_team(ctx->db, ctx->me->employee_id, a.all, &n);
	h_reco_load(ctx, &rc);
	if (n == 0)
		h_say(ctx, reply, "recommend.no_team", NULL);
	else
		h_say(ctx, reply, "recommend.title", NULL);
	for (i = 0; i < n; i++)
		h_recommend_member(ctx, &rc, &team[i], &a, reply);
	if (n > 0)
		h_say(ctx, reply, "recommend.hint", NULL);
	h_reco_free(&rc);
	staff_array_free(team, n);
	return H_OK;
}

const struct handler handler_recommend = {
	.name = "recommend",
	.aliases = h_recommend_aliases,
	.usage = "recommend.usage",
	.summary = "recommend.summary",
	.role = ROLE_MANAGER,
	.denied = "recommend.managers_only",
	.exec = h_recommend_exec,
};
