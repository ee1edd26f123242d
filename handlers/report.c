/*
 * report.c: `report <id> [reason]`, the recipient asks HR to look at an
 * I-message they received.  The report is audited and HR's members are
 * told, with the text: the recipient chose to show it to them, as they
 * may choose to share it.  HR then decides with `hide`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_report_aliases[] = { "通報", NULL };

/* Tells each active member of HR, in their own language, once. */
static int
h_report_notify(struct ctx *ctx, const struct imessage *m,
    const char *reason)
{
	struct staff	*all;
	struct h_for	 hf;
	struct reply	 msg;
	size_t		 n, i;
	char		*key, id[32];
	int		 rc = 0;

	snprintf(id, sizeof id, "%lld", (long long)m->id);
	all = q_staff_list(ctx->db, &n);
	for (i = 0; i < n && rc == 0; i++) {
		if (!all[i].active || !staff_has_role(&all[i], "hr"))
			continue;
		h_for(ctx, all[i].employee_id, &hf);
		reply_init(&msg);
		h_say(ctx, &msg, "report.to_hr", "id", id, "reason",
		    reason != NULL ? reason : "-", NULL);
		reply_add(&msg, REPLY_TEXT, xstrdup(m->body));
		reply_add(&msg, REPLY_CONTEXT, h_msg(ctx, "report.to_hr_hint",
		    "id", id, NULL));
		h_for_end(ctx, &hf);
		xasprintf(&key, "imessage:%s:report:%s:%s", id,
		    ctx->me->employee_id, all[i].employee_id);
		rc = h_notify(ctx, key, all[i].employee_id, &msg);
		free(key);
		reply_clear(&msg);
	}
	staff_array_free(all, n);
	return rc;
}

static enum h_ret
h_report_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct imessage	*m;
	char		*id, *reason, *detail;
	enum h_ret	 ret = H_OK;
	int		 r;

	if (h_imessage_split(ctx, argv, "report.usage_hint", &id, &reason,
	    reply) != 0)
		return H_OK;
	if ((m = h_imessage_arg(ctx, id, H_IM_RECIPIENT, reply)) == NULL)
		goto out;
	if (reason != NULL &&
	    text_chars(reason) > (size_t)ctx->cfg->imessage_max_length) {
		h_say(ctx, reply, "report.too_long", NULL);
		goto out;
	}
	r = q_imessage_report(ctx->db, m->id, ctx->me->employee_id, reason,
	    ctx->now);
	xasprintf(&detail, "imessage %lld", (long long)m->id);
	if (r < 0 || (r == 1 && (q_audit(ctx->db, ctx->me->employee_id,
	    "imessage.report", detail, ctx->now) != 0 ||
	    h_report_notify(ctx, m, reason) != 0)))
		ret = H_ERROR;
	else
		h_say(ctx, reply, r == 1 ? "report.done" : "report.already",
		    NULL);
	free(detail);
out:
	imessage_array_free(m, m != NULL ? 1 : 0);
	free(id);
	free(reason);
	return ret;
}

const struct handler handler_report = {
	.name = "report",
	.aliases = h_report_aliases,
	.usage = "report.usage",
	.summary = "report.summary",
	.role = ROLE_STAFF,
	.exec = h_report_exec,
};
