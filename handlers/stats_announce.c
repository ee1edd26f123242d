/*
 * stats_announce.c: `stats announce [ID]`, the HR view of how far an
 * announcement reached: targeted, delivered, failed (and why),
 * acknowledged and the median time to acknowledge, in total and by
 * department and job level.  Without an id, the latest ones in a line
 * each.  Only aggregates: no one's name appears.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_SA_LATEST	5

/* "2時間5分" (caller frees); "-" when nobody acknowledged yet. */
static char *
h_sa_duration(struct ctx *ctx, long s)
{
	char	a[16], b[16];

	if (s < 0)
		return xstrdup("-");
	if (s < 3600) {
		snprintf(a, sizeof a, "%ld", (s + 59) / 60);
		return h_msg(ctx, "announce.dur_min", "m", a, NULL);
	}
	if (s < 2 * 86400) {
		snprintf(a, sizeof a, "%ld", s / 3600);
		snprintf(b, sizeof b, "%ld", s % 3600 / 60);
		return h_msg(ctx, "announce.dur_hours", "h", a, "m", b, NULL);
	}
	snprintf(a, sizeof a, "%ld", s / 86400);
	return h_msg(ctx, "announce.dur_days", "d", a, NULL);
}

/* One line of figures under label. */
static void
h_sa_line(struct ctx *ctx, struct reply *reply, const char *key,
    const char *label, const struct announce_figures *f)
{
	char	t[16], d[16], x[16], k[16], *med;

	snprintf(t, sizeof t, "%d", f->targeted);
	snprintf(d, sizeof d, "%d", f->delivered);
	snprintf(x, sizeof x, "%d", f->failed);
	snprintf(k, sizeof k, "%d", f->acknowledged);
	med = h_sa_duration(ctx, f->median_ack);
	h_say(ctx, reply, key, "label", label, "targeted", t, "delivered", d,
	    "failed", x, "acked", k, "median", med, NULL);
	free(med);
}

/* The rows of one grouping, under its heading. */
static void
h_sa_groups(struct ctx *ctx, struct reply *reply, int64_t id,
    enum announce_by by, const char *heading)
{
	struct announce_figures	*f;
	size_t			 n, i;
	char			*key, *label;

	f = q_announce_figures(ctx->db, id, by, &n);
	if (n == 0)
		return;
	h_say(ctx, reply, heading, NULL);
	for (i = 0; i < n; i++) {
		if (by == ANNOUNCE_BY_LEVEL && *f[i].group != '\0') {
			xasprintf(&key, "level.%s", f[i].group);
			label = msgcat_raw(ctx->msg, ctx->lang, key) != NULL ?
			    h_msg(ctx, key, NULL) : xstrdup(f[i].group);
			free(key);
		} else
			label = *f[i].group != '\0' ? xstrdup(f[i].group) :
			    h_msg(ctx, "announce.group_none", NULL);
		h_sa_line(ctx, reply, "announce.stats_group", label, &f[i]);
		free(label);
	}
	announce_figures_free(f, n);
}

static void
h_sa_failures(struct ctx *ctx, struct reply *reply, int64_t id)
{
	char	**reasons, c[16];
	int	 *counts;
	size_t	  n, i;

	if (q_announce_failures(ctx->db, id, &reasons, &counts, &n) != 0)
		return;
	for (i = 0; i < n; i++) {
		snprintf(c, sizeof c, "%d", counts[i]);
		h_say(ctx, reply, "announce.stats_failure", "reason",
		    reasons[i], "n", c, NULL);
		free(reasons[i]);
	}
	free(reasons);
	free(counts);
}

/* The figures of one announcement. */
static enum h_ret
h_sa_one(struct ctx *ctx, const struct announcement *a, struct reply *reply)
{
	struct announce_figures	*f;
	size_t			 n;
	char			 id[32];

	snprintf(id, sizeof id, "%lld", (long long)a->id);
	h_say(ctx, reply, "announce.stats_head", "id", id, "title", a->title,
	    NULL);
	f = q_announce_figures(ctx->db, a->id, ANNOUNCE_BY_ALL, &n);
	if (n == 0) {
		h_say(ctx, reply, "announce.stats_none", NULL);
		return H_OK;
	}
	h_sa_line(ctx, reply, "announce.stats_total", "", &f[0]);
	announce_figures_free(f, n);
	h_sa_failures(ctx, reply, a->id);
	h_sa_groups(ctx, reply, a->id, ANNOUNCE_BY_DEPARTMENT,
	    "announce.stats_by_department");
	h_sa_groups(ctx, reply, a->id, ANNOUNCE_BY_LEVEL,
	    "announce.stats_by_level");
	return H_OK;
}

/* The latest announcements that went out, a line each. */
static enum h_ret
h_sa_latest(struct ctx *ctx, struct reply *reply)
{
	struct announcement	*a;
	struct announce_figures	*f;
	size_t			 n, nf, i, shown = 0;
	char			*label;

	a = q_announce_list(ctx->db, 50, &n);
	for (i = 0; i < n && shown < H_SA_LATEST; i++) {
		if (strcmp(a[i].status, "sent") != 0)
			continue;
		f = q_announce_figures(ctx->db, a[i].id, ANNOUNCE_BY_ALL, &nf);
		xasprintf(&label, "#%lld %s", (long long)a[i].id,
		    a[i].title);
		if (nf == 1) {
			if (shown++ == 0)
				h_say(ctx, reply, "announce.stats_latest",
				    NULL);
			h_sa_line(ctx, reply, "announce.stats_group", label,
			    &f[0]);
		}
		free(label);
		announce_figures_free(f, nf);
	}
	if (shown == 0)
		h_say(ctx, reply, "announce.stats_none", NULL);
	announcement_array_free(a, n);
	return H_OK;
}

/*
 * The "announce" view of `stats` (role hr, checked by the stats command):
 * rest is empty or an announcement id.
 */
enum h_ret
stats_announce(struct ctx *ctx, const char *rest, struct reply *reply)
{
	struct announcement	*a;
	char			*norm, *p, *end;
	long long		 id;
	enum h_ret		 ret;

	rest = text_skip_space(rest != NULL ? rest : "");
	if (*rest == '\0')
		return h_sa_latest(ctx, reply);
	norm = text_norm_token(rest);
	p = norm + (*norm == '#');
	id = strtoll(p, &end, 10);
	a = end != p && *end == '\0' && id > 0 ? q_announce_get(ctx->db, id) :
	    NULL;
	free(norm);
	if (a == NULL) {
		h_say(ctx, reply, "announce.not_found", "id", rest, NULL);
		return H_OK;
	}
	ret = h_sa_one(ctx, a, reply);
	announcement_free(a);
	return ret;
}
