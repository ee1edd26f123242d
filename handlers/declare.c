/*
 * declare.c: `declare <text>`, a department's or section's declared focus
 * for this fiscal year (部・課における重点実施内容).  A 部長級 declares for
 * their department, a 課長級 for their section; HR for any unit, named
 * first (`declare section=人事課 <text>`).  Staff see their units'
 * declarations with `mvv`; `declare` alone shows them too.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_DECLARE_MAX	500	/* characters */

static const char *const h_declare_aliases[] = { "宣言", "重点実施", NULL };

static bool
h_declare_hr(const struct ctx *ctx)
{
	return staff_has_role(ctx->me, "hr") || staff_has_role(ctx->me,
	    "admin");
}

/* Heads of a department or section, and HR. */
static bool
h_declare_may(const struct ctx *ctx)
{
	enum job_level	l = staff_level(ctx->me);

	return l == LEVEL_DIRECTOR || l == LEVEL_SECTION_CHIEF ||
	    h_declare_hr(ctx);
}

/*
 * HR's "department=総務部" or "section=人事課" before the text.  OUT:
 * *kind, *unit (caller frees), *rest.  Returns 1 if there was one, 0.
 */
static int
h_declare_unit_arg(const char *args, const char **kind, char **unit,
    const char **rest)
{
	static const struct { const char *word, *kind; } keys[] = {
		{ "department=", "department" }, { "部=", "department" },
		{ "section=", "section" }, { "課=", "section" },
	};
	struct args	 a;
	char		*w;
	size_t		 i, len;
	int		 found = 0;

	args_parse(&a, args);
	if (a.n == 0 || a.v[0].kind != ARG_WORD) {
		args_clear(&a);
		return 0;
	}
	w = text_norm_token(a.v[0].value);
	for (i = 0; i < sizeof keys / sizeof keys[0] && !found; i++) {
		len = strlen(keys[i].word);
		if (strncmp(w, keys[i].word, len) == 0 && w[len] != '\0') {
			*kind = keys[i].kind;
			*unit = xstrdup(w + len);
			*rest = text_skip_space(a.v[0].end);
			found = 1;
		}
	}
	free(w);
	args_clear(&a);
	return found;
}

/* The asker's own unit by their level.  Returns 0, or -1 if none. */
static int
h_declare_own_unit(const struct ctx *ctx, const char **kind, char **unit)
{
	const char	*u = NULL;

	if (staff_level(ctx->me) == LEVEL_DIRECTOR) {
		*kind = "department";
		u = ctx->me->department;
	} else if (staff_level(ctx->me) == LEVEL_SECTION_CHIEF) {
		*kind = "section";
		u = ctx->me->section;
	}
	if (u == NULL || *u == '\0')
		return -1;
	*unit = xstrdup(u);
	return 0;
}

static enum h_ret
h_declare_show(struct ctx *ctx, struct reply *reply)
{
	struct declaration	*d;
	size_t			 n, i;

	d = q_declaration_for(ctx->db, ctx->me->department, ctx->me->section,
	    h_fy(ctx), &n);
	if (n == 0)
		h_say(ctx, reply, "declare.none", NULL);
	for (i = 0; i < n; i++)
		h_say(ctx, reply, "mvv.declaration", "unit", d[i].unit, "text",
		    d[i].body, NULL);
	h_say(ctx, reply, "declare.usage_hint", NULL);
	declaration_array_free(d, n);
	return H_OK;
}

static enum h_ret
h_declare_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	const char	*kind = NULL, *rest = args;
	char		*unit = NULL, *text = NULL, *detail;
	enum h_ret	 ret = H_OK;

	if (*text_skip_space(args) == '\0')
		return h_declare_show(ctx, reply);
	if (!(h_declare_hr(ctx) && h_declare_unit_arg(text_skip_space(args),
	    &kind, &unit, &rest) == 1) &&
	    h_declare_own_unit(ctx, &kind, &unit) != 0) {
		h_say(ctx, reply, "declare.no_unit", NULL);
		goto out;
	}
	text = text_trim(rest);
	if (*text == '\0') {
		h_say(ctx, reply, "declare.usage_hint", NULL);
		goto out;
	}
	if (text_chars(text) > H_DECLARE_MAX) {
		h_say(ctx, reply, "declare.too_long", "max", "500", NULL);
		goto out;
	}
	if (q_declaration_add(ctx->db, kind, unit, h_fy(ctx), text,
	    ctx->me->employee_id, ctx->now) != 0) {
		ret = H_ERROR;
		goto out;
	}
	xasprintf(&detail, "%s=%s", kind, unit);
	if (q_audit(ctx->db, ctx->me->employee_id, "declare", detail,
	    ctx->now) != 0)
		ret = H_ERROR;
	free(detail);
	h_say(ctx, reply, "declare.done", "unit", unit, "text", text, NULL);
out:
	free(unit);
	free(text);
	return ret;
}

const struct handler handler_declare = {
	.name = "declare",
	.aliases = h_declare_aliases,
	.usage = "declare.usage",
	.summary = "declare.summary",
	.role = ROLE_STAFF,
	.may = h_declare_may,
	.denied = "declare.heads_only",
	.exec = h_declare_exec,
};
