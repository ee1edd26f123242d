/*
 * hreco.c: the recommendations behind `recommend` and the managers' monthly
 * digest.  For one member of a team: the courses of this fiscal year whose
 * target rule matches, not yet completed, still to come, mandatory first,
 * then by date; with whether the manager endorsed them and whether the
 * member enrolled.  A member matched only through "open" (希望する職員)
 * is not a target; 必修 is what the catalogue says, for whom it says it.
 *
 * The catalogue and its parsed rules are loaded once per request or run and
 * each member's enrolments read once, so a run over a whole ward costs
 * rule evaluations in memory, not queries per course.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

/* Loads this fiscal year's courses, their rules and next dates. */
int
h_reco_load(struct ctx *ctx, struct reco_catalog *rc)
{
	struct class	*k;
	size_t		 i, j, n;
	char		*cause = NULL;

	memset(rc, 0, sizeof *rc);
	rc->courses = q_course_list(ctx->db, h_fy(ctx), &rc->n);
	rc->rules = xcalloc(rc->n + 1, sizeof *rc->rules);
	rc->next = xcalloc(rc->n + 1, sizeof *rc->next);
	rc->seats = xcalloc(rc->n + 1, sizeof *rc->seats);
	rc->mandatory_rules = xcalloc(rc->n + 1, sizeof *rc->mandatory_rules);
	for (i = 0; i < rc->n; i++) {
		if (rc->courses[i].mandatory_rule != NULL &&
		    (rc->mandatory_rules[i] = rule_parse(
		    rc->courses[i].mandatory_rule, &cause)) == NULL) {
			log_warnx("%s: %s: %s", __func__, rc->courses[i].code,
			    cause);
			free(cause);
			cause = NULL;
		}
		rc->rules[i] = rule_parse(rc->courses[i].target_rule != NULL ?
		    rc->courses[i].target_rule : "", &cause);
		if (rc->rules[i] == NULL) {	/* import checked it: log once */
			log_warnx("%s: %s: %s", __func__, rc->courses[i].code,
			    cause);
			free(cause);
			cause = NULL;
		}
		rc->seats[i] = -1;
		k = q_class_list(ctx->db, rc->courses[i].id, &n);
		for (j = 0; j < n && rc->next[i] == 0; j++) {
			if (k[j].cancelled || k[j].starts_at <= ctx->now)
				continue;
			rc->next[i] = k[j].starts_at;
			if (k[j].capacity > 0)
				rc->seats[i] = k[j].capacity - k[j].enrolled;
		}
		class_array_free(k, n);
	}
	return 0;
}

void
h_reco_free(struct reco_catalog *rc)
{
	size_t	i;

	for (i = 0; i < rc->n; i++) {
		rule_free(rc->rules[i]);
		rule_free(rc->mandatory_rules[i]);
	}
	free(rc->rules);
	free(rc->mandatory_rules);
	free(rc->next);
	free(rc->seats);
	course_array_free(rc->courses, rc->n);
	memset(rc, 0, sizeof *rc);
}

/* A course is still to come: a class ahead, or a window not yet over. */
static bool
h_reco_ahead(const struct ctx *ctx, const struct reco_catalog *rc, size_t i)
{
	return rc->next[i] != 0 || (rc->courses[i].window_to > ctx->now &&
	    rc->courses[i].window_kind != NULL);
}

struct h_reco_member {
	struct enrollment	*mine;
	size_t			 nmine;
	int64_t			*endorsed;
	size_t			 nendorsed;
};

static const char *
h_reco_status(const struct h_reco_member *m, int64_t course_id)
{
	size_t	i;

	for (i = 0; i < m->nmine; i++) {
		if (m->mine[i].course_id == course_id)
			return m->mine[i].status;
	}
	return NULL;
}

static bool
h_reco_endorsed(const struct h_reco_member *m, int64_t course_id)
{
	size_t	i;

	for (i = 0; i < m->nendorsed; i++) {
		if (m->endorsed[i] == course_id)
			return true;
	}
	return false;
}

/* The rule's "completed" facts come from the member's enrolments. */
static int
h_reco_completed(void *arg, const char *employee_id, const char *code)
{
	const struct h_reco_member	*m = arg;
	size_t				 i;

	(void)employee_id;
	for (i = 0; i < m->nmine; i++) {
		if (strcmp(m->mine[i].code, code) == 0)
			return strcmp(m->mine[i].status, "completed") == 0;
	}
	return 0;
}

/* What the rules ask besides the staff record, for one course. */
struct h_reco_ask {
	struct ctx		*ctx;
	const struct course	*course;
	struct h_reco_member	*m;		/* NULL: ask the database */
	int			 flags;		/* H_FIT_* */
};

static int
h_reco_ask_completed(void *arg, const char *employee_id, const char *code)
{
	struct h_reco_ask	*a = arg;
	struct enrollment	*mine;
	size_t			 n, i;
	int			 k = 0;

	if (a->m != NULL)
		return h_reco_completed(a->m, employee_id, code);
	mine = q_enroll_mine(a->ctx->db, employee_id, h_fy(a->ctx), &n);
	for (i = 0; i < n; i++) {
		if (strcmp(mine[i].code, code) == 0)
			k = strcmp(mine[i].status, "completed") == 0;
	}
	enrollment_array_free(mine, n);
	return k;
}

/* 選抜・推薦 as HR recorded them; a manager's endorsement for 推薦. */
static int
h_reco_ask_selected(void *arg, const char *employee_id, const char *code,
    bool endorsed)
{
	struct h_reco_ask	*a = arg;
	int			 k;

	(void)code;
	if (endorsed && (a->flags & H_FIT_ENDORSED))
		return 1;
	k = q_selection_of(a->ctx->db, employee_id, a->course->id, endorsed);
	return k < 0 && (a->flags & H_FIT_ENROL) ? 0 : k;
}

