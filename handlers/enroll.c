/*
 * enroll.c: `enroll <code> [class]`.  Takes a seat in a class (the first
 * upcoming one with a free seat unless one is named), or a place on its
 * waitlist when it is full, and plans the reminders, all in the caller's
 * transaction.  A course without dates records the interest; its dates
 * will come with the reminders.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_enroll_aliases[] = { "enrol", "申込", "申し込む",
    "申込み", NULL };

static bool
h_enroll_full(const struct class *k)
{
	return k->capacity > 0 && k->enrolled >= k->capacity;
}

/*
 * Picks the class: the one named, else the first upcoming with a seat,
 * else the first upcoming (to wait for).  Returns its index or -1 with the
 * refusal in the reply.
 */
static int
h_enroll_pick(struct ctx *ctx, const struct class *k, size_t n,
    const char *want, struct reply *reply)
{
	size_t	i;
	int	first = -1;

	for (i = 0; i < n; i++) {
		if (want != NULL) {
			if (strcmp(k[i].key, want) != 0)
				continue;
			if (k[i].cancelled || k[i].starts_at <= ctx->now) {
				h_say(ctx, reply, "enroll.class_closed", "key",
				    want, NULL);
				return -1;
			}
			return (int)i;
		}
		if (k[i].cancelled || k[i].starts_at <= ctx->now)
			continue;
		if (first < 0)
			first = (int)i;
		if (!h_enroll_full(&k[i]))
			return (int)i;
	}
	if (want != NULL)
		h_say(ctx, reply, "enroll.no_such_class", "key", want, NULL);
	else if (first < 0)
		h_say(ctx, reply, "enroll.no_upcoming", NULL);
	return first;
}

static enum h_ret
h_enroll_class(struct ctx *ctx, const struct course *c, const char *want,
    struct reply *reply)
{
	struct class	*k;
	size_t		 n;
	int		 i;
	int64_t		 id;
	char		*when, pos[16];
	enum h_ret	 ret = H_OK;

	k = q_class_list(ctx->db, c->id, &n);
	if ((i = h_enroll_pick(ctx, k, n, want, reply)) < 0)
		goto out;
	when = h_when(ctx, k[i].starts_at);
	if (h_enroll_full(&k[i])) {
		snprintf(pos, sizeof pos, "%d", k[i].waiting + 1);
		if (q_enroll_insert(ctx->db, ctx->me->employee_id, c->id,
		    k[i].id, "waitlisted", NULL, ctx->now, &id) != 0)
			ret = H_ERROR;
		else
			h_say(ctx, reply, "enroll.waitlisted", "title",
			    c->title, "when", when, "position", pos, NULL);
	} else if (q_enroll_insert(ctx->db, ctx->me->employee_id, c->id,
	    k[i].id, "enrolled", NULL, ctx->now, &id) != 0 ||
	    remind_plan(ctx->db, ctx->cal, ctx->remind, id, ctx->now) != 0)
		ret = H_ERROR;
	else
		h_say(ctx, reply, "enroll.done", "title", c->title, "code",
		    c->code, "when", when, NULL);
	free(when);
out:
	class_array_free(k, n);
	return ret;
}

/* A course run over a period or not yet dated: record the enrolment. */
static enum h_ret
h_enroll_window(struct ctx *ctx, const struct course *c, struct reply *reply)
{
	int64_t	id;

	if (q_enroll_insert(ctx->db, ctx->me->employee_id, c->id, 0,
	    "enrolled", NULL, ctx->now, &id) != 0 ||
	    remind_plan(ctx->db, ctx->cal, ctx->remind, id, ctx->now) != 0)
		return H_ERROR;
	h_say(ctx, reply, c->window_kind != NULL &&
	    strcmp(c->window_kind, "period") == 0 ? "enroll.done_period" :
	    "enroll.done_tba", "title", c->title, "code", c->code, "label",
	    c->window_label != NULL ? c->window_label : "-", NULL);
	return H_OK;
}

static enum h_ret
h_enroll_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct args		 a;
	struct course		*c = NULL;
	struct enrollment	 e;
	struct class		*k = NULL;
	size_t			 n = 0;
	char			 statekey[32];
	enum h_ret		 ret = H_OK;

	memset(&e, 0, sizeof e);
	args_parse(&a, argv);
	if ((c = h_course_arg(ctx, a.n > 0 ? a.v[0].value : NULL,
	    reply)) == NULL)
		goto out;
	if (q_enroll_active(ctx->db, ctx->me->employee_id, c->id, &e) == 1) {
		snprintf(statekey, sizeof statekey, "enroll.already_%s",
		    e.status);
		h_say(ctx, reply, statekey, "title", c->title, NULL);
		goto out;
	}
	k = q_class_list(ctx->db, c->id, &n);
	if (n > 0)
		ret = h_enroll_class(ctx, c, a.n > 1 ? a.v[1].value : NULL,
		    reply);
	else
		ret = h_enroll_window(ctx, c, reply);
out:
	class_array_free(k, n);
	enrollment_clear(&e);
	course_free(c);
	args_clear(&a);
	return ret;
}

const struct handler handler_enroll = {
	.name = "enroll",
	.aliases = h_enroll_aliases,
	.usage = "enroll.usage",
	.summary = "enroll.summary",
	.role = ROLE_STAFF,
	.exec = h_enroll_exec,
	.pressed = "enroll.pressed",
};
