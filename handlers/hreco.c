/*
 * hreco.c: the recommendations behind `recommend` and the managers' monthly
 * digest.  For one member of a team: the courses of this fiscal year whose
 * target rule matches, not yet completed, still to come, mandatory first,
 * then by date; with whether the manager endorsed them and whether the
 * member enrolled.
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
	for (i = 0; i < rc->n; i++) {
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

	for (i = 0; i < rc->n; i++)
		rule_free(rc->rules[i]);
	free(rc->rules);
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

	if (ca->mandatory != cb->mandatory)
		return ca->mandatory ? -1 : 1;
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
	struct rule_env		 env;
	const char		*status;
	size_t			 i, n = 0;
	bool			 open;

	m.mine = q_enroll_mine(ctx->db, member->employee_id, h_fy(ctx),
	    &m.nmine);
	m.endorsed = q_endorse_courses(ctx->db, member->employee_id,
	    h_fy(ctx), &m.nendorsed);
	memset(&env, 0, sizeof env);
	env.fiscal_year = h_fy(ctx);
	env.as_of = ctx->now;
	env.completed = h_reco_completed;
	env.arg = &m;
	for (i = 0; i < rc->n; i++) {
		if (rc->rules[i] == NULL || !h_reco_ahead(ctx, rc, i))
			continue;
		if (skill != NULL && strstr(rc->courses[i].skills, skill) ==
		    NULL)
			continue;
		open = rule_is_open(rc->rules[i]);
		if (open && !open_too)
			continue;
		status = h_reco_status(&m, rc->courses[i].id);
		if (status != NULL && strcmp(status, "completed") == 0)
			continue;
		if (rule_eval(rc->rules[i], member, &env, NULL, NULL, NULL) !=
		    RULE_YES)
			continue;
		out[n].course = i;
		out[n].open = open;
		out[n].status = status != NULL ? status[0] : 0;
		out[n].endorsed = h_reco_endorsed(&m, rc->courses[i].id);
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
	struct rule_env	 env;
	char		*why = NULL;

	memset(&env, 0, sizeof env);
	env.fiscal_year = h_fy(ctx);
	env.as_of = ctx->now;
	rule_eval(rc->rules[i], member, &env, ctx->msg, ctx->lang, &why);
	return why != NULL ? why : xstrdup("-");
}
