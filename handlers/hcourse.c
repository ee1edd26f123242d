/*
 * hcourse.c: what the course commands share: dates in the asker's
 * language, finding a course by the code typed, one-line summaries, and
 * the names of skills and categories as the catalogues write them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static char *
h_fmt_time(struct ctx *ctx, time_t t, const char *key)
{
	struct tm	 tm;
	char		 y[16], m[16], d[16], hh[16], mm[16], wdkey[16];
	char		 monkey[24];

	clock_local(t, &tm);
	snprintf(y, sizeof y, "%d", tm.tm_year + 1900);
	snprintf(m, sizeof m, "%d", tm.tm_mon + 1);
	snprintf(d, sizeof d, "%d", tm.tm_mday);
	snprintf(hh, sizeof hh, "%d", tm.tm_hour);
	snprintf(mm, sizeof mm, "%02d", tm.tm_min);
	snprintf(wdkey, sizeof wdkey, "weekday.%d", tm.tm_wday);
	snprintf(monkey, sizeof monkey, "month.%d", tm.tm_mon + 1);
	return h_msg(ctx, key, "y", y, "m", m, "d", d, "hh", hh, "mm", mm,
	    "wd", msgcat_raw(ctx->msg, ctx->lang, wdkey), "mon",
	    msgcat_raw(ctx->msg, ctx->lang, monkey), NULL);
}

/* "2024年7月3日（水）" in the asker's language (caller frees). */
char *
h_date(struct ctx *ctx, time_t t)
{
	return h_fmt_time(ctx, t, "fmt.date");
}

/* "2024年7月3日（水）9:00" (caller frees). */
char *
h_when(struct ctx *ctx, time_t t)
{
	return h_fmt_time(ctx, t, "fmt.when");
}

/*
 * When class_id starts: with the time of day only when the plan gives one,
 * else the date alone, never an invented 9:00 (caller frees).
 */
char *
h_class_when(struct ctx *ctx, int64_t class_id, time_t starts_at)
{
	struct class	*k;
	bool		 times;

	k = q_class_get(ctx->db, class_id);
	times = k != NULL && k->times_known;
	class_array_free(k, k != NULL ? 1 : 0);
	return times ? h_when(ctx, starts_at) : h_date(ctx, starts_at);
}

/* The fiscal year of the catalogue people see: the one we are in. */
int
h_fy(const struct ctx *ctx)
{
	return clock_fiscal_year(ctx->now);
}

/*
 * Reads "@member CODE", the words of endorse and selection.  OUT: *member,
 * *course (caller frees with staff_free and course_free).  Returns 0, or
 * -1 with the refusal in the reply (usage_key when the words do not fit),
 * both left NULL.
 */
int
h_member_course(struct ctx *ctx, const char *argv, const char *usage_key,
    struct staff **member, struct course **course, struct reply *reply)
{
	struct args	a;
	size_t		used;
	int		rc = -1;

	*member = NULL;
	*course = NULL;
	args_parse(&a, argv);
	if (a.n < 2 || a.v[0].kind != ARG_MENTION) {
		h_say(ctx, reply, usage_key, NULL);
		goto out;
	}
	if (h_mention(ctx, &a, member, &used, reply) != 0)
		goto out;
	if (used + 1 != a.n)
		h_say(ctx, reply, usage_key, NULL);
	else if ((*course = h_course_arg(ctx, a.v[used].value, reply)) != NULL)
		rc = 0;
	if (rc != 0) {
		staff_free(*member);
		*member = NULL;
	}
out:
	args_clear(&a);
	return rc;
}

/*
 * Finds a course of this fiscal year by the code typed ("r-01", "Ｒ－０１").
 * Returns it (caller frees with course_free), or NULL with the refusal in
 * the reply.
 */
struct course *
h_course_arg(struct ctx *ctx, const char *typed, struct reply *reply)
{
	struct course	*c;
	char		*code, *cmd;

	if (typed == NULL || *typed == '\0') {
		/* The example uses the command as typed: "enroll R-01". */
		cmd = xstrdup(ctx->req != NULL && ctx->req->text != NULL ?
		    text_skip_space(ctx->req->text) : "course");
		cmd[strcspn(cmd, " \t")] = '\0';
		if (text_space_len(cmd) > 0 || *cmd == '\0' || *cmd == '/') {
			free(cmd);
			cmd = xstrdup("course");
		}
		h_say(ctx, reply, "course.need_code", "cmd", cmd, NULL);
		free(cmd);
		return NULL;
	}
	code = text_norm_token(typed);
	c = q_course_get(ctx->db, h_fy(ctx), code);
	if (c == NULL)
		h_say(ctx, reply, "course.unknown", "code", typed, NULL);
	free(code);
	return c;
}

