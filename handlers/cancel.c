/*
 * cancel.c: `cancel <code>`.  Gives up a seat or a waitlist place; a freed
 * seat goes to the longest-waiting person, who is told and gets reminders.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_cancel_aliases[] = { "取消", "取り消し",
    "キャンセル", NULL };

/* Moves the first person on the waitlist of class_id into the seat. */
static int
h_cancel_promote(struct ctx *ctx, int64_t class_id, const char *title)
{
	struct h_for		 hf;
	struct enrollment	 w;
	struct reply		 msg;
	char			*when, *key;
	int			 rc;

	if ((rc = q_enroll_first_waiting(ctx->db, class_id, &w)) <= 0)
		return rc;
	rc = -1;
	if (q_enroll_set(ctx->db, w.id, "enrolled", 0, ctx->now) != 0 ||
	    remind_plan(ctx->db, ctx->cal, ctx->remind, w.id, ctx->now) != 0)
		goto out;
	h_for(ctx, w.employee_id, &hf);
	when = h_class_when(ctx, w.class_id, w.starts_at);
	reply_init(&msg);
	h_say(ctx, &msg, "cancel.promoted", "title", title, "when", when,
	    NULL);
	h_for_end(ctx, &hf);
	xasprintf(&key, "promote:%lld", (long long)w.id);
	rc = h_notify(ctx, key, w.employee_id, &msg);
	free(key);
	reply_clear(&msg);
	free(when);
out:
	enrollment_clear(&w);
	return rc;
}

static enum h_ret
h_cancel_exec(struct ctx *ctx, const char *argv, struct reply *reply)
{
	struct course		*c;
	struct enrollment	 e;
	char			*code;
	enum h_ret		 ret = H_OK;
	bool			 held_seat;

	code = text_trim(argv);
	c = h_course_arg(ctx, code, reply);
	free(code);
	if (c == NULL)
		return H_OK;
	if (q_enroll_active(ctx->db, ctx->me->employee_id, c->id, &e) != 1 ||
	    strcmp(e.status, "completed") == 0) {
		h_say(ctx, reply, "cancel.not_enrolled", "title", c->title,
		    NULL);
		goto out;
	}
	held_seat = strcmp(e.status, "enrolled") == 0 && e.class_id != 0;
	if (q_enroll_set(ctx->db, e.id, "cancelled", 0, ctx->now) != 0 ||
	    q_reminder_drop(ctx->db, e.id) != 0 ||
	    (held_seat && h_cancel_promote(ctx, e.class_id, c->title) < 0))
		ret = H_ERROR;
	else
		h_say(ctx, reply, "cancel.done", "title", c->title, NULL);
out:
	enrollment_clear(&e);
	course_free(c);
	return ret;
}

const struct handler handler_cancel = {
	.name = "cancel",
	.aliases = h_cancel_aliases,
	.usage = "cancel.usage",
	.summary = "cancel.summary",
	.role = ROLE_STAFF,
	.exec = h_cancel_exec,
};
