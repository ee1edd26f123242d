/*
 * nudge_team.c: the nudge job for a manager some of whose members have
 * received no I-message in [nudges] team_days: it names them, so that the
 * manager knows whom to watch for something to recognise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_NT_NAMES	5	/* named; the rest are counted */

static bool
h_nt_enabled(const struct config *cfg)
{
	return cfg->nudge_team_days > 0;
}

/* "山田 太郎さん、佐藤 花子さん ほか2人" (caller frees). */
static char *
h_nt_names(struct ctx *ctx, const struct nudge_person *m, size_t n)
{
	struct buf	 b;
	char		*sep, *more, *name, count[32];
	size_t		 i;

	buf_init(&b, 0);
	sep = h_msg(ctx, "nudge.team.separator", NULL);
	for (i = 0; i < n && i < H_NT_NAMES; i++) {
		name = h_msg(ctx, "nudge.person", "name", m[i].name, NULL);
		buf_printf(&b, "%s%s", i > 0 ? sep : "", name);
		free(name);
	}
	if (n > H_NT_NAMES) {
		snprintf(count, sizeof count, "%zu", n - H_NT_NAMES);
		more = h_msg(ctx, "nudge.team.more", "n", count, NULL);
		buf_addstr(&b, more);
		free(more);
	}
	free(sep);
	return buf_steal(&b);
}

static int
h_nt_person(struct ctx *ctx, const struct staff *p, char **subject,
    struct reply *msg)
{
	struct nudge_person	*m;
	time_t			 last, since;
	size_t			 n;
	char			 week[16], days[32], *names;
	int			 rc;

	since = ctx->now - ctx->cfg->nudge_team_days * 86400;
	if (!staff_is_manager(p))
		return 0;
	if ((rc = q_nudge_last(ctx->db, p->employee_id, "team", &last)) < 0)
		return -1;
	if (rc == 1 && last >= since)
		return 0;
	m = q_nudge_unrecognised(ctx->db, p->employee_id, since, &n);
	if (n == 0)
		return 0;
	snprintf(days, sizeof days, "%ld", ctx->cfg->nudge_team_days);
	names = h_nt_names(ctx, m, n);
	h_say(ctx, msg, "nudge.team.body", "names", names, "days", days, NULL);
	h_say(ctx, msg, "nudge.team.hint", NULL);
	reply_add(msg, REPLY_CONTEXT, h_msg(ctx, "nudge.team.why", "days", days,
	    NULL));
	free(names);
	nudge_people_free(m, n);
	h_week_key(ctx->now, week, sizeof week);
	*subject = xstrdup(week);
	return 1;
}

static const struct h_nudge_kind h_nt_kind = {
	.kind = "team",
	.job = "nudge_team",
	.enabled = h_nt_enabled,
	.person = h_nt_person,
};

static int
h_nt_tick(struct ctx *ctx)
{
	return h_nudge_tick(ctx, &h_nt_kind);
}

static int
h_nt_next(struct ctx *ctx, time_t *when)
{
	return h_nudge_next(ctx, &h_nt_kind, when);
}

const struct handler handler_nudge_team = {
	.name = "nudge_team",
	.role = ROLE_ADMIN,
	.flags = H_JOB,
	.on_tick = h_nt_tick,
	.next_due = h_nt_next,
	.on_sent = h_nudge_sent,
	.inputs = h_nudge_inputs,
};
