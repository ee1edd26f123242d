/*
 * hnudge.c: what every nudge kind shares: the daily run in working hours,
 * in slices of H_NUDGE_SLICE people; the weekly cap across all kinds; the
 * opt-outs; and queueing, where each nudge says why it came and carries a
 * one-click "stop these".  A kind (one H_JOB file each) only says whom it
 * would nudge about what, and in which words.
 *
 * DESIGN
 * A nudge is recorded in nudge_log in the same transaction as its outbox
 * row, and the cap counts nudge_log: what is queued, not what went out,
 * so a restart between queueing and delivery can neither exceed the cap
 * nor send twice (the log's (person, kind, subject) and the outbox key
 * are both unique).  A day's run of a kind is marked done in nudge_run
 * with its last slice; a run cut short goes on where it stopped, since
 * the people already nudged are not nudged again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_NUDGE_SLICE		32	/* people per slice */
#define H_NUDGE_TIME_DEFAULT	(10 * 60)
#define H_NUDGE_LOOKAHEAD	14	/* days searched for the next run */

/* "2024-06-03", the local date of t. */
void
h_day_key(time_t t, char *buf, size_t len)
{
	struct tm	tm;

	clock_local(t, &tm);
	if (strftime(buf, len, "%Y-%m-%d", &tm) == 0 && len > 0)
		*buf = '\0';
}

/* Local midnight of the Monday of t's week. */
time_t
h_week_start(time_t t)
{
	struct tm	tm;
	int		back;

	clock_local(t, &tm);
	back = (tm.tm_wday + 6) % 7;	/* days since Monday */
	return clock_from_local(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday - back, 0, 0);
}

/* "2024-06-03", the Monday of t's week: the key of weekly things. */
void
h_week_key(time_t t, char *buf, size_t len)
{
	h_day_key(h_week_start(t) + 12 * 3600, buf, len);
}

/* Whether a person wants nudges of kind ("": any at all). */
bool
h_nudge_wanted(struct ctx *ctx, const char *employee_id, const char *kind)
{
	char	*v, *key;
	bool	 off;

	v = q_pref_get(ctx->db, employee_id, "nudges");
	off = v != NULL && strcmp(v, "off") == 0;
	free(v);
	if (off || *kind == '\0')
		return !off;
	xasprintf(&key, "nudges.%s", kind);
	v = q_pref_get(ctx->db, employee_id, key);
	off = v != NULL && strcmp(v, "off") == 0;
	free(v);
	free(key);
	return !off;
}

static int
h_nudge_time(const struct ctx *ctx)
{
	int	min;

	if (ctx->cfg->nudge_time == NULL ||
	    clock_parse_hhmm(ctx->cfg->nudge_time, &min) != 0)
		return H_NUDGE_TIME_DEFAULT;
	return min;
}

/*
 * Queues one nudge, unless the person has had this kind about subject
 * before or has reached the week's cap.  msg is the kind's words; the
 * reason and the stop button are added here.  Returns 1 if queued, 0 if
 * not, -1.
 */
static int
h_nudge_queue(struct ctx *ctx, const struct h_nudge_kind *k,
    const struct staff *p, const char *subject, struct reply *msg)
{
	char		 week[16], *key, *ref, *stop;
	int64_t		 id;
	int		 n, rc;

	h_week_key(ctx->now, week, sizeof week);
	if ((n = q_nudge_week_count(ctx->db, p->employee_id, week)) < 0)
		return -1;
	if (n >= ctx->cfg->nudge_per_week)
		return 0;
	rc = q_nudge_add(ctx->db, p->employee_id, k->kind, subject, week,
	    ctx->now, &id);
	if (rc <= 0)
		return rc;
	xasprintf(&stop, "nudges off %s", k->kind);
	reply_add_button(msg, h_msg(ctx, "nudge.stop_button", NULL),
	    "settings", stop);
	reply_add(msg, REPLY_CONTEXT, h_msg(ctx, "nudge.stop_hint", "kind",
	    k->kind, NULL));
	xasprintf(&key, "nudge:%s:%s:%s", k->kind, p->employee_id, subject);
	xasprintf(&ref, "%s:%lld", k->job, (long long)id);
	rc = h_notify_ref(ctx, key, p->employee_id, msg, ref) == 0 ? 1 : -1;
	free(stop);
	free(ref);
	free(key);
	return rc;
}

/* One person: the kind's words in their language, queued.  1, 0 or -1. */
static int
h_nudge_person(struct ctx *ctx, const struct h_nudge_kind *k,
    const struct staff *p)
{
	struct h_for	 hf;
	struct reply	 msg;
	char		*subject = NULL;
	int		 rc;

	if (!p->active || !h_nudge_wanted(ctx, p->employee_id, k->kind))
		return 0;
	h_for(ctx, p->employee_id, &hf);
	reply_init(&msg);
	rc = k->person(ctx, p, &subject, &msg);
	if (rc == 1)
		rc = h_nudge_queue(ctx, k, p, subject, &msg);
	h_for_end(ctx, &hf);
	reply_clear(&msg);
	free(subject);
	return rc;
}

