/*
 * strengths.c: `strengths`, what my I-messages of this fiscal year
 * recognised in me: the values they were tagged with and the strengths
 * (the plan's 身につく能力) their words and values show, counted, and a few
 * plan courses that build on the strongest, which I may take.  Only my own
 * received I-messages are read; nobody is compared with anybody.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_STRENGTHS_READ	2000	/* I-messages a year, at most read */
#define H_STRENGTHS_TOP		2	/* strengths courses are found for */
#define H_STRENGTHS_COURSES	3	/* courses suggested */
#define H_STRENGTHS_MAX		32	/* distinct skills counted */

static const char *const h_strengths_aliases[] = { "強み", NULL };

struct h_strength {
	const char	*code;
	int		 n;
};

static int
h_strengths_cmp(const void *a, const void *b)
{
	const struct h_strength	*x = a, *y = b;

	if (x->n != y->n)
		return y->n - x->n;
	return strcmp(x->code, y->code);
}

/* Counts the skills of this year's received I-messages.  Returns how many. */
static size_t
h_strengths_count(struct ctx *ctx, struct h_strength *st, int *total)
{
	const struct coach	*c = h_coach(ctx);
	struct imessage		*m;
	const char		*codes[H_STRENGTHS_MAX];
	time_t			 from, to;
	size_t			 n, i, j, k, ns = 0, found;

	*total = 0;
	clock_fiscal_bounds(h_fy(ctx), &from, &to);
	m = q_imessage_page(ctx->db, ctx->me->employee_id, true, 0,
	    H_STRENGTHS_READ, &n);
	for (i = 0; c != NULL && i < n; i++) {
		if (m[i].created_at < from || m[i].created_at >= to)
			continue;
		(*total)++;
		found = coach_skills(c, m[i].body, m[i].values, codes,
		    H_STRENGTHS_MAX);
		for (j = 0; j < found; j++) {
			for (k = 0; k < ns && strcmp(st[k].code, codes[j]); k++)
				;
			if (k == ns && ns < H_STRENGTHS_MAX)
				st[ns++] = (struct h_strength){ codes[j], 0 };
			if (k < ns)
				st[k].n++;
		}
	}
	imessage_array_free(m, n);
	qsort(st, ns, sizeof *st, h_strengths_cmp);
	return ns;
}

/* Whether the course is one I may take: open to all, or its rule fits me. */
static bool
h_strengths_fits(struct ctx *ctx, const struct course *c)
{
	struct rule_env	 env;
	struct rule	*r;
	char		*cause = NULL;
	bool		 targeted, yes;

	if (!h_course_bookable(ctx, c))
		return false;
	if ((r = rule_parse(c->target_rule, &cause)) == NULL) {
		free(cause);
		return false;
	}
	memset(&env, 0, sizeof env);
	env.fiscal_year = h_fy(ctx);
	env.as_of = ctx->now;
	yes = rule_is_open(r) || rule_match(r, ctx->me, &env, &targeted) ==
	    RULE_YES;
	rule_free(r);
	return yes;
}

/* Up to H_STRENGTHS_COURSES courses that build on the top strengths. */
static void
h_strengths_courses(struct ctx *ctx, struct reply *reply,
    const struct h_strength *st, size_t ns)
{
	struct course	*c;
	char		*line;
	size_t		 i, j, n, shown = 0;

	for (i = 0; i < ns && i < H_STRENGTHS_TOP; i++) {
		c = q_course_search(ctx->db, h_fy(ctx), NULL, st[i].code, NULL,
		    0, 0, &n);
		for (j = 0; j < n && shown < H_STRENGTHS_COURSES; j++) {
			if (!h_strengths_fits(ctx, &c[j]))
				continue;
			if (shown++ == 0)
				h_say(ctx, reply, "strengths.courses", NULL);
			line = h_course_line(ctx, &c[j]);
			h_say(ctx, reply, "strengths.course", "line", line, NULL);
			free(line);
		}
		course_array_free(c, n);
	}
}

static enum h_ret
h_strengths_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	struct h_strength	 st[H_STRENGTHS_MAX];
	struct buf		 b;
	char			*label, n[16];
	size_t			 ns, i;
	int			 total;

	(void)args;
	ns = h_strengths_count(ctx, st, &total);
	if (total == 0) {
		h_say(ctx, reply, "strengths.none", NULL);
		return H_OK;
	}
	snprintf(n, sizeof n, "%d", total);
	h_say(ctx, reply, "strengths.title", "total", n, NULL);
	h_ilist_values_line(ctx, reply);
	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (i = 0; i < ns; i++) {
		label = h_skill_labels(ctx, st[i].code);
		buf_printf(&b, "%s%s %d", i > 0 ? "  " : "", label, st[i].n);
		free(label);
	}
	h_say(ctx, reply, "strengths.skills", "skills", ns > 0 ? b.data : "-",
	    NULL);
	buf_free(&b);
	h_strengths_courses(ctx, reply, st, ns);
	reply_add(reply, REPLY_CONTEXT, h_msg(ctx, "strengths.hint", NULL));
	return H_OK;
}

const struct handler handler_strengths = {
	.name = "strengths",
	.aliases = h_strengths_aliases,
	.usage = "strengths.usage",
	.summary = "strengths.summary",
	.role = ROLE_STAFF,
	.exec = h_strengths_exec,
};
