/*
 * ilist.c: the listing behind `received` and `sent`: a page of I-messages,
 * each whole with its tags and number, and this fiscal year's counts by
 * value.  Only the person's own messages are read (I-messages are private
 * to sender and recipient), and none withdrawn or hidden.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define H_ILIST_PAGE	5	/* I-messages a page */

/* One I-message of the list: a heading line, the text, the tags. */
static void
h_ilist_item(struct ctx *ctx, struct reply *reply, bool received,
    const struct imessage *m)
{
	char	*date, *tags, id[32];

	snprintf(id, sizeof id, "%lld", (long long)m->id);
	date = clock_format_date(m->created_at);
	h_say(ctx, reply, received ? "received.item" : "sent.item", "id", id,
	    "date", date, "who", received ? m->sender_name :
	    m->recipient_name, NULL);
	reply_add(reply, REPLY_TEXT, xstrdup(m->body));
	tags = h_imessage_tags(ctx, m->values);
	if (*tags != '\0')
		reply_add(reply, REPLY_CONTEXT, tags);
	else
		free(tags);
	if (m->thanked_at != 0)
		reply_add(reply, REPLY_CONTEXT, h_msg(ctx,
		    "received.item_thanked", NULL));
	free(date);
}

/* Reads "2", "２" or "page 2"; 1 for nothing or nonsense. */
static int
h_ilist_page_arg(const char *args)
{
	struct args	 a;
	char		*t, *end;
	long		 n = 1;

	args_parse(&a, args != NULL ? args : "");
	if (a.n > 0) {
		t = text_norm_token(a.v[a.n - 1].value);
		n = strtol(t, &end, 10);
		if (*end != '\0' || n < 1)
			n = 1;
		free(t);
	}
	args_clear(&a);
	return n > 100000 ? 100000 : (int)n;
}

static void
h_ilist_latest(struct ctx *ctx, struct reply *reply, bool received,
    int page)
{
	struct imessage	*m;
	size_t		 n, i;
	int		 total, pages;
	char		 p[16], ps[16], next[16];

	total = q_imessage_count(ctx->db, ctx->me->employee_id, received, 0,
	    (time_t)INT64_MAX);
	if (total <= 0) {
		/* Never invite someone the roll-out does not let send yet. */
		h_say(ctx, reply, received ? "received.none" :
		    h_imessage_may_send(ctx, ctx->me) ? "sent.none" :
		    "sent.none_not_yet", NULL);
		return;
	}
	pages = (total + H_ILIST_PAGE - 1) / H_ILIST_PAGE;
	if (page > pages)
		page = pages;
	m = q_imessage_page(ctx->db, ctx->me->employee_id, received,
	    (page - 1) * H_ILIST_PAGE, H_ILIST_PAGE, &n);
	snprintf(p, sizeof p, "%d", page);
	snprintf(ps, sizeof ps, "%d", pages);
	snprintf(next, sizeof next, "%d", page + 1);
	h_say(ctx, reply, received ? "received.title" : "sent.title", "page",
	    p, "pages", ps, NULL);
	for (i = 0; i < n; i++)
		h_ilist_item(ctx, reply, received, &m[i]);
	reply_add(reply, REPLY_CONTEXT, h_msg(ctx, page < pages ?
	    (received ? "received.more" : "sent.more") : "received.end",
	    "next", next, NULL));
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
	h_ilist_latest(ctx, reply, received, 1);
	h_ilist_counts(ctx, reply, received);
}

/* This fiscal year's received counts by value, as `received` ends. */
void
h_ilist_values_line(struct ctx *ctx, struct reply *reply)
{
	h_ilist_counts(ctx, reply, true);
}

/* The same, at the page args names ("2"); the counts on the first only. */
void
h_ilist_page(struct ctx *ctx, struct reply *reply, bool received,
    const char *args)
{
	int	page = h_ilist_page_arg(args);

	h_ilist_latest(ctx, reply, received, page);
	if (page == 1)
		h_ilist_counts(ctx, reply, received);
}