static void
h_reco_env(struct h_reco_ask *a, struct rule_env *env)
{
	memset(env, 0, sizeof *env);
	env->fiscal_year = h_fy(a->ctx);
	env->as_of = a->ctx->now;
	env->completed = h_reco_ask_completed;
	env->selected = h_reco_ask_selected;
	env->arg = a;
	env->course_code = a->course->code;
}

/*
 * Evaluates course c's target rule r for member.  With H_FIT_ENROL, a
 * selection HR has not recorded counts as not selected; with
 * H_FIT_ENDORSED, the member counts as endorsed (推薦).  OUT: *targeted,
 * whether the member is a target rather than someone who may apply;
 * *why, when why is not NULL, the reason in the asker's language (caller
 * frees).  Returns the verdict.
 */
enum rule_verdict
h_reco_fits(struct ctx *ctx, const struct course *c, const struct rule *r,
    const struct staff *member, int flags, bool *targeted, char **why)
{
	struct h_reco_ask	a = { ctx, c, NULL, flags };
	struct rule_env		env;
	enum rule_verdict	v;

	h_reco_env(&a, &env);
	v = rule_match(r, member, &env, targeted);
	if (why != NULL)
		(void)rule_eval(r, member, &env, ctx->msg, ctx->lang, why);
	return v;
}

/*
 * Whether course c is 必修 for member: the catalogue says 必修, and the
 * member is a target and, when the course says for whom, one of them.
 */
bool
h_reco_mandatory(struct ctx *ctx, const struct course *c,
    const struct rule *mandatory_rule, const struct staff *member)
{
	struct h_reco_ask	a = { ctx, c, NULL, 0 };
	struct rule_env		env;
	bool			targeted;

	if (!c->mandatory)
		return false;
	if (c->mandatory_rule == NULL)
		return true;
	if (mandatory_rule == NULL)
		return false;
	h_reco_env(&a, &env);
	return rule_match(mandatory_rule, member, &env, &targeted) ==
	    RULE_YES;
}

static int
h_reco_cmp(const struct reco *a, const struct reco *b,
    const struct reco_catalog *rc)
{
	const struct course	*ca = &rc->courses[a->course];
	const struct course	*cb = &rc->courses[b->course];
	time_t			 ta = rc->next[a->course] != 0 ?
				    rc->next[a->course] : ca->window_from;
	time_t			 tb = rc->next[b->course] != 0 ?
				    rc->next[b->course] : cb->window_from;

	if (a->mandatory != b->mandatory)
		return a->mandatory ? -1 : 1;
	if (a->open != b->open)
		return a->open ? 1 : -1;
	return ta < tb ? -1 : ta > tb;
}

static void
h_reco_sort(struct reco *out, size_t n, const struct reco_catalog *rc)
{
	struct reco	t;
	size_t		i, j;

	for (i = 1; i < n; i++) {	/* a few dozen at most: insertion */
		t = out[i];
		for (j = i; j > 0 && h_reco_cmp(&t, &out[j - 1], rc) < 0; j--)
			out[j] = out[j - 1];
		out[j] = t;
	}
}

/*
 * Fills out[] (room for rc->n) with the courses recommended to member:
 * targeted at them, or open to all when open_too, with skill (a skill code)
 * if given, not yet completed and still to come.  Returns how many.
 */
size_t
h_reco_member(struct ctx *ctx, const struct reco_catalog *rc,
    const struct staff *member, const char *skill, bool open_too,
    struct reco *out)
{
	struct h_reco_member	 m;
	struct h_reco_ask	 a = { ctx, NULL, &m, 0 };
	struct rule_env		 env;
	const char		*status;
	size_t			 i, n = 0;
	bool			 targeted;

	m.mine = q_enroll_mine(ctx->db, member->employee_id, h_fy(ctx),
	    &m.nmine);
	m.endorsed = q_endorse_courses(ctx->db, member->employee_id,
	    h_fy(ctx), &m.nendorsed);
	for (i = 0; i < rc->n; i++) {
		if (rc->rules[i] == NULL || !h_reco_ahead(ctx, rc, i))
			continue;
		if (skill != NULL && strstr(rc->courses[i].skills, skill) ==
		    NULL)
			continue;
		status = h_reco_status(&m, rc->courses[i].id);
		if (status != NULL && strcmp(status, "completed") == 0)
			continue;
		a.course = &rc->courses[i];
		h_reco_env(&a, &env);
		if (rule_match(rc->rules[i], member, &env, &targeted) !=
		    RULE_YES || (!targeted && !open_too))
			continue;
		out[n].course = i;
		out[n].open = !targeted;
		out[n].status = status != NULL ? status[0] : 0;
		out[n].endorsed = h_reco_endorsed(&m, rc->courses[i].id);
		out[n].mandatory = targeted && h_reco_mandatory(ctx,
		    &rc->courses[i], rc->mandatory_rules[i], member);
		n++;
	}
	h_reco_sort(out, n, rc);
	enrollment_array_free(m.mine, m.nmine);
	free(m.endorsed);
	return n;
}

/* Why course i is for member, in the asker's language (caller frees). */
char *
h_reco_why(struct ctx *ctx, const struct reco_catalog *rc, size_t i,
    const struct staff *member)
{
	struct h_reco_ask	 a = { ctx, &rc->courses[i], NULL, 0 };
	struct rule_env		 env;
	char			*why = NULL;

	h_reco_env(&a, &env);
	rule_eval(rc->rules[i], member, &env, ctx->msg, ctx->lang, &why);
	return why != NULL ? why : xstrdup("-");
}
