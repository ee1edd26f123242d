/*
 * hprompt.c: which MVV prompt a conversation gets this week, shared by
 * the prompts job (which posts it), `mvv` and `home` (which show it, with
 * the asker's units' declared focus).  Within a
 * conversation no prompt repeats before the whole pool has been used; the
 * order of each pass is a hash of the conversation and the pass, so that
 * two channels do not read the same question the same week, and a restart
 * picks what it would have picked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

/* The conversations of [prompts] channels (caller frees with
   nudge_ids_free), split at commas and spaces. */
char **
h_prompt_channels(const struct config *cfg, size_t *n)
{
	char		**v = NULL, *copy, *tok, *save = NULL;

	*n = 0;
	if (cfg->prompt_channels == NULL)
		return NULL;
	copy = xstrdup(cfg->prompt_channels);
	for (tok = strtok_r(copy, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = xstrdup(tok);
	}
	free(copy);
	return v;
}

static uint32_t
h_prompt_hash(const char *conversation, int cycle, const char *id)
{
	uint32_t	h = 2166136261u;	/* FNV-1a */
	const char	*s;

	for (s = conversation; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	h = (h ^ (uint32_t)cycle) * 16777619u;
	for (s = id; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static bool
h_prompt_used(char **used, size_t n, const char *id)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(used[i], id) == 0)
			return true;
	}
	return false;
}

/* The first prompt of the pass's order that is not in used, or NULL. */
static const struct mvv_prompt *
h_prompt_next(const struct mvv *m, const char *conversation, int cycle,
    char **used, size_t nused)
{
	const struct mvv_prompt	*best = NULL;
	uint32_t		 h, besth = 0;
	size_t			 i;

	for (i = 0; i < m->nprompts; i++) {
		if (h_prompt_used(used, nused, m->prompts[i].id))
			continue;
		h = h_prompt_hash(conversation, cycle, m->prompts[i].id);
		if (best == NULL || h < besth) {
			best = &m->prompts[i];
			besth = h;
		}
	}
	return best;
}

/*
 * This week's prompt for conversation: the one posted there this week, or
 * the one to post.  A NULL conversation (no channels configured) gets the
 * week's prompt of a fixed order.  OUT: *cycle, the pass it belongs to.
 * Returns a borrowed prompt, or NULL (no prompts, or a database error).
 */
const struct mvv_prompt *
h_prompt_pick(struct ctx *ctx, const char *conversation, int *cycle)
{
	const struct mvv	*m = ctx->mvv;
	const struct mvv_prompt	*p = NULL;
	char			 week[16], *id = NULL, **used = NULL;
	size_t			 nused = 0;
	int			 rc;

	*cycle = 0;
	if (m->nprompts == 0)
		return NULL;
	if (conversation == NULL) {
		rc = (int)((h_week_start(ctx->now) / (7 * 86400)) %
		    (time_t)m->nprompts);
		return &m->prompts[rc];
	}
	h_week_key(ctx->now, week, sizeof week);
	rc = q_prompt_of_week(ctx->db, conversation, week, &id);
	if (rc == 1) {
		/* A prompt since dropped from the pool is shown no more. */
		p = mvv_find_prompt(m, id);
		free(id);
		return p;
	}
	if (rc < 0 || q_prompt_cycle(ctx->db, conversation, cycle, &used,
	    &nused) != 0)
		return NULL;
	if ((p = h_prompt_next(m, conversation, *cycle, used, nused)) == NULL)
		p = h_prompt_next(m, conversation, ++*cycle, NULL, 0);
	nudge_ids_free(used, nused);
	return p;
}

/* Adds this week's prompt, as the first prompt conversation has it. */
void
h_prompt_week(struct ctx *ctx, struct reply *reply)
{
	const struct mvv_prompt	*p;
	char			**ch;
	size_t			 n;
	int			 cycle;

	ch = h_prompt_channels(ctx->cfg, &n);
	p = h_prompt_pick(ctx, n > 0 ? ch[0] : NULL, &cycle);
	nudge_ids_free(ch, n);
	if (p != NULL)
		h_say(ctx, reply, "mvv.prompt", "text",
		    strcmp(ctx->lang, "en") == 0 ? p->text_en : p->text, NULL);
}

/* Adds the declared focus of the asker's department and section. */
void
h_declarations(struct ctx *ctx, struct reply *reply)
{
	struct declaration	*d;
	size_t			 n, i;

	if (ctx->me == NULL)
		return;
	d = q_declaration_for(ctx->db, ctx->me->department, ctx->me->section,
	    h_fy(ctx), &n);
	for (i = 0; i < n; i++)
		h_say(ctx, reply, "mvv.declaration", "unit", d[i].unit, "text",
		    d[i].body, NULL);
	declaration_array_free(d, n);
}
