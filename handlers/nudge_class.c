/*
 * nudge_class.c: the nudge job for the working day after a class someone
 * attended: an invitation to thank someone met there, and to reflect on
 * the skills the course builds (the catalogue's 身につく能力).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_NC_NAMES	3	/* classmates suggested */

static bool
h_nc_enabled(const struct config *cfg)
{
	return cfg->nudge_after_class != 0;
}

/* Local midnight of the working day before today's. */
static time_t
h_nc_since(struct ctx *ctx, time_t *today)
{
	struct tm	tm;
	time_t		prev;

	clock_local(ctx->now, &tm);
	*today = clock_from_local(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, 0, 0);
	prev = workcal_add_working_days(ctx->cal, *today + 12 * 3600, -1);
	if (prev == (time_t)-1)
		return *today - 86400;
	clock_local(prev, &tm);
	return clock_from_local(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    0, 0);
}

/* Names the classmates of class_id and offers to write to the first. */
static void
h_nc_classmates(struct ctx *ctx, const struct staff *p, int64_t class_id,
    time_t from, time_t to, struct reply *msg)
{
	struct nudge_person	*m;
	struct buf		 b;
	size_t			 n, i, named = 0;
	char			*cmd, *sep, *name;
	size_t			 first = 0;

	m = q_nudge_classmates(ctx->db, p->employee_id, from, to, 50, &n);
	buf_init(&b, 0);
	sep = h_msg(ctx, "nudge.team.separator", NULL);
	for (i = 0; i < n && named < H_NC_NAMES; i++) {
		if (m[i].id != class_id)
			continue;
		name = h_msg(ctx, "nudge.person", "name", m[i].name, NULL);
		buf_printf(&b, "%s%s", named > 0 ? sep : "", name);
		free(name);
		if (named++ == 0)
			first = i;
	}
	if (named > 0 && h_imessage_may_send(ctx, p)) {
		h_say(ctx, msg, "nudge.class.thank", "names", b.data, NULL);
		xasprintf(&cmd, "@%s", m[first].employee_id);
		reply_add_button(msg, h_msg(ctx, "nudge.imessage.button",
		    "name", m[first].name, NULL), "imessage", cmd);
		free(cmd);
	}
	free(sep);
	buf_free(&b);
	nudge_people_free(m, n);
}

static int
h_nc_person(struct ctx *ctx, const struct staff *p, char **subject,
    struct reply *msg)
{
	struct nudge_person	*c;
	time_t			 today, since;
	size_t			 n;
	char			*skills;

	since = h_nc_since(ctx, &today);
	c = q_nudge_attended(ctx->db, p->employee_id, since, today, &n);
	if (n == 0)
		return 0;
	/* One class a day is enough: the latest. */
	h_say(ctx, msg, "nudge.class.body", "title", c[n - 1].title, "code",
	    c[n - 1].code, NULL);
	if (c[n - 1].skills != NULL && *c[n - 1].skills != '\0') {
		skills = h_skill_labels(ctx, c[n - 1].skills);
		h_say(ctx, msg, "nudge.class.skills", "skills", skills, NULL);
		free(skills);
	}
	h_nc_classmates(ctx, p, c[n - 1].id, since, today, msg);
	reply_add(msg, REPLY_CONTEXT, h_msg(ctx, "nudge.class.why", "title",
	    c[n - 1].title, NULL));
	xasprintf(subject, "class:%lld", (long long)c[n - 1].id);
	nudge_people_free(c, n);
	return 1;
}

static const struct h_nudge_kind h_nc_kind = {
	.kind = "class",
	.job = "nudge_class",
	.enabled = h_nc_enabled,
	.person = h_nc_person,
};

static int
h_nc_tick(struct ctx *ctx)
{
	return h_nudge_tick(ctx, &h_nc_kind);
}

static int
h_nc_next(struct ctx *ctx, time_t *when)
{
	return h_nudge_next(ctx, &h_nc_kind, when);
}

const struct handler handler_nudge_class = {
	.name = "nudge_class",
	.role = ROLE_ADMIN,
	.flags = H_JOB,
	.on_tick = h_nc_tick,
	.next_due = h_nc_next,
	.on_sent = h_nudge_sent,
	.inputs = h_nudge_inputs,
};
