/*
 * ilist.c: the listing behind `received` and `sent`: the latest ten
 * I-messages and this fiscal year's counts by value.  Only the person's own
 * messages are read; I-messages are private to sender and recipient.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_ILIST_LATEST	10
#define H_ILIST_PREVIEW	80	/* characters of each body shown */

static char *
h_ilist_preview(const char *body)
{
	size_t	 n;
	char	*s, *p;

	n = text_prefix_chars(body, H_ILIST_PREVIEW);
	if (body[n] == '\0')
		s = xstrdup(body);
	else
		xasprintf(&s, "%.*s…", (int)n, body);
	for (p = s; *p != '\0'; p++) {
		if (*p == '\n')
			*p = ' ';
	}
	return s;
}

static void
h_ilist_latest(struct ctx *ctx, struct reply *reply, bool received)
{
	struct imessage	*m;
	size_t		 n, i;
	char		*date, *preview;

	m = q_imessage_latest(ctx->db, ctx->me->employee_id, received,
	    H_ILIST_LATEST, &n);
	if (n == 0) {
		/* Never invite someone the roll-out does not let send yet. */
		h_say(ctx, reply, received ? "received.none" :
		    ctx->cfg->imessage_senders == CFG_SENDERS_ALL ||
		    staff_is_manager(ctx->me) ? "sent.none" :
		    "sent.none_not_yet", NULL);
		imessage_array_free(m, n);
		return;
	}
	h_say(ctx, reply, received ? "received.title" : "sent.title", NULL);
	for (i = 0; i < n; i++) {
		date = clock_format_date(m[i].created_at);
		preview = h_ilist_preview(m[i].body);
		h_say(ctx, reply, received ? "received.item" : "sent.item",
		    "date", date, "who", received ? m[i].sender_name :
		    m[i].recipient_name, "body", preview, NULL);
		free(date);
		free(preview);
	}
	imessage_array_free(m, n);
}

/* "#たすけあエール 3  #攻守混同 1", in the order of the MVV file. */
static void
h_ilist_by_value(struct ctx *ctx, struct buf *b, char **ids, int *counts,
    size_t n)
{
	const struct mvv_value	*v;
	size_t			 i, j;

	for (i = 0; i < ctx->mvv->nvalues; i++) {
		v = &ctx->mvv->values[i];
		for (j = 0; j < n && strcmp(ids[j], v->id) != 0; j++)
			;
		if (j < n)
			buf_printf(b, "%s#%s %d", b->len > 0 ? "  " : "",
			    strcmp(ctx->lang, "en") == 0 ? v->tag_en : v->tag,
			    counts[j]);
	}
	if (b->len == 0)
		buf_addstr(b, "-");
}

static void
h_ilist_counts(struct ctx *ctx, struct reply *reply, bool received)
{
	struct buf	 b;
	time_t		 from, to;
	char		**ids, fy[16], reiwa[16], total[16];
	int		*counts, all, year = clock_fiscal_year(ctx->now);
	size_t		 n, i;

	clock_fiscal_bounds(year, &from, &to);
	snprintf(fy, sizeof fy, "%d", year);
	snprintf(reiwa, sizeof reiwa, "%d", year - 2018);	/* 令和 era */
	all = q_imessage_count(ctx->db, ctx->me->employee_id, received, from,
	    to);
	snprintf(total, sizeof total, "%d", all < 0 ? 0 : all);
	if (q_imessage_count_values(ctx->db, ctx->me->employee_id, received,
	    from, to, &ids, &counts, &n) != 0)
		return;
	buf_init(&b, 0);
	buf_add(&b, "", 0);
	h_ilist_by_value(ctx, &b, ids, counts, n);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(counts);
	h_say(ctx, reply, received ? "received.fy" : "sent.fy", "fy", fy,
	    "reiwa", reiwa, "total", total, "values", b.data, NULL);
	buf_free(&b);
}

/* Adds the person's latest I-messages and this year's counts to reply. */
void
h_ilist(struct ctx *ctx, struct reply *reply, bool received)
{
	h_ilist_latest(ctx, reply, received);
	h_ilist_counts(ctx, reply, received);
}
