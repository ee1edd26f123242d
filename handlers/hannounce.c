/*
 * hannounce.c: what the announcement commands, jobs and yellctl share:
 * the message as recipients see it, the reach of an audience (the
 * preview), when an announcement will really go out, and writing its
 * receipts and outbox rows.  The roster is streamed, one person at a
 * time, so that no caller holds a whole audience in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_ANN_NAMES	10	/* unlinked people named in a preview */
#define H_ANN_LANGS	4	/* rendered bodies kept while enqueueing */

/*
 * The announcement as its recipients see it, in lang: the title, the
 * text, and when it asks for acknowledgement, the 「読みました」 button
 * (pressed, it runs "ack ID") and how to acknowledge by typing.
 */
void
h_announce_render(const struct msgcat *msg, const char *lang,
    const struct announcement *a, struct reply *r)
{
	char	id[32];

	snprintf(id, sizeof id, "%lld", (long long)a->id);
	reply_add(r, REPLY_TEXT, msgcat_fmt(msg, lang, "announce.message",
	    "title", a->title, "body", a->body, NULL));
	if (!a->ack)
		return;
	reply_add_button(r, msgcat_fmt(msg, lang, "ack.button", NULL), "ack",
	    id);
	reply_add(r, REPLY_CONTEXT, msgcat_fmt(msg, lang, "ack.hint", "id",
	    id, NULL));
}

struct h_reach_walk {
	const struct segment	*seg;
	struct announce_reach	*r;
};

static int
h_announce_reach_one(void *arg, const struct staff *s, const char *lang,
    bool linked)
{
	struct h_reach_walk	*w = arg;
	struct announce_reach	*r = w->r;

	(void)lang;
	if (!segment_match(w->seg, s))
		return 0;
	r->targeted++;
	if (linked)
		return 0;
	r->unlinked++;
	if (r->nnames < H_ANN_NAMES) {
		r->names = xrealloc(r->names, (r->nnames + 1) *
		    sizeof *r->names);
		xasprintf(&r->names[r->nnames++], "%s（%s）", s->name,
		    s->employee_id);
	}
	return 0;
}

/*
 * Who audience reaches on the roster now: how many active people, how
 * many of them have no chat account linked yet, and the first of those by
 * name.  Returns 0, or -1 with *bad (caller frees) naming what of the
 * expression was not understood, or NULL on a database error.
 */
int
h_announce_reach(struct db *db, const char *audience,
    struct announce_reach *r, char **bad)
{
	struct h_reach_walk	 w;
	struct segment		*seg;
	int			 rc;

	memset(r, 0, sizeof *r);
	*bad = NULL;
	if ((seg = segment_parse(audience != NULL ? audience : "", bad)) ==
	    NULL)
		return -1;
	w.seg = seg;
	w.r = r;
	rc = q_staff_each(db, h_announce_reach_one, &w);
	segment_free(seg);
	return rc == 0 ? 0 : -1;
}

void
h_announce_reach_clear(struct announce_reach *r)
{
	size_t	i;

	for (i = 0; i < r->nnames; i++)
		free(r->names[i]);
	free(r->names);
	memset(r, 0, sizeof *r);
}

/*
 * When a confirmed announcement goes out: at its time, or, unless urgent,
 * the first working moment from then (working days and hours of cal).
 */
time_t
h_announce_when(const struct workcal *cal, const struct announcement *a,
    time_t now)
{
	time_t	t = a->send_at > now ? a->send_at : now, slot;

	if (a->urgent || cal == NULL)
		return t;
	slot = workcal_next_slot(cal, t);
	return slot == (time_t)-1 ? t : slot;
}

struct h_enqueue {
	struct db			*db;
	const struct msgcat		*msg;
	const char			*deflang;
	const struct announcement	*a;
	const struct segment		*seg;
	time_t				 now;
	int				 count;
	struct {
		char	*lang;
		char	*body;
	}				 bodies[H_ANN_LANGS];
	size_t				 nbodies;
};

/* The rendered JSON body in lang, rendered once per language. */
static const char *
h_announce_body(struct h_enqueue *e, const char *lang)
{
	struct reply	r;
	char		*body;
	size_t		i;

	if (lang == NULL || !msgcat_has_locale(e->msg, lang))
		lang = e->deflang;
	for (i = 0; i < e->nbodies; i++) {
		if (strcmp(e->bodies[i].lang, lang) == 0)
			return e->bodies[i].body;
	}
	reply_init(&r);
	h_announce_render(e->msg, lang, e->a, &r);
	body = reply_to_json(&r);
	reply_clear(&r);
	if (e->nbodies == H_ANN_LANGS) {	/* more languages than kept */
		free(e->bodies[H_ANN_LANGS - 1].lang);
		free(e->bodies[H_ANN_LANGS - 1].body);
		e->nbodies--;
	}
	e->bodies[e->nbodies].lang = xstrdup(lang);
	e->bodies[e->nbodies].body = body;
	return e->bodies[e->nbodies++].body;
}

