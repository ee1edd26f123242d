/*
 * stats_nudges.c: `stats nudges`, for HR: this fiscal year's nudges by
 * kind and by department (queued, sent, acted on within 7 days,
 * opt-outs) and the prompts that drew the most reactions and replies.
 * Aggregates only; yellctl report nudges gives kind by department.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_SN_PROMPTS	5	/* the most engaging prompts shown */

/* Sums the per-department rows into one line per kind. */
static void
h_sn_kinds(struct ctx *ctx, const struct nudge_stat *s, size_t n,
    struct reply *reply)
{
	static const char *const kinds[] = { "imessage", "team", "class",
	    "thanks", "" };
	char	 v[4][32], *label, key[64];
	size_t	 k, i;
	int	 q, sent, acted, outs;

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		q = sent = acted = outs = 0;
		for (i = 0; i < n; i++) {
			if (strcmp(s[i].kind, kinds[k]) != 0)
				continue;
			q += s[i].queued;
			sent += s[i].sent;
			acted += s[i].acted;
			outs += s[i].optouts;
		}
		snprintf(v[0], sizeof v[0], "%d", q);
		snprintf(v[1], sizeof v[1], "%d", sent);
		snprintf(v[2], sizeof v[2], "%d", acted);
		snprintf(v[3], sizeof v[3], "%d", outs);
		snprintf(key, sizeof key, "nudge.kind.%s", *kinds[k] != '\0' ?
		    kinds[k] : "all");
		label = h_msg(ctx, key, NULL);
		h_say(ctx, reply, *kinds[k] != '\0' ? "stats.nudges.kind" :
		    "stats.nudges.all", "kind", label, "queued", v[0], "sent",
		    v[1], "acted", v[2], "optouts", v[3], NULL);
		free(label);
	}
}

/* Sums the rows into one line per department, in the order they come. */
static void
h_sn_departments(struct ctx *ctx, const struct nudge_stat *s, size_t n,
    struct reply *reply)
{
	char	 v[4][32];
	size_t	 i, j;
	int	 q, sent, acted, outs;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(s[j].department, s[i].department) == 0)
				break;
		}
		if (j < i)
			continue;	/* summed with its first row */
		q = sent = acted = outs = 0;
		for (j = i; j < n; j++) {
			if (strcmp(s[j].department, s[i].department) != 0)
				continue;
			q += s[j].queued;
			sent += s[j].sent;
			acted += s[j].acted;
			outs += s[j].optouts;
		}
		snprintf(v[0], sizeof v[0], "%d", q);
		snprintf(v[1], sizeof v[1], "%d", sent);
		snprintf(v[2], sizeof v[2], "%d", acted);
		snprintf(v[3], sizeof v[3], "%d", outs);
		h_say(ctx, reply, "stats.nudges.department", "department",
		    *s[i].department != '\0' ? s[i].department : "-", "queued",
		    v[0], "sent", v[1], "acted", v[2], "optouts", v[3], NULL);
	}
}

static void
h_sn_prompts(struct ctx *ctx, time_t from, time_t to, struct reply *reply)
{
	const struct mvv_prompt	*p;
	struct prompt_stat	*s;
	size_t			 n, i;
	char			 v[3][32];

	s = q_prompt_stats(ctx->db, from, to, &n);
	for (i = 0; i < n && i < H_SN_PROMPTS; i++) {
		p = mvv_find_prompt(ctx->mvv, s[i].prompt_id);
		snprintf(v[0], sizeof v[0], "%d", s[i].posts);
		snprintf(v[1], sizeof v[1], "%d", s[i].reactions);
		snprintf(v[2], sizeof v[2], "%d", s[i].replies);
		h_say(ctx, reply, "stats.nudges.prompt", "id", s[i].prompt_id,
		    "text", p == NULL ? "-" : strcmp(ctx->lang, "en") == 0 ?
		    p->text_en : p->text, "posts", v[0], "reactions", v[1],
		    "replies", v[2], NULL);
	}
	if (n == 0)
		h_say(ctx, reply, "stats.nudges.no_prompts", NULL);
	prompt_stats_free(s, n);
}

enum h_ret
stats_nudges(struct ctx *ctx, const char *rest, struct reply *reply)
{
	struct nudge_stat	*s;
	time_t			 from, to;
	size_t			 n;

	(void)rest;
	clock_fiscal_bounds(h_fy(ctx), &from, &to);
	s = q_nudge_stats(ctx->db, from, to, &n);
	h_say(ctx, reply, "stats.nudges.title", NULL);
	h_sn_kinds(ctx, s, n, reply);
	h_say(ctx, reply, "stats.nudges.departments", NULL);
	h_sn_departments(ctx, s, n, reply);
	nudge_stats_free(s, n);
	h_say(ctx, reply, "stats.nudges.prompts", NULL);
	h_sn_prompts(ctx, from, to, reply);
	return H_OK;
}
