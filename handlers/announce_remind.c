/*
 * announce_remind.c: the job that reminds, once, the recipients of an
 * announcement asking for acknowledgement who have not acknowledged it N
 * working days after it went out (N its remind_after), in working hours.
 * Each reminder's outbox key names the receipt, and the receipt records
 * it, in the same transaction: nobody is reminded twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_REMIND_OPEN	16	/* announcements looked at per run */
#define H_REMIND_SLICE	200	/* reminders written per slice */

/* When announcement a's reminders are due. */
static time_t
h_remind_due(const struct ctx *ctx, const struct announcement *a)
{
	time_t	t = workcal_add_working_days(ctx->cal, a->sent_at,
	    a->remind_after);

	return t == (time_t)-1 ? a->sent_at + a->remind_after * 86400 : t;
}

/* One person's reminder, in their language. */
static int
h_remind_one(struct ctx *ctx, const struct announcement *a,
    const struct receipt *r)
{
	struct h_for	 hf;
	struct reply	 msg;
	char		 key[48];
	int		 rc;

	h_for(ctx, r->employee_id, &hf);
	reply_init(&msg);
	h_say(ctx, &msg, "announce.reminder", "title", a->title, NULL);
	h_announce_render(ctx->msg, ctx->lang, a, &msg);
	h_for_end(ctx, &hf);
	snprintf(key, sizeof key, "announce-remind:%lld", (long long)r->id);
	rc = h_notify(ctx, key, r->employee_id, &msg);
	reply_clear(&msg);
	if (rc == 0)
		rc = q_announce_remind_mark(ctx->db, r->id, ctx->now);
	return rc;
}

/* One slice of a's reminders.  Returns how many were written, or -1. */
static int
h_remind_slice(struct ctx *ctx, const struct announcement *a)
{
	struct receipt	*r;
	size_t		 n, i;
	int		 rc = 0;

	if (db_begin(ctx->db) != 0)
		return -1;
	r = q_announce_unacked(ctx->db, a->id, H_REMIND_SLICE, &n);
	for (i = 0; i < n && rc == 0; i++)
		rc = h_remind_one(ctx, a, &r[i]);
	if (rc == 0 && n < H_REMIND_SLICE)
		rc = q_announce_reminded(ctx->db, a->id);
	receipt_array_free(r, n);
	if (rc != 0 || db_commit(ctx->db) != 0) {
		db_rollback(ctx->db);
		return -1;
	}
	if (n == H_REMIND_SLICE)
		ctx->more = true;
	return (int)n;
}

static int
h_remind_tick(struct ctx *ctx)
{
	struct announcement	*a;
	size_t			 n, i;
	int			 rc = 0;

	if (!workcal_in_hours(ctx->cal, ctx->now))
		return 0;
	a = q_announce_remind_open(ctx->db, H_REMIND_OPEN, &n);
	for (i = 0; i < n && rc == 0 && !ctx->more; i++) {
		if (ctx->now >= h_remind_due(ctx, &a[i]))
			rc = h_remind_slice(ctx, &a[i]) < 0 ? -1 : 0;
	}
	announcement_array_free(a, n);
	return rc;
}

static int
h_remind_next(struct ctx *ctx, time_t *when)
{
	struct announcement	*a;
	size_t			 n, i;
	time_t			 t, best = 0, slot;

	a = q_announce_remind_open(ctx->db, H_REMIND_OPEN, &n);
	for (i = 0; i < n; i++) {
		t = h_remind_due(ctx, &a[i]);
		if (best == 0 || t < best)
			best = t;
	}
	announcement_array_free(a, n);
	if (best == 0)
		return 0;
	slot = workcal_next_slot(ctx->cal, best > ctx->now ? best : ctx->now);
	*when = slot == (time_t)-1 ? best : slot;
	return 1;
}

static const char *const h_remind_inputs[] = { "announcement",
    "announcement_receipt", NULL };

const struct handler handler_announce_remind = {
	.name = "announce_remind",
	.role = ROLE_ADMIN,
	.flags = H_JOB,
	.on_tick = h_remind_tick,
	.next_due = h_remind_next,
	.inputs = h_remind_inputs,
};
