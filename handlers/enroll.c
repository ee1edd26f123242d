/*
 * enroll.c: `enroll <code> [class]`.  Takes a seat in a class (the first
 * upcoming one with a free seat unless one is named), or a place on its
 * waitlist when it is full, and plans the reminders, all in the caller's
 * transaction.  A course without dates records the interest; its dates
 * will come with the reminders.  Only the course's target may enrol
 * (anyone, for a course open to all); a course decided by selection needs
 * HR's record, and one whose time has passed takes nobody.  HR can still
 * enrol anyone through yellctl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handlers.h"

#define H_ENROLL_LIST_MAX	3	/* reminder times a confirmation lists */

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
			if (strcasecmp(k[i].key, want) != 0)
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

/*
 * Plans the reminders of a new enrolment and says when they will come,
 * only those that will: enrolling the evening before a class promises
 * what is left.  Returns 0 or -1.
 */
static int
h_enroll_remind(struct ctx *ctx, int64_t id, char **what)
{
	struct reminder	*r;
	struct buf	 b;
	size_t		 n, i;
	char		*when, count[16];
	int		 planned, shown;

	if (remind_plan_count(ctx->db, ctx->cal, ctx->remind, id, ctx->now,
	    &planned) != 0)
		return -1;
	if (planned == 0) {
		*what = h_msg(ctx, "enroll.remind_none", NULL);
		return 0;
	}
	buf_init(&b, 0);
	r = q_reminder_upcoming(ctx->db, ctx->me->employee_id, ctx->now, 100,
	    &n);
	for (i = 0, shown = 0; i < n; i++) {
		if (r[i].enrollment_id != id)
			continue;
		if (shown++ == H_ENROLL_LIST_MAX)
			break;	/* a long period: the first few, and a count */
		when = h_when(ctx, r[i].due_at);
		buf_printf(&b, "%s%s", b.len > 0 ? msgcat_raw(ctx->msg,
		    ctx->lang, "list.sep") : "", when);
		free(when);
	}
	reminder_array_free(r, n);
	buf_add(&b, "", 0);
	snprintf(count, sizeof count, "%d", planned);
	*what = h_msg(ctx, planned > H_ENROLL_LIST_MAX ? "enroll.remind_many" :
	    "enroll.remind_at", "times", b.data, "n", count, NULL);
	buf_free(&b);
	return 0;
}

static enum h_ret
h_enroll_class(struct ctx *ctx, const struct course *c, const char *want,
    struct reply *reply)
{
	struct class	*k;
	size_t		 n;
	int		 i;
	int64_t		 id;
	char		*when, *what, pos[16];
	enum h_ret	 ret = H_OK;

	k = q_class_list(ctx->db, c->id, &n);
	if ((i = h_enroll_pick(ctx, k, n, want, reply)) < 0)
		goto out;
	when = k[i].times_known ? h_when(ctx, k[i].starts_at) :
	    h_date(ctx, k[i].starts_at);
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
	    h_enroll_remind(ctx, id, &what) != 0)
		ret = H_ERROR;
	else {
		h_say(ctx, reply, "enroll.done", "title", c->title, "code",
		    c->code, "when", when, "reminders", what, NULL);
		free(what);
	}
	free(when);
out:
	class_array_free(k, n);
	return ret;
}

/*
 * Whether the asker may enrol in c: the target rule says yes, or cannot
 * tell from the roster (never refuse for a column HR has not filled in);
 * a selection HR has not recorded counts as no.  Returns 0, or -1 with the
 * refusal and its reason in the reply.
 */
static int
h_enroll_allowed(struct ctx *ctx, const struct course *c,
    struct reply *reply)
{
	struct rule		*r;
	char			*cause = NULL, *why = NULL;
	bool			 targeted;
	enum rule_verdict	 v;

	if ((r = rule_parse(c->target_rule != NULL ? c->target_rule : "",
	    &cause)) == NULL) {
		log_warnx("%s: %s: %s", __func__, c->code, cause);
		free(cause);
		return 0;
	}
	v = h_reco_fits(ctx, c, r, ctx->me, H_FIT_ENROL, &targeted, &why);
	if (v == RULE_NO)
		h_say(ctx, reply, rule_needs_selection(r) ?
		    "enroll.not_selected" : "enroll.not_target", "title",
		    c->title, "target", c->target_text != NULL ?
		    c->target_text : "-", "why", why, NULL);
	free(why);
	rule_free(r);
	return v == RULE_NO ? -1 : 0;
}

/* A course run over a period or not yet dated: record the enrolment. */
static enum h_ret
h_enroll_window(struct ctx *ctx, const struct course *c, struct reply *reply)
{
	char	*date, *what = NULL;
	int64_t	id;
	bool	period = c->window_kind != NULL &&
		    strcmp(c->window_kind, "period") == 0;

	if (c->window_to != 0 && c->window_to <= ctx->now) {
		date = h_date(ctx, c->window_to - 1);
		h_say(ctx, reply, "enroll.window_over", "title", c->title,
		    "label", c->window_label != NULL ? c->window_label : "-",
		    "date", date, NULL);
		free(date);
		return H_OK;
	}
	if (q_enroll_insert(ctx->db, ctx->me->employee_id, c->id, 0,
	    "enrolled", NULL, ctx->now, &id) != 0 ||
	    h_enroll_remind(ctx, id, &what) != 0)
		return H_ERROR;
	h_say(ctx, reply, period ? "enroll.done_period" : "enroll.done_tba",
	    "title", c->title, "code", c->code, "label",
	    c->window_label != NULL ? c->window_label : "-", "reminders",
	    what, NULL);
	free(what);
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
	char			 statekey[32], *want = NULL;
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
	if (h_enroll_allowed(ctx, c, reply) != 0)
		goto out;
	/* "３" typed through a Japanese input method is class 3. */
	if (a.n > 1)
		want = text_norm_token(a.v[1].value);
	k = q_class_list(ctx->db, c->id, &n);
	if (n > 0)
		ret = h_enroll_class(ctx, c, want, reply);
	else
		ret = h_enroll_window(ctx, c, reply);
out:
	free(want);
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
