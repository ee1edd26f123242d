/*
 * courses.c: `courses [words|#skill|month|category]`, searching this fiscal
 * year's catalogue.  Words match inside titles and summaries, however they
 * are typed (full-width, half-width, katakana or hiragana).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_COURSES_MAX		20	/* lines in one answer */
#define H_COURSES_SOON_DAYS	30

static const char *const h_courses_aliases[] = { "研修", "研修一覧", "search",
    NULL };

struct h_courses_query {
	char		*words;		/* folded */
	const char	*skill;
	const char	*category;
	time_t		 from, to;
};

/* "July", "Jul" or "7月" as either catalogue names a month: 1-12, or 0. */
static long
h_courses_month_name(struct ctx *ctx, const char *w)
{
	const char	*langs[] = { "ja", "en" }, *prefix[] = { "month",
			    "month_long" };
	char		 key[32], *have;
	size_t		 l, p;
	long		 m, found = 0;

	for (m = 1; m <= 12 && found == 0; m++) {
		for (l = 0; l < 2; l++) {
			for (p = 0; p < 2; p++) {
				snprintf(key, sizeof key, "%s.%ld", prefix[p],
				    m);
				have = text_norm_token(msgcat_raw(ctx->msg,
				    langs[l], key));
				if (strcmp(have, w) == 0)
					found = m;
				free(have);
			}
		}
	}
	return found;
}

/*
 * "7月", "7", "2024-07", "July": [from, to) of that month in this fiscal
 * year.
 */
static int
h_courses_month(struct ctx *ctx, const char *word, time_t *from, time_t *to)
{
	char	*w = text_norm_token(word), *end;
	long	 y = 0, m;
	int	 fy = h_fy(ctx);

	m = strtol(w, &end, 10);
	if (end == w && (m = h_courses_month_name(ctx, w)) != 0)
		end = w + strlen(w);
	if (*end == '-' && m > 2000) {
		y = m;
		m = strtol(end + 1, &end, 10);
	}
	if (strcmp(end, "月") != 0 && *end != '\0')
		m = 0;
	free(w);
	if (m < 1 || m > 12)
		return -1;
	if (y == 0)
		y = m >= 4 ? fy : fy + 1;
	*from = clock_from_local((int)y, (int)m, 1, 0, 0);
	*to = m == 12 ? clock_from_local((int)y + 1, 1, 1, 0, 0) :
	    clock_from_local((int)y, (int)m + 1, 1, 0, 0);
	return 0;
}

/* Classifies each argument.  Returns 0, or -1 with a refusal. */
static int
h_courses_parse(struct ctx *ctx, const char *argv, struct h_courses_query *q,
    struct reply *reply)
{
	struct args	 a;
	struct buf	 words;
	size_t		 i;
	int		 rc = 0;

	memset(q, 0, sizeof *q);
	buf_init(&words, 0);
	args_parse(&a, argv);
	for (i = 0; i < a.n && rc == 0; i++) {
		if (a.v[i].kind == ARG_TAG) {
			if ((q->skill = h_skill_code(ctx, a.v[i].value)) ==
			    NULL) {
				h_say(ctx, reply, "courses.unknown_skill",
				    "skill", a.v[i].value, NULL);
				rc = -1;
			}
		} else if (h_courses_month(ctx, a.v[i].value, &q->from,
		    &q->to) == 0)
			;
		else if ((q->category = h_category_code(ctx,
		    a.v[i].value)) != NULL)
			;
		else
			buf_printf(&words, "%s", a.v[i].value);
	}
	args_clear(&a);
	if (words.len > 0)
		q->words = text_fold(words.data);
	buf_free(&words);
	return rc;
}

static void
h_courses_list(struct ctx *ctx, const struct h_courses_query *q,
    struct course *c, size_t n, struct reply *reply)
{
	char	more[24];
	size_t	i;

	for (i = 0; i < n && i < H_COURSES_MAX; i++) {
		reply_add(reply, REPLY_TEXT, h_course_line_in(ctx, &c[i],
		    q->from, q->to));
		/* Slack shows it as a button; it runs `enroll <code>`. */
		if (h_course_bookable(ctx, &c[i]))
			reply_add_button(reply, h_msg(ctx,
			    "course.enroll_button", NULL), "enroll",
			    c[i].code);
	}
	if (n > H_COURSES_MAX) {
		snprintf(more, sizeof more, "%zu", n - H_COURSES_MAX);
		h_say(ctx, reply, "courses.more", "n", more, NULL);
	}
	h_say(ctx, reply, "courses.hint", NULL);
}

static enum h_ret
h_courses_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct h_courses_query	 q;
	struct course		*c;
	size_t			 n;
	char			 count[24];

	if (h_courses_parse(ctx, argv, &q, reply) != 0) {
		free(q.words);
		return H_OK;
	}
	if (q_course_count(ctx->db, h_fy(ctx)) == 0) {
		h_say(ctx, reply, "courses.no_catalog", NULL);
		free(q.words);
		return H_OK;
	}
	if (q.words == NULL && q.skill == NULL && q.category == NULL &&
	    q.from == q.to) {
		/* What is still to start: not a class starting now. */
		q.from = ctx->now + 1;
		q.to = ctx->now + H_COURSES_SOON_DAYS * 24 * 3600;
	}
	c = q_course_search(ctx->db, h_fy(ctx), q.words, q.skill, q.category,
	    q.from, q.to, &n);
	snprintf(count, sizeof count, "%zu", n);
	if (n == 0)
		h_say(ctx, reply, "courses.none", NULL);
	else {
		h_say(ctx, reply, "courses.title", "n", count, NULL);
		h_courses_list(ctx, &q, c, n, reply);
	}
	course_array_free(c, n);
	free(q.words);
	return H_OK;
}

const struct handler handler_courses = {
	.name = "courses",
	.aliases = h_courses_aliases,
	.usage = "courses.usage",
	.summary = "courses.summary",
	.role = ROLE_STAFF,
	.exec = h_courses_exec,
};
