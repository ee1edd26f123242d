/*
 * reminders.c: the course reminder job.  At each working slot it sends the
 * reminders that are due and still useful, one message per person (a
 * digest when several fall together), and marks them sent in the same
 * transaction as the outbox rows: a restart never sends one twice, and a
 * reminder missed during downtime is sent once if the class is still ahead.
 * Outside working hours it waits for the next working slot.
 *
 * A run goes in slices of at most H_REMINDERS_PEOPLE people (or
 * H_REMINDERS_STALE stale reminders skipped), each its own transaction, so
 * that the loop acks requests between them: a crash between two slices
 * loses nothing (the rest is still pending) and repeats nothing (what a
 * slice sent is marked sent with its outbox rows).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_REMINDERS_PEOPLE	32	/* people per slice */
#define H_REMINDERS_STALE	200	/* stale reminders skipped per slice */

/* One line of the digest: "7/3（水）9:00 ロジックモデル作成研修（S-05）". */
static char *
h_reminders_item(struct ctx *ctx, const struct reminder *r)
{
	char	*when, *item;

	if (r->class_start != 0) {
		/* The date alone where the plan gives no time: no 9:00. */
		when = r->class_times ? h_when(ctx, r->class_start) :
		    h_date(ctx, r->class_start);
		item = h_msg(ctx, "reminders.item_class", "when", when,
		    "title", r->title, "code", r->code, "where",
		    r->location != NULL ? r->location : "", NULL);
	} else {
		when = h_date(ctx, r->window_to - 1);
		item = h_msg(ctx, "reminders.item_window", "until", when,
		    "title", r->title, "code", r->code, NULL);
	}
	free(when);
	return item;
}

/* Sends one person's due reminders [from, to) as one message. */
static int
h_reminders_send(struct ctx *ctx, const struct reminder *r, size_t n)
{
	struct h_for	 hf;
	struct reply	 msg;
	char		*key;
	size_t		 i;
	int		 rc = 0;

	h_for(ctx, r[0].employee_id, &hf);
	reply_init(&msg);
	h_say(ctx, &msg, r[n - 1].enrollment_id != r[0].enrollment_id ?
	    "reminders.digest" : "reminders.single", NULL);
	for (i = 0; i < n && rc == 0; i++) {
		/* Two reminders of one class due together: list it once. */
		if (i == 0 || r[i].enrollment_id != r[i - 1].enrollment_id)
			reply_add(&msg, REPLY_TEXT, h_reminders_item(ctx,
			    &r[i]));
		rc = q_reminder_mark(ctx->db, r[i].id, "sent");
	}
	reply_add(&msg, REPLY_CONTEXT, h_msg(ctx, "reminders.hint", NULL));
	h_for_end(ctx, &hf);
	/* Each reminder is sent once, so its id makes the message unique. */
	xasprintf(&key, "remind:%s:%lld", r[0].employee_id,
	    (long long)r[0].id);
	if (rc == 0)
		rc = h_notify(ctx, key, r[0].employee_id, &msg);
	free(key);
	reply_clear(&msg);
	return rc;
}

/* Sends one slice of due reminders.  Returns messages queued, or -1. */
static int
h_reminders_slice(struct ctx *ctx)
{
	struct reminder	*due;
	size_t		 n, i, j;
	int		 sent = 0;

	due = q_reminder_due(ctx->db, ctx->now, H_REMINDERS_PEOPLE, &n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(due[j].employee_id,
		    due[i].employee_id) == 0; j++)
			;
		if (h_reminders_send(ctx, &due[i], j - i) != 0) {
			sent = -1;
			break;
		}
		sent++;
	}
	reminder_array_free(due, n);
	ctx->more = sent == H_REMINDERS_PEOPLE;
	return sent;
}

static int
h_reminders_tick(struct ctx *ctx)
{
	int	stale, sent = 0;

	if (!workcal_in_hours(ctx->cal, ctx->now))
		return 0;
	if (db_begin(ctx->db) != 0)
		return -1;
	stale = q_reminder_skip_stale(ctx->db, ctx->now, H_REMINDERS_STALE);
	if (stale < 0)
		goto fail;
	/* After a long downtime, skipping is a slice of its own. */
	if (stale == H_REMINDERS_STALE)
		ctx->more = true;
	else if ((sent = h_reminders_slice(ctx)) < 0)
		goto fail;
	if (db_commit(ctx->db) != 0)
		return -1;
	if (sent > 0)
		log_info("%s: %d reminder messages queued", __func__, sent);
	return sent;
fail:
	db_rollback(ctx->db);
	ctx->more = false;
	return -1;
}

/* The earliest pending reminder, or the next working slot if overdue. */
static int
h_reminders_next(struct ctx *ctx, time_t *when)
{
	int	rc;

	rc = q_reminder_next(ctx->db, when);
	if (rc != 1)
		return rc;
	if (*when <= ctx->now && !workcal_in_hours(ctx->cal, ctx->now))
		*when = workcal_next_slot(ctx->cal, ctx->now);
	return 1;
}

/* The clock aside, when the job is next due depends on this table only. */
static const char *const h_reminders_inputs[] = { "reminder", NULL };

const struct handler handler_reminders = {
	.name = "reminders",
	.role = ROLE_ADMIN,
	.flags = H_JOB,
	.on_tick = h_reminders_tick,
	.next_due = h_reminders_next,
	.inputs = h_reminders_inputs,
};
