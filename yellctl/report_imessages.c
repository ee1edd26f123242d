/*
 * report_imessages.c: `yellctl report imessages [--format csv|json]
 * [--fy YEAR]`, HR's I-message figures month by month of a fiscal year:
 * the ward, each department and job level (share of staff who sent and
 * who received at least one), and the value tags.  The rows come from
 * q_imessage_stats, which has already suppressed every group under five
 * people: such a row says suppressed and carries no numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

static const struct report_col yellctl_imr_cols[] = {
	{ "month", false }, { "dimension", false }, { "group", false },
	{ "staff", true }, { "sent_share", true }, { "received_share", true },
	{ "messages", true }, { "cross_department_share", true },
	{ "upward_share", true }, { "complete_share", true },
	{ "uses", true }, { "suppressed", true },
};
#define YELLCTL_IMR_NCOLS \
	(sizeof yellctl_imr_cols / sizeof yellctl_imr_cols[0])

/* A share as "0.125" into buf, or NULL of nothing. */
static const char *
yellctl_imr_share(char *buf, size_t len, int part, int whole)
{
	if (whole <= 0)
		return NULL;
	snprintf(buf, len, "%.4f", (double)part / whole);
	return buf;
}

/* One group's row (ward, department or level). */
static void
yellctl_imr_group(struct report *r, const char *month, const char *dim,
    const struct imstats_group *g, const struct imstats *st)
{
	const char	*cells[YELLCTL_IMR_NCOLS];
	char		 staff[16], sent[16], recv[16], n[16], cross[16],
			 up[16], whole[16];
	bool		 ward = strcmp(dim, "ward") == 0;

	memset(cells, 0, sizeof cells);
	cells[0] = month;
	cells[1] = dim;
	cells[2] = g->name != NULL ? g->name : "";
	cells[11] = g->suppressed ? "1" : "0";
	if (!g->suppressed) {
		snprintf(staff, sizeof staff, "%d", g->staff);
		cells[3] = staff;
		cells[4] = yellctl_imr_share(sent, sizeof sent, g->senders,
		    g->staff);
		cells[5] = yellctl_imr_share(recv, sizeof recv, g->recipients,
		    g->staff);
	}
	if (ward && !g->suppressed) {
		snprintf(n, sizeof n, "%d", st->messages);
		cells[6] = n;
		cells[7] = yellctl_imr_share(cross, sizeof cross,
		    st->cross_department, st->messages);
		cells[8] = yellctl_imr_share(up, sizeof up, st->upward,
		    st->messages);
		cells[9] = yellctl_imr_share(whole, sizeof whole, st->complete,
		    st->coached);
	}
	report_row(r, cells);
}

static void
yellctl_imr_value(struct report *r, const char *month,
    const struct imstats_group *v)
{
	const char	*cells[YELLCTL_IMR_NCOLS];
	char		 uses[16];

	memset(cells, 0, sizeof cells);
	cells[0] = month;
	cells[1] = "value";
	cells[2] = v->name;
	cells[11] = v->suppressed ? "1" : "0";
	if (!v->suppressed) {
		snprintf(uses, sizeof uses, "%d", v->senders);
		cells[10] = uses;
	}
	report_row(r, cells);
}

/* The rows of one month.  Returns 0 or -1. */
static int
yellctl_imr_month(struct yellctl *y, struct report *r, int year, int mon)
{
	struct imstats	st;
	char		month[16];
	size_t		i;

	if (q_imessage_stats(y->db, clock_from_local(year, mon, 1, 0, 0),
	    clock_from_local(mon == 12 ? year + 1 : year, mon % 12 + 1, 1, 0,
	    0), &st) != 0)
		return -1;
	snprintf(month, sizeof month, "%04d-%02d", year, mon);
	yellctl_imr_group(r, month, "ward", &st.all, &st);
	for (i = 0; i < st.ndepartments; i++)
		yellctl_imr_group(r, month, "department", &st.departments[i],
		    &st);
	for (i = 0; i < st.nlevels; i++)
		yellctl_imr_group(r, month, "job_level", &st.levels[i], &st);
	for (i = 0; i < st.nvalues; i++)
		yellctl_imr_value(r, month, &st.values[i]);
	imstats_clear(&st);
	return 0;
}

/* Reads [--format csv|json] [--fy YEAR].  Returns 0 or EX_USAGE_. */
static int
yellctl_imr_args(int argc, char **argv, enum report_format *fmt, int *fy)
{
	char	*end;
	int	 i;

	*fmt = REPORT_CSV;
	*fy = clock_fiscal_year(clock_now());
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if (report_format_parse(argv[++i], fmt) != 0) {
				fprintf(stderr, "yellctl: --format csv or "
				    "json, not \"%s\"\n", argv[i]);
				return EX_USAGE_;
			}
		} else if (strcmp(argv[i], "--fy") == 0 && i + 1 < argc) {
			*fy = (int)strtol(argv[++i], &end, 10);
			if (*end != '\0' || *fy < 2000 || *fy > 2100) {
				fprintf(stderr, "yellctl: --fy takes a fiscal "
				    "year such as 2024, not \"%s\"\n", argv[i]);
				return EX_USAGE_;
			}
		} else
			return EX_USAGE_;
	}
	return 0;
}

int
yellctl_report_imessages(struct yellctl *y, int argc, char **argv)
{
	enum report_format	 fmt;
	struct report		*r;
	int			 fy, m, rc;

	if ((rc = yellctl_imr_args(argc, argv, &fmt, &fy)) != 0)
		return rc;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	r = report_open(stdout, fmt, yellctl_imr_cols, YELLCTL_IMR_NCOLS);
	for (m = 0; m < 12 && rc == 0; m++) {
		if (yellctl_imr_month(y, r, m < 9 ? fy : fy + 1,
		    (m + 3) % 12 + 1) != 0) {
			fprintf(stderr, "yellctl: reading the figures failed\n");
			rc = EX_SOFTWARE_;
		}
	}
	if (report_close(r) != 0 && rc == 0)
		rc = EX_SOFTWARE_;
	return rc;
}