static int
h_announce_enqueue_one(void *arg, const struct staff *s, const char *lang,
    bool linked)
{
	struct h_enqueue	*e = arg;
	int64_t			 receipt;

	(void)lang;
	(void)linked;
	if (!segment_match(e->seg, s))
		return 0;
	if (q_announce_receipt_add(e->db, e->a->id, s, &receipt) < 0)
		return -1;
	e->count++;
	return 0;
}

/*
 * The direct messages, one statement a language: first those who chose
 * a language the catalogues have other than the default, then everyone
 * left in the default (a key already queued is skipped).
 */
static int
h_announce_direct(struct h_enqueue *e)
{
	char	**langs;
	size_t	  n, i;
	int	  rc = 0;

	langs = q_announce_languages(e->db, e->a->id, &n);
	for (i = 0; i < n; i++) {
		if (rc == 0 && strcmp(langs[i], e->deflang) != 0 &&
		    msgcat_has_locale(e->msg, langs[i]) &&
		    q_announce_queue_direct(e->db, e->a->id, langs[i],
		    h_announce_body(e, langs[i]), e->now) < 0)
			rc = -1;
		free(langs[i]);
	}
	free(langs);
	if (rc == 0 && q_announce_queue_direct(e->db, e->a->id, NULL,
	    h_announce_body(e, e->deflang), e->now) < 0)
		rc = -1;
	return rc;
}

/* The channel post, one for everyone; its ref "announce:cID" marks all. */
static int
h_announce_post(struct h_enqueue *e)
{
	struct outbox_msg	m;
	char			key[48], ref[48];

	snprintf(key, sizeof key, "announce-post:%lld", (long long)e->a->id);
	snprintf(ref, sizeof ref, "announce:c%lld", (long long)e->a->id);
	memset(&m, 0, sizeof m);
	m.dedupe_key = key;
	m.recipient = e->a->author;
	m.method = OUTBOX_POST;
	m.conversation = e->a->channel;
	m.body = h_announce_body(e, e->deflang);
	m.ref = ref;
	m.not_before = e->now;
	return q_outbox_add(e->db, &m) < 0 ? -1 : 0;
}

/*
 * Resolves a's audience against the active roster and writes, inside the
 * caller's transaction, one receipt per person and (a->dm) one direct
 * message each, and (a->channel) the channel post; all keyed, so that a
 * second run after a crash adds nothing.  Messages are in each person's
 * language (deflang when they chose none).  OUT: *count, the people
 * targeted.  Returns 0, or -1 with *bad set (caller frees) for an audience
 * no longer understood, or NULL on a database error.
 */
int
h_announce_enqueue(struct db *db, const struct msgcat *msg,
    const char *deflang, const struct announcement *a, time_t now,
    int *count, char **bad)
{
	struct h_enqueue	 e;
	struct segment		*seg;
	size_t			 i;
	int			 rc;

	*count = 0;
	*bad = NULL;
	if ((seg = segment_parse(a->audience, bad)) == NULL)
		return -1;
	memset(&e, 0, sizeof e);
	e.db = db;
	e.msg = msg;
	e.deflang = deflang;
	e.a = a;
	e.seg = seg;
	e.now = now;
	rc = q_staff_each(db, h_announce_enqueue_one, &e);
	if (rc == 0 && a->dm)
		rc = h_announce_direct(&e);
	if (rc == 0 && a->channel != NULL && *a->channel != '\0')
		rc = h_announce_post(&e);
	*count = e.count;
	for (i = 0; i < e.nbodies; i++) {
		free(e.bodies[i].lang);
		free(e.bodies[i].body);
	}
	segment_free(seg);
	return rc == 0 ? 0 : -1;
}

/*
 * Series rules, for the plan's "継続的かつ反復的に": the day of each
 * edition, then its time of day.
 *   month 1st working day 10:00   (also 2nd..., "first"; 毎月 第1営業日)
 *   month last working day 10:00  (毎月 最終営業日)
 *   month 15 10:00                (the 15th, or the next working day)
 *   week mon 10:00                (that weekday, or the next working day
 *                                  of the week; 毎週 月曜)
 *   day 10:00                     (every working day; 毎日)
 */
static int
h_series_word(const char *w, const char *const *names)
{
	size_t	i;

	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(w, names[i]) == 0)
			return (int)i;
	}
	return -1;
}