/* "R-01 特研 新任研修(前期)（4月8日（月）〜）" (caller frees). */
char *
h_course_line(struct ctx *ctx, const struct course *c)
{
	return h_course_line_in(ctx, c, ctx->now, 0);
}

/*
 * h_course_line with the date of the first class starting in [from, to)
 * (to 0: any time after from), so that `courses 7月` shows July's class
 * and not June's (caller frees).
 */
char *
h_course_line_in(struct ctx *ctx, const struct course *c, time_t from,
    time_t to)
{
	struct class	*k;
	size_t		 n, i;
	char		*when = NULL, *line;

	if (from <= ctx->now)
		from = ctx->now + 1;	/* still to start */
	k = q_class_list(ctx->db, c->id, &n);
	for (i = 0; i < n && when == NULL; i++) {
		if (!k[i].cancelled && k[i].starts_at >= from &&
		    (to == 0 || k[i].starts_at < to))
			when = h_date(ctx, k[i].starts_at);
	}
	class_array_free(k, n);
	if (when == NULL)
		when = xstrdup(c->window_label != NULL ? c->window_label :
		    msgcat_raw(ctx->msg, ctx->lang, "course.no_upcoming"));
	line = h_msg(ctx, !c->mandatory ? "course.line" :
	    c->mandatory_rule != NULL ? "course.line_mandatory_some" :
	    "course.line_mandatory", "code", c->code, "title", c->title,
	    "when", when, NULL);
	free(when);
	return line;
}

/*
 * Whether course c can still be booked: a class still to start that is
 * not cancelled, or, for a course without classes, a window not yet over.
 */
bool
h_course_bookable(struct ctx *ctx, const struct course *c)
{
	struct class	*k;
	size_t		 n, i;
	bool		 ahead = false;

	k = q_class_list(ctx->db, c->id, &n);
	for (i = 0; i < n; i++) {
		if (!k[i].cancelled && k[i].starts_at > ctx->now)
			ahead = true;
	}
	class_array_free(k, n);
	if (n == 0)
		ahead = c->window_to == 0 || c->window_to > ctx->now;
	return ahead;
}

/* "倫理・知識・技術" from "ethics knowledge" (caller frees). */
char *
h_skill_labels(struct ctx *ctx, const char *skills)
{
	struct buf	 b;
	char		*copy, *w, *save = NULL, key[40];

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	copy = xstrdup(skills != NULL ? skills : "");
	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		snprintf(key, sizeof key, "skill.%s", w);
		buf_printf(&b, "%s%s", b.len > 0 ? msgcat_raw(ctx->msg,
		    ctx->lang, "list.sep") : "", msgcat_raw(ctx->msg,
		    ctx->lang, key));
	}
	free(copy);
	if (b.len == 0)
		buf_addstr(&b, "-");
	return buf_steal(&b);
}

/* Matches a typed word against the labels of a set in both languages. */
static const char *
h_label_code(struct ctx *ctx, const char *const *codes, const char *prefix,
    const char *typed)
{
	const char	*found = NULL, *langs[] = { "ja", "en" };
	char		*want, *have, key[48];
	size_t		 i, l;

	want = text_fold(typed);
	for (i = 0; codes[i] != NULL && found == NULL; i++) {
		if (strcmp(want, codes[i]) == 0)
			found = codes[i];
		snprintf(key, sizeof key, "%s.%s", prefix, codes[i]);
		for (l = 0; l < 2 && found == NULL; l++) {
			have = text_fold(msgcat_raw(ctx->msg, langs[l], key));
			if (strcmp(want, have) == 0)
				found = codes[i];
			free(have);
		}
	}
	free(want);
	return found;
}

/* The skill code for "倫理", "Ethics" or "ethics"; NULL if none. */
const char *
h_skill_code(struct ctx *ctx, const char *typed)
{
	return h_label_code(ctx, catalog_skills, "skill", typed);
}

/* The category code for "職層研修", "職層" or "rank"; NULL if none. */
const char *
h_category_code(struct ctx *ctx, const char *typed)
{
	const char	*c;
	char		*full;

	if ((c = h_label_code(ctx, catalog_categories, "category", typed)) != NULL)
		return c;
	xasprintf(&full, "%s研修", typed);	/* "職層" for "職層研修" */
	c = h_label_code(ctx, catalog_categories, "category", full);
	free(full);
	return c;
}
