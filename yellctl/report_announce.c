/*
 * report_announce.c: `yellctl report announcements [ID] --format csv|json`,
 * how far each announcement that went out reached: per announcement a
 * total row, then a row per department and per job level (columns in
 * README.md).  Rows are written as they are read; only aggregates, no
 * one's name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

static const struct report_col ra_cols[] = {
	{ "announcement_id", true },
	{ "title", false },
	{ "sent_at", false },
	{ "group_by", false },
	{ "group", false },
	{ "targeted", true },
	{ "delivered", true },
	{ "failed", true },
	{ "acknowledged", true },
	{ "median_ack_minutes", true },
	{ "failure_reasons", false },
};
#define RA_NCOLS	(sizeof ra_cols / sizeof ra_cols[0])

/* "reason (n); reason (n)" for the total row (caller frees), or NULL. */
static char *
ra_reasons(struct yellctl *y, int64_t id)
{
	struct buf	  b;
	char		**reasons;
	int		 *counts;
	size_t		  n, i;

	if (q_announce_failures(y->db, id, &reasons, &counts, &n) != 0 ||
	    n == 0)
		return NULL;
	buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		buf_printf(&b, "%s%s (%d)", i > 0 ? "; " : "", reasons[i],
		    counts[i]);
		free(reasons[i]);
	}
	free(reasons);
	free(counts);
	return buf_steal(&b);
}

/* The rows of one announcement. */
static void
ra_announcement(struct yellctl *y, struct report *r,
    const struct announcement *a)
{
	static const char *const by_name[] = { "all", "department",
	    "job_level" };
	struct announce_figures	*f;
	const char		*cells[RA_NCOLS];
	char			 id[32], num[5][24], *sent, *reasons;
	size_t			 n, i, by;

	snprintf(id, sizeof id, "%lld", (long long)a->id);
	sent = clock_format_datetime(a->sent_at);
	reasons = ra_reasons(y, a->id);
	for (by = ANNOUNCE_BY_ALL; by <= ANNOUNCE_BY_LEVEL; by++) {
		f = q_announce_figures(y->db, a->id, (enum announce_by)by, &n);
		for (i = 0; i < n; i++) {
			snprintf(num[0], sizeof num[0], "%d", f[i].targeted);
			snprintf(num[1], sizeof num[1], "%d", f[i].delivered);
			snprintf(num[2], sizeof num[2], "%d", f[i].failed);
			snprintf(num[3], sizeof num[3], "%d",
			    f[i].acknowledged);
			snprintf(num[4], sizeof num[4], "%ld",
			    (f[i].median_ack + 59) / 60);
			cells[0] = id;
			cells[1] = a->title;
			cells[2] = sent;
			cells[3] = by_name[by];
			cells[4] = by == ANNOUNCE_BY_ALL ? NULL : f[i].group;
			cells[5] = num[0];
			cells[6] = num[1];
			cells[7] = num[2];
			cells[8] = num[3];
			cells[9] = f[i].median_ack < 0 ? NULL : num[4];
			cells[10] = by == ANNOUNCE_BY_ALL ? reasons : NULL;
			report_row(r, cells);
		}
		announce_figures_free(f, n);
	}
	free(reasons);
	free(sent);
}

int
yellctl_report_announcements(struct yellctl *y, int argc, char **argv)
{
	struct announcement	*a = NULL, *one = NULL;
	enum report_format	 format = REPORT_CSV;
	struct report		*r;
	long long		 want = 0;
	size_t			 n = 0, i;
	char			*end;
	int			 k, rc;

	for (k = 0; k < argc; k++) {
		if (strcmp(argv[k], "--format") == 0 && k + 1 < argc) {
			if (report_format_parse(argv[++k], &format) != 0) {
				fprintf(stderr, "yellctl: --format csv or "
				    "json\n");
				return EX_USAGE_;
			}
		} else if (want == 0 && (want = strtoll(argv[k], &end, 10)) >
		    0 && *end == '\0')
			continue;
		else {
			fprintf(stderr, "yellctl: report announcements: "
			    "unexpected %s\n", argv[k]);
			return EX_USAGE_;
		}
	}
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if (want > 0) {
		if ((one = q_announce_get(y->db, want)) == NULL) {
			fprintf(stderr, "yellctl: no announcement %lld\n",
			    want);
			return EX_DATAERR_;
		}
	} else
		a = q_announce_list(y->db, 100000, &n);
	r = report_open(stdout, format, ra_cols, RA_NCOLS);
	if (one != NULL && strcmp(one->status, "sent") == 0)
		ra_announcement(y, r, one);
	/* Oldest first, as a spreadsheet reads down. */
	for (i = n; i > 0; i--) {
		if (strcmp(a[i - 1].status, "sent") == 0)
			ra_announcement(y, r, &a[i - 1]);
	}
	rc = report_close(r) == 0 ? 0 : EX_SOFTWARE_;
	announcement_free(one);
	announcement_array_free(a, n);
	return rc;
}