/* Parses a series rule.  Returns 0, or -1 with *cause (caller frees). */
int
h_series_parse(const char *every, struct series_rule *r, char **cause)
{
	static const char *const wdays[] = { "sun", "mon", "tue", "wed",
	    "thu", "fri", "sat", NULL };
	static const char *const wdays_ja[] = { "日曜", "月曜", "火曜",
	    "水曜", "木曜", "金曜", "土曜", NULL };
	char	*norm = text_norm_token(every), *w[6], *save = NULL, *p;
	char	 hhmm[8];
	int	 n = 0, nth = 0, rc = -1;

	memset(r, 0, sizeof *r);
	for (p = strtok_r(norm, " ", &save); p != NULL && n < 6;
	    p = strtok_r(NULL, " ", &save))
		w[n++] = p;
	if (n < 2 || p != NULL)
		goto out;
	/* "9:00" as well as "09:00". */
	snprintf(hhmm, sizeof hhmm, "%s%s", strlen(w[n - 1]) == 4 ? "0" : "",
	    w[n - 1]);
	if (clock_parse_hhmm(hhmm, &r->minute) != 0)
		goto out;
	if ((strcmp(w[0], "month") == 0 || strcmp(w[0], "毎月") == 0) &&
	    n >= 3) {
		if (strcmp(w[1], "last") == 0 || strcmp(w[1], "最終営業日") ==
		    0) {
			r->kind = SERIES_MONTH_LAST;
			rc = (n == 5 && strcmp(w[2], "working") == 0 &&
			    strcmp(w[3], "day") == 0) || n == 3 ? 0 : -1;
		} else if (n == 3 && sscanf(w[1], "%d", &r->n) == 1 &&
		    strspn(w[1], "0123456789") == strlen(w[1])) {
			r->kind = SERIES_MONTH_DAY;
			rc = r->n >= 1 && r->n <= 28 ? 0 : -1;
		} else {
			if (strcmp(w[1], "first") == 0)
				nth = 1;
			else if (sscanf(w[1], "第%d営業日", &nth) != 1 &&
			    sscanf(w[1], "%d", &nth) != 1)
				nth = 0;
			r->kind = SERIES_MONTH_NTH;
			r->n = nth;
			rc = nth >= 1 && nth <= 10 && (n == 3 || (n == 5 &&
			    strcmp(w[2], "working") == 0 &&
			    strcmp(w[3], "day") == 0)) ? 0 : -1;
		}
	} else if ((strcmp(w[0], "week") == 0 || strcmp(w[0], "毎週") == 0) &&
	    n == 3) {
		r->kind = SERIES_WEEK;
		if ((r->n = h_series_word(w[1], wdays)) < 0)
			r->n = h_series_word(w[1], wdays_ja);
		rc = r->n >= 1 && r->n <= 5 ? 0 : -1;
	} else if ((strcmp(w[0], "day") == 0 || strcmp(w[0], "毎日") == 0) &&
	    n == 2) {
		r->kind = SERIES_WORKDAY;
		rc = 0;
	}
out:
	if (rc != 0)
		xasprintf(cause, "not a series rule: %s (try 'month 1st "
		    "working day 10:00', 'month last working day 10:00', "
		    "'month 15 10:00', 'week mon 10:00' or 'day 10:00')", every);
	free(norm);
	return rc;
}

/*
 * Whether y-m-d is a working day, d running past either end of the month
 * into the next or the previous one; same_month: false for those.
 */
static bool
h_series_working(const struct workcal *cal, int y, int m, int d,
    bool same_month)
{
	struct tm	tm;

	clock_local(clock_from_local(y, m, d, 12, 0), &tm);
	if (same_month && tm.tm_mon + 1 != m)
		return false;
	return workcal_is_working_day(cal, tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

/* Whether local day y-m-d (weekday wd) is an edition's day of rule r. */
static bool
h_series_day(const struct workcal *cal, const struct series_rule *r, int y,
    int m, int d, int wd)
{
	int	i, k = 0;

	if (!workcal_is_working_day(cal, y, m, d))
		return false;
	switch (r->kind) {
	case SERIES_WORKDAY:
		return true;
	case SERIES_MONTH_NTH:
		for (i = 1; i <= d; i++)
			k += workcal_is_working_day(cal, y, m, i);
		return k == r->n;
	case SERIES_MONTH_LAST:
		for (i = d + 1; i <= 31; i++) {
			if (h_series_working(cal, y, m, i, true))
				return false;
		}
		return true;
	case SERIES_MONTH_DAY:
		if (d < r->n)
			return false;
		for (i = r->n; i < d; i++) {
			if (workcal_is_working_day(cal, y, m, i))
				return false;
		}
		return true;
	case SERIES_WEEK:
		if (wd < r->n)
			return false;
		for (i = 1; i <= wd - r->n; i++) {
			if (h_series_working(cal, y, m, d - i, false))
				return false;
		}
		return true;
	}
	return false;
}

/*
 * The first edition of rule r strictly after after, or (time_t)-1 if none
 * lies within a year.
 */
time_t
h_series_next_at(const struct workcal *cal, const struct series_rule *r,
    time_t after)
{
	struct tm	tm, day;
	time_t		t;
	int		k;

	clock_local(after, &tm);
	for (k = 0; k < 400; k++) {
		clock_local(clock_from_local(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday + k, 12, 0), &day);
		if (!h_series_day(cal, r, day.tm_year + 1900, day.tm_mon + 1,
		    day.tm_mday, day.tm_wday))
			continue;
		t = clock_from_local(day.tm_year + 1900, day.tm_mon + 1,
		    day.tm_mday, r->minute / 60, r->minute % 60);
		if (t > after)
			return t;
	}
	return (time_t)-1;
}
