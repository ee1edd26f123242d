/*
 * stats_imessages.c: `stats imessages [YYYY-MM]`, HR's monthly figures of
 * the I-messages (a view of stats.c): the share of staff who sent and who
 * received at least one, by department and level, the cross-department
 * and upward shares, the share of whole I-messages and the value tags.
 * Aggregates only, never who sent what to whom; groups under
 * IMSTATS_MIN_GROUP people are suppressed where they are counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

/* "12.5%", or "-" of nothing. */
static void
h_imstats_pct(char *buf, size_t len, int part, int whole)
{
	if (whole <= 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f%%", 100.0 * part / whole);
}

/* The month named ("2024-06", "2024/6") or this one.  0 or -1. */
static int
h_imstats_month(struct ctx *ctx, const char *rest, int *y, int *m)
{
	struct tm	tm;
	char		*t;
	int		 n = 0;

	clock_local(ctx->now, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	if (*text_skip_space(rest) == '\0')
		return 0;
	t = text_norm_token(text_skip_space(rest));
	if ((sscanf(t, "%d-%d%n", y, m, &n) != 2 &&
	    sscanf(t, "%d/%d%n", y, m, &n) != 2) || t[n] != '\0' ||
	    *y < 2000 || *y > 2100 || *m < 1 || *m > 12)
		n = -1;
	free(t);
	return n < 0 ? -1 : 0;
}

static void
h_imstats_group(struct ctx *ctx, struct reply *reply,
    const struct imstats_group *g, const char *label)
{
	char	sent[16], recv[16], staff[16];

	if (g->suppressed) {
		h_say(ctx, reply, "stats.imessages_small", "group", label, NULL);
		return;
	}
	h_imstats_pct(sent, sizeof sent, g->senders, g->staff);
	h_imstats_pct(recv, sizeof recv, g->recipients, g->staff);
	snprintf(staff, sizeof staff, "%d", g->staff);
	h_say(ctx, reply, "stats.imessages_group", "group", label, "sent", sent,
	    "received", recv, "staff", staff, NULL);
}

static void
h_imstats_groups(struct ctx *ctx, struct reply *reply,
    const struct imstats *st)
{
	const char	*label;
	char		 key[96];
	size_t		 i;

	h_say(ctx, reply, "stats.imessages_by_department", NULL);
	for (i = 0; i < st->ndepartments; i++)
		h_imstats_group(ctx, reply, &st->departments[i],
		    *st->departments[i].name != '\0' ? st->departments[i].name :
		    "-");
	h_say(ctx, reply, "stats.imessages_by_level", NULL);
	for (i = 0; i < st->nlevels; i++) {
		snprintf(key, sizeof key, "level.%s", st->levels[i].name);
		label = msgcat_raw(ctx->msg, ctx->lang, key);
		h_imstats_group(ctx, reply, &st->levels[i], label != NULL &&
		    strcmp(label, key) != 0 ? label : *st->levels[i].name !=
		    '\0' ? st->levels[i].name : "-");
	}
}

static void
h_imstats_values(struct ctx *ctx, struct reply *reply,
    const struct imstats *st)
{
	const struct mvv_value	*v;
	struct buf		 b;
	size_t			 i;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (i = 0; i < st->nvalues; i++) {
		v = mvv_find_value(ctx->mvv, st->values[i].name);
		buf_printf(&b, "%s#%s ", b.len > 0 ? "  " : "", v == NULL ?
		    st->values[i].name : strcmp(ctx->lang, "en") == 0 ?
		    v->tag_en : v->tag);
		if (st->values[i].suppressed)
			buf_addstr(&b, "<5");
		else
			buf_printf(&b, "%d", st->values[i].senders);
	}
	h_say(ctx, reply, "stats.imessages_values", "values", b.len > 0 ?
	    b.data : "-", NULL);
	buf_free(&b);
}

enum h_ret
stats_imessages(struct ctx *ctx, const char *rest, struct reply *reply)
{
	struct imstats	 st;
	char		 month[16], sent[16], recv[16], cross[16], up[16],
			 whole[16], n[16];
	int		 y, m;

	if (h_imstats_month(ctx, rest, &y, &m) != 0) {
		h_say(ctx, reply, "stats.imessages_usage", NULL);
		return H_OK;
	}
	if (q_imessage_stats(ctx->db, clock_from_local(y, m, 1, 0, 0),
	    clock_from_local(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1, 0, 0),
	    &st) != 0)
		return H_ERROR;
	snprintf(month, sizeof month, "%04d-%02d", y, m);
	h_say(ctx, reply, "stats.imessages_title", "month", month, NULL);
	if (st.all.suppressed) {
		h_say(ctx, reply, "stats.imessages_small", "group", month, NULL);
		imstats_clear(&st);
		return H_OK;
	}
	h_imstats_pct(sent, sizeof sent, st.all.senders, st.all.staff);
	h_imstats_pct(recv, sizeof recv, st.all.recipients, st.all.staff);
	h_imstats_pct(cross, sizeof cross, st.cross_department, st.messages);
	h_imstats_pct(up, sizeof up, st.upward, st.messages);
	h_imstats_pct(whole, sizeof whole, st.complete, st.coached);
	snprintf(n, sizeof n, "%d", st.messages);
	h_say(ctx, reply, "stats.imessages_ward", "sent", sent, "received",
	    recv, "messages", n, "cross", cross, "upward", up, "complete",
	    whole, NULL);
	h_imstats_values(ctx, reply, &st);
	h_imstats_groups(ctx, reply, &st);
	reply_add(reply, REPLY_CONTEXT, h_msg(ctx, "stats.imessages_note",
	    NULL));
	imstats_clear(&st);
	return H_OK;
}