/* Whether today is a day of this kind and its time has come. */
static bool
h_nudge_now(struct ctx *ctx, const struct h_nudge_kind *k, char *day,
    size_t len)
{
	struct tm	tm;

	if (!k->enabled(ctx->cfg) || ctx->cfg->nudge_per_week <= 0)
		return false;
	clock_local(ctx->now, &tm);
	if (!workcal_is_working_day(ctx->cal, tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday) || !workcal_in_hours(ctx->cal,
	    ctx->now) || tm.tm_hour * 60 + tm.tm_min < h_nudge_time(ctx))
		return false;
	h_day_key(ctx->now, day, len);
	return q_nudge_run_done(ctx->db, k->kind, day) == 0;
}

/*
 * A kind's on_tick: one slice of today's run.  The bookmark is "day
 * employee_id".  Returns the nudges queued, or -1.
 */
int
h_nudge_tick(struct ctx *ctx, const struct h_nudge_kind *k)
{
	struct staff	*p;
	char		 day[16], **ids;
	const char	*after = "";
	size_t		 n, i, len;
	int		 queued = 0, r;

	if (!h_nudge_now(ctx, k, day, sizeof day))
		return 0;
	len = strlen(day);
	if (strncmp(ctx->resume, day, len) == 0 && ctx->resume[len] == ' ')
		after = ctx->resume + len + 1;
	ids = q_nudge_people(ctx->db, after, H_NUDGE_SLICE, &n);
	if (db_begin(ctx->db) != 0)
		goto fail;
	for (i = 0; i < n && queued >= 0; i++) {
		if ((p = q_staff_get(ctx->db, ids[i])) == NULL)
			continue;
		if ((r = h_nudge_person(ctx, k, p)) < 0)
			queued = -1;
		else
			queued += r;
		staff_free(p);
	}
	if (queued >= 0 && n < H_NUDGE_SLICE &&
	    q_nudge_run_mark(ctx->db, k->kind, day, ctx->now) != 0)
		queued = -1;
	if (queued < 0) {
		db_rollback(ctx->db);
		goto fail;
	}
	if (db_commit(ctx->db) != 0)
		goto fail;
	if (n == H_NUDGE_SLICE) {
		ctx->more = true;
		snprintf(ctx->resume, sizeof ctx->resume, "%s %s", day,
		    ids[n - 1]);
	}
	nudge_ids_free(ids, n);
	return queued;
fail:
	nudge_ids_free(ids, n);
	return -1;
}

/* A kind's next_due: today's run time if not done yet, else the next. */
int
h_nudge_next(struct ctx *ctx, const struct h_nudge_kind *k, time_t *when)
{
	struct tm	tm;
	time_t		day, at;
	char		key[16];
	int		i;

	if (!k->enabled(ctx->cfg) || ctx->cfg->nudge_per_week <= 0)
		return 0;
	clock_local(ctx->now, &tm);
	for (i = 0; i < H_NUDGE_LOOKAHEAD; i++) {
		day = clock_from_local(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday + i, 12, 0);
		at = workcal_day_at(ctx->cal, day, h_nudge_time(ctx));
		/* A holiday or weekend, or a time out of working hours. */
		if (at == (time_t)-1 || !workcal_in_hours(ctx->cal, at))
			continue;
		h_day_key(day, key, sizeof key);
		if (q_nudge_run_done(ctx->db, k->kind, key) != 0)
			continue;
		if (at < ctx->now) {
			if (!workcal_in_hours(ctx->cal, ctx->now))
				continue;
			at = ctx->now;
		}
		*when = at;
		return 1;
	}
	return 0;
}

/* A kind's on_sent: the outbox delivered nudge id. */
int
h_nudge_sent(struct db *db, const char *id, time_t at, const char *msg_ref)
{
	(void)msg_ref;
	return q_nudge_sent(db, strtoll(id, NULL, 10), at);
}

/* Its runs and the opt-outs; people and facts are read when it runs. */
const char *const h_nudge_inputs[] = { "nudge_run", NULL };

/* The kinds as typed after `settings nudges off`, and their words. */
static const struct {
	const char	*kind;
	const char	*words[4];
} h_nudge_names[] = {
	{ "imessage", { "iメッセージ", "i", "message", NULL } },
	{ "team", { "チーム", "部下", NULL } },
	{ "class", { "研修", "course", NULL } },
	{ "thanks", { "お礼", "返信", "thank", NULL } },
};

/* The kind a word names ("研修" is "class"), or NULL. */
const char *
h_nudge_kind_name(const char *typed)
{
	const char	*found = NULL;
	char		*w = text_norm_token(typed);
	size_t		 i, j;

	for (i = 0; i < sizeof h_nudge_names / sizeof h_nudge_names[0] &&
	    found == NULL; i++) {
		if (strcmp(w, h_nudge_names[i].kind) == 0)
			found = h_nudge_names[i].kind;
		for (j = 0; h_nudge_names[i].words[j] != NULL; j++) {
			if (strcmp(w, h_nudge_names[i].words[j]) == 0)
				found = h_nudge_names[i].kind;
		}
	}
	free(w);
	return found;
}
